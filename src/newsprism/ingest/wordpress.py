"""WordPress REST API JSON: one post, a list of posts, with or without ``_embedded``.

Both URL styles of the API (``/wp-json/wp/v2/posts`` and ``?rest_route=/wp/v2/posts``) return
the same JSON; the reader also keeps the post's own REST address in ``metadata``. Everything
read here is the site's own structured data, so provenance is ``wp``. WordPress only exposes an
author's *name* through ``_embedded`` (or Yoast's head JSON); without it only the numeric id is
known, and that is all we keep: a name is never made up.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from newsprism.errors import NoArticleError, ParseError
from newsprism.ingest.htmlfrag import (
    clean_text,
    fragment_to_blocks,
    fragment_to_text,
    split_credit,
)
from newsprism.ingest.jsonl import load_json
from newsprism.models import Caption, RawArticle, RawDocument

NAME = "wordpress"

_SNIFF_BYTES = 65536
# Keys every post object of the v2 API carries; a JSON needs some of them to be a post.
_POST_KEYS = ("content", "guid", "slug", "link", "title", "date", "modified")
_GMT_NAIVE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?$")
_REST_PATH = re.compile(r"/wp-json(/[^?#]*)")
# WordPress's automatic "read more" marker at the end of generated excerpts.
_MORE_MARKER = re.compile(r"\s*(?:\[(?:…|\.\.\.)\]|(?:continue|read)\s+reading\b.*)$",
                          re.IGNORECASE)
_UNCATEGORIZED = frozenset({"uncategorized", "uncategorised", "non classé", "sin categoría",
                            "allgemein", "senza categoria", "без рубрики"})


def sniff(raw: RawDocument) -> bool:
    """A JSON object or array whose first object has a post's ``content.rendered`` and ids."""
    head = raw.data[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] not in (b"{", b"["):
        return False
    if head[:1] == b"[" and not head[1:].lstrip()[:1] == b"{":
        return False
    if b'"rendered"' not in head or b'"content"' not in head:
        return is_rest_error(raw.data)
    return (b'"slug"' in head or b'"guid"' in head) and (b'"type"' in head or b'"link"' in head)


_REST_ERROR_KEYS = frozenset({"code", "message", "data", "additional_errors"})


def is_rest_error(data: bytes) -> bool:
    """The API's error object (``{"code": "rest_no_route", "message": ..., "data": {"status":
    404}}``): read by this reader so that the message says what the site answered."""
    if len(data) > _SNIFF_BYTES or b'"code"' not in data:
        return False
    try:
        value = load_json(data.decode("utf-8-sig"))
    except ValueError:  # UnicodeDecodeError included
        return False
    return (isinstance(value, dict) and {"code", "message"} <= value.keys() <= _REST_ERROR_KEYS
            and isinstance(value["code"], str) and isinstance(value.get("data"), dict)
            and "status" in value["data"])


def parse(raw: RawDocument, *, origin: str) -> Iterator[RawArticle | ParseError]:
    """Yield one RawArticle per post; a non-post entry in a list yields a ParseError."""
    data = _load(raw, origin)
    posts = data if isinstance(data, list) else [data]
    if isinstance(data, dict) and not is_post(data):
        raise ParseError(_not_a_post(data), source=origin)
    if not posts:
        raise NoArticleError("the WordPress response lists no posts", source=origin)
    if not any(isinstance(p, dict) and is_post(p) for p in posts):
        raise ParseError(f"none of the {len(posts)} JSON entries is a WordPress post "
                         "(no content.rendered / slug / guid)", source=origin)
    for index, post in enumerate(posts, start=1):
        if not isinstance(post, dict) or not is_post(post):
            yield ParseError(f"entry {index}: not a WordPress post", source=origin)
            continue
        try:
            yield post_to_article(post)
        except (TypeError, ValueError, AttributeError) as exc:
            yield ParseError(f"entry {index}: malformed WordPress post ({exc})", source=origin)


def is_post(data: dict[str, Any]) -> bool:
    """Whether a JSON object is a post (or page) of the WordPress REST API."""
    content = data.get("content")
    if not isinstance(content, dict) or "rendered" not in content:
        return False
    return sum(key in data for key in _POST_KEYS) >= 4


def post_to_article(post: dict[str, Any]) -> RawArticle:
    """Map one post object to a RawArticle; HTML goes through ``fragment_to_blocks``."""
    article = RawArticle()
    prov = article.provenance
    blocks = fragment_to_blocks(_rendered(post.get("content")))
    article.paragraphs = blocks.paragraphs
    article.subheadings = blocks.subheadings
    article.captions = blocks.captions
    article.related = blocks.related
    article.boilerplate = blocks.boilerplate
    if article.paragraphs:
        prov["paragraphs"] = "wp"

    title = fragment_to_text(_rendered(post.get("title")))
    if title:
        article.title, prov["title"] = title, "wp"
    excerpt = _MORE_MARKER.sub("", fragment_to_text(_rendered(post.get("excerpt"))))
    if excerpt:
        article.excerpt, prov["excerpt"] = excerpt, "wp"
    if not article.paragraphs and excerpt:
        # Password-protected or excerpt-only API output: the summary stands in for the body.
        article.paragraphs, article.partial, prov["paragraphs"] = [excerpt], True, "wp"

    link = post.get("link") or _rendered(post.get("guid")) or None
    if isinstance(link, str) and link:
        article.url, prov["url"] = link, "wp"

    published = _date(post, "date_gmt", "date")
    if published is not None:
        article.published, prov["published"] = published, "wp"
    updated = _date(post, "modified_gmt", "modified")
    if updated is not None:
        article.updated, prov["updated"] = updated, "wp"

    if post.get("id") is not None:
        article.external_id, prov["external_id"] = str(post["id"]), "wp"
    article.metadata.update(_metadata(post))

    embedded = post.get("_embedded") if isinstance(post.get("_embedded"), dict) else {}
    authors = _embedded_authors(embedded) or _coauthors(post)
    yoast = post.get("yoast_head_json") if isinstance(post.get("yoast_head_json"), dict) else {}
    if not authors and isinstance(yoast.get("author"), str) and yoast["author"].strip():
        authors = [clean_text(yoast["author"])]
    if authors:
        article.authors, prov["authors"] = authors, "wp"

    section, tags = _terms(embedded)
    if section:
        article.section, prov["section"] = section, "wp"
    if tags:
        article.tags, prov["tags"] = tags, "wp"

    featured = _featured_caption(embedded)
    if featured is not None:
        article.captions.insert(0, featured)
        prov["captions"] = "wp"

    lang = _language(post, yoast)
    if lang:
        article.language, prov["language"] = lang, "wp"
    if isinstance(yoast.get("canonical"), str) and yoast["canonical"]:
        article.canonical_url, prov["canonical_url"] = yoast["canonical"], "wp"
    if isinstance(yoast.get("og_site_name"), str) and yoast["og_site_name"].strip():
        article.outlet_name, prov["outlet_name"] = clean_text(yoast["og_site_name"]), "wp"
    return article


def rest_route(url: str) -> str | None:
    """The API route of a REST URL in either style: ``/wp/v2/posts/1`` for both
    ``https://x/wp-json/wp/v2/posts/1`` and ``https://x/index.php?rest_route=/wp/v2/posts/1``."""
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[::1/..." in _links: the post is still a post
        return None
    route = parse_qs(parts.query).get("rest_route")
    if route:
        return unquote(route[0])
    match = _REST_PATH.search(parts.path)
    return match.group(1) if match else None


def is_rest_url(url: str) -> bool:
    """Whether a URL addresses the WordPress REST API (either style)."""
    return rest_route(url) is not None


# -- helpers ---------------------------------------------------------------------------------
def _load(raw: RawDocument, origin: str) -> Any:
    try:
        text = raw.data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(f"not UTF-8 JSON: undecodable byte at offset {exc.start}",
                         source=origin) from exc
    if not text.strip():
        raise ParseError("the input is empty, expected WordPress JSON", source=origin)
    try:
        return load_json(text)
    except json.JSONDecodeError as exc:
        if exc.msg.startswith("Extra data"):
            lines = _json_lines(text)
            if lines is not None:
                return lines
        where = f"line {exc.lineno} column {exc.colno} (char {exc.pos})"
        what = "truncated" if exc.pos >= len(text.rstrip()) else "invalid"
        raise ParseError(f"{what} WordPress JSON at {where}: {exc.msg}", source=origin) from exc
    except ValueError as exc:  # load_json: nested too deeply
        raise ParseError(f"unreadable WordPress JSON: {exc}", source=origin) from None


def _json_lines(text: str) -> list[Any] | None:
    """One post per line (a dump of the API), or None when it is not that either."""
    try:
        return [load_json(line) for line in text.splitlines() if line.strip()]
    except ValueError:
        return None


def _not_a_post(data: dict[str, Any]) -> str:
    if "code" in data and "message" in data:
        return f"a WordPress REST error, not a post: {data['message']} ({data['code']})"
    keys = ", ".join(sorted(map(str, data))[:8]) or "none"
    return f"JSON object is not a WordPress post (no content.rendered); its keys: {keys}"


def _rendered(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("rendered")
    return value if isinstance(value, str) else ""


def _date(post: dict[str, Any], gmt_key: str, local_key: str) -> datetime | str | None:
    """The GMT field as an aware UTC datetime; else the site-local field as written."""
    gmt = post.get(gmt_key)
    if isinstance(gmt, str) and _GMT_NAIVE.match(gmt) and not gmt.startswith("0000"):
        return datetime.fromisoformat(gmt).replace(tzinfo=UTC)
    local = post.get(local_key)
    if isinstance(local, str) and local.strip() and not local.startswith("0000"):
        return local
    return None


def _metadata(post: dict[str, Any]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for key, name in (("id", "wp_id"), ("slug", "wp_slug"), ("author", "wp_author_id"),
                      ("featured_media", "wp_featured_media_id"), ("categories", "wp_categories"),
                      ("tags", "wp_tags"), ("type", "wp_type"), ("status", "wp_status"),
                      ("format", "wp_format")):
        value = post.get(key)
        if value is None or value == "" or (key == "featured_media" and value == 0):
            continue
        meta[name] = value
    guid = _rendered(post.get("guid"))
    if guid:
        meta["wp_guid"] = guid
    self_links = (post.get("_links") or {}).get("self") if isinstance(post.get("_links"),
                                                                       dict) else None
    if isinstance(self_links, list) and self_links and isinstance(self_links[0], dict):
        href = self_links[0].get("href")
        if isinstance(href, str):
            meta["wp_rest_url"] = href
            route = rest_route(href)
            if route:
                meta["wp_rest_route"] = route
    return meta


def _embedded_authors(embedded: dict[str, Any]) -> list[str]:
    names: list[str] = []
    for user in embedded.get("author") or []:
        # A private user comes back as an error object ({"code": "rest_user_cannot_view"}).
        if isinstance(user, dict) and isinstance(user.get("name"), str) and "code" not in user:
            name = clean_text(html.unescape(user["name"]))
            if name and name not in names:
                names.append(name)
    return names


def _coauthors(post: dict[str, Any]) -> list[str]:
    """Co-Authors Plus adds ``coauthors`` with display names."""
    names: list[str] = []
    for entry in post.get("coauthors") or []:
        if isinstance(entry, dict):
            name = entry.get("display_name") or entry.get("name")
            if isinstance(name, str) and clean_text(name):
                names.append(clean_text(html.unescape(name)))
    return names


def _terms(embedded: dict[str, Any]) -> tuple[str | None, list[str]]:
    """Categories -> section (the first real one), tags -> tags."""
    categories: list[str] = []
    tags: list[str] = []
    for group in embedded.get("wp:term") or []:
        for term in group if isinstance(group, list) else []:
            if not isinstance(term, dict) or not isinstance(term.get("name"), str):
                continue
            name = fragment_to_text(term["name"])
            if term.get("taxonomy") == "category":
                categories.append(name)
            elif term.get("taxonomy") == "post_tag":
                tags.append(name)
    real = [c for c in categories if c.lower() not in _UNCATEGORIZED]
    return (real[0] if real else None), tags


def _featured_caption(embedded: dict[str, Any]) -> Caption | None:
    media = embedded.get("wp:featuredmedia") or []
    item = media[0] if media and isinstance(media[0], dict) else None
    if item is None or "code" in item:
        return None
    caption = fragment_to_blocks(_rendered(item.get("caption")))
    text = " ".join(caption.paragraphs)
    credit = next((c.credit for c in caption.captions if c.credit), None)
    if caption.captions and not text:
        text = " ".join(c.text for c in caption.captions if c.text)
    if credit is None and text:
        text, credit = split_credit(text)
    details = item.get("media_details") if isinstance(item.get("media_details"), dict) else {}
    image_meta = details.get("image_meta") if isinstance(details.get("image_meta"), dict) else {}
    meta_credit = image_meta.get("credit")
    if not credit and isinstance(meta_credit, str) and meta_credit.strip():
        credit = clean_text(meta_credit)
    if not text:
        text = clean_text(item.get("alt_text") or "") if isinstance(item.get("alt_text"),
                                                                    str) else ""
    if not text and not credit:
        return None
    return Caption(text=text, credit=credit)


def _language(post: dict[str, Any], yoast: dict[str, Any]) -> str | None:
    """A declared language: Polylang/WPML's ``lang`` field, or Yoast's og_locale."""
    for value in (post.get("lang"), (post.get("wpml_current_locale")), yoast.get("og_locale")):
        if isinstance(value, str) and re.match(r"^[a-zA-Z]{2,3}(?:[_-][a-zA-Z]{2,4})?$", value):
            return value.replace("_", "-")
    return None
