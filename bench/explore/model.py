"""Logistic pair model (numpy IRLS) cross-fitted over topic-group folds, and CSLS rescaling."""
from __future__ import annotations

import numpy as np


def fit_logistic(X: np.ndarray, y: np.ndarray, l2: float = 1.0, iters: int = 30) -> np.ndarray:
    """Weights (last = bias) of an L2-regularised logistic regression, Newton steps."""
    Xb = np.hstack([X, np.ones((len(X), 1))])
    w = np.zeros(Xb.shape[1])
    reg = np.full(Xb.shape[1], l2)
    reg[-1] = 0.0
    for _ in range(iters):
        p = 1 / (1 + np.exp(-np.clip(Xb @ w, -30, 30)))
        g = Xb.T @ (p - y) + reg * w
        H = (Xb * (p * (1 - p))[:, None]).T @ Xb + np.diag(reg) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(H, g)
        w -= step
        if np.abs(step).max() < 1e-7:
            break
    return w


def crossfit(F: np.ndarray, story: np.ndarray, folds: np.ndarray, l2: float = 1.0):
    """(n, n) logits where pair (i, j) is scored by a model trained without i's and j's folds.

    F: (n, n, k) pair features. Training pairs are i < j among the remaining articles;
    features standardised on the training pairs.
    """
    n, _, k = F.shape
    iu = np.triu_indices(n, 1)
    X_all = F[iu]
    y_all = (story[iu[0]] == story[iu[1]]).astype(float)
    fi, fj = folds[iu[0]], folds[iu[1]]
    out = np.zeros((n, n))
    weights = []
    fs = np.unique(folds)
    for a_pos, a in enumerate(fs):
        for b in fs[a_pos:]:
            train = (fi != a) & (fi != b) & (fj != a) & (fj != b)
            test = ((fi == a) & (fj == b)) | ((fi == b) & (fj == a))
            mu = X_all[train].mean(0)
            sd = X_all[train].std(0) + 1e-9
            w = fit_logistic((X_all[train] - mu) / sd, y_all[train], l2)
            weights.append(w[:-1] / sd)
            z = ((X_all[test] - mu) / sd) @ w[:-1] + w[-1]
            out[iu[0][test], iu[1][test]] = z
    out = out + out.T
    np.fill_diagonal(out, 30.0)
    return out, np.array(weights)


def insample(F: np.ndarray, story: np.ndarray, l2: float = 1.0):
    n, _, k = F.shape
    iu = np.triu_indices(n, 1)
    X = F[iu]
    y = (story[iu[0]] == story[iu[1]]).astype(float)
    mu, sd = X.mean(0), X.std(0) + 1e-9
    w = fit_logistic((X - mu) / sd, y, l2)
    coef = w[:-1] / sd
    return coef, w[-1] - (mu * coef).sum()


def csls(S: np.ndarray, k: int = 3) -> np.ndarray:
    """2 s(i, j) - r_i - r_j with r = mean of the k best other similarities (hubness fix).

    Offline (neighbours among all articles); online, r would come from the articles seen so far.
    """
    M = S.copy()
    np.fill_diagonal(M, -np.inf)
    r = np.sort(M, axis=1)[:, -k:].mean(1)
    out = 2 * S - r[:, None] - r[None, :]
    np.fill_diagonal(out, out.max() + 1)
    return out


def local_centering(X: np.ndarray, S: np.ndarray, k: int = 10, alpha: float = 1.0) -> np.ndarray:
    """Cosines after subtracting each vector's k-neighbour mean (scaled by alpha).

    The neighbours of an article in a topic-dense region share the topic; removing their mean
    leaves what is specific to the event. Neighbours by S (any similarity); offline here.
    """
    M = S.copy()
    np.fill_diagonal(M, -np.inf)
    nb = np.argsort(-M, axis=1)[:, :k]
    C = X - alpha * X[nb].mean(1)
    n = np.linalg.norm(C, axis=1, keepdims=True)
    C = np.divide(C, n, out=np.zeros_like(C), where=n > 0)
    return C @ C.T
