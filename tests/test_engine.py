"""The queue engine's rules, one by one, on the sample lobby with a fixed clock."""

from __future__ import annotations

import json
import threading
from datetime import datetime

import pytest

from server.queue import QueueError
from server.queue.estimate import expected_service_minutes
from tests.conftest import SEOUL, STORES


@pytest.fixture(params=STORES)
def store_kind(request) -> str:
    """Every rule holds on both stores."""
    return request.param

# Counter 1 serves 주민등록 등·초본, 인감증명 and 가족관계 증명; counter 4 serves 여권.


def issue(engine, service_id, **kwargs):
    ticket, _ = engine.issue(service_id, **kwargs)
    return ticket


def events(store, since=0):
    return [dict(r, rooms=json.loads(r["rooms"]), data=json.loads(r["data"]))
            for r in store.query("SELECT * FROM events WHERE seq > ? ORDER BY seq", (since,))]


def test_letter_numbers_count_up_per_service(engine, service_ids):
    resident, seal = service_ids["주민등록 등·초본"], service_ids["인감증명"]
    assert [issue(engine, resident)["display_number"] for _ in range(3)] == ["A-001", "A-002", "A-003"]
    assert issue(engine, seal)["display_number"] == "B-001"


def test_block_numbers_for_visitors_who_read_no_latin_letters(engine, service_ids):
    passport = service_ids["여권"]
    assert [issue(engine, passport)["display_number"] for _ in range(2)] == ["2001", "2002"]


def test_numbers_start_again_at_local_midnight(engine, clock, service_ids):
    resident = service_ids["주민등록 등·초본"]
    clock.set(datetime(2026, 12, 1, 23, 59, tzinfo=SEOUL))
    issue(engine, resident)
    late = issue(engine, resident)
    clock.advance(120)  # 00:01 in Seoul, still 15:01 the day before in UTC
    early = issue(engine, resident)
    assert (late["display_number"], late["day"]) == ("A-002", "2026-12-01")
    assert (early["display_number"], early["day"]) == ("A-001", "2026-12-02")


def test_call_next_follows_arrival_order(engine, service_ids):
    resident, seal = service_ids["주민등록 등·초본"], service_ids["인감증명"]
    first, second = issue(engine, seal), issue(engine, resident)
    called = engine.call_next(1)
    assert called["id"] == first["id"] and called["status"] == "called"
    engine.finish(called["id"])
    assert engine.call_next(1)["id"] == second["id"]


def test_counter_only_calls_its_own_services(engine, service_ids):
    issue(engine, service_ids["여권"])
    with pytest.raises(QueueError) as refused:
        engine.call_next(1)
    assert refused.value.code == "nobody_waiting" and refused.value.status == 409


def test_due_appointment_goes_first_then_priority_then_arrival(engine, clock, service_ids):
    resident = service_ids["주민등록 등·초본"]
    normal = issue(engine, resident)
    priority = issue(engine, resident, priority=True)
    later_appointment = issue(engine, resident, appointment_at=clock.now() + 3600)
    due_appointment = issue(engine, resident, appointment_at=clock.now() + 60)
    order = []
    for _ in range(4):
        ticket = engine.call_next(1)
        order.append(ticket["id"])
        engine.finish(ticket["id"])
    assert order == [due_appointment["id"], priority["id"], normal["id"], later_appointment["id"]]


def test_normal_visitors_are_not_skipped_forever(engine, service_ids):
    resident = service_ids["주민등록 등·초본"]
    normal = issue(engine, resident)
    priorities = [issue(engine, resident, priority=True) for _ in range(5)]
    called = []
    for _ in range(6):
        ticket = engine.call_next(1)
        called.append(ticket["id"])
        engine.finish(ticket["id"])
    # At most three priority tickets in a row (the sample setting), then the normal one.
    assert called == [p["id"] for p in priorities[:3]] + [normal["id"]] + [p["id"] for p in priorities[3:]]


def test_priority_refused_where_the_service_has_none(engine, store, service_ids):
    resident = service_ids["주민등록 등·초본"]
    with store.write() as tx:
        tx.execute("UPDATE services SET priority_enabled = 0 WHERE id = ?", (resident,))
    with pytest.raises(QueueError) as refused:
        engine.issue(resident, priority=True)
    assert refused.value.code == "priority_not_offered"


def test_recall_counts_and_no_show_ends_the_ticket(engine, service_ids):
    ticket = issue(engine, service_ids["인감증명"])
    engine.call_next(1)
    assert engine.recall(ticket["id"])["recall_count"] == 1
    assert engine.recall(ticket["id"])["recall_count"] == 2
    assert engine.no_show(ticket["id"])["status"] == "no_show"
    assert engine.current_ticket(1) is None


def test_a_busy_counter_must_finish_before_calling_again(engine, service_ids):
    for _ in range(2):
        issue(engine, service_ids["인감증명"])
    current = engine.call_next(1)
    with pytest.raises(QueueError) as refused:
        engine.call_next(1)
    assert refused.value.code == "counter_busy" and current["display_number"] in refused.value.message


def test_lifecycle_refuses_impossible_steps_and_changes_nothing(engine, store, service_ids):
    ticket = issue(engine, service_ids["인감증명"])
    before = store.one("SELECT * FROM tickets WHERE id = ?", (ticket["id"],))
    seq_before = store.one("SELECT max(seq) AS s FROM events")["s"]
    for step in (engine.start, engine.finish, engine.no_show, engine.recall, engine.hold):
        with pytest.raises(QueueError) as refused:
            step(ticket["id"])
        assert refused.value.code == "wrong_status"
    assert store.one("SELECT * FROM tickets WHERE id = ?", (ticket["id"],)) == before
    assert store.one("SELECT max(seq) AS s FROM events")["s"] == seq_before


def test_start_then_finish_records_times_and_outcome(engine, clock, service_ids):
    ticket = issue(engine, service_ids["인감증명"])
    engine.call_next(1)
    clock.advance(30)
    engine.start(ticket["id"])
    clock.advance(240)
    done = engine.finish(ticket["id"], outcome="resolved", note="발급 완료")
    row = engine.ticket(ticket["id"])
    assert done["status"] == "done"
    assert row["started_at"] - row["called_at"] == 30 and row["finished_at"] - row["started_at"] == 240
    assert (row["outcome"], row["note"]) == ("resolved", "발급 완료")


def test_hold_frees_the_counter_and_return_calls_the_visitor_back(engine, service_ids):
    seal = service_ids["인감증명"]
    held, other = issue(engine, seal), issue(engine, seal)
    engine.call_next(1)
    assert engine.hold(held["id"])["status"] == "held"
    assert engine.call_next(1)["id"] == other["id"]  # the counter serves someone else meanwhile
    engine.finish(other["id"])
    back = engine.call(1, held["id"])
    assert back["status"] == "called" and back["counter_id"] == 1


def test_return_calls_back_only_a_held_ticket_and_asks_who_may_at_its_counter(
        engine, store, service_ids):
    ticket = issue(engine, service_ids["인감증명"])
    with pytest.raises(QueueError) as waiting:
        engine.return_held(ticket["id"])
    assert waiting.value.code == "wrong_status"
    engine.call_next(1)
    engine.hold(ticket["id"])
    asked = []

    def refuse(counter):
        asked.append(counter["id"])
        raise QueueError("forbidden", "Not your counter.", 403)
    seq = store.one("SELECT max(seq) AS seq FROM events")["seq"]
    with pytest.raises(QueueError):
        engine.return_held(ticket["id"], authorise=refuse)
    assert asked == [1]     # the counter that set the visitor aside
    assert engine.ticket(ticket["id"])["status"] == "held" and events(store, seq) == []
    back = engine.return_held(ticket["id"], authorise=asked.append)
    assert back["status"] == "called" and back["counter_id"] == 1


def test_on_my_way_back_is_one_event_for_staff_and_not_for_public_screens(
        engine, store, service_ids):
    seal = service_ids["인감증명"]
    ticket = issue(engine, seal)
    seq = store.one("SELECT max(seq) AS seq FROM events")["seq"]
    assert engine.mark_returning(ticket["id"])["returning_at"] is not None
    engine.mark_returning(ticket["id"])     # said twice: nothing more happens
    [event] = events(store, seq)
    assert event["type"] == "ticket.returning" and event["data"]["ticket"]["returning"]
    assert f"service:{seal}" in event["rooms"] and "supervisors:1" in event["rooms"]
    assert "site:1" not in event["rooms"]
    engine.call_next(1)
    engine.finish(ticket["id"])
    with pytest.raises(QueueError) as done:
        engine.mark_returning(ticket["id"])
    assert done.value.code == "wrong_status"


def test_a_read_transaction_sees_the_database_as_of_one_moment(engine, store, service_ids):
    def count() -> int:
        return store.one("SELECT count(*) AS n FROM tickets")["n"]
    with store.read():
        before = count()
        elsewhere = threading.Thread(target=issue, args=(engine, service_ids["인감증명"]))
        elsewhere.start()
        elsewhere.join()
        assert count() == before    # committed meanwhile by another connection
    assert count() == before + 1


def test_transfer_to_another_service_keeps_the_visitors_place(engine, clock, service_ids):
    seal, passport = service_ids["인감증명"], service_ids["여권"]
    moved = issue(engine, seal)
    clock.advance(60)
    arrived_later = issue(engine, passport)
    engine.call_next(1)
    clock.advance(300)
    transferred = engine.transfer(moved["id"], service_id=passport)
    assert transferred["status"] == "waiting"
    assert transferred["display_number"] == moved["display_number"]  # same paper ticket
    assert transferred["transferred_from_service_id"] == seal
    assert transferred["people_ahead"] == 0  # ahead of the passport visitor who came later
    assert engine.call_next(4)["id"] == moved["id"]
    assert engine.people_ahead(engine.ticket(arrived_later["id"])) == 0


def test_transfer_to_a_counter_reaches_only_that_counter(engine, service_ids):
    seal = service_ids["인감증명"]
    ticket = issue(engine, seal)
    engine.transfer(ticket["id"], counter_id=2)
    with pytest.raises(QueueError):
        engine.call_next(1)
    assert engine.call_next(2)["id"] == ticket["id"]


def test_call_a_chosen_ticket_out_of_order(engine, service_ids):
    seal = service_ids["인감증명"]
    first, chosen = issue(engine, seal), issue(engine, seal)
    assert engine.call(1, chosen["id"])["id"] == chosen["id"]
    engine.finish(chosen["id"])
    assert engine.call_next(1)["id"] == first["id"]
    with pytest.raises(QueueError) as refused:
        engine.call(4, issue(engine, seal)["id"])
    assert refused.value.code == "not_for_this_counter"


def test_cancel_takes_a_ticket_out_of_the_queue(engine, service_ids):
    seal = service_ids["인감증명"]
    cancelled, kept = issue(engine, seal), issue(engine, seal)
    engine.cancel(cancelled["id"])
    assert engine.describe(engine.ticket(kept["id"]))["people_ahead"] == 0
    assert engine.call_next(1)["id"] == kept["id"]


# ---- opening hours, holidays, caps ----------------------------------------------------

def branch_service(store):
    return store.one("SELECT id FROM services WHERE site_id = 2 ORDER BY id")["id"]


@pytest.mark.parametrize("moment, reason, next_open", [
    (datetime(2026, 12, 5, 11, 0), "outside_hours", "2026-12-07T09:00:00+09:00"),  # Saturday
    (datetime(2026, 12, 1, 18, 30), "outside_hours", "2026-12-02T09:00:00+09:00"),
    (datetime(2026, 12, 1, 8, 59), "outside_hours", "2026-12-01T09:00:00+09:00"),
    (datetime(2026, 12, 25, 10, 0), "holiday", "2026-12-28T09:00:00+09:00"),     # Christmas
])
def test_closed_hours_and_holidays_refuse_with_the_next_opening(
        engine, clock, store, moment, reason, next_open):
    clock.set(moment.replace(tzinfo=SEOUL))
    with pytest.raises(QueueError) as refused:
        engine.issue(branch_service(store))
    assert refused.value.code == "service_closed"
    assert refused.value.details == {"reason": reason, "next_open_at": next_open}
    assert store.one("SELECT count(*) AS n FROM tickets")["n"] == 0


def test_open_hours_issue(engine, clock, store):
    clock.set(datetime(2026, 12, 1, 17, 59, tzinfo=SEOUL))
    assert engine.issue(branch_service(store))[1] is True


def test_daily_cap_refuses_until_the_next_day(engine, clock, store, service_ids):
    passport = service_ids["여권"]
    with store.write() as tx:
        tx.execute("UPDATE services SET daily_cap = 2 WHERE id = ?", (passport,))
    issue(engine, passport)
    issue(engine, passport)
    with pytest.raises(QueueError) as refused:
        engine.issue(passport)
    assert refused.value.details["reason"] == "cap_reached"
    assert refused.value.details["next_open_at"] == "2026-12-02T00:00:00+09:00"
    clock.advance(86400)
    assert issue(engine, passport)["display_number"] == "2001"


def test_paused_service_refuses(engine, store, service_ids):
    seal = service_ids["인감증명"]
    with store.write() as tx:
        tx.execute("UPDATE services SET paused = 1 WHERE id = ?", (seal,))
    with pytest.raises(QueueError) as refused:
        engine.issue(seal)
    assert refused.value.details["reason"] == "paused"


# ---- wait estimates -------------------------------------------------------------------

def test_estimate_shrinks_few_visits_towards_the_configured_default():
    assert expected_service_minutes([], 5) == 5
    one_long = expected_service_minutes([20 * 60], 5)
    assert 5 < one_long < 20
    many_quick = expected_service_minutes([120] * 30, 5)
    assert many_quick == pytest.approx((30 * 2 + 3 * 5) / 33)


def test_estimate_learns_from_recent_service_times(engine, clock, service_ids):
    seal = service_ids["인감증명"]  # configured at 5 minutes; counters 1 and 2 serve it
    for _ in range(12):
        ticket = issue(engine, seal)
        engine.call_next(1)
        clock.advance(60)  # every visit takes one minute
        engine.finish(ticket["id"])
    for _ in range(6):
        issue(engine, seal)
    # The service: (12 x 1 + 3 x 5) / 15 = 1.8 min a visit; counter 1's officer made all
    # twelve, so theirs is (12 x 1 + 3 x 1.8) / 15 = 1.16. Counter 1 calls at 0, 1.16,
    # 2.32 and 3.48, counter 2 at 0 and 1.8 and is free for a newcomer at 3.6.
    # A fixed 5 minutes a visitor would have said 15.
    assert engine.queue_stats(seal)["estimated_minutes"] == 4


# ---- events -----------------------------------------------------------------------------

def test_every_change_appends_an_event_in_the_same_transaction(engine, store, service_ids):
    since = store.one("SELECT max(seq) AS s FROM events")["s"] or 0
    ticket = issue(engine, service_ids["인감증명"])
    engine.call_next(1)
    engine.recall(ticket["id"])
    engine.finish(ticket["id"])
    logged = events(store, since)
    assert [e["type"] for e in logged] == ["ticket.issued", "ticket.called", "ticket.recalled",
                                           "ticket.finished"]
    assert [e["seq"] for e in logged] == sorted(e["seq"] for e in logged)
    called = logged[1]
    assert called["data"]["ticket"]["display_number"] == "B-001"
    assert called["data"]["counter"]["number"] == 1
    assert {"site:1", "service:%d" % service_ids["인감증명"], "counter:1"} <= set(called["rooms"])


def test_a_refused_command_appends_no_event(engine, store):
    since = store.one("SELECT max(seq) AS s FROM events")["s"] or 0
    with pytest.raises(QueueError):
        engine.call_next(1)
    assert events(store, since) == []


def test_idempotent_issue_returns_the_same_ticket(engine, service_ids):
    seal = service_ids["인감증명"]
    first, created = engine.issue(seal, idempotency_key="kiosk:1:abc")
    again, created_again = engine.issue(seal, idempotency_key="kiosk:1:abc")
    assert (created, created_again) == (True, False)
    assert again["id"] == first["id"]
    with pytest.raises(QueueError) as refused:
        engine.issue(service_ids["여권"], idempotency_key="kiosk:1:abc")
    assert refused.value.code == "idempotency_key_reused"
