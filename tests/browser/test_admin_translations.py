"""Translations in the admin console: one widget for every text kept per language (Korean
first), a marker on every language left untranslated, a save that is allowed and then
says in Korean and English what the kiosk will show in Korean, and a marker on the list's
rows that lack translations."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import expect

from server.admin import labels
from tests.browser.conftest import axe_violations
from tests.browser.test_admin import open_section, service_row, sign_in


def shot(page, name: str) -> None:
    folder = os.environ.get("SUNBEON_ATLAS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"admin-translations-{name}.png"), full_page=True)


def test_untranslated_texts_are_marked_and_saved_all_the_same(server, new_page):
    words = labels()
    page = new_page(1400, 1000)
    sign_in(page, server)
    open_section(page, "services")

    # The demo's service without Vietnamese is marked in the list; a translated one is not.
    land = service_row(page, "토지 민원")
    expect(land.locator(".missing-translations")).to_contain_text("vi")
    expect(land.locator(".missing-translations")).to_contain_text(words["translations.missing"]["ko"])
    assert service_row(page, "인감증명").locator(".missing-translations").count() == 0

    # Its form: Korean first, the five others marked where empty, the marker follows typing.
    land.get_by_role("button", name="수정").click()
    form = page.locator("#panel-form form")
    names = form.locator("fieldset[data-languages]", has_text="업무 이름")
    inputs = names.locator("input")
    assert inputs.first.get_attribute("lang") == "ko"
    assert [inputs.nth(i).get_attribute("lang") for i in range(6)] == ["ko", "en", "zh", "vi", "ru", "th"]
    vietnamese = names.get_by_label("베트남어")
    mark = names.locator(f"#{vietnamese.get_attribute('aria-describedby')}")
    expect(mark).to_contain_text(words["translations.missing"]["ko"])
    expect(mark).to_contain_text(words["translations.missing"]["en"])
    assert names.get_by_label("영어").input_value() == "Land registers"
    shot(page, "form")
    vietnamese.fill("Hồ sơ đất đai")
    expect(mark).to_have_text("")
    vietnamese.fill("")
    expect(mark).not_to_have_text("")
    assert axe_violations(page) == []
    form.get_by_role("button", name="취소").click()

    # A new service in Korean only: saved, and the console says what is missing.
    page.get_by_role("button", name="새로 만들기").click()
    form = page.locator("#panel-form form")
    form.locator("fieldset", has_text="업무 이름").get_by_label("한국어").fill("번역 시험 업무")
    form.get_by_label("번호 글자").fill("T")
    form.get_by_role("button", name="저장").click()
    notice = page.locator(".translation-notice")
    expect(notice).to_be_visible()
    expect(notice).to_have_attribute("role", "status")
    expect(notice).to_contain_text(words["translations.saved_missing"]["ko"])
    expect(notice).to_contain_text(words["translations.saved_missing"]["en"])
    for language in ("영어", "중국어", "베트남어", "러시아어", "태국어"):
        expect(notice).to_contain_text(language)
    expect(notice).to_contain_text("업무 이름")
    row = service_row(page, "번역 시험 업무")
    expect(row).to_be_visible()
    expect(row.locator(".missing-translations")).to_contain_text("en, zh, vi, ru, th")
    # The "saved" toast fades in: its colours are measured once it has (a half-faded toast
    # has no contrast to speak of).
    page.wait_for_function("() => document.getAnimations().every((a) => a.playState !== 'running')")
    assert axe_violations(page) == []
    shot(page, "saved")
    notice.get_by_role("button", name="닫기").click()
    expect(notice).to_have_count(0)


def test_rooms_and_duties_have_the_same_widget(server, new_page):
    page = new_page(1400, 1000)
    sign_in(page, server)
    open_section(page, "departments")
    page.locator("#panel-body tbody tr", has_text="민원지적과").get_by_role("button", name="수정").click()
    form = page.locator("#panel-form form")
    rooms = form.locator("fieldset[data-languages]", has_text="호실")
    assert rooms.get_by_label("영어").input_value() == "Civil Service Hall"
    assert rooms.get_by_label("한국어").input_value() == "민원실"
    # The old Korean-only field is not shown twice.
    assert form.get_by_label("호실 (한국어)").count() == 0
    form.get_by_role("button", name="취소").click()

    open_section(page, "staff")
    page.locator("#panel-body tbody tr", has_text="이서연").get_by_role("button", name="수정").click()
    form = page.locator("#panel-form form")
    duties = form.locator("fieldset[data-languages]", has_text="담당 업무")
    assert duties.get_by_label("한국어").input_value() == "주민등록·인감 발급"
    assert duties.get_by_label("영어").input_value() == "Resident registration, seal certificates"
    expect(duties.locator(".translation-count")).to_contain_text("4")
    shot(page, "duties")


def test_the_vietnamese_kiosk_shows_korean_only_for_what_is_untranslated(server, new_page):
    from tests.browser.test_kiosk import wait_ready, wait_screen

    page = new_page(1080, 1920)
    page.goto(f"{server.url}/kiosk?token={server.tokens['kiosk-1f']}")
    wait_ready(page)
    page.click("#tool-language")
    wait_screen(page, "language")
    page.click("#screen [data-key=lang-vi]")
    page.click("#screen [data-key=take]")
    wait_screen(page, "departments")
    land = page.locator("#screen [data-option]", has_text="Phòng Thông tin đất đai")
    expect(land).to_contain_text("Phòng 305")                 # the room, translated
    land.click()
    wait_screen(page, "services")
    # 토지 민원 has no Vietnamese: it alone is in Korean.
    expect(page.locator("#screen [data-option]").first).to_contain_text("토지 민원")
    shot(page, "kiosk-vi-untranslated")

    # The ticket is asked for in Vietnamese, so the paper is printed in it and Korean.
    requests = []
    page.on("request", lambda r: requests.append(r) if r.url.endswith("/api/v1/tickets") else None)
    page.locator("#screen [data-option]").first.click()
    page.wait_for_selector("#screen[data-screen='confirm'], #screen[data-screen='priority']",
                           state="attached")
    if page.get_attribute("#screen", "data-screen") == "priority":
        page.click("#screen [data-key=priority-no]")
        wait_screen(page, "confirm")
    page.click("#confirm-issue")
    wait_screen(page, "ticket")
    assert requests and requests[0].post_data_json["lang"] == "vi"
