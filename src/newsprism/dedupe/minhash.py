"""Near duplicates: MinHash over word 4-shingles, LSH buckets (datasketch), Jaccard check.

Signatures are plain uint64 arrays so the store can keep them as BLOBs and an index can be
rebuilt from them without re-reading articles. Texts under ``MIN_WORDS`` words get no
signature: a headline alone is too short to call a copy by shingles (exact hashing still
applies).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np

NUM_PERM = 64
SHINGLE = 4
MIN_WORDS = 25
THRESHOLD = 0.5  # estimated Jaccard of shingle sets for "the same text, lightly edited"


SCHEME = "affine32"


@cache
def _permutations() -> np.ndarray:
    from datasketch import MinHash  # imported late: datasketch takes 0.4 s to import

    template = MinHash(num_perm=NUM_PERM, seed=7, scheme=SCHEME)
    return template.permutations  # type: ignore[no-any-return]


def signature(words: list[str]) -> np.ndarray | None:
    """The MinHash signature (uint64[NUM_PERM]) of the word shingles, or None if too short."""
    if len(words) < MIN_WORDS:
        return None
    from datasketch import MinHash

    shingles = {" ".join(words[i:i + SHINGLE]).encode("utf-8")
                for i in range(len(words) - SHINGLE + 1)}
    sketch = MinHash(num_perm=NUM_PERM, seed=7, permutations=_permutations(),
                     scheme=SCHEME)
    sketch.update_batch(list(shingles))
    return np.asarray(sketch.hashvalues, dtype=np.uint64)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


class NearDuplicateIndex:
    """LSH over signatures, keyed by article id; ``query`` answers best match first."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        from datasketch import MinHashLSH

        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[int, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, article_id: int) -> bool:
        return article_id in self._signatures

    def add(self, article_id: int, sig: np.ndarray) -> None:
        if article_id in self._signatures:
            return
        self._signatures[article_id] = sig
        self._lsh.insert(article_id, _sketch(sig))

    def remove(self, article_id: int) -> None:
        if self._signatures.pop(article_id, None) is not None:
            self._lsh.remove(article_id)

    def query(self, sig: np.ndarray) -> list[tuple[int, float]]:
        """(article id, estimated Jaccard) above the threshold, most similar first."""
        found = []
        for key in self._lsh.query(_sketch(sig)):
            score = jaccard(sig, self._signatures[key])
            if score >= self.threshold:
                found.append((int(key), score))
        found.sort(key=lambda item: (-item[1], item[0]))
        return found


def _sketch(sig: np.ndarray) -> Any:
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=7, hashvalues=sig, permutations=_permutations(),
                     scheme=SCHEME)
