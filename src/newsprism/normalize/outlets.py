"""Outlet names by domain and news-agency names, from a bundled table the user can extend."""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

_BUNDLED = Path(__file__).with_name("outlets.toml")


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, dict[str, Any]], frozenset[str]]:
    with _BUNDLED.open("rb") as fh:
        data = tomllib.load(fh)
    outlets: dict[str, dict[str, Any]] = dict(data.get("outlets", {}))
    agencies = {name.casefold() for name in data.get("agencies", {}).get("names", [])}
    user_file = os.environ.get("NEWSPRISM_OUTLETS")
    if user_file and Path(user_file).is_file():
        with open(user_file, "rb") as fh:
            extra = tomllib.load(fh)
        outlets.update(extra.get("outlets", {}))
        agencies |= {n.casefold() for n in extra.get("agencies", {}).get("names", [])}
    return outlets, frozenset(agencies)


def outlet_name(domain: str | None) -> str | None:
    """The known display name for a domain (or a parent domain), else None."""
    if not domain:
        return None
    outlets, _ = _tables()
    parts = domain.split(".")
    for i in range(len(parts) - 1):
        entry = outlets.get(".".join(parts[i:]))
        if entry:
            return str(entry["name"])
    return None


def is_agency(name: str) -> bool:
    """True when a byline names a news agency (AFP, Reuters, AP, dpa, ...)."""
    _, agencies = _tables()
    return name.strip().strip(".").casefold() in agencies


def reload() -> None:
    """Forget the cached tables (after NEWSPRISM_OUTLETS changed)."""
    _tables.cache_clear()
