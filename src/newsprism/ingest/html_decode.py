"""Bytes of an HTML page -> text, honouring what the page and its server declare.

Order (as browsers do, WHATWG "encoding sniffing"): a byte-order mark, then the HTTP
``Content-Type`` charset, then ``<meta charset>`` / ``<meta http-equiv="Content-Type">`` in the
first bytes, then strict UTF-8, then charset-normalizer's guess. One departure from browsers:
a page declared in a legacy charset whose bytes are well-formed, non-ASCII UTF-8 is read as
UTF-8 (the declaration is stale; a browser shows mojibake, the author meant UTF-8). Labels are
mapped the WHATWG way (``iso-8859-1`` and ``ascii`` mean windows-1252), so a page declared
latin-1 that uses curly quotes still decodes right.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# How far into the page a <meta charset> may be (browsers look at the first 1024 bytes; pages
# with big inline <head> scripts put it later, so look a little further).
_PRESCAN_BYTES = 8192
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE
)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# WHATWG maps these labels to windows-1252, a superset browsers use for them.
_WHATWG_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "x-sjis": "shift_jis",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-user-defined": "cp1252",
}


def charset_from_content_type(content_type: str | None) -> str | None:
    """The ``charset=`` parameter of an HTTP Content-Type header, if it names a known codec."""
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return _codec(match.group(1)) if match else None


def declared_charset(data: bytes) -> str | None:
    """The charset a ``<meta>`` tag near the top of the page declares, if known."""
    match = _META_CHARSET.search(data[:_PRESCAN_BYTES])
    if not match:
        return None
    return _codec(match.group(1).decode("ascii", "replace"))


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode page bytes; returns ``(text, encoding used)``. Never raises on bad bytes."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, "replace"), encoding
    for encoding in (charset_from_content_type(content_type), declared_charset(data)):
        if encoding is None:
            continue
        # A page served as UTF-16 but declaring it in ASCII bytes cannot be true; skip it.
        if encoding.startswith("utf-16") or encoding.startswith("utf-32"):
            continue
        if encoding != "utf-8" and _is_utf8_text(data):
            # Valid UTF-8 with multi-byte sequences is never a real legacy-charset page (its
            # high bytes would have to pair up exactly as UTF-8 does): the label is stale,
            # common on CMSs that moved to UTF-8 but kept "iso-8859-1" in a template.
            return data.decode("utf-8"), "utf-8"
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            # Declared wrongly (common: "iso-8859-1" on UTF-8 bytes); UTF-8 is checked next,
            # and only if that fails too is the declared charset used with replacements.
            try:
                return data.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                return data.decode(encoding, "replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        encoding = _codec(best.encoding) or "cp1252"
        return data.decode(encoding, "replace"), encoding
    return data.decode("cp1252", "replace"), "cp1252"


def _is_utf8_text(data: bytes) -> bool:
    """True when the bytes hold non-ASCII text and all of it is well-formed UTF-8."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _codec(label: str) -> str | None:
    """Python codec name for a charset label, or None when Python does not know it."""
    label = label.strip().strip("\"'").lower()
    label = _WHATWG_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None
