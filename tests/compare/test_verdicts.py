"""Verdict rules, one by one: each either fires with its evidence or leaves the pair shared."""

from __future__ import annotations

from dataclasses import replace

from newsprism.analyze.claims import Claim, extract_claims
from newsprism.compare.align import AlignedGroup, PairScore
from newsprism.compare.verdicts import RuleJudge, group_verdict


def claim(text: str, article: int) -> Claim:
    (found,) = extract_claims(text, article_id=article)
    return found


def pair(lexical: float = 0.6) -> PairScore:
    return PairScore(a=0, b=1, lexical=lexical, entities=0.0, numbers=0.0, dates=0.0,
                     embedding=None, score=lexical)


def judge(a: str, b: str, lexical: float = 0.6) -> tuple[str, str]:
    verdict = RuleJudge().judge(claim(a, 0), claim(b, 1), pair(lexical))
    return verdict.relation, verdict.rule


def test_numbers_differ_but_rounding_is_shared() -> None:
    assert judge("The class covers 1.5 million women at Wal-Mart stores.",
                 "The class covers up to 1.6 million women at Wal-Mart stores.") == (
        "differs", "numbers")
    assert judge("Strzok had served over 20 years at the FBI, officials noted.",
                 "Strzok had served 20 years at the FBI, officials noted.") == ("shared", "aligned")
    assert judge("Police made 47 arrests overnight in the suburb of Ferguson.",
                 "There were six arrests Wednesday, compared to 47 the previous night.") == (
        "shared", "aligned")


def test_dates_differ_and_weekdays_need_near_identical_sentences() -> None:
    assert judge("The special-election primary will be held in mid May this year.",
                 "The special-election primary will be held on April 30 this year.") == (
        "differs", "dates")
    assert judge("His attorney blasted the bureau on Monday in a statement.",
                 "Strzok was fired late Friday afternoon by the bureau.", lexical=0.2) == (
        "shared", "aligned")


def test_places_differ_for_the_same_role() -> None:
    donbas = replace(claim("Russia has demanded Ukraine pull out of its eastern Donbas region.", 0),
                     places=("Russia", "Ukraine", "Donbas"))
    four = claim("Ukraine should withdraw from four regions – Donetsk, Luhansk, Kherson and "
                 "Zaporizhzhia – Putin said.", 1)
    assert "Zaporizhzhia" in four.places  # a listed region, whatever NER calls it
    verdict = RuleJudge().judge(donbas, four, pair())
    assert (verdict.relation, verdict.rule) == ("differs", "places")
    assert "Donbas" in verdict.detail and "Donetsk" in verdict.detail
    # same places on both sides: shared
    assert RuleJudge().judge(donbas, replace(donbas, article=1), pair()).relation == "shared"


def test_stage_not_yet_vs_confirmed_differs_not_contradicts() -> None:
    assert judge("Peskov said Putin had not yet been shown the letter from Zelensky.",
                 "The Kremlin confirmed it had received the letter from Zelensky.") == (
        "differs", "stage")
    # "expected to" on both sides: the same stage, shared
    assert judge("Lynch is expected to announce his bid for the seat on Thursday.",
                 "Representative Lynch is expected to announce Thursday that he will run.") == (
        "shared", "aligned")


def test_scope_part_of_the_act_vs_the_whole_act() -> None:
    assert judge("The Supreme Court overturned a part of the Defense of Marriage Act in June.",
                 "The Supreme Court ruling overturned the Defense of Marriage Act in June.") == (
        "differs", "scope")
    assert judge("Grimm represents Staten Island and part of Brooklyn in the House of "
                 "Representatives.", "Grimm represents Staten Island in the House of "
                 "Representatives.") == ("shared", "aligned")


def test_speaker_differs_unless_the_same_body_is_named() -> None:
    assert judge("The deal has no money for the wall, Pelosi said on Friday.",
                 "The deal has no money for the wall, McConnell said on Friday.") == (
        "differs", "speaker")
    assert judge("Couples can file joint returns, the Treasury Department said Thursday.",
                 "Couples can file joint returns, the Treasury said Thursday.") == (
        "shared", "aligned")


def test_contradicts_only_on_same_subject_negation_or_antonyms() -> None:
    assert judge("Mayor Smith has accepted the offer from the union leaders.",
                 "Mayor Smith has rejected the offer from the union leaders.") == (
        "contradicts", "antonym")
    assert judge("Mayor Smith has signed the budget bill into law.",
                 "Mayor Smith has not signed the budget bill into law.") == (
        "contradicts", "negation")
    # a negation with "yet" is a stage of a process, never a contradiction
    assert judge("Mayor Smith has not yet signed the budget bill into law.",
                 "Mayor Smith has signed the budget bill into law.")[0] == "differs"
    # different subjects: no contradiction
    assert judge("Mayor Smith has accepted the offer from the union leaders.",
                 "Mayor Jones has rejected the offer from the union leaders.")[0] != "contradicts"


def test_group_verdict_is_the_strongest_and_lists_evidence() -> None:
    claims = [claim("The class covers 1.5 million women at Wal-Mart stores.", 0),
              claim("The class covers 1.5 million women at Wal-Mart stores nationwide.", 1),
              claim("The class covers up to 1.6 million women at Wal-Mart stores.", 2)]
    group = AlignedGroup(members=[0, 1, 2], pairs=[pair()])
    verdict = group_verdict(claims, group)
    assert verdict.relation == "differs"
    first = verdict.evidence[0]
    assert first["rule"] == "numbers" and first["judge"] == "rules-v1"
    assert len(first["sentences"]) == 2


def test_role_differs_when_one_participle_qualifies_different_people() -> None:
    assert judge("LaPierre called for armed officers to be installed in every school.",
                 "LaPierre proposed putting armed guards in every school in the country.") == (
        "differs", "role")
    # same people on both sides, or a noun as qualifier ("community members"/"leaders"): shared
    assert judge("LaPierre called for armed officers to be installed in every school.",
                 "LaPierre wants armed officers in every school in the country.") == (
        "shared", "aligned")
    assert judge("Holder met community members and federal investigators in Ferguson.",
                 "Holder met community leaders and federal investigators in Ferguson.") == (
        "shared", "aligned")


def test_intention_on_both_sides_is_one_stage() -> None:
    """"expected to be indicted" vs "confirmed prosecutors intended to file charges": the same
    unfinished step, not a later one."""
    assert judge("Grimm is expected to be indicted by federal prosecutors, his lawyer said.",
                 "His lawyer confirmed that prosecutors intended to file criminal charges "
                 "against Grimm.") == ("shared", "aligned")


def test_ages_and_ordinals_are_not_compared_with_counts() -> None:
    assert judge("The second-term congressman represents the 11th District, which includes "
                 "Staten Island and part of Brooklyn.",
                 "Mr. Grimm, 44, a Republican, represents Staten Island and part of "
                 "Brooklyn.") == ("shared", "aligned")
