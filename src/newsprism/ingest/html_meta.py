"""Article metadata from an HTML page: JSON-LD first, then OpenGraph/meta tags, then markup.

Values are kept as the page wrote them (dates as strings with their timezone; ``normalize``
parses them). Each value's origin goes into ``provenance`` so a wrong value can be traced.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

from lxml.html import HtmlElement

from newsprism.ingest import html_xpaths as X
from newsprism.models import Caption, RelatedLink
from newsprism.normalize.urls import join_url

log = logging.getLogger(__name__)


@dataclass(slots=True)
class PageMeta:
    """What the page says about its article, before the body is extracted."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    updated: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    description: str | None = None
    site_name: str | None = None
    captions: list[Caption] = field(default_factory=list)
    related: list[RelatedLink] = field(default_factory=list)
    article_body: str | None = None
    json_ld_type: str | None = None
    # Other forms of the headline on the page (og:title, <h1>), to keep them out of the body.
    title_variants: list[str] = field(default_factory=list)
    # Every description the page states (JSON-LD first, then og:/meta/twitter), distinct: some
    # pages put a photo caption in one of them, so the body's standfirst rule tries each.
    description_variants: list[str] = field(default_factory=list)
    provenance: dict[str, str] = field(default_factory=dict)


def read_metadata(tree: HtmlElement, url: str | None) -> PageMeta:
    """Collect the metadata of ``tree`` (a parsed page); ``url`` resolves relative links."""
    meta = PageMeta()
    tags = _meta_tags(tree)
    article = _json_ld_article(tree)
    _from_json_ld(meta, article, url)
    _from_meta_tags(meta, tags, url)
    _from_markup(meta, tree, tags, url)
    meta.captions = _captions(tree, article)
    meta.related = _related(tree, url or meta.canonical_url)
    return meta


# ----------------------------------------------------------------------------- JSON-LD

def json_ld_objects(tree: HtmlElement) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, ``@graph`` and lists flattened; broken scripts skipped."""
    objects: list[dict[str, Any]] = []
    for script in X.JSON_LD(tree):
        data = _load_json(str(script))
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                objects.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list | dict):
                    stack.append(graph)
    return objects


def _load_json(text: str) -> Any:
    text = text.strip().removeprefix("<!--").removesuffix("-->").strip()
    if text.endswith(";"):
        text = text[:-1]
    try:
        return json.loads(text, strict=False)
    except RecursionError:  # [[[[... nested past the recursion limit: skipped, as broken
        log.debug("JSON-LD script nested too deeply skipped")
        return None
    except ValueError:
        pass
    try:  # comments and trailing commas, as extruct tolerates them
        import jstyleson  # type: ignore[import-untyped]

        return jstyleson.loads(text, strict=False)
    except Exception:  # noqa: BLE001 - a broken script is skipped, never fatal
        log.debug("unreadable JSON-LD script skipped")
        return None


def _types(obj: dict[str, Any]) -> list[str]:
    kind = obj.get("@type")
    if isinstance(kind, str):
        return [kind.lower()]
    if isinstance(kind, list):
        return [k.lower() for k in kind if isinstance(k, str)]
    return []


def _json_ld_article(tree: HtmlElement) -> dict[str, Any] | None:
    """The JSON-LD object describing the article: the most specific type, longest body."""
    best: tuple[int, int, dict[str, Any]] | None = None
    for obj in json_ld_objects(tree):
        for kind in _types(obj):
            if kind not in X.ARTICLE_TYPES:
                continue
            rank = X.ARTICLE_TYPES.index(kind)
            if kind == "webpage" and not obj.get("headline"):
                continue
            body = obj.get("articleBody")
            size = len(body) if isinstance(body, str) else 0
            key = (rank, -size)
            if best is None or key < best[:2]:
                best = (rank, -size, obj)
    return best[2] if best else None


def _text(value: Any) -> str | None:
    """A string from a JSON-LD value that may be a string, a list or an object with a name."""
    if isinstance(value, str):
        value = " ".join(value.split())
        return value or None
    if isinstance(value, list):
        for item in value:
            text = _text(item)
            if text:
                return text
        return None
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("@value") or value.get("text"))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _names(value: Any) -> list[str]:
    """Author names from a JSON-LD ``author`` (string, object, or a list of either)."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, list):
            names.extend(_names(name))
            continue
        text = _text(name)
        if text and not text.startswith(("http://", "https://")) and text not in names:
            names.append(text)
    return names


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def _from_json_ld(meta: PageMeta, obj: dict[str, Any] | None, url: str | None) -> None:
    if not obj:
        return
    meta.json_ld_type = _types(obj)[0] if _types(obj) else None

    def put(name: str, value: Any) -> None:
        if value:
            setattr(meta, name, value)
            meta.provenance[name] = "json-ld"

    put("title", _text(obj.get("headline")) or _text(obj.get("name")))
    put("authors", _names(obj.get("author")) or _names(obj.get("creator")))
    put("published", _text(obj.get("datePublished")) or _text(obj.get("dateCreated")))
    put("updated", _text(obj.get("dateModified")))
    put("language", _text(obj.get("inLanguage")))
    entity = obj.get("mainEntityOfPage")
    entity_url = entity.get("@id") if isinstance(entity, dict) else entity
    page_url = _text(obj.get("url")) or (entity_url if isinstance(entity_url, str) else None)
    if page_url and page_url.startswith(("http", "/")):
        put("canonical_url", join_url(url, page_url))
    put("section", _text(obj.get("articleSection")))
    put("tags", _strings(obj.get("keywords")))
    put("description", _text(obj.get("description")))
    put("site_name", _text(obj.get("publisher")))
    body = obj.get("articleBody")
    if isinstance(body, str) and body.strip():
        meta.article_body = body


# ----------------------------------------------------------------------------- meta tags

def _meta_tags(tree: HtmlElement) -> dict[str, list[str]]:
    """``<meta>`` values by lower-cased property/name/itemprop, in page order."""
    tags: dict[str, list[str]] = {}
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        value = element.get("content")
        if key and value and value.strip():
            tags.setdefault(key.strip().lower(), []).append(" ".join(value.split()))
    return tags


def _first(tags: dict[str, list[str]], keys: tuple[str, ...]) -> tuple[str | None, str | None]:
    for key in keys:
        if key in tags:
            return tags[key][0], key
    return None, None


def _origin(key: str) -> str:
    return "opengraph" if key.startswith(("og:", "article:")) else "meta"


def _from_meta_tags(meta: PageMeta, tags: dict[str, list[str]], url: str | None) -> None:
    def fill(name: str, keys: tuple[str, ...]) -> None:
        if getattr(meta, name):
            return
        value, key = _first(tags, keys)
        if value and key:
            setattr(meta, name, value)
            meta.provenance[name] = _origin(key)

    fill("title", X.META_TITLE)
    fill("published", X.META_PUBLISHED)
    fill("updated", X.META_UPDATED)
    fill("section", X.META_SECTION)
    fill("description", X.META_DESCRIPTION)
    found = [meta.description] + [v for key in X.META_DESCRIPTION for v in tags.get(key, [])[:1]]
    meta.description_variants = list(dict.fromkeys(_clean(v) for v in found if v and _clean(v)))
    fill("site_name", X.META_SITE_NAME)
    if not meta.canonical_url:
        value, key = _first(tags, X.META_URL)
        if value and key:
            meta.canonical_url = join_url(url, value)
            meta.provenance["canonical_url"] = _origin(key)
    if not meta.tags:
        for key in X.META_TAGS:
            values = [t for v in tags.get(key, []) for t in _strings(v)]
            if values:
                meta.tags = list(dict.fromkeys(values))
                meta.provenance["tags"] = _origin(key)
                break
    if not meta.authors:
        for key in X.META_AUTHOR:
            names = [v for v in tags.get(key, []) if not v.startswith(("http", "@", "/"))]
            if names:
                meta.authors = list(dict.fromkeys(names))
                meta.provenance["authors"] = _origin(key)
                break


# ----------------------------------------------------------------------------- markup

def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _from_markup(
    meta: PageMeta, tree: HtmlElement, tags: dict[str, list[str]], url: str | None
) -> None:
    lang = X.HTML_LANG(tree)
    if lang and _clean(lang[0]):
        # <html lang> is the page's own statement; it beats a JSON-LD inLanguage only when
        # the latter is missing (provenance stays "json-ld" otherwise).
        if not meta.language:
            meta.language = _clean(lang[0])
            meta.provenance["language"] = "meta"
    if not meta.language:
        value = _first(tags, X.META_LOCALE)[0]
        value = value or next(iter(X.CONTENT_LANGUAGE(tree)), None)
        if value:
            meta.language = _clean(value)
            meta.provenance["language"] = "opengraph" if "_" in value else "meta"
    canonical = X.CANONICAL(tree)
    if canonical and _clean(canonical[0]):
        # <link rel=canonical> is the page's explicit statement; it wins over og:url/JSON-LD.
        meta.canonical_url = join_url(url, _clean(canonical[0]))
        meta.provenance["canonical_url"] = "meta"
    h1s = [_clean(e.text_content()) for e in X.H1(tree)[:3]]
    meta.title_variants = [t for t in [_first(tags, X.META_TITLE)[0], *h1s] if t]
    if not meta.title:
        for element in X.H1(tree):
            text = _clean(element.text_content())
            if text:
                meta.title = text
                meta.provenance["title"] = "text"
                break
    if not meta.title:
        text = _clean(" ".join(X.TITLE_TAG(tree)))
        if text:
            meta.title = text
            meta.provenance["title"] = "meta"
    if not meta.published:
        value = next(iter(X.ITEMPROP_DATE_PUBLISHED(tree)), None)
        if value and _clean(value):
            meta.published = _clean(value)
            meta.provenance["published"] = "meta"
    if not meta.updated:
        value = next(iter(X.ITEMPROP_DATE_MODIFIED(tree)), None)
        if value and _clean(value):
            meta.updated = _clean(value)
            meta.provenance["updated"] = "meta"
    if not meta.authors:
        names = [_clean(e.text_content()) for e in X.ITEMPROP_AUTHOR(tree) + X.REL_AUTHOR(tree)]
        names = [n.removeprefix("By ").removeprefix("by ") for n in names if 1 < len(n) < 80]
        if names:
            meta.authors = list(dict.fromkeys(names))
            meta.provenance["authors"] = "text"


# ----------------------------------------------------------------------------- captions, related

def _captions(tree: HtmlElement, article: dict[str, Any] | None) -> list[Caption]:
    captions: list[Caption] = []
    seen: set[str] = set()
    for figcaption in X.FIGCAPTION(tree):
        credit_parts = [_clean(e.text_content()) for e in X.CAPTION_CREDIT(figcaption)]
        credit = next((c for c in credit_parts if c), None)
        text = _clean(figcaption.text_content())
        if not credit:
            text, credit = split_copyright(text)
        if credit and text.endswith(credit):
            text = text[: -len(credit)].rstrip(" |/-–—")
        elif credit and credit in text:
            text = _clean(text.replace(credit, " "))
        if text and text.lower() not in seen:
            seen.add(text.lower())
            captions.append(Caption(text=text, credit=_strip_credit_label(credit)))
    images = (article or {}).get("image")
    for image in images if isinstance(images, list) else [images]:
        if not isinstance(image, dict):
            continue
        text = _text(image.get("caption")) or _text(image.get("description"))
        credit = _text(image.get("creditText")) or _text(image.get("copyrightHolder"))
        if text and text.lower() not in seen:
            seen.add(text.lower())
            captions.append(Caption(text=text, credit=credit))
    return captions


def split_copyright(text: str) -> tuple[str, str | None]:
    """Split "Caption text. © Agency / Photographer" into the text and the credit after ©."""
    head, mark, tail = text.partition("©")
    credit = tail.strip(" |/-–—:")
    if not mark or not credit or len(credit.split()) > 12 or len(head.split()) < 3:
        return text, None
    return head.rstrip(" |/-–—("), credit


def _strip_credit_label(credit: str | None) -> str | None:
    if not credit:
        return None
    for label in ("Photo:", "Photograph:", "Foto:", "Image:", "Credit:", "Bild:", "©"):
        if credit.startswith(label):
            credit = credit[len(label):].strip()
    return credit or None


def _related(tree: HtmlElement, url: str | None) -> list[RelatedLink]:
    links: list[RelatedLink] = []
    seen: set[str] = set()
    for box in X.RELATED_BOX(tree):
        for anchor in X.RELATED_LINKS(box):
            title = _clean(anchor.text_content())
            href = join_url(url, anchor.get("href", "").strip())
            if len(title) < 12 or href in seen or href.startswith(("javascript:", "mailto:")):
                continue
            seen.add(href)
            links.append(RelatedLink(title=title, url=href or None))
            if len(links) >= 30:
                return links
    return links
