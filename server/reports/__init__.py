"""Reports for administrators and supervisors: queue figures for a day, week, month or
year per site, service, counter or officer, and the annual satisfaction summary.
Plain Python over the store (no Flask); docs/reports.md defines every figure."""

from .figures import GROUPS, figures
from .periods import PERIOD_KINDS, Period, period
from .satisfaction import satisfaction

__all__ = ["GROUPS", "PERIOD_KINDS", "Period", "figures", "period", "satisfaction"]
