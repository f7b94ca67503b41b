"""Fetcher: timeouts, HTTP errors, redirects, size cap, SSRF guard and address pinning.

Never the network: a mock transport, a fake network backend or a server on 127.0.0.1.
"""

from __future__ import annotations

import gzip
import socket
import ssl
import threading
import zlib
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpcore
import httpx
import pytest

from newsprism.errors import BlockedAddressError, FetchError
from newsprism.ingest.fetch import DEFAULT_USER_AGENT, Fetcher, is_public_address, resolve_host
from newsprism.ingest.pinning import PinnedBackend, PinnedTransport
from newsprism.pipeline import ingest
from newsprism.store import Store
from tests.conftest import SAMPLE_001

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


# --- DNS rebinding: the connection goes to exactly the address the guard checked -------------

class FakeStream(httpcore.NetworkStream):
    """A socket that records what httpcore does with it and answers one canned response."""

    def __init__(self, response: bytes) -> None:
        self.response = response
        self.written = b""
        self.tls: list[tuple[ssl.SSLContext, str | None]] = []

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        chunk, self.response = self.response[:max_bytes], self.response[max_bytes:]
        return chunk

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.written += buffer

    def close(self) -> None:
        pass

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        self.tls.append((ssl_context, server_hostname))
        return self

    def get_extra_info(self, info: str) -> object:
        return False if info == "is_readable" else None


class FakeNetwork(httpcore.NetworkBackend):
    """Records every TCP connect; ``responses`` maps an address to what its server answers."""

    def __init__(self, responses: dict[str, bytes]) -> None:
        self.responses = responses
        self.connects: list[tuple[str, int]] = []
        self.streams: list[FakeStream] = []

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: object = None) -> httpcore.NetworkStream:
        self.connects.append((host, port))
        if host not in self.responses:
            raise httpcore.ConnectError(f"[Errno 111] Connection refused: {host}")
        self.streams.append(FakeStream(self.responses[host]))
        return self.streams[-1]


def http_response(status: str, body: bytes = b"", **headers: str) -> bytes:
    lines = [f"HTTP/1.1 {status}", f"Content-Length: {len(body)}"]
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def rebinding_resolver(first: list[str], then: list[str]) -> tuple[Callable[[str], list[str]],
                                                                   list[str]]:
    """A hostile DNS server: ``first`` for the first question, ``then`` ever after."""
    asked: list[str] = []

    def resolve(host: str) -> list[str]:
        asked.append(host)
        return first if len(asked) == 1 else then

    return resolve, asked


def test_connection_goes_to_the_checked_address_not_a_second_dns_answer() -> None:
    resolve, asked = rebinding_resolver(["93.184.216.34"], ["127.0.0.1"])
    network = FakeNetwork({"93.184.216.34": http_response("200 OK", b"public")})
    fetcher = Fetcher(resolver=resolve, network_backend=network)

    doc = fetcher.fetch("http://news.example.org/feed")
    assert doc.data == b"public"
    assert asked == ["news.example.org"]  # resolved once, by the guard
    assert network.connects == [("93.184.216.34", 80)]  # and connected where it checked
    assert b"Host: news.example.org\r\n" in network.streams[0].written
    assert network.streams[0].written.startswith(b"GET /feed HTTP/1.1\r\n")

    # The next fetch asks again; the answer is now loopback, so it is refused, not connected.
    with pytest.raises(BlockedAddressError, match="news.example.org resolves to 127.0.0.1"):
        fetcher.fetch("http://news.example.org/other")
    assert network.connects == [("93.184.216.34", 80)]


def test_https_verifies_the_certificate_against_the_host_name() -> None:
    network = FakeNetwork({"93.184.216.34": http_response("200 OK", b"tls")})
    fetcher = Fetcher(resolver=resolver, network_backend=network)

    assert fetcher.fetch("https://news.example.org/").data == b"tls"
    assert network.connects == [("93.184.216.34", 443)]
    [(context, server_hostname)] = network.streams[0].tls
    assert server_hostname == "news.example.org"  # SNI and the certificate check: the name
    assert context.check_hostname is True
    assert context.verify_mode is ssl.CERT_REQUIRED
    assert b"Host: news.example.org\r\n" in network.streams[0].written


def test_redirects_through_the_pinned_transport_are_checked_and_pinned_per_hop() -> None:
    network = FakeNetwork({
        "93.184.216.34": http_response("302 Found", location="https://mirror.example.net/v6"),
        "2606:2800:220:1:248:1893:25c8:1946": http_response("200 OK", b"moved"),
    })
    doc = Fetcher(resolver=resolver, network_backend=network).fetch("http://news.example.org/")
    assert doc.data == b"moved"
    assert doc.url == "https://mirror.example.net/v6"
    assert network.connects == [("93.184.216.34", 80),
                                ("2606:2800:220:1:248:1893:25c8:1946", 443)]
    assert network.streams[1].tls[0][1] == "mirror.example.net"


@pytest.mark.parametrize("location", ["http://169.254.169.254/latest/meta-data/",
                                      "https://intranet.example.org/wiki",
                                      "http://rebind.example.org/"])
def test_redirect_to_private_address_refused_on_the_pinned_transport(location: str) -> None:
    network = FakeNetwork({"93.184.216.34": http_response("302 Found", location=location)})
    fetcher = Fetcher(resolver=resolver, network_backend=network)
    with pytest.raises(BlockedAddressError, match="private/loopback/reserved address"):
        fetcher.fetch("http://news.example.org/go")
    assert network.connects == [("93.184.216.34", 80)]


def test_idn_host_is_checked_under_the_name_it_connects_to() -> None:
    asked: list[str] = []

    def resolve(host: str) -> list[str]:
        asked.append(host)
        return ["93.184.216.34"]

    network = FakeNetwork({"93.184.216.34": http_response("200 OK", b"idn")})
    fetcher = Fetcher(resolver=resolve, network_backend=network)
    assert fetcher.fetch("https://bücher.example/").data == b"idn"
    assert asked == ["xn--bcher-kva.example"]
    assert network.streams[0].tls[0][1] == "xn--bcher-kva.example"


def test_pinned_backend_tries_each_checked_address_in_order_and_never_resolves() -> None:
    network = FakeNetwork({"93.184.216.35": b""})
    backend = PinnedBackend(network)
    backend.pin("News.Example.org", ["93.184.216.34", "93.184.216.35"])
    assert backend.connect_tcp("news.example.org", 80) is network.streams[0]
    assert network.connects == [("93.184.216.34", 80), ("93.184.216.35", 80)]

    with pytest.raises(httpcore.ConnectError, match="no address for it was checked"):
        backend.connect_tcp("unvetted.example.org", 80)
    assert len(network.connects) == 2
    with pytest.raises(ValueError):
        backend.pin("news.example.org", ["localhost"])  # a name would be resolved again


def test_resolve_host_keeps_the_system_preference_order(monkeypatch: pytest.MonkeyPatch) -> None:
    def getaddrinfo(host: str, port: object, **kwargs: object) -> list[tuple[object, ...]]:
        return [(0, 0, 0, "", (address, 0)) for address in
                ("93.184.216.34", "2606:2800:220:1::1", "93.184.216.34")]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    assert resolve_host("news.example.org") == ["93.184.216.34", "2606:2800:220:1::1"]


class _Echo(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = f"{self.path} Host={self.headers['Host']}".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class _SlowHeaders(_Echo):
    """Sends a header line every 0.2 s, for ever: no single read ever times out."""

    def do_GET(self) -> None:
        self.wfile.write(b"HTTP/1.1 200 OK\r\n")
        try:
            for number in range(300):
                self.wfile.write(b"X-Pad-%d: y\r\n" % number)
                self.wfile.flush()
                threading.Event().wait(0.2)
        except OSError:
            pass


def _serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[int]:
    """A server on 127.0.0.1 in a thread for one test: its port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def local_server() -> Iterator[int]:
    yield from _serve(_Echo)


def test_pinned_transport_connects_real_sockets_to_the_pin_not_dns(local_server: int) -> None:
    backend = PinnedBackend()
    backend.pin("pinned.invalid", ["127.0.0.1"])  # .invalid never resolves: no DNS was used
    with httpx.Client(transport=PinnedTransport(backend)) as client:
        response = client.get(f"http://pinned.invalid:{local_server}/x?y=1")
        assert response.text == f"/x?y=1 Host=pinned.invalid:{local_server}"
        with pytest.raises(httpx.ConnectError, match="refused to connect to localhost"):
            client.get(f"http://localhost:{local_server}/")


def test_allow_private_fetches_a_local_server(local_server: int) -> None:
    with Fetcher(allow_private=True) as fetcher:
        doc = fetcher.fetch(f"http://127.0.0.1:{local_server}/feed")
    assert doc.data == f"/feed Host=127.0.0.1:{local_server}".encode()


def test_an_api_error_body_is_part_of_the_message() -> None:
    """A WordPress site answers a wrong route with its JSON error: say what it said."""
    body = (b'{"code": "rest_no_route", "message": "No route was found matching the URL and '
            b'request method.", "data": {"status": 404}}')
    fetcher = make(lambda request: httpx.Response(404, content=body))
    with pytest.raises(FetchError) as caught:
        fetcher.fetch("https://news.example.org/wp-json/wp/v2/postz")
    assert caught.value.message == ("HTTP 404 Not Found: No route was found matching the URL "
                                    "and request method. (rest_no_route)")


def test_an_error_body_of_nested_brackets_is_the_bare_status() -> None:
    """json raises RecursionError, not ValueError, on 8 KB of '[': a traceback, not the 404."""
    fetcher = make(lambda request: httpx.Response(404, content=b"[" * 8192))
    with pytest.raises(FetchError) as caught:
        fetcher.fetch("https://news.example.org/wp-json/wp/v2/postz")
    assert caught.value.message == "HTTP 404 Not Found"


@pytest.fixture
def slow_server() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SlowHeaders)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("pinned", [False, True])
def test_the_timeout_bounds_a_server_that_trickles_its_headers(slow_server: int,
                                                               pinned: bool) -> None:
    """Each header line came within the read timeout, so the fetch never ended (60 s here)."""
    import time

    transport = None
    if pinned:
        backend = PinnedBackend()
        backend.pin("127.0.0.1", ["127.0.0.1"])
        transport = PinnedTransport(backend)
    started = time.monotonic()
    with Fetcher(transport, timeout=1, allow_private=True) as fetcher, \
            pytest.raises(FetchError, match="timed out after 1 s"):
        fetcher.fetch(f"http://127.0.0.1:{slow_server}/feed")
    assert time.monotonic() - started < 5


PAGE = "".join(f"<p>Paragraph {n} of the article.</p>" for n in range(2000)).encode()


def _compressed(coding: str) -> bytes:
    if coding == "gzip":
        return gzip.compress(PAGE)
    if coding == "deflate":
        return zlib.compress(PAGE)
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)  # "deflate" sent without its zlib header
    return raw.compress(PAGE) + raw.flush()


@pytest.mark.parametrize(("coding", "sent"), [("gzip", "gzip"), ("deflate", "deflate"),
                                              ("raw", "deflate")])
def test_a_compressed_body_that_ends_early_is_an_error_not_half_a_page(coding: str,
                                                                       sent: str) -> None:
    """httpx decoded what came and said nothing: half the page was stored as if whole."""
    whole = _compressed(coding)

    def handler(request: httpx.Request) -> httpx.Response:
        body = whole if request.url.path == "/whole" else whole[:len(whole) // 2]
        # streamed in two pieces, as from a connection (content=bytes is decoded at once)
        return httpx.Response(200, content=iter([body[:100], body[100:]]),
                              headers={"Content-Encoding": sent})

    fetcher = make(handler)
    assert fetcher.fetch("https://news.example.org/whole").data == PAGE
    with pytest.raises(FetchError) as caught:
        fetcher.fetch("https://news.example.org/cut")
    assert str(caught.value) == ("https://news.example.org/cut: compressed body ended early "
                                 f"(truncated {sent})")


def test_a_gzip_body_without_its_trailer_or_corrupt_is_an_error() -> None:
    whole = gzip.compress(PAGE)
    bodies = {"/trailer": whole[:-8], "/corrupt": b"not gzip at all", "/empty": b""}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=iter([bodies[request.url.path]]),
                              headers={"Content-Encoding": "gzip"})

    fetcher = make(handler)
    with pytest.raises(FetchError, match=r"truncated gzip\)$"):
        fetcher.fetch("https://news.example.org/trailer")  # the length and CRC check is lost
    with pytest.raises(FetchError, match=r"compressed body is corrupt \(gzip: .*header"):
        fetcher.fetch("https://news.example.org/corrupt")
    assert fetcher.fetch("https://news.example.org/empty").data == b""  # nothing was sent


@pytest.mark.parametrize(("body", "pieces"), [
    # two gzip members (concatenated .gz files): the second was dropped and the page kept
    # as whole with half its text
    (gzip.compress(PAGE[:30000]) + gzip.compress(PAGE[30000:]), 1),
    (gzip.compress(PAGE[:30000]) + gzip.compress(PAGE[30000:]), 200),
    (gzip.compress(PAGE) + b"\r\n", 1),  # a newline after a whole stream is no member
])
def test_a_gzip_body_of_several_members_is_read_whole(body: bytes, pieces: int) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        step = -(-len(body) // pieces)
        return httpx.Response(200, content=iter([body[k:k + step]
                                                 for k in range(0, len(body), step)]),
                              headers={"Content-Encoding": "gzip"})

    assert make(handler).fetch("https://news.example.org/a").data == PAGE


def test_a_second_gzip_member_cut_short_is_an_error() -> None:
    body = gzip.compress(PAGE[:30000]) + gzip.compress(PAGE[30000:])[:-20]

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=iter([body]), headers={"Content-Encoding": "gzip"})

    with pytest.raises(FetchError, match=r"truncated gzip\)$"):
        make(handler).fetch("https://news.example.org/a")


def test_deflate_without_its_header_is_read_raw_when_its_first_byte_comes_alone() -> None:
    body = _compressed("raw")  # the header check fails only on the second byte

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=iter([body[:1], body[1:2], body[2:]]),
                              headers={"Content-Encoding": "deflate"})

    assert make(handler).fetch("https://news.example.org/a").data == PAGE


def test_the_pinned_transport_asks_for_gzip_and_finds_a_truncated_one() -> None:
    """The default transport (the one ``newsprism ingest URL`` uses), its Content-Length
    matching the cut stream, as a cache that kept half a response sends it."""
    cut = gzip.compress(PAGE)[:3000]
    network = FakeNetwork({"93.184.216.34": http_response("200 OK", cut, Content_Encoding="gzip")})
    fetcher = Fetcher(resolver=resolver, network_backend=network)
    with pytest.raises(FetchError, match=r"^http://news.example.org/a: compressed body ended "
                                         r"early \(truncated gzip\)$"):
        fetcher.fetch("http://news.example.org/a")
    assert b"Accept-Encoding: gzip, deflate\r\n" in network.streams[0].written


class _TruncatedGzip(_Echo):
    """/close: half a gzip stream, then the connection closes (no Content-Length);
    /length: half a gzip stream with a Content-Length that matches it; /post: a whole one."""

    def do_GET(self) -> None:
        whole = gzip.compress(SAMPLE_001.read_bytes() if self.path == "/post" else PAGE)
        body = whole if self.path == "/post" else whole[:len(whole) // 2]
        self.send_response(200)
        self.send_header("Content-Type", "application/json" if self.path == "/post" else
                         "text/html")
        self.send_header("Content-Encoding", "gzip")
        if self.path == "/close":
            self.send_header("Connection", "close")
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def gzip_server() -> Iterator[int]:
    yield from _serve(_TruncatedGzip)


def test_ingest_names_a_truncated_gzip_page_stores_nothing_of_it_and_goes_on(
        gzip_server: int, store: Store) -> None:
    base = f"http://127.0.0.1:{gzip_server}"
    with Fetcher(allow_private=True) as fetcher:
        report = ingest(store, [f"{base}/close", f"{base}/length", f"{base}/post"],
                        fetcher=fetcher, run_stages=False)
    results = {r.origin.rsplit("/", 1)[-1]: r for r in report.results}
    for name in ("close", "length"):
        assert results[name].status == "failed"
        assert results[name].errors == [
            f"{base}/{name}: compressed body ended early (truncated gzip)"]
    assert results["post"].status == "ok"
    assert store.count_articles() == 1
    assert [store.get_raw(i).origin for i in store.raw_ids()] == [f"{base}/post"]
