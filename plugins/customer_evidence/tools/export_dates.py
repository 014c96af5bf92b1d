"""The dates an export writes, read for `invoke questions --import` (`last_heard`).

ISO dates and times, 02/03/2026 (day first unless the file shows otherwise), 2026/03/02,
2 Mar 2026, Mar 2, 2026 and Unix timestamps; anything else is None.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence

MONTH_NAMES = tuple("january february march april may june july august september october "
                    "november december".split())
MONTHS = {name[:3]: number for number, name in enumerate(MONTH_NAMES, start=1)}

_SLASHED = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})\b")
_YEAR_FIRST = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b")
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-z]{3,9})\.?,?[\s-]+(\d{4})\b")
_MONTH_DAY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_EPOCH = re.compile(r"^\d{10}(?:\.\d+)?$")


def parse_dates(values: Sequence[str]) -> list[datetime.date | None]:
    """Each value as a date (None when unreadable); 03/04/2026 is day first unless the
    file shows otherwise (a 13/.. makes it day first, a ../13 month first)."""
    day_first = True
    for value in values:
        found = _SLASHED.match(value)
        if found and int(found.group(1)) > 12:
            break
        if found and int(found.group(2)) > 12:
            day_first = False
            break
    return [parse_date(v, day_first) for v in values]


def parse_date(value: str, day_first: bool = True) -> datetime.date | None:
    """A date from the ways exports write one: ISO, 02/03/2026, 2 Mar 2026, Mar 2, 2026."""
    value = value.strip()
    try:
        parsed = datetime.datetime.fromisoformat(value.replace(" UTC", ""))
        return parsed.date()
    except ValueError:
        pass
    try:
        if found := _SLASHED.match(value):
            a, b, year = (int(g) for g in found.groups())
            year += 2000 if year < 100 else 0
            return datetime.date(year, b, a) if day_first else datetime.date(year, a, b)
        if found := _YEAR_FIRST.match(value):
            return datetime.date(*(int(g) for g in found.groups()))
        if found := _DAY_MONTH.search(value):
            day, month, year = found.groups()
            if month[:3].lower() in MONTHS:
                return datetime.date(int(year), MONTHS[month[:3].lower()], int(day))
        if found := _MONTH_DAY.search(value):
            month, day, year = found.groups()
            if month[:3].lower() in MONTHS:
                return datetime.date(int(year), MONTHS[month[:3].lower()], int(day))
        if _EPOCH.match(value):
            return datetime.datetime.fromtimestamp(float(value), datetime.UTC).date()
    except (ValueError, OverflowError):
        return None
    return None
