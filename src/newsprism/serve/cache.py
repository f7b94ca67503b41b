"""A micro-cache for the hottest read pages (the river, story pages): one second by default.

Under load, many clients ask for the same river page within the same second; answering them
from one rendering keeps latency flat. Entries live ``ttl`` seconds and are dropped at once
when this server writes (an upload); writes by another process (``newsprism ingest``, ``watch``)
show up within ``ttl``. Only 200 answers are kept. ``ttl=0`` turns it off.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from fastapi import Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from newsprism.serve.security import with_security_headers


class MicroCache:
    def __init__(self, ttl: float = 1.0, size: int = 512) -> None:
        self.ttl = ttl
        self.size = size
        self._items: OrderedDict[str, tuple[float, Response]] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(path: str, query: str, accept: str) -> str:
        return f"{path}?{query}|{accept}"

    def lookup(self, key: str) -> Response | None:
        """A live cached response for ``key``, or None."""
        if self.ttl <= 0:
            return None
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and hit[0] > time.monotonic():
                return hit[1]
        return None

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    async def response(self, request: Request, build: Callable[[], Response]) -> Response:
        """The cached answer for this URL (and Accept), else ``build()`` run in the thread pool
        (it reads SQLite) and cached when it is a 200. A hit never leaves the event loop."""
        if self.ttl <= 0:
            return await run_in_threadpool(build)
        key = self.key(request.url.path, request.url.query, request.headers.get("accept", ""))
        cached = self.lookup(key)
        if cached is not None:
            return Response(cached.body, status_code=cached.status_code,
                            headers=dict(cached.headers))
        now = time.monotonic()
        fresh = await run_in_threadpool(build)
        if fresh.status_code == 200 and hasattr(fresh, "body"):
            with self._lock:
                self._items[key] = (now + self.ttl, fresh)
                self._items.move_to_end(key)
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
        return fresh


class CacheMiddleware:
    """Answer a GET whose response is in the micro-cache before routing, validation and the
    thread pool: a hit costs a dictionary lookup. Misses go on to the route, which fills it."""

    def __init__(self, app: ASGIApp, *, cache: MicroCache) -> None:
        self.app = app
        self.cache = cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and self.cache.ttl > 0:
            accept = ""
            for name, value in scope.get("headers") or ():
                if name == b"accept":
                    accept = value.decode("latin-1")
                    break
            key = self.cache.key(scope["path"], scope.get("query_string", b"").decode("latin-1"),
                                 accept)
            cached = self.cache.lookup(key)
            if cached is not None:
                await send({"type": "http.response.start", "status": cached.status_code,
                            "headers": with_security_headers(list(cached.raw_headers))})
                await send({"type": "http.response.body", "body": cached.body})
                return
        await self.app(scope, receive, send)
