"""Benchmark the story comparison: speed on a 50-article story and the compare-dev scores.

    .venv/bin/python bench/compare.py            # both
    .venv/bin/python bench/compare.py --dev-only

compare-dev lives in ../shared/data/compare-dev (or $NEWSPRISM_SHARED_DATA); it is never copied
into the repository. Predictions are written to bench/out/compare-dev.jsonl and scored with the
set's own score.py.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from newsprism.analyze import analyze_text
from newsprism.analyze.claims import extract_claims
from newsprism.compare.align import AlignConfig, align_claims
from newsprism.compare.report import compare_articles
from newsprism.compare.verdicts import group_verdict
from newsprism.models import Article, Outlet

ROOT = Path(__file__).resolve().parents[1]


def shared_data() -> Path:
    env = os.environ.get("NEWSPRISM_SHARED_DATA")
    return Path(env) if env else ROOT.parent / "shared" / "data"


def predict_dev(dev: Path, out: Path) -> Path:
    """Run the comparison over compare-dev's stories; one prediction line per story."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with (dev / "stories.jsonl").open(encoding="utf-8") as f, out.open("w", encoding="utf-8") as w:
        for line in f:
            story = json.loads(line)
            claims = []
            for article in story["articles"]:
                analysis = analyze_text(article["text"])
                claims += extract_claims(article["text"], article_id=article["id"],
                                         entities=analysis.entities)
            rows = []
            for group in align_claims(claims, AlignConfig()):
                rows.append({"relation": group_verdict(claims, group).relation,
                             "sources": [{"article": claims[m].article, "text": claims[m].text}
                                         for m in group.members]})
            w.write(json.dumps({"story": story["story"], "claims": rows}) + "\n")
    return out


def score_dev(dev: Path, predictions: Path) -> str:
    result = subprocess.run([sys.executable, str(dev / "score.py"), str(predictions)],
                            capture_output=True, text=True, check=True)
    return result.stdout.strip().splitlines()[-1]


def bench_speed(n: int = 50) -> tuple[float, float]:
    """Wall and CPU seconds to compare a story of ``n`` articles (analyses computed beforehand,
    as stored); CPU time is what other jobs on a shared machine do not skew."""
    dev = shared_data() / "compare-dev" / "stories.jsonl"
    texts = [a["text"] for line in dev.read_text(encoding="utf-8").splitlines()
             for a in json.loads(line)["articles"]]
    articles = [Article(id=i, title=f"article {i}", outlet=Outlet(name=f"outlet {i}", domain=None),
                        paragraphs=tuple(texts[i % len(texts)].split("\n\n")), language="en")
                for i in range(n)]
    analyses = [replace(analyze_text(a.body), article_id=a.id) for a in articles]
    start, cpu = time.perf_counter(), time.process_time()
    compare_articles(articles, analyses, story="bench")
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dev-only", action="store_true")
    args = parser.parse_args()
    dev = shared_data() / "compare-dev"
    if not dev.exists():
        sys.exit(f"compare-dev not found at {dev}")
    predictions = predict_dev(dev, ROOT / "bench" / "out" / "compare-dev.jsonl")
    print("compare-dev:", score_dev(dev, predictions))
    if not args.dev_only:
        wall, cpu = bench_speed(50)
        print(f"50-article story compared in {wall:.2f} s wall, {cpu:.2f} s CPU")


if __name__ == "__main__":
    main()
