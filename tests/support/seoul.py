"""Seoul time for tests against a real server process, which runs on the real clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

SEOUL = ZoneInfo("Asia/Seoul")


def today_in(minutes: float) -> datetime:
    """Now plus `minutes`, kept within today: what a test books "for today" stays today's
    even when the test runs in the last minutes before midnight."""
    now = datetime.now(SEOUL)
    first = now.replace(hour=0, minute=0, second=0, microsecond=0)
    last = now.replace(hour=23, minute=59, second=0, microsecond=0)
    return min(max(now + timedelta(minutes=minutes), first), last)
