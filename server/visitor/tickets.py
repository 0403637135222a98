"""A visitor's own ticket, found by the private code in its link (QR): what the phone
page shows, and the two things a visitor may do to it ("on my way back", cancel).

The code is the only credential, so every answer is about that one ticket and says
nothing a stranger could use: no ticket id, no other visitor, no officer's name."""

from __future__ import annotations

import json
import re

from ..maps.wayfinding import ticket_route
from ..queue import QueueEngine
from ..queue.engine import site_rooms
from ..queue.errors import QueueError
from ..infra.store import LANGUAGES
from . import ratings

# secrets.token_urlsafe(9) makes 12 characters; anything unlike a code is not looked up.
CODE = re.compile(r"^[A-Za-z0-9_-]{8,32}$")
RETURNABLE = ("waiting", "called", "held")
CANCELLABLE = ("waiting", "called", "held")


def gone() -> QueueError:
    return QueueError("not_found", "This ticket link has expired or does not exist.", 404)


def find(engine: QueueEngine, code: str, q=None) -> dict:
    """Today's ticket with this code. Other days' tickets are gone: a link expires at the
    end of the site's day, so an old photo of a ticket shows nothing."""
    if not CODE.match(code):
        raise gone()
    q = q or engine.store
    row = q.one("SELECT * FROM tickets WHERE public_code = ?", (code,))
    if row is None or row["day"] != engine.today(engine.site(row["site_id"], q)):
        raise gone()
    return row


def phone_view(engine: QueueEngine, row: dict) -> dict:
    """Everything the phone page shows, in one answer."""
    described = engine.describe(row)
    service = engine.service(row["service_id"])
    department = engine.store.one(
        "SELECT names, floor, room, phone FROM departments WHERE id = ?",
        (service["department_id"],))
    view = {
        "display_number": row["display_number"],
        "status": row["status"],
        "people_ahead": described.get("people_ahead"),
        "estimated_minutes": described.get("estimated_minutes"),
        "estimate": described.get("estimate"),  # the range the phone shows, and its reason
        "service_names": service["names"],
        "department": {**department, "names": json.loads(department["names"])},
        "counter": None,
        "returning": row["returning_at"] is not None,
        "can_return": row["status"] in RETURNABLE and row["returning_at"] is None,
        "can_cancel": row["status"] in CANCELLABLE,
        "rating": ratings.state(engine, row),
    }
    if row["status"] == "waiting":
        # The way from the kiosk that issued the ticket, as its screen and paper gave it.
        steps = ticket_route(engine.store, row["issued_by_device_id"], service["department_id"])
        view["way"] = [{lang: step[lang] for lang in LANGUAGES if step.get(lang)}
                       for step in steps or []]
    if row["counter_id"] and row["status"] in ("called", "serving", "held"):
        view["counter"] = engine.describe_counter(engine.counter(row["counter_id"]))
    return view


def mark_returning(engine: QueueEngine, code: str) -> dict:
    """The visitor stepped away and is coming back: staff see a flag on the ticket (and
    an event), so a called visitor is not marked no-show while walking back."""
    with engine.store.write() as tx:
        row = find(engine, code, tx)
        if row["status"] not in RETURNABLE:
            raise QueueError("wrong_status", "This ticket is no longer waiting.", 409,
                             status_now=row["status"])
        if row["returning_at"] is None:
            now = engine.clock.now()
            tx.execute("UPDATE tickets SET returning_at = ? WHERE id = ?", (now, row["id"]))
            row = {**row, "returning_at": now}
            rooms = [r for r in site_rooms(row["site_id"]) if not r.startswith("site:")]
            rooms.append(f"service:{row['service_id']}")
            for key in ("counter_id", "target_counter_id"):
                if row[key]:
                    rooms.append(f"counter:{row[key]}")
            if row["target_staff_id"]:
                rooms.append(f"staff:{row['target_staff_id']}")
            tx.append_event("ticket.returning", now, row["site_id"], rooms,
                            {"ticket": {**engine.describe(row, tx), "returning": True}})
    return row


def cancel(engine: QueueEngine, code: str) -> None:
    row = find(engine, code)
    if row["status"] not in CANCELLABLE:
        raise QueueError("wrong_status", "This ticket can no longer be cancelled.", 409,
                         status_now=row["status"])
    engine.cancel(row["id"])

