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
