"""A number from the phone: the internal rules of remote tickets (server/queue/remote.py),
on the sample lobby with a fixed clock. Counter 4 serves 여권 (passport)."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from server.queue import QueueError
from server.queue import remote
from server.visitor import notices
from server.demo import OFFICE_HOURS
from tests.conftest import SEOUL, STORES


@pytest.fixture(params=STORES)
def store_kind(request) -> str:
    return request.param


@pytest.fixture
def passport(engine, store, service_ids):
    service_id = service_ids["여권"]
    allow(engine, store, service_id)
    return service_id


def allow(engine, store, service_id, **settings):
    values = {"remote_enabled": 1, "remote_share_percent": 100, "remote_hold_minutes": 10,
              **settings}
    with store.write() as tx:
        tx.execute("UPDATE services SET " + ", ".join(f"{k} = ?" for k in values)
                   + " WHERE id = ?", (*values.values(), service_id))
        engine.forget_configuration(tx)


def refused(engine, service_id, token="t-refused") -> str:
    with pytest.raises(QueueError) as error:
        remote.take(engine, service_id, token=token)
    assert error.value.code == "remote_refused"
    return error.value.details["reason"]


def test_a_remote_ticket_is_numbered_in_its_service_and_waits_for_check_in(engine, passport):
    walk_in, _ = engine.issue(passport)
    ticket = remote.take(engine, passport, token="tok-1")
    assert ticket["status"] == "remote" and ticket["channel"] == "remote"
    assert ticket["display_number"] == "2002" and ticket["checked_in_at"] is None
    assert len(ticket["checkin_code"]) == 6
    assert set(ticket["checkin_code"]) <= set(remote.CODE_ALPHABET)
    assert not set("015O8BSZIL") & set(remote.CODE_ALPHABET)
    # The same request collected twice makes one ticket.
    assert remote.take(engine, passport, token="tok-1")["id"] == ticket["id"]
    where = remote.position(engine, ticket)
    assert where["ahead"] == 1 and where["estimate"]["minutes"] is not None
    # Not counted as waiting until it is here.
    assert engine.queue_stats(passport)["waiting"] == 1


def test_remote_tickets_are_off_by_default(engine, service_ids):
    assert refused(engine, service_ids["여권"]) == "remote_off"


def test_refused_outside_hours_and_while_paused(engine, store, clock, passport):
    allow(engine, store, passport, hours=json.dumps(OFFICE_HOURS))
    engine.set_paused(passport, True)
    assert refused(engine, passport) == "paused"
    engine.set_paused(passport, False)
    clock.set(datetime(2026, 12, 1, 19, 0, tzinfo=SEOUL))
    assert refused(engine, passport) == "outside_hours"


def test_refused_when_the_forecast_does_not_reach_today(engine, store, clock, passport):
    allow(engine, store, passport, hours=json.dumps(OFFICE_HOURS))
    clock.set(datetime(2026, 12, 1, 17, 55, tzinfo=SEOUL))  # five minutes before closing
    for _ in range(5):
        engine.issue(passport)
    assert refused(engine, passport) == "not_reached_today"


def test_refused_when_no_counter_is_open_to_forecast(engine, passport):
    engine.close_counter(4)
    assert refused(engine, passport) == "not_reached_today"


def test_at_most_a_share_of_the_last_hour_s_tickets(engine, store, clock, passport):
    allow(engine, store, passport, remote_share_percent=30)
    assert remote.take(engine, passport, token="a")  # one an hour is always allowed
    assert refused(engine, passport) == "share_used"
    for _ in range(5):
        engine.issue(passport)
    # 1 remote of 6; a second makes 2 of 7 (28 %): allowed; a third 3 of 8 (37 %): not.
    assert remote.take(engine, passport, token="b")
    assert refused(engine, passport) == "share_used"
    clock.advance(3601)  # the last hour has no ticket any more
    assert remote.take(engine, passport, token="c")


def test_call_next_passes_over_an_unchecked_ticket_which_is_held_then_lapses(
        engine, store, clock, passport):
    first, _ = engine.issue(passport)
    ticket = remote.take(engine, passport, token="tok")
    third, _ = engine.issue(passport)
    assert engine.call_next(4)["id"] == first["id"]
    engine.finish(first["id"])
    assert remote.hold_and_lapse(engine, 1) == {"held": 1, "lapsed": 0}
    assert remote.answer(engine, engine.ticket(ticket["id"]))["state"] == "held_aside"
    assert engine.call_next(4)["id"] == third["id"]  # held aside: the next one is called
    engine.finish(third["id"])
    with pytest.raises(QueueError) as error:
        engine.call_next(4)
    assert error.value.code == "nobody_waiting"
    clock.advance(9 * 60)
    assert remote.hold_and_lapse(engine, 1) == {"held": 0, "lapsed": 0}
    clock.advance(61)
    assert remote.hold_and_lapse(engine, 1) == {"held": 0, "lapsed": 1}
    lapsed = engine.ticket(ticket["id"])
    assert lapsed["status"] == "no_show" and remote.answer(engine, lapsed)["state"] == "lapsed"
    with pytest.raises(QueueError) as error:
        remote.check_in(engine, 1, ticket["checkin_code"])
    assert error.value.code == "wrong_status"


class Decided:
    """The notices decided on each new event, as the notice worker decides them."""

    def __init__(self, engine, store):
        self.engine, self.store, self.seq = engine, store, 0

    def __call__(self) -> None:
        events = self.store.query("SELECT seq, type, site_id, data FROM events WHERE seq > ? "
                                  "ORDER BY seq", (self.seq,))
        for event in events:
            with self.store.write() as tx:
                notices.decide(self.engine, tx, [event])
            self.seq = event["seq"]


def test_a_visitor_who_gave_a_number_is_told_the_way_in_then_to_check_in_then_of_the_lapse(
        engine, store, clock, passport):
    decided = Decided(engine, store)
    first, _ = engine.issue(passport)
    second, _ = engine.issue(passport)
    ticket = remote.take(engine, passport, token="tok")
    notices.keep_remote_contact(engine, ticket, "010-2345-6789", "vi")
    code = ticket["checkin_code"]
    for walk_in in (first, second):
        engine.call_next(4)
        decided()
        engine.finish(walk_in["id"])
    assert remote.hold_and_lapse(engine, 1) == {"held": 1, "lapsed": 0}
    decided()
    clock.advance(10 * 60)
    assert remote.hold_and_lapse(engine, 1) == {"held": 0, "lapsed": 1}
    decided()
    messages = store.query("SELECT kind, text, params FROM notice_messages WHERE ticket_id = ? "
                           "ORDER BY id", (ticket["id"],))
    assert [m["kind"] for m in messages] == ["near", "checkin_due", "lapsed"]
    near, due, lapsed = (m["text"] for m in messages)
    number = ticket["display_number"]
    assert "còn 1 người" in near and code in near           # not here yet: how to check in
    assert f"số {number}" in due and code in due and "10 phút" in due
    assert f"số {number} đã bị hủy" in lapsed and code not in lapsed
    # 알림톡 templates get the code and the minutes as variables.
    assert json.loads(messages[1]["params"])["code"] == code
    assert json.loads(messages[1]["params"])["hold"] == 10
    decided()                                             # read again: nothing twice
    assert len(store.query("SELECT id FROM notice_messages WHERE ticket_id = ?",
                           (ticket["id"],))) == 3


def test_a_number_checked_in_in_time_gets_no_lapse_notice(engine, store, clock, passport):
    decided = Decided(engine, store)
    ticket = remote.take(engine, passport, token="tok")
    notices.keep_remote_contact(engine, ticket, "010-2345-6789", "ko")
    remote.hold_and_lapse(engine, 1)
    decided()
    remote.check_in(engine, 1, ticket["checkin_code"])
    called = engine.call_next(4)
    decided()
    clock.advance(3 * 60)
    engine.no_show(called["id"])        # absent at the call: not a lapse
    decided()
    kinds = [m["kind"] for m in store.query(
        "SELECT kind FROM notice_messages WHERE ticket_id = ? ORDER BY id", (ticket["id"],))]
    assert kinds == ["checkin_due", "called"]


def test_check_in_puts_the_ticket_at_its_original_place(engine, clock, passport):
    first, _ = engine.issue(passport)
    ticket = remote.take(engine, passport, token="tok")
    clock.advance(600)
    later, _ = engine.issue(passport)
    view = remote.check_in(engine, 1, " " + ticket["checkin_code"].lower() + " ")
    assert view["status"] == "waiting" and view["people_ahead"] == 1
    assert engine.ticket(ticket["id"])["checked_in_at"] == clock.now()
    assert engine.queue_stats(passport)["waiting"] == 3
    called = [engine.call_next(4)["id"]]
    for _ in range(2):
        engine.finish(called[-1])
        called.append(engine.call_next(4)["id"])
    assert called == [first["id"], ticket["id"], later["id"]]
    with pytest.raises(QueueError) as error:
        remote.check_in(engine, 1, ticket["checkin_code"])
    assert error.value.code == "wrong_status"
    with pytest.raises(QueueError) as error:
        remote.check_in(engine, 1, "ZZZZZZ")
    assert error.value.code == "not_found"


def test_the_kiosk_checks_a_remote_ticket_in_by_its_code(app, tokens, engine, passport):
    from tests.conftest import BearerClient
    kiosk = BearerClient(app.test_client(), tokens["kiosk-1f"])
    ticket = remote.take(engine, passport, token="tok-kiosk")
    answer = kiosk.post("/api/v1/remote-tickets/check-in",
                        json={"code": ticket["checkin_code"].lower()})
    assert answer.status_code == 200 and answer.json["ticket"]["status"] == "waiting"
    # The kiosk's ticket screen shows the number with its QR code, as for a walk-in.
    assert answer.json["ticket"]["display_number"] == ticket["display_number"]
    assert answer.json["ticket"]["link"].endswith(ticket["public_code"])
    again = kiosk.post("/api/v1/remote-tickets/check-in", json={"code": ticket["checkin_code"]})
    assert again.status_code == 409 and again.json["error"] == "wrong_status"
    unknown = kiosk.post("/api/v1/remote-tickets/check-in", json={"code": "ZZZZZZ"})
    assert unknown.status_code == 404 and unknown.json["error"] == "not_found"
    assert kiosk.post("/api/v1/remote-tickets/check-in", json={}).status_code == 400
    assert app.test_client().post("/api/v1/remote-tickets/check-in",
                                  json={"code": "ZZZZZZ"}).status_code == 401


def test_the_kiosk_learns_which_services_take_numbers_from_phones(app, passport):
    """The kiosk offers remote check-in on its home screen only where a service takes
    remote tickets."""
    services = app.test_client().get("/api/v1/services?site_id=1").json["services"]
    assert {s["id"]: s["remote_enabled"] for s in services}[passport] is True
    assert sum(s["remote_enabled"] for s in services) == 1


def test_the_kiosk_pad_offers_the_code_s_own_characters():
    """The kiosk's check-in pad and the codes the server draws use one alphabet."""
    from pathlib import Path
    import re
    screen = (Path(__file__).resolve().parents[1] / "kiosk" / "static" / "screens"
              / "remote-checkin.js").read_text(encoding="utf-8")
    assert re.search(r"const CODE_KEYS = '([^']+)'", screen).group(1) == remote.CODE_ALPHABET
