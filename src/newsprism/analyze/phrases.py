"""Tokens and noun phrases of the writer's text: who a speech verb's subject or object is.

The quote rules (``quotes.py``) find a speech verb next to a quote; these functions read the
noun phrase before it ("Kremlin spokesman Dmitry Peskov said", skipping an appositive such as
", the group's strategist,") or after it ("said Senator Jane Walker of Ohio"). Offsets are
character positions in the text the tokens were read from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsprism.analyze.speech_verbs import (
    ADVERBS,
    DETERMINERS,
    HONORIFICS,
    PRONOUNS,
    SPEECH_VERBS,
    TITLES,
)

_TOKEN = re.compile(r"[^\W_](?:[\w’'\-]|\.(?=\w))*\.?|[^\w\s]", re.UNICODE)
_ABBREVIATION = re.compile(r"^(?:[A-Z]|[A-Za-z]\.\S*|Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Sen|Rep|Gov|Lt|Col|"
                           r"Sgt|Capt|Prof|Rev|Adm|Maj|Mt|Ft|No|Inc|Corp|Co|Ltd|Jan|Feb|Aug|Sept|"
                           r"Oct|Nov|Dec)\.$")
DAY_WORDS = frozenset("monday tuesday wednesday thursday friday saturday sunday today yesterday "
                      "tonight night morning afternoon evening week earlier later".split())
STOP = frozenset("""
that and but or when as after before while because if though although since where which who
whom whose what how why to in on at by with from into about than said says told in said
is was are were be been being not no so also
à au aux dans pour sur lors lorsque que qui
""".split())  # the last line: French words that end a name ("a déclaré Macron lundi à Paris")
JOINERS = frozenset({"of", "for", "at", "de", "van", "von", "del", "da", "al", "bin", "le", "la"})


@dataclass(slots=True)
class Tok:
    """A word or punctuation mark with its offsets."""

    start: int
    end: int
    text: str

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()


def tokens(body: str, lo: int, hi: int) -> list[Tok]:
    """The tokens of ``body[lo:hi]``; a full stop is split off unless it ends an abbreviation."""
    out = []
    for m in _TOKEN.finditer(body[lo:hi]):
        word, start, end = m.group(), lo + m.start(), lo + m.end()
        if len(word) > 1 and word.endswith(".") and not _ABBREVIATION.match(word):
            out.append(Tok(start, end - 1, word[:-1]))
            out.append(Tok(end - 1, end, "."))
        else:
            out.append(Tok(start, end, word))
    return out


@dataclass(slots=True)
class Mention:
    """A noun phrase found next to a speech verb; ``text`` is set for pronouns only."""

    text: str
    start: int
    end: int


def wordlike(t: Tok) -> bool:
    return bool(re.match(r"\w", t.text))


def shouting(t: Tok) -> bool:
    """An all-capitals word longer than an acronym: a headline, not a name."""
    return len(t.text) > 5 and t.text.isupper()


DASHES = frozenset({"-", "—", "–"})


def np_backward(toks: list[Tok], i: int) -> Mention | None:
    """The noun phrase (subject) ending at token ``i``, skipping adverbs and an appositive."""
    while i >= 0:
        t = toks[i]
        if t.low in ADVERBS or (t.low.endswith("ly") and not t.cap and len(t.low) > 4) \
                or t.low in DAY_WORDS:
            i -= 1
            if i >= 0 and toks[i].low in {"on", "last", "this"} and toks[i + 1].low in DAY_WORDS:
                i -= 1
            continue
        if t.text == ",":
            # An appositive or relative clause: ", the group's strategist," / ", who ...,".
            j = i - 1
            while j >= 0 and toks[j].text != "," and i - j < 30:
                j -= 1
            if j < 0 or toks[j].text != "," or i - j < 2:
                return None
            inner = toks[j + 1]
            segment = toks[j + 1:i]
            if len(segment) <= 4 and all(x.cap and wordlike(x) for x in segment):
                return Mention("", segment[0].start, segment[-1].end)  # "…, Armstrong Williams,"
            if not (inner.low in DETERMINERS or inner.low in {"who", "which", "whose"}
                    or not inner.cap or inner.low in TITLES or inner.text[:1].isdigit()
                    or inner.text.endswith(("'s", "’s"))):
                return None
            i = j - 1
            if inner.low in {"who", "which", "whose"}:
                # A relative clause may close an appositive that opened earlier: "Richard
                # Shelby, the Alabama Republican who heads the committee, which oversees the
                # Fed, said": go back to that appositive's comma.
                k = i
                while k >= 0 and toks[k].text != "," and i - k < 30:
                    k -= 1
                if k >= 0 and toks[k].text == "," and k + 1 <= i and \
                        (toks[k + 1].low in DETERMINERS or toks[k + 1].low in TITLES):
                    i = k - 1
            continue
        if t.text in DASHES:
            # "A former candidate -- John McCain, who lost in 2008 -- said": the name inside
            # the dashes, else skip them as an appositive.
            j = i
            while j >= 0 and toks[j].text in DASHES:
                j -= 1
            k = j
            while k >= 0 and toks[k].text not in DASHES and j - k < 30:
                k -= 1
            if k < 0 or toks[k].text not in DASHES:
                return None
            inner = toks[k + 1] if k + 1 <= j else None
            if inner is not None and inner.cap and inner.low not in DETERMINERS and \
                    not inner.text.endswith(("'s", "’s")):  # "- Santilli's girlfriend -"
                return np_forward(toks, k + 1)
            while k >= 0 and toks[k].text in DASHES:
                k -= 1
            i = k
            continue
        if t.text == ")":
            j = i
            while j >= 0 and toks[j].text != "(":
                j -= 1
            if j < 0:
                return None
            i = j - 1
            continue
        break
    if i < 0:
        return None
    t = toks[i]
    if t.low in PRONOUNS:
        return Mention(t.text, t.start, t.end)
    if not wordlike(t) or t.low in STOP or shouting(t):
        return None
    first = i
    seen_cap = False
    lowers = 0
    while first >= 0:
        t = toks[first]
        if not wordlike(t) or shouting(t):
            break
        low = t.low
        if low == "the" and seen_cap and first >= 2 and toks[first - 1].low == "of" \
                and toks[first - 2].cap and wordlike(toks[first - 2]):
            # "George Zornick of The Nation", "Aris Shirvanian of the Armenian Patriarchate":
            # the person's name comes before the organisation's.
            first -= 2
            continue
        if low in DETERMINERS:
            first -= 1
            break
        if low in JOINERS and first > 0 and toks[first - 1].cap and first < i:
            first -= 1
            continue
        if low == "and" and seen_cap and first > 0 and toks[first - 1].cap and \
                wordlike(toks[first - 1]) and toks[first - 1].low not in STOP:
            first -= 1  # two speakers: "Blumenthal and Cohen:", "Smith and Jones said"
            continue
        if t.cap:
            if low in STOP and first < i:
                break
            seen_cap = True
        elif low in TITLES or low in HONORIFICS:
            pass
        elif seen_cap and first > 0 and toks[first - 1].cap and toks[first - 1].low not in STOP \
                and low not in STOP and low not in SPEECH_VERBS:
            pass  # a role noun between names: "Washington Post columnist Michael Gerson"
        elif seen_cap or low in STOP or low in SPEECH_VERBS or lowers >= 3:
            break
        else:
            lowers += 1
        if i - first >= 8:
            break
        first -= 1
    first += 1
    if first > i:
        return None
    return Mention("", toks[first].start, toks[i].end)


def _role_like(t: Tok, ahead: list[Tok], seen_cap: bool) -> bool:
    """A lowercase word that can stand before a name as a role: no adverb, and a word in -ed
    only as an adjective before a noun ("retired neurosurgeon"), never after a name."""
    if t.low.endswith("ly"):
        return False
    if t.low.endswith("ed"):
        return not seen_cap and bool(ahead) and not ahead[0].cap and wordlike(ahead[0])
    return True


def np_forward(toks: list[Tok], i: int) -> Mention | None:
    """The noun phrase starting at token ``i`` ("said Kremlin spokesman Dmitry Peskov, ...")."""
    if i >= len(toks):
        return None
    if toks[i].low in PRONOUNS:
        return Mention(toks[i].text, toks[i].start, toks[i].end)
    last = i - 1
    seen_cap = False
    j = i
    while j < len(toks) and j - i < 10:
        t = toks[j]
        if not wordlike(t) or shouting(t):
            break
        ahead = toks[j + 1:j + 3]
        if t.low in DETERMINERS and j == i:
            j += 1
            continue
        if t.cap and not (t.low in STOP and j > i):
            seen_cap = True
            last = j
        elif t.low in TITLES or t.low in HONORIFICS:
            last = j
        elif t.low in JOINERS and seen_cap and ahead and ahead[0].cap:
            pass
        elif t.low not in STOP and t.low not in SPEECH_VERBS and _role_like(t, ahead, seen_cap) \
                and any(a.cap and wordlike(a) for a in ahead):
            # a role word before a name: "Democratic strategist David Axelrod", "retired
            # neurosurgeon Ben Carson"; not a verb after one ("Bernie Sanders called Donald
            # Trump") nor an adverb ("The alliance previously described Russia's …")
            pass
        elif not seen_cap and t.low not in STOP and j - i < 4 and \
                not t.low.endswith(("ed", "ly")):
            last = j  # "the group's strategist"; not "The alliance previously described"
        else:
            break
        j += 1
    if last < i:
        return None
    return Mention("", toks[i].start, toks[last].end)
