"""Background work of one app, started, stopped and drained in one place.

The app factory adds each worker (the socket emitter, the notice sender, the print
workers, the desk watch, the nightly housekeeping) and starts them all when the app is
served (`sunbeon serve`, server.wsgi). Constructors start no thread: a test's app runs
none unless the test asks for them (`@pytest.mark.workers`, or `workers.start(name)`).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Callable, Iterable

Start = Callable[[], None]
Stop = Callable[[bool], Iterable[threading.Thread]]

log = logging.getLogger(__name__)

STOP_SECONDS = 2.0  # below gunicorn's graceful_timeout (server/wsgi.py)


class Workers:
    def __init__(self) -> None:
        self._workers: dict[str, tuple[Start, Stop]] = {}
        self._running: list[str] = []
        self._lock = threading.Lock()

    def add(self, name: str, start: Start, stop: Stop) -> None:
        """`start()` starts the worker's threads; `stop(drain)` tells them to end (after
        the work already handed to them, when `drain`) and returns them to wait for."""
        if name in self._workers:
            raise ValueError(f"a worker {name!r} was added already")
        self._workers[name] = (start, stop)

    @property
    def names(self) -> list[str]:
        return list(self._workers)

    @property
    def running(self) -> list[str]:
        return list(self._running)

    def start(self, *names: str) -> None:
        """Start these workers (all of them when none is named), in the order they were
        added; a running one is left as it is."""
        unknown = set(names) - set(self._workers)
        if unknown:
            raise KeyError(f"no worker {', '.join(sorted(unknown))}")
        with self._lock:
            for name, (start, _stop) in self._workers.items():
                if (not names or name in names) and name not in self._running:
                    start()
                    self._running.append(name)

    def stop(self, drain: bool = True, timeout: float = STOP_SECONDS) -> None:
        """Stop every running worker, the last started first (the emitter last, so that
        it still sends what the others did while stopping), all within `timeout`
        seconds: a thread stuck on a printer or a mail server is a daemon and is left to
        end with the process."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while self._running:
                name = self._running.pop()
                try:
                    threads = list(self._workers[name][1](drain))
                except Exception:  # the others must still stop
                    log.exception("stopping worker %s failed", name)
                    continue
                for thread in threads:
                    if thread is not threading.current_thread():
                        thread.join(max(deadline - time.monotonic(), 0.0))
                    if thread.is_alive():
                        log.warning("worker %s: %s did not stop in time", name, thread.name)
