"""Opening the database: a path that cannot be one is a StoreError naming it, not a traceback."""

from __future__ import annotations

import shutil

import pytest

from newsprism.errors import StoreError
from newsprism.store import Store
from tests.conftest import SAMPLE_000


def test_a_file_that_is_not_sqlite_is_a_store_error_and_left_alone(tmp_path):
    # before: sqlite3.DatabaseError 'file is not a database' escaped from the WAL pragma
    clipping = tmp_path / "clipping.db"
    shutil.copyfile(SAMPLE_000, clipping)
    with pytest.raises(StoreError, match="cannot use it as a newsprism database: file is not a"):
        Store.open(clipping)
    assert clipping.read_bytes() == SAMPLE_000.read_bytes()


def test_a_directory_below_a_file_is_a_store_error(tmp_path):
    # before: the OSError from creating the parent directory escaped
    with pytest.raises(StoreError, match="cannot open the database") as caught:
        Store.open(SAMPLE_000 / "x.db")
    assert caught.value.source == str(SAMPLE_000 / "x.db")
