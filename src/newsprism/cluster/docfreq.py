"""Word weights from the stream itself: document frequencies of the articles seen so far.

IDF from the stream beats a general word-frequency table (bench/explore/RESULTS.md): the words
a busy topic repeats ("subpoena", "jobs", "travel ban") become cheap, so what is left to
match is what tells one event of the topic from the next. Each article's vector is weighed
once, on arrival, with the counts of the articles before it and itself (``idf = log((N + 1) /
(df + 0.5)) ** 2`` per language, sublinear TF, title words twice), and never reweighed:
story sums stay valid, and a replay in the same order gives the same vectors. Syndicated
copies are one voice and are not counted.

A young stream knows too little: with two articles every shared word looks common and every
other word rare. So the counts start from ``PRIOR_DOCS`` pseudo-articles drawn from the general
word frequencies of the language (``wordfreq``: a word of frequency f is in a ~70-word article
with probability ``1 - exp(-70 f)``); the stream's own counts outweigh them after a few hundred
articles. Languages without a frequency list start from empty pseudo-articles.

The counts live in the store (``cluster_df``, ``cluster_docs``); a run reads only the counts of
the words of the batch at hand (``prefetch``) and writes back those it changed, so memory stays
bounded however large the store grows.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable

POWER = 2.0
TITLE_WEIGHT = 2
PRIOR_DOCS = 30.0
WORDS_PER_DOC = 70.0

Fetch = Callable[[str, list[str]], dict[str, int]]


def _frequencies(language: str) -> dict[str, float] | None:
    from newsprism.cluster.features import frequencies

    return frequencies(language) if language else None


def term_counts(title_tokens: list[str], lead_tokens: list[str]) -> dict[str, float]:
    """Sublinear TF of title + lead words, title words counted twice."""
    counts = Counter(lead_tokens)
    for word in title_tokens:
        counts[word] += TITLE_WEIGHT
    return {word: 1.0 + math.log(count) for word, count in counts.items()}


class DocFrequencies:
    """Per-language document counts; backed by a store through ``fetch``, or in memory only."""

    def __init__(self, fetch: Fetch | None = None, docs: dict[str, int] | None = None,
                 prior_docs: float = PRIOR_DOCS) -> None:
        self._fetch = fetch
        self.prior_docs = prior_docs
        self.docs: dict[str, int] = dict(docs or {})
        self.df: dict[str, dict[str, int]] = {}
        self.dirty: dict[str, set[str]] = {}
        self.dirty_docs: set[str] = set()

    def prefetch(self, language: str, words: Iterable[str]) -> None:
        """Load the stored counts of ``words`` not in memory yet (one query per batch)."""
        known = self.df.setdefault(language, {})
        missing = sorted({w for w in words if w not in known})
        if not missing:
            return
        found = self._fetch(language, missing) if self._fetch else {}
        for word in missing:
            known[word] = found.get(word, 0)

    def observe(self, language: str, words: Iterable[str]) -> None:
        """Count one article (its distinct words) in the stream of ``language``."""
        words = list(words)
        self.prefetch(language, words)
        known = self.df[language]
        dirty = self.dirty.setdefault(language, set())
        for word in words:
            known[word] += 1
            dirty.add(word)
        self.docs[language] = self.docs.get(language, 0) + 1
        self.dirty_docs.add(language)

    def weigh(self, language: str, counts: dict[str, float]) -> dict[str, float]:
        """TF x IDF^2 with the counts as they are now, L2-normalised (rounded for storage)."""
        self.prefetch(language, counts)
        known = self.df[language]
        n = self.docs.get(language, 0) + self.prior_docs
        table = _frequencies(language) if self.prior_docs else None
        weights = {}
        for word, tf in counts.items():
            df = known[word]
            if table is not None:
                df += self.prior_docs * -math.expm1(-WORDS_PER_DOC * table.get(word, 0.0))
            g = math.log((n + 1) / (df + 0.5))
            if g > 0:
                weights[word] = tf * g ** POWER
        norm = math.sqrt(sum(v * v for v in weights.values()))
        if norm == 0:
            return {}
        return {w: round(v / norm, 6) for w, v in weights.items()}

    def take_changes(self) -> tuple[list[tuple[str, str, int]], list[tuple[str, int]]]:
        """(language, word, df) and (language, docs) rows changed since the last call."""
        rows = [(lang, word, self.df[lang][word])
                for lang, words in sorted(self.dirty.items()) for word in sorted(words)]
        docs = [(lang, self.docs[lang]) for lang in sorted(self.dirty_docs)]
        self.dirty.clear()
        self.dirty_docs.clear()
        return rows, docs

    def forget_words(self) -> None:
        """Drop the cached word counts (after they were written): memory stays bounded."""
        if self._fetch is not None:
            self.df.clear()
