"""Text cleaning shared by every reader's output: entities, odd spaces, HTML remnants."""

from __future__ import annotations

import html
import re
import unicodedata

import lxml.html

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")


def clean_text(text: str | None) -> str:
    """One line of clean text: entities decoded, NFC, invisible chars dropped, spaces collapsed."""
    if not text:
        return ""
    text = html.unescape(text)
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text.replace("\r", " ").replace("\n", " "))
    return text.strip()


def html_to_text(fragment: str | None) -> str:
    """Plain text of an HTML fragment (an excerpt, a title): tags dropped, entities decoded."""
    if not fragment:
        return ""
    if not _TAG.search(fragment):
        return clean_text(fragment)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return clean_text(_TAG.sub(" ", fragment))
    return clean_text(root.text_content())
