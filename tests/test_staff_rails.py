"""Staff safety rails: no-show only after the site's minimum, bringing an absent visitor
back to the front of the queue, and transfers that refuse targets nobody would serve."""

from __future__ import annotations

import pytest

from tests.test_staffdesk import desk_tables, staff_id, take


@pytest.fixture
def staff(signed_in):
    return signed_in("staff1")    # at counter 1: 주민등록, 인감, 가족관계


@pytest.fixture
def called(kiosk, staff, service_ids) -> dict:
    ticket = take(kiosk, service_ids["인감증명"])
    assert staff.post("/api/v1/counters/1/call-next").json["ticket"]["id"] == ticket["id"]
    return ticket


def no_show(staff, ticket):
    return staff.post(f"/api/v1/tickets/{ticket['id']}/no-show")


def test_no_show_right_after_the_call_is_refused_and_changes_nothing(staff, called, store):
    before = desk_tables(store)
    refused = no_show(staff, called)
    assert refused.status_code == 409
    assert refused.json["error"] == "no_show_too_soon"
    assert "2 recalls or 3 minutes" in refused.json["message"]
    assert desk_tables(store) == before


def test_no_show_after_two_recalls(staff, called):
    staff.post(f"/api/v1/tickets/{called['id']}/recall")
    assert no_show(staff, called).status_code == 409
    staff.post(f"/api/v1/tickets/{called['id']}/recall")
    assert no_show(staff, called).json["ticket"]["status"] == "no_show"


def test_no_show_after_three_minutes_since_the_call_a_recall_does_not_restart_them(
        staff, called, clock):
    clock.advance(120)
    staff.post(f"/api/v1/tickets/{called['id']}/recall")
    clock.advance(50)
    assert no_show(staff, called).status_code == 409
    clock.advance(10)
    assert no_show(staff, called).json["ticket"]["status"] == "no_show"


def test_the_site_sets_the_minimum(staff, called, signed_in):
    admin = signed_in("admin")
    changed = admin.patch("/api/v1/admin/sites/1", json={"settings": {
        "no_show_min_recalls": 0, "no_show_min_minutes": 3}})
    assert changed.status_code == 200, changed.json
    assert no_show(staff, called).json["ticket"]["status"] == "no_show"


@pytest.mark.parametrize("bad", [-1, 21, "two"])
def test_a_bad_minimum_is_a_clear_400(signed_in, store, bad):
    before = store.one("SELECT settings FROM sites WHERE id = 1")
    refused = signed_in("admin").patch("/api/v1/admin/sites/1", json={"settings": {
        "no_show_min_recalls": bad}})
    assert 400 <= refused.status_code < 500 and refused.json["error"]
    assert store.one("SELECT settings FROM sites WHERE id = 1") == before


def test_an_absent_visitor_comes_back_to_the_front_of_the_queue(kiosk, staff, called, clock,
                                                               service_ids):
    later = take(kiosk, service_ids["인감증명"])
    clock.advance(180)
    assert no_show(staff, called).status_code == 200
    back = staff.post(f"/api/v1/tickets/{called['id']}/restore")
    assert back.status_code == 200, back.json
    assert back.json["ticket"]["status"] == "waiting"
    assert back.json["ticket"]["people_ahead"] == 0
    assert back.json["ticket"]["counter_id"] is None
    assert staff.post("/api/v1/counters/1/call-next").json["ticket"]["id"] == called["id"]
    assert later["id"] != called["id"]


def test_restore_needs_a_no_show_of_today_by_the_officer_who_called(
        staff, called, clock, signed_in, store):
    assert staff.post(f"/api/v1/tickets/{called['id']}/restore").status_code == 409
    clock.advance(180)
    no_show(staff, called)
    assert signed_in("staff2").post(f"/api/v1/tickets/{called['id']}/restore").status_code == 403
    clock.advance(24 * 3600)
    before = desk_tables(store)
    expired = signed_in("staff1").post(f"/api/v1/tickets/{called['id']}/restore")
    assert expired.status_code == 409 and expired.json["error"] == "ticket_expired"
    assert desk_tables(store) == before


def transfer(staff, ticket, **target):
    return staff.post(f"/api/v1/tickets/{ticket['id']}/transfer", json=target)


def test_transfer_to_the_tickets_own_service_is_refused(staff, called, service_ids, store):
    before = desk_tables(store)
    refused = transfer(staff, called, service_id=service_ids["인감증명"])
    assert refused.status_code == 409 and refused.json["error"] == "transfer_same_service"
    assert desk_tables(store) == before
    # With a colleague of the same service it is a real transfer.
    moved = transfer(staff, called, service_id=service_ids["인감증명"],
                     staff_id=staff_id(store, "staff2"))
    assert moved.status_code == 200, moved.json


def test_transfer_to_a_closed_counter_is_refused(staff, called, store):
    counter_3 = store.one("SELECT id, staff_id FROM counters WHERE site_id = 1 AND number = 3")
    assert counter_3["staff_id"] is None
    before = desk_tables(store)
    refused = transfer(staff, called, counter_id=counter_3["id"])
    assert refused.status_code == 409 and refused.json["error"] == "counter_closed"
    assert "Counter 3" in refused.json["message"]
    assert desk_tables(store) == before


def test_transfer_to_a_signed_off_colleague_is_refused(staff, called, store):
    staff3 = staff_id(store, "staff3")
    assert store.one("SELECT presence FROM staff WHERE id = ?", (staff3,))["presence"] == "closed"
    before = desk_tables(store)
    refused = transfer(staff, called, staff_id=staff3)
    assert refused.status_code == 409 and refused.json["error"] == "colleague_signed_off"
    assert desk_tables(store) == before


def test_transfer_to_an_away_colleague_or_an_open_counter_is_accepted(staff, kiosk, store,
                                                                      service_ids):
    for target in ({"staff_id": staff_id(store, "staff2")},
                   {"counter_id": store.one("SELECT id FROM counters WHERE site_id = 1 "
                                            "AND number = 2")["id"]}):
        ticket = take(kiosk, service_ids["인감증명"])
        assert transfer(staff, ticket, **target).status_code == 200


def test_the_phone_page_tells_an_absent_visitor_to_ask_at_the_counter():
    import json
    from pathlib import Path
    folder = Path(__file__).parent.parent / "server" / "visitor" / "i18n"
    assert "창구" in json.loads((folder / "ko.json").read_text())["state.no_show"]
    assert "counter" in json.loads((folder / "en.json").read_text())["state.no_show"]
