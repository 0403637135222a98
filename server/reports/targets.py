"""The charter's processing-period target, counted in working time.

A visitor's matter runs from application (arrival) to completion (finish). Following the
Civil Petitions Act (민원 처리에 관한 법률 제19조 and its decree), only working time
counts: the site's opening hours on its working days, never weekends or configured
holidays. "즉시" (at once) means within 3 working hours; a period in days of 5 or fewer
is counted in hours at 8 working hours a day; a longer one in whole working days from
the day after arrival. The target is the service's target_ratio (80%) of its legal
period; for "즉시" it is the 3 working hours themselves.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from ..queue.hours import Schedule

INSTANT_HOURS = 3
HOURS_PER_WORKING_DAY = 8
# Periods longer than this many days are counted in working days, not hours.
HOURLY_UP_TO_DAYS = 5


class WorkingTime(Schedule):
    """A site's Schedule that also measures working time between two moments."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._open: dict[date, list[tuple[float, float]]] = {}

    def open_spans(self, day: date) -> list[tuple[float, float]]:
        if day not in self._open:
            self._open[day] = [(a.timestamp(), b.timestamp()) for a, b in self.spans(day)]
        return self._open[day]

    def seconds(self, start: float, end: float) -> float:
        """Open seconds between two moments."""
        total = 0.0
        # A span ending at 24:00 belongs to the day it starts on: begin a day early.
        day = datetime.fromtimestamp(start, self.tz).date() - timedelta(days=1)
        last = datetime.fromtimestamp(end, self.tz).date()
        while day <= last:
            for a, b in self.open_spans(day):
                total += max(0.0, min(b, end) - max(a, start))
            day += timedelta(days=1)
        return total

    def working_days_between(self, start: float, end: float) -> int:
        """Working days after the day of `start`, up to and including the day of `end`."""
        day = datetime.fromtimestamp(start, self.tz).date() + timedelta(days=1)
        last = datetime.fromtimestamp(end, self.tz).date()
        count = 0
        while day <= last:
            count += bool(self.open_spans(day))
            day += timedelta(days=1)
        return count


def within_target(working: WorkingTime, service: dict, arrival: float, finish: float) -> bool:
    """Whether a matter finished within its service's target."""
    unit, value, ratio = (service["legal_period_unit"], service["legal_period_value"],
                          service["target_ratio"])
    if unit == "days" and value > HOURLY_UP_TO_DAYS:
        return working.working_days_between(arrival, finish) <= ratio * value
    if unit == "instant":
        limit_hours = INSTANT_HOURS
    elif unit == "hours":
        limit_hours = ratio * value
    else:
        limit_hours = ratio * value * HOURS_PER_WORKING_DAY
    # A millisecond of slack: times are stored as floating-point seconds.
    limit = limit_hours * 3600 + 0.001
    # Working time never exceeds the time on the clock: most matters need no counting.
    return finish - arrival <= limit or working.seconds(arrival, finish) <= limit
