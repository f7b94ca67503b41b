"""Text normalisation for duplicate detection: case, punctuation and spacing do not count."""

from __future__ import annotations

import hashlib
import re

from newsprism.models import Article

_WORD = re.compile(r"\w+", re.UNICODE)


def normalized_words(text: str) -> list[str]:
    """Lower-cased word tokens: 'Putin’s  "letter"' and "putin s letter" compare equal."""
    return _WORD.findall(text.lower())


def article_words(article: Article) -> list[str]:
    return normalized_words(article.title + " " + article.body)


def text_hash(article: Article) -> str | None:
    """sha256 of the normalised title and body; None when the article has no words at all."""
    words = article_words(article)
    if not words:
        return None
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()
