"""Readers: one module per input format, chosen by sniffing the bytes.

Every reader module has ``NAME``, ``sniff(raw) -> bool`` and
``parse(raw, *, origin) -> Iterator[RawArticle]``. ``READER_MODULES`` is the sniffing order:
specific formats first, the plain-text clipping reader last. ``--format NAME`` skips sniffing.
"""

from __future__ import annotations

import codecs
import importlib
from collections.abc import Iterator
from dataclasses import replace
from types import ModuleType
from typing import Protocol

from newsprism.errors import UnknownFormatError
from newsprism.models import RawArticle, RawDocument

# Sniffing order. Each name is a module in this package.
READER_MODULES: tuple[str, ...] = (
    "wordpress",
    "jsonfeed",
    "jsonl",
    "feed",
    "warc",
    "html",
    "clipping",
)


class Reader(Protocol):
    NAME: str

    def sniff(self, raw: RawDocument) -> bool: ...

    def parse(self, raw: RawDocument, *, origin: str) -> Iterator[RawArticle]: ...


def readers() -> dict[str, ModuleType]:
    """The reader modules by name, in sniffing order."""
    return {name: importlib.import_module(f"newsprism.ingest.{name}") for name in READER_MODULES}


def detect_format(raw: RawDocument) -> str:
    """Name of the first reader whose ``sniff`` accepts the bytes."""
    if not raw.data.strip():
        raise UnknownFormatError("the input is empty", source=raw.origin)
    for name, module in readers().items():
        if module.sniff(raw):
            return name
    binary = "binary data (NUL bytes), " if b"\x00" in raw.data[:4096] else ""
    raise UnknownFormatError(
        f"{binary}not a format newsprism reads (WordPress JSON, RSS/Atom/JSON Feed, HTML, JSONL, "
        "WARC, text clipping); if it is one, name its reader with --format (the API's format "
        "field)",
        source=raw.origin,
    )


def parse_raw(raw: RawDocument, *, format: str | None = None) -> tuple[str, Iterator[RawArticle]]:
    """Pick the reader (or use ``format``) and return its name and its article iterator.

    Bytes in UTF-16 or UTF-32 with a byte-order mark (Windows tools write JSON and text that
    way) are read from a UTF-8 copy when the reader does not know them as they are (the feed
    reader does). The stored raw document keeps the bytes as received."""
    table = readers()
    wide = _utf8_copy(raw)
    if format is not None:
        if format not in table:
            known = ", ".join(table)
            raise UnknownFormatError(f"unknown format {format!r}; known: {known}",
                                     source=raw.origin)
        name = format
        if wide is not None and not table[name].sniff(raw):
            raw = wide
    else:
        try:
            name = detect_format(raw)
        except UnknownFormatError:
            if wide is None:
                raise
            name, raw = detect_format(wide), wide
    return name, table[name].parse(raw, origin=raw.origin)


_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _utf8_copy(raw: RawDocument) -> RawDocument | None:
    """The document re-encoded as UTF-8 (with a UTF-8 BOM) when it starts with a UTF-16 or
    UTF-32 byte-order mark and decodes cleanly; else None."""
    bom = next((b for b in _WIDE_BOMS if raw.data.startswith(b)), None)
    if bom is None:
        return None
    codec = "utf-32" if len(bom) == 4 else "utf-16"
    try:
        text = raw.data.decode(codec)
    except UnicodeDecodeError:
        return None
    return replace(raw, data=codecs.BOM_UTF8 + text.encode("utf-8", "replace"))
