"""The JSON API in-process (FastAPI TestClient) over a real SQLite file with the samples."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from fastapi.testclient import TestClient

from newsprism.ingest.fetch import Fetcher
from newsprism.serve import create_app
from newsprism.serve.app import LimitsMiddleware
from newsprism.serve.queries import stories_available
from newsprism.store import Store
from tests.conftest import FIXTURES, SAMPLE_000, SAMPLE_001
from tests.serve.conftest import SERVE_FIXTURES, count_rows, sample_ids

ERROR_KEYS = {"ok", "status", "code", "message"}


def assert_error(response: httpx.Response, status: int, code: str, *words: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["ok"] is False and body["status"] == status and body["code"] == code
    for word in words:
        assert word in body["message"], body["message"]
    return body


# -- reads ------------------------------------------------------------------------------------

def test_health_counts_the_samples(client):
    body = client.get("/api/health").json()
    assert body["ok"] is True and body["articles"] == 2


def test_article_has_clean_text_captions_apart_and_raw_id(client, samples_db):
    ids = sample_ids(samples_db)
    body = client.get(f"/api/articles/{ids['000']}").json()
    article = body["article"]
    assert article["title"] == "In Open Letter to Putin, Zelensky Calls for Meeting and Ceasefire"
    assert article["outlet"]["domain"] == "themoscowtimes.com"
    assert article["captions"][0]["credit"] == "Mikhail Metzel / TASS"
    assert not any("Mikhail Metzel" in p for p in article["paragraphs"])
    assert len(article["paragraphs"]) == 24
    assert isinstance(article["raw_id"], int) and article["revisions"] == []


def test_raw_is_the_stored_bytes_sandboxed(client, samples_db):
    ids = sample_ids(samples_db)
    response = client.get(f"/api/articles/{ids['001']}/raw")
    assert response.status_code == 200
    assert response.content == SAMPLE_001.read_bytes()
    assert "sandbox" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_search_finds_both_samples_and_a_phrase_only_in_one(client, samples_db):
    ids = sample_ids(samples_db)
    body = client.get("/api/search", params={"q": "zelensky"}).json()
    assert {r["id"] for r in body["results"]} == set(ids.values())
    assert all("[" in r["snippet"] for r in body["results"])
    phrase = client.get("/api/search", params={"q": '"Institute for the Study of War"'}).json()
    assert [r["id"] for r in phrase["results"]] == [ids["000"]]
    assert client.get("/api/search", params={"q": "nonexistentword"}).json()["results"] == []


def test_search_results_carry_the_article_url(client, samples_db):
    ids = sample_ids(samples_db)
    body = client.get("/api/search", params={"q": '"Institute for the Study of War"'}).json()
    article = client.get(f"/api/articles/{ids['000']}").json()["article"]
    assert article["url"].startswith("https://www.themoscowtimes.com/")
    assert [r["url"] for r in body["results"]] == [article["url"]]


def test_river_lists_newest_first_with_filters(client, samples_db):
    body = client.get("/api/stories").json()
    assert body["ok"] is True and body["next"] is None
    if body["mode"] == "stories":
        stories = body["stories"]
        assert len(stories) == 1
        assert stories[0]["article_count"] == 2
        domains = {o["domain"] if isinstance(o, dict) else o for o in stories[0]["outlets"]}
        assert {"themoscowtimes.com", "gyalchisarshog.com"} <= domains
    else:
        titles = [a["title"] for a in body["articles"]]
        assert titles[0].startswith("Zelensky proposes")  # 2026-06-05 before 2026-06-04
        assert len(titles) == 2
    empty = client.get("/api/stories", params={"language": "de"}).json()
    assert not (empty["stories"] or empty.get("articles"))
    later = client.get("/api/stories", params={"since": "2026-06-10"}).json()
    assert not (later["stories"] or later.get("articles"))


def test_river_paging_links(client):
    body = client.get("/api/stories", params={"limit": 1}).json()
    count = len(body["stories"] or body["articles"])
    assert count == 1
    if body["mode"] == "articles":
        assert "offset=1" in body["next"]
        second = client.get(body["next"]).json()
        assert second["articles"][0]["id"] != body["articles"][0]["id"]


def test_openapi_lists_every_endpoint(client):
    schema = client.get("/openapi.json").json()
    for path in ("/api/stories", "/api/stories/{story_id}", "/api/articles/{article_id}",
                 "/api/articles/{article_id}/raw", "/api/search", "/api/ingest", "/api/health"):
        assert path in schema["paths"], path
    assert "/" not in schema["paths"]  # pages are not API


# -- errors -----------------------------------------------------------------------------------

def test_unknown_ids_are_404_in_the_error_shape(client):
    assert_error(client.get("/api/articles/999999"), 404, "not_found", "999999")
    assert_error(client.get("/api/articles/999999/raw"), 404, "not_found", "999999")
    assert_error(client.get("/api/stories/999999"), 404, "not_found", "999999")


def test_unknown_route_and_method(client):
    assert_error(client.get("/api/nothing-here"), 404, "not_found", "/api/nothing-here")
    assert_error(client.delete("/api/stories"), 405, "method_not_allowed", "DELETE")


@pytest.mark.parametrize(("url", "field"), [
    ("/api/stories?limit=abc", "'limit'"),
    ("/api/stories?limit=0", "'limit'"),
    ("/api/stories?offset=-1", "'offset'"),
    ("/api/stories?since=yesterday-ish", "'since'"),
    ("/api/stories?language=english!", "'language'"),
    ("/api/stories/abc", "'story_id'"),
    ("/api/articles/1x", "'article_id'"),
    ("/api/search", "'q'"),
    ("/api/search?q=", "'q'"),
])
def test_malformed_parameters_are_422_naming_the_field(client, url, field):
    assert_error(client.get(url), 422, "invalid_parameter", field)


# -- ingest -----------------------------------------------------------------------------------

def test_upload_stores_an_article(write_client, writable_db):
    data = (SERVE_FIXTURES / "upload_article.jsonl").read_bytes()
    response = write_client.post("/api/ingest", files={"file": ("harbour.jsonl", data,
                                                                "application/x-ndjson")})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["ok"] is True and body["status"] == "ok" and body["format"] == "jsonl"
    [stored] = body["articles"]
    assert stored["status"] == "new"
    assert stored["title"] == "Harbour reopens after storm damage repaired"
    assert count_rows(writable_db, "articles") == 3
    article = write_client.get(f"/api/articles/{stored['id']}").json()["article"]
    assert article["origin"] == "upload:harbour.jsonl"
    assert write_client.get(f"/api/articles/{stored['id']}/raw").content == data
    again = write_client.post("/api/ingest", files={"file": ("again.jsonl", data)}).json()
    assert again["status"] == "unchanged" and again["articles"][0]["id"] == stored["id"]
    assert count_rows(writable_db, "raw_documents") == 3


def test_a_partly_read_upload_sent_again_names_its_broken_entries_again(write_client):
    # before: the second answer was 'unchanged' with no errors, hiding the broken line (as
    # 'newsprism ingest' did before 660d361)
    data = (b'{"id": "x1", "title": "Dam opens", "text": "The new dam opened on Monday.",'
            b' "url": "https://example.org/1"}\n{"id": broken\n')
    first, again = (write_client.post("/api/ingest", files={"file": ("items.jsonl", data)}
                                      ).json() for _ in range(2))
    assert first["status"] == "partial" and again["status"] == "unchanged"
    assert [e.split(": ", 1)[1] for e in again["errors"]] == \
        [e.split(": ", 1)[1] for e in first["errors"]]
    assert "line 2: not valid JSON" in again["errors"][0]
    assert again["articles"][0]["id"] == first["articles"][0]["id"]


def test_upload_of_a_known_sample_is_unchanged(write_client, writable_db):
    body = write_client.post("/api/ingest", files={"file": ("s.txt", SAMPLE_000.read_bytes())}
                             ).json()
    assert body["status"] == "unchanged"
    assert body["articles"][0]["id"] == sample_ids(writable_db)["000"]


@pytest.mark.parametrize(("fixture", "code", "words"), [
    (FIXTURES / "bad" / "binary.bin", "unknown_format", ["upload:binary.bin", "not a format"]),
    (FIXTURES / "bad" / "empty.txt", "unknown_format", ["empty"]),
    (FIXTURES / "wordpress" / "not_a_post.json", None, ["upload:not_a_post.json"]),
    (FIXTURES / "wordpress" / "truncated.json", None, ["upload:truncated.json"]),
])
def test_upload_that_is_not_an_article_is_400_and_nothing_is_stored(
        write_client, writable_db, fixture, code, words):
    before = {t: count_rows(writable_db, t) for t in ("articles", "raw_documents")}
    response = write_client.post("/api/ingest", files={"file": (fixture.name,
                                                                fixture.read_bytes())})
    body = assert_error(response, 400, code or response.json()["code"], *words)
    assert body["code"] in ("unknown_format", "parse_error", "no_article")
    after = {t: count_rows(writable_db, t) for t in ("articles", "raw_documents")}
    assert after == before  # no article rows and no raw bytes kept for a refused upload


def test_upload_over_the_limit_is_413(write_client, writable_db):
    before = count_rows(writable_db, "raw_documents")
    big = b"x" * (50 * 1024 * 1024)
    assert_error(write_client.post("/api/ingest", files={"file": ("big.txt", big)}),
                 413, "too_large", "20 MB")
    assert count_rows(writable_db, "raw_documents") == before


def test_upload_limit_applies_to_the_file_itself(writable_db):
    """A file just over a small limit is refused even when the body fits with its slack."""
    app = create_app(str(writable_db), max_upload=1024)
    with TestClient(app) as small:
        assert_error(small.post("/api/ingest", files={"file": ("a.txt", b"y" * 1025)}),
                     413, "too_large")


def test_size_limit_is_enforced_while_reading():
    """The middleware stops pulling body chunks as soon as the limit is passed."""
    pulled = []

    async def receive():
        pulled.append(1)
        return {"type": "http.request", "body": b"z" * 1000, "more_body": True}

    async def app(scope, receive_, send):
        while True:  # an app that would read forever
            await receive_()

    sent = []

    async def send(message):
        sent.append(message)

    middleware = LimitsMiddleware(app, limit=10_000)
    scope = {"type": "http", "method": "POST", "path": "/api/ingest", "headers": []}
    asyncio.run(middleware(scope, receive, send))
    assert len(pulled) == 11  # 11,000 bytes > 10,000: refused at the chunk that passed
    assert sent[0]["status"] == 413
    assert json.loads(sent[1]["body"])["code"] == "too_large"


def test_declared_length_over_the_limit_is_refused_before_reading():
    async def receive():
        raise AssertionError("the body must not be read")

    async def app(scope, receive_, send):
        await receive_()

    sent = []

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/api/ingest",
             "headers": [(b"content-length", str(50 * 1024 * 1024).encode())]}
    asyncio.run(LimitsMiddleware(app, limit=1024)(scope, receive, send))
    assert sent[0]["status"] == 413


def test_ingest_needs_exactly_one_of_file_or_url(write_client):
    assert_error(write_client.post("/api/ingest"), 422, "invalid_parameter", "'file'", "'url'")
    both = write_client.post("/api/ingest", data={"url": "https://example.org/a"},
                             files={"file": ("a.txt", b"hello")})
    assert_error(both, 422, "invalid_parameter", "exactly one")
    assert_error(write_client.post("/api/ingest", data={"url": "file:///etc/passwd"}),
                 422, "invalid_parameter", "'url'")


def test_url_on_loopback_or_private_address_is_refused(write_client, writable_db):
    before = count_rows(writable_db, "raw_documents")
    for url in ("http://127.0.0.1:8000/api/health", "http://10.0.0.5/post", "http://[::1]/x",
                "http://169.254.169.254/latest/meta-data/"):
        assert_error(write_client.post("/api/ingest", data={"url": url}), 400,
                     "blocked_address", "private")
    assert count_rows(writable_db, "raw_documents") == before


def _mock_fetcher(routes: dict[str, tuple[int, bytes, str]]) -> Fetcher:
    def handler(request: httpx.Request) -> httpx.Response:
        status, body, ctype = routes.get(str(request.url), (404, b"not found", "text/plain"))
        return httpx.Response(status, content=body, headers={"content-type": ctype})

    return Fetcher(transport=httpx.MockTransport(handler), resolver=lambda host: ["93.184.216.34"])


def test_url_ingest_goes_through_the_fetcher(writable_db):
    post = (FIXTURES / "wordpress" / "gutenberg_post.json").read_bytes()
    routes = {"https://news.example/wp-json/wp/v2/posts/7": (200, post, "application/json"),
              "https://news.example/missing": (404, b"", "text/html"),
              "https://news.example/login": (200, (FIXTURES / "html" / "login_page.html")
                                             .read_bytes(), "text/html")}
    app = create_app(str(writable_db), fetcher_factory=lambda: _mock_fetcher(routes))
    with TestClient(app) as client:
        body = client.post("/api/ingest",
                           data={"url": "https://news.example/wp-json/wp/v2/posts/7"}).json()
        assert body["ok"] is True and body["format"] == "wordpress"
        assert body["articles"][0]["status"] == "new"
        assert_error(client.post("/api/ingest", data={"url": "https://news.example/missing"}),
                     502, "fetch_error", "HTTP 404")
        before = count_rows(writable_db, "raw_documents")
        response = client.post("/api/ingest", data={"url": "https://news.example/login"})
        assert response.status_code == 400 and response.json()["code"] == "no_article"
        assert count_rows(writable_db, "raw_documents") == before


# -- auth -------------------------------------------------------------------------------------

def test_token_guards_writes_only(writable_db):
    data = (SERVE_FIXTURES / "upload_article.jsonl").read_bytes()
    with TestClient(create_app(str(writable_db), token="s3cret")) as client:
        assert client.get("/api/stories").status_code == 200
        assert client.get("/api/health").status_code == 200
        assert_error(client.post("/api/ingest", files={"file": ("a.jsonl", data)}),
                     401, "unauthorized", "Bearer")
        wrong = client.post("/api/ingest", files={"file": ("a.jsonl", data)},
                            headers={"Authorization": "Bearer nope"})
        assert_error(wrong, 401, "unauthorized")
        assert count_rows(writable_db, "articles") == 2
        ok = client.post("/api/ingest", files={"file": ("a.jsonl", data)},
                         headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 200 and ok.json()["articles"][0]["status"] == "new"


def test_stories_stage_flag_matches_health(client):
    assert client.get("/api/health").json()["stories"] is stories_available()


# -- stories ----------------------------------------------------------------------------------

def _story_id(client) -> int:
    body = client.get("/api/stories").json()
    if body["mode"] != "stories":
        pytest.skip("the stories stage is not installed")
    return body["stories"][0]["id"]


def test_river_story_summary_fields(client):
    _story_id(client)
    [story] = client.get("/api/stories").json()["stories"]
    assert story["languages"] == ["en"]
    assert story["outlets"][0] == {"name": "The Moscow Times", "domain": "themoscowtimes.com"}
    assert story["last_updated"].startswith("2026-06-05")


@pytest.mark.parametrize(("params", "found"), [
    ({"q": "ceasefire"}, True),
    ({"q": '"open letter"'}, True),
    ({"q": "volcano"}, False),
    ({"outlet": "themoscowtimes.com"}, True),
    ({"outlet": "The Moscow Times"}, True),
    ({"outlet": "example.org"}, False),
    ({"language": "EN"}, True),
    ({"since": "2026-06-05"}, True),
    ({"offset": 1}, False),
])
def test_river_filters(client, params, found):
    _story_id(client)
    stories = client.get("/api/stories", params=params).json()["stories"]
    assert bool(stories) is found, params


def test_story_is_the_full_comparison(client, samples_db):
    story_id = _story_id(client)
    story = client.get(f"/api/stories/{story_id}").json()["story"]
    ids = sample_ids(samples_db)
    assert story["id"] == story_id and story["article_count"] == 2
    assert {s["article"] for s in story["sources"]} == set(ids.values())
    differs = [c for c in story["claims"] if c["relation"] == "differs"]
    kremlin = [c for c in differs if any("not yet been shown" in s["text"] for s in c["sources"])]
    assert kremlin and kremlin[0]["evidence"], differs
    assert {s["article"] for s in kremlin[0]["sources"]} == set(ids.values())
    assert any(any("Donbas" in s["text"] for s in c["sources"]) for c in differs), differs
    assert not [c for c in story["claims"] if c["relation"] == "contradicts"]
    shared = [q for q in story["quotes"] if q["speaker"] == "Volodymyr Zelensky"
              and any("I am proposing a meeting" in s["text"] for s in q["sources"])]
    assert shared and {s["article"] for s in shared[0]["sources"]} == set(ids.values())
    assert [t["article"] for t in story["timeline"]] == [ids["000"], ids["001"]]


def test_article_names_its_story(client, samples_db):
    story_id = _story_id(client)
    article = client.get(f"/api/articles/{sample_ids(samples_db)['000']}").json()["article"]
    assert article["story"]["story"] == story_id


def test_story_comparison_is_kept_in_the_store_and_reused(write_client, writable_db,
                                                         monkeypatch):
    from newsprism.compare import report
    from newsprism.serve import queries

    story_id = _story_id(write_client)
    first = write_client.get(f"/api/stories/{story_id}").json()["story"]
    with Store.open(writable_db) as store:
        [row] = store.conn.execute("SELECT story_id, data FROM comparisons").fetchall()
    assert row["story_id"] == story_id and json.loads(row["data"])["claims"] == first["claims"]

    def no_compute(*args, **kwargs):
        raise AssertionError("the stored comparison should have been used")

    monkeypatch.setattr(report, "compare_articles", no_compute)
    queries.COMPARISONS.clear()  # as a restarted server: only the stored row is left
    write_client.app.state.cache.clear()
    assert write_client.get(f"/api/stories/{story_id}").json()["story"] == first


def test_a_bug_is_a_500_in_the_error_shape(samples_db, monkeypatch):
    from newsprism.serve import queries

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(queries, "search", broken)
    with TestClient(create_app(str(samples_db)), raise_server_exceptions=False) as client:
        body = assert_error(client.get("/api/search", params={"q": "x"}), 500,
                            "internal_error", "RuntimeError")
        assert "boom" not in body["message"]  # internals stay in the server log


def test_openapi_documents_the_error_shape(client):
    schema = client.get("/openapi.json").json()
    error = schema["components"]["schemas"]["ErrorBody"]
    assert set(error["properties"]) == ERROR_KEYS
    responses = schema["paths"]["/api/stories"]["get"]["responses"]
    assert responses["422"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/ErrorBody")
    assert "HTTPValidationError" not in schema["components"]["schemas"]


def test_store_pool_gives_each_thread_its_own_connection_and_forgets_dead_threads(tmp_path):
    import gc
    import threading

    from newsprism.serve.app import StorePool

    pool = StorePool(str(tmp_path / "pool.db"))
    main = pool.get()
    assert pool.get() is main
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(pool.get())) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(s) for s in seen}) == 4 and main not in seen
    seen.clear()
    gc.collect()
    assert list(pool._all) == [main]  # the finished threads' connections are gone
    pool.close()


def test_ids_too_large_for_sqlite_are_422_naming_the_parameter(client):
    huge = "99999999999999999999"
    for url, name in ((f"/api/articles/{huge}", "'article_id'"),
                      (f"/api/articles/{huge}/raw", "'article_id'"),
                      (f"/api/stories/{huge}", "'story_id'"), (f"/stories/{huge}", "'story_id'"),
                      (f"/articles/{huge}", "'article_id'"), ("/api/stories/0", "'story_id'")):
        assert_error(client.get(url), 422, "invalid_parameter", name)


def test_raw_read_from_a_file_is_shown_as_text_when_it_is_utf8(client, samples_db):
    from newsprism.serve.api import raw_media_type

    ids = sample_ids(samples_db)
    response = client.get(f"/api/articles/{ids['000']}/raw")
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert "sandbox" in response.headers["content-security-policy"]
    gzipped = (FIXTURES / "jsonl" / "research.jsonl.gz").read_bytes()
    assert raw_media_type(gzipped) == "application/octet-stream"
    cp1251 = (FIXTURES / "html" / "russian_cp1251.html").read_bytes()
    assert raw_media_type(cp1251) == "application/octet-stream"


def test_search_results_name_their_story(client):
    body = client.get("/api/search", params={"q": "zelensky"}).json()
    if stories_available():
        story_id = client.get("/api/stories").json()["stories"][0]["id"]
        assert [r["story"] for r in body["results"]] == [story_id, story_id]
    else:
        assert all(r["story"] is None for r in body["results"])


def test_answers_fit_the_shapes_openapi_documents(write_client):
    # The models forbid unknown fields: a field added to an answer must be documented too.
    from newsprism.serve import schemas

    data = (FIXTURES / "stories" / "zelensky_letter.jsonl").read_bytes()
    stored = write_client.post("/api/ingest", files={"file": ("z.jsonl", data)}).json()
    schemas.IngestAnswer.model_validate(stored)
    schemas.HealthAnswer.model_validate(write_client.get("/api/health").json())
    river = schemas.StoriesAnswer.model_validate(write_client.get("/api/stories").json())
    for item in river.stories:
        schemas.StoryAnswer.model_validate(write_client.get(f"/api/stories/{item.id}").json())
    hits = schemas.SearchAnswer.model_validate(
        write_client.get("/api/search", params={"q": "putin"}).json())
    assert hits.results
    schemas.ArticleAnswer.model_validate(
        write_client.get(f"/api/articles/{hits.results[0].id}").json())
    schema = write_client.get("/openapi.json").json()
    answer = schema["paths"]["/api/stories/{story_id}"]["get"]["responses"]["200"]
    assert answer["content"]["application/json"]["schema"]["$ref"].endswith("/StoryAnswer")


def test_a_pattern_is_explained_in_words_not_as_a_regular_expression(write_client):
    body = assert_error(write_client.get("/api/stories", params={"language": "english"}),
                        422, "invalid_parameter", "'language'", "language code of 2 or 3 letters")
    assert "^" not in body["message"]
    body = assert_error(write_client.post("/api/ingest", data={"format": "HTML",
                                                               "url": "https://example.org/"}),
                        422, "invalid_parameter", "'format'", "lower-case letters")


def test_a_nul_in_the_search_words_is_no_500(client):
    body = client.get("/api/search", params={"q": "zelensky\x00putin"}).json()
    assert body["ok"] is True and len(body["results"]) == 2
    assert client.get("/search", params={"q": "x\x00"}).status_code == 200
    assert client.get("/api/stories", params={"q": "\x00"}).status_code == 200


@pytest.mark.parametrize("url", ["ftp://example.org/feed.xml", "https://", "http://[::1",
                                 "https:///path-only"])
def test_a_url_that_is_no_http_address_is_422_not_a_fetch(write_client, writable_db, url):
    assert_error(write_client.post("/api/ingest", data={"url": url}), 422, "invalid_parameter",
                 "'url'", "http(s) URL with a host")
    assert count_rows(writable_db, "raw_documents") == 2
