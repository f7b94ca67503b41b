"""An HTML fragment (WordPress ``content.rendered``, a feed's ``content:encoded``) -> body blocks.

Readers that receive the article body as an HTML fragment rather than a whole page share this,
so Gutenberg markup, entities, empty paragraphs, figures, subheadings and "Related:" lines are
handled the same way everywhere. Whole pages go through trafilatura instead (``ingest/html``).

The walk is over the lxml tree: block elements (p, li, headings, figures, blockquotes) become
paragraphs, subheadings or captions; inline text between blocks becomes a paragraph of its own;
scripts, styles, iframes, embeds and ad containers are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.etree
import lxml.html

from newsprism.models import Caption, RelatedLink, Subheading

__all__ = ["Blocks", "fragment_to_blocks", "fragment_to_text", "split_credit", "looks_like_credit",
           "related_prefix", "is_boilerplate", "clean_text"]


@dataclass(slots=True)
class Blocks:
    """The body of a fragment split into what is article text and what is not."""

    paragraphs: list[str] = field(default_factory=list)
    subheadings: list[Subheading] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    related: list[RelatedLink] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)


# Elements whose content is never article text.
_DROP_TAGS = frozenset({
    "script", "style", "noscript", "iframe", "object", "embed", "video", "audio", "canvas",
    "svg", "form", "button", "input", "select", "textarea", "template", "map", "head", "title",
    "meta", "link", "nav", "aside", "footer",
})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_LISTS = frozenset({"ul", "ol"})
# Elements that start a new block; anything else is inline text.
_BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "header", "blockquote", "figure", "figcaption",
    "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "pre", "hr",
    "center", "details", "summary", "address", "picture", "body", "html",
}) | _HEADINGS | _DROP_TAGS
# Class names of containers that hold ads, share buttons or embeds, not article text.
_JUNK_CLASS = re.compile(
    r"(?:^|[\s_-])(?:ad|ads|adsbygoogle|advert\w*|sponsor\w*|sharedaddy|share-?\w*|social\w*|"
    r"addtoany|a2a_kit|newsletter\w*|screen-reader-text|wp-block-buttons|wp-block-embed\w*|"
    r"twitter-tweet|instagram-media|tiktok-embed|comments?)(?:$|[\s_-])",
    re.IGNORECASE,
)
_RELATED_CLASS = re.compile(r"jp-relatedposts|yarpp|related-posts?|crp_related", re.IGNORECASE)
_RELATED_PREFIX = re.compile(
    r"^\s*(?:related(?:\s+(?:articles?|stories|story|posts?|news|coverage|reading))?|"
    r"read\s+(?:more|also|next)|also\s+read|see\s+also|more\s+on\s+this(?:\s+story)?|"
    r"don['’]t\s+miss|recommended)\s*[:：|–—-]\s*",
    re.IGNORECASE,
)
# Short lines that are site furniture, not article text.
_BOILERPLATE = re.compile(
    r"^(?:the\s+post\s+.+\s+appeared\s+first\s+on\s+.+|advertisement|sponsored(?:\s+content)?|"
    r"share\s+this(?:\s+(?:article|story))?:?|like\s+this:?|related:?|"
    r"(?:follow\s+us|subscribe\s+(?:to|now|here|today)|sign\s+up\s+(?:for|to|here|now)|"
    r"click\s+here)\b.{0,120}|continue\s+reading.*|"
    r"(?:photo|image)\s+gallery)$",
    re.IGNORECASE,
)
# Trailing photo credits written into the caption text.
_CREDIT_LABEL = re.compile(
    r"(?:^|(?<=[\s.|–—-]))\(?\s*"
    r"(?:photo(?:graph)?s?|image|picture|pic|credit|foto|video|illustration)"
    r"(?:\s+credit)?\s*(?::|by\b)\s*(?P<credit>[^()]{2,120}?)\)?\s*$",
    re.IGNORECASE,
)
_CREDIT_PAREN = re.compile(r"\(\s*(?P<credit>[^()]{2,100}/[^()]{2,100})\s*\)\s*$")
_CREDIT_AGENCY = re.compile(
    r"\b(?:AFP|AP|Reuters|TASS|EPA|Getty|Xinhua|Anadolu|ANP|DPA|EFE|ANSA|Sputnik|RIA|Shutterstock|"
    r"Alamy|Bloomberg|Pool|Handout|Press|Photo|Images?|Agency|Agence|News|Wikimedia|Unsplash)\b"
    r"|/|©",
    re.IGNORECASE,
)
_WS = re.compile(r"\s+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def clean_text(text: str) -> str:
    """Collapse runs of whitespace (nbsp included) and drop zero-width characters."""
    return _WS.sub(" ", _INVISIBLE.sub("", text)).strip()


def related_prefix(text: str) -> re.Match[str] | None:
    """The "Related:" / "Read more:" prefix a paragraph starts with, if any."""
    return _RELATED_PREFIX.match(text)


def is_boilerplate(text: str) -> bool:
    """Whether a short line is site furniture ("Advertisement", "Share this", "The post ...")."""
    return len(text) < 200 and bool(_BOILERPLATE.match(clean_text(text)))


def looks_like_credit(text: str) -> bool:
    """Whether a short span reads like a photo credit ("Mikhail Metzel / TASS", "AFP")."""
    text = clean_text(text).strip("()[] ")
    if not text or len(text) > 90 or text[-1] in ".!?:" and not text.endswith("Inc."):
        return False
    words = text.split()
    if len(words) > 10:
        return False
    if _CREDIT_AGENCY.search(text):
        return True
    # A name: two to four capitalised words.
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words if w.isalpha())


def split_credit(text: str) -> tuple[str, str | None]:
    """Split a trailing credit ("Photo: X", "(X/Agency)") off a caption's text."""
    text = clean_text(text)
    for pattern in (_CREDIT_LABEL, _CREDIT_PAREN):
        match = pattern.search(text)
        if match:
            credit = match.group("credit").strip(" .|–—-")
            rest = text[: match.start()].rstrip(" |–—-:(")
            if credit:
                return rest, credit
    return text, None


def fragment_to_text(html: str) -> str:
    """Plain text of a small fragment (a title, an excerpt): entities decoded, tags dropped."""
    if not html or not html.strip():
        return ""
    if "<" not in html and "&" not in html:
        return clean_text(html)
    blocks = fragment_to_blocks(html)
    parts = [*blocks.paragraphs]
    if not parts:
        root = _parse(html)
        return clean_text(_inline_text(root)) if root is not None else ""
    return " ".join(parts)


def fragment_to_blocks(html: str) -> Blocks:
    """Split an HTML fragment into paragraphs, subheadings, captions, related links, boilerplate."""
    blocks = Blocks()
    root = _parse(html)
    if root is None:
        return blocks
    _Walker(blocks).block(root)
    return blocks


def _parse(html: str) -> lxml.html.HtmlElement | None:
    if not html or not html.strip():
        return None
    try:
        return lxml.html.fragment_fromstring(html, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return None


def _classes(el: lxml.html.HtmlElement) -> str:
    return (el.get("class") or "") + " " + (el.get("id") or "")


def _is_junk(el: lxml.html.HtmlElement) -> bool:
    if el.tag in _DROP_TAGS or el.tag == "ins":
        return True
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    return bool(_JUNK_CLASS.search(_classes(el)))


def _inline_text(el: lxml.html.HtmlElement, *, skip: frozenset[str] = frozenset()) -> str:
    """Text of an element, ``<br>`` as a space, dropped elements and comments skipped."""
    parts: list[str] = []

    def walk(node: lxml.html.HtmlElement) -> None:
        if node.text and isinstance(node.tag, str):
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                if child.tag == "br":
                    parts.append(" ")
                elif not (child.tag in skip or _is_junk(child)):
                    walk(child)
                    if child.tag in _BLOCK_TAGS:
                        parts.append(" ")
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return "".join(parts)


class _Walker:
    """Walks block elements in document order, filling one ``Blocks``."""

    def __init__(self, blocks: Blocks) -> None:
        self.out = blocks
        # Set after a "Related" / "Read more" heading: the list that follows is links.
        self.related_list_next = False

    # -- blocks ---------------------------------------------------------------------------
    def block(self, el: lxml.html.HtmlElement) -> None:
        """Handle a container: its own inline runs become paragraphs, block children recurse."""
        run: list[str] = []
        breaks = 0

        def flush() -> None:
            if run:
                self.paragraph_text("".join(run))
                run.clear()

        if el.text:
            run.append(el.text)
        for child in el:
            if not isinstance(child.tag, str):  # comment (Gutenberg block markers) or PI
                if child.tail:
                    run.append(child.tail)
                continue
            if child.tag == "br":
                breaks += 1
                # Two <br> in a row between inline runs separate paragraphs (pre-wpautop posts).
                if breaks >= 2:
                    flush()
                else:
                    run.append(" ")
            elif child.tag in _BLOCK_TAGS or child.tag == "ins":
                breaks = 0
                flush()
                self.element(child)
            else:
                breaks = 0
                if not _is_junk(child):
                    run.append(_inline_text(child))
            if child.tail:
                if child.tail.strip():
                    breaks = 0
                run.append(child.tail)
        flush()

    def element(self, el: lxml.html.HtmlElement) -> None:
        tag = el.tag
        classes = _classes(el)
        after_related_title, self.related_list_next = self.related_list_next, False
        if _RELATED_CLASS.search(classes) or (after_related_title and tag in _LISTS):
            self.related_box(el)
        elif _is_junk(el):
            text = clean_text(_inline_text(el))
            if text and tag not in _DROP_TAGS and el.tag != "ins":
                self.out.boilerplate.append(text)
        elif tag in _HEADINGS:
            self.heading(el)
        elif tag == "p":
            self.paragraph(el)
        elif tag in _LISTS:
            self.list_items(el)
        elif tag == "figure":
            self.figure(el)
        elif tag == "figcaption":
            self.caption(el)
        elif tag == "table":
            self.table(el)
        elif tag == "hr" or tag == "picture":
            return
        elif tag == "blockquote" and "pullquote" in classes:
            text = clean_text(_inline_text(el))
            if text:
                self.out.boilerplate.append(text)
        elif tag == "pre":
            text = clean_text(_inline_text(el))
            if text:
                self.out.paragraphs.append(text)
        else:  # div, section, blockquote, li outside a list, dl, ...
            self.block(el)

    def heading(self, el: lxml.html.HtmlElement) -> None:
        text = clean_text(_inline_text(el))
        if not text:
            return
        label = related_prefix(text + ":")
        if (label and label.end() > len(text)) or is_boilerplate(text):
            # "Related", "Read more", "Share this:": a box title, not a subheading.
            self.out.boilerplate.append(text)
            self.related_list_next = bool(label)
            return
        self.out.subheadings.append(Subheading(text=text, before=len(self.out.paragraphs)))

    def paragraph(self, el: lxml.html.HtmlElement) -> None:
        # A <p> that (invalidly, but it happens) holds block children is a container.
        if any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS and c.tag != "br" for c in el):
            self.block(el)
            return
        text = clean_text(_inline_text(el))
        if not text:
            return
        match = related_prefix(text)
        if match:
            self.related(el, text[match.end():])
            return
        if _is_credit_only_paragraph(el, text):
            self.attach_credit(text)
            return
        self.paragraph_text(text, element=el)

    def paragraph_text(self, text: str, element: lxml.html.HtmlElement | None = None) -> None:
        text = clean_text(text)
        if not text:
            return
        match = related_prefix(text)
        if match:
            self.related(element, text[match.end():])
        elif is_boilerplate(text):
            self.out.boilerplate.append(text)
        else:
            self.out.paragraphs.append(text)

    def list_items(self, el: lxml.html.HtmlElement) -> None:
        for item in el:
            if not isinstance(item.tag, str) or _is_junk(item):
                continue
            if item.tag == "li":
                nested = [c for c in item if isinstance(c.tag, str) and c.tag in _LISTS]
                text = clean_text(_inline_text(item, skip=_LISTS))
                if text:
                    self.paragraph_text(text, element=item)
                for sub in nested:
                    self.list_items(sub)
            else:
                self.element(item)

    def table(self, el: lxml.html.HtmlElement) -> None:
        for row in el.iter("tr"):
            cells = [clean_text(_inline_text(c)) for c in row if c.tag in ("td", "th")]
            text = " | ".join(c for c in cells if c)
            if text:
                self.out.paragraphs.append(text)

    # -- non-body blocks ------------------------------------------------------------------
    def figure(self, el: lxml.html.HtmlElement) -> None:
        classes = _classes(el)
        if "pullquote" in classes:
            text = clean_text(_inline_text(el))
            if text:
                self.out.boilerplate.append(text)
            return
        tables = [c for c in el if c.tag == "table"]
        quotes = [c for c in el if c.tag == "blockquote"]
        for table in tables:
            self.table(table)
        for quote in quotes:
            self.block(quote)
        captions = list(el.iter("figcaption"))
        for caption in captions:
            self.caption(caption)
        if not (captions or tables or quotes) and any(True for _ in el.iter("img", "picture")):
            # Themes that print the caption as bare text or a <p> inside the figure.
            self.caption(el)

    def caption(self, el: lxml.html.HtmlElement) -> None:
        credit: str | None = None
        skip: set[str] = set()
        cite = next(iter(el.iter("cite")), None)
        if cite is not None:
            credit = clean_text(_inline_text(cite)) or None
            skip.add("cite")
        else:
            trailing = _trailing_emphasis(el)
            if trailing is not None:
                candidate = clean_text(_inline_text(trailing))
                if looks_like_credit(candidate):
                    credit = candidate
                    trailing.drop_tree()
        text = clean_text(_inline_text(el, skip=frozenset(skip)))
        if credit is None:
            text, credit = split_credit(text)
        if credit:
            credit = re.sub(r"^(?:photo|credit|image)s?\s*(?::|by)\s*", "", credit, flags=re.I)
        if text or credit:
            self.out.captions.append(Caption(text=text, credit=credit or None))

    def attach_credit(self, credit: str) -> None:
        """A lone credit line right after a figure belongs to the last caption."""
        if self.out.captions and self.out.captions[-1].credit is None:
            last = self.out.captions[-1]
            self.out.captions[-1] = Caption(text=last.text, credit=credit)
        else:
            self.out.boilerplate.append(credit)

    def related(self, el: lxml.html.HtmlElement | None, rest: str) -> None:
        links = [a for a in el.iter("a")] if el is not None else []
        found = False
        for link in links:
            title = clean_text(_inline_text(link))
            if title and not related_prefix(title + ":"):
                self.out.related.append(RelatedLink(title=title, url=_href(link)))
                found = True
        if not found:
            title = clean_text(rest)
            if title:
                self.out.related.append(RelatedLink(title=title, url=None))

    def related_box(self, el: lxml.html.HtmlElement) -> None:
        for link in el.iter("a"):
            title = clean_text(_inline_text(link))
            if title:
                self.out.related.append(RelatedLink(title=title, url=_href(link)))


def _href(link: lxml.html.HtmlElement) -> str | None:
    href = (link.get("href") or "").strip()
    if not href or href.startswith("#") or href.lower().startswith("javascript:"):
        return None
    return href


def _trailing_emphasis(el: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The last child if it is a bold/small/em span with nothing but whitespace after it."""
    children = [c for c in el if isinstance(c.tag, str) and c.tag != "br"]
    if not children:
        return None
    last = children[-1]
    if last.tag not in ("strong", "b", "small", "em", "i", "span") or (last.tail or "").strip():
        return None
    if last.tag == "span" and "credit" not in _classes(last).lower():
        return None
    before = clean_text((el.text or "") + "".join(
        _inline_text(c) + (c.tail or "") for c in children[:-1]))
    return last if before else None


def _is_credit_only_paragraph(el: lxml.html.HtmlElement, text: str) -> bool:
    """A paragraph that is a single small/credit span (WordPress themes print credits so)."""
    children = [c for c in el if isinstance(c.tag, str)]
    if len(children) != 1 or (el.text or "").strip() or (children[0].tail or "").strip():
        return False
    only = children[0]
    if only.tag == "small" or "credit" in _classes(only).lower():
        return looks_like_credit(text) or text.lower().startswith(("photo", "credit", "image"))
    return False
