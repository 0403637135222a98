"""A database that cannot be written (full disk, read-only, locked, failed I/O) answers
503 JSON with Retry-After and changes nothing; /healthz reports the fault until a commit
succeeds again; the log says so at most once a minute; and a retry with the same
idempotency key afterwards makes exactly one ticket. Commits are synced (FULL)."""

from __future__ import annotations

import logging
import sqlite3

import pytest

from server.infra import store as store_module
from server.infra.storage_faults import StorageFaults, fault_reason
from server.infra.store import Transaction


@pytest.fixture(autouse=True)
def no_printers(store):
    """No printer worker writing on its own connection: a commit that writes anything
    ends the fault, which would make what /healthz says here depend on timing."""
    with store.write() as tx:
        tx.execute("DELETE FROM printers")


def _state(store) -> tuple:
    """What issuing a ticket writes in its transaction: the ticket, its event, its print
    job (none while there are no printers, but one that leaked would show)."""
    return tuple(store.one(sql)["n"] for sql in (
        "SELECT count(*) AS n FROM tickets",
        "SELECT count(*) AS n FROM events WHERE type = 'ticket.issued'",
        "SELECT count(*) AS n FROM print_jobs"))


def _refused(response):
    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.json["error"] == "storage_unavailable"
    assert "try again" in response.json["message"]
    assert response.headers["Retry-After"] == "5"


def _take(kiosk, service_id, key):
    return kiosk.post("/api/v1/tickets", json={"service_id": service_id},
                      headers={"Idempotency-Key": key})


def test_commits_are_synced_to_disk(store):
    assert store.one("PRAGMA synchronous")["synchronous"] == 2  # FULL
    assert store.one("PRAGMA journal_mode")["journal_mode"] == "wal"


def test_read_only_database_is_503_changes_nothing_and_the_retry_makes_one_ticket(
        app, store, kiosk, service_ids, caplog):
    service = service_ids["인감증명"]
    before = _state(store)
    store.db.execute("PRAGMA query_only = ON")  # the request runs on this thread's connection
    with caplog.at_level(logging.ERROR, logger="server.infra.storage_faults"):
        for _ in range(3):
            _refused(_take(kiosk, service, "tap-readonly-1"))
    assert _state(store) == before
    # Logged once, not once per retry.
    errors = [r for r in caplog.records if r.name == "server.infra.storage_faults"]
    assert len(errors) == 1 and "read_only" in errors[0].getMessage()
    health = app.test_client().get("/healthz")
    assert health.status_code == 503
    assert health.json["status"] == "storage_unavailable"
    assert health.json["reason"] == "read_only"

    store.db.execute("PRAGMA query_only = OFF")
    first = _take(kiosk, service, "tap-readonly-1")
    again = _take(kiosk, service, "tap-readonly-1")
    assert first.status_code == 201 and again.status_code == 200
    assert first.json["ticket"]["id"] == again.json["ticket"]["id"]
    assert _state(store)[0] == before[0] + 1
    assert app.test_client().get("/healthz").json["status"] == "ok"


def test_full_disk_is_503_and_changes_nothing(app, store, kiosk, service_ids):
    service = service_ids["인감증명"]
    pages = store.one("PRAGMA page_count")["page_count"]
    store.db.execute(f"PRAGMA max_page_count = {pages}")  # SQLITE_FULL at the next new page
    for attempt in range(500):
        before = _state(store)
        response = _take(kiosk, service, f"tap-full-{attempt:04d}")
        if response.status_code != 201:
            break
    else:
        pytest.fail("the database never filled up")
    _refused(response)
    assert _state(store) == before
    assert app.test_client().get("/healthz").json["reason"] == "disk_full"

    store.db.execute("PRAGMA max_page_count = 1073741823")
    assert _take(kiosk, service, f"tap-full-{attempt:04d}").status_code == 201
    assert _state(store)[0] == before[0] + 1


def test_locked_database_is_503_after_the_busy_timeout(app, store, kiosk, service_ids, tmp_path):
    holder = sqlite3.connect(store.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    store.db.execute("PRAGMA busy_timeout = 100")
    try:
        before = _state(store)
        _refused(_take(kiosk, service_ids["인감증명"], "tap-busy-0001"))
        assert app.test_client().get("/healthz").json["reason"] == "busy"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert _state(store) == before
    assert _take(kiosk, service_ids["인감증명"], "tap-busy-0001").status_code == 201


def test_failed_io_is_503_and_the_transaction_rolls_back(app, store, kiosk, service_ids,
                                                          monkeypatch):
    def fail(*args, **kwargs):
        error = sqlite3.OperationalError("disk I/O error")
        error.sqlite_errorcode = sqlite3.SQLITE_IOERR | (4 << 8)  # SQLITE_IOERR_FSYNC
        raise error

    before = _state(store)
    # The ticket row is written, then appending its event fails: all of it is undone.
    monkeypatch.setattr(Transaction, "append_event", fail)
    _refused(_take(kiosk, service_ids["인감증명"], "tap-ioerr-0001"))
    monkeypatch.undo()
    assert _state(store) == before
    assert app.test_client().get("/healthz").json["reason"] == "io_error"


def test_a_failed_commit_is_rolled_back_and_the_connection_stays_usable(
        store, kiosk, service_ids, monkeypatch):
    class CommitFailsOnce(sqlite3.Connection):
        failed = False

        def commit(self):
            if not CommitFailsOnce.failed:
                CommitFailsOnce.failed = True
                error = sqlite3.OperationalError("disk I/O error")
                error.sqlite_errorcode = sqlite3.SQLITE_IOERR | (4 << 8)  # SQLITE_IOERR_FSYNC
                raise error
            return super().commit()

    connect, open_connection = sqlite3.connect, store_module._connect

    def open_failing(*args):
        monkeypatch.setattr(sqlite3, "connect",
                            lambda *a, **k: connect(*a, factory=CommitFailsOnce, **k))
        try:
            return open_connection(*args)
        finally:
            monkeypatch.setattr(sqlite3, "connect", connect)

    monkeypatch.setattr(store_module, "_connect", open_failing)
    store.close_thread_connection()  # this thread's next connection fails its first commit
    service = service_ids["인감증명"]
    before = _state(store)
    _refused(_take(kiosk, service, "tap-commit-0001"))
    assert _state(store) == before
    # Not left inside the failed transaction (which would also hold the write lock).
    assert _take(kiosk, service, "tap-commit-0001").status_code == 201
    assert _state(store)[0] == before[0] + 1


def test_the_log_says_it_once_a_minute_with_the_count_between(caplog):
    now = [1000.0]
    faults = StorageFaults(monotonic=lambda: now[0])
    error = sqlite3.OperationalError("database or disk is full")
    with caplog.at_level(logging.ERROR, logger="server.infra.storage_faults"):
        for seconds in (0, 10, 30, 59):
            now[0] = 1000 + seconds
            faults.record("disk_full", error, "POST /api/v1/tickets")
        assert len(caplog.records) == 1
        now[0] = 1061
        faults.record("disk_full", error, "POST /api/v1/tickets")
    assert len(caplog.records) == 2
    assert "3 more such failures" in caplog.records[1].getMessage()
    assert faults.current.count == 5


def test_other_database_errors_are_not_storage_faults():
    assert fault_reason(sqlite3.IntegrityError("UNIQUE constraint failed")) is None
    assert fault_reason(ValueError("x")) is None
    busy = sqlite3.OperationalError("database is locked")
    busy.sqlite_errorcode = sqlite3.SQLITE_BUSY | (2 << 8)  # SQLITE_BUSY_SNAPSHOT
    assert fault_reason(busy) == "busy"



def test_admins_consoles_are_told_when_writes_fail_and_when_they_work_again(
        app, store, kiosk, signed_in, service_ids):
    admin = app.extensions["socketio"].test_client(app, flask_test_client=signed_in("admin"))
    staff = app.extensions["socketio"].test_client(app, flask_test_client=signed_in("staff1"))
    assert admin.is_connected() and staff.is_connected()

    def told(client):
        return [m["args"][0] for m in client.get_received() if m["name"] == "storage"]

    store.db.execute("PRAGMA query_only = ON")
    _refused(_take(kiosk, service_ids["인감증명"], "tap-told-1"))
    _refused(_take(kiosk, service_ids["인감증명"], "tap-told-1"))
    store.db.execute("PRAGMA query_only = OFF")
    assert _take(kiosk, service_ids["인감증명"], "tap-told-1").status_code == 201
    said = told(admin)
    assert [m["ok"] for m in said] == [False, True]  # once when it began, once when it ended
    assert said[0]["reason"] == "read_only" and said[0]["since"]
    assert told(staff) == []  # only admins run the building's storage
