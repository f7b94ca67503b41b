"""Cached story comparisons: reuse a story's comparison JSON while nothing it depends on changed.

Comparing a story analyses and aligns every member article, so a CLI call or a web request must
not redo it when nothing changed. The key is the story's **membership hash** (the sorted ids and
content hashes of its articles: a new, removed or revised article changes it) plus the
**version** (``ANALYZER_VERSION`` and ``COMPARE_VERSION``: a rule change recomputes everything).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from newsprism.store import Store

__all__ = ["clear", "load_comparison", "membership_hash", "save_comparison"]


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
