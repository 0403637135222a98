"""The console's state for one officer: their counter, the visitor at it, the queue they
may call (in arrival order, the next one marked), tickets they set aside, and absent
colleagues' visitors offered to them."""

from __future__ import annotations

from ..infra.clock import iso
from ..queue import QueueEngine
from ..queue.errors import not_found
from ..infra.store import Store
from . import offers
from .views import person_view, ticket_view
from .settings import desk_settings


def counter_of(store: Store, staff_id: int) -> dict | None:
    """The counter where a staff member sits, with the services it serves, or None."""
    counter = store.one("SELECT id FROM counters WHERE staff_id = ?", (staff_id,))
    if counter is None:
        return None
    return {"id": counter["id"], "service_ids": [row["service_id"] for row in store.query(
        "SELECT service_id FROM counter_services WHERE counter_id = ?", (counter["id"],))]}


def staff_member(q, staff_id: int) -> dict:
    """An active staff account, or not_found."""
    row = q.one("SELECT * FROM staff WHERE id = ? AND active = 1", (staff_id,))
    if row is None:
        raise not_found("staff member", staff_id)
    return row


def desk_state(store: Store, engine: QueueEngine, staff_id: int) -> dict:
    me = staff_member(store, staff_id)
    row = store.one("SELECT id FROM counters WHERE staff_id = ?", (me["id"],))
    counter = engine.counter(row["id"]) if row else None
    state = {"me": person_view(me), "now": iso(engine.clock.now()), "counter": None,
             "current": None, "queue": [], "held": [], "offers": [],
             "settings": desk_settings(engine, me["site_id"]) if me["site_id"] else None}
    if counter:
        state.update(_at_counter(store, engine, counter, me["id"]))
    if me["site_id"]:
        state["offers"] = _offers(store, engine, me)
    return state


def _at_counter(store: Store, engine: QueueEngine, counter: dict, me: int) -> dict:
    current = engine.current_ticket(counter["id"])
    upcoming = engine.choose_next(counter, me)
    queue = [ticket_view(engine, t, next=upcoming is not None and t["id"] == upcoming["id"],
                         for_me=t["target_staff_id"] == me,
                         for_counter=t["target_counter_id"] == counter["id"])
             for t in engine.waiting_for_counter(counter, me)]
    site = engine.site(counter["site_id"])
    held = store.query("SELECT * FROM tickets WHERE counter_id = ? AND status = 'held' "
                       "AND day = ? ORDER BY arrival_at", (counter["id"], engine.today(site)))
    return {"counter": {**engine.describe_counter(counter),
                        "service_ids": counter["service_ids"]},
            "current": ticket_view(engine, current) if current else None,
            "queue": queue, "held": [ticket_view(engine, t) for t in held]}


def _offers(store: Store, engine: QueueEngine, me: dict) -> list[dict]:
    result = []
    for colleague in offers.absent_colleagues(store, me["site_id"], me["id"]):
        stranded = offers.stranded_tickets(store, engine, colleague)
        if stranded:
            result.append({"staff": person_view(colleague),
                           "tickets": [ticket_view(engine, t) for t in stranded]})
    return result
