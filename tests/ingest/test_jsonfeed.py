"""JSON Feed 1.0/1.1 -> RawArticles (newsprism.ingest.jsonfeed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.errors import NoArticleError, ParseError
from newsprism.ingest import jsonfeed
from newsprism.models import Caption, RawArticle, RawDocument, Subheading

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
WORDPRESS = Path(__file__).resolve().parents[1] / "fixtures" / "wordpress"


def raw(path: Path) -> RawDocument:
    return RawDocument(data=path.read_bytes(), origin=str(path))


def parse_bytes(data: bytes) -> list[RawArticle | ParseError]:
    return list(jsonfeed.parse(RawDocument(data=data, origin="f.json"), origin="f.json"))


def test_sniff() -> None:
    assert jsonfeed.sniff(raw(FEEDS / "jsonfeed.json"))
    assert jsonfeed.sniff(raw(FEEDS / "jsonfeed10.json"))
    assert not jsonfeed.sniff(raw(FEEDS / "rss20_content.xml"))
    assert not jsonfeed.sniff(raw(FEEDS / "binary.bin"))
    assert not jsonfeed.sniff(RawDocument(data=b'{"version": "1.1", "items": []}', origin="x"))


def test_items_of_a_1_1_feed() -> None:
    doc = raw(FEEDS / "jsonfeed.json")
    items = list(jsonfeed.parse(doc, origin=doc.origin))
    assert len(items) == 4
    first, second, error, third = items
    assert isinstance(first, RawArticle)
    assert first.title == "County signs off on the state's largest solar farm"
    assert first.url == "https://desertledger.example.com/2026/06/04/solar-farm/"
    assert first.external_id == "2026-06-04-solar"
    assert first.authors == ["Luis Ortega"]
    assert first.published == "2026-06-04T21:10:00-07:00"
    assert first.updated == "2026-06-05T08:00:00-07:00"
    assert first.language == "en-US"
    assert first.tags == ["energy", "county board"]
    assert first.outlet_name == "Desert Ledger"
    assert first.excerpt == "A 1.2 gigawatt farm was approved on Thursday."
    assert first.partial is False
    assert first.paragraphs == [
        "The county board on Thursday approved a 1.2 gigawatt solar farm east of town.",
        "Opponents said the panels’ cleaning would use too much water.",
    ]
    assert first.subheadings == [Subheading(text="Water use questioned", before=1)]
    assert first.captions == [Caption(text="The site east of town.", credit="Ana Ruiz")]

    # content_text split on blank lines; a numeric id kept as a string; feed authors as fallback.
    assert isinstance(second, RawArticle)
    assert second.paragraphs == ["The weather service extended its heat warning to Sunday.",
                                 "Highs near 46 C are expected."]
    assert second.external_id == "4512"
    assert second.authors == ["Desert Ledger newsroom"]
    assert second.published == "2026-06-03"

    assert isinstance(error, ParseError)
    assert str(error) == f"{doc.origin}: entry 3: not a JSON object"

    assert isinstance(third, RawArticle)
    assert third.partial is True
    assert third.paragraphs == ["Route 9 closes on Saturday night for repaving."]


def test_version_1_0_author_object() -> None:
    doc = raw(FEEDS / "jsonfeed10.json")
    (article,) = jsonfeed.parse(doc, origin=doc.origin)
    assert isinstance(article, RawArticle)
    assert article.authors == ["Sam Holt"]
    assert article.paragraphs == ["The museum reopened on Saturday."]
    assert article.language is None


def test_truncated_json_raises() -> None:
    data = (FEEDS / "jsonfeed.json").read_bytes()[:300]
    with pytest.raises(ParseError, match="not valid JSON"):
        parse_bytes(data)


def test_not_a_json_feed_raises() -> None:
    with pytest.raises(ParseError, match="not a JSON Feed"):
        list(jsonfeed.parse(raw(WORDPRESS / "not_a_post.json"), origin="not_a_post.json"))


def test_empty_items_is_no_article() -> None:
    with pytest.raises(NoArticleError):
        parse_bytes(b'{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": []}')


def test_item_with_nothing_usable_is_an_entry_error() -> None:
    items = parse_bytes(b'{"version": "https://jsonfeed.org/version/1.1", "items": '
                        b'[{"id": "a"}, {"id": "b", "title": "Fine", "content_text": "Ok."}]}')
    assert isinstance(items[0], ParseError) and "entry 1: no title" in items[0].message
    assert isinstance(items[1], RawArticle) and items[1].title == "Fine"
