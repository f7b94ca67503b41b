"""The story river: live stories, most recently updated first, with the river's filters.

One query serves the API, the web pages and ``newsprism stories``, so the three list the same
stories for the same filters: merged stories and empty ones are hidden, ``since`` keeps stories
updated at or after a moment, ``language`` and ``outlet`` keep stories with a member article
in that language or from that outlet (its domain, typed any way, or its name in any case),
``q`` keeps stories with an article matching the words (FTS5). Read-only over the 0002 tables.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from newsprism.normalize.urls import domain_of
from newsprism.store import Store, fts_query

__all__ = ["Ties", "parse_since", "river_stories", "story_rows"]

Ties = Literal["newest", "largest"]
"""How stories updated at the same moment are ordered: the ``newest`` story first (the order
of the ``stories_updated`` index, so a page is read straight from it: the API and web pages),
or the ``largest`` first, then the oldest (``newsprism stories`` since its first version)."""

_RELATIVE = re.compile(r"^\s*(\d{1,5})\s*([mhdw])\s*$", re.IGNORECASE)
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_ORDER: dict[Ties, str] = {
    "newest": "s.last_updated DESC, s.id DESC",
    "largest": "s.last_updated IS NULL, s.last_updated DESC, s.article_count DESC, s.id",
}
_MEMBER = ("EXISTS (SELECT 1 FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
           " WHERE sa.story_id = s.id AND {})")


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


def story_rows(store: Store, *, limit: int, offset: int = 0, since: str | None = None,
               q: str | None = None, language: str | None = None, outlet: str | None = None,
               ties: Ties = "newest", undated_by_write: bool = False) -> list[sqlite3.Row]:
    """One page of live stories (id, title, first_seen, last_updated, article_count).

    ``since`` is compared with ``last_updated``; a story none of whose articles has a date has
    none, and is left out unless ``undated_by_write`` compares its row's write time instead.
    One indexed query, so a page costs the same with 20 or 200,000 articles in the store.
    """
    where = ["s.merged_into IS NULL", "s.article_count > 0"]
    params: list[Any] = []
    if since:
        where.append("COALESCE(s.last_updated, s.updated_at) >= ?" if undated_by_write
                     else "s.last_updated >= ?")
        params.append(since)
    if language:
        where.append(_MEMBER.format("a.language = ?"))
        params.append(language)
    if outlet:
        # a domain as a reader types it (any case, www., a URL) or the outlet's name in any case
        where.append(_MEMBER.format("(a.outlet_domain = ? OR a.outlet_name = ? COLLATE NOCASE)"))
        outlet = outlet.strip()
        params += [domain_of(outlet if "://" in outlet else f"https://{outlet}") or outlet,
                   outlet]
    if q:
        match = fts_query(q)
        if not match:
            return []
        where.append("s.id IN (SELECT sa.story_id FROM articles_fts JOIN story_articles sa"
                     " ON sa.article_id = articles_fts.rowid WHERE articles_fts MATCH ?)")
        params.append(match)
    return store.conn.execute(
        "SELECT s.id, s.title, s.first_seen, s.last_updated, s.article_count FROM stories s"
        f" WHERE {' AND '.join(where)} ORDER BY {_ORDER[ties]} LIMIT ? OFFSET ?",
        (*params, limit, offset)).fetchall()


def river_stories(store: Store, *, limit: int, offset: int = 0, since: str | None = None,
                  q: str | None = None, language: str | None = None,
                  outlet: str | None = None) -> list[dict[str, Any]]:
    """The river's story summaries: a page of ``story_rows`` with each story's outlets
    ({name, domain}) and languages in the order its articles were published.

    A second query reads the members of the whole page at once (not one query per story).
    """
    stories = [{"id": r["id"], "title": r["title"], "first_seen": r["first_seen"],
                "last_updated": r["last_updated"], "article_count": r["article_count"],
                "outlets": [], "languages": []}
               for r in story_rows(store, limit=limit, offset=offset, since=since, q=q,
                                   language=language, outlet=outlet)]
    if not stories:
        return stories
    by_id = {s["id"]: s for s in stories}
    marks = ",".join("?" * len(by_id))
    members = store.conn.execute(
        "SELECT sa.story_id, a.outlet_name, a.outlet_domain, a.language FROM story_articles sa"
        f" JOIN articles a ON a.id = sa.article_id WHERE sa.story_id IN ({marks})"
        " ORDER BY sa.story_id, COALESCE(a.published_at, a.created_at), a.id",
        list(by_id)).fetchall()
    for row in members:
        story = by_id[row["story_id"]]
        found = {"name": row["outlet_name"] or row["outlet_domain"], "domain": row["outlet_domain"]}
        if found["name"] and found not in story["outlets"]:
            story["outlets"].append(found)
        if row["language"] and row["language"] not in story["languages"]:
            story["languages"].append(row["language"])
    return stories
