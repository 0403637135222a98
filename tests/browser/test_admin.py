"""The admin console in Chromium: a change made there reaches a running kiosk and board
without a reload; forms explain refusals beside the field; the pages pass axe-core."""

from __future__ import annotations

from server.demo import DEMO_PASSWORD
from tests.browser.conftest import axe_violations
from tests.browser.test_kiosk import open_services, wait_ready
from tests.test_realtime import Listener


def sign_in(page, server):
    page.goto(f"{server.url}/admin")
    page.fill("input[name=login]", "admin")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("#signin-form button[type=submit]")
    page.wait_for_selector("#panel:not([hidden]) form")


def open_section(page, key: str):
    page.click(f"#sections a[data-key={key}]")
    page.wait_for_selector("#panel-body table, #panel-body .card, #panel-body p.hint >> nth=0")


def service_row(page, korean_name: str):
    return page.locator("#panel-body tbody tr", has_text=korean_name)


def test_console_changes_reach_a_running_kiosk_and_board(server, new_page):
    board = Listener(server.url, server.tokens["board-1f"])
    try:
        kiosk = new_page(1080, 1920)
        kiosk.goto(f"{server.url}/kiosk?token={server.tokens['kiosk-1f']}")
        wait_ready(kiosk)
        open_services(kiosk, department=1)
        seal = kiosk.locator("#screen [data-option]", has_text="인감증명")
        assert seal.locator(".tag-closed").count() == 0

        admin = new_page(1400, 1000)
        admin.on("dialog", lambda dialog: dialog.accept())
        sign_in(admin, server)
        open_section(admin, "services")
        assert axe_violations(admin) == []

        # Pause: the kiosk's open page shows the service closed, with no reload.
        service_row(admin, "인감증명").get_by_role("button", name="일시 중지").click()
        seal.locator(".tag-closed").wait_for(timeout=10000)
        assert board.wait_for(lambda events: any(
            e["type"] == "config.changed" and e["data"]["what"] == "service" for e in events))

        # A bad value is explained beside its field, and nothing is saved.
        service_row(admin, "인감증명").get_by_role("button", name="수정").click()
        form = admin.locator("#panel-form form")
        form.get_by_label("번호 글자").fill("b2")
        form.get_by_role("button", name="저장").click()
        form.locator(".field-error:not([hidden])").wait_for()
        assert form.get_by_label("번호 글자").get_attribute("aria-invalid") == "true"
        assert "pattern" in form.locator(".form-error").inner_text()
        assert axe_violations(admin) == []

        # Rename it: the board hears of it at once (screens re-read names on this event).
        form.get_by_label("번호 글자").fill("B")
        form.locator("fieldset", has_text="업무 이름").get_by_label("한국어").fill("인감증명서 발급")
        form.get_by_role("button", name="저장").click()
        service_row(admin, "인감증명서 발급").wait_for()
        assert board.wait_for(lambda events: sum(
            e["type"] == "config.changed" and e["data"]["what"] == "service" for e in events) >= 2)

        # A notice for the board.
        open_section(admin, "notices")
        admin.get_by_role("button", name="새로 만들기").click()
        form = admin.locator("#panel-form form")
        form.locator("fieldset", has_text="내용").get_by_label("한국어").fill("점심시간은 12시부터 13시까지입니다")
        form.get_by_role("button", name="저장").click()
        admin.locator("#panel-body tbody tr", has_text="점심시간").wait_for()
        assert board.wait_for(lambda events: any(
            e["type"] == "config.changed" and e["data"]["what"] == "notice" for e in events))

        open_section(admin, "devices")
        # The running kiosk shows as online (the list follows live connections).
        admin.locator("#panel-body tbody tr", has_text="kiosk-1f").locator(".state-on").wait_for()
        assert axe_violations(admin) == []
    finally:
        board.client.disconnect()
