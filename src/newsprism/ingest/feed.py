"""RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom feeds, through feedparser.

Every entry becomes an article. When the entry carries the full text (``content:encoded``, Atom
``<content>``) that is the body; otherwise the summary is, and the article is marked
``partial``. feedparser's lenient parser reads feeds that are not quite well formed; an entry
that comes out of it with nothing usable yields a ``ParseError("entry N: ...")`` and the other
entries are still read.
"""

from __future__ import annotations

import calendar
import io
import logging
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import feedparser

from newsprism.errors import InputError, NoArticleError, ParseError
from newsprism.ingest.htmlfrag import fragment_to_blocks, fragment_to_text
from newsprism.ingest.jsonl import split_paragraphs
from newsprism.models import RawArticle, RawDocument
from newsprism.normalize.urls import join_url

NAME = "feed"

log = logging.getLogger(__name__)

_SNIFF_BYTES = 4096
_DECLARATIONS = re.compile(rb"<[?!][^>]*>")  # <?xml ...?>, <!-- ... -->, <!DOCTYPE ...>
_FIRST_TAG = re.compile(rb"<([A-Za-z_][\w:.-]*)([^>]*)>?")
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")
_ATOM_NAMESPACES = (b"www.w3.org/2005/atom", b"purl.org/atom/ns#")  # Atom 1.0, Atom 0.3
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


def sniff(raw: RawDocument) -> bool:
    """The root element is <rss>, an Atom <feed> or <rdf:RDF>."""
    head = raw.data[:_SNIFF_BYTES]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return False
    match = _FIRST_TAG.search(_DECLARATIONS.sub(b"", head))
    if not match:
        return False
    tag = match.group(1).lower()
    local = tag.rsplit(b":", 1)[-1]
    if local == b"rss" or tag == b"rdf:rdf":
        return True
    if local == b"feed":
        attributes = match.group(2).lower()
        return any(ns in attributes for ns in _ATOM_NAMESPACES)
    return False


def parse(raw: RawDocument, *, origin: str) -> Iterator[RawArticle | InputError]:
    """One RawArticle per feed entry; a ParseError instance for an entry that is unusable."""
    headers = {"content-type": raw.content_type} if raw.content_type and "charset=" in (
        raw.content_type.lower()) else None
    # A stream, never the bytes themselves: feedparser opens a bytes value that names a file.
    parsed = feedparser.parse(io.BytesIO(raw.data), response_headers=headers)
    problem = _problem(parsed)
    if not parsed.entries:
        if problem:
            raise ParseError(f"not a well-formed feed: {problem}", source=origin)
        if not parsed.get("version"):
            raise ParseError("not an RSS or Atom feed", source=origin)
        raise NoArticleError("the feed has no entries", source=origin)
    if problem:
        log.warning("%s: feed is not well formed (%s); read leniently", origin, problem)
    feed = parsed.feed
    base = feed.get("link") or raw.url or (origin if origin.startswith("http") else None)
    for number, entry in enumerate(parsed.entries, start=1):
        try:
            article = entry_to_article(entry, feed=feed, base=base, version=parsed.get("version"))
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            yield ParseError(f"entry {number}: unreadable ({type(exc).__name__}: {exc})",
                             source=origin)
            continue
        if not (article.title or article.url or article.paragraphs):
            detail = f" (the feed is not well formed: {problem})" if problem else ""
            yield ParseError(f"entry {number}: no title, link or text{detail}", source=origin)
            continue
        yield article


def _problem(parsed: Any) -> str | None:
    """feedparser's reason why the XML is not well formed, with the line when known."""
    if not parsed.get("bozo"):
        return None
    exc = parsed.get("bozo_exception")
    if exc is None:
        return "malformed XML"
    message = exc.getMessage() if hasattr(exc, "getMessage") else str(exc)
    line = exc.getLineNumber() if hasattr(exc, "getLineNumber") else None
    return f"{message} at line {line}" if line else str(message)


def entry_to_article(entry: Any, *, feed: Any, base: str | None = None,
                     version: str | None = None) -> RawArticle:
    """One feedparser entry -> RawArticle (strings as the feed wrote them)."""
    article = RawArticle(outlet_name=_text(feed.get("title_detail"), feed.get("title")),
                         metadata={"feed_version": version} if version else {})
    provenance = article.provenance
    article.title = _text(entry.get("title_detail"), entry.get("title"))
    link = entry.get("link")
    if link:
        article.url = join_url(base, link) if base else link
    guid = entry.get("id")
    if guid:
        article.external_id = str(guid)
    article.authors = _authors(entry)
    article.published = _date(entry, "published")
    article.updated = _date(entry, "updated")
    if article.published is None and not (version or "").startswith("atom"):
        # RSS has no "updated": feedparser files dc:date (RSS 1.0, many RSS 2.0 feeds) there,
        # and that date is when the item was published.
        article.published, article.updated = article.updated, None
    article.tags = _tags(entry)
    article.language = _language(entry, feed)

    content = _best_content(entry.get("content") or [])
    summary = entry.get("summary_detail") or (
        {"type": "text/html", "value": entry["summary"]} if entry.get("summary") else None)
    if content is not None:
        _fill_body(article, content.get("value") or "", content.get("type"))
    if not article.paragraphs and summary is not None:
        _fill_body(article, summary.get("value") or "", summary.get("type"))
        article.partial = True
    elif not article.paragraphs:
        article.partial = True
    if summary is not None and summary.get("value") and (
            content is None or summary["value"] != content.get("value")):
        article.excerpt = summary["value"]

    if feed.get("link"):
        article.metadata["feed_link"] = feed["link"]
    if entry.get("comments"):
        article.metadata["comments"] = entry["comments"]
    for name in ("title", "url", "external_id", "authors", "published", "updated", "tags",
                 "language", "paragraphs", "excerpt", "outlet_name"):
        if getattr(article, name):
            provenance[name] = "feed"
    return article


def fill_body_from_html(article: RawArticle, html: str) -> None:
    """Paragraphs, subheadings, captions, related links, boilerplate of an HTML fragment."""
    blocks = fragment_to_blocks(html)
    article.paragraphs = blocks.paragraphs
    article.subheadings = blocks.subheadings
    article.captions = blocks.captions
    article.related = blocks.related
    article.boilerplate = blocks.boilerplate


def _fill_body(article: RawArticle, value: str, kind: str | None) -> None:
    if not value.strip():
        return
    if _is_html(kind, value):
        fill_body_from_html(article, value)
    else:
        article.paragraphs = split_paragraphs(value)


def _is_html(kind: str | None, value: str) -> bool:
    if kind:
        return kind.lower() in _HTML_TYPES
    return "<" in value


def _best_content(contents: list[Any]) -> Any | None:
    """The longest non-empty content element, HTML preferred over plain text."""
    candidates = [c for c in contents if (c.get("value") or "").strip()]
    if not candidates:
        return None
    return max(candidates, key=lambda c: (_is_html(c.get("type"), c.get("value") or ""),
                                          len(c.get("value") or "")))


def _text(detail: Any, value: Any) -> str | None:
    """A title as plain text; HTML titles (Atom type="html") lose their tags."""
    if not value:
        return None
    if detail and _is_html(detail.get("type"), str(value)) and ("<" in value or "&" in value):
        return fragment_to_text(value) or None
    return str(value)


def _authors(entry: Any) -> list[str]:
    """Author names (dc:creator, <author>, Atom <author><name>); bare e-mail addresses dropped."""
    names: list[str] = []
    for author in entry.get("authors") or []:
        name = (author.get("name") or "").strip()
        if name and name not in names:
            names.append(name)
    if not names and entry.get("author") and "@" not in entry["author"]:
        names.append(entry["author"].strip())
    return names


def _date(entry: Any, key: str) -> datetime | str | None:
    """A timestamp as an aware UTC datetime, or the raw string when it is a date alone.

    feedparser fills in midnight for a date with no time; passing the string on lets normalize
    keep it a date instead.
    """
    # dict.get: feedparser's own .get("updated") falls back to "published".
    text = dict.get(entry, key)
    parsed: time.struct_time | None = dict.get(entry, f"{key}_parsed")
    if not text:
        return None
    if parsed is None or not _HAS_TIME.search(text):
        return str(text)
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    except (ValueError, OverflowError):  # "0000-00-00T00:00:00Z": normalize judges the text
        return str(text)


def _tags(entry: Any) -> list[str]:
    tags: list[str] = []
    for tag in entry.get("tags") or []:
        name = (tag.get("label") or tag.get("term") or "").strip()
        if name and name not in tags:
            tags.append(name)
    return tags


def _language(entry: Any, feed: Any) -> str | None:
    """The entry's xml:lang, else the feed's <language> / xml:lang."""
    for detail in (*(entry.get("content") or []), entry.get("summary_detail"),
                   entry.get("title_detail")):
        if detail and detail.get("language"):
            return str(detail["language"])
    language = feed.get("language")
    return str(language) if language else None
