"""Direct quotes and their speakers, by explicit rules over quotation marks and speech verbs.

Two steps. ``find_spans`` pairs quotation marks (straight, curly, ``''…''``, guillemets, „…“)
paragraph by paragraph, and joins a quote that runs on into the next paragraph (the news
convention: no closing mark at the paragraph's end, an opening mark at the next one's start).
``attribute`` then looks at the writer's words around each quote, in this order:

1. after the quote: ``"…," X said`` / ``"…," said X`` / ``according to X`` / ``quoted X as saying``;
2. before it, in the same sentence: ``X said: "…"``, ``X said he was "…"`` (the last speech verb
   and its subject, skipping an appositive: ``Guy Cecil, the group's strategist, said``);
3. a quote with no cue of its own continues the previous quote's speaker when it follows it in
   the same paragraph or opens the next paragraph.

The mention is then resolved with ``entities.People``: a name to its fullest form, "he"/"she" to
the nearest gender-compatible person named before, "the Russian leader" to the nearest person
whose descriptors agree. A short quote with neither cue nor speaker is taken for a title,
nickname or scare quote and dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsprism.analyze.entities import People, clean_name, stem
from newsprism.analyze.records import Entity, Quote, SpeakerHow
from newsprism.analyze.speech_verbs import (
    ADVERBS, DETERMINERS, HONORIFICS, PRONOUNS, SPEECH_VERBS, SPEECH_VERBS_RU_UK, TITLES,
    VERB_PATTERN, WEAK_VERBS,
)

OPENERS = {"“", "„", "«", "``"}
CLOSERS = {"”", "»"}
AMBIGUOUS = {'"', "''"}
_MARK = re.compile(r"''|``|[\"“”„«»]")
_BLOCK = re.compile(r"[^\n]+")
_TOKEN = re.compile(r"[^\W_](?:[\w’'\-]|\.(?=\w))*\.?|[^\w\s]", re.UNICODE)
_ABBREVIATION = re.compile(r"^(?:[A-Z]|[A-Za-z]\.\S*|Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Sen|Rep|Gov|Lt|Col|"
                           r"Sgt|Capt|Prof|Rev|Adm|Maj|Mt|Ft|No|Inc|Corp|Co|Ltd|Jan|Feb|Aug|Sept|"
                           r"Oct|Nov|Dec)\.$")
_SENTENCE_END = re.compile(r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\b[A-Z])"
                           r"[.!?…]['’)]?\s+(?=[^a-z\s])")
_ACCORDING = re.compile(r"\baccording to\s+", re.IGNORECASE)
_QUOTED_AS = re.compile(r"\bquot(?:ed|es|ing)\s+(.{1,90}?)\s+as\s+say(?:ing|s)\b", re.IGNORECASE)
_DAY_WORDS = frozenset("monday tuesday wednesday thursday friday saturday sunday today yesterday "
                       "tonight night morning afternoon evening week earlier later".split())
_STOP = frozenset("""
that and but or when as after before while because if though although since where which who
whom whose what how why to in on at by with from into about than said says told in said
is was are were be been being not no so also
""".split())
_JOINERS = frozenset({"of", "for", "at", "de", "van", "von", "del", "da", "al", "bin", "le", "la"})
MAX_CUE_GAP = 120  # characters allowed between a quote's close and its speech verb
MIN_UNATTRIBUTED_WORDS = 8  # shorter quotes with neither cue nor speaker are dropped


@dataclass(slots=True)
class Span:
    """A quoted stretch found by its marks; ``segments`` are (start, end) per paragraph."""

    open_mark: int
    segments: list[tuple[int, int]] = field(default_factory=list)
    close_mark: int | None = None  # offset of the closing mark, None when unclosed
    close_len: int = 1

    @property
    def start(self) -> int:
        return self.segments[0][0]

    @property
    def end(self) -> int:
        return self.segments[-1][1]

    @property
    def after(self) -> int:
        """Offset just after the closing mark (or the end when unclosed)."""
        return self.close_mark + self.close_len if self.close_mark is not None else self.end


def _opener_like(text: str, i: int) -> bool:
    return i == 0 or text[i - 1].isspace() or text[i - 1] in "([{—–-/"


def _closer_like(text: str, i: int, n: int) -> bool:
    j = i + n
    return j >= len(text) or text[j].isspace() or text[j] in ".,;:!?)]}—–-…’'"


def find_spans(body: str) -> list[Span]:
    """Pair quotation marks into quoted spans, joining quotes that run over paragraphs."""
    spans: list[Span] = []
    carry: Span | None = None  # an unclosed quote at the end of the previous paragraph
    for block in _BLOCK.finditer(body):
        b0, b1 = block.start(), block.end()
        text = block.group()
        marks = [(m.start(), m.group()) for m in _MARK.finditer(text)]
        current: Span | None = None
        seg_start = 0
        if carry is not None:
            first = marks[0] if marks else None
            lead = text[: first[0]].strip() if first else text
            if first and not lead and (first[1] in OPENERS or first[1] in AMBIGUOUS):
                current, seg_start = carry, first[0] + len(first[1])
                marks = marks[1:]
            elif first and (first[1] in CLOSERS or first[1] in AMBIGUOUS) and \
                    _closer_like(text, first[0], len(first[1])):
                current, seg_start = carry, 0
            else:
                spans.append(carry)
            carry = None
        for pos, mark in marks:
            if current is None:
                if mark in CLOSERS and not _opener_like(text, pos):
                    continue  # a stray closing mark
                current = Span(open_mark=b0 + pos)
                seg_start = pos + len(mark)
                continue
            if mark in OPENERS or (mark in AMBIGUOUS and _opener_like(text, pos)
                                   and not _closer_like(text, pos, len(mark))):
                # A second opening mark: the first quote was never closed.
                if pos > seg_start:
                    current.segments.append((b0 + seg_start, b0 + pos))
                    spans.append(current)
                current = Span(open_mark=b0 + pos)
                seg_start = pos + len(mark)
                continue
            if pos > seg_start:
                current.segments.append((b0 + seg_start, b0 + pos))
                current.close_mark, current.close_len = b0 + pos, len(mark)
                spans.append(current)
            current = None
        if current is not None:
            if b1 > b0 + seg_start:
                current.segments.append((b0 + seg_start, b1))
                carry = current
            elif current.segments:
                carry = current
    if carry is not None:
        spans.append(carry)
    return [s for s in spans if s.segments and body[s.start:s.end].strip()]


# ---------------------------------------------------------------- tokens and noun phrases
@dataclass(slots=True)
class Tok:
    start: int
    end: int
    text: str

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()


def _tokens(body: str, lo: int, hi: int) -> list[Tok]:
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
    text: str
    start: int
    end: int


def _np_backward(toks: list[Tok], i: int) -> Mention | None:
    """The noun phrase (subject) ending at token ``i``, skipping adverbs and an appositive."""
    while i >= 0:
        t = toks[i]
        if t.low in ADVERBS or (t.low.endswith("ly") and not t.cap and len(t.low) > 4) \
                or t.low in _DAY_WORDS:
            i -= 1
            if i >= 0 and toks[i].low in {"on", "last", "this"} and toks[i + 1].low in _DAY_WORDS:
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
            if not (inner.low in DETERMINERS or inner.low in {"who", "which", "whose"}
                    or not inner.cap or inner.low in TITLES or inner.text[:1].isdigit()):
                return None
            i = j - 1
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
    if not re.match(r"\w", t.text) or t.low in _STOP:
        return None
    first = i
    seen_cap = False
    lowers = 0
    while first >= 0:
        t = toks[first]
        if not re.match(r"\w", t.text):
            break
        low = t.low
        if low in DETERMINERS:
            first -= 1
            break
        if low in _JOINERS and first > 0 and toks[first - 1].cap and first < i:
            first -= 1
            continue
        if t.cap:
            if low in _STOP and first < i:
                break
            seen_cap = True
        elif low in TITLES or low in HONORIFICS:
            pass
        elif seen_cap or low in _STOP or low in SPEECH_VERBS or lowers >= 3:
            break
        else:
            lowers += 1
        if i - first >= 8:
            break
        first -= 1
    first += 1
    if first > i:
        return None
    return Mention(" ".join(t.text for t in toks[first:i + 1]), toks[first].start, toks[i].end)


def _np_forward(toks: list[Tok], i: int) -> Mention | None:
    """The noun phrase starting at token ``i`` ("said Kremlin spokesman Dmitry Peskov, ...")."""
    if i >= len(toks):
        return None
    if toks[i].low in PRONOUNS:
        return Mention(toks[i].text, toks[i].start, toks[i].end)
    last = i - 1
    seen_cap = False
    j = i
    while j < len(toks) and j - i < 9:
        t = toks[j]
        if not re.match(r"\w", t.text):
            break
        if t.low in DETERMINERS and j == i:
            j += 1
            continue
        if t.cap:
            seen_cap = True
            last = j
        elif t.low in TITLES or t.low in HONORIFICS:
            last = j
        elif t.low in _JOINERS and seen_cap and j + 1 < len(toks) and toks[j + 1].cap:
            pass
        elif not seen_cap and t.low not in _STOP and j - i < 4:
            last = j
        else:
            break
        j += 1
    if last < i:
        return None
    return Mention(" ".join(t.text for t in toks[i:last + 1]), toks[i].start, toks[last].end)


# ------------------------------------------------------------------------- attribution
@dataclass(slots=True)
class Cue:
    verb: str
    mention: Mention | None


def _is_verb(word: str, strong_only: bool) -> bool:
    low = word.lower()
    if low in SPEECH_VERBS_RU_UK:
        return True
    return low in SPEECH_VERBS and not (strong_only and low in WEAK_VERBS)


def _cue_after(body: str, lo: int, hi: int) -> Cue | None:
    """``"…," X said`` / ``"…," said X`` / ``according to X`` right after a quote."""
    text = body[lo:hi]
    stripped = text.lstrip(" ,;:—–-")
    offset = lo + len(text) - len(stripped)
    if not stripped:
        return None
    m = _ACCORDING.match(stripped)
    if m:
        toks = _tokens(body, offset + m.end(), hi)
        return Cue("according to", _np_forward(toks, 0))
    m = _QUOTED_AS.search(stripped)
    if m and m.start() < 60:
        toks = _tokens(body, offset + m.start(1), offset + m.end(1))
        return Cue("quoted as saying", _np_forward(toks, 0))
    toks = _tokens(body, offset, min(hi, offset + MAX_CUE_GAP + 40))
    for k, t in enumerate(toks):
        if t.start - offset > MAX_CUE_GAP:
            break
        if t.text in {".", ";", "!", "?"}:
            break
        if not _is_verb(t.text, strong_only=k > 3) or t.cap and k > 0:
            continue
        if k == 0 or (k == 1 and toks[0].low in ADVERBS):
            return Cue(t.text, _np_forward(toks, k + 1))  # inverted: "said X"
        if toks[k - 1].low in {"to", "not"}:
            return None
        mention = _np_backward(toks, k - 1)
        if mention is None:
            return None
        return Cue(t.text, mention)
    return None


def _cue_before(body: str, lo: int, hi: int) -> Cue | None:
    """``X said: "…"`` / ``X said he was "…"`` / ``according to X, "…"`` before a quote."""
    text = body[lo:hi]
    m = None
    for m in _ACCORDING.finditer(text):
        pass
    if m is not None:
        toks = _tokens(body, lo + m.end(), hi)
        return Cue("according to", _np_forward(toks, 0))
    m = None
    for m in _QUOTED_AS.finditer(text):
        pass
    if m is not None:
        toks = _tokens(body, lo + m.start(1), lo + m.end(1))
        return Cue("quoted as saying", _np_forward(toks, 0))
    toks = _tokens(body, lo, hi)
    for k in range(len(toks) - 1, -1, -1):
        t = toks[k]
        if not _is_verb(t.text, strong_only=len(toks) - k > 3) or (t.cap and k > 0):
            continue
        if k > 0 and toks[k - 1].low in {"to", "not", "the", "a"}:
            continue
        mention = _np_backward(toks, k - 1) if k > 0 else None
        if mention is None and k + 1 < len(toks) and k > 0 and toks[k - 1].text == ",":
            mention = _np_forward(toks, k + 1)  # ", said X, "
        return Cue(t.text, mention)
    return None


def _clause_start(body: str, lo: int, hi: int) -> int:
    """Start of the writer's sentence that ends at ``hi`` (outside quotes, from ``lo``)."""
    start = lo
    for m in _SENTENCE_END.finditer(body, lo, min(len(body), hi + 1)):
        if m.end() <= hi:
            start = m.end()
    return start


def _clause_end(body: str, lo: int, hi: int) -> int:
    m = _SENTENCE_END.search(body, lo, min(len(body), hi + 1))
    return m.start() + 1 if m and m.start() < hi else hi


# --------------------------------------------------------------------------- resolving
def _resolve(mention: Mention, people: People | None, skip: list[tuple[int, int]],
             names: list[Entity]) -> tuple[str | None, SpeakerHow]:
    """The speaker a mention stands for, and how it was found."""
    low = mention.text.lower()
    if low in PRONOUNS:
        if low not in {"he", "she"} or people is None:
            return None, "pronoun"
        sex = PRONOUNS[low]
        for cand in people.before(mention.start, skip=skip):
            known = people.person(cand.name).sex
            if known in (None, sex):
                return cand.name, "pronoun"
        return None, "pronoun"
    inside = [e for e in names if e.start >= mention.start and e.end <= mention.end]
    for labels in (("PERSON",), ("ORG", "GPE", "NORP")):
        for ent in inside:
            if ent.label in labels:
                name = people.canonical(ent.text, ent.start) if people and \
                    ent.label == "PERSON" else ent.canonical
                return name, "name"
    tokens = clean_name(mention.text)
    words = [w for w in tokens if w[:1].isupper()]
    if words and (people is None or not _description(mention.text)):
        name = " ".join(words)
        return (people.canonical(name, mention.start) if people else name), "name"
    if people is None:
        return None, "description"
    if mention.text.split()[0].lower() in {"a", "an", "one", "two", "three", "several", "some"}:
        return None, "description"  # an indefinite description introduces someone unnamed
    wanted = {stem(w) for w in re.findall(r"\w+", low) if w not in DETERMINERS}
    candidates = people.before(mention.start, skip=skip)
    for cand in candidates:
        if wanted & people.person(cand.name).descriptors:
            return cand.name, "description"
    nationality = {w for w in wanted if w in _NATIONALITIES}
    for cand in candidates[:6]:
        desc = people.person(cand.name).descriptors
        if nationality and (desc & _NATIONALITIES) and not (nationality & desc):
            continue
        if _PERSON_ROLE.search(low):
            return cand.name, "description"
        break
    return None, "description"


def _description(text: str) -> bool:
    """True when a phrase reads as a description ("the Russian leader"), not a name."""
    words = text.split()
    return bool(words) and words[0].lower() in DETERMINERS and not words[-1][:1].isupper()


_PERSON_ROLE = re.compile(r"\b(leader|president|minister|spokes\w+|senator|governor|chief|head|"
                          r"candidate|nominee|secretary|chancellor|official|mayor|chairman|"
                          r"chairwoman|ambassador|general|congressman|congresswoman|lawmaker|"
                          r"businessman|billionaire|mogul|democrat|republican|former \w+|man|"
                          r"woman|author|founder|judge|justice|premier|king|queen|aide|adviser)\b")
_NATIONALITIES = frozenset(stem(w) for w in """
russian ukrainian american british french german chinese iranian israeli turkish polish syrian
indian japanese korean canadian mexican italian spanish european kremlin belarusian
""".split())


# ----------------------------------------------------------------------------- the rules
def extract_quotes(body: str, entities: list[Entity] | None) -> list[Quote]:
    """Direct quotes in ``body`` with speakers, cue verbs and the partial flag."""
    spans = find_spans(body)
    names = [e for e in entities or [] if e.label in {"PERSON", "ORG", "GPE", "NORP"}]
    people = People(body, entities) if entities is not None else None
    skip = [(s.open_mark, s.after) for s in spans]
    blocks = [(m.start(), m.end()) for m in _BLOCK.finditer(body)]
    quotes: list[Quote] = []
    previous: tuple[Span, Quote] | None = None
    for n, span in enumerate(spans):
        b0, b1 = _block_of(blocks, span.open_mark)
        e0, e1 = _block_of(blocks, max(span.open_mark, span.after - 1))
        prev_end = spans[n - 1].after if n and spans[n - 1].after > b0 else b0
        next_open = spans[n + 1].open_mark if n + 1 < len(spans) else len(body)
        after_hi = min(e1, next_open)
        after_lo = span.after
        clause_lo = _clause_start(body, prev_end, span.open_mark)
        cue = None
        if span.close_mark is not None:
            cue = _cue_after(body, after_lo, _clause_end(body, after_lo, after_hi))
        if cue is None or cue.mention is None:
            before = _cue_before(body, clause_lo, span.open_mark)
            if before is not None and (cue is None or before.mention is not None):
                cue = before
        if (cue is None or cue.mention is None) and body[clause_lo:span.open_mark].rstrip() \
                .endswith(":"):
            toks = _tokens(body, clause_lo, span.open_mark)
            subject = _np_forward(toks, 0)
            if subject is not None:
                cue = Cue(cue.verb if cue else ":", subject)
        speaker, how = None, "none"
        mention = cue.mention if cue else None
        if mention is not None:
            speaker, how = _resolve(mention, people, skip, names)
        elif previous is not None and previous[1].speaker and \
                _continues(body, previous[0], span, clause_lo, blocks):
            speaker, how = previous[1].speaker, "previous"
        words = len(body[span.start:span.end].split())
        if cue is None and speaker is None and words < MIN_UNATTRIBUTED_WORDS:
            continue  # a title, nickname or scare quote
        text = " ".join(" ".join(body[s:e].split()) for s, e in span.segments)
        quote = Quote(
            start=span.start, end=span.end, text=text, speaker=speaker,
            speaker_mention=mention.text if mention else None,
            speaker_start=mention.start if mention else None,
            cue=cue.verb if cue and cue.verb != ":" else None,
            partial=_partial(body, span, clause_lo, text),
            how=how, paragraphs=len(span.segments), closed=span.close_mark is not None,
        )
        quotes.append(quote)
        previous = (span, quote)
    return quotes


def _block_of(blocks: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for b0, b1 in blocks:
        if b0 <= pos < b1:
            return b0, b1
    return (pos, pos)


def _continues(body: str, prev: Span, span: Span, clause_lo: int,
               blocks: list[tuple[int, int]]) -> bool:
    """True when ``span`` carries on the previous quote (same speaker, no cue of its own)."""
    if body[clause_lo:span.open_mark].strip():
        return False  # the writer's own words come first: not a plain continuation
    between = body[prev.after:span.open_mark]
    if between.count("\n") == 0:
        return True
    prev_block = _block_of(blocks, prev.open_mark)
    this_block = _block_of(blocks, span.open_mark)
    gap = [b for b in blocks if prev_block[0] <= b[0] < this_block[0]]
    return len(gap) <= 1


def _partial(body: str, span: Span, clause_lo: int, text: str) -> bool:
    """A fragment woven into the writer's sentence, not a quoted sentence of its own."""
    lead = body[clause_lo:span.open_mark].strip()
    if not lead or lead.endswith((":", ",")) and text[:1].isupper():
        return False
    first = text.lstrip("…. ")[:1]
    return len(text.split()) < 5 or not first.isupper()
