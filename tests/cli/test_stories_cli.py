"""The story commands through the CLI on the bundled samples and fixture articles."""

from __future__ import annotations

import dataclasses
import json
from html import escape

from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.store import Store
from tests.conftest import FIXTURES, SAMPLES

runner = CliRunner()


def run(db, *args):
    return runner.invoke(app, ["--db", str(db), "--quiet", *args])


def test_stories_story_export_and_recluster(db_path, monkeypatch):
    import newsprism.pipeline as pipeline
    from newsprism.cluster.stage import cluster_stage

    monkeypatch.setattr(pipeline, "POST_INGEST_STAGES", [cluster_stage])  # no analysis: fast
    letter = FIXTURES / "stories" / "zelensky_letter.jsonl"
    result = run(db_path, "ingest", str(SAMPLES), str(letter))
    assert result.exit_code == 0, result.output

    listing = run(db_path, "stories", "--format", "json")
    assert listing.exit_code == 0, listing.output
    stories = json.loads(listing.output)
    assert len(stories) == 1 and stories[0]["article_count"] == 6

    story_id = stories[0]["id"]
    md = run(db_path, "story", str(story_id))
    assert md.exit_code == 0 and md.output.startswith("# ")
    assert "languages: en, " in md.output and "The Moscow Times" in md.output
    as_json = json.loads(run(db_path, "story", str(story_id), "--format", "json").output)
    assert as_json["id"] == story_id and len(as_json["articles"]) == 6
    # before: the html page was titled after the earliest article (the comparison's title),
    # md, json and the web page after the story (its central article)
    import newsprism.compare.report as report
    real = report.compare_story
    monkeypatch.setattr(report, "compare_story", lambda store, sid: dataclasses.replace(
        real(store, sid), title="The earliest article's headline"))
    html = run(db_path, "story", str(story_id), "--format", "html").output
    assert f"<title>{escape(as_json['title'])}</title>" in html
    assert "earliest article" not in html
    assert md.output.startswith(f"# {as_json['title']}\n")

    exported = [json.loads(line) for line in
                run(db_path, "export-stories").output.splitlines()]
    assert {row["story"] for row in exported} == {story_id}
    assert {"58274", "de-letter", "uk-letter"} <= {str(row["id"]) for row in exported}

    assert run(db_path, "recluster").exit_code == 0
    again = [json.loads(line) for line in run(db_path, "export-stories").output.splitlines()]
    assert again == exported
    with Store.open(db_path) as store:
        assert store.conn.execute("SELECT count(*) FROM story_articles").fetchone()[0] == 6

    missing = run(db_path, "story", "999")
    assert missing.exit_code == 1 and "no story with id 999" in missing.output
    bad = run(db_path, "stories", "--since", "yesterday-ish")
    assert bad.exit_code == 2 and "--since must be like 2d" in bad.output


def test_an_empty_river_says_so_instead_of_printing_a_bare_header(db_path):
    Store.open(db_path).close()  # an empty database, not a missing one
    plain = CliRunner().invoke(app, ["--db", str(db_path), "stories"])
    assert plain.exit_code == 0 and plain.stdout == ""
    assert plain.stderr.strip() == "no stories yet"
    recent = CliRunner().invoke(app, ["--db", str(db_path), "stories", "--since", "2d"])
    assert recent.stderr.strip() == "no stories updated since 2d"
    assert json.loads(run(db_path, "stories", "--format", "json").stdout) == []


def test_recluster_refuses_a_negative_window(db_path):
    # before: '--window-days -1' was taken, and every article became a story of its own
    result = run(db_path, "recluster", "--window-days", "-1")
    assert result.exit_code == 2 and "greater than or equal to 0" in result.output
