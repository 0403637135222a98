"""Opening hours and public holidays: is a service open now, and when does it open next.

Hours are a JSON object per weekday, each a list of [open, close] local times:
{"mon": [["09:00", "12:00"], ["13:00", "18:00"]], ..., "sun": []}. "24:00" closes at
midnight. Holidays are configured per site (lunar and substitute holidays change yearly).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Callable
from zoneinfo import ZoneInfo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$|^24:00$")


def validate_hours(hours: dict) -> dict:
    """The hours with every weekday present, or ValueError saying what is wrong."""
    if not isinstance(hours, dict):
        raise ValueError("hours must be an object with a list of [open, close] per weekday")
    unknown = set(hours) - set(WEEKDAYS)
    if unknown:
        raise ValueError(f"unknown weekday {sorted(unknown)[0]!r}; use {', '.join(WEEKDAYS)}")
    clean = {}
    for day in WEEKDAYS:
        spans = hours.get(day, [])
        if not isinstance(spans, list):
            raise ValueError(f"{day}: expected a list of [open, close] pairs")
        clean_spans = []
        for span in spans:
            if (not isinstance(span, (list, tuple)) or len(span) != 2
                    or not all(isinstance(t, str) and _TIME.match(t) for t in span)):
                raise ValueError(f"{day}: {span!r} is not a pair of HH:MM times")
            if span[0] >= span[1]:
                raise ValueError(f"{day}: {span[0]}-{span[1]} closes before it opens")
            clean_spans.append([span[0], span[1]])
        clean_spans.sort()
        for earlier, later in zip(clean_spans, clean_spans[1:]):
            if later[0] < earlier[1]:
                raise ValueError(f"{day}: {earlier} and {later} overlap")
        clean[day] = clean_spans
    return clean


def _at(day: date, hhmm: str, tz: ZoneInfo) -> datetime:
    if hhmm == "24:00":
        return datetime.combine(day + timedelta(days=1), time(0), tz)
    hour, minute = map(int, hhmm.split(":"))
    return datetime.combine(day, time(hour, minute), tz)


class Schedule:
    def __init__(self, hours: dict, is_holiday: Callable[[date], bool], tz: str):
        self.hours = hours
        self._is_holiday = lru_cache(maxsize=None)(is_holiday)
        self.tz = ZoneInfo(tz)

    def spans(self, day: date) -> list[tuple[datetime, datetime]]:
        """The open spans of a day (none on a holiday), as local datetimes."""
        if self._is_holiday(day):
            return []
        return [(_at(day, a, self.tz), _at(day, b, self.tz))
                for a, b in self.hours.get(WEEKDAYS[day.weekday()], [])]

    def is_holiday(self, ts: float) -> bool:
        return self._is_holiday(datetime.fromtimestamp(ts, self.tz).date())

    def is_open(self, ts: float) -> bool:
        moment = datetime.fromtimestamp(ts, self.tz)
        # A span ending at 24:00 belongs to the day it starts on.
        for day in (moment.date(), moment.date() - timedelta(days=1)):
            if any(start <= moment < end for start, end in self.spans(day)):
                return True
        return False

    def next_opening(self, ts: float, *, after_today: bool = False) -> float | None:
        """The start of the next open span after `ts` (or after today), within a year."""
        moment = datetime.fromtimestamp(ts, self.tz)
        first = moment.date() + timedelta(days=1 if after_today else 0)
        for offset in range(370):
            for start, _ in self.spans(first + timedelta(days=offset)):
                if start > moment:
                    return start.timestamp()
        return None
