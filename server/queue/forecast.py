"""When each waiting visitor will be called: a forward simulation of the lobby as it is.

The counters open now call, one visit after another, in the order call-next would use
(QueueEngine.choose_next): due appointments first, then priority visitors with the
anti-starvation streak, then arrival order, over the lanes each counter calls from (its
services' own tickets, tickets sent to it, tickets reserved for its officer). Every visit
lasts its service's expected time (estimate.ServiceTime, per officer where learned),
stretched by the unplanned absences its counter is expected to have and followed by its
turnaround (both learned in absences.py), so the simulation is deterministic: screens do
not flicker and tests can hold it to figures.

The queue is simulated well beyond its head: a counter shared by several services
divides its time among them as call-next would only if their tickets are there to be
chosen. The engine reads the first tickets of each lane; the others are stood in for by
tickets of the same service and lane arriving evenly between the last one read and now
(_unread), and a ticket not read is told the call of the one with as many of its service
ahead of it. Stand-ins go up to STAND_INS_MAX a service: when the last of a service is
called, the counters linked to it by shared services stop, and their services go on at
the pace of their last calls (_carry_on). One call costs a few microseconds, so a forecast
costs about a millisecond however long the queue.

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
from operator import attrgetter
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


class _Lane:
    """Tickets in one call order; taken ones are skipped as the simulation goes."""
    __slots__ = ("tickets", "at")

    def __init__(self, tickets: list[Waiting]):
        self.tickets, self.at = tickets, 0

    def head(self, taken: set) -> Waiting | None:
        tickets, at = self.tickets, self.at
        while at < len(tickets) and tickets[at].id in taken:
            at += 1
        self.at = at
        return tickets[at] if at < len(tickets) else None


_BY_ARRIVAL = attrgetter("arrival_at", "id")
_BY_APPOINTMENT = attrgetter("appointment_at", "arrival_at", "id")


def _call_order(tickets: list[Waiting]) -> tuple[_Lane, _Lane, _Lane]:
    """The appointment, priority and normal lanes of the tickets one counter may call,
    each merged over its services and its own tickets: the next of each lane is then one
    head, however many services the counter calls (the simulation's inner step)."""
    return (_Lane(sorted((t for t in tickets if t.appointment_at is not None),
                         key=_BY_APPOINTMENT)),
            _Lane(sorted((t for t in tickets if t.priority), key=_BY_ARRIVAL)),
            _Lane(sorted((t for t in tickets if not t.priority), key=_BY_ARRIVAL)))


UNREAD_ID = -(1 << 40)      # ids of the unread tickets stood in for (below any appointment's)
# Stand-ins simulated per service: beyond them, the pace they set is carried on, so that
# a forecast's cost stays bounded however long the queue (bench_engine.py). 20 keep the
# range's figures of the whole queue simulated at three times the demo's demand
# (bench_estimate.py) and call-next within twice its cost at 100 waiting.
STAND_INS_MAX = 20
PACE_CALLS = 20             # the last calls of a service that set its pace


def _unread(now: float, waiting: list[Waiting], known: dict[int, tuple],
            waiting_counts: dict[int, int]) -> tuple[list[Waiting], dict[int, int]]:
    """Stand-ins for the tickets of each lane read only in part: as many as wait beyond
    what was read (waiting_counts less the service's tickets in `waiting`), at most
    STAND_INS_MAX, with arrivals spread evenly from the last one read to now, so that the
    services sharing a counter interleave beyond the read part as they do in it. Of two
    lanes read in part, the normal one is given them (priority visitors seldom queue that
    long). With the id of the last stand-in of each service that has more waiting."""
    read: dict[int, int] = {}
    for t in waiting:
        if t.id > 0:    # a real ticket (appointments still to come have no ticket yet)
            read[t.service_id] = read.get(t.service_id, 0) + 1
    stand_ins, last_of, serial = [], {}, 0
    for service_id, lanes in known.items():
        partial = [(flag, last) for flag, last in zip((1, 0), lanes) if last is not None]
        missing = waiting_counts.get(service_id, 0) - read.get(service_id, 0)
        if not partial or missing <= 0:
            continue
        flag, (last_arrival, _) = partial[-1]
        step = max(now - last_arrival, 0.0) / missing
        for k in range(min(missing, STAND_INS_MAX)):
            serial += 1
            stand_ins.append(Waiting(UNREAD_ID - serial, service_id, flag, None,
                                     last_arrival + (k + 0.5) * step))
        if missing > STAND_INS_MAX:
            last_of[UNREAD_ID - serial] = service_id
    return stand_ins, last_of


def _groups(counters: list["OpenCounter"]) -> list[int]:
    """For each counter, its group: counters linked by the services they share (a group's
    counters divide their time among the same visitors)."""
    parent: dict = {}

    def root(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, counter in enumerate(counters):
        for s in counter.service_ids:
            parent[root(("c", i))] = root(("s", s))
    return [root(("c", i)) for i in range(len(counters))]


@dataclass
class Forecast:
    now: float
    calls: dict[int, tuple[float, float]] = field(default_factory=dict)    # ticket: (at, var)
    newcomers: dict[int, tuple[float, float]] = field(default_factory=dict)  # service: (at, var)
    # The calls of each service's waiting tickets in call order, the unread ones included:
    # a ticket that was not read is the one with `ahead` tickets of its service before it.
    in_order: dict[int, list[tuple[float, float]]] = field(default_factory=dict)
    read: set[int] = field(default_factory=set)       # tickets simulated as themselves
    # Priority visitors still to come go ahead of everyone waiting in arrival order: such a
    # wait is stretched by 1 / (1 - the share of the counters' time they will take).
    stretch: dict[int, float] = field(default_factory=dict)                  # service: factor
    favoured: set[int] = field(default_factory=set)   # priority and appointment tickets
    # Services whose simulation was cut short (more waiting than STAND_INS_MAX stood in
    # for): the seconds and variance a position of their queue adds, from their last calls.
    pace: dict[int, tuple[float, float]] = field(default_factory=dict)

    def for_ticket(self, ticket_id: int, service_id: int, ahead: int) -> Estimate:
        """A waiting ticket with `ahead` tickets of its service called before it."""
        call = self.calls.get(ticket_id)
        if call is None and (ticket_id not in self.read or service_id in self.pace):
            call = self.in_turn(service_id, ahead)
        if call is None:
            return UNKNOWN
        return estimate(self.now, *self._stretched(service_id, call, ticket_id in self.favoured))

    def in_turn(self, service_id: int, ahead: int) -> tuple[float, float] | None:
        """The call of the ticket with `ahead` of its service before it: simulated, or
        carried on at the service's pace beyond the simulated part."""
        in_order = self.in_order.get(service_id, [])
        if ahead < len(in_order):
            return in_order[ahead]
        pace = self.pace.get(service_id)
        if pace and in_order:
            (at, variance), beyond = in_order[-1], ahead - len(in_order) + 1
            return at + beyond * pace[0], variance + beyond * pace[1]
        return self.newcomers.get(service_id)

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
    `waiting_counts[service]`: how many wait in all): the tickets not read are simulated
    by stand-ins (_unread), so a shared counter divides its time among its services over
    the whole queue. `priority_arrivals[service]` is how many priority visitors a second
    are coming for it (Forecast.stretch)."""
    forecast = Forecast(now, read={t.id for t in waiting})
    stand_ins, last_stand_in = _unread(now, waiting, known or {}, waiting_counts or {})
    waiting = waiting + stand_ins
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
    plans = [_call_order([t for s in counter.service_ids for t in by_service.get(s, ())]
                         + by_counter.get(counter.id, []) + by_staff.get(counter.staff_id, []))
             for counter in counters]

    for s, rate in (priority_arrivals or {}).items():
        if s in pool:   # their visits' share of the pool's time, at most a half
            share = min(rate * service_time(s, None).mean / pool[s], MAX_PRIORITY_SHARE)
            forecast.stretch[s] = 1 / (1 - share)
    taken: set[int] = set()
    streak = [c.priority_streak for c in counters]
    variance = [c.free_var for c in counters]
    free = [(max(c.free_at, now), i) for i, c in enumerate(counters)]
    heapq.heapify(free)
    # A group of counters stops when the last stand-in of one of its services is called:
    # beyond, it would divide its time among fewer visitors than wait.
    group = _groups(counters)
    cut: dict = {}                      # group: when its simulation stopped

    # The loop below runs once a simulated visit (a few hundred times a forecast, on every
    # queue command): what it looks up again and again is held in locals, and a counter
    # with no break or absence to expect skips asking about them.
    calls, in_order, favoured_ids = forecast.calls, forecast.in_order, forecast.favoured
    visits: dict = {}                   # (service, counter): (visit + turnaround, variance)
    heapreplace = heapq.heapreplace
    while free:
        at, i = free[0]
        if group[i] in cut:
            heapq.heappop(free)
            continue
        counter = counters[i]
        if counter.breaks:
            back = counter.back_from_break(at)
            if back > at:
                heapreplace(free, (back, i))
                continue
        appointments, priority, normal = plans[i]
        ticket = appointments.head(taken)
        if ticket is not None and ticket.appointment_at > at + appointment_early_seconds:
            ticket = None       # the first appointment is not due yet: none is
        if ticket is None:
            favoured, other = priority.head(taken), normal.head(taken)
            ticket = favoured if favoured and (
                other is None or streak[i] < priority_max_in_row) else other
        if ticket is None:
            # Nothing left for this counter: a newcomer to its services is next.
            heapq.heappop(free)
            for s in counter.service_ids:
                if s not in forecast.newcomers:
                    forecast.newcomers[s] = (at, variance[i] / pool[s])
            continue
        ticket_id, service_id = ticket.id, ticket.service_id
        if ticket.appointment_at is None:   # as QueueEngine._call counts the streak
            streak[i] = streak[i] + 1 if ticket.priority else 0
        if ticket.priority or ticket.appointment_at is not None:
            favoured_ids.add(ticket_id)
        taken.add(ticket_id)
        if ticket_id in last_stand_in:
            cut[group[i]] = at
        targeted = ticket.target_counter_id is not None or ticket.target_staff_id is not None
        call = (at, variance[i] / (1 if targeted else pool[service_id]))
        if ticket_id > UNREAD_ID:
            calls[ticket_id] = call
        if ticket_id > 0 or ticket_id <= UNREAD_ID:     # waiting now: not an appointment to come
            in_order.setdefault(service_id, []).append(call)
        visit = visits.get((service_id, i))
        if visit is None:
            learned = service_time(service_id, counter.staff_id)
            visit = visits[service_id, i] = (learned.mean + counter.turnaround, learned.sd ** 2)
        variance[i] += visit[1]
        ends = counter.visit_ends(at, visit[0]) if counter.availability else at + visit[0]
        heapreplace(free, (ends, i))
    if cut:
        _carry_on(forecast, counters, group, cut, waiting_counts or {}, service_time, pool)
    return forecast


def _carry_on(forecast: Forecast, counters: list[OpenCounter], group: list, cut: dict,
              waiting_counts: dict[int, int], service_time, pool: dict[int, int]) -> None:
    """The services of the groups cut short go on at the pace of their last calls; a
    newcomer comes after everyone waiting, and at a counter that also serves a service
    cut short, after the newcomers of that service (all of them arrived before)."""
    services = {s for i, c in enumerate(counters) if group[i] in cut for s in c.service_ids}
    for s in services:
        calls = forecast.in_order.get(s, [])[-PACE_CALLS:]
        if len(calls) >= 2:
            n = len(calls) - 1
            forecast.pace[s] = ((calls[-1][0] - calls[0][0]) / n, (calls[-1][1] - calls[0][1]) / n)
        else:
            visit = service_time(s, None)
            forecast.pace[s] = (visit.mean / pool[s], visit.sd ** 2 / pool[s])
    cut_short = {s for s in services if waiting_counts.get(s, 0) > len(forecast.in_order.get(s, []))}
    for s in cut_short:
        forecast.newcomers[s] = forecast.in_turn(s, waiting_counts[s])
    for s in services - cut_short:
        if s in forecast.newcomers:
            continue
        own = forecast.in_turn(s, len(forecast.in_order.get(s, [])))
        after = [max((forecast.newcomers[c] for c in counter.service_ids if c in cut_short),
                     default=(cut[group[i]], 0.0))
                 for i, counter in enumerate(counters) if s in counter.service_ids]
        forecast.newcomers[s] = max(own or (0.0, 0.0), min(after, default=(0.0, 0.0)))
