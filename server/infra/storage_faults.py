"""When the database cannot be written: a full disk, a read-only or locked database, a
failed read or write, a database server that cannot be reached. The request is refused
with 503 and a Retry-After (its transaction rolled back in `Store.write`, so nothing
changed), and the fault is kept until the next commit succeeds (or, for a server that
could not be reached, until a connection to it opens), so that `/healthz` reports it, and
logged at most once a minute, so that a kiosk retrying every few seconds does not flood
the log. Each store names the fault behind its driver's errors (`Store.fault_reason`):
SQLite's result codes here, PostgreSQL's SQLSTATEs in postgres.py."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from dataclasses import dataclass
from typing import Callable

log = logging.getLogger(__name__)

# Primary result codes (the low byte of an extended code such as SQLITE_IOERR_FSYNC).
REASONS = {
    sqlite3.SQLITE_FULL: "disk_full",
    sqlite3.SQLITE_READONLY: "read_only",
    sqlite3.SQLITE_BUSY: "busy",
    sqlite3.SQLITE_LOCKED: "locked",
    sqlite3.SQLITE_IOERR: "io_error",
    sqlite3.SQLITE_CANTOPEN: "cannot_open",
}
# A database server that cannot be reached (PostgreSQL stopped, restarting, or the
# network to it down): postgres.fault_reason.
UNREACHABLE = "unreachable"
RETRY_AFTER_SECONDS = 5
LOG_EVERY_SECONDS = 60


def fault_reason(error: BaseException) -> str | None:
    """The storage fault behind a sqlite3 error, or None for any other error (a
    constraint, a programming mistake: those stay 4xx or 500)."""
    code = getattr(error, "sqlite_errorcode", None)
    if not isinstance(error, sqlite3.DatabaseError) or code is None:
        return None
    return REASONS.get(code & 0xFF)


@dataclass
class Fault:
    reason: str
    detail: str
    since: float       # wall-clock time of the first failure
    count: int = 1


class StorageFaults:
    """The current storage fault of one store, if any."""

    def __init__(self, monotonic=time.monotonic, wall=time.time):
        self._monotonic = monotonic
        self._wall = wall
        self._lock = threading.Lock()
        self.current: Fault | None = None
        self._logged_at: float | None = None
        self._unlogged = 0
        # Told when a fault begins (with it) and ends (with None), outside the lock:
        # the admins' consoles (Realtime.tell_admins_of_storage).
        self.listeners: list[Callable[[Fault | None], None]] = []

    def record(self, reason: str, error: BaseException, where: str) -> None:
        began = None
        with self._lock:
            if self.current is None or self.current.reason != reason:
                self.current = began = Fault(reason, str(error), self._wall())
            else:
                self.current.count += 1
        if began is not None:
            self._tell(began)
        with self._lock:
            now = self._monotonic()
            if self._logged_at is not None and now - self._logged_at < LOG_EVERY_SECONDS:
                self._unlogged += 1
                return
            self._logged_at, unlogged, self._unlogged = now, self._unlogged, 0
        log.error("storage unavailable (%s: %s) on %s; %d more such failures since the "
                  "last report", reason, error, where, unlogged)

    def reached(self) -> None:
        """A connection to the database server opened: it can be reached again. (A full
        disk or a read-only database ends only with a commit: `clear`.)"""
        if self.current is not None and self.current.reason == UNREACHABLE:
            self.clear()

    def clear(self) -> None:
        if self.current is None:
            return
        with self._lock:
            fault, self.current = self.current, None
        if fault is not None:
            log.info("storage available again after %d failures (%s)", fault.count,
                     fault.reason)
            self._tell(None)

    def _tell(self, fault: Fault | None) -> None:
        for listener in self.listeners:
            try:
                listener(fault)
            except Exception:  # a console that cannot be told must not fail the request
                log.exception("telling of a storage fault")
