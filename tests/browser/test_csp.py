"""Every kind of page keeps working under its Content-Security-Policy (server/auth/security.py):
Chromium reports no violation while each page starts, goes live and does its usual work
(the kiosk's route map, the consoles, the map editor, the report charts, the phone page).

A violation is recorded twice over: the page's `securitypolicyviolation` events (from an
init script, which the policy does not govern) and Chromium's console messages."""

from __future__ import annotations

import pytest
import requests

from server.demo import DEMO_PASSWORD
from tests.browser.test_admin import sign_in
from tests.browser.test_kiosk import kiosk_takes, wait_ready, wait_screen
from tests.support.console import ConsoleSession
from tests.support.server import ServerProcess

WAIT_MS = 15000

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(
  `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));
"""


@pytest.fixture(scope="module")
def lobby(tmp_path_factory):
    server = ServerProcess(tmp_path_factory.mktemp("csp") / "csp.db")
    server.start()
    yield server
    server.stop()


class Watched:
    """A page whose policy violations are collected across its navigations."""

    def __init__(self, page):
        self.page = page
        self.seen: list[str] = []
        page.on("console", lambda message: "Content Security Policy" in message.text
                and self.seen.append(message.text))

    def goto(self, url: str):
        response = self.page.goto(url)
        policy = response.headers.get("content-security-policy", "")
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy, url
        return response

    def violations(self) -> list[str]:
        self.page.wait_for_timeout(300)   # the events are queued, not synchronous
        return self.seen + self.page.evaluate("window.__violations || []")


@pytest.fixture
def watched(new_page):
    def make(width=1920, height=1080) -> Watched:
        page = new_page(width, height, bypass_csp=False)   # the policy as browsers apply it
        page.context.add_init_script(RECORD_VIOLATIONS)
        return Watched(page)
    return make


def test_the_recorder_sees_a_violation(lobby, watched):
    """The control: an inline style attribute is what the policy forbids, and is seen."""
    w = watched()
    w.goto(f"{lobby.url}/")
    w.page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color:red\">x</p>')")
    assert any("style-src" in v for v in w.violations())


def test_home_and_error_pages(lobby, watched):
    w = watched(1280, 800)
    w.goto(f"{lobby.url}/")
    assert w.page.evaluate("getComputedStyle(document.body).maxWidth") == "640px"   # its stylesheet
    w.page.goto(f"{lobby.url}/no-such-page")
    assert w.violations() == []


def test_the_kiosk_takes_a_number_and_shows_the_way(lobby, watched):
    w = watched(1080, 1920)
    w.goto(f"{lobby.url}/kiosk?token={lobby.tokens['kiosk-1f']}")
    wait_ready(w.page)
    w.page.click("#screen [data-key=take]")
    wait_screen(w.page, "departments")
    w.page.click("#screen [data-option='1']")
    wait_screen(w.page, "services")
    w.page.click("#screen [data-option='1']")
    wait_screen(w.page, "machine")          # the certificate machine, with its route map
    w.page.wait_for_selector("#machine-route .route-drawing", state="attached", timeout=WAIT_MS)
    w.page.click("#machine-ticket")
    if w.page.get_attribute("#screen", "data-screen") == "priority":
        w.page.click("#screen [data-key=priority-no]")
    wait_screen(w.page, "confirm")
    w.page.click("#confirm-issue")
    wait_screen(w.page, "ticket")
    w.page.click("#screen [data-key=done]")
    wait_screen(w.page, "home")
    w.page.click("#screen [data-key=find]")
    w.page.click("#screen [data-key=dir-1]")
    w.page.wait_for_selector(".route-steps li", timeout=WAIT_MS)
    w.page.wait_for_selector(".route-drawing image", state="attached",
                             timeout=WAIT_MS)                      # the plan under the route
    assert w.violations() == []


@pytest.mark.parametrize("path, device", [
    ("/display/board", "board-1f"), ("/display/counter/1", "counter-display-1"),
    ("/display/directory/1", "directory-1f"), ("/display/seats/1", "seats-civil")])
def test_each_screen_goes_live(lobby, watched, path, device):
    w = watched()
    w.goto(f"{lobby.url}{path}?token={lobby.tokens[device]}")
    w.page.wait_for_selector("body[data-live='online']", timeout=WAIT_MS)
    if device == "board-1f":   # a call is drawn and announced while we watch
        staff = ConsoleSession()
        staff.post(f"{lobby.url}/api/v1/auth/login", timeout=5,
                   json={"login": "staff1", "password": DEMO_PASSWORD}).raise_for_status()
        kiosk_takes(lobby, 1)
        called = staff.post(f"{lobby.url}/api/v1/counters/1/call-next", timeout=5)
        assert called.ok, called.text
        w.page.wait_for_selector(f"text={called.json()['ticket']['display_number']}",
                                 timeout=WAIT_MS)
    assert w.violations() == []


def test_the_staff_console_signs_in_and_serves(lobby, watched):
    w = watched(1366, 900)
    w.goto(f"{lobby.url}/staff")
    w.page.fill("#signin-form input[name=login]", "staff4")
    w.page.fill("#signin-form input[name=password]", DEMO_PASSWORD)
    w.page.click("#signin-form button[type=submit]")
    w.page.wait_for_selector("#desk-view:visible, #setup-view:visible", timeout=WAIT_MS)
    if w.page.locator("#setup-view").is_visible():
        w.page.check("#setup-places input[value=desk]")
        w.page.click("#setup-form button[type=submit]")
    w.page.wait_for_selector("#desk-view:visible", timeout=WAIT_MS)
    # A visitor for the passport counter: the alert, its chime, then the call.
    passport = next(s["id"] for s in requests.get(f"{lobby.url}/api/v1/services?site_id=1",
                                                  timeout=5).json()["services"]
                    if s["names"]["ko"] == "여권")
    ticket = kiosk_takes(lobby, passport)
    w.page.wait_for_selector(f"#attention >> text={ticket['display_number']}", timeout=WAIT_MS)
    w.page.click("#actions [data-action=call-next]")
    w.page.wait_for_selector(f"#current >> text={ticket['display_number']}", timeout=WAIT_MS)
    assert w.violations() == []


def test_the_admin_console_map_editor_and_reports(lobby, watched):
    w = watched(1400, 1000)
    response = w.page.goto(f"{lobby.url}/admin")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    sign_in(w.page, lobby)
    w.page.click("#sections a[data-key=maps]")
    w.page.locator("#me-map img.me-plan").wait_for(timeout=WAIT_MS)
    kiosk_takes(lobby, 1)                  # today's report has a row, so charts are drawn
    w.page.click("#sections a[data-key=reports]")
    w.page.locator("#report-result .report-chart canvas").first.wait_for(timeout=WAIT_MS)
    w.page.get_by_role("button", name="연간 만족도").click()
    w.page.get_by_role("heading", name="만족도").wait_for(timeout=WAIT_MS)
    w.page.locator("#report-result .report-chart canvas").first.wait_for(timeout=WAIT_MS)
    w.page.click("#sections a[data-key=devices]")
    w.page.wait_for_selector("#panel-body table", timeout=WAIT_MS)
    # A photo upload: previewed and cropped in a canvas (a blob: image), then sent as
    # multipart, so it carries the session's CSRF token.
    w.page.click("#sections a[data-key=staff]")
    w.page.locator("#panel-body tbody tr").first.get_by_role("button", name="사진").click()
    w.page.locator("#panel-form input[type=file]").set_input_files(
        files=[{"name": "me.png", "mimeType": "image/png", "buffer": _png()}])
    w.page.locator("#panel-form canvas[data-ready=true]").wait_for(timeout=WAIT_MS)
    w.page.get_by_role("button", name="이 사진으로 저장").click()
    w.page.locator("#toast", has_text="Photo saved").wait_for(timeout=WAIT_MS)
    assert w.violations() == []


def _png() -> bytes:
    import io

    from PIL import Image
    out = io.BytesIO()
    Image.new("RGB", (300, 400), (200, 100, 50)).save(out, "PNG")
    return out.getvalue()


def test_the_phone_page(lobby, watched):
    ticket = kiosk_takes(lobby, 1)
    w = watched(360, 740)
    response = w.goto(ticket["link"])
    assert response.headers["referrer-policy"] == "no-referrer"
    w.page.wait_for_selector("#ticket:not([hidden])", timeout=WAIT_MS)
    assert w.violations() == []


def test_the_phone_route_page(lobby, watched):
    w = watched(360, 740)
    response = w.goto(f"{lobby.url}/v/route?from=9&to=5&lang=vi&step_free=1")
    assert response.headers["referrer-policy"] == "no-referrer"
    w.page.wait_for_selector("#route-maps .route-drawing", timeout=WAIT_MS)
    assert w.violations() == []
