"""The exact quotes and speakers issue 6 pins on the two seed samples (real ingest + normalize)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.analyze import ArticleAnalysis, Quote, analyze_article
from newsprism.ingest import parse_raw
from newsprism.models import Article, RawDocument
from newsprism.normalize import normalize

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
TRIM = " \"“”'‘’.,;:!?…"


def _article(prefix: str) -> Article:
    path = next(SAMPLES.glob(f"{prefix}_*"))
    raw = RawDocument(data=path.read_bytes(), origin=str(path))
    fmt, items = parse_raw(raw)
    (raw_article,) = list(items)
    return normalize(raw_article, raw=raw, format=fmt)


@pytest.fixture(scope="module")
def sample000() -> tuple[Article, ArticleAnalysis]:
    article = _article("000")
    return article, analyze_article(article)


@pytest.fixture(scope="module")
def sample001() -> tuple[Article, ArticleAnalysis]:
    article = _article("001")
    return article, analyze_article(article)


def _norm(text: str) -> str:
    return " ".join(text.split()).strip(TRIM)


def find(analysis: ArticleAnalysis, start_text: str) -> Quote:
    found = [q for q in analysis.quotes if _norm(q.text).startswith(start_text)]
    assert len(found) == 1, [q.text for q in analysis.quotes]
    return found[0]


PINNED_000 = [
    ("Ukraine proposes ending this war through direct engagement between us — and you. "
     "I am proposing a meeting", "Volodymyr Zelensky", "name"),
    ("I propose to set a clear date for such a meeting", "Volodymyr Zelensky", "pronoun"),
    ("Ukraine is ready for a full ceasefire for the duration of the negotiations",
     "Volodymyr Zelensky", "pronoun"),
    ("Zelensky can come at any time to Moscow", "Dmitry Peskov", "name"),
    ("Russia has an air defense system. Yes, we must improve it. Yes, we must strengthen it. "
     "And we will do so", "Vladimir Putin", "description"),
    ("We are absolutely ready and willing to reach an agreement with Ukraine through peaceful "
     "means", "Vladimir Putin", "pronoun"),
]
PINNED_001 = [
    ("it would be great", "Donald Trump", "name"),
    ("after 26 years in power, age is beginning to take its toll", "Volodymyr Zelensky", "name"),
    ("certainly prepared and willing to reach an agreement with Ukraine", "Vladimir Putin",
     "name"),
]


@pytest.mark.parametrize(("text", "speaker", "how"), PINNED_000)
def test_sample000_quotes_and_speakers(sample000, text: str, speaker: str, how: str) -> None:
    article, analysis = sample000
    quote = find(analysis, text)
    assert _norm(quote.text) == text
    assert quote.speaker == speaker
    assert quote.how == how
    # Offsets point into the body as stored, inside the quotation marks.
    assert _norm(article.body[quote.start:quote.end]) == text
    assert article.body[quote.start - 1] in "\"“"


@pytest.mark.parametrize(("text", "speaker", "how"), PINNED_001)
def test_sample001_quotes_and_speakers(sample001, text: str, speaker: str, how: str) -> None:
    article, analysis = sample001
    quote = find(analysis, text)
    assert _norm(quote.text) == text
    assert quote.speaker == speaker
    assert quote.how == how
    assert _norm(article.body[quote.start:quote.end]) == text


def test_sample000_mentions_and_cues(sample000) -> None:
    _, analysis = sample000
    peskov = find(analysis, "Zelensky can come")
    assert peskov.speaker_mention == "Kremlin spokesman Dmitry Peskov"
    assert peskov.cue == "quoted as saying"
    putin = find(analysis, "Russia has an air defense")
    assert putin.speaker_mention == "the Russian leader"
    assert find(analysis, "Ukraine is ready").cue == "added"
    zelensky = find(analysis, "Ukraine proposes")
    assert (zelensky.speaker_mention, zelensky.cue, zelensky.partial) == ("Zelensky", "said", False)


def test_sample000_partial_quotes_are_kept_and_marked(sample000) -> None:
    _, analysis = sample000
    assert find(analysis, "any time").partial
    assert find(analysis, "strategic disaster").partial


def test_sample000_question_frame_is_not_the_answerers_words(sample000) -> None:
    # "When asked about whether Russia's offensive had become a "strategic disaster," Putin
    # said ...": the phrase is the (unnamed) questioner's, the answer after it is Putin's.
    _, analysis = sample000
    question = find(analysis, "strategic disaster")
    assert (question.speaker, question.how, question.cue) == (None, "none", "asked")
    answer = find(analysis, "advancing along the entire line of contact")
    assert (answer.speaker, answer.cue, answer.partial) == ("Vladimir Putin", "said", True)
    assert not find(analysis, "I propose to set").partial
    # "Russian Davos" is a nickname, not a quote.
    assert not [q for q in analysis.quotes if "Davos" in q.text]


def test_sample001_two_paragraph_quote_is_one_quote(sample001) -> None:
    article, analysis = sample001
    quote = find(analysis, "It is not as if we in Ukraine")
    assert quote.speaker == "Volodymyr Zelensky"
    assert quote.paragraphs == 2
    assert quote.closed
    assert quote.text.endswith("every loss is painful to us.")
    assert "But I do care about Ukrainians." in quote.text
    assert "“" not in quote.text  # the continuation mark is not part of the words
    assert article.body[quote.start:quote.end].count("\n\n") == 1
    assert not [q for q in analysis.quotes if q.text.startswith("But I do care")]


def test_sample001_quote_cues(sample001) -> None:
    _, analysis = sample001
    assert find(analysis, "Ukraine proposes ending").cue == "wrote"
    assert find(analysis, "after 26 years").cue == "stated"
    assert find(analysis, "it would be great").speaker_mention == "US President Donald Trump"


def test_samples_entities_and_full_names(sample000, sample001) -> None:
    for article, analysis in (sample000, sample001):
        assert analysis.entities is not None
        persons = {e.canonical for e in analysis.entities if e.label == "PERSON"}
        assert {"Volodymyr Zelensky", "Vladimir Putin"} <= persons
        short = [e for e in analysis.entities if e.text == "Zelensky"]
        assert short and all(e.canonical == "Volodymyr Zelensky" for e in short)
        for e in analysis.entities:
            assert article.body[e.start:e.end] == e.text
        assert analysis.notes == ()
        assert analysis.sentences and all(
            article.body[s.start:s.end].strip() for s in analysis.sentences)
