"""Duplicate fingerprints: exact text hashes and MinHash near copies."""

from __future__ import annotations

from newsprism.dedupe import NearDuplicateIndex, jaccard, normalized_words, signature, text_hash
from newsprism.models import Article, Outlet
from tests.conftest import FIXTURES

WIRE = (FIXTURES / "stories" / "bad_input.jsonl").read_text(encoding="utf-8")


def _article(title: str, body: str) -> Article:
    return Article(title=title, outlet=Outlet(name=None, domain=None), paragraphs=(body,))


BODY = ("A fast-moving wildfire forced more than 3,000 people to leave their homes near Marseille"
        " on Tuesday as strong winds pushed the flames towards the suburbs, the local prefecture"
        " said. Some 800 firefighters backed by water-bombing aircraft were battling the blaze,"
        " which had burned 1,200 hectares of pine forest by the evening.")


def test_case_spacing_and_punctuation_do_not_change_the_hash():
    a = _article("Wildfire near Marseille", BODY)
    b = _article("WILDFIRE  near Marseille!", BODY.replace(", ", " ; ").upper())
    assert text_hash(a) == text_hash(b)
    assert text_hash(_article("Wildfire near Nice", BODY)) != text_hash(a)
    assert text_hash(_article("", "")) is None


def test_a_lightly_edited_copy_is_near_and_another_text_is_not():
    index = NearDuplicateIndex()
    original = signature(normalized_words(BODY))
    assert original is not None
    index.add(1, original)
    edited = signature(normalized_words(BODY + " Residents were told to stay indoors."))
    other = signature(normalized_words(
        "Officials in South Carolina confirmed the state's first fatality from Tropical Storm"
        " Florence, bringing the storm's total death toll to at least seven as rain continues to"
        " fall across the region on Saturday and rivers rise."))
    assert edited is not None and other is not None
    assert [key for key, _ in index.query(edited)] == [1]
    assert jaccard(original, edited) > 0.7
    assert index.query(other) == []
    index.remove(1)
    assert index.query(edited) == []


def test_a_headline_alone_gets_no_signature():
    assert signature(normalized_words("Zelensky writes to Putin, proposes meeting")) is None
