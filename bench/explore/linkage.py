"""Clustering a precomputed similarity matrix: offline average link and online variants."""
from __future__ import annotations

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform


def offline_average(S: np.ndarray, threshold: float) -> np.ndarray:
    """Average-link agglomerative: merge while the mean similarity between clusters >= t."""
    hi = float(S.max())
    D = hi - S
    np.fill_diagonal(D, 0.0)
    Z = linkage(squareform(D, checks=False), method="average")
    return fcluster(Z, t=hi - threshold, criterion="distance")


def offline_tree(S: np.ndarray):
    hi = float(S.max())
    D = hi - S
    np.fill_diagonal(D, 0.0)
    return linkage(squareform(D, checks=False), method="average"), hi


def online(S: np.ndarray, order: np.ndarray, threshold: float, link: str = "avg",
           k: int = 2, margin: float = 0.0) -> np.ndarray:
    """Articles arrive in ``order``; each joins the best cluster by ``link`` if >= t.

    avg: mean similarity to the members; max: best member; topk: mean of the k best members
    (k=2); avgmax: average link, but the best member must also clear t; min: complete link.
    margin > 0: the best cluster must also beat the second best by that much.
    """
    labels = np.full(S.shape[0], -1)
    sizes: list[int] = []
    seen: list[int] = []
    for i in order:
        if not seen:
            labels[i] = 0
            sizes.append(1)
            seen.append(i)
            continue
        idx = np.asarray(seen)
        lab = labels[idx]
        s = S[i, idx]
        nc = len(sizes)
        if link == "avg":
            score = np.bincount(lab, weights=s, minlength=nc) / np.asarray(sizes)
        elif link == "max":
            score = np.full(nc, -np.inf)
            np.maximum.at(score, lab, s)
        elif link == "min":
            score = np.full(nc, np.inf)
            np.minimum.at(score, lab, s)
        elif link in ("topk", "avgmax"):
            avg = np.bincount(lab, weights=s, minlength=nc) / np.asarray(sizes)
            if link == "avgmax":
                mx = np.full(nc, -np.inf)
                np.maximum.at(mx, lab, s)
                score = np.where(mx >= threshold, avg, -np.inf)
            else:
                score = np.empty(nc)
                for c in range(nc):
                    vals = np.sort(s[lab == c])[::-1][:k]
                    score[c] = vals.mean()
        else:
            raise ValueError(link)
        best = int(np.argmax(score))
        ok = score[best] >= threshold
        if ok and margin > 0 and nc > 1:
            ok = score[best] - np.partition(score, -2)[-2] >= margin
        if ok:
            labels[i] = best
            sizes[best] += 1
        else:
            labels[i] = nc
            sizes.append(1)
        seen.append(i)
    return labels


def bcubed(pred: np.ndarray, gold: np.ndarray,
           subset: np.ndarray | None = None) -> tuple[float, float, float]:
    """B-cubed P, R, F1 (item-averaged), same definition as stories-dev/score.py."""
    if subset is not None:
        pred, gold = pred[subset], gold[subset]
    _, p_inv = np.unique(pred, return_inverse=True)
    _, g_inv = np.unique(gold, return_inverse=True)
    cells = np.zeros((p_inv.max() + 1, g_inv.max() + 1))
    np.add.at(cells, (p_inv, g_inv), 1)
    ps, gs = cells.sum(1), cells.sum(0)
    n = len(pred)
    P = float((cells ** 2 / ps[:, None]).sum() / n)
    R = float((cells ** 2 / gs[None, :]).sum() / n)
    return P, R, 2 * P * R / (P + R) if P + R else 0.0


def online_csls(B: np.ndarray, order: np.ndarray, threshold: float, k: int = 3,
                link: str = "avg", floor: float | None = None) -> np.ndarray:
    """Online average link on CSLS scores computed from what has arrived so far.

    On arrival of j: r_j = mean of j's k best similarities to earlier articles, r_i the same for
    every earlier article over the articles before j; the pair score is 2 B[i, j] - r_i - r_j.
    Until an article has k earlier neighbours, missing ones count as ``floor`` (default: the
    1st percentile of B, i.e. "unrelated"). Incremental: one (n, k) top-k table.
    """
    n = B.shape[0]
    if floor is None:
        floor = float(np.quantile(B, 0.01))
    top = np.full((n, k), floor)  # k best similarities to earlier articles, ascending
    labels = np.full(n, -1)
    sizes: list[int] = []
    seen: list[int] = []
    for j in order:
        if seen:
            idx = np.asarray(seen)
            s_raw = B[j, idx]
            kk = min(k, len(idx))
            best_j = np.sort(s_raw)[-kk:]
            r_j = (best_j.sum() + floor * (k - kk)) / k
            r_i = top[idx].mean(1)
            s = 2 * s_raw - r_i - r_j
            lab = labels[idx]
            nc = len(sizes)
            if link == "avg":
                score = np.bincount(lab, weights=s, minlength=nc) / np.asarray(sizes)
            else:
                score = np.full(nc, -np.inf)
                np.maximum.at(score, lab, s)
            c = int(np.argmax(score))
            if score[c] >= threshold:
                labels[j] = c
                sizes[c] += 1
            else:
                labels[j] = nc
                sizes.append(1)
            # update top-k tables with the new pair similarities
            col = top[idx]
            better = s_raw > col[:, 0]
            col[better, 0] = s_raw[better]
            col.sort(axis=1)
            top[idx] = col
            mine = np.concatenate([np.full(k, floor), s_raw])
            top[j] = np.sort(mine)[-k:]
        else:
            labels[j] = 0
            sizes.append(1)
        seen.append(j)
    return labels


def online_csls_batched(B: np.ndarray, order: np.ndarray, threshold: float, k: int = 3,
                        batch: int = 100) -> np.ndarray:
    """Articles arrive in batches (a feed poll, an ingested file); each is still placed one at
    a time by average link, but on CSLS scores whose densities r (mean of the k best
    similarities, excluding self) are computed over everything arrived up to the end of its
    batch. batch >= n is the whole set as one file (what the stories-dev gate ingests)."""
    n = B.shape[0]
    labels = np.full(n, -1)
    sizes: list[int] = []
    seen: list[int] = []
    r = np.zeros(n)
    for start in range(0, len(order), batch):
        upto = np.asarray(list(order[: start + batch]))
        sub = B[np.ix_(upto, upto)].copy()
        np.fill_diagonal(sub, -np.inf)
        kk = min(k, len(upto) - 1)
        if kk > 0:
            r[upto] = np.sort(sub, axis=1)[:, -kk:].mean(1)
        for j in order[start:start + batch]:
            if seen:
                idx = np.asarray(seen)
                s = 2 * B[j, idx] - r[idx] - r[j]
                nc = len(sizes)
                score = np.bincount(labels[idx], weights=s, minlength=nc) / np.asarray(sizes)
                c = int(np.argmax(score))
                if score[c] >= threshold:
                    labels[j] = c
                    sizes[c] += 1
                    seen.append(j)
                    continue
            labels[j] = len(sizes)
            sizes.append(1)
            seen.append(j)
    return labels


def online_contrast(B: np.ndarray, order: np.ndarray, threshold: float, k: int = 1,
                    candidates: int = 24, floor: float | None = None,
                    beta: float = 1.0) -> np.ndarray:
    """Online average link on a contrastive score (a soft mutual-nearest-neighbour test).

    For a candidate cluster c and the arriving article j:
        score = mean_{i in c} B[i, j] - beta * (mean_{i in c} r_i(c) + r_j(c)) / 2 ... (scaled)
    where r_x(c) = mean of x's k best similarities to arrived articles outside c. An event
    whose topic has other events nearby gets a high r, so j must be closer to c than to the
    sibling events; an isolated event is judged by its plain similarity (r ~ unrelated).
    Only what has arrived is used, and the density excludes c itself, so a story's own size
    does not raise its bar.
    """
    n = B.shape[0]
    if floor is None:
        floor = float(np.quantile(B, 0.01))
    labels = np.full(n, -1)
    members: list[list[int]] = []
    seen: list[int] = []
    for j in order:
        if seen:
            idx = np.asarray(seen)
            lab = labels[idx]
            nc = len(members)
            sizes = np.array([len(m) for m in members])
            avg = np.bincount(lab, weights=B[j, idx], minlength=nc) / sizes
            cand = np.argsort(-avg)[:candidates]
            best, best_c = -np.inf, -1
            for c in cand:
                outside = idx[lab != c]
                if len(outside):
                    sj = np.sort(B[j, outside])[-k:]
                    r_j = (sj.sum() + floor * (k - len(sj))) / k
                    si = np.sort(B[np.ix_(members[c], outside)], axis=1)[:, -k:]
                    r_i = float(((si.sum(1) + floor * (k - si.shape[1])) / k).mean())
                else:
                    r_j = r_i = floor
                score = avg[c] - beta * 0.5 * (r_i + r_j)
                if score > best:
                    best, best_c = score, int(c)
            if best >= threshold:
                labels[j] = best_c
                members[best_c].append(j)
                seen.append(j)
                continue
        labels[j] = len(members)
        members.append([j])
        seen.append(j)
    return labels
