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
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MONTH = re.compile(r"^\d{4}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")
_TWO_DAYS = timedelta(days=2)


def parse_timestamp(value: str | datetime | date | None) -> Timestamp | None:
    """Parse what a source gave; naive times are taken as UTC. None when unreadable."""
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
    try:
        parsed = dateutil_parser.parse(text, fuzzy=False)
    except (ValueError, OverflowError, TypeError):
        try:
            parsed = dateutil_parser.parse(text, fuzzy=True)
        except (ValueError, OverflowError, TypeError):
            return None
    if not _HAS_TIME.search(text):
        return Timestamp(value=parsed.date(), precision="day")
    aware = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return Timestamp(value=aware.astimezone(UTC), precision="second")


def plausible(stamp: Timestamp | None, *, now: datetime | None = None) -> bool:
    """False for dates before 1990 or more than two days in the future (broken metadata)."""
    if stamp is None:
        return False
    now = now or datetime.now(UTC)
    key = stamp.sort_key
    return datetime(1990, 1, 1, tzinfo=UTC) <= key <= now.replace(microsecond=0) + _TWO_DAYS

