"""A Vietnamese visitor through the lobby, in Chromium: the admin lists Vietnamese at a
counter and turns on language-matched calls; the officer there sees the ticket's language
beside its number, and call-next brings the Vietnamese visitor first; the board calls a
Vietnamese ticket in Korean, then in Vietnamese."""

from __future__ import annotations

import pytest
import requests
from playwright.sync_api import expect

from server.queue.speech import read_number_ko
from tests.browser.conftest import axe_violations
from tests.browser.test_admin import open_section, sign_in
from tests.browser.test_staff_console import Lobby, choose_counter, console, current_number, row
from tests.support.server import ServerProcess

# Headless Chromium has no voices: this board has a Korean and a Vietnamese one.
BOARD_VOICES = """
speechSynthesis.getVoices = () => [
  {name: 'Test Korean', lang: 'ko-KR', localService: true, default: true, voiceURI: 'test-ko'},
  {name: 'Test Vietnamese', lang: 'vi-VN', localService: true, default: false, voiceURI: 'test-vi'}];
"""

expect.set_options(timeout=10_000)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process = ServerProcess(tmp_path_factory.mktemp("languages") / "languages.db")
    process.start()
    yield process
    process.stop()


@pytest.fixture
def lobby(server):
    return Lobby(server)


def take(lobby: Lobby, service: str, lang: str) -> dict:
    response = lobby.kiosk.post(f"{lobby.url}/api/v1/tickets", timeout=5,
                                json={"service_id": lobby.services[service], "lang": lang})
    assert response.status_code == 201, response.text
    return response.json()["ticket"]


def test_a_counter_that_serves_vietnamese_calls_the_vietnamese_visitor_first(lobby, new_page):
    resident = lobby.services["주민등록 등·초본"]
    # The admin lists Vietnamese at counter 1 and turns language-matched calls on.
    admin = new_page(1400, 1000)
    sign_in(admin, lobby.server)
    open_section(admin, "counters")
    admin.locator("#panel-body tbody tr[data-id='1']").get_by_role("button", name="수정").click()
    form = admin.locator("#panel-form form")
    form.locator("fieldset", has_text="응대 언어").get_by_label("베트남어").check()
    form.get_by_role("button", name="저장").click()
    expect(admin.locator("#panel-body tbody tr[data-id='1']")).to_contain_text("베트남어")
    open_section(admin, "site")
    site_form = admin.locator("#panel form").first
    site_form.get_by_label("통역 가능 창구 우선 호출").check()
    site_form.get_by_role("button", name="저장").click()
    expect(site_form.locator(".form-error:not([hidden]), .field-error:not([hidden])")).to_have_count(0)
    admin_api = lobby.staff("admin")

    def language_match_on() -> bool:
        sites = admin_api.get(f"{lobby.url}/api/v1/admin/sites", timeout=5).json()["sites"]
        return next(s for s in sites if s["id"] == 1)["settings"]["prefer_language_match"]

    for _ in range(50):
        if language_match_on():
            break
        admin.wait_for_timeout(100)
    assert language_match_on()
    assert axe_violations(admin) == []

    officer = console(new_page, lobby, "staff1")
    choose_counter(officer, 1, [resident])
    korean = take(lobby, "주민등록 등·초본", "ko")
    vietnamese = take(lobby, "주민등록 등·초본", "vi")
    tag = row(officer, vietnamese).locator(".mark--lang")
    expect(tag).to_have_text("VI Tiếng Việt (방문자 언어: 베트남어)")
    assert tag.locator("[lang=vi]").inner_text() == "Tiếng Việt"
    expect(row(officer, korean).locator(".mark--lang")).to_have_count(0)
    # The desk marks the Vietnamese visitor as next, though the Korean one came first.
    expect(row(officer, vietnamese)).to_have_class("ticket is-next")
    officer.click("#actions [data-action=call-next]")
    expect(current_number(officer)).to_have_text(vietnamese["display_number"])
    expect(officer.locator("#current .mark--lang")).to_contain_text("VI Tiếng Việt")
    assert axe_violations(officer) == []
    assert lobby.ticket(korean["id"])["status"] == "waiting"


def test_the_board_calls_a_vietnamese_ticket_in_korean_then_in_vietnamese(lobby, new_page):
    board = new_page(1920, 1080)
    board.context.add_init_script(BOARD_VOICES)
    board.goto(f"{lobby.url}/display/board?token={lobby.server.tokens['board-1f']}")
    board.wait_for_selector("body[data-live='online']")
    board.evaluate("window.__spoken.length = 0")
    take(lobby, "여권", "vi")
    called = lobby.staff("staff4").post(f"{lobby.url}/api/v1/counters/4/call-next", timeout=5)
    called.raise_for_status()
    number = called.json()["ticket"]["display_number"]
    board.wait_for_function("window.__spoken.length >= 2", timeout=15_000)
    board.wait_for_timeout(800)  # nothing more is said
    said = board.evaluate("window.__spoken.map((s) => [s.lang, s.text])")
    lines = requests.get(f"{lobby.url}/display/announce/{called.json()['ticket']['id']}/4",
                         timeout=5).json()["lines"]
    assert said == [["ko-KR", lines[0]["text"]], ["vi-VN", lines[1]["text"]]]
    assert said[0][1] == f"{read_number_ko(number)} 번 고객님, 여권 창구로 오십시오"
    assert said[1][1].startswith(f"Mời số {number}")
    assert board.evaluate("window.__played") == []  # both voices were the board's own
