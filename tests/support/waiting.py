"""Waiting for work the app does on its own threads (the notice worker, the print spooler)."""

from __future__ import annotations

import time


def until(check, timeout: float = 10.0, every: float = 0.05):
    """check()'s first truthy result, asked every `every` seconds; fails the test if there
    is none within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(every)
    raise AssertionError("not there in time")
