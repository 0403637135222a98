"""What the tests' child processes (the server, PostgreSQL, Redis) share: a free port on
loopback, and an end that does not hang."""

from __future__ import annotations

import socket
import subprocess


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def end(process: subprocess.Popen, seconds: float = 10) -> None:
    """Wait for a process told to stop; kill it if it does not within `seconds`."""
    try:
        process.wait(seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
