"""The typer app, its global options, and helpers every command module shares."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from newsprism import __version__
from newsprism.cli.env import setting_problems
from newsprism.errors import NewsprismError
from newsprism.store import Store

DEFAULT_DB = "newsprism.db"

app = typer.Typer(
    name="newsprism",
    help="Turn news articles from many outlets into stories and compare their coverage.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help texts are plain: "[default: …]" must not be read as markup
)
# No markup: titles, snippets ('[air] [defense]'), file names and error texts are data, and rich
# would swallow anything in them that looks like a tag. Styled labels go through ``labelled``.
console = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)
out = Console(highlight=False, soft_wrap=True, markup=False)


@dataclass(slots=True)
class Settings:
    db: str = DEFAULT_DB
    quiet: bool = False


settings = Settings()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"newsprism {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    db: str = typer.Option(None, "--db", envvar="NEWSPRISM_DB", metavar="PATH",
                           help=f"SQLite database file [default: ./{DEFAULT_DB}]."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bars or info lines."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """newsprism: ingest, cluster into stories, compare outlets, serve."""
    settings.db = db or DEFAULT_DB
    settings.quiet = quiet
    _show_warnings()
    if problems := setting_problems():
        fail("; ".join(problems), code=2)


def get_store(*, create: bool = False) -> Store:
    """The database named by --db / NEWSPRISM_DB, migrated to this version.

    Only the commands that store things (``create``: ingest, watch) make a new one; a read
    command on a path that does not exist (a typo in --db) says so instead of answering from
    a fresh, empty database it would leave behind."""
    if not create and settings.db != ":memory:" and not Path(settings.db).exists():
        fail(f"no database at {settings.db}: ingest something first, or point --db / "
             "NEWSPRISM_DB at an existing one")
    try:
        return Store.open(settings.db)
    except NewsprismError as exc:
        fail(exc)


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """'1 input', '2 inputs' ('1 entry', '2 entries' given ``plural``): a count with its noun
    in the right number."""
    return f"{count} {noun}" if count == 1 else f"{count} {plural or noun + 's'}"


def info(message: str) -> None:
    """A status line on stderr, silenced by --quiet."""
    if not settings.quiet:
        console.print(message)


class WarningLines(logging.Handler):
    """The library's log warnings as 'warning: …' lines; without a handler Python printed
    them bare, with a traceback when one was attached."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            message += f" ({record.exc_info[1]})"
        labelled("warning", "yellow", message)


def _show_warnings() -> None:
    logger = logging.getLogger("newsprism")
    if not any(isinstance(h, WarningLines) for h in logger.handlers):
        logger.addHandler(WarningLines())


def labelled(label: str, style: str, message: object) -> None:
    """A 'label: message' line on stderr with only the label styled, the message as is."""
    console.print(Text.assemble((f"{label}:", style), " ", str(message)))


def fail(error: NewsprismError | str, code: int = 1) -> NoReturn:
    """One readable error line on stderr and a non-zero exit."""
    labelled("error", "red", error)
    raise typer.Exit(code)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def print_jsonl(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")


def emit_rows(rows: list[dict[str, Any]], format: str,
              columns: dict[str, Callable[[dict[str, Any]], str]], *,
              empty: str = "nothing to show") -> None:
    """Print rows as a table (``columns``: header -> cell function), JSON or JSON Lines; an
    empty table is the ``empty`` line on stderr rather than a header with nothing under it."""
    if format == "json":
        print_json(rows)
    elif format == "jsonl":
        for row in rows:
            print_jsonl(row)
    elif not rows:
        info(empty)
    else:
        table = Table(*columns, box=None)
        for row in rows:
            table.add_row(*(cell(row) for cell in columns.values()))
        out.print(table)


def choose(value: str, allowed: tuple[str, ...], option: str = "--format") -> str:
    if value not in allowed:
        fail(f"{option} must be one of {', '.join(allowed)} (got {value!r})", code=2)
    return value


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").lower() in ("1", "true", "yes")
