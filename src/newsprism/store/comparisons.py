"""Cached story comparisons: reuse a story's comparison JSON while nothing it depends on changed.

Comparing a story analyses and aligns every member article, so a CLI call or a web request must
not redo it when nothing changed. The key is the story's **membership hash** (the sorted ids and
content hashes of its articles: a new, removed or revised article changes it) plus the
**version** (``ANALYZER_VERSION`` and ``COMPARE_VERSION``: a rule change recomputes everything).

A server also keeps the decoded comparisons it served in a ``Memo``: a thin in-process layer
over the stored rows, keyed by the same membership hash.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from newsprism.store import Store

__all__ = ["Memo", "clear", "load_comparison", "membership_hash", "save_comparison"]


def membership_hash(store: Store, article_ids: Sequence[int]) -> str:
    """SHA-1 over the sorted (id, content_hash) pairs of the story's articles."""
    ids = sorted(set(article_ids))
    rows: list[tuple[int, str]] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        rows += [(r[0], r[1]) for r in store.conn.execute(
            f"SELECT id, content_hash FROM articles WHERE id IN ({marks})", chunk)]
    rows.sort()
    return hashlib.sha1(json.dumps(rows).encode()).hexdigest()


def load_comparison(store: Store, story_id: int, membership: str,
                    version: str) -> dict[str, Any] | None:
    """The cached comparison JSON, or None when missing or computed for other inputs."""
    row = store.conn.execute(
        "SELECT membership, version, data FROM comparisons WHERE story_id = ?",
        (story_id,)).fetchone()
    if row is None or row["membership"] != membership or row["version"] != version:
        return None
    data: dict[str, Any] = json.loads(row["data"])
    return data


def save_comparison(store: Store, story_id: int, membership: str, version: str,
                    data: dict[str, Any]) -> None:
    """Store (or replace) the comparison of ``story_id``."""
    now = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    with store.transaction():
        store.conn.execute(
            "INSERT OR REPLACE INTO comparisons (story_id, membership, version, data, computed_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (story_id, membership, version, json.dumps(data, ensure_ascii=False), now))


def clear(store: Store, story_id: int | None = None) -> None:
    """Drop one story's cached comparison, or all of them."""
    with store.transaction():
        if story_id is None:
            store.conn.execute("DELETE FROM comparisons")
        else:
            store.conn.execute("DELETE FROM comparisons WHERE story_id = ?", (story_id,))


class Memo:
    """The comparisons this process served, by database, story and membership hash.

    ``load`` (``compare.report.compare_story``) reads the stored row, or computes and stores
    it; the memo only saves a server decoding that JSON again per request (0.2-0.5 ms for a
    story of 5-10 articles) and makes concurrent requests for one cold story wait for a single
    ``load``. It is stale exactly when the stored row is: a new, removed or revised article
    changes the hash, and the versions cannot change while the process runs. The least
    recently used of more than ``size`` stories are dropped.
    """

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, int, str], dict[str, Any]] = OrderedDict()
        self._locks: dict[tuple[str, int, str], threading.Lock] = {}
        self._guard = threading.Lock()

    def get(self, store: Store, story_id: int, article_ids: Sequence[int],
            load: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """The comparison of ``story_id`` (made of ``article_ids``): memoised, else ``load()``."""
        key = (store.path, story_id, membership_hash(store, article_ids))
        with self._guard:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            with self._guard:
                if key in self._items:  # another thread loaded it while this one waited
                    return self._items[key]
            try:
                value = load()
            finally:
                with self._guard:
                    self._locks.pop(key, None)
            with self._guard:
                self._items[key] = value
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
            return value

    def clear(self) -> None:
        with self._guard:
            self._items.clear()
