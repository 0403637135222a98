"""How right the wait estimates are: simulated days replayed through the engine on a fake
clock, each visitor's estimate at the kiosk set against the wait they then had.

    .venv/bin/python bench/bench_estimate.py [--days 3] [--demand 1,2,3] [--breakdown]
    .venv/bin/python bench/bench_estimate.py --cost 50,500,2000

The demo city hall's services and counters, staffed as in its sample history (counters 1
and 2 share 주민등록, 인감 and 가족관계; counter 5 shares 여권 with counter 4 and serves
외국인 민원; counter 3 stays closed),
a day of arrivals with a morning and an after-lunch peak, times `--demand`; priority
visitors, appointments (checked in a few minutes early, for the officer of counter 4),
no-shows, counter 2's officer away at lunch (on the counter's planned breaks, unless
--unplanned) and counter 1's officer out for 20 minutes in the afternoon (unplanned),
both recorded in the event log as the staff console records them. Each demand level
gets its own database: the first day only teaches the service times, the absences and
the turnarounds (and each day after it teaches more); the later ones are measured. For
every visitor called, the wait actually waited (issue to first call) is set against three
estimates made at issue:

- naive: people ahead x the service's configured minutes;
- counters: the previous model, learned minutes x (1/2 + (ahead - free) / open counters);
- forecast: the engine's simulation of the lobby (estimated_minutes);
- range top: the upper end of the forecast's range, which is what the kiosk, the phone
  and the board promise when they show a range ("22~32분"), so "underestimated" on this
  row means a visitor waited more than 5 minutes past what they were shown.

Prints, per demand level and estimate, the mean actual wait, the mean absolute error
and the share of visitors underestimated by more than 5 minutes. `--cost` instead
measures what one forecast of the lobby costs with that many visitors waiting (it is
simulated again after every ticket event).
"""

from __future__ import annotations

import argparse
import heapq
import math
import random
import sys
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from time import perf_counter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server.infra.clock import FixedClock  # noqa: E402
from server.demo import load_demo  # noqa: E402
from server.demo.history import ARRIVAL_HOURS, DEMAND, PAST_DUTY, _services  # noqa: E402
from server.queue import QueueEngine  # noqa: E402
from server.queue.errors import QueueError  # noqa: E402
from server.queue.presence import announce_presence  # noqa: E402
from server.infra.store import Store  # noqa: E402
from tests.support.seoul import SEOUL  # noqa: E402

AWAY = [(2, time(12, 0), time(13, 0)), (1, time(15, 0), time(15, 20))]
PLANNED = AWAY[:1]  # counter 2's lunch, as the counter's planned break
PRIORITY_SHARE = 0.06
APPOINTMENT_SHARE = 0.04      # of passport visitors
NO_SHOW_SHARE = 0.03
UNDER_BY = 5                  # minutes


def previous_estimate(engine: QueueEngine, ticket: dict, ahead: int) -> float:
    """The model before the forecast: learned minutes and the counters open for it."""
    service = engine.service(ticket["service_id"])
    durations = [r["d"] for r in engine.store.query(
        "SELECT finished_at - called_at AS d FROM tickets WHERE service_id = ? "
        "AND status = 'done' AND finished_at > ? AND called_at IS NOT NULL "
        "ORDER BY finished_at DESC LIMIT 30",
        (service["id"], engine.clock.now() - 14 * 86400))]
    minutes = [min(max(d / 60, 0.5), 60) for d in durations]
    s = (sum(minutes) + 3 * service["default_service_minutes"]) / (len(minutes) + 3)
    counters = engine.store.one(
        "SELECT count(*) AS open, sum(EXISTS (SELECT 1 FROM tickets t WHERE t.counter_id = c.id"
        " AND t.status IN ('called', 'serving'))) AS busy FROM counters c JOIN counter_services"
        " cs ON cs.counter_id = c.id WHERE cs.service_id = ? AND c.staff_id IS NOT NULL",
        (service["id"],))
    c = max(counters["open"] or 0, 1)
    free = max(c - (counters["busy"] or 0), 0)
    return 0 if ahead < free else math.ceil(s * (0.5 + (ahead - free) / c))


def set_presence(store: Store, staff_id: int, presence: str, until: float | None,
                 moment: float) -> None:
    """As POST /staff/me/presence does: the change and its event (the forecast learns
    unplanned absences from the event log)."""
    with store.write() as tx:
        tx.execute("UPDATE staff SET presence = ?, away_until = ? WHERE id = ?",
                   (presence, until, staff_id))
        announce_presence(tx, staff_id, moment)


def replay_day(store: Store, day: date, demand: float, measured: list | None) -> None:
    rng = random.Random(day.toordinal() * 10 + int(demand * 10))
    opening = datetime.combine(day, time(9), SEOUL).timestamp()
    clock = FixedClock(opening)
    engine = QueueEngine(store, clock)
    site_id = store.one("SELECT id FROM sites WHERE code = 'dangjin'")["id"]
    services = {row["key"]: row for row in _services(store, site_id)}
    by_id = {row["id"]: row for row in services.values()}
    staff = {row["login"]: row["id"] for row in store.query("SELECT id, login FROM staff")}
    counters = {row["number"]: row["id"] for row in store.query(
        "SELECT id, number FROM counters WHERE site_id = ?", (site_id,))}
    plan: list = []
    order = iter(range(10**9))

    def at(moment: float, what: str, **details) -> None:
        heapq.heappush(plan, (moment, next(order), what, details))

    hours, weights = zip(*ARRIVAL_HOURS.items())
    for key, per_day in DEMAND.items():
        for _ in range(round(per_day * demand)):
            hour = rng.choices(hours, weights)[0]
            at(datetime.combine(day, time(hour), SEOUL).timestamp() + rng.uniform(0, 3600),
               "arrive", service=services[key]["id"], key=key)
    for number, login in PAST_DUTY.items():
        engine.open_counter(counters[number], staff[login])
        at(opening, "free", counter=counters[number], staff=staff[login])
    for number, leaves, returns in AWAY:
        at(datetime.combine(day, leaves, SEOUL).timestamp(), "leave", number=number,
           back=datetime.combine(day, returns, SEOUL).timestamp())
    idle, away, issued = set(), {}, {}

    def wake(moment: float) -> None:
        for counter_id, staff_id in sorted(idle):
            idle.discard((counter_id, staff_id))
            at(moment, "free", counter=counter_id, staff=staff_id)

    while plan:
        moment, _, what, details = heapq.heappop(plan)
        clock.t = moment
        if what == "arrive":
            appointment = details["key"] == "passport" and rng.random() < APPOINTMENT_SHARE
            service = by_id[details["service"]]
            try:
                ticket, _ = engine.issue(
                    details["service"], priority=rng.random() < PRIORITY_SHARE,
                    appointment_at=moment + rng.uniform(0, 600) if appointment else None,
                    for_staff_id=staff["staff4"] if appointment else None)
            except QueueError:
                continue
            if ticket["estimated_minutes"] is not None and measured is not None:
                ahead = ticket["people_ahead"]
                issued[ticket["id"]] = {
                    "naive": ahead * service["default_service_minutes"],
                    "counters": previous_estimate(engine, engine.ticket(ticket["id"]), ahead),
                    "forecast": ticket["estimated_minutes"],
                    "range top": ticket["estimate"]["high"], "issued_at": moment,
                    "service": details["key"], "ahead": ahead,
                    "hour": datetime.fromtimestamp(moment, SEOUL).hour}
            wake(moment)
        elif what == "leave":
            away[counters[details["number"]]] = details["back"]
        elif what == "back":
            engine.open_counter(details["counter"], details["staff"])
            at(moment, "free", counter=details["counter"], staff=details["staff"])
        elif what == "free":
            counter_id, staff_id = details["counter"], details["staff"]
            if counter_id in away:      # the officer leaves between two visitors
                back = away.pop(counter_id)
                if back > moment + 60 * 30:
                    engine.close_counter(counter_id)
                    at(back, "back", counter=counter_id, staff=staff_id)
                else:
                    set_presence(store, staff_id, "away", back, moment)
                    at(back, "return", counter=counter_id, staff=staff_id)
                continue
            try:
                ticket = engine.call_next(counter_id, staff_id)
            except QueueError:
                idle.add((counter_id, staff_id))
                continue
            if ticket["id"] in issued and "called_at" not in issued[ticket["id"]]:
                issued[ticket["id"]]["called_at"] = moment
            if rng.random() < NO_SHOW_SHARE:
                at(moment + 180, "no_show", ticket=ticket["id"], **details)
                continue
            usual = by_id[ticket["service_id"]]["default_service_minutes"]
            walk = rng.uniform(30, 150)
            minutes = max(1.0, rng.gauss(usual, usual * 0.35))
            at(moment + walk, "start", ticket=ticket["id"])
            at(moment + walk + minutes * 60, "finish", ticket=ticket["id"], **details)
        elif what == "return":
            set_presence(store, details["staff"], "available", None, moment)
            at(moment, "free", counter=details["counter"], staff=details["staff"])
        elif what == "start":
            engine.start(details["ticket"])
        elif what == "no_show":
            engine.no_show(details["ticket"])
            at(moment + 20, "free", counter=details["counter"], staff=details["staff"])
        elif what == "finish":
            engine.finish(details["ticket"])
            at(moment + 20, "free", counter=details["counter"], staff=details["staff"])
    if measured is not None:
        measured.extend(v for v in issued.values() if "called_at" in v)


def score(measured: list, estimate: str) -> tuple[float, float, float]:
    actual = [(v["called_at"] - v["issued_at"]) / 60 for v in measured]
    errors = [v[estimate] - a for v, a in zip(measured, actual)]
    return (sum(actual) / len(actual), sum(abs(e) for e in errors) / len(errors),
            sum(e < -UNDER_BY for e in errors) / len(errors))


POSITIONS = ((0, 5), (5, 15), (15, 30), (30, 60), (60, 10**9))


def bias(measured: list, estimate: str) -> float:
    return sum(v[estimate] - (v["called_at"] - v["issued_at"]) / 60
               for v in measured) / len(measured)


def breakdown(measured: list, estimate: str) -> None:
    """Where the errors lie: by people of the same service ahead at issue (the engine reads
    the first 15 tickets of each lane), by service and by hour of issue."""
    groups = {
        "ahead": lambda v: next(f"{low}-{high - 1}" if high < 10**9 else f"{low}+"
                                for low, high in POSITIONS if low <= v["ahead"] < high),
        "service": lambda v: v["service"],
        "hour": lambda v: f"{v['hour']:02d}h"}
    for name, key in groups.items():
        rows: dict = {}
        for v in measured:
            rows.setdefault(key(v), []).append(v)
        print(f"  {estimate} by {name}: " + "; ".join(
            f"{group} n={len(vs)} wait {w:.0f} bias {b:+.1f} MAE {m:.1f} under {u:.0%}"
            for group, vs in sorted(rows.items())
            for w, m, u, b in [(*score(vs, estimate), bias(vs, estimate))]), flush=True)


def run(demand: float, days: int, planned: bool) -> list:
    with tempfile.TemporaryDirectory() as folder:
        first = date(2026, 12, 1)      # a Tuesday; the days after it are replayed too
        store = Store(Path(folder) / "bench.db", synchronous="NORMAL")
        load_demo(store, FixedClock(datetime.combine(first, time(8), SEOUL)))
        if planned:  # the lunch rotation is on the roster; the afternoon outing is not
            with store.write() as tx:
                for number, leaves, returns in PLANNED:
                    tx.execute("UPDATE counters SET breaks = ? WHERE number = ?",
                               (f"{leaves:%H:%M}-{returns:%H:%M}", number))
        measured: list = []
        day, replayed = first, 0
        while replayed < days + 1:
            if day.weekday() < 5:
                replay_day(store, day, demand, measured if replayed else None)
                replayed += 1
            day += timedelta(days=1)
        store.close_thread_connection()
    return measured


def forecast_cost(waiting: int, repeat: int = 30) -> tuple[float, float]:
    """Best and median seconds of one forecast of the demo city hall, staffed as in its
    sample history, with `waiting` visitors spread over its services as its demand is."""
    day = date(2026, 12, 1)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "cost.db", synchronous="NORMAL")
        load_demo(store, FixedClock(datetime.combine(day, time(8), SEOUL)))
        clock = FixedClock(datetime.combine(day, time(9), SEOUL).timestamp())
        engine = QueueEngine(store, clock)
        site_id = store.one("SELECT id FROM sites WHERE code = 'dangjin'")["id"]
        with store.write() as tx:   # a long queue, whatever the daily caps
            tx.execute("UPDATE services SET daily_cap = NULL")
        services = {row["key"]: row["id"] for row in _services(store, site_id)}
        staff = {row["login"]: row["id"] for row in store.query("SELECT id, login FROM staff")}
        counters = {row["number"]: row["id"] for row in store.query(
            "SELECT id, number FROM counters WHERE site_id = ?", (site_id,))}
        for number, login in PAST_DUTY.items():
            engine.open_counter(counters[number], staff[login])
        rng = random.Random(waiting)
        keys, weights = zip(*DEMAND.items())
        for _ in range(waiting):
            clock.t += 3
            engine.issue(services[rng.choices(keys, weights)[0]],
                         priority=rng.random() < PRIORITY_SHARE)
        engine.forecast(site_id)    # learned visit times, absences and turnarounds
        seconds = []
        for _ in range(repeat):
            clock.t += 6            # past the time a forecast of an unchanged lobby is kept
            started = perf_counter()
            engine.forecast(site_id)
            seconds.append(perf_counter() - started)
        store.close_thread_connection()
    seconds.sort()
    return seconds[0], seconds[len(seconds) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=3, help="measured days per demand")
    parser.add_argument("--demand", default="1,2,3")
    parser.add_argument("--unplanned", action="store_true",
                        help="leave counter 2's lunch off its planned breaks")
    parser.add_argument("--breakdown", action="store_true",
                        help="also print the forecast's errors by place in the queue, "
                             "service and hour")
    parser.add_argument("--cost", metavar="SIZES",
                        help="measure one forecast's cost with these numbers waiting instead")
    args = parser.parse_args()
    if args.cost:
        print("| waiting | best ms | median ms |\n|---|---|---|")
        for waiting in (int(n) for n in args.cost.split(",")):
            best, median = forecast_cost(waiting)
            print(f"| {waiting:,} | {best * 1000:.1f} | {median * 1000:.1f} |", flush=True)
        return
    print("| demand | visitors | mean wait min | estimate | MAE min | MAE / wait "
          f"| underestimated > {UNDER_BY} min |")
    print("|---|---|---|---|---|---|---|")
    for demand in (float(d) for d in args.demand.split(",")):
        measured = run(demand, args.days, planned=not args.unplanned)
        for estimate in ("naive", "counters", "forecast", "range top"):
            wait, mae, under = score(measured, estimate)
            print(f"| {demand:g}x | {len(measured)} | {wait:.1f} | {estimate} | {mae:.1f} "
                  f"| {mae / wait:.0%} | {under:.0%} |", flush=True)
        if args.breakdown:
            for estimate in ("forecast", "range top"):
                breakdown(measured, estimate)


if __name__ == "__main__":
    main()
