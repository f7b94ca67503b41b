"""Verdicts on aligned claims: shared, differs or contradicts, each with its evidence.

No NLI model ships offline, so a ``Judge`` decides pairs with explicit rules; an NLI model can
implement the same interface later (``judge(a, b, pair) -> Verdict``). The rules, in order:

contradicts (cannot both be true; used sparingly)
  ``negation``: same subject, same predicate, one side negated, no time or stage words that let
  both hold ("not yet", "still", different dates), and most words shared;
  ``antonym``: same subject, antonymous predicates (win/lose, accept/reject, rise/fall, ...) and
  no differing dates.
differs (same subject, a different value for the same thing; both can be true)
  ``numbers``: both give figures of the same kind and no figure of one matches one of the other
  within rounding ("over 20" vs "21" is the same);
  ``dates``: both give dates of the same kind (month, day, year, weekday, relative) that differ;
  ``places``: both name places and share none;
  ``stage``: one side negated and the other not, with different predicates (the Kremlin "had not
  yet been shown" the letter vs "confirmed it had received" it: different stages of one process);
  ``speaker``: both attribute the statement to someone, to different people.
shared: none of the above fired.

A group's verdict is the strongest over its pairs (contradicts > differs > shared), and its
evidence lists every pair that fired a rule, with the sentences, the rule and the scores.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from newsprism.analyze.claims import Claim, Quantity, entity_key, stem
from newsprism.compare.align import AlignedGroup, PairScore

__all__ = ["Judge", "RuleJudge", "Verdict", "group_verdict"]

Relation = Literal["shared", "differs", "contradicts"]
_RANK = {"shared": 0, "differs": 1, "contradicts": 2}

ANTONYMS: dict[str, str] = {}
for _a, _b in [("win", "lose"), ("won", "lost"), ("accept", "reject"), ("rise", "fall"),
               ("increase", "decrease"), ("confirm", "deny"), ("approve", "reject"),
               ("open", "close"), ("support", "oppose"), ("agree", "refuse"), ("pass", "fail"),
               ("acquit", "convict"), ("allow", "ban"), ("raise", "cut"), ("gain", "lose")]:
    ANTONYMS[_a] = _b
    ANTONYMS[_b] = _a
_STAGE_WORDS = frozenset({"yet", "still", "already", "later", "soon", "expected", "would",
                          "will", "before", "after", "until", "again", "previously", "earlier"})
_STAGE = re.compile(r"\b(?:not|n't|never)\s+(?:yet|already)\b|\byet to\b|\bno longer\b|"
                    r"\bstill\s+(?:not|has not|had not|hasn't|hadn't)\b|\bexpected to\b|"
                    r"\bplans? to\b|\bhad already\b|\bhas already\b", re.IGNORECASE)
_PLACE_NOUNS = frozenset({"region", "city", "state", "country", "province", "district", "town",
                          "territory", "oblast", "county", "area", "village", "capital"})
_APPROX = ("about", "around", "nearly", "almost", "roughly", "over", "more than", "less than",
           "up to", "at least", "some", "approximately", "~", "hundreds", "thousands")


@dataclass(frozen=True, slots=True, kw_only=True)
class Verdict:
    """The relation of two claims, the rule that decided it and what the rule saw."""

    relation: Relation
    rule: str
    detail: str = ""
    scores: dict[str, Any] = field(default_factory=dict)


class Judge(Protocol):
    """Decides how two aligned claims relate; an NLI model could implement this."""

    name: str

    def judge(self, a: Claim, b: Claim, pair: PairScore | None = None) -> Verdict: ...


def _subject_keys(claim: Claim) -> set[str]:
    keys = {entity_key(e) for e in claim.entities}
    if claim.subject:
        keys.add(entity_key(claim.subject))
    return {k for k in keys if k}


def _same_subject(a: Claim, b: Claim) -> bool:
    return bool(_subject_keys(a) & _subject_keys(b)) or (
        bool(a.subject) and entity_key(a.subject or "") == entity_key(b.subject or ""))


def _approximate(claim: Claim) -> bool:
    lowered = claim.text.lower()
    return any(f"{word} " in lowered for word in _APPROX)


def _numbers_match(x: Quantity, y: Quantity, loose: bool) -> bool:
    if x.value == y.value:
        return True
    big = max(abs(x.value), abs(y.value))
    tolerance = 0.05 if loose else 0.01
    return big > 0 and abs(x.value - y.value) / big <= tolerance and (loose or big >= 100)


def _comparable_numbers(a: Claim, b: Claim) -> tuple[list[Quantity], list[Quantity]]:
    """Figures of the same kind on both sides: same unit where a unit is given."""
    units_a = {q.unit for q in a.numbers}
    units_b = {q.unit for q in b.numbers}
    shared_units = units_a & units_b
    if shared_units - {None}:
        keep = shared_units - {None}
        return ([q for q in a.numbers if q.unit in keep], [q for q in b.numbers if q.unit in keep])
    if units_a == {None} and units_b == {None}:
        return list(a.numbers), list(b.numbers)
    # one side counts a noun ("four regions"), the other lists that many names
    return [], []


def _date_kinds(claim: Claim) -> dict[str, set[str]]:
    kinds: dict[str, set[str]] = {}
    for key in claim.dates:
        kind, _, value = key.partition(":")
        kinds.setdefault(kind, set()).add(value)
    return kinds


class RuleJudge:
    """The explicit rules listed in the module docstring."""

    name = "rules-v1"

    def judge(self, a: Claim, b: Claim, pair: PairScore | None = None) -> Verdict:
        scores = pair.to_dict() if pair is not None else {}
        lexical = pair.lexical if pair is not None else 0.0
        same_subject = _same_subject(a, b)
        dates_differ = self._dates_differ(a, b)

        if same_subject and a.negated != b.negated and a.predicate and a.predicate == b.predicate:
            staged = any(w in _STAGE_WORDS for w in (a.text + " " + b.text).lower().split())
            if not staged and not dates_differ and lexical >= 0.5:
                neg = a if a.negated else b
                return Verdict(relation="contradicts", rule="negation",
                               detail=f"'{neg.predicate}' is negated on one side only", scores=scores)
        if same_subject and a.predicate and b.predicate and ANTONYMS.get(a.predicate) == b.predicate \
                and not dates_differ and a.negated == b.negated:
            return Verdict(relation="contradicts", rule="antonym",
                           detail=f"'{a.predicate}' vs '{b.predicate}'", scores=scores)

        nums_a, nums_b = _comparable_numbers(a, b)
        if nums_a and nums_b:
            loose = _approximate(a) or _approximate(b)
            if not any(_numbers_match(x, y, loose) for x in nums_a for y in nums_b):
                return Verdict(relation="differs", rule="numbers",
                               detail=f"{', '.join(q.text for q in nums_a)} vs "
                                      f"{', '.join(q.text for q in nums_b)}", scores=scores)
        if dates_differ:
            return Verdict(relation="differs", rule="dates", detail=dates_differ, scores=scores)
        places = self._places_differ(a, b)
        if places:
            return Verdict(relation="differs", rule="places", detail=places, scores=scores)
        if same_subject and (_STAGE.search(a.text) is not None) != (_STAGE.search(b.text)
                                                                    is not None):
            neg, pos = (a, b) if _STAGE.search(a.text) else (b, a)
            marker = _STAGE.search(neg.text)
            return Verdict(relation="differs", rule="stage",
                           detail=f"'{marker.group(0) if marker else ''}' (an unfinished step) vs "
                                  f"a later step: both can be true", scores=scores)
        if a.attribution and b.attribution and not a.quoted and not b.quoted:
            ka, kb = entity_key(a.attribution), entity_key(b.attribution)
            if ka and kb and ka != kb and ka not in {"he", "she", "they"} \
                    and kb not in {"he", "she", "they"}:
                return Verdict(relation="differs", rule="speaker",
                               detail=f"{a.attribution} vs {b.attribution}", scores=scores)
        return Verdict(relation="shared", rule="aligned",
                       detail="same subject and wording, no conflicting details", scores=scores)

    @staticmethod
    def _places_differ(a: Claim, b: Claim) -> str:
        """Both name places of one kind ("region", "city", ...) and each has some the other lacks."""
        if not a.places or not b.places:
            return ""
        kinds_a = {stem(t) for t in a.terms if stem(t) in _PLACE_NOUNS}
        kinds_b = {stem(t) for t in b.terms if stem(t) in _PLACE_NOUNS}
        pa = {entity_key(p) for p in a.places}
        pb = {entity_key(p) for p in b.places}
        if kinds_a & kinds_b and pa - pb and pb - pa:
            return (f"{', '.join(p for p in a.places if entity_key(p) not in pb)} vs "
                    f"{', '.join(p for p in b.places if entity_key(p) not in pa)}")
        return ""

    @staticmethod
    def _dates_differ(a: Claim, b: Claim) -> str:
        ka, kb = _date_kinds(a), _date_kinds(b)
        for kind in ("day", "month", "year", "weekday", "rel"):
            if kind in ka and kind in kb and not ka[kind] & kb[kind]:
                # a month differs only when neither side names a day in it that matches
                return f"{kind}: {', '.join(sorted(ka[kind]))} vs {', '.join(sorted(kb[kind]))}"
        return ""


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupVerdict:
    relation: Relation
    evidence: list[dict[str, Any]]


def group_verdict(claims: Sequence[Claim], group: AlignedGroup,
                  judge: Judge | None = None) -> GroupVerdict:
    """The strongest verdict over the group's member pairs from different articles."""
    judge = judge or RuleJudge()
    scored = {(min(p.a, p.b), max(p.a, p.b)): p for p in group.pairs}
    relation: Relation = "shared"
    evidence: list[dict[str, Any]] = []
    members = sorted(group.members)
    for x, i in enumerate(members):
        for j in members[x + 1:]:
            a, b = claims[i], claims[j]
            if a.article == b.article:
                continue
            pair = scored.get((i, j))
            verdict = judge.judge(a, b, pair)
            if verdict.relation != "shared" or pair is not None:
                evidence.append({
                    "relation": verdict.relation, "rule": verdict.rule, "detail": verdict.detail,
                    "judge": judge.name, "scores": verdict.scores,
                    "sentences": [{"article": a.article, "text": a.text},
                                  {"article": b.article, "text": b.text}],
                })
            if _RANK[verdict.relation] > _RANK[relation]:
                relation = verdict.relation
    evidence.sort(key=lambda e: -_RANK[e["relation"]])
    return GroupVerdict(relation=relation, evidence=evidence)
