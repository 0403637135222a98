"""The visitor kiosk in Chromium: taking a number in both layouts (and the same ticket
through the API), live waiting counts, the countdown, the keypad alone, double taps, the
closed state, calling staff, the directory, the voice guide, appointment check-in,
admin changes shown without a reload (a renamed service, a new information page with its
satisfaction question), search by initial consonants, and the route on a floor plan.

The helpers at the top are shared by the other kiosk test modules."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import requests

from server.demo import DEMO_PASSWORD
from tests.browser.conftest import BYPASS_CSP, RECORD_MEDIA, axe_violations
from tests.support.console import ConsoleSession
from tests.support.seoul import SEOUL, today_in
from tests.support.server import ServerProcess

PORTRAIT = {"width": 1080, "height": 1920}
LANDSCAPE = {"width": 1920, "height": 1080}
I18N = Path(__file__).resolve().parents[2] / "kiosk" / "i18n"


# ---- helpers shared by the kiosk tests -----------------------------------------------

def catalog(lang: str) -> dict:
    return json.loads((I18N / f"{lang}.json").read_text(encoding="utf-8"))


def start_server(tmp_path_factory) -> ServerProcess:
    """A demo server whose city hall issues numbers whatever the day: the sample is open
    all day, and its public holidays are removed so that a run on a holiday works too."""
    process = ServerProcess(tmp_path_factory.mktemp("kiosk") / "kiosk.db")
    process.start()
    sql(process, "DELETE FROM holidays")
    return process


def sql(server, statement: str, params=()) -> list:
    """Change the running server's data directly, as an admin console would."""
    conn = sqlite3.connect(server.db_path)
    try:
        with conn:
            return conn.execute(statement, params).fetchall()
    finally:
        conn.close()


def set_kiosk_config(server, **changes) -> None:
    """Change the 1st-floor kiosk's device settings (None removes a setting)."""
    (config,) = sql(server, "SELECT config FROM devices WHERE name = 'kiosk-1f'")[0]
    config = {**json.loads(config), **changes}
    config = {key: value for key, value in config.items() if value is not None}
    sql(server, "UPDATE devices SET config = ? WHERE name = 'kiosk-1f'", (json.dumps(config),))


def service_id(server, korean_name: str) -> int:
    return sql(server, "SELECT id FROM services WHERE site_id = 1 "
               "AND json_extract(names, '$.ko') = ?", (korean_name,))[0][0]


def staff_session(server, login: str = "supervisor") -> requests.Session:
    session = ConsoleSession()
    response = session.post(f"{server.url}/api/v1/auth/login",
                            json={"login": login, "password": DEMO_PASSWORD})
    assert response.status_code == 200, response.text
    return session


def add_info_page(server, slug="information-disclosure") -> dict:
    """An information page, as an admin adds it in the console."""
    response = staff_session(server, "admin").post(
        f"{server.url}/api/v1/admin/info-pages", params={"site_id": 1}, json={
            "slug": slug, "titles": {"ko": "정보공개 청구 절차", "en": "Requesting information"},
            "bodies": {"ko": "1. 청구서를 냅니다.\n\n2. 10일 안에 공개 여부를 결정합니다.",
                       "en": "1. Hand in a request.\n\n2. A decision follows within 10 days."}})
    assert response.status_code == 201, response.text
    return response.json()["item"]


def tickets_of(server, service: int) -> list[dict]:
    response = staff_session(server).get(f"{server.url}/api/v1/tickets",
                                         params={"service_id": service})
    assert response.status_code == 200, response.text
    return response.json()["tickets"]


def kiosk_takes(server, service: int) -> dict:
    """A ticket taken through the API as the 1st-floor kiosk."""
    response = requests.post(f"{server.url}/api/v1/tickets", json={"service_id": service},
                             headers={"Authorization": f"Bearer {server.tokens['kiosk-1f']}"},
                             timeout=5)
    assert response.status_code == 201, response.text
    return response.json()["ticket"]


def one_floor_map(server, plan: bytes, corridor) -> tuple:
    """The sample city hall's floor maps replaced, through the admin API, by one floor on
    `plan` at 10 px a metre with a walkway through the three `corridor` points. Returns
    post(path, body) to add to the map, the level, and the three points' node ids."""
    admin = staff_session(server, "admin")
    api = f"{server.url}/api/v1/admin/maps"
    for sample in admin.get(f"{server.url}/api/v1/maps?site_id=1").json()["levels"]:
        assert admin.delete(f"{api}/levels/{sample['id']}").status_code == 200

    def post(path, body):
        response = admin.post(f"{api}/{path}", params={"site_id": 1}, json=body)
        assert response.status_code == 201, response.text
        return next(iter(response.json().values()))

    level = post("levels", {"ordinal": 1})
    response = admin.post(f"{api}/levels/{level['id']}/plan", files={"plan": ("plan.png", plan)})
    assert response.status_code == 200, response.text
    admin.post(f"{api}/levels/{level['id']}/scale", json={"start": [0, 0], "end": [0, 100], "metres": 10})
    a, b, c = (post("nodes", {"level_id": level["id"], "x": x, "y": y})["id"] for x, y in corridor)
    post("edges", {"from_node": a, "to_node": b, "kind": "walkway"})
    post("edges", {"from_node": b, "to_node": c, "kind": "walkway"})
    return post, level, (a, b, c)


def new_kiosk_page(browser, server, viewport=PORTRAIT, device="kiosk-1f"):
    context = browser.new_context(viewport=viewport, bypass_csp=BYPASS_CSP)
    context.add_init_script(RECORD_MEDIA)
    page = context.new_page()
    page.goto(f"{server.url}/kiosk?token={server.tokens[device]}")
    wait_ready(page)
    return page


def reload_kiosk(page, server):
    """A fresh start of the kiosk in the same browser (it keeps its enrolment)."""
    page.goto(f"{server.url}/kiosk")
    wait_ready(page)


def wait_ready(page):
    page.wait_for_selector("html[data-ready]", state="attached", timeout=15000)


def screen(page) -> str:
    return page.get_attribute("#screen", "data-screen")


def wait_screen(page, name: str, timeout=10000):
    page.wait_for_selector(f"#screen[data-screen='{name}']", state="attached", timeout=timeout)


def choose(page, number: int):
    page.click(f"#screen [data-option='{number}']")


def open_services(page, department=1):
    page.click("#screen [data-key=take]")
    wait_screen(page, "departments")
    choose(page, department)
    wait_screen(page, "services")


def pass_machine(page):
    """A service the certificate machine issues is offered there first: take a ticket anyway."""
    if screen(page) == "machine":
        page.click("#machine-ticket")
        page.wait_for_function("document.querySelector('#screen').dataset.screen !== 'machine'")


def open_confirm(page, department=1, service=1, priority=False):
    open_services(page, department)
    choose(page, service)
    pass_machine(page)
    if screen(page) == "priority":
        page.click(f"#screen [data-key=priority-{'yes' if priority else 'no'}]")
    wait_screen(page, "confirm")


def take_number(page, department=1, service=1, priority=False) -> str:
    """Home -> department -> service -> (priority) -> confirm -> ticket: the number shown."""
    open_confirm(page, department, service, priority)
    page.click("#confirm-issue")
    wait_screen(page, "ticket")
    return page.inner_text("#ticket-number")


def spoken(page) -> list[dict]:
    return page.evaluate("window.__spoken")


def closed_today_hours() -> dict:
    """Opening hours that are closed all of today (Seoul) and open 09-18 other days."""
    today = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[datetime.now(SEOUL).weekday()]
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    return {day: [] if day == today else [["09:00", "18:00"]] for day in days}


# ---- a server and a portrait kiosk for this module ------------------------------------

@pytest.fixture(scope="module")
def kiosk_server(tmp_path_factory):
    process = start_server(tmp_path_factory)
    yield process
    process.stop()


@pytest.fixture(scope="module")
def portrait(browser, kiosk_server):
    page = new_kiosk_page(browser, kiosk_server, PORTRAIT)
    yield page
    page.context.close()


@pytest.fixture
def kiosk(portrait, kiosk_server):
    """The portrait kiosk, freshly started."""
    reload_kiosk(portrait, kiosk_server)
    portrait.evaluate("window.__spoken.length = 0")
    return portrait


# ---- taking a number -------------------------------------------------------------------

@pytest.mark.parametrize("layout", ["portrait", "landscape"])
def test_take_a_number_shows_the_ticket_at_once_and_the_api_has_it(browser, kiosk_server, layout):
    page = new_kiosk_page(browser, kiosk_server, PORTRAIT if layout == "portrait" else LANDSCAPE)
    try:
        resident = service_id(kiosk_server, "주민등록 등·초본")
        before = len(tickets_of(kiosk_server, resident))
        priority = layout == "landscape"

        number = take_number(page, department=1, service=1, priority=priority)

        assert re.fullmatch(r"A-\d{3}", number)
        card = page.inner_text(".ticket-card")
        assert "주민등록 등·초본" in card
        assert "1층 민원실" in card                       # where to go
        assert "041-350-3524" in card                    # the department's phone
        assert re.search(r"내 앞에 (\d+명|기다리는 사람이 없습니다)", card)
        assert ("우선 민원" in card) is priority
        page.wait_for_function(   # the QR code for the phone page, drawn
            "(img => img && img.complete && img.naturalWidth > 0)(document.querySelector('.ticket-qr img'))")
        # Printed or not, the screen says what happens with paper.
        page.wait_for_selector(".print-status .notice")
        # Back home with a visible countdown.
        assert page.locator("#idle").is_visible()
        assert re.search(r"\d+초 뒤 처음 화면으로", page.inner_text("#idle-text"))

        ticket_id = int(page.get_attribute(".ticket-card", "data-ticket-id"))
        tickets = tickets_of(kiosk_server, resident)
        assert len(tickets) == before + 1
        (mine,) = [t for t in tickets if t["id"] == ticket_id]
        assert mine["display_number"] == number
        assert mine["status"] == "waiting"
        assert mine["priority"] is priority

        page.click("#screen [data-key=done]")
        wait_screen(page, "home")
    finally:
        page.context.close()


def test_priority_choice_names_the_groups_and_says_nothing_is_stored(kiosk):
    open_services(kiosk)
    choose(kiosk, 1)
    pass_machine(kiosk)
    wait_screen(kiosk, "priority")
    text = kiosk.inner_text("#screen")
    for group in ("65세 이상 어르신", "장애가 있는 분", "임신한 분", "영유아와 함께 온 보호자"):
        assert group in text
    assert "묻지 않고 기록하지도 않습니다" in text


def test_a_service_without_priority_queue_goes_straight_to_confirm(kiosk, kiosk_server):
    passport = service_id(kiosk_server, "여권")
    sql(kiosk_server, "UPDATE services SET priority_enabled = 0 WHERE id = ?", (passport,))
    try:
        reload_kiosk(kiosk, kiosk_server)
        open_services(kiosk)
        kiosk.click(f"#screen [data-key=service-{passport}]")
        wait_screen(kiosk, "confirm")
    finally:
        sql(kiosk_server, "UPDATE services SET priority_enabled = 1 WHERE id = ?", (passport,))


def test_waiting_counts_update_live(kiosk, kiosk_server):
    open_services(kiosk)
    seal = service_id(kiosk_server, "인감증명")
    waiting = sum(t["status"] == "waiting" for t in tickets_of(kiosk_server, seal))

    response = requests.post(f"{kiosk_server.url}/api/v1/tickets", json={"service_id": seal},
                             headers={"Authorization": f"Bearer {kiosk_server.tokens['kiosk-1f']}"})
    assert response.status_code == 201

    kiosk.wait_for_function(
        "([key, text]) => document.querySelector(`[data-key=${key}]`).innerText.includes(text)",
        arg=[f"service-{seal}", f"{waiting + 1}명 대기"], timeout=10000)


def test_countdown_is_shown_extends_and_a_fresh_kiosk_follows(kiosk, kiosk_server):
    set_kiosk_config(kiosk_server, timeouts={"screen": 3, "ticket": 3})
    try:
        reload_kiosk(kiosk, kiosk_server)
        kiosk.click("[data-mode=contrast]")
        kiosk.click("#tool-language")
        kiosk.click("#screen [data-key=lang-en]")
        kiosk.click("#screen [data-key=take]")
        assert re.fullmatch(r"Back to start in \d seconds?", kiosk.inner_text("#idle-text"))

        # Left alone, the kiosk goes home and is fresh for the next visitor.
        wait_screen(kiosk, "home", timeout=8000)
        assert kiosk.get_attribute("html", "lang") == "ko"
        assert kiosk.get_attribute("html", "data-krds-mode") == "light"

        kiosk.click("#screen [data-key=take]")
        kiosk.click("#idle-extend")
        assert int(re.search(r"\d+", kiosk.inner_text("#idle-text")).group()) > 30
    finally:
        set_kiosk_config(kiosk_server, timeouts=None)


# ---- keypad ---------------------------------------------------------------------------

def test_the_whole_flow_by_keypad_alone(kiosk, kiosk_server):
    keyboard = kiosk.keyboard
    keyboard.press("ArrowDown")                           # the first key starts the voice guide
    assert kiosk.get_attribute("[data-mode=voice]", "aria-pressed") == "true"
    # Arrows reach every control on the screen, with a visible focus.
    reached = set()
    for _ in range(16):                                   # the home's common services come first
        keyboard.press("ArrowDown")
        focused = kiosk.evaluate("""() => {
            const el = document.activeElement, style = getComputedStyle(el);
            return {id: el.id || el.dataset.key || el.dataset.mode,
                    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 3};
        }""")
        assert focused["outline"], focused
        reached.add(focused["id"])
    assert {"take", "find", "help", "tool-language", "contrast", "enlarge", "low", "voice",
            "tool-help"} <= reached

    keyboard.press("Home")
    wait_screen(kiosk, "home")
    keyboard.press("5")                                   # take a number (after 4 common services)
    wait_screen(kiosk, "departments")
    keyboard.press("ArrowDown")                           # the first department
    keyboard.press("Enter")
    wait_screen(kiosk, "services")
    keyboard.press("Escape")                              # back
    wait_screen(kiosk, "departments")
    keyboard.press("1")
    wait_screen(kiosk, "services")
    keyboard.press("2")                                   # 인감증명
    wait_screen(kiosk, "priority")
    keyboard.press("2")                                   # no priority
    wait_screen(kiosk, "confirm")
    for _ in range(5):
        keyboard.press("ArrowDown")
        if kiosk.evaluate("document.activeElement.id") == "confirm-issue":
            break
    keyboard.press("Enter")
    wait_screen(kiosk, "ticket")
    assert re.fullmatch(r"B-\d{3}", kiosk.inner_text("#ticket-number"))


# ---- one tap, one ticket --------------------------------------------------------------

def test_a_double_tap_makes_one_ticket(kiosk, kiosk_server):
    family = service_id(kiosk_server, "가족관계 증명")
    before = len(tickets_of(kiosk_server, family))
    open_confirm(kiosk, department=1, service=3)
    kiosk.dblclick("#confirm-issue")
    wait_screen(kiosk, "ticket")
    kiosk.wait_for_timeout(300)
    assert len(tickets_of(kiosk_server, family)) == before + 1


def test_a_tap_held_while_the_lobby_changes_still_counts(kiosk, kiosk_server):
    """Live screens redraw when the lobby changes. A change that arrives between pressing a
    button and letting go waits until the finger is lifted, so the tap is not lost."""
    admin = staff_session(kiosk_server, "admin")
    take = kiosk.locator("#screen [data-key=take]").bounding_box()
    kiosk.evaluate("window.__take = document.querySelector('#screen [data-key=take]')")
    kiosk.mouse.move(take["x"] + take["width"] / 2, take["y"] + take["height"] / 2)
    kiosk.mouse.down()
    with kiosk.expect_response(lambda response: "/api/v1/notices?target=kiosk" in response.url):
        added = admin.post(f"{kiosk_server.url}/api/v1/admin/notices?site_id=1",
                           json={"target": "kiosk", "texts": {"ko": "오늘은 3번 창구가 쉽니다."}})
        assert added.status_code == 201, added.text
    try:
        kiosk.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
        assert kiosk.evaluate(   # the same button under the finger: not drawn again yet
            "window.__take === document.querySelector('#screen [data-key=take]')")
        kiosk.mouse.up()
        wait_screen(kiosk, "departments")
        kiosk.click("#nav-home")
        kiosk.locator("#screen .site-notices", has_text="3번 창구가 쉽니다").wait_for()
    finally:
        gone = admin.delete(f"{kiosk_server.url}/api/v1/admin/notices/{added.json()['item']['id']}")
        assert gone.status_code == 200, gone.text


# ---- closed ---------------------------------------------------------------------------

def test_a_closed_service_says_why_and_when_it_opens_live(kiosk, kiosk_server):
    land = service_id(kiosk_server, "토지 민원")
    sql(kiosk_server, "UPDATE services SET hours = ? WHERE id = ?",
        (json.dumps(closed_today_hours()), land))
    set_kiosk_config(kiosk_server, refresh_seconds=1)
    try:
        reload_kiosk(kiosk, kiosk_server)
        open_services(kiosk, department=6)
        option = kiosk.locator(f"[data-key=service-{land}]")
        assert "지금 발급하지 않음" in option.inner_text()  # in words, not by colour
        option.click()
        wait_screen(kiosk, "closed")
        assert "지금은 업무 시간이 아닙니다." in kiosk.inner_text("#screen")
        expected = requests.get(f"{kiosk_server.url}/api/v1/services/{land}").json()
        next_open = expected["service"]["availability"]["next_open_at"]
        assert kiosk.get_attribute("#screen time", "datetime") == next_open
        opening = datetime.fromisoformat(next_open).astimezone(SEOUL)
        shown = kiosk.inner_text("#screen time")
        assert shown.startswith("다음 발급: ") and f"{opening.hour % 12 or 12}:00" in shown
        if opening.date() == (datetime.now(SEOUL) + timedelta(days=1)).date():
            assert "내일" in shown

        # It opens while the visitor is looking: the screen changes by itself.
        sql(kiosk_server, "UPDATE services SET hours = NULL WHERE id = ?", (land,))
        kiosk.wait_for_selector("#screen [data-key=continue]", timeout=10000)
        kiosk.click("#screen [data-key=continue]")
        assert screen(kiosk) in ("priority", "confirm")
    finally:
        sql(kiosk_server, "UPDATE services SET hours = NULL WHERE id = ?", (land,))
        set_kiosk_config(kiosk_server, refresh_seconds=None)


def test_a_service_paused_after_confirm_is_explained_not_issued(kiosk, kiosk_server):
    tax = service_id(kiosk_server, "지방세 민원")
    before = len(tickets_of(kiosk_server, tax))
    open_confirm(kiosk, department=3, service=1)
    sql(kiosk_server, "UPDATE services SET paused = 1 WHERE id = ?", (tax,))
    try:
        kiosk.click("#confirm-issue")
        wait_screen(kiosk, "closed")
        text = kiosk.inner_text("#screen")
        assert "이 업무는 잠시 접수를 멈췄습니다." in text
        assert "다시 여는 시간은 직원에게 물어봐 주세요." in text
        assert len(tickets_of(kiosk_server, tax)) == before
    finally:
        sql(kiosk_server, "UPDATE services SET paused = 0 WHERE id = ?", (tax,))


def test_home_says_when_nothing_is_issued_and_when_it_starts_again(kiosk, kiosk_server):
    hours = json.dumps(closed_today_hours())
    sql(kiosk_server, "UPDATE services SET hours = ? WHERE site_id = 1", (hours,))
    try:
        reload_kiosk(kiosk, kiosk_server)
        text = kiosk.inner_text("#screen")
        assert "지금은 번호표를 발급하지 않습니다." in text
        assert "다음 발급: " in text
    finally:
        sql(kiosk_server, "UPDATE services SET hours = NULL WHERE site_id = 1")


# ---- call staff, directory -------------------------------------------------------------

def test_call_staff_shows_help_on_its_way_then_who_is_coming(kiosk, kiosk_server):
    kiosk.click("#tool-help")
    wait_screen(kiosk, "help")
    kiosk.wait_for_selector("text=직원을 불렀습니다.")
    assert "직원을 불렀습니다. 곧 옵니다." in kiosk.inner_text("#status")

    staff = staff_session(kiosk_server, "staff1")
    (request,) = staff.get(f"{kiosk_server.url}/api/v1/help-requests").json()["help_requests"]
    assert request["device"] == "kiosk-1f"
    staff.post(f"{kiosk_server.url}/api/v1/help-requests/{request['id']}/acknowledge")
    kiosk.wait_for_selector("text=직원이 오고 있습니다. 잠시 기다려 주세요.")
    assert kiosk.inner_text(".help-staff") == "이서연"

    staff.post(f"{kiosk_server.url}/api/v1/help-requests/{request['id']}/close")
    kiosk.wait_for_selector("text=도움 요청을 마쳤습니다.")
    assert kiosk.inner_text("#status") == ""


def test_directory_lists_departments_by_floor_and_their_staff(kiosk):
    kiosk.click("#screen [data-key=find]")
    wait_screen(kiosk, "directory")
    floors = kiosk.locator("#screen .floor:not(.by-service) h2").all_inner_texts()
    assert floors == ["1층", "2층", "3층"]
    assert "041-350-3181" in kiosk.inner_text("#screen")      # 세무과
    kiosk.click("#screen [data-key=dir-1]")
    wait_screen(kiosk, "staff")
    kiosk.wait_for_selector(".person")
    text = kiosk.inner_text("#screen")
    assert "이서연" in text and "1번 창구" in text and "자리에 있음" in text



def test_a_duty_not_translated_shows_in_korean_tagged_as_korean(kiosk):
    """The demo's duties are in Korean and English: in Vietnamese a duty is its Korean,
    tagged lang="ko" (so that it is read with a Korean voice); in English it is English,
    and the tag goes."""
    kiosk.click("#tool-language")
    kiosk.click("#screen [data-key=lang-vi]")
    wait_screen(kiosk, "home")
    kiosk.click("#screen [data-key=find]")
    wait_screen(kiosk, "directory")
    kiosk.click("#screen [data-key=dir-1]")
    wait_screen(kiosk, "staff")
    duty = kiosk.locator(".person", has_text="이서연").locator(".person-duty")
    assert duty.inner_text() == "주민등록·인감 발급"
    assert duty.get_attribute("lang") == "ko"
    kiosk.click("#tool-language")
    kiosk.click("#screen [data-key=lang-en]")
    wait_screen(kiosk, "staff")
    assert duty.inner_text() == "Resident registration, seal certificates"
    assert duty.get_attribute("lang") is None


def test_an_information_page_not_translated_shows_its_korean_tagged_as_korean(
        kiosk, kiosk_server):
    """Its words are kept whole (Korean breaks between words) and read by a Korean voice."""
    page = add_info_page(kiosk_server, slug="tagged-page")
    try:
        kiosk.click("#tool-language")
        kiosk.click("#screen [data-key=lang-vi]")
        wait_screen(kiosk, "home")
        kiosk.click("#screen [data-key=info]")
        kiosk.click(f"#screen [data-key=page-{page['id']}]")
        wait_screen(kiosk, "info-page")
        text = kiosk.locator(".info-text")
        assert text.inner_text().startswith("1. 청구서를 냅니다.")
        assert text.get_attribute("lang") == "ko"
        assert text.evaluate("(el) => getComputedStyle(el).wordBreak") == "keep-all"
        kiosk.click("#tool-language")
        kiosk.click("#screen [data-key=lang-en]")
        wait_screen(kiosk, "info-page")
        assert text.inner_text().startswith("1. Hand in a request.")
        assert text.get_attribute("lang") is None
    finally:
        staff_session(kiosk_server, "admin").patch(
            f"{kiosk_server.url}/api/v1/admin/info-pages/{page['id']}", json={"published": False})


# ---- voice --------------------------------------------------------------------------

def test_voice_guide_reads_the_screen_in_both_languages_and_nothing_private(kiosk, kiosk_server):
    kiosk.click("#tool-language")
    kiosk.click("#screen [data-key=lang-en]")
    wait_screen(kiosk, "home")
    kiosk.click("[data-mode=voice]")
    said = spoken(kiosk)
    assert [s["lang"] for s in said] == ["en-US", "ko-KR"]
    assert "How can we help you?" in said[0]["text"] and "Take a number" in said[0]["text"]
    assert "무엇을 도와드릴까요?" in said[1]["text"] and "번호표 받기" in said[1]["text"]
    assert kiosk.locator("#voice-bar").is_visible()

    # Volume, pause and replay.
    kiosk.evaluate("window.__spoken.length = 0")
    kiosk.click("#voice-softer")
    assert spoken(kiosk)[-1]["volume"] == pytest.approx(0.6)
    kiosk.click("#voice-pause")
    assert kiosk.inner_text("#voice-pause") == "Resume"
    kiosk.click("#voice-pause")
    kiosk.evaluate("window.__spoken.length = 0")
    kiosk.click("#voice-replay")
    assert "How can we help you?" in spoken(kiosk)[0]["text"]

    # A staff directory and a ticket: names and the ticket link are never read aloud.
    kiosk.click("#screen [data-key=find]")
    kiosk.click("#screen [data-key=dir-1]")
    kiosk.wait_for_selector(".person")
    kiosk.click("#nav-home")
    number = take_number(kiosk, department=1, service=1)
    said = " ".join(s["text"] for s in spoken(kiosk))
    assert number in said                                 # the ticket number is fine
    names = [p["name"] for p in requests.get(f"{kiosk_server.url}/api/v1/staff",
                                             params={"site_id": 1}).json()["staff"]]
    assert names and not [name for name in names if name in said]
    link = kiosk.get_attribute(".ticket-qr img", "src").split("/")[2]
    assert link not in said and "http" not in said and "/t/" not in said
    assert kiosk_server.tokens["kiosk-1f"] not in said


def test_a_kiosk_without_its_token_explains_how_to_enrol(browser, kiosk_server):
    context = browser.new_context(viewport=PORTRAIT, bypass_csp=BYPASS_CSP)
    try:
        page = context.new_page()
        page.goto(f"{kiosk_server.url}/kiosk")
        wait_screen(page, "enrol")
        assert "등록되지 않은 키오스크입니다" in page.inner_text("#screen")
        assert axe_violations(page) == []
        page.goto(f"{kiosk_server.url}/kiosk?token=sb_revoked")
        wait_screen(page, "enrol")
        assert "token" not in page.url                  # never left in the address bar
    finally:
        context.close()


# ---- appointments ---------------------------------------------------------------------

def book_appointment(server, minutes=30) -> dict:
    """staff1 books a visit for 인감증명 in `minutes` (sooner near midnight: still today);
    the visitor gets a six-digit code."""
    officer = sql(server, "SELECT id FROM staff WHERE login = 'staff1'")[0][0]
    at = today_in(minutes).isoformat(timespec="seconds")
    response = staff_session(server, "staff1").post(f"{server.url}/api/v1/appointments", json={
        "service_id": service_id(server, "인감증명"), "staff_id": officer, "at": at})
    assert response.status_code == 201, response.text
    return response.json()["appointment"]


def test_appointment_check_in_shows_the_ticket_and_a_wrong_code_is_explained(kiosk, kiosk_server):
    appointment = book_appointment(kiosk_server)
    code = appointment["code"]
    kiosk.click("#screen [data-key=appointment]")
    wait_screen(kiosk, "appointment")

    # A wrong code, typed with the keypad's digit keys: the API's refusal, in words.
    kiosk.keyboard.type(f"{(int(code) + 1) % 1_000_000:06d}")
    assert kiosk.get_attribute(".code-boxes", "data-code") == f"{(int(code) + 1) % 1_000_000:06d}"
    kiosk.keyboard.press("Enter") if kiosk.evaluate("document.activeElement.id") == "appointment-submit" \
        else kiosk.click("#appointment-submit")
    kiosk.wait_for_selector("text=오늘 이 번호로 된 예약이 없습니다.")
    assert kiosk.get_attribute(".code-boxes", "data-code") == ""

    # Backspace erases a digit; the on-screen pad types the right code.
    kiosk.keyboard.type("9")
    kiosk.keyboard.press("Backspace")
    assert screen(kiosk) == "appointment"
    for digit in code:
        kiosk.click(f"#screen [data-key=digit-{digit}]")
    kiosk.click("#appointment-submit")
    wait_screen(kiosk, "ticket")
    assert re.fullmatch(r"B-\d{3}", kiosk.inner_text("#ticket-number"))
    card = kiosk.inner_text(".ticket-card")
    assert "인감증명" in card and "예약 시간: 오늘" in card
    kiosk.wait_for_selector(".print-status .notice")
    ticket_id = int(kiosk.get_attribute(".ticket-card", "data-ticket-id"))
    (mine,) = [t for t in tickets_of(kiosk_server, service_id(kiosk_server, "인감증명"))
               if t["id"] == ticket_id]
    assert mine["appointment_at"] == appointment["at"]

    # The same code again: the same ticket, and the kiosk says so.
    kiosk.click("#screen [data-key=done]")
    kiosk.click("#screen [data-key=appointment]")
    kiosk.keyboard.type(code)
    kiosk.click("#appointment-submit")
    wait_screen(kiosk, "ticket")
    assert "이미 접수된 예약입니다." in kiosk.inner_text("#screen")
    assert int(kiosk.get_attribute(".ticket-card", "data-ticket-id")) == ticket_id


# ---- live configuration -----------------------------------------------------------------

def test_admin_changes_show_without_a_reload(kiosk, kiosk_server):
    seal = service_id(kiosk_server, "인감증명")
    admin = staff_session(kiosk_server, "admin")
    open_services(kiosk)
    kiosk.evaluate("window.__notReloaded = true")
    names = {"ko": "인감증명서 발급", "en": "Seal certificate"}
    try:
        response = admin.patch(f"{kiosk_server.url}/api/v1/admin/services/{seal}",
                               json={"names": names})
        assert response.status_code == 200, response.text
        kiosk.wait_for_function(
            "(key) => document.querySelector(`[data-key=${key}]`).innerText.includes('인감증명서 발급')",
            arg=f"service-{seal}", timeout=10000)

        # A new information page appears on home; it ends with the charter's question.
        kiosk.click("#nav-home")
        assert kiosk.locator("#screen [data-key=info]").count() == 0
        page = add_info_page(kiosk_server, slug="live-page")
        kiosk.wait_for_selector("#screen [data-key=info]", timeout=10000)
        assert kiosk.evaluate("window.__notReloaded") is True
        kiosk.click("#screen [data-key=info]")
        kiosk.click(f"#screen [data-key=page-{page['id']}]")
        wait_screen(kiosk, "info-page")
        text = kiosk.inner_text("#screen")
        assert "10일 안에 공개 여부를 결정합니다." in text
        assert "이 페이지에서 제공하는 정보에 만족하십니까?" in text
        kiosk.click("#screen [data-key=satisfied-yes]")
        kiosk.wait_for_selector("#screen [data-key=satisfied-yes][aria-pressed=true]")
        assert "선택함" in kiosk.inner_text("#screen [data-key=satisfied-yes]")
        kiosk.click("#screen [data-key=satisfied-no]")  # one answer per visit
        with sqlite3.connect(kiosk_server.db_path) as db:
            answers = db.execute("SELECT satisfied, count FROM info_page_answers "
                                 "WHERE page_id = ?", (page["id"],)).fetchall()
        assert answers == [(1, 1)]
    finally:
        admin.patch(f"{kiosk_server.url}/api/v1/admin/services/{seal}",
                    json={"names": {"ko": "인감증명", "en": "Seal certificate"}})


INFO_BOX = """() => { const box = document.querySelector('.info-scroll');
  const line = parseFloat(getComputedStyle(document.querySelector('.info-text')).lineHeight);
  const card = box.parentElement.getBoundingClientRect();
  const keys = [...document.querySelectorAll('.info-scroll-keys button')].filter((el) => el.getClientRects().length);
  const inCard = [box, ...keys].every((el) => {
    const r = el.getBoundingClientRect(); return r.top >= card.top && r.bottom <= card.bottom; });
  return { lines: box.clientHeight / line, scrolls: box.scrollHeight > box.clientHeight + 1, inCard,
           keys: !document.querySelector('.info-scroll-keys').hidden, top: box.scrollTop,
           end: box.scrollHeight - box.clientHeight }; }"""


@pytest.mark.parametrize("viewport", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_a_long_information_page_is_read_whole_in_its_own_box(browser, kiosk_server, viewport):
    """The text takes the height left by the title and the question (several lines even at
    200 % on a low screen); its up/down buttons show whenever it is taller than its box,
    also when it outgrows the box after the visitor enlarges the screen."""
    paragraph = "정보공개 청구는 누구나 할 수 있으며, 청구서에는 이름과 주소, 청구할 정보를 적습니다."
    body = "\n\n".join(f"{n}. {paragraph}" for n in range(1, 6))
    admin = staff_session(kiosk_server, "admin")
    created = admin.post(f"{kiosk_server.url}/api/v1/admin/info-pages", params={"site_id": 1},
                         json={"slug": f"long-read-{viewport['width']}", "titles": {"ko": "정보공개 안내"},
                               "bodies": {"ko": body}})
    assert created.status_code == 201, created.text
    page = new_kiosk_page(browser, kiosk_server, viewport)
    try:
        page.click("#screen [data-key=info]")
        page.click(f"#screen [data-key=page-{created.json()['item']['id']}]")
        wait_screen(page, "info-page")
        page.click("#screen [data-key=satisfied-yes]")    # the answer, marked "선택함", widens
        page.wait_for_selector("#screen [data-key=satisfied-yes][aria-pressed=true]")
        box = page.evaluate(INFO_BOX)
        keys_at_normal_size = box["keys"]
        assert box["keys"] == box["scrolls"] and box["inCard"], box
        for tile in ("low", "enlarge"):                # 200 % folds the tools away
            page.click(f"[data-mode={tile}]")
            page.wait_for_function("() => !document.querySelector('.info-scroll-keys').hidden")
            box = page.evaluate(INFO_BOX)
            assert box["scrolls"] and box["lines"] >= 3 and box["inCard"], box
        if viewport == PORTRAIT:
            assert keys_at_normal_size is False        # shown only once the text outgrew its box
        while box["top"] < box["end"]:                 # 아래로 turns to the end of the text
            page.click("#screen [data-key=info-down]")
            turned = page.evaluate(INFO_BOX)
            assert turned["top"] > box["top"]
            box = turned
        page.click("#screen [data-key=info-up]")
        assert page.evaluate(INFO_BOX)["top"] < box["top"]
        assert page.is_visible("#screen [data-key=satisfied-yes]")
    finally:
        page.context.close()
        # Answered, so kept for its answers: withdrawn from the kiosk instead.
        withdrawn = admin.patch(f"{kiosk_server.url}/api/v1/admin/info-pages/{created.json()['item']['id']}",
                                json={"published": False})
        assert withdrawn.status_code == 200, withdrawn.text


# ---- find an office ----------------------------------------------------------------------

def test_search_by_initial_consonants_finds_the_office(kiosk):
    kiosk.click("#screen [data-key=find]")
    kiosk.click("#screen [data-key=search]")
    wait_screen(kiosk, "search")
    kiosk.click("#screen [data-key='jamo-ㅁ']")
    kiosk.click("#screen [data-key='jamo-ㅇ']")
    assert kiosk.input_value("#search-input") == "ㅁㅇ"
    kiosk.wait_for_selector("#search-results [data-key=result-department-1]")
    assert "민원지적과" in kiosk.inner_text("#search-results [data-option='1']")
    kiosk.keyboard.press("1")                       # digit keys choose a result
    wait_screen(kiosk, "staff")
    kiosk.wait_for_selector(".person")
    # The sample city hall has sample floor maps: the way from this kiosk is shown.
    kiosk.wait_for_selector("#route .route-steps li")
    text = kiosk.inner_text("#screen")
    assert "민원지적과" in text and "1층 민원실" in text and "041-350-3524" in text
    assert "오른쪽으로 돌아 약 15m 가세요" in kiosk.locator(".route-steps li").all_inner_texts()


def test_the_way_to_an_office_on_a_floor_plan(kiosk, kiosk_server):
    """A one-floor map drawn through the admin API: steps in the visitor's language and the
    route on the plan with Leaflet."""
    import io
    from PIL import Image
    plan = io.BytesIO()
    Image.new("RGB", (800, 600), "white").save(plan, "PNG")
    post, level, (a, _, c) = one_floor_map(kiosk_server, plan.getvalue(),
                                           ((100, 500), (100, 300), (500, 300)))
    device = sql(kiosk_server, "SELECT id FROM devices WHERE name = 'kiosk-1f'")[0][0]
    post("features", {"level_id": level["id"], "feature_type": "kiosk", "category": "kiosk",
                      "x": 100, "y": 510, "facing": 0, "node_id": a, "device_id": device})
    post("features", {"level_id": level["id"], "feature_type": "unit", "category": "office",
                      "x": 520, "y": 250, "node_id": c, "department_id": 1})

    kiosk.click("#screen [data-key=find]")
    kiosk.click("#screen [data-key=dir-1]")
    kiosk.wait_for_selector(".route-steps li")
    steps = kiosk.locator(".route-steps li").all_inner_texts()
    assert steps[0] == "앞으로 약 20m 가세요" and "민원지적과" in steps[-1]
    kiosk.wait_for_selector(".route-drawing image")
    assert kiosk.locator(".route-drawing .route-line").count() == 1
    assert "현재 위치" in kiosk.text_content(".route-drawing")
    assert axe_violations(kiosk) == []
    kiosk.click("#screen [data-key=step-free]")
    assert kiosk.get_attribute("#screen [data-key=step-free]", "aria-pressed") == "true"
    kiosk.wait_for_selector(".route-steps li")

    # In Thai the steps are in Thai.
    kiosk.click("#tool-language")
    kiosk.click("#screen [data-key=lang-th]")
    wait_screen(kiosk, "staff")                     # back where the visitor was
    kiosk.wait_for_selector(".route-steps li")
    assert kiosk.locator(".route-steps li").first.inner_text() == "เดินตรงไปประมาณ 20 เมตร"
