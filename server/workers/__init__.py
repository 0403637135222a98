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
LEAD_POLL_SECONDS = 5.0  # a follower takes over this late after the leader ends (well in 30 s)


class LoopThread:
    """One thread of background work that `Workers` starts and stops, again and again:
    `_run(stopping)` is its body, which ends once `stopping` is set; `_wake` cuts a wait
    short (a commit to relay, a stop)."""

    thread_name = "sunbeon-worker"

    def __init__(self) -> None:
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._stopping = threading.Event()  # a thread left from a stop keeps its own
        self._thread = threading.Thread(target=self._run, args=(self._stopping,),
                                        name=self.thread_name, daemon=True)
        self._thread.start()

    def stop(self, drain: bool) -> list[threading.Thread]:
        thread, self._thread = self._thread, None
        self._stopping.set()
        self._wake.set()
        return [thread] if thread else []

    def _run(self, stopping: threading.Event) -> None:
        raise NotImplementedError


class Workers:
    def __init__(self, lease=None, *, lead_poll_seconds: float = LEAD_POLL_SECONDS) -> None:
        """`lease` (Store.lease("cluster")) elects the process that runs the
        once-per-cluster workers; without one, this process runs them."""
        self._workers: dict[str, tuple[Start, Stop]] = {}
        self._once_per_cluster: set[str] = set()
        self._running: list[str] = []
        self._wanted: set[str] = set()  # once-per-cluster workers started while leading
        self._lock = threading.RLock()
        self._lease = lease
        self.lead_poll_seconds = lead_poll_seconds
        self.leading = False
        self._follower: tuple[threading.Thread, threading.Event] | None = None

    def add(self, name: str, start: Start, stop: Stop, *, once_per_cluster: bool = False) -> None:
        """`start()` starts the worker's threads; `stop(drain)` tells them to end (after
        the work already handed to them, when `drain`) and returns them to wait for.
        A worker `once_per_cluster` runs only in the process that leads the cluster."""
        if name in self._workers:
            raise ValueError(f"a worker {name!r} was added already")
        self._workers[name] = (start, stop)
        if once_per_cluster:
            self._once_per_cluster.add(name)

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
                    if name in self._once_per_cluster:
                        self._wanted.add(name)
                    else:
                        start()
                        self._running.append(name)
            if self._wanted:
                self._lead()  # at once when nobody leads; else the follower waits
                if self._lease is not None and self._follower is None:
                    stopping = threading.Event()
                    thread = threading.Thread(target=self._follow, args=(stopping,),
                                              name="sunbeon-leader", daemon=True)
                    self._follower = (thread, stopping)
                    thread.start()

    def _lead(self) -> None:
        """Start the wanted once-per-cluster workers when this process holds the lease
        (taking it if nobody does); stop them when it lost it (its database session
        ended: another process may lead now)."""
        try:
            holds = self._lease is None or self._lease.acquire()
        except Exception:  # the lock file or the database is away: lead no more
            log.exception("workers: the cluster lease could not be checked")
            holds = False
        if holds:
            if not self.leading and self._lease is not None:
                log.info("workers: this process leads the cluster's background work (%s)",
                         ", ".join(sorted(self._wanted)))
            self.leading = True
            for name, (start, _stop) in self._workers.items():
                if name in self._wanted and name not in self._running:
                    start()
                    self._running.append(name)
        elif self.leading:
            log.warning("workers: this process lost the lead; its cluster work stops")
            self.leading = False
            deadline = time.monotonic() + STOP_SECONDS
            for name in reversed([n for n in self._running if n in self._once_per_cluster]):
                self._running.remove(name)
                self._stop_one(name, False, deadline)  # the new leader does what is left

    def _follow(self, stopping: threading.Event) -> None:
        while not stopping.wait(self.lead_poll_seconds):
            with self._lock:
                if stopping.is_set():
                    return
                self._lead()

    def stop(self, drain: bool = True, timeout: float = STOP_SECONDS) -> None:
        """Stop every running worker, the last started first (the emitter last, so that
        it still sends what the others did while stopping), all within `timeout`
        seconds: a thread stuck on a printer or a mail server is a daemon and is left to
        end with the process. The cluster's lead is given up for another process."""
        deadline = time.monotonic() + timeout
        follower, self._follower = self._follower, None
        if follower:
            follower[1].set()
        with self._lock:
            while self._running:
                self._stop_one(self._running.pop(), drain, deadline)
            self._wanted.clear()
            if self._lease is not None:
                self._lease.release()
            self.leading = False
        if follower and follower[0] is not threading.current_thread():
            follower[0].join(max(deadline - time.monotonic(), 0.0))

    def _stop_one(self, name: str, drain: bool, deadline: float) -> None:
        try:
            threads = list(self._workers[name][1](drain))
        except Exception:  # the others must still stop
            log.exception("stopping worker %s failed", name)
            return
        for thread in threads:
            if thread is not threading.current_thread():
                thread.join(max(deadline - time.monotonic(), 0.0))
            if thread.is_alive():
                log.warning("worker %s: %s did not stop in time", name, thread.name)
