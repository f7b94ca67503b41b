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
nickname or scare quote and dropped. A quote inside a passive question frame ("When asked
whether it was a "strategic disaster," Putin said") is the questioner's, not the answerer's.
The noun phrases next to a speech verb are read by ``phrases.py``, sentence and paragraph bounds
by ``clauses.py`` (linear in a long article); bench/README.md lists each rule with the errors it
fixed on quotes-dev.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice

from newsprism.analyze.clauses import block_index, block_of, clause_end, clause_start
from newsprism.analyze.entities import NATIONALITIES, Names, People, clean_name, stem
from newsprism.analyze.phrases import (
    STOP,
    Mention,
    Tok,
    np_backward,
    np_forward,
    tokens,
)
from newsprism.analyze.records import Entity, Quote, SpeakerHow
from newsprism.analyze.speaker_names import (
    Attribution,
    Rules,
    extract_foreign_quotes,
    foreign,
    zipf,
)
from newsprism.analyze.speech_verbs import (
    ADVERBS,
    AS_SAID,
    DETERMINERS,
    FRENCH_AUXILIARIES,
    HONORIFICS,
    NOT_NAMES,
    PRONOUNS,
    SPEECH_VERBS,
    SPEECH_VERBS_FR,
    SPEECH_VERBS_RU_UK,
    TITLES,
    VERB_PATTERN,
    WEAK_VERBS,
)

OPENERS = {"“", "„", "«", "``"}
CLOSERS = {"”", "»"}
AMBIGUOUS = {'"', "''"}
_PAIRS = {"„": "“", "»": "«"}  # an opening mark whose closing mark is another's opening one
_MARK = re.compile(r"''|``|[\"“”„«»]")
_BLOCK = re.compile(r"[^\n]+")
_WORD = re.compile(r"[^\W\d_]+")
# "according to X" and its French, Russian and Ukrainian forms ("по словам Пескова").
_ACCORDING = re.compile(r"\b(?:according to|selon|по словам|за словами)\s+", re.IGNORECASE)
_QUOTED_AS = re.compile(r"\bquot(?:ed|es|ing)\s+(.{1,90}?)\s+as\s+say(?:ing|s)\b", re.IGNORECASE)
MAX_CUE_GAP = 120  # characters allowed between a quote's close and its speech verb
MIN_UNATTRIBUTED_WORDS = 8
# Words and marks before a quote that its cue and subject are looked for in. The longest lead
# in quotes-dev and stories-dev is 69; a "sentence" with no full stop that holds a list of
# hundreds of quoted words would otherwise be read again for each quote in it (quadratic).
LEAD_TOKENS = 120
# Characters after a quote its sentence end is looked for within: past every cue the rules read
# after a quote (MAX_CUE_GAP and a subject here, clauses.LOOK_BACK in speaker_names).
SENTENCE_AFTER = 4 * MAX_CUE_GAP
_LEAD_TOKEN = re.compile(r"[\w’'.\-]+|[^\w\s]")  # a word or a mark, as phrases.tokens has them


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
            paired = _PAIRS.get(body[current.open_mark]) == mark  # German „…“ and »…«
            if not paired and (mark in OPENERS or (mark in AMBIGUOUS and _opener_like(text, pos)
                                                   and not _closer_like(text, pos, len(mark)))):
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


# ------------------------------------------------------------------------- attribution
@dataclass(slots=True)
class Cue:
    verb: str
    mention: Mention | None


_COORDINATORS = frozenset({"and", "but", "then", "before", "after", "while"})


def _is_verb(word: str, strong_only: bool) -> bool:
    low = word.lower()
    if low in SPEECH_VERBS_RU_UK or word in SPEECH_VERBS_FR:
        return True
    return low in SPEECH_VERBS and not (strong_only and low in WEAK_VERBS)


def _subject(text: str, lo: int, hi: int) -> Mention | None:
    """The subject of the writer's sentence in ``text[lo:hi]``: its first name or pronoun.

    Tries the noun phrase at the start, then after each comma (an introductory phrase such as
    "In the letter, ..." comes first).
    """
    toks = tokens(text, lo, hi)
    # A quoted stretch's closing mark also ends a phrase ('… called "distasteful," Santilli').
    starts = [0] + [k + 1 for k, t in enumerate(toks) if t.text in {",", "—", "–", '"', "”"}]
    for k in starts[:4]:
        if k < len(toks) and (toks[k].low in _INTRO or toks[k].low in STOP
                              or toks[k].low in NOT_NAMES):
            continue  # "Sunday morning, Clinton slammed …": the subject is after the comma
        if k + 1 < len(toks) and toks[k + 1].text == "(":
            continue  # a dateline: "Washington (AFP) –"
        if k + 1 < len(toks) and toks[k].text[:1].isdigit() and toks[k + 1].cap:
            k += 1  # an age before the name: "17-year-old Jared Potts echoed:"
        mention = np_forward(toks, k)
        if mention is None:
            continue
        named = toks[k].cap or (toks[k].low in DETERMINERS and k + 1 < len(toks)
                                and toks[k + 1].cap)  # "…, the Sanders campaign sent"
        if toks[k].low in PRONOUNS or named:
            return mention
    return None


_INTRO = frozenset("in on at after before when while as during for with speaking asked "
                   "but and yet so if although though since".split())


def _cue_after(text: str, lo: int, hi: int, subject_lo: int | None = None) -> Cue | None:
    """``"…," X said`` / ``"…," said X`` / ``according to X`` right after a quote."""
    region = text[lo:hi]
    # "'" / "’": a quote inside the quote closed with it ("… at all,''' said Mr. Meyer").
    stripped = region.lstrip(" ,;:—–-'’")
    offset = lo + len(region) - len(stripped)
    if not stripped:
        return None
    m = _ACCORDING.match(stripped)
    if m:
        return Cue(_according(m), np_forward(tokens(text, offset + m.end(), hi), 0))
    m = _QUOTED_AS.search(stripped)
    if m and m.start() < 60:
        toks = tokens(text, offset + m.start(1), offset + m.end(1))
        return Cue("quoted as saying", np_forward(toks, 0))
    toks = tokens(text, offset, min(hi, offset + MAX_CUE_GAP + 40))
    inverted = _french_inversion(toks)
    if inverted is not None:
        return inverted
    for k, t in enumerate(toks):
        if t.start - offset > MAX_CUE_GAP or t.text in {".", ";", "!", "?"} or \
                (t.text in {"§", "“", "”", '"'} and k == 0):
            break
        if not _is_verb(t.text, strong_only=k > 3) or t.cap and k > 0:
            continue
        participle = t.low.endswith("ing")
        if participle and subject_lo is not None and (k == 0 or toks[k - 1].text == ","):
            # '"fantastic," telling reporters ...' / '"…" to represent the UK, adding that …':
            # the sentence's subject speaks
            return Cue(t.text, _subject(text, subject_lo, lo))
        if k == 0 or (k == 1 and (toks[0].low in ADVERBS or _auxiliary(toks[0], t))):
            # "said X" / French "a déclaré X"
            return Cue(t.text, _named_apposition(text, np_forward(toks, k + 1)))
        if toks[k - 1].low in {"to", "not"} | _PASSIVE_AUX:
            return None
        mention = np_backward(toks, k - 1)
        if mention is None and toks[k - 1].text == "," and not participle:
            # '"…" that Sanders can catch Clinton, said Steve Elmendorf, …': inverted after
            # the writer's words that finish the quote's sentence.
            mention = _named_apposition(text, np_forward(toks, k + 1))
        if mention is None:
            return None
        return Cue(t.text, mention)
    return None


_PASSIVE_AUX = frozenset("be been being is was were are".split())
# French verb-subject inversion after a quote: "dit-il", "ajoute-t-elle", "a-t-il déclaré".
_INVERTED = re.compile(r"^(?:(\w+)-t-|(\w+)-)(il|elle)$")


def _auxiliary(tok: Tok, verb: Tok) -> bool:
    """French "a"/"ont" before a reporting verb's participle ("a déclaré")."""
    return tok.low in FRENCH_AUXILIARIES and verb.text in SPEECH_VERBS_FR


def _according(match: re.Match[str]) -> str:
    """The cue as written, in lower case ("according to", "selon", "по словам")."""
    return " ".join(match.group().lower().split())


def _french_inversion(toks: list[Tok]) -> Cue | None:
    """'« … », dit-il' / '« … », a-t-elle ajouté': the verb and its pronoun subject."""
    m = _INVERTED.match(toks[0].text) if toks else None
    if m is None:
        return None
    verb = m.group(1) or m.group(2)
    if verb not in SPEECH_VERBS_FR:
        if verb not in FRENCH_AUXILIARIES or len(toks) < 2 or \
                toks[1].text not in SPEECH_VERBS_FR:
            return None
        verb = toks[1].text
    return Cue(verb, Mention("", toks[0].end - len(m.group(3)), toks[0].end))
_APPOSED_NAME = re.compile(r",\s+((?:[A-Z][\w’'\-]+\.?\s+){1,3}[A-Z][\w’'\-]+)")


def _named_apposition(text: str, mention: Mention | None) -> Mention | None:
    """'said the former editor of the Standard, George Osborne': the name set after a
    description is who speaks."""
    words = text[mention.start:mention.end].split() if mention is not None else []
    if not words or words[0].lower() not in DETERMINERS:
        return mention
    m = _APPOSED_NAME.match(text, mention.end)
    return Mention("", m.start(1), m.end(1)) if m else mention


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    found = None
    for found in pattern.finditer(text):  # noqa: B007 - the last match is wanted
        pass
    return found


def _lead_start(masked: str, lo: int, hi: int) -> int:
    """Where a quote's lead may start: ``lo`` (its paragraph), or ``LEAD_TOKENS`` tokens before
    ``hi`` when there are more. A speech cue or subject is never hundreds of words before its
    quote, and the bound keeps the rules linear in a page-long "sentence" listing quoted words,
    which each quote would otherwise read again from its start. Looks back in a growing window
    (as ``clause_start`` does), so a long lead costs only its last tokens."""
    width = LEAD_TOKENS * 8
    while True:
        w0 = max(lo, hi - width)
        # Counted from the quote backwards, on the reversed window: only the last tokens cost.
        # The one found past LEAD_TOKENS may be cut by the window's edge, so it is never taken.
        found = islice(_LEAD_TOKEN.finditer(masked[w0:hi][::-1]), LEAD_TOKENS + 1)
        ends = [m.end() for m in found]
        if len(ends) > LEAD_TOKENS:
            return hi - ends[LEAD_TOKENS - 1]
        if w0 == lo:
            return lo
        width *= 4


def sentence_of(masked: str, span: Span, blocks: list[tuple[int, int]]) -> tuple[int, int, int]:
    """The start of a quote's paragraph, and the writer's sentence around the quote as the
    rules read it: from its start, looked for within ``LEAD_TOKENS`` before the quote
    (``_lead_start``), to its end, looked for within ``SENTENCE_AFTER`` characters after it.
    A paragraph that is one endless sentence listing thousands of quotes is then read near
    each quote, not from its start to its end for every quote (quadratic). English and the
    rules of other languages (``speaker_names``) share these bounds."""
    b0, _ = block_of(blocks, span.open_mark)
    _, e1 = block_of(blocks, max(span.open_mark, span.after - 1))
    sent_lo = clause_start(masked, _lead_start(masked, b0, span.open_mark), span.open_mark)
    return b0, sent_lo, clause_end(masked, span.after, min(e1, span.after + SENTENCE_AFTER))


def _cue_before(text: str, lo: int, hi: int) -> Cue | None:
    """``X said: "…"`` / ``X said he was "…"`` / ``according to X, "…"`` before a quote."""
    region = text[lo:hi]
    m = _last(_ACCORDING, region)
    if m is not None:
        return Cue(_according(m), np_forward(tokens(text, lo + m.end(), hi), 0))
    m = _last(_QUOTED_AS, region)
    if m is not None:
        toks = tokens(text, lo + m.start(1), lo + m.end(1))
        return Cue("quoted as saying", np_forward(toks, 0))
    toks = tokens(text, lo, hi)
    for k in range(len(toks) - 1, -1, -1):
        t = toks[k]
        if k > 0 and _phrasal(toks, k, region):
            k, t = k - 1, toks[k - 1]  # "As X pointed out, "…"", "As X put it: "…""
        elif not _is_verb(t.text, strong_only=len(toks) - k > 3) or (t.cap and k > 0):
            continue
        prev = toks[k - 1] if k > 0 else None
        if prev is not None and _auxiliary(prev, t):
            # "Emmanuel Macron a déclaré : « … »": the subject is before the auxiliary
            k -= 1
            prev = toks[k - 1] if k > 0 else None
        if prev is not None and (prev.low in {"to", "not", "the", "a", "an", "his", "her"}
                                 or prev.low in _PASSIVE_AUX):
            continue  # "should have been called "…"": a passive verb names no speaker
        if prev is None:
            return Cue(t.text, None)
        if prev.low in AS_SAID and t.low in SPEECH_VERBS_RU_UK:
            return Cue(t.text, np_forward(toks, k + 1))  # "Как сообщил Песков, «…»"
        participle = t.low.endswith("ing")
        # A quote's closing mark stands for the comma masked inside it ('"…," explaining').
        comma = prev.text in {",", '"', "”", "'"}
        if prev.low in _COORDINATORS or (participle and (comma or prev.low in
                                                         _PARTICIPLE_INTRO)):
            # "X called on her to resign and said, ..." / "X issued a statement, saying ..." /
            # "Obama punctuated his list by saying "Too many.""
            return Cue(t.text, _subject(text, lo, prev.start))
        mention = np_backward(toks, k - 1)
        if mention is None and prev.text == "," and k + 1 < len(toks):
            mention = np_forward(toks, k + 1)  # ", said X, "
        if participle and mention is not None and _thing(text[mention.start:mention.end]):
            # "she released a statement saying, "…"": the statement's author speaks.
            return Cue(t.text, _subject(text, lo, mention.start) or mention)
        return Cue(t.text, mention)
    return None


_PARTICIPLE_INTRO = frozenset({"by", "without", "after", "before", "while", "when", "in"})


def _subject_like(phrase: str) -> bool:
    """A phrase that can be a speaker: it has a capital (a name), or opens with a pronoun, a
    determiner or a title. "without reporters" ('"…" without reporters asking him') cannot."""
    words = phrase.split()
    low = words[0].lower() if words else ""
    return any(w[:1].isupper() or w[:1].isdigit() for w in words) or low in PRONOUNS or \
        low in DETERMINERS or low in TITLES or low in HONORIFICS


def _thing(phrase: str) -> bool:
    """A description that is not a person ("a statement", "a memo"): it says nothing itself."""
    return _description(phrase) and not _PERSON_ROLE.search(phrase.lower())


_PHRASAL = frozenset({("pointed", "out"), ("points", "out"), ("point", "out"), ("put", "it"),
                      ("puts", "it"), ("shot", "back"), ("fired", "back")})


def _phrasal(toks: list[Tok], k: int, region: str) -> bool:
    """A two-word speech verb ending at token ``k``: "pointed out", "shot back", and "put it"
    in its reporting sense ("As The Post's Ruth Marcus puts it, …")."""
    pair = (toks[k - 1].low, toks[k].low)
    if pair not in _PHRASAL:
        return False
    return pair[1] != "it" or re.search(r"\bas\b", region, re.IGNORECASE) is not None


def _colon_subject(text: str, lo: int, hi: int) -> Mention | None:
    """Who speaks in "Jones: "…"" / "X released the following statement: "…"."""
    toks = tokens(text, lo, hi)
    subject = np_backward(toks, len(toks) - 1) if toks and toks[-1].cap else None
    return subject or _subject(text, lo, hi)


def _ends_sentence(masked: str, span: Span, sent_lo: int) -> bool:
    """True when a quote woven into the writer's sentence also ends it: ``Sanders called
    Trump a "pathological liar." Carly Fiorina said ...``; the verb after it is the next
    sentence's. (A quote that opens its sentence keeps a cue after it: ``"No." Smith said``.)"""
    if not masked[sent_lo:span.open_mark].strip():
        return False
    end = span.segments[-1][1]
    closing = masked[span.segments[-1][0]:end].rstrip()
    return bool(closing[-1:] in {".", "!", "?"} and
                re.match(r"(?:''|['’\"”»])?\s+[^a-z\s]", masked[end:span.after + 3]))


# --------------------------------------------------------------------------- resolving
def _resolve(body: str, mention: Mention, people: People | None, skip: list[tuple[int, int]],
             names: Names) -> tuple[str | None, SpeakerHow]:
    """The speaker a mention stands for, and how it was found."""
    text = body[mention.start:mention.end]
    low = text.lower()
    if low in PRONOUNS:
        if low == "it":
            return _sentence_organisation(body, mention.start, names), "pronoun"
        if PRONOUNS[low] not in {"m", "f"} or people is None:
            return None, "pronoun"
        return people.antecedent(mention.start, PRONOUNS[low], skip), "pronoun"
    inside = names.within(mention.start, mention.end)
    # A person's name cut by the mention's edge still names the speaker ("Archbishop Aris
    # Shirvanian" when the phrase was taken from "Aris Shirvanian of the ...").
    persons = [e for e in names.overlapping(mention.start, mention.end)
               if e.label == "PERSON"]
    own = [e for e in persons if not e.text.endswith(("'s", "’s", "'", "’"))]
    if len(own) == 2 and re.fullmatch(r"\s+and\s+", body[own[0].end:own[1].start]):
        # "Blumenthal and Cohen: "…"": both speak (a joint statement, a co-written piece).
        both = [people.canonical(e.text, e.start) if people else e.canonical for e in own]
        return " and ".join(both), "name"
    if own or persons:
        ent = (own or persons)[-1]
        return (people.canonical(ent.text, ent.start) if people else ent.canonical), "name"
    if people is not None and _description(text):
        return _resolve_description(low, mention.start, people, skip), "description"
    for ent in inside:
        tail = _name_words(re.sub(r"^['’]s?", "", body[ent.end:mention.end]))
        if tail:
            # The organisation modifies the name after it: "the Washington Post's Ishaan
            # Tharoor", "United Auto Workers Secretary-Treasurer Gary Casteel".
            name = " ".join(tail)
            return (people.canonical(name, mention.start) if people else name), "name"
        if people is not None and len(clean_name(ent.text)) <= 3:
            # NER labels one person differently across mentions ("Bradley" as ORG after
            # "Tom Bradley"): a surname of a person this article names is that person.
            full = people.canonical(ent.text, ent.start)
            if len(full.split()) > len(clean_name(ent.text)):
                return full, "name"
        return ent.canonical, "name"
    head = re.split(r"\s+of\s+", text, maxsplit=1)[0]  # "Aris Shirvanian of the ..."
    words = _name_words(head) or _name_words(text)
    if words and people is not None and all(_common_word(w, body, people) for w in words):
        words = []  # "Somehow, he said", "Under "Privacy Settings" is …": no name at all
    if words:
        name = " ".join(words)
        return (people.canonical(name, mention.start) if people else name), "name"
    if people is None:
        return None, "description"
    return _resolve_description(low, mention.start, people, skip), "description"


def _body_name(body: str, said: Attribution, names: Names) -> str:
    """The name of a body where "they said" (``speaker_names``' rule, "В МИД России
    заявили"): the organisation or place the NER found at its start, in its nominative, and
    the words after it as written ("МИД России", "Министерство обороны России": a genitive
    complement, which ``_resolve`` would take for the speaker); as the rules have it without
    NER when no entity starts it."""
    start, end = said.start or 0, said.end or 0
    first = [e for e in names.overlapping(start, end) if e.start == start]
    if not first:
        return said.name or " ".join(body[start:end].split())
    return " ".join((first[0].canonical + body[min(first[0].end, end):end]).split())


def _sentence_organisation(body: str, position: int, names: Names) -> str | None:
    """"it" in 'The Ministry of Foreign Affairs has condemned what it calls a "…"': the
    organisation named earlier in the same sentence, if exactly one is."""
    lo = clause_start(body, max(0, body.rfind("\n", 0, position) + 1), position)
    found = {e.canonical for e in names.within(lo, position)
             if e.label in {"ORG", "GPE", "NORP"}}
    return found.pop() if len(found) == 1 else None


def _name_words(text: str) -> list[str]:
    """The capitalised words of a phrase that could be a name ("Now", "People", "My" and
    "Sunday" open sentences without naming anyone)."""
    return [w for w in clean_name(text) if w[:1].isupper() and not _shouting_word(w)
            and _CONTRACTION.sub("", w.lower()) not in NOT_NAMES
            and _CONTRACTION.sub("", w.lower()) not in PRONOUNS]


_CONTRACTION = re.compile(r"['’](?:s|d|m|ll|ve|re)$")  # "It's", "I'd" are no names


COMMON_ZIPF = 4.5  # wordfreq's Zipf scale: "somehow" 4.5, "under" 5.7; "Santilli" 1.6


def _common_word(word: str, body: str, people: People) -> bool:
    """A capitalised word the NER did not tag, that is a common English word and is never
    capitalised inside a sentence of this article: the capital is the sentence's, not a
    name's ("Somehow", "Note", "Under"). A surname the article names in full is a name."""
    low = word.lower()
    if people.known_surname(low) or zipf(low, "en") < COMMON_ZIPF:
        return False
    if word not in people.memo:
        people.memo[word] = re.search(r"[a-z,;]\s+" + re.escape(word) + r"\b", body) is None
    return people.memo[word]


def _shouting_word(word: str) -> bool:
    return len(word) > 5 and word.isupper()


def _resolve_description(low: str, position: int, people: People,
                         skip: list[tuple[int, int]]) -> str | None:
    """"the Russian leader" -> the nearest person named before whose descriptors agree."""
    first = low.split()[0] if low.split() else ""
    if first in {"a", "an", "one", "two", "three", "several", "some", "many", "other"}:
        return None  # an indefinite description introduces someone unnamed
    if not _PERSON_ROLE.search(low):
        return None
    wanted = {stem(w) for w in re.findall(r"\w+", low) if w not in DETERMINERS}
    candidates = people.before(position, skip=skip)
    nationality = wanted & _NATIONALITIES
    for cand in candidates[:8]:
        desc = people.person(cand.name).descriptors
        if (nationality & desc) if nationality else (wanted & desc):
            return cand.name
    for cand in candidates[:6]:
        desc = people.person(cand.name).descriptors
        if nationality and (desc & _NATIONALITIES) and not (nationality & desc):
            continue
        return cand.name
    return None


def _description(text: str) -> bool:
    """True when a phrase reads as a description ("the Russian leader"), not a name."""
    words = text.split()
    return bool(words) and words[0].lower() in DETERMINERS and not words[-1][:1].isupper()


_PERSON_ROLE = re.compile(r"\b(leader|president|minister|spokes\w+|senator|governor|chief|head|"
                          r"candidate|nominee|secretary|chancellor|official|mayor|chairman|"
                          r"chairwoman|ambassador|general|congressman|congresswoman|lawmaker|"
                          r"businessman|billionaire|mogul|democrat|republican|former \w+|man|"
                          r"woman|author|founder|judge|justice|premier|king|queen|aide|adviser|"
                          r"advisor|director|executive|strategist|pollster|economist|analyst|"
                          r"professor|lawyer|attorney|manager|official|envoy|diplomat|officer|"
                          r"commander|activist|speaker|host|anchor|reporter|writer|columnist|"
                          r"journalist|student|witness|resident|member|supporter|voter|teacher|"
                          r"doctor|researcher|scientist|historian|veteran|organizer|organiser)\b")
_NATIONALITIES = NATIONALITIES


# ----------------------------------------------------------------------------- the rules
def _mask(body: str, spans: list[Span]) -> str:
    """The body with quoted words blanked ("§" then spaces): the writer's words only.

    A quote's own closing full stop, question or exclamation mark is kept: ``… a
    "pathological liar." Carly Fiorina said …`` ends the writer's sentence there too, and
    without the mark the next sentence's cue or subject would be taken for this quote's.
    """
    chars = list(body)
    for span in spans:
        for s, e in span.segments:
            if e > s:
                chars[s] = "§"
                for k in range(s + 1, e):
                    if chars[k] != "\n":
                        chars[k] = " "
        last_s, last_e = span.segments[-1]
        tail = body[last_s:last_e].rstrip()
        if span.close_mark is not None and len(tail) > 1 and tail[-1] in ".!?":
            end = last_s + len(tail) - 1
            chars[end] = body[end]
    return "".join(chars)


def extract_quotes(body: str, entities: list[Entity] | None,
                   language: str | None = None) -> list[Quote]:
    """Direct quotes in ``body`` with speakers, cue verbs and the partial flag. A language
    other than English (``language``; None is English) without entities (no NER model) goes
    through ``speaker_names``."""
    if entities is None and foreign(language):
        return extract_foreign_quotes(body, language)
    rules = Rules(body, language, {e.start: e.end for e in entities or []
                                   if e.label in {"ORG", "GPE"}}) if foreign(language) else None
    spans = find_spans(body)
    masked = _mask(body, spans)
    names = Names([e for e in entities or [] if e.label in {"PERSON", "ORG", "GPE", "NORP"}])
    skip = [(s.open_mark, s.after) for s in spans]
    people = People(body, entities, skip) if entities is not None else None
    if people is not None:
        _speech_subjects(body, masked, people, names)
    blocks = [(m.start(), m.end()) for m in _BLOCK.finditer(body)]
    quotes: list[Quote] = []
    previous: tuple[Span, Quote] | None = None
    for n, span in enumerate(spans):
        b0, sent_lo, sent_hi = sentence_of(masked, span, blocks)
        if rules is not None and rules.quoted_name(masked, body[span.start:span.end],
                                                   span.open_mark, span.after, sent_lo, sent_hi):
            continue  # "ураган «Хелен»", "партия «Слуга народа»": a name, not a quote
        cue = None
        if span.close_mark is not None and not _ends_sentence(masked, span, sent_lo):
            hi = sent_hi
            # A cue after later fragments of the same sentence is this quote's too ('like
            # "maybe" and "perhaps", he told reporters'); a quoted sentence of its own has its
            # own cue, so the search stops at one.
            for later in spans[n + 1:]:
                if later.open_mark >= hi:
                    break
                if not body[later.start:later.end].lstrip(" .…")[:1].islower():
                    hi = later.open_mark
                    break
            cue = _cue_after(masked, span.after, hi, sent_lo)
            if cue is not None and cue.mention is not None and \
                    not _subject_like(body[cue.mention.start:cue.mention.end]):
                cue = Cue(cue.verb, None)
        if cue is None or cue.mention is None:
            before = _cue_before(masked, sent_lo, span.open_mark)
            if before is not None and (cue is None or before.mention is not None):
                cue = before
        if sent_lo == b0 and span.open_mark == b0 and b0 > 1:
            # The paragraph before (blocks are separated by one or more line breaks).
            before = block_index(blocks, b0) - 1
            p0 = blocks[before][0] if before >= 0 else b0
            prev_text = masked[p0:b0].rstrip()
            if prev_text.endswith(":") and "§" not in prev_text[-3:]:
                # "17-year-old Jared Potts echoed:" closing the paragraph before
                sent_lo = clause_start(masked, p0, p0 + len(prev_text))
                if cue is None or cue.mention is None:
                    cue = _cue_before(masked, sent_lo, p0 + len(prev_text)) or cue
                lead = masked[sent_lo:p0 + len(prev_text)]
            else:
                lead = ""
        else:
            lead = masked[sent_lo:span.open_mark].rstrip()
        if (cue is None or cue.mention is None) and lead.endswith(":"):
            subject = _colon_subject(masked, sent_lo, sent_lo + len(lead) - 1)
            if subject is not None:
                cue = Cue(cue.verb if cue else ":", subject)
        frame = _question_frame(masked, sent_lo, span.open_mark)
        if frame is not None:
            cue = frame  # the questioner's words, not the answerer's
        text = " ".join(" ".join(body[s:e].split()) for s, e in span.segments)
        after_cue = cue is not None and cue.mention is not None and \
            cue.mention.start >= span.after
        reported = cue is not None and cue.mention is not None and cue.verb.lower() in _SAY
        if not after_cue and _non_quote(body, span, text, reported):
            continue  # a title, a nickname, a scare-quoted term
        continuing = frame is None and previous is not None and bool(previous[1].speaker) \
            and _continues(masked, previous[0], span, sent_lo, blocks)
        if cue is None and not masked[sent_lo:span.open_mark].strip():
            # The writer's sentence just before, in the same paragraph, names who speaks:
            # 'Clinton touted her credentials. "We need ..."'
            w0 = max(b0, previous[0].after if previous else b0)
            writer = masked[w0:sent_lo].strip()
            # '"…," said Jennifer Palmieri, Mrs. Clinton's communications director. "We …"':
            # that sentence is the previous quote's cue, and this quote carries it on.
            cue_of_previous = previous is not None and previous[1].speaker_start is not None \
                and w0 <= previous[1].speaker_start < sent_lo
            if len(writer) > 20 and "§" not in writer and not cue_of_previous:
                c0 = clause_start(masked, w0, sent_lo - 1)
                # Its own speech verb first ('…, dos Santos says. "If …"'), else its subject.
                said = _cue_before(masked, c0, sent_lo)
                subject = said.mention if said is not None and said.mention is not None \
                    else _subject(masked, c0, sent_lo)
                if subject is not None:
                    cue, continuing = Cue("", subject), False
        if cue is None and not continuing:
            # No cue at all: the writer's sentence subject ("Trump blamed it on "sickos"").
            subject = _subject(masked, sent_lo, span.open_mark)
            if subject is not None and subject.start < span.open_mark:
                cue = Cue("", subject)
        said = None  # a Russian or Ukrainian body where "they said" ("В МИД России заявили")
        if rules is not None and not (cue and cue.verb):
            # Not English: a speaker only where a speech verb of the language names one.
            found = rules.attribute(masked, sent_lo, span.open_mark, span.after, sent_hi)
            cue = Cue(found.verb if found else "", found.mention() if found else None)
            said = found if found is not None and found.body else None
        elif rules is not None and frame is None:
            said = rules.body_said(masked, sent_lo, span.open_mark, span.after, sent_hi)
            if said is not None:
                cue = Cue(said.verb, said.mention())
        speaker: str | None = None
        how: SpeakerHow = "none"
        mention = cue.mention if cue else None
        if said is not None:
            speaker, how = _body_name(body, said, names), "name"
        elif mention is not None:
            speaker, how = _resolve(body, mention, people, skip, names)
            if speaker is None and how == "description" and lead.endswith(":"):
                subject = _subject(masked, sent_lo, sent_lo + len(lead) - 1)
                if subject is not None:
                    mention = subject
                    speaker, how = _resolve(body, mention, people, skip, names)
        elif continuing and previous is not None:
            speaker, how = previous[1].speaker, "previous"
        words = len(body[span.start:span.end].split())
        if not (cue and cue.verb) and speaker is None and words < MIN_UNATTRIBUTED_WORDS:
            continue  # most likely a scare quote
        if not re.search(r"[^\W\d_]", text) or body[span.open_mark - 1:span.open_mark] == "=":
            continue  # numbers, ids, HTML attribute values
        start, end = _trimmed(body, span.start, span.end)
        quote = Quote(
            start=start, end=end, text=text, speaker=speaker,
            speaker_mention=body[mention.start:mention.end] if mention else None,
            speaker_start=mention.start if mention else None,
            cue=cue.verb if cue and cue.verb not in {":", ""} else None,
            partial=_partial(masked, span, sent_lo, text),
            how=how, paragraphs=len(span.segments), closed=span.close_mark is not None,
        )
        quotes.append(quote)
        previous = (span, quote)
        if people is not None and how == "name" and mention is not None:
            _register_speaker(people, names, mention, speaker)
    return quotes


def _trimmed(body: str, start: int, end: int) -> tuple[int, int]:
    """The span without the spaces just inside its marks ("« une gêne limitée »" in French):
    ``body[start:end]`` is then the quote's text whenever it stays in one paragraph."""
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return start, end


_SMALL = frozenset("of the a an and in on at to for with from by or vs. de".split())
_NAMING = re.compile(r"(?:\b(?:called|dubbed|nicknamed|titled|entitled|named|so-called|"
                     r"known as|the|a|an|its|his|her|their|our|my|new|of)|['’]s)\s*$",
                     re.IGNORECASE)


# Someone's epithet for someone else: 'Christie called Obama a "petulant child"', 'what he
# called a "revolutionary mood"', 'calling himself the "king of debt"'. "call" with an object
# or a subject before it (not 'a book called "…"'), then an article; "what some call" is the
# writer's distance, a scare quote.
_CALLED = re.compile(r"(?:\bcall(?:s|ed|ing)?\s+(?:[\w’'.\-\"“”]+\s+){1,6}|"
                     r"\bwhat\s+(?!some\b|many\b|others\b)[\w’'\-]+\s+call(?:s|ed)?\s+)"
                     r"(?P<article>an?|the)\s*$", re.IGNORECASE)


# Verbs whose reported clause keeps a short quoted term as the speaker's own words: 'Briggs
# said Sanders came back to a "dead heat"' (weaker verbs, "called the "…"", stay as they were).
_SAY = frozenset({"say", "says", "said", "tell", "tells", "told", "argue", "argues", "argued",
                  "add", "adds", "added"})


def _non_quote(body: str, span: Span, text: str, reported: bool = False) -> bool:
    """A title, nickname or scare-quoted term rather than someone's words. ``reported``: the
    quote is in a clause reported by a named speaker's "said"; a short lower-case term after
    "a"/"the" there is that speaker's ("said the "extraordinary measures" were …")."""
    words = re.findall(r"[\w’'\-]+", text)
    if not words or len(words) > 6:
        return False
    significant = [w for w in words if w.lower() not in _SMALL]
    titled = bool(significant) and all(w[:1].isupper() or w[:1].isdigit() for w in significant)
    called = _CALLED.search(body[max(0, span.open_mark - 60):span.open_mark])
    if called is not None and (called["article"] != "the" or not titled):
        return False  # an epithet: a "Stalinist", the "king of debt"
    if titled and \
            (len(words) > 1 or _NAMING.search(body[max(0, span.open_mark - 25):span.open_mark])):
        return True  # "Eye of the Tiger", "The Muppets"
    if len(words) <= 3 and not reported and \
            _NAMING.search(body[max(0, span.open_mark - 25):span.open_mark]):
        follow = body[span.after:span.after + 20]
        return bool(re.match(r"\s*[a-z]", follow))  # the "contested convention" scenario
    return False


def _speech_subjects(body: str, masked: str, people: People, names: Names) -> None:
    """Register the named subjects of speech verbs in the writer's text with ``people``."""
    for m in _WORD.finditer(masked):  # a set look-up per word: faster than one big regex
        word = m.group()
        if word[:1].isupper() or m.start() == 0 or not _is_verb(word, strong_only=True):
            continue
        lo = clause_start(masked, max(0, masked.rfind("\n", 0, m.start()) + 1), m.start())
        toks = tokens(masked, lo, m.start())
        if toks and toks[-1].low in FRENCH_AUXILIARIES and word in SPEECH_VERBS_FR:
            toks = toks[:-1]  # "Macron a déclaré"
        if not toks or toks[-1].low in {"to", "not"}:
            continue
        mention = np_backward(toks, len(toks) - 1)
        if mention is None or not body[mention.start:mention.start + 1].isupper():
            continue
        text = body[mention.start:mention.end]
        if text.lower() in PRONOUNS or _description(text):
            continue
        inside = names.within(mention.start, mention.end)
        if inside and not any(e.label == "PERSON" for e in inside) and \
                not _appositive_person(body, inside[-1].end):
            continue  # an organisation speaking
        name, how = _resolve(body, mention, people, [], names)
        if name and how == "name":
            own = [e for e in inside if e.label == "PERSON"]
            start, end = (own[-1].start, own[-1].end) if own else (mention.start, mention.end)
            people.add_speaker(start, end, name)


_PASSIVE_ASKED = re.compile(r"(?:^|\b(?:when|after|before|while|once|if|being|was|were|is|are|"
                            r"been|be)\s+)asked\b(?:\s+by\s+(?P<agent>[^,;:§]{2,80}?)"
                            r"(?=\s+(?:about|whether|if|why|how|what|when|to|for|on)\b))?",
                            re.IGNORECASE)


def _question_frame(masked: str, sent_lo: int, open_mark: int) -> Cue | None:
    """A quote inside a passive question frame ("When asked whether it was a "strategic
    disaster," Putin said ...") repeats the question: the words are the questioner's, not
    those of the person answering in the main clause. The frame is still open when no speech
    verb and no closing comma or colon come between "asked" and the quote. The questioner is
    the agent ("asked by CNN's Jake Tapper whether") or, unnamed, nobody."""
    lead = masked[sent_lo:open_mark]
    m = _last(_PASSIVE_ASKED, lead)
    if m is None:
        return None
    rest = lead[m.end():]
    if rest.rstrip().endswith((",", ":", ";")) or "§" in rest or VERB_PATTERN.search(rest):
        return None
    agent = None
    if m.group("agent"):
        start = sent_lo + m.start("agent")
        agent = np_forward(tokens(masked, start, sent_lo + m.end("agent")), 0)
    return Cue("asked", agent)


_APPOSITIVE_ROLE = re.compile(r",\s+(?:a|an|the)\s+[^,.;:§]{0,60}?\b(?:" +
                              _PERSON_ROLE.pattern[3:-3] + r")\b")


def _appositive_person(body: str, end: int) -> bool:
    """NER sometimes labels a person's name ORG ("Eswar Prasad"); ", a professor of …" or
    ", the group's strategist" right after it says it is a person."""
    return bool(_APPOSITIVE_ROLE.match(body, end))


def _register_speaker(people: People, names: Names, mention: Mention,
                      speaker: str | None) -> None:
    """A person just quoted by name is the topic a later "he said" most likely refers to, also
    when the name came after the verb ('"…," said Matt Mackowiak, a strategist. … he added'),
    where the sentence-subject rule does not see it. Organisations are left out."""
    overlapping = names.overlapping(mention.start, mention.end)
    own = [e for e in overlapping if e.label == "PERSON"]
    if speaker is None or " and " in speaker or (overlapping and not own and
                           not _appositive_person(people.body, overlapping[-1].end)):
        return
    start, end = (own[-1].start, own[-1].end) if own else (mention.start, mention.end)
    people.add_speaker(start, end, speaker)


def _continues(masked: str, prev: Span, span: Span, sent_lo: int,
               blocks: list[tuple[int, int]]) -> bool:
    """True when ``span`` carries on the previous quote (same speaker, no cue of its own)."""
    lead = masked[sent_lo:span.open_mark]
    same_sentence = "§" in lead and prev.open_mark >= sent_lo  # the previous quote is in it
    if lead.strip() and not same_sentence and not _connective(lead):
        return False  # the writer's own words open the sentence: not a plain continuation
    tail = lead.rsplit("§", 1)[-1] if "§" in lead else ""
    if re.search(r"[,;\"”'’]\s+(?:[A-Z][\w’'\-]*\s+)+[a-z]+\s+\w+", tail):
        # 'a clip Judge Mosman called "distasteful," Santilli expressed a desire to "…"':
        # after the earlier quote a new subject and verb take over the sentence.
        return False
    between = masked[prev.after:span.open_mark]
    if between.count("\n") == 0:
        return True
    # Blocks from the previous quote's up to this one's: at most the previous quote's own.
    return block_index(blocks, span.open_mark) - block_index(blocks, prev.open_mark) <= 1


def _connective(lead: str) -> bool:
    """A lead that names nobody ("Instead, …", "Now, …", "It's …"): the quote after it goes on
    with the previous speaker's words."""
    words = re.findall(r"[\w’']+", lead.lower())
    return 0 < len(words) <= 3 and all(w in NOT_NAMES or w in _INTRO or w in {"is", "was"}
                                       for w in words)


def _partial(masked: str, span: Span, sent_lo: int, text: str) -> bool:
    """A fragment woven into the writer's sentence, not a quoted sentence of its own."""
    lead = masked[sent_lo:span.open_mark].strip()
    if not lead or lead.endswith((":", ",")) and text[:1].isupper():
        return False
    first = text.lstrip("…. ")[:1]
    return len(text.split()) < 5 or not first.isupper()
