"""When each waiting visitor will be called: a forward simulation of the lobby as it is.

The counters open now call, one visit after another, in the order call-next would use
(QueueEngine.choose_next): due appointments first, then priority visitors with the
anti-starvation streak, then arrival order, over the lanes each counter calls from (its
services' own tickets, tickets sent to it, tickets reserved for its officer). Every visit
lasts its service's expected time (estimate.ServiceTime, per officer where learned),
stretched by the unplanned absences its counter is expected to have and followed by its
turnaround (both learned in absences.py), so the simulation is deterministic: screens do
not flicker and tests can hold it to figures.

The spread of a call time: a counter's progress after k visits varies by the sum of their
variances; a visitor that any of c counters may call waits for the pool's progress, whose
variance is about 1/c of one counter's (c counters each doing k/c visits: k var / c^2).
On top of that a share of the wait itself (RELATIVE_SPREAD) for what the lobby cannot
know yet: officers stepping out, visitors jumping ahead with priority or an appointment.
The range is p20-p80 of a normal curve around the expected call.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field
from typing import Callable, NamedTuple

from .estimate import ServiceTime

Z_P80 = 0.8416                  # p20-p80: expected call time -/+ this many standard deviations
RELATIVE_SPREAD = 0.20          # unknown future events, as a share of the wait
NARROW_MINUTES = 3              # a range narrower than this is shown as one number
NO_OPEN_COUNTER = "no_open_counter"
MAX_PRIORITY_SHARE = 0.5        # priority visitors to come take at most this share of a pool


class Waiting(NamedTuple):
    id: int
    service_id: int
    priority: int
    appointment_at: float | None
    arrival_at: float
    target_counter_id: int | None = None
    target_staff_id: int | None = None


@dataclass
class OpenCounter:
    id: int
    staff_id: int
    service_ids: tuple[int, ...]
    priority_streak: int = 0
    free_at: float = 0.0        # when its current visitor is expected to leave
    free_var: float = 0.0       # the variance of that moment
    breaks: tuple[tuple[float, float], ...] = ()  # planned absences (start, end), in order
    # Unplanned absences to expect (absences.py): (start, end, share of the time the
    # counter works), in order; outside them it works all the time.
    availability: tuple[tuple[float, float, float], ...] = ()
    turnaround: float = 0.0     # seconds between a visit's end and the next call (learned)

    def back_from_break(self, at: float) -> float:
        """`at`, or the end of the planned break it falls in: an officer finishes the
        visitor in hand before a break, and calls no one during it."""
        for start, end in self.breaks:
            if start <= at < end:
                return end
        return at

    def available(self, at: float) -> float:
        """The share of the time the counter is expected to work at `at`, breaks aside."""
        for start, end, share in self.availability:
            if start <= at < end:
                return share
        return 1.0

    def rate(self, at: float) -> float:
        """The share of the time the counter works at `at`: none on a planned break."""
        return 0.0 if self.back_from_break(at) != at else self.available(at)

    def edges(self) -> list[float]:
        return [edge for span in (*self.breaks, *self.availability) for edge in span[:2]]

    def visit_ends(self, start: float, seconds: float) -> float:
        """When a visit of `seconds` begun at `start` is expected to end: stretched by the
        absences to expect (not by a planned break: the visitor in hand is finished)."""
        t = start
        for begin, end, share in self.availability:
            if end <= t:
                continue
            if begin > t:
                if t + seconds <= begin:
                    return t + seconds
                seconds -= begin - t
                t = begin
            if t + seconds / share <= end:
                return t + seconds / share
            seconds -= (end - t) * share
            t = end
        return t + seconds


def _pool_time(start: float, work: float, counters: list[OpenCounter]) -> float:
    """When `work` seconds of the whole pool's time have passed after `start`, the pool
    working at the share of its counters not on a planned break, each at the share of
    its time it is expected to be there."""
    edges = sorted({edge for c in counters for edge in c.edges() if edge > start})
    t = start
    for edge in [*edges, math.inf]:
        share = sum(c.rate(t) for c in counters) / len(counters)
        if share and t + work / share <= edge:
            return t + work / share
        work -= (edge - t) * share
        t = edge
    return t


def _pool_work(start: float, end: float, counters: list[OpenCounter]) -> float:
    """The pool's working seconds between two moments (the inverse of _pool_time)."""
    edges = sorted({edge for c in counters for edge in c.edges() if start < edge < end})
    work, t = 0.0, start
    for edge in [*edges, end]:
        work += (edge - t) * sum(c.rate(t) for c in counters) / len(counters)
        t = edge
    return work


@dataclass(frozen=True)
class Estimate:
    minutes: int | None
    low: int | None
    high: int | None
    reason: str | None = None

    def view(self) -> dict:
        return {"minutes": self.minutes, "low": self.low, "high": self.high,
                "reason": self.reason}


UNKNOWN = Estimate(None, None, None, NO_OPEN_COUNTER)


def estimate(now: float, at: float, variance: float) -> Estimate:
    """Minutes from now to an expected call, with its p20-p80 range."""
    wait = max(at - now, 0.0)
    sd = math.sqrt(variance + (RELATIVE_SPREAD * wait) ** 2)
    minutes = round(wait / 60)
    low = min(minutes, max(0, math.floor((wait - Z_P80 * sd) / 60)))
    high = max(minutes, math.ceil((wait + Z_P80 * sd) / 60))
    if high - low < NARROW_MINUTES:
        low = high = minutes
    return Estimate(minutes, low, high)


class _Horizon(Exception):
    """The simulation reached a lane's last known ticket while more wait behind it."""


class _Lane:
    """Tickets in one call order; taken ones are skipped as the simulation goes. A lane
    read only in part knows its tickets up to `known` (arrival, id): past it lies the
    simulation's horizon."""
    __slots__ = ("tickets", "at", "known")

    def __init__(self, tickets: list[Waiting], known: tuple | None = None):
        self.tickets, self.at, self.known = tickets, 0, known

    def head(self, taken: set) -> Waiting | None:
        tickets, at = self.tickets, self.at
        while at < len(tickets) and tickets[at].id in taken:
            at += 1
        self.at = at
        head = tickets[at] if at < len(tickets) else None
        if self.known is not None and (head is None or (head.arrival_at, head.id) > self.known):
            raise _Horizon
        return head


def _by_arrival(t: Waiting):
    return (t.arrival_at, t.id)


def _by_appointment(t: Waiting):
    return (t.appointment_at, t.arrival_at, t.id)


def _lanes(tickets: list[Waiting], known: tuple = (None, None),
           ) -> tuple[list[_Lane], list[_Lane], list[_Lane]]:
    """Due-appointment, priority and normal lanes of a group of tickets (empty ones left
    out); `known` is how far the priority and the normal lane were read, if in part."""
    appointments = sorted((t for t in tickets if t.appointment_at is not None), key=_by_appointment)
    priority = sorted((t for t in tickets if t.priority), key=_by_arrival)
    normal = sorted((t for t in tickets if not t.priority), key=_by_arrival)
    return ([_Lane(appointments)] if appointments else [],
            [_Lane(priority, known[0])] if priority or known[0] else [],
            [_Lane(normal, known[1])] if normal or known[1] else [])


@dataclass(frozen=True)
class Tail:
    """Beyond the simulated horizon, a service's queue moves at the pace it had within it,
    slowed while counters of its pool are on a planned break."""
    at: float           # the horizon
    called: int         # tickets of the service called before it
    per_call: float     # working seconds of the pool between two calls of the service
    variance: float     # of the horizon, for the service's pool of counters
    per_call_variance: float
    pool: tuple[OpenCounter, ...] = ()

    def call(self, position: int) -> tuple[float, float]:
        """The expected call (and its variance) of the service's `position`-th ticket."""
        beyond = max(position - self.called, 0)
        return (_pool_time(self.at, beyond * self.per_call, list(self.pool)),
                self.variance + beyond * self.per_call_variance)


@dataclass
class Forecast:
    now: float
    calls: dict[int, tuple[float, float]] = field(default_factory=dict)    # ticket: (at, var)
    newcomers: dict[int, tuple[float, float]] = field(default_factory=dict)  # service: (at, var)
    tails: dict[int, Tail] = field(default_factory=dict)                     # service: pace
    # Priority visitors still to come go ahead of everyone waiting in arrival order: such a
    # wait is stretched by 1 / (1 - the share of the counters' time they will take).
    stretch: dict[int, float] = field(default_factory=dict)                  # service: factor
    favoured: set[int] = field(default_factory=set)   # priority and appointment tickets

    def for_ticket(self, ticket_id: int, service_id: int, ahead: int) -> Estimate:
        """A waiting ticket with `ahead` tickets of its service called before it."""
        call = self.calls.get(ticket_id)
        if call is None and service_id in self.tails:
            call = self.tails[service_id].call(ahead)
        if call is None:
            return UNKNOWN
        return estimate(self.now, *self._stretched(service_id, call, ticket_id in self.favoured))

    def for_newcomer(self, service_id: int) -> Estimate:
        """The wait of a visitor who takes a number for this service now."""
        call = self.newcomers.get(service_id)
        return estimate(self.now, *self._stretched(service_id, call, False)) if call else UNKNOWN

    def _stretched(self, service_id: int, call: tuple[float, float], favoured: bool):
        at, variance = call
        factor = 1.0 if favoured else self.stretch.get(service_id, 1.0)
        return self.now + (at - self.now) * factor, variance * factor ** 2


def simulate(now: float, counters: list[OpenCounter], waiting: list[Waiting],
             service_time: Callable[[int, int], ServiceTime], *, priority_max_in_row: int,
             appointment_early_seconds: float, known: dict[int, tuple] | None = None,
             waiting_counts: dict[int, int] | None = None,
             priority_arrivals: dict[int, float] | None = None) -> Forecast:
    """Call every waiting ticket on the open counters, as call-next would.

    `waiting` may hold only the first tickets of a service's priority or normal lane
    (`known[service]`: the last (arrival, id) read of each, or None if read in full;
    `waiting_counts[service]`: how many wait in all). The simulation then stops where it
    would need a ticket not read, and the rest of each queue is called at the pace the
    service had until then (Forecast.tails). `priority_arrivals[service]` is how many
    priority visitors a second are coming for it (Forecast.stretch)."""
    forecast = Forecast(now)
    known, waiting_counts = known or {}, waiting_counts or {}
    by_service: dict[int, list[Waiting]] = {}
    by_counter: dict[int, list[Waiting]] = {}
    by_staff: dict[int, list[Waiting]] = {}
    for t in waiting:
        if t.target_counter_id is not None:
            by_counter.setdefault(t.target_counter_id, []).append(t)
        elif t.target_staff_id is not None:
            by_staff.setdefault(t.target_staff_id, []).append(t)
        else:
            by_service.setdefault(t.service_id, []).append(t)
    pool: dict[int, int] = {}           # service: how many open counters call it
    for counter in counters:
        for s in counter.service_ids:
            pool[s] = pool.get(s, 0) + 1
    shared = {s: _lanes(by_service.get(s, []), known.get(s, (None, None))) for s in pool}
    plans = []
    for counter in counters:
        own = _lanes(by_counter.get(counter.id, []) + by_staff.get(counter.staff_id, []))
        plans.append(tuple(
            [lane for s in counter.service_ids for lane in shared[s][kind]] + own[kind]
            for kind in range(3)))

    for s, rate in (priority_arrivals or {}).items():
        if s in pool:   # their visits' share of the pool's time, at most a half
            share = min(rate * service_time(s, None).mean / pool[s], MAX_PRIORITY_SHARE)
            forecast.stretch[s] = 1 / (1 - share)
    taken: set[int] = set()
    called: dict[int, int] = {}
    streak = [c.priority_streak for c in counters]
    variance = [c.free_var for c in counters]
    free = [(max(c.free_at, now), i) for i, c in enumerate(counters)]
    heapq.heapify(free)

    def first(lanes: list[_Lane]) -> Waiting | None:
        best = None
        for lane in lanes:
            head = lane.head(taken)
            if head is not None and (best is None or (head.arrival_at, head.id)
                                     < (best.arrival_at, best.id)):
                best = head
        return best

    def first_due(lanes: list[_Lane], due_by: float) -> Waiting | None:
        best = None
        for lane in lanes:
            head = lane.head(taken)
            if head is not None and head.appointment_at <= due_by and (
                    best is None or _by_appointment(head) < _by_appointment(best)):
                best = head
        return best

    while free:
        at, i = free[0]
        back = counters[i].back_from_break(at)
        if back > at:
            heapq.heapreplace(free, (back, i))
            continue
        appointments, priority, normal = plans[i]
        try:
            ticket = first_due(appointments, at + appointment_early_seconds) if appointments else None
            if ticket is None:
                favoured, other = first(priority), first(normal)
                ticket = favoured if favoured and (
                    other is None or streak[i] < priority_max_in_row) else other
        except _Horizon:
            _extrapolate(forecast, at, counters, variance, pool, called, waiting_counts,
                         service_time)
            break
        heapq.heappop(free)
        if ticket is None:
            # Nothing left for this counter: a newcomer to its services is next.
            for s in counters[i].service_ids:
                if s not in forecast.newcomers:
                    forecast.newcomers[s] = (at, variance[i] / pool[s])
            continue
        if ticket.appointment_at is None:   # as QueueEngine._call counts the streak
            streak[i] = streak[i] + 1 if ticket.priority else 0
        taken.add(ticket.id)
        if ticket.priority or ticket.appointment_at is not None:
            forecast.favoured.add(ticket.id)
        called[ticket.service_id] = called.get(ticket.service_id, 0) + 1
        targeted = ticket.target_counter_id is not None or ticket.target_staff_id is not None
        forecast.calls[ticket.id] = (at, variance[i] / (1 if targeted else pool[ticket.service_id]))
        visit = service_time(ticket.service_id, counters[i].staff_id)
        variance[i] += visit.sd ** 2
        heapq.heappush(free, (counters[i].visit_ends(at, visit.mean + counters[i].turnaround), i))
    return forecast


def _extrapolate(forecast: Forecast, horizon: float, counters: list[OpenCounter],
                 variance: list[float], pool: dict[int, int], called: dict[int, int],
                 waiting_counts: dict[int, int], service_time) -> None:
    """The pace of each service from the simulated part, for the tickets beyond it. A
    service not called in it gets its counters' share: each counter divides its time
    among the services it serves."""
    for s, c in pool.items():
        serving = [i for i, counter in enumerate(counters) if s in counter.service_ids]
        visit = service_time(s, None)
        elapsed = _pool_work(forecast.now, horizon, [counters[i] for i in serving])
        if called.get(s) and elapsed > 0:
            per_call = elapsed / called[s]
        else:
            per_call = 1 / sum(1 / ((service_time(s, counters[i].staff_id).mean
                                     + counters[i].turnaround)
                                    * len(counters[i].service_ids)) for i in serving)
        tail = Tail(horizon, called.get(s, 0), per_call,
                    sum(variance[i] for i in serving) / len(serving) / c,
                    visit.sd ** 2 / c ** 2, tuple(counters[i] for i in serving))
        forecast.tails[s] = tail
        if s not in forecast.newcomers:
            forecast.newcomers[s] = tail.call(max(waiting_counts.get(s, 0), called.get(s, 0)))
