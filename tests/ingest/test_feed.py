"""RSS 0.91/2.0, RSS 1.0 and Atom feeds -> RawArticles (newsprism.ingest.feed)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsprism.errors import NoArticleError, ParseError
from newsprism.ingest import feed
from newsprism.models import Caption, RawArticle, RawDocument, RelatedLink, Subheading

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"


def raw(name: str) -> RawDocument:
    path = FEEDS / name
    return RawDocument(data=path.read_bytes(), origin=str(path))


def parse(name: str) -> list[RawArticle | ParseError]:
    doc = raw(name)
    return list(feed.parse(doc, origin=doc.origin))


@pytest.mark.parametrize("name", ["rss20_content.xml", "rss091.xml", "rss10.rdf", "atom.xml",
                                  "rss_broken_entry.xml"])
def test_sniff_accepts_feeds(name: str) -> None:
    assert feed.sniff(raw(name))


@pytest.mark.parametrize("name", ["jsonfeed.json", "feeds.opml", "empty.xml", "binary.bin"])
def test_sniff_rejects_other_inputs(name: str) -> None:
    assert not feed.sniff(raw(name))


def test_sniff_rejects_html_and_non_atom_feed_root() -> None:
    html = b"<!DOCTYPE html><html><body><p>about <rss> feeds</p></body></html>"
    assert not feed.sniff(RawDocument(data=html, origin="page.html"))
    other = b'<?xml version="1.0"?><feed xmlns="http://example.org/not-atom"></feed>'
    assert not feed.sniff(RawDocument(data=other, origin="x.xml"))


def test_rss20_full_content_becomes_body() -> None:
    first, second = parse("rss20_content.xml")
    assert isinstance(first, RawArticle) and isinstance(second, RawArticle)
    assert first.title == "Council approves new sea wall after storm damage"
    assert first.url == "https://harbourgazette.example.org/2026/06/04/council-approves-sea-wall/"
    assert first.external_id == "https://harbourgazette.example.org/?p=1201"
    assert first.authors == ["Priya Natarajan", "Reuters"]
    # 18:30 at +02:00 is 16:30 UTC: an aware datetime, not feedparser's naive struct.
    assert first.published == datetime(2026, 6, 4, 16, 30, tzinfo=UTC)
    assert first.updated is None
    assert first.tags == ["Local", "Climate"]
    assert first.outlet_name == "Harbour Gazette"
    assert first.language == "en-GB"
    assert first.partial is False
    assert first.paragraphs == [
        "The town council on Thursday approved a €14 million sea wall, two months after a winter "
        "storm flooded the harbour district.",
        "“We cannot wait for the next storm,” the mayor, Elin Hadd, said after the 9 to 2 vote.",
        "Construction is due to begin in October and to take 18 months, the council said.",
    ]
    assert first.subheadings == [Subheading(text="Work to start in autumn", before=2)]
    assert first.captions == [Caption(text="Waves breaking over the old harbour wall in March.",
                                      credit="Tomas Berg")]
    assert first.related == [RelatedLink(
        title="Storm floods harbour district",
        url="https://harbourgazette.example.org/2026/03/12/storm-floods-harbour/")]
    assert first.excerpt is not None and first.excerpt.startswith("The council voted 9 to 2")
    assert first.provenance["title"] == "feed" and first.provenance["paragraphs"] == "feed"
    assert second.published == datetime(2026, 6, 3, 9, 5, tzinfo=UTC)
    assert second.paragraphs[-1] == "The last crossing will leave at 23:10 on weekdays."


def test_rss091_summary_only_is_partial_and_decoded_from_latin1() -> None:
    articles = parse("rss091.xml")
    assert [a.title for a in articles] == [  # type: ignore[union-attr]
        "Le pont de la Rivière rouvre après six mois de travaux",
        "Marché de nuit : 40 exposants attendus",
    ]
    first = articles[0]
    assert isinstance(first, RawArticle)
    assert first.partial is True
    assert first.paragraphs == ["Le pont, fermé depuis décembre, a rouvert lundi matin. Les bus "
                                "reprennent leur itinéraire habituel."]
    assert first.language == "fr"
    assert first.outlet_name == "Valley Courier"
    assert first.url == "http://valleycourier.example.net/articles/pont-riviere.html"


def test_rss10_dc_date_is_the_publication_date() -> None:
    (article,) = parse("rss10.rdf")
    assert isinstance(article, RawArticle)
    assert article.published == datetime(2026, 6, 5, 11, 20, tzinfo=UTC)
    assert article.updated is None
    assert article.authors == ["AP"]
    assert article.tags == ["Business"]
    assert article.partial is True


def test_atom_html_title_relative_link_and_xml_lang() -> None:
    first, second = parse("atom.xml")
    assert isinstance(first, RawArticle) and isinstance(second, RawArticle)
    assert first.title == "Neue Straßenbahnlinie ab Montag in Betrieb"
    # The relative link is resolved against the feed's alternate link.
    assert first.url == "https://stadtanzeiger.example.de/lokales/2026/06/strassenbahn-linie-9"
    assert first.external_id == "tag:stadtanzeiger.example.de,2026:article-5531"
    assert first.authors == ["Katrin Müller", "dpa"]
    assert first.published == datetime(2026, 6, 4, 14, 45, tzinfo=UTC)
    assert first.updated == datetime(2026, 6, 5, 6, 0, tzinfo=UTC)
    assert first.language == "de"
    assert first.tags == ["Lokales", "verkehr"]
    assert first.partial is False
    assert first.subheadings == [Subheading(text="Bauzeit von drei Jahren", before=1)]
    assert len(first.paragraphs) == 2
    # A date with no time is passed on as written, so normalize keeps it a date (no midnight).
    assert second.updated == "2026-06-03"
    assert second.published is None
    assert second.partial is True
    assert second.paragraphs == ["Wegen der Hitze öffnet das Freibad schon am Samstag."]


def test_broken_entry_among_good_ones_is_yielded_as_error() -> None:
    items = parse("rss_broken_entry.xml")
    assert len(items) == 3
    good = [i for i in items if isinstance(i, RawArticle)]
    errors = [i for i in items if isinstance(i, ParseError)]
    assert [a.title for a in good] == ["Reservoir levels back to normal",
                                       "School to get a new roof"]
    assert len(errors) == 1
    assert str(errors[0]).startswith(str(FEEDS / "rss_broken_entry.xml") + ": entry 2: ")
    assert "not well formed" in errors[0].message
    assert good[0].partial is False and good[1].partial is True


def test_truncated_feed_raises_parse_error_naming_problem() -> None:
    with pytest.raises(ParseError, match="not a well-formed feed: .*line 2"):
        parse("truncated.xml")


@pytest.mark.parametrize("name", ["empty.xml", "binary.bin"])
def test_empty_or_binary_input_raises(name: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse(name)
    assert caught.value.source == str(FEEDS / name)


def test_feed_without_entries_is_no_article() -> None:
    data = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title>'
            b"<link>https://quiet.example.org/</link></channel></rss>")
    with pytest.raises(NoArticleError, match="no entries"):
        list(feed.parse(RawDocument(data=data, origin="quiet.xml"), origin="quiet.xml"))


def test_relative_links_resolve_against_fetched_url_when_feed_has_no_link() -> None:
    data = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
            b"<item><title>One</title><link>/n/1</link><description>x</description></item>"
            b"</channel></rss>")
    doc = RawDocument(data=data, origin="https://t.example.org/rss",
                      url="https://t.example.org/rss")
    (article,) = feed.parse(doc, origin=doc.origin)
    assert isinstance(article, RawArticle)
    assert article.url == "https://t.example.org/n/1"


@pytest.mark.parametrize(("path", "reader"), [
    ("feeds/rss20_content.xml", "feed"), ("feeds/rss091.xml", "feed"), ("feeds/rss10.rdf", "feed"),
    ("feeds/atom.xml", "feed"), ("feeds/rss_broken_entry.xml", "feed"),
    ("feeds/jsonfeed.json", "jsonfeed"), ("feeds/jsonfeed10.json", "jsonfeed"),
    ("jsonl/research.jsonl", "jsonl"), ("jsonl/research.jsonl.gz", "jsonl"),
])
def test_registry_sniffs_the_right_reader(path: str, reader: str) -> None:
    from newsprism.ingest import detect_format

    file = FEEDS.parent / path
    assert detect_format(RawDocument(data=file.read_bytes(), origin=str(file))) == reader


def test_bytes_naming_a_local_file_are_not_opened(tmp_path: Path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_bytes((FEEDS / "rss20_content.xml").read_bytes())
    doc = RawDocument(data=str(secret).encode(), origin="evil.xml")
    with pytest.raises(ParseError):
        list(feed.parse(doc, origin=doc.origin))


def test_a_link_urljoin_cannot_parse_loses_neither_the_feed_nor_the_entry() -> None:
    """A channel <link> of 'http://[host' made urljoin raise for every entry: 'no readable
    article (2 broken ...: ValueError: Invalid IPv6 URL)'."""
    data = (FEEDS.parent / "bad" / "rss_broken_links.xml").read_bytes()
    first, second = feed.parse(RawDocument(data=data, origin="b.xml"), origin="b.xml")
    assert isinstance(first, RawArticle) and isinstance(second, RawArticle)
    assert first.title == "Channel link the CMS broke" and first.url == "/2026/02/ferry"
    assert second.url == "http://[::1"  # as written; normalize finds no URL in it
