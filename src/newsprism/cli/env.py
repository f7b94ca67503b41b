"""Check the NEWSPRISM_* settings before a command runs.

The stages read their settings where they need them, deep inside a run: a typo there surfaced
as a traceback halfway through an ingest (NEWSPRISM_WINDOW_DAYS=abc), as every input failing
with a TOML error that did not say which file (NEWSPRISM_OUTLETS), or not at all (a missing
outlets file, NEWSPRISM_THREADS=abc). Checking them up front gives one line naming the variable.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path

from newsprism.errors import SettingsError
from newsprism.settings import NUMBERS, SERVE_ONLY, number_setting


def setting_problems(environ: Mapping[str, str] | None = None) -> list[str]:
    """One message per NEWSPRISM_* variable that is set to something unusable."""
    env = os.environ if environ is None else environ
    problems = []
    for key in (k for k in NUMBERS if k not in SERVE_ONLY):  # in table order
        try:
            number_setting(key, env)
        except SettingsError as exc:
            problems.append(exc.message)
    if outlets := env.get("NEWSPRISM_OUTLETS", "").strip():
        problems += _outlets_problem(outlets)
    return problems


def _outlets_problem(path: str) -> list[str]:
    try:
        with Path(path).open("rb") as fh:
            tomllib.load(fh)
    except OSError as exc:
        return [f"NEWSPRISM_OUTLETS: cannot read {path}: {exc.strerror or exc}"]
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return [f"NEWSPRISM_OUTLETS: {path} is not valid TOML: {exc}"]
    return []
