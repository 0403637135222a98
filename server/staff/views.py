"""How the consoles see staff and tickets: presence for colleagues, and each waiting
ticket with when the visitor arrived, so that the page can count their wait live."""

from __future__ import annotations

from ..infra.clock import iso
from ..queue import QueueEngine
from ..queue.engine import allowed_actions


def person_view(row: dict) -> dict:
    return {"id": row["id"], "name": row["name"], "role": row["role"],
            "department_id": row["department_id"], "presence": row["presence"],
            "away_until": iso(row["away_until"]),
            "counter_number": row.get("counter_number")}


def ticket_view(engine: QueueEngine, ticket: dict, q=None, **marks) -> dict:
    """The public ticket view plus when its visitor arrived (kept on transfer) and the
    actions its status allows, which the console offers and nothing more."""
    return {**engine.describe(ticket, q), "arrived_at": iso(ticket["arrival_at"]),
            "allowed": allowed_actions(ticket), **marks}
