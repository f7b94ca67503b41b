"""Shared CLI plumbing: library log warnings reach the user as labelled lines, a database
that cannot be opened is one error line."""

from __future__ import annotations

import shutil

from typer.testing import CliRunner

from newsprism.cli import app
from tests.conftest import FIXTURES


def test_a_library_warning_is_one_labelled_line(db_path):
    # before: Python's last-resort handler printed it bare (and a traceback when one was attached)
    feed = FIXTURES / "feeds" / "rss_broken_entry.xml"
    result = CliRunner().invoke(app, ["--db", str(db_path), "ingest", "--no-stages", str(feed)])
    assert f"warning: {feed}: feed is not well formed (mismatched tag at line 15)" in (
        result.stderr.splitlines())[0]
    assert "Traceback" not in result.stderr


def test_a_database_that_cannot_be_opened_is_one_line(tmp_path):
    # before: a traceback ending in sqlite3.DatabaseError or StoreError
    not_a_db = tmp_path / "notes.db"
    shutil.copyfile(FIXTURES / "clipping" / "plain_wire.txt", not_a_db)
    for args in (["articles"], ["stories"], ["serve", "--port", "1"]):
        result = CliRunner().invoke(app, ["--db", str(not_a_db), *args])
        assert result.exit_code == 1, args
        assert result.stderr == (f"error: {not_a_db}: cannot use it as a newsprism database: "
                                 "file is not a database\n")
