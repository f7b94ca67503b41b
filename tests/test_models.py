"""The Article field table in models.py is the documented contract: keep them in step."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from newsprism.models import (
    ARTICLE_FIELDS,
    Article,
    Author,
    Caption,
    Outlet,
    RelatedLink,
    Subheading,
    Timestamp,
)


def test_every_article_field_is_in_the_documented_table():
    documented = set(re.findall(r"^\s+\| (\w+)\s+\|", Article.__doc__ or "", re.MULTILINE))
    documented.discard("field")
    assert documented == set(ARTICLE_FIELDS)


def test_round_trip_through_dict_is_lossless():
    article = Article(
        id=7, title="T", outlet=Outlet(name="AFP", domain="afp.com"), url="https://afp.com/a",
        authors=(Author(name="AFP", kind="agency"),),
        published=Timestamp(value=date(2026, 6, 4), precision="day"),
        updated=Timestamp(value=datetime(2026, 6, 5, 3, 10, 1, tzinfo=UTC), precision="second"),
        language="en", paragraphs=("One.", "Two."),
        subheadings=(Subheading(text="Sub", before=1),),
        captions=(Caption(text="A photo.", credit="X / Y"),),
        related=(RelatedLink(title="Other", url=None),), excerpt="E", tags=("a",),
        external_id="42", origin="in.txt", format="clipping", metadata={"slug": "s"},
        provenance={"title": "text"},
    )
    assert Article.from_dict(article.to_dict()) == article


def test_date_only_timestamp_keeps_day_precision_and_invents_no_time():
    stamp = Timestamp.parse("2026-06-04")
    assert stamp.precision == "day"
    assert stamp.isoformat() == "2026-06-04"
    assert Timestamp.parse("2026-06-05T03:09:53Z").isoformat() == "2026-06-05T03:09:53Z"
