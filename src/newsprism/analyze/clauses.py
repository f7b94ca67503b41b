"""Where the writer's sentences and paragraphs start and end, for the quote rules.

``quotes.py`` asks these questions of the body with the quoted words masked out, once or more
per quote: the sentence a quote sits in, the next sentence end after it, the paragraph holding
an offset. They live here so that each stays linear in a long article (a transcript printed as
one line, thousands of quotes): look back from the offset, bisect the paragraphs.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

_SENTENCE_END_MARK = re.compile(r"[.!?…](?:''|['’)\"”»])?\s+(?=[^a-z\s])")
# Titles and "No." before a name or number do not end a sentence ("Florida Sen. Marco Rubio",
# "the No. 2 in the GOP leadership"), nor do initials ("George W. Bush").
_NO_END_BEFORE = re.compile(r"(?:^|\W)(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Prof|"
                            r"Rev|Adm|Maj|No|Jan|Feb|Aug|Sept|Oct|Nov|Dec|[A-Z])$")
LOOK_BACK = 400  # characters: most sentences end within it


def sentence_ends(text: str, lo: int, hi: int) -> Iterator[re.Match[str]]:
    """Sentence ends in ``text[lo:hi]`` (a full stop after a title or initial is none)."""
    for m in _SENTENCE_END_MARK.finditer(text, lo, hi):
        if text[m.start()] == "." and _NO_END_BEFORE.search(text, max(0, m.start() - 6),
                                                            m.start()):
            continue
        yield m


def clause_start(text: str, lo: int, hi: int) -> int:
    """Start of the writer's sentence that ends at ``hi`` (outside quotes, from ``lo``).

    Looks back from ``hi`` in a growing window rather than scanning from ``lo``: a paragraph
    printed as one long line would otherwise be rescanned for every quote in it (quadratic).
    Sentence ends never overlap (a full stop, a mark, spaces), so the last one the window finds
    is the last one from ``lo``."""
    stop, width = min(len(text), hi + 1), LOOK_BACK
    while True:
        w0 = max(lo, hi - width)
        start = None
        for m in sentence_ends(text, w0, stop):
            if m.end() <= hi:
                start = m.end()
        if start is not None or w0 == lo:
            return lo if start is None else start
        width *= 4


def clause_end(text: str, lo: int, hi: int) -> int:
    """Just after the first sentence end in ``text[lo:hi]`` (its full stop), else ``hi``."""
    m = next(sentence_ends(text, lo, min(len(text), hi + 1)), None)
    return m.start() + 1 if m and m.start() < hi else hi


def block_of(blocks: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    """The paragraph (block) holding ``pos``, by bisection: a long article has many quotes."""
    i = block_index(blocks, pos)
    return blocks[i] if i >= 0 and blocks[i][0] <= pos < blocks[i][1] else (pos, pos)


def block_index(blocks: list[tuple[int, int]], pos: int) -> int:
    """Index of the last block (start, end; in body order) starting at or before ``pos``, -1
    when none does."""
    return bisect_right(blocks, pos, key=lambda block: block[0]) - 1
