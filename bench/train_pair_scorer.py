"""Train the claim pair scorer on compare-dev and write src/newsprism/compare/pair_weights.py.

    .venv/bin/python bench/train_pair_scorer.py              # LOSO figures, then write weights
    .venv/bin/python bench/train_pair_scorer.py --no-write   # figures only
    .venv/bin/python bench/train_pair_scorer.py --grid       # LOSO figures over align thresholds

Labels: a pair of claims is positive when both cover members (score.py's rule) of one gold group;
negative when one side covers a gold single-source sentence, or both cover members of different
gold groups and one group already has its member in the other's article. Other pairs (sentences
the gold does not cover) are left out of training.

The honest figure is leave-one-story-out: weights trained on eight stories, the ninth aligned,
labelled and scored with the set's own score.py over all nine held-out predictions. The in-sample
figure (weights trained on all nine) is printed beside it. compare-dev stays in ../shared/data.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from newsprism.analyze import analyze_text
from newsprism.analyze.claims import Claim, extract_claims
from newsprism.compare.align import AlignConfig, PairScore, align_claims
from newsprism.compare.features import FEATURES, PairFeatures, pair_features
from newsprism.compare.pair_model import PairModel
from newsprism.compare.verdicts import group_verdict

ROOT = Path(__file__).resolve().parents[1]
WEIGHTS = ROOT / "src" / "newsprism" / "compare" / "pair_weights.py"
L2 = 1.0
# Features the shipped model uses (``embedding`` needs an embedder the product does not run).
USED = tuple(f for f in FEATURES if f != "embedding")


def shared_data() -> Path:
    env = os.environ.get("NEWSPRISM_SHARED_DATA")
    return Path(env) if env else ROOT.parent / "shared" / "data"


def _load_scorer(dev: Path) -> Any:
    spec = importlib.util.spec_from_file_location("compare_dev_score", dev / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class StoryData:
    story: str
    claims: list[Claim]
    features: PairFeatures
    labels: np.ndarray  # 1, 0, or -1 (unlabelled) per candidate pair


def _labels(claims: list[Claim], gold: dict[str, Any], feats: PairFeatures,
            scorer: Any) -> np.ndarray:
    def covering(article: str, sentence: str) -> list[int]:
        return [i for i, c in enumerate(claims) if scorer.covers(
            article, sentence, {"article": c.article, "text": c.text})]

    groups_of: dict[int, set[int]] = {}
    group_articles: list[set[str]] = []
    for g, group in enumerate(gold["groups"]):
        group_articles.append({m["article"] for m in group["members"]})
        for member in group["members"]:
            for i in covering(member["article"], member["sentence"]):
                groups_of.setdefault(i, set()).add(g)
    singles = {i for s in gold["single_source"] for i in covering(s["article"], s["sentence"])}
    out = np.full(len(feats.a), -1, dtype=np.int8)
    for k, (i, j) in enumerate(zip(feats.a.tolist(), feats.b.tolist(), strict=True)):
        gi, gj = groups_of.get(i, set()), groups_of.get(j, set())
        if gi & gj:
            out[k] = 1
        elif i in singles or j in singles:
            out[k] = 0
        elif gi and gj and (any(str(claims[j].article) in group_articles[g] for g in gi)
                            or any(str(claims[i].article) in group_articles[g] for g in gj)):
            out[k] = 0
    return out


def load_stories(dev: Path, embedder: Any = None) -> list[StoryData]:
    scorer = _load_scorer(dev)
    gold = {row["story"]: row for row in map(json.loads, (dev / "gold.jsonl").read_text(
        encoding="utf-8").splitlines())}
    out = []
    for line in (dev / "stories.jsonl").read_text(encoding="utf-8").splitlines():
        story = json.loads(line)
        claims: list[Claim] = []
        for article in story["articles"]:
            analysis = analyze_text(article["text"])
            claims += extract_claims(article["text"], article_id=article["id"],
                                     entities=analysis.entities)
        feats = pair_features(claims, embedder)
        out.append(StoryData(story["story"], claims, feats,
                             _labels(claims, gold[story["story"]], feats, scorer)))
    return out


def fit_logistic(X: np.ndarray, y: np.ndarray, features: tuple[str, ...] = USED,
                 l2: float = L2) -> PairModel:
    """L2-regularised logistic regression by Newton's method on standardised columns."""
    cols = [FEATURES.index(f) for f in features]
    Z = X[:, cols]
    mean = Z.mean(axis=0)
    scale = Z.std(axis=0)
    scale[scale < 1e-9] = 1.0
    Z = np.column_stack([(Z - mean) / scale, np.ones(len(Z))])
    w = np.zeros(Z.shape[1])
    penalty = np.full(Z.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(Z @ w)))
        grad = Z.T @ (p - y) + penalty * w
        hess = (Z * (p * (1 - p))[:, None]).T @ Z + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return PairModel(features=features, mean=mean, scale=scale, coef=w[:-1], intercept=w[-1])


def _training_rows(stories: list[StoryData]) -> tuple[np.ndarray, np.ndarray]:
    X = np.vstack([s.features.X[s.labels >= 0] for s in stories])
    y = np.concatenate([s.labels[s.labels >= 0] for s in stories]).astype(np.float64)
    return X, y


def _scores(story: StoryData, model: PairModel) -> list[PairScore]:
    p = model.probability(story.features.X)
    col = {name: story.features.X[:, k] for k, name in enumerate(FEATURES)}
    return [PairScore(a=int(a), b=int(b), lexical=float(col["lexical"][k]),
                      entities=float(col["entities"][k]), numbers=float(col["numbers"][k]),
                      dates=float(col["dates"][k]), embedding=None, score=float(p[k]),
                      cover=float(col["cover"][k]), phrase=float(col["phrase"][k]),
                      specific=float(col["specific"][k]), role=float(col["role"][k]))
            for k, (a, b) in enumerate(zip(story.features.a, story.features.b, strict=True))]


def predict_line(story: StoryData, scores: list[PairScore], config: AlignConfig) -> str:
    rows = []
    for group in align_claims(story.claims, config, scores=scores):
        rows.append({"relation": group_verdict(story.claims, group).relation,
                     "sources": [{"article": story.claims[m].article,
                                  "text": story.claims[m].text} for m in group.members]})
    return json.dumps({"story": story.story, "claims": rows})


def score_lines(dev: Path, lines: list[str], verbose: bool = False) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        f.write("\n".join(lines) + "\n")
    args = [sys.executable, str(dev / "score.py"), f.name] + (["--verbose"] if verbose else [])
    result = subprocess.run(args, capture_output=True, text=True, check=True)
    os.unlink(f.name)
    return result.stdout.strip() if verbose else result.stdout.strip().splitlines()[-1]


def loso_scores(stories: list[StoryData], features: tuple[str, ...] = USED,
                l2: float = L2) -> list[list[PairScore]]:
    """Each story's pair scores from a model trained on the other stories."""
    out = []
    for k, held in enumerate(stories):
        X, y = _training_rows(stories[:k] + stories[k + 1:])
        out.append(_scores(held, fit_logistic(X, y, features, l2)))
    return out


def write_weights(model: PairModel, note: str) -> None:
    body = json.dumps(model.to_dict(), indent=4)
    WEIGHTS.write_text(
        '"""Generated by bench/train_pair_scorer.py from compare-dev; do not edit by hand.\n\n'
        f'{note}\n"""\n\nWEIGHTS = {body}\n', encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--grid", action="store_true")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    dev = shared_data() / "compare-dev"
    if not dev.exists():
        sys.exit(f"compare-dev not found at {dev}")
    stories = load_stories(dev)
    X, y = _training_rows(stories)
    print(f"pairs: {len(X)} labelled ({int(y.sum())} positive) of "
          f"{sum(len(s.labels) for s in stories)} candidates")
    config = AlignConfig()
    loso = loso_scores(stories)
    full = fit_logistic(X, y)
    insample = [_scores(s, full) for s in stories]
    if args.grid:
        for threshold in (0.3, 0.33, 0.36, 0.4, 0.45):
            for mutual in (0.25, 0.3, 0.33, 0.36):
                if mutual <= threshold:
                    c = replace(config, threshold=threshold, mutual_threshold=mutual,
                                strong=threshold)
                    line = score_lines(dev, [predict_line(s, p, c)
                                             for s, p in zip(stories, loso, strict=True)])
                    print(f"threshold={threshold} mutual={mutual}  LOSO {line}")
    loso_line = score_lines(dev, [predict_line(s, p, config)
                                  for s, p in zip(stories, loso, strict=True)], args.verbose)
    in_line = score_lines(dev, [predict_line(s, p, config)
                                for s, p in zip(stories, insample, strict=True)])
    print("leave-one-story-out:", loso_line)
    print("in-sample:          ", in_line)
    for name, c in zip(full.features, full.coef, strict=True):
        print(f"  {name:14s} {c:+.3f}")
    print(f"  {'intercept':14s} {full.intercept:+.3f}")
    if not args.no_write:
        write_weights(full, f"Trained on {len(X)} labelled pairs ({int(y.sum())} positive).\n"
                            f"LOSO: {loso_line.splitlines()[-1]}\nin-sample: {in_line}")
        print(f"wrote {WEIGHTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
