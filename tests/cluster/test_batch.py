"""Planning a batch: the plan leaves the engine untouched and the stage follows it."""

from __future__ import annotations

import numpy as np

from newsprism.cluster.batch import plan
from newsprism.cluster.engine import ClusterConfig, Clusterer, Placement
from newsprism.cluster.features import Features
from newsprism.cluster.memory import MemoryRepository
from newsprism.embeddings import USEM3


def _batch(events: int = 3, per_event: int = 4, seed: int = 5):
    """Articles of a few events, interleaved, as embedding-only features (no words)."""
    rng = np.random.default_rng(seed)
    centres = [rng.normal(size=512) for _ in range(events)]
    items = []
    for k in range(events * per_event):
        v = centres[k % events] + 0.35 * np.linalg.norm(centres[0]) * rng.normal(size=512) / 22
        v = (v / np.linalg.norm(v)).astype(np.float32)
        f = Features(article_id=k + 1, language="en", text=f"article {k + 1}", lexical={},
                     entities=[], time=None)
        items.append((f, {USEM3: v}))
    return items


def _engine() -> tuple[Clusterer, MemoryRepository]:
    repo = MemoryRepository({})
    return Clusterer(repo, ClusterConfig()), repo


def test_the_plan_leaves_the_engine_as_it_was():
    engine, repo = _engine()
    for f, v in _batch(seed=1)[:5]:  # some stories already there
        engine.place(f, v)
    before = {sid: (s.size, s.sums["usem3*"].copy()) for sid, s in engine.stories.items()}
    matrix, next_id = engine._mat.copy(), repo._next
    batch = [(Features(f.article_id + 100, "en", f.text, {}, [], None), v)
             for f, v in _batch(seed=2)]
    planned = plan(engine, batch, sweeps=2)
    assert len(planned) == len(batch)
    assert {sid: s.size for sid, s in engine.stories.items()} == {k: v[0] for k, v in
                                                                  before.items()}
    for sid, (_, sums) in before.items():
        assert np.array_equal(engine.stories[sid].sums["usem3*"], sums)
    assert np.array_equal(engine._mat, matrix)
    assert repo._next == next_id  # provisional ids only: no story id used up
    assert not engine.planning


def test_placing_by_the_plan_gives_the_planned_stories():
    engine, _ = _engine()
    batch = _batch()
    planned = plan(engine, batch, sweeps=2)
    placed = {f.article_id: engine.place(f, v, planned.get(f.article_id)).story_id
              for f, v in batch}
    # Same grouping as the plan (ids differ: the plan's new stories were provisional).
    pairs = {(planned[a], placed[a]) for a in placed}
    assert len(pairs) == len(set(planned.values())) == len(set(placed.values()))
    # The three interleaved events come out as three stories.
    by_event = {k % 3: set() for k in range(12)}
    for a, story in placed.items():
        by_event[(a - 1) % 3].add(story)
    assert all(len(s) == 1 for s in by_event.values())
    assert len(set(placed.values())) == 3


def test_no_sweeps_no_plan():
    engine, _ = _engine()
    assert plan(engine, _batch(), sweeps=0) == {}


def test_the_second_look_moves_an_early_article_to_the_story_its_partners_formed():
    """x arrives before its own event's reports: online it joins the only story there is
    (a1's, just above the bar); with the batch placed, it is closer to b1 and b2."""
    rng = np.random.default_rng(11)
    a, b = rng.normal(size=512), rng.normal(size=512)
    b -= (a @ b) / (a @ a) * a  # orthogonal events
    a, b = a / np.linalg.norm(a), b / np.linalg.norm(b)
    x = 0.66 * a + 0.75 * b
    noise = rng.normal(size=512) * 0.01
    vectors = {1: a, 2: x, 3: b, 4: b + noise}
    batch = [(Features(article_id=k, language="en", text=f"article {k}", lexical={},
                       entities=[], time=None),
              {USEM3: (v / np.linalg.norm(v)).astype(np.float32)}) for k, v in vectors.items()]

    def placements(sweeps: int) -> dict[int, Placement]:
        engine, _ = _engine()
        items = [(Features(f.article_id, f.language, f.text, {}, [], None), v)
                 for f, v in batch]
        planned = plan(engine, items, sweeps=sweeps)
        return {f.article_id: engine.place(f, v, planned.get(f.article_id)) for f, v in items}

    online = {k: p.story_id for k, p in placements(0).items()}
    assert online[2] == online[1] and online[3] != online[1]  # x went with a1
    placed = placements(2)
    planned = {k: p.story_id for k, p in placed.items()}
    assert planned[2] == planned[3] == planned[4] != planned[1]
    # Only where the plan overrode the one-at-a-time choice does the reason say so.
    assert [k for k, p in placed.items() if "decided with its batch" in p.reason] == [2]
