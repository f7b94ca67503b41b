"""The story river query (store.river): filters, paging, order, merged and empty stories hidden.

The stories are written as rows (the clusterer's API is not needed to list them): six stories
over seven articles, including a merged one, an empty one, an undated one and a tie.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsprism.models import Article, Outlet, RawDocument, Timestamp
from newsprism.store import river

# (title, outlet name, outlet domain, language, published, body)
ARTICLES = [
    ("Zelensky proposes a meeting", "The Moscow Times", "themoscowtimes.com", "en",
     datetime(2026, 6, 5, 10, tzinfo=UTC), "Talks on a ceasefire in an open letter."),
    ("Selenskyj schlägt Treffen vor", "Der Spiegel", "spiegel.de", "de",
     datetime(2026, 6, 4, 8, tzinfo=UTC), "Ein offener Brief über eine Waffenruhe."),
    ("Harvest begins early", "Reuters", "reuters.com", "en",
     datetime(2026, 6, 3, 9, tzinfo=UTC), "Farmers started the harvest."),
    ("Harvest figures", None, "agrar.example", "en",
     datetime(2026, 6, 2, 9, tzinfo=UTC), "The harvest figures are in."),
    ("Undated note", "Kyiv Independent", "kyivindependent.com", "uk", None,
     "A note without a date."),
    ("Port reopens", "Reuters", "reuters.com", "en",
     datetime(2026, 6, 3, 7, tzinfo=UTC), "The port reopened."),
    ("Absorbed report", "AP", "apnews.com", "en",
     datetime(2026, 6, 6, 7, tzinfo=UTC), "A report that joined another story."),
]

# (id, last_updated, article_count, merged_into, updated_at, members by ARTICLES index)
STORIES = [
    (1, "2026-06-05T10:00:00Z", 3, None, "2026-06-06T00:00:00Z", [0, 1, 6]),
    (2, "2026-06-03T09:00:00Z", 2, None, "2026-06-04T00:00:00Z", [2, 3]),
    (3, "2026-06-06T07:00:00Z", 1, 1, "2026-06-06T07:00:00Z", []),  # merged into 1
    (4, None, 1, None, "2026-06-07T00:00:00Z", [4]),  # no member has a date
    (5, "2026-06-08T00:00:00Z", 0, None, "2026-06-08T00:00:00Z", []),  # emptied
    (6, "2026-06-03T09:00:00Z", 1, None, "2026-06-03T09:00:00Z", [5]),  # ties with 2
]


@pytest.fixture
def river_store(store):
    with store.transaction():
        raw_id, _ = store.save_raw(RawDocument(data=b"river", origin="test"), format="jsonl")
        ids = [store.save_article(raw_id, Article(
            title=title, outlet=Outlet(name=name, domain=domain), language=language,
            published=Timestamp(value=published, precision="second") if published else None,
            paragraphs=(body,), external_id=f"r{n}")).id
            for n, (title, name, domain, language, published, body) in enumerate(ARTICLES)]
        for story_id, updated, count, merged, written, members in STORIES:
            store.conn.execute(
                "INSERT INTO stories (id, title, first_seen, last_updated, article_count,"
                " merged_into, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (story_id, f"Story {story_id}", updated, updated, count, merged, written,
                 written))
            for seq, member in enumerate(members):
                store.conn.execute(
                    "INSERT INTO story_articles (article_id, story_id, status, reason, seq)"
                    " VALUES (?, ?, 'joined', 'test', ?)", (ids[member], story_id, seq))
    return store


def ids(store, **filters) -> list[int]:
    return [row["id"] for row in river.story_rows(store, limit=filters.pop("limit", 50),
                                                  **filters)]


def test_live_stories_newest_first_merged_and_empty_hidden(river_store):
    # 3 (merged into 1) and 5 (no articles) are newer than all but never listed; the tie
    # between 2 and 6 goes to the newer story; the undated story comes last.
    assert ids(river_store) == [1, 6, 2, 4]


def test_the_cli_order_puts_the_larger_of_a_tie_first(river_store):
    assert ids(river_store, ties="largest") == [1, 2, 6, 4]


def test_paging(river_store):
    assert ids(river_store, limit=2) == [1, 6]
    assert ids(river_store, limit=2, offset=2) == [2, 4]
    assert ids(river_store, limit=2, offset=4) == []


def test_since_leaves_undated_stories_out_unless_their_write_time_counts(river_store):
    since = river.parse_since("2026-06-04")
    assert ids(river_store, since=since) == [1]
    assert ids(river_store, since=since, undated_by_write=True) == [1, 4]
    assert ids(river_store, since="2026-06-03T09:00:00Z") == [1, 6, 2]  # inclusive


@pytest.mark.parametrize(("filters", "expected"), [
    ({"language": "de"}, [1]),
    ({"language": "uk"}, [4]),
    ({"language": "fr"}, []),
    ({"outlet": "reuters.com"}, [6, 2]),
    ({"outlet": "Reuters"}, [6, 2]),
    ({"outlet": "agrar.example"}, [2]),
    ({"outlet": "apnews.com"}, [1]),  # the merged story's article now counts for story 1
    ({"outlet": "example.org"}, []),
    # as a reader types them: any case, www., a URL, spaces around
    ({"outlet": "reuters"}, [6, 2]),
    ({"outlet": "www.Reuters.com"}, [6, 2]),
    ({"outlet": " https://www.reuters.com/world/ "}, [6, 2]),
    ({"outlet": "der spiegel"}, [1]),
    ({"outlet": "reuters.co"}, []),
    ({"q": "harvest"}, [2]),
    ({"q": '"open letter"'}, [1]),
    ({"q": '"letter open"'}, []),
    ({"q": '""'}, []),  # no words: nothing rather than everything
    ({"q": "harvest\x00"}, [2]),  # a NUL separates words (SQLite would cut the query there)
    ({"q": "harvest", "outlet": "Reuters", "language": "en"}, [2]),
    ({"q": "harvest", "since": "2026-06-04T00:00:00Z"}, []),
])
def test_filters(river_store, filters, expected):
    assert ids(river_store, **filters) == expected


def test_river_summaries_list_outlets_and_languages_in_publication_order(river_store):
    stories = river.river_stories(river_store, limit=2)
    assert stories[0] == {
        "id": 1, "title": "Story 1", "first_seen": "2026-06-05T10:00:00Z",
        "last_updated": "2026-06-05T10:00:00Z", "article_count": 3,
        "outlets": [{"name": "Der Spiegel", "domain": "spiegel.de"},
                    {"name": "The Moscow Times", "domain": "themoscowtimes.com"},
                    {"name": "AP", "domain": "apnews.com"}],
        "languages": ["de", "en"],
    }
    assert stories[1]["id"] == 6
    [harvest] = river.river_stories(river_store, limit=5, q="harvest")
    # an outlet known only by its domain is named by it
    assert harvest["outlets"] == [{"name": "agrar.example", "domain": "agrar.example"},
                                  {"name": "Reuters", "domain": "reuters.com"}]
    assert river.river_stories(river_store, limit=5, language="fr") == []


def test_parse_since_forms():
    now = datetime(2026, 6, 5, 12, tzinfo=UTC)
    assert river.parse_since("2d", now=now) == "2026-06-03T12:00:00+00:00"
    assert river.parse_since("12h", now=now) == "2026-06-05T00:00:00+00:00"
    assert river.parse_since(" 30M ", now=now) == "2026-06-05T11:30:00+00:00"
    assert river.parse_since("1w", now=now) == "2026-05-29T12:00:00+00:00"
    assert river.parse_since("2026-06-04") == "2026-06-04T00:00:00+00:00"
    assert river.parse_since("2026-06-04T10:00:00+02:00") == "2026-06-04T08:00:00+00:00"
    assert river.parse_since("2026-06-04T10:00:00Z") == "2026-06-04T10:00:00+00:00"
    with pytest.raises(ValueError, match="'soon' is not a duration"):
        river.parse_since("soon")
    with pytest.raises(ValueError, match="not a duration"):
        river.parse_since("999999d")
