"""Language of an article: the source's declaration when there is one, else py3langid."""

from __future__ import annotations

import re
from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

_CODE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*$")
MIN_CONFIDENCE = 0.5
MIN_CHARS = 20
# ISO 639-1 code -> English name, for lines a reader sees ("Both German headlines ...").
LANGUAGE_NAMES = {
    "ar": "Arabic", "bg": "Bulgarian", "ca": "Catalan", "cs": "Czech", "da": "Danish",
    "de": "German", "el": "Greek", "en": "English", "es": "Spanish", "et": "Estonian",
    "fa": "Persian", "fi": "Finnish", "fr": "French", "he": "Hebrew", "hi": "Hindi",
    "hr": "Croatian", "hu": "Hungarian", "id": "Indonesian", "it": "Italian", "ja": "Japanese",
    "ka": "Georgian", "ko": "Korean", "lt": "Lithuanian", "lv": "Latvian", "nl": "Dutch",
    "no": "Norwegian", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian",
    "sk": "Slovak", "sl": "Slovenian", "sr": "Serbian", "sv": "Swedish", "tr": "Turkish",
    "uk": "Ukrainian", "vi": "Vietnamese", "zh": "Chinese"}


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def normalize_code(code: str | None) -> str | None:
    """'en-US' / 'en_GB' / 'EN' -> 'en'; None for anything that is not a language tag."""
    if not code:
        return None
    match = _CODE.match(code.strip())
    return match.group(1).lower() if match else None


def language_name(code: str | None) -> str:
    """'de' / 'de-AT' -> 'German'; a code not in ``LANGUAGE_NAMES`` is given as it is written
    ("language 'xx'"), no code, or ISO 639's 'und' (undetermined: what compare writes for
    an article of no known language), as 'unknown language'."""
    short = normalize_code(code)
    if short is None or short == "und":
        return "unknown language"
    return LANGUAGE_NAMES.get(short, f"language {short!r}")


def detect_language(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, confidence), or (None, 0) when the text is too short to tell."""
    sample = text[:2000]
    if len(sample.strip()) < MIN_CHARS:
        return None, 0.0
    code, confidence = _identifier().classify(sample)
    if confidence < MIN_CONFIDENCE:
        return None, float(confidence)
    return str(code), float(confidence)
