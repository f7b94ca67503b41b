"""store: SQLite (WAL, FTS5) for raw documents, articles and their revisions.

Raw bytes are kept verbatim, once per sha256, whether or not they could be parsed, so a
failed input can be re-parsed after a fix. Articles are keyed by canonical URL (else the
input's own id, else the text hash; a feed item with its page's text by the item's link): the
same text again changes nothing, new text for a known key becomes a revision. Other stages
keep their tables in later migrations and their data-access functions in their own modules here
(``stories.py``, ``analysis.py``, ...).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from newsprism.errors import NotFoundError
from newsprism.models import Article, RawDocument
from newsprism.normalize.urls import canonical_url
from newsprism.store.db import connect

SaveStatus = Literal["new", "unchanged", "revised"]


@dataclass(frozen=True, slots=True)
class SavedArticle:
    id: int
    status: SaveStatus


@dataclass(frozen=True, slots=True)
class StoredRaw:
    """A raw document row: its bytes and what happened when it was parsed."""

    id: int
    sha256: str
    origin: str
    url: str | None
    content_type: str | None
    fetched_at: str
    size: int
    format: str | None
    status: str
    error: str | None
    article_count: int
    data: bytes

    def to_document(self) -> RawDocument:
        return RawDocument(
            data=self.data, origin=self.origin, content_type=self.content_type,
            fetched_at=datetime.fromisoformat(self.fetched_at), url=self.url,
        )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def article_key(article: Article) -> str:
    """The identity of an article across re-ingests and revisions.

    A feed item given its page's text (ingest.fulltext) keeps the item's identity, its link,
    whatever the page names as canonical (a click redirect, a shortlink): the page's text
    revises the item's summary article instead of starting a second one. ``url`` still holds
    the page's canonical URL."""
    record = article.metadata.get("full_text")
    link = canonical_url(record.get("link")) if isinstance(record, dict) else None
    if link:
        return "url:" + link
    if article.url:
        return "url:" + article.url
    if article.external_id:
        scope = article.outlet.domain or article.outlet.name or article.format
        return f"ext:{scope}:{article.external_id}"
    return "hash:" + article.content_hash


def too_large_message(size: int, limit: int) -> str:
    """The one line for an input of ``size`` bytes that SQLite cannot keep (``limit``)."""
    return (f"too large to keep: {size:,} bytes, more than the {limit:,} bytes SQLite stores "
            "in one value; split it into smaller files")


class Store:
    """One newsprism database. ``Store.open(path)``; use as a context manager to close it."""

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self.conn = conn
        self.path = path
        self._depth = 0

    @classmethod
    def open(cls, path: str | Path) -> Store:
        return cls(connect(path), str(path))

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit; nested calls become savepoints."""
        name = f"sp{self._depth}"
        self.conn.execute("BEGIN IMMEDIATE" if self._depth == 0 else f"SAVEPOINT {name}")
        self._depth += 1
        try:
            yield self.conn
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                self.conn.execute("ROLLBACK")
            else:
                self.conn.execute(f"ROLLBACK TO {name}")
                self.conn.execute(f"RELEASE {name}")
            raise
        self._depth -= 1
        self.conn.execute("COMMIT" if self._depth == 0 else f"RELEASE {name}")

    # -- raw documents ---------------------------------------------------------------------

    def find_raw(self, sha256: str) -> StoredRaw | None:
        row = self.conn.execute("SELECT * FROM raw_documents WHERE sha256 = ?",
                                (sha256,)).fetchone()
        return _raw(row) if row else None

    def get_raw(self, raw_id: int) -> StoredRaw:
        row = self.conn.execute("SELECT * FROM raw_documents WHERE id = ?", (raw_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no raw document with id {raw_id}")
        return _raw(row)

    def too_large(self, raw: RawDocument) -> str | None:
        """Why the bytes cannot be kept, when they are more than SQLite stores in one value
        (1 GB by default: a whole CC-NEWS archive can be); None when they fit."""
        limit = self.conn.getlimit(sqlite3.SQLITE_LIMIT_LENGTH)
        return too_large_message(len(raw.data), limit) if len(raw.data) > limit else None

    def save_raw(self, raw: RawDocument, *, format: str | None, status: str = "ok",
                 error: str | None = None, article_count: int = 0) -> tuple[int, bool]:
        """Store the bytes once (by sha256); (raw id, whether it was new). Updates the status."""
        existing = self.find_raw(raw.sha256)
        if existing is not None:
            self.conn.execute(
                "UPDATE raw_documents SET format = ?, status = ?, error = ?, article_count = ?, "
                "parsed_at = ? WHERE id = ?",
                (format, status, error, article_count, _now(), existing.id),
            )
            return existing.id, False
        cursor = self.conn.execute(
            "INSERT INTO raw_documents (sha256, origin, url, content_type, fetched_at, size, data,"
            " format, status, error, article_count, parsed_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (raw.sha256, raw.origin, raw.url, raw.content_type,
             raw.fetched_at.astimezone(UTC).isoformat(timespec="seconds"), len(raw.data),
             raw.data, format, status, error, article_count, _now()),
        )
        return int(cursor.lastrowid or 0), True

    def raw_ids(self, *, status: Sequence[str] | None = None) -> list[int]:
        if status:
            marks = ",".join("?" * len(status))
            rows = self.conn.execute(
                f"SELECT id FROM raw_documents WHERE status IN ({marks}) ORDER BY id",
                tuple(status))
        else:
            rows = self.conn.execute("SELECT id FROM raw_documents ORDER BY id")
        return [row[0] for row in rows]

    # -- articles --------------------------------------------------------------------------

    def save_article(self, raw_id: int, article: Article) -> SavedArticle:
        """Insert, leave unchanged, or revise (old version kept) one article."""
        key = article_key(article)
        row = self.conn.execute(
            "SELECT id, content_hash, revision, raw_id, data FROM articles WHERE key = ?", (key,)
        ).fetchone()
        content_hash = article.content_hash
        if row is not None and row["content_hash"] == content_hash:
            return SavedArticle(row["id"], "unchanged")
        now = _now()
        if row is None:
            cursor = self.conn.execute(
                "INSERT INTO articles (key, raw_id, external_id, url, title, outlet_name,"
                " outlet_domain, language, published, published_at, updated, content_hash, data,"
                " created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', ?, ?)",
                (key, raw_id, *self._columns(article), content_hash, now, now),
            )
            article_id = int(cursor.lastrowid or 0)
            status: SaveStatus = "new"
        else:
            article_id = row["id"]
            self.conn.execute(
                "INSERT INTO article_revisions (article_id, revision, raw_id, content_hash, data,"
                " replaced_at) VALUES (?, ?, ?, ?, ?, ?)",
                (article_id, row["revision"], row["raw_id"], row["content_hash"], row["data"], now),
            )
            self.conn.execute(
                "UPDATE articles SET raw_id = ?, revision = revision + 1, external_id = ?, url = ?,"
                " title = ?, outlet_name = ?, outlet_domain = ?, language = ?, published = ?,"
                " published_at = ?, updated = ?, content_hash = ?, modified_at = ? WHERE id = ?",
                (raw_id, *self._columns(article), content_hash, now, article_id),
            )
            self.conn.execute("DELETE FROM articles_fts WHERE rowid = ?", (article_id,))
            status = "revised"
        stored = article.with_id(article_id)
        self.conn.execute("UPDATE articles SET data = ? WHERE id = ?",
                          (json.dumps(stored.to_dict(), ensure_ascii=False), article_id))
        self.conn.execute("INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
                          (article_id, article.title, article.body))
        return SavedArticle(article_id, status)

    def set_metadata(self, article_id: int, name: str, value: Any) -> bool:
        """Set one ``metadata`` entry of a stored article in place, without a revision (a note
        about the article, not its text); whether anything changed."""
        row = self.conn.execute("SELECT data FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no article with id {article_id}")
        data = json.loads(row["data"])
        metadata = data.setdefault("metadata", {})
        if metadata.get(name) == value:
            return False
        metadata[name] = value
        self.conn.execute("UPDATE articles SET data = ?, modified_at = ? WHERE id = ?",
                          (json.dumps(data, ensure_ascii=False), _now(), article_id))
        return True

    @staticmethod
    def _columns(article: Article) -> tuple[Any, ...]:
        return (
            article.external_id, article.url, article.title, article.outlet.name,
            article.outlet.domain, article.language,
            article.published.isoformat() if article.published else None,
            article.published.sort_key.isoformat() if article.published else None,
            article.updated.isoformat() if article.updated else None,
        )

    def get_article(self, article_id: int) -> Article:
        row = self.conn.execute("SELECT data FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no article with id {article_id}")
        return Article.from_dict(json.loads(row["data"]))

    def iter_articles(self, ids: Sequence[int] | None = None, *,
                      batch: int = 500) -> Iterator[Article]:
        """Articles by id (all, in id order, when ``ids`` is None), read in bounded batches."""
        if ids is None:
            last = 0
            while True:
                rows = self.conn.execute(
                    "SELECT id, data FROM articles WHERE id > ? ORDER BY id LIMIT ?", (last, batch)
                ).fetchall()
                if not rows:
                    return
                for row in rows:
                    yield Article.from_dict(json.loads(row["data"]))
                last = rows[-1]["id"]
        for start in range(0, len(ids), batch):
            chunk = list(ids[start:start + batch])
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(f"SELECT id, data FROM articles WHERE id IN ({marks})",
                                     chunk).fetchall()
            by_id = {row["id"]: row["data"] for row in rows}
            for article_id in chunk:
                if article_id in by_id:
                    yield Article.from_dict(json.loads(by_id[article_id]))

    def article_ids(self, *, since: str | None = None) -> list[int]:
        if since:
            rows = self.conn.execute(
                "SELECT id FROM articles WHERE published_at >= ? ORDER BY id", (since,))
        else:
            rows = self.conn.execute("SELECT id FROM articles ORDER BY id")
        return [row[0] for row in rows]

    def list_articles(self, *, limit: int = 50, offset: int = 0, since: str | None = None,
                      outlet: str | None = None, language: str | None = None) -> list[sqlite3.Row]:
        """Article summary rows, newest first."""
        where, params = ["1=1"], []
        if since:
            where.append("COALESCE(published_at, created_at) >= ?")
            params.append(since)
        if outlet:
            where.append("(outlet_domain = ? OR outlet_name = ?)")
            params += [outlet, outlet]
        if language:
            where.append("language = ?")
            params.append(language)
        sql = (
            "SELECT id, title, outlet_name, outlet_domain, language, published, url, external_id,"
            " revision, raw_id FROM articles WHERE " + " AND ".join(where) +
            " ORDER BY COALESCE(published_at, created_at) DESC, id DESC LIMIT ? OFFSET ?"
        )
        return self.conn.execute(sql, (*params, limit, offset)).fetchall()

    def count_articles(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def revisions(self, article_id: int) -> list[sqlite3.Row]:
        return self.conn.execute(
            "SELECT revision, raw_id, content_hash, replaced_at FROM article_revisions"
            " WHERE article_id = ? ORDER BY revision", (article_id,)).fetchall()

    def article_raw_id(self, article_id: int) -> int:
        row = self.conn.execute("SELECT raw_id FROM articles WHERE id = ?",
                                (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no article with id {article_id}")
        return int(row[0])

    def search(self, query: str, *, limit: int = 20, offset: int = 0,
               marks: tuple[str, str] = ("[", "]")) -> list[sqlite3.Row]:
        """Full-text search (FTS5, bm25) with highlighted snippets; plain words, "phrases" ok.

        ``marks`` open and close each match in the snippet (the web page passes characters
        no article text holds, so a '[' of the text is not taken for a highlight)."""
        match = fts_query(query)
        if not match:
            return []
        return self.conn.execute(
            "SELECT a.id, a.title, a.outlet_name, a.outlet_domain, a.language, a.published,"
            " a.url, snippet(articles_fts, 1, ?, ?, ' … ', 12) AS snippet"
            " FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
            " WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, 4.0, 1.0) LIMIT ? OFFSET ?",
            (*marks, match, limit, offset),
        ).fetchall()


_TERM = re.compile(r'"([^"]+)"|(\S+)')


def fts_query(query: str) -> str:
    """A user's words as a safe FTS5 query: every term quoted, "phrases" kept, all required.

    A NUL would end SQLite's copy of the query early ('unterminated string'): it separates
    words like a space."""
    parts = []
    for phrase, word in _TERM.findall(query.replace("\x00", " ")):
        text = (phrase or word).replace('"', " ").strip()
        if text:
            parts.append(f'"{text}"')
    return " ".join(parts)


def _raw(row: sqlite3.Row) -> StoredRaw:
    return StoredRaw(
        id=row["id"], sha256=row["sha256"], origin=row["origin"], url=row["url"],
        content_type=row["content_type"], fetched_at=row["fetched_at"], size=row["size"],
        format=row["format"], status=row["status"], error=row["error"],
        article_count=row["article_count"], data=bytes(row["data"]),
    )
