"""Report periods: a local day, an ISO week (Monday to Sunday), a month or a year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..queue.errors import QueueError

PERIOD_KINDS = ("day", "week", "month", "year")
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class Period:
    kind: str
    first: date          # local days, both inclusive
    last: date
    label: str           # 2026-12-01, 2026-W49, 2026-12, 2026

    def bounds(self, tz: str) -> tuple[float, float]:
        """Epoch seconds from the first local midnight to the midnight after the last day."""
        zone = ZoneInfo(tz)
        return (datetime.combine(self.first, time(0), zone).timestamp(),
                datetime.combine(self.last + timedelta(days=1), time(0), zone).timestamp())

    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]


def period(kind: str, day: date | str) -> Period:
    """The period of this kind that contains `day`."""
    if isinstance(day, str):
        try:
            day = date.fromisoformat(day)
        except ValueError:
            raise QueueError("invalid_request", f"Invalid date {day!r}: use YYYY-MM-DD.",
                             400) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise QueueError("invalid_request",
                         f"Invalid date {day}: reports cover {FIRST_YEAR} to {LAST_YEAR}.", 400)
    if kind == "day":
        return Period(kind, day, day, day.isoformat())
    if kind == "week":
        year, week, weekday = day.isocalendar()
        first = day - timedelta(days=weekday - 1)
        return Period(kind, first, first + timedelta(days=6), f"{year}-W{week:02d}")
    if kind == "month":
        first = day.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return Period(kind, first, following - timedelta(days=1), first.strftime("%Y-%m"))
    if kind == "year":
        return Period(kind, date(day.year, 1, 1), date(day.year, 12, 31), str(day.year))
    raise QueueError("invalid_request",
                     f"Unknown period {kind!r}: use one of {', '.join(PERIOD_KINDS)}.", 400)
