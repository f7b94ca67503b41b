"""JSON Lines: newsprism's export round trip and plain research records (ingest.jsonl)."""

from __future__ import annotations

import gzip
import json
import tracemalloc
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from newsprism.errors import NoArticleError, ParseError
from newsprism.ingest import jsonl
from newsprism.models import (
    Article,
    Author,
    Caption,
    Outlet,
    RawArticle,
    RawDocument,
    RelatedLink,
    Subheading,
    Timestamp,
)

TESTS = Path(__file__).resolve().parents[1]
JSONL = TESTS / "fixtures" / "jsonl"


def shared_data() -> Path:
    from tests.conftest import shared_data as locate

    return locate()


def raw(path: Path) -> RawDocument:
    return RawDocument(data=path.read_bytes(), origin=str(path))


def parse_doc(doc: RawDocument) -> list[RawArticle | ParseError]:
    return list(jsonl.parse(doc, origin=doc.origin))


def exported_article(precision: str = "second") -> Article:
    return Article(
        id=17,
        title="Zelensky proposes talks in open letter",
        outlet=Outlet(name="Example Times", domain="exampletimes.example.org"),
        url="https://exampletimes.example.org/2026/06/05/letter",
        authors=(Author(name="AFP", kind="agency"), Author(name="Maria Ivanova")),
        published=Timestamp(value=date(2026, 6, 4), precision="day"),
        updated=Timestamp(value=datetime(2026, 6, 5, 3, 10, tzinfo=UTC), precision=precision),
        language="en",
        paragraphs=("First paragraph.", "Second paragraph.", "Third paragraph."),
        subheadings=(Subheading(text="'Strengthen' air defenses", before=2),),
        captions=(Caption(text="A meeting in Paris.", credit="Mikhail Metzel / TASS"),
                  Caption(text="No credit here.")),
        related=(RelatedLink(title="Has the Tide Turned?"),
                 RelatedLink(title="Earlier talks", url="https://exampletimes.example.org/x")),
        boilerplate=("Subscribe to our newsletter",),
        excerpt="A short excerpt.",
        section="Europe",
        tags=("Ukraine", "Russia"),
        external_id="58274",
        origin="samples/000.txt",
        partial=True,
        format="clipping",
        raw_sha256="ab" * 32,
        metadata={"wp_slug": "letter", "wp_author_ids": [3]},
        provenance={"title": "text", "published": "text"},
    )


def test_sniff_plain_gzipped_and_rejections() -> None:
    assert jsonl.sniff(raw(JSONL / "research.jsonl"))
    assert jsonl.sniff(raw(JSONL / "research.jsonl.gz"))
    assert not jsonl.sniff(raw(JSONL / "empty.jsonl"))
    assert not jsonl.sniff(raw(JSONL / "binary.jsonl"))
    # A pretty-printed JSON document is not one object per line.
    pretty = json.dumps({"id": 1, "title": "t", "text": "x"}, indent=2).encode()
    assert not jsonl.sniff(RawDocument(data=pretty, origin="p.json"))
    # One JSON object per line, but of a shape this reader does not know.
    assert not jsonl.sniff(RawDocument(data=b'{"code": "rest_no_route"}\n', origin="e.json"))


def test_research_records_with_a_bad_line() -> None:
    items = parse_doc(raw(JSONL / "research.jsonl"))
    assert len(items) == 4
    first, second, bad, fourth = items
    assert isinstance(first, RawArticle)
    assert first.external_id == "d001"
    assert first.title == "Parliament passes budget after all-night session"
    assert first.paragraphs == [
        "The parliament passed the budget at 5 a.m. after a 14-hour debate.",
        "The opposition walked out before the final vote.",
    ]
    assert first.published == "2026-06-04"
    assert first.language == "en"
    assert first.outlet_name == "Capital Daily"
    assert first.url == "https://capitaldaily.example.org/budget"
    assert first.provenance["external_id"] == "jsonl"
    # Numeric id kept as a string; single newlines split when there is no blank line; nulls ok.
    assert isinstance(second, RawArticle)
    assert second.external_id == "2"
    assert second.paragraphs == ["Income tax thresholds rise by 3 percent.",
                                 "Child benefit goes up from January."]
    assert second.published is None and second.outlet_name is None and second.url is None
    # The blank line 3 is skipped but counted: the truncated record is on line 4.
    assert isinstance(bad, ParseError)
    assert str(bad).startswith(f"{JSONL / 'research.jsonl'}: line 4: not valid JSON")
    assert isinstance(fourth, RawArticle)
    assert fourth.external_id == "d004"
    assert fourth.section == "Politics"


def test_gzipped_file_gives_the_same_records() -> None:
    plain = parse_doc(raw(JSONL / "research.jsonl"))
    gz = parse_doc(raw(JSONL / "research.jsonl.gz"))
    assert [getattr(i, "external_id", None) for i in gz] == [
        getattr(i, "external_id", None) for i in plain]
    assert [str(i) for i in gz if isinstance(i, ParseError)] == [
        str(i).replace("research.jsonl", "research.jsonl.gz")
        for i in plain if isinstance(i, ParseError)]


def test_truncated_gzip_yields_what_it_read_then_an_error() -> None:
    lines = b"".join(
        json.dumps({"id": i, "title": f"T{i}", "text": "word " * 200}).encode() + b"\n"
        for i in range(200))
    data = gzip.compress(lines, mtime=0)
    items = parse_doc(RawDocument(data=data[: len(data) // 2], origin="cut.jsonl.gz"))
    good = [i for i in items if isinstance(i, RawArticle)]
    assert 0 < len(good) < 200
    assert isinstance(items[-1], ParseError)
    assert "cut short" in items[-1].message


def test_empty_file_is_no_article() -> None:
    with pytest.raises(NoArticleError, match="no records"):
        parse_doc(raw(JSONL / "empty.jsonl"))


def test_binary_file_is_one_parse_error_not_one_per_line() -> None:
    with pytest.raises(ParseError, match="no readable JSON Lines record: line 1: not UTF-8"):
        parse_doc(raw(JSONL / "binary.jsonl"))


def test_unknown_record_shape_and_non_object_lines() -> None:
    data = (b'{"id": "a", "title": "Fine", "text": "Body."}\n'
            b'[1, 2]\n'
            b'{"code": "rest_no_route", "message": "No route"}\n'
            b'{"id": "b", "title": "", "text": ""}\n')
    items = parse_doc(RawDocument(data=data, origin="mixed.jsonl"))
    assert isinstance(items[0], RawArticle)
    assert [i.message for i in items[1:]] == [  # type: ignore[union-attr]
        "line 2: not a JSON object but list",
        "line 3: neither a newsprism export record nor an id/title/text record "
        "(keys: code, message)",
        "line 4: no title and no text",
    ]


def test_export_record_carries_every_field() -> None:
    article = exported_article(precision="minute")
    line = json.dumps(article.to_dict()).encode() + b"\n"
    doc = RawDocument(data=line, origin="export.jsonl")
    assert jsonl.sniff(doc)
    (got,) = parse_doc(doc)
    assert isinstance(got, RawArticle)
    assert got.title == article.title
    assert got.url == got.canonical_url == article.url
    assert got.authors == [Author(name="AFP", kind="agency"), Author(name="Maria Ivanova")]
    assert got.outlet_name == "Example Times"
    assert got.metadata["outlet_domain"] == "exampletimes.example.org"
    assert got.published == "2026-06-04"
    assert got.metadata["published_precision"] == "day"
    assert got.updated == "2026-06-05T03:10:00Z"
    assert got.metadata["updated_precision"] == "minute"
    assert got.paragraphs == list(article.paragraphs)
    assert got.subheadings == list(article.subheadings)
    assert got.captions == list(article.captions)
    assert got.related == list(article.related)
    assert got.boilerplate == ["Subscribe to our newsletter"]
    assert got.excerpt == "A short excerpt."
    assert got.section == "Europe"
    assert got.tags == ["Ukraine", "Russia"]
    assert got.external_id == "58274"
    assert got.partial is True
    assert got.provenance == article.provenance
    assert {k: v for k, v in got.metadata.items()
            if k not in jsonl.EXPORT_METADATA_KEYS} == article.metadata


def _round_trip(article: Article) -> tuple[dict[str, Any], dict[str, Any]]:
    from newsprism.normalize import normalize

    line = json.dumps(article.to_dict()).encode() + b"\n"
    doc = RawDocument(data=line, origin="export.jsonl")
    (got,) = parse_doc(doc)
    assert isinstance(got, RawArticle)
    return article.to_dict(), normalize(got, raw=doc, format="jsonl").to_dict()


def test_export_round_trip_through_normalize() -> None:
    expected, again = _round_trip(exported_article(precision="minute"))
    assert again["updated_precision"] == "minute"
    # What the new store assigns, and what says where this copy was read from.
    for key in ("id", "origin", "format", "raw_sha256"):
        again.pop(key), expected.pop(key)
    provenance, expected_provenance = again.pop("provenance"), expected.pop("provenance")
    assert again == expected  # metadata included: normalize takes the reserved keys out again
    assert expected_provenance.items() <= provenance.items()


def test_many_lines_stream_with_flat_memory() -> None:
    record = {"title": "A headline about something", "text": "A sentence of text. " * 40,
              "date": None, "lang": "en", "source": "x", "url": None}
    data = b"".join(json.dumps({"id": i, **record}).encode() + b"\n" for i in range(3_000))
    doc = RawDocument(data=data, origin="big.jsonl")
    tracemalloc.start()
    count = 0
    for item in jsonl.parse(doc, origin=doc.origin):
        assert isinstance(item, RawArticle)
        count += 1
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 3_000
    # Keeping the 3,000 records would take over 5 MB; streaming stays near one record.
    assert peak < 500_000, f"peak {peak} bytes: records are being accumulated"


def test_stories_dev_set_reads_completely() -> None:
    path = shared_data() / "stories-dev" / "articles.jsonl.gz"
    if not path.exists():
        pytest.skip(f"{path} not found (../shared/data/stories-dev is not vendored)")
    doc = raw(path)
    assert jsonl.sniff(doc)
    items = parse_doc(doc)
    assert all(isinstance(i, RawArticle) for i in items)
    assert len(items) == 508
    ids = {i.external_id for i in items}  # type: ignore[union-attr]
    assert len(ids) == 508 and all(i and i.startswith("d") for i in ids)
    assert all(i.paragraphs and i.title for i in items)  # type: ignore[union-attr]


def test_a_line_cut_inside_a_string_is_named_without_a_doubled_word() -> None:
    data = b'{"id": "a", "title": "T", "text": "x"}\n{"id": "b", "title": "cut\n'
    _, cut = parse_doc(RawDocument(data=data, origin="c.jsonl"))
    assert isinstance(cut, ParseError)
    # json's own message ends in "at": it read "starting at at column 22"
    assert str(cut) == ("c.jsonl: line 2: not valid JSON (Unterminated string starting at "
                        "column 22)")


def test_a_utf8_bom_before_the_first_line_is_sniffed() -> None:
    data = b'\xef\xbb\xbf{"id": "a", "title": "T", "text": "Some text."}\n'
    assert jsonl.sniff(RawDocument(data=data, origin="b.jsonl"))
    assert jsonl.sniff(RawDocument(data=gzip.compress(data), origin="b.jsonl.gz"))


def test_a_lone_surrogate_escape_becomes_a_replacement_character() -> None:
    """Valid JSON that encodes no character: left in, UTF-8 writers refused the whole file."""
    assert jsonl.load_json('{"t": "a\\ud800b", "k": ["\\udc00"], "ok": "\\ud83d\\ude00"}') == {
        "t": "a\ufffdb", "k": ["\ufffd"], "ok": "\U0001f600"}


def test_a_line_nested_too_deeply_is_one_broken_line_not_a_failed_file() -> None:
    """json raises RecursionError (not ValueError) at ~100,000 brackets: the file failed."""
    deep = '{"id": "x", "title": "t", "text": "t", "m": ' + "[" * 100_000 + "]" * 100_000 + "}"
    data = "\n".join(['{"id": "a", "title": "A", "text": "One."}', deep,
                      '{"id": "b", "title": "B", "text": "Two."}']).encode()
    first, bad, last = parse_doc(RawDocument(data=data, origin="d.jsonl"))
    assert isinstance(first, RawArticle) and isinstance(last, RawArticle)
    assert str(bad) == "d.jsonl: line 2: not valid JSON (nested too deeply to read)"


def test_a_deep_line_holding_a_lone_surrogate_is_one_broken_line() -> None:
    """Deep enough for json but not for the surrogate mending after it: RecursionError
    escaped the reader (a traceback) instead of naming the line."""
    deep = '{"id": "x", "title": "t", "text": "t", "m": ' + "[" * 900 + '"\\ud800"' \
        + "]" * 900 + "}"
    data = "\n".join(['{"id": "a", "title": "A", "text": "One."}', deep,
                      '{"id": "b", "title": "B", "text": "Two."}']).encode()
    first, bad, last = parse_doc(RawDocument(data=data, origin="d.jsonl"))
    assert isinstance(first, RawArticle) and isinstance(last, RawArticle)
    assert str(bad) == "d.jsonl: line 2: not valid JSON (nested too deeply to read)"


def test_a_first_record_longer_than_the_sniff_window_is_sniffed() -> None:
    """A 200 KB article on the first line was cut by the 64 KB sniff: 'not a format'."""
    line = json.dumps({"id": "long", "title": "Long", "text": "word " * 40_000})
    assert jsonl.sniff(RawDocument(data=line.encode() + b"\n", origin="l.jsonl"))
    assert jsonl.sniff(RawDocument(data=gzip.compress(line.encode()), origin="l.jsonl.gz"))


def test_a_line_longer_than_the_cap_is_skipped_without_holding_it() -> None:
    """A 4 MB gzip of 4 GB without a newline took 15 GB of memory (readline had no limit)."""
    good = b'{"id": "a", "title": "A", "text": "One."}\n'
    data = gzip.compress(good + b"a" * (96 * 1024 * 1024) + b"\n" + good.replace(b'"a"', b'"b"')
                         + b"x" * (17 * 1024 * 1024), compresslevel=1)
    tracemalloc.start()
    try:
        items = parse_doc(RawDocument(data=data, origin="big.jsonl.gz"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [type(i) for i in items] == [RawArticle, ParseError, RawArticle, ParseError]
    assert str(items[1]) == "big.jsonl.gz: line 2: longer than 16 MB; not read"
    assert str(items[3]) == "big.jsonl.gz: line 4: longer than 16 MB; not read"  # at EOF
    assert peak < 64 * 1024 * 1024  # the line alone is 96 MB
