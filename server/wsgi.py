"""Production serving: gunicorn with one gthread worker.

One worker, because Socket.IO rooms live in the process (more processes would need
sticky sessions and a message queue); many threads, because each open WebSocket holds
one thread for its life. `gunicorn 'server.wsgi:app'` works too, with SUNBEON_DATABASE
(a URL: sqlite:///path or postgresql://...) or SUNBEON_DB (a file) set.

`sunbeon serve` prepares the database, then replaces itself with
`python -m server.wsgi DB HOST PORT THREADS`: gunicorn's master process then holds only
gunicorn (about 26 MiB instead of the 80 MiB of the whole application it had imported),
and the worker imports the application itself.
"""

from __future__ import annotations

import os
import sys

from gunicorn.app.base import BaseApplication


class _Server(BaseApplication):
    def __init__(self, db_path: str, options: dict):
        self.db_path = db_path
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        # Built in the worker, after the fork, so that the app's workers (the event
        # emitter, printers, notices, desk watch, housekeeping) run there.
        from .app import create_app
        return create_app(self.db_path)


def run_gunicorn(db_path: str, host: str, port: int, threads: int) -> None:
    _Server(db_path, {
        "bind": f"{host}:{port}",
        "workers": 1,
        "worker_class": "gthread",
        "threads": threads,
        "timeout": 60,
        "graceful_timeout": 3,  # open WebSockets would hold a restart for the whole timeout
        "accesslog": None,
        # Input limits (docs/security.md): the longest request line gunicorn allows, so
        # that the app itself answers addresses over its MAX_URL_LENGTH with 414 JSON;
        # beyond this gunicorn answers a plain-text 414.
        "limit_request_line": 8190,
        "limit_request_fields": 100,
        "limit_request_field_size": 8190,
    }).run()


def __getattr__(name):
    # `server.wsgi:app` for a gunicorn command line, built on first use.
    if name == "app":
        from .app import create_app
        return create_app(os.environ.get("SUNBEON_DATABASE")
                          or os.environ.get("SUNBEON_DB", "var/sunbeon.db"))
    raise AttributeError(name)


if __name__ == "__main__":
    db, host, port, threads = sys.argv[1:5]
    run_gunicorn(db, host, int(port), int(threads))
