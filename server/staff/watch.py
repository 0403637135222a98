"""The desk's clock-driven duties, run every few seconds in a background thread: alert
supervisors about long waits, and mark missed appointments. `tick()` does one round, so
that tests drive it with a fixed clock instead of waiting minutes."""

from __future__ import annotations

import logging
import threading

from ..queue import QueueEngine
from ..infra.store import Store
from . import alerts, appointments

log = logging.getLogger(__name__)


def tick(store: Store, engine: QueueEngine) -> None:
    for site in store.query("SELECT id FROM sites ORDER BY id"):
        alerts.raise_waiting_alerts(store, engine, site["id"])
        appointments.mark_missed(store, engine, site["id"])


class DeskWatch:
    def __init__(self, store: Store, engine: QueueEngine, interval: float):
        self.store = store
        self.engine = engine
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="sunbeon-desk-watch",
                                        daemon=True)
        self._thread.start()

    def stop(self, drain: bool = True) -> list[threading.Thread]:
        """End after the round under way (nothing is handed to the watch to drain)."""
        self._stop.set()
        return [self._thread] if self._thread else []

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                tick(self.store, self.engine)
            except Exception:  # a bad round must not end the watch
                log.exception("staff desk watch failed")
        self.store.close_thread_connection()
