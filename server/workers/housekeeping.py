"""The nightly purge: visitors' contact data erased when its time is up, and old records
that nobody needs deleted. One function per kind of data, all listed in PURGES; the
same functions run where the data is used (feedback purges on access too).

One of the app's workers (server/workers/__init__.py: started when the app is served,
not in tests unless a test asks), it runs once at start-up, to catch up on a night the
server was off, and then a few minutes after each midnight of the site's day
(Asia/Seoul). Every run is idempotent and logs counts only, never what was erased.

SUNBEON_EVENT_RETENTION_DAYS (90) and SUNBEON_PREVIEW_RETENTION_DAYS (14) set how long
the event log (which holds no personal data) and print preview files are kept;
SUNBEON_AUDIT_RETENTION_DAYS (365) how long the audit log of sign-ins is.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, time, timedelta
from pathlib import Path

from ..infra.clock import DEFAULT_TIMEZONE, local
from ..printing.jobs import resolve_connection_url
from ..queue import QueueEngine
from ..staff import cases
from ..infra.store import EVENTS_PURGED_KEY, Store
from ..visitor import feedback, notices
from . import LoopThread

log = logging.getLogger(__name__)

EVENT_RETENTION_DAYS = 90
PREVIEW_RETENTION_DAYS = 14
AUDIT_RETENTION_DAYS = 365
ENDED_SESSION_DAYS = 30       # an ended session stays in its person's list this long
CALLBACK_PHONE_DAYS = 7       # an open callback keeps the number this long past its time
RUN_AFTER_MIDNIGHT = timedelta(minutes=5)


def purge_notice_contacts(store: Store, engine: QueueEngine, config) -> int:
    return sum(notices.purge_contacts(store, engine).values())


def purge_feedback_emails(store: Store, engine: QueueEngine, config) -> int:
    return feedback.purge_contacts(engine)


def purge_callback_phones(store: Store, engine: QueueEngine, config) -> int:
    """A callback's number is erased when it is done (server/staff/callbacks.py); one
    left open a week past its promised time is erased too (the topic stays)."""
    cutoff = engine.clock.now() - CALLBACK_PHONE_DAYS * 86400
    with store.write() as tx:
        return tx.execute("UPDATE callbacks SET phone = NULL WHERE phone IS NOT NULL "
                          "AND promised_at < ?", (cutoff,)).rowcount


def purge_case_contacts(store: Store, engine: QueueEngine, config) -> int:
    """A case's contact is erased when it closes (server/staff/cases.py); one left open
    is erased a while past its legal due date (the case stays)."""
    return cases.purge_contacts(store, engine)


def purge_old_events(store: Store, engine: QueueEngine, config) -> int:
    """Screens away for longer than this get a snapshot instead (server/realtime.py)."""
    days = int(config.get("EVENT_RETENTION_DAYS") or EVENT_RETENTION_DAYS)
    cutoff = engine.clock.now() - days * 86400
    with store.write() as tx:
        last = tx.one("SELECT max(seq) AS seq FROM events WHERE at < ?", (cutoff,))["seq"]
        if last is None:
            return 0
        # Remembered, so that a screen that was away past it is sent a snapshot.
        tx.execute("INSERT INTO app_settings (key, value) VALUES (?, ?) ON CONFLICT (key) "
                   "DO UPDATE SET value = excluded.value", (EVENTS_PURGED_KEY, str(last)))
        return tx.execute("DELETE FROM events WHERE at < ?", (cutoff,)).rowcount


def purge_sign_ins(store: Store, engine: QueueEngine, config) -> int:
    """Sessions ended (or unused) for a month, failed-sign-in counts quiet for a day and
    no longer locking (guessed logins would pile up otherwise), and old audit entries."""
    now = engine.clock.now()
    audit_days = int(config.get("AUDIT_RETENTION_DAYS") or AUDIT_RETENTION_DAYS)
    with store.write() as tx:
        return (tx.execute("DELETE FROM sessions WHERE coalesce(revoked_at, last_seen_at) < ?",
                           (now - ENDED_SESSION_DAYS * 86400,)).rowcount
                + tx.execute("DELETE FROM sign_in_failures WHERE last_attempt_at < ? "
                             "AND coalesce(locked_until, 0) < ?", (now - 86400, now)).rowcount
                + tx.execute("DELETE FROM audit_log WHERE at < ?",
                             (now - audit_days * 86400,)).rowcount)


def purge_print_previews(store: Store, engine: QueueEngine, config) -> int:
    """Files written by preview:// printers (a demo or a printer being set up)."""
    days = int(config.get("PREVIEW_RETENTION_DAYS") or PREVIEW_RETENTION_DAYS)
    cutoff = engine.clock.now() - days * 86400
    removed = 0
    for row in store.query("SELECT connection FROM printers "
                           "WHERE connection LIKE 'preview://%'"):
        folder = Path(resolve_connection_url(row["connection"], store.path)[len("preview://"):])
        for path in list(folder.glob("*.bin")) + list(folder.glob("*.png")):
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
                removed += 1
    return removed


PURGES = {
    "notice_contacts": purge_notice_contacts,
    "feedback_emails": purge_feedback_emails,
    "callback_phones": purge_callback_phones,
    "case_contacts": purge_case_contacts,
    "events": purge_old_events,
    "sign_ins": purge_sign_ins,
    "print_previews": purge_print_previews,
}


def run_purge(store: Store, engine: QueueEngine, config=None) -> dict[str, int]:
    """Every purge once; how many items each erased. One failing does not stop the rest."""
    config = config or {}
    counts: dict[str, int] = {}
    for name, purge in PURGES.items():
        try:
            counts[name] = purge(store, engine, config)
        except Exception:
            log.exception("housekeeping: %s failed", name)
            counts[name] = -1
    log.info("housekeeping: %s", ", ".join(f"{k}={v}" for k, v in counts.items()))
    return counts


def next_run(now: float, tz: str = DEFAULT_TIMEZONE) -> float:
    """A few minutes after the next local midnight."""
    tomorrow = local(now, tz).date() + timedelta(days=1)
    midnight = datetime.combine(tomorrow, time(0), tzinfo=local(now, tz).tzinfo)
    return (midnight + RUN_AFTER_MIDNIGHT).timestamp()


class Housekeeping(LoopThread):
    """The purge at start-up and after each midnight, in a thread of its own; a stop ends
    it after the purge under way, if any (it is idempotent: the next start runs it
    again)."""

    thread_name = "sunbeon-housekeeping"

    def __init__(self, store: Store, engine: QueueEngine, config):
        super().__init__()
        self.store = store
        self.engine = engine
        self.config = config

    def _run(self, stopping: threading.Event) -> None:
        while not stopping.is_set():
            run_purge(self.store, self.engine, self.config)
            now = self.engine.clock.now()
            stopping.wait(max(next_run(now) - now, 60))
        self.store.close_thread_connection()
