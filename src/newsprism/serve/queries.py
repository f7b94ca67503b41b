"""The reads the API and the web pages share: story river, story, article, search.

Both front ends call these and only format differently, so the JSON and the HTML always say
the same thing. The stories and comparison stages are optional imports: without them the river
falls back to listing articles (``mode: "articles"``).
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Callable
from functools import cache
from types import ModuleType
from typing import Any

from newsprism.errors import NotFoundError
from newsprism.store import Store, comparisons
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
    if not result:
        return None
    placed = dict(result)
    if placed.get("story") is not None:  # the story's title, for a link a reader can judge
        row = store.conn.execute("SELECT title FROM stories WHERE id = ?",
                                 (placed["story"],)).fetchone()
        placed["title"] = row["title"] if row else None
    return placed


def list_articles(store: Store, *, limit: int, offset: int, since: str | None,
                  language: str | None, outlet: str | None) -> list[dict[str, Any]]:
    rows = store.list_articles(limit=limit, offset=offset, since=since, outlet=outlet,
                               language=language)
    return [article_summary(r) for r in rows]


def stories_of(store: Store, article_ids: list[int]) -> dict[int, int | None]:
    """The story each article is in now (merges followed); None when it is in none, or the
    stories stage is not installed."""
    module = optional_module("newsprism.store.stories")
    if module is None or not stories_available(store):
        return dict.fromkeys(article_ids)
    return {article_id: module.story_of(store, article_id) for article_id in article_ids}


def search(store: Store, query: str, *, limit: int, offset: int,
           marks: tuple[str, str] = ("[", "]")) -> list[dict[str, Any]]:
    """Full-text matches, best first, each with its snippet (matches between ``marks``) and
    its story."""
    results = []
    for row in store.search(query, limit=limit, offset=offset, marks=marks):
        item = article_summary(row)
        item["snippet"] = row["snippet"]
        results.append(item)
    story = stories_of(store, [item["id"] for item in results])
    return [{**item, "story": story[item["id"]]} for item in results]


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


# The stored comparisons (store.comparisons), memoised in this process.
COMPARISONS = comparisons.Memo()


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


def story_detail(store: Store, story_id: int) -> dict[str, Any]:
    """One story compared source by source (``compare.report.compare_story``, which keeps it
    in ``store.comparisons`` until the story's articles change), memoised per process, with
    the story fields ``newsprism story ID --format json`` shows beside it (``story_summary``)
    and each source's placement ``status`` ("syndicated" for a copy).

    A merged story's old id resolves to the story it joined: ``resolved_from`` is the id asked
    for, ``merged_from`` lists every id merged into the story.
    """
    if not stories_available(store):
        raise NotFoundError(f"no story with id {story_id} (the stories stage is not installed)")
    live = resolve_story(store, story_id)
    report = optional_module("newsprism.compare.report")
    stories = optional_module("newsprism.store.stories")
    if report is None or stories is None:
        raise NotFoundError(f"story {story_id}: the comparison stage is not installed")
    article_ids = stories.story_article_ids(store, live)
    if not article_ids:
        raise NotFoundError(f"story {story_id} has no articles")
    result = COMPARISONS.get(store, live, article_ids, frozen(
        lambda: dict(report.compare_story(store, live).to_dict())))
    fields = stories.story_summary(store, live)
    status = {a["id"]: a["status"] for a in fields["articles"]}
    extra = {key: fields[key] for key in (
        "id", "first_seen", "last_updated", "article_count", "central_article", "languages",
        "top_entities", "merged_from", "syndication_groups")}
    if fields["title"]:
        extra["title"] = fields["title"]  # the river's title, from the most central article
    if live != story_id:
        extra["resolved_from"] = story_id
    sources = [{**s, "status": status.get(s.get("article"))} for s in result.get("sources") or []]
    return {**result, "sources": sources, **extra}
