"""Reader for HTML article pages.

The body comes from trafilatura, cleaned by general rules (``html_body``); the metadata from
JSON-LD, OpenGraph and ``<meta>`` tags first, then markup (``html_meta``); bytes are decoded as
browsers do (``html_decode``). ``article_from_html`` is shared with the WARC reader.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from itertools import islice

from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from newsprism.errors import InputError, NoArticleError, ParseError
from newsprism.ingest.html_body import Body, extract_body
from newsprism.ingest.html_decode import decode_html
from newsprism.ingest.html_meta import PageMeta, read_metadata
from newsprism.models import RawArticle, RawDocument

NAME = "html"

log = logging.getLogger(__name__)

_SNIFF_BYTES = 4096
_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<title", b"<meta ", b"<article")
_WORD = re.compile(r"\w+")
# A page whose extracted text is shorter than this, and that does not say it is an article
# (JSON-LD article type, og:type=article, <article>), is a login page, a nav page, an error page.
_MIN_WORDS_UNMARKED = 40
_MIN_WORDS = 8
# libxml2 checks each attribute of a tag against all the others before it: a tag with 32,000
# attributes took 21 s to parse, 200,000 (a 2.4 MB page) a quarter of an hour. A tag this long
# keeps its first _MAX_ATTRIBUTES attributes (a long data: URI is one attribute, kept whole).
_LONG_TAG = re.compile(r"<([A-Za-z][\w:.-]*)(\s[^<>]{4096,})>")
_ATTRIBUTE = re.compile(r"""[^\s"'=<>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]*))?""")
_MAX_ATTRIBUTES = 256
# trafilatura's extraction grows with the square of a page's elements: 10,000 paragraphs took
# 0.7 s, 50,000 13 s, 200,000 over two minutes. No article page comes near this bound (the largest
# of extraction-dev has 9,900 elements, a news page 1,000-5,000); a longer page is read from
# its first MAX_ELEMENTS elements, with a warning, as analysis reads a body up to a bound.
MAX_ELEMENTS = 30_000
# Elements whose insides no step reads (trafilatura drops them whole): emptied first on a page
# past MAX_ELEMENTS, so that an inline SVG map or chart of thousands of paths does not use up
# the bound and cut the article's text after it.
_UNREAD = ("svg", "math", "select")


def sniff(raw: RawDocument) -> bool:
    """True when the bytes start like an HTML document (a BOM and XML prolog allowed)."""
    head = raw.data[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not head.startswith(b"<"):
        return False
    if head.startswith((b"<rss", b"<feed", b"<rdf:rdf", b"<opml")) or (
        head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head)
    ):
        return False
    return any(marker in head for marker in _MARKERS)


def parse(raw: RawDocument, *, origin: str) -> Iterator[RawArticle | InputError]:
    """The one article of the page; raises ``NoArticleError`` when the page holds none."""
    yield article_from_html(raw.data, origin=origin, url=raw.url or _url_of(origin),
                            content_type=raw.content_type)


def article_from_html(
    data: bytes, *, origin: str, url: str | None = None, content_type: str | None = None
) -> RawArticle:
    """Parse one HTML page into a ``RawArticle``; ``url`` is where it was served from."""
    text, encoding = decode_html(data, content_type)
    tree = _load(text, origin)
    elements = _cut_long_page(tree, origin)
    meta = read_metadata(tree, url)
    body = extract_body(tree, url=url, meta=meta)
    words = len(_WORD.findall(body.text()))
    if words < _MIN_WORDS or (words < _MIN_WORDS_UNMARKED and not _looks_like_article(tree, meta)):
        raise NoArticleError(
            f"no article text found in the page ({words} words of body text)", source=origin
        )
    published, published_from = meta.published, meta.provenance.get("published")
    if not published:
        published = find_date(tree, url=url, extensive_search=False, original_date=True)
        published_from = "htmldate" if published else None
    return _raw_article(meta, body, url=url, published=published,
                        published_from=published_from, encoding=encoding, elements=elements)


def body_text(raw: RawDocument) -> str:
    """The body as newsprism stores it (subheadings and paragraphs, blank-line separated)."""
    article = article_from_html(raw.data, origin=raw.origin, url=raw.url,
                                content_type=raw.content_type)
    return Body(paragraphs=article.paragraphs, subheadings=article.subheadings).text()


def _url_of(origin: str) -> str | None:
    return origin if origin.startswith(("http://", "https://")) else None


def _load(text: str, origin: str) -> HtmlElement:
    try:
        tree = load_html(_LONG_TAG.sub(_fewer_attributes, text))
    except Exception as exc:  # noqa: BLE001 - lxml raises several types on garbage
        raise ParseError(f"not parseable as HTML: {exc}", source=origin) from exc
    if tree is None:
        raise ParseError("not parseable as HTML (no document element)", source=origin)
    return tree


def _cut_long_page(tree: HtmlElement, origin: str) -> int | None:
    """Keep the first ``MAX_ELEMENTS`` elements of a longer page (in document order: the head
    with its metadata comes first) and say so; the page's element count when it was cut.

    Every step after this one (trafilatura, the body rules, htmldate) then sees a tree of
    bounded size, and one pathological page costs seconds, not minutes, in a batch. The
    insides of ``_UNREAD`` elements (an SVG map's paths) are dropped first and not counted."""
    total = sum(1 for _ in tree.iter())
    if total <= MAX_ELEMENTS:
        return None
    for unread in list(tree.iter(*_UNREAD)):
        for child in list(unread):
            unread.remove(child)
    if sum(1 for _ in tree.iter()) <= MAX_ELEMENTS:
        return None
    last = next(islice(tree.iter(), MAX_ELEMENTS - 1, None))
    for child in list(last):
        last.remove(child)
    node: HtmlElement | None = last
    while node is not None:  # what follows the last element kept, at every level up
        parent = node.getparent()
        while parent is not None and (after := node.getnext()) is not None:
            parent.remove(after)
        node = parent
    log.warning("%s: a page of %s HTML elements, more than %s: its body is read from the "
                "first %s only", origin, f"{total:,}", f"{MAX_ELEMENTS:,}", f"{MAX_ELEMENTS:,}")
    return total


def _fewer_attributes(tag: re.Match[str]) -> str:
    attributes = _ATTRIBUTE.findall(tag.group(2))
    if len(attributes) <= _MAX_ATTRIBUTES:
        return tag.group(0)
    return f"<{tag.group(1)} {' '.join(attributes[:_MAX_ATTRIBUTES])}>"


def _looks_like_article(tree: HtmlElement, meta: PageMeta) -> bool:
    if meta.json_ld_type and meta.json_ld_type != "webpage":
        return True
    og_type = tree.xpath('string(//meta[@property="og:type"]/@content)')
    return og_type.strip().lower() == "article" or bool(tree.xpath("//article"))


def _language(value: str | None) -> str | None:
    """Primary language subtag of a declared language ("en-GB", "pt_BR" -> "en", "pt")."""
    if not value:
        return None
    primary = re.split(r"[-_]", value.strip())[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def _raw_article(
    meta: PageMeta, body: Body, *, url: str | None, published: str | None,
    published_from: str | None, encoding: str, elements: int | None = None,
) -> RawArticle:
    provenance = {k: v for k, v in meta.provenance.items()
                  if k in ("title", "authors", "updated", "language", "canonical_url",
                           "section", "tags")}
    if published_from:
        provenance["published"] = published_from
    if meta.description:
        provenance["excerpt"] = meta.provenance.get("description", "meta")
    if meta.site_name:
        provenance["outlet_name"] = meta.provenance.get("site_name", "meta")
    provenance["paragraphs"] = body.source
    if meta.captions or body.captions:
        provenance["captions"] = "meta" if meta.captions else "text"
    language = _language(meta.language)
    metadata: dict[str, object] = {"encoding": encoding}
    if meta.language and language != meta.language:
        metadata["declared_language"] = meta.language
    if meta.json_ld_type:
        metadata["json_ld_type"] = meta.json_ld_type
    if elements is not None:  # a page cut to MAX_ELEMENTS (_cut_long_page)
        metadata["html_elements"] = elements
        metadata["html_elements_read"] = MAX_ELEMENTS
    return RawArticle(
        title=meta.title,
        url=url,
        canonical_url=meta.canonical_url,
        authors=meta.authors,
        published=published,
        updated=meta.updated,
        language=language,
        paragraphs=body.paragraphs,
        subheadings=body.subheadings,
        captions=meta.captions + body.captions,
        related=meta.related,
        boilerplate=body.boilerplate,
        excerpt=meta.description,
        section=meta.section,
        tags=meta.tags,
        outlet_name=meta.site_name,
        metadata=metadata,
        provenance=provenance,
    )
