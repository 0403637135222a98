"""Wait estimates from recent service times and the counters open for a service.

The model (documented in docs/queue.md):
- s, the expected minutes one visitor takes at a counter (call to finish), is the mean of
  the service's recent durations, each clipped to [0.5, 60] minutes, shrunk towards the
  service's configured default so that a few odd visits do not swing it:
  s = (sum + k * default) / (n + k), k = PRIOR_WEIGHT.
- c counters are open for the service, b of them busy with a visitor, f = c - b free.
- A visitor with `ahead` people before them walks straight to a free counter when
  ahead < f. Otherwise they wait for the first counter to free up (half a service on
  average) and then for their share of the people still ahead:
  wait = s * (1/2 + (ahead - f) / c).
"""

from __future__ import annotations

import math

PRIOR_WEIGHT = 3
RECENT_VISITS = 30
RECENT_DAYS = 14
MIN_MINUTES, MAX_MINUTES = 0.5, 60.0


def expected_service_minutes(durations_seconds: list[float], default_minutes: float) -> float:
    minutes = [min(max(d / 60, MIN_MINUTES), MAX_MINUTES) for d in durations_seconds]
    return (sum(minutes) + PRIOR_WEIGHT * default_minutes) / (len(minutes) + PRIOR_WEIGHT)


def wait_minutes(ahead: int, open_counters: int, busy_counters: int,
                 service_minutes: float) -> int:
    counters = max(open_counters, 1)
    free = max(counters - busy_counters, 0)
    if ahead < free:
        return 0
    return math.ceil(service_minutes * (0.5 + (ahead - free) / counters))
