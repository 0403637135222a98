"""The waiting counts the triggers keep (m015_waiting_counts) always equal a count of the
waiting tickets, whatever happens to the tickets, and people ahead agrees with a count."""

from __future__ import annotations

import random

from server.queue import QueueError


def counted(store) -> dict:
    return {(r["service_id"], r["day"], r["priority"]): r["n"] for r in store.query(
        "SELECT service_id, day, priority, count(*) AS n FROM tickets "
        "WHERE status = 'waiting' GROUP BY 1, 2, 3")}


def kept(store) -> dict:
    return {(r["service_id"], r["day"], r["priority"]): r["waiting"]
            for r in store.query("SELECT * FROM waiting_counts WHERE waiting != 0")}


def ahead_by_count(store, ticket) -> int:
    return store.one(
        "SELECT count(*) AS n FROM tickets WHERE service_id = ? AND day = ? "
        "AND status = 'waiting' AND id != ? AND (priority > ? OR (priority = ? "
        "AND (arrival_at < ? OR (arrival_at = ? AND id < ?))))",
        (ticket["service_id"], ticket["day"], ticket["id"], ticket["priority"],
         ticket["priority"], ticket["arrival_at"], ticket["arrival_at"], ticket["id"]))["n"]


def test_counts_follow_every_change_of_a_ticket(engine, store, clock):
    rng = random.Random(11)
    counter = engine.counter(1)
    services = counter["service_ids"]
    priority_services = [s for s in services if engine.service(s)["priority_enabled"]]
    engine.open_counter(1, counter["staff_id"] or 1) if counter["staff_id"] is None else None
    actions = ["issue"] * 4 + ["call_next", "finish", "no_show", "cancel", "hold", "call",
                               "transfer", "delete"]
    done = set()
    for step in range(300):
        clock.advance(rng.uniform(1, 30))
        action = rng.choice(actions)
        tickets = store.query("SELECT * FROM tickets")
        if not tickets and action not in ("issue", "call_next"):
            continue  # nothing to act on yet: not counted as done
        try:
            if action == "issue":
                service = rng.choice(services)
                engine.issue(service, priority=service in priority_services and rng.random() < .3)
            elif action == "call_next":
                engine.call_next(1)
            elif action == "delete":  # the nightly purge removes old tickets
                with store.write() as tx:
                    tx.execute("DELETE FROM print_jobs WHERE ticket_id = ?", (tickets[0]["id"],))
                    tx.execute("DELETE FROM tickets WHERE id = ?", (tickets[0]["id"],))
            elif action == "transfer":
                engine.transfer(rng.choice(tickets)["id"], service_id=rng.choice(services))
            elif action == "call":
                engine.call(1, rng.choice(tickets)["id"])
            else:
                getattr(engine, action)(rng.choice(tickets)["id"])
            done.add(action)
        except QueueError:
            pass  # not allowed in the ticket's state: nothing changed
        assert kept(store) == counted(store), (step, action)
    assert done == set(actions), "every kind of change happened at least once"
    waiting = store.query("SELECT * FROM tickets WHERE status = 'waiting'")
    assert waiting, "the walk should leave some visitors waiting"
    for ticket in waiting:
        assert engine.people_ahead(ticket) == ahead_by_count(store, ticket)
