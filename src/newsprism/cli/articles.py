"""``articles``, ``article``, ``search``, ``export`` and ``raw``: reading the store back."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from newsprism.cli.app import app, choose, counted, emit_rows, fail, get_store, info, print_json
from newsprism.errors import NewsprismError
from newsprism.export import article_markdown, article_record, write_parquet
from newsprism.ingest.fulltext import why_summary


def _placement(store: Any, article_id: int) -> dict[str, Any] | None:
    """The article's story placement, when the clustering stage is installed."""
    try:
        from newsprism.store.stories import placement_of
    except ImportError:
        return None
    return placement_of(store, article_id)  # type: ignore[no-any-return]


def placement_line(placement: dict[str, Any]) -> str:
    """'story: 79 (syndicated, score 0.84): near copy of article 123 …' for the Markdown view
    (the whole record, notes included, is in --format json)."""
    story = placement.get("story")
    line = f"story: {story if story is not None else 'none'} ({placement.get('status')}"
    if placement.get("score") is not None:
        line += f", score {placement['score']:.2f}"
    line += ")"
    notes = [n for n in placement.get("notes") or [] if n not in (placement.get("reason") or "")]
    if why := "; ".join(filter(None, [placement.get("reason"), *notes])):
        line += f": {why}"
    return line


def _outlet(row: dict[str, Any]) -> str:
    return str(row["outlet_name"] or row["outlet_domain"] or "")


@app.command("articles")
def articles_command(
    limit: int = typer.Option(50, "--limit", "-n", help="How many, newest first."),
    offset: int = typer.Option(0, "--offset"),
    outlet: str | None = typer.Option(None, "--outlet", help="Outlet domain or name."),
    language: str | None = typer.Option(None, "--language", "-l"),
    format: str = typer.Option("table", "--format", "-f", help="table, json or jsonl."),
) -> None:
    """List stored articles, newest first."""
    choose(format, ("table", "json", "jsonl"))
    with get_store() as store:
        rows = [dict(r) for r in store.list_articles(limit=limit, offset=offset, outlet=outlet,
                                                     language=language)]
    emit_rows(rows, format, {
        "id": lambda r: str(r["id"]), "published": lambda r: r["published"] or "",
        "outlet": _outlet, "lang": lambda r: r["language"] or "", "title": lambda r: r["title"],
    }, empty="no articles" + (" matching these options" if outlet or language or offset else
                              " stored yet: add some with `newsprism ingest`"))


@app.command("article")
def article_command(
    article_id: int = typer.Argument(..., help="Article id."),
    format: str = typer.Option("md", "--format", "-f", help="md or json."),
) -> None:
    """Show one article: clean text, captions and credits apart, where each field came from."""
    choose(format, ("md", "json"))
    with get_store() as store:
        try:
            article = store.get_article(article_id)
            raw_id = store.article_raw_id(article_id)
        except NewsprismError as exc:
            fail(exc)
        revisions = [dict(r) for r in store.revisions(article_id)]
        placement = _placement(store, article_id)
    if format == "json":
        record = article.to_dict()
        record.update(raw_id=raw_id, revisions=revisions, placement=placement)
        print_json(record)
        return
    text = article_markdown(article)
    text += f"\n\n---\nraw document: {raw_id} (`newsprism raw {raw_id}`)"
    if revisions:
        text += f"; earlier revisions: {len(revisions)}"
    if why := why_summary(article):
        text += f"\nfull text: {why}"
    if placement:
        text += "\n" + placement_line(placement)
    sys.stdout.write(text + "\n")


@app.command("search")
def search_command(
    query: str = typer.Argument(..., help='Words or "a phrase"; all must match.'),
    limit: int = typer.Option(20, "--limit", "-n"),
    format: str = typer.Option("table", "--format", "-f", help="table, json or jsonl."),
) -> None:
    """Full-text search over titles and bodies, best match first."""
    choose(format, ("table", "json", "jsonl"))
    with get_store() as store:
        rows = [dict(r) for r in store.search(query, limit=limit)]
    emit_rows(rows, format, {
        "id": lambda r: str(r["id"]), "outlet": _outlet, "title": lambda r: r["title"],
        "snippet": lambda r: r["snippet"],
    }, empty=f"no article matches {query!r}")


@app.command("export")
def export_command(
    format: str = typer.Option("jsonl", "--format", "-f", help="jsonl or parquet."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="File to write [default: stdout; parquet needs it]."),
) -> None:
    """Export every article (the JSONL reads back losslessly with ingest)."""
    choose(format, ("jsonl", "parquet"))
    if format == "parquet" and output is None:
        fail("--format parquet needs --output FILE", code=2)
    with get_store() as store:
        articles = store.iter_articles()
        try:
            if format == "parquet":
                count = write_parquet(articles, output)
            else:
                handle = output.open("w", encoding="utf-8") if output else sys.stdout
                count = 0
                for article in articles:
                    handle.write(json.dumps(article_record(article), ensure_ascii=False) + "\n")
                    count += 1
                if output:
                    handle.close()
        except OSError as exc:  # a missing directory, a directory, no permission
            fail(f"{output}: cannot write the export: {exc.strerror or exc}")
    info(f"exported {counted(count, 'article')}")


@app.command("raw")
def raw_command(
    raw_id: int = typer.Argument(..., help="Raw document id (see `article ID`)."),
    meta: bool = typer.Option(False, "--meta", help="Print what is known about it, as JSON."),
) -> None:
    """Write a stored raw document's bytes exactly as received."""
    with get_store() as store:
        try:
            raw = store.get_raw(raw_id)
        except NewsprismError as exc:
            fail(exc)
    if meta:
        print_json({k: getattr(raw, k) for k in ("id", "sha256", "origin", "url", "content_type",
                                                 "fetched_at", "size", "format", "status",
                                                 "error", "article_count")})
        return
    sys.stdout.buffer.write(raw.data)
    sys.stdout.buffer.flush()
