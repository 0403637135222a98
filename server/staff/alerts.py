"""Visitor first: a visitor left waiting longer than the site's `supervisor_alert_minutes`
becomes the supervisor's concern too. Each such ticket raises one `alert.waiting` event,
in the desk watch's periodic check (see watch.py); the supervisor view lists
`overdue_waiting` itself, so it never waits for the check."""

from __future__ import annotations

from ..infra.clock import iso
from .. import audiences
from ..queue import QueueEngine
from ..infra.store import Store
from .settings import desk_settings


# A visitor who checked in early for an appointment waits from its agreed time on.
# The later of arrival and appointment (a CASE, not SQLite's scalar max(): both stores).
_WAITING_SINCE = ("CASE WHEN t.appointment_at > t.arrival_at THEN t.appointment_at "
                  "ELSE t.arrival_at END")


def overdue_waiting(store: Store, engine: QueueEngine, site_id: int, q=None) -> list[dict]:
    """Today's tickets still waiting past the alert time, longest wait first."""
    q = q or store
    minutes = desk_settings(engine, site_id, q)["supervisor_alert_minutes"]
    now = engine.clock.now()
    return q.query(
        f"SELECT t.*, {_WAITING_SINCE} AS waiting_since, a.raised_at FROM tickets t "
        "LEFT JOIN wait_alerts a ON a.ticket_id = t.id "
        f"WHERE t.site_id = ? AND t.day = ? AND t.status = 'waiting' AND {_WAITING_SINCE} <= ? "
        "ORDER BY waiting_since, t.id",
        (site_id, engine.today(engine.site(site_id, q)), now - minutes * 60))


def alert_view(ticket: dict, now: float) -> dict:
    return {"ticket_id": ticket["id"], "display_number": ticket["display_number"],
            "service_id": ticket["service_id"], "arrived_at": iso(ticket["arrival_at"]),
            "waited_minutes": int((now - ticket["waiting_since"]) // 60)}


def raise_waiting_alerts(store: Store, engine: QueueEngine, site_id: int) -> list[dict]:
    """Alert the supervisors about tickets that crossed the alert time since the last check."""
    if not any(t["raised_at"] is None for t in overdue_waiting(store, engine, site_id)):
        return []  # the usual case, checked without taking the write lock
    with store.write() as tx:
        fresh = [t for t in overdue_waiting(store, engine, site_id, tx) if t["raised_at"] is None]
        now = engine.clock.now()
        for ticket in fresh:
            tx.insert("wait_alerts", {"ticket_id": ticket["id"], "site_id": site_id,
                                      "raised_at": now})
        alerts = [alert_view(t, now) for t in fresh]
        if alerts:
            tx.append_event("alert.waiting", now, site_id,
                            audiences.overseers(site_id),
                            {"alerts": alerts, "minutes": desk_settings(
                                engine, site_id, tx)["supervisor_alert_minutes"]})
        return alerts
