"""An in-memory Repository: for tuning on a labelled set and for tests, no database needed."""

from __future__ import annotations

import numpy as np

from newsprism.cluster.engine import StoryState
from newsprism.embeddings import EmbeddingService, service


class MemoryRepository:
    """Vectors cached by (article id, model), texts given up front, story ids counted."""

    def __init__(self, texts: dict[int, str], embedder: EmbeddingService | None = None) -> None:
        self.texts = texts
        self.vectors: dict[tuple[int, str], np.ndarray] = {}
        self.embedder = embedder or service()
        self._next = 0

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
