"""The heartbeat: how a screen learns that it missed an event (docs/scale.md, "Events
across processes").

Every few seconds each process tells the rooms that have a connection in it the seq of
the room's latest event, itself read from the database, not from the message queue. A
client whose last applied seq is lower missed one (its process lost the queue for a
while, or the queue is down) and catches up by seq ("resync"). Only events committed at
least one beat ago are announced (each round announces what the previous round read), so
an event still on its way through the queue causes no resync. The heartbeat is sent by
each process to its own connections only, so it arrives when the queue does not.
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Callable

from . import LoopThread

log = logging.getLogger(__name__)

SCAN_BATCH = 5000


class Heartbeat(LoopThread):
    thread_name = "sunbeon-heartbeat"

    def __init__(self, store, rooms_here: Callable[[], set[str]],
                 announce: Callable[[str, int], None], *, seconds: float = 5.0):
        super().__init__()
        self.store = store
        self.rooms_here = rooms_here  # the rooms of this process's connections
        self.announce = announce      # announce(room, seq): to this process's sockets only
        self.seconds = seconds
        self.position: int | None = None   # the last seq read
        self.latest: dict[str, int] = {}   # room: its latest event's seq read so far

    def _run(self, stopping: threading.Event) -> None:
        try:
            while not stopping.wait(self.seconds):
                try:
                    self.beat()
                except Exception:  # the database is away: the next beat tries again
                    log.exception("heartbeat failed")
        finally:
            self.store.close_thread_connection()

    def beat(self) -> None:
        """Announce what the previous beat read, then read the events since."""
        for room in self.rooms_here() & self.latest.keys():
            self.announce(room, self.latest[room])
        self.read()

    def read(self) -> None:
        if self.position is None:  # from the end: a client catches up when it connects
            self.position = self.store.last_seq()
            return
        while True:
            rows = self.store.rows("SELECT seq, rooms FROM events WHERE seq > ? ORDER BY seq "
                                   "LIMIT ?", (self.position, SCAN_BATCH))
            for seq, rooms in rows:
                for room in json.loads(rooms):
                    self.latest[room] = seq
                self.position = seq
            if len(rows) < SCAN_BATCH:
                return
