"""Dates as the sources write them -> timezone-aware UTC ``Timestamp`` with its precision.

A date with no time stays a date (precision "day"): inventing midnight would move an
article across days when converted between time zones.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from dateutil import parser as dateutil_parser

from newsprism.models import Timestamp

_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")
_HAS_SECONDS = re.compile(r"\d{1,2}:\d{2}:\d{2}")
_DOTTED_DATE = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{2,4}\b")
_HOUR = 3600
# Zone abbreviations news sites print; dateutil knows none of them by itself.
TZ_ABBREVIATIONS: dict[str, int] = {
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": _HOUR, "IST": 5 * _HOUR + 1800,
    "WEST": _HOUR, "CET": _HOUR, "CEST": 2 * _HOUR, "MEZ": _HOUR, "MESZ": 2 * _HOUR,
    "EET": 2 * _HOUR, "EEST": 3 * _HOUR, "MSK": 3 * _HOUR, "TRT": 3 * _HOUR,
    "GST": 4 * _HOUR, "PKT": 5 * _HOUR, "ICT": 7 * _HOUR, "SGT": 8 * _HOUR, "HKT": 8 * _HOUR,
    "JST": 9 * _HOUR, "KST": 9 * _HOUR, "AEST": 10 * _HOUR, "AEDT": 11 * _HOUR,
    "NZST": 12 * _HOUR, "NZDT": 13 * _HOUR, "AST": -4 * _HOUR, "ADT": -3 * _HOUR,
    "EST": -5 * _HOUR, "EDT": -4 * _HOUR, "CST": -6 * _HOUR, "CDT": -5 * _HOUR,
    "MST": -7 * _HOUR, "MDT": -6 * _HOUR, "PST": -8 * _HOUR, "PDT": -7 * _HOUR,
    "AKST": -9 * _HOUR, "AKDT": -8 * _HOUR, "HST": -10 * _HOUR,
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MONTH = re.compile(r"^\d{4}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")
_TWO_DAYS = timedelta(days=2)


def parse_timestamp(value: str | datetime | date | None) -> Timestamp | None:
    """Parse what a source gave; naive times are taken as UTC. None when unreadable."""
    try:
        return _parse_timestamp(value)
    except (ValueError, OverflowError):  # "2024-13", "0000", 9999-12-31T23:59-14:00 in UTC
        return None


def _parse_timestamp(value: str | datetime | date | None) -> Timestamp | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return Timestamp(value=aware.astimezone(UTC), precision="second")
    if isinstance(value, date):
        return Timestamp(value=value, precision="day")
    text = " ".join(str(value).split())
    if _ISO_DATE.match(text):
        try:
            return Timestamp(value=date.fromisoformat(text), precision="day")
        except ValueError:
            return None
    if _ISO_MONTH.match(text):
        return Timestamp(value=date(int(text[:4]), int(text[5:7]), 1), precision="month")
    if _YEAR.match(text):
        return Timestamp(value=date(int(text), 1, 1), precision="year")
    parsed = _dateutil(text)
    if parsed is None:
        return None
    if not _HAS_TIME.search(text):
        return Timestamp(value=parsed.date(), precision="day")
    aware = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    precision = "second" if _HAS_SECONDS.search(text) else "minute"
    return Timestamp(value=aware.astimezone(UTC), precision=precision)


def zone_given(value: str | datetime | date | None) -> bool:
    """Whether the source said which time zone a time is in (else UTC was assumed)."""
    if isinstance(value, datetime):
        return value.tzinfo is not None
    if not isinstance(value, str) or not _HAS_TIME.search(value):
        return True
    parsed = _dateutil(" ".join(value.split()))
    return parsed is not None and parsed.tzinfo is not None


def _dateutil(text: str) -> datetime | None:
    # 05.06.2026 is the 5th of June wherever dots separate a numeric date.
    dayfirst = bool(_DOTTED_DATE.match(text))
    for fuzzy in (False, True):
        try:
            return dateutil_parser.parse(text, fuzzy=fuzzy, dayfirst=dayfirst,
                                         tzinfos=TZ_ABBREVIATIONS)
        except (ValueError, OverflowError, TypeError):
            continue
    return None


def plausible(stamp: Timestamp | None, *, now: datetime | None = None) -> bool:
    """False for dates before 1990 or more than two days in the future (broken metadata)."""
    if stamp is None:
        return False
    now = now or datetime.now(UTC)
    key = stamp.sort_key
    return datetime(1990, 1, 1, tzinfo=UTC) <= key <= now.replace(microsecond=0) + _TWO_DAYS

