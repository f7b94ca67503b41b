"""JSON Lines: newsprism's own export (a lossless round trip) and plain research records.

Two record shapes are read, line by line, from plain or gzipped bytes:

- the export form (``Article.to_dict``), recognised by ``paragraphs`` + ``outlet``: every field
  is carried over; the outlet domain and the date precisions, which ``RawArticle`` has no field
  for, go to ``metadata["outlet_domain"]``, ``metadata["published_precision"]`` and
  ``metadata["updated_precision"]`` (normalize takes them out again);
- the research form ``{"id", "title", "text", "date", "lang", "source", "url"}`` (also
  ``body``/``content``/``maintext`` for the text): ``id`` is kept as the external id and the text
  is split into paragraphs.

The file is streamed: one line is decoded at a time, so a 50,000-line file never becomes a list
of dicts. A broken line yields a ``ParseError("line N: ...")`` and the reading goes on.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import zlib
from collections.abc import Iterator
from typing import IO, Any

from newsprism.errors import InputError, NoArticleError, ParseError
from newsprism.models import Author, Caption, RawArticle, RawDocument, RelatedLink, Subheading

NAME = "jsonl"

_GZIP_MAGIC = b"\x1f\x8b"
_SNIFF_BYTES = 64 * 1024
# The longest record read (and sniffed): longer lines are skipped, never held in memory whole.
_MAX_LINE_BYTES = 16 * 1024 * 1024
# Broken lines before the first good one after which the input is given up as not JSONL.
_MAX_LEADING_ERRORS = 20
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")

# Keys of the research form, in order of preference.
_TEXT_KEYS = ("text", "body", "content", "maintext")
_DATE_KEYS = ("date", "published", "date_publish", "pubDate")
_LANG_KEYS = ("lang", "language")
_SOURCE_KEYS = ("source", "source_domain", "outlet")
_ID_KEYS = ("id", "_id", "guid")
_AUTHOR_KEYS = ("authors", "author")
_TAG_KEYS = ("tags", "keywords")
_RESEARCH_KEYS = frozenset(("title", "url", "section", *_TEXT_KEYS, *_DATE_KEYS, *_LANG_KEYS,
                            *_SOURCE_KEYS, *_ID_KEYS, *_AUTHOR_KEYS, *_TAG_KEYS))
# Metadata keys the export form adds for what RawArticle has no field for.
EXPORT_METADATA_KEYS = ("outlet_domain", "published_precision", "updated_precision")


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def load_json(text: str) -> Any:
    """``json.loads``, with a lone surrogate escape (``"\\ud800"``, valid JSON that encodes
    no character) made U+FFFD: Python keeps it in the string, and no UTF-8 writer (SQLite,
    a hash, the terminal) accepts it. Pairs are joined by ``json`` and left alone."""
    try:
        value = json.loads(text)
        # (mending recurses too: a record deep enough for json may not be for it)
        return _replace_surrogates(value) if _SURROGATE_ESCAPE.search(text) else value
    except RecursionError:  # [[[[... 100,000 deep: one bad record, not a crash of the input
        raise ValueError("nested too deeply to read") from None


def _replace_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_replace_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {_replace_surrogates(k): _replace_surrogates(v) for k, v in value.items()}
    return value


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of plain text: split on blank lines, or on single newlines if there are none."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return []
    parts = _BLANK_LINE.split(text) if _BLANK_LINE.search(text) else text.split("\n")
    return [" ".join(part.split()) for part in parts if part.strip()]


def _head(data: bytes, size: int = _SNIFF_BYTES) -> bytes:
    """The first bytes of the content, gunzipped if needed (only as much as sniffing reads)."""
    if data.startswith(_GZIP_MAGIC):
        try:
            return zlib.decompressobj(wbits=31).decompress(data[:size], size)
        except zlib.error:
            return b""
    return data[:size]


def is_export_record(record: dict[str, Any]) -> bool:
    return "paragraphs" in record and "outlet" in record


def is_research_record(record: dict[str, Any]) -> bool:
    return any(isinstance(record.get(key), str) for key in _TEXT_KEYS) and (
        "title" in record or any(key in record for key in _ID_KEYS)
    )


def sniff(raw: RawDocument) -> bool:
    """First non-empty line is one whole JSON object of a shape this reader knows."""
    head = _head(raw.data).removeprefix(b"\xef\xbb\xbf")
    if len(head) >= _SNIFF_BYTES - 3 and b"\n" not in head.lstrip():
        # The first record is longer than the sniff window (a long article): read it whole.
        head = _head(raw.data, _MAX_LINE_BYTES).removeprefix(b"\xef\xbb\xbf")
    for line in head.split(b"\n"):
        line = line.strip()
        if not line:
            continue
        if not line.startswith(b"{"):
            return False
        try:
            record = load_json(line.decode("utf-8-sig"))
        except ValueError:  # UnicodeDecodeError included
            return False  # a pretty-printed JSON document, or a first line cut by the sniff size
        return isinstance(record, dict) and (is_export_record(record)
                                             or is_research_record(record))
    return False


def _open_lines(raw: RawDocument, origin: str) -> IO[bytes]:
    if raw.data.startswith(_GZIP_MAGIC):
        return gzip.GzipFile(fileobj=io.BytesIO(raw.data), mode="rb")
    return io.BytesIO(raw.data)


def parse(raw: RawDocument, *, origin: str) -> Iterator[RawArticle | InputError]:
    """One RawArticle per line; a ``ParseError`` instance for each line that is broken.

    Errors before the first good record are held back: when no line at all is readable (a
    binary file, another format) the whole input fails with one ``ParseError`` instead.
    """
    stream = _open_lines(raw, origin)
    held: list[ParseError] = []
    good = 0
    number = 0
    try:
        while True:
            try:
                line = stream.readline(_MAX_LINE_BYTES + 1)
                too_long = len(line) > _MAX_LINE_BYTES
                while line and not line.endswith(b"\n") and len(line) > _MAX_LINE_BYTES:
                    # A 4 MB gzip of 4 GB without a newline took 15 GB of memory: skip it.
                    line = stream.readline(_MAX_LINE_BYTES + 1)
            except (OSError, EOFError, zlib.error) as exc:
                if number == 0:
                    raise ParseError(f"not readable gzip: {exc}", source=origin) from None
                cut = ParseError(f"line {number + 1}: the gzip stream is cut short or corrupt "
                                 f"({exc})", source=origin)
                if good:
                    yield cut
                    return
                held.append(cut)
                break
            if not line and not too_long:
                break
            number += 1
            if too_long:
                item: RawArticle | ParseError = ParseError(
                    f"line {number}: longer than {_MAX_LINE_BYTES // (1024 * 1024)} MB; "
                    "not read", source=origin)
            elif not line.strip():
                continue
            else:
                item = _parse_line(line, number, origin)
            if isinstance(item, ParseError):
                if good:
                    yield item
                    continue
                held.append(item)
                if len(held) >= _MAX_LEADING_ERRORS:
                    break
                continue
            if not good:
                yield from held
                held = []
            good += 1
            yield item
    finally:
        stream.close()
    if not good:
        if held:
            more = f" (and {len(held) - 1} more broken lines)" if len(held) > 1 else ""
            raise ParseError(f"no readable JSON Lines record: {held[0].message}{more}",
                             source=origin)
        raise NoArticleError("the JSON Lines file holds no records", source=origin)


def _parse_line(line: bytes, number: int, origin: str) -> RawArticle | ParseError:
    try:
        record = load_json(line.rstrip(b"\r\n").decode("utf-8-sig" if number == 1 else "utf-8"))
    except UnicodeDecodeError as exc:
        return ParseError(f"line {number}: not UTF-8 ({exc.reason} at byte {exc.start + 1})",
                          source=origin)
    except json.JSONDecodeError as exc:
        # "Unterminated string starting at": json's message may end in its own "at".
        where = exc.msg.removesuffix(" at")
        return ParseError(f"line {number}: not valid JSON ({where} at column {exc.colno})",
                          source=origin)
    except ValueError as exc:
        return ParseError(f"line {number}: not valid JSON ({exc})", source=origin)
    if not isinstance(record, dict):
        return ParseError(f"line {number}: not a JSON object but {type(record).__name__}",
                          source=origin)
    try:
        if is_export_record(record):
            return from_export(record)
        if is_research_record(record):
            article = from_research(record)
            if not article.title and not article.paragraphs:
                return ParseError(f"line {number}: no title and no text", source=origin)
            return article
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        return ParseError(f"line {number}: malformed record ({type(exc).__name__}: {exc})",
                          source=origin)
    keys = ", ".join(sorted(record)[:8]) or "none"
    return ParseError(f"line {number}: neither a newsprism export record nor an "
                      f"id/title/text record (keys: {keys})", source=origin)


def _str_or_none(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else str(value)


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        if record.get(key) not in (None, ""):
            return record[key]
    return None


def from_export(record: dict[str, Any]) -> RawArticle:
    """An ``Article.to_dict`` record back into a RawArticle, every field kept."""
    outlet = record.get("outlet") or {}
    if not isinstance(outlet, dict):
        outlet = {"name": str(outlet)}
    metadata = dict(record.get("metadata") or {})
    if outlet.get("domain"):
        metadata["outlet_domain"] = outlet["domain"]
    for name in ("published", "updated"):
        if record.get(name) and record.get(f"{name}_precision"):
            metadata[f"{name}_precision"] = record[f"{name}_precision"]
    texts = list(record.get("subheadings") or [])
    positions = list(record.get("subheading_positions") or [])
    authors: list[Any] = [
        Author(name=a["name"], kind=a.get("kind") or "person") if isinstance(a, dict)
        else Author(name=str(a))
        for a in record.get("authors") or []
    ]
    return RawArticle(
        title=record.get("title"),
        url=record.get("url"),
        canonical_url=record.get("url"),
        authors=authors,
        published=record.get("published"),
        updated=record.get("updated"),
        language=record.get("language"),
        paragraphs=[str(p) for p in record.get("paragraphs") or []],
        subheadings=[
            Subheading(text=text, before=int(positions[i]) if i < len(positions) else 0)
            for i, text in enumerate(texts)
        ],
        captions=[Caption(text=c["text"], credit=c.get("credit")) if isinstance(c, dict)
                  else Caption(text=str(c)) for c in record.get("captions") or []],
        related=[RelatedLink(title=r["title"], url=r.get("url")) if isinstance(r, dict)
                 else RelatedLink(title=str(r)) for r in record.get("related") or []],
        boilerplate=[str(b) for b in record.get("boilerplate") or []],
        excerpt=record.get("excerpt"),
        section=record.get("section"),
        tags=[str(t) for t in record.get("tags") or []],
        outlet_name=outlet.get("name"),
        external_id=_str_or_none(record.get("external_id")),
        partial=bool(record.get("partial", False)),
        metadata=metadata,
        provenance=dict(record.get("provenance") or {}),
    )


def from_research(record: dict[str, Any]) -> RawArticle:
    """An ``{id, title, text, date, lang, source, url}`` record into a RawArticle."""
    text = _first(record, _TEXT_KEYS)
    source = _first(record, _SOURCE_KEYS)
    extra = {k: v for k, v in record.items() if k not in _RESEARCH_KEYS and v is not None}
    article = RawArticle(
        title=_str_or_none(record.get("title")),
        url=_str_or_none(record.get("url")),
        published=_str_or_none(_first(record, _DATE_KEYS)),
        language=_str_or_none(_first(record, _LANG_KEYS)),
        paragraphs=split_paragraphs(text) if isinstance(text, str) else [],
        outlet_name=source if isinstance(source, str) else None,
        external_id=_str_or_none(_first(record, _ID_KEYS)),
        section=_str_or_none(record.get("section")),
        authors=_names(_first(record, _AUTHOR_KEYS)),
        tags=_names(_first(record, _TAG_KEYS)),
        metadata=extra,
    )
    article.provenance = {
        name: "jsonl"
        for name in ("title", "url", "published", "language", "paragraphs", "outlet_name",
                     "external_id", "section", "authors", "tags")
        if getattr(article, name)
    }
    return article


def _names(value: Any) -> list[str]:
    """A list of names from a string or a list of strings / ``{"name": ...}`` objects."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    names: list[str] = []
    for item in value if isinstance(value, list) else []:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip():
            names.append(name)
    return names
