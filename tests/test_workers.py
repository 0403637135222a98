"""Background work: one place starts, stops and drains it; a test's app runs none unless
the test asks; the store tells its subscribers what each COMMIT appended."""

from __future__ import annotations

import threading
import time

import pytest

from server.app import create_app
from server.infra.store import Store
from server.workers import Workers
from tests.support.waiting import until
from tests.test_api import take
from tests.test_realtime import connect

EVERY_WORKER = ["emitter", "heartbeat", "notices", "printing", "desk_watch", "housekeeping"]


def job_status(store, ticket) -> str:
    return store.one("SELECT status FROM print_jobs WHERE ticket_id = ?", (ticket["id"],))["status"]


def test_a_test_app_prints_nothing_until_the_test_starts_the_printers(app, kiosk, store,
                                                                     service_ids):
    workers = app.extensions["sunbeon.workers"]
    assert workers.running == []
    ticket = take(kiosk, service_ids["인감증명"])      # kiosk-1f has a preview printer
    assert ticket["print"]["status"] == "queued"
    time.sleep(0.3)
    assert job_status(store, ticket) == "queued"        # nobody prints behind the test's back
    assert not [t for t in threading.enumerate() if t.name.startswith("printer-")]

    workers.start("printing")
    until(lambda: job_status(store, ticket) == "done")
    assert workers.running == ["printing"]


@pytest.mark.workers
def test_the_mark_starts_every_worker_of_a_test_app(app):
    # The desk watch is not among them: under TESTING its interval is 0 (tests tick it).
    assert app.extensions["sunbeon.workers"].running == [
        "emitter", "heartbeat", "notices", "printing", "housekeeping"]


def test_a_served_app_starts_every_worker_and_stops_them_in_time(tmp_path):
    before = set(threading.enumerate())
    app = create_app(tmp_path / "served.db")              # as `sunbeon serve` and server.wsgi
    workers = app.extensions["sunbeon.workers"]
    threads = set(threading.enumerate()) - before
    try:
        assert workers.running == EVERY_WORKER
        assert {t.name for t in threads} >= {"sunbeon-emitter", "sunbeon-heartbeat",
                                             "sunbeon-notices",
                                             "sunbeon-desk-watch", "sunbeon-housekeeping"}
    finally:
        started = time.monotonic()
        workers.stop()
    assert time.monotonic() - started < 2.5
    assert workers.running == []
    until(lambda: not [t for t in threads if t.is_alive()], timeout=5)
    app.extensions["sunbeon.store"].close_thread_connection()


def test_stopping_drains_the_emitter_first_told_last(app, tokens, kiosk, service_ids):
    board = connect(app, tokens["board-1f"])               # the test asks for the emitter
    ticket = take(kiosk, service_ids["인감증명"])
    app.extensions["sunbeon.workers"].stop(drain=True)     # no flush(): stop drains
    issued = [m["args"][0] for m in board.get_received()
              if m["name"] == "event" and m["args"][0]["type"] == "ticket.issued"]
    assert [e["data"]["ticket"]["id"] for e in issued] == [ticket["id"]]


def test_workers_start_in_order_stop_in_reverse_and_a_stuck_one_cannot_hang_the_stop():
    log: list[str] = []
    stuck = threading.Thread(target=threading.Event().wait, name="stuck", daemon=True)

    def worker(name, threads=()):
        def stop(drain):
            log.append(f"stop {name} drain={drain}")
            return threads
        return (lambda: log.append(f"start {name}")), stop

    def broken_stop(drain):
        raise RuntimeError("boom")

    workers = Workers()
    workers.add("first", *worker("first"))
    workers.add("broken", lambda: log.append("start broken"), broken_stop)
    workers.add("stuck", *worker("stuck", [stuck]))
    with pytest.raises(ValueError):
        workers.add("first", *worker("first"))
    with pytest.raises(KeyError):
        workers.start("nobody")

    workers.start("stuck")
    stuck.start()
    workers.start()                                       # the others; "stuck" runs already
    assert log == ["start stuck", "start first", "start broken"]
    assert workers.running == ["stuck", "first", "broken"]

    started = time.monotonic()
    workers.stop(drain=False, timeout=0.2)
    assert time.monotonic() - started < 1.0
    assert log[3:] == ["stop first drain=False", "stop stuck drain=False"]
    assert workers.running == []


def test_subscribers_get_each_commits_events_in_seq_order_and_never_a_rollbacks(tmp_path):
    store = Store(tmp_path / "store.db")
    told: list[tuple[str, list[int]]] = []

    def failing(events):
        raise RuntimeError("a subscriber's fault is not the writer's")

    store.subscribe(lambda events: told.append(("first", [e["seq"] for e in events])))
    store.subscribe(failing)
    store.subscribe(lambda events: told.append(("second", [e["seq"] for e in events])))

    with store.write() as tx:
        one = tx.append_event("config.changed", 0.0, None, ["admins"], {})
        two = tx.append_event("config.changed", 0.0, None, ["admins"], {})
    with pytest.raises(ZeroDivisionError):
        with store.write() as tx:
            tx.append_event("config.changed", 0.0, None, ["admins"], {})
            1 / 0
    with store.write() as tx:
        tx.execute("INSERT INTO app_settings (key, value) VALUES ('quiet', 'no events')")
    with store.write() as tx:
        three = tx.append_event("config.changed", 0.0, None, ["admins"], {})

    seqs = [one["seq"], two["seq"]]
    assert told == [("first", seqs), ("second", seqs),
                    ("first", [three["seq"]]), ("second", [three["seq"]])]
    assert not hasattr(store, "publish")
    store.close_thread_connection()


def test_once_per_cluster_work_runs_in_the_process_holding_the_lease_and_moves_when_it_ends(
        tmp_path):
    store = Store(tmp_path / "cluster.db")
    started: list[str] = []

    def process(name):
        """One process's workers: its own emitter, and the cluster's desk watch."""
        workers = Workers(store.lease("cluster"), lead_poll_seconds=0.05)
        workers.add("emitter", lambda: started.append(f"{name} emitter"), lambda drain: [])
        workers.add("desk_watch", lambda: started.append(f"{name} desk_watch"),
                    lambda drain: [], once_per_cluster=True)
        return workers

    first, second = process("first"), process("second")
    first.start()
    second.start()
    try:
        assert first.running == ["emitter", "desk_watch"] and first.leading
        assert second.running == ["emitter"] and not second.leading
        time.sleep(0.2)                                   # the follower keeps waiting
        assert started == ["first emitter", "first desk_watch", "second emitter"]

        first.stop()                                      # its process ends: the lease frees
        until(lambda: second.running == ["emitter", "desk_watch"], timeout=2)
        assert second.leading and started[-1] == "second desk_watch"
    finally:
        first.stop()
        second.stop()
    store.close_thread_connection()
