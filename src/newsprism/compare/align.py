"""Align claims across the articles of one story: which sentences report the same thing.

Why lexical plus entities, numbers and dates rather than sentence vectors: on the compare-dev
stories multilingual sentence vectors alone did worse than TF-IDF; what identifies "the same
fact" across outlets is the rare words, names, figures and dates two sentences share. Every
signal is a sparse matrix product over the story's claims (numpy/scipy), so a 50-article story
costs a few sparse multiplications, and only pairs that share at least one stem, name, figure or
date are ever scored (blocking for free). The score of a pair is a weighted sum of

- ``lexical``: TF-IDF cosine of Snowball stems and stem bigrams (IDF from the story's own
  claims, so words every outlet repeats, like the story's main names, count little);
- ``cover``: the IDF mass of shared stems over the smaller claim's mass (a short sentence fully
  contained in a long one scores high here although its cosine is low);
- ``phrase``: shared word trigrams of the raw text, stopwords included (a quoted remark or a
  formula several outlets copy);
- ``entities``: IDF-weighted overlap of named-entity keys (last names, places, organisations);
- ``numbers`` / ``dates``: shared figures and date keys (a strong sign of one fact);
- ``embedding``: an optional cosine from any ``Embedder`` (a callable text list -> vectors);

minus ``specific``: a penalty when one claim carries figures, dates or places of its own and the
other none of the kind at all (a sentence about "the failed talks in Geneva, Abu Dhabi and
Istanbul" is a different fact from one about "months of negotiations").

Groups are built greedily from the best pairs, at most one claim per article in a group; a pair
counts only when it is, for one of its claims, the best match in the other article (a claim with
no counterpart stays single-source instead of joining the nearest group).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import Stemmer
from scipy import sparse

from newsprism.analyze.claims import STOPWORDS, Claim, entity_key

__all__ = ["AlignConfig", "AlignedGroup", "PairScore", "align_claims", "pair_scores",
           "stem_terms"]

Embedder = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True, slots=True, kw_only=True)
class AlignConfig:
    """Weights and thresholds; the defaults were tuned on compare-dev (see bench/README.md)."""

    w_lexical: float = 1.0
    w_cover: float = 0.1
    w_phrase: float = 0.1
    w_entities: float = 0.0
    w_numbers: float = 0.15
    w_dates: float = 0.105
    w_embedding: float = 0.0
    embedding_offset: float = 0.0
    w_specific: float = 0.05
    w_role: float = 0.15
    threshold: float = 0.25
    mutual_threshold: float = 0.25
    strong: float = 0.6
    ratio: float = 0.85
    overlap_groups: bool = True
    min_terms: int = 3
    candidate: float = 0.08


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
    cover: float = 0.0
    phrase: float = 0.0
    specific: float = 0.0
    role: float = 0.0

    def to_dict(self) -> dict[str, float | None]:
        return {"lexical": round(self.lexical, 3), "cover": round(self.cover, 3),
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


_STEMMER = Stemmer.Stemmer("english")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _STEMMER.stemWord(word)


def stem_terms(claim: Claim) -> list[str]:
    """The claim's content terms as Snowball stems ("negotiations" and "negotiating" meet)."""
    return [_stem(t) for t in claim.terms]


def _indicator(rows: Sequence[Sequence[str]], weights: dict[str, float] | None = None,
               ) -> tuple[sparse.csr_matrix, dict[str, int]]:
    """A claims x features CSR matrix: 1 (or the feature's weight) where a claim has it."""
    vocab: dict[str, int] = {}
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    for row in rows:
        seen = set()
        for item in row:
            column = vocab.setdefault(item, len(vocab))
            if column in seen:
                continue
            seen.add(column)
            indices.append(column)
            data.append(weights.get(item, 1.0) if weights else 1.0)
        indptr.append(len(indices))
    matrix = sparse.csr_matrix((np.asarray(data, dtype=np.float64), indices, indptr),
                               shape=(len(rows), max(1, len(vocab))))
    return matrix, vocab


def _idf(rows: Sequence[Sequence[str]], bonus: float = 1.0) -> dict[str, float]:
    df: dict[str, int] = {}
    for row in rows:
        for item in set(row):
            df[item] = df.get(item, 0) + 1
    n = len(rows)
    return {t: math.log((1 + n) / (1 + c)) + bonus for t, c in df.items()}


def _tfidf(stems: Sequence[Sequence[str]]) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """L2-normalised TF-IDF rows (stems + half-weight bigrams), and stem IDF rows (no norm)."""
    docs = [list(s) + [f"{a} {b}" for a, b in zip(s, s[1:], strict=False)] for s in stems]
    idf = _idf(docs)
    vocab: dict[str, int] = {}
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    for terms in docs:
        counts: dict[str, int] = {}
        for term in terms:
            counts[term] = counts.get(term, 0) + 1
        for term, count in counts.items():
            indices.append(vocab.setdefault(term, len(vocab)))
            data.append((0.5 if " " in term else 1.0) * (1 + math.log(count)) * idf[term])
        indptr.append(len(indices))
    matrix = sparse.csr_matrix((np.asarray(data), indices, indptr),
                               shape=(len(docs), max(1, len(vocab))))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    normalised = sparse.diags(1.0 / norms) @ matrix
    unigram_idf = {t: w for t, w in idf.items() if " " not in t}
    mass, _ = _indicator([sorted(set(s)) for s in stems], unigram_idf)
    return normalised.tocsr(), mass


_WORD = re.compile(r"\w+", re.UNICODE)


def _trigrams(text: str) -> list[str]:
    words = [w.lower() for w in _WORD.findall(text)]
    return [" ".join(words[i:i + 3]) for i in range(len(words) - 2)
            if not all(w in STOPWORDS for w in words[i:i + 3])]


def _number_keys(claim: Claim) -> list[str]:
    return [f"{q.value:g}" for q in claim.numbers]


def _lone_places(x: Claim, y: Claim) -> bool:
    """``x`` lists two or more places of its own and ``y`` names no place at all: a sentence
    about "the talks in Geneva, Abu Dhabi and Istanbul" is not the one about "months of talks"."""
    return len(x.places) >= 2 and not y.places


PLACE_NOUNS = {plural: singular for singular, plural in (
    ("region", "regions"), ("city", "cities"), ("state", "states"), ("country", "countries"),
    ("province", "provinces"), ("district", "districts"), ("town", "towns"),
    ("territory", "territories"), ("oblast", "oblasts"), ("county", "counties"),
    ("village", "villages"), ("island", "islands"))} | {s: s for s in (
    "region", "city", "state", "country", "province", "district", "town", "territory", "oblast",
    "county", "village", "island")}


def place_nouns(claim: Claim) -> set[str]:
    """The kinds of place a claim talks about ("regions" -> "region")."""
    return {PLACE_NOUNS[t] for t in claim.terms if t in PLACE_NOUNS}


def _same_role_other_places(x: Claim, y: Claim) -> bool:
    """Both name places of one kind ("region") and each names one the other does not: the
    same role filled differently ("the Donbas region" vs "four regions – Donetsk, ...")."""
    if not x.places or not y.places or not place_nouns(x) & place_nouns(y):
        return False
    px = {entity_key(p) for p in x.places}
    py = {entity_key(p) for p in y.places}
    return bool(px - py) and bool(py - px)


def pair_scores(claims: Sequence[Claim], config: AlignConfig = AlignConfig(),
                embedder: Embedder | None = None) -> list[PairScore]:
    """Scores of every candidate pair of claims from different articles (score above zero).

    Candidates are pairs whose lexical cosine reaches ``config.candidate`` or that share a
    figure; everything is computed as sparse products, only the final loop over kept pairs is
    Python.
    """
    n = len(claims)
    if n < 2:
        return []
    stems = [stem_terms(c) for c in claims]
    tfidf, mass = _tfidf(stems)
    lexical = (tfidf @ tfidf.T).tocoo()
    rows, cols, lex = lexical.row, lexical.col, lexical.data
    articles = np.asarray([hash(c.article) for c in claims])
    sizes = np.asarray([len(set(s)) for s in stems])
    numbers, _ = _indicator([_number_keys(c) for c in claims])
    shared_numbers = (numbers @ numbers.T).tocsr()
    keep = (rows < cols) & (articles[rows] != articles[cols]) & (
        (lex >= config.candidate) | (np.asarray(shared_numbers[rows, cols]).ravel() > 0)) & (
        np.minimum(sizes[rows], sizes[cols]) >= config.min_terms)
    rows, cols, lex = rows[keep], cols[keep], lex[keep]
    if not len(rows):
        return []

    def at(matrix: sparse.csr_matrix) -> np.ndarray:
        return np.asarray(matrix[rows, cols]).ravel()

    # cover: shared stem IDF mass over the smaller claim's mass
    shared_mass = at((mass @ (mass > 0).T.astype(np.float64)).tocsr())
    own_mass = np.asarray(mass.sum(axis=1)).ravel()
    cover = shared_mass / np.maximum(1e-9, np.minimum(own_mass[rows], own_mass[cols]))
    grams, _ = _indicator([_trigrams(c.text) for c in claims])
    phrase = np.minimum(1.0, at((grams @ grams.T).tocsr()) / 3.0)
    key_rows = [sorted({k for k in (entity_key(e) for e in c.entities) if k}) for c in claims]
    keys, _ = _indicator(key_rows, _idf(key_rows, bonus=0.5))
    key_mass = np.asarray(keys.sum(axis=1)).ravel()
    ent_shared = at((keys @ (keys > 0).T.astype(np.float64)).tocsr())
    entities = np.where(ent_shared > 0, ent_shared / np.maximum(
        1e-9, np.minimum(key_mass[rows], key_mass[cols])), 0.0)
    num = (at(shared_numbers) > 0).astype(np.float64)
    dates, _ = _indicator([list(c.dates) for c in claims])
    dat = (at((dates @ dates.T).tocsr()) > 0).astype(np.float64)
    specific = np.asarray([
        _lone_places(claims[i], claims[j]) or _lone_places(claims[j], claims[i])
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True)],
        dtype=np.float64) if config.w_specific else np.zeros(len(rows))
    role = np.asarray([
        _same_role_other_places(claims[i], claims[j])
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True)],
        dtype=np.float64) if config.w_role else np.zeros(len(rows))
    emb = None
    if embedder is not None and config.w_embedding:
        vectors = np.asarray(embedder([c.text for c in claims]), dtype=np.float32)
        emb = np.einsum("ij,ij->i", vectors[rows], vectors[cols])
    score = (config.w_lexical * lex + config.w_cover * cover * np.minimum(1.0, lex * 4)
             + config.w_phrase * phrase
             + config.w_entities * entities * np.minimum(1.0, lex * 4)
             + config.w_numbers * num + config.w_dates * dat - config.w_specific * specific
             + config.w_role * role
             + (config.w_embedding * (emb - config.embedding_offset) if emb is not None else 0.0))
    out = []
    for k in np.flatnonzero(score > 0).tolist():
        out.append(PairScore(
            a=int(rows[k]), b=int(cols[k]), lexical=float(lex[k]), entities=float(entities[k]),
            numbers=float(num[k]), dates=float(dat[k]),
            embedding=None if emb is None else float(emb[k]), score=float(score[k]),
            cover=float(cover[k]), phrase=float(phrase[k]), specific=float(specific[k]),
            role=float(role[k])))
    return out


def align_claims(claims: Sequence[Claim], config: AlignConfig = AlignConfig(),
                 embedder: Embedder | None = None) -> list[AlignedGroup]:
    """Group claims that report the same thing; claims in no group are single-source."""
    floor = min(config.threshold, config.mutual_threshold)
    pairs = [p for p in pair_scores(claims, config, embedder) if p.score >= floor]
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
        for p in blocked:
            if not any({p.a, p.b} <= set(g.members) for g in groups):
                groups.append(AlignedGroup(members=[p.a, p.b], pairs=[p]))
    for group in groups:
        group.members.sort()
    groups.sort(key=lambda g: g.members[0])
    return groups
