"""``quotes``: the direct quotes of one article (or of all), with speakers and offsets.

Offsets are into the article's body as stored (``Article.body``: paragraphs joined by one blank
line). ``id`` is the input's own id when it had one (JSONL id, WordPress post id), else the
article id, as in the exports; ``article_id`` is always the store's id. Analyses missing or stale
are computed (and stored) on the way.
"""

from __future__ import annotations

from typing import Any

import typer

from newsprism.analyze import ArticleAnalysis
from newsprism.cli.app import app, choose, fail, get_store, out, print_json, print_jsonl
from newsprism.errors import NewsprismError
from newsprism.models import Article


def quote_record(article: Article, analysis: ArticleAnalysis) -> dict[str, Any]:
    """The JSON shape of ``newsprism quotes`` for one article."""
    return {
        "id": article.external_id if article.external_id else article.id,
        "article_id": article.id,
        "quotes": [
            {"start": q.start, "end": q.end, "text": q.text, "speaker": q.speaker,
             "speaker_mention": q.speaker_mention, "cue": q.cue, "partial": q.partial}
            for q in analysis.quotes
        ],
        "notes": list(analysis.notes),
    }


@app.command("quotes")
def quotes_command(
    article_id: int | None = typer.Argument(None, help="Article id (or --all)."),
    all_: bool = typer.Option(False, "--all", help="Every stored article, one line each."),
    format: str = typer.Option("table", "--format", "-f", help="table, json or jsonl."),
) -> None:
    """Direct quotes with their speakers and cue verbs."""
    from newsprism.store.analysis import analyze_and_store, get_analysis, load_analysis

    choose(format, ("table", "json", "jsonl"))
    if all_ == (article_id is not None):
        fail("give an ARTICLE_ID or --all (not both)", code=2)
    with get_store() as store:
        try:
            if all_:
                analyze_and_store(store)
                for article in store.iter_articles():
                    assert article.id is not None
                    analysis = load_analysis(store, article.id)
                    if analysis is None:
                        continue
                    record = quote_record(article, analysis)
                    _emit(record, format)
                return
            assert article_id is not None
            article = store.get_article(article_id)
            record = quote_record(article, get_analysis(store, article_id))
        except NewsprismError as exc:
            fail(exc)
    _emit(record, format)


def _emit(record: dict[str, Any], format: str) -> None:
    if format == "json":
        print_json(record)
    elif format == "jsonl":
        print_jsonl(record)
    else:
        _table(record)


def _table(record: dict[str, Any]) -> None:
    from rich.table import Table

    # the id the user typed, then the external id that "id" carries when there is one
    title = f"article {record['article_id']}"
    if str(record["id"]) != str(record["article_id"]):
        title += f" ({record['id']})"
    if not record["quotes"]:
        out.print(f"{title}: no direct quotes")
        return
    table = Table("start", "speaker", "cue", "quote", box=None, title=title)
    for q in record["quotes"]:
        text = q["text"] if len(q["text"]) < 90 else q["text"][:87] + "..."
        table.add_row(str(q["start"]), q["speaker"] or "unknown", q["cue"] or "",
                      ("(partial) " if q["partial"] else "") + text)
    out.print(table)
