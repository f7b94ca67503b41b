"""Sentence splitting with character offsets, shared by quotes, claims and comparison.

Why our own splitter: spaCy's parser splits badly on news text (quotes, "U.S.", datelines) and
exists only for a few languages; claims and quotes need exact offsets into ``Article.body``.

Usage (for the quotes and claims code)::

    from newsprism.analyze.sentences import split_sentences
    for s in split_sentences(article.body):
        s.start, s.end, s.text, s.paragraph      # body[s.start:s.end] == s.text

Rules: paragraph breaks (a blank line, or any newline) always end a sentence; inside a paragraph
a sentence ends at ``.``, ``!``, ``?``, ``…`` or CJK ``。！？`` (plus any closing quotes/brackets)
when whitespace and a sentence opener follow (an upper-case letter in any script, a digit, an
opening quote or bracket, a dash). A full stop after a known abbreviation ("Mr.", "Gov.",
"U.S.", "Jan.", "St."), a single initial ("John F. Kennedy") or a number ("No. 5") does not end
a sentence unless the abbreviation is clearly sentence-final (the abbreviation list is in
``ABBREVIATIONS``).
Scripts without case (Arabic, CJK, ...) split on punctuation plus whitespace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ABBREVIATIONS", "Sentence", "split_paragraphs", "split_sentences"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Sentence:
    """One sentence: ``text == source[start:end]``; ``paragraph`` counts from 0."""

    start: int
    end: int
    text: str
    paragraph: int
    index: int


# Lower-cased, without the final dot. Titles, ranks, months, common Latin and address forms,
# in English plus a few other Latin-script languages (de/fr/es/it/nl) and Russian/Ukrainian.
ABBREVIATIONS: frozenset[str] = frozenset(
    """
    mr mrs ms messrs mme mlle dr prof sr jr st ste mt ft gen lt col maj capt cmdr adm sgt cpl pvt
    gov sen rep reps sens supt insp det atty rev fr hon pres vice amb
    jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun
    no nos vol vols p pp para art fig figs ch sec ed eds est approx ca cf vs etc al inc ltd corp co
    bros dept univ assn ave blvd rd hwy ste
    e.g i.e a.m p.m u.s u.k u.n u.s.a d.c e.u
    ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont neb
    nev okla ore pa tenn tex va vt wash wis wyo
    bzw usw z.b ca dr nr str hr frau
    mme mlle cie
    sr sra srta ud uds
    sig dott
    г гг т.е т.д ул им св тыс млн млрд руб
    """.split()
)

_CLOSERS = "\"'”’»)]}›"
# „ and ‚ open quotes in German, Polish, Czech, Romanian …; » and › open them in German and Danish
# print ("»Vi er klar«") when a word follows at once (French puts a space inside: "fin. » Puis").
_OPENERS = "\"'“‘«([{‹¿¡—–-„‚"
_OPENERS_BEFORE_A_WORD = "»›"
# A candidate boundary: terminal punctuation, optional closers, then whitespace.
_BOUNDARY = re.compile(r"(?:[.!?…]+|[。！？]+)[" + re.escape(_CLOSERS) + r"]*(?=\s|$)")
_CJK_BOUNDARY = re.compile(r"[。！？]+[" + re.escape(_CLOSERS) + r"]*")
_WORD_BEFORE = re.compile(r"([\w.]+)\.$", re.UNICODE)
_NON_SPACE = re.compile(r"\S")
_WORD_WINDOW = 100  # characters before a full stop searched for the word it closes


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line-block; ``Article.body`` joins paragraphs by a blank line.

    Any newline ends a paragraph here: bodies from the store never wrap lines inside a paragraph.
    """
    spans: list[tuple[int, int]] = []
    for match in re.finditer(r"[^\n]+", text):
        start, end = match.span()
        # strip surrounding spaces but keep offsets exact
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    return spans


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` (normally ``Article.body``) into sentences with exact character offsets."""
    sentences: list[Sentence] = []
    for number, (p_start, p_end) in enumerate(split_paragraphs(text)):
        for start, end in _split_block(text, p_start, p_end):
            sentences.append(
                Sentence(start=start, end=end, text=text[start:end], paragraph=number,
                         index=len(sentences))
            )
    return sentences


def _split_block(text: str, start: int, end: int) -> list[tuple[int, int]]:
    block = text[start:end]
    cuts: list[int] = []
    for match in _BOUNDARY.finditer(block):
        cut = match.end()
        if cut >= len(block):
            continue
        if _is_boundary(block, match.start(), cut):
            cuts.append(cut)
    # CJK full stops need no following space.
    for match in _CJK_BOUNDARY.finditer(block):
        cut = match.end()
        if 0 < cut < len(block) and cut not in cuts:
            cuts.append(cut)
    cuts.sort()
    spans: list[tuple[int, int]] = []
    prev = 0
    for cut in cuts + [len(block)]:
        s, e = prev, cut
        while s < e and block[s].isspace():
            s += 1
        while e > s and block[e - 1].isspace():
            e -= 1
        if s < e:
            spans.append((start + s, start + e))
        prev = cut
    return spans


def _word_before(block: str, punct_at: int) -> re.Match[str] | None:
    """The word the full stop at ``punct_at`` closes, searched in a window before it (the whole
    block only when the word runs past the window), not in the block's whole prefix."""
    lo = max(0, punct_at - _WORD_WINDOW)
    found = _WORD_BEFORE.search(block, lo, punct_at + 1)
    if found is not None and found.start() == lo and lo > 0:
        found = _WORD_BEFORE.search(block, 0, punct_at + 1)
    return found


def _is_boundary(block: str, punct_at: int, cut: int) -> bool:
    """Decide whether the punctuation at ``punct_at`` (ending at ``cut``) ends a sentence."""
    # Searched from ``cut``, not sliced: a one-line paragraph would be copied per boundary.
    following = _NON_SPACE.search(block, cut)
    if following is None:
        return False
    nxt = following.group()
    opener = nxt.isupper() or nxt.isdigit() or nxt in _OPENERS or (
        nxt in _OPENERS_BEFORE_A_WORD and block[following.end():following.end() + 1].isalnum())
    if not opener:
        # Caseless scripts: any letter that is neither upper nor lower may start a sentence.
        if nxt.isalpha() and not nxt.islower() and not nxt.isupper():
            opener = True
        else:
            return False
    if block[punct_at] != ".":
        return True  # ! ? … end a sentence when an opener follows
    # A full stop: look at the word it closes.
    if block[punct_at:cut].rstrip(_CLOSERS) not in {".", "..."}:
        return True
    word_match = _word_before(block, punct_at)
    if not word_match:
        return True
    word = word_match.group(1)
    bare = word.lower().strip(".")
    if len(word) == 1 and word.isalpha() and word.isupper():
        return False  # a single initial: "John F. Kennedy"
    if bare in ABBREVIATIONS or bare.replace(".", "") in {"us", "uk", "un", "dc", "eu", "usa"}:
        # "in the U.S. The next day" is rare; an abbreviation before a capitalised word is
        # usually a title or a name part ("Sen. Warren", "U.S. officials").
        return False
    if re.fullmatch(r"(?:\w\.)+\w", word):
        return False  # other dotted initialisms: "D.C", "N.Y", "a.m"
    if nxt.isdigit() and bare in {"no", "nos", "art", "p", "pp", "vol", "sec", "fig"}:
        return False
    return True
