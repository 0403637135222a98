"""Staff presence as visitors see it: the charter's nameplates and seat charts."""

from __future__ import annotations

import json

from ..infra.clock import iso
from ..infra.store import Store, Transaction
from .. import audiences

PUBLIC_STAFF_FIELDS = ("id", "name", "duty", "phone", "photo", "department_id", "presence")
# The duty in every kiosk language, {lang: text} (its Korean is `duty`).
TRANSLATED_STAFF_FIELDS = ("duties",)


def staff_view(row: dict) -> dict:
    """What the charter's real-name rule puts on a nameplate: never a visitor's data."""
    view = {k: row[k] for k in PUBLIC_STAFF_FIELDS}
    view.update({k: json.loads(row[k]) for k in TRANSLATED_STAFF_FIELDS})
    view["away_until"] = iso(row["away_until"]) if row["away_until"] else None
    view["counter_number"] = row.get("counter_number")
    return view


def public_staff(store: Store, site_id: int, department_id: int | None = None) -> list[dict]:
    """The nameplates of a site (or of one of its departments): active staff who serve
    visitors, with their counter, by department."""
    where, params = "s.site_id = ?", [site_id]
    if department_id:
        where += " AND s.department_id = ?"
        params.append(department_id)
    rows = store.query(
        "SELECT s.*, c.number AS counter_number FROM staff s "
        "LEFT JOIN counters c ON c.staff_id = s.id "
        f"WHERE s.active = 1 AND s.role != 'admin' AND {where} ORDER BY s.department_id, s.id",
        params)
    return [staff_view(row) for row in rows]


def set_presence(store: Store, staff_id: int, presence: str, away_until: float | None,
                 at: float) -> dict:
    """An officer says they are available, away (back at `away_until`, if they said) or
    closed; screens and consoles are told in the same transaction."""
    with store.write() as tx:
        tx.execute("UPDATE staff SET presence = ?, away_until = ? WHERE id = ?",
                   (presence, away_until if presence == "away" else None, staff_id))
        return announce_presence(tx, staff_id, at)


def announce_presence(tx: Transaction, staff_id: int, at: float,
                      left_counter_id: int | None = None) -> dict:
    """Append a `staff.presence` event for the site's screens, staff consoles and the
    officer's counter display (or the counter they just left)."""
    row = tx.one("SELECT s.*, c.number AS counter_number, c.id AS counter_id FROM staff s "
                 "LEFT JOIN counters c ON c.staff_id = s.id WHERE s.id = ?", (staff_id,))
    site_id = row["site_id"]
    rooms = audiences.whole_site(site_id)
    for counter_id in {row["counter_id"], left_counter_id} - {None}:
        rooms.append(audiences.counter(counter_id))
    view = staff_view(row)
    tx.append_event("staff.presence", at, site_id, rooms,
                    {"staff": view, "counter_id": row["counter_id"] or left_counter_id})
    return view
