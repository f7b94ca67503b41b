"""Stored analyses: written with the rows for queries, recomputed only when stale."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from newsprism.analyze import ANALYZER_VERSION
from newsprism.models import Article, Outlet, RawDocument
from newsprism.store.analysis import (
    analyze_and_store,
    get_analysis,
    load_analysis,
    save_analysis,
    stale_ids,
)

BODY = ('"We are ready to talk," Maria Lopez told reporters in Madrid.',
        '"The talks start on Monday," she added.')


def _save(store, paragraphs=BODY) -> int:
    article = Article(title="Talks", outlet=Outlet(name="Example", domain="example.org"),
                      url="https://example.org/talks", language="en", paragraphs=paragraphs)
    with store.transaction():
        raw_id, _ = store.save_raw(RawDocument(data=" ".join(paragraphs).encode(),
                                               origin="test"), format="text")
        return store.save_article(raw_id, article).id


def test_analysis_is_stored_with_quote_and_entity_rows(store) -> None:
    article_id = _save(store)
    report = analyze_and_store(store, [article_id])
    assert report.analyzed == 1
    analysis = load_analysis(store, article_id)
    assert analysis is not None and analysis.analyzer_version == ANALYZER_VERSION
    rows = store.conn.execute("SELECT speaker, cue, start_offset FROM quotes WHERE article_id = ? "
                              "ORDER BY position", (article_id,)).fetchall()
    assert [tuple(r) for r in rows] == [("Maria Lopez", "told", 1), ("Maria Lopez", "added", 64)]
    names = {r[0] for r in store.conn.execute(
        "SELECT canonical FROM entity_mentions WHERE article_id = ?", (article_id,))}
    assert "Maria Lopez" in names


def test_unchanged_articles_are_not_recomputed(store) -> None:
    article_id = _save(store)
    analyze_and_store(store, [article_id])
    assert stale_ids(store, [article_id]) == []
    assert analyze_and_store(store, [article_id]).analyzed == 0
    assert analyze_and_store(store, [article_id], force=True).analyzed == 1


def test_a_new_analyzer_version_or_new_text_makes_it_stale(store) -> None:
    article_id = _save(store)
    analyze_and_store(store, [article_id])
    old = load_analysis(store, article_id)
    assert old is not None
    with store.transaction():
        save_analysis(store, replace(old, analyzer_version="0"))
    assert load_analysis(store, article_id) is None
    assert stale_ids(store) == [article_id]
    assert get_analysis(store, article_id).analyzer_version == ANALYZER_VERSION
    # A revision of the article (new text) makes the stored analysis stale again.
    _save(store, BODY + ('"One more thing," Lopez said.',))
    assert stale_ids(store, [article_id]) == [article_id]
    assert len(get_analysis(store, article_id).quotes) == 3


def test_pipeline_runs_the_analysis_stage(tmp_path: Path) -> None:
    from newsprism.analyze import analyze_stage
    from newsprism.pipeline import POST_INGEST_STAGES

    assert POST_INGEST_STAGES[-1] is analyze_stage
