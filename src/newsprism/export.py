"""Output forms of articles: the JSONL export record, Markdown, and Parquet."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from newsprism.models import Article


def article_record(article: Article) -> dict[str, Any]:
    """The export record: ``Article.to_dict()`` (fields documented in models.Article)."""
    return article.to_dict()


def article_markdown(article: Article) -> str:
    """A readable Markdown page: headline, byline line, body with subheadings, then extras."""
    lines = [f"# {article.title}", ""]
    meta = [article.outlet.name or article.outlet.domain or "",
            ", ".join(f"{a.name}" + (" (agency)" if a.kind == "agency" else "")
                      for a in article.authors),
            article.published.isoformat() if article.published else "",
            article.language or "", article.url or ""]
    lines += [" · ".join(m for m in meta if m), ""]
    headings: dict[int, list[str]] = {}
    for sub in article.subheadings:
        headings.setdefault(sub.before, []).append(sub.text)
    for index, paragraph in enumerate(article.paragraphs):
        for heading in headings.get(index, []):
            lines += [f"## {heading}", ""]
        lines += [paragraph, ""]
    if article.captions:
        lines += ["## Captions", ""]
        lines += [f"- {c.text}" + (f" — {c.credit}" if c.credit else "") for c in article.captions]
        lines.append("")
    if article.related:
        lines += ["## Related", ""]
        lines += [f"- {r.title}" + (f" <{r.url}>" if r.url else "") for r in article.related]
        lines.append("")
    if article.provenance:
        lines += ["## Field sources", ""]
        lines += [f"- {k}: {v}" for k, v in sorted(article.provenance.items())]
    return "\n".join(lines).rstrip()


def write_parquet(articles: Iterable[Article], path: Path, *, batch_size: int = 2000) -> int:
    """Write articles to a Parquet file in bounded batches; nested fields keep their shape."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    author = pa.struct([("name", pa.string()), ("kind", pa.string())])
    caption = pa.struct([("text", pa.string()), ("credit", pa.string())])
    related = pa.struct([("title", pa.string()), ("url", pa.string())])
    schema = pa.schema([
        ("id", pa.int64()), ("title", pa.string()), ("outlet_name", pa.string()),
        ("outlet_domain", pa.string()), ("url", pa.string()), ("authors", pa.list_(author)),
        ("published", pa.string()), ("published_precision", pa.string()),
        ("updated", pa.string()), ("updated_precision", pa.string()), ("language", pa.string()),
        ("paragraphs", pa.list_(pa.string())), ("subheadings", pa.list_(pa.string())),
        ("captions", pa.list_(caption)), ("related", pa.list_(related)),
        ("excerpt", pa.string()), ("section", pa.string()), ("tags", pa.list_(pa.string())),
        ("external_id", pa.string()), ("origin", pa.string()), ("partial", pa.bool_()),
        ("format", pa.string()), ("metadata", pa.string()), ("provenance", pa.string()),
    ])
    count = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        batch: list[dict[str, Any]] = []
        for article in articles:
            record = article.to_dict()
            outlet = record.pop("outlet")
            record.update(outlet_name=outlet["name"], outlet_domain=outlet["domain"],
                          metadata=json.dumps(record["metadata"], ensure_ascii=False),
                          provenance=json.dumps(record["provenance"], ensure_ascii=False))
            batch.append({name: record.get(name) for name in schema.names})
            if len(batch) >= batch_size:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count
