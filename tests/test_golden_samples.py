"""Golden results on the two seed samples, exactly as issue 4 pins them.

Each sample is checked twice: reader + normalize in-process (the Article), and through
``newsprism parse SAMPLE --format jsonl`` (the export field names).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsprism.ingest import clipping, wordpress
from newsprism.models import Article, RawDocument
from newsprism.normalize import normalize

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
SAMPLE_000 = next(SAMPLES.glob("000_*"))
SAMPLE_001 = next(SAMPLES.glob("001_*"))


def read(path: Path, module: Any) -> Article:
    raw = RawDocument(data=path.read_bytes(), origin=str(path))
    assert module.sniff(raw)
    (raw_article,) = module.parse(raw, origin=str(path))
    return normalize(raw_article, raw=raw, format=module.NAME)


def parse_cli(path: Path) -> dict[str, Any]:
    from newsprism.cli import app

    result = CliRunner().invoke(app, ["parse", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 1, result.stdout
    return json.loads(lines[0])


# -- sample 000: a Moscow Times clipping ---------------------------------------------------
TITLE_000 = "In Open Letter to Putin, Zelensky Calls for Meeting and Ceasefire"
URL_000 = ("https://www.themoscowtimes.com/2026/06/04/"
           "in-open-letter-to-putin-zelensky-calls-for-meeting-and-ceasefire-a92935")
JOINED_000 = ("\"We are absolutely ready and willing to reach an agreement with Ukraine through "
              "peaceful means,\" he added.")
CAPTION_000 = ("The first and only in-person meeting between Russian President Vladimir Putin "
               "and Ukrainian President Volodymyr Zelensky in December 2019 in Paris.")
CREDIT_000 = "Mikhail Metzel / TASS"
RELATED_000 = "Has the Tide Turned Against Russia in the Ukraine War?"
NOT_IN_BODY_000 = ("**", "[", "](", "Relat\ned article", "Related article", "Original url",
                   CREDIT_000, "Mikhail Metzel")


@pytest.fixture(scope="module")
def article_000() -> Article:
    return read(SAMPLE_000, clipping)


def test_000_is_sniffed_as_a_clipping_only():
    raw = RawDocument(data=SAMPLE_000.read_bytes(), origin=str(SAMPLE_000))
    assert clipping.sniff(raw) and not wordpress.sniff(raw)


def test_000_article(article_000: Article):
    a = article_000
    assert a.title == TITLE_000
    assert a.outlet.name == "The Moscow Times"
    assert a.outlet.domain == "themoscowtimes.com"
    assert a.url == URL_000
    assert [(x.name, x.kind) for x in a.authors] == [("AFP", "agency")]
    assert a.published is not None
    assert a.published.precision == "day"
    assert type(a.published.value) is date  # no invented midnight
    assert a.published.isoformat() == "2026-06-04"
    assert a.language == "en"
    assert len(a.paragraphs) == 24
    assert a.paragraphs[0].startswith("Ukraine's Volodymyr Zelensky proposed")
    assert a.paragraphs[-1].endswith("And we will do so,\" the Russian leader said.")
    assert JOINED_000 in a.paragraphs
    assert [s.text for s in a.subheadings] == ["'Strengthen' air defenses"]
    assert a.paragraphs[a.subheadings[0].before].startswith("Ukraine has intensified")
    assert [(c.text, c.credit) for c in a.captions] == [(CAPTION_000, CREDIT_000)]
    assert [(r.title, r.url) for r in a.related] == [(RELATED_000, None)]
    for bad in NOT_IN_BODY_000:
        assert bad not in a.body, bad


def test_000_parse_cli_jsonl():
    d = parse_cli(SAMPLE_000)
    assert d["title"] == TITLE_000
    assert d["outlet"] == {"name": "The Moscow Times", "domain": "themoscowtimes.com"}
    assert d["url"] == URL_000
    assert d["authors"] == [{"name": "AFP", "kind": "agency"}]
    assert d["published"] == "2026-06-04"
    assert d["updated"] is None
    assert d["language"] == "en"
    assert len(d["paragraphs"]) == 24
    assert d["paragraphs"][0].startswith("Ukraine's Volodymyr Zelensky proposed")
    assert d["paragraphs"][-1].endswith("And we will do so,\" the Russian leader said.")
    assert JOINED_000 in d["paragraphs"]
    assert d["subheadings"] == ["'Strengthen' air defenses"]
    assert d["captions"] == [{"text": CAPTION_000, "credit": CREDIT_000}]
    assert d["related"] == [{"title": RELATED_000, "url": None}]
    assert d["origin"] == str(SAMPLE_000)
    assert d["external_id"] is None
    assert "id" in d and "excerpt" in d
    body = "\n\n".join(d["paragraphs"])
    for bad in NOT_IN_BODY_000:
        assert bad not in body, bad


# -- sample 001: a WordPress REST post -----------------------------------------------------
TITLE_001 = "Zelensky proposes face-to-face talks in open letter to Putin"
FIRST_001 = ("Volodymyr Zelensky has called for a face-to-face meeting between himself and "
             "Vladimir Putin in a renewed bid to end the war.")
LAST_001 = ("“But I do care about Ukrainians. We are losing our people, and every loss is "
            "painful to us.”")
SLUG_001 = "zelensky-proposes-face-to-face-talks-in-open-letter-to-putin"


@pytest.fixture(scope="module")
def article_001() -> Article:
    return read(SAMPLE_001, wordpress)


def test_001_is_sniffed_as_wordpress_only():
    raw = RawDocument(data=SAMPLE_001.read_bytes(), origin=str(SAMPLE_001))
    assert wordpress.sniff(raw) and not clipping.sniff(raw)


def test_001_article(article_001: Article):
    a = article_001
    assert a.title == TITLE_001
    assert a.outlet.domain == "gyalchisarshog.com"
    assert a.url == "https://gyalchisarshog.com/?p=58274"
    assert a.external_id == "58274"
    assert a.metadata["wp_id"] == 58274
    assert a.metadata["wp_slug"] == SLUG_001
    assert a.metadata["wp_author_id"] == 1
    assert a.authors == ()  # only the numeric author id is known: no name invented
    assert a.published is not None and a.updated is not None
    assert isinstance(a.published.value, datetime) and a.published.value.tzinfo is not None
    assert a.published.isoformat() == "2026-06-05T03:09:53Z"
    assert a.updated.isoformat() == "2026-06-05T03:10:01Z"
    assert a.language == "en"
    assert len(a.paragraphs) == 20  # the empty <p> dropped
    assert a.paragraphs[0] == FIRST_001
    assert a.paragraphs[-1] == LAST_001
    assert all(p.strip() for p in a.paragraphs)
    text = a.body + a.title + (a.excerpt or "")
    for char in "’“”–…":
        assert char in text, char
    for entity in ("&#", "&amp;", "&nbsp;", "<p", "</"):
        assert entity not in text
    assert a.excerpt is not None
    assert a.excerpt.startswith("Volodymyr Zelensky has called for a face-to-face meeting")
    assert a.excerpt.endswith("“it would be great”…")
    assert a.provenance["published"] == "wp"


def test_001_parse_cli_jsonl():
    d = parse_cli(SAMPLE_001)
    assert d["title"] == TITLE_001
    assert d["outlet"]["domain"] == "gyalchisarshog.com"
    assert d["url"] == "https://gyalchisarshog.com/?p=58274"
    assert d["external_id"] == "58274"
    assert d["metadata"]["wp_slug"] == SLUG_001
    assert d["authors"] == []
    assert d["published"] == "2026-06-05T03:09:53Z"
    assert d["updated"] == "2026-06-05T03:10:01Z"
    assert d["language"] == "en"
    assert len(d["paragraphs"]) == 20
    assert d["paragraphs"][0] == FIRST_001
    assert d["paragraphs"][-1] == LAST_001
    assert "<" not in d["excerpt"] and "&#" not in d["excerpt"]
    assert d["captions"] == [] and d["related"] == [] and d["subheadings"] == []
    assert d["origin"] == str(SAMPLE_001)
