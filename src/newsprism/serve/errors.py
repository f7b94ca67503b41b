"""One error shape for every failure the server answers with.

Every error, whatever raised it (an unknown route, a bad query parameter, a body that is too
large, an upload that is not an article, an unknown id, a bug), is answered as::

    {"ok": false, "status": 404, "code": "not_found", "message": "no story with id 999"}

``code`` is stable (a newsprism error's ``code``, or one named after the HTTP status);
``message`` says what was wrong and, for a validation error, names the field. A browser asking
for a web page (``Accept: text/html``, a path outside ``/api``) gets the same four fields
rendered as an HTML page with the same status instead, so people never see raw JSON.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsprism.errors import (
    BlockedAddressError,
    FetchError,
    InputError,
    NewsprismError,
    NotFoundError,
    StoreError,
)

log = logging.getLogger(__name__)

# HTTP status -> the stable code used when no newsprism error names one.
STATUS_CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_parameter",
    500: "internal_error",
    502: "bad_gateway",
    503: "unavailable",
}


class APIError(StarletteHTTPException):
    """An error with an explicit stable code, raised by route handlers."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(status_code=status, detail=message)
        self.code = code
        self.message = message


class BodyTooLarge(APIError):
    """The request body passed the size limit; raised while reading, not after."""

    def __init__(self, limit: int) -> None:
        megabytes = limit // (1024 * 1024)
        super().__init__(413, "too_large",
                         f"the request body is larger than the limit of {megabytes} MB")


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    """The one error shape."""
    return {"ok": False, "status": status, "code": code, "message": message}


def status_of(error: NewsprismError) -> int:
    """The HTTP status a newsprism error maps to."""
    if isinstance(error, NotFoundError):
        return 404
    if isinstance(error, BlockedAddressError):
        return 400
    if isinstance(error, FetchError):
        return 502
    if isinstance(error, InputError):
        return 400
    if isinstance(error, StoreError):
        return 503
    return 500


def _wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith("/api") or path == "/openapi.json" or path.startswith("/static"):
        return False
    return "text/html" in request.headers.get("accept", "")


def error_response(request: Request, status: int, code: str, message: str,
                   headers: dict[str, str] | None = None) -> Response:
    """JSON for API clients, an HTML page with the same fields for browsers."""
    if _wants_html(request):
        templates = getattr(request.app.state, "templates", None)
        if templates is not None:
            return templates.TemplateResponse(
                request, "error.html",
                {"error": error_body(status, code, message), "title": f"Error {status}"},
                status_code=status, headers=headers)
        return HTMLResponse(f"<h1>{status}</h1>", status_code=status, headers=headers)
    return JSONResponse(error_body(status, code, message), status_code=status, headers=headers)


# What a parameter's pattern asks for, said for a person rather than as a regular expression.
PATTERNS: dict[str, str] = {
    r"^([A-Za-z]{2,3})?$": "must be a language code of 2 or 3 letters, e.g. en",
    r"^[a-z]+$": "must be a reader's name in lower-case letters, e.g. html",
}


def describe_validation(errors: Sequence[Any]) -> str:
    """'query parameter limit: ...; ...' naming each invalid field."""
    parts = []
    for error in errors:
        loc = [str(p) for p in error.get("loc", ())]
        where = {"query": "query parameter", "path": "path parameter", "body": "field",
                 "header": "header", "cookie": "cookie"}.get(loc[0] if loc else "", "field")
        name = ".".join(loc[1:]) or (loc[0] if loc else "?")
        message = error.get("msg", "invalid")
        if error.get("type") == "string_pattern_mismatch":
            pattern = (error.get("ctx") or {}).get("pattern")
            message = PATTERNS.get(str(pattern), message)
        parts.append(f"{where} '{name}': {message}")
    return "; ".join(parts) or "invalid request"


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into the one shape."""

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if isinstance(exc, APIError):
            code, message = exc.code, exc.message
        else:
            code = STATUS_CODES.get(exc.status_code, f"http_{exc.status_code}")
            message = str(exc.detail)
            if exc.status_code == 404 and message == "Not Found":
                message = f"no such page or endpoint: {request.method} {request.url.path}"
            elif exc.status_code == 405:
                message = f"{request.method} is not allowed on {request.url.path}"
        return error_response(request, exc.status_code, code, message,
                              headers=dict(exc.headers) if exc.headers else None)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 422, "invalid_parameter", describe_validation(exc.errors()))

    @app.exception_handler(NewsprismError)
    async def _newsprism(request: Request, exc: NewsprismError) -> Response:
        return error_response(request, status_of(exc), exc.code, str(exc))

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(request, 500, "internal_error",
                              f"internal error ({type(exc).__name__}); see the server log")
