"""Command-line interface. Each command group lives in its own module, registered here."""

from __future__ import annotations

import importlib

from newsprism.cli.app import app

# Command modules, each adding commands to ``app`` when imported.
COMMAND_MODULES: tuple[str, ...] = (
    "ingest",
    "articles",
    "stories",
    "watch",
    "serve",
    "quotes",
)

for _name in COMMAND_MODULES:
    importlib.import_module(f"newsprism.cli.{_name}")


def main() -> None:
    app()
