"""Bylines -> ``Author`` records: split co-authors, drop "By", mark news agencies."""

from __future__ import annotations

import re

from newsprism.models import Author
from newsprism.normalize.outlets import is_agency
from newsprism.normalize.text import clean_text

_BY = re.compile(r"^(?:by|von|par|por|di|door|автор[ы]?:?)\s+", re.IGNORECASE)
_SPLIT = re.compile(r"\s*(?:,|;|\s&\s|\s+and\s+|\s+und\s+|\s+et\s+|\s+y\s+|\s+и\s+)\s*")
_ORG_WORDS = ("staff", "editorial board", "newsroom", "desk", "redaktion", "rédaction", "team")


def parse_authors(values: list[str | Author]) -> tuple[Author, ...]:
    """Author records from byline strings (or pass Author records through), de-duplicated."""
    seen: set[str] = set()
    result: list[Author] = []
    for value in values:
        if isinstance(value, Author):
            candidates = [value]
        else:
            text = _BY.sub("", clean_text(value))
            if "/" in text and all(is_agency(p) for p in text.split("/")):
                parts = text.split("/")
            else:
                parts = _SPLIT.split(text)
            candidates = [Author(name=p.strip(), kind=_kind(p.strip())) for p in parts if p.strip()]
        for author in candidates:
            key = author.name.casefold()
            if key and key not in seen and len(author.name) <= 120:
                seen.add(key)
                result.append(author)
    return tuple(result)


def _kind(name: str) -> str:
    if is_agency(name):
        return "agency"
    lowered = name.casefold()
    if any(word in lowered for word in _ORG_WORDS):
        return "organization"
    return "person"
