"""The web pages in-process: river, story, article, search, upload, errors, escaping."""

from __future__ import annotations

import re
import sqlite3

import pytest
from fastapi.testclient import TestClient

from newsprism.serve import create_app
from newsprism.serve.queries import stories_available
from newsprism.serve.web import story_view
from tests.conftest import FIXTURES
from tests.serve.conftest import SERVE_FIXTURES, count_rows, sample_ids

HTML = {"Accept": "text/html,application/xhtml+xml"}


def test_river_page_lists_the_samples(client):
    response = client.get("/", headers=HTML)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    if stories_available():
        assert 'href="/stories/' in page
        assert "2 articles" in page
        assert "The Moscow Times" in page
    else:
        assert "Zelensky proposes face-to-face talks in open letter to Putin" in page
        assert "In Open Letter to Putin, Zelensky Calls for Meeting and Ceasefire" in page
    assert "<script" not in page  # no script at all, not even ours
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_river_filters_keep_their_values(client):
    page = client.get("/", params={"language": "de", "since": "2d"}, headers=HTML).text
    assert 'value="de"' in page and 'value="2d"' in page
    assert "Zelensky" not in page.split("</form>", 2)[-1]


def test_article_page_text_captions_apart_and_raw_link(client, samples_db):
    ids = sample_ids(samples_db)
    page = client.get(f"/articles/{ids['000']}", headers=HTML).text
    body = page.split('<div class="body">', 1)[1].split("</div>", 1)[0]
    assert "Ukraine&#39;s Volodymyr Zelensky proposed" in body
    assert "Mikhail Metzel" not in body  # the credit is not body text
    captions = page.split('<aside class="captions">', 1)[1].split("</aside>", 1)[0]
    assert "Photo: Mikhail Metzel / TASS" in captions
    assert "<h2>&#39;Strengthen&#39; air defenses</h2>" in body
    assert f'href="/api/articles/{ids["000"]}/raw"' in page
    assert "Has the Tide Turned Against Russia in the Ukraine War?" in page
    assert "agency" in page  # AFP byline marked as an agency


def test_search_page_highlights_matches(client):
    page = client.get("/search", params={"q": "air defense"}, headers=HTML).text
    assert "<mark>air</mark>" in page.lower() or "<mark>air defense</mark>" in page.lower()
    assert "In Open Letter to Putin" in page
    empty = client.get("/search", headers=HTML).text
    assert 'name="q"' in empty


def test_missing_page_is_an_html_error_for_browsers_and_json_for_clients(client):
    page = client.get("/articles/424242", headers=HTML)
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "no article with id 424242" in page.text
    raw = client.get("/articles/424242")
    assert raw.status_code == 404 and raw.json()["code"] == "not_found"
    assert client.get("/no/such/page", headers=HTML).status_code == 404


def test_scraped_script_is_escaped_never_run(write_client):
    data = (SERVE_FIXTURES / "script_article.jsonl").read_bytes()
    body = write_client.post("/api/ingest", files={"file": ("x.jsonl", data)}).json()
    article_id = body["articles"][0]["id"]
    for url in (f"/articles/{article_id}", "/", "/search?q=council"):
        page = write_client.get(url, headers=HTML).text
        assert "<script" not in page, url
        assert "<img src=x" not in page, url
    page = write_client.get(f"/articles/{article_id}", headers=HTML).text
    # the body keeps the scraped markup as text (normalize strips tags from titles only)
    assert "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_upload_form_stores_and_links_the_article(write_client, writable_db):
    form = write_client.get("/upload", headers=HTML).text
    assert 'enctype="multipart/form-data"' in form and 'type="file"' in form
    data = (SERVE_FIXTURES / "upload_article.jsonl").read_bytes()
    response = write_client.post("/upload", files={"file": ("harbour.jsonl", data)},
                                 headers=HTML)
    assert response.status_code == 200
    match = re.search(r'href="/articles/(\d+)">Harbour reopens', response.text)
    assert match, response.text
    assert count_rows(writable_db, "articles") == 3


def test_upload_form_shows_the_error_for_a_non_article(write_client, writable_db):
    data = (FIXTURES / "bad" / "binary.bin").read_bytes()
    response = write_client.post("/upload", files={"file": ("junk.bin", data)}, headers=HTML)
    assert response.status_code == 400
    assert "Not stored" in response.text and "not a format newsprism reads" in response.text
    assert count_rows(writable_db, "raw_documents") == 2


def test_upload_form_needs_the_token_when_set(writable_db):
    data = (SERVE_FIXTURES / "upload_article.jsonl").read_bytes()
    with TestClient(create_app(str(writable_db), token="t0k")) as client:
        assert 'name="token"' in client.get("/upload").text
        refused = client.post("/upload", files={"file": ("a.jsonl", data)}, headers=HTML)
        assert refused.status_code == 401 and "Not stored" in refused.text
        ok = client.post("/upload", files={"file": ("a.jsonl", data)}, data={"token": "t0k"},
                         headers=HTML)
        assert ok.status_code == 200 and "Harbour reopens" in ok.text


def test_static_stylesheet_is_served_and_phone_friendly(client):
    css = client.get("/static/style.css")
    assert css.status_code == 200 and "@media (max-width: 600px)" in css.text
    page = client.get("/", headers=HTML).text
    assert 'name="viewport"' in page


def test_story_view_groups_claims_by_verdict_and_quotes_by_speaker():
    story = {
        "claims": [
            {"relation": "single-source", "sources": [{"article": 1, "outlet": "A", "text": "x"}]},
            {"relation": "differs", "sources": [], "evidence": {"rule": "places"}},
            {"relation": "shared", "sources": []},
        ],
        "quotes": [
            {"speaker": None, "relation": "single-source", "sources": []},
            {"speaker": "Vladimir Putin", "relation": "reworded", "sources": []},
            {"speaker": "Volodymyr Zelensky", "relation": "verbatim", "sources": []},
            {"speaker": "Volodymyr Zelensky", "relation": "single-source", "sources": []},
        ],
        "timeline": [{"published": "2026-06-05"}, {"published": "2026-06-04"}],
    }
    view = story_view(story)
    assert [r for r, _ in view["claim_groups"]] == ["differs", "shared", "single-source"]
    assert [s for s, _ in view["quote_groups"]] == ["Volodymyr Zelensky", "Vladimir Putin",
                                                    "Unknown speaker"]
    assert [t["published"] for t in view["timeline"]] == ["2026-06-04", "2026-06-05"]


@pytest.mark.skipif(not stories_available(), reason="the stories stage is not installed yet")
def test_story_page_shows_the_comparison(client):
    river = client.get("/api/stories").json()
    story_id = river["stories"][0]["id"]
    page = client.get(f"/stories/{story_id}", headers=HTML).text
    assert "The Moscow Times" in page and "gyalchisarshog.com" in page
    if "claims" in client.get(f"/api/stories/{story_id}").json()["story"]:
        assert "I am proposing a meeting" in page
        assert 'data-relation="differs"' in page
        assert "Volodymyr Zelensky" in page
        assert "<details" in page


def test_story_page_shows_how_each_headline_frames_the_story(client):
    river = client.get("/api/stories").json()
    story_id = river["stories"][0]["id"]
    story = client.get(f"/api/stories/{story_id}").json()["story"]
    if "claims" not in story:
        pytest.skip("the story has no comparison here")
    page = client.get(f"/stories/{story_id}", headers=HTML).text
    assert "actor Volodymyr Zelensky · action call for · only this headline: calls, meeting, " \
           "ceasefire" in page
    assert "action propose · only this headline: proposes, face-to-face, talks" in page
    assert "Both headlines name Vladimir Putin, Volodymyr Zelensky and use the words open, " \
           "letter" in page


def test_river_is_micro_cached_with_headers_and_cleared_by_an_upload(write_client):
    first = write_client.get("/api/stories")
    again = write_client.get("/api/stories")
    assert again.content == first.content
    for response in (first, again):
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert response.headers["content-type"].startswith("application/json")
    data = (SERVE_FIXTURES / "upload_article.jsonl").read_bytes()
    assert write_client.post("/api/ingest", files={"file": ("h.jsonl", data)}).status_code == 200
    after = write_client.get("/api/stories", params={"q": "harbour"}).json()
    assert after["stories"] or after.get("articles")  # the new article shows at once
    page = write_client.get("/", headers=HTML).text
    assert "Harbour reopens" in page


def test_article_page_links_its_story(client, samples_db):
    if not stories_available():
        pytest.skip("the stories stage is not installed")
    story_id = client.get("/api/stories").json()["stories"][0]["id"]
    page = client.get(f"/articles/{sample_ids(samples_db)['001']}", headers=HTML).text
    assert f'href="/stories/{story_id}"' in page
    # named by its title, which is the other sample's headline (the more central article)
    title = "In Open Letter to Putin, Zelensky Calls for Meeting and Ceasefire"
    assert f'<a href="/stories/{story_id}">story {story_id}: {title}</a>' in page
    placement = client.get(f"/api/articles/{sample_ids(samples_db)['001']}").json()
    assert placement["article"]["story"]["title"] == title


def test_upload_form_refuses_a_loopback_url(write_client, writable_db):
    response = write_client.post("/upload", data={"url": "http://127.0.0.1:8000/"},
                                 headers=HTML)
    assert response.status_code == 400
    assert "blocked address" in response.text and "private/loopback" in response.text
    assert count_rows(writable_db, "raw_documents") == 2


def test_search_page_marks_only_matches_and_links_each_result_to_its_story(write_client):
    # The text has its own square brackets: they stay text, only the match is marked.
    data = (SERVE_FIXTURES / "brackets_article.jsonl").read_bytes()
    assert write_client.post("/api/ingest", files={"file": ("b.jsonl", data)}).status_code == 200
    page = write_client.get("/search", params={"q": "ferry"}, headers=HTML).text
    snippet = page.split('<p class="snippet">', 1)[1].split("</p>", 1)[0]
    assert "<mark>ferry</mark> [operator Nordline] said" in snippet
    assert "<mark>operator Nordline</mark>" not in page
    if stories_available():
        story = write_client.get("/api/search", params={"q": "ferry"}).json()["results"][0]["story"]
        assert isinstance(story, int)
        assert f'<a class="story-link" href="/stories/{story}">story {story}</a>' in page


def test_highlighted_splits_a_marked_snippet():
    from newsprism.serve.web import MARKS, highlighted

    start, end = MARKS
    snippet = f"a [b] {start}ferry{end} c {start}x{end}"
    assert highlighted(snippet) == [("a [b] ", False), ("ferry", True), (" c ", False),
                                    ("x", True)]
    assert highlighted("no match [here]") == [("no match [here]", False)]


@pytest.mark.skipif(not stories_available(), reason="the stories stage is not installed yet")
def test_a_merged_story_id_shows_the_story_it_joined(write_client, writable_db):
    live = write_client.get("/api/stories").json()["stories"][0]["id"]
    old = live + 100
    conn = sqlite3.connect(writable_db)
    with conn:
        conn.execute("INSERT INTO story_merges (old_id, into_id, merged_at) VALUES (?, ?, ?)",
                     (old, live, "2026-06-05T00:00:00Z"))
    conn.close()
    story = write_client.get(f"/api/stories/{old}").json()["story"]
    assert story["id"] == live and story["resolved_from"] == old
    assert story["merged_from"] == [old]
    assert "resolved_from" not in write_client.get(f"/api/stories/{live}").json()["story"]
    page = write_client.get(f"/stories/{old}", headers=HTML).text
    assert f"Story {old} was merged into this story, story {live}." in page
    assert f'data-story="{live}"' in page and f'href="/api/stories/{live}"' in page
    assert f"story {live} (merged from {old})" in page


@pytest.mark.skipif(not stories_available(), reason="the stories stage is not installed yet")
def test_story_page_shows_the_story_fields_of_the_cli(client):
    # `newsprism story ID` heads its report with the languages and the most named entities
    story_id = client.get("/api/stories").json()["stories"][0]["id"]
    story = client.get(f"/api/stories/{story_id}").json()["story"]
    assert story["languages"] == ["en"] and "Volodymyr Zelensky" in story["top_entities"]
    assert {s["status"] for s in story["sources"]} <= {"new", "joined", "syndicated"}
    page = client.get(f"/stories/{story_id}", headers=HTML).text
    head = page.split('<section class="sources"', 1)[0]
    assert f"story {story_id}" in head and '<span class="lang">en</span>' in head
    assert '<span class="entity">Volodymyr Zelensky</span>' in head


def test_story_view_leaves_out_sources_that_name_nobody():
    view = story_view({"sources": [{"article": 1, "outlet": "A"}, {"article": 2, "outlet": "B"}],
                       "entities": {"1": [], "2": [{"name": "Kremlin", "label": "ORG"}]}})
    assert view["entities"] == [("B (article 2)", [{"name": "Kremlin", "label": "ORG"}])]


@pytest.mark.skipif(not stories_available(), reason="the stories stage is not installed yet")
def test_a_story_of_one_source_does_not_claim_the_sources_agree(write_client):
    data = (SERVE_FIXTURES / "upload_article.jsonl").read_bytes()
    article = write_client.post("/api/ingest", files={"file": ("h.jsonl", data)}).json()
    article_id = article["articles"][0]["id"]
    story_id = write_client.get(f"/api/articles/{article_id}").json()["article"]["story"]["story"]
    page = write_client.get(f"/stories/{story_id}", headers=HTML).text
    assert "Only one source so far" in page
    assert "No claim differs between the sources" not in page


def test_head_is_answered_like_get_without_a_body(client):
    for url in ("/", "/api/stories", "/api/health", "/static/style.css"):
        get, head = client.get(url), client.head(url)
        assert head.status_code == 200, url
        assert head.content == b""
        assert head.headers["content-type"] == get.headers["content-type"]



def test_pager_links_are_relative_and_keep_the_filters(client):
    page = client.get("/", params={"offset": 30, "language": "en"}, headers=HTML).text
    prev = re.search(r'<a href="([^"]*)">← Newer</a>', page)
    assert prev, page
    assert prev.group(1) == "/?offset=0&amp;language=en"  # no scheme or host of its own


def test_article_page_says_when_only_a_summary_is_stored(write_client, writable_db):
    from newsprism.store import Store

    data = (FIXTURES / "feeds" / "rss_summaries.xml").read_bytes()
    stored = write_client.post("/api/ingest", files={"file": ("feed.xml", data)}).json()
    first, second = [a["id"] for a in stored["articles"][:2]]
    page = write_client.get(f"/articles/{first}", headers=HTML).text
    assert "Only a summary, not the whole article: the source carried no full text." in page
    with Store.open(writable_db) as store, store.transaction():
        store.set_metadata(second, "full_text", {"link": "https://example.org/a", "error":
                                                 "HTTP 404 Not Found"})
    page = write_client.get(f"/articles/{second}", headers=HTML).text
    assert "its page could not be read (https://example.org/a: HTTP 404 Not Found)" in page
    ids = sample_ids(writable_db)
    assert "Only a summary" not in write_client.get(f"/articles/{ids['000']}", headers=HTML).text


@pytest.mark.skipif(not stories_available(), reason="the stories stage is not installed yet")
def test_claims_quotes_and_evidence_link_to_their_articles(client, samples_db):
    ids = sample_ids(samples_db)
    story_id = client.get("/api/stories").json()["stories"][0]["id"]
    page = client.get(f"/stories/{story_id}", headers=HTML).text
    assert f'<cite><a href="/articles/{ids["000"]}">The Moscow Times</a></cite>' in page
    assert f'<cite><a href="/articles/{ids["001"]}">gyalchisarshog.com</a></cite>' in page
    why = page.split('<details class="why">', 1)[1].split("</details>", 1)[0]
    assert f'<a href="/articles/{ids["000"]}">article {ids["000"]}</a>' in why


def test_river_filter_form_sent_with_blank_fields_lists_the_stories(client):
    # what the Filter button sends when only Words is filled in
    blank = {"q": "", "since": "", "language": "", "outlet": ""}
    page = client.get("/", params=blank, headers=HTML)
    assert page.status_code == 200, page.text
    assert "Zelensky" in page.text.split('<form class="filters"', 1)[1]
    assert client.get("/api/stories", params=blank).status_code == 200


@pytest.mark.parametrize(("params", "message"), [
    ({"since": "yesterday", "q": "putin"},
     "query parameter &#39;since&#39;: &#39;yesterday&#39; is not a duration"),
    ({"language": "english"},
     "query parameter &#39;language&#39;: must be a language code of 2 or 3 letters, e.g. en"),
])
def test_a_mistyped_river_filter_is_said_beside_the_form_that_keeps_it(client, params, message):
    response = client.get("/", params=params, headers=HTML)
    assert response.status_code == 422
    page = response.text
    assert '<form class="filters"' in page and message in page
    for value in params.values():
        assert f'value="{value}"' in page
    assert "No story matches" not in page


@pytest.mark.parametrize("url", ["/?offset=99999999999999999999",
                                 "/search?q=putin&offset=99999999999999999999"])
def test_an_offset_past_the_limit_is_a_422_page_not_a_500(client, url):
    response = client.get(url, headers=HTML)
    assert response.status_code == 422
    assert "query parameter &#39;offset&#39;" in response.text


@pytest.mark.skipif(not stories_available(), reason="the stories stage is not installed yet")
def test_an_upload_says_which_story_each_article_joined(write_client):
    data = (SERVE_FIXTURES / "upload_article.jsonl").read_bytes()
    page = write_client.post("/upload", files={"file": ("h.jsonl", data)}, headers=HTML).text
    match = re.search(r'href="/articles/(\d+)">Harbour reopens', page)
    assert match, page
    article = write_client.get(f"/api/articles/{match.group(1)}").json()["article"]
    story = article["story"]["story"]
    assert f'in <a href="/stories/{story}">story {story}</a>' in page
    again = write_client.post("/api/ingest", files={"file": ("h.jsonl", data)}).json()
    assert again["status"] == "unchanged" and again["articles"][0]["story"] == story


@pytest.mark.parametrize(("value", "shown"), [
    ("2026-06-12T00:00:00Z", '<time datetime="2026-06-12T00:00:00Z">2026-06-12</time>'),
    ("2026-06-05T03:09:53Z",
     '<time datetime="2026-06-05T03:09:53Z">2026-06-05 03:09:53 UTC</time>'),
    ("2026-06-04", '<time datetime="2026-06-04">2026-06-04</time>'),
    (None, '<span class="muted">undated</span>'),
])
def test_a_date_without_a_time_is_not_shown_as_midnight(client, value, shown):
    # a story's times are stored as UTC moments: a date-only article's is midnight
    env = client.app.state.templates.env
    html = env.from_string('{% from "macros.html" import when %}{{ when(v) }}').render(v=value)
    assert html == shown


@pytest.mark.parametrize(("relations", "said", "not_said"), [
    (["single-source", "single-source"], "No claim of one source was matched",
     "No claim differs between the sources"),
    (["shared", "single-source"], "No claim differs between the sources",
     "No claim of one source was matched"),
])
def test_story_page_says_what_the_comparison_found(client, relations, said, not_said):
    sources = [{"article": 1, "outlet": "A", "title": "a"}, {"article": 2, "outlet": "B",
                                                              "title": "b"}]
    story = {"id": 7, "title": "T", "sources": sources, "claims": [
        {"relation": r, "sources": [{"article": 1, "outlet": "A", "text": f"claim {i}"}]}
        for i, r in enumerate(relations)]}
    page = client.app.state.templates.env.get_template("story.html").render(
        story=story, story_id=7, title="T", **story_view(story))
    assert said in page and not_said not in page
    # with nothing else to show, the claims each source reports alone are open at once
    opened = '<details class="singles" id="claims-single-source" open>' in page
    assert opened == (set(relations) == {"single-source"})


def test_a_headline_with_nothing_to_say_about_its_framing_gets_no_empty_line(write_client):
    # German, Spanish and Ukrainian headlines have no parser: their cards said 'Headline:'
    # and nothing after it
    data = (FIXTURES / "stories" / "zelensky_letter.jsonl").read_bytes()
    assert write_client.post("/api/ingest", files={"file": ("z.jsonl", data)}).status_code == 200
    story = next(s for s in write_client.get("/api/stories").json()["stories"]
                 if "de" in s["languages"])
    html = write_client.get(f"/stories/{story['id']}").text
    lines = re.findall(r'<p class="framing"><span class="muted">Headline:</span>([^<]*)</p>', html)
    assert lines and all(line.strip() for line in lines)
    cards = html.count('class="source-card"')
    assert 0 < len(lines) < cards  # the German card is among those without one


def test_a_story_in_several_languages_says_which_headlines_name_whom(write_client):
    # The German, Spanish and Ukrainian headlines said nothing; 'Both headlines in 'en''
    # showed a language code
    data = (FIXTURES / "stories" / "zelensky_letter.jsonl").read_bytes()
    assert write_client.post("/api/ingest", files={"file": ("z.jsonl", data)}).status_code == 200
    story = next(s for s in write_client.get("/api/stories").json()["stories"]
                 if "de" in s["languages"])
    html = write_client.get(f"/stories/{story['id']}").text
    shared = re.findall(r'<p class="muted headlines-shared">([^<]*)</p>', html)
    count = story.get("article_count") or len(story["languages"])
    assert f"All {count} headlines name Vladimir Putin and Volodymyr Zelensky" in shared
    assert "in &#39;en&#39;" not in html and "in 'en'" not in html
    answer = write_client.get(f"/api/stories/{story['id']}").json()["story"]
    assert all(set(s["framing"]["names"]) == {"Vladimir Putin", "Volodymyr Zelensky"}
               for s in answer["sources"])
