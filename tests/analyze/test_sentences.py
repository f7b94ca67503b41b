"""The sentence splitter: offsets exact, abbreviations and initials kept inside sentences."""

from pathlib import Path

from newsprism.analyze.sentences import split_sentences

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_offsets_point_into_the_source() -> None:
    body = (SAMPLES / "000_57c365869d748518.txt").read_text(encoding="utf-8")
    sentences = split_sentences(body)
    assert len(sentences) > 30
    for s in sentences:
        assert body[s.start:s.end] == s.text
        assert s.text == s.text.strip()
    assert [s.index for s in sentences] == list(range(len(sentences)))


def test_abbreviations_titles_and_initials_do_not_split() -> None:
    text = ("Gov. Deval Patrick met Mr. Smith in the U.S. Capitol on Jan. 5. "
            "Then John F. Kennedy left. It was 5 p.m. on Friday.")
    assert texts(text) == [
        "Gov. Deval Patrick met Mr. Smith in the U.S. Capitol on Jan. 5.",
        "Then John F. Kennedy left.",
        "It was 5 p.m. on Friday.",
    ]


def test_paragraphs_always_end_a_sentence() -> None:
    text = "First paragraph without a stop\n\nSecond one. Third one?\n\n\"Quoted,\" he said."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "First paragraph without a stop", "Second one.", "Third one?", "\"Quoted,\" he said."]
    assert [s.paragraph for s in sentences] == [0, 1, 1, 2]


def test_question_inside_a_quote_followed_by_lowercase_does_not_split() -> None:
    assert texts("“Why now?” he asked. “Because,” she said.") == [
        "“Why now?” he asked.", "“Because,” she said."]


def test_other_scripts() -> None:
    assert texts("Путин сказал. Зеленский ответил.") == ["Путин сказал.", "Зеленский ответил."]
    assert texts("他来了。她走了。") == ["他来了。", "她走了。"]


def test_empty_and_whitespace() -> None:
    assert split_sentences("") == []
    assert split_sentences("  \n\n  ") == []


def test_a_long_one_line_paragraph_is_split_in_linear_time() -> None:
    # 3,000 sentences on one 100,000-character line: each boundary copied the rest of the line
    # and searched the whole prefix for the word before the full stop (~2.5 s; now ~0.1 s).
    import time

    line = "The vote was 52 to 48 in the end. Dr. Smith said it was over for U.S. voters. " * 1500
    started = time.perf_counter()
    spans = split_sentences(line)
    assert time.perf_counter() - started < 2.0
    assert len(spans) == 3000
    assert line[spans[1].start:spans[1].end] == "Dr. Smith said it was over for U.S. voters."


def test_the_word_before_a_full_stop_is_read_whole_however_long() -> None:
    # A dotted initialism longer than the look-back window still reads as one word.
    dotted = ".".join("abcdefghij" * 12)
    text = f"See {dotted}. Next sentence here."
    assert [text[s.start:s.end] for s in split_sentences(text)] == [
        f"See {dotted}. Next sentence here."]


def test_a_quote_opened_with_low_or_right_pointing_marks_starts_a_sentence() -> None:
    # German/Polish „…“, Danish »…«: the full stop before them ends a sentence; a French closing
    # guillemet after a space ("fin. » Puis") does not start one.
    assert texts("Er sagte Nein. „Wir sind bereit“, sagte er.") == [
        "Er sagte Nein.", "„Wir sind bereit“, sagte er."]
    assert texts("Powiedział nie. „Jesteśmy gotowi” – dodał.") == [
        "Powiedział nie.", "„Jesteśmy gotowi” – dodał."]
    assert texts("Han sagde nej. »Vi er klar«, sagde han.") == [
        "Han sagde nej.", "»Vi er klar«, sagde han."]
    assert texts("« C'est la fin du texte. » Puis il est parti.") == [
        "« C'est la fin du texte. » Puis il est parti."]
