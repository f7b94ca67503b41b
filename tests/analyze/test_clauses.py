"""Sentence and paragraph look-ups of the quote rules (analyze/clauses.py)."""

from __future__ import annotations

from newsprism.analyze.clauses import LOOK_BACK, block_index, block_of, clause_end, clause_start


def test_a_title_or_initial_does_not_end_the_sentence() -> None:
    text = "The vote was close. Florida Sen. Marco Rubio and George W. Bush spoke."
    assert clause_start(text, 0, text.index("spoke")) == text.index("Florida")
    assert clause_end(text, 0, len(text)) == text.index(" Florida")


def test_the_sentence_start_is_found_however_far_back_it_lies() -> None:
    # Farther back than the first look-back window, and none at all: the window grows to lo.
    long = "It began. Then " + "word " * (LOOK_BACK // 2) + "end"
    assert clause_start(long, 0, len(long)) == long.index("Then")
    assert clause_start("word " * LOOK_BACK, 0, 5 * LOOK_BACK) == 0
    assert clause_start("A. B. C.", 3, 3) == 3


def test_the_last_sentence_end_before_hi_wins_whatever_the_window() -> None:
    text = "One. Two! Three? " * 200 + "Last words here"
    expected = 0
    for k in range(len(text)):
        if text[k] in ".!?" and text[k + 1:k + 2] == " ":
            expected = k + 2
    assert clause_start(text, 0, len(text)) == expected


def test_blocks_are_found_by_bisection() -> None:
    blocks = [(0, 10), (12, 20), (22, 30)]
    assert block_of(blocks, 15) == (12, 20)
    assert block_of(blocks, 11) == (11, 11)  # between two paragraphs
    assert block_index(blocks, 0) == 0 and block_index(blocks, 29) == 2
    assert block_index([], 5) == -1 and block_index(blocks, -1) == -1
