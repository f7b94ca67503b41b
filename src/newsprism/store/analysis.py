"""Stored analysis results: save, load, and recompute only what is stale.

An analysis is stale when the article's ``content_hash`` or ``ANALYZER_VERSION`` differs from
what was stored with it, so re-ingesting unchanged text costs nothing and a rule change is
picked up on the next run. The JSON of ``ArticleAnalysis.to_dict`` is the source of truth; the
``quotes`` and ``entity_mentions`` rows are copies for queries across articles.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from newsprism.analyze import ANALYZER_VERSION, ArticleAnalysis, analyze_articles
from newsprism.errors import NotFoundError
from newsprism.store import Store

log = logging.getLogger(__name__)
WRITE_BATCH = 64  # analyses written per transaction


@dataclass(slots=True)
class AnalyzeReport:
    """What ``analyze_and_store`` did."""

    analyzed: int = 0
    fresh: int = 0  # already up to date, skipped


def save_analysis(store: Store, analysis: ArticleAnalysis) -> None:
    """Replace the stored analysis of ``analysis.article_id`` (call inside a transaction)."""
    if analysis.article_id is None:
        raise ValueError("an analysis needs the store's article id to be saved")
    conn, aid = store.conn, analysis.article_id
    now = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    conn.execute(
        "INSERT OR REPLACE INTO article_analysis "
        "(article_id, content_hash, analyzer_version, language, data, analyzed_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (aid, analysis.content_hash, analysis.analyzer_version, analysis.language,
         json.dumps(analysis.to_dict(), ensure_ascii=False), now))
    conn.execute("DELETE FROM quotes WHERE article_id = ?", (aid,))
    conn.execute("DELETE FROM entity_mentions WHERE article_id = ?", (aid,))
    conn.executemany(
        "INSERT INTO quotes (article_id, position, start_offset, end_offset, text, speaker, "
        "speaker_mention, cue, partial) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(aid, i, q.start, q.end, q.text, q.speaker, q.speaker_mention, q.cue, int(q.partial))
         for i, q in enumerate(analysis.quotes)])
    conn.executemany(
        "INSERT INTO entity_mentions (article_id, start_offset, end_offset, text, label, "
        "canonical) VALUES (?, ?, ?, ?, ?, ?)",
        [(aid, e.start, e.end, e.text, e.label, e.canonical) for e in analysis.entities or ()])


def load_analysis(store: Store, article_id: int, *,
                  fresh_only: bool = True) -> ArticleAnalysis | None:
    """The stored analysis, or None when there is none (or it is stale and ``fresh_only``)."""
    row = store.conn.execute(
        "SELECT x.data, x.content_hash, x.analyzer_version, a.content_hash AS current "
        "FROM article_analysis x JOIN articles a ON a.id = x.article_id "
        "WHERE x.article_id = ?", (article_id,)).fetchone()
    if row is None:
        return None
    if fresh_only and (row["content_hash"] != row["current"]
                       or row["analyzer_version"] != ANALYZER_VERSION):
        return None
    return ArticleAnalysis.from_dict(json.loads(row["data"]))


def stale_ids(store: Store, article_ids: Sequence[int] | None = None) -> list[int]:
    """Ids (of those given, or of all articles) with no analysis or a stale one."""
    sql = ("SELECT a.id FROM articles a LEFT JOIN article_analysis x ON x.article_id = a.id "
           "WHERE (x.article_id IS NULL OR x.content_hash != a.content_hash "
           "OR x.analyzer_version != ?)")
    if article_ids is None:
        return [r[0] for r in store.conn.execute(sql + " ORDER BY a.id", (ANALYZER_VERSION,))]
    out: list[int] = []
    ids = list(article_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        found = {r[0] for r in store.conn.execute(
            f"{sql} AND a.id IN ({marks})", (ANALYZER_VERSION, *chunk))}
        out.extend(i for i in chunk if i in found)
    return out


def analyze_and_store(store: Store, article_ids: Sequence[int] | None = None, *,
                      force: bool = False, n_process: int = 1) -> AnalyzeReport:
    """Analyse the given (or all) articles whose analysis is missing or stale, and store it."""
    wanted = list(article_ids) if article_ids is not None else None
    todo = (wanted if wanted is not None else store.article_ids()) if force \
        else stale_ids(store, wanted)
    report = AnalyzeReport(fresh=(len(wanted) if wanted is not None else 0) - len(todo))
    batch: list[ArticleAnalysis] = []
    for analysis in analyze_articles(store.iter_articles(todo), n_process=n_process):
        batch.append(analysis)
        if len(batch) >= WRITE_BATCH:
            _write(store, batch)
            report.analyzed += len(batch)
            batch = []
    _write(store, batch)
    report.analyzed += len(batch)
    return report


def _write(store: Store, analyses: list[ArticleAnalysis]) -> None:
    if not analyses:
        return
    with store.transaction():
        for analysis in analyses:
            save_analysis(store, analysis)


def get_analysis(store: Store, article_id: int) -> ArticleAnalysis:
    """The article's analysis, computed and stored first when missing or stale."""
    found = load_analysis(store, article_id)
    if found is not None:
        return found
    article = store.get_article(article_id)  # raises NotFoundError for an unknown id
    if article.id is None:
        raise NotFoundError(f"no article with id {article_id}")
    analyze_and_store(store, [article_id])
    found = load_analysis(store, article_id)
    assert found is not None
    return found
