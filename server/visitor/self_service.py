"""The machine next door: a service the lobby's unmanned certificate machine (무인민원발급기)
or 정부24 online issues. Before the ticket, the kiosk shows where the machine is (the way
from this kiosk to the nearest `certificate_machine` on the floor map), its hours (a site
setting, weekdays unless the site opens it at weekends, never on holidays), whether it is
open now and what it asks of the visitor; the visitor goes there or takes a ticket
anyway. Each choice is counted per site, service, day and choice, nothing about the
visitor, for the reports (reports/figures.py)."""

from __future__ import annotations

from ..infra.clock import iso, local_day
from ..infra.store import Store
from ..maps import wayfinding
from ..queue import QueueEngine
from ..queue.calendar import parse_working_hours
from ..queue.hours import WEEKDAYS, Schedule
from ..refusal import Refusal

CHOICES = ("machine", "ticket")
DEFAULT_HOURS = "09:00-18:00"
MACHINE_CATEGORY = "certificate_machine"


def machine_hours(settings: dict) -> tuple[str, bool]:
    """The machine's hours ("09:00-18:00") and whether it opens at weekends."""
    return settings.get("machine_hours") or DEFAULT_HOURS, bool(settings.get("machine_weekends"))


def machine_schedule(engine: QueueEngine, site: dict) -> Schedule:
    hours, weekends = machine_hours(site["settings"])
    spans = [[start.strftime("%H:%M"), "24:00" if end.hour == 23 and end.minute == 59
              else end.strftime("%H:%M")] for start, end in parse_working_hours(hours)]
    days = WEEKDAYS if weekends else WEEKDAYS[:5]
    week = {day: spans if day in days else [] for day in WEEKDAYS}
    # The site's holidays close the machine too (the building is shut).
    return engine.schedule({"hours": week}, site)


def offered(service: dict) -> bool:
    return bool(service["machine_issue"] or service["online_issue"])


def machine_guide(store: Store, engine: QueueEngine, device_id: int) -> dict:
    """What the kiosk shows about the machine: its hours, whether it is open now (and
    when it opens next), and the way there from this kiosk ({"missing": true} when the
    kiosk or the machine is not on the map)."""
    site = engine.site(wayfinding.site_of_device(store, device_id))
    hours, weekends = machine_hours(site["settings"])
    schedule = machine_schedule(engine, site)
    now = engine.clock.now()
    open_now = schedule.is_open(now)
    next_open = None if open_now else schedule.next_opening(now)
    try:
        way = wayfinding.nearest_amenity(store, device_id, MACHINE_CATEGORY)
    except Refusal as refusal:
        if refusal.status != 404:
            raise
        way = {"missing": True}
    return {"hours": hours, "weekends": weekends, "open_now": open_now,
            "next_open_at": iso(next_open, site["timezone"]) if next_open else None,
            "route": way}


def record_choice(store: Store, engine: QueueEngine, service_id: int, choice: str, *,
                  kiosk_site_id: int | None) -> None:
    """Count one visitor's choice for a service the machine or 정부24 issues, from a kiosk
    of the service's own site."""
    service = engine.service(service_id)
    if kiosk_site_id != service["site_id"]:
        raise Refusal("forbidden", "Choices come from this site's kiosks.", 403)
    if not offered(service):
        raise Refusal("not_self_service", "Neither the machine nor 정부24 issues this "
                      "service.", 409)
    site = engine.site(service["site_id"])
    day = local_day(engine.clock.now(), site["timezone"]).isoformat()
    with store.write() as tx:
        tx.execute("INSERT INTO self_service_choices (site_id, service_id, day, choice, count) "
                   "VALUES (?, ?, ?, ?, 1) ON CONFLICT (site_id, service_id, day, choice) "
                   "DO UPDATE SET count = self_service_choices.count + 1",
                   (service["site_id"], service_id, day, choice))
