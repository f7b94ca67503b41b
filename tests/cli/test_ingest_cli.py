"""The ingest run end to end through the CLI: storing, re-ingesting, revisions, bad input."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.errors import ParseError
from newsprism.store import Store
from tests.conftest import FIXTURES, SAMPLE_000, SAMPLE_001, SAMPLES

runner = CliRunner()


def run(db, *args, input=None):
    return runner.invoke(app, ["--db", str(db), "--quiet", *args], input=input)


def rows(db, sql, *params):
    with Store.open(db) as store:
        return [tuple(r) for r in store.conn.execute(sql, params).fetchall()]


def test_ingest_samples_stores_raw_bytes_and_articles(db_path):
    result = run(db_path, "ingest", "--no-stages", str(SAMPLES))
    assert result.exit_code == 0, result.output
    assert rows(db_path, "SELECT count(*) FROM articles") == [(2,)]
    raws = rows(db_path, "SELECT origin, status, data FROM raw_documents ORDER BY origin")
    assert [(r[1]) for r in raws] == ["ok", "ok"]
    assert raws[0][2] == SAMPLE_000.read_bytes()
    assert raws[1][2] == SAMPLE_001.read_bytes()


def test_reingesting_the_same_bytes_changes_nothing(db_path):
    assert run(db_path, "ingest", "--no-stages", str(SAMPLES)).exit_code == 0
    before = rows(db_path, "SELECT id, modified_at, revision FROM articles ORDER BY id")
    result = run(db_path, "ingest", "--no-stages", str(SAMPLES))
    assert result.exit_code == 0, result.output
    assert rows(db_path, "SELECT id, modified_at, revision FROM articles ORDER BY id") == before
    assert rows(db_path, "SELECT count(*) FROM raw_documents") == [(2,)]
    assert rows(db_path, "SELECT count(*) FROM article_revisions") == [(0,)]


def test_changed_text_at_a_known_url_becomes_a_revision(db_path, tmp_path):
    post = json.loads(SAMPLE_001.read_text(encoding="utf-8"))
    first = tmp_path / "v1.json"
    first.write_text(json.dumps(post), encoding="utf-8")
    post["content"]["rendered"] += "<p>Update: the Kremlin later said it would reply.</p>"
    post["modified_gmt"] = "2026-06-05T09:00:00"
    second = tmp_path / "v2.json"
    second.write_text(json.dumps(post), encoding="utf-8")
    assert run(db_path, "ingest", "--no-stages", str(first)).exit_code == 0
    assert run(db_path, "ingest", "--no-stages", str(second)).exit_code == 0
    assert rows(db_path, "SELECT count(*), max(revision) FROM articles") == [(1, 2)]
    assert rows(db_path, "SELECT revision FROM article_revisions") == [(1,)]
    with Store.open(db_path) as store:
        article = store.get_article(store.article_ids()[0])
    assert article.paragraphs[-1] == "Update: the Kremlin later said it would reply."


def test_a_bad_batch_reports_each_input_and_stores_the_rest(db_path, tmp_path):
    batch = tmp_path / "batch"
    batch.mkdir()
    shutil.copy(SAMPLE_000, batch / "good.txt")
    for name in ("truncated-post.json", "empty.txt", "binary.bin"):
        shutil.copy(FIXTURES / "bad" / name, batch / name)
    result = run(db_path, "ingest", "--no-stages", str(batch))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[-1] == "3 of 4 inputs failed"
    failures = [line for line in lines if line.startswith("error") or "failed:" in line]
    for name in ("truncated-post.json", "empty.txt", "binary.bin"):
        named = [line for line in failures if name in line]
        assert len(named) == 1, (name, result.output)
    assert rows(db_path, "SELECT count(*) FROM articles") == [(1,)]
    # Every raw input is kept, the failed ones with their reason, ready for `reparse`.
    kept = dict((r[0].rsplit("/", 1)[-1], r[1:]) for r in
                rows(db_path, "SELECT origin, status, error FROM raw_documents"))
    assert kept["good.txt"][0] == "ok"
    for name in ("truncated-post.json", "empty.txt", "binary.bin"):
        assert kept[name][0] == "failed" and kept[name][1]
    assert kept["binary.bin"][1].startswith("binary data (NUL bytes), not a format newsprism")


def test_inputs_that_used_to_be_lost_are_read_and_a_second_run_is_a_no_op(db_path):
    """tests/fixtures/bad: a UTF-16 WordPress post (Windows tools write JSON that way), JSONL
    with a UTF-8 BOM, a lone surrogate escape, impossible dates (each made the whole file
    fail, or the entry), clippings in windows-1251 and Latin-1 + UTF-8 (all 'not a format')."""
    names = ("post_utf16.json", "research_bom.jsonl", "lone_surrogate.jsonl",
             "research_bad_dates.jsonl", "atom_bad_dates.xml", "clipping_cp1251.txt",
             "clipping_mixed.md")
    paths = [str(FIXTURES / "bad" / name) for name in names]
    result = run(db_path, "ingest", "--no-stages", *paths)
    assert result.exit_code == 0, result.output
    kept = rows(db_path, "SELECT origin, status, format, article_count, error "
                         "FROM raw_documents ORDER BY id")
    assert [(k[0].rsplit("/", 1)[-1], *k[1:]) for k in kept] == [
        ("post_utf16.json", "ok", "wordpress", 1, None),
        ("research_bom.jsonl", "ok", "jsonl", 2, None),
        ("lone_surrogate.jsonl", "ok", "jsonl", 3, None),
        ("research_bad_dates.jsonl", "ok", "jsonl", 5, None),
        ("atom_bad_dates.xml", "ok", "feed", 3, None),
        ("clipping_cp1251.txt", "ok", "clipping", 1, None),
        ("clipping_mixed.md", "ok", "clipping", 1, None),
    ]
    # the raw bytes are the file's, not the UTF-8 copy the reader read
    assert rows(db_path, "SELECT data FROM raw_documents WHERE id = 1") == [
        ((FIXTURES / "bad" / "post_utf16.json").read_bytes(),)]
    titles = dict(rows(db_path, "SELECT external_id, title FROM articles"))
    assert titles["4107"] == "Ferry timetable changes from Monday"
    assert titles["r4"] == "Lone \ufffd surrogate in a title"
    dates = dict(rows(db_path, "SELECT title, published FROM articles"))
    assert dates["Zero date"] is None and dates["Latest instant"] is None
    assert dates["CMS default date"] is None and dates["Good entry"] is not None
    before = rows(db_path, "SELECT id, modified_at, revision FROM articles ORDER BY id")
    again = run(db_path, "ingest", "--no-stages", *paths)
    assert again.exit_code == 0, again.output
    assert rows(db_path, "SELECT id, modified_at, revision FROM articles ORDER BY id") == before
    assert rows(db_path, "SELECT count(*) FROM raw_documents") == [(len(names),)]


def test_strict_stops_at_the_first_error(db_path, tmp_path):
    batch = tmp_path / "batch"
    batch.mkdir()
    shutil.copy(FIXTURES / "bad" / "binary.bin", batch / "a-binary.bin")
    shutil.copy(SAMPLE_000, batch / "b-good.txt")
    result = run(db_path, "ingest", "--no-stages", "--strict", str(batch))
    assert result.exit_code == 1
    assert "a-binary.bin" in result.output
    assert rows(db_path, "SELECT count(*) FROM articles") == [(0,)]


def test_a_failure_midway_writes_nothing_half_and_reparse_recovers(db_path, monkeypatch):
    import newsprism.pipeline as pipeline

    real = pipeline.normalize

    def broken(raw_article, *, raw, format):
        raise ParseError("normalizer bug", source=raw.origin)

    monkeypatch.setattr(pipeline, "normalize", broken)
    result = run(db_path, "ingest", "--no-stages", str(SAMPLE_001))
    assert result.exit_code == 1
    assert rows(db_path, "SELECT count(*) FROM articles") == [(0,)]
    kept = rows(db_path, "SELECT status, error FROM raw_documents")
    assert kept == [("failed", "normalizer bug")]

    monkeypatch.setattr(pipeline, "normalize", real)
    result = run(db_path, "reparse")
    assert result.exit_code == 0, result.output
    assert rows(db_path, "SELECT count(*) FROM articles") == [(1,)]
    assert rows(db_path, "SELECT status FROM raw_documents") == [("ok",)]


def test_ctrl_c_mid_batch_keeps_whole_inputs_and_says_how_to_finish(db_path, monkeypatch):
    """Ctrl-C while the second input is being stored: the first is kept, the second is not
    half-written, and the exit said nothing (130, silently)."""
    import newsprism.pipeline as pipeline

    real = pipeline.normalize

    def interrupted(raw_article, *, raw, format):
        if raw.origin == str(SAMPLE_001):
            raise KeyboardInterrupt
        return real(raw_article, raw=raw, format=format)

    monkeypatch.setattr(pipeline, "normalize", interrupted)
    result = run(db_path, "ingest", "--no-stages", str(SAMPLE_000), str(SAMPLE_001))
    assert result.exit_code == 130
    assert result.output.strip().splitlines()[-1] == (
        "interrupted: the inputs read so far are stored; run the same command again to finish")
    assert rows(db_path, "SELECT origin, status FROM raw_documents") == [(str(SAMPLE_000), "ok")]
    assert rows(db_path, "SELECT count(*) FROM articles") == [(1,)]
    monkeypatch.setattr(pipeline, "normalize", real)
    assert run(db_path, "ingest", "--no-stages", str(SAMPLE_000), str(SAMPLE_001)).exit_code == 0
    assert rows(db_path, "SELECT count(*) FROM articles") == [(2,)]


def test_missing_path_is_named(db_path, tmp_path):
    result = run(db_path, "ingest", "--no-stages", str(tmp_path / "nope.json"), str(SAMPLE_000))
    assert result.exit_code == 1
    assert "nope.json" in result.output
    assert result.output.strip().splitlines()[-1] == "1 of 2 inputs failed"


def test_stdin_input(db_path):
    result = run(db_path, "ingest", "--no-stages", "-", input=SAMPLE_001.read_bytes())
    assert result.exit_code == 0, result.output
    assert rows(db_path, "SELECT title FROM articles") == [
        ("Zelensky proposes face-to-face talks in open letter to Putin",)]


def test_raw_returns_the_bytes_exactly(db_path):
    run(db_path, "ingest", "--no-stages", str(SAMPLE_000))
    result = runner.invoke(app, ["--db", str(db_path), "raw", "1"])
    assert result.exit_code == 0
    assert result.stdout_bytes == SAMPLE_000.read_bytes()


def test_unknown_ids_give_one_readable_line(db_path):
    run(db_path, "ingest", "--no-stages", str(SAMPLE_000))
    result = run(db_path, "article", "999")
    assert result.exit_code == 1
    assert result.output.strip() == "error: no article with id 999"


def test_parse_prints_articles_and_stores_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["parse", str(SAMPLE_000), str(SAMPLE_001), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["title"] for r in records] == [
        "In Open Letter to Putin, Zelensky Calls for Meeting and Ceasefire",
        "Zelensky proposes face-to-face talks in open letter to Putin",
    ]
    assert not list(tmp_path.glob("*.db"))


def test_parse_text_of_a_page_without_metadata_has_no_blank_meta_line():
    page = FIXTURES / "html" / "article_no_meta.html"
    text = runner.invoke(app, ["parse", str(page), "--format", "text"]).stdout
    title, blank, first = text.splitlines()[:3]
    assert (title, blank) == ("Ferry timetable cut as fuel costs rise", "")
    assert first.startswith("The island ferry will sail four times a day")


def test_search_finds_words_and_phrases(db_path):
    run(db_path, "ingest", "--no-stages", str(SAMPLES))
    result = run(db_path, "search", "air defense", "--format", "json")
    hits = json.loads(result.stdout)
    assert [h["title"] for h in hits] == [
        "In Open Letter to Putin, Zelensky Calls for Meeting and Ceasefire"]
    assert "[air]" in hits[0]["snippet"].lower()
    phrase = json.loads(run(db_path, "search", '"four regions"', "--format", "json").stdout)
    assert [h["title"] for h in phrase] == [
        "Zelensky proposes face-to-face talks in open letter to Putin"]
    assert json.loads(run(db_path, "search", 'unbalanced "quote', "--format", "json").stdout) == []


def test_search_table_prints_highlights_and_titles_verbatim(db_path):
    # rich read '[air] [defense]' as markup tags and printed 'improve its  systems'
    run(db_path, "ingest", "--no-stages", str(SAMPLES))
    table = run(db_path, "search", "air defense").stdout
    assert "[air]" in table and "[defense]" in table


def test_a_failed_input_with_brackets_in_its_name_is_named_in_full(db_path, tmp_path):
    bad = tmp_path / "post[air].json"
    shutil.copyfile(FIXTURES / "bad" / "truncated-post.json", bad)
    result = run(db_path, "ingest", "--no-stages", str(bad))
    assert result.exit_code == 1
    assert f"failed: {bad}: invalid WordPress JSON" in result.stderr


def test_an_unknown_reader_name_is_refused_before_anything_is_read(db_path):
    # before: with the inputs already stored, 'ingest -f bogus' skipped them and exited 0
    assert run(db_path, "ingest", "--no-stages", str(SAMPLES)).exit_code == 0
    for args in (["ingest", "-f", "bogus", str(SAMPLES)], ["reparse", "--all", "-f", "bogus"],
                 ["parse", "--reader", "bogus", str(SAMPLE_000)]):
        result = run(db_path, *args)
        assert result.exit_code == 2, args
        option = "--reader" if "parse" in args else "--format"
        assert result.stderr.startswith(f"error: {option} must be one of wordpress, ")
        assert "(got 'bogus')" in result.stderr


def test_the_summary_counts_inputs_already_stored(db_path):
    assert run(db_path, "ingest", "--no-stages", str(SAMPLE_000)).exit_code == 0
    again = runner.invoke(app, ["--db", str(db_path), "ingest", "--no-stages", str(SAMPLES)])
    assert again.exit_code == 0
    assert ("2 inputs: 1 new, 0 revised, 0 unchanged articles; 1 input already stored"
            in again.stderr)


def test_the_summaries_of_one_say_it_in_the_singular(db_path):
    """'1 inputs: 1 new …', 'exported 1 articles', '1 raw documents re-parsed' read wrong."""
    def stderr(*args):
        result = runner.invoke(app, ["--db", str(db_path), *args])
        assert result.exit_code == 0, result.output
        return result.stderr

    assert "\n1 input: 1 new, 0 revised, 0 unchanged articles\n" in stderr(
        "ingest", "--no-stages", str(SAMPLE_000))
    assert "1 input: 0 new, 0 revised, 0 unchanged articles; 1 input already stored" in stderr(
        "ingest", "--no-stages", str(SAMPLE_000))
    assert "exported 1 article\n" in stderr("export", "--format", "jsonl")
    assert "1 raw document re-parsed: 0 new, 0 revised articles" in stderr("reparse", "--all")
    assert "2 inputs: 1 new" in stderr("ingest", "--no-stages", str(SAMPLES))


def test_one_entry_without_an_article_is_singular(db_path, tmp_path):
    """'1 entries without an article skipped': a WARC of one login page and the sample's."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(
        "https://example.org/login", "response", http_headers=http,
        payload=io.BytesIO((FIXTURES / "html" / "login_page.html").read_bytes())))
    out.write((FIXTURES / "warc" / "plain-sample.warc").read_bytes())
    archive = tmp_path / "mixed.warc"
    archive.write_bytes(out.getvalue())
    result = runner.invoke(app, ["--db", str(db_path), "ingest", "--no-stages", str(archive)])
    assert result.exit_code == 1  # the sample's own broken record
    assert "[warc] 3 new, 1 entry without an article skipped\n" in result.stderr


def test_export_jsonl_reads_back_losslessly(db_path, tmp_path):
    run(db_path, "ingest", "--no-stages", str(SAMPLES))
    exported = run(db_path, "export", "--format", "jsonl").stdout
    dump = tmp_path / "export.jsonl"
    dump.write_text(exported, encoding="utf-8")
    other = tmp_path / "other.db"
    result = run(other, "ingest", "--no-stages", str(dump))
    assert result.exit_code == 0, result.output
    again = [json.loads(line) for line in run(other, "export").stdout.splitlines()]
    original = [json.loads(line) for line in exported.splitlines()]
    keep = ("title", "outlet", "url", "authors", "published", "updated", "language",
            "paragraphs", "subheadings", "captions", "related", "excerpt", "external_id",
            "metadata")
    assert [{k: r[k] for k in keep} for r in again] == [{k: r[k] for k in keep} for r in original]


def test_export_to_a_path_it_cannot_write_is_one_line(db_path, tmp_path):
    # before: a FileNotFoundError / IsADirectoryError traceback
    run(db_path, "ingest", "--no-stages", str(SAMPLE_000))
    missing = tmp_path / "no" / "such" / "dir" / "out.jsonl"
    result = run(db_path, "export", "-o", str(missing))
    assert result.exit_code == 1
    assert result.stderr == (f"error: {missing}: cannot write the export: "
                             "No such file or directory\n")
    folder = run(db_path, "export", "--format", "parquet", "-o", str(tmp_path))
    assert folder.exit_code == 1
    assert folder.stderr.startswith(f"error: {tmp_path}: cannot write the export: ")


def test_export_parquet(db_path, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    run(db_path, "ingest", "--no-stages", str(SAMPLES))
    target = tmp_path / "articles.parquet"
    result = run(db_path, "export", "--format", "parquet", "--output", str(target))
    assert result.exit_code == 0, result.output
    table = pq.read_table(target)
    assert table.num_rows == 2
    assert table.column("outlet_domain").to_pylist() == ["themoscowtimes.com", "gyalchisarshog.com"]


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("newsprism ")


def test_a_rerun_of_a_partly_read_input_reports_its_broken_entries_again(db_path, tmp_path):
    # before: the second run said "unchanged" and exited 0, hiding the broken line
    items = tmp_path / "items.jsonl"
    items.write_text('{"id": "x1", "title": "Dam opens", "text": "The new dam opened on Monday.",'
                     ' "url": "https://example.org/1"}\n{"id": broken\n', encoding="utf-8")
    for _ in range(2):
        result = runner.invoke(app, ["--db", str(db_path), "ingest", "--no-stages", str(items)])
        assert result.exit_code == 1, result.output
        assert "items.jsonl: line 2: not valid JSON" in result.output
        assert result.output.strip().endswith("1 of 1 inputs failed")
    assert "unchanged: " in result.output  # the second run stored nothing again
    assert rows(db_path, "SELECT count(*) FROM articles") == [(1,)]
    assert rows(db_path, "SELECT count(*) FROM raw_documents") == [(1,)]
