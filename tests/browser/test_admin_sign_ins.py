"""The admin console's sign-ins in Chromium: a person's sessions from the staff list
(ending one signs that browser out at once), a locked login unlocked with one button,
and the audit log; the panels pass axe-core."""

from __future__ import annotations

import pytest
import requests

from server.demo import DEMO_PASSWORD
from tests.browser.conftest import axe_violations
from tests.browser.test_admin import open_section, sign_in
from tests.support.server import ServerProcess


@pytest.fixture
def server(tmp_path, monkeypatch):
    """A real server whose logins lock after three failures, without delays before."""
    monkeypatch.setenv("SUNBEON_SIGN_IN_FREE_FAILURES", "5")
    monkeypatch.setenv("SUNBEON_SIGN_IN_LOCK_FAILURES", "3")
    process = ServerProcess(tmp_path / "live.db")
    process.start()
    yield process
    process.stop()


def api_sign_in(server, login, password=DEMO_PASSWORD):
    client = requests.Session()
    answer = client.post(f"{server.url}/api/v1/auth/login",
                         json={"login": login, "password": password}, timeout=10)
    return client, answer


def test_admin_ends_a_session_unlocks_a_login_and_reads_the_log(server, new_page):
    officer, answer = api_sign_in(server, "staff1")
    assert answer.status_code == 200
    for _ in range(3):
        assert api_sign_in(server, "staff9", "wrong-password")[1].status_code == 401
    assert api_sign_in(server, "staff9")[1].json()["error"] == "sign_in_locked"

    admin = new_page(1400, 1000)
    admin.on("dialog", lambda dialog: dialog.accept())
    sign_in(admin, server)
    open_section(admin, "staff")

    # staff1's one session, ended from the console: that browser is signed out at once.
    admin.locator("#panel-body tbody tr", has_text="staff1").get_by_role(
        "button", name="로그인 세션").click()
    panel = admin.locator("#panel-form [data-sessions]")
    panel.locator("tbody tr").first.wait_for()
    assert panel.locator("tbody tr").count() == 1
    assert "사용 중" in panel.locator("tbody tr").inner_text()
    assert axe_violations(admin) == []
    panel.locator("tbody").get_by_role("button", name="종료").click()
    panel.locator("tbody tr", has_text="종료됨").wait_for()
    assert officer.get(f"{server.url}/api/v1/me", timeout=10).status_code == 401

    # staff9 is locked: one button lifts it.
    admin.locator("#panel-body tbody tr", has_text="staff9").get_by_role(
        "button", name="로그인 세션").click()
    lock = admin.locator("[data-sign-in-lock]")
    lock.wait_for()
    assert axe_violations(admin) == []
    lock.get_by_role("button", name="잠금 해제").click()
    lock.wait_for(state="detached")
    assert api_sign_in(server, "staff9")[1].status_code == 200

    # The log shows all of it, and never a password.
    open_section(admin, "audit")
    log = admin.locator("#panel-body tbody")
    log.locator("tr", has_text="잠금 해제").wait_for()
    for what in ("로그인 실패", "로그인 잠김", "세션 종료", "로그인"):
        assert log.locator("tr", has_text=what).count() >= 1, what
    assert DEMO_PASSWORD not in admin.content() and "wrong-password" not in admin.content()
    assert axe_violations(admin) == []
