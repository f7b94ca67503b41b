"""Ingest throughput: N research-JSONL records into SQLite (issue 4 target: >= 2,000 records/s).

    .venv/bin/python bench/ingest_jsonl.py [--records 50000]

Generates a reproducible synthetic JSONL file (varied titles, 3-6 sentence texts, dates,
outlets, URLs), ingests it through the real pipeline (reader -> normalize -> store, one
transaction) without the clustering/analysis stages, and prints records/s and peak RSS
sampled as the ingest goes.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from newsprism.models import RawDocument  # noqa: E402
from newsprism.pipeline import ingest_raw  # noqa: E402
from newsprism.store import Store  # noqa: E402

WORDS = ("government minister election court ruling talks ceasefire storm flood market shares "
         "inflation report council vote police investigation hospital school energy prices "
         "strike union protest border summit treaty sanctions drone attack defense budget "
         "parliament president spokesman agency data survey growth decline record").split()
OUTLETS = [("example-news.com", "Example News"), ("daily-sample.org", "Daily Sample"),
           ("wire.example", "Example Wire"), ("tribune.example", "The Tribune")]


def synthetic_records(count: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    lines = []
    for i in range(count):
        domain, name = OUTLETS[i % len(OUTLETS)]
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 12))).capitalize()
        sentences = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(10, 25))).capitalize()
                     + "." for _ in range(rng.randint(3, 6))]
        lines.append(json.dumps({
            "id": f"syn{i}", "title": title, "text": " ".join(sentences),
            "date": f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}", "lang": "en", "source": name,
            "url": f"https://{domain}/{i}",
        }))
    return lines


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=50_000)
    args = parser.parse_args()
    data = ("\n".join(synthetic_records(args.records)) + "\n").encode("utf-8")
    print(f"input: {args.records} records, {len(data) / 1e6:.1f} MB; RSS before {rss_mb():.0f} MB")
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.db") as store:
        started = time.perf_counter()
        result = ingest_raw(store, RawDocument(data=data, origin="synthetic.jsonl"))
        elapsed = time.perf_counter() - started
        assert result.status == "ok", result.errors[:3]
        stored = store.count_articles()
    print(f"stored {stored} articles in {elapsed:.1f} s: {stored / elapsed:,.0f} records/s "
          f"(target >= 2,000); peak RSS {rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
