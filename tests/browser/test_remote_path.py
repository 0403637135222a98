"""A number from the phone, the whole road (docs/public.md, Remote tickets): the public
wait page on a phone, served by a relay process that the internal server pushes to; a
remote ticket with a phone number and consent; its place changing live as an officer
calls numbers; the check-in at the kiosk by its code (read aloud by the voice guide);
the call; the notices to the visitor's phone through a message provider (a local fake of
Solapi's API): the turn near, with the check-in code, then the call. The relay is proved
to hold no connection towards the internal server."""

from __future__ import annotations

import json
import re
import time

import requests

from tests.browser.conftest import BYPASS_CSP
from tests.browser.kiosk_walk import use_tool
from tests.browser.test_kiosk import (I18N, new_kiosk_page, service_id, spoken, sql,
                                      staff_session, wait_screen)
from tests.support.fake_providers import SOLAPI_KEY, SOLAPI_PFID, SOLAPI_SECRET, FakeSolapi
from tests.support.relay import linked_to_relay

PHONE = {"width": 390, "height": 844}
KO = json.loads((I18N / "ko.json").read_text(encoding="utf-8"))


def until(check, timeout=20.0, every=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError("not within the time")


def sent(provider: FakeSolapi) -> list[dict]:
    """The messages the provider was asked to send, in order."""
    return [message for request in provider.requests for message in request.get("messages", [])]


def test_a_number_from_the_phone_checked_in_at_the_kiosk_and_called(browser, tmp_path):
    provider = FakeSolapi()
    seen: list[tuple[int, int]] = []
    try:
        with linked_to_relay(tmp_path, {"SUNBEON_SOLAPI_URL": provider.url}) as (server, relay):
            def watch():
                seen.extend(relay.connections())

            sql(server, "DELETE FROM holidays")
            passport = service_id(server, "여권")
            sql(server, "UPDATE services SET remote_enabled = 1, remote_share_percent = 100, "
                "remote_hold_minutes = 10 WHERE id = ?", (passport,))
            assert staff_session(server, "admin").put(
                f"{server.url}/api/v1/admin/notice-provider", json={
                    "provider": "solapi", "sender_number": "041-350-3524", "api_key": SOLAPI_KEY,
                    "api_secret": SOLAPI_SECRET, "kakao_sender_key": SOLAPI_PFID,
                    "template_near": "SB_NEAR_01", "template_called": "SB_CALLED_01"}).ok
            kiosk_api = requests.Session()
            kiosk_api.headers["Authorization"] = f"Bearer {server.tokens['kiosk-1f']}"
            walk_ins = [kiosk_api.post(f"{server.url}/api/v1/tickets",
                                       json={"service_id": passport}).json()["ticket"]
                        for _ in range(2)]

            # The phone: the public page, the service's button, the form with consent.
            phone = browser.new_context(viewport=PHONE, bypass_csp=BYPASS_CSP).new_page()
            phone.goto(f"{relay.url}/live/dangjin?lang=ko")

            def passport_open():
                watch()
                phone.reload()
                return phone.query_selector(f"a.take[href*='/remote/{passport}']")
            until(passport_open)
            phone.click(f"a.take[href*='/remote/{passport}']")
            phone.fill("#phone", "010-9876-5432")
            phone.check("#consent")
            phone.click("#remote button.take")
            phone.wait_for_url(re.compile(r"/live/dangjin/t/"))
            token = phone.url.split("/t/")[1].split("?")[0]
            assert phone.evaluate("localStorage.getItem('sunbeon.remote.dangjin')") == token
            phone.wait_for_selector(".mine-figures .code", timeout=20000)
            code = phone.inner_text(".mine-figures .code")
            number = phone.inner_text(".mine-figures .number")
            assert phone.inner_text(".mine-figures .ahead") == "2명"
            watch()

            # An officer calls the first walk-in: the phone's place follows by itself.
            officer = staff_session(server, "staff4")
            called = officer.post(f"{server.url}/api/v1/counters/4/call-next").json()["ticket"]
            assert called["id"] == walk_ins[0]["id"]
            phone.wait_for_function("document.querySelector('.mine-figures .ahead')?.textContent"
                                    " === '1명'", timeout=20000)
            watch()
            # One ahead, not here yet: the phone hears how to check in, with its code.
            [near] = until(lambda: sent(provider))
            assert near["kakaoOptions"]["templateId"] == "SB_NEAR_01"
            assert near["to"] == "01098765432" and code in near["text"]

            # At the office: the kiosk, in Korean with the voice guide, takes the code.
            kiosk = new_kiosk_page(browser, server)
            use_tool(kiosk, "[data-mode=voice]")
            kiosk.click("#screen [data-key=remote-checkin]")
            wait_screen(kiosk, "remote-checkin")
            for key in code[:3]:
                kiosk.click(f"#screen [data-key=digit-{key}]")
            kiosk.keyboard.type(code[3:].lower())  # a keyboard's keys that are on the pad type
            assert kiosk.get_attribute(".code-boxes", "data-code") == code
            kiosk.click("#remote-checkin-submit")
            wait_screen(kiosk, "ticket")
            assert kiosk.inner_text("#ticket-number") == number
            assert KO["remote.checked_in"] in kiosk.inner_text("#screen")
            until(lambda: any(KO["remote.checked_in"] in s["text"] for s in spoken(kiosk)))
            phone.wait_for_selector(".mine.state-waiting", timeout=20000)
            assert phone.query_selector(".mine-figures .code") is None  # used: no longer shown
            watch()

            # The walk-in ahead is served, then the phone's number is called.
            assert officer.post(f"{server.url}/api/v1/tickets/{called['id']}/finish",
                                json={}).ok
            assert officer.post(f"{server.url}/api/v1/counters/4/call-next").json()["ticket"][
                "id"] == walk_ins[1]["id"]
            assert officer.post(f"{server.url}/api/v1/tickets/{walk_ins[1]['id']}/finish",
                                json={}).ok
            mine = officer.post(f"{server.url}/api/v1/counters/4/call-next").json()["ticket"]
            assert mine["display_number"] == number
            phone.wait_for_selector(".mine.state-called", timeout=20000)
            watch()
            called_notice = until(lambda: sent(provider)[1:])[0]
            assert called_notice["kakaoOptions"]["templateId"] == "SB_CALLED_01"
            assert called_notice["text"] == f"[당진시청] {number}번, 지금 4번 창구로 와 주세요."
    finally:
        provider.stop()
    # The relay held no route in: every TCP socket it had was its own listening one or one
    # accepted on it, none towards the internal server's port.
    assert seen and all(local == relay.port for local, _remote in seen), seen
    assert all(remote != server.port for _local, remote in seen)
