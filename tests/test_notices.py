"""Notices to visitors who asked for them at the kiosk: "near", "called" and "thank you"
read back from a real SMTP server and a real HTTP SMS gateway started by the tests; the
outbox's retries, backoff and at-most-once sending; consent and validation."""

from __future__ import annotations

import email
import email.policy
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from server.visitor import outbox
from tests.support.server import free_port
from tests.support.waiting import until
from tests.test_api import fingerprint, take
from tests.test_visitor import code_of

pytestmark = pytest.mark.workers("notices")  # the notice sender follows the event log

ADDRESS = "visitor@example.org"
PHONE = "010-2345-6789"


class SmsGateway(ThreadingHTTPServer):
    """A provider's HTTP API: answers as scripted ("fail" = 500, "slow" = accepts, then
    answers too late), and like real providers delivers a message key only once."""

    daemon_threads = True

    def __init__(self, port: int = 0, script=()):
        super().__init__(("127.0.0.1", port), _GatewayHandler)
        self.script = list(script)
        self.requests: list[dict] = []
        self.delivered: dict[str, dict] = {}
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/messages"

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class _GatewayHandler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        key = self.headers["Idempotency-Key"]
        gateway = self.server
        gateway.requests.append({"key": key, "auth": self.headers["Authorization"], **body})
        step = gateway.script.pop(0) if gateway.script else "ok"
        if step in ("fail", "reject"):
            self.send_response(500 if step == "fail" else 400)
            self.end_headers()
            return
        if key not in gateway.delivered:
            gateway.delivered[key] = body["message"]
        if step == "slow":
            time.sleep(1.5)  # past the client's timeout: it cannot know this was accepted
        answer = json.dumps({"messageId": f"M-{list(gateway.delivered).index(key) + 1}"})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(answer.encode())


@pytest.fixture
def notices(app):
    return app.extensions["sunbeon.notices"]


def ask(kiosk, ticket, **body):
    return kiosk.post(f"/api/v1/tickets/{ticket['id']}/notices",
                      json={"consent": True, **body})


def messages(store):
    return store.query("SELECT * FROM notice_messages ORDER BY id")


def mails(sink):
    return [email.message_from_bytes(m["data"], policy=email.policy.default)
            for m in sink.messages]


def test_near_called_and_thanks_arrive_by_email_in_the_visitors_language(
        app, kiosk, signed_in, store, smtp, service_ids):
    seal = service_ids["인감증명"]
    others = [take(kiosk, seal) for _ in range(4)]
    mine = take(kiosk, seal)
    asked = ask(kiosk, mine, email=ADDRESS, lang="en")
    assert asked.status_code == 201, asked.json
    assert asked.json["notices"]["email"] == "v******@example.org"
    assert asked.json["notices"]["kept_until"] == "2026-12-01T23:59:59+09:00"

    staff = signed_in("staff1")
    first = staff.post("/api/v1/counters/1/call-next").json["ticket"]
    assert first["id"] == others[0]["id"]                  # 3 ahead now: "near"
    [near] = until(lambda: mails(smtp))
    assert near["To"] == ADDRESS
    assert near["Subject"] == f"Dangjin City Hall: notice for number {mine['display_number']}"
    assert "3 ahead of you" in near.get_content()

    for other in others[1:]:                              # fewer ahead: no second "near"
        staff.post(f"/api/v1/tickets/{first['id']}/finish", json={})
        first = staff.post("/api/v1/counters/1/call-next").json["ticket"]
        assert first["id"] == other["id"]
    staff.post(f"/api/v1/tickets/{first['id']}/finish", json={})
    called = staff.post("/api/v1/counters/1/call-next").json["ticket"]
    assert called["id"] == mine["id"]
    until(lambda: len(smtp.messages) == 2)
    assert staff.post(f"/api/v1/tickets/{mine['id']}/recall").status_code == 200
    assert staff.post(f"/api/v1/tickets/{mine['id']}/finish", json={}).status_code == 200
    until(lambda: len(smtp.messages) == 3)
    near, called_mail, thanks = mails(smtp)
    assert f"number {mine['display_number']}, please go to counter 1 now" in \
        called_mail.get_content()
    assert f"/t/{code_of(mine)}" in thanks.get_content()
    assert "thank you for your visit" in thanks.get_content()

    rows = messages(store)
    assert [(m["kind"], m["channel"], m["status"]) for m in rows] == [
        ("near", "email", "sent"), ("called", "email", "sent"), ("thanks", "email", "sent")]
    events = json.dumps(store.query("SELECT data FROM events"), ensure_ascii=False)
    assert ADDRESS not in events and "notice" not in events
    assert all(ADDRESS not in m["text"] for m in rows)


def test_sms_in_korean_through_the_gateway_with_a_stable_key(app, kiosk, signed_in, store,
                                                             service_ids):
    gateway = SmsGateway()
    app.config.update(SMS_URL=gateway.url, SMS_KEY="secret-key", SMS_SENDER="0413503524")
    try:
        mine = take(kiosk, service_ids["인감증명"])
        asked = ask(kiosk, mine, phone=PHONE)
        assert asked.json["notices"]["sms"] == "010-****-6789"
        staff = signed_in("staff1")
        staff.post("/api/v1/counters/1/call-next")
        until(lambda: gateway.delivered)
        [request] = gateway.requests
        assert request["auth"] == "Bearer secret-key"
        assert request["message"]["to"] == "01023456789"
        assert request["message"]["from"] == "0413503524"
        assert request["message"]["text"] == \
            f"[당진시청] {mine['display_number']}번, 지금 1번 창구로 와 주세요."
        assert request["message"]["messageKey"] == request["key"]
        [row] = until(lambda: [m for m in messages(store) if m["status"] == "sent"])
        assert row["provider_id"] == "M-1" and row["idempotency_key"] == request["key"]
    finally:
        gateway.stop()


def test_a_failing_gateway_is_retried_with_backoff_and_delivers_once(
        app, kiosk, signed_in, store, clock, notices, service_ids):
    port = free_port()                       # nothing listens yet: connection refused
    app.config.update(SMS_URL=f"http://127.0.0.1:{port}/messages", SMS_KEY="k",
                      SMS_SENDER="0413503524")
    mine = take(kiosk, service_ids["인감증명"])
    ask(kiosk, mine, phone=PHONE)
    signed_in("staff1").post("/api/v1/counters/1/call-next")
    row = until(lambda: [m for m in messages(store) if m["attempts"] == 1
                         and m["status"] == "queued"])[0]
    assert "could not be reached" in row["last_error"]
    assert row["next_attempt_at"] == clock.now() + outbox.backoff(1) == clock.now() + 30

    gateway = SmsGateway(port, script=["fail", "slow", "ok"])
    app.config["SMS_TIMEOUT"] = 0.5
    try:
        clock.advance(30)
        notices.wake()
        row = until(lambda: [m for m in messages(store) if m["attempts"] == 2
                             and m["status"] == "queued"])[0]
        assert row["last_error"] == "the SMS gateway answered HTTP 500"
        assert row["next_attempt_at"] == clock.now() + 60

        clock.advance(60)                    # accepted, but the answer comes too late
        notices.wake()
        row = until(lambda: [m for m in messages(store) if m["attempts"] == 3
                             and m["status"] == "queued"])[0]
        assert row["last_error"].startswith("uncertain")
        assert row["next_attempt_at"] == clock.now() + 120

        clock.advance(120)                   # the same key again: the provider dedupes
        notices.wake()
        [row] = until(lambda: [m for m in messages(store) if m["status"] == "sent"])
        assert row["attempts"] == 4 and row["provider_id"] == "M-1"
        assert len(gateway.requests) == 3 and len({r["key"] for r in gateway.requests}) == 1
        assert len(gateway.delivered) == 1   # the visitor got one text
        clock.advance(3600)
        notices.wake()
        notices.run_once()
        assert len(gateway.requests) == 3
    finally:
        gateway.stop()


def test_an_interrupted_email_is_not_resent_but_an_sms_is_retried_with_its_key(
        app, kiosk, store, notices, service_ids, smtp):
    gateway = SmsGateway()
    app.config.update(SMS_URL=gateway.url, SMS_KEY="k")
    mine = take(kiosk, service_ids["인감증명"])
    with store.write() as tx:   # as if the server had stopped in the middle of sending
        for channel, address in (("email", ADDRESS), ("sms", "01023456789")):
            tx.execute("INSERT INTO notice_messages (ticket_id, site_id, day, channel, kind, "
                       "occasion, address, text, status, attempts, next_attempt_at, "
                       "idempotency_key, created_at) VALUES "
                       "(?, 1, ?, ?, 'called', 'called:1', ?, 'x', 'sending', 1, 0, ?, 0)",
                       (mine["id"], mine["day"], channel, address, f"key-{channel}"))
    try:
        notices.outbox.recover()
        notices.wake()
        until(lambda: {m["status"] for m in messages(store)} == {"failed", "sent"})
        rows = {m["channel"]: m for m in messages(store)}
        assert rows["email"]["status"] == "failed"
        assert rows["email"]["last_error"].startswith("uncertain")
        assert smtp.messages == []
        assert rows["sms"]["status"] == "sent" and rows["sms"]["attempts"] == 2
        assert [r["key"] for r in gateway.requests] == ["key-sms"]
    finally:
        gateway.stop()


def test_a_message_the_gateway_rejects_fails_without_retry(app, kiosk, signed_in, store,
                                                           clock, notices, service_ids):
    gateway = SmsGateway(script=["reject"])
    app.config.update(SMS_URL=gateway.url, SMS_KEY="k")
    try:
        mine = take(kiosk, service_ids["인감증명"])
        ask(kiosk, mine, phone=PHONE)
        signed_in("staff1").post("/api/v1/counters/1/call-next")
        [row] = until(lambda: [m for m in messages(store) if m["status"] == "failed"])
        assert row["attempts"] == 1 and row["last_error"] == "the SMS gateway answered HTTP 400"
        clock.advance(3600)
        notices.run_once()
        assert len(gateway.requests) == 1 and gateway.delivered == {}
    finally:
        gateway.stop()


def test_with_nothing_due_the_outbox_does_not_wait_for_the_write_lock(app, store, notices):
    # The worker looks at the outbox after every event: with nothing to send it must not
    # queue for the write lock behind the requests (here another connection holds it).
    import sqlite3
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        assert notices.outbox.deliver_due() == 0
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_burst_of_events_is_decided_in_one_round(app, kiosk, store, notices, service_ids,
                                                    monkeypatch):
    from server.visitor import notices as module
    monkeypatch.setattr(module, "GATHER_SECONDS", 3.0)  # room for the burst under any load
    rounds = []  # the last event decided at the end of each round
    monkeypatch.setattr(notices, "run_once", lambda: (module.NoticeService.run_once(notices),
                                                      rounds.append(notices.seq)))
    for _ in range(8):
        take(kiosk, service_ids["인감증명"])
    until(lambda: rounds, timeout=10)
    assert rounds == [store.last_seq()]   # one round, and it decided all eight


def test_no_notice_without_consent_and_bad_contacts_are_refused(app, kiosk, tokens, store,
                                                               signed_in, service_ids):
    from tests.conftest import BearerClient
    mine = take(kiosk, service_ids["인감증명"])
    before = fingerprint(store)
    cases = [
        ({"phone": PHONE, "consent": False}, 400, "consent_required"),
        ({"phone": PHONE}, 400, "invalid_request"),
        ({"consent": True}, 400, "invalid_request"),
        ({"phone": "02-350-3000", "consent": True}, 422, "invalid_phone"),
        ({"phone": "010-12", "consent": True}, 400, "invalid_request"),
        ({"phone": "010-1234-567a", "consent": True}, 400, "invalid_request"),
        ({"email": "not-an-address", "consent": True}, 400, "invalid_request"),
        ({"phone": PHONE, "consent": "yes"}, 400, "invalid_request"),
    ]
    for body, status, error in cases:
        response = kiosk.post(f"/api/v1/tickets/{mine['id']}/notices", json=body)
        assert (response.status_code, response.json["error"]) == (status, error), body
        assert response.json["message"]
    board = BearerClient(app.test_client(), tokens["board-1f"])
    assert ask(board, mine, phone=PHONE).status_code == 403
    elsewhere = BearerClient(app.test_client(), tokens["kiosk-hapdeok"])
    assert ask(elsewhere, mine, phone=PHONE).status_code == 404
    assert store.query("SELECT * FROM notice_contacts") == []
    assert fingerprint(store) == before

    # Without consent nothing is sent, whatever happens to the ticket.
    staff = signed_in("staff1")
    staff.post("/api/v1/counters/1/call-next")
    staff.post(f"/api/v1/tickets/{mine['id']}/finish", json={})
    app.extensions["sunbeon.notices"].run_once()
    assert messages(store) == []
    finished = ask(kiosk, mine, phone=PHONE)
    assert finished.status_code == 409 and finished.json["error"] == "wrong_status"


def test_near_follows_the_site_setting_and_is_off_at_zero(app, kiosk, signed_in, store,
                                                          service_ids, notices):
    admin = signed_in("admin")
    changed = admin.patch("/api/v1/admin/sites/1", json={"settings": {"notice_near_ahead": 0}})
    assert changed.status_code == 200, changed.json
    assert changed.json["site"]["settings"]["notice_near_ahead"] == 0
    seal = service_ids["인감증명"]
    take(kiosk, seal)
    mine = take(kiosk, seal)
    ask(kiosk, mine, phone=PHONE)
    signed_in("staff1").post("/api/v1/counters/1/call-next")   # 0 ahead now
    notices.run_once()
    assert [m["kind"] for m in messages(store)] == []
    bad = admin.patch("/api/v1/admin/sites/1", json={"settings": {"notice_near_ahead": -1}})
    assert bad.status_code == 400


def test_a_visitor_already_near_at_consent_gets_no_near_notice(app, kiosk, signed_in, store,
                                                              service_ids, notices):
    seal = service_ids["인감증명"]
    take(kiosk, seal), take(kiosk, seal)
    mine = take(kiosk, seal)
    ask(kiosk, mine, phone=PHONE, lang="vi")                  # 2 ahead, N = 3
    take(kiosk, seal)                                         # the queue moves on
    notices.run_once()
    assert messages(store) == []
    staff = signed_in("staff1")
    staff.post("/api/v1/counters/1/call-next")                # 1 ahead: fewer than before
    until(lambda: messages(store))
    [near] = messages(store)
    assert near["kind"] == "near" and near["channel"] == "sms"
    assert f"sắp đến lượt số {mine['display_number']}, còn 1 người trước bạn" in near["text"]


def test_a_call_already_over_when_read_sends_no_call_notice(app, kiosk, signed_in, store,
                                                            service_ids, notices, monkeypatch):
    """Read late (a busy worker, a restart), "please come to counter 1" would reach a
    visitor who is already at the counter or gone: only what still holds is sent."""
    monkeypatch.setattr(notices, "run_once", lambda: None)    # the worker thread waits
    mine = take(kiosk, service_ids["인감증명"])
    ask(kiosk, mine, phone=PHONE)
    staff = signed_in("staff1")
    assert staff.post("/api/v1/counters/1/call-next").json["ticket"]["id"] == mine["id"]
    assert staff.post(f"/api/v1/tickets/{mine['id']}/finish", json={}).status_code == 200
    assert messages(store) == []
    notices.catch_up()
    assert [m["kind"] for m in messages(store)] == ["thanks"]
