"""Pair features, the learned pair scorer and grouping on small hand-made stories."""

from __future__ import annotations

import pytest

from newsprism.analyze.claims import Claim, extract_claims
from newsprism.compare import features
from newsprism.compare.align import AlignConfig, align_claims, pair_scores
from newsprism.compare.features import FEATURES, pair_features, scene_opening, stated_dates
from newsprism.compare.pair_model import default_model


def claims_of(*bodies: str) -> list[Claim]:
    out: list[Claim] = []
    for article, body in enumerate(bodies):
        out += extract_claims(body, article_id=article)
    return out


def test_shipped_model_uses_known_features_and_rewards_overlap() -> None:
    model = default_model()
    assert set(model.features) <= set(FEATURES)
    assert len(model.coef) == len(model.features) == len(model.mean)
    claims = claims_of(
        "The Senate passed the stopgap spending bill on Friday night by voice vote.",
        "The Senate passed the stopgap spending bill Friday night by a voice vote. "
        "A spokesman for the governor declined to comment on the weather forecast.")
    scores = {(p.a, p.b): p.score for p in pair_scores(claims)}
    assert scores[(0, 1)] > 0.9
    assert scores.get((0, 2), 0.0) < 0.1


def test_short_sentence_pairs_only_with_a_sentence_containing_it() -> None:
    claims = claims_of(
        "He paused for a moment. But I am also a black man.",
        "“I am the attorney general of the United States, but I am also a black man,” "
        "Holder said. The man left the black car in the garage after lunch with friends.")
    feats = pair_features(claims)
    pairs = set(zip(feats.a.tolist(), feats.b.tolist(), strict=True))
    short = next(i for i, c in enumerate(claims) if c.text.startswith("But I am"))
    quote = next(i for i, c in enumerate(claims) if c.article == 1 and "also a black man" in c.text)
    car = next(i for i, c in enumerate(claims) if "black car" in c.text)
    assert (short, quote) in pairs
    assert (short, car) not in pairs  # shares "black" and "man" but no trigram


def test_claim_without_counterpart_stays_single() -> None:
    claims = claims_of(
        "Lawmakers approved the budget on Tuesday after a long debate. "
        "The mayor's dog won a prize at the county fair last summer.",
        "After a long debate, lawmakers approved the budget on Tuesday. "
        "Heavy snow closed schools across the region for three days.")
    groups = align_claims(claims)
    assert [sorted(claims[m].text[:10] for m in g.members) for g in groups] == [
        ["After a lo", "Lawmakers "]]


def test_a_date_in_an_aside_is_not_a_date_two_claims_share() -> None:
    # "which invaded in 2022" is background: the claim states a demand, not what happened in
    # 2022; a second outlet's other statement that mentions 2022 does not share a date with it.
    claims = claims_of(
        "Russia, which invaded in 2022, has demanded that Ukraine withdraw from its eastern "
        "regions before any talks.",
        "Ukraine has refused to cede territory, saying Russia would attack again as it did "
        "in 2022.")
    assert claims[0].dates == claims[1].dates == ("year:2022",)
    assert stated_dates(claims[0]) == ()
    assert stated_dates(claims[1]) == ("year:2022",)
    feats = pair_features(claims)
    assert feats.column("dates").tolist() == [0.0]
    assert feats.column("dates_clash").tolist() == [0.0]
    # the same date outside an aside on both sides is shared, and brackets and dashes are asides
    plain = claims_of("Russia invaded Ukraine in 2022 with a large army from the north.",
                      "In 2022 Russia invaded Ukraine from the north with a large army.")
    assert pair_features(plain).column("dates").tolist() == [1.0]
    assert stated_dates(claims_of("The law (passed in 2012) was challenged by the states.")[0]) \
        == ()
    assert stated_dates(claims_of(
        "The texts — sent during the 2016 campaign — were released by the inspector on "
        "Monday.")[0]) == ("weekday:monday",)


def test_a_date_alone_in_brackets_or_dashes_is_the_statement_s_own() -> None:
    # "(Sept. 5)" dates the vote itself: taken for background, the pair below set "Tuesday"
    # against "Sept. 5" (a dates clash) instead of sharing the day.
    claims = claims_of("On Tuesday (Sept. 5), the council voted to close the old river bridge.",
                       "The council voted on Sept. 5 to close the old river bridge for good.")
    assert stated_dates(claims[0]) == ("weekday:tuesday", "month:9", "day:9-5")
    feats = pair_features(claims)
    assert feats.column("dates").tolist() == [1.0]
    assert feats.column("dates_clash").tolist() == [0.0]
    dashes = claims_of("The council voted on Tuesday — Sept. 5 — to close the bridge.")[0]
    assert stated_dates(dashes) == ("weekday:tuesday", "month:9", "day:9-5")
    # a bracket with words of its own is still background
    assert stated_dates(claims_of("Smith (born 1952) resigned on Monday.")[0]) == \
        ("weekday:monday",)


@pytest.mark.parametrize(("text", "opening"), [
    ("Speaking to reporters in Brussels, including the BBC, before the summit opened, the "
     "minister said the deal was close.",
     "Speaking to reporters in Brussels, including the BBC, before the summit opened, "),
    ("In an interview with the BBC on Sunday, Kallas said the talks had stalled.",
     "In an interview with the BBC on Sunday, "),
    ("At a packed news conference at the State House, Patrick named his pick.",
     "At a packed news conference at the State House, "),
    ("Addressing the conference in Orlando, Trump vowed to help.", "Addressing the conference "
     "in Orlando, "),
    ("In June, the court struck down the law.", ""),  # a date, not a scene
    ("In any event, the court struck down the law.", ""),
    ("In fact, the statement about Rubio, a rival, was real.", ""),
])
def test_scene_opening(text: str, opening: str) -> None:
    assert scene_opening(text) == opening


def pair_probability(claims: list[Claim]) -> float:
    (score,) = pair_scores(claims, AlignConfig(floor=0.0))
    return score.score


def test_two_statements_sharing_only_their_scene_are_not_one_fact(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Both outlets open with where the minister spoke; what she said differs. The words both
    # have only in their openings count OPENING_WEIGHT, so the scene alone does not pair them.
    claims = claims_of(
        "Speaking to reporters at the Brussels summit, including the BBC, Kallas said the "
        "sanctions would stay until every soldier had left.",
        "Speaking to reporters at the Brussels summit, Kallas announced new aid for farmers hit "
        "by the drought.")
    shipped = pair_features(claims).X
    shipped_probability = pair_probability(claims)
    monkeypatch.setattr(features, "OPENING_WEIGHT", 1.0)
    counted = pair_features(claims).X
    assert pair_probability(claims) > AlignConfig().threshold > shipped_probability
    for name in ("lexical", "cover", "cover_max", "rare", "phrase"):
        k = FEATURES.index(name)
        assert shipped[0, k] < counted[0, k], name
    unchanged = [k for k, name in enumerate(FEATURES)
                 if name not in {"lexical", "cover", "cover_max", "rare", "phrase"}]
    assert shipped[:, unchanged].tolist() == counted[:, unchanged].tolist()


def test_an_opening_naming_what_the_other_reports_counts_in_full(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # One outlet's scene is the other's fact (the news conference): only words that both
    # claims have in their openings count less.
    claims = claims_of(
        "At a news conference at the Brussels summit on Thursday, the minister defended the "
        "plan.",
        "The minister held a news conference at the Brussels summit on Thursday to defend the "
        "plan.")
    assert scene_opening(claims[0].text) and not scene_opening(claims[1].text)
    shipped = pair_features(claims).X
    monkeypatch.setattr(features, "OPENING_WEIGHT", 1.0)
    assert pair_features(claims).X.tolist() == shipped.tolist()
    assert pair_probability(claims) > 0.9
