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


def stranded_tickets(store: Store, engine: QueueEngine, officer: dict) -> list[dict]:
    if officer["site_id"] is None:
        return []
    counter = store.one("SELECT id FROM counters WHERE staff_id = ?", (officer["id"],))
    return store.query(
        "SELECT t.* FROM tickets t WHERE t.site_id = :site AND t.day = :day "
        "AND t.status = 'waiting' AND (t.target_staff_id = :officer "
        "  OR (:counter IS NOT NULL AND (t.target_counter_id = :counter "
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
         "counter": counter["id"] if counter else None,
         "day": engine.today(engine.site(officer["site_id"]))})


def absent_colleagues(store: Store, site_id: int, me: int) -> list[dict]:
    return store.query("SELECT * FROM staff WHERE site_id = ? AND id != ? AND active = 1 "
                       "AND presence != 'available' ORDER BY id", (site_id, me))


def take_over(engine: QueueEngine, tickets: list[dict], taker_id: int) -> list[dict]:
    taken = []
    for ticket in tickets:
        try:
            taken.append(engine.transfer(ticket["id"], staff_id=taker_id))
        except QueueError as error:
            if error.code != "wrong_status":
                raise  # called meanwhile by someone else: that visitor is being served
    return taken
