"""Full text for feed items that carry only a summary (opt-in, like Miniflux's "fetch original
content").

Many RSS/Atom/JSON feeds give a summary per item, not the article, and the feed readers store
that summary marked ``partial``. With full text on, each partial item's link is fetched and read
by the HTML reader (``html.article_from_html``): the stored article gets the page's body, and
its metadata comes from the page first, the feed filling what the page lacks (authors, dates,
tags, the item's id). A page date found only by htmldate's guesswork yields to the feed's date.
The article keeps the feed item's id and is attached to the feed's raw document, as it is
without full text. It also keeps the item's identity in the store: ``store.article_key`` keys it
by the item's link (``metadata["full_text"]["link"]``), not by the page's canonical URL, which
stays its ``url``. A link that is a click redirect or a shortlink thus revises the item's
summary article instead of adding a second one.

Switching it on: ``newsprism ingest URL --full-text`` and ``full_text = true`` on a
``[[source]]`` in sources.toml; ``newsprism parse URL --full-text`` reads the pages the same
way but stores nothing (no store: every page within the cap is fetched, none is kept). It is off
by default because it turns one request per feed into one per item. Only feeds read from a URL
fetch pages; a feed file is read offline.

Politeness: pages are fetched one at a time, through the run's own ``Fetcher``, so they reuse
its client and connections, and its timeout, size cap and SSRF guard apply to every page. A run
fetches at most ``max_pages`` pages (``--full-text-max``, ``full_text_max``; default 20). For
``watch`` the cap applies to each poll of a source. Items past the cap keep their summary, and
one note line says how many. They are fetched when the feed changes next, within that run's cap.
A page already stored for an item is read again from the store and never fetched twice.

Failures: a page can fail to fetch (HTTP error, timeout, refused address), hold no article, or
have a body shorter than the feed's summary (a paywall teaser). The item then stays as it would
be without full text: the summary, ``partial``, with the reason in
``metadata["full_text"]["error"]``. The run goes on, and the feed still counts as read (exit 0),
under ``--strict`` too: a page is an extra for an input that was read, not an input. Each such
page gives one note line naming its URL and the problem. When the item's summary is already
stored (an earlier run without full text, or an earlier failure), its text is unchanged and so
is the article, but the record with this run's reason replaces the stored one (``save_article``;
no revision, nothing stacked), and ``newsprism article ID`` prints it (``why_summary``).

Raw bytes: a fetched page is kept verbatim as its own raw document, with format
``fulltext-page`` and status ``ok``, or ``failed`` with the reason. It is saved in the same
transaction as its feed. ``reparse`` does not read such a page on its own: alone it would give
an article without the feed's metadata, or the very teaser that was refused, in place of the
feed item. It is re-read with its feed instead.
The article records the page in ``metadata["full_text"]`` (``link``, ``url``, ``raw_sha256``).
Whenever the feed is read again the stored page is found through that record and re-read
offline. This happens for a changed feed in ``watch``, for ``reparse``, and for an ingest without
the flag. So a full-text article never falls back to its summary, and ``reparse`` of the feed
re-reads its pages after a fix. Re-ingesting identical feed bytes is a no-op, as for every input,
and fetches nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from newsprism.errors import FetchError, NewsprismError
from newsprism.ingest import parse_raw
from newsprism.ingest.fetch import Fetcher
from newsprism.ingest.html import article_from_html
from newsprism.ingest.sources import is_url
from newsprism.models import Article, RawArticle, RawDocument
from newsprism.normalize import normalize
from newsprism.store import SavedArticle, Store, StoredRaw, article_key

DEFAULT_MAX_PAGES = 20
FEED_FORMATS = frozenset({"feed", "jsonfeed"})
PAGE_FORMAT = "fulltext-page"  # the format column of a page kept for a feed item

_WORD = re.compile(r"\w+")
# Fields where the page's value wins when it has one; the feed's fills the gap otherwise.
_PAGE_FIRST = ("title", "url", "canonical_url", "authors", "updated", "language", "excerpt",
               "section", "tags", "outlet_name")
_BODY = ("paragraphs", "subheadings", "captions", "related", "boilerplate")


@dataclass(frozen=True, slots=True)
class Page:
    """What came back for one item's link: the page's bytes, or why there are none."""

    document: RawDocument | None = None
    error: str | None = None
    # Fetched in this run (not found in the store): only then is a failure reported again.
    fetched: bool = False


@dataclass(slots=True)
class Pages:
    """The pages fetched for one feed, by the item link they were fetched for."""

    by_link: dict[str, Page] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


class FullText:
    """Fetches the pages of a run's partial feed items, at most ``max_pages`` in all."""

    def __init__(self, fetcher: Fetcher, *, max_pages: int = DEFAULT_MAX_PAGES) -> None:
        self.fetcher = fetcher
        self.max_pages = max(0, max_pages)
        self.fetched = 0

    def prefetch(self, store: Store | None, raw: RawDocument, *,
                 format: str | None = None) -> Pages:
        """Fetch the pages ``raw``'s partial items link to, before its transaction opens (no
        network while the database is locked). Nothing for bytes already stored, for inputs
        that are not feeds read from a URL, or for items whose page is already stored.
        ``store`` is None for ``parse``, which stores nothing: every page is fetched."""
        pages = Pages()
        if not _from_url(raw):
            return pages
        known = store.find_raw(raw.sha256) if store is not None else None
        if known is not None and known.status in ("ok", "partial"):
            return pages  # re-ingesting the same bytes is a no-op
        try:
            fmt, items = parse_raw(raw, format=format)
            wanted = [item for item in items if _wants_page(item)] if fmt in FEED_FORMATS else []
        except Exception:  # noqa: BLE001 - the ingest proper reads it again and reports why
            return pages
        capped = 0
        for item in wanted:
            link = str(item.url)
            if link in pages.by_link or (store is not None
                                         and stored_page(store, raw, fmt, item) is not None):
                continue
            if self.fetched >= self.max_pages:
                capped += 1
                continue
            self.fetched += 1
            try:
                document = self.fetcher.fetch(link)
            except FetchError as exc:
                pages.by_link[link] = Page(error=exc.message, fetched=True)
                continue
            pages.by_link[link] = Page(document=document, fetched=True)
        if capped:
            pages.notes.append(
                f"{raw.origin}: {capped} items kept their summary: the cap of {self.max_pages} "
                "page fetches per run was reached (raise it with --full-text-max)")
        return pages


def with_full_text(store: Store | None, raw: RawDocument, fmt: str, items: Iterable[Any],
                   pages: Pages | None, notes: list[str]) -> Iterator[Any]:
    """The reader's items, each partial feed item with its page's text when a page is at hand
    (fetched by ``prefetch`` or stored earlier). Runs inside the feed's transaction: the page
    raw documents are saved there (not for ``parse``: ``store`` None). Failures become
    ``notes``; the item keeps its summary."""
    if fmt not in FEED_FORMATS:
        yield from items
        return
    if pages is not None:
        notes.extend(pages.notes)
    for item in items:
        if not _wants_page(item):
            yield item
            continue
        page = pages.by_link.get(str(item.url)) if pages is not None else None
        if page is None and store is not None:
            page = stored_page(store, raw, fmt, item)
        if page is None:
            yield item
            continue
        article, error = _read_page(store, item, page)
        if error and page.fetched:
            notes.append(_summary_note(item.url, error))
        yield article


def save_article(store: Store, raw_id: int, article: Article) -> SavedArticle:
    """Store one article read from a feed. A summary whose text is already stored (an earlier
    run kept it, without full text or after a failed page) gets this run's page failure all
    the same, so ``newsprism article ID`` says why it has only the summary. The record is
    replaced, not added to, and the text is the same, so there is no revision."""
    saved = store.save_article(raw_id, article)
    record = article.metadata.get("full_text")
    if saved.status == "unchanged" and isinstance(record, dict) and record.get("error"):
        store.set_metadata(saved.id, "full_text", record)
    return saved


def why_summary(article: Article) -> str | None:
    """Why a feed item kept its summary: the note line of its last failed page, if any."""
    record = article.metadata.get("full_text")
    if not article.partial or not isinstance(record, dict) or not record.get("error"):
        return None
    return _summary_note(record.get("link"), record["error"])


def _summary_note(link: object, error: str) -> str:
    return f"{link}: {error}; kept the feed's summary"


def stored_page(store: Store, raw: RawDocument, fmt: str, item: RawArticle) -> Page | None:
    """The page stored for this item by an earlier run, found through the stored article's
    ``metadata["full_text"]`` (by the item's key or its feed id; both are indexed)."""
    summary = normalize(item, raw=raw, format=fmt)
    rows = store.conn.execute("SELECT data FROM articles WHERE key = ?",
                              (article_key(summary),)).fetchall()
    if summary.external_id:
        rows += store.conn.execute("SELECT data FROM articles WHERE external_id = ? LIMIT 20",
                                   (summary.external_id,)).fetchall()
    for row in rows:
        record = json.loads(row["data"]).get("metadata", {}).get("full_text")
        if not isinstance(record, dict) or record.get("link") != item.url:
            continue
        if record.get("raw_sha256"):
            stored = store.find_raw(record["raw_sha256"])
            if stored is not None:
                return Page(document=stored.to_document())
    return None


def merge(feed: RawArticle, page: RawArticle, record: dict[str, Any]) -> RawArticle:
    """The page's body with the page's metadata first and the feed's where the page has none."""
    merged = RawArticle(external_id=feed.external_id, partial=False,
                        metadata={**feed.metadata, **page.metadata, "full_text": record})
    provenance = merged.provenance
    for name in _PAGE_FIRST:
        source = page if getattr(page, name) else feed
        setattr(merged, name, getattr(source, name))
        if name in source.provenance:
            provenance[name] = source.provenance[name]
    for name in _BODY:
        setattr(merged, name, getattr(page, name))
    for name in ("paragraphs", "captions"):
        if name in page.provenance:
            provenance[name] = page.provenance[name]
    # htmldate guesses a date from the URL or the text; the feed states it.
    use_feed = feed.published and (not page.published
                                   or page.provenance.get("published") == "htmldate")
    source = feed if use_feed else page
    merged.published = source.published
    if "published" in source.provenance:
        provenance["published"] = source.provenance["published"]
    if "external_id" in feed.provenance:
        provenance["external_id"] = feed.provenance["external_id"]
    return merged


def _read_page(store: Store | None, item: RawArticle,
               page: Page) -> tuple[RawArticle, str | None]:
    """(the merged article, None) or (the summary item with the reason noted, the reason)."""
    record: dict[str, Any] = {"link": item.url}
    document = page.document
    if document is None:
        return _keep_summary(item, record, page.error or "no page")
    record["url"] = document.url or document.origin
    record["raw_sha256"] = document.sha256
    error: str | None = None
    try:
        found = article_from_html(document.data, origin=document.origin,
                                  url=document.url or item.url,
                                  content_type=document.content_type)
    except NewsprismError as exc:
        error = exc.message
    except Exception as exc:  # noqa: BLE001 - one bad page never stops its feed
        error = f"could not be read ({type(exc).__name__}: {exc})"
    else:
        page_words, summary_words = _words(found.paragraphs), _words(item.paragraphs)
        if page_words < summary_words:
            error = (f"the page's text ({page_words} words) is shorter than the feed's summary "
                     f"({summary_words} words): a paywall or a teaser?")
    if store is not None:
        _save_page(store, document, error)
    if error:
        return _keep_summary(item, record, error)
    return merge(item, found, record), None


def _keep_summary(item: RawArticle, record: dict[str, Any],
                  error: str) -> tuple[RawArticle, str]:
    record["error"] = error
    item.metadata["full_text"] = record
    return item, error


def _save_page(store: Store, document: RawDocument, error: str | None) -> None:
    """Keep the page's bytes as their own raw document; never relabel bytes already stored
    (the same page ingested directly keeps its own status), except a failed page that reads
    now (after a fix)."""
    known = store.find_raw(document.sha256)
    if known is not None and not (known.format == PAGE_FORMAT and known.status == "failed"
                                  and error is None):
        return
    store.save_raw(document, format=PAGE_FORMAT, status="failed" if error else "ok",
                   error=error, article_count=0 if error else 1)


def page_on_its_own(stored: StoredRaw | None) -> str | None:
    """Why a stored raw document is not re-parsed on its own (a page kept for a feed item)."""
    if stored is None or stored.format != PAGE_FORMAT:
        return None
    return (f"{stored.origin}: a page fetched for a feed item; it is re-read with its feed "
            "(reparse the feed's raw document)")


def _wants_page(item: object) -> bool:
    return (isinstance(item, RawArticle) and item.partial and bool(item.url)
            and is_url(str(item.url)))


def _from_url(raw: RawDocument) -> bool:
    return bool(raw.url) or is_url(raw.origin)


def _words(paragraphs: Iterable[str]) -> int:
    return sum(len(_WORD.findall(p)) for p in paragraphs)
