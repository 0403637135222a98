"""What one queue command costs as the queue grows: issue, call-next and finish in the
engine alone, with 100, 1,000, 10,000 and 50,000 visitors already waiting.

    .venv/bin/python bench/bench_engine.py [--sizes 100,1000] [--repeat 200] [--history N]

The waiting visitors are written straight into a copy of the demo city hall's database
(spread over the letter-numbered services, with 5 % priority visitors, up to 60 due and
later appointments, and up to 20 tickets reserved for officers), after `--history` finished
tickets of the days before, each sent to a counter or reserved for an officer (months of
transfers: what the wait forecast must not walk through), then each command
is timed `--repeat` times while the queue keeps its size: every call-next is followed by
a finish and a new ticket. Prints the median and p95 of each command in milliseconds, the
query plan of choosing the next ticket, and when, at what load average and on which commit
it ran (what docs/benchmarks.md gives with each figure).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server.infra.clock import FixedClock  # noqa: E402
from server.demo import load_demo  # noqa: E402
from server.queue import QueueEngine  # noqa: E402
from server.queue.engine import DUE_APPOINTMENTS, IN_ARRIVAL_ORDER, head_of_lane_sql  # noqa: E402
from server.infra.store import Store  # noqa: E402
from tests.conftest import TUESDAY_10AM  # noqa: E402


def fill_queue(store: Store, engine: QueueEngine, counter_id: int, waiting: int) -> list[int]:
    """`waiting` tickets of today for the services of `counter_id` (and a few others)."""
    counter = engine.counter(counter_id)
    site = engine.site(counter["site_id"])
    day, now = engine.today(site), engine.clock.now()
    services = [s["id"] for s in store.query(
        "SELECT id FROM services WHERE site_id = ? AND numbering = 'letter' AND active = 1",
        (site["id"],))]
    officers = [s["id"] for s in store.query("SELECT id FROM staff WHERE site_id = ?",
                                             (site["id"],))]
    rng = random.Random(7)
    rows, numbers = [], {s: 0 for s in services}
    # Booked visits and transfers come in the tens a day, however long the queue of
    # walk-ins grows: 2 % and 1 % of the queue, at most 60 and 20.
    appointments, reserved = min(60, waiting // 50), min(20, waiting // 100)
    for i in range(waiting):
        service_id = services[i % len(services)]
        numbers[service_id] += 1
        appointment = now + rng.uniform(-600, 7200) if i % (waiting // appointments or 1) == 0 \
            and appointments else None
        rows.append({
            "site_id": site["id"], "service_id": service_id, "numbered_by": service_id,
            "day": day, "number": numbers[service_id],
            "display_number": f"Z-{numbers[service_id]:05d}", "status": "waiting",
            "priority": int(rng.random() < 0.05), "appointment_at": appointment,
            "target_staff_id": rng.choice(officers) if reserved and i % (waiting // reserved) == 1
            else None,
            "issued_at": now - waiting + i, "arrival_at": now - waiting + i,
            "public_code": f"bench{i}"})
    with store.write() as tx:
        tx.db["tickets"].insert_all(rows, batch_size=2000)
        for service_id, last in numbers.items():
            tx.execute("INSERT INTO day_numbers (service_id, day, last) VALUES (?, ?, ?) "
                       "ON CONFLICT DO UPDATE SET last = excluded.last", (service_id, day, last))
    return services


def fill_history(store: Store, engine: QueueEngine, counter_id: int, finished: int) -> None:
    """`finished` tickets of the days before today, 1,000 a day, each sent to one of the
    site's counters or reserved for one of its officers, and served."""
    site = engine.site(engine.counter(counter_id)["site_id"])
    now, today = engine.clock.now(), date.fromisoformat(engine.today(site))
    services, counters, officers = ([r["id"] for r in store.query(
        f"SELECT id FROM {table} WHERE site_id = ?", (site["id"],))]
        for table in ("services", "counters", "staff"))
    rows = []
    for i in range(finished):
        days_ago = 1 + i // 1000
        arrived = now - days_ago * 86400
        rows.append({
            "site_id": site["id"], "service_id": services[i % len(services)],
            "numbered_by": services[i % len(services)],
            "day": (today - timedelta(days=days_ago)).isoformat(),
            "number": 1 + i % 1000, "display_number": f"H-{i % 1000:04d}", "status": "done",
            "priority": 0, "target_counter_id": counters[i % len(counters)] if i % 2 else None,
            "target_staff_id": None if i % 2 else officers[i % len(officers)],
            "issued_at": arrived, "arrival_at": arrived, "called_at": arrived + 600,
            "finished_at": arrived + 900, "public_code": f"history{i}"})
    with store.write() as tx:
        tx.db["tickets"].insert_all(rows, batch_size=2000)


def query_plans(store: Store, engine: QueueEngine, counter: dict, staff_id: int) -> list[str]:
    """How SQLite reads the head of each lane of the queue (one line per lane and phase)."""
    day = engine.today(engine.site(counter["site_id"]))
    return ["; ".join(r["detail"] for r in store.query(
                "EXPLAIN QUERY PLAN " + head_of_lane_sql(lane, condition, order),
                [*params, day, value]))
            for lane, params in engine._lanes(counter, staff_id)
            for (condition, order), value in ((DUE_APPOINTMENTS, 1e12), (IN_ARRIVAL_ORDER, 0))]


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def bench(waiting: int, repeat: int, synchronous: str, counter_id: int = 1,
          history: int = 0) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        clock = FixedClock(TUESDAY_10AM)
        store = Store(Path(folder) / "bench.db", synchronous=synchronous)
        load_demo(store, clock)
        engine = QueueEngine(store, clock)
        counter = engine.counter(counter_id)
        staff_id = counter["staff_id"] or 1
        if counter["staff_id"] is None:
            engine.open_counter(counter_id, staff_id)
        fill_history(store, engine, counter_id, history)
        services = fill_queue(store, engine, counter_id, waiting)
        served = engine.counter(counter_id)["service_ids"]
        issue, call, finish = [], [], []
        for i in range(repeat):
            issue.append(timed(lambda: engine.issue(served[i % len(served)])))
            ticket = {}
            call.append(timed(lambda: ticket.update(engine.call_next(counter_id, staff_id))))
            finish.append(timed(lambda: engine.finish(ticket["id"])))
        plan = query_plans(store, engine, engine.counter(counter_id), staff_id)
        store.close_thread_connection()
    return {"waiting": waiting, "services": len(services), "issue": issue, "call": call,
            "finish": finish, "plan": plan}


def commit() -> str:
    """The commit measured, and whether the work tree differed from it."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout
    changed = git("status", "--porcelain", "--untracked-files=no").strip()
    return (git("rev-parse", "--short", "HEAD").strip()
            + (" with uncommitted changes" if changed else ""))


def p(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000,50000")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--synchronous", default="FULL", choices=("FULL", "NORMAL"),
                        help="FULL as the product runs; NORMAL leaves out the disk flush")
    parser.add_argument("--history", type=int, default=0,
                        help="finished transferred tickets of the days before, written first")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    print("| waiting | issue p50 / p95 ms | call-next p50 / p95 ms | finish p50 / p95 ms |")
    print("|---|---|---|---|")
    results = [bench(int(size), args.repeat, args.synchronous, history=args.history)
               for size in args.sizes.split(",")]
    for r in results:
        cells = [f"{statistics.median(r[k]):.2f} / {p(r[k], .95):.2f}"
                 for k in ("issue", "call", "finish")]
        print(f"| {r['waiting']:,} | " + " | ".join(cells) + " |")
    print("\nquery plan (largest queue):", *results[-1]["plan"], sep="\n  ")
    print(f"\n{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, load average (1 min) "
          f"{load_before:.2f} before, {os.getloadavg()[0]:.2f} after, commit {commit()}, "
          f"synchronous {args.synchronous}, repeat {args.repeat}, history {args.history:,}")


if __name__ == "__main__":
    main()
