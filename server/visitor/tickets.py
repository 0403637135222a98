"""A visitor's own ticket, found by the private code in its link (QR): what the phone
page shows, and the two things a visitor may do to it ("on my way back", cancel).

The code is the only credential, so every answer is about that one ticket and says
nothing a stranger could use: no ticket id, no other visitor, no officer's name."""

from __future__ import annotations

import json
import re

from ..maps.wayfinding import ticket_route, ticket_route_map
from ..queue import QueueEngine
from ..queue.engine import LIFECYCLE, RETURNABLE
from ..queue.errors import QueueError
from ..infra.store import LANGUAGES
from . import ratings

# secrets.token_urlsafe(9) makes 12 characters; anything unlike a code is not looked up.
CODE = re.compile(r"^[A-Za-z0-9_-]{8,32}$")
CANCELLABLE = LIFECYCLE["cancel"]
# "On my way back" tells staff that a visitor who stepped away is coming: offered at once
# only when their turn is near (this few ahead, or called, or held); further back it is
# offered once the visitor has said they stepped away, never as the main thing to do
# while simply waiting.
RETURN_NEAR_AHEAD = 3


def return_offer(row: dict, people_ahead: int | None) -> str | None:
    """How the phone offers "on my way back": "now" (near the front), "after_away" (once
    the visitor says they stepped away), or None (not possible, or already said)."""
    if row["status"] not in RETURNABLE or row["returning_at"] is not None:
        return None
    if row["status"] in ("called", "held"):
        return "now"
    if people_ahead is not None and people_ahead <= RETURN_NEAR_AHEAD:
        return "now"
    return "after_away"


def gone() -> QueueError:
    return QueueError("not_found", "This ticket link has expired or does not exist.", 404)


def find(engine: QueueEngine, code: str) -> dict:
    """Today's ticket with this code. Other days' tickets are gone: a link expires at the
    end of the site's day, so an old photo of a ticket shows nothing."""
    if not CODE.match(code):
        raise gone()
    row = engine.store.one("SELECT * FROM tickets WHERE public_code = ?", (code,))
    if row is None or row["day"] != engine.today(engine.site(row["site_id"])):
        raise gone()
    return row


def phone_view(engine: QueueEngine, row: dict) -> dict:
    """Everything the phone page shows, in one answer."""
    described = engine.describe(row)
    service = engine.service(row["service_id"])
    department = engine.store.one(
        "SELECT names, floor, room, rooms, phone FROM departments WHERE id = ?",
        (service["department_id"],))
    offer = return_offer(row, described.get("people_ahead"))
    view = {
        "display_number": row["display_number"],
        "status": row["status"],
        "people_ahead": described.get("people_ahead"),
        "estimated_minutes": described.get("estimated_minutes"),
        "estimate": described.get("estimate"),  # the range the phone shows, and its reason
        "service_names": service["names"],
        # In full, per language: the page shows its own language, Korean where untranslated.
        "documents": service["documents"],
        "fee": service["fee"],
        "who_may_apply": service["who_may_apply"],
        "department": {**department, "names": json.loads(department["names"]),
                       "rooms": json.loads(department["rooms"])},
        "counter": None,
        "returning": row["returning_at"] is not None,
        "can_return": offer is not None,
        "return_offer": offer,
        "can_cancel": row["status"] in CANCELLABLE,
        "rating": ratings.state(engine, row),
        # The phone shows times on the site's clock, naming the zone when its own differs.
        "timezone": engine.site(row["site_id"])["timezone"],
    }
    if row["status"] == "waiting":
        # The way from the kiosk that issued the ticket, as its screen and paper gave it.
        steps = ticket_route(engine.store, row["issued_by_device_id"], service["department_id"])
        view["way"] = [{lang: step[lang] for lang in LANGUAGES if step.get(lang)}
                       for step in steps or []]
    if row["counter_id"] and row["status"] in ("called", "serving", "held"):
        view["counter"] = engine.describe_counter(engine.counter(row["counter_id"]))
    return view


def route_map(engine: QueueEngine, code: str) -> dict:
    """The map of the way from the kiosk that issued the ticket to its office (the
    kiosk's own drawing: one plan per floor walked on), while the ticket waits."""
    row = find(engine, code)
    service = engine.service(row["service_id"])
    drawing = row["status"] == "waiting" and ticket_route_map(
        engine.store, row["issued_by_device_id"], service["department_id"])
    if not drawing:
        raise QueueError("not_on_map", "The map has no way to this ticket's office.", 404)
    return {"drawing": drawing}


def mark_returning(engine: QueueEngine, code: str) -> dict:
    """"I am on my way back" (QueueEngine.mark_returning). Returns the ticket's row."""
    return engine.mark_returning(find(engine, code)["id"])


def rate(engine: QueueEngine, code: str, score: int, reasons: list[str]) -> dict:
    """The visitor rates the handling of their finished ticket (once)."""
    return ratings.record(engine, find(engine, code), score, reasons, channel="phone")


def cancel(engine: QueueEngine, code: str) -> dict:
    """The visitor cancels their own ticket. Returns the ticket's row."""
    row = find(engine, code)
    if row["status"] not in CANCELLABLE:
        raise QueueError("wrong_status", "This ticket can no longer be cancelled.", 409,
                         status_now=row["status"])
    engine.cancel(row["id"])
    return engine.ticket(row["id"])

