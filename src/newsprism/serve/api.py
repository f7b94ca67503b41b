"""The JSON API under /api. Reads are open; writes need the bearer token when one is set.

Every answer has ``"ok": true`` and its data; every error is the one shape of ``errors.py``.
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from newsprism import __version__
from newsprism.ingest.sources import is_url
from newsprism.serve import intake, queries, schemas
from newsprism.serve.errors import APIError, BodyTooLarge
from newsprism.store import Store
from newsprism.store.river import parse_since


class ErrorBody(BaseModel):
    """Every error the API answers with (see ``serve.errors``)."""

    ok: bool = False
    status: int
    code: str
    message: str


ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text} for status, text in (
        (400, "Not an article, or a URL refused (private address)"),
        (401, "Write without the server's bearer token"),
        (404, "Unknown id or route"),
        (413, "Body over the 20 MB limit"),
        (422, "A malformed parameter (the message names it)"),
        (502, "A URL could not be fetched"),
    )}

router = APIRouter(prefix="/api", responses=ERRORS)


def answers(model: type[BaseModel]) -> dict[str, Any]:
    """Route arguments documenting ``model`` as the 200 answer without validating answers
    against it at run time (``schemas`` says why)."""
    return {"response_model": None, "responses": {200: {"model": model}}}

Limit = Annotated[int, Query(ge=1, le=200, description="How many to return (1-200).")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="How many to skip.")]
# Empty is no filter: a web form sends its blank fields as 'language='.
LANGUAGE_PATTERN = r"^([A-Za-z]{2,3})?$"
Language = Annotated[str | None, Query(pattern=LANGUAGE_PATTERN,
                                       description="ISO 639 code, e.g. en.")]
Outlet = Annotated[str | None, Query(max_length=200, description="Outlet domain or name.")]
Since = Annotated[str | None, Query(max_length=40,
                                    description="2d, 12h, 30m, 1w, a date or an ISO datetime.")]
# Ids are SQLite integers: a larger number is a 422 naming the parameter, not an overflow.
StoryId = Annotated[int, Path(ge=1, le=2**63 - 1, description="A story id (a merged story's "
                                                              "old id works too).")]
ArticleId = Annotated[int, Path(ge=1, le=2**63 - 1, description="An article id.")]


def store_of(request: Request) -> Store:
    """This thread's connection to the app's database."""
    return request.app.state.pool.get()  # type: ignore[no-any-return]


def check_token(request: Request, supplied: str | None) -> None:
    """401 unless the server has no token or ``supplied`` is it."""
    expected = request.app.state.token
    if not expected:
        return
    if supplied is None or not hmac.compare_digest(supplied.encode(), expected.encode()):
        raise APIError(401, "unauthorized",
                       "this server needs a token for writes: send 'Authorization: Bearer "
                       "<token>' (the NEWSPRISM_TOKEN the server was started with)")


def require_token(request: Request) -> None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    check_token(request, value.strip() if scheme.lower() == "bearer" else None)


def since_value(since: str | None) -> str | None:
    if since is None or not since.strip():
        return None
    try:
        return parse_since(since)
    except ValueError as exc:
        raise APIError(422, "invalid_parameter", f"query parameter 'since': {exc}") from None


def _page_link(request: Request, offset: int, count: int, limit: int) -> str | None:
    if count < limit:
        return None
    return str(request.url.include_query_params(offset=offset + limit, limit=limit))


@router.get("/health", summary="Liveness and what the database holds",
            **answers(schemas.HealthAnswer))
def health(request: Request) -> dict[str, Any]:
    store = store_of(request)
    return {"ok": True, "version": __version__, "articles": store.count_articles(),
            "stories": queries.stories_available(store),
            "comparison": queries.optional_module("newsprism.compare.report") is not None}


@router.get("/stories", summary="The story river, newest first",
            **answers(schemas.StoriesAnswer))
async def stories(request: Request, limit: Limit = 50, offset: Offset = 0, since: Since = None,
            q: Annotated[str | None, Query(max_length=500, description="Words in the stories' "
                                           "articles.")] = None,
            language: Language = None, outlet: Outlet = None) -> Response:
    since_iso = since_value(since)

    def build() -> Response:
        result = queries.river(store_of(request), limit=limit, offset=offset, since=since_iso,
                               q=q or None, language=language.lower() if language else None,
                               outlet=outlet)
        count = len(result["stories"] or result.get("articles") or [])
        return JSONResponse({"ok": True, **result, "limit": limit, "offset": offset,
                             "next": _page_link(request, offset, count, limit)})

    return await request.app.state.cache.response(request, build)  # type: ignore[no-any-return]


@router.get("/stories/{story_id}", summary="One story compared source by source",
            **answers(schemas.StoryAnswer))
async def story(request: Request, story_id: StoryId) -> Response:
    return await request.app.state.cache.response(  # type: ignore[no-any-return]
        request, lambda: JSONResponse(
            {"ok": True, "story": queries.story_detail(store_of(request), story_id)}))


@router.get("/articles/{article_id}", summary="One article: clean text, captions, provenance",
            **answers(schemas.ArticleAnswer))
def article(request: Request, article_id: ArticleId) -> dict[str, Any]:
    return {"ok": True, "article": queries.article_detail(store_of(request), article_id)}


@router.get("/articles/{article_id}/raw", summary="The raw bytes the article was read from",
            response_class=Response)
def article_raw(request: Request, article_id: ArticleId) -> Response:
    store = store_of(request)
    raw = store.get_raw(store.article_raw_id(article_id))
    # Scraped HTML must not run on our origin: a sandboxed, script-less document.
    headers = {"content-security-policy": "sandbox; default-src 'none'",
               "x-newsprism-raw-id": str(raw.id), "x-newsprism-sha256": raw.sha256}
    return Response(raw.data, media_type=raw.content_type or raw_media_type(raw.data),
                    headers=headers)


def raw_media_type(data: bytes) -> str:
    """The type to serve a raw document read from a file (no Content-Type was received) as:
    UTF-8 text is shown as text in the browser; anything else (gzip, WARC, another charset)
    is a download, as the bytes may not be text."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "application/octet-stream"
    return "application/octet-stream" if b"\x00" in data else "text/plain; charset=utf-8"


@router.get("/search", summary="Full-text search over titles and bodies",
            **answers(schemas.SearchAnswer))
def search(request: Request,
           q: Annotated[str, Query(min_length=1, max_length=500,
                                   description='Words or "a phrase"; all must match.')],
           limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    results = queries.search(store_of(request), q, limit=limit, offset=offset)
    return {"ok": True, "q": q, "results": results, "limit": limit, "offset": offset,
            "next": _page_link(request, offset, len(results), limit)}


def _host(url: str) -> str | None:
    try:
        return urlsplit(url).hostname
    except ValueError:  # a malformed address, e.g. 'http://[::1'
        return None


async def read_capped(upload: UploadFile, limit: int) -> bytes:
    """The upload's bytes, refusing (413) as soon as they pass ``limit``."""
    chunks, total = [], 0
    while chunk := await upload.read(1024 * 1024):
        total += len(chunk)
        if total > limit:
            raise BodyTooLarge(limit)
        chunks.append(chunk)
    return b"".join(chunks)


async def run_ingest(request: Request, file: UploadFile | None, url: str | None,
                     format: str | None) -> dict[str, Any]:
    """Shared by the API and the upload form: exactly one of a file or a URL."""
    url = (url or "").strip() or None
    if file is not None and not file.filename and file.size == 0:
        file = None
    if (file is None) == (url is None):
        raise APIError(422, "invalid_parameter",
                       "field 'file' or field 'url': send exactly one (a file upload or a URL)")
    if url is not None and not (is_url(url) and _host(url)):
        raise APIError(422, "invalid_parameter",
                       "field 'url': must be an http(s) URL with a host, e.g. https://example.org/")
    app = request.app
    if file is not None:
        data = await read_capped(file, app.state.max_upload)
        try:
            return await run_in_threadpool(
                lambda: intake.ingest_upload(store_of(request), data, filename=file.filename,
                                             content_type=file.content_type, format=format))
        finally:
            app.state.cache.clear()
    fetcher = app.state.fetcher_factory()
    try:
        return await run_in_threadpool(
            lambda: intake.ingest_url(store_of(request), url, fetcher=fetcher, format=format))
    finally:
        app.state.cache.clear()


@router.post("/ingest", summary="Store an uploaded file or a URL's document",
             dependencies=[Depends(require_token)], **answers(schemas.IngestAnswer))
async def ingest(request: Request,
                 file: Annotated[UploadFile | None, File(description="An article file "
                                                         "(max 20 MB).")] = None,
                 url: Annotated[str | None, Form(max_length=2000)] = None,
                 format: Annotated[str | None, Form(pattern=r"^[a-z]+$", description=(
                     "Skip sniffing: wordpress, feed, jsonfeed, html, clipping, jsonl, warc."
                 ))] = None) -> dict[str, Any]:
    return {"ok": True, **(await run_ingest(request, file, url, format))}
