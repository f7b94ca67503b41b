"""``ingest``, ``parse`` and ``reparse``: reading inputs, with or without storing them."""

from __future__ import annotations

import sys

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from newsprism.cli.app import (
    app,
    choose,
    console,
    counted,
    fail,
    get_store,
    info,
    labelled,
    print_jsonl,
    settings,
)
from newsprism.errors import InputError, NewsprismError
from newsprism.ingest import READER_MODULES
from newsprism.ingest.fulltext import DEFAULT_MAX_PAGES
from newsprism.pipeline import (
    InputResult,
    full_text_step,
    ingest,
    iter_inputs,
    read_articles,
    reparse,
)

FORMAT_HELP = ("Skip sniffing and read every input as this format: wordpress, feed, jsonfeed, "
               "html, clipping, jsonl, warc.")
FULL_TEXT_HELP = ("For feeds read from a URL: fetch the page of each item that carries only a "
                  "summary and use the page's text.")
FULL_TEXT_MAX_HELP = "At most this many pages fetched by --full-text in this run."


def _reader(format: str | None, option: str = "--format") -> str | None:
    """A forced reader name checked up front: per input, a typo only surfaced for inputs not
    stored yet (stored ones are skipped before any reader runs), and ingest could exit 0."""
    if format is not None:
        choose(format, tuple(READER_MODULES), option)
    return format


def _progress() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                    TextColumn("{task.completed} inputs"), TimeElapsedColumn(),
                    console=console, transient=True, disable=settings.quiet)


def _print_notes(notes: list[str]) -> None:
    for note in notes:
        labelled("full text", "yellow", note)


def report_line(result: InputResult, *, verb: str = "read", show_unchanged: bool = True) -> None:
    """The lines one input gets: notes, failures or broken entries, then what was stored
    (``watch`` says "polled" and, between its polls, stays quiet about inputs that did not
    change, their old broken entries included)."""
    if result.status == "unchanged" and not show_unchanged:
        return
    _print_notes(result.notes)
    if result.status == "failed":
        for error in result.errors:
            labelled("failed", "red", error)
        return
    for error in result.errors:
        labelled("broken entry", "yellow", error)
    if result.status == "unchanged":
        info(f"unchanged: {result.origin} (already stored)")
        return
    counts = {s: sum(1 for a in result.saved if a.status == s) for s in ("new", "revised",
                                                                          "unchanged")}
    detail = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    if result.skipped:
        detail += f", {counted(len(result.skipped), 'entry', 'entries')} without an article skipped"
    info(f"{verb}: {result.origin} [{result.format}] {detail}")


@app.command("ingest")
def ingest_command(
    inputs: list[str] = typer.Argument(..., help="Files, dirs, globs, URLs, or - (stdin)."),
    format: str | None = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first error."),
    allow_private: bool = typer.Option(False, "--allow-private",
                                       help="Allow URLs on private or loopback addresses."),
    no_stages: bool = typer.Option(False, "--no-stages",
                                   help="Only store; skip clustering and analysis."),
    full_text: bool = typer.Option(
        False, "--full-text", help=FULL_TEXT_HELP + " The page is kept as its own raw document."),
    full_text_max: int = typer.Option(DEFAULT_MAX_PAGES, "--full-text-max", min=0,
                                      help=FULL_TEXT_MAX_HELP),
) -> None:
    """Read inputs and store their raw bytes and articles (re-ingesting is a no-op)."""
    _reader(format)
    with get_store(create=True) as store, _progress() as progress:
        task = progress.add_task("ingesting", total=None)

        def on_result(result: InputResult) -> None:
            progress.advance(task)
            report_line(result)

        try:
            report = ingest(store, inputs, format=format, strict=strict,
                            allow_private=allow_private, stdin=sys.stdin.buffer,
                            on_result=on_result, run_stages=not no_stages,
                            full_text=full_text, full_text_max=full_text_max)
        except NewsprismError as exc:
            fail(exc)
        except KeyboardInterrupt:
            # Each input is one transaction: none is half-written, and a second run skips the
            # stored ones and runs the stages this one did not get to.
            console.print("interrupted: the inputs read so far are stored; run the same "
                          "command again to finish")
            raise typer.Exit(130) from None
    for error in report.stage_errors:
        labelled("stage error", "yellow", error)
    total = len(report.results)
    stored = sum(1 for r in report.results if r.status == "unchanged" and not r.saved)
    info(f"{counted(total, 'input')}: {report.count('new')} new, "
         f"{report.count('revised')} revised, {report.count('unchanged')} unchanged articles"
         + (f"; {counted(stored, 'input')} already stored" if stored else ""))
    if report.failed:
        console.print(f"{report.failed} of {total} inputs failed")
        raise typer.Exit(1)


@app.command("parse")
def parse_command(
    inputs: list[str] = typer.Argument(..., help="Files, directories, globs, URLs, or -."),
    output: str = typer.Option("jsonl", "--format", "-f",
                               help="How to print: json, jsonl or text."),
    reader: str | None = typer.Option(None, "--reader", "-r", help=FORMAT_HELP),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first error."),
    allow_private: bool = typer.Option(False, "--allow-private",
                                       help="Allow URLs on private or loopback addresses."),
    full_text: bool = typer.Option(False, "--full-text", help=FULL_TEXT_HELP),
    full_text_max: int = typer.Option(DEFAULT_MAX_PAGES, "--full-text-max", min=0,
                                      help=FULL_TEXT_MAX_HELP),
) -> None:
    """Parse and print articles without storing anything (--reader forces a reader)."""
    format = _reader(reader, "--reader")
    choose(output, ("json", "jsonl", "text"))
    failed = total = 0
    collected = []
    fetcher, pages_step = full_text_step(full_text, full_text_max, allow_private=allow_private)
    for item in iter_inputs(inputs, allow_private=allow_private, stdin=sys.stdin.buffer,
                            fetcher=fetcher):
        total += 1
        if isinstance(item, InputError):
            failed += 1
            labelled("failed", "red", item)
            if strict:
                raise typer.Exit(1)
            continue
        pages = pages_step.prefetch(None, item, format=format) if pages_step else None
        notes: list[str] = []
        try:
            _, articles, errors = read_articles(item, format=format, strict=strict, pages=pages,
                                                notes=notes)
        except NewsprismError as exc:
            _print_notes(notes)
            failed += 1
            labelled("failed", "red", exc)
            if strict:
                raise typer.Exit(1) from exc
            continue
        _print_notes(notes)
        for error in errors:
            labelled("broken entry", "yellow", error)
        failed += bool(errors)
        for article in articles:
            if output == "jsonl":
                print_jsonl(article.to_dict())
            elif output == "json":
                collected.append(article.to_dict())
            else:
                sys.stdout.write(_as_text(article) + "\n")
    if output == "json":
        import json
        sys.stdout.write(json.dumps(collected, ensure_ascii=False, indent=2) + "\n")
    if failed:
        console.print(f"{failed} of {total} inputs failed")
        raise typer.Exit(1)


def _as_text(article) -> str:  # type: ignore[no-untyped-def]
    lines = [article.title, ""]
    meta = [article.outlet.name or "", article.published.isoformat() if article.published else "",
            ", ".join(a.name for a in article.authors), article.url or ""]
    if any(meta):  # a page with no metadata: no empty line standing for it
        lines += [" | ".join(m for m in meta if m), ""]
    lines.extend(p + "\n" for p in article.paragraphs)
    return "\n".join(lines)


@app.command("reparse")
def reparse_command(
    raw_ids: list[int] | None = typer.Argument(None,
                                                 help="Raw document ids [default: all failed]."),
    all_: bool = typer.Option(False, "--all", help="Re-parse every stored raw document."),
    format: str | None = typer.Option(None, "--format", "-f", help=FORMAT_HELP),
) -> None:
    """Parse stored raw documents again: the failed ones by default (after a fix)."""
    _reader(format)
    with get_store() as store:
        ids = raw_ids or store.raw_ids(status=None if all_ else ("failed", "partial"))
        if not ids:
            info("nothing to re-parse")
            return
        report = reparse(store, ids, format=format)
    for result in report.results:
        report_line(result)
    info(f"{counted(len(report.results), 'raw document')} re-parsed: {report.count('new')} new, "
         f"{report.count('revised')} revised articles")
    if report.failed:
        console.print(f"{report.failed} of {len(report.results)} inputs failed")
        raise typer.Exit(1)
