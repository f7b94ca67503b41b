"""The ingest run over URLs: failures are named, one line each, and the batch goes on."""

from __future__ import annotations

import httpx

from newsprism.ingest.fetch import Fetcher
from newsprism.pipeline import ingest
from tests.conftest import FIXTURES, SAMPLE_001

POST = SAMPLE_001.read_bytes()


def handler(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if path == "/slow":
        raise httpx.ReadTimeout("timed out", request=request)
    if path == "/missing":
        return httpx.Response(404)
    if path == "/broken":
        return httpx.Response(500)
    if path == "/loop":
        return httpx.Response(302, headers={"location": "/loop2"})
    if path == "/loop2":
        return httpx.Response(302, headers={"location": "/loop"})
    if path == "/post":
        return httpx.Response(200, content=POST, headers={"content-type": "application/json"})
    return httpx.Response(404)


def public(host: str) -> list[str]:
    return ["93.184.215.14"]


def test_a_batch_of_urls_names_each_failure_and_stores_the_good_one(store):
    fetcher = Fetcher(transport=httpx.MockTransport(handler), resolver=public, timeout=1)
    urls = [f"https://news.example.org/{p}" for p in ("slow", "missing", "broken", "loop", "post")]
    report = ingest(store, urls, fetcher=fetcher, run_stages=False)
    by_origin = {r.origin.rsplit("/", 1)[-1]: r for r in report.results}
    assert report.failed == 4
    assert by_origin["post"].status == "ok"
    assert "timed out" in by_origin["slow"].errors[0]
    assert "HTTP 404" in by_origin["missing"].errors[0]
    assert "HTTP 500" in by_origin["broken"].errors[0]
    assert "redirect" in by_origin["loop"].errors[0]
    for name in ("slow", "missing", "broken", "loop"):
        assert len(by_origin[name].errors) == 1
        assert by_origin[name].errors[0].startswith(f"https://news.example.org/{name}")
    assert store.count_articles() == 1


def test_private_addresses_are_refused_unless_allowed(store):
    def loopback(host: str) -> list[str]:
        return ["127.0.0.1"]

    refused = ingest(store, ["http://intranet.example/post"], run_stages=False,
                     fetcher=Fetcher(transport=httpx.MockTransport(handler), resolver=loopback))
    assert refused.failed == 1
    assert "private" in refused.results[0].errors[0] or "loopback" in refused.results[0].errors[0]
    allowed = ingest(store, ["http://intranet.example/post"], run_stages=False,
                     fetcher=Fetcher(transport=httpx.MockTransport(handler), resolver=loopback,
                                     allow_private=True))
    assert allowed.failed == 0
    assert store.count_articles() == 1


def test_warc_records_without_an_article_are_skipped_not_failures(store, tmp_path):
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from newsprism.models import RawDocument
    from newsprism.pipeline import ingest_raw

    page = (FIXTURES / "html" / "news_jsonld.html").read_bytes()
    login = (FIXTURES / "html" / "login_page.html").read_bytes()
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for uri, body in (("https://a.example/news", page), ("https://a.example/login", login)):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                      http_headers=headers))
    result = ingest_raw(store, RawDocument(data=buffer.getvalue(), origin="crawl.warc.gz"))
    assert result.status == "ok"
    assert len(result.saved) == 1
    assert len(result.skipped) == 1 and "login" in result.skipped[0]
    assert not result.failed


def test_articles_a_stopped_run_stored_are_staged_by_the_next_run(store, monkeypatch):
    """Ctrl-C after storing but before the stages left the articles out of every story, and
    re-running the same command stored nothing new, so no stage ever saw them."""
    from newsprism import pipeline

    interrupted = ingest(store, [str(SAMPLE_001)], run_stages=False)  # stopped before stages
    (stored,) = interrupted.changed_ids
    seen: list[list[int]] = []

    def stage(_store: object, ids: list[int]) -> None:  # places them, as clustering does
        seen.append(ids)
        store.conn.execute("INSERT INTO story_articles (article_id, story_id, status, reason, "
                           "seq) VALUES (?, NULL, 'unassigned', 'test', 0)", (ids[0],))

    monkeypatch.setattr(pipeline, "POST_INGEST_STAGES", [stage])
    again = ingest(store, [str(SAMPLE_001)])
    assert again.changed_ids == [] and [r.status for r in again.results] == ["unchanged"]
    assert seen == [[stored]]
    ingest(store, [str(SAMPLE_001)])  # placed now: nothing left for the stages
    assert seen == [[stored]]


def test_an_input_larger_than_sqlite_keeps_is_one_error_and_the_batch_goes_on(store, tmp_path):
    """SQLite stores at most 1 GB in one value (a CC-NEWS archive can be more): 'string or
    blob too big' was raised again while keeping the failure, and ended the run."""
    import sqlite3

    big = tmp_path / "big.txt"
    big.write_text("# Big\n\n" + "word " * 2000, encoding="utf-8")
    store.conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, 8000)  # the same check, at a test's size
    report = ingest(store, [str(big), str(SAMPLE_001)], run_stages=False)
    assert [r.status for r in report.results] == ["failed", "ok"]
    assert report.results[0].errors == [
        f"{big}: too large to keep: 10,007 bytes, more than the 8,000 bytes SQLite stores in "
        "one value; split it into smaller files"]


def test_an_article_normalize_trips_on_is_one_broken_entry_the_rest_stored(store, monkeypatch):
    """An unexpected error in normalize for one article (a date in year 0 was one) failed the
    whole input and lost the good articles beside it."""
    from newsprism import pipeline

    real = pipeline.normalize

    def odd(raw_article, *, raw, format):
        if raw_article.external_id == "r4":
            raise OverflowError("date value out of range")
        return real(raw_article, raw=raw, format=format)

    monkeypatch.setattr(pipeline, "normalize", odd)
    (result,) = ingest(store, [str(FIXTURES / "bad" / "lone_surrogate.jsonl")],
                       run_stages=False).results
    assert result.status == "partial" and len(result.saved) == 2
    assert result.errors == [f"{FIXTURES / 'bad' / 'lone_surrogate.jsonl'}: article 'r4': could "
                             "not be normalized (OverflowError: date value out of range)"]
