"""``stories``, ``story``, ``export-stories`` and ``recluster``: the story side of the store."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import datetime
from typing import Any

import typer

from newsprism.cli.app import app, choose, emit_rows, fail, get_store, info, print_json, print_jsonl
from newsprism.errors import NewsprismError
from newsprism.store import river


def parse_since(value: str | None, *, now: datetime | None = None) -> str | None:
    """``--since`` ('2d', '12h', '1w' before now, or an ISO date) as the UTC ISO string to
    compare with, written as the store writes its times ('...Z'); the river's own parser."""
    if not value:
        return None
    try:
        return river.parse_since(value, now=now).replace("+00:00", "Z")
    except ValueError:
        fail(f"--since must be like 2d, 12h, 1w or an ISO date (got {value!r})", code=2)


@app.command("stories")
def stories_command(
    since: str | None = typer.Option(None, "--since",
                                     help="Updated within: 2d, 12h, 1w or a date."),
    limit: int = typer.Option(100, "--limit", "-n", help="How many, most recent first."),
    format: str = typer.Option("table", "--format", "-f", help="table, json or jsonl."),
) -> None:
    """The story river: stories most recently updated first."""
    from newsprism.store.stories import story_summary

    choose(format, ("table", "json", "jsonl"))
    with get_store() as store:
        # The river's query, in this command's order: ties larger first, undated stories
        # by when they were last written.
        page = river.story_rows(store, since=parse_since(since), limit=limit, ties="largest",
                                undated_by_write=True)
        rows = [story_summary(store, row["id"]) for row in page]
    if format != "table":
        for row in rows:
            row.pop("articles", None)
    emit_rows(rows, format, {
        "id": lambda r: str(r["id"]),
        "updated": lambda r: (r["last_updated"] or "")[:16],
        "articles": lambda r: str(r["article_count"]),
        "outlets": lambda r: str(len(r["outlets"])),
        "lang": lambda r: ",".join(r["languages"]),
        "title": lambda r: r["title"],
    }, empty="no stories" + (f" updated since {since}" if since else " yet"))


@app.command("story")
def story_command(
    story_id: int = typer.Argument(..., help="Story id (an id merged into another still works)."),
    format: str = typer.Option("md", "--format", "-f", help="md, json or html."),
) -> None:
    """One story: its fields, its articles, syndication groups and the source-by-source
    comparison (claims by verdict, quotes by speaker)."""
    from newsprism.compare.render import render_html, render_markdown
    from newsprism.compare.report import compare_story
    from newsprism.store.stories import story_summary

    choose(format, ("md", "json", "html"))
    with get_store() as store:
        try:
            story = story_summary(store, story_id)
            comparison = compare_story(store, story["id"])
        except NewsprismError as exc:
            fail(exc)
    if format == "json":
        data = comparison.to_dict()
        print_json({**story, **{k: v for k, v in data.items() if k not in ("story", "title")}})
    elif format == "html":
        # the story's title, as in md, json and the web page (the comparison's own is the
        # earliest article's)
        sys.stdout.write(render_html(replace(comparison, title=story["title"])))
    else:
        sys.stdout.write(story_markdown(story) + "\n" + render_markdown(comparison, heading=False))


def story_markdown(story: dict[str, Any]) -> str:
    """The story as Markdown (a comparison section may be appended after it)."""
    lines = [f"# {story['title']}", "",
             f"- story: {story['id']}"
             + (f" (merged from {', '.join(map(str, story['merged_from']))})"
                if story["merged_from"] else ""),
             f"- first seen: {story['first_seen'] or 'undated'}",
             f"- last updated: {story['last_updated'] or 'undated'}",
             f"- articles: {story['article_count']}",
             f"- outlets: {', '.join(story['outlets']) or 'unknown'}",
             f"- languages: {', '.join(story['languages']) or 'unknown'}"]
    if story["top_entities"]:
        lines.append(f"- top entities: {', '.join(story['top_entities'])}")
    lines += ["", "## Articles", ""]
    for article in story["articles"]:
        outlet = article["outlet"] or "unknown outlet"
        when = article["published"] or "undated"
        tag = " (syndicated copy)" if article["status"] == "syndicated" else ""
        lines.append(f"- [{article['id']}] {when} · {outlet} · {article['language'] or '?'}: "
                     f"{article['title']}{tag}")
    if story["syndication_groups"]:
        lines += ["", "## Syndication groups", ""]
        for group in story["syndication_groups"]:
            lines.append(f"- group {group['id']} ({group['kind']}): one voice, "
                         f"{len(group['articles'])} articles from {', '.join(group['outlets'])};"
                         f" origin article {group['origin']}")
    return "\n".join(lines) + "\n"


@app.command("export-stories")
def export_stories_command(
    format: str = typer.Option("jsonl", "--format", "-f", help="jsonl."),
) -> None:
    """One line per article: {"id": external id or article id, "story": story id or null}."""
    from newsprism.store.stories import export_rows

    choose(format, ("jsonl",))
    with get_store() as store:
        for row in export_rows(store):
            print_jsonl(row)


@app.command("recluster")
def recluster_command(
    window_days: float | None = typer.Option(
        None, "--window-days", min=0, help="Days around an article's date to look for its "
        "story [default: 2, or NEWSPRISM_WINDOW_DAYS]."),
) -> None:
    """Forget every story and rebuild them from the stored articles, replayed in the batches
    they first came in (vectors are reused): the same stories as the incremental path."""
    from newsprism.cluster.engine import config_from_env
    from newsprism.cluster.stage import recluster

    with get_store() as store:
        try:
            stats = recluster(store, config_from_env(window_days=window_days))
        except (NewsprismError, ValueError) as exc:
            fail(str(exc))
    info("reclustered: " + ", ".join(f"{k} {v}" for k, v in stats.items()))
