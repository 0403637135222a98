"""What the tests' child processes (the server, PostgreSQL, Redis) share: a free port on
loopback, an end that does not hang, and their children as Linux's /proc shows them
(gunicorn's master and workers, for tests and benches that kill or measure them)."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path


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


def parents() -> dict[int, int]:
    """Each running process's parent."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:      # it ended meanwhile
                continue
            # The command in "(...)" may hold spaces; the parent is the 2nd field after it.
            found[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return found


def children(pid: int) -> list[int]:
    return [child for child, parent in parents().items() if parent == pid]


def process_tree(root: int) -> list[int]:
    """`root` and all its descendants."""
    known = parents()
    tree, grown = [root], True
    while grown:
        more = [pid for pid, parent in known.items() if parent in tree and pid not in tree]
        tree += more
        grown = bool(more)
    return tree
