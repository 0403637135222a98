"""Choosing the next ticket reads each lane of the queue from an index in call order and
stops at its first row: no temporary sort over every waiting ticket, so call-next costs
the same with 10 or 50,000 waiting (bench/bench_engine.py measures it)."""

from __future__ import annotations

from server.queue.engine import DUE_APPOINTMENTS, IN_ARRIVAL_ORDER, head_of_lane_sql


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
