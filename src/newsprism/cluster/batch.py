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

import numpy as np

from newsprism.cluster.engine import Clusterer
from newsprism.cluster.features import Features

Batch = list[tuple[Features, dict[str, np.ndarray]]]
PLAN_ERRORS = (ValueError, KeyError, TypeError, ArithmeticError)


def plan(engine: Clusterer, batch: Batch, sweeps: int) -> dict[int, int]:
    """Article id -> the story to join (a real id) or start (a negative provisional id)."""
    if sweeps <= 0 or len(batch) < 2:
        return {}
    saved = engine.begin_plan()
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
        engine.end_plan(saved)
    return target

