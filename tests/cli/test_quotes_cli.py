"""``newsprism quotes`` on the ingested samples, then the database reopened and checked."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.store import Store

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def run(db: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["--db", str(db), "--quiet", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_quotes_json_and_jsonl(tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    run(db, "ingest", str(SAMPLES))
    with Store.open(db) as store:
        ids = {r["external_id"]: r["id"] for r in store.conn.execute(
            "SELECT id, external_id FROM articles")}
        analysed = store.conn.execute("SELECT COUNT(*) FROM article_analysis").fetchone()[0]
    assert analysed == 2  # the pipeline stage analysed both on ingest
    wp_id = ids["58274"]
    record = json.loads(run(db, "quotes", str(wp_id), "--format", "json"))
    assert record["id"] == "58274" and record["article_id"] == wp_id
    great = [q for q in record["quotes"] if q["text"] == "it would be great"]
    assert great == [{"start": great[0]["start"], "end": great[0]["start"] + 17,
                      "text": "it would be great", "speaker": "Donald Trump",
                      "speaker_mention": "US President Donald Trump", "cue": "said",
                      "partial": True}]
    with Store.open(db) as store:
        body = store.get_article(wp_id).body
    for q in record["quotes"]:
        assert body[q["start"]:q["end"]].split()[:2] == q["text"].split()[:2]

    # the table is titled with the id typed, then the external id (it was 'article 58274')
    table = run(db, "quotes", str(wp_id))
    assert table.splitlines()[0].strip() == f"article {wp_id} (58274)"
    assert "Donald Trump" in table and " ? " not in table

    lines = [json.loads(line) for line in run(db, "quotes", "--all", "--format", "jsonl")
             .splitlines()]
    assert sorted(str(r["id"]) for r in lines) == sorted(
        [str(i) for e, i in ids.items() if e is None] + ["58274"])
    assert all(set(r) >= {"id", "quotes"} for r in lines)


def test_quotes_errors(tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    Store.open(db).close()
    result = CliRunner().invoke(app, ["--db", str(db), "quotes", "999"])
    assert result.exit_code == 1
    assert "no article with id 999" in result.output
    result = CliRunner().invoke(app, ["--db", str(db), "quotes"])
    assert result.exit_code == 2
    assert "give an ARTICLE_ID or --all" in result.output


def test_quotes_table_of_an_article_without_quotes_is_one_line(capsys) -> None:
    from newsprism.cli.quotes import _emit

    _emit({"id": "2026-06-04-solar", "article_id": 5, "quotes": [], "notes": []}, "table")
    assert capsys.readouterr().out == "article 5 (2026-06-04-solar): no direct quotes\n"
