"""The counter's silent bell in Chromium, against a real server: the officer presses the
chord, the supervisor's console shows the red banner with the counter and its place on
the floor plan (and sounds), the officer's own console shows only a small "sent" mark and
never sounds, and the lobby board shows the calm notice and nothing of the counter."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.test_staff_console import Lobby, console

# Records every sound a page plays (headless Chromium may refuse to play it).
RECORD_SOUNDS = """
window.__played = 0;
HTMLMediaElement.prototype.play = function () { window.__played += 1; return Promise.resolve(); };
"""
CALM = "잠시 업무가 지연되고 있습니다"


def shots() -> Path:
    folder = Path(os.environ.get("SUNBEON_ATLAS") or "/tmp/sunbeon-atlas") / "console-alarm"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_the_chord_alerts_the_supervisor_and_the_board_shows_only_a_calm_notice(server,
                                                                                 new_page):
    lobby = Lobby(server)
    changed = lobby.staff("admin").patch(f"{lobby.url}/api/v1/admin/sites/1", timeout=5, json={
        "settings": {"alarm_calm_notice": True, "alarm_calm_text": CALM,
                     "alarm_recording_reminder": True}})
    assert changed.status_code == 200, changed.text
    board = new_page(1280, 720)
    board.goto(f"{lobby.url}/display/board?token={server.tokens['board-1f']}")
    expect(board.locator("#counters li").first).to_be_visible()

    officer = console(new_page, lobby, "staff1")          # seated at counter 1
    officer.add_init_script(RECORD_SOUNDS)
    officer.reload()
    expect(officer.locator("#bell")).to_be_visible()
    officer.screenshot(path=str(shots() / "officer-bell.png"))
    supervisor = console(new_page, lobby, "supervisor")
    supervisor.add_init_script(RECORD_SOUNDS)
    supervisor.reload()
    expect(supervisor.locator("#desk-view")).to_be_visible()
    supervisor.wait_for_function("window.__played === 0")

    officer.locator("#queue").click()            # the chord works wherever the focus is
    officer.keyboard.press("Control+Alt+KeyE")
    sent = officer.locator("#bell-sent")
    expect(sent).to_contain_text("전송됨")
    expect(sent.locator("#bell-cancel")).to_contain_text("취소(오작동)")
    expect(sent).to_contain_text("녹음을 시작하세요")
    expect(officer.locator("#bell")).to_be_hidden()

    banner = supervisor.locator("#alarms")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("비상벨")
    expect(banner.locator(".alarm-counter")).to_contain_text("1번 창구")
    expect(banner.locator(".alarm-place")).to_have_text("1층 민원실")
    expect(banner.locator(".alarm-map img")).to_be_visible()
    expect(banner.locator(".alarm-map__dot")).to_be_visible()
    supervisor.wait_for_function(
        "(() => { const i = document.querySelector('.alarm-map img');"
        " return i.complete && i.naturalWidth > 0; })()")
    supervisor.wait_for_function("window.__played >= 1")
    supervisor.screenshot(path=str(shots() / "supervisor-banner.png"))
    officer.screenshot(path=str(shots() / "officer-sent.png"))

    # The raising counter: no banner, no sound.
    expect(officer.locator("#alarms")).to_be_hidden()
    assert officer.evaluate("window.__played") == 0

    # The board: the calm notice, and nothing that names the alarm or its counter.
    expect(board.locator("#notice")).to_have_text(CALM)
    board.screenshot(path=str(shots() / "board-calm.png"))
    assert "비상벨" not in board.locator("body").inner_text()

    banner.get_by_role("button", name="처리 완료").click()
    expect(banner).to_be_hidden()
    expect(board.locator("#notice")).not_to_have_text(CALM)
    expect(officer.locator("#bell-sent")).to_be_hidden()
    expect(officer.locator("#bell")).to_be_visible()
    assert lobby.db("SELECT status FROM alarms") == [("cleared",)]


def test_the_officer_takes_a_false_alarm_back(server, new_page):
    lobby = Lobby(server)
    officer = console(new_page, lobby, "staff1")
    officer.locator("#bell").click()
    officer.locator("#bell-cancel").click()
    expect(officer.locator("#bell-sent")).to_be_hidden()
    expect(officer.locator("#bell")).to_be_visible()
    assert lobby.db("SELECT status FROM alarms") == [("false_alarm",)]
