"""``newsprism story ID --format md|json|html`` on the two samples ingested through the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.compare.report import COMPARE_VERSION, compare_story
from newsprism.store import Store, comparisons
from tests.conftest import SAMPLE_000, SAMPLE_001

runner = CliRunner()


def run(db: Path, *args: str) -> Any:
    return runner.invoke(app, ["--db", str(db), "--quiet", *args])


def _relations(data: dict[str, Any], text_0: str, text_1: str) -> list[str]:
    out = []
    for group in data["claims"]:
        texts = {s["outlet"]: s["text"] for s in group["sources"]}
        if len(texts) == 2 and any(text_0 in t for t in texts.values()) \
                and any(text_1 in t for t in texts.values()):
            out.append(group["relation"])
    return out


def test_story_shows_the_comparison(db_path: Path) -> None:
    assert run(db_path, "ingest", str(SAMPLE_000), str(SAMPLE_001)).exit_code == 0
    stories = json.loads(run(db_path, "stories", "--format", "json").output)
    assert len(stories) == 1 and stories[0]["article_count"] == 2
    story_id = str(stories[0]["id"])

    result = run(db_path, "story", story_id, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["id"] == int(story_id) and len(data["articles"]) == 2
    for group in data["claims"]:
        assert group["relation"] in {"shared", "differs", "contradicts", "single-source"}
        assert all({"article", "outlet", "text"} <= set(s) for s in group["sources"])
        assert "evidence" in group
    for quote in data["quotes"]:
        assert {"speaker", "relation", "sources"} <= set(quote)
    assert _relations(data, "not yet been shown the letter",
                      "confirmed it had received the letter") == ["differs"]
    assert _relations(data, "eastern Donbas region", "withdraw from four regions") == ["differs"]
    assert _relations(data, "full ceasefire for the duration",
                      "full ceasefire for the duration of proposed") == ["shared"]
    assert not [g for g in data["claims"] if g["relation"] == "contradicts"]
    verbatim = [q for q in data["quotes"] if q["relation"] == "verbatim"]
    assert [q["speaker"] for q in verbatim] == ["Volodymyr Zelensky"]
    reworded = [q for q in data["quotes"] if q["relation"] == "reworded"]
    assert [q["speaker"] for q in reworded] == ["Vladimir Putin"]

    md = run(db_path, "story", story_id)
    assert md.exit_code == 0 and md.output.startswith("# ")
    assert "## Differs" in md.output and "## Quotes by speaker" in md.output
    html = run(db_path, "story", story_id, "--format", "html")
    assert html.exit_code == 0 and html.output.startswith("<!doctype html>")
    assert 'data-relation="differs"' in html.output

    with Store.open(db_path) as store:
        row = store.conn.execute("SELECT story_id, version FROM comparisons").fetchone()
        assert row["story_id"] == int(story_id) and f"compare {COMPARE_VERSION}" in row["version"]

    assert run(db_path, "story", story_id, "--format", "xml").exit_code == 2


def test_comparison_cache_is_reused_and_recomputed(db_path: Path, monkeypatch: Any) -> None:
    assert run(db_path, "ingest", str(SAMPLE_000), str(SAMPLE_001)).exit_code == 0
    with Store.open(db_path) as store:
        story_id = store.conn.execute("SELECT id FROM stories").fetchone()[0]
        first = compare_story(store, story_id).to_dict()
        # a cached row is read back as it was stored, without computing again
        import newsprism.compare.report as report

        def boom(*args: Any, **kwargs: Any) -> Any:
            raise AssertionError("recomputed although nothing changed")

        monkeypatch.setattr(report, "compare_articles", boom)
        assert compare_story(store, story_id).to_dict() == first
        # a different compare version makes the cached row stale
        monkeypatch.setattr(report, "COMPARE_VERSION", "test-bump")
        try:
            compare_story(store, story_id)
        except AssertionError as exc:
            assert "recomputed" in str(exc)
        else:
            raise AssertionError("a version change must recompute")
        ids = [r[0] for r in store.conn.execute("SELECT id FROM articles ORDER BY id")]
        membership = comparisons.membership_hash(store, ids)
        assert comparisons.membership_hash(store, ids[:1]) != membership
        assert comparisons.load_comparison(store, story_id, "other", "v") is None
        comparisons.clear(store, story_id)
        assert store.conn.execute("SELECT count(*) FROM comparisons").fetchone()[0] == 0


def test_a_comparison_that_cannot_be_cached_is_still_served(db_path: Path, monkeypatch,
                                                             caplog) -> None:
    """A read-only or busy database must not turn a story page into an error."""
    import sqlite3

    assert run(db_path, "ingest", str(SAMPLE_000), str(SAMPLE_001)).exit_code == 0

    def readonly(*args: Any, **kwargs: Any) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(comparisons, "save_comparison", readonly)
    with Store.open(db_path) as store:
        story_id = store.conn.execute("SELECT id FROM stories").fetchone()[0]
        result = compare_story(store, story_id)
    assert len(result.sources) == 2 and result.claims
    assert "comparison not cached (attempt to write a readonly database)" in caplog.text
