"""The staff console (/staff) and what keeps the desk's promises: callbacks, appointments,
alerts for long waits, and absent officers' visitors offered to colleagues. Its HTTP API
is in server/api/staffdesk.py."""

from __future__ import annotations

from flask import Flask

from .pages import blueprint  # noqa: F401 (create_app mounts it)
from .watch import DeskWatch

DEFAULT_WATCH_SECONDS = 15


def add_desk_watch(app: Flask) -> None:
    """Add the desk's watch to the app's workers (not under tests, which call `watch.tick`
    themselves with a fixed clock)."""
    seconds = app.config.get("DESK_WATCH_SECONDS",
                             0 if app.config.get("TESTING") else DEFAULT_WATCH_SECONDS)
    if seconds:
        watch = DeskWatch(app.extensions["sunbeon.store"], app.extensions["sunbeon.engine"],
                          float(seconds))
        app.extensions["sunbeon.desk_watch"] = watch
        app.extensions["sunbeon.workers"].add("desk_watch", watch.start, watch.stop,
                                              once_per_cluster=True)
