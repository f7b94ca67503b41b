"""Watched sources: the sources file, conditional polling, drop folders, the CLI."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.errors import InputError
from newsprism.ingest.fetch import Fetcher
from newsprism.ingest.watch import WatchedSource, load_sources, parse_duration, poll, watch
from newsprism.store import Store
from tests.conftest import FIXTURES, SAMPLE_000, SAMPLE_001

FEED = (FIXTURES / "feeds" / "rss20_content.xml").read_bytes()


def public(host: str) -> list[str]:
    return ["93.184.215.14"]


def test_durations():
    assert parse_duration("15m") == 900
    assert parse_duration("90s") == 90
    assert parse_duration(2) == 2
    with pytest.raises(InputError, match="not a duration"):
        parse_duration("soon")


def test_sources_file_names_its_mistakes(tmp_path):
    bad = tmp_path / "sources.toml"
    bad.write_text("[[source]]\ninterval = '5m'\n", encoding="utf-8")
    with pytest.raises(InputError, match="source 1 has neither url nor path"):
        load_sources(bad)
    bad.write_text("[[source]\n", encoding="utf-8")
    with pytest.raises(InputError, match="cannot read the sources file"):
        load_sources(bad)


def test_conditional_polling_skips_an_unchanged_feed(store):
    seen_headers = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen_headers.append(request.headers.get("if-none-match"))
        if request.headers.get("if-none-match") == '"v1"':
            return httpx.Response(304)
        return httpx.Response(200, content=FEED, headers={"etag": '"v1"',
                                                          "content-type": "application/rss+xml"})

    fetcher = Fetcher(transport=httpx.MockTransport(handler), resolver=public)
    source = WatchedSource(spec="https://news.example.org/feed.xml", interval=60)
    first = poll(store, source, fetcher=fetcher)
    assert first.results[0].status == "ok"
    stored = store.count_articles()
    assert stored >= 2
    second = poll(store, source, fetcher=fetcher)
    assert second.not_modified
    assert seen_headers == [None, '"v1"']
    assert store.count_articles() == stored


def test_watch_runs_bounded_cycles_on_a_drop_folder(store, tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    shutil.copy(SAMPLE_000, folder / "a.txt")
    source = WatchedSource(spec=str(folder), interval=60)
    polls = []
    ticks = iter(range(0, 10_000, 100))
    with Fetcher() as fetcher:
        watch(store, [source], fetcher=fetcher, cycles=1, on_poll=polls.append)
        shutil.copy(SAMPLE_001, folder / "b.json")
        source.next_due = 0
        watch(store, [source], fetcher=fetcher, cycles=1, on_poll=polls.append,
              clock=lambda: next(ticks), sleep=lambda s: None)
    assert store.count_articles() == 2
    # a.txt is not read again: only what is new or changed since the last poll
    assert [(Path(r.origin).name, r.status) for r in polls[1].results] == [("b.json", "ok")]


def test_a_drop_folder_file_is_read_again_only_when_it_changes(store, tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    shutil.copy(SAMPLE_000, folder / "a.txt")
    source = WatchedSource(spec=str(folder), interval=60)
    with Fetcher() as fetcher:
        first = poll(store, source, fetcher=fetcher)
        again = poll(store, source, fetcher=fetcher)
        text = (folder / "a.txt").read_text(encoding="utf-8")
        (folder / "a.txt").write_text(text.replace("Ceasefire", "Truce"), encoding="utf-8")
        changed = poll(store, source, fetcher=fetcher)
        (folder / "a.txt").unlink()
        gone = poll(store, source, fetcher=fetcher)
    assert [r.status for r in first.results] == ["ok"]
    assert again.results == []
    assert [r.status for r in changed.results] == ["ok"]
    assert store.count_articles() == 1  # the same article, revised
    assert gone.results == [] and source.seen == {}


def test_a_fifo_in_a_drop_folder_is_reported_each_poll_and_the_files_read_once(store, tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    shutil.copy(SAMPLE_000, folder / "a.txt")
    os.mkfifo(folder / "pipe")
    source = WatchedSource(spec=str(folder), interval=60)
    with Fetcher() as fetcher:
        first = poll(store, source, fetcher=fetcher)
        again = poll(store, source, fetcher=fetcher)
    assert [(r.origin, r.status) for r in first.results] == [
        (str(folder / "a.txt"), "ok"), (str(folder / "pipe"), "failed")]
    assert "not a regular file" in first.results[1].errors[0]
    # the file is not read again because of the FIFO beside it; the FIFO is named again
    assert [(r.origin, r.status) for r in again.results] == [(str(folder / "pipe"), "failed")]


def test_watch_once_from_the_cli(tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    shutil.copy(SAMPLE_001, folder / "post.json")
    sources = tmp_path / "sources.toml"
    sources.write_text('[defaults]\ninterval = "5m"\n\n[[source]]\npath = "drop"\n',
                       encoding="utf-8")
    db = tmp_path / "w.db"
    result = CliRunner().invoke(app, ["--db", str(db), "watch", str(sources), "--once"])
    assert result.exit_code == 0, result.output
    assert "1 new" in result.output
    with Store.open(db) as opened:
        assert opened.count_articles() == 1


def test_watch_once_exits_1_naming_the_failures_like_ingest(tmp_path):
    # before: 'watch --once' printed the failure and exited 0, so cron could not notice it
    folder = tmp_path / "drop"
    folder.mkdir()
    shutil.copy(SAMPLE_001, folder / "post.json")
    shutil.copy(FIXTURES / "bad" / "truncated-post.json", folder / "truncated.json")
    sources = tmp_path / "sources.toml"
    sources.write_text('[[source]]\npath = "drop"\n', encoding="utf-8")
    db = tmp_path / "w.db"
    for _ in range(2):  # the second poll stores nothing new and fails the same way
        result = CliRunner().invoke(app, ["--db", str(db), "watch", str(sources), "--once"])
        assert result.exit_code == 1, result.output
        assert "truncated.json: invalid WordPress JSON" in result.stderr
        assert result.stderr.strip().endswith("1 of 2 inputs failed")
        with Store.open(db) as opened:
            assert opened.count_articles() == 1


def test_watch_once_reports_a_broken_entry_and_counts_it_like_ingest(tmp_path):
    # before: watch printed nothing for a broken line of a partly read input and exited 0,
    # where ingest names the line and exits 1 (an input with a broken entry counts as failed)
    folder = tmp_path / "drop"
    folder.mkdir()
    shutil.copy(SAMPLE_001, folder / "post.json")
    (folder / "items.jsonl").write_text(
        '{"id": "x1", "title": "Dam opens", "text": "The new dam opened on Monday.", '
        '"url": "https://example.org/1"}\n{"id": broken\n', encoding="utf-8")
    sources = tmp_path / "sources.toml"
    sources.write_text('[[source]]\npath = "drop"\n', encoding="utf-8")
    db = tmp_path / "w.db"
    result = CliRunner().invoke(app, ["--db", str(db), "watch", str(sources), "--once"])
    assert result.exit_code == 1, result.output
    assert "items.jsonl: line 2: not valid JSON" in result.stderr
    assert "polled: " in result.stderr and "items.jsonl [jsonl] 1 new" in result.stderr
    assert result.stderr.strip().endswith("1 of 2 inputs failed")
    with Store.open(db) as opened:
        assert opened.count_articles() == 2


@pytest.mark.parametrize(("text", "message"), [
    ("[source]\nurl = 'https://e.org/feed'\n", r"each source must be a \[\[source\]\] table"),
    ("[[source]]\nurl = 123\n", "source 1: url and path must be text in quotes"),
    ("defaults = 'x'\n[[source]]\nurl = 'https://e.org/'\n", "defaults must be a table"),
    ("[[source]]\nurl = 'https://e.org/'\ninterval = ['5m']\n",
     r"source 1: not a duration: \['5m'\]"),
    ("[[source]]\nurl = 'https://e.org/'\nformat = 'fead'\n", "source 1: unknown format 'fead'"),
    ("[[source]]\nurl = 'ftp://e.org/feed'\n", "source 1: url must start with http"),
])
def test_a_sources_file_of_the_wrong_shape_is_one_line_naming_it(tmp_path, text, message):
    """Each of these ended 'watch' in a traceback (AttributeError, TypeError) or, for a
    misspelt format, failed every poll of the source."""
    bad = tmp_path / "sources.toml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message) as caught:
        load_sources(bad)
    assert caught.value.source == str(bad)


def test_a_failing_stage_is_reported_by_watch_as_by_ingest(tmp_path, monkeypatch):
    """poll dropped what run_post_ingest returned: a stage that failed was never mentioned."""
    from newsprism import pipeline
    from newsprism.errors import StoreError

    def broken(store, ids):
        raise StoreError("the stories tables are locked")

    broken.__module__ = "newsprism.cluster.stage"
    monkeypatch.setattr(pipeline, "POST_INGEST_STAGES", [broken])
    folder = tmp_path / "drop"
    folder.mkdir()
    shutil.copy(SAMPLE_000, folder / "a.txt")
    sources = tmp_path / "sources.toml"
    sources.write_text('[[source]]\npath = "drop"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "w.db"), "watch", str(sources),
                                      "--once"])
    assert "stage error: newsprism.cluster.stage: the stories tables are locked" in result.output
