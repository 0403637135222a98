"""Run the public relay (`sunbeon relay`) in a child process for tests, and see which
TCP connections it holds."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from tests.support.processes import children, end, free_port

ROOT = Path(__file__).resolve().parents[2]
SECRET = "relay-test-secret-0123456789abcdef0123456789"


class RelayProcess:
    def __init__(self, db_path: Path, *, secret: str = SECRET, env: dict | None = None):
        self.db_path = Path(db_path)
        self.secret = secret
        self.env = env or {}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.db_path.with_suffix(".log")
        self.process: subprocess.Popen | None = None

    def start(self) -> "RelayProcess":
        # The relay's whole environment is named here: nothing in it names the internal
        # server (it is given no address to reach).
        env = {"PATH": os.environ["PATH"], "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT),
               "SUNBEON_RELAY_SECRET": self.secret, **self.env}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "relay", "--db", str(self.db_path),
             "--port", str(self.port), "--threads", "8"],
            stdout=open(self.log_path, "ab"), stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"relay exited: {self.log_path.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the relay did not answer /healthz within 30 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            end(self.process)

    def pids(self) -> list[int]:
        """The relay's processes: gunicorn's master and its worker."""
        return [self.process.pid, *children(self.process.pid)]

    def connections(self) -> list[tuple[int, int]]:
        """(local port, remote port) of every TCP socket the relay's processes hold
        (remote port 0: a listening socket)."""
        inodes = set()
        for pid in self.pids():
            try:
                fds = list(Path(f"/proc/{pid}/fd").iterdir())
            except OSError:
                continue
            for fd in fds:
                try:
                    target = os.readlink(fd)
                except OSError:
                    continue
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        found = []
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                if fields[9] in inodes:
                    local, remote = fields[1], fields[2]
                    found.append((int(local.rsplit(":", 1)[1], 16),
                                  int(remote.rsplit(":", 1)[1], 16)))
        return found


@contextmanager
def linked_to_relay(folder: Path, env: dict | None = None):
    """A relay process and an internal server process (started) that pushes to it every
    second, as (server, relay); both stopped at the end."""
    from tests.support.server import ServerProcess
    relay = RelayProcess(Path(folder) / "relay.db").start()
    server = ServerProcess(Path(folder) / "internal.db", env={
        "SUNBEON_PUBLIC_RELAY_URL": relay.url, "SUNBEON_PUBLIC_RELAY_SECRET": SECRET,
        "SUNBEON_PUBLIC_RELAY_SECONDS": "1", **(env or {})})
    try:
        server.start()
        yield server, relay
    finally:
        server.stop()
        relay.stop()
