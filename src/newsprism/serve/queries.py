"""The reads the API and the web pages share: story river, story, article, search.

Both front ends call these and only format differently, so the JSON and the HTML always say
the same thing. The stories and comparison stages are optional imports: without them the river
falls back to listing articles (``mode: "articles"``).
"""

from __future__ import annotations

import importlib
import re
from datetime import UTC, date, datetime, timedelta
from functools import cache
from types import ModuleType
from typing import Any

from newsprism.errors import NotFoundError
from newsprism.store import Store

_RELATIVE = re.compile(r"^\s*(\d{1,5})\s*([mhdw])\s*$", re.IGNORECASE)
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(text: str, *, now: datetime | None = None) -> str:
    """'2d', '12h', '30m', '1w', a date or an ISO datetime -> an ISO UTC string to compare with.

    Raises ValueError with a message for the user when it is none of these.
    """
    text = text.strip()
    match = _RELATIVE.match(text)
    if match:
        delta = timedelta(**{_UNITS[match.group(2).lower()]: int(match.group(1))})
        moment = (now or datetime.now(UTC)) - delta
        return moment.astimezone(UTC).isoformat(timespec="seconds")
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime(day.year, day.month, day.day, tzinfo=UTC).isoformat()
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{text!r} is not a duration (2d, 12h, 30m, 1w), a date (2026-06-04) "
                         "or an ISO datetime") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


@cache
def optional_module(name: str) -> ModuleType | None:
    """A module of another stage, or None while it is not installed."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def stories_available() -> bool:
    return optional_module("newsprism.store.stories") is not None


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
    module = optional_module("newsprism.store.stories")
    if module is None:
        if q:
            items = search(store, q, limit=limit, offset=offset)
        else:
            items = list_articles(store, limit=limit, offset=offset, since=since,
                                  language=language, outlet=outlet)
        return {"mode": "articles", "stories": [], "articles": items}
    stories = module.list_stories(store, limit=limit, offset=offset, since=since, q=q,
                                  language=language, outlet=outlet)
    return {"mode": "stories", "stories": [story_summary(s) for s in stories]}


def story_summary(story: Any) -> dict[str, Any]:
    data = story if isinstance(story, dict) else story.to_dict()
    return dict(data)


def story_detail(store: Store, story_id: int) -> dict[str, Any]:
    """The full comparison of one story (compare.report), or its articles without it."""
    stories = optional_module("newsprism.store.stories")
    if stories is None:
        raise NotFoundError(f"no story with id {story_id} (the stories stage is not installed)")
    report = optional_module("newsprism.compare.report")
    if report is not None:
        comparison = report.compare_story(store, story_id)
        return dict(comparison.to_dict())
    story = stories.get_story(store, story_id)
    return story_summary(story)
