"""Choosing the next ticket reads each lane of the queue from an index in call order and
stops at its first row: no temporary sort over every waiting ticket, so call-next costs
the same with 10 or 50,000 waiting (bench/bench_engine.py measures it)."""

from __future__ import annotations

import re

from server.queue.engine import (DUE_APPOINTMENTS, FORECAST_LANE_READ, IN_ARRIVAL_ORDER,
                                 IN_LANGUAGE, TARGETED_WAITING_INDEX, head_of_lane_sql)


def test_every_lane_is_read_from_an_index_without_a_sort(engine, store):
    counter = engine.counter(1)
    day = engine.today(engine.site(counter["site_id"]))
    lanes = engine._lanes(counter, staff_id=1)
    assert len(lanes) == len(counter["service_ids"]) + 2  # services, this counter, officer
    for lane, params in lanes:
        for (condition, order), value in ((DUE_APPOINTMENTS, 1e12), (IN_ARRIVAL_ORDER, 0)):
            plan = " ".join(r["detail"] for r in store.query(
                "EXPLAIN QUERY PLAN " + head_of_lane_sql(lane, condition, order),
                [*params, day, value]))
            assert "USING INDEX" in plan and "TEMP B-TREE" not in plan, (lane, condition, plan)


def test_a_language_matched_call_seeks_each_lane_by_its_language(engine, store):
    # With language-matched counters preferred, call-next reads the oldest ticket of a
    # priority group in one language per lane: m024's partial indexes hold the tickets of
    # other languages than Korean, so the read seeks the language too instead of walking
    # the lane's Korean tickets (most of them) until one in that language turns up.
    counter = engine.counter(1)
    day = engine.today(engine.site(counter["site_id"]))
    condition, order = IN_LANGUAGE
    for lane, params in engine._lanes(counter, staff_id=1):
        plan = " ".join(r["detail"] for r in store.query(
            "EXPLAIN QUERY PLAN " + head_of_lane_sql(lane, condition, order),
            [*params, day, 0, "vi"]))
        assert "_lang " in plan and "lang=?" in plan and "TEMP B-TREE" not in plan, (lane, plan)


def test_the_forecast_seeks_today_and_walks_no_history(engine, store):
    # The forecast reads every waiting ticket of the site sent to a counter or reserved for
    # an officer. Entered by a range on the counter or the officer ("target_staff_id>?"),
    # that read walks every transfer ever made; by site and day, it finds today's waiting
    # ones alone (m020), however many months of finished transfers there are. Likewise
    # every other read of tickets and appointments.
    site = engine.site(engine.counter(1)["site_id"])
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    try:
        engine._simulate(site["id"], engine.clock.now(), store)
    finally:
        store.db.conn.set_trace_callback(None)
    plans = {sql: " ".join(r["detail"] for r in store.query("EXPLAIN QUERY PLAN " + sql))
             for sql in statements if sql.lstrip().upper().startswith("SELECT")}
    targeted = [plan for sql, plan in plans.items() if "target_staff_id IS NOT NULL" in sql]
    assert targeted == [f"SEARCH tickets USING INDEX {TARGETED_WAITING_INDEX} "
                        "(site_id=? AND day=?)"], plans
    for sql, plan in plans.items():
        # Every read of the tables that keep their history seeks by equality first: none
        # walks the table or enters an index by a range alone.
        assert not re.search(r"SCAN (tickets|appointments)\b|\(\w+[<>]", plan), (sql, plan)


def test_the_forecast_reads_a_ticket_sent_to_a_counter_or_an_officer_behind_the_lane_read(
        engine):
    # Beyond the first FORECAST_LANE_READ of its service, a ticket sent to a counter or
    # reserved for an officer is still simulated as itself, from the read above.
    counter = engine.counter(1)
    service_id = counter["service_ids"][0]
    tickets = [engine.issue(service_id)[0] for _ in range(FORECAST_LANE_READ + 5)]
    engine.transfer(tickets[-1]["id"], counter_id=counter["id"])
    reserved = engine.issue(service_id, for_staff_id=counter["staff_id"] or 1)[0]
    forecast = engine.forecast(counter["site_id"])
    assert {tickets[-1]["id"], reserved["id"]} <= forecast.read
    assert tickets[-2]["id"] not in forecast.read
