"""The FastAPI application: JSON API under /api, web pages, static files, one error shape.

``create_app(db_path)`` builds an app over one SQLite database. SQLite connections are not
shared between threads: each worker thread opens its own ``Store`` on first use (WAL lets
readers and a writer run together), and all are closed on shutdown.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import anyio.to_thread
import jinja2
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsprism import __version__
from newsprism.compare.render import framing_line, headlines_shared, shown_claim
from newsprism.ingest.fetch import Fetcher
from newsprism.serve import errors
from newsprism.serve.cache import CacheMiddleware, MicroCache
from newsprism.serve.errors import BodyTooLarge, error_body
from newsprism.serve.security import with_security_headers
from newsprism.settings import number_setting
from newsprism.store import Store

MAX_UPLOAD = 20 * 1024 * 1024
# Multipart framing and form fields around a file of MAX_UPLOAD bytes.
BODY_SLACK = 256 * 1024

class StorePool:
    """One ``Store`` per thread, opened on first use, all closed by ``close``.

    The pool's worker threads come and go (anyio retires idle ones); a thread's Store lives in
    its thread-local slot only, so it is closed when the thread ends instead of piling up.
    """

    def __init__(self, db_path: str) -> None:
        self.db_path = db_path
        self._local = threading.local()
        self._all: weakref.WeakSet[Store] = weakref.WeakSet()
        self._lock = threading.Lock()

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = Store.open(self.db_path)
            self._local.store = store
            with self._lock:
                self._all.add(store)
        return store

    def close(self) -> None:
        with self._lock:
            for store in list(self._all):
                try:
                    store.close()
                except Exception:  # noqa: BLE001 - closing a connection of another thread
                    pass
            self._all.clear()
        self._local = threading.local()


class LimitsMiddleware:
    """Refuse bodies over ``limit`` while they arrive, and add security headers.

    A declared Content-Length over the limit is refused before anything is read; a body sent
    without one (chunked) is counted chunk by chunk and refused as soon as it passes the limit,
    so a 50 MB upload never reaches the disk.
    """

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await self._refuse(send)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        async def with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = {**message,
                           "headers": with_security_headers(list(message.get("headers", [])))}
            await send(message)

        try:
            await self.app(scope, counted, with_headers)
        except BodyTooLarge:
            if started:
                raise
            await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        import json

        error = BodyTooLarge(self.limit)
        body = json.dumps(error_body(413, error.code, error.message)).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


class HeadMiddleware:
    """Answer HEAD like GET without the body (uptime monitors, link checkers, ``curl -I``):
    FastAPI routes declared with GET answer 405 to HEAD otherwise."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


def _templates() -> Jinja2Templates:
    folder = Path(str(resources.files("newsprism.serve") / "templates"))
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), autoescape=True,
                             undefined=jinja2.ChainableUndefined, trim_blocks=True,
                             lstrip_blocks=True)
    env.filters["claim"] = shown_claim
    env.filters["framing"] = framing_line
    env.globals["headlines_shared"] = headlines_shared
    return Jinja2Templates(env=env)


SERVE_THREADS = 4


def create_app(db_path: str, *, token: str | None = None, max_upload: int = MAX_UPLOAD,
               allow_private: bool = False,
               fetcher_factory: Callable[[], Fetcher] | None = None,
               cache_seconds: float = 1.0, threads: int = SERVE_THREADS) -> FastAPI:
    """The newsprism web app over the SQLite database at ``db_path``.

    ``token``: when set, write endpoints need ``Authorization: Bearer <token>``.
    ``allow_private``: let ``POST /api/ingest`` fetch private/loopback URLs (off by default).
    ``fetcher_factory``: how URL ingests get their ``Fetcher`` (tests pass a mock transport).
    ``cache_seconds``: how long river and story answers are reused (``cache.MicroCache``).
    ``threads``: worker threads for the routes that read SQLite. A few beat anyio's default
    40: at 50 concurrent clients the threads fight over the GIL, and 40 gave the uncached river
    176 req/s with p99 622 ms where 4 gave 375 req/s, p99 172 ms (bench/README.md, Serving).
    """
    pool = StorePool(str(db_path))
    pool.get()  # create and migrate the database now, so a bad path fails at startup

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield
        pool.close()

    app = FastAPI(
        title="newsprism",
        version=__version__,
        description="Stories from many outlets, compared source by source. Every error is "
                    '`{"ok": false, "status", "code", "message"}`.',
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.pool = pool
    app.state.token = token or None
    app.state.max_upload = max_upload
    app.state.fetcher_factory = fetcher_factory or (
        lambda: Fetcher(allow_private=allow_private, max_bytes=max_upload, timeout=20.0))
    app.state.templates = _templates()
    app.state.cache = MicroCache(ttl=cache_seconds)
    app.state.threads = threads
    errors.install(app)

    from newsprism.serve import api, web

    app.include_router(api.router)
    app.include_router(web.router)
    static = Path(str(resources.files("newsprism.serve") / "static"))
    app.mount("/static", StaticFiles(directory=static), name="static")
    app.add_middleware(LimitsMiddleware, limit=max_upload + BODY_SLACK)
    app.add_middleware(CacheMiddleware, cache=app.state.cache)  # hits skip the rest
    app.add_middleware(HeadMiddleware)  # outermost: a HEAD is a GET for everything inside
    return app


def settings_from_env() -> dict[str, Any]:
    """``create_app`` settings from NEWSPRISM_TOKEN, NEWSPRISM_CACHE_SECONDS (micro-cache
    lifetime, 0 turns it off) and NEWSPRISM_SERVE_THREADS (worker threads)."""
    out: dict[str, Any] = {"token": os.environ.get("NEWSPRISM_TOKEN") or None}
    for key, name in (("NEWSPRISM_CACHE_SECONDS", "cache_seconds"),
                      ("NEWSPRISM_SERVE_THREADS", "threads")):
        value = number_setting(key)
        if value is not None:
            out[name] = value
    return out


def app_from_env() -> FastAPI:
    """For ``uvicorn --factory newsprism.serve.app:app_from_env``: NEWSPRISM_DB plus
    ``settings_from_env``."""
    return create_app(os.environ.get("NEWSPRISM_DB", "newsprism.db"), **settings_from_env())
