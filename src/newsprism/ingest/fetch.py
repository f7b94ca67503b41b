"""Fetch http(s) URLs through one swappable transport, safely.

Every download newsprism makes goes through ``Fetcher``: a timeout, a size cap (the body is
streamed and reading stops at the cap), a clear User-Agent, redirects followed by hand so that
every hop is checked, and an SSRF guard that refuses hosts resolving to private, loopback,
link-local or reserved addresses unless ``allow_private``. The guard resolves each host once
and the default transport connects to exactly the addresses it checked (``pinning.py``), never
to a second DNS answer, so DNS rebinding cannot swap in 127.0.0.1 between check and connect.
A gzip or deflate body is decoded here, not by httpx, so that one whose stream ends early
(truncated) is an error rather than half a page stored as if whole (``_Decoder``).
Tests pass an ``httpx.MockTransport`` (or a fake ``network_backend``) and a ``resolver`` so they
never touch the network or DNS.

Limit: through a proxy taken from the environment (``HTTPS_PROXY``, ...) the proxy resolves the
name itself, so there the guard checks but cannot pin.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

import httpcore
import httpx

from newsprism import __version__
from newsprism.errors import BlockedAddressError, FetchError
from newsprism.ingest.pinning import PinnedBackend, PinnedTransport
from newsprism.models import RawDocument

DEFAULT_USER_AGENT = f"newsprism/{__version__} (+https://github.com/newsprism/newsprism)"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# The content codings newsprism asks for (sent as Accept-Encoding) and undoes itself (_Decoder).
ACCEPT_ENCODING = "gzip, deflate"
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})

# host -> the IP addresses it resolves to (strings). Injectable so tests need no DNS.
Resolver = Callable[[str], list[str]]


def resolve_host(host: str) -> list[str]:
    """The addresses ``host`` resolves to, in the system's order of preference (kept: they are
    tried in that order when connecting)."""
    infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def is_public_address(address: str) -> bool:
    """True for a globally routable unicast address; False for private, loopback, etc."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched document with the response headers (pagination needs them)."""

    document: RawDocument
    headers: httpx.Headers
    status_code: int


def _size(n: int) -> str:
    """20 MB, 4.9 KB, 300 bytes."""
    for unit, name in ((1024 * 1024, "MB"), (1024, "KB")):
        if n >= unit:
            return f"{n / unit:.1f}".removesuffix(".0") + f" {name}"
    return f"{n} bytes"


_ERROR_BODY_BYTES = 8192


def _error_body(response: httpx.Response) -> bytes:
    """The first bytes of an error response (for ``_api_error``); nothing if they fail."""
    data = b""
    try:
        for chunk in response.iter_bytes():
            data += chunk
            if len(data) >= _ERROR_BODY_BYTES:
                break
    except httpx.HTTPError:
        pass
    return data[:_ERROR_BODY_BYTES]


def _api_error(body: bytes) -> str:
    """': message (code)' when an error response is an API's JSON error, as WordPress sends
    (``{"code": "rest_no_route", "message": "No route was found ...", "data": ...}``)."""
    try:
        value = json.loads(body.decode("utf-8-sig"))
    except (ValueError, RecursionError):  # UnicodeDecodeError included; '[[[[…' too deep
        return ""
    if not isinstance(value, dict):
        return ""
    message, code = value.get("message"), value.get("code")
    if not isinstance(message, str) or not isinstance(code, str) or not message.strip():
        return ""
    text = " ".join(message.split())
    return f": {text[:300]} ({code[:100]})"


def _connect_host(url: httpx.URL) -> str:
    """The host name as httpcore connects to it: ASCII (IDNA), no brackets around IPv6."""
    return url.raw_host.decode("ascii")


class Fetcher:
    """Downloads URLs into ``RawDocument``; every failure is a ``FetchError`` naming the URL.

    Without a ``transport`` (and without ``allow_private``) connections go through a
    ``PinnedTransport``: to the addresses the guard checked, over ``network_backend`` (real
    sockets by default; tests pass a fake one).
    """

    def __init__(
        self,
        transport: httpx.BaseTransport | None = None,
        *,
        timeout: float = 20.0,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_redirects: int = 5,
        allow_private: bool = False,
        user_agent: str = DEFAULT_USER_AGENT,
        resolver: Resolver | None = None,
        network_backend: httpcore.NetworkBackend | None = None,
    ) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.allow_private = allow_private
        self.user_agent = user_agent
        self.resolver = resolver or resolve_host
        self._pins: PinnedBackend | None = None
        if transport is None and not allow_private:
            self._pins = PinnedBackend(network_backend)
            transport = PinnedTransport(self._pins)
        self._client = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            headers={"User-Agent": user_agent, "Accept": "*/*",
                     "Accept-Encoding": ACCEPT_ENCODING},
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(self, url: str) -> RawDocument:
        """The bytes at ``url``; ``RawDocument.url`` is the URL after redirects."""
        return self.fetch_response(url).document

    def fetch_response(self, url: str, *, headers: Mapping[str, str] | None = None) -> Fetched:
        """Like ``fetch`` but also returns the final response's headers and status."""
        current = self._parse_url(url, origin=url)
        seen = {str(current)}
        hops = 0
        while True:
            addresses = self._check_address(current, origin=url)
            if self._pins is not None and addresses:
                self._pins.pin(_connect_host(current), addresses)
            response, data = self._get(current, origin=url, headers=headers)
            if response.status_code in REDIRECT_CODES and "location" in response.headers:
                hops += 1
                if hops > self.max_redirects:
                    raise FetchError(f"too many redirects (more than {self.max_redirects})",
                                     source=url)
                target = self._parse_url(
                    str(current.join(response.headers["location"])), origin=url
                )
                if str(target) in seen:
                    raise FetchError(f"redirect loop at {target}", source=url)
                seen.add(str(target))
                current = target
                continue
            if response.status_code >= 400:
                reason = response.reason_phrase or ""
                raise FetchError(f"HTTP {response.status_code} {reason}".rstrip()
                                 + _api_error(data), source=url)
            document = RawDocument(
                data=data,
                origin=url,
                content_type=response.headers.get("content-type"),
                fetched_at=datetime.now(UTC),
                url=str(current),
            )
            return Fetched(document=document, headers=response.headers,
                           status_code=response.status_code)

    def _parse_url(self, url: str, *, origin: str) -> httpx.URL:
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, TypeError) as exc:
            raise FetchError(f"not a valid URL: {exc}", source=origin) from None
        if parsed.scheme not in ("http", "https"):
            shown = parsed.scheme or "none"
            raise FetchError(f"unsupported URL scheme {shown!r} in {url} (only http and https)",
                             source=origin)
        if not parsed.host:
            raise FetchError(f"no host in URL {url}", source=origin)
        return parsed

    def _check_address(self, url: httpx.URL, *, origin: str) -> list[str]:
        """The addresses ``url``'s host resolves to, all public (each redirect hop is checked);
        empty with ``allow_private``, which checks nothing."""
        if self.allow_private:
            return []
        host = url.host
        try:
            addresses = [str(ipaddress.ip_address(host))]
        except ValueError:
            try:  # resolve the ASCII (IDNA) name: the very name the connection is for
                addresses = self.resolver(_connect_host(url))
            except (OSError, UnicodeError) as exc:
                raise FetchError(f"could not resolve host {host}: {exc}", source=origin) from None
        if not addresses:
            raise FetchError(f"could not resolve host {host}", source=origin)
        for address in addresses:
            try:
                public = is_public_address(address)
            except ValueError:
                public = False
            if not public:
                raise BlockedAddressError(
                    f"{host} resolves to {address}, a private/loopback/reserved address; "
                    "refused (pass --allow-private to fetch it)",
                    source=origin,
                )
        return addresses

    def _get(
        self, url: httpx.URL, *, origin: str, headers: Mapping[str, str] | None
    ) -> tuple[httpx.Response, bytes]:
        """One GET without following redirects; the body is read up to the size cap.

        The timeout bounds the whole request, not only each read: a server that sends its
        headers a line every few seconds never trips a read timeout and held the run for
        ever. When the time is up, a watchdog shuts the connection's socket down, which ends
        the blocked read. ``Connection: close`` keeps every request on its own connection,
        one the watchdog knows (a kept-alive one is not reported to the trace hook)."""
        started = time.monotonic()
        watchdog = _Watchdog(self.timeout)
        try:
            with self._client.stream("GET", url, headers={"Connection": "close", **(headers or {})},
                                     extensions={"trace": watchdog.trace}) as response:
                if response.status_code in REDIRECT_CODES:
                    return response, b""
                if response.status_code >= 400:
                    return response, _error_body(response)
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(
                        f"too large: {_size(int(declared))} declared, "
                        f"the limit is {_size(self.max_bytes)}",
                        source=origin,
                    )
                chunks: list[bytes] = []
                total = 0
                decoder = _Decoder(response.headers.get("content-encoding", ""), origin)
                for chunk in _body(response, decoder):
                    total += len(chunk)
                    if total > self.max_bytes:
                        raise FetchError(
                            f"too large: more than {_size(self.max_bytes)} "
                            "(stopped reading at the limit)",
                            source=origin,
                        )
                    if time.monotonic() - started > self.timeout:
                        raise FetchError(f"timed out after {self.timeout:g} s", source=origin)
                    chunks.append(chunk)
                decoder.check_ended()
                return response, b"".join(chunks)
        except httpx.TimeoutException:
            raise FetchError(f"timed out after {self.timeout:g} s", source=origin) from None
        except httpx.TooManyRedirects:
            raise FetchError(f"too many redirects (more than {self.max_redirects})",
                             source=origin) from None
        except httpx.HTTPError as exc:
            if watchdog.expired:
                raise FetchError(f"timed out after {self.timeout:g} s", source=origin) from None
            detail = str(exc) or type(exc).__name__
            raise FetchError(f"could not fetch {url}: {detail}", source=origin) from None
        finally:
            watchdog.cancel()


_WBITS = {"gzip": zlib.MAX_WBITS | 16, "x-gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}
_HEADER_BYTES = 64  # a zlib header is 2 bytes: one missing shows within these
_GZIP_MAGIC = b"\x1f\x8b"  # how a gzip member starts


class _Decoder:
    """Undoes a body's Content-Encoding (gzip, deflate) and tells when a compressed stream
    stopped before its end.

    httpx's own decoders keep whatever decompressed and say nothing when the stream stops
    early: a connection closed mid-body with no Content-Length, or a cache or proxy that kept
    half a response with a matching Content-Length. The half page was then stored as if whole.
    A gzip or zlib stream marks its own end (and checks its length and CRC there), so the body
    is read raw and decoded here, where that end can be checked. Unknown codings are left as
    they are, as httpx does; "deflate" sent without its zlib header is read raw, as httpx does
    (also when the first bytes came alone). A gzip body of several members (RFC 1952, as
    concatenated gzip files are) is read to its last member's end; bytes after a whole stream
    that start no member (padding) are ignored, as browsers ignore them.
    """

    def __init__(self, content_encoding: str, origin: str) -> None:
        names = [name.strip().lower() for name in content_encoding.split(",")]
        self.origin = origin
        self._names = [name for name in reversed(names) if name in _WBITS]  # last applied first
        self._steps = [zlib.decompressobj(_WBITS[name]) for name in self._names]
        self._fed = [False] * len(self._steps)
        # The bytes fed to a "deflate" step that gave no output yet: read again raw if its
        # zlib header turns out missing (kept for the first _HEADER_BYTES only).
        self._head: list[bytes | None] = [b"" if name == "deflate" else None
                                          for name in self._names]
        self._ended = [False] * len(self._steps)  # a whole stream, then bytes ignored

    def decode(self, data: bytes) -> bytes:
        for i in range(len(self._steps)):
            data = self._feed(i, data)
        return data

    def flush(self) -> bytes:
        data = b""
        for i in range(len(self._steps)):
            data = self._feed(i, data) + self._steps[i].flush()
        return data

    def check_ended(self) -> None:
        """Raise ``FetchError`` when a compressed stream that began did not reach its end."""
        for name, step, fed, ended in zip(self._names, self._steps, self._fed, self._ended,
                                          strict=True):
            if fed and not step.eof and not ended:
                raise FetchError(f"compressed body ended early (truncated {name})",
                                 source=self.origin)

    def _feed(self, i: int, data: bytes) -> bytes:
        if not data or self._ended[i]:
            return b""
        self._fed[i] = True
        name, head, out = self._names[i], self._head[i], []
        members = 0
        while data:
            try:
                out.append(self._steps[i].decompress(data))
            except zlib.error as exc:
                if head is not None:  # no output yet: "deflate" without its zlib header
                    data, head = head + data, None
                    self._steps[i] = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                if members:  # a broken member after a whole one: ignored, as browsers do
                    self._ended[i] = True
                    break
                raise FetchError(f"compressed body is corrupt ({name}: {exc})",
                                 source=self.origin) from None
            if head is not None:
                head = None if out[-1] or len(head) > _HEADER_BYTES else head + data
            step = self._steps[i]
            data = step.unused_data if step.eof else b""
            if data and name.endswith("gzip") and _GZIP_MAGIC.startswith(data[:2]):
                members += 1  # another gzip member
                self._steps[i] = zlib.decompressobj(_WBITS[name])
            elif data:
                self._ended[i] = True  # bytes after a whole stream ("\n", zeros): ignored
                break
        self._head[i] = head
        return b"".join(out)


def _body(response: httpx.Response, decoder: _Decoder) -> Iterator[bytes]:
    """The decoded chunks of a response body, the decoder's remainder last. A response that
    was built already read (``httpx.Response(content=b"...")`` in a test's MockTransport) has
    been decoded by httpx itself; every response from a connection is streamed raw."""
    if response.is_stream_consumed:
        yield response.content
        return
    for chunk in response.iter_raw():
        data = decoder.decode(chunk)
        if data:
            yield data
    rest = decoder.flush()
    if rest:
        yield rest


class _Watchdog:
    """Shuts down the sockets of one request when its time is up (see ``Fetcher._get``)."""

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._streams: list[httpcore.NetworkStream] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def trace(self, event: str, info: dict[str, object]) -> None:
        """httpcore's trace hook: note each stream the request connects (TCP, then TLS)."""
        if event in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            stream = info.get("return_value")
            if isinstance(stream, httpcore.NetworkStream):
                with self._lock:
                    self._streams.append(stream)
                    if self.expired:
                        _shut(stream)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for stream in self._streams:
                _shut(stream)

    def cancel(self) -> None:
        self._timer.cancel()


def _shut(stream: httpcore.NetworkStream) -> None:
    sock = stream.get_extra_info("socket")
    if isinstance(sock, socket.socket):
        try:
            sock.shutdown(socket.SHUT_RDWR)  # wakes a thread blocked reading it; close() won't
        except OSError:
            pass
