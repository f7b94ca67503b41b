"""The density (hubness) correction: crowded neighbourhoods raise the bar, batches replay."""

from __future__ import annotations

import numpy as np
import pytest

from newsprism.cluster.density import DAY, DensityIndex, DensitySettings, Neighbour
from newsprism.cluster.engine import config_from_env
from newsprism.cluster.stage import BATCH, recluster
from newsprism.pipeline import ingest
from newsprism.store import stories as db
from tests.conftest import FIXTURES, SAMPLES


def _unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v)).astype(np.float32)


def _cosine_only(cos: np.ndarray, words: np.ndarray) -> np.ndarray:
    return cos


def _batch(n_crowd: int, n_alone: int, *, time: float | None = None) -> list[Neighbour]:
    rng = np.random.default_rng(3)
    topic = rng.normal(size=512)
    items = []
    for k in range(n_crowd):  # one topic's many events: all close to each other
        items.append(Neighbour(k, "en", time, _unit(topic + 0.4 * rng.normal(size=512)), {}, {}))
    for k in range(n_alone):  # unrelated news
        items.append(Neighbour(100 + k, "en", time, _unit(rng.normal(size=512)), {}, {}))
    return items


def test_a_crowded_article_gets_a_higher_density_than_an_isolated_one():
    index = DensityIndex()
    batch = _batch(6, 20)
    d = index.densities(batch, _cosine_only, 0.0, window_days=2)
    crowd, alone = d[:6], d[6:]
    assert min(crowd) > max(alone)
    assert abs(float(np.mean(d))) < 1e-9  # centred on the batch
    assert len(index.items) == 26  # the batch is kept as neighbours for the next one


def test_small_batches_are_not_corrected():
    index = DensityIndex(DensitySettings(min_batch=20))
    assert index.densities(_batch(3, 5), _cosine_only, 0.0, window_days=2) == [None] * 8


def test_neighbours_of_another_language_or_outside_the_window_do_not_count():
    index = DensityIndex()
    old = _batch(6, 0, time=0.0)
    index.items.extend(old)
    late = _batch(6, 20, time=10 * DAY)
    other = [Neighbour(n.article_id + 500, "de", n.time, n.vector, {}, {}) for n in late]
    alone = index.densities(late, _cosine_only, 0.0, window_days=2)
    index2 = DensityIndex()
    index2.items.extend(other)
    again = index2.densities(_batch(6, 20, time=10 * DAY), _cosine_only, 0.0, 2)
    assert np.allclose(again, alone, atol=1e-6)


def test_trim_keeps_the_newest_within_the_horizon():
    index = DensityIndex(DensitySettings(capacity=5, horizon_days=4))
    index.items.extend(_batch(3, 0, time=0.0) + _batch(0, 4, time=10 * DAY))
    index.trim(clock=10 * DAY)
    assert [n.time for n in index.items] == [10 * DAY] * 4
    index.items.extend(_batch(0, 3, time=None))
    index.trim(clock=None)
    assert len(index.items) == 5


def test_recluster_replays_the_batches_articles_were_clustered_in(store):
    """Two ingest runs give two batches; recluster keeps them apart rather than one batch."""
    first = ingest(store, [str(SAMPLES)])
    second = ingest(store, [str(FIXTURES / "stories")])
    assert not first.failed and not second.failed
    groups = db.batches(store, size=BATCH)
    assert [len(g) for g in groups] == [2, 14]
    before = list(db.export_rows(store))
    recluster(store)
    assert db.batches(store, size=BATCH) == groups
    assert list(db.export_rows(store)) == before


def test_the_density_weight_is_a_setting(monkeypatch):
    assert config_from_env().density_weight == 1.0
    monkeypatch.setenv("NEWSPRISM_DENSITY_WEIGHT", "0")
    assert config_from_env().density_weight == 0.0
    monkeypatch.setenv("NEWSPRISM_DENSITY_WEIGHT", "lots")
    with pytest.raises(ValueError, match="NEWSPRISM_DENSITY_WEIGHT"):
        config_from_env()
