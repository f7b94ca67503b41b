"""French named entities from spaCy's ``fr_core_news_sm``, in the project's (OntoNotes) labels.

The French model is trained on WikiNER: PER, LOC, ORG and MISC. They become PERSON, GPE (a
country or city is most of what news names; the model does not tell them from rivers), ORG,
and NORP for a people ("les Français", which the model calls a place); other MISC (events,
works, "Brexit") is left out, as English's DATE or CARDINAL are by the comparison. What the
model gets wrong in news text is mended here:

- a PER or ORG that opens with a lower-case word is a description ("président de la
  République", "ministre des Affaires étrangères"), not a name: dropped;
- an elided article is not part of the name ("l'OTAN" -> "OTAN");
- a bare surname tagged as a place after the full name ("Macron") is that person
  (``entities.persons_by_surname``);
- a "person" that is a place or a building is not one (else "a-t-il déclaré" could find its
  speaker in "reconstruire Notre-Dame"): one hyphenated word whose first part names a place
  ("Notre-Dame", "Saint-Denis", "Mont-Blanc"), or a name right after an article ("la
  Sainte-Chapelle") or after a noun for a place ("la cathédrale Notre-Dame", "l'hôpital
  Georges-Pompidou", "la rue Victor-Hugo"): a building (FAC) after such a noun, else a place.
"""

from __future__ import annotations

import re
from typing import Any

from newsprism.analyze.entities import RawMention, link_entities, persons_by_surname
from newsprism.analyze.records import Entity

LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE", "MISC": None}
_ELIDED = re.compile(r"^(?:[lLdD]['’])")
# "les Français", "des Américains", "aux Ukrainiens": a people, not a place.
_PEOPLE_BEFORE = re.compile(r"\b(?:les|des|aux)\s+$", re.IGNORECASE)
_DEMONYM = re.compile(r"^[A-ZÀ-Ý][a-zà-ÿ\-]+(?:ais|ois|ains|aines|iens|iennes|éens|éennes|ands|"
                      r"andes|ols|oles|ques|sses|ites|ins|ines|ons|onnes|ens)$")
_NOT_DEMONYMS = frozenset({"philippines", "argentines", "antilles", "ardennes", "cévennes",
                           "yvelines", "mines", "sens", "lens", "cannes", "nantes"})
# The first part of a hyphenated place name: "Notre-Dame", "Saint-Étienne", "Pont-Aven".
_PLACE_FIRST = re.compile(r"^(?:Notre|Saint|Sainte|Saintes|Mont|Pont|Port|Val|Bourg|Fort|"
                          r"Château|Champs|Ville|Villeneuve|Île|Bois|Vieux|Neuf)-\w",
                          re.IGNORECASE)
# An article, or a noun for a place, right before a mention (lower case, as written).
_ARTICLE_BEFORE = re.compile(r"(?:^|[\s(])(?:le|la|les|du|des|au|aux)\s+$")
_BUILDING_BEFORE = re.compile(
    r"(?:^|[\s'’(])(?:cathédrale|église|basilique|chapelle|abbaye|mosquée|synagogue|temple|"
    r"palais|château|musée|théâtre|opéra|stade|gare|station|aéroport|hôpital|clinique|lycée|"
    r"collège|école|université|prison|rue|place|avenue|boulevard|quai|pont|porte|square|parc|"
    r"jardin|centre|salle|hôtel|tour|cimetière|caserne|base|port|canal|lac|mont|île)\s+$")


def french_entities(doc: Any, body: str) -> list[Entity]:
    """``fr_core_news_sm`` entities as records, names linked as for English."""
    raw: list[RawMention] = []
    for ent in doc.ents:
        start, end, text = ent.start_char, ent.end_char, ent.text
        label = _label(ent.label_, text, body[max(0, start - 16):start])
        if label is None:
            continue
        elided = _ELIDED.match(text)
        if elided and len(text) > elided.end():
            start += elided.end()
            text = text[elided.end():]
        if not text[:1].isupper() and not text[:1].isdigit():
            continue  # "président de la République": a description, not a name
        raw.append((start, end, text, label))
    return persons_by_surname(link_entities(raw))


def _label(kind: str, text: str, before: str) -> str | None:
    """The OntoNotes label of a WikiNER mention (None: not kept)."""
    if kind in {"LOC", "MISC"} and _DEMONYM.match(text) and \
            text.lower() not in _NOT_DEMONYMS and _PEOPLE_BEFORE.search(before):
        return "NORP"
    if kind == "PER":
        if _BUILDING_BEFORE.search(before):
            return "FAC"  # "la cathédrale Notre-Dame", "l'hôpital Georges-Pompidou"
        if (" " not in text and _PLACE_FIRST.match(text)) or _ARTICLE_BEFORE.search(before):
            return "GPE"  # "reconstruire Notre-Dame", "à Saint-Denis", "la Sainte-Chapelle"
    return LABELS.get(kind)
