"""Service times learned from recent visits: how long one visitor keeps a counter.

The model (documented in docs/queue.md, "Wait estimates"):
- A visit occupies its counter from the call to the finish (or to the no-show mark): a
  no-show costs the counter its few minutes of waiting too, so both are learned.
- The mean of the service's recent visits, each clipped to [0.5, 60] minutes, is shrunk
  towards the service's configured default so that a few odd visits do not swing it:
  mean = (sum + k * default) / (n + k), k = PRIOR_WEIGHT.
- The spread comes from the quantiles of the same visits (p20-p80 of a normal curve is
  1.68 standard deviations), shrunk the same way towards PRIOR_SPREAD x default.
- An officer with OFFICER_VISITS or more recent visits of a service gets their own
  figures, shrunk towards the service's.
"""

from __future__ import annotations

from dataclasses import dataclass

PRIOR_WEIGHT = 3
RECENT_VISITS = 40
RECENT_DAYS = 14
OFFICER_VISITS = 10
PRIOR_SPREAD = 0.5
MIN_SECONDS, MAX_SECONDS = 30.0, 3600.0
P20_TO_P80_IN_SD = 1.6832


@dataclass(frozen=True)
class ServiceTime:
    """What one visit costs a counter, in seconds: the mean, its spread, and the recent
    visits it was learned from (for the time left of a visit under way)."""
    mean: float
    sd: float
    samples: tuple[float, ...] = ()

    def remaining(self, elapsed: float) -> tuple[float, float]:
        """Expected seconds left of a visit `elapsed` seconds old, and their variance:
        the recent visits that lasted longer say how much longer; a visit already
        longer than most is expected to need a quarter of a visit more."""
        longer = [d - elapsed for d in self.samples if d > elapsed]
        prior = max(self.mean - elapsed, self.mean / 4)
        mean = (sum(longer) + PRIOR_WEIGHT * prior) / (len(longer) + PRIOR_WEIGHT)
        return mean, min(self.sd, mean) ** 2


def _quantile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def learn(durations_seconds: list[float], default_minutes: float) -> ServiceTime:
    """A service's (or an officer's) visit time from recent durations and a default."""
    samples = sorted(min(max(d, MIN_SECONDS), MAX_SECONDS) for d in durations_seconds)
    n, prior = len(samples), default_minutes * 60
    mean = (sum(samples) + PRIOR_WEIGHT * prior) / (n + PRIOR_WEIGHT)
    spread = ((_quantile(samples, .8) - _quantile(samples, .2)) / P20_TO_P80_IN_SD
              if n >= 5 else PRIOR_SPREAD * prior)
    sd = (n * spread + PRIOR_WEIGHT * PRIOR_SPREAD * prior) / (n + PRIOR_WEIGHT)
    return ServiceTime(mean, sd, tuple(samples))


def expected_service_minutes(durations_seconds: list[float], default_minutes: float) -> float:
    return learn(durations_seconds, default_minutes).mean / 60
