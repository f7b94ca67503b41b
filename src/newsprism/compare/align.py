"""Align claims across the articles of one story: which sentences report the same thing.

Why lexical plus entities, numbers and dates rather than sentence vectors: on the compare-dev
stories multilingual sentence vectors alone did worse than TF-IDF; what identifies "the same
fact" across outlets is the rare words, names, figures and dates two sentences share. The
signals are computed as sparse products (``compare/features.py``) and combined by a learned
logistic regression (``compare/pair_model.py``) into the probability that two claims report one
fact; only pairs that share a stem, a figure or a date are scored (blocking for free).

Groups are built greedily from the most probable pairs, at most one claim per article in a
group; a pair counts only when it is, for one of its claims, the best match in the other article
(a claim with no counterpart stays single-source instead of joining the nearest group), unless
it is near-certain.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from newsprism.analyze.claims import Claim
from newsprism.compare.features import FEATURES, Embedder, pair_features, place_nouns, stem_terms
from newsprism.compare.pair_model import PairModel, default_model

__all__ = ["AlignConfig", "AlignedGroup", "Embedder", "PairScore", "align_claims", "pair_scores",
           "place_nouns", "stem_terms"]


@dataclass(frozen=True, slots=True, kw_only=True)
class AlignConfig:
    """Thresholds on the pair probability; chosen on compare-dev leave-one-story-out (see
    bench/README.md)."""

    threshold: float = 0.36
    mutual_threshold: float = 0.36
    strong: float = 0.36
    ratio: float = 0.85
    overlap_groups: bool = True
    min_terms: int = 3
    candidate: float = 0.05
    floor: float = 0.02  # pairs less probable than this are dropped before grouping


@dataclass(frozen=True, slots=True, kw_only=True)
class PairScore:
    """Why two claims were aligned: the main signals and the combined score (a probability)."""

    a: int
    b: int
    lexical: float
    entities: float
    numbers: float
    dates: float
    embedding: float | None
    score: float
    cover: float = 0.0
    phrase: float = 0.0
    specific: float = 0.0
    role: float = 0.0
    rare: float = 0.0

    def to_dict(self) -> dict[str, float | None]:
        return {"lexical": round(self.lexical, 3), "cover": round(self.cover, 3),
                "rare": round(self.rare, 3),
                "phrase": round(self.phrase, 3), "entities": round(self.entities, 3),
                "numbers": round(self.numbers, 3), "dates": round(self.dates, 3),
                "specific": round(self.specific, 3), "role": round(self.role, 3),
                "embedding": None if self.embedding is None else round(self.embedding, 3),
                "score": round(self.score, 3)}


@dataclass(slots=True, kw_only=True)
class AlignedGroup:
    """Claims (indices into the input) from two or more articles that report one thing."""

    members: list[int]
    pairs: list[PairScore] = field(default_factory=list)


def pair_scores(claims: Sequence[Claim], config: AlignConfig = AlignConfig(),
                embedder: Embedder | None = None, model: PairModel | None = None,
                ) -> list[PairScore]:
    """Scores (probabilities) of every candidate pair of claims from different articles."""
    feats = pair_features(claims, embedder, candidate=config.candidate,
                          min_terms=config.min_terms)
    if not len(feats.a):
        return []
    probability = (model or default_model()).probability(feats.X)
    keep = np.flatnonzero(probability >= config.floor)
    cols = {name: feats.X[keep, k].tolist() for k, name in enumerate(FEATURES)}
    out = []
    for n, (a, b, score) in enumerate(zip(feats.a[keep].tolist(), feats.b[keep].tolist(),
                                          probability[keep].tolist(), strict=True)):
        out.append(PairScore(
            a=a, b=b, lexical=cols["lexical"][n], entities=cols["entities"][n],
            numbers=cols["numbers"][n], dates=cols["dates"][n],
            embedding=cols["embedding"][n] if embedder is not None else None, score=score,
            cover=cols["cover"][n], phrase=cols["phrase"][n], specific=cols["specific"][n],
            role=cols["role"][n], rare=cols["rare"][n]))
    return out


def align_claims(claims: Sequence[Claim], config: AlignConfig = AlignConfig(),
                 embedder: Embedder | None = None, model: PairModel | None = None,
                 scores: Sequence[PairScore] | None = None) -> list[AlignedGroup]:
    """Group claims that report the same thing; claims in no group are single-source.

    ``scores`` (from ``pair_scores``) may be passed in to try several configs on one story.
    """
    floor = min(config.threshold, config.mutual_threshold)
    if scores is None:
        scores = pair_scores(claims, config, embedder, model)
    pairs = [p for p in scores if p.score >= floor]
    # best score of each claim towards each other article
    best: dict[tuple[int, object], float] = {}
    for p in pairs:
        for x, y in ((p.a, p.b), (p.b, p.a)):
            key = (x, claims[y].article)
            if p.score > best.get(key, 0.0):
                best[key] = p.score
    kept = []
    for p in pairs:
        best_a = best[(p.a, claims[p.b].article)]
        best_b = best[(p.b, claims[p.a].article)]
        is_best = p.score >= best_a - 1e-9 or p.score >= best_b - 1e-9
        mutual = p.score >= best_a - 1e-9 and p.score >= best_b - 1e-9
        if p.score >= config.strong or (mutual and p.score >= config.mutual_threshold) or (
                is_best and p.score >= config.threshold
                and p.score >= config.ratio * max(best_a, best_b) - 1e-9):
            kept.append(p)
    kept.sort(key=lambda p: -p.score)
    group_of: dict[int, AlignedGroup] = {}
    groups: list[AlignedGroup] = []
    blocked: list[PairScore] = []
    for p in kept:
        ga, gb = group_of.get(p.a), group_of.get(p.b)
        if ga is not None and ga is gb:
            ga.pairs.append(p)
            continue
        if ga is None and gb is None:
            group = AlignedGroup(members=[p.a, p.b], pairs=[p])
            groups.append(group)
            group_of[p.a] = group_of[p.b] = group
            continue
        into, other = (ga, gb) if ga is not None else (gb, ga)
        assert into is not None
        incoming = other.members if other is not None else [p.b if ga is not None else p.a]
        arts = {claims[m].article for m in into.members}
        if arts & {claims[m].article for m in incoming}:
            blocked.append(p)
            continue
        into.members.extend(incoming)
        into.pairs.append(p)
        if other is not None:
            into.pairs.extend(other.pairs)
            groups.remove(other)
        for m in incoming:
            group_of[m] = into
    if config.overlap_groups:
        # A sentence often carries two facts: keep a strong pair that could not join as its own.
        together = {(x, y) for g in groups for x in g.members for y in g.members}
        for p in blocked:
            if (p.a, p.b) not in together:
                groups.append(AlignedGroup(members=[p.a, p.b], pairs=[p]))
                together |= {(p.a, p.b), (p.b, p.a)}
    for group in groups:
        group.members.sort()
    groups.sort(key=lambda g: g.members[0])
    return groups
