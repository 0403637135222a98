"""The working calendar of the Civil Petitions Act: when a legal processing period ends.

민원 처리에 관한 법률 제19조 (처리기간의 계산), as the Act counts it and not as the
site's opening hours say (a site open on Saturdays, or around the clock, still counts
only the working calendar):

- a period of 5 days or less is counted in working hours from the moment of receipt,
  a day being 8 working hours; "즉시" (at once) is 3 working hours;
- a period of 6 days or more is counted in working days, the first day counted
  ("첫날을 산입"): the period ends when its last working day's working hours end;
- Saturdays, Sundays and the site's configured public holidays never count.

Working hours are a site setting (`legal_working_hours`, default 09:00-12:00 and
13:00-18:00: 8 hours with the lunch hour left out). Receipt outside them starts the
count at the next working moment, so a matter received after hours has that next
working day as its first day. docs/reports.md gives the rule with worked examples.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Callable
from zoneinfo import ZoneInfo

DEFAULT_WORKING_HOURS = "09:00-12:00, 13:00-18:00"
SETTING = "legal_working_hours"
HOURS_PER_DAY = 8            # the Act's working day, whatever the site's hours add up to
INSTANT_HOURS = 3            # "즉시"
HOURLY_UP_TO_DAYS = 5        # periods up to this many days are counted in hours
SEARCH_DAYS = 3 * 366        # no legal period runs longer than this
_SPAN = re.compile(r"^\s*([01]\d|2[0-3]):([0-5]\d)\s*-\s*([01]\d|2[0-3]|24):([0-5]\d)\s*$")
# Times are stored as floating-point seconds: a millisecond of slack when comparing.
SLACK_SECONDS = 0.001


def parse_working_hours(text: str) -> tuple[tuple[time, time], ...]:
    """"09:00-12:00, 13:00-18:00" as (start, end) pairs, or ValueError saying why."""
    spans = []
    for part in str(text).split(","):
        match = _SPAN.match(part)
        if not match:
            raise ValueError(f"{part.strip()!r} is not a span like 09:00-12:00")
        h1, m1, h2, m2 = map(int, match.groups())
        if h2 == 24 and m2:
            raise ValueError(f"{part.strip()!r}: 24:00 is the latest end")
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if end <= start:
            raise ValueError(f"{part.strip()!r} ends before it starts")
        spans.append((start, end))
    spans.sort()
    for (_, earlier_end), (later_start, _) in zip(spans, spans[1:]):
        if later_start < earlier_end:
            raise ValueError("working hours overlap")
    return tuple((time(s // 60, s % 60), time(e // 60, e % 60) if e < 24 * 60 else time.max)
                 for s, e in spans)


@dataclass(frozen=True)
class LegalPeriod:
    """A service's legal processing period and its charter target (a share of it)."""
    unit: str                # 'instant', 'hours' or 'days'
    value: float
    target_ratio: float = 0.8

    @classmethod
    def of(cls, service: dict) -> "LegalPeriod":
        return cls(service["legal_period_unit"], float(service["legal_period_value"]),
                   float(service["target_ratio"]))

    @property
    def instant(self) -> bool:
        return self.unit == "instant"

    @property
    def outlasts_visit(self) -> bool:
        """A period longer than "즉시": the matter is a case (접수), measured from
        receipt to closing, not a visit measured at the counter."""
        return not self.instant

    @property
    def in_days(self) -> bool:
        """Counted in working days (6 days or more), not working hours."""
        return self.unit == "days" and self.value > HOURLY_UP_TO_DAYS

    @property
    def days(self) -> int:
        return math.ceil(self.value - 1e-9)

    @property
    def hours(self) -> float:
        """The period in working hours, when it is counted in hours."""
        if self.instant:
            return INSTANT_HOURS
        return self.value if self.unit == "hours" else self.value * HOURS_PER_DAY

    @property
    def target_days(self) -> int:
        """The target in whole working days: a day only counts once it is fully inside."""
        return max(1, math.floor(self.target_ratio * self.value + 1e-9))

    @property
    def target_hours(self) -> float:
        # "즉시" has no shorter target: the 3 working hours are the promise itself.
        return INSTANT_HOURS if self.instant else self.target_ratio * self.hours


class WorkingCalendar:
    """One site's legal working calendar: working hours on weekdays that are not holidays."""

    def __init__(self, is_holiday: Callable[[date], bool], tz: str = "Asia/Seoul",
                 working_hours: str = DEFAULT_WORKING_HOURS):
        self.tz = ZoneInfo(tz)
        self.spans = parse_working_hours(working_hours)
        self._is_holiday = lru_cache(maxsize=None)(is_holiday)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and not self._is_holiday(day)

    def _day_spans(self, day: date) -> list[tuple[float, float]]:
        if not self.is_working_day(day):
            return []
        return [(datetime.combine(day, a, self.tz).timestamp(),
                 (datetime.combine(day + timedelta(days=1), time(0), self.tz) if b == time.max
                  else datetime.combine(day, b, self.tz)).timestamp())
                for a, b in self.spans]

    def _days_from(self, moment: float | date):
        day = moment if isinstance(moment, date) else datetime.fromtimestamp(moment, self.tz).date()
        for offset in range(SEARCH_DAYS):
            yield day + timedelta(days=offset)
        raise ValueError("no working day within three years: check the holidays")

    def working_seconds(self, start: float, end: float) -> float:
        """Working time between two moments."""
        total = 0.0
        for day in self._days_from(start):
            for a, b in self._day_spans(day):
                total += max(0.0, min(b, end) - max(a, start))
            if datetime.combine(day + timedelta(days=1), time(0), self.tz).timestamp() >= end:
                return total
        return total

    def add_working_hours(self, start: float, hours: float) -> float:
        """The moment `hours` working hours after `start` (counting from the next working
        moment when `start` is outside working hours)."""
        left = hours * 3600
        for day in self._days_from(start):
            for a, b in self._day_spans(day):
                a = max(a, start)
                if b <= a:
                    continue
                if b - a >= left:
                    return a + left
                left -= b - a
        raise AssertionError("unreachable")

    def first_day(self, received: float) -> date:
        """The first day counted: the day of receipt if it is received in or before that
        day's working hours, else the next working day."""
        for day in self._days_from(received):
            spans = self._day_spans(day)
            if spans and spans[-1][1] > received:
                return day
        raise AssertionError("unreachable")

    def end_of_working_day(self, received: float, days: int) -> float:
        """The end of the `days`-th working day, the first day counted."""
        counted = 0
        for day in self._days_from(self.first_day(received)):
            spans = self._day_spans(day)
            if spans:
                counted += 1
                if counted == days:
                    return spans[-1][1]
        raise AssertionError("unreachable")

    # ---- the Act's period and the charter's target ------------------------------------

    def due_at(self, received: float, period: LegalPeriod) -> float:
        """When the legal period of a matter received at `received` ends."""
        if period.in_days:
            return self.end_of_working_day(received, period.days)
        return self.add_working_hours(received, period.hours)

    def target_at(self, received: float, period: LegalPeriod) -> float:
        """When the charter's target (target_ratio of the period, 80%) ends."""
        if period.in_days:
            return self.end_of_working_day(received, period.target_days)
        return self.add_working_hours(received, period.target_hours)

    def within(self, received: float, finished: float, period: LegalPeriod) -> bool:
        """Finished within the legal period."""
        return finished <= self.due_at(received, period) + SLACK_SECONDS

    def within_target(self, received: float, finished: float, period: LegalPeriod) -> bool:
        """Finished within the charter's target."""
        return finished <= self.target_at(received, period) + SLACK_SECONDS


def site_calendar(q, site_id: int) -> WorkingCalendar:
    """A site's calendar from its settings and configured holidays (`q`: a store or a
    transaction)."""
    site = q.one("SELECT timezone, settings FROM sites WHERE id = ?", (site_id,))
    if site is None:
        raise LookupError(site_id)
    settings = json.loads(site["settings"] or "{}")
    holidays = {date.fromisoformat(r["day"]) for r in q.query(
        "SELECT day FROM holidays WHERE site_id = ?", (site_id,))}
    return WorkingCalendar(holidays.__contains__, site["timezone"],
                           settings.get(SETTING) or DEFAULT_WORKING_HOURS)
