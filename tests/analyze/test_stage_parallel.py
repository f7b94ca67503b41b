"""The analysis stage uses worker processes for large batches and stores the same results."""

from __future__ import annotations

import newsprism.analyze as analyze
from newsprism.pipeline import ingest
from newsprism.store.analysis import load_analysis
from tests.conftest import SAMPLES


def _quotes(store):
    return {i: [(q.start, q.end, q.speaker) for q in load_analysis(store, i).quotes]
            for i in store.article_ids()}


def test_parallel_stage_matches_the_serial_one(tmp_path, monkeypatch):
    from newsprism.store import Store

    monkeypatch.setenv("NEWSPRISM_ANALYZE_PROCESSES", "1")
    with Store.open(tmp_path / "serial.db") as store:
        ingest(store, [str(SAMPLES)])
        serial = _quotes(store)

    monkeypatch.setattr(analyze, "PARALLEL_MIN_ARTICLES", 2)
    monkeypatch.setenv("NEWSPRISM_ANALYZE_PROCESSES", "2")
    calls = []
    real = analyze.analyze_articles

    def spy(articles, *, n_process=1, batch_size=16):
        calls.append(n_process)
        return real(articles, n_process=n_process, batch_size=1)

    monkeypatch.setattr(analyze, "analyze_articles", spy)
    import newsprism.store.analysis as store_analysis
    monkeypatch.setattr(store_analysis, "analyze_articles", spy)
    with Store.open(tmp_path / "parallel.db") as store:
        ingest(store, [str(SAMPLES)])
        parallel = _quotes(store)
    assert calls == [2]
    assert parallel == serial
    assert any(len(quotes) >= 5 for quotes in serial.values())
