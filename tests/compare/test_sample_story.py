"""The two seed samples as one story: the exact verdicts issue 6 pins."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from newsprism.compare.report import StoryComparison, compare_articles
from newsprism.ingest import clipping, wordpress
from newsprism.models import Article, RawDocument
from newsprism.normalize import normalize

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _read(path: Path, module: Any, article_id: int) -> Article:
    raw = RawDocument(data=path.read_bytes(), origin=str(path))
    (raw_article,) = module.parse(raw, origin=str(path))
    return replace(normalize(raw_article, raw=raw, format=module.NAME), id=article_id)


@pytest.fixture(scope="module")
def comparison() -> dict[str, Any]:
    a = _read(next(SAMPLES.glob("000_*")), clipping, 0)
    b = _read(next(SAMPLES.glob("001_*")), wordpress, 1)
    result = compare_articles([a, b], story=1)
    assert isinstance(result, StoryComparison)
    return result.to_dict()


def _groups_with(comparison: dict[str, Any], text_0: str, text_1: str) -> list[str]:
    """Relations of aligned groups holding a claim of 000 with text_0 and of 001 with text_1."""
    out = []
    for group in comparison["claims"]:
        by_article = {s["article"]: s["text"] for s in group["sources"]}
        if text_0 in by_article.get(0, "") and text_1 in by_article.get(1, ""):
            out.append(group["relation"])
    return out


def _aligned_texts(comparison: dict[str, Any], article: int) -> list[str]:
    return [s["text"] for g in comparison["claims"] if g["relation"] != "single-source"
            for s in g["sources"] if s["article"] == article]


def test_shared_verbatim_quote_of_zelensky(comparison: dict[str, Any]) -> None:
    text = ("Ukraine proposes ending this war through direct engagement between us — and you. "
            "I am proposing a meeting")
    groups = [q for q in comparison["quotes"] if q["relation"] == "verbatim"
              and any(text in s["text"] for s in q["sources"])]
    assert len(groups) == 1
    assert groups[0]["speaker"] == "Volodymyr Zelensky"
    assert {s["article"] for s in groups[0]["sources"] if text in s["text"]} == {0, 1}


def test_putin_statement_reworded(comparison: dict[str, Any]) -> None:
    (group,) = [q for q in comparison["quotes"] if q["relation"] == "reworded"]
    assert group["speaker"] == "Vladimir Putin"
    texts = {s["article"]: s["text"] for s in group["sources"]}
    assert "We are absolutely ready and willing to reach an agreement with Ukraine through " \
           "peaceful" in texts[0]
    assert texts[1] == "certainly prepared and willing to reach an agreement with Ukraine"


def test_full_ceasefire_is_shared(comparison: dict[str, Any]) -> None:
    assert _groups_with(comparison, "ready for a full ceasefire for the duration",
                        "full ceasefire for the duration of proposed negotiations") == ["shared"]


def test_invitation_to_moscow_is_shared(comparison: dict[str, Any]) -> None:
    assert _groups_with(comparison, "Zelensky could meet Putin in Moscow",
                        "Zelensky was welcome to meet Putin in Moscow") == ["shared"]


def test_kremlin_and_the_letter_differs_not_contradicts(comparison: dict[str, Any]) -> None:
    relations = _groups_with(comparison, "Putin had not yet been shown the letter",
                             "The Kremlin confirmed it had received the letter")
    assert relations == ["differs"]
    group = next(g for g in comparison["claims"] if g["relation"] == "differs"
                 and any("not yet been shown" in s["text"] for s in g["sources"]))
    assert group["evidence"][0]["rule"] == "stage"
    assert len(group["evidence"][0]["sentences"]) == 2
    assert not [g for g in comparison["claims"] if g["relation"] == "contradicts"]


def test_what_russia_demands_differs(comparison: dict[str, Any]) -> None:
    """"pull out of" = "withdraw from"; the Donbas region vs four named regions: differs."""
    assert _groups_with(comparison, "eastern Donbas region",
                        "withdraw from four regions") == ["differs"]
    group = next(g for g in comparison["claims"]
                 if any("eastern Donbas region" in s["text"] for s in g["sources"])
                 and g["relation"] != "single-source")
    assert group["evidence"][0]["rule"] == "places"
    assert "Donbas" in group["evidence"][0]["detail"]
    assert "Zaporizhzhia" in group["evidence"][0]["detail"]


def test_what_russia_demands_is_not_what_ukraine_ruled_out(comparison: dict[str, Any]) -> None:
    """000's demand ("Russia, which invaded in 2022, has demanded ...") and 001's refusal
    ("Ukraine has ruled out ceding territory ..., as it had in 2022") share only the background
    year 2022, in 000's aside: two facts, not one shared."""
    assert _groups_with(comparison, "eastern Donbas region", "ruled out ceding territory") == []
    singles = [g["sources"][0]["text"] for g in comparison["claims"]
               if g["relation"] == "single-source" and g["sources"][0]["article"] == 1]
    assert [t for t in singles if t.startswith("Ukraine has ruled out ceding territory")]


def test_a_shared_scene_is_not_a_shared_fact(comparison: dict[str, Any]) -> None:
    """Both open "Speaking to foreign journalists ... in St(.) Petersburg,": 000 goes on to
    Putin questioning Zelensky's legitimacy, 001 to Putin being willing to reach an agreement,
    which it shares with 000's "We are absolutely ready and willing ..." instead."""
    assert _groups_with(comparison, "frequent questioning of the Ukrainian leader's legitimacy",
                        "Speaking to foreign journalists in St Petersburg") == []
    assert _groups_with(comparison, "We are absolutely ready and willing to reach an agreement",
                        "Speaking to foreign journalists in St Petersburg") == ["shared"]


@pytest.mark.parametrize(("article", "words"), [
    (0, "Institute for the Study of War"),
    (0, "a day after Ukrainian drones hit Putin's hometown"),
    (1, "it would be great"),
    (1, "is fully focused on the issue of Iran"),
    (1, "more than 1,800 words long"),
])
def test_single_source_claims(comparison: dict[str, Any], article: int, words: str) -> None:
    assert not [t for t in _aligned_texts(comparison, article) if words in t]
    singles = [g["sources"][0]["text"] for g in comparison["claims"]
               if g["relation"] == "single-source" and g["sources"][0]["article"] == article]
    assert [t for t in singles if words in t]


def test_failed_talks_in_geneva_single_source(comparison: dict[str, Any]) -> None:
    """Not grouped with 000's "Months of U.S.-led negotiations have failed": only 001 names
    the places of the failed talks."""
    assert not [t for t in _aligned_texts(comparison, 1) if "Geneva" in t]
    singles = [g["sources"][0]["text"] for g in comparison["claims"]
               if g["relation"] == "single-source" and g["sources"][0]["article"] == 1]
    assert [t for t in singles if "Geneva, Abu Dhabi and Istanbul" in t]


def test_a_quotation_of_several_sentences_is_shown_whole(comparison: dict[str, Any]) -> None:
    """Claims are matched per sentence, but no claim shown starts or ends inside a quotation:
    000's "Russia has an air defense system. Yes, … And we will do so," the Russian leader
    said' is one single-source entry, not four; 001's two-sentence “But I do care …” one."""
    singles = [g["sources"][0] for g in comparison["claims"] if g["relation"] == "single-source"]
    defense = [s for s in singles if "air defense system." in s["text"]
               or "we must strengthen it" in s["text"]]
    assert [s["text"] for s in defense] == [
        '"Russia has an air defense system. Yes, we must improve it. Yes, we must strengthen '
        'it. And we will do so," the Russian leader said.']
    care = [s["text"] for s in singles if "Ukrainians." in s["text"] or "every loss" in s["text"]]
    assert care == ["“But I do care about Ukrainians. We are losing our people, and every loss "
                    "is painful to us.”"]
    # offsets are the quotation's, so the web page can mark it in the article
    assert defense[0]["end"] - defense[0]["start"] == len(defense[0]["text"])


def test_sentences_of_one_shared_quotation_make_one_group(comparison: dict[str, Any]) -> None:
    """ "Ukraine proposes … and you." and "I am proposing a meeting," matched sentence by
    sentence are one shared group showing each outlet's whole quotation."""
    groups = [g for g in comparison["claims"] if g["relation"] != "single-source"
              and any("I am proposing a meeting" in s["text"] for s in g["sources"])]
    assert len(groups) == 1
    assert groups[0]["relation"] == "shared"
    for source in groups[0]["sources"]:
        assert source["text"].startswith(("\"Ukraine proposes", "“Ukraine proposes"))
        assert "I am proposing a meeting" in source["text"]


def test_json_shape(comparison: dict[str, Any]) -> None:
    for group in comparison["claims"]:
        assert group["relation"] in {"shared", "differs", "contradicts", "single-source"}
        for source in group["sources"]:
            assert set(source) >= {"article", "outlet", "text"}
        if group["relation"] != "single-source":
            assert group["evidence"], group
    for quote in comparison["quotes"]:
        assert set(quote) >= {"speaker", "relation", "sources"}
    assert [row["article"] for row in comparison["timeline"]] == [0, 1]


def test_headline_framing_of_the_two_samples(comparison: dict[str, Any]) -> None:
    # Both headlines make Zelensky act, with different verbs and nouns; both name both men.
    frames = {s["article"]: s["framing"] for s in comparison["sources"]}
    assert frames[0]["actor"] == frames[1]["actor"] == "Volodymyr Zelensky"
    assert (frames[0]["action"], frames[1]["action"]) == ("call for", "propose")
    assert frames[0]["only_here"] == ["calls", "meeting", "ceasefire"]
    assert frames[1]["only_here"] == ["proposes", "face-to-face", "talks"]
    assert frames[0]["leaves_out"] == frames[1]["leaves_out"] == []
    assert comparison["headlines"] == {"en": {"names": ["Vladimir Putin", "Volodymyr Zelensky"],
                                              "words": ["open", "letter"]}}
