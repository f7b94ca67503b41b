"""Body rules of the HTML reader (newsprism.ingest.html_body), one fixture page per rule."""

from __future__ import annotations

from pathlib import Path

from newsprism.ingest import html
from newsprism.models import RawArticle, RawDocument

HTML = Path(__file__).resolve().parents[1] / "fixtures" / "html"


def article(name: str) -> RawArticle:
    path = HTML / name
    doc = RawDocument(data=path.read_bytes(), origin=str(path))
    items = list(html.parse(doc, origin=doc.origin))
    assert len(items) == 1 and isinstance(items[0], RawArticle)
    return items[0]


def test_the_printed_dek_is_the_standfirst_not_the_photo_caption_in_json_ld() -> None:
    # JSON-LD's description is the lead photo's caption; og:description is the dek.
    a = article("dek_and_caption_descriptions.html")
    assert a.paragraphs[0] == ("Kiel. Mehr als 80.000 Menschen kamen zum Hafenfest. Der "
                               "Veranstalter spricht von einem Rekord, obwohl es am Samstag "
                               "fast durchgehend regnete.")
    assert a.paragraphs[1].startswith("Das Hafenfest hat am Wochenende")
    assert not any("Hafenpromenade" in p for p in a.paragraphs)
    assert any("Hafenpromenade" in c.text for c in a.captions)


def test_a_dek_printed_with_no_break_spaces_under_the_headline_is_found() -> None:
    # XPath's normalize-space() keeps U+00A0, so "3&nbsp;juin" does not contain "3 juin"; and the
    # element holding the dek is the heading block, whose headline is not part of the dek.
    a = article("dek_with_nbsp.html")
    assert a.paragraphs[0].startswith("Reçue mardi 3")
    assert a.paragraphs[0].endswith("pour les pêcheurs et les ferries.")
    assert a.paragraphs[1].startswith("Les travaux de dragage")
    assert "Le port de Brest ferme" not in a.paragraphs[0]
