"""``newsprism article ID`` in Markdown: the story placement as a sentence, not a JSON blob."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.cli.articles import placement_line
from newsprism.store import Store
from tests.conftest import SAMPLE_000


def run(db, *args):
    return CliRunner().invoke(app, ["--db", str(db), "--quiet", *args])


def test_article_markdown_ends_with_a_readable_story_line(db_path):
    # before: 'story: {"story": null, "status": "not clustered yet", "reason": null}'
    assert run(db_path, "ingest", "--no-stages", str(SAMPLE_000)).exit_code == 0
    text = run(db_path, "article", "1").stdout
    assert text.rstrip().splitlines()[-1] == "story: none (not clustered yet)"
    record = json.loads(run(db_path, "article", "1", "--format", "json").stdout)
    assert record["placement"] == {"story": None, "status": "not clustered yet", "reason": None}


def test_placement_line_gives_story_status_score_and_reason():
    assert placement_line({"story": 79, "status": "syndicated", "score": 0.8438,
                           "reason": "near copy (Jaccard 0.84) of article 123"}) == (
        "story: 79 (syndicated, score 0.84): near copy (Jaccard 0.84) of article 123")
    assert placement_line({"story": 4, "status": "new", "score": None,
                           "reason": "started a new story",
                           "notes": ["title only: placed with a stricter threshold"]}) == (
        "story: 4 (new): started a new story; title only: placed with a stricter threshold")


def test_empty_listings_say_so_instead_of_printing_a_bare_header(db_path):
    Store.open(db_path).close()  # an empty database, not a missing one
    empty = CliRunner().invoke(app, ["--db", str(db_path), "articles"])
    assert empty.exit_code == 0 and empty.stdout == ""
    assert "no articles stored yet" in empty.stderr
    assert run(db_path, "ingest", "--no-stages", str(SAMPLE_000)).exit_code == 0
    filtered = CliRunner().invoke(app, ["--db", str(db_path), "articles", "--language", "fi"])
    assert filtered.stdout == "" and "no articles matching these options" in filtered.stderr
    missing = CliRunner().invoke(app, ["--db", str(db_path), "search", "zzzunknownword"])
    assert missing.stdout == "" and "no article matches 'zzzunknownword'" in missing.stderr
    assert "Ceasefire" in run(db_path, "articles").stdout


def test_a_read_command_on_a_missing_database_says_so_and_creates_nothing(tmp_path):
    # before: a typo in --db answered "no articles stored yet" and left an empty typo.db behind
    typo = tmp_path / "newsprims.db"
    for command in (["articles"], ["stories"], ["search", "x"], ["article", "1"], ["recluster"]):
        result = CliRunner().invoke(app, ["--db", str(typo), *command])
        assert result.exit_code == 1, command
        assert f"no database at {typo}" in result.stderr
    assert not typo.exists()
    assert CliRunner().invoke(app, ["--db", str(typo), "ingest", str(SAMPLE_000)]).exit_code == 0
    assert typo.exists()
