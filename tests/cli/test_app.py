"""Shared CLI plumbing: library log warnings reach the user as labelled lines."""

from __future__ import annotations

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
