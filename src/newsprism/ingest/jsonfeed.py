"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1).

Each item becomes an article: ``content_html`` (or ``content_text``) is the body, ``summary``
the excerpt; an item with only a summary is marked ``partial``. Authors come from 1.1's
``authors`` list or 1.0's ``author`` object, the language from the item or the feed (1.1).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from newsprism.errors import InputError, NoArticleError, ParseError
from newsprism.ingest.feed import fill_body_from_html
from newsprism.ingest.jsonl import load_json, split_paragraphs
from newsprism.models import RawArticle, RawDocument
from newsprism.normalize.urls import join_url

NAME = "jsonfeed"

_SNIFF_BYTES = 4096
_VERSION = re.compile(rb'"version"\s*:\s*"https?:\\?/\\?/jsonfeed\.org\\?/version\\?/')
VERSION_PREFIXES = ("https://jsonfeed.org/version/", "http://jsonfeed.org/version/")


def sniff(raw: RawDocument) -> bool:
    """A JSON object whose ``version`` is a jsonfeed.org version URL."""
    head = raw.data[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") and bool(_VERSION.search(head))


def parse(raw: RawDocument, *, origin: str) -> Iterator[RawArticle | InputError]:
    """One RawArticle per item; a ParseError instance for an item that is not usable."""
    try:
        data = load_json(raw.data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ParseError(f"not UTF-8 ({exc.reason} at byte {exc.start})", source=origin) from None
    except ValueError as exc:
        raise ParseError(f"not valid JSON ({exc})", source=origin) from None
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith(
            VERSION_PREFIXES):
        raise ParseError("not a JSON Feed (no jsonfeed.org version)", source=origin)
    items = data.get("items")
    if not isinstance(items, list):
        raise ParseError("the JSON Feed has no items list", source=origin)
    if not items:
        raise NoArticleError("the JSON Feed has no items", source=origin)
    base = data.get("home_page_url") or data.get("feed_url") or raw.url
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            yield ParseError(f"entry {number}: not a JSON object", source=origin)
            continue
        try:
            article = item_to_article(item, feed=data, base=base)
        except (TypeError, ValueError, AttributeError) as exc:
            yield ParseError(f"entry {number}: unreadable ({type(exc).__name__}: {exc})",
                             source=origin)
            continue
        if not (article.title or article.url or article.paragraphs):
            yield ParseError(f"entry {number}: no title, url or content", source=origin)
            continue
        yield article


def item_to_article(item: dict[str, Any], *, feed: dict[str, Any],
                    base: str | None = None) -> RawArticle:
    """One JSON Feed item -> RawArticle."""
    article = RawArticle(
        title=_str(item.get("title")),
        outlet_name=_str(feed.get("title")),
        excerpt=_str(item.get("summary")),
        published=_str(item.get("date_published")),
        updated=_str(item.get("date_modified")),
        language=_str(item.get("language")) or _str(feed.get("language")),
        tags=[str(t) for t in item.get("tags") or [] if str(t).strip()],
        external_id=_str(item.get("id")),
    )
    url = _str(item.get("url"))
    if url:
        article.url = join_url(base, url) if base else url
    article.authors = _authors(item) or _authors(feed)

    html = _str(item.get("content_html"))
    text = _str(item.get("content_text"))
    if html:
        fill_body_from_html(article, html)
    if not article.paragraphs and text:
        article.paragraphs = split_paragraphs(text)
    if not article.paragraphs and article.excerpt:
        article.paragraphs = split_paragraphs(article.excerpt)
        article.partial = True
    elif not article.paragraphs:
        article.partial = True

    metadata = article.metadata
    metadata["feed_version"] = feed.get("version")
    for key in ("external_url", "image", "banner_image"):
        if _str(item.get(key)):
            metadata[key] = item[key]
    if _str(feed.get("home_page_url")):
        metadata["feed_home_page_url"] = feed["home_page_url"]
    for name in ("title", "url", "external_id", "authors", "published", "updated", "tags",
                 "language", "paragraphs", "excerpt", "outlet_name"):
        if getattr(article, name):
            article.provenance[name] = "feed"
    return article


def _str(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    text = str(value)
    return text if text.strip() else None


def _authors(obj: dict[str, Any]) -> list[str]:
    """Names from ``authors`` (1.1) or ``author`` (1.0)."""
    found = obj.get("authors")
    if not isinstance(found, list):
        found = [obj["author"]] if isinstance(obj.get("author"), dict) else []
    names: list[str] = []
    for author in found:
        name = author.get("name") if isinstance(author, dict) else None
        if isinstance(name, str) and name.strip() and name.strip() not in names:
            names.append(name.strip())
    return names
