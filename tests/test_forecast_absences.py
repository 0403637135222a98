"""Unplanned absences: learned from the event log and the tickets, expected by the forecast."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from server.queue import absences
from server.queue.estimate import ServiceTime
from server.queue.forecast import OpenCounter, Waiting, simulate
from tests.support.seoul import SEOUL

FIVE_MINUTES = ServiceTime(300.0, 0.0)


def at(day: int, hour: int, minute: int = 0) -> float:
    return datetime(2026, 12, day, hour, minute, tzinfo=SEOUL).timestamp()


def working_day(day: int) -> tuple[str, float, float]:
    return (f"2026-12-{day:02d}", at(day, 9), at(day, 18))


def no_breaks(counter, day):
    return ()


def test_a_pause_taken_every_afternoon_is_learned_for_its_counter_and_hour():
    changes = []
    for day in (1, 2):
        changes += [(at(day, 8, 55), 1, True), (at(day, 8, 55), 2, True),
                    (at(day, 15), 1, False), (at(day, 15, 20), 1, True)]
    shares = absences.learn(changes, [working_day(1), working_day(2)], no_breaks, SEOUL)
    assert set(shares) == {1}                       # counter 2 never stepped out
    assert shares[1][15] == pytest.approx(2 * 1200 / (2 * 3600 + absences.PRIOR_SECONDS))
    assert sum(shares[1]) == shares[1][15]          # no other hour lost anything


def test_planned_breaks_are_not_absences_and_an_early_close_loses_the_rest_of_the_day():
    changes = [(at(1, 9), 1, True), (at(1, 12), 1, False), (at(1, 13), 1, True),
               (at(1, 17), 1, False)]                # lunch as planned, gone at 17:00
    lunch = lambda counter, day: ((at(1, 12), at(1, 13)),)  # noqa: E731
    shares = absences.learn(changes, [working_day(1)], lunch, SEOUL)
    assert shares[1][12] == 0
    assert shares[1][17] == pytest.approx(3600 / (3600 + absences.PRIOR_SECONDS))
    # Without the planned break the lunch hour is lost as well.
    assert absences.learn(changes, [working_day(1)], no_breaks, SEOUL)[1][12] > 0


def test_presence_changes_come_from_the_events_the_engine_records():
    rows = [(1.0, "counter.opened", json.dumps({"counter": {"id": 3}})),
            (2.0, "staff.presence", json.dumps({"staff": {"presence": "away"}, "counter_id": 3})),
            (3.0, "staff.presence", json.dumps({"staff": {"presence": "available"},
                                                "counter_id": None})),   # at no counter
            (4.0, "counter.closed", json.dumps({"counter": {"id": 3}}))]
    assert absences.presence_changes(rows) == [(1.0, 3, True), (2.0, 3, False), (4.0, 3, False)]


def test_the_hour_under_way_expects_only_what_it_has_not_lost_yet():
    shares = (0.0,) * 15 + (0.25,) + (0.0,) * 8      # 15 minutes of every 15:00 hour
    end_of_day = at(1, 23)
    before = absences.expected_availability(shares, at(1, 14), end_of_day, (), 0.0, None, SEOUL)
    assert before == ((at(1, 15), at(1, 16), 0.75),)
    # At 15:30 with nothing lost yet: the 15 minutes are still to come, in half an hour.
    half = absences.expected_availability(shares, at(1, 15, 30), end_of_day, (), 0.0, None, SEOUL)
    assert half == ((at(1, 15, 30), at(1, 16), 0.5),)
    # Back from a 20-minute pause at 15:25: nothing more is expected this hour.
    assert absences.expected_availability(shares, at(1, 15, 30), end_of_day, (), 1200.0,
                                          None, SEOUL) == ()
    # Away now until 15:10 (the forecast knows): that is 10 of the 15 minutes.
    away = absences.expected_availability(shares, at(1, 15), end_of_day, (), 0.0,
                                          at(1, 15, 10), SEOUL)
    assert away == ((at(1, 15, 10), at(1, 16), pytest.approx(1 - 300 / 3000)),)


def test_turnaround_counts_only_gaps_where_the_next_visitor_already_waited():
    visits = [(1, "d", 0, 0, 300),          # counter, day, arrival, call, end
              (1, "d", 100, 320, 600),      # waited: 20 s
              (1, "d", 900, 900, 1200),     # came after the end: the counter was idle
              (1, "d", 1000, 1240, 1500),   # waited: 40 s
              (1, "d", 1400, 3000, 3300),   # a gap longer than the cap: an absence
              (2, "d", 0, 10, 300)]         # another counter starts afresh
    assert absences.turnaround(visits) == {1: pytest.approx(60 / (2 + absences.TURNAROUND_PRIOR))}


NOW = at(1, 14)
A = 1


def lobby(n: int) -> list[Waiting]:
    return [Waiting(i, A, 0, None, NOW - 1000 + i) for i in range(1, n + 1)]


def run(counter: OpenCounter, waiting: list[Waiting]):
    return simulate(NOW, [counter], waiting, lambda service, staff: FIVE_MINUTES,
                    priority_max_in_row=3, appointment_early_seconds=600)


def test_the_simulation_expects_the_absences_and_the_turnaround():
    waiting = lobby(6)
    plain = run(OpenCounter(1, 11, (A,)), waiting)
    assert [plain.for_ticket(t.id, A, 0).minutes for t in waiting] == [0, 5, 10, 15, 20, 25]
    # Half of 14:10-14:30 expected away: visits there take twice as long.
    pausing = run(OpenCounter(1, 11, (A,), availability=((NOW + 600, NOW + 1800, 0.5),)),
                  waiting)
    assert [pausing.for_ticket(t.id, A, 0).minutes for t in waiting] == [0, 5, 10, 20, 30, 35]
    # A minute between visits.
    slower = run(OpenCounter(1, 11, (A,), turnaround=60.0), waiting)
    assert [slower.for_ticket(t.id, A, 0).minutes for t in waiting] == [0, 6, 12, 18, 24, 30]


def test_beyond_the_simulated_lanes_the_pace_slows_for_expected_absences():
    waiting = lobby(10)
    counter = OpenCounter(1, 11, (A,), availability=((NOW + 1800, NOW + 5400, 0.5),))
    forecast = simulate(NOW, [counter], waiting[:4], lambda service, staff: FIVE_MINUTES,
                        priority_max_in_row=3, appointment_early_seconds=600,
                        known={A: (None, (waiting[3].arrival_at, 4))}, waiting_counts={A: 10})
    # 35 minutes for the 8th without absences; from 30 minutes on it works half the time.
    assert forecast.for_ticket(8, A, 7).minutes == 40


# ---- learned from what the engine records ------------------------------------------------

def test_the_engine_expects_an_officer_who_steps_out_every_morning(engine, store, clock,
                                                                  service_ids):
    """Yesterday counter 2's officer stepped out 10:00-10:50 (recorded as the API does);
    today at 10:00 the 인감증명 queue (counters 1 and 2) is expected to move slower."""
    from server.queue.presence import announce_presence

    seal = service_ids["인감증명"]
    today = clock.now()
    yesterday = today - 86400
    clock.t = yesterday - 3600                  # 09:00 yesterday: a visit, a day till 18:00
    visit, _ = engine.issue(seal)
    engine.call(store.one("SELECT id FROM counters WHERE number = 1")["id"], visit["id"])
    clock.t += 300
    engine.finish(visit["id"])
    clock.t = yesterday + 8 * 3600
    engine.cancel(engine.issue(seal)[0]["id"])
    clock.t = today
    for _ in range(12):
        engine.issue(seal)
    before = engine.queue_stats(seal)["estimated_minutes"]

    officer = store.one("SELECT staff_id FROM counters WHERE number = 2")["staff_id"]
    for moment, presence in ((yesterday, "away"), (yesterday + 3000, "available")):
        with store.write() as tx:
            tx.execute("UPDATE staff SET presence = ?, away_until = NULL WHERE id = ?",
                       (presence, officer))
            announce_presence(tx, officer, moment)
    clock.t = today + 1
    engine._absences = absences.AbsenceHistory()   # as the next day's first forecast
    assert engine.queue_stats(seal)["estimated_minutes"] > before
