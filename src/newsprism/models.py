"""The typed records that pass between pipeline stages.

Each stage talks to the next only through these. They are frozen, slotted, keyword-only
dataclasses; ``Article.to_dict`` / ``Article.from_dict`` is the lossless JSON form used by
``newsprism export`` and read back by the JSONL reader.

| record        | made by          | read by                      |
|---------------|------------------|------------------------------|
| RawDocument   | ingest.sources   | ingest readers, store        |
| RawArticle    | ingest readers   | normalize                    |
| Article       | normalize        | store, dedupe, cluster, ...  |
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, date, datetime
from typing import Any, Literal

AuthorKind = Literal["person", "agency", "organization", "unknown"]
Precision = Literal["second", "minute", "day", "month", "year"]
# Where a field's value came from, so a wrong value can be traced.
FieldSource = Literal[
    "json-ld", "meta", "opengraph", "wp", "feed", "text", "jsonl", "trafilatura", "htmldate",
    "url", "warc", "http", "outlets", "langid", "derived", "input",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class RawDocument:
    """Bytes exactly as received, and where and when they came from."""

    data: bytes
    origin: str
    content_type: str | None = None
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    # The URL the bytes were served from, when different from origin (redirects, WARC records).
    url: str | None = None
    # Computed once: readers of large inputs ask for it per article.
    sha256: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "sha256", hashlib.sha256(self.data).hexdigest())


@dataclass(frozen=True, slots=True, kw_only=True)
class Timestamp:
    """A point in time with the precision the source gave; a date alone stays a date."""

    value: datetime | date
    precision: Precision

    def isoformat(self) -> str:
        if isinstance(self.value, datetime):
            utc = self.value.astimezone(UTC)
            text = utc.isoformat(timespec="seconds")
            return text.replace("+00:00", "Z")
        if self.precision == "year":
            return f"{self.value.year:04d}"
        if self.precision == "month":
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return self.value.isoformat()

    @property
    def sort_key(self) -> datetime:
        """A UTC datetime for ordering and windows (midnight for dates, never stored)."""
        if isinstance(self.value, datetime):
            return self.value.astimezone(UTC)
        return datetime(self.value.year, self.value.month, self.value.day, tzinfo=UTC)

    @classmethod
    def parse(cls, text: str) -> Timestamp:
        """Read back what ``isoformat`` wrote."""
        text = text.strip()
        if len(text) == 4:
            return cls(value=date(int(text), 1, 1), precision="year")
        if len(text) == 7:
            return cls(value=date(int(text[:4]), int(text[5:7]), 1), precision="month")
        if len(text) == 10:
            return cls(value=date.fromisoformat(text), precision="day")
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return cls(value=value.astimezone(UTC), precision="second")


@dataclass(frozen=True, slots=True, kw_only=True)
class Outlet:
    name: str | None
    domain: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Author:
    name: str
    kind: AuthorKind = "person"


@dataclass(frozen=True, slots=True, kw_only=True)
class Caption:
    """An image caption and its photo credit, kept out of the body."""

    text: str
    credit: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RelatedLink:
    """A "Related article" / "Read more" link, kept out of the body."""

    title: str
    url: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Subheading:
    """A subheading inside the body; ``before`` is the index of the paragraph it precedes."""

    text: str
    before: int


@dataclass(slots=True, kw_only=True)
class RawArticle:
    """What a reader found, before normalization: strings as the source wrote them.

    Readers fill what they can; ``normalize`` cleans, parses dates, detects the language,
    resolves the outlet and fills gaps. ``provenance`` maps a field name to where it came from.
    """

    title: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    authors: list[str | Author] = field(default_factory=list)
    published: str | datetime | date | None = None
    updated: str | datetime | date | None = None
    language: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    subheadings: list[Subheading] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    related: list[RelatedLink] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)
    excerpt: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    outlet_name: str | None = None
    external_id: str | None = None
    partial: bool = False
    metadata: dict[str, Any] = field(default_factory=dict)
    provenance: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One clean news article. ``id`` is None until the store assigns one.

    Field table (checked by tests/test_models.py):

    | field        | type                 | meaning                                              |
    |--------------|----------------------|------------------------------------------------------|
    | id           | int or None          | newsprism's article id                               |
    | title        | str                  | headline                                             |
    | outlet       | Outlet               | publishing outlet (name, domain)                     |
    | url          | str or None          | canonical URL, tracking parameters stripped          |
    | authors      | tuple[Author, ...]   | bylines; news agencies have kind "agency"            |
    | published    | Timestamp or None    | first publication, UTC, with its precision           |
    | updated      | Timestamp or None    | last modification, UTC, with its precision           |
    | language     | str or None          | ISO 639-1 code                                       |
    | paragraphs   | tuple[str, ...]      | the body, one paragraph each                         |
    | subheadings  | tuple[Subheading,...]| subheadings and the paragraph each precedes          |
    | captions     | tuple[Caption, ...]  | image captions with credits, never in the body       |
    | related      | tuple[RelatedLink,..]| "related article" links, never in the body           |
    | boilerplate  | tuple[str, ...]      | lines recognised as not article text                 |
    | excerpt      | str or None          | summary / dek as plain text                          |
    | section      | str or None          | section or category                                  |
    | tags         | tuple[str, ...]      | tags / keywords                                      |
    | external_id  | str or None          | the input's own id (JSONL id, WordPress post id)     |
    | origin       | str                  | the path or URL it was read from                     |
    | partial      | bool                 | True when only a summary was available (feeds)       |
    | format       | str                  | the reader that parsed it                            |
    | raw_sha256   | str or None          | sha256 of the raw document it came from              |
    | metadata     | dict                 | reader-specific extras (WordPress slug, author id)   |
    | provenance   | dict[str, str]       | field name -> where its value came from              |
    """

    id: int | None = None
    title: str
    outlet: Outlet
    url: str | None = None
    authors: tuple[Author, ...] = ()
    published: Timestamp | None = None
    updated: Timestamp | None = None
    language: str | None = None
    paragraphs: tuple[str, ...] = ()
    subheadings: tuple[Subheading, ...] = ()
    captions: tuple[Caption, ...] = ()
    related: tuple[RelatedLink, ...] = ()
    boilerplate: tuple[str, ...] = ()
    excerpt: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    external_id: str | None = None
    origin: str = ""
    partial: bool = False
    format: str = ""
    raw_sha256: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    provenance: dict[str, str] = field(default_factory=dict)

    @property
    def body(self) -> str:
        """The body text as stored: paragraphs joined by one blank line (quote offsets use it)."""
        return "\n\n".join(self.paragraphs)

    @property
    def lead(self) -> str:
        """Title and the first paragraphs, about 60 words: what clustering embeds."""
        words: list[str] = []
        for paragraph in self.paragraphs:
            words.extend(paragraph.split())
            if len(words) >= 60:
                break
        return " ".join(words[:80])

    @property
    def content_hash(self) -> str:
        """Hash of what a reader sees (title + body): equal hashes mean the same text."""
        text = " ".join((self.title + " " + self.body).split()).lower()
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def with_id(self, article_id: int) -> Article:
        return replace(self, id=article_id)

    def to_dict(self) -> dict[str, Any]:
        """The export form: plain JSON types, fixed field names (see the table above)."""
        return {
            "id": self.id,
            "title": self.title,
            "outlet": {"name": self.outlet.name, "domain": self.outlet.domain},
            "url": self.url,
            "authors": [{"name": a.name, "kind": a.kind} for a in self.authors],
            "published": self.published.isoformat() if self.published else None,
            "published_precision": self.published.precision if self.published else None,
            "updated": self.updated.isoformat() if self.updated else None,
            "updated_precision": self.updated.precision if self.updated else None,
            "language": self.language,
            "paragraphs": list(self.paragraphs),
            "subheadings": [s.text for s in self.subheadings],
            "subheading_positions": [s.before for s in self.subheadings],
            "captions": [asdict(c) for c in self.captions],
            "related": [asdict(r) for r in self.related],
            "boilerplate": list(self.boilerplate),
            "excerpt": self.excerpt,
            "section": self.section,
            "tags": list(self.tags),
            "external_id": self.external_id,
            "origin": self.origin,
            "partial": self.partial,
            "format": self.format,
            "raw_sha256": self.raw_sha256,
            "metadata": self.metadata,
            "provenance": self.provenance,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Inverse of ``to_dict``."""
        published = data.get("published")
        updated = data.get("updated")
        positions = data.get("subheading_positions") or []
        subheadings = tuple(
            Subheading(text=text, before=positions[i] if i < len(positions) else 0)
            for i, text in enumerate(data.get("subheadings") or [])
        )
        outlet = data.get("outlet") or {}
        return cls(
            id=data.get("id"),
            title=data.get("title") or "",
            outlet=Outlet(name=outlet.get("name"), domain=outlet.get("domain")),
            url=data.get("url"),
            authors=tuple(Author(name=a["name"], kind=a.get("kind", "person"))
                          for a in data.get("authors") or []),
            published=_timestamp(published, data.get("published_precision")),
            updated=_timestamp(updated, data.get("updated_precision")),
            language=data.get("language"),
            paragraphs=tuple(data.get("paragraphs") or ()),
            subheadings=subheadings,
            captions=tuple(Caption(**c) for c in data.get("captions") or ()),
            related=tuple(RelatedLink(**r) for r in data.get("related") or ()),
            boilerplate=tuple(data.get("boilerplate") or ()),
            excerpt=data.get("excerpt"),
            section=data.get("section"),
            tags=tuple(data.get("tags") or ()),
            external_id=data.get("external_id"),
            origin=data.get("origin") or "",
            partial=bool(data.get("partial", False)),
            format=data.get("format") or "",
            raw_sha256=data.get("raw_sha256"),
            metadata=dict(data.get("metadata") or {}),
            provenance=dict(data.get("provenance") or {}),
        )


def _timestamp(text: str | None, precision: str | None) -> Timestamp | None:
    if not text:
        return None
    stamp = Timestamp.parse(text)
    if precision and isinstance(stamp.value, datetime):
        stamp = Timestamp(value=stamp.value, precision=precision)  # type: ignore[arg-type]
    return stamp


ARTICLE_FIELDS = tuple(f.name for f in fields(Article))
