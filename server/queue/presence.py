"""Staff presence as visitors see it: the charter's nameplates and seat charts."""

from __future__ import annotations

from ..infra.clock import iso
from ..infra.store import Transaction

PUBLIC_STAFF_FIELDS = ("id", "name", "duty", "phone", "photo", "department_id", "presence")


def staff_view(row: dict) -> dict:
    """What the charter's real-name rule puts on a nameplate: never a visitor's data."""
    view = {k: row[k] for k in PUBLIC_STAFF_FIELDS}
    view["away_until"] = iso(row["away_until"]) if row["away_until"] else None
    view["counter_number"] = row.get("counter_number")
    return view


def announce_presence(tx: Transaction, staff_id: int, at: float,
                      left_counter_id: int | None = None) -> dict:
    """Append a `staff.presence` event for the site's screens, staff consoles and the
    officer's counter display (or the counter they just left)."""
    row = tx.one("SELECT s.*, c.number AS counter_number, c.id AS counter_id FROM staff s "
                 "LEFT JOIN counters c ON c.staff_id = s.id WHERE s.id = ?", (staff_id,))
    site_id = row["site_id"]
    rooms = [f"site:{site_id}", f"supervisors:{site_id}", "admins", f"staffsite:{site_id}"]
    for counter_id in {row["counter_id"], left_counter_id} - {None}:
        rooms.append(f"counter:{counter_id}")
    view = staff_view(row)
    tx.append_event("staff.presence", at, site_id, rooms,
                    {"staff": view, "counter_id": row["counter_id"] or left_counter_id})
    return view
