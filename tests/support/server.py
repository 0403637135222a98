"""Run the real server (`sunbeon serve`, gunicorn) in a child process for tests."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    def __init__(self, db_path: Path, port: int | None = None, threads: int = 64,
                 history_days: int = 0):
        self.db_path = Path(db_path)
        self.threads = threads
        self.history_days = history_days   # the demo's sample past: off unless a test wants it
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.log_path = self.db_path.with_suffix(".log")

    def start(self) -> None:
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "serve", "--demo", "--db", str(self.db_path),
             "--port", str(self.port), "--threads", str(self.threads),
             "--history-days", str(self.history_days)],
            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        # The demo database is built, then the server starts afresh (server/wsgi.py): on a
        # busy machine this can take a while.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("server did not answer /healthz within 60 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def restart(self) -> None:
        self.stop()
        self.start()

    @property
    def tokens(self) -> dict:
        with sqlite3.connect(self.db_path) as conn:
            value = conn.execute(
                "SELECT value FROM app_settings WHERE key = 'demo_tokens'").fetchone()[0]
        return json.loads(value)
