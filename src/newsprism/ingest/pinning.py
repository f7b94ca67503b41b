"""Connect only to the addresses the SSRF guard checked, so DNS rebinding cannot slip past it.

``Fetcher`` resolves a host and checks every address. If httpx then resolved the name again to
connect, a hostile DNS server could answer a public address to the check and 127.0.0.1 to the
connection. ``PinnedBackend`` is an httpcore network backend that never resolves: it connects to
the addresses pinned for the host name and refuses a name that has none (fail closed).

Only the TCP connect changes. httpcore still starts TLS with ``server_hostname`` set to the URL's
host, so SNI and certificate verification stay on the name, and the Host header comes from the
URL as before. Connections are pooled per host name, so a kept-alive connection is reused only
for the name it was opened (and verified) for.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

import httpcore
import httpx

# httpx's own defaults (httpx.HTTPTransport uses the same numbers).
_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0)


class PinnedBackend(httpcore.NetworkBackend):
    """TCP connects go to the pinned addresses of a host, tried in order; no DNS at all."""

    def __init__(self, backend: httpcore.NetworkBackend | None = None) -> None:
        self._backend = backend or httpcore.SyncBackend()
        self._pins: dict[str, tuple[str, ...]] = {}

    def pin(self, host: str, addresses: Iterable[str]) -> None:
        """From now on ``host`` (the ASCII form httpcore connects to) means these addresses."""
        pinned = tuple(addresses)
        if not pinned:
            raise ValueError(f"no address to pin for {host}")
        for address in pinned:
            ipaddress.ip_address(address)  # only IP literals: a name would be resolved again
        self._pins[host.lower()] = pinned

    def pinned(self, host: str) -> tuple[str, ...]:
        """The addresses ``host`` is pinned to (empty when it has none)."""
        return self._pins.get(host.lower(), ())

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self.pinned(host)
        if not addresses:
            raise httpcore.ConnectError(
                f"refused to connect to {host}: no address for it was checked by the SSRF guard"
            )
        failure: Exception | None = None
        for address in addresses:  # like socket.create_connection: the first that answers
            try:
                return self._backend.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        assert failure is not None
        raise failure

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError(f"refused to connect to unix socket {path}: not a URL host")

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class PinnedTransport(httpx.HTTPTransport):
    """httpx's standard transport, with its connection pool built on a ``PinnedBackend``.

    ``httpx.HTTPTransport`` (0.28) takes no ``network_backend`` argument, so the pool it builds is
    replaced by the same ``httpcore.ConnectionPool`` on the pinned backend; request conversion and
    the httpcore -> httpx exception mapping stay httpx's own.
    """

    def __init__(self, backend: PinnedBackend) -> None:
        ssl_context = httpx.create_ssl_context()  # verifies certificates and host names
        super().__init__(verify=ssl_context, limits=_LIMITS)
        if not isinstance(getattr(self, "_pool", None), httpcore.ConnectionPool):
            # Fail loudly rather than fetch through an unpinned pool after an httpx change.
            raise RuntimeError("httpx.HTTPTransport no longer keeps its pool in _pool; "
                               "newsprism.ingest.pinning needs updating")
        self.backend = backend
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context,
            max_connections=_LIMITS.max_connections,
            max_keepalive_connections=_LIMITS.max_keepalive_connections,
            keepalive_expiry=_LIMITS.keepalive_expiry,
            network_backend=backend,
        )
