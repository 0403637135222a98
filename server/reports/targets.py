"""The charter's processing-period target and the Act's legal period, as reports measure
them. The counting itself is the Act's working calendar (server/queue/calendar.py).

A service whose legal period is "즉시" is done at the counter: its visits are measured,
arrival to finish, against 3 working hours (measure "visits"). A longer period outlasts
the visit: such a service is measured on its cases (server/staff/cases.py), receipt to
closing, against the due and target moments fixed at receipt (measure "cases"); its
visits are not judged, since a visit ending at the counter says nothing of the matter.
"""

from __future__ import annotations

from ..queue.calendar import LegalPeriod, WorkingCalendar, site_calendar
from ..infra.store import Store


def site_calendars(store: Store, site_ids: list[int]) -> dict[int, WorkingCalendar]:
    """Each site's calendar, read once."""
    return {site_id: site_calendar(store, site_id) for site_id in site_ids}


def measured_on_cases(service: dict) -> bool:
    return LegalPeriod.of(service).outlasts_visit


def visit_within(calendar: WorkingCalendar, service: dict, arrival: float,
                 finish: float) -> bool:
    """Whether a visit of a "즉시" service finished within its 3 working hours (the
    charter's target and the Act's period are the same there)."""
    return calendar.within_target(arrival, finish, LegalPeriod.of(service))


def case_judgement(case: dict, now: float) -> tuple[bool, bool] | None:
    """(within target, within the legal period) of a case, once it can be judged: when
    it is closed, or open past its due moment (then it has missed both)."""
    if case["status"] == "closed":
        return case["closed_at"] <= case["target_at"], case["closed_at"] <= case["due_at"]
    if now > case["due_at"]:
        return False, False
    return None
