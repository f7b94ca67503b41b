"""Full text for summary-only feed items: page body, feed metadata kept, failures, the cap,
re-ingest, reparse, the flag off, watch and the CLI. Never the network: a mock transport."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

import httpx
import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.errors import InputError
from newsprism.ingest.fetch import Fetcher
from newsprism.ingest.watch import load_sources, poll
from newsprism.models import RawDocument
from newsprism.pipeline import IngestReport, ingest, read_articles, reparse
from newsprism.store import Store
from tests.conftest import FIXTURES

FEED_URL = "https://www.harbourherald.co.uk/feed.xml"
FEED = (FIXTURES / "feeds" / "rss_summaries.xml").read_bytes()
SITE = "https://www.harbourherald.co.uk"
STRIKE = f"{SITE}/business/2025/03/14/port-strike-grain-exports"
STRIKE_LINK = f"{STRIKE}?utm_source=rss&utm_medium=feed"
FERRY = f"{SITE}/news/2025/03/13/ferry-timetable-cut"
MUSEUM = f"{SITE}/culture/2025/03/12/museum-renovation"
LETTERS = f"{SITE}/opinion/2025/03/12/letters"
HTML = {
    STRIKE_LINK: (FIXTURES / "html" / "news_jsonld.html").read_bytes(),
    FERRY: (FIXTURES / "html" / "article_no_meta.html").read_bytes(),
    MUSEUM: (FIXTURES / "html" / "login_page.html").read_bytes(),
}


def public(host: str) -> list[str]:
    return ["93.184.215.14"]


def site(pages: dict[str, bytes | int | str],
         feed: bytes = FEED) -> tuple[Fetcher, list[str]]:
    """A fetcher over a mock site: the feed, then each page (bytes, an HTTP status, or the URL
    it redirects to)."""
    requested: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        requested.append(url)
        if url == FEED_URL:
            return httpx.Response(200, content=feed,
                                  headers={"content-type": "application/rss+xml"})
        page = pages.get(url, 404)
        if isinstance(page, int):
            return httpx.Response(page)
        if isinstance(page, str):
            return httpx.Response(301, headers={"location": page})
        return httpx.Response(200, content=page, headers={"content-type": "text/html"})

    return Fetcher(transport=httpx.MockTransport(handler), resolver=public), requested


def run(store: Store, fetcher: Fetcher, **options: object) -> IngestReport:
    return ingest(store, [FEED_URL], fetcher=fetcher, run_stages=False, **options)


def by_title(store: Store) -> dict[str, dict]:
    return {a.title: a.to_dict() for a in store.iter_articles()}


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_partial_items_get_the_page_body_and_keep_the_feeds_metadata(store):
    fetcher, requested = site({**HTML, MUSEUM: (FIXTURES / "html" / "teaser_page.html")
                               .read_bytes()})
    report = run(store, fetcher, full_text=True)
    result = report.results[0]
    assert result.status == "ok" and not result.failed
    # Sequential, one request per summary-only item; the item with content:encoded is not fetched.
    assert requested == [FEED_URL, STRIKE_LINK, FERRY, MUSEUM]
    articles = by_title(store)

    strike = articles["Port strike halts grain exports as talks collapse"]
    assert strike["partial"] is False
    assert strike["paragraphs"][0].startswith("Dock workers walked out at three of the country")
    assert len(strike["paragraphs"]) == 7
    assert strike["subheadings"] == ["Grain prices climb"]
    assert [a["name"] for a in strike["authors"]] == ["Maria Lindqvist", "Reuters"]
    assert strike["url"] == STRIKE  # the page's canonical URL, tracking stripped
    assert strike["external_id"] == "harbourherald-1001"  # the feed item's id
    assert strike["format"] == "feed" and strike["origin"] == FEED_URL
    assert strike["provenance"]["paragraphs"] != "feed"
    assert strike["metadata"]["full_text"] == {
        "link": STRIKE_LINK, "url": STRIKE_LINK, "raw_sha256": sha(HTML[STRIKE_LINK])}

    ferry = articles["Ferry timetable cut as fuel costs rise"]
    assert ferry["partial"] is False
    assert len(ferry["paragraphs"]) == 4
    assert ferry["paragraphs"][0].startswith("The island ferry will sail four times a day")
    # The page has no byline and only a date guessed from its URL: the feed's stand.
    assert [a["name"] for a in ferry["authors"]] == ["Tom Ashby"]
    assert ferry["provenance"]["authors"] == "feed"
    assert ferry["published"] == "2025-03-13T16:20:00Z"
    assert ferry["provenance"]["published"] == "feed"

    # The fetched pages are kept verbatim as their own raw documents.
    page = store.find_raw(sha(HTML[FERRY]))
    assert page is not None and page.data == HTML[FERRY]
    assert (page.format, page.status, page.origin) == ("fulltext-page", "ok", FERRY)

    letters = articles["Letters: the port deserves better"]
    assert letters["partial"] is False and "full_text" not in letters["metadata"]


def test_a_page_shorter_than_the_summary_keeps_the_summary(store):
    teaser = (FIXTURES / "html" / "teaser_page.html").read_bytes()
    fetcher, _ = site({**HTML, MUSEUM: teaser})
    result = run(store, fetcher, full_text=True).results[0]
    museum = by_title(store)["Harbour museum to close for renovation"]
    assert museum["partial"] is True
    assert museum["paragraphs"][0].startswith("The maritime museum shuts in May")
    assert "shorter than the feed's summary" in museum["metadata"]["full_text"]["error"]
    assert any(note.startswith(f"{MUSEUM}: the page's text") for note in result.notes)
    assert store.find_raw(sha(teaser)).status == "failed"


def test_failing_pages_keep_the_summary_with_a_reason_and_the_feed_goes_on(store):
    fetcher, requested = site({STRIKE_LINK: HTML[MUSEUM], FERRY: HTML[FERRY], MUSEUM: 500})
    result = run(store, fetcher, full_text=True).results[0]
    assert result.status == "ok" and not result.failed and len(result.saved) == 4
    assert requested == [FEED_URL, STRIKE_LINK, FERRY, MUSEUM]
    articles = by_title(store)

    museum = articles["Harbour museum to close for renovation"]
    assert museum["partial"] is True
    assert museum["paragraphs"][0].startswith("The maritime museum shuts in May")
    assert museum["metadata"]["full_text"] == {
        "link": MUSEUM, "error": "HTTP 500 Internal Server Error"}

    strike = articles["Port strike halts grain exports as talks collapse"]  # a login page
    assert strike["partial"] is True
    assert strike["paragraphs"] == [
        "Dock workers walked out at three ports after wage talks broke down overnight."]
    assert strike["metadata"]["full_text"]["error"].startswith("no article text found")
    login = store.find_raw(sha(HTML[MUSEUM]))
    assert login.status == "failed" and login.error.startswith("no article text found")

    assert articles["Ferry timetable cut as fuel costs rise"]["partial"] is False
    assert result.notes == [
        f"{STRIKE_LINK}: no article text found in the page (25 words of body text); "
        "kept the feed's summary",
        f"{MUSEUM}: HTTP 500 Internal Server Error; kept the feed's summary",
    ]


def test_the_cap_bounds_page_fetches_per_run(store):
    fetcher, requested = site(HTML)
    result = run(store, fetcher, full_text=True, full_text_max=1).results[0]
    assert requested == [FEED_URL, STRIKE_LINK]
    assert result.notes == [f"{FEED_URL}: 2 items kept their summary: the cap of 1 page "
                            "fetches per run was reached (raise it with --full-text-max)"]
    partial = {t: a["partial"] for t, a in by_title(store).items()}
    assert partial == {"Port strike halts grain exports as talks collapse": False,
                       "Ferry timetable cut as fuel costs rise": True,
                       "Harbour museum to close for renovation": True,
                       "Letters: the port deserves better": False}


def test_reingesting_is_a_no_op_and_stored_pages_are_never_fetched_again(store):
    fetcher, requested = site(HTML)
    run(store, fetcher, full_text=True)
    before = by_title(store)
    raw_count = len(store.raw_ids())
    requested.clear()

    again = run(store, fetcher, full_text=True).results[0]
    assert again.status == "unchanged"
    assert requested == [FEED_URL]

    # A changed feed (a new build date): every page is stored (the login page too, as failed),
    # so all are re-read offline and nothing is fetched or revised.
    changed = FEED.replace(b"<language>en-GB</language>",
                           b"<language>en-GB</language><lastBuildDate>Sat, 15 Mar 2025 "
                           b"06:00:00 +0000</lastBuildDate>")
    fetcher2, requested2 = site(HTML, feed=changed)
    result = run(store, fetcher2, full_text=True).results[0]
    assert result.status == "ok"
    assert requested2 == [FEED_URL]
    assert [s.status for s in result.saved] == ["unchanged"] * 4
    assert result.notes == []
    assert by_title(store) == before
    assert len(store.raw_ids()) == raw_count + 1  # the changed feed only


def test_a_page_that_failed_to_fetch_is_tried_again_when_the_feed_changes(store):
    fetcher, _ = site({**HTML, MUSEUM: 503})
    run(store, fetcher, full_text=True)
    changed = FEED.replace(b"</channel>", b"<!-- rebuilt --></channel>")
    fetcher2, requested = site({**HTML, MUSEUM: (FIXTURES / "html" / "article_no_meta.html")
                                .read_bytes()}, feed=changed)
    run(store, fetcher2, full_text=True)
    assert requested == [FEED_URL, MUSEUM]


def test_flag_off_stores_the_summaries_as_before(store):
    fetcher, requested = site(HTML)
    result = run(store, fetcher).results[0]
    assert requested == [FEED_URL]
    assert result.notes == []
    stored = sorted((a.to_dict() for a in store.iter_articles()), key=lambda a: a["title"])
    _, expected, _ = read_articles(RawDocument(data=FEED, origin=FEED_URL, url=FEED_URL,
                                               content_type="application/rss+xml"))
    expected_dicts = sorted((a.to_dict() for a in expected), key=lambda a: a["title"])
    for got, want in zip(stored, expected_dicts, strict=True):
        got.pop("id"), want.pop("id")
        assert got == want
    assert sum(a["partial"] for a in stored) == 3


def test_json_feed_items_with_only_a_summary_get_their_page(store):
    roads = "https://desertledger.example.com/2026/06/02/roads/"
    feed = (FIXTURES / "feeds" / "jsonfeed.json").read_bytes()
    fetcher, requested = site({roads: HTML[FERRY]}, feed=feed)
    result = run(store, fetcher, full_text=True).results[0]
    assert result.format == "jsonfeed"
    assert requested == [FEED_URL, roads]
    (article,) = [a for a in store.iter_articles() if a.external_id == "summary-only"]
    assert not article.partial and len(article.paragraphs) == 4


def test_a_feed_file_fetches_no_pages(store, tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(FEED)
    fetcher, requested = site(HTML)
    ingest(store, [str(path)], fetcher=fetcher, run_stages=False, full_text=True)
    assert requested == []
    assert sum(a.partial for a in store.iter_articles()) == 3


def test_reparse_and_a_plain_ingest_keep_the_full_text(store):
    fetcher, _ = site(HTML)
    report = run(store, fetcher, full_text=True)
    before = by_title(store)
    again = reparse(store, [report.results[0].raw_id])
    assert [s.status for s in again.results[0].saved] == ["unchanged"] * 4
    # Without the flag, a changed feed still uses the stored pages (no network for pages).
    changed = FEED.replace(b"</channel>", b"<!-- rebuilt --></channel>")
    fetcher2, requested = site({}, feed=changed)
    run(store, fetcher2)
    assert requested == [FEED_URL]
    assert by_title(store) == before


def test_reparse_leaves_a_refused_page_to_its_feed(store):
    teaser = (FIXTURES / "html" / "teaser_page.html").read_bytes()
    fetcher, _ = site({**HTML, MUSEUM: teaser})
    run(store, fetcher, full_text=True)
    failed = store.raw_ids(status=("failed", "partial"))
    assert failed == [store.find_raw(sha(teaser)).id]
    # Alone, the teaser reads as an article and would replace the item's summary: skipped.
    report = reparse(store, failed)
    assert not report.failed and report.results[0].status == "unchanged"
    assert report.results[0].notes == [
        f"{MUSEUM}: a page fetched for a feed item; it is re-read with its feed "
        "(reparse the feed's raw document)"]
    museum = by_title(store)["Harbour museum to close for renovation"]
    assert museum["partial"] is True and len(museum["paragraphs"]) == 1


def sources_file(tmp_path, extra: str):
    path = tmp_path / "sources.toml"
    path.write_text(f'[[source]]\nurl = "{FEED_URL}"\n{extra}', encoding="utf-8")
    return path


def test_watch_source_with_full_text(store, tmp_path):
    (source,) = load_sources(sources_file(tmp_path, "full_text = true\nfull_text_max = 2\n"))
    assert source.full_text and source.full_text_max == 2
    fetcher, requested = site(HTML)
    outcome = poll(store, source, fetcher=fetcher)
    assert requested == [FEED_URL, STRIKE_LINK, FERRY]
    assert "1 items kept their summary" in outcome.results[0].notes[0]
    assert sum(a.partial for a in store.iter_articles()) == 1


def test_watch_source_default_is_off_and_bad_values_are_named(store, tmp_path):
    (source,) = load_sources(sources_file(tmp_path, ""))
    assert source.full_text is False
    with pytest.raises(InputError, match="source 1: full_text must be true or false"):
        load_sources(sources_file(tmp_path, 'full_text = "yes"\n'))


@pytest.fixture
def cli_site(monkeypatch) -> Callable[[dict[str, bytes | int]], list[str]]:
    """Make the Fetcher the CLI creates (pipeline.ingest imports it at call time) a mock site."""
    def install(pages: dict[str, bytes | int | str]) -> list[str]:
        fetcher, requested = site(pages)
        monkeypatch.setattr("newsprism.ingest.fetch.Fetcher", lambda **options: fetcher)
        return requested
    return install


def test_cli_full_text_notes_a_failing_page_and_exits_0(db_path, cli_site):
    requested = cli_site({**HTML, MUSEUM: 500})
    result = CliRunner().invoke(app, ["--db", str(db_path), "ingest", FEED_URL, "--full-text",
                                      "--no-stages"])
    assert result.exit_code == 0, result.output
    assert (f"full text: {MUSEUM}: HTTP 500 Internal Server Error; kept the feed's summary"
            in result.output)
    assert requested == [FEED_URL, STRIKE_LINK, FERRY, MUSEUM]
    with Store.open(db_path) as opened:
        stored = json.loads(opened.conn.execute(
            "SELECT data FROM articles WHERE title LIKE 'Ferry%'").fetchone()[0])
    assert stored["partial"] is False


def rebuilt(feed: bytes, mark: str) -> bytes:
    """The same feed with new bytes (a rebuild), so it is read again."""
    return feed.replace(b"</channel>", f"<!-- {mark} --></channel>".encode())


def test_a_failing_page_is_recorded_on_the_summary_stored_before(db_path):
    with Store.open(db_path) as store:
        fetcher, _ = site(HTML)
        run(store, fetcher)  # without full text: the museum item is stored as its summary
        (museum_id,) = [a.id for a in store.iter_articles() if a.title.startswith("Harbour mus")]
        assert "full_text" not in store.get_article(museum_id).metadata

        fetcher2, requested = site({**HTML, MUSEUM: 500}, feed=rebuilt(FEED, "one"))
        result = run(store, fetcher2, full_text=True).results[0]
        assert MUSEUM in requested
        assert (museum_id, "unchanged") in [(s.id, s.status) for s in result.saved]
        assert store.get_article(museum_id).metadata["full_text"] == {
            "link": MUSEUM, "error": "HTTP 500 Internal Server Error"}

        # It fails again for another reason: the one record says the latest, no revision.
        fetcher3, _ = site({**HTML, MUSEUM: 503}, feed=rebuilt(FEED, "two"))
        run(store, fetcher3, full_text=True)
        museum = store.get_article(museum_id)
        assert museum.metadata["full_text"] == {"link": MUSEUM,
                                                "error": "HTTP 503 Service Unavailable"}
        assert museum.partial and store.revisions(museum_id) == []
        before = store.conn.execute("SELECT data, modified_at FROM articles ORDER BY id"
                                    ).fetchall()

        # The same failure again writes nothing; the same bytes again fetch nothing.
        fetcher4, _ = site({**HTML, MUSEUM: 503}, feed=rebuilt(FEED, "three"))
        run(store, fetcher4, full_text=True)
        fetcher5, requested5 = site({**HTML, MUSEUM: 503}, feed=rebuilt(FEED, "three"))
        assert run(store, fetcher5, full_text=True).results[0].status == "unchanged"
        assert requested5 == [FEED_URL]
        after = store.conn.execute("SELECT data, modified_at FROM articles ORDER BY id"
                                   ).fetchall()
        assert [tuple(r) for r in after] == [tuple(r) for r in before]

    shown = CliRunner().invoke(app, ["--db", str(db_path), "article", str(museum_id)])
    assert shown.exit_code == 0, shown.output
    line = f"full text: {MUSEUM}: HTTP 503 Service Unavailable; kept the feed's summary"
    assert shown.stdout.count(line) == 1


REDIRECT_FEED = (FIXTURES / "feeds" / "rss_redirect_links.xml").read_bytes()
PROXY_LINK = ("https://feeds.feedburner.com/~r/harbourherald/business/~3/q7XkP2mZ0aE/"
              "port-strike-grain-exports")
# The click redirect leads to the article, whose <link rel=canonical> is STRIKE.
PROXIED = {PROXY_LINK: STRIKE, STRIKE: HTML[STRIKE_LINK]}


def test_a_page_whose_canonical_differs_from_the_link_revises_the_summary(store):
    fetcher, _ = site({}, feed=REDIRECT_FEED)
    (first,) = run(store, fetcher).results[0].saved
    summary = store.get_article(first.id)
    assert summary.partial and summary.url == PROXY_LINK

    fetcher2, requested = site(PROXIED, feed=rebuilt(REDIRECT_FEED, "rebuilt"))
    result = run(store, fetcher2, full_text=True).results[0]
    assert requested == [FEED_URL, PROXY_LINK, STRIKE]
    assert [(s.id, s.status) for s in result.saved] == [(first.id, "revised")]
    assert store.count_articles() == 1
    article = store.get_article(first.id)
    assert not article.partial and len(article.paragraphs) == 7
    assert article.url == STRIKE  # the page's canonical URL
    assert article.external_id == "harbourherald-1001"  # the feed item's guid
    assert article.metadata["full_text"] == {
        "link": PROXY_LINK, "url": STRIKE, "raw_sha256": sha(HTML[STRIKE_LINK])}
    assert [r["revision"] for r in store.revisions(first.id)] == [1]

    # Re-read offline (reparse, a plain ingest of a rebuilt feed): still the one article.
    assert [s.status for s in reparse(store, [result.raw_id]).results[0].saved] == ["unchanged"]
    fetcher3, requested3 = site({}, feed=rebuilt(REDIRECT_FEED, "again"))
    assert [s.status for s in run(store, fetcher3).results[0].saved] == ["unchanged"]
    assert requested3 == [FEED_URL]
    assert store.count_articles() == 1 and not store.get_article(first.id).partial


def test_full_text_on_the_first_read_keys_the_article_by_its_item(store):
    fetcher, _ = site(PROXIED, feed=REDIRECT_FEED)
    (first,) = run(store, fetcher, full_text=True).results[0].saved
    assert store.get_article(first.id).url == STRIKE
    # A rebuilt feed finds the stored page under the item's key and fetches nothing.
    fetcher2, requested = site({PROXY_LINK: 500}, feed=rebuilt(REDIRECT_FEED, "rebuilt"))
    (again,) = run(store, fetcher2, full_text=True).results[0].saved
    assert (again.id, again.status) == (first.id, "unchanged")
    assert requested == [FEED_URL]
    assert store.conn.execute("SELECT key FROM articles").fetchall()[0][0] == "url:" + PROXY_LINK
    assert store.count_articles() == 1


def test_cli_parse_full_text_reads_the_pages_and_stores_nothing(tmp_path, monkeypatch, cli_site):
    monkeypatch.chdir(tmp_path)
    requested = cli_site({**HTML, MUSEUM: 500})
    result = CliRunner().invoke(app, ["parse", FEED_URL, "--full-text", "--full-text-max", "2"])
    assert result.exit_code == 0, result.output
    assert requested == [FEED_URL, STRIKE_LINK, FERRY]
    records = {r["title"]: r for r in map(json.loads, result.stdout.splitlines())}
    strike = records["Port strike halts grain exports as talks collapse"]
    assert not strike["partial"] and len(strike["paragraphs"]) == 7
    assert strike["url"] == STRIKE and strike["external_id"] == "harbourherald-1001"
    assert not records["Ferry timetable cut as fuel costs rise"]["partial"]
    assert records["Harbour museum to close for renovation"]["partial"]  # past the cap
    assert ("full text: " + FEED_URL + ": 1 items kept their summary: the cap of 2 page "
            "fetches per run was reached") in result.stderr
    assert not list(tmp_path.glob("*.db"))


def test_cli_parse_full_text_notes_a_failing_page(tmp_path, monkeypatch, cli_site):
    monkeypatch.chdir(tmp_path)
    cli_site({**HTML, MUSEUM: 500})
    result = CliRunner().invoke(app, ["parse", FEED_URL, "--full-text"])
    assert result.exit_code == 0, result.output
    assert (f"full text: {MUSEUM}: HTTP 500 Internal Server Error; kept the feed's summary"
            in result.stderr)
    museum = [json.loads(line) for line in result.stdout.splitlines()][2]
    assert museum["partial"] and museum["metadata"]["full_text"] == {
        "link": MUSEUM, "error": "HTTP 500 Internal Server Error"}


def test_cli_parse_without_the_flag_fetches_no_pages(tmp_path, monkeypatch, cli_site):
    monkeypatch.chdir(tmp_path)
    requested = cli_site(HTML)
    result = CliRunner().invoke(app, ["parse", FEED_URL])
    assert result.exit_code == 0, result.output
    assert requested == [FEED_URL]
    assert sum(json.loads(line)["partial"] for line in result.stdout.splitlines()) == 3
