"""Visitors' notices through Korean providers, against local fakes that follow each one's
published API (tests/support/fake_providers.py): KakaoTalk 알림톡 with template codes and
variables, the failover to SMS/LMS (ours when Kakao refuses at once, the provider's when
it fails later), rate limits, permanent refusals, delivery reports; the admin console's
write-only keys and test send; no phone number or key in any log."""

from __future__ import annotations

import json
import logging

import pytest

from server.visitor import outbox
from tests.support.fake_providers import (NHN_APP_KEY, NHN_SECRET, NHN_SENDER_KEY,
                                          NHN_SMS_APP_KEY, NHN_SMS_SECRET, RETRY_AFTER,
                                          SOLAPI_KEY, SOLAPI_PFID, SOLAPI_SECRET, FakeNhnCloud,
                                          FakeSolapi)
from tests.support.waiting import until
from tests.test_api import fingerprint, take

pytestmark = pytest.mark.workers("notices")

PHONE, DIGITS = "010-2345-6789", "01023456789"
SENDER = "0413503524"
TEMPLATES = {"template_near": "SB_NEAR_01", "template_called": "SB_CALLED_01",
             "template_thanks": "SB_THANKS_01", "template_checkin_due": "SB_CHECKIN_01",
             "template_lapsed": "SB_LAPSED_01"}
NHN_KEYS = {"alimtalk_app_key": NHN_APP_KEY, "alimtalk_secret_key": NHN_SECRET,
            "sms_app_key": NHN_SMS_APP_KEY, "sms_secret_key": NHN_SMS_SECRET,
            "kakao_sender_key": NHN_SENDER_KEY}
SOLAPI_KEYS = {"api_key": SOLAPI_KEY, "api_secret": SOLAPI_SECRET, "kakao_sender_key": SOLAPI_PFID}
SECRETS = [NHN_APP_KEY, NHN_SECRET, NHN_SMS_APP_KEY, NHN_SMS_SECRET, NHN_SENDER_KEY,
           SOLAPI_SECRET, SOLAPI_PFID]


@pytest.fixture
def admin(signed_in):
    return signed_in("admin")


@pytest.fixture
def notices(app):
    return app.extensions["sunbeon.notices"]


@pytest.fixture
def nhn(app, admin):
    fake = FakeNhnCloud()
    app.config.update(NHN_ALIMTALK_URL=fake.url, NHN_SMS_URL=fake.url)
    saved = admin.put("/api/v1/admin/notice-provider", json={
        "provider": "nhn", "sender_number": "041-350-3524", **TEMPLATES, **NHN_KEYS})
    assert saved.status_code == 200, saved.json
    yield fake
    fake.stop()


@pytest.fixture
def solapi(app, admin):
    fake = FakeSolapi()
    app.config.update(SOLAPI_URL=fake.url)
    saved = admin.put("/api/v1/admin/notice-provider", json={
        "provider": "solapi", "sender_number": SENDER, **TEMPLATES, **SOLAPI_KEYS})
    assert saved.status_code == 200, saved.json
    yield fake
    fake.stop()


@pytest.fixture
def logged(caplog):
    caplog.set_level(logging.DEBUG)
    yield caplog
    text = caplog.text + json.dumps([r.args for r in caplog.records], default=str)
    for secret in [DIGITS, PHONE, "2345-6789", *SECRETS]:
        assert secret not in text, f"{secret} was logged"


def called_notice(kiosk, signed_in, service_ids, lang="ko"):
    """A visitor with a phone number, called at counter 1: the "called" notice."""
    mine = take(kiosk, service_ids["인감증명"])
    asked = kiosk.post(f"/api/v1/tickets/{mine['id']}/notices",
                       json={"consent": True, "phone": PHONE, "lang": lang})
    assert asked.status_code == 201, asked.json
    signed_in("staff1").post("/api/v1/counters/1/call-next")
    return mine


def rows(store):
    return store.query("SELECT * FROM notice_messages ORDER BY id")


def settled(store, **where):
    return until(lambda: [m for m in rows(store)
                          if all(m[k] == v for k, v in where.items())])


# ---- NHN Cloud ------------------------------------------------------------------------------

def test_nhn_alimtalk_carries_the_template_its_variables_and_the_providers_resend(
        app, kiosk, signed_in, store, clock, notices, service_ids, nhn, logged):
    mine = called_notice(kiosk, signed_in, service_ids)
    [row] = settled(store, status="sent")
    [request] = nhn.requests
    assert request["api"] == "alimtalk"
    assert request["headers"]["X-Secret-Key"] == NHN_SECRET
    assert request["headers"]["X-NC-API-IDEMPOTENCY-KEY"] == row["idempotency_key"]
    assert request["senderKey"] == NHN_SENDER_KEY and request["templateCode"] == "SB_CALLED_01"
    [recipient] = request["recipientList"]
    assert recipient["recipientNo"] == DIGITS
    assert recipient["templateParameter"] == {"기관": "당진시청", "번호": mine["display_number"],
                                              "창구": "1"}
    assert recipient["resendParameter"] == {
        "isResend": True, "resendType": "SMS", "resendSendNo": SENDER,
        "resendContent": f"[당진시청] {mine['display_number']}번, 지금 1번 창구로 와 주세요."}
    assert row["provider_id"] == "alimtalk:20260101-A1:1" and row["delivery"] == "pending"

    clock.advance(outbox.REPORT_FIRST_SECONDS)          # the delivery report is asked for
    notices.wake()
    [row] = settled(store, delivery="delivered")
    assert row["delivered_via"] == "alimtalk"


def test_a_profile_kakao_refuses_at_once_sends_the_text_as_sms_instead(
        kiosk, signed_in, store, clock, notices, service_ids, nhn, logged):
    nhn.script = ["profile_missing", "ok"]
    mine = called_notice(kiosk, signed_in, service_ids)
    [row] = settled(store, status="sent")
    alimtalk, sms = nhn.requests
    assert alimtalk["api"] == "alimtalk" and sms["api"] == "sms"
    assert sms["headers"]["X-Secret-Key"] == NHN_SMS_SECRET
    assert sms["sendNo"] == SENDER and sms["recipientList"] == [{"recipientNo": DIGITS}]
    assert sms["body"] == f"[당진시청] {mine['display_number']}번, 지금 1번 창구로 와 주세요."
    assert row["attempts"] == 1 and row["provider_id"].startswith("sms:")
    clock.advance(outbox.REPORT_FIRST_SECONDS)
    notices.wake()
    [row] = settled(store, delivery="delivered")
    assert row["delivered_via"] == "sms"


def test_an_alimtalk_kakao_fails_later_is_reported_delivered_by_the_providers_resend(
        kiosk, signed_in, store, clock, notices, service_ids, nhn):
    nhn.script = ["kakao_later"]
    called_notice(kiosk, signed_in, service_ids)
    settled(store, status="sent")
    clock.advance(outbox.REPORT_FIRST_SECONDS)
    notices.wake()
    [row] = settled(store, delivery="delivered")
    assert row["delivered_via"] == "sms" and "resent" in row["delivery_detail"]


def test_a_visitor_reading_another_language_gets_an_sms_in_it(
        kiosk, signed_in, store, service_ids, nhn):
    mine = called_notice(kiosk, signed_in, service_ids, lang="en")
    settled(store, status="sent")
    [sms] = nhn.requests
    assert sms["api"] in ("sms", "mms") and "counter 1" in sms["body"]
    assert mine["display_number"] in sms["body"]


def test_too_many_requests_is_tried_again_after_the_providers_retry_after(
        kiosk, signed_in, store, clock, notices, service_ids, nhn, logged):
    nhn.script = ["429"]
    called_notice(kiosk, signed_in, service_ids)
    [row] = settled(store, status="queued", attempts=1)
    assert "HTTP 429" in row["last_error"]
    assert row["next_attempt_at"] == clock.now() + RETRY_AFTER > clock.now() + outbox.backoff(1)
    clock.advance(RETRY_AFTER)
    notices.wake()
    [row] = settled(store, status="sent")
    assert row["attempts"] == 2
    assert [r["headers"]["X-NC-API-IDEMPOTENCY-KEY"] for r in nhn.requests] == \
        [row["idempotency_key"]] * 2


def test_an_invalid_number_fails_for_good_and_the_number_is_not_kept_in_the_error(
        kiosk, signed_in, store, clock, notices, service_ids, nhn, logged):
    nhn.script = ["invalid_number"]
    called_notice(kiosk, signed_in, service_ids)
    [row] = settled(store, status="failed")
    assert row["attempts"] == 1 and "refused it: 4" in row["last_error"]
    assert DIGITS not in row["last_error"] and "***" in row["last_error"]
    clock.advance(3600)
    notices.run_once()
    assert len(nhn.requests) == 1


def test_a_repeat_within_ten_minutes_is_taken_as_already_sent(app, store, notices, nhn):
    """NHN refuses a key it saw in the last 10 minutes (-1005): the first try went."""
    from server.visitor.providers import Notice
    from server.visitor.providers.settings import provider_from
    provider = provider_from(store, app.config)
    notice = Notice(to=DIGITS, text="x", kind="called", key="sunbeon-same",
                    params={"lang": "ko", "number": "1001", "counter": 1})
    assert provider.send(notice).startswith("alimtalk:")
    assert provider.send(notice) == ""
    assert len(nhn.delivered) == 1


# ---- Solapi -----------------------------------------------------------------------------------

def test_solapi_signs_each_request_and_sends_kakao_options_with_the_text_for_failover(
        kiosk, signed_in, store, clock, notices, service_ids, solapi, logged):
    solapi.script = ["resent"]
    mine = called_notice(kiosk, signed_in, service_ids)
    [row] = settled(store, status="sent")
    [request] = solapi.requests
    [message] = request["messages"]
    assert message["type"] == "ATA" and message["to"] == DIGITS and message["from"] == SENDER
    assert message["text"] == f"[당진시청] {mine['display_number']}번, 지금 1번 창구로 와 주세요."
    assert message["kakaoOptions"] == {
        "pfId": SOLAPI_PFID, "templateId": "SB_CALLED_01", "disableSms": False,
        "variables": {"#{기관}": "당진시청", "#{번호}": mine["display_number"], "#{창구}": "1"}}
    assert row["provider_id"] == "M4V202601010000001"
    clock.advance(outbox.REPORT_FIRST_SECONDS)
    notices.wake()
    [row] = settled(store, delivery="delivered")
    assert row["delivered_via"] == "sms"                # Kakao failed it; Solapi resent it
    assert solapi.refused_auth == 0


def test_a_number_from_the_phone_is_told_to_check_in_then_of_its_lapse_by_alimtalk(
        engine, store, clock, service_ids, solapi, logged):
    """A visitor who took a number on the public page with their phone number: at the front
    before checking in, the 알림톡 carries the check-in code and the minutes left; at the
    end of those minutes, the lapse."""
    from server.queue import remote
    from server.visitor.notices import keep_remote_contact
    passport = service_ids["여권"]
    with store.write() as tx:
        tx.execute("UPDATE services SET remote_enabled = 1, remote_share_percent = 100, "
                   "remote_hold_minutes = 10 WHERE id = ?", (passport,))
        engine.forget_configuration(tx)
    mine = remote.take(engine, passport, token="tok-phone")
    keep_remote_contact(engine, mine, PHONE, "ko")
    remote.hold_and_lapse(engine, 1)                     # nobody ahead: held aside
    [due] = settled(store, kind="checkin_due", status="sent")
    clock.advance(10 * 60)
    remote.hold_and_lapse(engine, 1)
    settled(store, kind="lapsed", status="sent")
    first, second = (request["messages"][0] for request in solapi.requests)
    number, code = mine["display_number"], mine["checkin_code"]
    assert first["kakaoOptions"]["templateId"] == "SB_CHECKIN_01"
    assert first["kakaoOptions"]["variables"] == {
        "#{기관}": "당진시청", "#{번호}": number, "#{확인코드}": code, "#{확인기한}": "10"}
    assert code in first["text"] and "10분 안에" in first["text"]
    assert second["kakaoOptions"]["templateId"] == "SB_LAPSED_01"
    assert second["kakaoOptions"]["variables"] == {"#{기관}": "당진시청", "#{번호}": number}
    assert f"{number}번 번호표가 취소되었습니다" in second["text"]
    assert due["address"] == DIGITS


def test_a_wrong_solapi_secret_is_refused_by_the_signature_check(
        app, admin, kiosk, signed_in, store, service_ids, solapi):
    admin.put("/api/v1/admin/notice-provider", json={
        "provider": "solapi", "sender_number": SENDER, **TEMPLATES,
        "api_secret": "not-the-secret-at-all"})
    called_notice(kiosk, signed_in, service_ids)
    [row] = settled(store, status="failed")
    assert "SignatureDoesNotMatch" in row["last_error"] and solapi.refused_auth == 1


def test_solapi_rate_limit_and_invalid_number(kiosk, signed_in, store, clock, notices,
                                              service_ids, solapi, logged):
    solapi.script = ["429", "invalid_number"]
    called_notice(kiosk, signed_in, service_ids)
    [row] = settled(store, status="queued", attempts=1)
    assert row["next_attempt_at"] == clock.now() + RETRY_AFTER
    clock.advance(RETRY_AFTER)
    notices.wake()
    [row] = settled(store, status="failed")
    assert row["attempts"] == 2 and "ValidationError" in row["last_error"]
    assert solapi.refused_auth == 0 and len(solapi.signatures) == 2


# ---- the admin console -------------------------------------------------------------------------

def test_keys_are_write_only_and_an_incomplete_provider_is_refused(admin, signed_in, store, nhn):
    shown = admin.get("/api/v1/admin/notice-provider")
    assert shown.status_code == 200
    body = shown.get_data(as_text=True)
    assert all(secret not in body for secret in SECRETS)
    provider = shown.json["provider"]
    assert provider["provider"] == "nhn" and provider["sender_number"] == SENDER
    assert provider["template_called"] == "SB_CALLED_01"
    assert provider["keys"]["sms_secret_key"] == {"set": True, "last4": "77ab"}
    assert provider["keys"]["api_key"] == {"set": False}

    # Keys left out are kept; a change of templates alone does not lose them.
    kept = admin.put("/api/v1/admin/notice-provider", json={
        "provider": "nhn", "sender_number": SENDER, "template_called": "SB_CALLED_02",
        "alimtalk_secret_key": ""})
    assert kept.status_code == 200 and kept.json["provider"]["keys"]["alimtalk_secret_key"]["set"]
    assert all(secret not in kept.get_data(as_text=True) for secret in SECRETS)

    before = fingerprint(store)
    refused = admin.put("/api/v1/admin/notice-provider", json={
        "provider": "nhn", "sender_number": SENDER, "forget_keys": True})
    assert refused.status_code == 400 and refused.json["error"] == "provider_incomplete"
    assert "sms_app_key" in refused.json["missing"]
    bad = admin.put("/api/v1/admin/notice-provider", json={"provider": "kakao"})
    assert bad.status_code == 400 and bad.json["error"] == "invalid_request"
    assert fingerprint(store) == before

    assert signed_in("staff1").get("/api/v1/admin/notice-provider").status_code == 403
    assert signed_in("staff1").put("/api/v1/admin/notice-provider",
                                   json={"provider": "gateway"}).status_code == 403


def test_a_test_send_reaches_the_provider_and_keeps_no_number(admin, store, nhn, logged):
    before = fingerprint(store)
    sent = admin.post("/api/v1/admin/notice-provider/test?site_id=1",
                      json={"phone": PHONE, "kind": "called"})
    assert sent.status_code == 200, sent.json
    assert sent.json == {"sent": True, "to": "010-****-6789", "template": "SB_CALLED_01",
                         "provider_id": "alimtalk:20260101-A1:1"}
    [request] = nhn.requests
    assert request["recipientList"][0]["templateParameter"]["번호"] == "1001"
    assert fingerprint(store) == before

    nhn.script = ["invalid_number"]
    failed = admin.post("/api/v1/admin/notice-provider/test?site_id=1", json={"phone": PHONE})
    assert failed.status_code == 200 and failed.json["sent"] is False
    assert DIGITS not in failed.get_data(as_text=True)
    wrong = admin.post("/api/v1/admin/notice-provider/test?site_id=1", json={"phone": "02-350-3000"})
    assert wrong.status_code == 422 and wrong.json["error"] == "invalid_phone"


def test_a_test_send_needs_a_provider(admin):
    refused = admin.post("/api/v1/admin/notice-provider/test?site_id=1", json={"phone": PHONE})
    assert refused.status_code == 409 and refused.json["error"] == "provider_not_set"
