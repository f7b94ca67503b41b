"""Claims: an article's checkable statements, one per sentence, with what comparison needs.

Why per sentence: outlets report a fact in one sentence far more often than across several, and
a sentence keeps exact offsets a reader can be shown. Each claim carries a light subject and
predicate guess, its negation, numbers, dates, places, other named entities (from the article's
NER analysis), who the text attributes it to ("according to X", "X said"), and its content
terms. Without NER (languages no model covers) names come from capitalised words and
``parsed`` is False. A quotation of several sentences is matched sentence by sentence but shown
whole (``quotation_spans``): "Yes, we must improve it." means nothing without its quotation.

    analysis = analyze_article(article)
    claims = extract_claims(article.body, article_id=article.id, entities=analysis.entities)
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsprism.analyze.sentences import Sentence, split_sentences

__all__ = ["Claim", "Quantity", "content_terms", "date_only", "entity_key", "extract_claims",
           "find_dates", "find_numbers", "quotation_spans", "stem"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Quantity:
    """A number as written and its value; ``unit`` is "%", "$", a counted noun, or None."""

    value: float
    text: str
    unit: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """One checkable statement. ``text == body[start:end]``."""

    article: int | str | None
    index: int
    start: int
    end: int
    text: str
    paragraph: int
    subject: str | None = None
    predicate: str | None = None
    negated: bool = False
    numbers: tuple[Quantity, ...] = ()
    dates: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    attribution: str | None = None
    quoted: bool = False
    terms: tuple[str, ...] = ()
    parsed: bool = False  # True when NER entities were available

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article, "index": self.index, "start": self.start, "end": self.end,
            "text": self.text, "subject": self.subject, "predicate": self.predicate,
            "negated": self.negated,
            "numbers": [{"value": q.value, "text": q.text, "unit": q.unit} for q in self.numbers],
            "dates": list(self.dates), "places": list(self.places),
            "entities": list(self.entities), "attribution": self.attribution,
            "quoted": self.quoted,
        }


STOPWORDS = frozenset(
    """
    a an the and or but if then than that this these those there here of to in on at by for with
    from as into onto about over after before under between through during without within upon
    is are was were be been being am do does did doing have has had having will would shall should
    can could may might must it its it's he him his she her hers they them their theirs we us our
    you your i me my mine who whom whose which what when where why how also not no nor so too very
    just only even still yet more most much many some any all each every both either neither such
    own same other another s t mr mrs ms dr said says say told tell according new one like up out
    """.split()
)
SPEECH_VERBS = frozenset(
    """
    say said says tell told state stated states write wrote writes add added adds announce
    announced confirm confirmed confirms report reported reports claim claimed claims insist
    insisted argue argued warn warned note noted explain explained acknowledge acknowledged
    admit admitted suggest suggested testify testified vow vowed declare declared
    """.split()
)
_NEGATIONS = frozenset({"not", "n't", "never", "no", "neither", "nor", "without", "nobody",
                        "nothing", "none", "cannot"})

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12,
}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3,
           "m": 1e6, "bn": 1e9}
_NUMBER = re.compile(
    r"(?P<cur>[$€£¥₴₽])?\s?(?P<num>\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?)"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|k|m)\b)?"
    r"(?:\s?(?P<pct>%|percent|per cent)\b)?"
    r"(?:[\s-]+(?P<noun>[a-z]+))?",
    re.IGNORECASE,
)
# A bare number set off by commas right after a name: "Mr. Markey, 66, a liberal".
_AGE = re.compile(r".*[A-Z][\w.'’-]*,\s\d{1,3},\s?$", re.DOTALL)
_WORD_NUMBER = re.compile(
    r"\b(?P<word>" + "|".join(_WORD_NUMBERS) + r")(?:\s(?P<scale>thousand|million|billion))?"
    r"(?:[\s-]+(?P<noun>[a-z]+))?\b",
    re.IGNORECASE,
)
_MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december"
    .split())}
_MONTH_ABBR = {m[:3]: i for m, i in _MONTHS.items()} | {"sept": 9}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DATE = re.compile(
    r"\b(?:(?P<month>" + "|".join(_MONTHS)
    + r"|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.)"
    r"(?:\s+(?P<mday>\d{1,2})(?:st|nd|rd|th)?\b)?(?:,?\s+(?P<myear>(?:19|20)\d\d))?"
    r"|(?P<weekday>" + "|".join(_WEEKDAYS) + r")"
    r"|(?P<year>(?:19|20)\d\d)(?:s\b)?"
    r"|(?P<rel>yesterday|today|tonight|tomorrow|(?:last|next|this|earlier this|later this)\s+"
    r"(?:year|month|week|weekend|spring|summer|fall|autumn|winter|morning|evening))\b)",
    re.IGNORECASE,
)
_QUOTE_CHARS = "\"“”«»„"
_ATTRIBUTION = re.compile(
    r"according to (?P<a>[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|of|the|de|von))*)"
    r"|(?P<b>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)\s+(?:said|says|told|wrote|added|stated|"
    r"confirmed|announced|reported)\b"
    r"|\b(?:said|says|told|wrote|added)\s+(?P<c>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)",
)
_TITLES = re.compile(
    r"^(?:mr|mrs|ms|dr|sen|rep|gov|gen|lt|president|prime minister|senator|governor|"
    r"representative|judge|justice|attorney general|secretary|chief|the)\.?\s+",
    re.IGNORECASE,
)
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_NAME = r"[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?"
# "four regions ... – Donetsk, Luhansk, Kherson and Zaporizhzhia": a list of names right after a
# plural place noun names places, whatever NER made of them (it often calls them people).
_PLACE_LIST = re.compile(
    r"\b(?:regions|cities|states|countries|provinces|districts|towns|territories|oblasts|"
    r"counties|areas|villages|islands)\b[^.;:–—(]{0,50}?(?:[–—:(]|\bincluding|\bsuch as)\s*"
    rf"(?P<names>{_NAME}(?:,\s*{_NAME})*,?\s+(?:and|or)\s+{_NAME})")
_ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW",
                            "PRODUCT", "WORK_OF_ART"})


def find_numbers(text: str) -> tuple[Quantity, ...]:
    """Numbers that are not years or dates: "1.5 million", "$10,000", "43", "four regions"."""
    out: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for m in _NUMBER.finditer(text):
        raw = m.group("num")
        grouped = re.search(r"\d[,\u202f\u00a0 ]\d{3}", raw)
        digits = re.sub(r"[,\u202f\u00a0 ]", "", raw) if grouped \
            else raw.replace(",", ".")
        try:
            value = float(digits)
        except ValueError:
            continue
        scale, pct, cur, noun = m.group("scale"), m.group("pct"), m.group("cur"), m.group("noun")
        if not (scale or pct or cur) and 1900 <= value <= 2100 and "." not in digits:
            continue  # a year: a date, not a quantity
        if _date_context(text, m.start("num")):
            continue  # "April 30", "Jan. 5"
        if re.match(r"(?:st|nd|rd|th)\b", text[m.end("num"):], re.IGNORECASE):
            continue  # an ordinal names a thing ("the 11th District"), it counts nothing
        if scale:
            value *= _SCALES[scale.lower()]
        unit = "%" if pct else cur if cur else _unit(noun)
        if unit is None and _AGE.match(text, max(0, m.start("num") - 40), m.end("num") + 1):
            unit = "age"  # "Mr. Grimm, 44, a Republican": an age, not a count
        end = m.end() if unit == _unit(noun) and unit else m.end("pct") if pct else \
            m.end("scale") if scale else m.end("num")
        out.append(Quantity(value=value, text=text[m.start():end].strip(), unit=unit))
        taken.append(m.span())
    for m in _WORD_NUMBER.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        value = float(_WORD_NUMBERS[m.group("word").lower()])
        if m.group("scale"):
            value *= _SCALES[m.group("scale").lower()]
        unit = _unit(m.group("noun"))
        if value == 1 and unit is None:
            continue  # "one of the ...", "the one who"
        out.append(Quantity(value=value, text=m.group(0).strip(), unit=unit))
    return tuple(out)


def _unit(noun: str | None) -> str | None:
    if not noun:
        return None
    noun = noun.lower()
    if noun in STOPWORDS or noun in _SCALES or noun in {"percent"}:
        return None
    return noun[:-1] if noun.endswith("s") and len(noun) > 3 else noun


def _date_context(text: str, start: int) -> bool:
    before = text[max(0, start - 12):start].lower()
    return bool(re.search(r"(?:" + "|".join(_MONTHS) + r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct"
                          r"|nov|dec)\.?\s+$", before))


def date_only(text: str) -> bool:
    """The text names a date and nothing else ("(Sept. 5)", "— on Tuesday, Sept. 5 —"), not
    one with words of its own ("(passed in 2012)", "(born 1952)")."""
    rest = _DATE.sub(" ", text)
    return rest != text and not re.search(r"[^\W\d_]", _DATE_GLUE.sub(" ", rest))


_DATE_GLUE = re.compile(r"\b(?:on|and|local time)\b", re.IGNORECASE)


def find_dates(text: str) -> tuple[str, ...]:
    """Date mentions normalised to comparable keys: "month:4", "day:4-30", "year:2013",
    "weekday:tuesday", "rel:last year"."""
    keys: list[str] = []
    for m in _DATE.finditer(text):
        if m.group("month"):
            name = m.group("month").lower().rstrip(".")
            month = _MONTHS.get(name) or _MONTH_ABBR.get(name[:4] if name == "sept" else name[:3])
            if name == "may" and not m.group("mday") and not m.group("myear") and not re.search(
                    r"(?:\bin|mid|early|late|since|until|by|of|last|next)[\s-]+$",
                    text[max(0, m.start() - 7):m.start()], re.IGNORECASE):
                continue  # the verb "may"
            keys.append(f"month:{month}")
            if m.group("mday"):
                keys.append(f"day:{month}-{int(m.group('mday'))}")
            if m.group("myear"):
                keys.append(f"year:{m.group('myear')}")
        elif m.group("weekday"):
            keys.append(f"weekday:{m.group('weekday').lower()}")
        elif m.group("year"):
            keys.append(f"year:{m.group('year')}")
        elif m.group("rel"):
            keys.append("rel:" + " ".join(m.group("rel").lower().split()))
    return tuple(dict.fromkeys(keys))


# Phrasal verbs and near-synonyms news copy uses for one act, mapped to one term.
SYNONYMS = {"pull out": "withdraw", "pulled out": "withdraw", "pulls out": "withdraw",
            "leave": "withdraw", "fired": "dismiss",
            "dismissed": "dismiss", "sacked": "dismiss", "ousted": "dismiss",
            "ceasefire": "ceasefire", "cease-fire": "ceasefire", "truce": "ceasefire",
            "talks": "negotiation", "negotiations": "negotiation", "indicted": "charge",
            "charges": "charge", "charged": "charge", "lawsuit": "suit", "sued": "suit",
            "invitation": "invite", "invited": "invite", "welcome": "invite"}


def content_terms(words: Sequence[str]) -> tuple[str, ...]:
    """Lower-cased content words, stopwords and punctuation dropped, dots removed ("F.B.I.")."""
    out: list[str] = []
    previous = ""
    for word in words:
        w = word.lower().strip("'’.-").replace(".", "")
        if w.endswith(("'s", "’s")):
            w = w[:-2]
        if out and f"{previous} {w}" in SYNONYMS:
            out[-1] = SYNONYMS[f"{previous} {w}"]
            continue
        previous = w
        if len(w) < 2 or w in STOPWORDS or not any(c.isalnum() for c in w):
            continue
        out.append(SYNONYMS.get(w, w))
    return tuple(out)


def stem(word: str) -> str:
    """A light suffix stripper: enough to match "negotiations"/"negotiation", "ruled"/"rules"."""
    for suffix in ("ings", "ing", "edly", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def entity_key(name: str) -> str:
    """A key that matches "Mr. Cowan", "William Cowan" and "Cowan's": the last name, lower-cased."""
    name = _TITLES.sub("", name.strip()).strip()
    name = re.sub(r"['’]s$", "", name)
    parts = [p for p in re.split(r"\s+", name) if p]
    if not parts:
        return ""
    return parts[-1].lower().strip(".,")


def extract_claims(body: str, *, article_id: int | str | None = None,
                   entities: Sequence[Any] | None = None,
                   sentences: Sequence[Sentence] | None = None) -> list[Claim]:
    """The claims of one article body.

    ``entities`` are the analysis' NER mentions (``analyze.records.Entity``: start, end, text,
    label, canonical) with offsets into ``body``; None (no NER model for the language) falls back
    to capitalised words. Sentences with ", but" or ";" are also cut into clauses, since one
    sentence often carries two facts that other outlets report apart.
    """
    ents = sorted(entities or (), key=lambda e: e.start)
    ent_starts = [e.start for e in ents]  # bisected per claim: a long article has thousands
    claims: list[Claim] = []
    for sentence in sentences if sentences is not None else split_sentences(body):
        for start, end in _clauses(body, sentence.start, sentence.end):
            text = body[start:end]
            if not _is_statement(text):
                continue
            part = Sentence(start=start, end=end, text=text, paragraph=sentence.paragraph,
                            index=len(claims))
            inside = [e for e in ents[bisect_left(ent_starts, start):
                                      bisect_right(ent_starts, end)] if e.end <= end]
            claims.append(_claim(part, article_id, inside if entities is not None else None))
    return claims


# A quotation of several sentences is shown whole up to these bounds; a longer one (a speech
# printed at length) is shown sentence by sentence, as each can be read on its own.
QUOTE_SENTENCES = 4
QUOTE_CHARS = 600
_MARKS = re.compile("[\"\u201c\u201d\u201e\u00ab\u00bb]")
# The mark that closes each opening mark: “…”, „…“ (German), «…», "…"; »…« is set per paragraph.
_CLOSER = {"\u201c": "\u201d", "\u201e": "\u201c", "\u00ab": "\u00bb", '"': '"'}


def quotation_spans(body: str, sentences: Sequence[Sentence] | None = None
                    ) -> list[tuple[int, int]]:
    """(start, end) of each run of sentences that one quotation spans inside a paragraph
    (``"We have a system. We must improve it," he said.``): the unit a reader is shown, so that
    no shown claim starts or ends inside a quotation. Claims stay per sentence (alignment
    matches sentences); comparison shows a claim inside such a run as the whole run. Beyond
    ``QUOTE_SENTENCES`` sentences or ``QUOTE_CHARS`` characters a quotation stays in
    sentences. A quotation left open at a paragraph's end (it runs on in the next) is none."""
    units = list(sentences) if sentences is not None else split_sentences(body)
    spans: list[tuple[int, int]] = []
    k = 0
    while k < len(units):
        j = k + 1
        while j < len(units) and units[j].paragraph == units[k].paragraph:
            j += 1
        spans += _paragraph_runs(body, units[k:j])
        k = j
    return spans


def _paragraph_runs(body: str, para: Sequence[Sentence]) -> list[tuple[int, int]]:
    if len(para) < 2 or not _MARKS.search(body, para[0].start, para[-1].end):
        return []
    quotes = _quotations(body, para[0].start, para[-1].end)  # in the order they open
    opens = [open_at for open_at, _ in quotes]
    ends = [s.end for s in para]
    runs: list[tuple[int, int]] = []
    k = 0
    while k < len(para):
        last = k
        # the quotations opening in sentence k (looked up, not scanned: a paragraph of
        # thousands of quoted sentences was quadratic)
        for q in range(bisect_left(opens, para[k].start), bisect_left(opens, para[k].end)):
            if para[k].end < quotes[q][1]:
                last = max(last, min(bisect_left(ends, quotes[q][1]), len(para) - 1))
        if k < last < k + QUOTE_SENTENCES and para[last].end - para[k].start <= QUOTE_CHARS:
            runs.append((para[k].start, para[last].end))
        k = last + 1
    return runs


def _quotations(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """(open, close) offsets of the quotations that open and close within ``text[lo:hi]`` (one
    paragraph). A straight and a curly double mark close each other (copy mixes them)."""
    closer = _CLOSER
    first_guillemet = re.search("[\u00ab\u00bb]", text[lo:hi])
    if first_guillemet and first_guillemet.group() == "\u00bb":
        closer = {**_CLOSER, "\u00bb": "\u00ab"}  # German and Danish print: »Wir sind bereit«
        del closer["\u00ab"]
    spans: list[tuple[int, int]] = []
    opened: tuple[int, str] | None = None
    for m in _MARKS.finditer(text, lo, hi):
        mark = m.group()
        if opened is None:
            if mark in closer:
                opened = (m.start(), closer[mark])
        elif mark == opened[1] or (opened[1] in '"\u201d' and mark in '"\u201d'):
            spans.append((opened[0], m.end()))
            opened = None
    return spans


# A clause after ", but" with no subject of its own ("..., but said compromises needed to be
# made") is still cut: kept whole, such a sentence no longer matched another outlet's shorter
# report of its first half (compare-dev lost the "when Cowan left" differs group: ALIGN_R
# 0.688 -> 0.680, DIFFERS_R 0.462 -> 0.385), and dropped, the fact only this outlet reports
# would vanish. A reader sees it marked as a clause ("…said", compare.render.shown_claim).
_CLAUSE_CUT = re.compile(r",\s+but\s+(?:that\s+)?|;\s+|,\s+and\s+(?=(?:the\s+|previous\s+)?"
                         r"[\w-]+\s+(?:[\w-]+\s+)?(?:have|has|had|was|were|is|are)\b)")


def _clauses(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentence, or its clauses when it joins two statements with ", but" or ";".

    Not a sentence that is part of a longer quotation (it opens or closes a quote it does not
    also close or open): cut, it would leave fragments holding half a quote.
    """
    text = body[start:end]
    if _unbalanced_quotes(text):
        return [(start, end)]
    # Five words or more on each side; counted by bisecting the words' offsets, not by
    # splitting the sentence again at every cut (a long list joined by ";" was quadratic).
    words = [(w.start(), w.end()) for w in _TOKEN.finditer(text)]
    starts, ends = [w[0] for w in words], [w[1] for w in words]
    cuts = [m for m in _CLAUSE_CUT.finditer(text)
            if bisect_left(starts, m.start()) >= 5
            and len(words) - bisect_right(ends, m.end()) >= 5]
    if not cuts:
        return [(start, end)]
    spans = []
    prev = 0
    for m in cuts:
        spans.append((start + prev, start + m.start()))
        prev = m.end()
    spans.append((start + prev, end))
    return spans


_TOKEN = re.compile(r"\S+")


def _unbalanced_quotes(text: str) -> bool:
    """Whether ``text`` opens or closes a quotation it does not also close or open.

    “…” and „…“ (German) share a mark, so curly marks are counted in pairs; straight quotes
    too. Guillemets open and close with different marks."""
    opening, closing, low = (text.count(c) for c in "\u201c\u201d\u201e")
    curly = (opening + closing + low) % 2 == 1 or (not low and opening != closing)
    guillemets = text.count("\u00ab") != text.count("\u00bb")
    return curly or guillemets or text.count('"') % 2 == 1


def _is_statement(text: str) -> bool:
    """Skip headings, bylines, datelines, links and fragments: they state nothing checkable."""
    stripped = text.strip("*#_ ")
    if text.startswith("#") or re.match(r"^(?:by|photo|image|credit|original url)\b", stripped,
                                       re.IGNORECASE):
        return False
    if re.search(r"https?://", text):
        return False
    words = re.findall(r"\w+", text)
    return len(words) >= 4


def _claim(sentence: Sentence, article: int | str | None, entities: list[Any] | None) -> Claim:
    text = sentence.text
    quote_chars = sum(text.count(c) for c in _QUOTE_CHARS)
    quoted = quote_chars >= 2 and _quoted_share(text) > 0.5
    words = re.findall(r"[\w'’.-]+", text, re.UNICODE)
    if entities is None:
        names = _capitalised_names(words)
        places: tuple[str, ...] = tuple(dict.fromkeys(_listed_places(text)))
    else:
        names = tuple(dict.fromkeys(
            e.canonical or e.text for e in entities if e.label in _ENTITY_LABELS))
        places = tuple(dict.fromkeys(
            [e.canonical or e.text for e in entities if e.label in _PLACE_LABELS]
            + _listed_places(text)))
    subject, predicate = _subject_predicate(text, names)
    lowered = [w.lower() for w in words]
    negated = any(w in _NEGATIONS or w.endswith("n't") for w in lowered)
    return Claim(
        article=article, index=sentence.index, start=sentence.start, end=sentence.end,
        text=text, paragraph=sentence.paragraph, subject=subject, predicate=predicate,
        negated=negated, numbers=find_numbers(text), dates=find_dates(text), places=places,
        entities=names, attribution=_attribution(text), quoted=quoted,
        terms=content_terms(words), parsed=entities is not None,
    )


_AUX = frozenset("is are was were be been has have had will would can could should may might "
                 "must did does do shall".split())


def _subject_predicate(text: str, names: Sequence[str]) -> tuple[str | None, str | None]:
    """A light guess without a parser: the first named entity (or first words) as subject, the
    first verb-looking word after it (after an auxiliary, or ending in -ed/-s) as predicate."""
    subject = names[0] if names else None
    words = re.findall(r"[\w'’-]+", text)
    lowered = [w.lower() for w in words]
    begin = 0
    if subject:
        first = subject.split()[-1].lower()
        for i, w in enumerate(lowered):
            if w.startswith(first.lower()):
                begin = i + 1
                break
    for i in range(begin, len(lowered)):
        w = lowered[i]
        if w in _AUX or w in _NEGATIONS or w.endswith("n't"):
            continue
        prev = lowered[i - 1] if i else ""
        if prev in _AUX or prev in _NEGATIONS or prev.endswith("n't") or (
                len(w) > 4 and w.endswith(("ed", "es")) and not words[i][0].isupper()):
            return subject, stem(w)
    return subject, None


def _listed_places(text: str) -> list[str]:
    out: list[str] = []
    for m in _PLACE_LIST.finditer(text):
        names = re.split(r",\s*|\s+(?:and|or)\s+", m.group("names"))
        out += [n.strip() for n in names if n.strip()]
    return out


def _quoted_share(text: str) -> float:
    inside = 0
    depth = False
    for char in text:
        if char in _QUOTE_CHARS:
            depth = not depth
        elif depth:
            inside += 1
    return inside / max(1, len(text))


def _attribution(text: str) -> str | None:
    m = _ATTRIBUTION.search(text)
    if not m:
        return None
    return next(g for g in m.groups() if g)


def _capitalised_names(words: Sequence[str]) -> tuple[str, ...]:
    """Runs of capitalised words not at the sentence start: names in any cased script."""
    names: list[str] = []
    run: list[str] = []
    for position, word in enumerate(list(words) + ["."]):
        if position > 0 and word[:1].isupper() and word.lower() not in STOPWORDS:
            run.append(word.rstrip(".,"))
            continue
        if run:
            names.append(" ".join(run))
            run = []
    return tuple(dict.fromkeys(names))
