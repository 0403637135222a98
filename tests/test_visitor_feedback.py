"""Feedback from the phone and the kiosk to its answer, and the answer read back from a
real SMTP server started by the test; the visitor's address never reaches staff and is
erased once used."""

from __future__ import annotations

import email
import email.policy

from server.workers.housekeeping import purge_feedback_emails
from tests.test_api import take
from tests.test_visitor import code_of, served


def test_kiosk_feedback_is_answered_by_email_and_the_address_erased(app, kiosk, signed_in,
                                                                   store, smtp):
    sent = kiosk.post("/api/v1/feedback", json={
        "kind": "suggestion", "text": "대기석에 충전기가 있으면 좋겠습니다.", "lang": "en",
        "email": "visitor@example.org", "consent": True})
    assert sent.status_code == 201 and sent.json["feedback"]["answer_by_email"] is True
    supervisor = signed_in("supervisor")
    listed = supervisor.get("/api/v1/feedback").json["feedback"]
    assert len(listed) == 1 and listed[0]["can_send_answer"] is True
    assert "email" not in listed[0] and "visitor@example.org" not in str(listed)
    item = listed[0]["id"]
    owned = supervisor.post(f"/api/v1/feedback/{item}", json={"owner_staff_id": 2,
                                                              "status": "in_progress"})
    assert owned.json["feedback"]["owner_staff_id"] == 2
    assert owned.json["feedback"]["status"] == "in_progress"
    answered = supervisor.post(f"/api/v1/feedback/{item}/answer",
                               json={"answer": "다음 달에 충전기를 설치하겠습니다.", "send": True})
    assert answered.status_code == 200 and answered.json["mail"] == "sent"
    assert answered.json["feedback"]["status"] == "answered"
    assert answered.json["feedback"]["can_send_answer"] is False
    [message] = smtp.messages
    assert message["to"] == ["visitor@example.org"]
    parsed = email.message_from_bytes(message["data"], policy=email.policy.default)
    assert parsed["Subject"] == "Dangjin City Hall: our answer to your feedback"
    assert "다음 달에 충전기를 설치하겠습니다." in parsed.get_content()
    row = store.one("SELECT email, consent_at, answer_sent_at FROM feedback")
    assert row["email"] is None and row["consent_at"] is None and row["answer_sent_at"]


def test_phone_complaint_names_the_ticket_officer_for_admins_only(kiosk, app, signed_in,
                                                                 store, service_ids, smtp):
    ticket, code = served(kiosk, signed_in, service_ids["인감증명"])
    visitor = app.test_client()
    sent = visitor.post(f"/api/v1/visitor/tickets/{code}/feedback", json={
        "kind": "complaint", "ground": "unkindness", "text": "설명 없이 돌려보냈습니다."})
    assert sent.status_code == 201 and sent.json["feedback"]["answer_by_email"] is False
    row = store.one("SELECT * FROM feedback")
    assert row["ticket_id"] == ticket["id"] and row["about_counter_id"] == 1
    assert row["about_staff_id"] is not None and row["channel"] == "phone"
    assert signed_in("staff1").get("/api/v1/feedback").status_code == 403
    assert signed_in("hapdeok1").get("/api/v1/feedback?site_id=1").status_code == 403
    assert signed_in("staff1").post(f"/api/v1/feedback/{row['id']}/answer",
                                    json={"answer": "x", "send": True}).status_code == 403
    answered = signed_in("admin").post(f"/api/v1/feedback/{row['id']}/answer",
                                       json={"answer": "사과드립니다.", "send": True})
    assert answered.json["mail"] == "no_contact" and smtp.messages == []


def test_feedback_rules(kiosk, app, store):
    visitor_kiosk = kiosk
    for body in ({"kind": "complaint", "text": "x"},                       # no ground
                 {"kind": "praise", "ground": "other", "text": "x"},       # ground on praise
                 {"kind": "suggestion", "text": "x", "email": "a@b.kr"},   # no consent
                 {"kind": "suggestion", "text": "x", "email": "not an address", "consent": True},
                 {"kind": "suggestion", "text": "   "}):
        assert visitor_kiosk.post("/api/v1/feedback", json=body).status_code == 400, body
    assert visitor_kiosk.post("/api/v1/feedback", json={
        "kind": "praise", "text": "친절", "about_counter_number": 77}).status_code == 404
    praise = visitor_kiosk.post("/api/v1/feedback", json={
        "kind": "praise", "text": "친절하게 도와주셨어요", "about_counter_number": 4})
    assert praise.status_code == 201
    assert store.one("SELECT about_counter_id FROM feedback")["about_counter_id"] == 4
    assert store.one("SELECT count(*) AS n FROM feedback")["n"] == 1


def test_a_failed_mail_keeps_the_address_for_a_retry_then_it_expires(kiosk, app, signed_in,
                                                                    store, clock):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=1, SMTP_FROM="minwon@dangjin.example")
    kiosk.post("/api/v1/feedback", json={"kind": "suggestion", "text": "x",
                                         "email": "v@example.org", "consent": True})
    supervisor = signed_in("supervisor")
    failed = supervisor.post("/api/v1/feedback/1/answer", json={"answer": "y", "send": True})
    assert failed.json["mail"] == "failed" and failed.json["feedback"]["can_send_answer"]
    clock.advance(15 * 86400)
    supervisor = signed_in("supervisor")  # a fortnight later: yesterday's session has ended
    listed = supervisor.get("/api/v1/feedback?site_id=1").json["feedback"]
    assert listed[0]["can_send_answer"] is False
    # Reading erases nothing; the nightly purge does.
    assert store.one("SELECT email FROM feedback")["email"] == "v@example.org"
    assert purge_feedback_emails(store, app.extensions["sunbeon.engine"], app.config) == 1
    assert store.one("SELECT email FROM feedback")["email"] is None


def test_staff_and_screens_cannot_submit_as_a_kiosk(app, tokens, signed_in):
    from tests.conftest import BearerClient
    board = BearerClient(app.test_client(), tokens["board-1f"])
    body = {"kind": "suggestion", "text": "x"}
    assert board.post("/api/v1/feedback", json=body).status_code == 403
    assert signed_in("staff1").post("/api/v1/feedback", json=body).status_code == 403
    assert app.test_client().post("/api/v1/visitor/tickets/zzzzzzzzzzzz/feedback",
                                  json=body).status_code == 404


def test_old_tickets_give_no_feedback_route(kiosk, app, clock, service_ids):
    ticket = take(kiosk, service_ids["인감증명"])
    clock.advance(86400)
    response = app.test_client().post(f"/api/v1/visitor/tickets/{code_of(ticket)}/feedback",
                                      json={"kind": "suggestion", "text": "x"})
    assert response.status_code == 404


def test_an_answer_given_by_phone_is_recorded_without_mail(kiosk, signed_in, store, smtp):
    kiosk.post("/api/v1/feedback", json={"kind": "suggestion", "text": "x",
                                         "email": "v@example.org", "consent": True})
    answered = signed_in("supervisor").post("/api/v1/feedback/1/answer",
                                            json={"answer": "전화로 답했습니다.", "send": False})
    assert answered.json["mail"] == "not_sent" and smtp.messages == []
    assert answered.json["feedback"]["status"] == "answered"


def test_confirmed_unkindness_is_counted_per_officer_for_admins_only(kiosk, app, signed_in,
                                                                    store, service_ids):
    visitor = app.test_client()
    supervisor = signed_in("supervisor")
    for n in range(3):
        _, code = served(kiosk, signed_in, service_ids["인감증명"])
        visitor.post(f"/api/v1/visitor/tickets/{code}/feedback", json={
            "kind": "complaint", "ground": "unkindness", "text": f"불친절 {n}"})
    ids = [f["id"] for f in supervisor.get("/api/v1/feedback").json["feedback"]]
    kiosk.post("/api/v1/feedback", json={"kind": "suggestion", "text": "x"})
    assert supervisor.post("/api/v1/feedback/4", json={"confirmed": True}).status_code == 400
    for feedback_id in ids[:2]:
        confirmed = supervisor.post(f"/api/v1/feedback/{feedback_id}", json={"confirmed": True})
        assert confirmed.json["feedback"]["confirmed_at"]
    for login in ("staff1", "supervisor"):
        assert signed_in(login).get("/api/v1/feedback/unkindness-counts").status_code == 403
    admin = signed_in("admin")
    [officer] = admin.get("/api/v1/feedback/unkindness-counts?site_id=1").json["officers"]
    assert officer["confirmed"] == 2 and officer["flagged"] is False
    supervisor.post(f"/api/v1/feedback/{ids[2]}", json={"confirmed": True})
    [officer] = admin.get("/api/v1/feedback/unkindness-counts").json["officers"]
    assert officer["confirmed"] == 3 and officer["flagged"] is True
    supervisor.post(f"/api/v1/feedback/{ids[2]}", json={"confirmed": False})
    [officer] = admin.get("/api/v1/feedback/unkindness-counts").json["officers"]
    assert officer["confirmed"] == 2
    log = store.query("SELECT staff_id, what FROM access_log")
    assert len(log) == 3 and {r["what"] for r in log} == {"unkindness_counts"}


def test_the_compensation_register_needs_two_admins_and_no_one_else(app, signed_in, store,
                                                                    kiosk):
    from server.auth import hash_password
    from server.demo import DEMO_PASSWORD
    with store.write() as tx:
        tx.insert("staff", {"login": "admin2", "name": "둘째 관리자", "role": "admin",
                            "password_hash": hash_password(DEMO_PASSWORD)})
    first, second = signed_in("admin"), signed_in("admin2")
    body = {"site_id": 1, "ground": "came_twice", "what": "서류 안내 누락으로 두 번 방문",
            "recipient": "A-014 번호표 방문자"}
    for login in ("supervisor", "staff1"):
        client = signed_in(login)
        assert client.post("/api/v1/compensations", json=body).status_code == 403
        assert client.get("/api/v1/compensations").status_code == 403
    assert kiosk.get("/api/v1/compensations").status_code == 403
    assert first.post("/api/v1/compensations", json={**body, "ground": "late"}).status_code == 400
    assert first.post("/api/v1/compensations", json={**body, "staff_id": 987}).status_code == 404
    case = first.post("/api/v1/compensations", json=body).json["compensation"]
    assert case["status"] == "proposed" and case["amount_won"] == 10000
    url = f"/api/v1/compensations/{case['id']}"
    assert first.post(url, json={"action": "approve"}).json["error"] == "four_eyes"
    assert second.post(url, json={"action": "hand_over"}).status_code == 409
    approved = second.post(url, json={"action": "approve"}).json["compensation"]
    assert approved["status"] == "approved" and approved["decided_at"]
    handed = first.post(url, json={"action": "hand_over"}).json["compensation"]
    assert handed["status"] == "handed_over" and handed["handed_over_at"]
    assert second.post(url, json={"action": "reject"}).status_code == 409
    assert [c["id"] for c in first.get("/api/v1/compensations?site_id=1").json["compensations"]] == [case["id"]]
