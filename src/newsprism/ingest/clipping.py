"""Scraped text/markdown clippings: a pasted or converted article like sample 000.

A clipping is a page flattened to markdown-ish text by a browser extension, a read-later tool or
a person: ``# title``, a "By" line, a date line, a photo caption ending in a bold credit,
"**Related article:**" lines, ``##`` subheadings, the body, and often an "Original url:" block
whose URL a line-wrapper broke in two. Conversion also breaks paragraphs mid-sentence; those are
joined back. This is the last reader tried: any prose in UTF-8 that no other reader took.

The text is cut into blocks at blank lines, each block classified (title, byline, date, caption,
related link, subheading, source URL, list, paragraph), then adjacent paragraph pieces that were
split mid-sentence are rejoined before the subheading positions are computed.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass

from charset_normalizer import from_bytes

from newsprism.errors import NoArticleError, ParseError
from newsprism.ingest.htmlfrag import (
    clean_text,
    is_boilerplate,
    looks_like_credit,
    related_prefix,
    split_credit,
)
from newsprism.models import Caption, RawArticle, RawDocument, RelatedLink, Subheading

NAME = "clipping"

_SNIFF_BYTES = 65536
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_TIME = (
    r"(?:(?:,|\s+at|\s*[-–|])?\s*\d{1,2}[:.]\d\d(?:[:.]\d\d)?\s*(?:[ap]\.?m\.?)?"
    r"(?:\s*[A-Z]{2,5}|\s*[+-]\d\d:?\d\d)?)?"
)
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_DATE = re.compile(
    r"^(?P<label>(?:published|updated|last\s+updated|modified|posted|date|first\s+published)"
    r"(?:\s+on)?\s*:?\s*)?"
    rf"(?P<date>{_WEEKDAY}(?:{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\.?\s+(?:of\s+)?{_MONTHS},?\s+\d{{4}}"
    r"|\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d)?(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?)?"
    rf"|\d{{1,2}}[./]\d{{1,2}}[./]\d{{4}}){_TIME})\s*$",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^(?:by|written\s+by|words\s+by|story\s+by|author|authors|von|par|por|di|door)\s*:?\s+"
    r"(?P<names>.+)$",
    re.IGNORECASE,
)
_BYLINE_ROLE = re.compile(
    r"\b(?:staff|writer|reporter|correspondent|editor|contributor|columnist|"
    r"for\s+the\s+\w+)\b",
    re.IGNORECASE,
)
_PARTICLES = frozenset({"de", "da", "di", "do", "du", "del", "della", "der", "den", "van", "von",
                        "la", "le", "al", "el", "bin", "ibn", "ben", "dos", "das", "y", "e", "zu"})
_SOURCE_LABEL = re.compile(
    r"^(?:original\s+(?:url|link|article|source)|source\s+(?:url|link)|source|url|link|"
    r"read\s+the\s+original(?:\s+article)?|clipped\s+from|saved\s+from)\s*:\s*",
    re.IGNORECASE,
)
_HEADING = re.compile(r"^(?P<marks>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
_SETEXT = re.compile(r"^(?:=+|-+)\s*$")
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+(?P<text>.+)$")
_IMAGE_ONLY = re.compile(r"^!\[(?P<alt>[^\[\]]{0,1000})\]\([^()]{0,2000}\)\s*$")
_TRAILING_BOLD = re.compile(r"^(?P<text>.*?\S)\s*(?:\*\*|__)(?P<credit>[^*_\n]+?)(?:\*\*|__)\s*$",
                            re.DOTALL)
_LINK = re.compile(r"\[(?P<text>[^\[\]]{0,1000})\]\((?P<url>[^()]{0,2000})\)")
_URL_START = re.compile(r"https?://", re.IGNORECASE)
_URL_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")
# Where a paragraph may end; anything else followed by a lowercase start is a broken paragraph.
_TERMINAL = tuple(".!?…:;\"”’»)]*")
# Lines of source code or configuration (a .py, .js, .toml or .ini file in a folder of
# clippings): statements, assignments, section headers, braces. Prose has almost none; a list
# item ("- a freeze on prices;") is prose, and so is a quoted handle ("@POTUS: ...").
_CODE_LINE = re.compile(
    r"""^(?!\s*(?:[-*•–]|\d{1,3}[.)])\s+[^\W\d_])
    \s*(?:(?:import|from\s+[\w.]+\s+import|def|class|return|elif|try:|except|async\s+def
    |package|func|fn|let|const|var|public|private|protected|static|void|using|namespace
    |\#include|\#define|\#!)\b
    |[\w.\-"']+\s*(?:=|\+=|:=)\s*\S
    |\[{1,2}[\w.\-"' ]+\]{1,2}\s*$
    |[}\])]+[;,]?\s*$
    |.*[{};]\s*$
    |.*\$[({]\w
    |(?:@[\w.]+(?![\w.:])|//|/\*|\*/|--\s))""", re.X)
_CODE_SHARE = 0.3
# Files no one saves an article in: a folder of clippings often holds a script or a config.
_CODE_SUFFIXES = frozenset({
    "py", "pyi", "js", "mjs", "ts", "css", "scss", "sh", "bash", "zsh", "ps1", "bat", "sql",
    "toml", "ini", "cfg", "conf", "yaml", "yml", "lock", "c", "h", "cc", "cpp", "hpp", "java",
    "kt", "go", "rs", "rb", "php", "pl", "r", "swift", "cs", "lua", "ipynb", "mk"})
_CODE_NAMES = frozenset({"makefile", "dockerfile", "gemfile", "procfile", "license", "copying"})

# Inline markdown, reduced to text in this order.
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~])")
_INLINE = (
    (re.compile(r"!\[([^\[\]]{0,1000})\]\([^()]{0,2000}\)"), ""),
    (re.compile(r"\[([^\[\]]{0,1000})\]\([^()]{0,2000}\)"), r"\1"),
    (re.compile(r"\[([^\[\]]{1,1000})\]\[[^\[\]]{0,100}\]"), r"\1"),
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),
    (re.compile(r"`([^`]{1,500})`"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.{1,1000}?)(?<=\S)\1", re.DOTALL), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.{1,500}?)(?<=\S)\*(?![\w*])", re.DOTALL), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)(.{1,500}?)(?<=\S)_(?![\w_])", re.DOTALL), r"\1"),
    (re.compile(r"~~(.{1,500}?)~~", re.DOTALL), r"\1"),
    (re.compile(r"\*\*|__"), ""),
)


def sniff(raw: RawDocument) -> bool:
    """Prose (UTF-8, else a legacy charset) that is not JSON, markup or WARC: a ``# `` title,
    markdown, or enough words."""
    text = _decode_head(raw.data[:_SNIFF_BYTES])
    if text is None:
        return False
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped or stripped[0] in "{<" or stripped.startswith("WARC/"):
        return False
    if stripped[0] == "[" and re.match(r"\[\s*(?:[\[{\"\]\d-]|true|false|null)", stripped):
        return False
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > len(text) / 200:
        return False
    if _code_file(raw.origin) or stripped.startswith("#!") or _code_like(stripped):
        return False
    words = re.findall(r"[^\W\d_]{2,}", text)
    if re.search(r"(?m)^#{1,6} \S", text) and words:
        return True
    if len(words) < 30:
        return False
    letters = sum(len(w) for w in words)
    visible = sum(1 for ch in text if not ch.isspace())
    return letters >= 0.6 * visible and not _tabular(text)


def _code_file(origin: str) -> bool:
    """A file name that says source code or configuration (``--format clipping`` still reads it)."""
    name = re.split(r"[/\\]", origin.split("?", 1)[0].rstrip("/"))[-1].lower()
    return name in _CODE_NAMES or name.rpartition(".")[2] in _CODE_SUFFIXES and "." in name


def _code_like(text: str) -> bool:
    """Source code or a config file: a share of its first lines are statements, not prose."""
    lines = [line for line in text.splitlines()[:200] if line.strip()]
    code = sum(1 for line in lines if _CODE_LINE.match(line))
    return len(lines) >= 3 and code >= _CODE_SHARE * len(lines)


def parse(raw: RawDocument, *, origin: str) -> Iterator[RawArticle]:
    """One clipping, one article."""
    text = _decode(raw.data, origin)
    article = parse_text(text)
    if not article.paragraphs:
        raise NoArticleError("the text holds no article paragraphs", source=origin)
    yield article


def parse_text(text: str) -> RawArticle:
    """The RawArticle of a clipping's text (exposed for tests and other readers)."""
    blocks = _blocks(text)
    article = RawArticle()
    items: list[_Item] = []
    header = True  # before the first body paragraph: where bylines and dates live
    index = 0
    while index < len(blocks):
        block = blocks[index]
        index += 1
        first = block[0].strip()
        joined = "\n".join(line.rstrip() for line in block).strip()

        heading = _HEADING.match(first) if len(block) == 1 else None
        if heading is None and len(block) == 2 and _SETEXT.match(block[1].strip()) and first:
            level = 1 if block[1].strip().startswith("=") else 2
            heading = _HEADING.match("#" * level + " " + first)
        if heading is not None:
            title = inline(heading.group("text"))
            if not title:
                continue
            if article.title is None and len(heading.group("marks")) == 1 and not items:
                article.title = title
                article.provenance["title"] = "text"
            else:
                items.append(_Item("subheading", title))
            continue

        if _RULE.match(joined):
            continue

        source = _SOURCE_LABEL.match(joined)
        if source:
            rest = joined[source.end():]
            if not rest.strip() and index < len(blocks):
                rest = "\n".join(blocks[index])
                url = _repair_url(rest)
                if url:
                    index += 1
            else:
                url = _repair_url(rest)
            if url:
                article.canonical_url = article.url = url
                article.provenance["canonical_url"] = article.provenance["url"] = "text"
                continue

        plain = inline(joined)
        if not plain:
            continue

        if header:
            if _take_byline(article, plain) or _take_date(article, plain):
                continue
            if article.title is None and not items and _looks_like_title(block, plain):
                article.title = plain
                article.provenance["title"] = "text"
                continue

        related = related_prefix(plain)
        if related:
            items.append(_Item("related", _related_links(joined, plain[related.end():])))
            continue

        caption = _caption(joined, plain)
        if caption is not None:
            items.append(_Item("caption", caption))
            continue

        image = _IMAGE_ONLY.match(joined)
        if image:
            # The caption is the next block when it is short and italic; else the alt text.
            following = "\n".join(blocks[index]).strip() if index < len(blocks) else ""
            if re.fullmatch(r"([*_])[^*_].*\1", following, re.DOTALL) and len(following) < 600:
                text, credit = split_credit(inline(following))
                items.append(_Item("caption", Caption(text=text, credit=credit)))
                index += 1
            elif clean_text(image.group("alt")):
                items.append(_Item("caption", Caption(text=clean_text(image.group("alt")))))
            continue

        if is_boilerplate(plain) or plain.startswith("(Reporting by"):
            items.append(_Item("boilerplate", plain))
            continue

        list_items = [_LIST_ITEM.match(line) for line in block]
        if all(list_items):
            for match in list_items:
                assert match is not None
                items.append(_Item("item", inline(match.group("text"))))
        else:
            quoted = re.sub(r"(?m)^\s*>\s?", "", joined) if first.startswith(">") else joined
            items.append(_Item("paragraph", inline(quoted)))
        header = False

    _assemble(article, _join_broken(items))
    return article


def inline(text: str) -> str:
    """Markdown inline syntax reduced to its text: links to their text, emphasis dropped."""
    escapes: list[str] = []

    def hide(match: re.Match[str]) -> str:
        escapes.append(match.group(1))
        return f"\ue000{len(escapes) - 1}\ue001"

    text = _ESCAPE.sub(hide, text)
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    text = re.sub("\ue000(\\d+)\ue001", lambda m: escapes[int(m.group(1))], text)
    return clean_text(text)


# -- blocks and items ------------------------------------------------------------------------
@dataclass(slots=True)
class _Item:
    kind: str  # paragraph | item | subheading | caption | related | boilerplate
    value: object


def _blocks(text: str) -> list[list[str]]:
    """Lines grouped at blank lines (whitespace-only lines count as blank)."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _join_broken(items: list[_Item]) -> list[_Item]:
    """Join a paragraph to the previous one when the split fell mid-sentence."""
    out: list[_Item] = []
    for item in items:
        prev = out[-1] if out else None
        if (item.kind == "paragraph" and prev is not None and prev.kind == "paragraph"
                and isinstance(item.value, str) and isinstance(prev.value, str)
                and _continues(prev.value, item.value)):
            prev.value = prev.value + " " + item.value
        else:
            out.append(item)
    return out


def _continues(before: str, after: str) -> bool:
    if not before or not after or before.endswith(_TERMINAL):
        return False
    start = after.lstrip("\"'“‘(")
    return bool(start) and (start[0].islower() or after[0] in ",;—–")


def _assemble(article: RawArticle, items: list[_Item]) -> None:
    for item in items:
        if item.kind in ("paragraph", "item"):
            assert isinstance(item.value, str)
            article.paragraphs.append(item.value)
        elif item.kind == "subheading":
            assert isinstance(item.value, str)
            article.subheadings.append(Subheading(text=item.value,
                                                  before=len(article.paragraphs)))
        elif item.kind == "caption":
            assert isinstance(item.value, Caption)
            article.captions.append(item.value)
        elif item.kind == "related":
            assert isinstance(item.value, list)
            article.related.extend(item.value)
        elif item.kind == "boilerplate":
            assert isinstance(item.value, str)
            article.boilerplate.append(item.value)
    for name in ("paragraphs", "subheadings", "captions", "related"):
        if getattr(article, name):
            article.provenance[name] = "text"


# -- header lines ----------------------------------------------------------------------------
def _take_byline(article: RawArticle, plain: str) -> bool:
    """A "By ..." line: authors, and a date when the line carries one too."""
    match = _BYLINE.match(plain)
    if match is None or article.authors or len(plain.split()) > 25:
        return False
    names: list[str] = []
    for part in re.split(r"\s*[|•·]\s*|\s+[-–—]\s+", match.group("names")):
        if _take_date(article, part):
            continue
        for name in re.split(r"\s*(?:,|;|\band\b|&|\bund\b|\bet\b|\by\b)\s*", part):
            name = name.strip(" .")
            if name and not _BYLINE_ROLE.search(name):
                if not _looks_like_name(name):
                    return False  # "By Tuesday, the fire had spread ..." is body text
                names.append(name)
    if not names:
        return False
    article.authors = names
    article.provenance["authors"] = "text"
    return True


def _looks_like_name(name: str) -> bool:
    """A person or agency: up to six words, each capitalised except name particles."""
    words = name.split()
    if not words or len(words) > 6 or not words[0][:1].isupper():
        return False
    return all(w[:1].isupper() or not w[:1].isalpha() or w.lower() in _PARTICLES for w in words)


def _take_date(article: RawArticle, plain: str) -> bool:
    """A line that is only a date (optionally "Updated: ..."), as the source wrote it."""
    parts = [p for p in re.split(r"\s*[|•·]\s*", plain) if p]
    matches = [_DATE.match(p.strip()) for p in parts]
    if not parts or not all(matches):
        return False
    for match in matches:
        assert match is not None
        label = (match.group("label") or "").lower()
        value = match.group("date").strip()
        if ("updated" in label or "modified" in label) and article.updated is None:
            article.updated, article.provenance["updated"] = value, "text"
        elif article.published is None:
            article.published, article.provenance["published"] = value, "text"
        elif article.updated is None:
            article.updated, article.provenance["updated"] = value, "text"
    return True


def _looks_like_title(block: list[str], plain: str) -> bool:
    """Plain text without ``#``: a first short line that does not end like a sentence."""
    return len(block) == 1 and len(plain.split()) <= 20 and not plain.endswith((".", ",", ";"))


# -- captions, related links, URLs -----------------------------------------------------------
def _caption(joined: str, plain: str) -> Caption | None:
    """A block ending in a bold credit, or a short block ending "Photo: X"."""
    match = _TRAILING_BOLD.match(joined)
    if match:
        credit = inline(match.group("credit"))
        text = inline(match.group("text"))
        if text and looks_like_credit(credit) and not related_prefix(text):
            return Caption(text=text, credit=credit)
    if len(plain.split()) <= 60:
        text, credit = split_credit(plain)
        if credit and text and looks_like_credit(credit) and re.search(
                r"(?i)\b(?:photo|image|credit|foto|picture)s?\b", plain[len(text):]):
            return Caption(text=text, credit=credit)
        if credit and text and re.search(r"\([^()]*/[^()]*\)\s*$", plain):
            return Caption(text=text, credit=credit)
    return None


def _related_links(joined: str, rest: str) -> list[RelatedLink]:
    links = []
    for match in _LINK.finditer(joined):
        title = inline(match.group("text"))
        if title and not related_prefix(title + ":"):
            url = re.sub(r"\s+", "", match.group("url")).split(" ")[0]
            links.append(RelatedLink(title=title, url=url if _real_url(url) else None))
    if not links and rest.strip():
        links.append(RelatedLink(title=clean_text(rest), url=None))
    return links


def _real_url(url: str) -> bool:
    return bool(url) and not url.startswith("#") and not url.lower().startswith("javascript:")


def _repair_url(text: str) -> str | None:
    """The URL in a source block: the markdown link target if any, else the text with the
    line breaks a wrapper put inside the URL taken out."""
    for match in _LINK.finditer(text):
        target = re.sub(r"\s+", "", match.group("url"))
        if _URL_START.match(target):
            return target
        label = re.sub(r"\s+", "", match.group("text"))
        if _URL_START.match(label):
            return label
    start = _URL_START.search(text)
    if start is None:
        return None
    pieces: list[str] = []
    for piece in text[start.start():].split():
        piece = piece.strip("<>")
        if not _URL_CHARS.match(piece):
            break
        pieces.append(piece)
    url = "".join(pieces).rstrip(".,;")
    return url or None


# -- decoding --------------------------------------------------------------------------------
def _decode_head(head: bytes) -> str | None:
    """The first bytes as text (a character cut at the end is fine): UTF-8, else the legacy
    charset they are in (see ``_decode_legacy``); None if binary."""
    if b"\x00" in head:
        return None
    try:
        return codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return _decode_legacy(head)


def _decode(data: bytes, origin: str) -> str:
    if not data.strip():
        raise ParseError("the input is empty, expected a text clipping", source=origin)
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise ParseError("binary data (NUL bytes), not a text clipping", source=origin)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _decode_legacy(data)
        if text is None:
            raise ParseError("undecodable bytes, not a text clipping", source=origin) from None
        return text.removeprefix("\ufeff")


def _utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _decode_legacy(data: bytes) -> str | None:
    """Text that is not all UTF-8, with no declaration: a clipping saved in windows-1251 or
    Latin-1, or pasted together from both. Lines that are UTF-8 stay UTF-8; the others are
    decoded in the charset charset-normalizer finds for them. None when none fits."""
    lines = data.splitlines(keepends=True)
    legacy = [line for line in lines if not _utf8(line)]
    best = from_bytes(b"".join(legacy)).best()
    if best is None or not best.encoding:
        return None
    return "".join(line.decode("utf-8") if _utf8(line) else line.decode(best.encoding, "replace")
                   for line in lines)


def _tabular(text: str) -> bool:
    """CSV/TSV-looking text (most lines with the same count of separators) is not a clipping."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    if len(lines) < 3:
        return False
    for sep in ("\t", ",", ";"):
        counts = [line.count(sep) for line in lines]
        if min(counts) >= 2 and max(counts) == min(counts):
            return True
    return False
