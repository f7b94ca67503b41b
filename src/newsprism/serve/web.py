"""Server-rendered pages: story river, story, article, search and the upload form.

Templates are Jinja2 with autoescaping on, so any text from an article (a scraped
``<script>`` included) is shown as text; the pages carry no inline script and a CSP that
forbids one. The pages read through ``queries`` exactly like the API.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from newsprism.errors import NewsprismError
from newsprism.serve import queries
from newsprism.serve.api import (
    LANGUAGE_PATTERN,
    ArticleId,
    Offset,
    Outlet,
    Since,
    StoryId,
    check_token,
    run_ingest,
    since_value,
    store_of,
)
from newsprism.serve.errors import PATTERNS, APIError, status_of

router = APIRouter(include_in_schema=False)
PAGE = 30


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    templates = request.app.state.templates
    context.setdefault("token_required", bool(request.app.state.token))
    return templates.TemplateResponse(request, name, context, status_code=status)  # type: ignore[no-any-return]


@router.get("/", response_class=HTMLResponse)
async def river_page(request: Request, offset: Offset = 0, since: Since = None,
               q: Annotated[str | None, Query(max_length=500)] = None,
               language: Annotated[str | None, Query(max_length=40)] = None,
               outlet: Outlet = None) -> Response:
    filters = {"since": since or "", "q": q or "", "language": language or "",
               "outlet": outlet or ""}
    try:  # a filter the reader mistyped is said beside the form, which keeps what they typed
        since_iso = since_value(since)
        if language and not re.fullmatch(LANGUAGE_PATTERN, language):
            raise APIError(422, "invalid_parameter",
                           f"query parameter 'language': {PATTERNS[LANGUAGE_PATTERN]}")
    except APIError as exc:
        return render(request, "river.html", {
            "title": "Stories", "result": {"mode": "stories", "stories": []},
            "filters": filters, "error": exc.message}, status=exc.status_code)
    return await request.app.state.cache.response(  # type: ignore[no-any-return]
        request, lambda: _river(request, offset, filters, since_iso))


def _river(request: Request, offset: int, filters: dict[str, str],
           since_iso: str | None) -> Response:
    result = queries.river(store_of(request), limit=PAGE, offset=offset, since=since_iso,
                           q=filters["q"] or None, language=filters["language"].lower() or None,
                           outlet=filters["outlet"] or None)
    count = len(result["stories"] or result.get("articles") or [])
    more = {k: v for k, v in filters.items() if v}
    return render(request, "river.html", {
        "title": "Stories", "result": result, "filters": filters, "offset": offset,
        "next": page_link(request, offset=offset + PAGE, **more) if count == PAGE else None,
        "prev": page_link(request, offset=max(0, offset - PAGE), **more) if offset else None,
    })


def page_link(request: Request, **params: Any) -> str:
    """This page's path with ``params`` set in its query: relative, so a pager link keeps the
    scheme and host the reader came through (https behind a proxy that serve sees as http)."""
    return f"{request.url.path}?{request.url.include_query_params(**params).query}"


@router.get("/stories/{story_id}", response_class=HTMLResponse)
async def story_page(request: Request, story_id: StoryId) -> Response:
    def build() -> Response:
        story = queries.story_detail(store_of(request), story_id)
        return render(request, "story.html", {"title": story.get("title") or f"Story {story_id}",
                                              "story": story, "story_id": story["id"],
                                              **story_view(story)})

    return await request.app.state.cache.response(request, build)  # type: ignore[no-any-return]


RELATION_ORDER = ("contradicts", "differs", "shared", "single-source")


def _relation(value: Any) -> str:
    return str(value or "single-source").replace("_", "-").lower()


def _outlet_label(outlet: Any, key: Any) -> str:
    if isinstance(outlet, dict):
        outlet = outlet.get("name") or outlet.get("domain")
    return f"{outlet} (article {key})" if outlet else f"article {key}"


def story_view(story: dict[str, Any]) -> dict[str, Any]:
    """What the story template lays out: sources, claims by verdict, quotes by speaker."""
    sources = story.get("sources") or story.get("articles") or []
    groups: dict[str, list[Any]] = {}
    for claim in story.get("claims") or []:
        groups.setdefault(_relation(claim.get("relation")), []).append(claim)
    order = {name: i for i, name in enumerate(RELATION_ORDER)}
    claim_groups = sorted(groups.items(), key=lambda item: order.get(item[0], len(order)))
    speakers: dict[str, list[Any]] = {}
    for quote in story.get("quotes") or []:
        quote = {**quote, "relation": _relation(quote.get("relation"))}
        speakers.setdefault(quote.get("speaker") or "Unknown speaker", []).append(quote)
    quote_groups = sorted(speakers.items(),
                          key=lambda item: (item[0] == "Unknown speaker", -len(item[1]), item[0]))
    raw_entities = story.get("entities") or {}
    names = {str(s.get("article", s.get("id"))): s.get("outlet") for s in sources}
    if isinstance(raw_entities, dict):
        entities = [(_outlet_label(names.get(str(key)), key), items)
                    for key, items in raw_entities.items() if items]
    else:
        entities = [(str(e.get("outlet") or e.get("source") or e.get("article")),
                     e.get("entities") or []) for e in raw_entities if isinstance(e, dict)]
    timeline = sorted(story.get("timeline") or [],
                      key=lambda t: str(t.get("time") or t.get("published") or ""))
    singles: dict[str, list[Any]] = {}
    for claim in groups.get("single-source", []):
        first = (claim.get("sources") or [{}])[0]
        outlet = first.get("outlet")
        if isinstance(outlet, dict):
            outlet = outlet.get("name") or outlet.get("domain")
        singles.setdefault(str(outlet or "unknown outlet"), []).append(claim)
    return {"sources": sources, "claim_groups": claim_groups, "singles": list(singles.items()),
            "single_count": len(groups.get("single-source", [])), "quote_groups": quote_groups,
            "entities": entities, "timeline": timeline}


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: ArticleId) -> Response:
    article = queries.article_detail(store_of(request), article_id)
    positions: dict[int, list[str]] = {}
    for text, before in zip(article["subheadings"], article["subheading_positions"], strict=False):
        positions.setdefault(before, []).append(text)
    return render(request, "article.html", {"title": article["title"], "article": article,
                                            "subheads": positions})


# Snippet highlight marks from Unicode's private use area, which news text does not use, so a
# '[' or ']' of the text itself is never mistaken for a highlight.
MARKS = ("\ue000", "\ue001")


def highlighted(snippet: str) -> list[tuple[str, bool]]:
    """A snippet marked with ``MARKS`` as (text, is_match) parts, for the template."""
    parts: list[tuple[str, bool]] = []
    for i, chunk in enumerate(snippet.split(MARKS[0])):
        match, _, rest = chunk.partition(MARKS[1]) if i else ("", "", chunk)
        parts += [(text, is_match) for text, is_match in ((match, True), (rest, False)) if text]
    return parts


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: Annotated[str, Query(max_length=500)] = "",
                offset: Offset = 0) -> Response:
    results = (queries.search(store_of(request), q, limit=PAGE, offset=offset, marks=MARKS)
               if q.strip() else [])
    for result in results:
        result["parts"] = highlighted(result["snippet"])
    return render(request, "search.html", {
        "title": f"Search: {q}" if q else "Search", "q": q, "results": results,
        "next": page_link(request, offset=offset + PAGE) if len(results) == PAGE else None,
    })


@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request) -> Response:
    return render(request, "upload.html", {"title": "Add an article"})


@router.post("/upload", response_class=HTMLResponse)
async def upload_submit(request: Request,
                        file: Annotated[UploadFile | None, File()] = None,
                        url: Annotated[str | None, Form(max_length=2000)] = None,
                        token: Annotated[str | None, Form(max_length=500)] = None) -> Response:
    context: dict[str, Any] = {"title": "Add an article", "url": url or ""}
    try:
        check_token(request, token)
        context["result"] = await run_ingest(request, file, url, None)
        status = 200
    except APIError as exc:
        context["error"] = {"status": exc.status_code, "code": exc.code, "message": exc.message}
        status = exc.status_code
    except NewsprismError as exc:
        status = status_of(exc)
        context["error"] = {"status": status, "code": exc.code, "message": str(exc)}
    return render(request, "upload.html", context, status=status)
