"""People and name forms (analyze/entities.py): the look-ups long articles lean on."""

from __future__ import annotations

import json
import time

from newsprism.analyze import analyze_text
from newsprism.analyze.entities import (
    Names,
    People,
    _tidy,
    entities_from_doc,
    inside,
    nearest_form,
    persons_by_surname,
)
from newsprism.analyze.nlp import get_pipeline
from newsprism.analyze.quotes import extract_quotes
from newsprism.analyze.records import Entity
from tests.conftest import FIXTURES


def test_nearest_form_takes_the_fullest_form_before_else_the_first_after() -> None:
    forms = [(10, "Donald Trump"), (50, "Ivanka Trump"), (90, "Donald J Trump")]
    cache: dict = {}
    assert nearest_form(forms, ["Trump"], 60, cache) == "Ivanka Trump"
    assert nearest_form(forms, ["Trump"], 95, cache) == "Donald J Trump"
    assert nearest_form(forms, ["Donald", "Trump"], 60, cache) == "Donald Trump"
    assert nearest_form(forms, ["Donald", "Trump"], 5, cache) == "Donald Trump"
    assert nearest_form(forms, ["Ivanka", "Trump"], 0, cache) == "Ivanka Trump"
    assert nearest_form(forms, ["Eric", "Trump"], 60, cache) is None


def test_inside_finds_a_position_in_sorted_spans() -> None:
    spans = [(0, 5), (10, 20), (30, 31)]
    assert [p for p in range(35) if inside(spans, p)] == [0, 1, 2, 3, 4, *range(10, 20), 30]
    assert not inside([], 3)


def _one_line_article(repeats: int) -> tuple[str, list[Entity]]:
    unit = ('John Smith said the plan was "a very good idea for the city," and Mary Jones '
            'told reporters it was fine. ')
    entities = []
    for k in range(repeats):
        for name in ("John Smith", "Mary Jones"):
            start = k * len(unit) + unit.index(name)
            entities.append(Entity(start=start, end=start + len(name), text=name,
                                   label="PERSON", canonical=name))
    return unit * repeats, entities


def test_sentence_subjects_in_a_long_one_line_paragraph_are_not_quadratic() -> None:
    # 105,000 characters on one line, 2,000 names: each name's sentence start was found by
    # scanning from the line start (~35 s); looking back from the name takes well under 1 s.
    body, entities = _one_line_article(1000)
    started = time.perf_counter()
    people = People(body, entities)
    quotes = extract_quotes(body, entities)
    assert time.perf_counter() - started < 5.0
    assert len(quotes) == 1000
    assert all(m.subject for m in people.mentions if m.name == "John Smith")
    assert people.antecedent(len(body), "f", []) == "Mary Jones"


def test_the_sentence_start_is_the_same_however_far_back_it_lies() -> None:
    # A sentence longer than the look-back window: its start is still the last full stop.
    body = "Before that. " + "word " * 400 + "then Maria Lopez spoke."
    start = body.index("Maria")
    entity = Entity(start=start, end=start + 11, text="Maria Lopez", label="PERSON",
                    canonical="Maria Lopez")
    (mention,) = People(body, [entity]).mentions
    assert not mention.subject  # "word word … then" comes before her in that sentence
    short = "Before that. Maria Lopez spoke."
    start = short.index("Maria")
    entity = Entity(start=start, end=start + 11, text="Maria Lopez", label="PERSON",
                    canonical="Maria Lopez")
    assert People(short, [entity]).mentions[0].subject


def test_names_are_found_by_position_in_body_order() -> None:
    def entity(start: int, end: int) -> Entity:
        return Entity(start=start, end=end, text="x" * (end - start), label="PERSON",
                      canonical="x")

    names = Names([entity(40, 45), entity(0, 30), entity(32, 36)])
    assert [e.start for e in names.overlapping(29, 33)] == [0, 32]
    assert [e.start for e in names.overlapping(30, 32)] == []
    assert [e.start for e in names.within(0, 36)] == [0, 32]
    assert [e.start for e in names.within(1, 45)] == [32, 40]
    assert Names([]).overlapping(0, 10) == [] and Names([]).within(0, 10) == []


def test_a_long_run_of_titles_before_a_name_does_not_backtrack_exponentially() -> None:
    # "the Mayor and the Governor and …": each "the"/"and" before a capital matched two ways,
    # and a sentence that is not a subject prefix retried every split (2**24 here: minutes).
    lead = "The Dean " + "and the Mayor " * 24 + "met x "
    body = lead + "John Smith yesterday."
    entity = Entity(start=len(lead), end=len(lead) + 10, text="John Smith", label="PERSON",
                    canonical="John Smith")
    started = time.perf_counter()
    (mention,) = People(body, [entity]).mentions
    assert time.perf_counter() - started < 1.0
    assert not mention.subject
    short = "The Dean and the Mayor met John Smith."
    start = short.index("John")
    entity = Entity(start=start, end=start + 10, text="John Smith", label="PERSON",
                    canonical="John Smith")
    assert not People(short, [entity]).mentions[0].subject
    opening = "The former Mayor John Smith said so."
    start = opening.index("John")
    entity = Entity(start=start, end=start + 10, text="John Smith", label="PERSON",
                    canonical="John Smith")
    assert People(opening, [entity]).mentions[0].subject


# ---------------------------------------------------------------- what the NER glues to names
def _english_record(record_id: str) -> dict:
    with (FIXTURES / "multilingual" / "multilingual_events.jsonl").open(encoding="utf-8") as fh:
        return next(r for r in map(json.loads, fh) if r["id"] == record_id)


def _names(text: str) -> list[Entity]:
    entities = entities_from_doc(get_pipeline("en").nlp(text), text)
    assert all(text[e.start:e.end] == e.text for e in entities)
    return entities


def test_a_describing_noun_before_a_name_is_not_part_of_it() -> None:
    # "Comedian Volodymyr Zelenskiy won …": the NER read the three words as an organisation.
    text = _english_record("ua19-r2-en")["text"]
    entities = _names(text)
    first = next(e for e in entities if "Zelenskiy" in e.text)
    assert (first.text, first.label, first.start) == ("Volodymyr Zelenskiy", "PERSON",
                                                      text.index("Volodymyr"))
    assert not [e for e in entities if e.canonical.lower().startswith("comedian")]


def test_a_score_after_a_name_is_not_part_of_it() -> None:
    # "… beat Ons Jabeur 6-4, 6-4 in the Wimbledon final"
    text = _english_record("wimb23-w-en")["text"]
    names = {e.canonical for e in _names(text) if e.label in ("PERSON", "ORG")}
    assert "Ons Jabeur" in names
    assert not [n for n in names if any(ch.isdigit() for ch in n)]


def test_stray_punctuation_and_figures_are_cut_from_names() -> None:
    text = ('Sanders would cost about $1.38 trillion a year, according to the "Medicare for '
            'all" document he released.')
    assert "Medicare" in {e.canonical for e in _names(text)}
    tidy = [_tidy(0, len(t), t, label) for t, label in [
        ("Associated Press (", "ORG"), ("Wall Street Journal/", "ORG"),
        ("Donald Trump'", "PERSON"), ("Republic of Azerbaijan,", "GPE"), ("46%-35%", "GPE"),
        ("757", "FAC"), ("Founder Beverly Bond", "PERSON"), ("Calif.", "GPE"),
        ("Boeing 737", "ORG"), ("Channel 4", "ORG"), ("Star Jones", "PERSON"),
        ("Former Secretary Hillary Clinton", "PERSON"), ("Supreme Court Justice", "ORG"),
        ("’s Job", "PERSON"), ("Susan Rice", "PERSON"), ("Theresa May", "PERSON")]]
    assert [t and (t[2], t[3]) for t in tidy] == [
        ("Associated Press", "ORG"), ("Wall Street Journal", "ORG"), ("Donald Trump", "PERSON"),
        ("Republic of Azerbaijan", "GPE"), None, None, ("Beverly Bond", "PERSON"),
        ("Calif.", "GPE"), ("Boeing 737", "ORG"), ("Channel 4", "ORG"),
        ("Star Jones", "PERSON"), ("Secretary Hillary Clinton", "PERSON"),
        ("Supreme Court Justice", "ORG"), ("Job", "PERSON"), ("Susan Rice", "PERSON"),
        ("Theresa May", "PERSON")]
    assert _tidy(10, 28, "Associated Press (", "ORG")[:2] == (10, 26)
    assert _tidy(5, 25, "Founder Beverly Bond", "PERSON")[:2] == (13, 25)


def test_a_surname_tagged_a_place_is_the_person_named_in_full_before() -> None:
    # The ECB report names "Christine Lagarde", then the NER calls "Lagarde" a place: the
    # stored entities (a reader's "Entities per source") say it is her.
    text = _english_record("ecb23-07-en")["text"]
    entities = analyze_text(text).entities
    assert entities is not None
    bare = [e for e in entities if e.text == "Lagarde"]
    assert bare and all((e.label, e.canonical) == ("PERSON", "Christine Lagarde") for e in bare)
    assert not [e for e in entities if e.label != "PERSON" and "Lagarde" in e.canonical]


def test_a_city_that_is_a_common_word_stays_a_place_beside_a_person_of_that_name() -> None:
    # "Denzel Washington flew to Washington": the second is the city, a common English word;
    # "Lagarde" (rare) tagged a place after "Christine Lagarde" is her
    found = persons_by_surname([
        Entity(start=0, end=17, text="Denzel Washington", label="PERSON",
               canonical="Denzel Washington"),
        Entity(start=28, end=38, text="Washington", label="GPE", canonical="Washington"),
        Entity(start=40, end=57, text="Christine Lagarde", label="PERSON",
               canonical="Christine Lagarde"),
        Entity(start=60, end=67, text="Lagarde", label="GPE", canonical="Lagarde")], "en")
    assert [(e.label, e.canonical) for e in found[1::2]] == [
        ("GPE", "Washington"), ("PERSON", "Christine Lagarde")]


def test_a_title_case_headline_word_does_not_end_a_name() -> None:
    # Headlines in title case run the verb into the name ("Trump Confirms …"); a surname that
    # is a word ("Rice", "May", "Sessions") or a speech verb's past ("Said") stays.
    headlines = {"Bellwether County Says Trump Should Win GOP Nomination.": "Trump",
                 "Dennis Prager Tells #NeverTrump Conservatives They Need To Change Course.":
                 "Dennis Prager",
                 "Newspaper Says Clinton Needs To Quit Political Calculations, Show Compassion "
                 "For Louisiana.": "Clinton"}
    for headline, name in headlines.items():
        assert name in [e.canonical for e in _names(headline) if e.label == "PERSON"]
    tidy = [_tidy(0, len(t), t, "PERSON")[2] for t in (
        "Trump Should", "Trump Thursday", "Jeff Sessions", "Edward Said", "Kanye West")]
    assert tidy == ["Trump", "Trump", "Jeff Sessions", "Edward Said", "Kanye West"]
