"""Reading NEWSPRISM_* number settings: one rule and one message wherever they are read.

The CLI checks them all before a command runs (``cli/env.py``), ``serve`` checks its own, and
the stages read theirs where they need them (the cluster config, the analysis pool); a library
user or ``uvicorn --factory`` never goes through the CLI, so each reader raises the same
:class:`~newsprism.errors.SettingsError` naming the variable.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from newsprism.errors import SettingsError


def number_setting(key: str, kind: type[int] | type[float], minimum: float | None = None,
                   environ: Mapping[str, str] | None = None) -> int | float | None:
    """The variable's value, None when unset or empty; SettingsError when it is unusable."""
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
        raise SettingsError(f"{key} must be {noun}{bound} (got {text!r})", source=None)
    return value
