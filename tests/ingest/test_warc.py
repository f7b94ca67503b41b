"""WARC archives -> RawArticles (newsprism.ingest.warc). Fixtures: tests/fixtures/warc/."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsprism.errors import InputError, NoArticleError, ParseError
from newsprism.ingest import detect_format, html, warc
from newsprism.models import RawArticle, RawDocument

WARC = Path(__file__).resolve().parents[1] / "fixtures" / "warc"
GZIPPED = WARC / "ccnews-sample.warc.gz"
PLAIN = WARC / "plain-sample.warc"
HARBOUR = "https://www.harbourherald.co.uk/business/2025/03/14/port-strike-grain-exports"


def raw(path: Path, data: bytes | None = None) -> RawDocument:
    return RawDocument(data=path.read_bytes() if data is None else data, origin=str(path))


def parse(doc: RawDocument) -> list[RawArticle | InputError]:
    return list(warc.parse(doc, origin=doc.origin))


@pytest.mark.parametrize("path", [GZIPPED, PLAIN])
def test_sniff_finds_the_warc_magic_plain_and_inside_gzip(path: Path) -> None:
    assert warc.sniff(raw(path))
    assert not html.sniff(raw(path))
    assert detect_format(raw(path)) == "warc"


@pytest.mark.parametrize("data", [
    gzip.compress(b"<html><body>not a warc</body></html>"),
    b"<!DOCTYPE html><html></html>",
    b"WARC is a format; this line only mentions it.",
    b"\x1f\x8b\x08garbage",
])
def test_sniff_rejects_other_bytes(data: bytes) -> None:
    assert not warc.sniff(RawDocument(data=data, origin="x"))


@pytest.mark.parametrize("path", [GZIPPED, PLAIN])
def test_good_records_become_articles_and_the_corrupt_one_an_error(path: Path) -> None:
    items = parse(raw(path))
    articles = [i for i in items if isinstance(i, RawArticle)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert [a.url for a in articles] == [
        HARBOUR,
        "https://vestnik.example.ru/economy/rubl",
        "https://www.riverside-gazette.example/news/footbridge",  # after the corrupt record
    ]
    assert len(errors) == 1
    error = errors[0]
    assert isinstance(error, ParseError)
    assert str(error).startswith(f"{path}: record 6 (https://vestnik.example.ru/broken): ")
    # the error comes in its place, between the record before and the record after it
    assert isinstance(items[2], ParseError)


def test_html_reader_fills_the_article_from_a_record() -> None:
    first = parse(raw(GZIPPED))[0]
    assert isinstance(first, RawArticle)
    assert first.title == "Port strike halts grain exports as talks collapse"
    assert first.authors == ["Maria Lindqvist", "Reuters"]
    assert first.published == "2025-03-14T08:45:00+01:00"
    assert len(first.paragraphs) == 7
    assert first.metadata["fetched_at"] == "2025-03-14T12:00:00Z"
    assert first.metadata["warc_record"] == 2
    assert first.metadata["warc_record_id"].startswith("<urn:uuid:")
    assert first.provenance["url"] == "warc"


def test_http_header_charset_decodes_a_page_without_meta_charset() -> None:
    second = parse(raw(GZIPPED))[1]
    assert isinstance(second, RawArticle)
    assert second.metadata["encoding"] == "cp1251"
    assert second.title == "Курс рубля укрепился после решения ЦБ"
    assert second.language == "ru"
    assert second.paragraphs[1].startswith("«Мы видим устойчивое замедление инфляции")


def test_truncated_archive_keeps_what_came_before() -> None:
    data = GZIPPED.read_bytes()
    items = parse(raw(GZIPPED, data[: len(data) - 200]))
    assert [type(i) for i in items] == [RawArticle, RawArticle, ParseError, ParseError]
    assert "record 7 (" in str(items[-1])


def test_record_that_is_not_an_article_is_reported_not_fatal() -> None:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    login = (WARC.parent / "html" / "login_page.html").read_bytes()
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(
        "https://example.org/login", "response", payload=io.BytesIO(login), http_headers=http))
    out.write(GZIPPED.read_bytes())
    items = parse(RawDocument(data=out.getvalue(), origin="mixed.warc.gz"))
    assert isinstance(items[0], NoArticleError)
    assert str(items[0]).startswith(
        "mixed.warc.gz: record 1 (https://example.org/login): no article")
    assert sum(isinstance(i, RawArticle) for i in items) == 3


def _warcinfo_length(data: bytes, length: bytes) -> bytes:
    """The plain fixture with its first record's (warcinfo's) Content-Length replaced."""
    header = b"Content-Length: 30\r\n"
    assert data.index(header) < data.index(b"\r\n\r\n")
    return data.replace(header, b"Content-Length: " + length + b"\r\n", 1)


def test_a_content_length_past_the_end_is_named_and_the_next_records_read(
        capsys: pytest.CaptureFixture[str]) -> None:
    """A first record claiming 999999 bytes swallowed the archive: 'no article found'."""
    items = parse(raw(PLAIN, _warcinfo_length(PLAIN.read_bytes(), b"999999")))
    assert str(items[0]).startswith(f"{PLAIN}: record 1 (unknown URI): ValueError: cut short: "
                                    "Content-Length 999999 runs ")
    assert sum(isinstance(i, RawArticle) for i in items) == 3
    assert capsys.readouterr().err == ""


def test_a_content_length_too_short_is_named_not_printed_by_warcio(
        capsys: pytest.CaptureFixture[str]) -> None:
    """warcio wrote its own three-line 'WARNING: Record not followed by newline' to stderr."""
    items = parse(raw(PLAIN, _warcinfo_length(PLAIN.read_bytes(), b"10")))
    assert str(items[0]) == (f"{PLAIN}: record 1 (unknown URI): ValueError: Content-Length 10 "
                             "ends inside the record (the length is wrong: no blank line and "
                             "next record follow it)")
    assert sum(isinstance(i, RawArticle) for i in items) == 3
    assert capsys.readouterr().err == ""


def test_a_plain_archive_cut_inside_a_record_header_is_not_read_as_whole() -> None:
    """Cut after 'WARC/1.0\\r\\nWARC-Date: ...': warcio ends quietly, and the input was 'ok'."""
    data = PLAIN.read_bytes()
    third = data.index(b"WARC/1.0\r\n", data.index(b"WARC-Type: request"))
    items = parse(raw(PLAIN, data[: data.index(b"\r\n", third + 10) + 3]))
    assert isinstance(items[-1], ParseError)
    assert "no Content-Length header (the record's header is cut short)" in str(items[-1])
    assert isinstance(items[0], RawArticle)


def test_a_gzip_member_that_decompresses_past_the_cap_is_skipped(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A 4 MB member of 4 GB was decompressed whole into memory; the records after it too."""
    monkeypatch.setattr(warc, "_MAX_MEMBER_BYTES", 1024 * 1024)  # the same check, smaller
    bomb = gzip.compress(b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: "
                         b"https://bomb.example/\r\nContent-Length: 4194304\r\n\r\n"
                         + b"\0" * 4194304)
    items = parse(raw(GZIPPED, bomb + GZIPPED.read_bytes()))
    assert str(items[0]) == (f"{GZIPPED}: record 1 (https://bomb.example/): decompresses to "
                             "more than 1 MB; not read (a gzip bomb, or a whole archive "
                             "gzipped as one member: gunzip it and ingest the .warc)")
    assert sum(isinstance(i, RawArticle) for i in items) == 3


def test_an_arc_record_forced_through_the_warc_reader_is_still_read() -> None:
    """ARC records have no Content-Length header: only a WARC record must have one."""
    body = (WARC.parent / "html" / "news_jsonld.html").read_bytes()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    arc = b"http://arc.example/page 1.2.3.4 20240101000000 text/html %d\n" % len(http)
    (item,) = parse(RawDocument(data=arc + http + b"\n", origin="a.arc"))
    assert isinstance(item, RawArticle) and item.url == "http://arc.example/page"
