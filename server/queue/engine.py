"""The queue engine: numbering, ordering, the ticket lifecycle and wait estimates.

Plain Python over the store, with no Flask, sockets or printers, so that it can be read,
tested and measured alone. Every command is one write transaction that appends the event
describing its result; the store publishes the events after COMMIT.
"""

from __future__ import annotations

import json
import secrets
import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo
from typing import Callable

from ..infra.clock import Clock, iso, local_day
from .presence import announce_presence
from ..infra.store import Store, Transaction
from .. import audiences
from . import absences, estimate
from .errors import QueueError, not_found
from .calendar import parse_working_hours
from .forecast import Forecast, OpenCounter, Waiting, simulate
from .hours import Schedule
from .numbering import display_number, numbers_per_day

ACTIVE_AT_COUNTER = ("called", "serving")
# The ticket's lifecycle: the statuses each action on a ticket needs. The engine enforces
# it, and the staff console is told what it allows (allowed_actions) instead of knowing it.
LIFECYCLE = {
    "call": ("waiting", "held"),
    "recall": ("called",),
    "start": ("called",),
    "finish": ACTIVE_AT_COUNTER,
    "no-show": ("called",),
    "restore": ("no_show",),
    "cancel": ("waiting", "called", "held"),
    "hold": ACTIVE_AT_COUNTER,
    "return": ("held",),
    "transfer": ("waiting", "called", "serving", "held"),
    # Printing accepts any ticket; the desk offers it for the visitor at the counter.
    "reprint": ACTIVE_AT_COUNTER,
}
FORECAST_KEPT_SECONDS = 5  # a forecast of an unchanged lobby is reused this long
PRIORITY_RATE_SECONDS = 3600  # priority arrivals to come are expected at the last hour's rate
TICKET_STATUSES = ("waiting", "called", "serving", "held", "done", "no_show", "cancelled",
                   "remote")
# A visitor may say "I am on my way back" until their matter is taken up.
RETURNABLE = ("waiting", "called", "held")
FORECAST_LANE_READ = 15    # tickets of a lane read; the rest are simulated by stand-ins
# The few waiting tickets sent to a counter or reserved for an officer: m020's partial
# index holds those alone, by site and day, so reading them seeks past every finished
# transfer (the query repeats the index's condition word for word, which SQLite needs).
TARGETED_WAITING_INDEX = "tickets_targeted_waiting"
TARGETED_WAITING = ("status = 'waiting' "
                    "AND (target_counter_id IS NOT NULL OR target_staff_id IS NOT NULL)")
LEARNED_KEPT_SECONDS = 30  # service times are learned again after this long
WAITING_FIELDS = ("id, service_id, priority, appointment_at, arrival_at, target_counter_id, "
                  "target_staff_id")
# The two ways choose_next reads a lane: due appointments, and one priority group.
DUE_APPOINTMENTS = ("appointment_at <= ?", ("appointment_at", "arrival_at", "id"))
IN_ARRIVAL_ORDER = ("priority = ?", ("arrival_at", "id"))
# One priority group's tickets in one language other than Korean: m024's partial indexes
# hold those alone, and the query repeats their condition (lang <> 'ko') for SQLite.
IN_LANGUAGE = ("priority = ? AND lang = ? AND lang <> 'ko'", ("arrival_at", "id"))
DEFAULT_SETTINGS = {
    "priority_max_in_row": 3,        # anti-starvation: then a normal visitor goes first
    "appointment_early_minutes": 10,  # an appointment is due this long before its time
    "recent_calls": 8,
    # A called visitor may be marked absent only after this many recalls or this many
    # minutes since the call, whichever comes first (0 = no minimum).
    "no_show_min_recalls": 2,
    "no_show_min_minutes": 3,
    # Call-next at a counter that lists languages prefers, within the group it calls from,
    # the oldest ticket in one of them (choose_next, docs/queue.md).
    "prefer_language_match": False,
}


def _parse(row: dict | None, *fields: str) -> dict | None:
    if row is None:
        return None
    for field in fields:
        if row.get(field) is not None:
            row[field] = json.loads(row[field])
    return row


def _memo(q, key, load):
    """Configuration read once per transaction: commands consult it many times."""
    memo = getattr(q, "memo", None)
    if memo is None:
        return load()
    if key not in memo:
        memo[key] = load()
    return memo[key]


def planned_breaks(spans: str, day: str, timezone: str) -> tuple[tuple[float, float], ...]:
    """A counter's planned breaks ("12:00-13:00, ...") on a day, as moments."""
    if not spans:
        return ()
    zone, on = ZoneInfo(timezone), date.fromisoformat(day)
    return tuple((datetime.combine(on, start, zone).timestamp(),
                  datetime.combine(on, end, zone).timestamp())
                 for start, end in parse_working_hours(spans))


def head_of_lane_sql(lane: str, condition: str, order: tuple[str, ...]) -> str:
    """The first waiting ticket of one lane of the queue that meets `condition`."""
    return (f"SELECT * FROM tickets WHERE {lane} AND day = ? AND status = 'waiting' "
            f"AND {condition} ORDER BY {', '.join(order)} LIMIT 1")


def targeted_waiting_sql(index_hint: str) -> str:
    """A site's waiting tickets of a day sent to a counter or reserved for an officer."""
    return (f"SELECT {WAITING_FIELDS} FROM tickets {index_hint} "
            f"WHERE site_id = ? AND day = ? AND {TARGETED_WAITING}")


def allowed_actions(ticket: dict) -> list[str]:
    """The actions the ticket's status allows now, by the lifecycle's names."""
    return [action for action, statuses in LIFECYCLE.items() if ticket["status"] in statuses]


class QueueEngine:
    def __init__(self, store: Store, clock: Clock | None = None):
        self.store = store
        self.clock = clock or Clock()
        self._forecasts = threading.local()  # per thread, as its database connection
        self._learned: dict[int, tuple] = {}  # service: (when, learned visit times)
        self._absences = absences.AbsenceHistory()  # unplanned absences per counter, learned

    def config_changed(self, tx: Transaction, site_id: int, what: str, ident, action: str, *,
                       rooms=(), extra: dict | None = None) -> None:
        """Tell screens, kiosks and consoles that a site's configuration changed."""
        tx.append_event("config.changed", self.clock.now(), site_id,
                        audiences.whole_site(site_id) + list(rooms),
                        {"what": what, "id": ident, "action": action, **(extra or {})})

    def forget_configuration(self, tx: Transaction) -> None:
        """The configuration changed in `tx`: what this transaction read of sites and
        services before the change is read again."""
        tx.memo.clear()

    # ---- configuration reads -------------------------------------------------------

    def site(self, site_id: int, q=None) -> dict:
        q = q or self.store

        def load():
            row = _parse(q.one("SELECT * FROM sites WHERE id = ?", (site_id,)),
                         "names", "hours", "settings")
            if row is None:
                raise not_found("site", site_id)
            row["settings"] = {**DEFAULT_SETTINGS, **row["settings"]}
            return row
        return _memo(q, ("site", site_id), load)

    def service(self, service_id: int, q=None) -> dict:
        q = q or self.store

        def load():
            row = _parse(q.one("SELECT * FROM services WHERE id = ?", (service_id,)),
                         "names", "hours", "documents", "fee", "who_may_apply",
                         "machine_needs")
            if row is None or not row["active"]:
                raise not_found("service", service_id)
            return row
        return _memo(q, ("service", service_id), load)

    def counter(self, counter_id: int, q=None) -> dict:
        q = q or self.store
        row = _parse(q.one("SELECT * FROM counters WHERE id = ?", (counter_id,)),
                     "names", "locations", "languages")
        if row is None:
            raise not_found("counter", counter_id)
        row["service_ids"] = [r["service_id"] for r in q.query(
            "SELECT service_id FROM counter_services WHERE counter_id = ? ORDER BY service_id",
            (counter_id,))]
        return row

    def sites(self) -> list[dict]:
        """Every site, with what the public may know of it."""
        return [_parse(row, "names") for row in self.store.query(
            "SELECT id, code, names, timezone, address, phone FROM sites ORDER BY id")]

    def departments(self, site_id: int) -> list[dict]:
        return [_parse(row, "names", "rooms") for row in self.store.query(
            "SELECT * FROM departments WHERE site_id = ? ORDER BY floor, id", (site_id,))]

    def service_ids(self, site_id: int, q=None) -> list[int]:
        """A site's active services, in the order kiosks show them."""
        return [row["id"] for row in (q or self.store).query(
            "SELECT id FROM services WHERE site_id = ? AND active = 1 "
            "ORDER BY sort_order, id", (site_id,))]

    def staffed_counter_id(self, staff_id: int) -> int | None:
        """The counter this officer is at, if any."""
        row = self.store.one("SELECT id FROM counters WHERE staff_id = ?", (staff_id,))
        return row["id"] if row else None

    def ticket(self, ticket_id: int, q=None) -> dict:
        row = (q or self.store).one("SELECT * FROM tickets WHERE id = ?", (ticket_id,))
        if row is None:
            raise not_found("ticket", ticket_id)
        return row

    def today(self, site: dict) -> str:
        return local_day(self.clock.now(), site["timezone"]).isoformat()

    def schedule(self, service: dict, site: dict, q=None) -> Schedule:
        q = q or self.store

        def is_holiday(day: date) -> bool:
            return q.one("SELECT 1 AS yes FROM holidays WHERE site_id = ? AND day = ?",
                         (site["id"], day.isoformat())) is not None
        return Schedule(service["hours"] or site["hours"], is_holiday, site["timezone"])

    def availability(self, service: dict, q=None) -> dict:
        """Whether a ticket can be issued now, and if not why and when it can."""
        q = q or self.store
        site = self.site(service["site_id"], q)
        schedule = self.schedule(service, site, q)
        now = self.clock.now()
        if service["paused"]:
            return {"open": False, "reason": "paused", "next_open_at": None}
        if not schedule.is_open(now):
            reason = "holiday" if schedule.is_holiday(now) else "outside_hours"
            return {"open": False, "reason": reason,
                    "next_open_at": iso(schedule.next_opening(now), site["timezone"])}
        cap = min(c for c in (service["daily_cap"], numbers_per_day(service), 10**9) if c)
        issued = q.one("SELECT last FROM day_numbers WHERE service_id = ? AND day = ?",
                       (service["id"], self.today(site)))
        if issued and issued["last"] >= cap:
            return {"open": False, "reason": "cap_reached",
                    "next_open_at": iso(schedule.next_opening(now, after_today=True),
                                        site["timezone"])}
        return {"open": True, "reason": None, "next_open_at": None}

    # ---- queue reads ---------------------------------------------------------------

    def queue_stats(self, service_id: int, q=None) -> dict:
        """People waiting for a service and the wait a newcomer should expect."""
        q = q or self.store
        service = self.service(service_id, q)
        site = self.site(service["site_id"], q)
        waiting = self.waiting_count(service_id, self.today(site), q)
        expected = self.forecast(site["id"], q).for_newcomer(service_id)
        return {"service_id": service_id, "waiting": waiting,
                "estimated_minutes": expected.minutes, "estimate": expected.view(),
                "availability": self.availability(service, q)}

    def waiting_count(self, service_id: int, day: str, q, above_priority: int = -1) -> int:
        """Tickets waiting for a service on a day (with a priority above the one given),
        from the counts the triggers of m015_waiting_counts keep."""
        return q.one("SELECT coalesce(sum(waiting), 0) AS n FROM waiting_counts "
                     "WHERE service_id = ? AND day = ? AND priority > ?",
                     (service_id, day, above_priority))["n"]

    def forecast(self, site_id: int, q=None) -> Forecast:
        """When each waiting ticket of the site will be called (queue/forecast.py).

        Simulated once for every service of the site and kept while nothing changed: the
        database's data_version moves when another connection commits, total_changes when
        this one writes; a few seconds later the lobby is simulated again."""
        q = q or self.store
        version, now = q.data_version(), self.clock.now()
        kept = getattr(self._forecasts, "by_site", None)
        if kept is None:
            kept = self._forecasts.by_site = {}
        hit = kept.get(site_id)
        if hit and hit[0] == version and 0 <= now - hit[1].now < FORECAST_KEPT_SECONDS:
            return hit[1]
        made = self._simulate(site_id, now, q)
        kept[site_id] = (version, made)
        return made

    def _simulate(self, site_id: int, now: float, q) -> Forecast:
        site = self.site(site_id, q)
        day, settings = self.today(site), site["settings"]
        learned: dict = {}

        def service_time(service_id: int, staff_id: int | None) -> estimate.ServiceTime:
            if service_id not in learned:
                learned[service_id] = self._service_times(service_id, q)
            overall, by_officer = learned[service_id]
            return by_officer.get(staff_id, overall)

        serves: dict[int, list[int]] = {}
        for row in q.query("SELECT cs.counter_id, cs.service_id FROM counter_services cs "
                           "JOIN counters c ON c.id = cs.counter_id WHERE c.site_id = ?",
                           (site_id,)):
            serves.setdefault(row["counter_id"], []).append(row["service_id"])
        current = {row["counter_id"]: row for row in q.query(
            "SELECT counter_id, service_id, staff_id, called_at FROM tickets "
            "WHERE site_id = ? AND day = ? AND status IN ('called', 'serving')", (site_id, day))}
        counters, away, breaks = [], {}, {}
        for row in q.query("SELECT c.id, c.staff_id, c.priority_streak, c.breaks, s.presence, "
                           "s.away_until FROM counters c JOIN staff s ON s.id = c.staff_id "
                           "WHERE c.site_id = ? ORDER BY c.number", (site_id,)):
            breaks[row["id"]] = row["breaks"]
            free_at, free_var = now, 0.0
            visitor = current.get(row["id"])
            if visitor:
                left, free_var = service_time(visitor["service_id"], row["staff_id"]).remaining(
                    now - (visitor["called_at"] or now))
                free_at = now + left
            if row["presence"] == "away":
                if not row["away_until"]:
                    continue        # stepped out with no return time: not counted on
                free_at = max(free_at, row["away_until"])
                away[row["id"]] = row["away_until"]
            counters.append(OpenCounter(row["id"], row["staff_id"],
                                        tuple(serves.get(row["id"], ())),
                                        row["priority_streak"], free_at, free_var,
                                        planned_breaks(row["breaks"], day, site["timezone"])))
        counters += self._back_from_lunch(site, day, now, serves, breaks, q)
        absences.expect(self._absences, q, site, day, now, counters, away,
                        lambda counter_id, on: planned_breaks(breaks.get(counter_id, ""),
                                                              on, site["timezone"]))
        served = sorted({s for c in counters for s in c.service_ids})
        waiting, known, counts = self._head_of_queues(site_id, day, served, q)
        return simulate(now, counters, waiting, service_time,
                        priority_max_in_row=settings["priority_max_in_row"],
                        appointment_early_seconds=settings["appointment_early_minutes"] * 60,
                        known=known, waiting_counts=counts,
                        priority_arrivals=self._priority_arrivals(served, day, now, q))

    def _back_from_lunch(self, site: dict, day: str, now: float, serves: dict,
                         breaks: dict, q) -> list[OpenCounter]:
        """Counters closed now during one of their planned breaks, after serving today:
        expected back when the break ends, with the officer who served there last."""
        back = []
        for row in q.query("SELECT id, breaks, priority_streak FROM counters "
                           "WHERE site_id = ? AND staff_id IS NULL AND breaks != ''",
                           (site["id"],)):
            planned = planned_breaks(row["breaks"], day, site["timezone"])
            ends = [end for start, end in planned if start <= now < end]
            last = ends and q.one("SELECT staff_id FROM tickets WHERE counter_id = ? AND day = ? "
                                  "AND called_at IS NOT NULL ORDER BY called_at DESC LIMIT 1",
                                  (row["id"], day))
            if last and serves.get(row["id"]):
                breaks[row["id"]] = row["breaks"]
                back.append(OpenCounter(row["id"], last["staff_id"], tuple(serves[row["id"]]),
                                        row["priority_streak"], ends[0], 0.0, planned))
        return back

    def _priority_arrivals(self, service_ids: list[int], day: str, now: float, q) -> dict:
        """Priority visitors a second per service over the last PRIORITY_RATE_SECONDS
        (each service and status one seek of the call-order index: a few rows, however
        long the day)."""
        if not service_ids:
            return {}
        statuses = ",".join(f"'{s}'" for s in TICKET_STATUSES)
        marks = ",".join("?" * len(service_ids))
        counted = dict(q.rows(
            f"SELECT service_id, count(*) FROM tickets WHERE service_id IN ({marks}) "
            f"AND day = ? AND status IN ({statuses}) AND priority = 1 AND arrival_at > ? "
            "GROUP BY service_id", (*service_ids, day, now - PRIORITY_RATE_SECONDS)))
        return {s: counted.get(s, 0) / PRIORITY_RATE_SECONDS for s in service_ids}

    def _head_of_queues(self, site_id: int, day: str, service_ids: list[int], q):
        """What the forecast reads: the first FORECAST_LANE_READ tickets of each service's
        priority and normal lane (from the call-order index alone), every appointment, and
        every ticket sent to a counter or an officer. With how far each lane was read and
        how many wait for each service: the forecast simulates the tickets not read by
        stand-ins of the same service (server/queue/forecast.py)."""
        special = {row[0]: Waiting(*row) for row in q.rows(
            targeted_waiting_sql(q.index_hint(TARGETED_WAITING_INDEX)), (site_id, day))}
        marks = ",".join("?" * len(service_ids))
        for row in q.rows(
                f"SELECT {WAITING_FIELDS} FROM tickets WHERE service_id IN ({marks}) "
                "AND day = ? AND status = 'waiting' AND appointment_at IS NOT NULL",
                (*service_ids, day)):
            special.setdefault(row[0], Waiting(*row))
        # Appointments booked for later today will come and be called at their time, ahead
        # of the walk-ins (by their officer): the simulation expects them (negative ids: no
        # ticket yet). Sought by site and day: every appointment ever booked stays.
        for row in q.rows(
                f"SELECT id, service_id, scheduled_at, staff_id FROM appointments "
                f"WHERE site_id = ? AND day = ? AND service_id IN ({marks}) "
                "AND status = 'booked' AND scheduled_at > ?",
                (site_id, day, *service_ids, self.clock.now())):
            special[-row[0]] = Waiting(-row[0], row[1], 0, row[2], row[2], None, row[3])
        waiting, known, read = list(special.values()), {}, {}
        heads = self._heads_of_lanes(service_ids, day, q)
        for service_id in service_ids:
            lanes = []
            for flag in (1, 0):
                rows = heads.get((service_id, flag), [])
                waiting.extend(Waiting(r[0], service_id, flag, None, r[1])
                               for r in rows if r[0] not in special)
                read[service_id] = read.get(service_id, 0) + len(rows)
                lanes.append((rows[-1][1], rows[-1][0]) if len(rows) == FORECAST_LANE_READ
                             else None)
            known[service_id] = tuple(lanes)
        # Where a lane was read to its end, the tickets read are all that wait.
        longer = [s for s in service_ids if known[s] != (None, None)]
        counts = {**read, **self.waiting_counts(longer, day, q)}
        return waiting, known, counts

    @staticmethod
    def _heads_of_lanes(service_ids: list[int], day: str, q) -> dict[tuple, list]:
        """The first FORECAST_LANE_READ waiting tickets (id, arrival_at) of each service's
        priority and normal lane, by (service, priority), in call order: one statement,
        each lane one seek of the call-order index."""
        lane = ("SELECT * FROM (SELECT service_id, priority, id, arrival_at FROM tickets "
                "WHERE service_id = ? AND day = ? AND status = 'waiting' AND priority = ? "
                "ORDER BY arrival_at, id LIMIT ?) AS lane_{}")
        params = [value for service_id in service_ids for flag in (1, 0)
                  for value in (service_id, day, flag, FORECAST_LANE_READ)]
        heads: dict[tuple, list] = {}
        if not service_ids:
            return heads
        sql = " UNION ALL ".join(lane.format(n) for n in range(2 * len(service_ids)))
        for row in q.rows(sql, params):
            heads.setdefault((row[0], row[1]), []).append((row[2], row[3]))
        for rows in heads.values():
            rows.sort(key=lambda r: (r[1], r[0]))  # a union keeps no order of its own
        return heads

    @staticmethod
    def waiting_counts(service_ids: list[int], day: str, q) -> dict[int, int]:
        """waiting_count of several services in one statement."""
        if not service_ids:
            return {}
        marks = ",".join("?" * len(service_ids))
        counted = dict(q.rows(
            f"SELECT service_id, coalesce(sum(waiting), 0) FROM waiting_counts "
            f"WHERE service_id IN ({marks}) AND day = ? GROUP BY service_id",
            (*service_ids, day)))
        return {s: counted.get(s, 0) for s in service_ids}

    def _service_times(self, service_id: int, q) -> tuple[estimate.ServiceTime, dict]:
        """Learned visit times, kept a little while: they change by one visit in many."""
        now = self.clock.now()
        kept = self._learned.get(service_id)
        if kept is None or not 0 <= now - kept[0] < LEARNED_KEPT_SECONDS:
            kept = self._learned[service_id] = (now, self._learn_service_times(service_id, q))
        return kept[1]

    def _learn_service_times(self, service_id: int, q) -> tuple[estimate.ServiceTime, dict]:
        """A service's visit time, and that of each officer with enough recent visits."""
        service = self.service(service_id, q)
        rows = q.query(
            "SELECT staff_id, finished_at - called_at AS d FROM tickets "
            "WHERE service_id = ? AND finished_at > ? AND status IN ('done', 'no_show') "
            "AND called_at IS NOT NULL ORDER BY finished_at DESC LIMIT ?",
            (service_id, self.clock.now() - estimate.RECENT_DAYS * 86400,
             estimate.RECENT_VISITS))
        overall = estimate.learn([r["d"] for r in rows], service["default_service_minutes"])
        by_officer: dict[int, list[float]] = {}
        for r in rows:
            by_officer.setdefault(r["staff_id"], []).append(r["d"])
        return overall, {staff_id: estimate.learn(durations, overall.mean / 60)
                         for staff_id, durations in by_officer.items()
                         if staff_id is not None and len(durations) >= estimate.OFFICER_VISITS}

    def people_ahead(self, ticket: dict, q=None) -> int:
        """Waiting tickets of the same service that will be called before this one: all of
        a higher priority, and those of its own that arrived before it, counted as its group
        (less itself, when it is waiting) less those behind it, which for a ticket just
        taken are none. A remote ticket not yet checked in is asked where it would stand."""
        q = q or self.store
        service_id, day, priority = ticket["service_id"], ticket["day"], ticket["priority"]
        behind = q.one(
            "SELECT count(*) AS n FROM tickets WHERE service_id = ? AND day = ? "
            "AND status = 'waiting' AND priority = ? AND arrival_at >= ? "
            "AND NOT (arrival_at = ? AND id <= ?)",
            (service_id, day, priority, ticket["arrival_at"], ticket["arrival_at"],
             ticket["id"]))["n"]
        itself = 1 if ticket["status"] == "waiting" else 0
        return self.waiting_count(service_id, day, q, above_priority=priority - 1) - itself - behind

    def tickets_of_today(self, site_id: int, *, service_id: int | None = None,
                         status: str | None = None) -> list[dict]:
        """A site's tickets of its day, in arrival order, of one service or status if given."""
        sql = "SELECT * FROM tickets WHERE site_id = ? AND day = ?"
        params: list = [site_id, self.today(self.site(site_id))]
        for column, value in (("service_id", service_id), ("status", status)):
            if value:
                sql += f" AND {column} = ?"
                params.append(value)
        return self.store.query(sql + " ORDER BY arrival_at, id", params)

    def describe(self, ticket: dict, q=None) -> dict:
        """A ticket as anyone may see it: no visitor data exists in it to leak."""
        q = q or self.store
        view = {
            "id": ticket["id"],
            "display_number": ticket["display_number"],
            "service_id": ticket["service_id"],
            "site_id": ticket["site_id"],
            "day": ticket["day"],
            "status": ticket["status"],
            "priority": bool(ticket["priority"]),
            "appointment_at": iso(ticket["appointment_at"]),
            "issued_at": iso(ticket["issued_at"]),
            "called_at": iso(ticket["called_at"]),
            "counter_id": ticket["counter_id"],
            "recall_count": ticket["recall_count"],
            "transfer_count": ticket["transfer_count"],
            "transferred_from_service_id": ticket["transferred_from_service_id"],
            "returning_at": iso(ticket["returning_at"]),  # "on my way back", from the phone
            "target_counter_id": ticket["target_counter_id"],
            "lang": ticket["lang"],  # the kiosk's language: a preference for this visit
        }
        if ticket["status"] == "waiting":
            ahead = self.people_ahead(ticket, q)
            expected = self.forecast(ticket["site_id"], q).for_ticket(
                ticket["id"], ticket["service_id"], ahead)
            view["people_ahead"] = ahead
            view["estimated_minutes"] = expected.minutes
            view["estimate"] = expected.view()
        return view

    def describe_counter(self, counter: dict) -> dict:
        return {"id": counter["id"], "number": counter["number"], "names": counter["names"],
                "floor": counter["floor"], "location": counter["location"],
                "locations": counter["locations"]}

    def current_ticket(self, counter_id: int, q=None) -> dict | None:
        return (q or self.store).one(
            "SELECT * FROM tickets WHERE counter_id = ? AND status IN ('called', 'serving') "
            "ORDER BY called_at DESC LIMIT 1", (counter_id,))

    def _callable_by(self, counter: dict, staff_id: int | None, q) -> tuple[str, list]:
        """SQL for today's waiting tickets this counter may call: its services' queue,
        and tickets transferred to this counter or to the officer at it."""
        site = self.site(counter["site_id"], q)
        services = counter["service_ids"] or [-1]
        marks = ",".join("?" * len(services))
        where = (f"site_id = ? AND day = ? AND status = 'waiting' AND ("
                 f"  (service_id IN ({marks}) AND target_counter_id IS NULL"
                 f"   AND (target_staff_id IS NULL OR target_staff_id = ?))"
                 f"  OR target_counter_id = ? OR (target_staff_id IS NOT NULL"
                 f"   AND target_staff_id = ?))")
        return where, [site["id"], self.today(site), *services, staff_id, counter["id"], staff_id]

    def waiting_for_counter(self, counter: dict, staff_id: int | None, q=None) -> list[dict]:
        """Today's waiting tickets this counter may call, oldest arrival first."""
        q = q or self.store
        where, params = self._callable_by(counter, staff_id, q)
        return q.query(f"SELECT * FROM tickets WHERE {where} ORDER BY arrival_at, id", params)

    def may_call(self, counter: dict, staff_id: int | None, ticket_id: int, q=None) -> bool:
        q = q or self.store
        where, params = self._callable_by(counter, staff_id, q)
        return q.one(f"SELECT 1 AS ok FROM tickets WHERE {where} AND id = ?",
                     [*params, ticket_id]) is not None

    def _lanes(self, counter: dict, staff_id: int | None) -> list[tuple[str, list]]:
        """The parts of the queue a counter calls from, each one range of an index (see
        m013_call_order): its services' own tickets, tickets transferred to this counter,
        and tickets reserved for the officer at it. A ticket may be in two lanes."""
        lanes = [("service_id = ? AND target_counter_id IS NULL "
                  "AND (target_staff_id IS NULL OR target_staff_id = ?)", [service_id, staff_id])
                 for service_id in counter["service_ids"]]
        lanes.append(("target_counter_id = ?", [counter["id"]]))
        if staff_id is not None:
            lanes.append(("target_staff_id = ?", [staff_id]))
        return lanes

    def _first(self, lanes: list[tuple[str, list]], day: str, condition: str,
               order: tuple[str, ...], params: list, q) -> dict | None:
        """The first waiting ticket in `order` over all lanes: the head of each lane is one
        index seek, so choosing costs the same with 10 or 50,000 waiting."""
        heads = [q.one(head_of_lane_sql(lane, condition, order), [*lane_params, day, *params])
                 for lane, lane_params in lanes]
        heads = [h for h in heads if h is not None]
        return min(heads, key=lambda h: tuple(h[k] for k in order), default=None)

    def choose_next(self, counter: dict, staff_id: int | None, q=None) -> dict | None:
        """Due appointments first, then priority visitors, then arrival order; after
        `priority_max_in_row` priority calls in a row a waiting normal visitor goes first.
        An appointment not yet due waits in arrival order like everyone else.

        When the site prefers language-matched counters, a counter that lists languages
        takes, within the group it calls from (priority or not), the oldest ticket in one
        of them before older tickets in other languages; due appointments and the choice
        of group are never changed by it."""
        q = q or self.store
        site = self.site(counter["site_id"], q)
        settings, day = site["settings"], self.today(site)
        lanes = self._lanes(counter, staff_id)
        due_by = self.clock.now() + settings["appointment_early_minutes"] * 60
        due = self._first(lanes, day, *DUE_APPOINTMENTS, [due_by], q)
        if due:
            return due
        first = {flag: self._first(lanes, day, *IN_ARRIVAL_ORDER, [flag], q)
                 for flag in (1, 0)}
        flag = 1 if first[1] and (first[0] is None or counter["priority_streak"]
                                  < settings["priority_max_in_row"]) else 0
        if first[flag] is None or not settings["prefer_language_match"]:
            return first[flag]
        return self._first_in_languages(lanes, day, flag, counter["languages"], q) or first[flag]

    def _first_in_languages(self, lanes: list[tuple[str, list]], day: str, flag: int,
                            languages: list[str], q) -> dict | None:
        """The oldest waiting ticket of one priority group in any of `languages`: one
        index seek per lane and language (m024)."""
        heads = [self._first(lanes, day, *IN_LANGUAGE, [flag, lang], q)
                 for lang in languages if lang != "ko"]
        heads = [h for h in heads if h is not None]
        return min(heads, key=lambda h: (h["arrival_at"], h["id"]), default=None)

    def snapshot(self, site_id: int) -> dict:
        """Everything a site's public screens show, as of one sequence number."""
        with self.store.read() as q:  # one read transaction: a consistent picture
            site = self.site(site_id, q)
            seq = q.one("SELECT coalesce(max(seq), 0) AS seq FROM events")["seq"]
            counters = []
            for row in q.query("SELECT id FROM counters WHERE site_id = ? ORDER BY number",
                               (site_id,)):
                counter = self.counter(row["id"], q)
                current = self.current_ticket(counter["id"], q)
                counters.append({**self.describe_counter(counter),
                                 "open": counter["staff_id"] is not None,
                                 "service_ids": counter["service_ids"],
                                 "current": self.describe(current, q) if current else None})
            services = [self.queue_stats(s, q) for s in self.service_ids(site_id, q)]
            recent = [self.describe(t, q) for t in q.query(
                "SELECT * FROM tickets WHERE site_id = ? AND day = ? AND called_at IS NOT NULL "
                "ORDER BY called_at DESC LIMIT ?",
                (site_id, self.today(site), site["settings"]["recent_calls"]))]
        return {"seq": seq, "site_id": site_id, "counters": counters,
                "services": services, "recent_calls": recent}

    # ---- commands ------------------------------------------------------------------

    def issue(self, service_id: int, *, priority: bool = False, appointment_at: float | None = None,
              for_staff_id: int | None = None, device_id: int | None = None, lang: str = "ko",
              idempotency_key: str | None = None, remote: dict | None = None,
              on_issued: Callable[[Transaction, dict], None] | None = None,
              with_view: Callable[[Transaction, dict, dict], None] | None = None,
              ) -> tuple[dict, bool]:
        """Take the next number for a service. Returns (ticket view, created).

        `for_staff_id` reserves the ticket for one officer (a booked appointment), as a
        transfer to a colleague does. `lang` is the language the visitor chose at the
        kiosk, kept for this visit only (the desk shows it, the board speaks it). A retry
        carrying the same idempotency key returns the ticket already made.
        `on_issued(tx, ticket)` runs inside the same transaction (a print job, say), so
        the ticket and what belongs to it exist together or not at all.
        `with_view(tx, ticket, view)` runs in it too, after the event, with the view the
        event carries (a paper ticket says what the screen says, described once).
        `remote` ({checkin_code, remote_token}) makes a number taken from a phone
        (queue/remote.py): status 'remote', never called until its visitor checks in."""
        with self.store.write() as tx:
            if idempotency_key:
                existing = tx.one("SELECT * FROM tickets WHERE idempotency_key = ?",
                                  (idempotency_key,))
                if existing:
                    if existing["service_id"] != service_id:
                        raise QueueError(
                            "idempotency_key_reused",
                            "This Idempotency-Key was already used for another service.", 422)
                    return {**self.describe(existing, tx),
                            "public_code": existing["public_code"]}, False
            service = self.service(service_id, tx)
            if priority and not service["priority_enabled"]:
                raise QueueError("priority_not_offered",
                                 "This service has no priority queue.", 422)
            availability = self.availability(service, tx)
            if not availability["open"]:
                raise QueueError("service_closed", _closed_message(availability["reason"]),
                                 409, reason=availability["reason"],
                                 next_open_at=availability["next_open_at"])
            site = self.site(service["site_id"], tx)
            day, now = self.today(site), self.clock.now()
            tx.execute("INSERT INTO day_numbers (service_id, day) VALUES (?, ?) "
                       "ON CONFLICT DO NOTHING", (service_id, day))
            number = tx.execute(
                "UPDATE day_numbers SET last = last + 1 WHERE service_id = ? AND day = ? "
                "RETURNING last", (service_id, day)).fetchone()[0]
            ticket_id = tx.insert("tickets", {
                "site_id": site["id"], "service_id": service_id, "numbered_by": service_id,
                "day": day, "number": number, "display_number": display_number(service, number),
                "status": "waiting", "priority": int(priority),
                "appointment_at": appointment_at, "target_staff_id": for_staff_id,
                "issued_at": now, "arrival_at": now,
                "issued_by_device_id": device_id, "idempotency_key": idempotency_key,
                "public_code": secrets.token_urlsafe(9), "lang": lang,
                **({"status": "remote", "channel": "remote", **remote} if remote else {}),
            })
            ticket = self.ticket(ticket_id, tx)
            if on_issued is not None:
                on_issued(tx, ticket)
            view = self._emit(tx, "ticket.issued", ticket)
            if with_view is not None:
                with_view(tx, ticket, view)
            # A copy: the event's data must never carry the visitor's private code.
            return {**view, "public_code": ticket["public_code"]}, True

    def call_next(self, counter_id: int, staff_id: int | None = None) -> dict:
        with self.store.write() as tx:
            counter = self.counter(counter_id, tx)
            self._ensure_counter_free(counter, tx)
            ticket = self.choose_next(counter, staff_id, tx)
            if ticket is None:
                raise QueueError("nobody_waiting",
                                 "Nobody is waiting for this counter's services.", 409)
            return self._call(tx, ticket, counter, staff_id, chosen_by_order=True)

    def call(self, counter_id: int, ticket_id: int, staff_id: int | None = None) -> dict:
        """Call a chosen ticket out of order (or a held one back)."""
        with self.store.write() as tx:
            return self._call_chosen(tx, self.counter(counter_id, tx), ticket_id, staff_id)

    def return_held(self, ticket_id: int, counter_id: int | None = None,
                    staff_id: int | None = None, *,
                    authorise: Callable[[dict], None] | None = None) -> dict:
        """Call a held ticket back, to the counter that set it aside unless another of
        its site is given. `authorise(counter)` runs once that counter is known: whether
        the caller may act at it."""
        with self.store.write() as tx:
            ticket = self.ticket(ticket_id, tx)
            if ticket["status"] not in LIFECYCLE["return"]:
                raise QueueError("wrong_status", f"Ticket {ticket['display_number']} is not held.")
            counter = self.counter(counter_id or ticket["counter_id"], tx)
            if counter["site_id"] != ticket["site_id"]:
                raise not_found("counter", counter["id"])  # another site's is as if unknown
            if authorise is not None:
                authorise(counter)
            return self._call_chosen(tx, counter, ticket_id, staff_id)

    def mark_returning(self, ticket_id: int) -> dict:
        """The visitor stepped away and is on their way back (said on their phone): staff
        see a flag on the ticket, so that a called visitor is not marked absent while
        walking back. Saying it again changes nothing. Returns the ticket's row."""
        with self.store.write() as tx:
            ticket = self.ticket(ticket_id, tx)
            if ticket["status"] not in RETURNABLE:
                raise QueueError("wrong_status", "This ticket is no longer waiting.", 409,
                                 status_now=ticket["status"])
            if ticket["returning_at"] is not None:
                return ticket
            now = self.clock.now()
            tx.execute("UPDATE tickets SET returning_at = ? WHERE id = ?", (now, ticket_id))
            ticket = self.ticket(ticket_id, tx)
            # For staff only: the public screens show nothing of it.
            rooms = audiences.ticket(ticket, ticket["counter_id"], public=False)
            tx.append_event("ticket.returning", now, ticket["site_id"], rooms,
                            {"ticket": {**self.describe(ticket, tx), "returning": True}})
            return ticket

    def recall(self, ticket_id: int) -> dict:
        return self._change(ticket_id, "recall", LIFECYCLE["recall"], "ticket.recalled",
                            "recall_count = recall_count + 1, called_at = :now")

    def start(self, ticket_id: int) -> dict:
        return self._change(ticket_id, "start", LIFECYCLE["start"], "ticket.started",
                            "status = 'serving', started_at = :now")

    def finish(self, ticket_id: int, outcome: str | None = None, note: str | None = None) -> dict:
        return self._change(ticket_id, "finish", LIFECYCLE["finish"], "ticket.finished",
                            "status = 'done', finished_at = :now, "
                            "started_at = coalesce(started_at, :now), "
                            "outcome = :outcome, note = :note",
                            outcome=outcome, note=note)

    def no_show(self, ticket_id: int) -> dict:
        return self._change(ticket_id, "no-show", LIFECYCLE["no-show"], "ticket.no_show",
                            "status = 'no_show', finished_at = :now",
                            check=self._ensure_no_show_allowed)

    def restore(self, ticket_id: int) -> dict:
        """Bring a visitor marked absent back to waiting (they turned up after all, or the
        officer undoes the no-show). The ticket keeps its arrival time, which puts it at
        the front of its queue."""
        return self._change(ticket_id, "restore", LIFECYCLE["restore"], "ticket.restored",
                            "status = 'waiting', counter_id = NULL, "
                            "called_at = NULL, call_began_at = NULL, finished_at = NULL, "
                            "recall_count = 0",
                            check=self._ensure_today)

    def cancel(self, ticket_id: int) -> dict:
        return self._change(ticket_id, "cancel", LIFECYCLE["cancel"],
                            "ticket.cancelled",
                            "status = 'cancelled', finished_at = :now")

    def hold(self, ticket_id: int) -> dict:
        """Set a visitor aside (to fetch a document, say); the counter is free meanwhile."""
        return self._change(ticket_id, "hold", LIFECYCLE["hold"], "ticket.held",
                            "status = 'held'")

    def transfer(self, ticket_id: int, *, service_id: int | None = None,
                 counter_id: int | None = None, staff_id: int | None = None) -> dict:
        """Send a visitor to another service, counter or colleague. They keep their number
        and their place: the original arrival time still orders the queue."""
        if not any((service_id, counter_id, staff_id)):
            raise QueueError("transfer_target_missing",
                             "Give a service, a counter or a colleague to transfer to.", 422)
        with self.store.write() as tx:
            ticket = self.ticket(ticket_id, tx)
            self._require_status(ticket, LIFECYCLE["transfer"], "transfer")
            # A target at another site is answered like an unknown one, for every caller.
            target_service = self.service(service_id or ticket["service_id"], tx)
            if target_service["site_id"] != ticket["site_id"]:
                raise not_found("service", service_id)
            if service_id == ticket["service_id"] and not (counter_id or staff_id):
                raise QueueError("transfer_same_service",
                                 f"Ticket {ticket['display_number']} is already in this "
                                 "service: choose another service, a counter or a colleague.",
                                 409)
            if counter_id is not None:
                counter = self.counter(counter_id, tx)
                if counter["site_id"] != ticket["site_id"]:
                    raise not_found("counter", counter_id)
                if counter["staff_id"] is None:
                    raise QueueError("counter_closed",
                                     f"Counter {counter['number']} is closed: nobody would "
                                     "call this visitor.", 409)
            if staff_id is not None:
                colleague = tx.one("SELECT presence FROM staff WHERE id = ? AND active = 1 "
                                   "AND site_id = ?", (staff_id, ticket["site_id"]))
                if colleague is None:
                    raise not_found("staff member", staff_id)
                if colleague["presence"] == "closed":
                    raise QueueError("colleague_signed_off",
                                     "This colleague has signed off: nobody would call "
                                     "this visitor.", 409)
            moved_from = ticket["service_id"] if target_service["id"] != ticket["service_id"] else None
            tx.execute(
                "UPDATE tickets SET status = 'waiting', service_id = ?, counter_id = NULL, "
                "target_counter_id = ?, target_staff_id = ?, called_at = NULL, "
                "started_at = NULL, recall_count = 0, transfer_count = transfer_count + 1, "
                "transferred_from_service_id = coalesce(?, transferred_from_service_id) "
                "WHERE id = ?",
                (target_service["id"], counter_id, staff_id, moved_from, ticket_id))
            return self._emit(tx, "ticket.transferred", self.ticket(ticket_id, tx),
                              counter_id=ticket["counter_id"],
                              extra_services=[ticket["service_id"]])

    def open_counter(self, counter_id: int, staff_id: int,
                     service_ids: list[int] | None = None, *, take_over: bool = False) -> dict:
        """A staff member takes a counter (leaving any other), optionally with the
        services they serve there today."""
        with self.store.write() as tx:
            counter = self.counter(counter_id, tx)
            if counter["staff_id"] not in (None, staff_id) and not take_over:
                raise QueueError("counter_taken",
                                 f"Counter {counter['number']} is staffed by someone else.", 409)
            for left in tx.query("SELECT id FROM counters WHERE staff_id = ? AND id != ?",
                                 (staff_id, counter_id)):
                self._ensure_counter_free(self.counter(left["id"], tx), tx)
                tx.execute("UPDATE counters SET staff_id = NULL WHERE id = ?", (left["id"],))
            if service_ids is not None:
                self._set_services(tx, counter, service_ids)
            tx.execute("UPDATE counters SET staff_id = ?, priority_streak = 0 WHERE id = ?",
                       (staff_id, counter_id))
            tx.execute("UPDATE staff SET presence = 'available', away_until = NULL WHERE id = ?",
                       (staff_id,))
            announce_presence(tx, staff_id, self.clock.now())
            return self._emit_counter(tx, "counter.opened", counter_id)

    def assign_services(self, counter_id: int, service_ids: list[int]) -> dict:
        """Change what a counter serves, whoever is at it (a supervisor moving staff
        between services). Its officer's console follows the `counter.updated` event."""
        with self.store.write() as tx:
            counter = self.counter(counter_id, tx)
            self._set_services(tx, counter, service_ids)
            return self._emit_counter(tx, "counter.updated", counter_id,
                                      extra_services=counter["service_ids"])

    def set_paused(self, service_id: int, paused: bool) -> dict:
        """Pause a service (kiosks stop issuing its numbers; those waiting are still
        served) or reopen it; a service already so is refused with wrong_status."""
        with self.store.write() as tx:
            service = self.service(service_id, tx)
            if bool(service["paused"]) == paused:
                raise QueueError("wrong_status", "This service is already "
                                 f"{'paused' if paused else 'open'}.")
            tx.execute("UPDATE services SET paused = ? WHERE id = ?", (int(paused), service_id))
            service = {**service, "paused": int(paused)}
            tx.memo[("service", service_id)] = service
            view = {"id": service_id, "names": service["names"], "paused": paused,
                    "availability": self.availability(service, tx)}
            tx.append_event("service.paused" if paused else "service.resumed",
                            self.clock.now(), service["site_id"],
                            audiences.site_watchers(service["site_id"])
                            + [audiences.service(service_id)],
                            {"service": view, "queues": [self.queue_stats(service_id, tx)]})
            return view

    def close_counter(self, counter_id: int) -> dict:
        with self.store.write() as tx:
            counter = self.counter(counter_id, tx)
            self._ensure_counter_free(counter, tx)
            tx.execute("UPDATE counters SET staff_id = NULL WHERE id = ?", (counter_id,))
            if counter["staff_id"]:
                tx.execute("UPDATE staff SET presence = 'closed' WHERE id = ?",
                           (counter["staff_id"],))
                announce_presence(tx, counter["staff_id"], self.clock.now(),
                                  left_counter_id=counter_id)
            return self._emit_counter(tx, "counter.closed", counter_id)

    # ---- internals -----------------------------------------------------------------

    def _set_services(self, tx: Transaction, counter: dict, service_ids: list[int]) -> None:
        for service_id in service_ids:
            if self.service(service_id, tx)["site_id"] != counter["site_id"]:
                raise not_found("service", service_id)  # as if unknown: see transfer()
        tx.execute("DELETE FROM counter_services WHERE counter_id = ?", (counter["id"],))
        for service_id in sorted(set(service_ids)):
            tx.insert("counter_services", {"counter_id": counter["id"], "service_id": service_id})

    def _emit_counter(self, tx: Transaction, type_: str, counter_id: int,
                      extra_services: list[int] = ()) -> dict:
        counter = self.counter(counter_id, tx)
        view = {**self.describe_counter(counter), "open": counter["staff_id"] is not None,
                "service_ids": counter["service_ids"]}
        concerned = dict.fromkeys([*counter["service_ids"], *extra_services])
        rooms = audiences.counter_followers(counter["site_id"], counter_id, concerned)
        tx.append_event(type_, self.clock.now(), counter["site_id"], rooms, {
            "counter": view,
            "queues": [self.queue_stats(s, tx) for s in counter["service_ids"]]})
        return view

    def _call_chosen(self, tx: Transaction, counter: dict, ticket_id: int,
                     staff_id: int | None) -> dict:
        self._ensure_counter_free(counter, tx)
        ticket = self.ticket(ticket_id, tx)
        if ticket["site_id"] != counter["site_id"]:
            raise not_found("ticket", ticket_id)
        self._require_status(ticket, LIFECYCLE["call"], "call")
        if ticket["day"] != self.today(self.site(counter["site_id"], tx)):
            raise QueueError("ticket_expired", "This ticket was issued on another day.")
        if not self.may_call(counter, staff_id, ticket["id"], tx) and not (
                ticket["status"] == "held" and ticket["counter_id"] == counter["id"]):
            raise QueueError("not_for_this_counter",
                             "This counter does not serve this ticket's service.", 403)
        return self._call(tx, ticket, counter, staff_id, chosen_by_order=False)

    def _call(self, tx: Transaction, ticket: dict, counter: dict, staff_id: int | None,
              chosen_by_order: bool) -> dict:
        now = self.clock.now()
        returning = ticket["status"] == "held"
        tx.execute(
            "UPDATE tickets SET status = 'called', called_at = ?, call_began_at = ?, "
            "first_called_at = coalesce(first_called_at, ?), counter_id = ?, "
            "staff_id = coalesce(?, staff_id), recall_count = 0 WHERE id = ?",
            (now, now, now, counter["id"], staff_id or counter["staff_id"], ticket["id"]))
        if chosen_by_order and ticket["appointment_at"] is None:
            streak = counter["priority_streak"] + 1 if ticket["priority"] else 0
            tx.execute("UPDATE counters SET priority_streak = ? WHERE id = ?",
                       (streak, counter["id"]))
        return self._emit(tx, "ticket.called", self.ticket(ticket["id"], tx),
                          counter_id=counter["id"], returned=returning)

    def _change(self, ticket_id: int, action: str, allowed: tuple[str, ...], event: str,
                assignments: str, check: Callable[[dict, Transaction], None] | None = None,
                **values) -> dict:
        with self.store.write() as tx:
            ticket = self.ticket(ticket_id, tx)
            self._require_status(ticket, allowed, action)
            if check is not None:
                check(ticket, tx)
            tx.execute(f"UPDATE tickets SET {assignments} WHERE id = :id",
                       {"now": self.clock.now(), "id": ticket_id, **values})
            return self._emit(tx, event, self.ticket(ticket_id, tx),
                              counter_id=ticket["counter_id"])

    def emit_ticket(self, tx: Transaction, type_: str, ticket: dict) -> dict:
        """Append a ticket's event (with its queue's figures) to `tx`, for a domain module
        that changes a ticket itself (queue/remote.py); the ticket's view is returned."""
        return self._emit(tx, type_, ticket)

    def _emit(self, tx: Transaction, type_: str, ticket: dict, counter_id: int | None = None,
              extra_services: list[int] = (), **extra) -> dict:
        view = self.describe(ticket, tx)
        counter = self.counter(counter_id, tx) if counter_id else None
        service_ids = [ticket["service_id"], *[s for s in extra_services if s != ticket["service_id"]]]
        rooms = audiences.ticket(ticket, counter_id, service_ids)
        data = {"ticket": view,
                "counter": self.describe_counter(counter) if counter else None,
                "queues": [self.queue_stats(s, tx) for s in service_ids],
                **extra}
        tx.append_event(type_, self.clock.now(), ticket["site_id"], rooms, data)
        return view

    def _ensure_counter_free(self, counter: dict, q) -> None:
        current = self.current_ticket(counter["id"], q)
        if current:
            raise QueueError("counter_busy",
                             f"Counter {counter['number']} is still with ticket "
                             f"{current['display_number']}: finish it or mark it no-show first.",
                             409, ticket_id=current["id"])

    def _ensure_no_show_allowed(self, ticket: dict, q) -> None:
        """A visitor is marked absent only after the site's minimum: enough recalls or
        enough minutes since this call (a recall does not restart the minutes)."""
        settings = self.site(ticket["site_id"], q)["settings"]
        min_recalls, min_minutes = settings["no_show_min_recalls"], settings["no_show_min_minutes"]
        began = ticket["call_began_at"] or ticket["called_at"]
        waited = self.clock.now() - began
        if ticket["recall_count"] >= min_recalls or waited >= min_minutes * 60:
            return
        raise QueueError(
            "no_show_too_soon",
            f"Ticket {ticket['display_number']} was called {int(waited)} s ago: mark it "
            f"no-show after {min_recalls} recalls or {min_minutes} minutes since the call.",
            409, recalls_needed=min_recalls - ticket["recall_count"],
            allowed_in_seconds=max(0, round(min_minutes * 60 - waited)))

    def _ensure_today(self, ticket: dict, q) -> None:
        if ticket["day"] != self.today(self.site(ticket["site_id"], q)):
            raise QueueError("ticket_expired", "This ticket was issued on another day.")

    @staticmethod
    def _require_status(ticket: dict, allowed: tuple[str, ...], action: str) -> None:
        if ticket["status"] not in allowed:
            raise QueueError("wrong_status",
                             f"Ticket {ticket['display_number']} is {ticket['status']}; "
                             f"{action} needs it to be {' or '.join(allowed)}.", 409,
                             status_now=ticket["status"])


def _closed_message(reason: str) -> str:
    return {
        "paused": "This service is paused for now.",
        "holiday": "The office is closed today (public holiday).",
        "outside_hours": "This service is closed at this hour.",
        "cap_reached": "Today's tickets for this service have all been issued.",
    }[reason]
