"""The store API, and the SQLite database behind it: connections, pragmas and write
transactions (the schema is in migrations.py; the PostgreSQL store, with the same API, in
postgres.py; `database.open_store` picks one by its URL).

One connection per thread, used by no other thread meanwhile; when a thread ends, its
connection waits for the next thread rather than being closed (_ThreadConnection). Every
write that changes queue state goes through `Store.write()`, which takes an in-process lock and
`BEGIN IMMEDIATE`, so that numbers and call-next never race, and hands the events the
transaction appended to its subscribers only after COMMIT, in commit order.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import sqlite3
import threading
from pathlib import Path
from typing import Callable, Iterator

from sqlite_utils import Database

from ..events import registered
from .migrations import migrations
from .storage_faults import StorageFaults, fault_reason

LANGUAGES = ("ko", "en", "zh", "vi", "ru", "th")

log = logging.getLogger(__name__)


# app_settings: the last seq the housekeeping purged (Store.purged_through).
EVENTS_PURGED_KEY = "events_purged_through"


class ConstraintError(Exception):
    """A constraint failed on a store that is not SQLite (its driver's error is the
    cause); `kind` is one of CONSTRAINT_KINDS."""

    def __init__(self, message: str, kind: str | None):
        super().__init__(message)
        self.kind = kind


# What domain code catches when a write breaks a constraint, on either store.
INTEGRITY_ERRORS = (sqlite3.IntegrityError, ConstraintError)
CONSTRAINT_KINDS = ("unique", "foreign_key", "check", "not_null")


def constraint_kind(error: Exception) -> str | None:
    """Which kind of constraint an INTEGRITY_ERRORS error broke, None if not told."""
    if isinstance(error, ConstraintError):
        return error.kind
    text = str(error)
    for marker, kind in (("UNIQUE", "unique"), ("FOREIGN KEY", "foreign_key"),
                         ("CHECK", "check"), ("NOT NULL", "not_null")):
        if marker in text:
            return kind
    return None


def _connect(path: str, synchronous: str = "FULL") -> Database:
    # Not checked by sqlite3: a connection passes from an ended thread to the next one
    # (_ThreadConnection), and is only ever used by the thread that holds it.
    conn = sqlite3.connect(path, timeout=5.0, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    db = Database(conn)
    conn.execute("PRAGMA journal_mode=WAL")
    # FULL: each commit is synced to disk before it returns, so a ticket acknowledged to a
    # kiosk survives a power cut (NORMAL in WAL mode may lose the last commits).
    conn.execute(f"PRAGMA synchronous={synchronous}")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=5000")
    return db


class _ThreadConnection:
    """A thread's connection, kept in its thread-local storage. When the thread ends its
    storage goes, and the connection joins the store's idle ones for the next thread:
    opening one costs about a millisecond (SQLite reads the whole schema at the first
    statement), and gevent's worker runs every request in a greenlet of its own."""

    __slots__ = ("db", "idle")

    def __init__(self, db: Database, idle: list[Database]):
        self.db, self.idle = db, idle

    def give_back(self) -> None:
        """The connection to the idle ones, outside any transaction."""
        db, self.db = self.db, None
        if db is None:
            return
        try:
            if db.conn.in_transaction:  # a thread that ended inside one (a killed greenlet)
                db.conn.rollback()
            self.idle.append(db)
        except Exception:  # a broken connection, or the interpreter's exit: let it go
            pass

    __del__ = give_back


class Store:
    """The database of one installation, shared by all threads of a process."""

    dialect = "sqlite"
    errors = sqlite3.Error  # what the driver raises: a write that could not be made

    def __init__(self, path: str | Path, *, synchronous: str = "FULL"):
        self.path = str(path)
        if synchronous not in ("FULL", "NORMAL"):
            raise ValueError(f"synchronous must be FULL or NORMAL, not {synchronous!r}")
        self.synchronous = synchronous  # NORMAL only to measure what FULL costs (bench/)
        self.faults = StorageFaults()
        self._local = threading.local()
        self._idle: list[Database] = []  # connections of ended threads (_ThreadConnection)
        self._write_lock = threading.Lock()
        self._subscribers: list[Callable[[list[dict]], None]] = []
        migrations.apply(self.db)

    # ---- where the two stores' SQL differs (postgres.py answers the same) -------------------

    @staticmethod
    def index_hint(index: str) -> str:
        """`INDEXED BY index` after a table name: the call-order indexes must be used
        (tests/test_call_order_plan.py); PostgreSQL's planner takes no hints."""
        return f"INDEXED BY {index}"

    def data_version(self) -> tuple:
        """A value that changes whenever this thread's connection may see other data: when
        another connection commits (data_version) or this one writes (total_changes)."""
        conn = self.db.conn
        return (id(conn), conn.execute("PRAGMA data_version").fetchone()[0],
                conn.total_changes)

    @property
    def in_transaction(self) -> bool:
        """Whether this thread's connection is inside a transaction of its own."""
        return self.db.conn.in_transaction

    @staticmethod
    def fault_reason(error: BaseException) -> str | None:
        """The storage fault (storage_faults.py) behind an error of this store's driver
        (`errors`), or None."""
        return fault_reason(error)

    def rows(self, sql: str, params=()) -> list:
        """Rows as the driver gives them (indexable by position and by name): for the hot
        reads that would pay to make a dict of every row."""
        return self.db.execute(sql, params).fetchall()

    @property
    def db(self) -> Database:
        held = getattr(self._local, "held", None)
        if held is None:
            db = self._reuse() or _connect(self.path, self.synchronous)
            held = self._local.held = _ThreadConnection(db, self._idle)
        return held.db

    def _reuse(self) -> Database | None:
        try:
            return self._idle.pop()  # atomic: two threads never take the same one
        except IndexError:
            return None

    def release_thread_connection(self) -> None:
        """Let this thread's connection serve other threads until it needs one again: for
        a thread that lives on without the database (a socket's, waiting for its client).
        Each holds about 230 KiB of SQLite's schema and cache: 70 MiB for 300 screens."""
        held = getattr(self._local, "held", None)
        if held is not None and not held.db.conn.in_transaction:
            held.give_back()
            self._local.held = None

    def close_thread_connection(self) -> None:
        """Close this thread's connection, and the idle ones: the thread's next one is
        newly opened."""
        held = getattr(self._local, "held", None)
        if held is not None:
            held.db.close()
            held.db = None
            self._local.held = None
        while (idle := self._reuse()) is not None:
            idle.close()

    def query(self, sql: str, params=()) -> list[dict]:
        return [dict(row) for row in self.db.execute(sql, params).fetchall()]

    def one(self, sql: str, params=()) -> dict | None:
        row = self.db.execute(sql, params).fetchone()
        return dict(row) if row is not None else None

    @contextlib.contextmanager
    def read(self) -> Iterator["Store"]:
        """A read transaction: every query made through the store inside it sees the
        database as of one moment, whatever other connections commit meanwhile."""
        conn = self.db.conn
        conn.execute("BEGIN")
        try:
            yield self
        finally:
            conn.rollback()  # nothing was written: ending it is all that is left

    def subscribe(self, subscriber: Callable[[list[dict]], None]) -> None:
        """Call `subscriber(events)` with the events of each transaction that appended
        some, after its COMMIT, in seq order. It runs under the write lock: it should
        only hand the events to a thread of its own."""
        self._subscribers.append(subscriber)

    @contextlib.contextmanager
    def write(self) -> Iterator["Transaction"]:
        """A write transaction. Events appended in it go to the subscribers after COMMIT."""
        with self._write_lock:
            db = self.db
            self._begin(db)
            tx = self._transaction(db)
            changes = self._changes(db)
            try:
                yield tx
                self._commit(db)  # may fail too (a full disk, a failed sync): roll back then
            except BaseException:
                self._rollback(db)
                raise
            if self._changes(db) != changes:
                self.faults.clear()  # something was written: storage works again
            # Still under the lock, so events reach the subscribers in seq order.
            if tx.events:
                for subscriber in self._subscribers:
                    try:
                        subscriber(tx.events)
                    except Exception:  # committed is committed: the writer is not told
                        log.exception("a subscriber failed on events up to %s",
                                      tx.events[-1]["seq"])
        for action in tx.after_commit:  # outside the lock: other writers need not wait
            action()

    # What write() does on this store's connection (postgres.py does it its own way).
    def _begin(self, db: Database) -> None:
        db.execute("BEGIN IMMEDIATE")

    def _commit(self, db: Database) -> None:
        db.conn.commit()

    def _rollback(self, db: Database) -> None:
        with contextlib.suppress(sqlite3.Error):
            db.conn.rollback()

    def _changes(self, db: Database) -> int:
        return db.conn.total_changes

    def _transaction(self, db: Database) -> "Transaction":
        return Transaction(db, self)

    # ---- the event log: read by whoever catches a client up or reports progress ----------

    def last_seq(self) -> int:
        return self.one("SELECT coalesce(max(seq), 0) AS seq FROM events")["seq"]

    def purged_through(self) -> int:
        """The last seq of the events purged so far (0 when none were). Not min(seq) - 1:
        on PostgreSQL a seq drawn by a transaction that rolled back is a gap, not a purge."""
        return int(self.setting(EVENTS_PURGED_KEY) or 0)

    def events_after(self, seq: int, limit: int) -> list[dict]:
        return self.query("SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?", (seq, limit))

    # ---- one process at a time (the relay of docs/scale.md) -----------------------------

    def lease(self, name: str) -> "FileLease":
        """A lock that one process at a time holds, until it releases it or ends: on SQLite,
        a lock on a file beside the database (every process on this file is on this host)."""
        return FileLease(f"{self.path}.{name}.lock")

    def setting(self, key: str) -> str | None:
        row = self.one("SELECT value FROM app_settings WHERE key = ?", (key,))
        return row["value"] if row else None

    def set_setting(self, key: str, value: str) -> None:
        with self.write() as tx:
            tx.execute(
                "INSERT INTO app_settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )


class FileLease:
    """`Store.lease`: an exclusive flock, released by the kernel when the process ends."""

    def __init__(self, path: str):
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lease if nobody holds it; whether this process holds it now."""
        if self._fd is None:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                return False
            self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the flock
            self._fd = None


class Transaction:
    """Statements inside one write transaction, and the events it appends."""

    def __init__(self, db: Database, store: Store):
        self.db = db
        self.store = store  # its dialect (index_hint, data_version) for domain code
        self.events: list[dict] = []
        self.memo: dict = {}  # configuration read in this transaction (see QueueEngine)
        # Run once the transaction has committed (e.g. closing the sockets of a sign-in
        # it revoked), never if it rolls back.
        self.after_commit: list[Callable[[], None]] = []

    def execute(self, sql: str, params=()) -> sqlite3.Cursor:
        return self.db.execute(sql, params)

    def one(self, sql: str, params=()) -> dict | None:
        row = self.db.execute(sql, params).fetchone()
        return dict(row) if row is not None else None

    def query(self, sql: str, params=()) -> list[dict]:
        return [dict(row) for row in self.db.execute(sql, params).fetchall()]

    def rows(self, sql: str, params=()) -> list:
        return self.db.execute(sql, params).fetchall()

    @property
    def dialect(self) -> str:
        return self.store.dialect

    def index_hint(self, index: str) -> str:
        return self.store.index_hint(index)

    def data_version(self) -> tuple:
        return self.store.data_version()

    def insert(self, table: str, row: dict) -> int:
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cursor = self.db.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(row.values())
        )
        return cursor.lastrowid

    def append_event(
        self, type_: str, at: float, site_id: int | None, rooms: list[str], data: dict
    ) -> dict:
        registered(type_)  # every event type is declared once, in server/events.py
        cursor = self.db.execute(
            "INSERT INTO events (at, site_id, type, rooms, data) VALUES (?, ?, ?, ?, ?) "
            "RETURNING seq",
            (at, site_id, type_, json.dumps(rooms), json.dumps(data, ensure_ascii=False)),
        )
        seq = cursor.fetchone()[0]
        event = {"seq": seq, "type": type_, "at": at, "site_id": site_id,
                 "rooms": rooms, "data": data}
        self.events.append(event)
        return event


@contextlib.contextmanager
def writing(store: Store, refusal: Callable[[Exception], Exception]):
    """A write transaction whose constraint failures (INTEGRITY_ERRORS) become clear
    refusals."""
    try:
        with store.write() as tx:
            yield tx
    except INTEGRITY_ERRORS as error:
        raise refusal(error) from None
