"""Input specs -> raw documents: files, directories, globs, stdin, URLs, WordPress pages, OPML."""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from newsprism.errors import FetchError, InputError, ParseError
from newsprism.ingest.fetch import Fetcher
from newsprism.ingest.sources import (
    STDIN_ORIGIN,
    is_outline,
    is_wordpress_collection,
    iter_raw_documents,
    read_outline,
)
from newsprism.models import RawDocument

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"


def public(host: str) -> list[str]:
    return ["93.184.216.34"]


def fetcher_for(handler: Callable[[httpx.Request], httpx.Response]) -> Fetcher:
    return Fetcher(httpx.MockTransport(handler), resolver=public)


def offline() -> Fetcher:
    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"unexpected request {request.url}")

    return fetcher_for(handler)


def origins(items: list[RawDocument | InputError]) -> list[str]:
    return [i.origin if isinstance(i, RawDocument) else f"ERROR {i}" for i in items]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deep").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "a.xml").write_bytes(b"<rss/>")
    (tmp_path / "c.json").write_bytes(b"{}")
    (tmp_path / ".hidden.xml").write_bytes(b"secret")
    (tmp_path / "b" / "z.txt").write_bytes(b"z")
    (tmp_path / "b" / "deep" / "y.txt").write_bytes(b"y")
    (tmp_path / ".git" / "config").write_bytes(b"[core]")
    return tmp_path


def test_directory_is_recursive_sorted_and_skips_hidden(tree: Path) -> None:
    items = list(iter_raw_documents([str(tree)], fetcher=offline()))
    assert origins(items) == [str(tree / "a.xml"), str(tree / "b" / "deep" / "y.txt"),
                              str(tree / "b" / "z.txt"), str(tree / "c.json")]
    assert items[0].data == b"<rss/>"  # type: ignore[union-attr]


def test_files_globs_and_missing_paths_in_order(tree: Path) -> None:
    specs = [str(tree / "c.json"), str(tree / "missing.xml"), str(tree / "**" / "*.txt"),
             str(tree / "*.nothing")]
    items = list(iter_raw_documents(specs, fetcher=offline()))
    assert origins(items) == [
        str(tree / "c.json"),
        f"ERROR {tree / 'missing.xml'}: no such file or directory",
        str(tree / "b" / "deep" / "y.txt"),
        str(tree / "b" / "z.txt"),
        f"ERROR {tree / '*.nothing'}: no file matches this pattern",
    ]
    assert isinstance(items[1], InputError)


def test_stdin() -> None:
    items = list(iter_raw_documents(["-"], fetcher=offline(), stdin=io.BytesIO(b'{"a": 1}\n')))
    assert len(items) == 1 and isinstance(items[0], RawDocument)
    assert items[0].origin == STDIN_ORIGIN and items[0].data == b'{"a": 1}\n'


def test_urls_are_fetched_lazily_one_at_a_time(tree: Path) -> None:
    requested: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requested.append(str(request.url))
        if request.url.path == "/404":
            return httpx.Response(404)
        return httpx.Response(200, content=b"<html></html>", headers={"content-type": "text/html"})

    specs = ["https://news.example.org/a", "https://news.example.org/404", str(tree / "a.xml")]
    stream = iter_raw_documents(specs, fetcher=fetcher_for(handler))
    assert requested == []
    first = next(stream)
    assert isinstance(first, RawDocument) and first.content_type == "text/html"
    assert requested == ["https://news.example.org/a"]
    second = next(stream)
    assert isinstance(second, FetchError)
    assert str(second) == "https://news.example.org/404: HTTP 404 Not Found"
    third = next(stream)
    assert isinstance(third, RawDocument) and third.origin == str(tree / "a.xml")


def test_unreadable_file_is_an_input_error(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.xml"
    path.write_bytes(b"x")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)  # tests run as root, so chmod won't do
    (item,) = iter_raw_documents([str(path)], fetcher=offline())
    assert isinstance(item, InputError)
    assert str(item) == f"{path}: cannot read: Permission denied"


# --- WordPress REST collections --------------------------------------------------------------

def wp_site(total_pages: int | None, *, last_status: int = 400) -> tuple[Fetcher, list[str]]:
    requested: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requested.append(str(request.url))
        page = int(request.url.params.get("page", "1"))
        headers = {"content-type": "application/json"}
        if total_pages is not None:
            headers["x-wp-totalpages"] = str(total_pages)
            headers["x-wp-total"] = str(total_pages * 2)
        if total_pages is None and page > 3:
            return httpx.Response(last_status, json={"code": "rest_post_invalid_page_number"})
        body = f'[{{"id": {page * 10}, "slug": "p{page}"}}, {{"id": {page * 10 + 1}}}]'
        return httpx.Response(200, content=body.encode(), headers=headers)

    return fetcher_for(handler), requested


def test_wordpress_pagination_over_three_pages() -> None:
    fetcher, requested = wp_site(3)
    url = "https://site.example.org/wp-json/wp/v2/posts"
    items = list(iter_raw_documents([url], fetcher=fetcher))
    assert origins(items) == [url, url + "?page=2", url + "?page=3"]
    pages = [i.data for i in items if isinstance(i, RawDocument)]
    assert [b'"id": 20' in page for page in pages] == [False, True, False]
    assert requested == [url, url + "?page=2", url + "?page=3"]


def test_wordpress_rest_route_style_keeps_its_query() -> None:
    fetcher, requested = wp_site(2)
    url = "https://site.example.org/?rest_route=/wp/v2/posts&per_page=2"
    items = list(iter_raw_documents([url], fetcher=fetcher))
    assert len(items) == 2
    assert requested[1] == "https://site.example.org/?rest_route=/wp/v2/posts&per_page=2&page=2"


def test_wordpress_pagination_without_header_stops_at_http_400() -> None:
    fetcher, requested = wp_site(None)
    url = "https://site.example.org/wp-json/wp/v2/posts?per_page=2"
    items = list(iter_raw_documents([url], fetcher=fetcher))
    assert len(items) == 3 and all(isinstance(i, RawDocument) for i in items)
    assert len(requested) == 4


def test_wordpress_pagination_is_bounded_by_max_pages() -> None:
    fetcher, requested = wp_site(40)
    url = "https://site.example.org/wp-json/wp/v2/posts?page=2"
    items = list(iter_raw_documents([url], fetcher=fetcher, max_pages=3))
    assert [i.origin for i in items] == [  # type: ignore[union-attr]
        url, "https://site.example.org/wp-json/wp/v2/posts?page=3",
        "https://site.example.org/wp-json/wp/v2/posts?page=4"]


def test_wordpress_pagination_stops_when_the_server_ignores_page() -> None:
    """A cache or plugin that serves page 1 for every ``page=`` must not be read 50 times."""
    requested: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requested.append(str(request.url))
        return httpx.Response(200, json=[{"id": 1, "title": {"rendered": "One"}}])

    url = "https://site.example.org/wp-json/wp/v2/posts"
    items = list(iter_raw_documents([url], fetcher=fetcher_for(handler)))
    assert [i.origin for i in items] == [url]  # type: ignore[union-attr]
    assert requested == [url, url + "?page=2"]


def test_wordpress_first_page_failure_is_reported() -> None:
    fetcher = fetcher_for(lambda request: httpx.Response(500))
    (item,) = iter_raw_documents(["https://site.example.org/wp-json/wp/v2/posts"],
                                 fetcher=fetcher)
    assert isinstance(item, FetchError) and item.message == "HTTP 500 Internal Server Error"


@pytest.mark.parametrize(("url", "expected"), [
    ("https://s.example.org/wp-json/wp/v2/posts", True),
    ("https://s.example.org/wp-json/wp/v2/posts/?per_page=5", True),
    ("https://s.example.org/blog/wp-json/wp/v2/pages", True),
    ("https://s.example.org/?rest_route=/wp/v2/posts", True),
    ("https://s.example.org/?rest_route=%2Fwp%2Fv2%2Fposts&page=2", True),
    ("https://s.example.org/wp-json/wp/v2/posts/58274", False),
    ("https://s.example.org/?rest_route=/wp/v2/posts/58274", False),
    ("https://s.example.org/2026/06/04/post/", False),
])
def test_is_wordpress_collection(url: str, expected: bool) -> None:
    assert is_wordpress_collection(url) is expected


# --- OPML ------------------------------------------------------------------------------------

def test_read_outline_lists_feed_urls_once() -> None:
    data = (FEEDS / "feeds.opml").read_bytes()
    assert is_outline(data)
    assert not is_outline((FEEDS / "rss20_content.xml").read_bytes())
    assert read_outline(data) == ["https://harbourgazette.example.org/feed/",
                                  "http://valleycourier.example.net/rss.xml"]


def test_broken_outline_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="not a well-formed OPML outline"):
        read_outline(b"<opml><body><outline xmlUrl='x'></body>", origin="feeds.opml")


def test_opml_file_expands_to_its_feeds() -> None:
    feeds = {
        "harbourgazette.example.org": (FEEDS / "rss20_content.xml").read_bytes(),
        "valleycourier.example.net": (FEEDS / "rss091.xml").read_bytes(),
    }
    fetcher = fetcher_for(lambda request: httpx.Response(200, content=feeds[request.url.host]))
    items = list(iter_raw_documents([str(FEEDS / "feeds.opml")], fetcher=fetcher))
    assert origins(items) == ["https://harbourgazette.example.org/feed/",
                              "http://valleycourier.example.net/rss.xml"]
    assert items[1].data == feeds["valleycourier.example.net"]  # type: ignore[union-attr]


def test_opml_feed_failures_do_not_stop_the_others(tmp_path: Path) -> None:
    outline = tmp_path / "subs.xml"  # sniffed as OPML, not by its extension
    outline.write_bytes(b'<?xml version="1.0"?><opml version="1.0"><body>'
                        b'<outline xmlUrl="https://down.example.org/rss"/>'
                        b'<outline xmlUrl="https://up.example.org/rss"/></body></opml>')

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "down.example.org":
            raise httpx.ReadTimeout("slow", request=request)
        return httpx.Response(200, content=b"<rss/>")

    items = list(iter_raw_documents([str(outline)], fetcher=fetcher_for(handler)))
    assert origins(items) == ["ERROR https://down.example.org/rss: timed out after 20 s",
                              "https://up.example.org/rss"]


def test_outline_without_feeds_is_an_input_error(tmp_path: Path) -> None:
    outline = tmp_path / "empty.opml"
    outline.write_bytes(b"<opml version='2.0'><body><outline text='folder'/></body></opml>")
    (item,) = iter_raw_documents([str(outline)], fetcher=offline())
    assert isinstance(item, InputError) and "lists no feed URLs" in item.message


def test_a_file_name_that_is_not_utf8_is_named_with_escapes(tmp_path: Path) -> None:
    """A Latin-1 name on a Linux disk: the origin must be text SQLite and a terminal take
    (a surrogate in it made the whole run end in a traceback)."""
    name = tmp_path / "caf\udce9.xml"  # the bytes b"caf\xe9.xml", as Python lists them
    name.write_bytes((FEEDS / "atom.xml").read_bytes())
    (item,) = iter_raw_documents([str(tmp_path)], fetcher=offline())
    assert isinstance(item, RawDocument)
    assert item.origin == f"{tmp_path}/caf\\xe9.xml"
    item.origin.encode("utf-8")  # no surrogates left


def test_a_fifo_in_a_folder_is_reported_not_read(tmp_path: Path) -> None:
    """Reading a FIFO blocks until a writer comes: the run hung for ever."""
    (tmp_path / "a.xml").write_bytes((FEEDS / "atom.xml").read_bytes())
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "z.xml").write_bytes((FEEDS / "rss091.xml").read_bytes())
    unblock = threading.Timer(5, lambda: os.close(os.open(tmp_path / "pipe", os.O_WRONLY)))
    unblock.daemon = True  # should the FIFO be read after all, fail instead of hanging
    unblock.start()
    first, fifo, last = iter_raw_documents([str(tmp_path)], fetcher=offline())
    unblock.cancel()
    assert isinstance(first, RawDocument) and isinstance(last, RawDocument)
    assert isinstance(fifo, InputError)
    assert str(fifo) == f"{tmp_path}/pipe: not a regular file (a FIFO, socket or device); skipped"


def test_a_fifo_a_glob_matches_is_reported_not_read(tmp_path: Path) -> None:
    """'inbox/*' names the FIFO of the folder test above: the run hung for ever there too."""
    (tmp_path / "a.xml").write_bytes((FEEDS / "atom.xml").read_bytes())
    os.mkfifo(tmp_path / "pipe")
    unblock = threading.Timer(5, lambda: os.close(os.open(tmp_path / "pipe", os.O_WRONLY)))
    unblock.daemon = True  # should the FIFO be read after all, fail instead of hanging
    unblock.start()
    first, fifo = iter_raw_documents([f"{tmp_path}/*"], fetcher=offline())
    unblock.cancel()
    assert isinstance(first, RawDocument)
    assert str(fifo) == f"{tmp_path}/pipe: not a regular file (a FIFO, socket or device); skipped"


def test_a_folder_that_cannot_be_listed_is_named_and_the_rest_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """os.walk skips a folder it may not list without a word: its files were lost silently."""
    (tmp_path / "a.xml").write_bytes((FEEDS / "atom.xml").read_bytes())
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.xml").write_bytes(b"x")
    real_scandir = os.scandir

    def refuse(path: object) -> object:  # tests run as root, so chmod 000 won't do
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", refuse)
    good, locked = iter_raw_documents([str(tmp_path)], fetcher=offline())
    assert isinstance(good, RawDocument) and good.origin.endswith("a.xml")
    assert isinstance(locked, InputError)
    assert str(locked) == f"{tmp_path}/locked: cannot list this folder: Permission denied"


def test_a_symlink_loop_in_a_folder_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.xml").write_bytes((FEEDS / "atom.xml").read_bytes())
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)
    (item,) = iter_raw_documents([str(tmp_path)], fetcher=offline())
    assert isinstance(item, RawDocument) and item.origin.endswith("sub/a.xml")


def test_a_file_larger_than_the_store_keeps_is_refused_unread(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 3 GB file was read whole into memory only for SQLite to refuse it."""
    from newsprism.ingest import sources

    big = tmp_path / "big.warc"
    big.write_bytes(b"x" * 2000)
    monkeypatch.setattr(sources, "MAX_FILE_BYTES", 1000)  # the same check, smaller
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read"))
    (item,) = iter_raw_documents([str(big)], fetcher=offline())
    assert str(item) == (f"{big}: too large to keep: 2,000 bytes, more than the 1,000 bytes "
                         "SQLite stores in one value; split it into smaller files")


def test_a_missing_path_that_is_not_utf8_is_named_with_escapes(tmp_path: Path) -> None:
    missing, pattern = iter_raw_documents([f"{tmp_path}/caf\udce9.xml", f"{tmp_path}/*\udce9*"],
                                          fetcher=offline())
    assert str(missing) == f"{tmp_path}/caf\\xe9.xml: no such file or directory"
    assert str(pattern) == f"{tmp_path}/*\\xe9*: no file matches this pattern"
