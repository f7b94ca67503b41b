"""The reads the API and the web pages share: story river, story, article, search.

Both front ends call these and only format differently, so the JSON and the HTML always say
the same thing. The stories and comparison stages are optional imports: without them the river
falls back to listing articles (``mode: "articles"``).
"""

from __future__ import annotations

import gc
import importlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import cache
from types import ModuleType
from typing import Any

from newsprism.errors import NotFoundError
from newsprism.store import Store
from newsprism.store.river import river_stories


@cache
def optional_module(name: str) -> ModuleType | None:
    """A module of another stage, or None while it is not installed."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def stories_available(store: Store | None = None) -> bool:
    """True when the stories stage is installed (its module, and its tables in ``store``)."""
    if optional_module("newsprism.store.stories") is None:
        return False
    if store is None:
        return True
    return _has_table(store, "stories")


def _has_table(store: Store, name: str) -> bool:
    row = store.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                             (name,)).fetchone()
    return row is not None


# -- articles ---------------------------------------------------------------------------------

def article_summary(row: Any) -> dict[str, Any]:
    return {
        "id": row["id"], "title": row["title"],
        "outlet": {"name": row["outlet_name"], "domain": row["outlet_domain"]},
        "language": row["language"], "published": row["published"],
        "url": row["url"] if "url" in row.keys() else None,
    }


def article_detail(store: Store, article_id: int) -> dict[str, Any]:
    """The article as exported, plus its raw document id, revisions and story placement."""
    article = store.get_article(article_id)
    record = article.to_dict()
    record["raw_id"] = store.article_raw_id(article_id)
    record["revisions"] = [dict(r) for r in store.revisions(article_id)]
    record["story"] = placement(store, article_id)
    return record


def placement(store: Store, article_id: int) -> dict[str, Any] | None:
    module = optional_module("newsprism.store.stories")
    if module is None or not hasattr(module, "placement_of"):
        return None
    result = module.placement_of(store, article_id)
    return dict(result) if result else None


def list_articles(store: Store, *, limit: int, offset: int, since: str | None,
                  language: str | None, outlet: str | None) -> list[dict[str, Any]]:
    rows = store.list_articles(limit=limit, offset=offset, since=since, outlet=outlet,
                               language=language)
    return [article_summary(r) for r in rows]


def search(store: Store, query: str, *, limit: int, offset: int) -> list[dict[str, Any]]:
    """Full-text matches, best first, each with its snippet and (when known) its story."""
    results = []
    for row in store.search(query, limit=limit, offset=offset):
        item = article_summary(row)
        item["snippet"] = row["snippet"]
        results.append(item)
    return results


# -- stories ----------------------------------------------------------------------------------

def river(store: Store, *, limit: int, offset: int, since: str | None, q: str | None,
          language: str | None, outlet: str | None) -> dict[str, Any]:
    """The story river, newest first; articles when the stories stage is not installed."""
    if not stories_available(store):
        if q:
            items = search(store, q, limit=limit, offset=offset)
        else:
            items = list_articles(store, limit=limit, offset=offset, since=since,
                                  language=language, outlet=outlet)
        return {"mode": "articles", "stories": [], "articles": items}
    return {"mode": "stories", "stories": river_stories(
        store, limit=limit, offset=offset, since=since, q=q, language=language, outlet=outlet)}


def resolve_story(store: Store, story_id: int) -> int:
    """The live id of a story (following merges), or NotFoundError."""
    stories = optional_module("newsprism.store.stories")
    if stories is None:
        raise NotFoundError(f"no story with id {story_id}")
    live = int(stories.resolve(store, story_id))
    exists = store.conn.execute("SELECT 1 FROM stories WHERE id = ? AND merged_into IS NULL",
                                (live,)).fetchone()
    if exists is None:
        raise NotFoundError(f"no story with id {story_id}")
    return live


def story_article_ids(store: Store, story_id: int) -> list[int]:
    return [r[0] for r in store.conn.execute(
        "SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY article_id",
        (story_id,))]


class ComparisonCache:
    """Comparisons by story, reused while the story's articles are unchanged.

    Comparing a story analyses and aligns every article (seconds for a large story), so a
    server must not redo it per request. The key is the story id plus the ids and content
    hashes of its articles: a new or revised article makes a new key. Concurrent requests for
    the same cold story wait for one computation instead of each starting their own.
    """

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._items: OrderedDict[tuple[Any, ...], dict[str, Any]] = OrderedDict()
        self._locks: dict[tuple[Any, ...], threading.Lock] = {}
        self._guard = threading.Lock()

    def get(self, key: tuple[Any, ...], compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        with self._guard:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            with self._guard:
                if key in self._items:
                    return self._items[key]
            value = compute()
            with self._guard:
                self._items[key] = value
                self._locks.pop(key, None)
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
            return value

    def clear(self) -> None:
        with self._guard:
            self._items.clear()


COMPARISONS = ComparisonCache()


def frozen(compute: Callable[[], dict[str, Any]]) -> Callable[[], dict[str, Any]]:
    """Run ``compute``, then move every live object out of the cyclic GC's reach.

    The first comparison loads the NLP models: hundreds of MB of long-lived objects that the
    garbage collector would otherwise walk on every full collection, stalling all requests
    for hundreds of ms (the p99 of the river under load). ``gc.freeze`` parks them once.
    """

    def run() -> dict[str, Any]:
        result = compute()
        gc.freeze()
        return result

    return run


def _fingerprint(store: Store, story_id: int) -> tuple[Any, ...]:
    ids = story_article_ids(store, story_id)
    if not ids:
        raise NotFoundError(f"story {story_id} has no articles")
    marks = ",".join("?" * len(ids))
    rows = store.conn.execute(f"SELECT id, content_hash FROM articles WHERE id IN ({marks}) "
                              "ORDER BY id", ids).fetchall()
    return (store.path, story_id, *((r[0], r[1]) for r in rows))


def story_detail(store: Store, story_id: int) -> dict[str, Any]:
    """One story compared source by source (``compare.report``), cached while unchanged.

    A merged story's old id resolves to the story it joined (``merged_from`` says so).
    """
    if not stories_available(store):
        raise NotFoundError(f"no story with id {story_id} (the stories stage is not installed)")
    live = resolve_story(store, story_id)
    report = optional_module("newsprism.compare.report")
    if report is None:
        raise NotFoundError(f"story {story_id}: the comparison stage is not installed")

    stories = optional_module("newsprism.store.stories")

    def compute() -> dict[str, Any]:
        if hasattr(stories, "story_article_ids"):
            return dict(report.compare_story(store, live).to_dict())
        # compare.report reads a story's members through store.stories.story_article_ids;
        # until that exists, hand it the members read here (analyses computed on the fly).
        articles = list(store.iter_articles(ids=story_article_ids(store, live)))
        return dict(report.compare_articles(articles, story=live).to_dict())

    result = COMPARISONS.get(_fingerprint(store, live), frozen(compute))
    summary = store.conn.execute(
        "SELECT title, first_seen, last_updated, article_count FROM stories WHERE id = ?",
        (live,)).fetchone()
    extra = {"id": live, "first_seen": summary["first_seen"],
             "last_updated": summary["last_updated"], "article_count": summary["article_count"]}
    if stories is not None and hasattr(stories, "groups_of_story"):
        extra["syndication_groups"] = stories.groups_of_story(store, live)
    if summary["title"]:
        extra["title"] = summary["title"]  # the river's title, from the most central article
    if live != story_id:
        extra["merged_from"] = story_id
    return {**result, **extra}
