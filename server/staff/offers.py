"""An away officer's visitors, offered to colleagues (the charter: if the officer in
charge is away, a colleague handles it).

A visitor is stranded with an officer who is not available when the ticket is reserved
for them or their counter, or when it waits for a service of their counter that no
available colleague's counter takes. A colleague who takes over gets those tickets
transferred to them, each keeping its place.
"""

from __future__ import annotations

from ..queue import QueueEngine, QueueError
from ..infra.store import Store


def _counter_id(store: Store, staff_id: int) -> int | None:
    row = store.one("SELECT id FROM counters WHERE staff_id = ?", (staff_id,))
    return row["id"] if row else None


def stranded_tickets(store: Store, engine: QueueEngine, officer: dict) -> list[dict]:
    if officer["site_id"] is None:
        return []
    counter = _counter_id(store, officer["id"])
    # CAST: PostgreSQL must know the type of a parameter that is only tested for NULL.
    return store.query(
        "SELECT t.* FROM tickets t WHERE t.site_id = :site AND t.day = :day "
        "AND t.status = 'waiting' AND (t.target_staff_id = :officer "
        "  OR (CAST(:counter AS INTEGER) IS NOT NULL AND (t.target_counter_id = :counter "
        "      OR (t.target_counter_id IS NULL AND t.target_staff_id IS NULL "
        "          AND t.service_id IN (SELECT service_id FROM counter_services "
        "                               WHERE counter_id = :counter) "
        "          AND t.service_id NOT IN ("
        "              SELECT cs.service_id FROM counter_services cs "
        "              JOIN counters c ON c.id = cs.counter_id "
        "              JOIN staff s ON s.id = c.staff_id "
        "              WHERE s.presence = 'available' AND s.id != :officer))))) "
        "ORDER BY t.arrival_at, t.id",
        {"site": officer["site_id"], "officer": officer["id"],
         "counter": counter,
         "day": engine.today(engine.site(officer["site_id"]))})


def absent_colleagues(store: Store, site_id: int, me: int) -> list[dict]:
    return store.query("SELECT * FROM staff WHERE site_id = ? AND id != ? AND active = 1 "
                       "AND presence != 'available' ORDER BY id", (site_id, me))


def take_over(store: Store, engine: QueueEngine, officer: dict, taker_id: int) -> list[dict]:
    """`taker_id` takes the visitors stranded with `officer` (a staff row), each keeping
    its place; the tickets as transferred."""
    if officer["site_id"] is None:
        raise QueueError("nothing_to_take_over", "This account serves no visitors.")
    if officer["id"] == taker_id:
        raise QueueError("own_visitors", "These are your own visitors.", 422)
    if officer["presence"] == "available":
        raise QueueError("officer_available",
                         f"{officer['name']} is available: their visitors are theirs.")
    if _counter_id(store, taker_id) is None:
        raise QueueError("no_counter", "Take a counter first, to call the visitors you take.")
    stranded = stranded_tickets(store, engine, officer)
    if not stranded:
        raise QueueError("nothing_to_take_over", f"Nobody is waiting for {officer['name']}.")
    taken = []
    for ticket in stranded:
        try:
            taken.append(engine.transfer(ticket["id"], staff_id=taker_id))
        except QueueError as error:
            if error.code != "wrong_status":
                raise  # called meanwhile by someone else: that visitor is being served
    return taken
