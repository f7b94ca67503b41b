"""``POST /api/ingest`` and the upload form: one uploaded file or one URL into the store.

An upload that is not an article is refused with the reason and *nothing* is stored, not even
its raw bytes. The CLI keeps the bytes of a failed input so that ``reparse`` can retry after a
fix, because the operator chose that input; an upload may come from anyone who can reach the
server, so keeping whatever they send would let them fill the disk with junk, and the sender
still has the file. The bytes of an accepted upload are stored as usual (raw document kept).

URLs go through the same ``Fetcher`` as the CLI: private and loopback addresses are refused
unless the server was started with ``allow_private``, with the fetcher's size and time caps.
"""

from __future__ import annotations

import logging
from typing import Any

from newsprism.errors import InputError, NewsprismError, ParseError
from newsprism.ingest.fetch import Fetcher
from newsprism.models import RawDocument
from newsprism.pipeline import ingest_raw, read_articles, run_post_ingest, still_broken
from newsprism.serve import queries
from newsprism.store import Store

log = logging.getLogger(__name__)

MAX_URL_PAGES = 5


def _check_readable(raw: RawDocument, format: str | None) -> None:
    """Raise an ``InputError`` naming the problem when the bytes hold no article."""
    try:
        read_articles(raw, format=format)
    except NewsprismError:
        raise
    except Exception as exc:  # noqa: BLE001 - a reader bug is still "could not be read"
        log.debug("reader failed on %s", raw.origin, exc_info=exc)
        raise ParseError(f"could not be read ({type(exc).__name__}: {exc})",
                         source=raw.origin) from None


def _stored_articles(store: Store, raw_id: int) -> list[dict[str, Any]]:
    rows = store.conn.execute(
        "SELECT id, title, outlet_name, outlet_domain FROM articles WHERE raw_id = ? ORDER BY id",
        (raw_id,)).fetchall()
    return [{"id": r["id"], "title": r["title"], "status": "unchanged",
             "outlet": {"name": r["outlet_name"], "domain": r["outlet_domain"]}} for r in rows]


def ingest_document(store: Store, raw: RawDocument, *, format: str | None = None
                    ) -> dict[str, Any]:
    """Store one raw document and its articles, then run the post-ingest stages on them."""
    known = store.find_raw(raw.sha256)
    if known is not None and known.status in ("ok", "partial"):
        return {"origin": raw.origin, "status": "unchanged", "raw_id": known.id,
                "format": known.format,
                "articles": _with_stories(store, _stored_articles(store, known.id)),
                "errors": still_broken(known), "stage_errors": []}
    _check_readable(raw, format)
    result = ingest_raw(store, raw, format=format)
    if result.status == "failed":
        raise ParseError(result.errors[0] if result.errors else "could not be read",
                         source=raw.origin)
    changed = [s.id for s in result.saved if s.status != "unchanged"]
    stage_errors = run_post_ingest(store, changed)
    titles = {}
    if result.saved:
        marks = ",".join("?" * len(result.saved))
        titles = {r["id"]: r for r in store.conn.execute(
            f"SELECT id, title, outlet_name, outlet_domain FROM articles WHERE id IN ({marks})",
            [s.id for s in result.saved])}
    articles = [{"id": s.id, "status": s.status, "title": titles[s.id]["title"],
                 "outlet": {"name": titles[s.id]["outlet_name"],
                            "domain": titles[s.id]["outlet_domain"]}}
                for s in result.saved if s.id in titles]
    return {"origin": raw.origin, "status": result.status, "raw_id": result.raw_id,
            "format": result.format, "articles": _with_stories(store, articles),
            "errors": result.errors, "stage_errors": stage_errors}


def _with_stories(store: Store, articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The stored articles, each with the story it joined (``queries.stories_of``)."""
    story = queries.stories_of(store, [a["id"] for a in articles])
    return [{**a, "story": story[a["id"]]} for a in articles]


def ingest_upload(store: Store, data: bytes, *, filename: str | None,
                  content_type: str | None, format: str | None = None) -> dict[str, Any]:
    raw = RawDocument(data=data, origin=f"upload:{filename or 'file'}",
                      content_type=content_type or None)
    return ingest_document(store, raw, format=format)


def ingest_url(store: Store, url: str, *, fetcher: Fetcher,
               format: str | None = None) -> dict[str, Any]:
    """Fetch ``url`` (a WordPress collection: up to MAX_URL_PAGES pages) and ingest it."""
    from newsprism.ingest.sources import iter_raw_documents

    results: list[dict[str, Any]] = []
    try:
        for item in iter_raw_documents([url], fetcher=fetcher, max_pages=MAX_URL_PAGES):
            if isinstance(item, InputError):
                if not results:
                    raise item
                results.append({"origin": item.source, "status": "failed",
                                "errors": [str(item)], "articles": []})
                continue
            results.append(ingest_document(store, item, format=format))
    finally:
        fetcher.close()
    if len(results) == 1:
        return results[0]
    articles = [a for r in results for a in r.get("articles", [])]
    return {"origin": url, "status": "ok", "documents": results, "articles": articles,
            "errors": [e for r in results for e in r.get("errors", [])],
            "stage_errors": [e for r in results for e in r.get("stage_errors", [])]}
