"""Named entities of one article and the people index the quote rules resolve speakers with.

spaCy finds the mentions; this module links a short mention to the fullest form the article
uses ("Zelensky" -> "Volodymyr Zelensky", "Mr. Murphy" -> "Chris Murphy"), and remembers what
the text says about each person (gender from honorifics, first names and the pronouns that follow
a mention; descriptors such as "Russian", "president", "Kremlin", "spokesman") so that "he said"
or "the Russian leader said" can be resolved by simple, explainable rules. No coreference model
ships offline (see MODELS.md), hence rules.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from newsprism.analyze.records import Entity
from newsprism.analyze.speaker_names import zipf
from newsprism.analyze.speech_verbs import (
    DETERMINERS,
    FEMALE_NAMES,
    FEMALE_WORDS,
    HONORIFICS,
    MALE_NAMES,
    MALE_WORDS,
    NOT_NAMES,
    SPEECH_VERBS,
    TITLES,
)

_NATIONAL_DESCRIPTION = re.compile(
    r"\b[Tt]he ([A-Z][a-z]+) (leader|president|prime minister|premier|chancellor|head of state|"
    r"strongman|foreign minister)\b")
NATIONALITIES = frozenset(w[:5] for w in """
russian ukrainian american british french german chinese iranian israeli turkish polish syrian
indian japanese korean canadian mexican italian spanish european kremlin belarusian
""".split())
SUBJECT_WINDOW = 600  # characters back that a sentence subject stays the likely antecedent
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "WORK_OF_ART", "EVENT",
                         "PRODUCT", "LAW", "LANGUAGE"})
SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# Combining marks count as letters: a name typed in decomposed form ("Jose\u0301") is one word.
_WORD = re.compile(r"[^\W\d_][\w’'.\-\u0300-\u036f]*", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s?$")
_PRONOUN_AFTER = re.compile(r"\b(he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE)
_APPOSITIVE = re.compile(r"^,\s+(?:the|a|an)\s+([^,.;:\"“”]{2,60}?)[,.;]")


def stem(word: str) -> str:
    """A crude stem that makes "Russia", "Russian" and "Russia's" equal (first 5 letters)."""
    return _POSSESSIVE.sub("", word.lower())[:5]


def clean_name(text: str) -> list[str]:
    """Name tokens without honorifics, titles, possessive endings and stray punctuation."""
    words = [_POSSESSIVE.sub("", w).strip(".-") for w in _WORD.findall(text)]
    words = [w for w in words if w]
    while words and (words[0].lower() in HONORIFICS or words[0].lower() in TITLES
                     or words[0].lower() in DETERMINERS or words[0].lower().rstrip(".") in TITLES):
        words = words[1:]
    return words


@dataclass(slots=True)
class Person:
    """What the article says about one person (keyed by the canonical name)."""

    name: str
    gender: Counter[str] = field(default_factory=Counter)
    descriptors: set[str] = field(default_factory=set)

    @property
    def sex(self) -> str | None:
        if not self.gender:
            return None
        (top, n), *rest = self.gender.most_common(2) + [("", 0)]
        return top if n > rest[0][1] else None


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    name: str  # canonical
    label: str
    subject: bool = False  # opens its sentence (after titles or an introductory phrase)


# "Mr. Sanders" is not a sentence start: titles' full stops do not break sentences.
_SENT_BREAK = re.compile(r"(?:(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSen)(?<!\bRep)"
                         r"(?<!\bGov)(?<!\bGen)(?<!\bSt)(?<!\b[A-Z])[.!?:;]['\"”’)]*|"
                         r"[\"”])\s+")
# "*+" (possessive): "the"/"and" before a capital match two alternatives that consume the same
# words, so a failing match would retry every split of them (2**n on "the Mayor and the …").
_SUBJECT_PREFIX = re.compile(r"^(?:[A-Z][\w’'.\-]*\s+|(?:the|a|an|former|then|and|but)\s+|"
                             r"[a-z]+\s+(?=[A-Z]))*+$")


def _is_subject(body: str, start: int, end: int) -> bool:
    """True when the mention opens its sentence: only titles or an intro phrase before it."""
    if body[end:end + 2] in {"'s", "’s"}:
        return False
    prefix = body[_sentence_start(body, body.rfind("\n", 0, start) + 1, start):start]
    if ", " in prefix:
        intro, prefix = prefix.rsplit(", ", 1)
        if body[end:end + 1] == "," and _APPOSED.search(intro):
            # "… after her first child, Arabella, was born": a name set beside a noun
            # between commas renames that noun; it is not the sentence's subject.
            return False
    if any(w in _OBJECT_VERBS for w in prefix.split()):
        return False  # the object of a verb: "Geraldo Rivera calls Santilli a "fascist.""
    if _REPORTED_CLAUSE.search(prefix):
        return True  # "aides say Ivanka Trump also advises …": the reported clause's subject
    return bool(_SUBJECT_PREFIX.match(prefix))


def _sentence_start(body: str, lo: int, hi: int) -> int:
    """Just after the last sentence break in ``body[lo:hi]`` (else ``lo``).

    Looks back from ``hi`` in a growing window: scanning from the line start for every mention
    made a long one-line paragraph quadratic (38 s for 3,200 mentions in 144,000 characters).
    Breaks that overlap end at the same space run, so the last end the window finds is the last
    end from ``lo``."""
    width = 400
    while True:
        w0 = max(lo, hi - width)
        cut = None
        for m in _SENT_BREAK.finditer(body, w0, hi):
            cut = m.end()
        if cut is not None or w0 == lo:
            return lo if cut is None else cut
        width *= 4


class Names:
    """Name entities in body order, looked up by position: by bisection over their starts (the
    longest one bounds how far back an overlapping one can start), not by testing every entity
    for every quote, which made an article with thousands of both quadratic."""

    def __init__(self, entities: list[Entity]) -> None:
        self.items = sorted(entities, key=lambda e: e.start)
        self._starts = [e.start for e in self.items]
        self._longest = max((e.end - e.start for e in self.items), default=0)

    def overlapping(self, start: int, end: int) -> list[Entity]:
        """Entities sharing a character with ``body[start:end]``, in body order."""
        lo = bisect_left(self._starts, start - self._longest)
        hi = bisect_left(self._starts, end)
        return [e for e in self.items[lo:hi] if e.end > start]

    def within(self, start: int, end: int) -> list[Entity]:
        """Entities wholly inside ``body[start:end]``, in body order."""
        return [e for e in self.items[bisect_left(self._starts, start):
                                      bisect_left(self._starts, end)] if e.end <= end]


def inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` falls in one of ``spans`` (sorted by start, not overlapping), by
    bisection: a long article has thousands of entities and quotes to test against."""
    i = bisect_right(spans, pos, key=lambda span: span[0]) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


_REPORTED_CLAUSE = re.compile(r"^[a-z][a-z ]{0,40}\b(?:say|says|said|believe|believes|"
                              r"think|thinks|thought|added|noted|argued|claimed)(?: that)? $")


# Speech verbs whose next name is their object ("calls Santilli", "told Mr. Cuomo"); after
# "say" a name opens the reported clause ("aides say Ivanka Trump also advises …").
_OBJECT_VERBS = frozenset("""
tell tells told telling ask asks asked asking call calls called calling praise praises praised
criticize criticizes criticized criticise criticises criticised blast blasts blasted slam slams
slammed mock mocks mocked urge urges urged warn warns warned accuse accuses accused thank thanks
thanked interrupt interrupts interrupted
""".split())
_NOT_A_NAME = frozenset({"i", "me", "we", "you", "he", "him", "she", "her", "they", "it"})
_APPOSED = re.compile(r"\b(?:his|her|their|its|the|a|an|my|our|your)\s+(?:[a-z\-]+\s+){0,2}"
                      r"[a-z\-]+$")


class People:
    """PERSON (and organisation) mentions in body order, with canonical names and descriptors."""

    def __init__(self, body: str, entities: list[Entity],
                 quoted: list[tuple[int, int]] | None = None) -> None:
        self.body = body
        self.quoted = quoted or []
        # Answers of rules that scan the whole body, per word: asked once per article,
        # not once per quote (quotes._common_word).
        self.memo: dict[str, bool] = {}
        self.people: dict[str, Person] = {}
        self.mentions: list[Mention] = []
        self._full: dict[str, list[tuple[int, str]]] = defaultdict(list)  # last token -> forms
        self._fitting: dict[tuple[int, frozenset[str]], list[tuple[int, str]]] = {}
        # (start, text) -> dictionary form, where the text is an inflected form of the name
        # ("Дмитрия Пескова" is "Дмитрий Песков"): the speaker is named in that form.
        self._lemma: dict[tuple[int, str], str] = {}
        for ent in entities:
            if ent.label == "PERSON":
                tokens = clean_name(ent.text)
                if len(tokens) >= 2:
                    self._full[tokens[-1].lower()].append((ent.start, " ".join(tokens)))
                lemma = clean_name(ent.canonical)
                if tokens and lemma and not {t.lower() for t in tokens} <= \
                        {t.lower() for t in lemma}:
                    self._lemma[(ent.start, ent.text)] = " ".join(lemma)
                    if len(lemma) >= 2:
                        self._full[lemma[-1].lower()].append((ent.start, " ".join(lemma)))
        for ent in entities:
            if ent.label not in SPEAKER_LABELS or ent.text.lower() in _NOT_A_NAME:
                continue  # the NER sometimes tags "I" in an interview as a PERSON
            if ent.label != "PERSON":
                # NER labels one person differently across mentions ("Trump" as ORG): a name
                # whose last word is a person's surname in this article is that person.
                tokens = clean_name(ent.text)
                if tokens and tokens[-1].lower() in self._full and len(tokens) <= 3:
                    ent = Entity(start=ent.start, end=ent.end, text=ent.text, label="PERSON",
                                 canonical=self.canonical(ent.text, ent.start))
            self.mentions.append(Mention(ent.start, ent.end, ent.canonical, ent.label,
                                         _is_subject(body, ent.start, ent.end)))
            if ent.label == "PERSON":
                self._learn(ent)
        self._add_missed_surnames(entities)
        self._starts = [m.start for m in self.mentions]
        self._learn_descriptions()

    def _add_missed_surnames(self, entities: list[Entity]) -> None:
        """The NER often misses a bare surname it tagged in full before ("Mosman saw …" after
        "Judge Michael W. Mosman"); a capitalised surname of a person already named is that
        person too, so "he" and "the judge" can find him there."""
        surnames = {k for k, forms in self._full.items() if len(k) > 2 and k.isalpha()}
        if not surnames:
            return
        covered = sorted((e.start, e.end) for e in entities)
        first = min(pos for k in surnames for pos, _ in self._full[k])
        persons = sorted((e.start, e.end) for e in entities if e.label == "PERSON")
        pattern = re.compile(r"\b(" + "|".join(sorted((re.escape(k.title()) for k in surnames),
                                                       key=len, reverse=True)) + r")\b")
        for m in pattern.finditer(self.body):
            start, text = m.start(), m.group()
            given = self._given_name(start)
            if given:  # "Ivanka Trump" (the NER saw a product): another person of the family
                start, text = start - len(given) - 1, f"{given} {text}"
                if inside(persons, start):
                    continue
            elif start < first or inside(covered, start):
                continue
            name = self.canonical(text, start)
            self.mentions.append(Mention(start, m.end(), name, "PERSON",
                                         _is_subject(self.body, start, m.end())))
        self.mentions.sort(key=lambda mention: mention.start)

    def known_surname(self, word: str) -> bool:
        """True when ``word`` (lower case) is the last name of a person named in full."""
        return word in self._full

    def _given_name(self, start: int) -> str | None:
        """A capitalised first name right before a surname that the article's full forms do
        not contain ("Ivanka" before "Trump" when only "Donald Trump" was named)."""
        m = re.search(r"(?:^|[^\w.])([A-Z][a-z]+) $", self.body[max(0, start - 20):start])
        if m is None:
            return None
        given = m.group(1)
        low = given.lower()
        if low in HONORIFICS or low in TITLES or low in DETERMINERS or low in NOT_NAMES or \
                (low not in MALE_NAMES and low not in FEMALE_NAMES):
            return None
        return given

    # ------------------------------------------------------------------ names
    def canonical(self, text: str, position: int) -> str:
        """The fullest form of a person's name the article uses, nearest before ``position``."""
        lemma = self._lemma.get((position, text))
        if lemma is not None:
            return lemma
        tokens = clean_name(text)
        if not tokens:
            return text.strip()
        forms = self._full.get(tokens[-1].lower())
        form = nearest_form(forms, tokens, position, self._fitting) if forms else None
        return form or " ".join(tokens)

    def person(self, name: str) -> Person:
        found = self.people.get(name)
        if found is None:
            found = self.people[name] = Person(name)
            first = name.split()[0].lower()
            if first in MALE_NAMES:
                found.gender["m"] += 2
            elif first in FEMALE_NAMES:
                found.gender["f"] += 2
        return found

    def _learn(self, ent: Entity) -> None:
        person = self.person(ent.canonical)
        before = self.body[max(0, ent.start - 60):ent.start]
        words = _WORD.findall(before)
        if words and words[-1].lower() in HONORIFICS:
            person.gender[HONORIFICS[words[-1].lower()]] += 3
        # Descriptors: title words right before the name ("Russian President", "Kremlin
        # spokesman") and an appositive right after it (", the Russian president,").
        gap = before.rstrip()
        for word in reversed(words[-4:]):
            if not gap.endswith(word) or not (word[:1].isupper() or word.lower() in TITLES) \
                    or word.lower() in DETERMINERS or word.lower() in HONORIFICS:
                break
            gap = gap[: -len(word)].rstrip()
            person.descriptors.add(stem(word))
        after = self.body[ent.end:ent.end + 80]
        appositive = _APPOSITIVE.match(after)
        if appositive:
            person.descriptors.update(stem(w) for w in _WORD.findall(appositive.group(1)))
        window = after.split("\n", 1)[0][:100]
        pronoun = _PRONOUN_AFTER.search(window)
        # Another name before the pronoun may be what it refers to ("Deborah Reynolds -
        # Santilli's girlfriend and co-host on his channel"): then it says nothing.
        if pronoun and not re.search(r"\b[A-Z][a-z]+", window[: pronoun.start()]):
            word = pronoun.group(1).lower()
            person.gender["m" if word in MALE_WORDS else "f" if word in FEMALE_WORDS else "x"] += 1

    def _learn_descriptions(self) -> None:
        """"the Russian president" tells the nearest person named before, of no other
        nationality, that he is Russian: later "the Ukrainian leader" can then skip him."""
        for m in _NATIONAL_DESCRIPTION.finditer(self.body):
            nation = stem(m.group(1))
            if nation not in NATIONALITIES:
                continue
            for cand in self.before(m.start(), skip=self.quoted, window=1500):
                desc = self.person(cand.name).descriptors
                if desc & NATIONALITIES and nation not in desc:
                    continue
                desc.add(nation)
                desc.add(stem(m.group(2)))
                break

    def add_speaker(self, start: int, end: int, name: str) -> None:
        """A name found as the subject of a speech verb ("Devine said ..."): a sentence subject
        the NER may have missed, and a likely antecedent for a later "he said"."""
        index = bisect_left(self._starts, start)
        if index < len(self.mentions) and self.mentions[index].start == start:
            found = self.mentions[index]
            found.subject = True
            if found.label != "PERSON":  # NER called the speaker an ORG ("Eswar Prasad")
                found.label, found.name = "PERSON", name
            return
        self.mentions.insert(index, Mention(start, end, name, "PERSON", True))
        self._starts.insert(index, start)

    # -------------------------------------------------------------- look-ups
    def antecedent(self, position: int, sex: str, skip: list[tuple[int, int]]) -> str | None:
        """The person "he"/"she" at ``position`` most likely stands for.

        The nearest gender-compatible person who opened a recent sentence (the topic), else the
        nearest gender-compatible person named at all; names inside quotes do not count.
        """
        candidates = [c for c in self.before(position, skip=skip)
                      if self.person(c.name).sex in (None, sex)]
        for cand in candidates:
            if position - cand.end > SUBJECT_WINDOW:
                break
            if cand.subject:
                return cand.name
        return candidates[0].name if candidates else None

    def before(self, position: int, *, labels: frozenset[str] = frozenset({"PERSON"}),
               skip: list[tuple[int, int]] | None = None, window: int = 2500) -> list[Mention]:
        """Mentions ending before ``position``, nearest first, outside the ``skip`` spans
        (the quotes: sorted by start, not overlapping)."""
        index = bisect_left(self._starts, position)
        out = []
        for k in range(index - 1, -1, -1):
            mention = self.mentions[k]
            if mention.end > position or mention.label not in labels:
                continue
            if position - mention.end > window:
                break
            if skip and inside(skip, mention.start):
                continue
            out.append(mention)
        return out


def _cut_at_dash(start: int, end: int, text: str, label: str) -> tuple[int, int, str, str]:
    """A PERSON that runs over a spaced dash is a name and what follows it ("Deborah Jordan
    Reynolds - Santilli's" as one entity): keep the name."""
    if label == "PERSON":
        m = re.search(r"\s[-–—]\s", text)
        if m and m.start() > 0:
            text = text[:m.start()]
            end = start + len(text)
    return start, end, text, label


def nearest_form(forms: list[tuple[int, str]], tokens: list[str], position: int,
                 cache: dict[tuple[int, frozenset[str]], list[tuple[int, str]]]) -> str | None:
    """Of the full forms of a name (position, form; in body order) holding every word of
    ``tokens``, the one nearest before ``position``, else the first after; None if none does.

    The forms that fit a set of words are found once per list (``cache``) and then bisected:
    testing every form for every mention made a long article quadratic."""
    wanted = frozenset(t.lower() for t in tokens)
    fitting = cache.get((id(forms), wanted))
    if fitting is None:
        fitting = cache[(id(forms), wanted)] = sorted(
            (pos, form) for pos, form in forms if wanted <= {t.lower() for t in form.split()})
    if not fitting:
        return None
    index = bisect_right(fitting, position, key=lambda found: found[0])
    return fitting[index - 1][1] if index else fitting[0][1]


# Nouns that describe a person and that the English NER takes into the name when they are
# capitalised (a sentence or headline opening: "Comedian Volodymyr Zelenskiy won …"); with
# TITLES ("President", "Former") they are cut off a name's front.
ROLE_NOUNS = frozenset("""
comedian actor actress singer rapper musician star superstar billionaire businessman
businesswoman tycoon founder co-founder cofounder entrepreneur host presenter anchor journalist
reporter columnist author writer novelist director producer filmmaker player striker coach
champion rival challenger incumbent lawmaker legislator politician activist campaigner lawyer
economist scientist doctor officer soldier veteran survivor victim suspect defendant
""".split())
_FIRST_NAMES = MALE_NAMES | FEMALE_NAMES
# A score glued to a name ("Ons Jabeur 6-4", "Djokovic 7-6(5)"): the NER reads it as part of
# the name. Cut from the end of any name; any other figure only from a person's ("Boeing
# 737", "Channel 4", "Apollo 11" are names with their number).
_TRAILING_SCORE = re.compile(r"(?:\s+\d{1,2}[-–]\d{1,2}(?:\(\d+\))?,?)+$")
_TRAILING_FIGURE = re.compile(r"(?:\s+[\d(][\d.,:()%\-–/]*)+$")
# Stray punctuation at a span's edges ("Associated Press (", "Wall Street Journal/", a
# closing quote or apostrophe, 'the "Medicare', the "’s" of the word before): never part of
# a name. A final full stop stays ("Calif.", "Jr.").
_EDGE_JUNK = re.compile(r"^(?:(?:the|The|an?)\s+(?=[\"“‘']))?[\"“”‘’'(\[/,;:\-–—*]+(?:s\s+)?"
                        r"|[\s\"“”‘’'(\[\]/,;:\-–—*]+$")


# A headline in title case ("Trump Confirms …", "Trump Should Win GOP Nomination", "… Trump
# Thursday") runs its next word into a person's name: a speech verb ("Says", not "Said":
# Edward Said), a modal, a time word or pronoun (NOT_NAMES) never ends one.
_HEADLINE_TAIL = frozenset({v for v in SPEECH_VERBS if v.endswith("s") and " " not in v}
                           | {"should", "would", "could", "must", "might", "gets", "needs",
                              "wants"} | NOT_NAMES)


def _tidy(start: int, end: int, text: str, label: str) -> RawMention | None:
    """A name mention with what the NER glued to it cut away, or None when nothing of a name
    is left (a figure such as "757" or "46%-35%" tagged a place or organisation).

    Cuts stray edge punctuation, a trailing score, a headline's verb after a person, and for
    a person (or a person the NER called an organisation) the describing noun in front
    ("Comedian", "Ex-President"); the span keeps matching the body
    (``text == body[start:end]``)."""
    if label not in NAME_LABELS:
        return start, end, text, label
    m = _EDGE_JUNK.search(text)
    while m:  # both ends, one at a time
        if m.start() == 0:
            start, text = start + m.end(), text[m.end():]
        else:
            end, text = end - len(text) + m.start(), text[:m.start()]
        m = _EDGE_JUNK.search(text)
    m = (_TRAILING_FIGURE if label == "PERSON" else _TRAILING_SCORE).search(text)
    if m and m.start() > 0:
        end, text = end - len(text) + m.start(), text[:m.start()]
    if not any(ch.isalpha() for ch in text):
        return None
    if label == "PERSON":
        m = re.search(r"\s+(\S+)$", text)
        while m and m.start() > 0 and m.group(1).lower() in _HEADLINE_TAIL:
            end, text = end - len(text) + m.start(), text[:m.start()]
            m = re.search(r"\s+(\S+)$", text)
    if label in ("PERSON", "ORG"):
        start, text, label = _cut_role(start, text, label)
    return start, end, text, label


def _cut_role(start: int, text: str, label: str) -> tuple[int, str, str]:
    """"Comedian Volodymyr Zelenskiy" -> "Volodymyr Zelenskiy": capitalised role nouns (and
    "Former", "Ex-") before a name of two words or more are cut off a person's span; titles
    stay, ``clean_name`` drops them from the canonical name. An organisation so opened
    (titles too) whose rest is a first name and a surname is that person: the NER calls
    "Comedian Volodymyr Zelenskiy" an ORG."""
    words = list(re.finditer(r"\S+", text))
    cut = 0
    while len(words) - cut > 2:  # a first name and a surname stay
        word = words[cut].group()
        low = word.lower()
        if not word[:1].isupper() or not (
                low in ROLE_NOUNS or low.split("-")[0] in ("ex", "former")
                or (label == "ORG" and low.rstrip(".") in TITLES)):
            break
        cut += 1
    if cut == 0:
        return start, text, label
    rest = [w.group() for w in words[cut:]]
    if label == "ORG" and not (
            len(rest) in (2, 3) and rest[0].lower() in _FIRST_NAMES
            and all(w[:1].isupper() and w.replace("-", "").isalpha() for w in rest)):
        return start, text, label
    offset = words[cut].start()
    return start + offset, text[offset:], "PERSON"


def entities_from_doc(doc: Any, body: str) -> list[Entity]:
    """spaCy entities as records, each PERSON linked to the fullest name form in the article."""
    raw = (_tidy(*_cut_at_dash(e.start_char, e.end_char, e.text, e.label_)) for e in doc.ents)
    return link_entities([r for r in raw if r is not None])


# Raw mentions: (start, end, text as written, OntoNotes label).
RawMention = tuple[int, int, str, str]


def link_entities(raw: list[RawMention], forms: list[str] | None = None) -> list[Entity]:
    """Mentions as records, each PERSON linked to the fullest name form in the article.

    ``forms`` are the mentions' dictionary forms, for a language that inflects names
    ("Дмитрия Пескова" is "Дмитрий Песков"): names are linked and written in those;
    without it, in the text as written."""
    names = forms if forms is not None else [text for _, _, text, _ in raw]
    full: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for (start, _end, _text, label), name in zip(raw, names, strict=True):
        if label == "PERSON":
            tokens = clean_name(name)
            if len(tokens) >= 2:
                full[tokens[-1].lower()].append((start, " ".join(tokens)))
    out = []
    fitting: dict[tuple[int, frozenset[str]], list[tuple[int, str]]] = {}
    for (start, end, text, label), name in zip(raw, names, strict=True):
        canonical = name
        if label == "PERSON":
            tokens = clean_name(name)
            canonical = " ".join(tokens) or name
            found = full.get(tokens[-1].lower()) if tokens else None
            if found:
                canonical = nearest_form(found, tokens, start, fitting) or canonical
        elif label in NAME_LABELS:
            canonical = re.sub(r"^(?:the|The|an?)\s+", "", _POSSESSIVE.sub("", name)).strip()
        out.append(Entity(start=start, end=end, text=text, label=label, canonical=canonical))
    return out


_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
COMMON_PLACE_ZIPF = 4.3  # "Washington" 5.1, "Jordan" 4.5, "Houston" 4.4; "Putin" 4.1


def persons_by_surname(entities: list[Entity], language: str | None = None) -> list[Entity]:
    """A place or organisation whose words are a surname of a person the article names in
    full is that person ("Macron" tagged a place after "Emmanuel Macron"). Used for the
    languages whose NER mislabels bare surnames more often than English's. Given the
    language, a place that is a common word of it stays a place: "Washington" is the city
    in an article that also names Denzel Washington."""
    full: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for e in entities:
        if e.label == "PERSON" and len(e.canonical.split()) >= 2:
            full[e.canonical.split()[-1].lower()].append((e.start, e.canonical))
    fitting: dict[tuple[int, frozenset[str]], list[tuple[int, str]]] = {}
    out = []
    for e in entities:
        words = e.canonical.split()
        if e.label != "PERSON" and 0 < len(words) <= 2 and words[-1].lower() in full and not (
                language and e.label in _PLACE_LABELS
                and zipf(words[-1].lower(), language) >= COMMON_PLACE_ZIPF):
            form = nearest_form(full[words[-1].lower()], words, e.start, fitting)
            if form:
                e = Entity(start=e.start, end=e.end, text=e.text, label="PERSON", canonical=form)
        out.append(e)
    return out
