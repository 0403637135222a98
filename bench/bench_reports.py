"""Report speed over a year of tickets at a busy site.

    .venv/bin/python bench/bench_reports.py [--tickets 100000]

Builds a temporary database with the sample lobby and a year (2026) of tickets at the
city hall, written directly (about 400 a working day, with their call events, ratings
and feedback), then times the report for a year, a month and a day per site, service,
counter and officer, the CSV export and the annual satisfaction summary.
Prints a table; figures go into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server.infra.clock import FixedClock
from server.demo import OFFICE_HOURS, load_demo
from server.reports import figures, period, satisfaction
from server.reports.export import figures_csv
from server.infra.store import Store
from tests.conftest import TUESDAY_10AM

SEOUL = ZoneInfo("Asia/Seoul")


def build_year(store: Store, count: int) -> None:
    rng = random.Random(8)
    services = [r["id"] for r in store.query("SELECT id FROM services WHERE site_id = 1")]
    counters = {r["id"]: r["staff_id"] for r in store.query(
        "SELECT id, staff_id FROM counters WHERE site_id = 1")}
    holidays = {r["day"] for r in store.query("SELECT day FROM holidays WHERE site_id = 1")}
    days = [d for d in (date(2026, 1, 1) + timedelta(n) for n in range(365))
            if d.weekday() < 5 and d.isoformat() not in holidays]
    tickets, events, ratings = [], [], []
    # A called event's data is the size of the real ones (ticket, counter, queues).
    padding = [{"service_id": s, "waiting": 3, "estimated_minutes": 12} for s in services[:4]]
    for n in range(1, count + 1):
        day = days[n * len(days) // (count + 1)]
        arrival = datetime.combine(day, datetime.min.time(), SEOUL).timestamp() \
            + 9 * 3600 + rng.uniform(0, 8.5 * 3600)
        called = arrival + rng.uniform(0, 40 * 60)
        started = called + rng.uniform(20, 180)
        finished = started + rng.uniform(120, 1200)
        roll = rng.random()
        status = "done" if roll < 0.9 else "no_show" if roll < 0.96 else "cancelled"
        counter = rng.choice(list(counters))
        tickets.append((n, 1, rng.choice(services), day.isoformat(), status, arrival, arrival,
                        called if status != "cancelled" else None,
                        called if status != "cancelled" else None,
                        started if status == "done" else None,
                        finished if status == "done" else called + 300,
                        counter if status != "cancelled" else None,
                        counters[counter] if status != "cancelled" else None,
                        1 if rng.random() < 0.03 else 0, f"b{n}"))
        if status != "cancelled":
            events.append((called, 1, "ticket.called", "[]", json.dumps(
                {"ticket": {"id": n, "status": "called", "counter_id": counter},
                 "counter": {"id": counter, "number": counter}, "queues": padding})))
        for kind, moment in (("ticket.issued", arrival), ("ticket.finished", finished)):
            events.append((moment, 1, kind, "[]", json.dumps({"ticket": {"id": n},
                                                                "queues": padding})))
        if status == "done" and rng.random() < 0.1:
            ratings.append((n, 1, tickets[-1][2], counter, counters[counter], day.isoformat(),
                            rng.randint(1, 5), json.dumps(["kind"]), "phone", finished))
    db = store.db
    with db.conn:
        db.conn.executemany(
            "INSERT INTO tickets (id, site_id, service_id, day, status, issued_at, arrival_at, "
            "called_at, first_called_at, started_at, finished_at, counter_id, staff_id, "
            "transfer_count, public_code, numbered_by, number, display_number) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?3, ?1, ?1)", tickets)
        db.conn.executemany("INSERT INTO events (at, site_id, type, rooms, data) "
                            "VALUES (?, ?, ?, ?, ?)", sorted(events))
        db.conn.executemany(
            "INSERT INTO ratings (ticket_id, site_id, service_id, counter_id, staff_id, day, "
            "score, reasons, channel, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ratings)
        db.conn.execute("UPDATE sites SET hours = ? WHERE id = 1", (json.dumps(OFFICE_HOURS),))
    db.conn.execute("ANALYZE")


def timed(action, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.db")
        load_demo(store, FixedClock(TUESDAY_10AM))
        started = time.perf_counter()
        build_year(store, args.tickets)
        print(f"built {args.tickets:,} tickets in {time.perf_counter() - started:.1f} s")
        year, month, day = (period(k, "2026-06-16") for k in ("year", "month", "day"))
        rows = []
        for label, which in (("year", year), ("month", month), ("day", day)):
            for group in ("site", "service", "counter", "officer"):
                rows.append((f"report, {label}, per {group}",
                             timed(lambda which=which, group=group: figures(store, [1], which, group))))
        report = figures(store, [1], year, "officer")
        rows.append(("CSV of the year per officer", timed(lambda: figures_csv(report))))
        rows.append(("satisfaction summary, year", timed(lambda: satisfaction(store, [1], 2026))))
        print(f"{'measure':<40} {'best of 3':>10}")
        for label, seconds in rows:
            print(f"{label:<40} {seconds * 1000:>8.0f} ms")


if __name__ == "__main__":
    main()
