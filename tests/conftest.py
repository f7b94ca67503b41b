"""Shared fixtures: paths to the vendored samples, a fresh store, the dev-set folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE_000 = SAMPLES / "000_57c365869d748518.txt"
SAMPLE_001 = SAMPLES / "001_65ff83b2ca998a04.txt"


def shared_data() -> Path:
    """../shared/data beside the clone (or $NEWSPRISM_SHARED_DATA)."""
    env = os.environ.get("NEWSPRISM_SHARED_DATA")
    return Path(env) if env else ROOT.parent / "shared" / "data"


@pytest.fixture
def store(tmp_path):
    from newsprism.store import Store

    with Store.open(tmp_path / "test.db") as opened:
        yield opened


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "cli.db"
