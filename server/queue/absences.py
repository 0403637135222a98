"""Unplanned absences learned from the event log: how much of a counter's time, hour by
hour, its officer is not there although nothing planned says so.

An officer steps out between two visitors (presence 'away'), closes the counter for a
while or for the rest of the day. The event log records each change (`counter.opened`,
`counter.closed`, `staff.presence` with its counter); the days before today say, for each
counter and local hour, what share of its time on duty was lost that way:

- A counter is on duty on a day from the first moment it is open with its officer
  available, until the site's last visitor of the day was called or finished (the site's
  working day as its tickets show it): a counter closed early loses the rest of the day.
- Absent: on duty while its officer is away or the counter closed. Planned breaks
  (`counters.breaks`) are neither duty nor absence: the forecast knows them already.
- share = absent / (on duty + PRIOR_SECONDS): a single pause on a single day is not yet
  a habit.

Between two visits a counter loses a little time too, which no event records and the
visit times leave out (they run from the call to the finish): the officer files the
papers, the next visitor's number is called. Each counter's turnaround is learned from
its tickets: the mean gap from a visit's end to the next call, where that next visitor
was already waiting (so the counter had someone to call), up to TURNAROUND_CAP; a longer
gap is an absence, which the event log accounts for.

The forecast (forecast.py) then expects each counter to work only the rest of each hour
(OpenCounter.availability). In the hour under way, what the counter already lost in it
today (and an absence under way, whose end the forecast knows) counts against what the
hour is expected to lose: an officer back from the pause they take every afternoon is not
expected to take it again.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Callable, Iterable
from zoneinfo import ZoneInfo

ABSENCE_DAYS = 14           # days of the event log learned from
PRIOR_SECONDS = 1800        # each share is shrunk towards none with half an hour on duty
MIN_AVAILABLE = 0.05        # a counter is never expected to stand still for a whole hour
TURNAROUND_CAP = 300        # seconds: a longer gap between two visits is an absence
TURNAROUND_PRIOR = 3        # visits: a turnaround is shrunk towards none with this weight
PRESENCE_EVENTS = ("counter.opened", "counter.closed", "staff.presence")
HOURS = 24

Span = tuple[float, float]
Change = tuple[float, int, bool]      # (at, counter, officer available at it)


def presence_changes(rows: Iterable[tuple[float, str, str]]) -> list[Change]:
    """Counter availability changes from event rows (at, type, data as JSON), in order."""
    changes = []
    for at, type_, data in rows:
        data = json.loads(data)
        if type_ == "staff.presence":
            counter_id = data.get("counter_id")
            available = data["staff"]["presence"] == "available"
        else:
            counter_id, available = data["counter"]["id"], type_ == "counter.opened"
        if counter_id is not None:
            changes.append((at, counter_id, available))
    return changes


def _minus(spans: list[Span], holes: Iterable[Span]) -> list[Span]:
    for hole_start, hole_end in holes:
        spans = [piece for start, end in spans
                 for piece in ((start, min(end, hole_start)), (max(start, hole_end), end))
                 if piece[0] < piece[1]]
    return spans


def _hour_start(at: float, zone: ZoneInfo) -> float:
    return datetime.fromtimestamp(at, zone).replace(minute=0, second=0,
                                                    microsecond=0).timestamp()


def _by_hour(spans: list[Span], zone: ZoneInfo) -> list[float]:
    """Seconds of the spans in each local hour of the day."""
    seconds = [0.0] * HOURS
    for start, end in spans:
        t = start
        while t < end:
            hour = datetime.fromtimestamp(t, zone).hour
            step = min(end, _hour_start(t, zone) + 3600)
            seconds[hour] += step - t
            t = step
    return seconds


def learn(changes: list[Change], days: list[tuple[str, float, float]],
          breaks: Callable[[int, str], tuple[Span, ...]], zone: ZoneInfo,
          ) -> dict[int, tuple[float, ...]]:
    """Each counter's share of every local hour lost to unplanned absence, from the
    availability changes (in order) and the site's working days (day, first, last)."""
    duty: dict[int, list[float]] = {}
    absent: dict[int, list[float]] = {}
    available: dict[int, bool] = {}
    pending = iter(changes)
    change = next(pending, None)
    for day, start, end in sorted(days, key=lambda d: d[1]):
        while change is not None and change[0] <= start:    # the state the day begins in
            available[change[1]] = change[2]
            change = next(pending, None)
        on_duty = {c: start for c, there in available.items() if there}
        away: dict[int, list[Span]] = {}
        left_at: dict[int, float] = {}
        while change is not None and change[0] < end:
            at, counter, there = change
            if not there and counter not in available:  # first heard of as leaving: it was there
                on_duty[counter], available[counter] = start, True
            if there and counter not in on_duty:
                on_duty[counter] = at
            elif there and counter in left_at:
                away.setdefault(counter, []).append((left_at.pop(counter), at))
            elif not there and counter in on_duty and available.get(counter, True):
                left_at[counter] = at
            available[counter] = there
            change = next(pending, None)
        for counter, since in left_at.items():          # still away when the day ended
            away.setdefault(counter, []).append((since, end))
        for counter, begun in on_duty.items():
            planned = breaks(counter, day)
            hours = _by_hour(_minus([(begun, end)], planned), zone)
            lost = _by_hour(_minus(away.get(counter, []), planned), zone)
            duty[counter] = [a + b for a, b in zip(duty.get(counter, [0.0] * HOURS), hours)]
            absent[counter] = [a + b for a, b in zip(absent.get(counter, [0.0] * HOURS), lost)]
    return {counter: tuple(lost / (on + PRIOR_SECONDS) for lost, on in zip(absent[counter], hours))
            for counter, hours in duty.items() if any(absent[counter])}


def turnaround(visits: Iterable[tuple[int, str, float, float, float]]) -> dict[int, float]:
    """Each counter's mean seconds from a visit's end to its next call when the next
    visitor already waited, from visits (counter, day, arrival, call, end) in call order
    per counter."""
    gaps: dict[int, list[float]] = {}
    previous = None
    for counter, day, arrival, call, end in visits:
        if previous and previous[:2] == (counter, day) and arrival <= previous[4] <= call:
            gap = call - previous[4]
            if gap <= TURNAROUND_CAP:
                gaps.setdefault(counter, []).append(gap)
        previous = (counter, day, arrival, call, end)
    return {counter: sum(seconds) / (len(seconds) + TURNAROUND_PRIOR)
            for counter, seconds in gaps.items()}


def expected_availability(shares: tuple[float, ...], now: float, until: float,
                          planned: tuple[Span, ...], lost_this_hour: float,
                          away_until: float | None, zone: ZoneInfo,
                          ) -> tuple[tuple[float, float, float], ...]:
    """(start, end, share of the time the counter is expected to work) from now to
    `until`, hour by hour where it is below one. `lost_this_hour`: what it already lost
    in the hour under way; `away_until`: the end of an absence under way."""
    spans = []
    hour = _hour_start(now, zone)
    while hour < until:
        end = hour + 3600
        share = shares[datetime.fromtimestamp(hour, zone).hour]
        if share > 0:
            expected = share * sum(e - s for s, e in _minus([(hour, end)], planned))
            begin = max(hour, now)
            if hour <= now:     # the hour under way: count what it has lost already
                begin = max(begin, min(away_until or now, end))
                expected -= lost_this_hour + (begin - now)
            left = sum(e - s for s, e in _minus([(begin, end)], planned))
            if expected > 0 and left > 0:
                spans.append((begin, end, max(1 - expected / left, MIN_AVAILABLE)))
        hour = end
    return tuple(spans)


class AbsenceHistory:
    """The learned shares of a site's counters, kept for the day (learned again every
    KEPT_SECONDS, so that a changed planned break is taken into account)."""
    KEPT_SECONDS = 600

    def __init__(self):
        self._learned: dict[int, tuple] = {}   # site: (day, when, shares, turnarounds)

    def learned(self, q, site_id: int, day: str, now: float, zone: ZoneInfo,
                breaks: Callable[[int, str], tuple[Span, ...]],
                ) -> tuple[dict[int, tuple[float, ...]], dict[int, float]]:
        """Each counter's share of every hour lost to absences, and its turnaround."""
        kept = self._learned.get(site_id)
        if kept is None or kept[0] != day or not 0 <= now - kept[1] < self.KEPT_SECONDS:
            first = (date.fromisoformat(day) - timedelta(days=ABSENCE_DAYS)).isoformat()
            visits = q.rows(
                "SELECT counter_id, day, arrival_at, coalesce(call_began_at, called_at) AS call,"
                " finished_at FROM tickets WHERE site_id = ? AND day >= ? AND day < ? "
                "AND status IN ('done', 'no_show') AND counter_id IS NOT NULL "
                "AND finished_at IS NOT NULL AND called_at IS NOT NULL "
                "ORDER BY counter_id, day, call", (site_id, first, day))
            days = [(r["day"], r["first"], r["last"]) for r in q.query(
                "SELECT day, min(arrival_at) AS first, max(coalesce(finished_at, called_at, "
                "arrival_at)) AS last FROM tickets WHERE site_id = ? AND day >= ? AND day < ? "
                "GROUP BY day", (site_id, first, day))]
            changes = []
            if days:
                changes = presence_changes(
                    (r["at"], r["type"], r["data"]) for r in q.query(
                        "SELECT at, type, data FROM events WHERE at >= ? AND at < ? "
                        f"AND site_id = ? AND type IN {PRESENCE_EVENTS} ORDER BY seq",
                        (min(d[1] for d in days) - 86400, max(d[2] for d in days), site_id)))
            kept = self._learned[site_id] = (day, now, learn(changes, days, breaks, zone),
                                             turnaround(visits))
        return kept[2], kept[3]

    def lost_this_hour(self, q, site_id: int, now: float, zone: ZoneInfo,
                       away: dict[int, float | None], planned: dict[int, tuple[Span, ...]],
                       ) -> dict[int, float]:
        """Seconds each counter has been away since the start of the hour under way
        (outside planned breaks). Before its first change in the hour a counter was in the
        state that change left; with no change, in the state it is in now."""
        start = _hour_start(now, zone)
        changes = presence_changes((r["at"], r["type"], r["data"]) for r in q.query(
            f"SELECT at, type, data FROM events WHERE at >= ? AND site_id = ? "
            f"AND type IN {PRESENCE_EVENTS} ORDER BY seq", (start, site_id)))
        first: dict[int, bool] = {}
        for _, counter, there in changes:
            first.setdefault(counter, there)
        lost = {}
        for counter in set(away) | set(first):
            left_at = start if not first.get(counter, counter not in away) else None
            spans = []
            for at, c, there in changes:
                if c != counter:
                    continue
                if there and left_at is not None:
                    spans.append((left_at, at))
                    left_at = None
                elif not there and left_at is None:
                    left_at = at
            if left_at is not None:
                spans.append((left_at, now))
            lost[counter] = sum(e - s for s, e in _minus(spans, planned.get(counter, ())))
        return lost


def expect(history: AbsenceHistory, q, site: dict, day: str, now: float, counters: list,
           away: dict[int, float | None], breaks: Callable[[int, str], tuple[Span, ...]],
           ) -> None:
    """Set each open counter's expected availability (forecast.OpenCounter.availability)
    for the rest of the day from the site's history of unplanned absences, and its
    turnaround between visits."""
    zone = ZoneInfo(site["timezone"])
    shares, turnarounds = history.learned(q, site["id"], day, now, zone, breaks)
    for counter in counters:
        counter.turnaround = turnarounds.get(counter.id, 0.0)
    learned = [c for c in counters if c.id in shares]
    if not learned:
        return
    until = datetime.combine(date.fromisoformat(day) + timedelta(days=1),
                             datetime.min.time(), zone).timestamp()
    hour = datetime.fromtimestamp(now, zone).hour
    lost = {}       # the event log of the hour is read only when the hour expects a loss
    if any(shares[c.id][hour] for c in learned):
        lost = history.lost_this_hour(q, site["id"], now, zone, away,
                                      {c.id: c.breaks for c in learned})
    for counter in learned:
        counter.availability = expected_availability(
            shares[counter.id], now, until, counter.breaks, lost.get(counter.id, 0.0),
            away.get(counter.id), zone)
