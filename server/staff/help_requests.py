"""Help requests: a visitor taps *직원 호출* at a kiosk and the site's staff consoles are
alerted; a colleague answers that they are on their way (the kiosk says so) and closes the
request once the visitor was helped.

A request is open from the tap until it is closed; a second tap meanwhile is the same
request. Every step is one write transaction with its event (`help.requested`,
`help.acknowledged`, `help.closed`) to the site's staff, its supervisors, the admins and
the kiosk that asked.

A request's `kind` is `staff` (직원 호출) or `sign` (수어 통역 요청: a deaf visitor asks for
someone who signs; consoles mark it so, and the kiosk shows the site's video-relay number).
"""

from __future__ import annotations

import json

from ..infra.clock import iso
from ..infra.store import Store
from ..maps.wayfinding import kiosk_location
from .. import audiences
from ..queue import QueueEngine, QueueError
from ..queue.errors import not_found


def help_view(q, row: dict, device: dict) -> dict:
    """A request as consoles and the kiosk see it: where the visitor is, and since when.
    `location` is where the kiosk stands on the floor map, in words staff can walk to
    ("1층 민원실 근처 키오스크"); while it is not placed, the place written in its settings,
    else its floor and the device's name ("1층 kiosk-1f")."""
    config = json.loads(device["config"])
    floor = config.get("floor")
    location = kiosk_location(q, row["device_id"]) or config.get("place") or " ".join(
        part for part in (f"{floor}층" if floor is not None else "", device["name"]) if part)
    return {"id": row["id"], "kind": row["kind"], "device": device["name"], "floor": floor,
            "place": config.get("place", ""), "location": location,
            "requested_at": iso(row["requested_at"]),
            "acknowledged_at": iso(row["acknowledged_at"]),
            "closed_at": iso(row["closed_at"])}


def _device(q, device_id: int) -> dict:
    return q.one("SELECT * FROM devices WHERE id = ?", (device_id,))


def get(q, help_id: int) -> dict:
    row = q.one("SELECT * FROM help_requests WHERE id = ?", (help_id,))
    if row is None:
        raise not_found("help request", help_id)
    return row


KINDS = ("staff", "sign")


def request_help(store: Store, engine: QueueEngine, *, device_id: int, site_id: int,
                 kind: str = "staff") -> tuple[dict, bool]:
    """The kiosk's call for staff. Returns (the request's view, whether it is new): a
    second tap while help is on its way is the same request, and alerts nobody again;
    except that asking for sign interpreting while a plain call is open makes it a
    sign-interpreting request, and consoles are told again."""
    now = engine.clock.now()
    with store.write() as tx:
        existing = tx.one("SELECT * FROM help_requests WHERE device_id = ? AND closed_at IS NULL",
                          (device_id,))
        if existing and not (kind == "sign" and existing["kind"] != "sign"):
            return help_view(tx, existing, _device(tx, device_id)), False
        if existing:
            help_id = existing["id"]
            tx.execute("UPDATE help_requests SET kind = ? WHERE id = ?", (kind, help_id))
        else:
            help_id = tx.insert("help_requests", {"site_id": site_id, "device_id": device_id,
                                                  "requested_at": now, "kind": kind})
        view = help_view(tx, get(tx, help_id), _device(tx, device_id))
        tx.append_event("help.requested", now, site_id,
                        audiences.help_request(site_id, device_id), {"help_request": view})
    return view, True


def open_requests(store: Store, site_id: int) -> list[dict]:
    """A site's requests not yet closed, oldest first."""
    rows = store.query("SELECT h.*, d.name, d.config FROM help_requests h JOIN devices d "
                       "ON d.id = h.device_id WHERE h.site_id = ? AND h.closed_at IS NULL "
                       "ORDER BY h.requested_at", (site_id,))
    return [help_view(store, row, row) for row in rows]


def acknowledge(store: Store, engine: QueueEngine, help_id: int, staff_id: int) -> dict:
    """`staff_id` is on their way; the first to say so stays the one who answered."""
    return _step(store, engine, help_id, staff_id, closing=False)


def close(store: Store, engine: QueueEngine, help_id: int, staff_id: int) -> dict:
    """The visitor was helped (answered by whoever closes it, if nobody had yet)."""
    return _step(store, engine, help_id, staff_id, closing=True)


def _step(store: Store, engine: QueueEngine, help_id: int, staff_id: int, *,
          closing: bool) -> dict:
    now = engine.clock.now()
    with store.write() as tx:
        if get(tx, help_id)["closed_at"] is not None:
            raise QueueError("wrong_status", "This help request is already closed.")
        tx.execute("UPDATE help_requests SET acknowledged_at = coalesce(acknowledged_at, ?), "
                   "acknowledged_by = coalesce(acknowledged_by, ?) WHERE id = ?",
                   (now, staff_id, help_id))
        if closing:
            tx.execute("UPDATE help_requests SET closed_at = ? WHERE id = ?", (now, help_id))
        row = get(tx, help_id)
        view = help_view(tx, row, _device(tx, row["device_id"]))
        view["staff_name"] = tx.one("SELECT name FROM staff WHERE id = ?", (staff_id,))["name"]
        tx.append_event("help.closed" if closing else "help.acknowledged", now, row["site_id"],
                        audiences.help_request(row["site_id"], row["device_id"]),
                        {"help_request": view})
    return view
