"""Run the real server (`sunbeon serve`, gunicorn) in a child process for tests."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.support.processes import end, free_port, free_ports  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]


class ServerProcess:
    # How a server is served when its test names no way: the run's (tests/conftest.py).
    default_async_mode: str | None = None

    def __init__(self, db_path: Path, port: int | None = None, threads: int = 64,
                 history_days: int = 0, database: str | None = None,
                 message_queue: str | None = None, env: dict | None = None,
                 workers: int = 1, async_mode: str | None = None):
        """On the SQLite file `db_path`, or on `database` (a postgresql:// URL; db_path
        then names the log), with a `message_queue` (redis://) shared with others; with
        `workers` > 1, that many server processes on ports port..port+workers-1; with
        `async_mode`, served that way (`--async`: threading or gevent)."""
        self.db_path = Path(db_path)
        self.database = database
        self.message_queue = message_queue
        self.env = env or {}
        self.threads = threads
        self.workers = workers
        self.async_mode = async_mode or self.default_async_mode
        self.history_days = history_days   # the demo's sample past: off unless a test wants it
        self.port = port or free_ports(workers)
        self.url = f"http://127.0.0.1:{self.port}"
        self.ports = list(range(self.port, self.port + workers))
        self.process: subprocess.Popen | None = None
        self.log_path = self.db_path.with_suffix(".log")

    def start(self) -> None:
        log = open(self.log_path, "ab")
        where = ["--database", self.database] if self.database else ["--db", str(self.db_path)]
        queue = ["--message-queue", self.message_queue] if self.message_queue else []
        serving = ["--async", self.async_mode] if self.async_mode else []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "serve", "--demo", *where, *queue,
             "--port", str(self.port), "--threads", str(self.threads),
             "--history-days", str(self.history_days), "--workers", str(self.workers), *serving],
            stdout=log, stderr=subprocess.STDOUT,
            # On PostgreSQL its other files (media/, the signing key) go to var/ of the
            # folder it runs in: the test's, not the tree's.
            cwd=self.db_path.parent if self.database else None,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT), **self.env})
        # The demo database is built, then the server starts afresh (server/wsgi.py): on a
        # busy machine this can take a while.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text()[-2000:]}")
            if all(self.answers(port) for port in self.ports):
                return
            time.sleep(0.1)
        raise RuntimeError("server did not answer /healthz within 60 s")

    @staticmethod
    def answers(port: int) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz",
                                        timeout=1) as response:
                return response.status == 200
        except OSError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            end(self.process)

    def restart(self) -> None:
        self.stop()
        self.start()

    def healthz(self) -> dict:
        with urllib.request.urlopen(self.url + "/healthz", timeout=5) as response:
            return json.loads(response.read())

    @property
    def tokens(self) -> dict:
        query = "SELECT value FROM app_settings WHERE key = 'demo_tokens'"
        if self.database:
            import psycopg
            with psycopg.connect(self.database) as conn:
                return json.loads(conn.execute(query).fetchone()[0])
        with sqlite3.connect(self.db_path) as conn:
            value = conn.execute(query).fetchone()[0]
        return json.loads(value)
