"""``watch``: keep polling the sources listed in a sources.toml."""

from __future__ import annotations

from pathlib import Path

import typer

from newsprism.cli.app import app, console, counted, fail, get_store, info, labelled
from newsprism.cli.ingest import report_line
from newsprism.errors import NewsprismError
from newsprism.ingest.fetch import Fetcher
from newsprism.ingest.watch import PollResult, load_sources, watch


@app.command("watch")
def watch_command(
    sources_file: Path = typer.Argument(..., help="A sources.toml listing feeds, sites, folders."),
    once: bool = typer.Option(False, "--once", help="Poll every source once and exit: like "
                              "ingest, exit 1 with 'N of M inputs failed' when any failed."),
    allow_private: bool = typer.Option(False, "--allow-private",
                                       help="Allow URLs on private or loopback addresses."),
) -> None:
    """Poll feeds, WordPress sites, pages and drop folders on their intervals (Ctrl-C stops)."""
    try:
        sources = load_sources(sources_file)
    except NewsprismError as exc:
        fail(exc)

    counts = {"inputs": 0, "failed": 0}

    def report(result: PollResult) -> None:
        counts["inputs"] += len(result.results)
        counts["failed"] += sum(1 for item in result.results if item.failed)
        if result.not_modified:
            info(f"not modified: {result.source}")
        for item in result.results:
            report_line(item, verb="polled", show_unchanged=once)
        for error in result.stage_errors:  # as ingest prints them (they were dropped)
            labelled("stage error", "yellow", error)

    info(f"watching {counted(len(sources), 'source')}" + (" once" if once else "; Ctrl-C to stop"))
    with get_store(create=True) as store, Fetcher(allow_private=allow_private) as fetcher:
        try:
            watch(store, sources, fetcher=fetcher, cycles=1 if once else None, on_poll=report)
        except KeyboardInterrupt:
            info("stopped")
    if once and counts["failed"]:
        console.print(f"{counts['failed']} of {counts['inputs']} inputs failed")
        raise typer.Exit(1)
