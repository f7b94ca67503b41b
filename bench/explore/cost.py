"""Per-article cost of the recommended online scorer, embeddings cached (pure Python + numpy).

Mirrors what an engine would do per arrival: tokens and figures/weekdays of the new article,
stream DF update, then for the top-24 clusters by embedding centroid: average over members
of (z-embedding + IDF^2-weighted word cosine with the current DF - clash penalty).
"""
from __future__ import annotations

import math
import time
from collections import Counter

import numpy as np

from newsprism.cluster.features import tokens

from .pairs import _MONTH, _WEEKDAY, figures


def simulate(texts, titles, leads, E, story_labels, *, lo, hi, w=0.3, lam=0.4, t=0.68,
             candidates=24, lex_lo=0.007, lex_hi=0.226):
    n = len(texts)
    df: Counter[str] = Counter()
    tf: list[dict[str, float]] = []
    figs, wdays, months = [], [], []
    labels: list[int] = []
    members: list[list[int]] = []
    sums = np.zeros((0, E.shape[1]))
    # lex_lo, lex_hi: word-cosine means of different / same-story pairs (corpus IDF^2, dev)
    t0 = time.perf_counter()
    for j in range(n):
        c = Counter(tokens(leads[j]))
        for word in tokens(titles[j]):
            c[word] += 2
        tf.append({word: 1 + math.log(k) for word, k in c.items()})
        df.update(c.keys())
        figs.append(figures([texts[j]])[0][1])
        low = texts[j].lower()
        wdays.append({m.group(1)[:3] for m in _WEEKDAY.finditer(low)})
        months.append({m.group(1)[:3] for m in _MONTH.finditer(low)})
        N = j + 1

        def vec(i, N=N):
            v = {word: x * max(0.0, math.log((N + 1) / (df[word] + 0.5))) ** 2
                 for word, x in tf[i].items()}
            norm = math.sqrt(sum(y * y for y in v.values())) or 1.0
            return {word: y / norm for word, y in v.items()}

        mine = vec(j)
        best, best_c = -1e9, -1
        if members:
            cent = sums / np.array([len(m) for m in members])[:, None]
            order = np.argsort(-(cent @ E[j]))[:candidates]
            for ci in order:
                total = 0.0
                for i in members[ci]:
                    other = vec(i)
                    lex = sum(x * other.get(word, 0.0) for word, x in mine.items())
                    emb = (float(E[i] @ E[j]) - lo) / (hi - lo)
                    clash = 0
                    if wdays[i] and wdays[j] and not wdays[i] & wdays[j]:
                        clash += 1
                    if months[i] and months[j] and not months[i] & months[j]:
                        clash += 1
                    if any(not figs[i][u] & figs[j][u] for u in figs[i].keys() & figs[j].keys()):
                        clash += 1
                    total += ((1 - w) * emb + w * (lex - lex_lo) / (lex_hi - lex_lo)
                              - lam * min(clash, 2))
                score = total / len(members[ci])
                if score > best:
                    best, best_c = score, int(ci)
        if best >= t:
            labels.append(best_c)
            members[best_c].append(j)
            sums[best_c] += E[j]
        else:
            labels.append(len(members))
            members.append([j])
            sums = np.vstack([sums, E[j][None, :]])
    return np.array(labels), (time.perf_counter() - t0) / n * 1000
