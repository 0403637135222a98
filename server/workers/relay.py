"""The relay: events to every server process through the message queue, in seq order,
by one process at a time (docs/scale.md, "Events across processes").

A transactional outbox. Each write transaction appends its events to the `events` table;
the relay reads the committed ones by seq and publishes them, oldest first, remembering
the last seq it published in the database. Exactly one process relays: the one holding
the store's "relay" lease (PostgreSQL: a session-level advisory lock; SQLite: a lock on a
file beside the database). The others wait to take over when it ends.

Nothing is skipped because events commit in seq order: every writer takes the store's
write lock (PostgreSQL: an advisory lock taken before its first statement and held until
COMMIT; SQLite: BEGIN IMMEDIATE) before it draws a seq, so a seq is drawn only after
every lower one has committed or rolled back (tests/test_relay.py shows a slow
transaction does not make the relay skip). A publish that fails (the queue is down) is
tried again from the same event until it goes through: clients receive late events in
order, or catch up by seq meanwhile (the heartbeat).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Callable

from . import LoopThread

log = logging.getLogger(__name__)

PUBLISHED_KEY = "relay.published_seq"  # app_settings: the last seq the relay published
BATCH = 500
SAVE_SECONDS = 1.0  # the position is saved at most this often (and on stop)


class Relay(LoopThread):
    thread_name = "sunbeon-relay"

    def __init__(self, store, publish: Callable[[dict, int], bool], *,
                 poll_seconds: float = 0.05, retry_seconds: float = 1.0):
        """`publish(event_row, prev)` sends one event to every process, with the seq
        published before it; False when the message queue did not take it."""
        super().__init__()
        self.store = store
        self.publish = publish
        self.poll_seconds = poll_seconds    # other processes' commits are seen this late
        self.retry_seconds = retry_seconds  # a queue that is down is tried this often
        self.lease = store.lease("relay")
        self.leading = False
        self.published: int | None = None
        self.queue_down = False
        self._saved: tuple[int | None, float] = (None, 0.0)
        self._drain = True

    def committed(self, events: list[dict]) -> None:
        """The store's subscriber: a commit in this process is relayed at once."""
        self._wake.set()

    def stop(self, drain: bool) -> list[threading.Thread]:
        """End the thread; it publishes what is committed first when `drain` and the
        queue is up, then saves its position and gives up the lease."""
        self._drain = drain
        return super().stop(drain)

    def _run(self, stopping: threading.Event) -> None:
        try:
            while not stopping.is_set():
                self._wake.clear()
                try:
                    wait = self.relay_once()
                except Exception:  # the database is away: try again, as a follower
                    log.exception("relay: reading the events failed")
                    self._lose_lead()
                    wait = self.retry_seconds
                self._wake.wait(wait)
            if self._drain and self.leading and not self.queue_down:
                self.relay_once()  # what was committed up to the stop
        finally:
            self._lose_lead()
            self.store.close_thread_connection()

    def relay_once(self) -> float:
        """Lead if nobody does, then publish what is committed beyond the last published
        seq; the seconds to wait before the next round."""
        if not self.lease.acquire():
            self.leading = False
            return self.retry_seconds
        if not self.leading:
            saved = self.store.setting(PUBLISHED_KEY)
            if saved is None:
                # The first relay of an installation starts at the end: screens catch up by
                # seq when they connect, so the history before it needs no publishing. Saved
                # at once: a relay that leads next (this one after the database was lost)
                # starts there, not at a later end past what was committed meanwhile.
                saved = str(self.store.last_seq())
                self.store.set_setting(PUBLISHED_KEY, saved)
            self.published = int(saved)
            self._saved = (self.published, time.monotonic())
            self.leading = True
            log.info("relay: this process publishes the events, from seq %s on", self.published)
        rows = self.store.events_after(self.published, BATCH)
        for row in rows:
            if not self.publish(row, self.published):
                if not self.queue_down:
                    log.error("relay: the message queue is down; events from seq %s wait for it",
                              row["seq"])
                self.queue_down = True
                break
            if self.queue_down:
                log.info("relay: the message queue is back; publishing from seq %s", row["seq"])
                self.queue_down = False
            self.published = row["seq"]
        self._save(force=False)
        if self.queue_down:
            return self.retry_seconds
        return 0 if len(rows) == BATCH else self.poll_seconds

    def _save(self, force: bool) -> None:
        seq, at = self._saved
        if self.published != seq and (force or time.monotonic() - at >= SAVE_SECONDS):
            self.store.set_setting(PUBLISHED_KEY, str(self.published))
            self._saved = (self.published, time.monotonic())

    def _lose_lead(self) -> None:
        if self.leading:
            try:
                self._save(force=True)
            except Exception:  # the database is away: the next relay publishes again
                log.warning("relay: could not save the last published seq %s", self.published)
        self.leading = False
        self.lease.release()
