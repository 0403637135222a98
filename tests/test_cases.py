"""Cases (/api/v1/cases): a finished visit registered as an accepted case with its legal
due date and 80% target from the Act's calendar, listed by due date, closed with its
outcome; the visitor's consented contact used for the interim and completion notices
and erased; site boundaries; every bad input refused with nothing changed."""

from __future__ import annotations

from datetime import datetime

import pytest

from server.workers.housekeeping import run_purge
from server.staff import cases
from tests.support.seoul import SEOUL
from tests.test_realtime import connect, received_events
from tests.test_staffdesk import staff_id, take

PHONE = "010-1234-5678"
PASSPORT_COUNTER, VEHICLE_COUNTER, WELFARE_COUNTER = 4, 6, 8


def served(kiosk, client, service_id: int, counter: int) -> dict:
    """A visit taken at the kiosk, called and finished at `counter` by `client`."""
    ticket = take(kiosk, service_id)
    called = client.post(f"/api/v1/counters/{counter}/call-next")
    assert called.status_code == 200 and called.json["ticket"]["id"] == ticket["id"], called.json
    assert client.post(f"/api/v1/tickets/{ticket['id']}/finish", json={}).status_code == 200
    return ticket


def case_tables(store) -> tuple:
    """What a refused case request must leave as it was."""
    return (store.query("SELECT * FROM cases ORDER BY id"),
            store.query("SELECT * FROM notice_messages ORDER BY id"),
            store.one("SELECT count(*) AS n FROM events WHERE type LIKE 'case.%'"))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SEOUL)


@pytest.fixture
def passport_visit(kiosk, signed_in, service_ids) -> dict:
    return served(kiosk, signed_in("staff4"), service_ids["여권"], PASSPORT_COUNTER)


# ---- the life of a case -------------------------------------------------------------

def test_a_case_from_registration_to_closing(app, kiosk, signed_in, store, clock,
                                             passport_visit, smtp):
    officer = signed_in("staff4")
    officer_socket = connect(app, flask_client=signed_in("staff4"))
    supervisor_socket = connect(app, flask_client=signed_in("supervisor"))
    offered = officer.get("/api/v1/cases/candidates").json["visits"]
    assert [v["ticket_id"] for v in offered] == [passport_visit["id"]]

    made = officer.post("/api/v1/cases", json={
        "ticket_id": passport_visit["id"], "reference": "2026-여권-0412", "phone": PHONE,
        "contact_consent": True})
    assert made.status_code == 201, made.json
    case = made.json["case"]
    # Received Tuesday 10:00 at the end of the visit; 여권 is 4 days = 32 working hours:
    # Tuesday 10-12 and 13-18 (7), Wednesday to Friday (24), Monday 09-10 (1).
    assert case["received_at"] == "2026-12-01T10:00:00+09:00"
    assert case["due_at"] == "2026-12-07T10:00:00+09:00"
    # 80% = 25.6 working hours: 23 by Thursday evening, 2 h 36 min on Friday morning.
    assert case["target_at"] == "2026-12-04T11:36:00+09:00"
    assert case["period"] == {"unit": "days", "value": 4.0, "target_ratio": 0.8,
                              "counted_in": "hours"}
    assert case["officer"]["name"] == "정우진" and case["reference"] == "2026-여권-0412"
    assert case["contact"] == {"sms": "010-****-5678", "email": None}
    assert case["status"] == "open" and not case["overdue"] and not case["near_due"]
    assert officer.get("/api/v1/cases/candidates").json["visits"] == []

    for socket in (officer_socket, supervisor_socket):
        opened = [e for e in received_events(app, socket) if e["type"] == "case.opened"]
        assert opened[0]["data"]["case"]["id"] == case["id"]

    clock.set(at("2026-12-04T12:00"))        # past the target, before the due date
    officer = signed_in("staff4")            # a sign-in lasts a working day
    listed = officer.get("/api/v1/cases").json["cases"]
    assert [c["id"] for c in listed] == [case["id"]]
    assert listed[0]["near_due"] is True and listed[0]["overdue"] is False
    clock.set(at("2026-12-07T11:00"))
    officer = signed_in("staff4")
    assert officer.get(f"/api/v1/cases/{case['id']}").json["case"]["overdue"] is True

    closed = officer.post(f"/api/v1/cases/{case['id']}/close", json={"outcome": "granted"})
    assert closed.status_code == 200, closed.json
    view = closed.json["case"]
    assert view["status"] == "closed" and view["outcome"] == "granted"
    assert view["within_period"] is False and view["within_target"] is False
    assert view["overdue"] is False and view["contact"] == {"sms": None, "email": None}
    row = store.one("SELECT phone, email, purged_at FROM cases WHERE id = ?", (case["id"],))
    assert row["phone"] is None and row["purged_at"] is not None   # erased, not hidden
    # The completion notice went to the outbox, for today.
    message = store.one("SELECT * FROM notice_messages WHERE kind = 'case_done'")
    assert message["channel"] == "sms" and message["address"] == "01012345678"
    assert message["day"] == "2026-12-07" and "2026-12-01" in message["text"]
    assert "여권" in message["text"] and "041-350-3524" in message["text"]
    assert [e["type"] for e in received_events(app, officer_socket)
            if e["type"].startswith("case.")] == ["case.closed"]
    assert officer.get("/api/v1/cases").json["cases"] == []
    assert [c["id"] for c in officer.get("/api/v1/cases?status=closed").json["cases"]] == [case["id"]]
    # The contact never entered the event log, not even masked.
    assert not store.one("SELECT 1 AS leak FROM events WHERE data LIKE '%5678%'")


def test_open_cases_are_listed_by_due_date(kiosk, signed_in, store, clock, service_ids):
    supervisor = signed_in("supervisor")
    passport = served(kiosk, supervisor, service_ids["여권"], PASSPORT_COUNTER)
    vehicle = served(kiosk, supervisor, service_ids["자동차 등록"], VEHICLE_COUNTER)
    for ticket in (passport, vehicle):
        assert supervisor.post("/api/v1/cases", json={"ticket_id": ticket["id"]}).status_code == 201
    listed = supervisor.get("/api/v1/cases").json["cases"]
    # 자동차 등록 (1 day) is due Wednesday 10:00, before 여권 (4 days).
    assert [c["ticket"]["id"] for c in listed] == [vehicle["id"], passport["id"]]
    assert listed[0]["due_at"] == "2026-12-02T10:00:00+09:00"


def test_a_30_day_case_gets_an_interim_notice(kiosk, signed_in, store, engine, clock,
                                              service_ids):
    supervisor = signed_in("supervisor")
    assert supervisor.post(f"/api/v1/counters/{WELFARE_COUNTER}/open", json={}).status_code == 200
    visit = served(kiosk, supervisor, service_ids["복지 상담"], WELFARE_COUNTER)
    case = supervisor.post("/api/v1/cases", json={
        "ticket_id": visit["id"], "email": "visitor@example.kr", "lang": "en",
        "contact_consent": True}).json["case"]
    # 30 working days from Tuesday 1 December (the first day counted), Christmas and New
    # Year's Day excluded: Wednesday 13 January; the interim notice at day 15, the 21st.
    assert case["due_at"] == "2027-01-13T18:00:00+09:00"
    assert case["interim_notice_at"] == "2026-12-21T18:00:00+09:00"
    assert case["contact"]["email"] == "v******@example.kr"
    assert cases.queue_interim_notices(store, engine) == 0
    clock.set(at("2026-12-21T18:00"))
    assert cases.queue_interim_notices(store, engine) == 1
    assert cases.queue_interim_notices(store, engine) == 0       # decided once
    message = store.one("SELECT * FROM notice_messages WHERE kind = 'case_interim'")
    assert message["channel"] == "email" and message["address"] == "visitor@example.kr"
    assert "2027-01-13" in message["text"] and "Welfare counselling" in message["text"]
    assert "deleted once it is completed" in message["text"]


def test_an_open_case_keeps_its_contact_until_its_purge_date(kiosk, signed_in, store, engine,
                                                            clock, passport_visit):
    made = signed_in("staff4").post("/api/v1/cases", json={
        "ticket_id": passport_visit["id"], "phone": PHONE, "contact_consent": True})
    case_id = made.json["case"]["id"]
    clock.set(at("2026-12-20T00:10"))       # 13 days past its due date
    assert run_purge(store, engine)["case_contacts"] == 0
    clock.set(at("2026-12-21T10:01"))       # 14 days past it
    assert run_purge(store, engine)["case_contacts"] == 1
    row = store.one("SELECT phone, status FROM cases WHERE id = ?", (case_id,))
    assert row == {"phone": None, "status": "open"}


def test_a_case_without_a_contact_needs_no_consent_and_sends_nothing(signed_in, store,
                                                                    passport_visit):
    officer = signed_in("staff4")
    case = officer.post("/api/v1/cases", json={"ticket_id": passport_visit["id"]}).json["case"]
    assert case["contact"] == {"sms": None, "email": None}
    assert officer.post(f"/api/v1/cases/{case['id']}/close",
                        json={"outcome": "withdrawn"}).status_code == 200
    assert store.one("SELECT count(*) AS n FROM notice_messages")["n"] == 0


# ---- refusals -----------------------------------------------------------------------

@pytest.mark.parametrize("change, status, code", [
    ({"contact_consent": False}, 422, "consent_required"),
    ({"phone": "02-123-4567"}, 422, "invalid_phone"),            # not a mobile
    ({"phone": None, "email": "not-an-address"}, 422, "invalid_email"),
    ({"ticket_id": 987654}, 404, "not_found"),
    ({"ticket_id": "1"}, 400, "invalid_request"),
    ({"lang": "fr"}, 400, "invalid_request"),
    ({"reference": "x" * 41}, 400, "invalid_request"),
    ({"contact_consent": "yes"}, 400, "invalid_request"),
    ({"outcome": "granted"}, 400, "invalid_request"),            # not a field here
])
def test_bad_registrations_are_refused_and_change_nothing(change, status, code, signed_in,
                                                          store, passport_visit):
    body = {"ticket_id": passport_visit["id"], "phone": PHONE, "contact_consent": True,
            **change}
    before = case_tables(store)
    response = signed_in("staff4").post("/api/v1/cases", json=body)
    assert (response.status_code, response.json["error"]) == (status, code), response.json
    assert response.json["message"]
    assert case_tables(store) == before


def test_only_a_finished_visit_of_a_longer_period_becomes_a_case(kiosk, signed_in, store,
                                                                service_ids, passport_visit):
    officer = signed_in("staff4")
    waiting = take(kiosk, service_ids["여권"])
    seal = served(kiosk, signed_in("staff1"), service_ids["인감증명"], 1)
    before = case_tables(store)
    refused = signed_in("supervisor").post("/api/v1/cases", json={"ticket_id": waiting["id"]})
    assert (refused.status_code, refused.json["error"]) == (409, "wrong_status")
    refused = signed_in("staff1").post("/api/v1/cases", json={"ticket_id": seal["id"]})
    assert (refused.status_code, refused.json["error"]) == (422, "not_a_case")
    assert case_tables(store) == before
    assert officer.post("/api/v1/cases", json={"ticket_id": passport_visit["id"]}).status_code == 201
    again = officer.post("/api/v1/cases", json={"ticket_id": passport_visit["id"]})
    assert (again.status_code, again.json["error"]) == (409, "case_exists")


@pytest.mark.parametrize("body, status, code", [
    ({}, 400, "invalid_request"),
    ({"outcome": "lost"}, 400, "invalid_request"),
    ({"outcome": "granted", "note": "x"}, 400, "invalid_request"),
])
def test_bad_closings_are_refused_and_change_nothing(body, status, code, signed_in, store,
                                                     passport_visit):
    officer = signed_in("staff4")
    case_id = officer.post("/api/v1/cases", json={"ticket_id": passport_visit["id"]}).json["case"]["id"]
    before = case_tables(store)
    response = officer.post(f"/api/v1/cases/{case_id}/close", json=body)
    assert (response.status_code, response.json["error"]) == (status, code), response.json
    assert case_tables(store) == before
    assert officer.post("/api/v1/cases/987654/close", json={"outcome": "granted"}).status_code == 404
    assert officer.post(f"/api/v1/cases/{case_id}/close", json={"outcome": "granted"}).status_code == 200
    before = case_tables(store)
    twice = officer.post(f"/api/v1/cases/{case_id}/close", json={"outcome": "refused"})
    assert (twice.status_code, twice.json["error"]) == (409, "wrong_status")
    assert case_tables(store) == before


def test_cases_stay_within_their_site_and_officer(kiosk, signed_in, store, passport_visit,
                                                  tokens):
    officer = signed_in("staff4")
    case_id = officer.post("/api/v1/cases", json={"ticket_id": passport_visit["id"]}).json["case"]["id"]
    before = case_tables(store)
    branch = signed_in("hapdeok1")
    colleague = signed_in("staff3")
    assert branch.post("/api/v1/cases", json={"ticket_id": passport_visit["id"]}).status_code == 403
    # A colleague of the same site did not serve the visit.
    assert colleague.post("/api/v1/cases", json={"ticket_id": passport_visit["id"]}).status_code == 403
    for client in (branch, colleague):
        assert client.get(f"/api/v1/cases/{case_id}").status_code == 403
        assert client.post(f"/api/v1/cases/{case_id}/close",
                           json={"outcome": "granted"}).status_code == 403
        assert client.get("/api/v1/cases").json["cases"] == []
    assert colleague.get("/api/v1/cases?scope=site").status_code == 403
    assert branch.get("/api/v1/cases?scope=site&site_id=1").status_code == 403
    # Kiosks and screens have no cases at all.
    kiosk_answer = kiosk.get("/api/v1/cases")
    assert kiosk_answer.status_code == 403 and kiosk_answer.json["error"] == "forbidden"
    assert case_tables(store) == before
    supervisor = signed_in("supervisor")
    assert [c["id"] for c in supervisor.get("/api/v1/cases?scope=site").json["cases"]] == [case_id]
    assert supervisor.post(f"/api/v1/cases/{case_id}/close",
                           json={"outcome": "transferred"}).status_code == 200


def test_the_calendars_working_hours_are_a_site_setting(signed_in, store, clock, passport_visit):
    admin = signed_in("admin")
    refused = admin.patch("/api/v1/admin/sites/1", json={"settings": {"legal_working_hours": "9-18"}})
    assert refused.status_code == 400 and "09:00-12:00" in refused.json["message"]
    changed = admin.patch("/api/v1/admin/sites/1", json={
        "settings": {"legal_working_hours": "08:00-12:00, 13:00-17:00"}})
    assert changed.status_code == 200, changed.json
    case = signed_in("staff4").post("/api/v1/cases",
                                    json={"ticket_id": passport_visit["id"]}).json["case"]
    # 32 working hours from Tuesday 10:00: Tuesday 6, Wednesday to Friday 24, Monday 2.
    assert case["due_at"] == "2026-12-07T10:00:00+09:00"
    # 25.6 h: Tuesday 6, Wednesday and Thursday 16, Friday 3.6 (08:00-11:36).
    assert case["target_at"] == "2026-12-04T11:36:00+09:00"
