"""The staff console in Chromium, against a real server: two consoles and the lobby board
serving a kiosk ticket once, every action through the page, transfers keeping the place,
callbacks, appointments, absent colleagues, the supervisor view, permissions and a
server restart."""

from __future__ import annotations

import re
import sqlite3

import pytest
import requests
from playwright.sync_api import Page, expect

from tests.browser.conftest import axe_violations
from tests.support.console import ConsoleSession
from tests.support.seoul import today_in

PASSWORD = "sunbeon-demo"

# Records desktop notifications, and puts the console "in the background".
BACKGROUND_TAB = """
window.__notified = [];
const RealNotification = window.Notification;
window.Notification = class extends RealNotification {
  constructor(title, options = {}) {
    window.__notified.push({ title, body: options.body || '' });
    super(title, options);
  }
};
Object.defineProperty(document, 'visibilityState', { get: () => 'hidden' });
Object.defineProperty(document, 'hidden', { get: () => true });
document.hasFocus = () => false;
"""

expect.set_options(timeout=10_000)


class Lobby:
    """The people and devices acting on a running demo server, over HTTP."""

    def __init__(self, server):
        self.server = server
        self.url = server.url
        self.kiosk = requests.Session()
        self.kiosk.headers["Authorization"] = f"Bearer {server.tokens['kiosk-1f']}"
        self.services = {s["names"]["ko"]: s["id"] for s in
                         requests.get(f"{self.url}/api/v1/services?site_id=1", timeout=5)
                         .json()["services"]}
        self._staff: dict[str, requests.Session] = {}

    def take(self, service: str, priority: bool = False) -> dict:
        response = self.kiosk.post(f"{self.url}/api/v1/tickets", timeout=5,
                                   json={"service_id": self.services[service], "priority": priority})
        assert response.status_code == 201, response.text
        return response.json()["ticket"]

    def staff(self, login: str) -> requests.Session:
        if login not in self._staff:
            session = ConsoleSession()
            session.post(f"{self.url}/api/v1/auth/login", timeout=5,
                         json={"login": login, "password": PASSWORD}).raise_for_status()
            self._staff[login] = session
        return self._staff[login]

    def ticket(self, ticket_id: int) -> dict:
        return self.staff("supervisor").get(f"{self.url}/api/v1/tickets/{ticket_id}",
                                            timeout=5).json()["ticket"]

    def db(self, sql: str, params=()) -> list[tuple]:
        with sqlite3.connect(self.server.db_path) as conn:
            return conn.execute(sql, params).fetchall()


@pytest.fixture
def lobby(server):
    return Lobby(server)


def console(new_page, lobby: Lobby, login: str, *, background: bool = False) -> Page:
    """A staff console signed in through its form, showing the desk (an officer without
    a counter starts at an office desk)."""
    page = new_page(1366, 900)
    if background:
        page.context.grant_permissions(["notifications"], origin=lobby.url)
        page.context.add_init_script(BACKGROUND_TAB)
    page.goto(f"{lobby.url}/staff")
    page.fill("#signin-form input[name=login]", login)
    page.fill("#signin-form input[name=password]", PASSWORD)
    page.click("#signin-form button[type=submit]")
    expect(page.locator("#desk-view:visible, #setup-view:visible")).to_be_visible()
    if page.locator("#setup-view").is_visible():
        page.check("#setup-places input[value=desk]")
        page.click("#setup-form button[type=submit]")
        expect(page.locator("#desk-view")).to_be_visible()
    return page


def choose_counter(page: Page, counter: int, services: list[int]) -> None:
    page.click("#change-place")
    page.check(f"#setup-places input[value='{counter}']")
    for box in page.locator("#setup-services input").all():
        box.set_checked(int(box.get_attribute("value")) in services)
    page.click("#setup-form button[type=submit]")
    expect(page.locator("#desk-view")).to_be_visible()


def row(page: Page, ticket: dict, where: str = "#queue"):
    return page.locator(f"{where} [data-ticket-id='{ticket['id']}']")


def current_number(page: Page):
    return page.locator("#current .current__number")


def page_post(page: Page, path: str, body: dict | None = None) -> dict:
    """A request from the page itself, with its session: what a crafted click could send."""
    return page.evaluate("""async ([path, body]) => {
        const response = await fetch('/api/v1' + path, {method: 'POST',
            headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body || {})});
        return {status: response.status, ...(await response.json())};
    }""", [path, body])


def seoul_input(minutes: int) -> str:
    """A datetime-local field's value, `minutes` from now and still today."""
    return today_in(minutes).strftime("%Y-%m-%dT%H:%M")


# ---- two consoles and the board ---------------------------------------------------------

def test_a_kiosk_ticket_reaches_the_right_consoles_at_once_and_is_served_once(lobby, new_page):
    passport, seal = lobby.services["여권"], lobby.services["인감증명"]
    first = console(new_page, lobby, "staff1", background=True)   # counter 1
    choose_counter(first, 1, [seal, passport])
    second = console(new_page, lobby, "staff4")                     # counter 4: passports
    board = new_page(1280, 720)
    board.goto(f"{lobby.url}/display/board?token={lobby.server.tokens['board-1f']}")
    expect(board.locator("#counters li").first).to_be_visible()

    ticket = lobby.take("여권")
    for page in (first, second):
        expect(row(page, ticket)).to_be_visible()
        expect(page.locator("#attention")).to_contain_text(ticket["display_number"])
        page.wait_for_function("window.__played.length > 0")
    first.wait_for_function("(number) => window.__notified.some(n => n.body.includes(number))",
                            arg=ticket["display_number"])
    waited = first.locator("#attention time.wait")
    shown_at = waited.inner_text()
    expect(waited).not_to_have_text(shown_at)                      # the wait counts up
    assert second.evaluate("window.__notified === undefined")   # a tab in front: no popup

    only_mine = lobby.take("인감증명")
    expect(row(first, only_mine)).to_be_visible()
    second.click("#actions [data-action=call-next]")
    expect(current_number(second)).to_have_text(ticket["display_number"])
    expect(board.get_by_text(ticket["display_number"]).first).to_be_visible()
    expect(row(first, ticket)).to_have_count(0)
    assert row(second, only_mine).count() == 0
    expect(second.locator("#attention")).to_be_hidden()
    expect(first.locator("#attention")).to_contain_text(only_mine["display_number"])

    # The first console cannot take the same visitor a second time.
    twice = page_post(first, "/counters/1/call", {"ticket_id": ticket["id"]})
    assert twice["status"] == 409 and twice["error"] == "wrong_status"
    # Nor act on another counter's visitor, over HTTP or over its socket.
    refused = page_post(first, f"/tickets/{ticket['id']}/finish", {"outcome": "resolved"})
    assert refused["status"] == 403 and refused["error"] == "forbidden"
    over_socket = first.evaluate("""async (ticketId) => {
        const { io } = await import('/vendor/socket.io-client/socket.io.esm.min.js');
        const socket = io({ transports: ['websocket'] });
        const answers = {};
        for (const name of ['finish', 'call_next', 'call']) {
          try { answers[name] = await socket.timeout(1500).emitWithAck(name, { ticket_id: ticketId, counter_id: 4 }); }
          catch (error) { answers[name] = 'no answer'; }
        }
        answers.rooms = (await socket.timeout(3000).emitWithAck('rejoin', { counter_id: 4 })).rooms;
        socket.close();
        return answers;
    }""", ticket["id"])
    assert [over_socket[n] for n in ("finish", "call_next", "call")] == ["no answer"] * 3
    assert "counter:4" not in over_socket["rooms"]
    assert lobby.ticket(ticket["id"])["status"] == "called"

    # A kiosk asking for help arrives the same way; the console answers it.
    played = first.evaluate("window.__played.length")
    assert lobby.kiosk.post(f"{lobby.url}/api/v1/help-requests", timeout=5).status_code == 201
    expect(first.locator("#help")).to_contain_text("1층 민원실 근처 키오스크")
    first.wait_for_function("(count) => window.__played.length > count", arg=played)
    first.locator("#help").get_by_role("button", name="제가 가겠습니다").click()
    expect(first.locator("#help")).to_contain_text("응대 중")
    first.locator("#help").get_by_role("button", name="해결").click()
    expect(first.locator("#help")).to_be_hidden()


# ---- every action through the page --------------------------------------------------------

def test_changing_place_before_the_desk_has_loaded_keeps_my_own_counter(lobby, new_page):
    """An officer who opens "change place" at once, before the console's first answer about
    their desk, still finds the counter they sit at as theirs, not taken by someone."""
    page = new_page(1366, 900)
    held = []                                   # the desk's answers, held until let go
    page.route("**/api/v1/desk", lambda route: route.continue_() if held is None else held.append(route))
    page.goto(f"{lobby.url}/staff")
    page.fill("#signin-form input[name=login]", "staff1")           # seated at counter 1
    page.fill("#signin-form input[name=password]", PASSWORD)
    page.click("#signin-form button[type=submit]")
    expect(page.locator("#desk-view")).to_be_visible()
    page.click("#change-place")
    expect(page.locator("#setup-view")).to_be_visible()
    while not held:
        page.wait_for_timeout(50)
    waiting, held = held, None
    for route in waiting:
        route.continue_()
    mine = page.locator("#setup-places input[value='1']")
    expect(mine).to_be_checked()
    expect(mine).to_be_enabled()


def test_every_action_through_the_page_and_transfer_keeps_the_place(lobby, new_page):
    page = console(new_page, lobby, "staff2")          # counter 2: resident, seal, family
    seal_visitor = lobby.take("인감증명")
    family_visitor = lobby.take("가족관계 증명")
    resident_visitor = lobby.take("주민등록 등·초본")
    passport_visitor = lobby.take("여권")               # after the seal visitor
    for ticket in (seal_visitor, family_visitor, resident_visitor):
        expect(row(page, ticket)).to_be_visible()
    expect(row(page, seal_visitor)).to_contain_text("다음")

    page.keyboard.press("n")                                        # call next
    expect(current_number(page)).to_have_text(seal_visitor["display_number"])
    expect(page.locator("#attention")).to_be_hidden()               # I am serving
    page.click("#actions [data-action=recall]")
    expect(page.locator("#current")).to_contain_text("재호출 1회")
    page.keyboard.press("r")
    expect(page.locator("#current")).to_contain_text("재호출 2회")
    page.keyboard.press("s")                                        # start
    expect(page.locator("#current")).to_contain_text("응대 중")
    page.keyboard.press("h")                                        # hold
    expect(row(page, seal_visitor, "#held")).to_be_visible()
    expect(page.locator("#attention")).to_be_visible()              # others still wait

    row(page, resident_visitor).locator("[data-ticket-action=call]").click()   # out of order
    expect(current_number(page)).to_have_text(resident_visitor["display_number"])
    page.keyboard.press("x")                         # no-show at once: refused, with why
    expect(page.locator("#toast")).to_contain_text("아직 부재 처리할 수 없습니다")
    expect(current_number(page)).to_have_text(resident_visitor["display_number"])
    page.keyboard.press("r")
    expect(page.locator("#current")).to_contain_text("재호출 1회")
    page.keyboard.press("r")
    expect(page.locator("#current")).to_contain_text("재호출 2회")
    page.keyboard.press("x")                         # now allowed, with an undo offered
    expect(page.locator("#current .current__empty")).to_be_visible()
    expect(page.locator("#undo [data-ticket-action=restore]")).to_be_visible()
    page.keyboard.press("u")                                        # return the held one
    expect(current_number(page)).to_have_text(seal_visitor["display_number"])

    page.keyboard.press("t")                       # transfer to another service of mine...
    dialog = page.locator("#transfer-dialog")
    dialog.locator("select[name=service_id]").select_option(str(lobby.services["가족관계 증명"]))
    dialog.locator("button[type=submit]").click()
    expect(row(page, seal_visitor)).to_contain_text("인감증명에서 이관")
    expect(page.locator("#queue li").first).to_have_attribute("data-ticket-id", str(seal_visitor["id"]))
    row(page, seal_visitor).locator("[data-ticket-action=transfer]").click()   # ...then passports
    dialog.locator("select[name=service_id]").select_option(str(lobby.services["여권"]))
    dialog.locator("button[type=submit]").click()
    expect(row(page, seal_visitor)).to_have_count(0)
    moved = lobby.ticket(seal_visitor["id"])
    assert moved["status"] == "waiting" and moved["transfer_count"] == 2
    assert moved["transferred_from_service_id"] == lobby.services["가족관계 증명"]
    passport_queue = lobby.staff("staff4").get(f"{lobby.url}/api/v1/desk", timeout=5).json()["queue"]
    assert [t["id"] for t in passport_queue] == [seal_visitor["id"], passport_visitor["id"]]

    page.keyboard.press("1")                                        # the first in my queue
    expect(current_number(page)).to_have_text(family_visitor["display_number"])
    page.keyboard.press("p")                                        # reprint
    expect(page.locator("#toast")).to_contain_text("재출력")
    page.keyboard.press("f")                                        # finish, with outcome and note
    finish = page.locator("#finish-dialog")
    finish.locator("input[value=referred]").check()
    finish.locator("input[name=note]").fill("세무과 안내")
    finish.locator("input[name=note]").press("Enter")
    expect(page.locator("#current .current__empty")).to_be_visible()
    assert lobby.db("SELECT status, outcome, note FROM tickets WHERE id = ?", (family_visitor["id"],)) == [
        ("done", "referred", "세무과 안내")]
    assert lobby.db("SELECT kind FROM print_jobs WHERE ticket_id = ? ORDER BY id", (family_visitor["id"],)) == [
        ("ticket",), ("reprint",)]
    expect(row(page, lobby.take("주민등록 등·초본", priority=True))).to_contain_text("우선")

    page.keyboard.press("a")                                        # away until a time
    page.locator("#away-dialog input[name=until]").fill("11:30")
    page.locator("#away-dialog button[type=submit]").click()
    expect(page.locator("#presence [data-presence=away]")).to_have_attribute("aria-pressed", "true")
    assert lobby.db("SELECT presence FROM staff WHERE login = 'staff2'") == [("away",)]
    page.keyboard.press("v")
    expect(page.locator("#presence [data-presence=available]")).to_have_attribute("aria-pressed", "true")

    page.keyboard.press("?")
    shortcuts = page.locator("#shortcuts")
    expect(shortcuts.locator("dl")).to_be_visible()
    for key in "NRSFXHUTPVAKM":
        expect(shortcuts.locator("kbd", has_text=key).first).to_be_visible()
    assert page.locator("#actions .action").first.bounding_box()["height"] >= 44   # touch size
    serious = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
    # Visitors appear by number only: nothing on the page could name them.
    assert "010-" not in page.inner_text("body")

    page.click("#sign-out")                                         # one click, counter left
    expect(page.locator("#signin-view")).to_be_visible()
    assert lobby.db("SELECT staff_id FROM counters WHERE number = 2 AND site_id = 1") == [(None,)]


# ---- callbacks, appointments, colleagues, supervisor, restart ------------------------------

def test_callbacks_appointments_colleagues_and_the_supervisor(lobby, new_page):
    officer = console(new_page, lobby, "staff1")
    colleague = console(new_page, lobby, "staff2")
    staff1_id = lobby.db("SELECT id FROM staff WHERE login = 'staff1'")[0][0]

    # A callback from creation to purge.
    colleague.click("[data-action=new-callback]")
    form = colleague.locator("#callback-dialog")
    form.locator("select[name=owner]").select_option(str(staff1_id))
    form.locator("input[name=topic]").fill("인감 위임장 서식 문의")
    form.locator("input[name=promised]").fill(seoul_input(-2))   # promised a moment ago
    form.locator("input[name=phone]").fill("010-2345-6789")
    form.locator("button[type=submit]").click()
    expect(form.locator("[data-error]")).to_contain_text("동의")        # no consent, not saved
    form.locator("input[name=consent]").check()
    form.locator("button[type=submit]").click()
    expect(form).to_be_hidden()
    item = officer.locator("#callbacks li[data-callback-id]")
    expect(item).to_contain_text("010-****-6789")
    expect(colleague.locator("#callbacks li[data-callback-id]")).to_contain_text("010-****-6789")
    assert colleague.locator("[data-callback-action=phone]").count() == 0   # not the owner
    expect(item).to_have_class(re.compile(r"\bis-overdue\b"))
    expect(item.locator(".mark--overdue")).to_be_visible()
    item.locator("[data-callback-action=phone]").click()
    expect(item).to_contain_text("010-2345-6789")
    item.locator("[data-callback-action=done]").click()
    expect(officer.locator("#callbacks li[data-callback-id]")).to_have_count(0)
    assert lobby.db("SELECT phone, status FROM callbacks") == [(None, "done")]

    # An appointment from booking to kiosk check-in to call.
    walk_in = lobby.take("인감증명")
    officer.keyboard.press("m")
    booking = officer.locator("#appointment-dialog")
    booking.locator("select[name=service]").select_option(str(lobby.services["인감증명"]))
    booking.locator("input[name=when]").fill(seoul_input(5))
    booking.locator("input[name=topic]").fill("인감 변경 상담")
    booking.locator("button[type=submit]").click()
    code = officer.locator("#appointment-code")
    expect(code).to_have_text(re.compile(r"^\d{6}$"))
    the_code = code.inner_text()
    officer.locator("#code-dialog button[type=submit]").click()
    expect(officer.locator("#appointments")).to_contain_text(the_code)
    checked = lobby.kiosk.post(f"{lobby.url}/api/v1/appointments/check-in", timeout=5,
                               json={"code": the_code})
    assert checked.status_code == 201, checked.text
    appointment_ticket = checked.json()["ticket"]
    expect(row(officer, appointment_ticket)).to_contain_text("예약")
    expect(officer.locator("#appointments")).to_contain_text("접수됨")
    assert row(colleague, appointment_ticket).count() == 0    # reserved for its officer
    officer.keyboard.press("n")                                # due: before the walk-in
    expect(current_number(officer)).to_have_text(appointment_ticket["display_number"])
    assert row(officer, walk_in).count() == 1
    officer.keyboard.press("f")
    officer.locator("#finish-dialog button[type=submit]").click()
    expect(officer.locator("#current .current__empty")).to_be_visible()

    # An absent officer's visitors are offered to a colleague, who takes them over.
    passport_visitor = lobby.take("여권")
    lobby.staff("staff4").post(f"{lobby.url}/api/v1/staff/me/presence", timeout=5,
                               json={"presence": "away"}).raise_for_status()
    offer = colleague.locator("#offers")
    expect(offer).to_contain_text("정우진")
    expect(offer).to_contain_text(passport_visitor["display_number"])
    offer.locator("[data-action=take-over]").click()
    expect(row(colleague, passport_visitor)).to_contain_text("나에게")
    expect(offer).to_be_hidden()


def test_the_supervisor_view_alerts_pauses_and_moves_staff(lobby, new_page):
    with sqlite3.connect(lobby.server.db_path) as conn:   # alert the supervisor at once
        conn.execute("UPDATE sites SET settings = json_set(settings, "
                     "'$.supervisor_alert_minutes', 0) WHERE id = 1")
    page = console(new_page, lobby, "supervisor")
    expect(page.locator("#show-supervisor")).to_be_visible()
    page.click("#show-supervisor")
    expect(page.locator("#sv-counters")).to_contain_text("정우진")

    ticket = lobby.take("토지 민원")            # nobody at counter 10
    expect(page.locator("#supervisor-alerts")).to_contain_text(ticket["display_number"])
    page.wait_for_function("window.__played.length > 0")
    land = page.locator(f"#sv-services tr[data-service-id='{lobby.services['토지 민원']}']")
    expect(land.locator("td").first).to_have_text("1")

    seal = page.locator(f"#sv-services tr[data-service-id='{lobby.services['인감증명']}']")
    seal.locator("[data-supervisor-action=pause]").click()
    expect(seal).to_contain_text("일시 중지됨")
    refused = lobby.kiosk.post(f"{lobby.url}/api/v1/tickets", timeout=5,
                               json={"service_id": lobby.services["인감증명"]})
    assert refused.status_code == 409 and refused.json()["reason"] == "paused"
    seal.locator("[data-supervisor-action=resume]").click()
    expect(seal).to_contain_text("발권 중")

    counter2 = page.locator("#sv-counters tr[data-counter-id='2']")
    counter2.locator("[data-supervisor-action=move]").click()
    choices = page.locator("#services-choices")
    for box in choices.locator("input").all():
        box.set_checked(int(box.get_attribute("value")) == lobby.services["토지 민원"])
    page.locator("#services-dialog button[type=submit]").click()
    expect(counter2).to_contain_text("토지 민원")
    desk = lobby.staff("staff2").get(f"{lobby.url}/api/v1/desk", timeout=5).json()
    assert [t["id"] for t in desk["queue"]] == [ticket["id"]]


def test_the_console_recovers_after_a_server_restart(lobby, new_page):
    page = console(new_page, lobby, "staff4")
    before = lobby.take("여권")
    expect(row(page, before)).to_be_visible()
    lobby.server.stop()
    expect(page.locator("#live")).to_contain_text("연결 끊김")
    lobby.server.start()
    expect(page.locator("#live")).to_contain_text("실시간 연결됨", timeout=20_000)
    after = lobby.take("여권")
    expect(row(page, after)).to_be_visible()
    page.click("#actions [data-action=call-next]")
    expect(current_number(page)).to_have_text(before["display_number"])
