"""The staff desk's API: the console's state, callbacks, appointments and their kiosk
check-in, supervisors' alerts and commands, colleagues taking over, and every refusal."""

from __future__ import annotations

import json

import pytest

from server.staff import watch
from tests.conftest import STORES, BearerClient
from tests.test_realtime import connect, received_events

PHONE = "010-1234-5678"


@pytest.fixture(params=STORES)
def store_kind(request) -> str:
    return request.param


def take(kiosk, service_id) -> dict:
    response = kiosk.post("/api/v1/tickets", json={"service_id": service_id})
    assert response.status_code == 201, response.json
    return response.json["ticket"]


def staff_id(store, login: str) -> int:
    return store.one("SELECT id FROM staff WHERE login = ?", (login,))["id"]


def at(clock, minutes: float) -> str:
    """An ISO time `minutes` from the test clock's now, with its offset."""
    from server.infra.clock import iso
    return iso(clock.now() + minutes * 60)


def desk_tables(store) -> tuple:
    """What a refused desk request must leave as it was."""
    return (store.query("SELECT * FROM callbacks ORDER BY id"),
            store.query("SELECT * FROM appointments ORDER BY id"),
            store.query("SELECT * FROM tickets ORDER BY id"),
            store.query("SELECT * FROM counter_services ORDER BY counter_id, service_id"),
            store.query("SELECT id, paused FROM services ORDER BY id"),
            # Kiosk tickets are printed meanwhile, by another thread: those events aside.
            store.one("SELECT count(*) AS n FROM events WHERE type NOT LIKE 'print%'"))


def set_site_setting(store, key: str, value) -> None:
    with store.write() as tx:       # in Python, not json_set(): the same on both stores
        settings = json.loads(tx.one("SELECT settings FROM sites WHERE id = 1")["settings"])
        tx.execute("UPDATE sites SET settings = ? WHERE id = 1",
                   (json.dumps({**settings, key: value}),))


# ---- the console's state ------------------------------------------------------------

def test_the_desk_shows_my_counter_my_queue_and_who_is_next(kiosk, signed_in, service_ids):
    seal = take(kiosk, service_ids["인감증명"])
    take(kiosk, service_ids["여권"])                 # counter 4's, not mine
    family = take(kiosk, service_ids["가족관계 증명"])
    officer = signed_in("staff1")
    desk = officer.get("/api/v1/desk").json
    assert desk["me"]["name"] == "이서연" and desk["counter"]["number"] == 1
    assert [t["id"] for t in desk["queue"]] == [seal["id"], family["id"]]
    assert [t["next"] for t in desk["queue"]] == [True, False]
    assert desk["queue"][0]["arrived_at"] and desk["current"] is None
    assert desk["settings"]["supervisor_alert_minutes"] == 5
    officer.post("/api/v1/counters/1/call-next")
    desk = officer.get("/api/v1/desk").json
    assert desk["current"]["id"] == seal["id"] and [t["id"] for t in desk["queue"]] == [family["id"]]


def test_the_desk_tells_which_actions_each_ticket_allows(kiosk, signed_in, service_ids):
    """The console offers what the engine's lifecycle allows, and knows no rule of its own."""
    seal = take(kiosk, service_ids["인감증명"])
    officer = signed_in("staff1")
    waiting = officer.get("/api/v1/desk").json["queue"][0]
    assert waiting["allowed"] == ["call", "cancel", "transfer"]
    officer.post("/api/v1/counters/1/call-next")
    called = officer.get("/api/v1/desk").json["current"]
    assert called["allowed"] == ["recall", "start", "finish", "no-show", "cancel", "hold",
                                 "transfer", "reprint"]
    officer.post(f"/api/v1/tickets/{seal['id']}/start")
    assert officer.get("/api/v1/desk").json["current"]["allowed"] == [
        "finish", "hold", "transfer", "reprint"]
    officer.post(f"/api/v1/tickets/{seal['id']}/hold")
    desk = officer.get("/api/v1/desk").json
    assert desk["current"] is None
    assert desk["held"][0]["allowed"] == ["call", "cancel", "return", "transfer"]


def test_an_officer_without_a_counter_has_an_office_desk(signed_in):
    desk = signed_in("supervisor").get("/api/v1/desk").json
    assert desk["counter"] is None and desk["queue"] == [] and desk["me"]["role"] == "supervisor"


def test_devices_have_no_desk(kiosk):
    assert kiosk.get("/api/v1/desk").status_code == 403


# ---- callbacks ----------------------------------------------------------------------

def test_a_callback_from_record_to_purge(app, signed_in, store, clock):
    owner = connect(app, flask_client=signed_in("staff1"))
    colleague = signed_in("staff2")
    made = colleague.post("/api/v1/callbacks", json={
        "owner_staff_id": staff_id(store, "staff1"), "topic": "인감 위임장 문의",
        "promised_at": at(clock, 60), "phone": PHONE, "phone_consent": True})
    assert made.status_code == 201, made.json
    callback = made.json["callback"]
    assert callback["phone_masked"] == "010-****-5678" and callback["overdue"] is False
    assert callback["owner"]["name"] == "이서연" and callback["created_by"]["name"] == "박준호"
    assert "phone" not in callback

    seen = [e for e in received_events(app, owner) if e["type"] == "callback.created"]
    assert seen[0]["data"]["callback"]["id"] == callback["id"]
    mine = signed_in("staff1").get("/api/v1/callbacks").json["callbacks"]
    assert [c["id"] for c in mine] == [callback["id"]]
    assert colleague.get("/api/v1/callbacks").json["callbacks"][0]["phone_masked"] == "010-****-5678"

    # Only the owner sees the number, to call back.
    url = f"/api/v1/callbacks/{callback['id']}/phone"
    assert colleague.get(url).status_code == 403
    assert signed_in("supervisor").get(url).status_code == 403
    assert signed_in("staff1").get(url).json == {"phone": PHONE}

    clock.advance(61 * 60)
    assert signed_in("staff1").get("/api/v1/callbacks").json["callbacks"][0]["overdue"] is True
    done = signed_in("staff1").post(f"/api/v1/callbacks/{callback['id']}/done",
                                    json={"note": "통화 완료"})
    assert done.status_code == 200 and done.json["callback"]["status"] == "done"
    row = store.one("SELECT phone, status FROM callbacks WHERE id = ?", (callback["id"],))
    assert row == {"phone": None, "status": "done"}   # erased, not hidden
    assert signed_in("staff1").get(url).status_code == 404
    assert signed_in("staff1").get("/api/v1/callbacks").json["callbacks"] == []
    # The number never entered the event log.
    assert not store.one("SELECT 1 AS leak FROM events WHERE data LIKE '%12345678%' "
                         "OR data LIKE '%1234-5678%'")


def test_a_callback_without_a_phone_needs_no_consent(signed_in, store, clock):
    response = signed_in("staff2").post("/api/v1/callbacks", json={
        "owner_staff_id": staff_id(store, "staff1"), "topic": "서류 보완 안내",
        "promised_at": at(clock, 30)})
    assert response.status_code == 201 and response.json["callback"]["phone_masked"] is None


@pytest.mark.parametrize("change, status, code", [
    ({"phone_consent": False}, 422, "consent_required"),
    ({"phone": "12345"}, 422, "invalid_phone"),
    ({"promised_at": "2026-12-01T11:00:00"}, 400, "invalid_request"),   # no offset
    ({"promised_at": "tomorrow-ish"}, 400, "invalid_request"),
    ({"promised_at": "2026-11-30T11:00:00+09:00"}, 422, "time_in_past"),
    ({"topic": "  "}, 400, "invalid_request"),
    ({"owner_staff_id": 987654}, 404, "not_found"),
])
def test_bad_callbacks_are_refused_and_change_nothing(change, status, code, signed_in, store, clock):
    body = {"owner_staff_id": staff_id(store, "staff1"), "topic": "문의",
            "promised_at": at(clock, 60), "phone": PHONE, "phone_consent": True, **change}
    before = desk_tables(store)
    response = signed_in("staff2").post("/api/v1/callbacks", json=body)
    assert (response.status_code, response.json["error"]) == (status, code), response.json
    assert response.json["message"]
    assert desk_tables(store) == before


def test_callbacks_stay_within_their_site_and_owner(signed_in, store, clock):
    made = signed_in("staff2").post("/api/v1/callbacks", json={
        "owner_staff_id": staff_id(store, "staff1"), "topic": "문의", "promised_at": at(clock, 60)})
    callback_id = made.json["callback"]["id"]
    before = desk_tables(store)
    branch = signed_in("hapdeok1")
    assert branch.post("/api/v1/callbacks", json={
        "owner_staff_id": staff_id(store, "staff1"), "topic": "문의",
        "promised_at": at(clock, 60)}).status_code == 403
    assert branch.post(f"/api/v1/callbacks/{callback_id}/done", json={}).status_code == 403
    assert signed_in("staff3").post(f"/api/v1/callbacks/{callback_id}/done", json={}).status_code == 403
    assert signed_in("staff3").get("/api/v1/callbacks?scope=site").status_code == 403
    assert desk_tables(store) == before
    listed = signed_in("supervisor").get("/api/v1/callbacks?scope=site").json["callbacks"]
    assert [c["id"] for c in listed] == [callback_id]
    assert signed_in("supervisor").post(f"/api/v1/callbacks/{callback_id}/done",
                                        json={}).status_code == 200
    assert signed_in("supervisor").post(f"/api/v1/callbacks/{callback_id}/done",
                                        json={}).status_code == 409


# ---- appointments -------------------------------------------------------------------

def book(client, store, clock, service_id, officer="staff1", minutes=30, topic="인감 상담"):
    response = client.post("/api/v1/appointments", json={
        "service_id": service_id, "staff_id": staff_id(store, officer),
        "at": at(clock, minutes), "topic": topic})
    assert response.status_code == 201, response.json
    return response.json["appointment"]


def test_an_appointment_from_booking_to_kiosk_check_in_to_call(app, kiosk, signed_in, store,
                                                               clock, service_ids):
    seal = service_ids["인감증명"]
    officer_socket = connect(app, flask_client=signed_in("staff1"))
    appointment = book(signed_in("staff2"), store, clock, seal, minutes=30)
    assert len(appointment["code"]) == 6 and appointment["code"].isdigit()
    assert appointment["status"] == "booked" and appointment["officer"]["name"] == "이서연"
    booked = [e for e in received_events(app, officer_socket) if e["type"] == "appointment.booked"]
    assert booked and "code" not in booked[0]["data"]["appointment"]   # the visitor's key

    walk_in = take(kiosk, seal)
    code = appointment["code"]
    checked = kiosk.post("/api/v1/appointments/check-in",
                         json={"code": f"{code[:3]} {code[3:]}", "lang": "vi"})
    assert checked.status_code == 201, checked.json
    ticket = checked.json["ticket"]
    # The kiosk's language is the visit's, as for a walk-in's ticket.
    assert store.one("SELECT lang FROM tickets WHERE id = ?", (ticket["id"],))["lang"] == "vi"
    assert ticket["appointment_at"] == appointment["at"] and ticket["link"]
    assert checked.json["appointment"]["status"] == "checked_in"
    again = kiosk.post("/api/v1/appointments/check-in", json={"code": code})
    assert again.status_code == 200 and again.json["ticket"]["id"] == ticket["id"]
    assert store.one("SELECT count(*) AS n FROM tickets")["n"] == 2

    # Reserved for the officer: a colleague serving the same service cannot call it.
    refused = signed_in("staff2").post("/api/v1/counters/2/call", json={"ticket_id": ticket["id"]})
    assert refused.status_code == 403
    # Not yet due: the walk-in goes first; once due, the appointment does.
    officer = signed_in("staff1")
    first = officer.post("/api/v1/counters/1/call-next").json["ticket"]
    assert first["id"] == walk_in["id"]
    officer.post(f"/api/v1/tickets/{first['id']}/finish", json={})
    clock.advance(22 * 60)
    assert officer.post("/api/v1/counters/1/call-next").json["ticket"]["id"] == ticket["id"]
    listed = officer.get("/api/v1/appointments").json["appointments"]
    assert [(a["id"], a["status"], a["ticket_id"]) for a in listed] == [
        (appointment["id"], "checked_in", ticket["id"])]


def test_missed_appointments_are_marked(app, kiosk, signed_in, store, clock, service_ids):
    supervisor = connect(app, flask_client=signed_in("supervisor"))
    appointment = book(signed_in("staff1"), store, clock, service_ids["인감증명"], minutes=20)
    watch.tick(store, app.extensions["sunbeon.engine"])
    assert store.one("SELECT status FROM appointments")["status"] == "booked"
    clock.advance((20 + 15 + 1) * 60)   # the time, the grace, and a minute
    watch.tick(store, app.extensions["sunbeon.engine"])
    missed = [e for e in received_events(app, supervisor) if e["type"] == "appointment.missed"]
    assert [e["data"]["appointment"]["id"] for e in missed] == [appointment["id"]]
    late = kiosk.post("/api/v1/appointments/check-in", json={"code": appointment["code"]})
    assert late.status_code == 409 and late.json["error"] == "appointment_missed"
    overview = signed_in("supervisor").get("/api/v1/supervisor/overview").json
    assert [a["id"] for a in overview["alerts"]["missed_appointments"]] == [appointment["id"]]


def test_reading_shows_missed_appointments_and_long_waits_but_only_the_watch_records_them(
        app, kiosk, signed_in, store, clock, service_ids):
    engine = app.extensions["sunbeon.engine"]
    supervisor_socket = connect(app, flask_client=signed_in("supervisor"))
    appointment = book(signed_in("staff1"), store, clock, service_ids["인감증명"], minutes=20)
    ticket = take(kiosk, service_ids["여권"])
    clock.advance((20 + 15 + 1) * 60)   # the appointment's time and grace; a long wait
    before = desk_tables(store)
    listed = signed_in("staff1").get("/api/v1/appointments").json["appointments"]
    assert [(a["id"], a["status"]) for a in listed] == [(appointment["id"], "missed")]
    overview = signed_in("supervisor").get("/api/v1/supervisor/overview").json
    assert [a["id"] for a in overview["alerts"]["missed_appointments"]] == [appointment["id"]]
    assert [a["ticket_id"] for a in overview["alerts"]["waiting"]] == [ticket["id"]]
    late = kiosk.post("/api/v1/appointments/check-in", json={"code": appointment["code"]})
    assert late.status_code == 409 and late.json["error"] == "appointment_missed"
    # Nothing of it was written by reading (nor by the refused check-in).
    assert desk_tables(store) == before
    assert store.one("SELECT count(*) AS n FROM wait_alerts")["n"] == 0
    assert not [e for e in received_events(app, supervisor_socket)
                if e["type"] in ("appointment.missed", "alert.waiting")]
    watch.tick(store, engine)
    assert store.one("SELECT status FROM appointments")["status"] == "missed"
    assert sorted(e["type"] for e in received_events(app, supervisor_socket)
                  if e["type"] in ("appointment.missed", "alert.waiting")) == [
        "alert.waiting", "appointment.missed"]


def test_check_in_refusals(app, tokens, kiosk, signed_in, store, clock, service_ids):
    later = book(signed_in("staff1"), store, clock, service_ids["인감증명"], minutes=120)
    before = desk_tables(store)
    early = kiosk.post("/api/v1/appointments/check-in", json={"code": later["code"]})
    assert early.status_code == 409 and early.json["error"] == "too_early"
    assert early.json["opens_at"] == at(clock, 60)
    unknown = "000000" if later["code"] != "000000" else "111111"
    assert kiosk.post("/api/v1/appointments/check-in", json={"code": unknown}).status_code == 404
    for malformed in ("12ab56", "1234567", "12-34"):
        assert kiosk.post("/api/v1/appointments/check-in", json={"code": malformed}).status_code == 400
    board = BearerClient(app.test_client(), tokens["board-1f"])
    branch_kiosk = BearerClient(app.test_client(), tokens["kiosk-hapdeok"])
    assert board.post("/api/v1/appointments/check-in", json={"code": later["code"]}).status_code == 403
    assert signed_in("staff1").post("/api/v1/appointments/check-in",
                                    json={"code": later["code"]}).status_code == 403
    assert branch_kiosk.post("/api/v1/appointments/check-in",
                             json={"code": later["code"]}).status_code == 404
    assert desk_tables(store) == before


def test_bad_appointments_are_refused_and_change_nothing(signed_in, store, clock, service_ids):
    client = signed_in("staff1")
    before = desk_tables(store)
    seal = service_ids["인감증명"]
    for body, status in (
            ({"at": at(clock, -5)}, 422),                                   # past
            ({"at": at(clock, 60 * 24 * 100)}, 422),                        # too far ahead
            ({"staff_id": staff_id(store, "hapdeok1")}, 404),               # other site
            ({"service_id": 987654}, 404),
            ({"at": "next tuesday"}, 400)):
        response = client.post("/api/v1/appointments", json={
            "service_id": seal, "staff_id": staff_id(store, "staff1"), "at": at(clock, 30),
            **body})
        assert response.status_code == status, (body, response.json)
        assert response.json["message"]
    assert signed_in("hapdeok1").post("/api/v1/appointments", json={
        "service_id": seal, "staff_id": staff_id(store, "staff1"),
        "at": at(clock, 30)}).status_code == 403
    assert desk_tables(store) == before


def test_who_may_cancel_an_appointment(signed_in, store, clock, service_ids):
    appointment = book(signed_in("staff2"), store, clock, service_ids["인감증명"], officer="staff1")
    url = f"/api/v1/appointments/{appointment['id']}/cancel"
    assert signed_in("staff3").post(url).status_code == 403
    assert signed_in("staff1").post(url).json["appointment"]["status"] == "cancelled"
    assert signed_in("staff2").post(url).status_code == 409


# ---- visitor first: supervisors alerted after the admin-set wait ------------------------

def test_a_long_wait_alerts_the_supervisor_once(app, kiosk, signed_in, store, clock, service_ids):
    set_site_setting(store, "supervisor_alert_minutes", 3)
    engine = app.extensions["sunbeon.engine"]
    supervisor = connect(app, flask_client=signed_in("supervisor"))
    officer = connect(app, flask_client=signed_in("staff1"))
    ticket = take(kiosk, service_ids["인감증명"])
    clock.advance(2 * 60)
    watch.tick(store, engine)
    assert not [e for e in received_events(app, supervisor) if e["type"] == "alert.waiting"]
    clock.advance(61)
    watch.tick(store, engine)
    watch.tick(store, engine)   # once per ticket, however often it is checked
    alerts = [e for e in received_events(app, supervisor) if e["type"] == "alert.waiting"]
    assert len(alerts) == 1
    assert alerts[0]["data"]["minutes"] == 3
    assert [(a["display_number"], a["waited_minutes"]) for a in alerts[0]["data"]["alerts"]] == [
        (ticket["display_number"], 3)]
    assert not [e for e in received_events(app, officer) if e["type"] == "alert.waiting"]
    waiting = signed_in("supervisor").get("/api/v1/supervisor/overview").json["alerts"]["waiting"]
    assert [a["ticket_id"] for a in waiting] == [ticket["id"]]
    signed_in("staff1").post("/api/v1/counters/1/call-next")
    assert signed_in("supervisor").get("/api/v1/supervisor/overview").json["alerts"]["waiting"] == []


def test_a_visitor_early_for_an_appointment_waits_from_its_time(app, kiosk, signed_in, store,
                                                                clock, service_ids):
    engine = app.extensions["sunbeon.engine"]
    supervisor = connect(app, flask_client=signed_in("supervisor"))
    appointment = book(signed_in("staff1"), store, clock, service_ids["인감증명"], minutes=40)
    assert kiosk.post("/api/v1/appointments/check-in",
                      json={"code": appointment["code"]}).status_code == 201
    clock.advance(30 * 60)            # half an hour in the lobby, but their time is still to come
    watch.tick(store, engine)
    assert not [e for e in received_events(app, supervisor) if e["type"] == "alert.waiting"]
    clock.advance(16 * 60)            # six minutes past the agreed time
    watch.tick(store, engine)
    alert = [e for e in received_events(app, supervisor) if e["type"] == "alert.waiting"][0]
    assert alert["data"]["alerts"][0]["waited_minutes"] == 6


# ---- supervisor view and commands ---------------------------------------------------

def test_the_supervisor_sees_every_counter_queue_and_officer(kiosk, signed_in, store, clock,
                                                             service_ids):
    first = take(kiosk, service_ids["여권"])
    clock.advance(90)
    take(kiosk, service_ids["여권"])
    signed_in("staff6").post("/api/v1/staff/me/presence", json={
        "presence": "away", "away_until": "2026-12-01T10:30:00+09:00"})
    overview = signed_in("supervisor").get("/api/v1/supervisor/overview").json
    counters = {c["number"]: c for c in overview["counters"]}
    assert counters[4]["officer"]["name"] == "정우진" and counters[4]["open"] is True
    assert counters[3]["officer"] is None and counters[3]["open"] is False
    passport = next(s for s in overview["services"] if s["service_id"] == service_ids["여권"])
    assert passport["waiting"] == 2 and passport["oldest_arrival_at"] == first["issued_at"]
    assert passport["counters_available"] == 1 and passport["paused"] is False
    people = {p["name"]: p for p in overview["staff"]}
    assert people["윤성민"]["presence"] == "away"
    assert people["윤성민"]["away_until"] == "2026-12-01T10:30:00+09:00"
    assert "phone" not in people["윤성민"] and "login" not in people["윤성민"]
    for login in ("staff1", "hapdeok1"):
        assert signed_in(login).get("/api/v1/supervisor/overview?site_id=1").status_code == 403


def test_a_supervisor_moves_an_officer_to_another_service(app, kiosk, signed_in, store,
                                                          service_ids):
    passport = service_ids["여권"]
    officer_client = signed_in("staff2")
    officer = connect(app, flask_client=officer_client)
    before = desk_tables(store)
    assert signed_in("staff1").put("/api/v1/counters/2/services",
                                   json={"service_ids": [passport]}).status_code == 403
    branch_service = store.one("SELECT id FROM services WHERE site_id = 2")["id"]
    assert signed_in("supervisor").put("/api/v1/counters/2/services",
                                       json={"service_ids": [branch_service]}).status_code == 404
    assert desk_tables(store) == before

    moved = signed_in("supervisor").put("/api/v1/counters/2/services",
                                        json={"service_ids": [passport]})
    assert moved.status_code == 200 and moved.json["counter"]["service_ids"] == [passport]
    updated = [e for e in received_events(app, officer) if e["type"] == "counter.updated"]
    assert updated[0]["data"]["counter"]["service_ids"] == [passport]
    # The console rejoins its rooms and from then on hears the passport queue.
    assert f"service:{passport}" in officer.emit("rejoin", callback=True)["rooms"]
    ticket = take(kiosk, passport)
    issued = [e for e in received_events(app, officer) if e["type"] == "ticket.issued"]
    assert issued[0]["data"]["ticket"]["id"] == ticket["id"]
    assert [t["id"] for t in officer_client.get("/api/v1/desk").json["queue"]] == [ticket["id"]]


def test_a_paused_service_issues_no_numbers_until_reopened(app, tokens, kiosk, signed_in, store,
                                                           service_ids):
    seal = service_ids["인감증명"]
    board = connect(app, tokens["board-1f"])
    waiting = take(kiosk, seal)
    before = desk_tables(store)
    assert signed_in("staff1").post(f"/api/v1/services/{seal}/pause").status_code == 403
    assert signed_in("supervisor").post(f"/api/v1/services/{seal}/resume").status_code == 409
    assert desk_tables(store) == before

    paused = signed_in("supervisor").post(f"/api/v1/services/{seal}/pause")
    assert paused.status_code == 200 and paused.json["service"]["availability"]["reason"] == "paused"
    event = [e for e in received_events(app, board) if e["type"] == "service.paused"][0]
    assert event["data"]["service"]["id"] == seal and event["data"]["queues"][0]["waiting"] == 1
    refused = kiosk.post("/api/v1/tickets", json={"service_id": seal})
    assert refused.status_code == 409 and refused.json["reason"] == "paused"
    # Those already waiting are still served.
    assert signed_in("staff1").post("/api/v1/counters/1/call-next").json["ticket"]["id"] == waiting["id"]
    assert signed_in("supervisor").post(f"/api/v1/services/{seal}/resume").status_code == 200
    assert [e["type"] for e in received_events(app, board)][-1] == "service.resumed"
    take(kiosk, seal)


def test_pausing_a_paused_service_is_refused_by_the_engine(engine, store, service_ids):
    from server.queue import QueueError
    seal = service_ids["인감증명"]
    engine.set_paused(seal, True)
    events = store.one("SELECT count(*) AS n FROM events")["n"]
    with pytest.raises(QueueError) as refused:
        engine.set_paused(seal, True)
    assert (refused.value.code, refused.value.status) == ("wrong_status", 409)
    assert store.one("SELECT count(*) AS n FROM events")["n"] == events
    engine.set_paused(seal, False)
    with pytest.raises(QueueError):
        engine.set_paused(seal, False)


# ---- an away officer's visitors -------------------------------------------------------

def test_an_away_officers_visitors_are_offered_and_taken_over(kiosk, signed_in, store, clock,
                                                              service_ids):
    passport = service_ids["여권"]
    first = take(kiosk, passport)
    clock.advance(60)
    second = take(kiosk, passport)
    passport_officer = signed_in("staff4")
    colleague = signed_in("staff1")
    staff4 = staff_id(store, "staff4")
    assert colleague.get("/api/v1/desk").json["offers"] == []
    refused = colleague.post(f"/api/v1/staff/{staff4}/take-over")
    assert refused.status_code == 409 and refused.json["error"] == "officer_available"

    passport_officer.post("/api/v1/staff/me/presence", json={"presence": "away"})
    offers = colleague.get("/api/v1/desk").json["offers"]
    assert [(o["staff"]["name"], [t["id"] for t in o["tickets"]]) for o in offers] == [
        ("정우진", [first["id"], second["id"]])]
    before = desk_tables(store)
    assert signed_in("hapdeok1").post(f"/api/v1/staff/{staff4}/take-over").status_code == 403
    assert signed_in("supervisor").post(f"/api/v1/staff/{staff4}/take-over").status_code == 409
    assert desk_tables(store) == before

    walk_in = take(kiosk, service_ids["인감증명"])   # came after both passport visitors
    taken = colleague.post(f"/api/v1/staff/{staff4}/take-over")
    assert [t["id"] for t in taken.json["tickets"]] == [first["id"], second["id"]]
    queue = colleague.get("/api/v1/desk").json["queue"]
    assert [(t["id"], t["for_me"]) for t in queue] == [
        (first["id"], True), (second["id"], True), (walk_in["id"], False)]   # places kept
    assert colleague.get("/api/v1/desk").json["offers"] == []
    assert colleague.post("/api/v1/counters/1/call-next").json["ticket"]["id"] == first["id"]


# ---- roles over the socket --------------------------------------------------------------

def test_staff_cannot_act_or_listen_beyond_their_counter_over_the_socket(app, kiosk, signed_in,
                                                                        store, service_ids):
    ticket = take(kiosk, service_ids["여권"])
    signed_in("staff4").post("/api/v1/counters/4/call-next")
    intruder = connect(app, flask_client=signed_in("staff1"))
    before = desk_tables(store)
    for name, payload in (("finish", {"ticket_id": ticket["id"]}),
                          ("call_next", {"counter_id": 4}),
                          ("take_over", {"staff_id": staff_id(store, "staff4")}),
                          ("event", {"type": "ticket.finished", "data": {"ticket": ticket}})):
        assert intruder.emit(name, payload, callback=True) is None   # no such command
    rooms = intruder.emit("rejoin", {"counter_id": 4}, callback=True)["rooms"]
    assert "counter:4" not in rooms and f"service:{service_ids['여권']}" not in rooms
    assert desk_tables(store) == before
    signed_in("staff4").post(f"/api/v1/tickets/{ticket['id']}/recall")
    assert not [e for e in received_events(app, intruder) if e["type"].startswith("ticket.")]


# ---- the console's catalog ----------------------------------------------------------------

def test_every_label_the_console_uses_is_in_its_catalog_in_both_languages():
    import re
    from pathlib import Path

    from server.staff.pages import labels
    folder = Path(__file__).resolve().parents[1] / "server" / "staff"
    catalog = labels()
    used = set()
    for path in [*folder.glob("static/*.js"), *folder.glob("templates/**/*.html")]:
        source = path.read_text("utf-8")
        used |= set(re.findall(r"(?:bi|both|text)\(\s*'([a-z_]+\.[a-z_]+)'", source))
        used |= set(re.findall(r"labels\['([a-z_]+\.[a-z_]+)'\]", source))
        used |= set(re.findall(r"action\('[a-z-]+', '([a-z_]+\.[a-z_]+)'", source))
    # Keys built from a value: every value they can take.
    used |= {f"status.{s}" for s in ("called", "serving")}
    used |= {f"presence.{p}" for p in ("available", "away", "closed")}
    used |= {f"offers.{p}" for p in ("away", "closed")}
    used |= {f"appointment.{s}" for s in ("booked", "checked_in", "missed", "cancelled")}
    assert used - set(catalog) == set()
    for key, entry in catalog.items():
        assert set(entry) == {"ko", "en"} and entry["ko"] and entry["en"], key
        assert set(re.findall(r"\{\w+\}", entry["ko"])) == set(re.findall(r"\{\w+\}", entry["en"])), key
