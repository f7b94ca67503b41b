"""The analysis records: the documented field tables match the code, JSON round trip."""

from __future__ import annotations

import re
from dataclasses import fields

from newsprism.analyze import records
from newsprism.analyze.records import ArticleAnalysis, Entity, Quote, Sentence


def _documented(table_title: str) -> list[str]:
    doc = records.__doc__ or ""
    section = doc.split(f"\n{table_title}\n", 1)[1].strip("\n").split("\n\n", 1)[0]
    return [m.group(1) for m in re.finditer(r"^\| (\w+)\s+\|", section, re.M)
            if m.group(1) != "field"]


def test_field_tables_match_the_dataclasses() -> None:
    for cls in (Sentence, Entity, Quote, ArticleAnalysis):
        assert _documented(cls.__name__) == [f.name for f in fields(cls)], cls.__name__


def test_round_trip() -> None:
    analysis = ArticleAnalysis(
        article_id=7, language="en", content_hash="abc",
        sentences=(Sentence(start=0, end=10, paragraph=0),),
        entities=(Entity(start=0, end=8, text="Zelensky", label="PERSON",
                         canonical="Volodymyr Zelensky"),),
        quotes=(Quote(start=12, end=20, text="any time", speaker="Kremlin", cue="said",
                      partial=True, how="name"),),
        notes=("a note",))
    assert ArticleAnalysis.from_dict(analysis.to_dict()) == analysis
    bare = ArticleAnalysis(article_id=None, language="uk", content_hash="x", entities=None)
    assert ArticleAnalysis.from_dict(bare.to_dict()) == bare
