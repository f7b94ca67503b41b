"""recluster == incremental on a replayed stream big enough for merges, copies and windows.

The stream is made from ../shared/data/stories-dev by bench/cluster.py's generator (never
vendored); the test skips when the set is absent. 900 articles arrive as six inputs (six
clustering runs, each resuming from the store), then ``recluster`` replays them in one run.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

import newsprism.pipeline as pipeline
from newsprism.cluster.stage import cluster_stage, recluster
from newsprism.store import Store
from newsprism.store.stories import export_rows

ROOT = Path(__file__).resolve().parents[2]


def _bench():
    spec = importlib.util.spec_from_file_location("bench_cluster", ROOT / "bench" / "cluster.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_recluster_gives_the_incremental_stories_on_a_replayed_stream(tmp_path, monkeypatch):
    bench = _bench()
    if not (bench.DEV / "articles.jsonl.gz").exists():
        pytest.skip(f"stories dev set not found: {bench.DEV} (not vendored)")
    monkeypatch.setattr(pipeline, "POST_INGEST_STAGES", [cluster_stage])
    stream = bench.make_stream(900)
    paths = []
    for start in range(0, len(stream), 150):
        path = tmp_path / f"part{start:05d}.jsonl"
        path.write_text("\n".join(json.dumps(r) for r in stream[start:start + 150]) + "\n")
        paths.append(path)
    with Store.open(tmp_path / "replay.db") as store:
        for path in paths:
            pipeline.ingest(store, [str(path)])
        incremental = list(export_rows(store))
        syndicated = store.conn.execute("SELECT count(*) FROM story_articles"
                                        " WHERE status = 'syndicated'").fetchone()[0]
        df = store.conn.execute("SELECT * FROM cluster_df ORDER BY 1, 2").fetchall()
        docs = dict(store.conn.execute("SELECT language, n FROM cluster_docs").fetchall())
        recluster(store)
        assert list(export_rows(store)) == incremental
        # The stream's word counts (kept between runs) are rebuilt exactly; copies not counted.
        assert store.conn.execute("SELECT * FROM cluster_df ORDER BY 1, 2").fetchall() == df
        assert dict(store.conn.execute("SELECT language, n FROM cluster_docs").fetchall()) == docs
        assert sum(docs.values()) == 900 - syndicated
    assert len(incremental) == 900 and syndicated > 20
    assert len({row["story"] for row in incremental}) < 600
