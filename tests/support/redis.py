"""A throwaway Redis server for the tests: Debian's `redis-server` in a temporary folder
on a free port of 127.0.0.1, with no persistence (nothing in a test outlives the test).
It can be stopped and started again on the same port, as a Redis that goes down and comes
back. If it cannot start, the tests that need it fail with the reason: nothing is skipped.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from tests.support.processes import end, free_port

SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


class RedisUnavailable(RuntimeError):
    """redis-server could not be started."""


class ThrowawayRedis:
    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="sunbeon-redis-"))
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "ThrowawayRedis":
        if not Path(SERVER).exists():
            raise RedisUnavailable(
                f"no {SERVER}: install Debian's redis-server (scripts/setup.sh --test)")
        log = open(self.folder / "server.log", "ab")
        self.process = subprocess.Popen(
            [SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder),
             "--save", "", "--appendonly", "no", "--daemonize", "no"],
            stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 15
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RedisUnavailable("redis-server did not start: "
                                       + (self.folder / "server.log").read_text()[-1000:])
            time.sleep(0.05)
        return self

    def answers(self) -> bool:
        """Whether it answers PING."""
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        """Stop the server (its folder stays, for start() again)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            end(self.process)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
