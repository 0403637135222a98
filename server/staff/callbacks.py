"""Callbacks: a colleague records a promise that the officer in charge phones the visitor
back at an agreed time.

The visitor's phone number is kept only with their consent, shown masked to everyone but
the owner (who asks for it when calling back), and erased (set to NULL) once the callback
is done. It never enters the event log.
"""

from __future__ import annotations

from ..infra.clock import iso
from .. import audiences
from ..queue import QueueEngine, QueueError
from ..queue.errors import not_found
from ..infra.store import Store
from ..visitor.phones import format_phone, mask_phone, normalize_phone

PAST_LEEWAY_SECONDS = 5 * 60

def callback_view(row: dict, now: float) -> dict:
    return {
        "id": row["id"], "site_id": row["site_id"], "topic": row["topic"],
        "owner": {"id": row["owner_staff_id"], "name": row["owner_name"]},
        "created_by": {"id": row["created_by"], "name": row["creator_name"]},
        "phone_masked": mask_phone(row["phone"]),
        "promised_at": iso(row["promised_at"]),
        "overdue": row["status"] == "open" and row["promised_at"] < now,
        "status": row["status"], "note": row["note"],
        "created_at": iso(row["created_at"]), "done_at": iso(row["done_at"]),
    }


_SELECT = ("SELECT c.*, o.name AS owner_name, b.name AS creator_name FROM callbacks c "
           "JOIN staff o ON o.id = c.owner_staff_id JOIN staff b ON b.id = c.created_by ")


def get(q, callback_id: int) -> dict:
    row = q.one(_SELECT + "WHERE c.id = ?", (callback_id,))
    if row is None:
        raise not_found("callback", callback_id)
    return row


def listing(store: Store, where: str, params) -> list[dict]:
    return store.query(_SELECT + f"WHERE {where} ORDER BY c.status, c.promised_at, c.id", params)


def listed(store: Store, engine: QueueEngine, *, status: str, site_id: int | None = None,
           staff_id: int | None = None) -> list[dict]:
    """The callbacks `staff_id` owes or recorded, or else every one of `site_id`; `status`
    open, done or all. Views, their phones masked."""
    if staff_id is not None:
        where, params = "(c.owner_staff_id = ? OR c.created_by = ?)", [staff_id, staff_id]
    else:
        where, params = "c.site_id = ?", [site_id]
    if status != "all":
        where += " AND c.status = ?"
        params.append(status)
    now = engine.clock.now()
    return [callback_view(row, now) for row in listing(store, where, params)]


def _emit(tx, engine: QueueEngine, type_: str, row: dict) -> dict:
    view = callback_view(row, engine.clock.now())
    tx.append_event(type_, engine.clock.now(), row["site_id"],
                    audiences.people(row["owner_staff_id"], row["created_by"],
                                     site_id=row["site_id"]), {"callback": view})
    return view


def record(store: Store, engine: QueueEngine, *, owner: dict, created_by: int, topic: str,
           promised_at: float, phone: str | None, consent: bool) -> dict:
    """A new callback for `owner` (a staff row). A phone number needs the visitor's consent."""
    if owner["site_id"] is None:
        raise QueueError("invalid_owner", "A callback belongs to an officer of a site.", 422)
    if phone and not consent:
        raise QueueError("consent_required", "Keep a phone number only when the visitor "
                         "agreed to it for this callback: tick the consent box.", 422)
    digits = normalize_phone(phone) if phone else None
    now = engine.clock.now()
    # A few minutes' leeway: the time agreed with the visitor, written down just after.
    if promised_at < now - PAST_LEEWAY_SECONDS:
        raise QueueError("time_in_past", "The promised time has already passed.", 422)
    with store.write() as tx:
        callback_id = tx.insert("callbacks", {
            "site_id": owner["site_id"], "owner_staff_id": owner["id"], "created_by": created_by,
            "topic": topic, "phone": digits, "consent_at": now if digits else None,
            "promised_at": promised_at, "created_at": now})
        return _emit(tx, engine, "callback.created", get(tx, callback_id))


def phone_number(row: dict) -> str:
    """The number to call back, as people write it; a refusal once it is erased."""
    if row["phone"] is None:
        raise QueueError("no_phone", "No phone number is kept for this callback.", 404)
    return format_phone(row["phone"])


def complete(store: Store, engine: QueueEngine, callback_id: int, note: str | None) -> dict:
    """Done: the phone number is erased, not merely hidden."""
    with store.write() as tx:
        row = get(tx, callback_id)
        if row["status"] != "open":
            raise QueueError("wrong_status", "This callback is already done.")
        tx.execute("UPDATE callbacks SET status = 'done', phone = NULL, done_at = ?, note = ? "
                   "WHERE id = ?", (engine.clock.now(), note, callback_id))
        return _emit(tx, engine, "callback.done", get(tx, callback_id))
