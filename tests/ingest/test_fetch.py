"""Fetcher: timeouts, HTTP errors, redirects, size cap, SSRF guard; never the network."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from newsprism.errors import BlockedAddressError, FetchError
from newsprism.ingest.fetch import DEFAULT_USER_AGENT, Fetcher, is_public_address

HOSTS = {
    "news.example.org": ["93.184.216.34"],
    "mirror.example.net": ["2606:2800:220:1:248:1893:25c8:1946"],
    "intranet.example.org": ["10.0.0.7"],
    "rebind.example.org": ["93.184.216.35", "127.0.0.1"],
}


def resolver(host: str) -> list[str]:
    if host not in HOSTS:
        raise OSError(f"[Errno -2] Name or service not known: {host}")
    return HOSTS[host]


def make(handler: Callable[[httpx.Request], httpx.Response], *, max_bytes: int = 20 * 1024 * 1024,
         max_redirects: int = 5) -> Fetcher:
    return Fetcher(httpx.MockTransport(handler), resolver=resolver, max_bytes=max_bytes,
                   max_redirects=max_redirects)


def test_fetch_returns_raw_document_with_headers_and_user_agent() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=b"<rss/>",
                              headers={"content-type": "application/rss+xml; charset=utf-8"})

    doc = make(handler).fetch("https://news.example.org/feed/")
    assert doc.data == b"<rss/>"
    assert doc.origin == doc.url == "https://news.example.org/feed/"
    assert doc.content_type == "application/rss+xml; charset=utf-8"
    assert doc.fetched_at.tzinfo is not None
    assert seen[0].headers["user-agent"] == DEFAULT_USER_AGENT
    assert DEFAULT_USER_AGENT.startswith("newsprism/")


def test_timeout_is_one_readable_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("read timed out", request=request)

    with pytest.raises(FetchError) as caught:
        make(handler).fetch("https://news.example.org/slow")
    assert str(caught.value) == "https://news.example.org/slow: timed out after 20 s"


@pytest.mark.parametrize(("status", "message"), [(404, "HTTP 404 Not Found"),
                                                 (500, "HTTP 500 Internal Server Error")])
def test_http_error_status(status: int, message: str) -> None:
    fetcher = make(lambda request: httpx.Response(status, content=b"oops"))
    with pytest.raises(FetchError) as caught:
        fetcher.fetch("https://news.example.org/gone")
    assert caught.value.message == message
    assert caught.value.source == "https://news.example.org/gone"


def test_redirects_are_followed_and_final_url_kept() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old":
            return httpx.Response(301, headers={"location": "/new"})
        return httpx.Response(200, content=b"ok")

    doc = make(handler).fetch("https://news.example.org/old")
    assert doc.url == "https://news.example.org/new"
    assert doc.origin == "https://news.example.org/old"


def test_redirect_loop() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        target = "/b" if request.url.path == "/a" else "/a"
        return httpx.Response(302, headers={"location": target})

    with pytest.raises(FetchError, match="redirect loop at https://news.example.org/a"):
        make(handler).fetch("https://news.example.org/a")


def test_too_many_redirects() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        step = int(request.url.path.strip("/") or 0)
        return httpx.Response(307, headers={"location": f"/{step + 1}"})

    with pytest.raises(FetchError, match=r"too many redirects \(more than 3\)"):
        make(handler, max_redirects=3).fetch("https://news.example.org/0")


def test_too_large_declared_length_is_refused_before_reading() -> None:
    fetcher = make(lambda request: httpx.Response(200, content=b"x" * 5000), max_bytes=1000)
    with pytest.raises(FetchError, match="too large: 4.9 KB declared, the limit is 1000 bytes"):
        fetcher.fetch("https://news.example.org/big")


def test_too_large_stream_stops_at_the_cap() -> None:
    pulled: list[int] = []

    def chunks() -> Iterator[bytes]:
        for number in range(1000):
            pulled.append(number)
            yield b"y" * 1024

    fetcher = make(lambda request: httpx.Response(200, content=chunks()), max_bytes=10 * 1024)
    with pytest.raises(FetchError, match=r"too large: more than 10 KB \(stopped reading"):
        fetcher.fetch("https://news.example.org/endless")
    assert len(pulled) <= 12


def test_non_http_scheme_refused() -> None:
    fetcher = make(lambda request: httpx.Response(200))
    with pytest.raises(FetchError, match="unsupported URL scheme 'file'"):
        fetcher.fetch("file:///etc/passwd")


def test_redirect_to_non_http_scheme_refused() -> None:
    fetcher = make(lambda request: httpx.Response(302, headers={"location": "ftp://x.org/f"}))
    with pytest.raises(FetchError, match="unsupported URL scheme 'ftp'"):
        fetcher.fetch("https://news.example.org/")


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/admin", "http://[::1]/",
                                 "http://169.254.169.254/latest/meta-data/",
                                 "https://intranet.example.org/wiki",
                                 "https://rebind.example.org/"])
def test_private_addresses_refused(url: str) -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200)

    fetcher = make(handler)
    with pytest.raises(BlockedAddressError, match="private/loopback/reserved address; refused "
                                                  r"\(pass --allow-private"):
        fetcher.fetch(url)
    assert requests == []


def test_private_address_allowed_with_allow_private() -> None:
    def no_dns(host: str) -> list[str]:
        raise AssertionError("allow_private needs no resolving")

    fetcher = Fetcher(httpx.MockTransport(lambda request: httpx.Response(200, content=b"hi")),
                      allow_private=True, resolver=no_dns)
    assert fetcher.fetch("http://127.0.0.1:8000/feed").data == b"hi"
    assert fetcher.fetch("https://intranet.example.org/wiki").data == b"hi"


def test_redirect_to_private_address_refused() -> None:
    requests: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(str(request.url))
        return httpx.Response(302, headers={"location": "http://169.254.169.254/latest/"})

    with pytest.raises(BlockedAddressError) as caught:
        make(handler).fetch("https://news.example.org/go")
    assert "169.254.169.254" in caught.value.message
    assert caught.value.source == "https://news.example.org/go"
    assert requests == ["https://news.example.org/go"]


def test_public_ipv6_host_and_unknown_host() -> None:
    fetcher = make(lambda request: httpx.Response(200, content=b"v6"))
    assert fetcher.fetch("https://mirror.example.net/").data == b"v6"
    with pytest.raises(FetchError, match="could not resolve host nowhere.invalid"):
        fetcher.fetch("https://nowhere.invalid/")


def test_connection_error_is_a_fetch_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with pytest.raises(FetchError, match="could not fetch .*connection refused"):
        make(handler).fetch("https://news.example.org/")


@pytest.mark.parametrize(("address", "public"), [
    ("93.184.216.34", True), ("10.1.2.3", False), ("192.168.0.1", False), ("127.0.0.1", False),
    ("100.64.0.1", False), ("0.0.0.0", False), ("224.0.0.1", False), ("::ffff:127.0.0.1", False),
    ("fe80::1%eth0", False), ("fc00::1", False), ("2606:2800:220:1::1", True),
])
def test_is_public_address(address: str, public: bool) -> None:
    assert is_public_address(address) is public
