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
  ``role``: one participle qualifies different people on each side ("armed officers" vs "armed
  guards") and neither side names the other's;
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

from newsprism.analyze.claims import STOPWORDS, Claim, Quantity, entity_key, find_dates, stem
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
# An unfinished step of a process ("had not yet been shown", "is expected to be indicted") ...
_STAGE = re.compile(r"\b(?:not|n't|never)\s+(?:yet|already)\b|\byet to\b|\bno longer\b|"
                    r"\bstill\s+(?:not|has not|had not|hasn't|hadn't)\b|\bexpected to\b|"
                    r"\b(?:plans?|planned|planning|intends?|intended|intending) to\b|"
                    r"\bhas not been\b|\bhad not been\b", re.IGNORECASE)
# ... and a finished one ("has already been indicted", "confirmed it had received").
_DONE = re.compile(r"\b(?:already|confirmed|(?:has|had|have)\s+(?:now\s+)?(?:been\s+)?"
                   r"(?:\w+ed|\w+en|made|sent|held|told|met|won|lost))\b", re.IGNORECASE)
# Scope: one side says the act concerned only part of the thing the other names whole.
_SCOPE = re.compile(r"(?<!\bas )\b(?i:(?:(?:a|one|key|central)\s+)?(?:part|parts|portion|section|"
                    r"provision)\s+of\s+(?:the\s+|its\s+|his\s+|her\s+)?)"
                    r"(?P<object>[A-Z][\w’'-]*(?:\s+(?:of\s+|and\s+)?[A-Z][\w’'-]*)*|[a-z][\w-]+)")
_DENIAL = re.compile(r"\b(?:would|will|could|can|did|does|do|is|was|are|were|has|have|had)"
                     r"\s+(?:not|never)\b|\b(?:won|wouldn|couldn|didn|doesn|isn|wasn|aren|"
                     r"weren|hasn|haven|hadn)['’]t\b", re.IGNORECASE)
# Kinds of people a statement can be about: "armed officers" vs "armed guards" name different
# people for the same role. Generic words ("members", "officials", "staff") cover the others.
ROLE_NOUNS = frozenset("""
    officers officer guards guard volunteers volunteer teachers teacher police policemen
    agents agent troops soldiers students student workers worker employees employee residents
    lawyers prosecutors investigators protesters demonstrators voters parents children women men
    veterans judges jurors nurses doctors
    """.split())
WEEKDAY_LEXICAL = 0.4  # weekdays that differ count only between near-identical sentences
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


_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})


def _different_names(x: str, y: str) -> bool:
    """Two speakers are different people/bodies: no shared name word, no acronym of the other
    ("Treasury" is "the Treasury Department", "IRS" is "Internal Revenue Service")."""
    wx = {w.lower().strip(".,'’") for w in x.split()} - {"the", "of"}
    wy = {w.lower().strip(".,'’") for w in y.split()} - {"the", "of"}
    if not wx or not wy or wx & wy or wx <= _PRONOUNS or wy <= _PRONOUNS:
        return False
    initials_x = "".join(w[0] for w in x.split() if w[:1].isupper())
    initials_y = "".join(w[0] for w in y.split() if w[:1].isupper())
    if x.replace(".", "") in {initials_y} or y.replace(".", "") in {initials_x}:
        return False
    return True


def _named_in(name: str, text: str) -> bool:
    """The speaker (a name word, or its acronym) also appears in the other sentence."""
    words = [w.strip(".,'’") for w in name.split() if w[:1].isupper()]
    acronym = "".join(w[0] for w in words)
    lowered = text.lower()
    return any(len(w) > 2 and w.lower() in lowered for w in words) or (
        len(acronym) >= 2 and re.search(rf"\b{acronym}\b", text) is not None)


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
        dates_differ = self._dates_differ(a, b, lexical)

        if same_subject and a.negated != b.negated and a.predicate and a.predicate == b.predicate:
            staged = any(w in _STAGE_WORDS for w in (a.text + " " + b.text).lower().split())
            if not staged and not dates_differ and lexical >= 0.5:
                neg = a if a.negated else b
                return Verdict(relation="contradicts", rule="negation",
                               detail=f"'{neg.predicate}' is negated on one side only",
                               scores=scores)
        if same_subject and a.predicate and b.predicate \
                and ANTONYMS.get(a.predicate) == b.predicate \
                and not dates_differ and a.negated == b.negated:
            return Verdict(relation="contradicts", rule="antonym",
                           detail=f"'{a.predicate}' vs '{b.predicate}'", scores=scores)

        nums_a, nums_b = _comparable_numbers(a, b)
        if nums_a and nums_b:
            loose = _approximate(a) or _approximate(b)
            if not any(_numbers_match(x, y, loose) for x in nums_a for y in nums_b) and not any(
                    _numbers_match(x, y, loose) for x in a.numbers for y in b.numbers):
                return Verdict(relation="differs", rule="numbers",
                               detail=f"{', '.join(q.text for q in nums_a)} vs "
                                      f"{', '.join(q.text for q in nums_b)}", scores=scores)
        if dates_differ:
            return Verdict(relation="differs", rule="dates", detail=dates_differ, scores=scores)
        places = self._places_differ(a, b)
        if places:
            return Verdict(relation="differs", rule="places", detail=places, scores=scores)
        stage = self._stage(a, b) if same_subject else ""
        if stage:
            return Verdict(relation="differs", rule="stage", detail=stage, scores=scores)
        shared_dates = set(a.dates) & set(b.dates)
        if shared_dates and bool(self._denies(a, shared_dates)) != bool(
                self._denies(b, shared_dates)):
            neg = a if self._denies(a, shared_dates) else b
            return Verdict(relation="differs", rule="polarity",
                           detail=f"one side denies it for the same date: '{neg.text[:80]}'",
                           scores=scores)
        role = self._role(a, b)
        if role:
            return Verdict(relation="differs", rule="role", detail=role, scores=scores)
        scope = self._scope(a, b) if same_subject else ""
        if scope:
            return Verdict(relation="differs", rule="scope", detail=scope, scores=scores)
        if a.attribution and b.attribution and not a.quoted and not b.quoted \
                and _different_names(a.attribution, b.attribution) \
                and not _named_in(a.attribution, b.text) and not _named_in(b.attribution, a.text):
            return Verdict(relation="differs", rule="speaker",
                           detail=f"{a.attribution} vs {b.attribution}", scores=scores)
        return Verdict(relation="shared", rule="aligned",
                       detail="same subject and wording, no conflicting details", scores=scores)

    @staticmethod
    def _stage(a: Claim, b: Claim) -> str:
        """One side reports an unfinished step ("not yet", "expected to"), the other a finished
        one ("already", "confirmed", "had received"): different stages of one process."""
        for open_, done in ((a, b), (b, a)):
            marker = _STAGE.search(open_.text)
            if marker and not _STAGE.search(done.text):
                finished = _DONE.search(done.text)
                if finished:
                    return (f"'{marker.group(0)}' (an unfinished step) vs '{finished.group(0)}' "
                            f"(a later step): both can be true when written")
        return ""

    @staticmethod
    def _role(a: Claim, b: Claim) -> str:
        """The same participle qualifies different people on each side ("armed officers" vs
        "armed guards"), and neither side names the other's people at all."""
        def roles(claim: Claim) -> dict[str, set[str]]:
            words = [w.lower() for w in re.findall(r"[\w'’-]+", claim.text)]
            out: dict[str, set[str]] = {}
            for before, word in zip(words, words[1:], strict=False):
                if word in ROLE_NOUNS and before.endswith(("ed", "en")) and len(before) > 3 \
                        and before not in STOPWORDS:
                    out.setdefault(before, set()).add(word)
            return out

        ra, rb = roles(a), roles(b)
        words_a = set(re.findall(r"\w+", a.text.lower()))
        words_b = set(re.findall(r"\w+", b.text.lower()))
        for qualifier in ra.keys() & rb.keys():
            only_a = {r for r in ra[qualifier] if r not in words_b and stem(r) not in words_b}
            only_b = {r for r in rb[qualifier] if r not in words_a and stem(r) not in words_a}
            if only_a and only_b:
                return (f"'{qualifier} {', '.join(sorted(only_a))}' vs "
                        f"'{qualifier} {', '.join(sorted(only_b))}'")
        return ""

    @staticmethod
    def _denies(claim: Claim, dates: set[str]) -> bool:
        """A negated verb phrase whose next few words carry one of ``dates`` ("would not be
        held this Tuesday"): the date itself is denied, not some other clause."""
        for match in _DENIAL.finditer(claim.text):
            window = claim.text[match.end():match.end() + 40]
            if set(find_dates(window)) & dates:
                return True
        return False

    @staticmethod
    def _scope(a: Claim, b: Claim) -> str:
        """One side limits the act to a part ("a part of the Act"), the other names it whole."""
        ma, mb = _SCOPE.search(a.text), _SCOPE.search(b.text)
        if (ma is None) == (mb is None):
            return ""
        marker, other = (ma, b) if ma else (mb, a)
        assert marker is not None
        named = {stem(w.lower()) for w in re.findall(r"[\w’'-]+", marker.group("object"))
                 if w[:1].isupper() or len(w) > 3} - {"the"}
        if not named & {stem(t) for t in other.terms}:
            return ""  # "part of Brooklyn": the other side does not name the whole at all
        return f"'{marker.group(0).strip()}' limits the scope on one side only"

    @staticmethod
    def _places_differ(a: Claim, b: Claim) -> str:
        """Both name places of one kind ("region", "city", ...), each some the other lacks."""
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
    def _dates_differ(a: Claim, b: Claim, lexical: float = 1.0) -> str:
        ka, kb = _date_kinds(a), _date_kinds(b)
        for kind in ("day", "month", "year", "weekday", "rel"):
            if kind == "weekday" and lexical < WEEKDAY_LEXICAL:
                continue  # weekdays mostly date the reporting ("said Monday"), not the fact
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
