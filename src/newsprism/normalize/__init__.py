"""normalize: a reader's ``RawArticle`` -> a clean, typed ``Article``.

Readers report what the source says; this stage decides what it means: UTC timestamps with
their precision, the canonical URL, the outlet, author kinds, the language, clean text. Each
field's origin is recorded in ``Article.provenance``.
"""

from __future__ import annotations

from datetime import datetime

from newsprism.models import (
    Article,
    Caption,
    Outlet,
    RawArticle,
    RawDocument,
    RelatedLink,
    Subheading,
    Timestamp,
)
from newsprism.normalize.authors import parse_authors
from newsprism.normalize.dates import parse_timestamp, plausible, zone_given
from newsprism.normalize.language import detect_language, normalize_code
from newsprism.normalize.outlets import outlet_name
from newsprism.normalize.text import clean_text, html_to_text
from newsprism.normalize.urls import canonical_url, domain_of

__all__ = ["normalize"]


def normalize(raw_article: RawArticle, *, raw: RawDocument, format: str) -> Article:
    """Clean and type one article read from ``raw`` by the reader named ``format``."""
    provenance = dict(raw_article.provenance)
    paragraphs, subheadings = _body(raw_article)

    url = canonical_url(raw_article.canonical_url) or canonical_url(raw_article.url)
    if url is None and raw.url:
        url = canonical_url(raw.url)
        provenance.setdefault("url", "http")

    metadata = dict(raw_article.metadata)
    # Readers of our own export pass these through metadata; they are not metadata.
    domain = metadata.pop("outlet_domain", None) or domain_of(url)
    precisions = {k: metadata.pop(f"{k}_precision", None) for k in ("published", "updated")}
    name = outlet_name(domain)
    if name:
        provenance["outlet"] = "outlets"
    elif raw_article.outlet_name:
        name = clean_text(raw_article.outlet_name)
        provenance.setdefault("outlet", format)
    else:
        name = domain
        provenance.setdefault("outlet", "url")

    title = clean_text(html_to_text(raw_article.title)) if raw_article.title else ""
    if not title and paragraphs:
        words = paragraphs[0].split()
        title = " ".join(words[:14]) + (" …" if len(words) > 14 else "")
        provenance["title"] = "derived"

    published = _with_precision(parse_timestamp(raw_article.published), precisions["published"])
    updated = _with_precision(parse_timestamp(raw_article.updated), precisions["updated"])
    for label, stamp in (("published", published), ("updated", updated)):
        if stamp is not None and not plausible(stamp):
            metadata[f"implausible_{label}"] = stamp.isoformat()
        if stamp is not None and not zone_given(getattr(raw_article, label)):
            metadata[f"{label}_zone"] = "not given; read as UTC"
    if published is not None and not plausible(published):
        published = None
    if updated is not None and not plausible(updated):
        updated = None

    language = normalize_code(raw_article.language)
    if language is None:
        language, confidence = detect_language(title + "\n" + "\n".join(paragraphs[:6]))
        if language:
            provenance["language"] = "langid"
            metadata["language_confidence"] = round(confidence, 3)
    else:
        provenance.setdefault("language", format)

    excerpt = html_to_text(raw_article.excerpt) or None
    return Article(
        title=title,
        outlet=Outlet(name=name, domain=domain),
        url=url,
        authors=parse_authors(raw_article.authors),
        published=published,
        updated=updated,
        language=language,
        paragraphs=tuple(paragraphs),
        subheadings=tuple(subheadings),
        captions=tuple(
            Caption(text=clean_text(c.text), credit=clean_text(c.credit) or None)
            for c in raw_article.captions if clean_text(c.text) or clean_text(c.credit)
        ),
        related=tuple(
            RelatedLink(title=clean_text(r.title), url=canonical_url(r.url) if r.url else None)
            for r in raw_article.related if clean_text(r.title)
        ),
        boilerplate=tuple(clean_text(b) for b in raw_article.boilerplate if clean_text(b)),
        excerpt=excerpt,
        section=clean_text(raw_article.section) or None,
        tags=tuple(dict.fromkeys(clean_text(t) for t in raw_article.tags if clean_text(t))),
        external_id=str(raw_article.external_id) if raw_article.external_id is not None else None,
        origin=raw.origin,
        partial=raw_article.partial,
        format=format,
        raw_sha256=raw.sha256,
        metadata=metadata,
        provenance=provenance,
    )


def _with_precision(stamp: Timestamp | None, precision: str | None) -> Timestamp | None:
    """Keep a precision recorded by an earlier export (minute, say) instead of "second"."""
    if stamp is None or not precision or not isinstance(stamp.value, datetime):
        return stamp
    return Timestamp(value=stamp.value, precision=precision)  # type: ignore[arg-type]


def _body(raw_article: RawArticle) -> tuple[list[str], list[Subheading]]:
    """Clean paragraphs, dropping empty ones and re-pointing subheadings at the kept indices."""
    kept: list[str] = []
    new_index: dict[int, int] = {}
    for index, paragraph in enumerate(raw_article.paragraphs):
        new_index[index] = len(kept)
        text = clean_text(paragraph)
        if text:
            kept.append(text)
    new_index[len(raw_article.paragraphs)] = len(kept)
    subheadings = [
        Subheading(text=clean_text(s.text), before=new_index.get(s.before, len(kept)))
        for s in raw_article.subheadings if clean_text(s.text)
    ]
    return kept, subheadings
