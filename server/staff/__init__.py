"""The staff console (/staff) and what keeps the desk's promises: callbacks, appointments,
alerts for long waits, and absent officers' visitors offered to colleagues. Its HTTP API
is in server/api/staffdesk.py."""

from __future__ import annotations

from flask import Flask

from .pages import blueprint
from .watch import DeskWatch

DEFAULT_WATCH_SECONDS = 15


def init_staff_desk(app: Flask) -> None:
    """Serve the console and start the desk's watch (not under tests, which call
    `watch.tick` themselves with a fixed clock)."""
    app.register_blueprint(blueprint)
    seconds = app.config.get("DESK_WATCH_SECONDS",
                             0 if app.config.get("TESTING") else DEFAULT_WATCH_SECONDS)
    if seconds:
        watch = DeskWatch(app.extensions["sunbeon.store"], app.extensions["sunbeon.engine"],
                          float(seconds))
        app.extensions["sunbeon.desk_watch"] = watch
        watch.start()
