"""The article body of an HTML page: trafilatura's extraction, cleaned by general rules.

trafilatura gives a small XML tree (``<p>``, ``<head>``, ``<list>``, ``<quote>``, ``<table>``);
we turn it into paragraphs and subheadings, then apply rules that hold on any site:

* the headline repeated at the top of the body is dropped (it is the title, not the body);
* paragraphs that are an image caption found in ``<figcaption>``/JSON-LD are dropped (captions
  are kept apart, with their credits);
* when the page's JSON-LD ``articleBody`` is present, it arbitrates: if it contains nearly all
  of the extracted text but the extraction also kept lines it lacks, those lines are boilerplate
  and go; if the extraction found only a part of a much longer ``articleBody``, the
  ``articleBody`` replaces it (the extractor missed a split or lazy-loaded body);
* text from gallery/slideshow boxes, embeds (tweets, video players), fact and author boxes,
  slide captions numbered "k/N", a comment section, "Read also:" teasers, calls to action
  (newsletter, affiliate note) and lines repeated 3+ times (placeholders, credits) go to
  boilerplate;
* the standfirst (dek) the page prints and states as a description is put back when the
  extraction lost it (never a description that is a photo caption).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from lxml.etree import _Element
from lxml.html import HtmlElement
from trafilatura import bare_extraction

from newsprism.ingest import html_rules
from newsprism.ingest.html_meta import PageMeta, split_copyright
from newsprism.ingest.html_xpaths import (
    AUTHOR_BOX_CLASS_WORDS,
    CAPTION_CLASS_WORDS,
    EMBED_CLASS_WORDS,
    FACTBOX_CLASS_WORDS,
    GALLERY_CLASS_WORDS,
    LONG_P_CANDIDATES,
    PICTURE_CLASS_WORDS,
    STANDFIRST_CANDIDATES,
)
from newsprism.ingest.htmlfrag import split_credit
from newsprism.models import Caption, Subheading

# trafilatura settings chosen on the extraction-dev set (bench/extraction.py): favouring recall
# scores best there and is faster (it skips the precision-oriented second pass).
TRAFILATURA_OPTIONS: dict[str, object] = {
    "favor_recall": True,
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_formatting": False,
    "include_links": False,
    "with_metadata": False,
    "deduplicate": False,
}

_WORD = re.compile(r"\w+")
_HEADINGS = {"head", "h1", "h2", "h3", "h4", "h5", "h6"}
_SKIP = {"graphic", "lb", "br", "img", "figure", "script", "style"}
# Elements that start a new block when found inside another element.
_CONTAINER_BLOCKS = _HEADINGS | {
    "p", "list", "ul", "ol", "dl", "quote", "blockquote", "table", "code", "pre", "div",
    "section", "article", "item", "li", "main", "aside", "header", "footer", "figure",
}
_BLOCK_TAGS = _CONTAINER_BLOCKS | {"row", "cell", "tr", "td", "th"}


@dataclass(slots=True)
class Body:
    """Paragraphs and subheadings in reading order, and where each decision came from."""

    paragraphs: list[str] = field(default_factory=list)
    subheadings: list[Subheading] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)
    # Captions found only by the body rules (picture boxes, not <figcaption>/JSON-LD).
    captions: list[Caption] = field(default_factory=list)
    source: str = "trafilatura"

    def text(self) -> str:
        """Subheadings and paragraphs in order, separated by blank lines."""
        parts: list[str] = []
        heads: dict[int, list[str]] = {}
        for sub in self.subheadings:
            heads.setdefault(sub.before, []).append(sub.text)
        for i, paragraph in enumerate(self.paragraphs):
            parts.extend(heads.pop(i, []))
            parts.append(paragraph)
        for rest in heads.values():
            parts.extend(rest)
        return "\n\n".join(parts)


def extract_body(tree: HtmlElement, *, url: str | None, meta: PageMeta) -> Body:
    """The body of the page ``tree`` (not modified); empty when no article text is found."""
    body = _trafilatura(tree, url, TRAFILATURA_OPTIONS)
    if "second-pass" in RULES:
        # Recall mode sometimes stops at the first of several body containers (an ad splits
        # the story). When the extraction misses most of the page's long paragraphs, the
        # default mode (which cross-checks with readability/jusText) gets another try.
        mass = _long_paragraphs(tree)
        if sum(mass.values()) >= 200 and _contained(mass, _shingles(body.text())) < 0.2:
            retry = _trafilatura(tree, url, {**TRAFILATURA_OPTIONS, "favor_recall": False})
            if _contained(mass, _shingles(retry.text())) >= 0.5:
                body = retry
    _drop_title(body, [meta.title or ""] + (meta.title_variants if "titles" in RULES else []))
    boxes = _scan_boxes(tree)
    _drop_captions(body, meta, boxes if "captions" in RULES else _Boxes(), tree)
    if RULES & {"galleries", "embeds", "factboxes", "authorboxes", "cards"}:
        _drop_gallery_text(body, boxes.galleries)
    if "tail" in RULES:
        _cut_tail(body)
    if "comments" in RULES:
        _cut_comments(body)
    if RULES & {"chrome", "dates", "bylines", "teasers", "credits", "calls"}:
        _remove(body, _is_chrome)
    if "repeats" in RULES:
        _drop_repeats(body)
    if "slides" in RULES:
        _drop_slide_counters(body)
    if meta.article_body:
        _arbitrate_with_article_body(body, meta.article_body)
    if "standfirst" in RULES:
        _add_standfirst(body, tree, meta)
    return body


def _add_standfirst(body: Body, tree: HtmlElement, meta: PageMeta) -> None:
    """Put back the standfirst (dek) the page shows above the story when the extraction lost it.

    The page's description is part of the article only when it is also printed in the page as
    its own element (not only in ``<meta>``), outside navigation, footers and figure captions.
    Each description the page states is tried: a CMS may fill JSON-LD's with the lead photo's
    caption and og:description with the dek, and a caption never becomes body text.
    """
    if not body.paragraphs:
        return
    captions = Counter[tuple[str, ...]]()
    for caption in meta.captions:
        captions.update(_shingles(caption.text))
    descriptions = meta.description_variants or [meta.description or ""]
    for description in descriptions:
        description = _undoubled(description)
        dek = _shingles(description)
        if len(_WORD.findall(description)) < 8 or _contained(dek, captions) >= 0.8:
            continue
        if _contained(dek, _shingles(body.text())) >= 0.8:
            return
        text = _printed_standfirst(tree, description, dek)
        for title in (meta.title, *meta.title_variants):
            # The element may be the heading block: headline + dek.
            if text and title and text.startswith(title) and len(text) > len(title):
                text = text[len(title):].strip()
        if text and _contained(_shingles(text), _shingles(body.text())) >= 0.8:
            return  # the printed dek, edited from the description, is in the body already
        if text:
            body.paragraphs.insert(0, text)
            body.subheadings = [Subheading(text=s.text, before=s.before + 1)
                                for s in body.subheadings]
            return


def _printed_standfirst(
    tree: HtmlElement, description: str, dek: Counter[tuple[str, ...]]
) -> str | None:
    """The element printing ``description``, found by its first six words or else, as XPath's
    normalize-space() leaves no-break spaces alone ("29&nbsp;août"), by its longest early word."""
    words = description.split()
    for probe in (" ".join(words[:6]), max(words[:8], key=len)):
        candidates = STANDFIRST_CANDIDATES(tree, probe=probe)
        for element in candidates:
            text = _clean(element.text_content())
            if (len(text) <= 1.5 * len(_clean(description))
                    and _contained(dek, _shingles(text)) >= 0.8):
                return text
            if _same_words(text, description):
                return text
        if candidates:
            return None  # printed, but not as its own element
    return None


def _undoubled(text: str) -> str:
    """A description a CMS wrote twice in a row ("Er galt als ... tot. Er galt als ... tot.")."""
    words = text.split()
    half = len(words) // 2
    if half and len(words) % 2 == 0 and words[:half] == words[half:]:
        return " ".join(words[:half])
    return text


def _same_words(text: str, description: str) -> bool:
    """The same sentence edited by a word or two: a description trimmed for the search snippet
    ("Angehörige der drusischen Minderheit haben ..." printed as "... Minderheit in Syrien
    haben ...") shares few 4-word shingles with the printed dek, but nearly all its words."""
    ours, theirs = Counter(_WORD.findall(text.lower())), Counter(_WORD.findall(description.lower()))
    if sum(theirs.values()) < 8:
        return False
    common = sum((ours & theirs).values())
    return (common >= SAME_WORDS * sum(theirs.values())
            and common >= SAME_WORDS * sum(ours.values()))


SAME_WORDS = 0.85


# The general rules applied after trafilatura (a set, so the bench can ablate them).
RULES = {"tail", "chrome", "second-pass", "standfirst", "titles", "galleries", "comments",
         "teasers", "repeats", "embeds", "calls", "slides", "captions", "factboxes",
         "authorboxes", "cards"}


def _trafilatura(tree: HtmlElement, url: str | None, options: dict[str, object]) -> Body:
    result = bare_extraction(tree, url=url, **options)  # type: ignore[arg-type]
    body = Body()
    if result is not None and result.body is not None:
        _walk(result.body, body)
    return body


def _long_paragraphs(tree: HtmlElement) -> Counter[tuple[str, ...]]:
    """Shingles of the page's long ``<p>`` texts outside nav/aside/footer: the likely body."""
    texts = [p.text_content() for p in LONG_P_CANDIDATES(tree)]
    return _shingles("\n".join(t for t in texts if len(_WORD.findall(t)) >= 20))


def _is_chrome(line: str) -> bool:
    return (("chrome" in RULES and html_rules.is_chrome(line))
            or ("dates" in RULES and html_rules.is_date_line(line))
            or ("bylines" in RULES and html_rules.is_byline(line))
            or ("teasers" in RULES and html_rules.is_teaser(line))
            or ("calls" in RULES and html_rules.is_call_to_action(line))
            or ("credits" in RULES and html_rules.is_credit(line)))


def _cut_comments(body: Body) -> None:
    """Drop the comment section: its opening line and all after it.

    The marker must come after most of the story's start (>= 100 words and a third of the text
    before it): "941 comments" next to the headline is a counter, not the section.
    """
    words = [len(_WORD.findall(p)) for p in body.paragraphs]
    total = sum(words)
    heads: dict[int, list[str]] = {}
    for sub in body.subheadings:
        heads.setdefault(sub.before, []).append(sub.text)
    before = 0
    for i, paragraph in enumerate(body.paragraphs):
        if before >= 100 and before >= total * COMMENTS_AFTER:
            if any(html_rules.is_comments_marker(h) for h in heads.get(i, [])):
                _cut_at(body, i)
                return
            if html_rules.is_comments_marker(paragraph):
                _cut_at(body, i)
                return
        before += words[i]


def _cut_at(body: Body, i: int) -> None:
    """Move paragraph ``i``, all after it and the subheadings before them, to boilerplate."""
    body.boilerplate.extend([s.text for s in body.subheadings if s.before >= i]
                            + body.paragraphs[i:])
    body.paragraphs = body.paragraphs[:i]
    body.subheadings = [s for s in body.subheadings if s.before < i]


def _drop_repeats(body: Body) -> None:
    """Drop lines the body repeats 3+ times verbatim: embed placeholders ("external content not
    available" + consent note), a photographer's credit under every picture. One- and two-word
    lines (code identifiers, "Directions") are left alone. Of a paragraph of 8+ words printed
    twice or more, only the first copy stays."""
    counts = Counter(_key(p) for p in body.paragraphs)
    repeated = {k for k, n in counts.items() if n >= REPEATS and 3 <= len(k.split()) <= 40}
    if repeated:
        _remove(body, lambda p: _key(p) in repeated)
    # A story never prints the same long paragraph twice: a second copy is a pull quote, a
    # mobile/desktop twin of the block or a caption quoting the text. The first copy stays.
    seen: set[str] = set()

    def is_second_copy(paragraph: str) -> bool:
        key = _key(paragraph)
        if len(key.split()) < 8:
            return False
        if key in seen:
            return True
        seen.add(key)
        return False

    _remove(body, is_second_copy)


REPEATS = 3

# "3/50 Star Wars boosts economy": the counter a slideshow prints on each slide's caption.
_SLIDE_COUNTER = re.compile(r"^(\d{1,3})\s*/\s*(\d{1,3})\s+\S")


def _drop_slide_counters(body: Body) -> None:
    """Drop slideshow captions: 3+ lines numbered k/N with one N, every k different and <= N.

    A recipe's "1/2 cup cream" and "1/4 cup water" are fractions, not a count: their
    denominators differ or their numerators repeat.
    """
    numbers: dict[str, list[int]] = {}
    for line in body.paragraphs + [s.text for s in body.subheadings]:
        match = _SLIDE_COUNTER.match(line)
        if match:
            numbers.setdefault(match.group(2), []).append(int(match.group(1)))
    slideshows = {n for n, ks in numbers.items()
                  if len(ks) >= 3 and len(set(ks)) == len(ks) and max(ks) <= int(n)}
    if not slideshows:
        return

    def is_slide(line: str) -> bool:
        match = _SLIDE_COUNTER.match(line)
        return bool(match and match.group(2) in slideshows)

    body.boilerplate.extend(s.text for s in body.subheadings if is_slide(s.text))
    body.subheadings = [s for s in body.subheadings if not is_slide(s.text)]
    _remove(body, is_slide)
COMMENTS_AFTER = 1 / 3


def _box_words() -> tuple[str, ...]:
    return GALLERY_CLASS_WORDS + (EMBED_CLASS_WORDS if "embeds" in RULES else ())


@dataclass(slots=True)
class _Boxes:
    """What the page's class/id names mark: gallery/embed boxes and picture captions."""

    galleries: list[HtmlElement] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    caption_elements: list[HtmlElement] = field(default_factory=list)


def _scan_boxes(tree: HtmlElement) -> _Boxes:
    """One pass over the page (an XPath translate() over every element costs ~10 ms on a big
    page): the outermost gallery/slideshow/carousel/embed, fact and author boxes, and the text
    of caption elements and of picture boxes (an element named image/photo/picture holding an
    <img>)."""
    boxes = _Boxes()
    inside: set[HtmlElement] = set()
    gallery = _any_of(_box_words())
    fact = _any_of((FACTBOX_CLASS_WORDS if "factboxes" in RULES else ())
                   + (AUTHOR_BOX_CLASS_WORDS if "authorboxes" in RULES else ()))
    caption = _any_of(CAPTION_CLASS_WORDS)
    candidates: list[HtmlElement] = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in _NO_BOX:
            continue
        names = _names(element)
        if len(names) < 3:
            continue
        if gallery.search(names) or (element.tag != "table" and fact.search(
                _HAVING.sub(" ", names))):
            if not any(a in inside for a in element.iterancestors()):
                boxes.galleries.append(element)
            inside.add(element)
        if caption.search(names):
            candidates.append(element)
    if "cards" in RULES:
        boxes.galleries.extend(_teaser_cards(tree))
    # Picture boxes: named ancestors of each <img> up to 3 block levels up (<picture>,
    # <source>, <span> and <a> wrappers do not count): the image's own box holds no text, the
    # widget around it holds the caption.
    for img in tree.iter("img"):
        level = 0
        for ancestor in img.iterancestors():
            if ancestor.tag in _NO_BOX:
                break
            if any(w in _names(ancestor) for w in PICTURE_CLASS_WORDS):
                candidates.append(ancestor)
            level += ancestor.tag not in _WRAPPERS
            if level >= 3:
                break
    for element in dict.fromkeys(candidates):
        text = _clean(element.text_content())
        if 4 <= len(text.split()) <= 80:
            boxes.captions.append(text)
            boxes.caption_elements.append(element)
    return boxes


# A class naming what an element holds, not what it is: "story-body--with-factbox",
# "has-author-box" is the story's container, with the box somewhere inside (that part of a
# class is not read; "author-box-with-photo" is still an author's box).
_HAVING = re.compile(r"(?:^|(?<=[-_\s]))(?:has|with)[-_]\S*")


@lru_cache(maxsize=16)
def _any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern finding any of ``words`` in a class/id string (a substring, as ``in``),
    instead of a test per word per element: the page's every element is looked at."""
    return re.compile("|".join(map(re.escape, words)) if words else r"(?!)")


def _teaser_cards(tree: HtmlElement) -> list[HtmlElement]:
    """``<article>`` elements inside another ``<article>`` that are a short link and nothing
    else: the card of another story ("Demografie / Berliner Geburtenrate auf Rekordtief") set
    between the paragraphs."""
    cards = []
    for element in tree.iter("article"):
        words = 0
        for text in element.itertext():  # stops early: an outer article may be the whole page
            words += len(text.split())
            if words > CARD_WORDS:
                break
        if not 0 < words <= CARD_WORDS:
            continue
        linked = sum(len(a.text_content().split()) for a in element.iter("a"))
        if linked >= CARD_LINKED * words and any(
                a.tag == "article" for a in element.iterancestors()):
            cards.append(element)
    return cards


CARD_WORDS = 40
CARD_LINKED = 0.75


def _names(element: HtmlElement) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}".lower()


_NO_BOX = {"html", "body", "article", "main", "img", "script", "style"}
_WRAPPERS = {"picture", "source", "span", "a", "noscript"}


def _drop_gallery_text(body: Body, galleries: list[HtmlElement]) -> None:
    """Drop paragraphs from a photo gallery/slideshow box, an embed (tweet, video player), a
    fact box or an author's box.

    When that would leave little of the extraction (under 200 words and under a tenth of it),
    the gallery is the story (a photo article) and nothing is dropped.
    """
    lines: set[str] = set()
    shingles: Counter[tuple[str, ...]] = Counter()
    for box in galleries:
        text = "\n".join(_clean(t) for t in box.itertext())
        shingles.update(_shingles(text))
        lines.update(_key(line) for line in text.split("\n") if line)
    if not lines:
        return

    def in_gallery(paragraph: str) -> bool:
        own = _shingles(paragraph)
        if sum(own.values()) < 4:
            return _key(paragraph) in lines
        return _contained(own, shingles) >= 0.8

    kept = [p for p in body.paragraphs if not in_gallery(p)]
    kept_words = sum(len(_WORD.findall(p)) for p in kept)
    # A story of 200+ words stands on its own however long the slideshow beside it.
    if kept_words >= 200 or (kept_words >= 100
                             and kept_words >= 0.1 * len(_WORD.findall(body.text()))):
        _remove(body, in_gallery)
        # The box's own heading ("Facts about ...") goes with it; a long "heading" is a caption
        # the extractor took for one, and a photo article's gallery keeps it.
        def box_heading(sub: Subheading) -> bool:
            return len(sub.text.split()) <= BOX_HEADING_WORDS and _key(sub.text) in lines

        body.boilerplate.extend(s.text for s in body.subheadings if box_heading(s))
        body.subheadings = [s for s in body.subheadings if not box_heading(s)]


BOX_HEADING_WORDS = 12


def _cut_tail(body: Body) -> None:
    """Drop a "more stories" block: a marker line in the second half and all that follows.

    Not when that would leave under ``TAIL_MIN_WORDS`` words: a two-line blog post followed by
    its "Related posts" is better kept whole than read as a page with no article.
    """
    half = len(body.paragraphs) // 2

    def enough_before(i: int) -> bool:
        return sum(len(_WORD.findall(p)) for p in body.paragraphs[:i]) >= TAIL_MIN_WORDS

    for sub in body.subheadings:
        if (sub.before >= max(half, 1) and html_rules.is_tail_marker(sub.text)
                and enough_before(sub.before)):
            body.boilerplate.extend([sub.text, *body.paragraphs[sub.before:]])
            body.paragraphs = body.paragraphs[:sub.before]
            body.subheadings = [s for s in body.subheadings if s.before < sub.before]
            return
    for i in range(max(half, 1), len(body.paragraphs)):
        if html_rules.is_tail_marker(body.paragraphs[i]) and enough_before(i):
            body.boilerplate.extend(body.paragraphs[i:])
            body.paragraphs = body.paragraphs[:i]
            body.subheadings = [s for s in body.subheadings if s.before <= i]
            return


TAIL_MIN_WORDS = 40  # html._MIN_WORDS_UNMARKED: less is not read as an article


# ----------------------------------------------------------------------------- XML -> blocks

def _clean(text: str) -> str:
    return " ".join(text.split())


def _lines(element: _Element) -> list[str]:
    """Text of one block, split where trafilatura kept a line break (``<lb/>``)."""
    chunks: list[str] = [_flat(element.text)]
    for child in element.iter():
        if child is element:
            continue
        if child.tag in ("lb", "br"):
            chunks.append("\n")
        elif child.text and child.tag not in _BLOCK_TAGS:
            chunks.append(_flat(child.text))
        if child.tail:
            chunks.append(_flat(child.tail))
    return [line for line in (_clean(part) for part in "".join(chunks).split("\n")) if line]


def _flat(text: str | None) -> str:
    """Source line breaks are only whitespace; ``<lb/>`` alone marks a break."""
    return (text or "").replace("\r", " ").replace("\n", " ")


def _walk(root: _Element, body: Body) -> None:
    """Blocks of trafilatura's output, which is flat XML, or nested HTML when a fallback won."""
    if root.text and _clean(root.text):
        body.paragraphs.append(_clean(root.text))
    for element in root:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _HEADINGS:
            text = _clean("".join(element.itertext()))
            if text:
                body.subheadings.append(Subheading(text=text, before=len(body.paragraphs)))
        elif tag in ("list", "ul", "ol", "dl"):
            for item in element:
                if isinstance(item.tag, str) and _has_blocks(item):
                    _walk(item, body)
                else:
                    body.paragraphs.extend(_lines(item))
        elif tag == "table":
            for row in element.iter("row", "tr"):
                cells = [_clean("".join(c.itertext())) for c in row.iter("cell", "td", "th")]
                text = " | ".join(c for c in cells if c)
                if text:
                    body.paragraphs.append(text)
        elif tag in _SKIP or not tag:
            pass
        elif _has_blocks(element):
            _walk(element, body)
        else:
            body.paragraphs.extend(_lines(element))
        if element.tail and _clean(element.tail):
            body.paragraphs.append(_clean(element.tail))


def _has_blocks(element: _Element) -> bool:
    return any(isinstance(c.tag, str) and c.tag in _CONTAINER_BLOCKS for c in element)


# ----------------------------------------------------------------------------- rules

def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _drop_title(body: Body, titles: list[str]) -> None:
    """Drop the headline (any of the page's title forms) wherever it repeats in the body."""
    # A headline is short; a long "title" (some pages put a photo caption in og:title) is not.
    keys = {_key(t) for t in titles if t and len(t.split()) <= 25}
    keys.discard("")
    if not keys:
        return
    body.subheadings = [s for s in body.subheadings if _key(s.text) not in keys]
    _remove(body, lambda p: _key(p) in keys)


def _drop_captions(body: Body, meta: PageMeta, boxes: _Boxes, tree: HtmlElement) -> None:
    """Drop paragraphs that are a caption (with or without its credit).

    Captions come from ``<figcaption>``/JSON-LD (``meta.captions``) and from the page's caption
    and picture boxes (class names such as "caption", "image-widget"; they join the article's
    captions). Some outlets caption a photo with a sentence of the story itself: a line the
    page also prints as a paragraph outside any caption box keeps one copy in the body.
    """
    keys: set[str] = set()
    for caption in meta.captions:
        keys.add(_key(caption.text))
        if caption.credit:
            keys.add(_key(f"{caption.text} {caption.credit}"))
    keys.discard("")
    boxed = [_shingles(text) for text in boxes.captions]
    masses = [sum(box.values()) for box in boxed]
    boxed_keys = {_key(text) for text in boxes.captions}
    every_box: Counter[tuple[str, ...]] = Counter()
    holding: dict[tuple[str, ...], list[int]] = {}  # shingle -> the boxes that hold it
    for index, box in enumerate(boxed):
        every_box.update(box)
        for shingle in box:
            holding.setdefault(shingle, []).append(index)

    def in_box(paragraph: str) -> bool:
        if _key(paragraph) in boxed_keys:
            return True
        own = _shingles(paragraph)
        words = sum(own.values())
        if words < 4 or _contained(own, every_box) < 0.9:  # cheap test first
            return False
        return any(_contained(own, boxed[b]) >= 0.9 and masses[b] <= 1.5 * words
                   for b in _boxes_that_may_hold(own, holding))

    matched = {p for p in body.paragraphs if _key(p) in keys or (boxed and in_box(p))}
    if not matched:
        return
    story = _story_keys(tree, boxes.caption_elements) if matched - {
        p for p in matched if _key(p) in keys} else set()
    seen: Counter[str] = Counter()

    def is_caption(paragraph: str) -> bool:
        if paragraph not in matched:
            return False
        key = _key(paragraph)
        seen[key] += 1
        return key not in story or seen[key] > 1

    _remove(body, is_caption)
    known = {_key(c.text) for c in meta.captions} | keys
    for paragraph in matched - set(body.paragraphs):
        text, credit = split_copyright(paragraph)
        if credit is None:
            text, credit = split_credit(paragraph)
        if _key(text) not in known and _key(paragraph) not in known:
            known.add(_key(text))
            body.captions.append(Caption(text=text, credit=credit))


def _boxes_that_may_hold(own: Counter[tuple[str, ...]],
                         holding: dict[tuple[str, ...], list[int]]) -> set[int]:
    """The boxes that may hold 90 % of ``own``'s shingles. Such a box misses under a tenth of
    them, so it holds one of the rarest shingles that together make up more than a tenth: only
    their boxes need comparing, not every box of the page (a gallery of 1,000 captioned pictures
    was quadratic, 4 s)."""
    total = sum(own.values())
    found: set[int] = set()
    missing = 0
    for shingle in sorted(own, key=lambda s: len(holding.get(s, ()))):
        found.update(holding.get(shingle, ()))
        missing += own[shingle]
        if 10 * missing > total:
            break
    return found


def _story_keys(tree: HtmlElement, caption_boxes: list[HtmlElement]) -> set[str]:
    """Keys of the page's ``<p>`` texts that are not inside a caption or picture box."""
    boxes = set(caption_boxes)
    return {_key(p.text_content()) for p in tree.iter("p")
            if p not in boxes and not any(a in boxes for a in p.iterancestors())}


def _remove(body: Body, is_bad: object) -> None:
    """Remove paragraphs for which ``is_bad`` is true, keeping subheading positions right."""
    kept: list[str] = []
    new_index: dict[int, int] = {}
    for i, paragraph in enumerate(body.paragraphs):
        new_index[i] = len(kept)
        if is_bad(paragraph):  # type: ignore[operator]
            body.boilerplate.append(paragraph)
        else:
            kept.append(paragraph)
    new_index[len(body.paragraphs)] = len(kept)
    body.subheadings = [Subheading(text=s.text, before=new_index.get(s.before, len(kept)))
                        for s in body.subheadings]
    body.paragraphs = kept


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    if len(words) < n:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


def _contained(part: Counter[tuple[str, ...]], whole: Counter[tuple[str, ...]]) -> float:
    total = sum(part.values())
    if not total:
        return 0.0
    return sum(min(c, whole.get(k, 0)) for k, c in part.items()) / total


def _arbitrate_with_article_body(body: Body, article_body: str) -> None:
    article_body = _strip_markup(article_body)
    ld = _shingles(article_body)
    extracted = _shingles(body.text())
    if not ld or sum(ld.values()) < 20:
        return  # a teaser, not a body
    ld_in_extracted = _contained(ld, extracted)
    extracted_in_ld = _contained(extracted, ld)
    ld_words, extracted_words = sum(ld.values()), sum(extracted.values())
    paragraphs = _paragraphs(article_body)
    if (len(body.paragraphs) <= 1 < len(paragraphs) and ld_in_extracted >= 0.9
            and extracted_in_ld >= 0.8):
        # Same text, but the extraction lost the paragraph breaks the articleBody has
        # (trafilatura itself falls back to articleBody as one block, markup and all).
        body.paragraphs, body.subheadings, body.source = paragraphs, [], "json-ld"
    elif ld_in_extracted >= 0.9 and extracted_in_ld < 0.97 and ld_words >= 0.5 * extracted_words:
        # The extraction holds the whole articleBody plus more: the extra lines are page chrome.
        # Subheadings are kept: JSON-LD bodies usually leave them out. So is the summary above
        # the story (a dek, key-point bullets): sentences before the first line the articleBody
        # has, which CMSs keep in a field of their own, not in articleBody.
        lacking = [_contained(_shingles(p), ld) < 0.5 for p in body.paragraphs]
        first = lacking.index(False) if False in lacking else len(lacking)
        summary = {p for p in body.paragraphs[:first] if _is_sentence(p)}
        _remove(body, lambda p: p not in summary and _contained(_shingles(p), ld) < 0.5)
        body.source = "trafilatura+json-ld"
    elif extracted_in_ld >= 0.9 and ld_in_extracted < 0.7 and ld_words > 1.3 * extracted_words:
        body.paragraphs, body.subheadings, body.source = paragraphs, [], "json-ld"


def _is_sentence(text: str) -> bool:
    """Eight words or more ending as a sentence ends: prose, not a label, date or credit."""
    return len(_WORD.findall(text)) >= 8 and text.rstrip().endswith((".", "!", "?", "…", "”", '"'))


def _paragraphs(text: str) -> list[str]:
    return [_clean(p) for p in re.split(r"\n\s*\n|\n", text) if _clean(p)]


# Some CMSs (Condé Nast's among them) fill articleBody with their Markdown source: links with
# URLs, *emphasis*, ``{: .small}`` attribute lists, ``+++feature`` directives, ``[#image: ...]``.
_MD_LINK = re.compile(r"\]\((?:https?:)?/")
_MD_ATTRIBUTES = re.compile(r"\{:[^{}\n]{0,200}\}")
_MD_DIRECTIVES = re.compile(r"\[#\w+:[^\[\]\n]{0,300}\]|(?<!\S)\+\+\+[\w-]*")


def _strip_markdown(text: str) -> str:
    """articleBody written in Markdown -> its text, line by line (a link keeps its words)."""
    if len(_MD_LINK.findall(text)) < 2:
        return text
    from newsprism.ingest.clipping import inline

    text = _MD_DIRECTIVES.sub(" ", _MD_ATTRIBUTES.sub("", text))
    return "\n".join(inline(line) for line in text.split("\n"))


def _strip_markup(text: str) -> str:
    text = _strip_markdown(text)
    if "<" not in text:
        return text
    from lxml.html import fragment_fromstring

    try:
        element = fragment_fromstring(text, create_parent="div")
    except Exception:  # noqa: BLE001 - not markup after all
        return text
    for br in element.iter("br", "p", "div", "li", "h2", "h3", "h4"):
        br.tail = "\n" + (br.tail or "")
    return element.text_content()
