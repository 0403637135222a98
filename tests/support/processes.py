"""What the tests' child processes (the server, PostgreSQL, Redis) share: a free port on
loopback, and an end that does not hang."""

from __future__ import annotations

import socket
import subprocess


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_ports(count: int) -> int:
    """The first of `count` consecutive free ports (`sunbeon serve --workers N`)."""
    while True:
        first = free_port()
        if count == 1 or all(_free(first + n) for n in range(1, count)):
            return first


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def end(process: subprocess.Popen, seconds: float = 10) -> None:
    """Wait for a process told to stop; kill it if it does not within `seconds`."""
    try:
        process.wait(seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
