"""Readers: one module per input format, chosen by sniffing the bytes.

Every reader module has ``NAME``, ``sniff(raw) -> bool`` and
``parse(raw, *, origin) -> Iterator[RawArticle]``. ``READER_MODULES`` is the sniffing order:
specific formats first, the plain-text clipping reader last. ``--format NAME`` skips sniffing.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
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
    raise UnknownFormatError(
        "not a format newsprism reads (WordPress JSON, RSS/Atom/JSON Feed, HTML, JSONL, WARC, "
        "text clipping); if it is one, name its reader with --format (the API's format field)",
        source=raw.origin,
    )


def parse_raw(raw: RawDocument, *, format: str | None = None) -> tuple[str, Iterator[RawArticle]]:
    """Pick the reader (or use ``format``) and return its name and its article iterator."""
    table = readers()
    if format is not None:
        if format not in table:
            known = ", ".join(table)
            raise UnknownFormatError(f"unknown format {format!r}; known: {known}",
                                     source=raw.origin)
        name = format
    else:
        name = detect_format(raw)
    return name, table[name].parse(raw, origin=raw.origin)
