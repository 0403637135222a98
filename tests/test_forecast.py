"""The wait forecast: a simulation of hand-built lobbies, and what the API says of it."""

from __future__ import annotations

import pytest

from server.queue.estimate import ServiceTime, learn
from server.queue.forecast import (NO_OPEN_COUNTER, STAND_INS_MAX, OpenCounter, Waiting, estimate,
                                   simulate)

NOW = 1_000_000.0
FIVE_MINUTES = ServiceTime(300.0, 0.0)
A, B, C = 1, 2, 3


def run(counters, waiting, **settings):
    return simulate(NOW, counters, waiting, lambda service, staff: FIVE_MINUTES,
                    priority_max_in_row=settings.get("priority_max_in_row", 3),
                    appointment_early_seconds=600)


def ticket(id, service, arrived, **kwargs):
    return Waiting(id, service, kwargs.get("priority", 0), kwargs.get("appointment_at"),
                   NOW - 1000 + arrived, kwargs.get("counter"), kwargs.get("staff"))


def test_a_shared_counter_splits_its_time_as_call_next_would():
    # Counter 1 serves A and B, counter 2 only B; both call the oldest of their lanes.
    lobby = [ticket(1, A, 1), ticket(2, B, 2), ticket(3, A, 3), ticket(4, B, 4),
             ticket(5, B, 5), ticket(6, B, 6)]
    forecast = run([OpenCounter(1, 11, (A, B)), OpenCounter(2, 12, (B,))], lobby)
    # Counter 1 calls A1, A2, B3; counter 2 B1, B2, B4: both are free at 15 minutes.
    assert [forecast.for_ticket(t.id, t.service_id, 0).minutes for t in lobby] == [0, 0, 5, 5, 10, 10]
    assert forecast.for_newcomer(A).minutes == 15      # not 10, as if A had counter 1 alone
    assert forecast.for_newcomer(B).minutes == 15


def test_no_open_counter_gives_no_minutes_but_a_reason():
    forecast = run([OpenCounter(1, 11, (A,))], [ticket(1, C, 1)])
    for expected in (forecast.for_newcomer(C), forecast.for_ticket(1, C, 0)):
        assert expected.minutes is None and expected.reason == NO_OPEN_COUNTER
        assert expected.view() == {"minutes": None, "low": None, "high": None,
                                   "reason": "no_open_counter"}


def test_an_appointment_due_next_is_called_next_whatever_its_arrival():
    lobby = [ticket(i, A, i) for i in range(1, 6)]
    lobby.append(ticket(9, A, 999, appointment_at=NOW + 300))   # due within 10 minutes
    forecast = run([OpenCounter(1, 11, (A,))], lobby)
    assert forecast.for_ticket(9, A, 5).minutes == 0
    assert forecast.for_ticket(1, A, 0).minutes == 5


def test_priority_visitors_go_first_but_not_forever():
    lobby = [ticket(1, A, 1), ticket(2, A, 2)] + [
        ticket(10 + i, A, 10 + i, priority=1) for i in range(5)]
    forecast = run([OpenCounter(1, 11, (A,))], lobby, priority_max_in_row=3)
    order = sorted(forecast.calls, key=lambda t: forecast.calls[t][0])
    assert order == [10, 11, 12, 1, 13, 14, 2]


def test_a_busy_counter_and_an_officer_back_later_delay_the_first_call():
    forecast = run([OpenCounter(1, 11, (A,), free_at=NOW + 120)], [ticket(1, A, 1)])
    assert forecast.for_ticket(1, A, 0).minutes == 2
    away = run([OpenCounter(1, 11, (A,), free_at=NOW + 1800)], [ticket(1, A, 1)])
    assert away.for_ticket(1, A, 0).minutes == 30


def test_tickets_sent_to_an_officer_wait_for_that_officer():
    lobby = [ticket(1, A, 1), ticket(2, A, 2, staff=12)]
    forecast = run([OpenCounter(1, 11, (A,)), OpenCounter(2, 12, (B,))], lobby)
    assert forecast.for_ticket(2, A, 1).minutes == 0      # counter 2's officer calls it
    alone = run([OpenCounter(1, 11, (A,))], lobby)
    assert alone.for_ticket(2, A, 1).reason == NO_OPEN_COUNTER


def test_beyond_the_simulated_lanes_the_queue_moves_at_its_pace():
    lobby = [ticket(i, A, i) for i in range(1, 11)]
    forecast = simulate(NOW, [OpenCounter(1, 11, (A,))], lobby[:4],
                        lambda service, staff: FIVE_MINUTES, priority_max_in_row=3,
                        appointment_early_seconds=600,
                        known={A: (None, (lobby[3].arrival_at, 4))}, waiting_counts={A: 10})
    assert forecast.for_ticket(8, A, 7).minutes == 35
    assert forecast.for_newcomer(A).minutes == 50


def run_read_in_part(counters, lobby, lane_read=15):
    """As the engine runs it: on the first tickets of each service's lane, with how far
    each was read and how many wait in all (QueueEngine._head_of_queues)."""
    read, known, counts = [], {}, {}
    for service in sorted({t.service_id for t in lobby}):
        lane = sorted((t for t in lobby if t.service_id == service),
                      key=lambda t: (t.arrival_at, t.id))
        read += lane[:lane_read]
        last = lane[lane_read - 1] if len(lane) > lane_read else None
        known[service] = (None, (last.arrival_at, last.id) if last else None)
        counts[service] = len(lane)
    return simulate(NOW, counters, read, lambda service, staff: FIVE_MINUTES,
                    priority_max_in_row=3, appointment_early_seconds=600, known=known,
                    waiting_counts=counts)


def test_tickets_not_read_wait_for_the_other_services_tickets_ahead_at_a_shared_counter():
    # One counter serves A and B. A's first 15 came first, then B's 10, then A's other 25:
    # the forecast reads only A's first 15, and A's 40th waits for all 49 tickets before it.
    lobby = ([ticket(i, A, i) for i in range(1, 16)] + [ticket(i, B, i) for i in range(16, 26)]
             + [ticket(i, A, i) for i in range(26, 51)])
    whole = run([OpenCounter(1, 11, (A, B))], lobby)
    assert whole.for_ticket(50, A, 39).minutes == 49 * 5
    forecast = run_read_in_part([OpenCounter(1, 11, (A, B))], lobby)
    assert forecast.for_ticket(50, A, 39).minutes == 49 * 5       # not 40 x 5, as if alone
    assert forecast.for_ticket(25, B, 9).minutes == 24 * 5
    assert forecast.for_newcomer(A).minutes == forecast.for_newcomer(B).minutes == 50 * 5


def test_a_queue_longer_than_the_stand_ins_goes_on_at_the_pace_they_set():
    # One counter serves A and B, 300 of each waiting in turns: beyond the stand-ins the
    # forecast carries on at the pace of the shared counter (two visits per A ticket), and
    # the simulation stays bounded.
    lobby = [ticket(i, A if i % 2 else B, i) for i in range(1, 601)]
    forecast = run_read_in_part([OpenCounter(1, 11, (A, B))], lobby)
    assert len(forecast.in_order[A]) <= 15 + STAND_INS_MAX
    assert forecast.pace[A][0] == pytest.approx(2 * 5 * 60)
    assert forecast.for_ticket(599, A, 299).minutes == pytest.approx(598 * 5, abs=2)
    assert forecast.for_newcomer(A).minutes == pytest.approx(600 * 5, abs=2)
    assert forecast.for_newcomer(B).minutes == pytest.approx(600 * 5, abs=6)  # one visit


def test_a_cut_short_group_leaves_other_counters_simulated_to_the_end():
    # A's 300 waiting cut its counter's simulation short; B's own counter is not linked
    # to it and its newcomer is still simulated exactly.
    lobby = [ticket(i, A, i) for i in range(1, 301)] + [ticket(i, B, i) for i in range(301, 304)]
    forecast = run_read_in_part([OpenCounter(1, 11, (A,)), OpenCounter(2, 12, (B,))], lobby)
    assert B not in forecast.pace
    assert forecast.for_newcomer(B).minutes == 15
    assert forecast.for_newcomer(A).minutes == pytest.approx(300 * 5, abs=2)


def test_a_planned_break_keeps_a_counter_from_calling_during_it():
    # One counter, five-minute visits, lunch from 10 to 70 minutes from now.
    lunch = OpenCounter(1, 11, (A,), breaks=((NOW + 600, NOW + 4200),))
    lobby = [ticket(i, A, i) for i in range(1, 5)]
    forecast = run([lunch], lobby)
    # Two visits before lunch (0, 5), the visitor in hand at 10 is not started: after it.
    assert [forecast.for_ticket(t.id, A, 0).minutes for t in lobby] == [0, 5, 70, 75]
    assert forecast.for_newcomer(A).minutes == 80
    # A break the counter's calls never reach changes nothing.
    later = OpenCounter(1, 11, (A,), breaks=((NOW + 36000, NOW + 39600),))
    assert run([later], lobby).calls == run([OpenCounter(1, 11, (A,))], lobby).calls


def test_beyond_the_simulated_lanes_the_pace_stops_for_a_planned_break():
    lobby = [ticket(i, A, i) for i in range(1, 11)]
    lunch = OpenCounter(1, 11, (A,), breaks=((NOW + 1800, NOW + 5400),))
    forecast = simulate(NOW, [lunch], lobby[:4], lambda service, staff: FIVE_MINUTES,
                        priority_max_in_row=3, appointment_early_seconds=600,
                        known={A: (None, (lobby[3].arrival_at, 4))}, waiting_counts={A: 10})
    # As without the break (35 minutes for the 8th), plus the hour of lunch it spans.
    assert forecast.for_ticket(8, A, 7).minutes == 95
    assert forecast.for_newcomer(A).minutes == 110


def test_planned_breaks_come_from_the_counter_in_local_time(engine, store, clock, service_ids):
    seal = service_ids["인감증명"]   # counters 1 and 2; 10:00 in Seoul now
    for _ in range(12):
        engine.issue(seal)
    before = engine.queue_stats(seal)["estimated_minutes"]
    with store.write() as tx:
        tx.execute("UPDATE counters SET breaks = '10:00-11:30' WHERE number = 2")
    clock.advance(1)
    assert engine.queue_stats(seal)["estimated_minutes"] > before


def test_priority_visitors_still_to_come_stretch_the_wait_of_the_others():
    # One counter of five-minute visits; a priority visitor every 20 minutes takes a
    # quarter of its time, ahead of everyone who waits in arrival order.
    lobby = [ticket(1, A, 1), ticket(2, A, 2), ticket(3, A, 3, priority=1)]
    counter = OpenCounter(1, 11, (A,))
    plain = run([counter], lobby)
    coming = simulate(NOW, [counter], lobby, lambda service, staff: FIVE_MINUTES,
                      priority_max_in_row=3, appointment_early_seconds=600,
                      priority_arrivals={A: 1 / 1200})
    assert plain.for_ticket(2, A, 2).minutes == 10
    assert coming.for_ticket(2, A, 2).minutes == round(10 / 0.75)        # 13
    assert coming.for_ticket(3, A, 0).minutes == plain.for_ticket(3, A, 0).minutes == 0
    assert coming.for_newcomer(A).minutes == 20 and plain.for_newcomer(A).minutes == 15


def test_a_wide_range_is_given_and_a_narrow_one_is_one_figure():
    assert estimate(NOW, NOW + 600, 0.0) == estimate(NOW, NOW + 600, 0.0)
    narrow = estimate(NOW, NOW + 300, 0.0)
    assert (narrow.minutes, narrow.low, narrow.high) == (5, 5, 5)
    wide = estimate(NOW, NOW + 3600, 600.0 ** 2)
    assert wide.low < wide.minutes == 60 < wide.high


def test_service_times_are_shrunk_and_spread_from_their_quantiles():
    assert learn([], 5).mean == 300
    steady = learn([240] * 30, 5)
    assert steady.mean == (30 * 240 + 3 * 300) / 33 and steady.sd < 30
    varied = learn([60, 120, 180, 240, 300, 360, 420, 480, 540, 600] * 3, 5)
    assert varied.sd > steady.sd
    # A visit under way: the longer it has lasted, the less it has left, never nothing.
    assert 0 < varied.remaining(500)[0] < varied.remaining(100)[0]


# ---- the engine and the API ------------------------------------------------------------

def test_officer_leaving_and_coming_back_changes_the_estimate(engine, store, clock, service_ids):
    seal = service_ids["인감증명"]   # counters 1 and 2
    for _ in range(4):
        engine.issue(seal)
    both = engine.queue_stats(seal)["estimated_minutes"]
    with store.write() as tx:
        tx.execute("UPDATE staff SET presence = 'away', away_until = ? WHERE id = "
                   "(SELECT staff_id FROM counters WHERE number = 2)", (clock.now() + 3600,))
    clock.advance(1)
    one = engine.queue_stats(seal)["estimated_minutes"]
    assert one > both
    with store.write() as tx:   # away with no time given: not counted on at all
        tx.execute("UPDATE staff SET presence = 'away', away_until = NULL WHERE id = "
                   "(SELECT staff_id FROM counters WHERE number = 2)")
    assert engine.queue_stats(seal)["estimated_minutes"] >= one


def test_api_gives_the_estimate_with_range_and_reason(app, kiosk, service_ids):
    client = app.test_client()
    response = kiosk.post("/api/v1/tickets", json={"service_id": service_ids["인감증명"]})
    ticket = response.json["ticket"]
    assert ticket["estimate"]["minutes"] == ticket["estimated_minutes"] == 0
    assert set(ticket["estimate"]) == {"minutes", "low", "high", "reason"}
    services = {s["names"]["ko"]: s for s in
                client.get("/api/v1/services?site_id=1").json["services"]}
    assert services["인감증명"]["estimate"]["reason"] is None
    # 외국인 민원: counters 3 and 5 serve it, and nobody sits at either.
    foreign = services["외국인 민원"]
    assert foreign["estimated_minutes"] is None
    assert foreign["estimate"] == {"minutes": None, "low": None, "high": None,
                                   "reason": "no_open_counter"}
    response = kiosk.post("/api/v1/tickets", json={"service_id": service_ids["외국인 민원"]})
    assert response.status_code == 201
    taken = response.json["ticket"]
    assert taken["estimated_minutes"] is None and taken["estimate"]["reason"] == "no_open_counter"


def test_a_counter_closed_for_its_planned_lunch_is_expected_back(engine, store, clock,
                                                                 service_ids):
    seal = service_ids["인감증명"]   # counters 1 and 2; 10:00 in Seoul now
    counter_2 = store.one("SELECT id FROM counters WHERE number = 2")["id"]
    served = engine.issue(seal)[0]
    for _ in range(12):
        engine.issue(seal)
    engine.call(counter_2, served["id"])
    engine.finish(served["id"])
    engine.close_counter(counter_2)
    clock.advance(1)
    alone = engine.queue_stats(seal)["estimated_minutes"]   # counter 1 alone, for good
    with store.write() as tx:   # the counter's lunch rotation ends in 20 minutes
        tx.execute("UPDATE counters SET breaks = '09:30-10:20' WHERE id = ?", (counter_2,))
    clock.advance(1)
    assert engine.queue_stats(seal)["estimated_minutes"] < alone
    with store.write() as tx:   # a break of a counter nobody opened today promises nothing
        tx.execute("UPDATE tickets SET called_at = NULL WHERE counter_id = ?", (counter_2,))
    clock.advance(1)
    assert engine.queue_stats(seal)["estimated_minutes"] == alone


def test_the_last_of_a_long_queue_waits_for_the_shared_counters_other_visitors(
        engine, clock, service_ids):
    # Counters 1 and 2 serve 인감증명 and 가족관계 alike. 15 인감 visitors came, then 10
    # 가족관계, then 25 인감: the forecast reads 15 of a lane, and the 40th 인감 ticket
    # still waits for the 가족관계 visitors ahead of it in call order.
    seal, family = service_ids["인감증명"], service_ids["가족관계 증명"]
    issued = {}
    for service, count in ((seal, 15), (family, 10), (seal, 25)):
        for _ in range(count):
            clock.advance(1)
            issued.setdefault(service, []).append(engine.issue(service)[0]["id"])
    last = issued[seal][-1]
    with_family = engine.describe(engine.ticket(last))
    assert with_family["people_ahead"] == 39
    for ticket_id in issued[family]:
        engine.cancel(ticket_id)
    clock.advance(1)
    without = engine.describe(engine.ticket(last))["estimated_minutes"]
    family_visits = 10 * engine.service(family)["default_service_minutes"] / 2
    assert with_family["estimated_minutes"] - without >= 0.8 * family_visits


def test_appointments_booked_for_later_today_are_expected_ahead_of_walk_ins(
        engine, store, clock, service_ids):
    seal = service_ids["인감증명"]   # counters 1 and 2
    for _ in range(8):
        engine.issue(seal)
    walk_ins_only = engine.queue_stats(seal)["estimated_minutes"]
    officer = store.one("SELECT staff_id FROM counters WHERE number = 1")["staff_id"]
    day = engine.today(engine.site(1))
    with store.write() as tx:   # three visitors booked with counter 1's officer, soon
        for n in range(3):
            tx.insert("appointments", {
                "site_id": 1, "service_id": seal, "staff_id": officer, "booked_by": officer,
                "scheduled_at": clock.now() + 300 + 60 * n, "day": day,
                "code": f"00000{n}", "created_at": clock.now()})
    clock.advance(1)
    assert engine.queue_stats(seal)["estimated_minutes"] > walk_ins_only
