"""normalize: dates, URLs, outlets, authors, language, body cleaning."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from newsprism.models import RawArticle, RawDocument, Subheading
from newsprism.normalize import normalize
from newsprism.normalize.authors import parse_authors
from newsprism.normalize.dates import parse_timestamp
from newsprism.normalize.language import detect_language, language_name, normalize_code
from newsprism.normalize.urls import canonical_url, domain_of

RAW = RawDocument(data=b"x", origin="test-input")


@pytest.mark.parametrize(("text", "expected", "precision"), [
    ("June 04, 2026", date(2026, 6, 4), "day"),
    ("2026-06-04", date(2026, 6, 4), "day"),
    ("2026-06-05T03:09:53", datetime(2026, 6, 5, 3, 9, 53, tzinfo=UTC), "second"),
    ("2026-06-05T06:09:53+03:00", datetime(2026, 6, 5, 3, 9, 53, tzinfo=UTC), "second"),
    ("Thu, 04 Jun 2026 14:30:00 GMT", datetime(2026, 6, 4, 14, 30, tzinfo=UTC), "second"),
    ("3 June 2026 14:05 CET", datetime(2026, 6, 3, 13, 5, tzinfo=UTC), "minute"),
    ("June 5, 2026, 9:40 a.m. EDT", datetime(2026, 6, 5, 13, 40, tzinfo=UTC), "minute"),
    ("05.06.2026 12:00 MSK", datetime(2026, 6, 5, 9, 0, tzinfo=UTC), "minute"),
])
def test_dates_become_utc_with_their_precision(text, expected, precision):
    stamp = parse_timestamp(text)
    assert stamp is not None
    assert stamp.value == expected
    assert stamp.precision == precision


def test_a_time_without_a_zone_is_read_as_utc_and_says_so():
    article = normalize(RawArticle(title="T", paragraphs=["Body text of the article."],
                                   published="June 5, 2026 at 9:40"), raw=RAW, format="clipping")
    assert article.published.isoformat() == "2026-06-05T09:40:00Z"
    assert article.published.precision == "minute"
    assert article.metadata["published_zone"] == "not given; read as UTC"
    dated = normalize(RawArticle(title="T", paragraphs=["Body."], published="June 5, 2026"),
                      raw=RAW, format="clipping")
    assert "published_zone" not in dated.metadata


def test_unreadable_date_is_none():
    assert parse_timestamp("not a date at all, sorry") is None


def test_tracking_parameters_are_stripped_and_article_ids_kept():
    assert canonical_url("HTTPS://WWW.Example.com:443/a/b?utm_source=x&id=5&fbclid=y#top") == \
        "https://www.example.com/a/b?id=5"
    assert canonical_url("https://gyalchisarshog.com/?p=58274") == \
        "https://gyalchisarshog.com/?p=58274"
    assert canonical_url("javascript:alert(1)") is None


def test_domain_drops_www_but_keeps_the_site():
    assert domain_of("https://www.themoscowtimes.com/2026/06/04/x") == "themoscowtimes.com"
    assert domain_of("https://news.bbc.co.uk/x") == "news.bbc.co.uk"


def test_agency_bylines_are_agencies_and_co_authors_split():
    authors = parse_authors(["By Jane Doe and John Roe", "AFP", "Reuters/AFP"])
    assert [(a.name, a.kind) for a in authors] == [
        ("Jane Doe", "person"), ("John Roe", "person"), ("AFP", "agency"), ("Reuters", "agency"),
    ]


def test_language_declared_is_normalised_and_detected_otherwise():
    assert normalize_code("en-US") == "en"
    assert normalize_code("not a tag!") is None
    russian = "Владимир Зеленский предложил встречу Путину в открытом письме."
    ukrainian = "Зеленський запропонував Путіну зустріч у відкритому листі до нього."
    assert detect_language(russian)[0] == "ru"
    assert detect_language(ukrainian)[0] == "uk"
    assert detect_language("ok")[0] is None


def test_a_language_is_named_for_readers():
    assert [language_name(c) for c in ("de", "uk-UA", "EN", "xx", None, "und")] == [
        "German", "Ukrainian", "English", "language 'xx'", "unknown language",
        "unknown language"]  # "und": compare's key for an article of no known language


def test_normalize_cleans_body_and_fills_outlet_and_language():
    raw_article = RawArticle(
        title="Zelensky &amp; Putin", url="https://www.themoscowtimes.com/a?utm_medium=rss",
        authors=["By AFP"], published="June 04, 2026",
        paragraphs=["First\u00a0paragraph  of the article about the open letter.", "  ",
                    "Second paragraph."],
        subheadings=[Subheading(text="Heading", before=2)],
    )
    article = normalize(raw_article, raw=RAW, format="clipping")
    assert article.title == "Zelensky & Putin"
    assert article.outlet.name == "The Moscow Times"
    assert article.outlet.domain == "themoscowtimes.com"
    assert article.url == "https://www.themoscowtimes.com/a"
    assert article.paragraphs == ("First paragraph of the article about the open letter.",
                                  "Second paragraph.")
    assert article.subheadings[0].before == 1
    assert article.language == "en"
    assert article.provenance["language"] == "langid"
    assert article.published is not None and article.published.precision == "day"


def test_implausible_dates_are_dropped_but_remembered():
    raw_article = RawArticle(title="T", paragraphs=["Some text here for the body."],
                             published="1970-01-01T00:00:00Z")
    article = normalize(raw_article, raw=RAW, format="jsonl")
    assert article.published is None
    assert article.metadata["implausible_published"] == "1970-01-01T00:00:00Z"


def test_missing_title_is_derived_from_the_body_and_marked():
    article = normalize(RawArticle(paragraphs=["Only a body, with no headline given."]), raw=RAW,
                        format="jsonl")
    assert article.title.startswith("Only a body")
    assert article.provenance["title"] == "derived"
