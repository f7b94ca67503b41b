"""Align claims across the articles of one story: which sentences report the same thing.

Why lexical plus entities, numbers and dates rather than sentence vectors: on the compare-dev
stories multilingual sentence vectors alone did worse than TF-IDF; what identifies "the same
fact" across outlets is the rare words, names, figures and dates two sentences share. The score
of a pair is a weighted sum of

- ``lexical``: TF-IDF cosine of content terms (IDF from the story's own claims, so words every
  outlet repeats, like the story's main names, count little);
- ``entities``: IDF-weighted overlap of named-entity keys (last names, places, organisations);
- ``numbers`` / ``dates``: shared figures and date keys (a strong sign of one fact), and
- ``embedding``: an optional cosine from any ``Embedder`` (a callable text list -> vectors).

Groups are built greedily from the best pairs, at most one claim per article in a group, and a
pair only counts when each claim is the other's best match in that article (or the pair is very
strong): a claim with no counterpart stays single-source instead of being pulled into the
nearest group.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from newsprism.analyze.claims import Claim, entity_key, stem

__all__ = ["AlignConfig", "AlignedGroup", "PairScore", "align_claims", "pair_scores"]

Embedder = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True, slots=True, kw_only=True)
class AlignConfig:
    """Weights and thresholds; the defaults were tuned on compare-dev (see bench/README.md)."""

    w_lexical: float = 1.0
    w_entities: float = 0.0
    w_numbers: float = 0.15
    w_dates: float = 0.105
    w_embedding: float = 0.0
    threshold: float = 0.20
    strong: float = 0.6
    ratio: float = 0.85
    overlap_groups: bool = True
    min_terms: int = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class PairScore:
    """Why two claims were aligned: each signal and the combined score."""

    a: int
    b: int
    lexical: float
    entities: float
    numbers: float
    dates: float
    embedding: float | None
    score: float

    def to_dict(self) -> dict[str, float | None]:
        return {"lexical": round(self.lexical, 3), "entities": round(self.entities, 3),
                "numbers": round(self.numbers, 3), "dates": round(self.dates, 3),
                "embedding": None if self.embedding is None else round(self.embedding, 3),
                "score": round(self.score, 3)}


@dataclass(slots=True, kw_only=True)
class AlignedGroup:
    """Claims (indices into the input) from two or more articles that report one thing."""

    members: list[int]
    pairs: list[PairScore] = field(default_factory=list)


def _tfidf(claims: Sequence[Claim]) -> np.ndarray:
    docs = []
    for claim in claims:
        stems = [stem(term) for term in claim.terms]
        docs.append(stems + _bigrams(stems))
    df: Counter[str] = Counter()
    for terms in docs:
        df.update(set(terms))
    vocab = {t: i for i, t in enumerate(sorted(df))}
    n = len(docs)
    matrix = np.zeros((n, max(1, len(vocab))), dtype=np.float32)
    for row, terms in enumerate(docs):
        for term, count in Counter(terms).items():
            idf = math.log((1 + n) / (1 + df[term])) + 1.0
            weight = (0.5 if " " in term else 1.0) * (1 + math.log(count)) * idf
            matrix[row, vocab[term]] = weight
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


def _bigrams(terms: Sequence[str]) -> list[str]:
    return [f"{a} {b}" for a, b in zip(terms, terms[1:], strict=False)]


def _keys(claim: Claim) -> set[str]:
    return {k for k in (entity_key(e) for e in claim.entities) if k}


def _weighted_overlap(a: set[str], b: set[str], idf: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    shared = sum(idf.get(k, 1.0) for k in a & b)
    smaller = min(sum(idf.get(k, 1.0) for k in a), sum(idf.get(k, 1.0) for k in b))
    return shared / smaller if smaller else 0.0


def pair_scores(claims: Sequence[Claim], config: AlignConfig = AlignConfig(),
                embedder: Embedder | None = None) -> list[PairScore]:
    """Scores of every pair of claims from different articles whose score is above zero."""
    if len(claims) < 2:
        return []
    tfidf = _tfidf(claims)
    lexical = tfidf @ tfidf.T
    embeddings = None
    if embedder is not None and config.w_embedding:
        embeddings = np.asarray(embedder([c.text for c in claims]), dtype=np.float32)
    keys = [_keys(c) for c in claims]
    key_df: Counter[str] = Counter()
    for k in keys:
        key_df.update(k)
    n = len(claims)
    key_idf = {k: math.log((1 + n) / (1 + v)) + 0.5 for k, v in key_df.items()}
    numbers = [{(q.value, q.unit) for q in c.numbers} for c in claims]
    values = [{q.value for q in c.numbers} for c in claims]
    dates = [set(c.dates) for c in claims]
    articles = [c.article for c in claims]
    out: list[PairScore] = []
    candidate_rows, candidate_cols = np.nonzero(np.triu(lexical, k=1) >= 0.08)
    for i, j in zip(candidate_rows.tolist(), candidate_cols.tolist(), strict=True):
        if articles[i] == articles[j] or min(len(set(claims[i].terms)),
                                             len(set(claims[j].terms))) < config.min_terms:
            continue
        lex = float(lexical[i, j])
        ent = _weighted_overlap(keys[i], keys[j], key_idf)
        num = 1.0 if numbers[i] & numbers[j] or (values[i] & values[j]) else 0.0
        dat = 1.0 if dates[i] & dates[j] else 0.0
        emb = float(embeddings[i] @ embeddings[j]) if embeddings is not None else None
        score = (config.w_lexical * lex + config.w_entities * ent * min(1.0, lex * 4)
                 + config.w_numbers * num + config.w_dates * dat
                 + (config.w_embedding * emb if emb is not None else 0.0))
        out.append(PairScore(a=i, b=j, lexical=lex, entities=ent, numbers=num, dates=dat,
                             embedding=emb, score=score))
    return out


def align_claims(claims: Sequence[Claim], config: AlignConfig = AlignConfig(),
                 embedder: Embedder | None = None) -> list[AlignedGroup]:
    """Group claims that report the same thing; claims in no group are single-source."""
    pairs = [p for p in pair_scores(claims, config, embedder) if p.score >= config.threshold]
    # best score of each claim towards each other article
    best: dict[tuple[int, object], float] = defaultdict(float)
    for p in pairs:
        best[(p.a, claims[p.b].article)] = max(best[(p.a, claims[p.b].article)], p.score)
        best[(p.b, claims[p.a].article)] = max(best[(p.b, claims[p.a].article)], p.score)
    kept = []
    for p in pairs:
        best_a = best[(p.a, claims[p.b].article)]
        best_b = best[(p.b, claims[p.a].article)]
        is_best = p.score >= best_a - 1e-9 or p.score >= best_b - 1e-9
        if p.score >= config.strong or (is_best and p.score >= config.ratio * max(best_a, best_b)
                                        - 1e-9):
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
        for p in blocked:
            if not any({p.a, p.b} <= set(g.members) for g in groups):
                groups.append(AlignedGroup(members=[p.a, p.b], pairs=[p]))
    for group in groups:
        group.members.sort()
    groups.sort(key=lambda g: g.members[0])
    return groups
