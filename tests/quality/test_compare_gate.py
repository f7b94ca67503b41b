"""Quality gate: claim comparison on ../shared/data/compare-dev, scored by the set's score.py."""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEV = (Path(os.environ["NEWSPRISM_SHARED_DATA"]) if os.environ.get("NEWSPRISM_SHARED_DATA")
       else ROOT.parent / "shared" / "data") / "compare-dev"

# Pinned minimums: the figures measured when the gate was written, minus a small margin.
# Measured: ALIGN_R=0.688 LABEL_ACC=0.989 DIFFERS_R=0.462 CONTRA_FALSE_ALARMS=0 SINGLE_ERR=0.044
# (leave-one-story-out of the pair scorer: 0.680 / 0.989 / 0.462 / 0 / 0.044).
MIN_ALIGN_R = 0.67
MAX_SINGLE_ERR = 0.05
MIN_LABEL_ACC = 0.97
MIN_DIFFERS_R = 0.44
MAX_FALSE_CONTRADICTIONS = 0


def test_compare_dev_gate(tmp_path: Path) -> None:
    if not (DEV / "gold.jsonl").exists():
        pytest.skip(f"compare-dev not found: {DEV} (../shared/data/compare-dev is not in the repo)")
    spec = importlib.util.spec_from_file_location("bench_compare", ROOT / "bench" / "compare.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    predictions = bench.predict_dev(DEV, tmp_path / "pred.jsonl")
    line = bench.score_dev(DEV, predictions)
    scores = dict(re.findall(r"(\w+)=([\d.]+|nan)", line))
    assert float(scores["ALIGN_R"]) >= MIN_ALIGN_R, line
    assert float(scores["SINGLE_ERR"]) <= MAX_SINGLE_ERR, line
    assert float(scores["LABEL_ACC"]) >= MIN_LABEL_ACC, line
    assert float(scores["DIFFERS_R"]) >= MIN_DIFFERS_R, line
    assert int(scores["CONTRA_FALSE_ALARMS"]) <= MAX_FALSE_CONTRADICTIONS, line
