"""Production serving: gunicorn with one gthread worker (or, optionally, one gevent worker).

One worker, because Socket.IO rooms live in the process (more processes would need
sticky sessions and a message queue); many threads, because each open WebSocket holds
one thread for its life. `gunicorn 'server.wsgi:app'` works too, with SUNBEON_DATABASE
(a URL: sqlite:///path or postgresql://...) or SUNBEON_DB (a file) set.

`sunbeon serve` prepares the database, then replaces itself with
`python -m server.wsgi DB HOST PORT THREADS`: gunicorn's master process then holds only
gunicorn (about 26 MiB instead of the 80 MiB of the whole application it had imported),
and the worker imports the application itself.

`sunbeon serve --workers N` runs `python -m server.wsgi DB HOST PORT THREADS N`: N such
servers on ports PORT..PORT+N-1, each a process of its own with its own sockets, all on
one PostgreSQL database and one Redis message queue, with nginx in front
(docs/scale.md). This process only starts them, watches them and stops them.

`sunbeon serve --async gevent` (SUNBEON_ASYNC_MODE=gevent; the `gevent` extra) serves
with gunicorn's gevent worker instead: it monkey-patches the standard library in the
worker before the app is imported, so that every request, WebSocket and background
worker is a greenlet rather than a thread, and the app's Socket.IO runs in its gevent
mode (WebSockets through simple-websocket). SQLite's calls still hold the whole process
while they run. Threading stays the default (bench/bench_queue.py --async compares them).
"""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import time

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
        keep_out_socketio_clients()
        from .app import create_app
        app = create_app(self.db_path)
        # What exists now (modules, the app, its workers) lives as long as the process:
        # set aside, the garbage collector's full passes no longer walk it. With 1,000
        # screens connected they held the whole worker 130-230 ms, and 15-77 ms since.
        gc.freeze()
        return app


# Socket.IO's own clients (engineio/client.py, async_client.py) import these when they
# are installed, as the test and bench extras install them; a server never uses them, and
# they cost its worker about 15 MiB.
SOCKETIO_CLIENT_LIBRARIES = ("requests", "aiohttp", "websocket")


def keep_out_socketio_clients() -> None:
    """Make the libraries of Socket.IO's clients unimportable in this process: a None in
    sys.modules makes `import` raise ImportError, which engineio takes as "not installed"."""
    for name in SOCKETIO_CLIENT_LIBRARIES:
        sys.modules.setdefault(name, None)


# How one process serves many connections (SUNBEON_ASYNC_MODE, read by the app for its
# Socket.IO too): each async mode with the gunicorn worker class that runs it.
WORKER_CLASSES = {"threading": "gthread", "gevent": "gevent"}
DEFAULT_ASYNC_MODE = "threading"


def async_mode() -> str:
    """The way of serving SUNBEON_ASYNC_MODE names (ValueError for one that does not exist)."""
    mode = os.environ.get("SUNBEON_ASYNC_MODE") or DEFAULT_ASYNC_MODE
    if mode not in WORKER_CLASSES:
        raise ValueError(f"SUNBEON_ASYNC_MODE must be one of "
                         f"{', '.join(WORKER_CLASSES)}, not {mode!r}")
    return mode


def run_gunicorn(db_path: str, host: str, port: int, threads: int) -> None:
    try:
        mode = async_mode()
    except ValueError as problem:
        raise SystemExit(f"sunbeon: {problem}") from None
    _Server(db_path, {
        "bind": f"{host}:{port}",
        "workers": 1,
        # gevent's worker takes no threads: worker_connections bounds its greenlets.
        "worker_class": WORKER_CLASSES[mode],
        "threads": threads,
        # An open WebSocket is a connection for its whole life: with gunicorn's default
        # of 1,000 connections a process holding 1,000 screens accepts no request more.
        "worker_connections": threads + 1000,
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


# An instance that ends sooner than this after its start cannot start (its port is taken,
# its database refuses it): starting it again would only fail again.
STARTUP_SECONDS = 10


def run_instances(db_path: str, host: str, port: int, threads: int, count: int) -> int:
    """Run `count` servers on ports port..port+count-1 until told to stop (SIGTERM,
    SIGINT). One that ends (a crash of its gunicorn master; gunicorn restarts a crashed
    worker itself) is started again, so that the proxy finds it back; one that cannot
    start stops them all, with its status."""
    def start(number: int) -> tuple[subprocess.Popen, float]:
        command = [sys.executable, "-m", "server.wsgi", db_path, host, str(port + number),
                   str(threads)]
        return subprocess.Popen(command), time.monotonic()

    stopping = []
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda number, _frame: stopping.append(number))
    instances = [start(number) for number in range(count)]
    print(f"sunbeon: {count} server processes on {host}, ports {port}-{port + count - 1}",
          flush=True)
    status = 0
    while not stopping and not status:
        time.sleep(0.5)
        for number, (process, started) in enumerate(instances):
            if process.poll() is None:
                continue
            if time.monotonic() - started < STARTUP_SECONDS:
                print(f"sunbeon: the server on port {port + number} could not start "
                      f"(status {process.returncode}); stopping the others", file=sys.stderr,
                      flush=True)
                status = process.returncode or 1
                break
            print(f"sunbeon: the server on port {port + number} ended "
                  f"(status {process.returncode}); starting it again", file=sys.stderr,
                  flush=True)
            instances[number] = start(number)
    for process, _started in instances:
        if process.poll() is None:
            process.terminate()  # gunicorn's graceful stop: the cluster's work drains
    for process, _started in instances:
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return status


if __name__ == "__main__":
    db, host, port, threads = sys.argv[1:5]
    count = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    if count > 1:
        sys.exit(run_instances(db, host, int(port), int(threads), count))
    run_gunicorn(db, host, int(port), int(threads))
