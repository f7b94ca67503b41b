"""Fixtures for the serve tests: a database with the two samples ingested through the real
pipeline (post-ingest stages included), copies of it for tests that write, and clients."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, SAMPLES

SERVE_FIXTURES = FIXTURES / "serve"


def build_samples_db(path: Path) -> Path:
    """Ingest samples/ into a new SQLite file at ``path`` exactly as ``newsprism ingest``."""
    from newsprism.pipeline import ingest
    from newsprism.store import Store

    with Store.open(path) as store:
        report = ingest(store, [str(SAMPLES)], strict=True)
        assert report.failed == 0 and report.count("new") == 2, report
        assert not report.stage_errors, report.stage_errors
    # fold the WAL into the main file so a plain file copy is a complete database
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


@pytest.fixture(scope="session")
def samples_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The database holding the two samples, for reads (story pages fill its comparison
    cache, as a server's do; a test that writes anything else uses ``writable_db``)."""
    return build_samples_db(tmp_path_factory.mktemp("serve") / "samples.db")


@pytest.fixture
def writable_db(samples_db: Path, tmp_path: Path) -> Path:
    """A private copy of the samples database for a test that writes."""
    target = tmp_path / "copy.db"
    shutil.copyfile(samples_db, target)
    return target


@pytest.fixture(scope="session")
def client(samples_db: Path):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from newsprism.serve import create_app

    with TestClient(create_app(str(samples_db))) as test_client:
        yield test_client


@pytest.fixture
def write_client(writable_db: Path):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from newsprism.serve import create_app

    with TestClient(create_app(str(writable_db))) as test_client:
        yield test_client


def sample_ids(db: Path) -> dict[str, int]:
    """Article ids of the samples by file name prefix ('000', '001')."""
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT a.id, r.origin FROM articles a JOIN raw_documents r "
                        "ON r.id = a.raw_id").fetchall()
    conn.close()
    return {Path(origin).name[:3]: article_id for article_id, origin in rows}


def count_rows(db: Path, table: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()
