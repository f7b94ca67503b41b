"""Run every benchmark in turn and print each one's figures (`make bench`).

Each benchmark is also a script of its own; see bench/README.md for what each measures and
the figures measured on this project's 2-core machine. The quality benchmarks need the
labelled dev sets in ../shared/data beside the clone.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = [
    ("ingest (JSONL into SQLite)", ["ingest_jsonl.py"]),
    ("HTML body extraction", ["extraction.py"]),
    ("stories: speed over 20,000 articles", ["cluster.py"]),
    ("stories: embedding throughput and model size", ["cluster.py", "--embeddings"]),
    ("stories: quality on stories-dev", ["cluster_dev.py"]),
    ("analysis: quotes and speakers", ["analyze.py"]),
    ("comparison", ["compare.py"]),
    ("serving", ["serve.py"]),
]


def main() -> int:
    failed = 0
    for title, args in BENCHES:
        print(f"\n=== {title}: bench/{' '.join(args)}", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(HERE / args[0]), *args[1:]])
        print(f"=== {title}: exit {code}, {time.perf_counter() - started:.0f} s", flush=True)
        failed += code != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
