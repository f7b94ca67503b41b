"""Reading NEWSPRISM_* number settings: one table, one rule and one message wherever read.

The CLI checks them all before a command runs (``cli/env.py``), ``serve`` reads its own, and
the stages read theirs where they need them (the cluster config, the embedding threads, the
analysis pool); a library user or ``uvicorn --factory`` never goes through the CLI, so each
reader raises the same :class:`~newsprism.errors.SettingsError` naming the variable.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from newsprism.errors import SettingsError

# variable -> (type, smallest allowed value or None)
NUMBERS: dict[str, tuple[type[int] | type[float], float | None]] = {
    "NEWSPRISM_WINDOW_DAYS": (float, 0),
    "NEWSPRISM_STORY_THRESHOLD": (float, None),
    "NEWSPRISM_DENSITY_WEIGHT": (float, 0),
    "NEWSPRISM_REFINE_MARGIN": (float, 0),
    "NEWSPRISM_THREADS": (int, 1),
    "NEWSPRISM_ANALYZE_PROCESSES": (int, 1),
    "NEWSPRISM_CACHE_SECONDS": (float, 0),
    "NEWSPRISM_SERVE_THREADS": (int, 1),
}
# Read only by ``serve``: a bad value there should not stop ``ingest``.
SERVE_ONLY = frozenset({"NEWSPRISM_CACHE_SECONDS", "NEWSPRISM_SERVE_THREADS"})


def number_setting(key: str, environ: Mapping[str, str] | None = None) -> int | float | None:
    """The variable's value, None when unset or empty; SettingsError when it is unusable."""
    kind, minimum = NUMBERS[key]
    env = os.environ if environ is None else environ
    text = env.get(key, "").strip()
    if not text:
        return None
    noun = "an integer" if kind is int else "a number"
    bound = "" if minimum is None else f" >= {minimum:g}"
    try:
        value = kind(text)
    except ValueError:
        value = None
    if value is None or (minimum is not None and value < minimum):
        raise SettingsError(f"{key} must be {noun}{bound} (got {text!r})")
    return value
