"""Bad NEWSPRISM_* settings stop a command with one line naming the variable."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.cli.env import setting_problems
from tests.conftest import FIXTURES, SAMPLES

BUNDLED_OUTLETS = FIXTURES.parents[1] / "src" / "newsprism" / "normalize" / "outlets.toml"


@pytest.mark.parametrize(("key", "value", "message"), [
    ("NEWSPRISM_WINDOW_DAYS", "abc", "NEWSPRISM_WINDOW_DAYS must be a number >= 0 (got 'abc')"),
    ("NEWSPRISM_STORY_THRESHOLD", "high", "NEWSPRISM_STORY_THRESHOLD must be a number (got"),
    ("NEWSPRISM_DENSITY_WEIGHT", "-1", "NEWSPRISM_DENSITY_WEIGHT must be a number >= 0"),
    ("NEWSPRISM_REFINE_MARGIN", "x", "NEWSPRISM_REFINE_MARGIN must be a number >= 0"),
    ("NEWSPRISM_THREADS", "two", "NEWSPRISM_THREADS must be an integer >= 1 (got 'two')"),
    ("NEWSPRISM_ANALYZE_PROCESSES", "1.5", "NEWSPRISM_ANALYZE_PROCESSES must be an integer"),
    ("NEWSPRISM_OUTLETS", "/nonexistent/outlets.toml",
     "NEWSPRISM_OUTLETS: cannot read /nonexistent/outlets.toml"),
    ("NEWSPRISM_OUTLETS", str(FIXTURES / "feeds" / "truncated.xml"), "is not valid TOML"),
])
def test_a_bad_setting_stops_ingest_with_one_line_naming_it(db_path, monkeypatch, key, value,
                                                             message):
    # before: NEWSPRISM_WINDOW_DAYS=abc was a traceback from the cluster stage after the inputs
    # were stored; a missing outlets file was ignored; a broken one failed every input
    monkeypatch.setenv(key, value)
    result = CliRunner().invoke(app, ["--db", str(db_path), "ingest", str(SAMPLES)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not db_path.exists()


def test_good_and_unset_settings_pass():
    assert setting_problems({}) == []
    assert setting_problems({
        "NEWSPRISM_WINDOW_DAYS": "3", "NEWSPRISM_STORY_THRESHOLD": "0.55",
        "NEWSPRISM_DENSITY_WEIGHT": "0", "NEWSPRISM_REFINE_MARGIN": "0.02",
        "NEWSPRISM_THREADS": "2", "NEWSPRISM_ANALYZE_PROCESSES": "1",
        "NEWSPRISM_OUTLETS": str(BUNDLED_OUTLETS), "NEWSPRISM_TOKEN": "anything",
    }) == []


def test_every_problem_is_reported_at_once():
    problems = setting_problems({"NEWSPRISM_THREADS": "x", "NEWSPRISM_WINDOW_DAYS": "y"})
    assert [p.split()[0] for p in problems] == ["NEWSPRISM_WINDOW_DAYS", "NEWSPRISM_THREADS"]
