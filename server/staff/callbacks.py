"""Callbacks: a colleague records a promise that the officer in charge phones the visitor
back at an agreed time.

The visitor's phone number is kept only with their consent, shown masked to everyone but
the owner (who asks for it when calling back), and erased (set to NULL) once the callback
is done. It never enters the event log.
"""

from __future__ import annotations

import re

from ..infra.clock import iso
from ..queue import QueueEngine, QueueError
from ..queue.errors import not_found
from ..infra.store import Store

PAST_LEEWAY_SECONDS = 5 * 60

# Korean numbers: mobile 010-1234-5678, Seoul 02-123-4567, regions 041-350-3524.
_PHONE = re.compile(r"^0\d{8,10}$")
_MOBILE = re.compile(r"^01[016789]\d{7,8}$")   # what can receive a text message


def normalize_phone(raw: str, *, mobile: bool = False) -> str:
    """The digits of a Korean phone number (a mobile one when `mobile`), or a refusal."""
    digits = re.sub(r"[\s().-]", "", raw)
    if mobile and not _MOBILE.match(digits):
        raise QueueError("invalid_phone", "A mobile phone number is 10 or 11 digits starting "
                         "with 010 (or 011, 016-019), e.g. 010-1234-5678.", 422)
    if not _PHONE.match(digits):
        raise QueueError("invalid_phone", "A phone number is 9 to 11 digits starting with 0, "
                         "e.g. 010-1234-5678.", 422)
    return digits


def _groups(digits: str) -> tuple[str, str, str]:
    head = 2 if digits.startswith("02") else 3
    return digits[:head], digits[head:-4], digits[-4:]


def format_phone(digits: str) -> str:
    return "-".join(_groups(digits))


def mask_phone(digits: str | None) -> str | None:
    """010-****-5678: enough to recognise, not enough to dial."""
    if not digits:
        return None
    head, middle, tail = _groups(digits)
    return f"{head}-{'*' * len(middle)}-{tail}"


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


def _rooms(row: dict) -> list[str]:
    return sorted({f"staff:{row['owner_staff_id']}", f"staff:{row['created_by']}",
                   f"supervisors:{row['site_id']}", "admins"})


def _emit(tx, engine: QueueEngine, type_: str, row: dict) -> dict:
    view = callback_view(row, engine.clock.now())
    tx.append_event(type_, engine.clock.now(), row["site_id"], _rooms(row), {"callback": view})
    return view


def record(store: Store, engine: QueueEngine, *, owner: dict, created_by: int, topic: str,
           promised_at: float, phone: str | None, consent: bool) -> dict:
    """A new callback for `owner` (a staff row). A phone number needs the visitor's consent."""
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


def complete(store: Store, engine: QueueEngine, callback_id: int, note: str | None) -> dict:
    """Done: the phone number is erased, not merely hidden."""
    with store.write() as tx:
        row = get(tx, callback_id)
        if row["status"] != "open":
            raise QueueError("wrong_status", "This callback is already done.")
        tx.execute("UPDATE callbacks SET status = 'done', phone = NULL, done_at = ?, note = ? "
                   "WHERE id = ?", (engine.clock.now(), note, callback_id))
        return _emit(tx, engine, "callback.done", get(tx, callback_id))
