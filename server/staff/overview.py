"""The supervisor's view of a site: every counter and who is at it, people waiting and
the longest wait per service, staff presence and what needs attention."""

from __future__ import annotations

from ..infra.clock import iso
from ..queue import QueueEngine
from ..infra.store import Store
from . import alerts, appointments, callbacks
from .views import person_view
from .settings import desk_settings


def site_overview(store: Store, engine: QueueEngine, site_id: int) -> dict:
    site = engine.site(site_id)
    today, now = engine.today(site), engine.clock.now()
    staff = {r["id"]: r for r in store.query(
        "SELECT s.*, c.number AS counter_number FROM staff s "
        "LEFT JOIN counters c ON c.staff_id = s.id "
        "WHERE s.site_id = ? AND s.active = 1 ORDER BY s.department_id, s.id", (site_id,))}
    return {
        "site_id": site_id, "now": iso(now),
        "settings": desk_settings(engine, site_id),
        "counters": [_counter(engine, row["id"], staff) for row in store.query(
            "SELECT id FROM counters WHERE site_id = ? ORDER BY number", (site_id,))],
        "services": [_service(store, engine, row["id"], today) for row in store.query(
            "SELECT id FROM services WHERE site_id = ? AND active = 1 "
            "ORDER BY sort_order, id", (site_id,))],
        "staff": [person_view(row) for row in staff.values()],
        "alerts": {
            "waiting": [alerts.alert_view(t, now)
                        for t in alerts.overdue_waiting(store, engine, site_id)],
            "overdue_callbacks": [callbacks.callback_view(row, now) for row in callbacks.listing(
                store, "c.site_id = ? AND c.status = 'open' AND c.promised_at < ?",
                (site_id, now))],
            "missed_appointments": appointments.missed_today(store, engine, site_id),
        },
    }


def _counter(engine: QueueEngine, counter_id: int, staff: dict) -> dict:
    counter = engine.counter(counter_id)
    current = engine.current_ticket(counter_id)
    officer = staff.get(counter["staff_id"])
    return {**engine.describe_counter(counter), "open": officer is not None,
            "service_ids": counter["service_ids"],
            "officer": person_view(officer) if officer else None,
            "current": engine.describe(current) if current else None}


def _service(store: Store, engine: QueueEngine, service_id: int, today: str) -> dict:
    service = engine.service(service_id)
    oldest = store.one("SELECT min(arrival_at) AS at FROM tickets WHERE service_id = ? "
                       "AND day = ? AND status = 'waiting'", (service_id, today))["at"]
    counters = store.one(
        "SELECT count(*) AS n FROM counters c JOIN counter_services cs ON cs.counter_id = c.id "
        "JOIN staff s ON s.id = c.staff_id WHERE cs.service_id = ? AND s.presence = 'available'",
        (service_id,))["n"]
    return {**engine.queue_stats(service_id), "names": service["names"],
            "paused": bool(service["paused"]), "oldest_arrival_at": iso(oldest),
            "counters_available": counters}
