"""Russian named entities from natasha, as the same ``Entity`` records spaCy's give English.

natasha (slovnet's NER over navec embeddings, pymorphy2's dictionaries; every weight ships
inside the packages, nothing is downloaded) finds PER/LOC/ORG mentions with character offsets
into the text. Its morphology and syntax then give each mention's nominative ("Владимира
Зеленского" -> "Владимир Зеленский", "Министерстве обороны" -> "Министерство обороны"), and
names are linked as for English (``entities.link_entities``): a later "Зеленский" is
"Владимир Зеленский". Labels become the project's: PER -> PERSON, ORG -> ORG, LOC -> GPE
(natasha does not tell a country from a river; countries and cities are most of the news).

pymorphy2 imports ``pkg_resources``, hence ``setuptools<81`` in the dependencies.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from newsprism.analyze.entities import RawMention, link_entities, persons_by_surname
from newsprism.analyze.records import Entity

log = logging.getLogger(__name__)

LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}
# Tokens of the longest sentence parsed for the nominative: the syntax parser's memory and time
# grow with the square of a sentence's length (11,000 tokens: 2.4 GB; 44,000 ran out of memory).
MAX_PARSED = 400


@dataclass(frozen=True, slots=True)
class SyntaxToken:
    """One token of natasha's parse: ``head`` is the index of its head (-1 for the root)."""

    text: str
    rel: str
    pos: str
    lemma: str
    head: int


class NatashaNER:
    """Callable like a spaCy pipeline, but returns the entity records of a text."""

    def __init__(self) -> None:
        from natasha import (  # imported here: only a Russian article pays for it (~1 s)
            MorphVocab,
            NewsEmbedding,
            NewsMorphTagger,
            NewsNERTagger,
            NewsSyntaxParser,
            Segmenter,
        )

        embedding = NewsEmbedding()
        self.segmenter = Segmenter()
        self.ner = NewsNERTagger(embedding)
        self.morph = NewsMorphTagger(embedding)
        self.syntax = NewsSyntaxParser(embedding)
        self.vocab = MorphVocab()
        # natasha's taggers keep no state between calls, but pymorphy2's caches are not
        # documented as thread-safe: one text at a time.
        self._lock = threading.Lock()

    def __call__(self, text: str) -> list[Entity]:
        with self._lock:
            spans = self._spans(text)
        raw: list[RawMention] = []
        forms: list[str] = []
        for start, stop, kind, normal in spans:
            label = LABELS.get(kind)
            written = text[start:stop]
            if label is None or not written.strip():
                continue
            raw.append((start, stop, written, label))
            forms.append(_dictionary_form(written, normal))
        return persons_by_surname(link_entities(raw, forms))

    def parse(self, text: str) -> list[SyntaxToken]:
        """Tokens of a short text (a headline) with their dependency and lemma."""
        from natasha import Doc

        with self._lock:
            doc = Doc(text)
            doc.segment(self.segmenter)
            doc.tag_morph(self.morph)
            doc.parse_syntax(self.syntax)
            ids = {token.id: n for n, token in enumerate(doc.tokens)}
            out = []
            for token in doc.tokens:
                token.lemmatize(self.vocab)
                out.append(SyntaxToken(text=token.text, rel=token.rel or "", pos=token.pos or "",
                                       lemma=token.lemma or token.text.lower(),
                                       head=ids.get(token.head_id, -1)))
        return out

    def _spans(self, text: str) -> list[tuple[int, int, str, str | None]]:
        from natasha import Doc

        doc = Doc(text)
        doc.segment(self.segmenter)
        doc.tag_ner(self.ner)
        if not doc.spans:
            return []
        # Morphology and syntax cost twice the NER and only serve the nominative: run them on
        # the sentences holding a mention (tag_ner set each sentence's spans; pinned 1.6.0).
        # The parser scores every pair of a sentence's words: a "sentence" of thousands (a
        # list of quotes with no full stop) is left unparsed, its names kept as written.
        every = doc.sents
        doc.sents = [sent for sent in every if sent.spans and len(sent.tokens) <= MAX_PARSED]
        try:
            doc.tag_morph(self.morph)
            doc.parse_syntax(self.syntax)
        finally:
            doc.sents = every
        out: list[tuple[int, int, str, str | None]] = []
        for span in doc.spans:
            normal: str | None
            try:
                span.normalize(self.vocab)
                normal = span.normal
            except Exception:  # a normalisation slip must not lose the mention
                log.debug("natasha could not normalise %r", span.text, exc_info=True)
                normal = None
            out.append((span.start, span.stop, span.type, normal))
        return out


def _dictionary_form(written: str, normal: str | None) -> str:
    """natasha's nominative, unless it lost or added words (then the text as written)."""
    if not normal or len(normal.split()) != len(written.split()):
        return " ".join(written.split())
    return normal
