"""Time as the queue sees it: epoch seconds for storage, the site's local day for numbering."""

from __future__ import annotations

import time
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Asia/Seoul"


class Clock:
    """The real clock. Tests pass a `FixedClock` instead."""

    def now(self) -> float:
        return time.time()


class FixedClock(Clock):
    """A clock that moves only when told to: for tests and for replaying a day."""

    def __init__(self, start: float | datetime):
        self.t = start.timestamp() if isinstance(start, datetime) else float(start)

    def now(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds

    def set(self, moment: datetime) -> None:
        self.t = moment.timestamp()


def local(ts: float, tz: str = DEFAULT_TIMEZONE) -> datetime:
    return datetime.fromtimestamp(ts, ZoneInfo(tz))


def local_day(ts: float, tz: str = DEFAULT_TIMEZONE) -> date:
    return local(ts, tz).date()


def iso(ts: float | None, tz: str = DEFAULT_TIMEZONE) -> str | None:
    """An ISO 8601 timestamp in local time with its offset, for API answers."""
    if ts is None:
        return None
    return local(ts, tz).isoformat(timespec="seconds")


def parse_iso(value: str) -> float:
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("a time needs its UTC offset, e.g. 2026-12-01T10:30:00+09:00")
    return moment.astimezone(timezone.utc).timestamp()
