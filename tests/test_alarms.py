"""The counter's silent bell (server/staff/alarms.py): who may raise, take back and clear
it, what is recorded, who hears of it (staff rooms only: never a board, a counter display
or a kiosk), the calm notice on the boards, and the security contacts' messages."""

from __future__ import annotations

import email
import email.policy
import json
from pathlib import Path

import pytest

from server.staff.alarms import ALARM_DEFAULTS
from tests.conftest import STORES
from tests.support.waiting import until
from tests.test_realtime import connect, received_events


@pytest.fixture(params=STORES)
def store_kind(request) -> str:
    """The bell rings the same on both stores."""
    return request.param


def alarm_state(store) -> tuple:
    return (store.query("SELECT * FROM alarms ORDER BY id"),
            store.one("SELECT count(*) AS n FROM events")["n"],
            store.query("SELECT action FROM audit_log WHERE action LIKE 'alarm%' ORDER BY id"),
            store.query("SELECT id FROM notice_messages ORDER BY id"))


def set_alarm_settings(signed_in, site_id: int = 1, **settings) -> None:
    admin = signed_in("admin")
    changed = admin.patch(f"/api/v1/admin/sites/{site_id}", json={"settings": settings})
    assert changed.status_code == 200, changed.json


def staff_id(store, login: str) -> int:
    return store.one("SELECT id FROM staff WHERE login = ?", (login,))["id"]


def test_the_officer_at_the_counter_raises_it_once_and_it_is_recorded(signed_in, store):
    officer = signed_in("staff1")                        # seated at counter 1
    raised = officer.post("/api/v1/counters/1/alarm")
    assert raised.status_code == 201, raised.json
    alarm = raised.json["alarm"]
    assert alarm["counter"]["number"] == 1 and alarm["status"] == "open"
    assert alarm["raised_by"] == {"id": staff_id(store, "staff1"), "name": "이서연"}
    assert alarm["place"]["room"] == "민원실" and alarm["place"]["floor"] == "1층"
    assert alarm["place"]["plan"].startswith("/media/plans/")
    assert raised.json["recording_reminder"] is False
    again = officer.post("/api/v1/counters/1/alarm")      # a second press: the same alarm
    assert again.status_code == 200 and again.json["alarm"]["id"] == alarm["id"]
    [row] = store.query("SELECT * FROM alarms")
    assert (row["counter_id"], row["raised_by"], row["status"]) == (
        1, staff_id(store, "staff1"), "open")
    [entry] = store.query("SELECT * FROM audit_log WHERE action = 'alarm_raised'")
    assert entry["staff_id"] == staff_id(store, "staff1")
    listed = officer.get("/api/v1/alarms").json
    assert [a["id"] for a in listed["alarms"]] == [alarm["id"]]
    assert listed["sound"] is True and listed["false_alarm_seconds"] == 60


def test_who_may_not_raise_it_is_refused_and_nothing_changes(app, signed_in, tokens, store,
                                                              kiosk):
    before = alarm_state(store)
    cases = {
        "signed out": (app.test_client().post("/api/v1/counters/1/alarm"), 401),
        "a kiosk": (kiosk.post("/api/v1/counters/1/alarm"), 403),
        "a board": (app.test_client().post(
            "/api/v1/counters/1/alarm",
            headers={"Authorization": f"Bearer {tokens['board-1f']}"}), 403),
        "an officer at another counter": (signed_in("staff2").post("/api/v1/counters/1/alarm"), 403),
        "an officer of another site": (signed_in("hapdeok1").post("/api/v1/counters/1/alarm"), 403),
        "no such counter": (signed_in("staff1").post("/api/v1/counters/987654/alarm"), 404),
    }
    for who, (response, status) in cases.items():
        assert response.status_code == status, who
        assert response.json["error"] and response.json["message"], who
    assert signed_in("staff1").post("/api/v1/counters/abc/alarm").status_code == 404
    assert alarm_state(store) == before


def test_a_supervisor_may_raise_any_counters_alarm_of_the_site(signed_in):
    raised = signed_in("supervisor").post("/api/v1/counters/3/alarm")
    assert raised.status_code == 201, raised.json
    assert raised.json["alarm"]["counter"]["number"] == 3


def test_only_staff_rooms_hear_of_it_never_a_board_a_counter_display_or_a_kiosk(
        app, signed_in, tokens):
    board = connect(app, tokens["board-1f"])
    display = connect(app, tokens["counter-display-1"])
    kiosk_socket = connect(app, tokens["kiosk-1f"])
    colleague = connect(app, flask_client=signed_in("staff2"))
    supervisor_client = signed_in("supervisor")
    supervisor = connect(app, flask_client=supervisor_client)
    branch = connect(app, flask_client=signed_in("hapdeok1"))
    alarm = signed_in("staff1").post("/api/v1/counters/1/alarm").json["alarm"]
    assert supervisor_client.post(f"/api/v1/alarms/{alarm['id']}/clear").status_code == 200
    for screen in (board, display, kiosk_socket, branch):
        assert received_events(app, screen) == []
    for person in (colleague, supervisor):
        events = [e for e in received_events(app, person) if e["type"].startswith("alarm.")]
        assert [e["type"] for e in events] == ["alarm.raised", "alarm.cleared"]
        assert events[0]["data"]["alarm"]["counter"]["id"] == 1


def test_the_calm_notice_reaches_boards_without_a_counter_while_an_alarm_is_open(
        app, signed_in, tokens):
    set_alarm_settings(signed_in, alarm_calm_notice=True, alarm_calm_text="잠시 기다려 주세요")
    board = connect(app, tokens["board-1f"])
    display = connect(app, tokens["counter-display-1"])
    board_client = app.test_client()
    bearer = {"Authorization": f"Bearer {tokens['board-1f']}"}
    assert board_client.get("/api/v1/lobby/calm-notice", headers=bearer).json == {
        "calm_notice": None}
    alarm = signed_in("staff1").post("/api/v1/counters/1/alarm").json["alarm"]
    second = signed_in("staff2").post("/api/v1/counters/2/alarm").json["alarm"]
    assert board_client.get("/api/v1/lobby/calm-notice", headers=bearer).json == {
        "calm_notice": "잠시 기다려 주세요"}
    supervisor = signed_in("supervisor")
    supervisor.post(f"/api/v1/alarms/{alarm['id']}/clear")
    supervisor.post(f"/api/v1/alarms/{second['id']}/clear")
    events = received_events(app, board)
    assert [(e["type"], e["data"]) for e in events] == [
        ("lobby.calm_notice", {"calm_notice": "잠시 기다려 주세요"}),
        ("lobby.calm_notice", {"calm_notice": None})]
    assert received_events(app, display) == []


def test_no_calm_notice_unless_the_site_turns_it_on(app, signed_in, tokens):
    board = connect(app, tokens["board-1f"])
    signed_in("staff1").post("/api/v1/counters/1/alarm")
    assert received_events(app, board) == []


def test_the_officer_takes_it_back_within_a_minute_and_only_then(signed_in, store, clock):
    officer = signed_in("staff1")
    alarm = officer.post("/api/v1/counters/1/alarm").json["alarm"]
    other = signed_in("staff2").post(f"/api/v1/alarms/{alarm['id']}/false-alarm")
    assert (other.status_code, other.json["error"]) == (403, "forbidden")
    taken = officer.post(f"/api/v1/alarms/{alarm['id']}/false-alarm")
    assert taken.status_code == 200 and taken.json["alarm"]["status"] == "false_alarm"
    assert store.one("SELECT action, actor_id FROM audit_log WHERE action = 'alarm_false'") == {
        "action": "alarm_false", "actor_id": staff_id(store, "staff1")}
    late = officer.post("/api/v1/counters/1/alarm").json["alarm"]
    clock.advance(61)
    before = alarm_state(store)
    refused = officer.post(f"/api/v1/alarms/{late['id']}/false-alarm")
    assert (refused.status_code, refused.json["error"]) == (409, "too_late")
    assert alarm_state(store) == before


def test_supervisors_of_the_site_clear_it_once(signed_in, store):
    alarm = signed_in("staff1").post("/api/v1/counters/1/alarm").json["alarm"]
    before = alarm_state(store)
    for login, status in (("staff2", 403), ("hapdeok1", 403)):
        assert signed_in(login).post(f"/api/v1/alarms/{alarm['id']}/clear").status_code == status
    assert signed_in("supervisor").post("/api/v1/alarms/987654/clear").status_code == 404
    assert alarm_state(store) == before
    supervisor = signed_in("supervisor")
    cleared = supervisor.post(f"/api/v1/alarms/{alarm['id']}/clear")
    assert cleared.status_code == 200
    assert cleared.json["alarm"]["status"] == "cleared"
    assert cleared.json["alarm"]["ended_by"]["id"] == staff_id(store, "supervisor")
    again = supervisor.post(f"/api/v1/alarms/{alarm['id']}/clear")
    assert (again.status_code, again.json["error"]) == (409, "wrong_status")
    assert signed_in("staff1").get("/api/v1/alarms").json["alarms"] == []


def test_bad_security_contacts_are_refused_and_change_nothing(signed_in, store):
    admin = signed_in("admin")
    before = store.one("SELECT settings FROM sites WHERE id = 1")
    for settings in ({"alarm_phones": ["02-123-4567"]}, {"alarm_emails": ["not an address"]},
                     {"alarm_sound": "loud"}, {"alarm_emails": ["a@b.kr"] * 11}):
        response = admin.patch("/api/v1/admin/sites/1", json={"settings": settings})
        assert response.status_code in (400, 422), settings
        assert response.json["error"], settings
    assert store.one("SELECT settings FROM sites WHERE id = 1") == before


@pytest.mark.workers("notices")
def test_security_contacts_are_told_at_once_by_mail(app, signed_in, smtp, store):
    set_alarm_settings(signed_in, alarm_emails=["security@dangjin.example"],
                       alarm_phones=["010-9876-5432"])
    officer = signed_in("staff1")
    alarm = officer.post("/api/v1/counters/1/alarm").json["alarm"]
    until(lambda: len(smtp.messages) == 1)
    [message] = [email.message_from_bytes(m["data"], policy=email.policy.default)
                 for m in smtp.messages]
    assert message["To"] == "security@dangjin.example"
    assert "[비상벨]" in message["Subject"] and "1번 창구" in message["Subject"]
    assert "이서연" in message.get_content() and "민원실" in message.get_content()
    sms = store.one("SELECT * FROM notice_messages WHERE channel = 'sms'")
    assert (sms["kind"], sms["address"], sms["ticket_id"]) == ("alarm", "01098765432", None)
    until(lambda: store.one("SELECT status FROM notice_messages WHERE id = ?",
                            (sms["id"],))["status"] == "logged")   # no gateway configured
    officer.post(f"/api/v1/alarms/{alarm['id']}/false-alarm")
    until(lambda: len(smtp.messages) == 2)
    second = email.message_from_bytes(smtp.messages[1]["data"], policy=email.policy.default)
    assert "[비상벨 취소]" in second["Subject"]


def test_the_default_calm_text_is_the_one_the_boards_have_in_every_language():
    """The boards show the default calm text in the second language too (from their
    catalogs), recognising it by its Korean: the two must stay the same words."""
    catalogs = Path(__file__).resolve().parents[1] / "display" / "i18n"
    texts = {path.stem: json.loads(path.read_text(encoding="utf-8"))["board.calm_notice"]
             for path in catalogs.glob("*.json")}
    assert texts["ko"] == ALARM_DEFAULTS["alarm_calm_text"]
    assert sorted(texts) == ["en", "ko", "ru", "th", "vi", "zh"] and all(texts.values())
