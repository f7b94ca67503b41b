"""Calendar and figure marks of an article, and the clash between two articles' marks.

Two reports of one event rarely disagree on the day or the figures they name, while two events
on one topic (this month's jobs report and last month's, Tuesday's vote and Friday's) often
do. An article's marks are the weekdays and months it names (as indices, read in the languages
below, so "Tuesday" and "Dienstag" agree) and its figures by unit: the word after a figure
("jobs", "%"), "$" for money, "x" for millions/billions (scaled), "year" for 1900-2099.

A clash between two articles counts 1 per kind (weekday, month, figures) where both name one
and share none, capped at 2 (measured on stories-dev, bench/explore/RESULTS.md: it fires on
3 % of same-story pairs and 19-38 % of hard different-story pairs). Across two languages only
what reads the same in both is compared: weekdays and months when both languages are known
here, and years (a word after a figure is not comparable across languages).
"""

from __future__ import annotations

import re
from functools import cache

Marks = dict[str, list]  # {"l": language, "w": [weekday 0-6], "m": [month 0-11], "f": {unit: [v]}}

# One regex per language, one group per weekday/month, in order. Forms are the ones news
# leads use ("in der Nacht zum Dienstag", "в среду": the nominative "среда" also means
# "environment", so only the accusative counts).
_WEEKDAYS: dict[str, tuple[str, ...]] = {
    "en": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    "de": ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag|sonnabend",
           "sonntag"),
    "es": ("lunes", "martes", "miércoles|miercoles", "jueves", "viernes", "sábado|sabado",
           "domingo"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "it": ("lunedì|lunedi", "martedì|martedi", "mercoledì|mercoledi", "giovedì|giovedi",
           "venerdì|venerdi", "sabato", "domenica"),
    "pt": ("segunda-feira", "terça-feira|terca-feira", "quarta-feira", "quinta-feira",
           "sexta-feira", "sábado|sabado", "domingo"),
    "ru": ("понедельник\\w*", "вторник\\w*", "среду", "четверг\\w*", "пятниц\\w+",
           "суббот\\w+", "воскресень\\w+"),
    "uk": ("понеділ\\w+", "вівтор\\w+", "середу", "четвер\\w*", "п[’'ʼ]?ятниц\\w+",
           "субот\\w+", "неділ\\w+"),
}
_MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("january|jan\\.", "february|feb\\.", "march", "april", "", "june", "july",
           "august|aug\\.", "september|sept?\\.", "october|oct\\.", "november|nov\\.",
           "december|dec\\."),  # "may" is a verb far more often than a month
    "de": ("januar|jänner", "februar", "märz", "april", "", "juni", "juli", "august",
           "september", "oktober", "november", "dezember"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre|setiembre", "octubre", "noviembre", "diciembre"),
    "fr": ("janvier", "février|fevrier", "", "avril", "", "juin", "juillet", "août|aout",
           "septembre", "octobre", "novembre", "décembre|decembre"),
    "it": ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
           "settembre", "ottobre", "novembre", "dicembre"),
    "pt": ("janeiro", "fevereiro", "março|marco", "abril", "maio", "junho", "julho", "agosto",
           "setembro", "outubro", "novembro", "dezembro"),
    "ru": ("январ\\w+", "феврал\\w+", "марта|марте|март", "апрел\\w+", "мая|мае", "июн\\w+",
           "июл\\w+", "августа|августе", "сентябр\\w+", "октябр\\w+", "ноябр\\w+",
           "декабр\\w+"),
    "uk": ("січня|січні|січень", "лютого|лютому", "березня|березні|березень",
           "квітня|квітні|квітень", "травня|травні|травень", "червня|червні|червень",
           "липня|липні|липень", "серпня|серпні|серпень", "вересня|вересні|вересень",
           "жовтня|жовтні|жовтень", "листопада|листопаді", "грудня|грудні|грудень"),
}
# Languages that write 3,5 for three and a half and 1.000 for a thousand.
_DECIMAL_COMMA = frozenset({"de", "es", "fr", "it", "pt", "ru", "uk", "nl", "pl", "tr", "cs",
                            "da", "sv", "no", "fi", "ro", "hu", "el", "bg", "id"})
_SCALE = {"thousand": 1e3, "million": 1e6, "millions": 1e6, "billion": 1e9, "billions": 1e9,
          "trillion": 1e12, "mn": 1e6, "bn": 1e9}
_PERCENT = {"%", "percent", "per"}  # "per cent"
_SKIP = {"and", "or", "to", "the", "a", "an", "of", "in", "on", "at", "by", "for", "from",
         "than", "as", "is", "was", "were", "are", "with", "after", "before", "over", "under"}
_FIGURE = re.compile(r"(\$|€|£)?\s?(\d[\d,.]*\d|\d)(\s*%|\s+[^\W\d_]+)?", re.UNICODE)
CROSS_UNITS = frozenset({"year"})  # the figure units compared across languages
MAX_CLASH = 2


@cache
def _pattern(table: str, language: str) -> re.Pattern[str] | None:
    names = (_WEEKDAYS if table == "w" else _MONTHS).get(language)
    if names is None:
        return None
    groups = "|".join(f"(?P<g{k}>{alts})" for k, alts in enumerate(names) if alts)
    return re.compile(rf"(?<!\w)(?:{groups})(?!\w)", re.IGNORECASE)


def _indices(text: str, table: str, language: str) -> list[int]:
    pattern = _pattern(table, language)
    if pattern is None:
        return []
    found = {int(name[1:]) for m in pattern.finditer(text)
             for name, value in m.groupdict().items() if value}
    return sorted(found)


def _number(raw: str, language: str) -> float | None:
    if language in _DECIMAL_COMMA:
        if re.fullmatch(r"\d{1,3}(\.\d{3})+", raw):
            raw = raw.replace(".", "")
        raw = raw.replace(".", "").replace(",", ".") if "," in raw else raw
    else:
        raw = raw.replace(",", "")
    try:
        return float(raw)
    except ValueError:
        return None


def figures(text: str, language: str) -> dict[str, list[float]]:
    """Figures by unit; small bare integers (< 10: "two", list numbers) are left out."""
    by_unit: dict[str, set[float]] = {}
    for m in _FIGURE.finditer(text):
        raw = m.group(2)
        value = _number(raw, language)
        if value is None:
            continue
        plain = raw.isdigit()
        if value < 10 and plain and not m.group(1):
            continue
        unit = (m.group(3) or "").strip().lower()
        if unit in _SKIP:
            unit = ""
        if m.group(1):
            scale = _SCALE.get(unit, 1.0)
            value, unit = value * scale, m.group(1)
        elif unit in _PERCENT:
            unit = "%"
        elif plain and 1900 <= value <= 2099 and len(raw) == 4:
            unit = "year"
        elif unit in _SCALE:
            value, unit = value * _SCALE[unit], "x"
        if unit:
            by_unit.setdefault(unit, set()).add(round(value, 6))
    return {unit: sorted(values) for unit, values in sorted(by_unit.items())}


def marks_of(text: str, language: str | None) -> Marks:
    """The marks of one article's title + lead (empty lists when it names none)."""
    lang = language or ""
    marks: Marks = {"l": lang}  # type: ignore[dict-item]
    weekdays, months = _indices(text, "w", lang), _indices(text, "m", lang)
    if weekdays:
        marks["w"] = weekdays
    if months:
        marks["m"] = months
    found = figures(text, lang)
    if found:
        marks["f"] = found  # type: ignore[assignment]
    return marks


def has_marks(marks: Marks) -> bool:
    return any(key in marks for key in ("w", "m", "f"))


def clash(a: Marks, b: Marks) -> int:
    """0-2: kinds of mark both articles name without a value in common."""
    same = a.get("l") == b.get("l")
    readable = same or (a.get("l") in _WEEKDAYS and b.get("l") in _WEEKDAYS)
    count = 0
    if readable:
        for key in ("w", "m"):
            x, y = a.get(key), b.get(key)
            if x and y and not set(x) & set(y):
                count += 1
    fa, fb = a.get("f"), b.get("f")
    if fa and fb:
        units = fa.keys() & fb.keys()  # type: ignore[union-attr]
        if not same:
            units &= CROSS_UNITS
        if any(not set(fa[u]) & set(fb[u]) for u in units):  # type: ignore[index]
            count += 1
    return min(count, MAX_CLASH)
