"""Many threads and processes at once: no ticket called twice, none lost, no number twice."""

from __future__ import annotations

import multiprocessing
import threading

from server.infra.clock import FixedClock
from server.queue import QueueEngine, QueueError
from server.infra.store import Store
from tests.conftest import TUESDAY_10AM

THREADS = 8


def test_eight_counters_calling_next_at_once_never_share_a_ticket(engine, store, service_ids):
    seal = service_ids["인감증명"]
    with store.write() as tx:
        staff = [r["id"] for r in tx.query("SELECT id FROM staff WHERE site_id = 1 LIMIT ?",
                                           (THREADS,))]
        tx.execute("UPDATE counters SET staff_id = NULL")
        for counter_id, staff_id in zip(range(1, THREADS + 1), staff):
            tx.execute("UPDATE counters SET staff_id = ? WHERE id = ?", (staff_id, counter_id))
            tx.execute("INSERT OR IGNORE INTO counter_services VALUES (?, ?)", (counter_id, seal))
    issued = {engine.issue(seal)[0]["id"] for _ in range(400)}
    called: list[list[int]] = [[] for _ in range(THREADS)]
    errors: list[Exception] = []
    start = threading.Barrier(THREADS)

    def counter_loop(index: int) -> None:
        start.wait()
        try:
            while True:
                try:
                    ticket = engine.call_next(index + 1)
                except QueueError as refusal:
                    assert refusal.code == "nobody_waiting"
                    return
                called[index].append(ticket["id"])
                engine.finish(ticket["id"])
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            store.close_thread_connection()

    threads = [threading.Thread(target=counter_loop, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    everything = [t for per_counter in called for t in per_counter]
    assert errors == []
    assert len(everything) == len(set(everything)) == len(issued)
    assert set(everything) == issued
    assert sum(1 for per_counter in called if per_counter) > 1  # really concurrent


def _issue_many(db_path: str, service_id: int, count: int, results) -> None:
    engine = QueueEngine(Store(db_path), FixedClock(TUESDAY_10AM))
    results.extend([engine.issue(service_id)[0]["display_number"] for _ in range(count)])


def test_four_processes_issuing_never_duplicate_a_number(store, service_ids):
    seal = service_ids["인감증명"]
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        results = manager.list()
        processes = [context.Process(target=_issue_many, args=(store.path, seal, 100, results))
                     for _ in range(4)]
        for process in processes:
            process.start()
        for process in processes:
            process.join(120)
        assert [p.exitcode for p in processes] == [0] * 4
        numbers = list(results)
    assert len(numbers) == 400
    assert sorted(numbers) == [f"B-{n:03d}" for n in range(1, 401)]


def test_an_ended_threads_connection_serves_the_next_thread(store):
    # Opening one costs SQLite a reading of the whole schema (server/infra/store.py).
    used = []

    def use() -> None:
        used.append(store.db.conn)
        store.one("SELECT count(*) AS n FROM tickets")

    for _ in range(3):
        thread = threading.Thread(target=use)
        thread.start()
        thread.join()
    assert used[0] is used[1] is used[2]
    store.close_thread_connection()  # and the idle ones: the next thread opens its own
    thread = threading.Thread(target=use)
    thread.start()
    thread.join()
    assert used[3] is not used[0]
