"""Language of an article: the source's declaration when there is one, else py3langid."""

from __future__ import annotations

import re
from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

_CODE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*$")
MIN_CONFIDENCE = 0.5
MIN_CHARS = 20


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def normalize_code(code: str | None) -> str | None:
    """'en-US' / 'en_GB' / 'EN' -> 'en'; None for anything that is not a language tag."""
    if not code:
        return None
    match = _CODE.match(code.strip())
    return match.group(1).lower() if match else None


def detect_language(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, confidence), or (None, 0) when the text is too short to tell."""
    sample = text[:2000]
    if len(sample.strip()) < MIN_CHARS:
        return None, 0.0
    code, confidence = _identifier().classify(sample)
    if confidence < MIN_CONFIDENCE:
        return None, float(confidence)
    return str(code), float(confidence)
