"""Claims: numbers, dates, places, attribution, clauses and the no-NER fallback."""

from __future__ import annotations

from newsprism.analyze.claims import (
    content_terms,
    entity_key,
    extract_claims,
    find_dates,
    find_numbers,
    quotation_spans,
)
from newsprism.analyze.records import Entity


def _values(text: str) -> list[tuple[float, str | None]]:
    return [(q.value, q.unit) for q in find_numbers(text)]


def test_numbers_with_scales_units_and_words() -> None:
    assert _values("a class of 1.5 million women") == [(1_500_000.0, "women")]
    assert _values("more than $10,000 in cash") == [(10_000.0, "$")]
    assert _values("Ukraine should withdraw from four regions") == [(4.0, "region")]
    assert _values("turnout rose to 43 percent") == [(43.0, "%")]


def test_years_and_days_are_dates_not_numbers() -> None:
    assert find_numbers("Russia, which invaded in 2022, said on April 30 that") == ()
    assert find_dates("The primary would be held on April 30.") == ("month:4", "day:4-30")
    assert find_dates("in mid May, last year and on Tuesday") == (
        "month:5", "rel:last year", "weekday:tuesday")
    assert find_dates("officials may decide") == ()  # the verb, not the month


def test_content_terms_map_phrasal_synonyms() -> None:
    terms = content_terms("Russia demanded Ukraine pull out of the region".split())
    assert "withdraw" in terms and "pull" not in terms
    assert "the" not in terms


def test_entity_key_matches_short_and_full_names() -> None:
    assert entity_key("Mr. Cowan") == entity_key("William Cowan") == entity_key("Cowan's")


def test_claims_carry_offsets_entities_places_and_attribution() -> None:
    body = ("Header words\n\nThe Kremlin had received the long letter, "
            "Dmitry Peskov said on Monday.\n\nUkraine should withdraw from four regions – "
            "Donetsk, Luhansk, Kherson and Zaporizhzhia – officials said.")
    start = body.index("Dmitry")
    entities = [Entity(start=start, end=start + 13, text="Dmitry Peskov", label="PERSON",
                       canonical="Dmitry Peskov")]
    claims = extract_claims(body, article_id=7, entities=entities)
    assert [body[c.start:c.end] == c.text for c in claims] == [True, True]
    first, second = claims
    assert first.article == 7 and first.parsed
    assert first.attribution == "Dmitry Peskov" and first.entities == ("Dmitry Peskov",)
    assert "weekday:monday" in first.dates
    assert second.places == ("Donetsk", "Luhansk", "Kherson", "Zaporizhzhia")
    assert second.numbers[0].value == 4


def test_without_ner_names_come_from_capitals_and_parsed_is_false() -> None:
    (claim,) = extract_claims("Yesterday the minister met Olaf Scholz in Berlin for talks.")
    assert not claim.parsed
    assert "Olaf Scholz" in claim.entities


def test_clauses_split_on_but_and_semicolon() -> None:
    body = ("The report found no evidence of political bias in the decisions, but it criticised "
            "the texts that the agent had sent to a colleague.")
    claims = extract_claims(body)
    assert len(claims) == 2
    assert claims[1].text.startswith("it criticised")


def test_headings_links_and_fragments_are_not_claims() -> None:
    body = "# A heading here\n\nBy John Smith\n\nSee https://example.com/x for more.\n\nYes."
    assert extract_claims(body) == []


def test_ordinals_are_not_numbers_and_ages_have_their_unit() -> None:
    assert _values("represents New York's 11th District for the 2nd time") == []
    assert _values("Mr. Markey, 66, a liberal, and 12, 14 others") == [
        (66.0, "age"), (12.0, None), (14.0, "other")]


def test_a_sentence_inside_a_longer_quotation_is_not_cut_into_clauses() -> None:
    # Sample 001: the quote opens in the sentence before; cut at ", and" it would leave
    # "every loss is painful to us.”" as a claim holding half a quote.
    body = ("“But I do care about Ukrainians. We are losing our people, and every loss is "
            "painful to us.”")
    assert [c.text for c in extract_claims(body)] == [
        "“But I do care about Ukrainians.",
        "We are losing our people, and every loss is painful to us.”"]


def _quotations(body: str) -> list[str]:
    return [body[s:e] for s, e in quotation_spans(body)]


def test_the_sentences_of_one_quotation_are_one_unit_to_show() -> None:
    body = ('"We have an air defense system. Yes, we must improve it. And we will do so," the '
            'minister said. Then he left.\n\n'
            "“But I do care about them. We are losing people, and every loss hurts.”")
    assert _quotations(body) == [
        '"We have an air defense system. Yes, we must improve it. And we will do so," the '
        "minister said.",
        "“But I do care about them. We are losing people, and every loss hurts.”"]
    # Claims themselves stay per sentence: alignment matches sentences ("Then he left." is
    # too short to be one).
    assert len(extract_claims(body)) == 5
    german = ("„Wir sind zufrieden. Das Ergebnis ist gut“, sagte der Bürgermeister. "
              "»Wir kommen wieder. Ganz sicher«, sagte er. Dann ging er.")
    assert _quotations(german) == [
        "„Wir sind zufrieden. Das Ergebnis ist gut“, sagte der Bürgermeister.",
        "»Wir kommen wieder. Ganz sicher«, sagte er."]
    # copy that opens with a straight mark and closes with a curly one
    assert _quotations('"One thing is clear. Two things are.” He went home.') == [
        '"One thing is clear. Two things are.”']


def test_no_unit_for_a_quotation_left_open_or_too_long() -> None:
    # a quotation running on into the next paragraph (no closing mark here): nothing to merge
    assert quotation_spans("He wrote: “It is not as if we cared. We do now.\n\n“Yes.”") == []
    # a quotation of one sentence is its sentence already
    assert quotation_spans('"We will win," he said. "We will," she said.') == []
    # a speech printed at length stays in sentences
    long = '"' + " ".join(f"Sentence number {n} is here." for n in range(6)) + '" he said.'
    assert quotation_spans(long) == []
    wordy = '"' + "word " * 130 + "end. And more words here." + '" he said.'
    assert quotation_spans(wordy) == []


def test_a_whole_quoted_sentence_is_still_cut_at_but() -> None:
    body = ("“I am the attorney general of the United States, but I am also a black man,” "
            "Holder said in his speech.")
    assert [c.text for c in extract_claims(body)] == [
        "“I am the attorney general of the United States",
        "I am also a black man,” Holder said in his speech."]
    german = ("„Wir haben die Grenze heute geschlossen; die Lage bleibt weiterhin ernst“, "
              "sagte der Minister am Abend.")  # „…“: one pair, balanced
    assert len(extract_claims(german)) == 2


def test_a_paragraph_of_thousands_of_quotations_is_read_in_linear_time() -> None:
    # Each sentence scanned every quotation of its paragraph: 8,000 took 3 s, now 0.15 s.
    import time

    body = " ".join(f'"Sentence number {i} is here. And more {i}," he said.' for i in range(8000))
    started = time.perf_counter()
    spans = quotation_spans(body)
    assert time.perf_counter() - started < 1.0
    assert len(spans) == 8000 and body[spans[-1][0]:spans[-1][1]].endswith("he said.")


def test_a_long_list_joined_by_semicolons_is_cut_in_linear_time() -> None:
    # 20,000 clauses in one sentence: each cut re-split the whole sentence to count words.
    import time

    body = "the first item on the list is here; " * 20_000
    started = time.perf_counter()
    claims = extract_claims(body)
    assert time.perf_counter() - started < 5.0
    assert len(claims) == 20_000


def test_german_quoted_sentences_are_claims_of_their_own() -> None:
    body = ("Die Stadt hat 52 neue Busse gekauft. „Wir sind sehr zufrieden mit dem Ergebnis "
            "der Ausschreibung“, sagte der Bürgermeister am Montag.")
    assert [c.text for c in extract_claims(body)] == [
        "Die Stadt hat 52 neue Busse gekauft.",
        "„Wir sind sehr zufrieden mit dem Ergebnis der Ausschreibung“, sagte der Bürgermeister "
        "am Montag."]
