"""An in-memory Repository: for tuning on a labelled set and for tests, no database needed."""

from __future__ import annotations

import numpy as np

from newsprism.cluster.engine import Placement, StoryState
from newsprism.embeddings import EmbeddingService, service


class MemoryRepository:
    """Vectors cached by (article id, model), texts given up front, story ids counted."""

    def __init__(self, texts: dict[int, str], embedder: EmbeddingService | None = None) -> None:
        self.texts = texts
        self.vectors: dict[tuple[int, str], np.ndarray] = {}
        self.embedder = embedder or service()
        self._next = 0
        self._members: dict[int, list[int]] = {}

    def vector(self, article_id: int, model: str) -> np.ndarray | None:
        key = (article_id, model)
        if key not in self.vectors:
            text = self.texts.get(article_id, "")
            if not text.strip():
                return None
            self.vectors[key] = self.embedder.embed(model, [text])[0]
        return self.vectors[key]

    def new_story_id(self) -> int:
        self._next += 1
        return self._next

    def load_stories(self, lo: float, hi: float, exclude: set[int]) -> list[StoryState]:
        return []

    def record(self, placement: Placement) -> None:
        """Note where the engine put an article (the store does this with its placements)."""
        if placement.story_id is None or placement.status == "syndicated":
            return
        for old, into in placement.merged:
            self._members.setdefault(into, []).extend(self._members.pop(old, []))
        self._members.setdefault(placement.story_id, []).append(placement.article_id)

    def members(self, story_id: int) -> list[int]:
        return list(self._members.get(story_id, []))

    def vectors_of(self, article_ids: list[int], model: str) -> dict[int, np.ndarray]:
        missing = [i for i in article_ids if (i, model) not in self.vectors
                   and self.texts.get(i, "").strip()]
        if missing:
            matrix = self.embedder.embed(model, [self.texts[i] for i in missing])
            for i, row in zip(missing, matrix, strict=True):
                self.vectors[(i, model)] = row
        return {i: self.vectors[(i, model)] for i in article_ids if (i, model) in self.vectors}
