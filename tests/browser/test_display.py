"""The live screens in Chromium: the board calls numbers (once each, in order, never late
after a reconnect), the counter display and seat chart follow the officer, the directory
follows the queues, and no screen shows anything private."""

from __future__ import annotations

import json
import sqlite3

import pytest
import requests

from server.infra.clock import Clock
from server.queue import QueueEngine
from server.infra.store import Store
from tests.browser.conftest import axe_violations
from tests.support.console import ConsoleSession
from tests.support.server import ServerProcess

# Headless Chromium has no voices: pretend it has a Korean one, and count chimes.
KOREAN_VOICE = """
speechSynthesis.getVoices = () => [{name: 'Test Korean', lang: 'ko-KR', localService: true,
                                    default: true, voiceURI: 'test-ko'}];
"""
COUNT_CHIMES = """
window.__chimes = 0;
const startTone = OscillatorNode.prototype.start;
OscillatorNode.prototype.start = function (...args) { window.__chimes += 0.5; return startTone.apply(this, args); };
"""
LOGINS = ["admin", "supervisor", *[f"staff{n}" for n in range(1, 10)], "hapdeok1"]
WAIT_MS = 15_000


@pytest.fixture(scope="module")
def lobby(tmp_path_factory):
    """One demo server for the tests that do not restart it (starting one costs seconds)."""
    process = ServerProcess(tmp_path_factory.mktemp("lobby") / "lobby.db")
    process.start()
    yield Lobby(process)
    process.stop()


class Lobby:
    """A running demo server, and the people and devices that act on it."""

    def __init__(self, process: ServerProcess):
        self.process = process
        self.url = process.url
        self.tokens = process.tokens
        services = requests.get(f"{self.url}/api/v1/services?site_id=1", timeout=5).json()
        self.services = {s["names"]["ko"]: s["id"] for s in services["services"]}
        self._sessions: dict[str, requests.Session] = {}

    def staff(self, login: str) -> requests.Session:
        if login not in self._sessions:
            session = ConsoleSession()
            session.post(f"{self.url}/api/v1/auth/login", timeout=5,
                         json={"login": login, "password": "sunbeon-demo"}).raise_for_status()
            self._sessions[login] = session
        return self._sessions[login]

    def issue(self, service: str) -> dict:
        response = requests.post(f"{self.url}/api/v1/tickets", json={"service_id": self.services[service]},
                                 headers={"Authorization": f"Bearer {self.tokens['kiosk-1f']}"}, timeout=5)
        response.raise_for_status()
        return response.json()["ticket"]

    def call_next(self, login: str, counter_id: int) -> dict:
        """Free the counter if it is busy, then call its next visitor."""
        session = self.staff(login)
        response = session.post(f"{self.url}/api/v1/counters/{counter_id}/call-next", timeout=5)
        if response.status_code == 409 and response.json()["error"] == "counter_busy":
            busy = response.json()["ticket_id"]
            session.post(f"{self.url}/api/v1/tickets/{busy}/finish", json={}, timeout=5).raise_for_status()
            response = session.post(f"{self.url}/api/v1/counters/{counter_id}/call-next", timeout=5)
        response.raise_for_status()
        return response.json()["ticket"]

    def set_config(self, device: str, **config) -> None:
        """Screen settings the admin console will edit (volume, notices, second language)."""
        with sqlite3.connect(self.process.db_path) as db:
            current = json.loads(db.execute("SELECT config FROM devices WHERE name = ?",
                                            (device,)).fetchone()[0])
            db.execute("UPDATE devices SET config = ? WHERE name = ?",
                       (json.dumps({**current, **config}), device))


def open_screen(new_page, base: str, tokens: dict, path: str, device: str, *, voice=True,
                width=1920, height=1080):
    page = new_page(width, height)
    page.context.add_init_script(COUNT_CHIMES + (KOREAN_VOICE if voice else ""))
    page.goto(f"{base}{path}?token={tokens[device]}")
    page.wait_for_selector("body[data-live='online']", timeout=WAIT_MS)
    return page


def spoken(page) -> list[str]:
    return [entry["text"] for entry in page.evaluate("window.__spoken")]


def wait_spoken(page, count: int) -> list[str]:
    page.wait_for_function(f"window.__spoken.length >= {count}", timeout=WAIT_MS)
    return spoken(page)


# ---- the lobby board ----------------------------------------------------------------

def _ko_number(display_number: str) -> str:
    from server.queue.speech import read_number_ko
    return read_number_ko(display_number)


def test_calls_appear_on_the_board_and_counter_display_and_are_read_once_each_in_order(
        lobby, new_page):
    board = open_screen(new_page, lobby.url, lobby.tokens, "/display/board", "board-1f")
    display = open_screen(new_page, lobby.url, lobby.tokens, "/display/counter/4",
                          "counter-display-4", width=1080, height=1920)
    for service in ("주민등록 등·초본", "주민등록 등·초본", "여권", "자동차 등록"):
        lobby.issue(service)
    # Four officers call at once, then the first calls the same visitor again.
    calls = [lobby.call_next(login, counter) for login, counter in
             (("staff1", 1), ("staff2", 2), ("staff4", 4), ("staff5", 6))]
    lobby.staff("staff1").post(f"{lobby.url}/api/v1/tickets/{calls[0]['id']}/recall",
                               timeout=5).raise_for_status()

    passport = calls[2]["display_number"]
    display.wait_for_function(
        "n => document.querySelector('.cs-now__digits')?.textContent === n", arg=passport)
    assert display.locator(".nameplate__name").text_content() == "정우진"
    board.wait_for_function(
        "n => document.querySelector('.hero__number')?.textContent === n",
        arg=calls[0]["display_number"])
    assert board.locator(".tile[data-counter='4'] .tile__number").text_content() == passport
    # The recall moved A-001 back to the top instead of listing it twice.
    assert board.locator(".recent__number").all_text_contents() == [
        calls[3]["display_number"], passport, calls[1]["display_number"]]

    places = ["일 번 창구로", "이 번 창구로", "여권 창구로", "육 번 창구로", "일 번 창구로"]
    expected = [f"{_ko_number(t['display_number'])} 번 고객님, {place} 오십시오"
                for t, place in zip([*calls, calls[0]], places)]
    assert wait_spoken(board, 5) == expected
    assert board.evaluate("window.__spoken.map(s => s.lang)") == ["ko-KR"] * 5
    assert board.evaluate("window.__chimes") >= 5
    board.wait_for_timeout(1000)
    assert spoken(board) == expected  # nothing twice
    assert spoken(display) == []  # only the board speaks


def test_notices_a_second_language_and_server_audio_where_the_screen_has_no_voice(lobby, new_page):
    notice = "오늘 여권 접수는 17시까지입니다."
    lobby.set_config("board-1f", second_language="en", notices=[notice])
    try:
        # A Korean voice and no English one: Korean is spoken, English comes from the server.
        board = open_screen(new_page, lobby.url, lobby.tokens, "/display/board", "board-1f")
        lobby.issue("인감증명")
        ticket = lobby.call_next("staff1", 1)
        board.wait_for_function("window.__played.length >= 1", timeout=WAIT_MS)
    finally:
        lobby.set_config("board-1f", second_language=None, notices=[])
    assert board.locator("#notice").text_content() == notice  # the admin's notice
    assert spoken(board) == [f"{_ko_number(ticket['display_number'])} 번 고객님, "
                             "일 번 창구로 오십시오"]
    [played] = board.evaluate("window.__played")
    assert played.endswith(f"/display/announce/{ticket['id']}/1/en.wav")
    audio = requests.get(played, timeout=5)
    assert audio.headers["Content-Type"] == "audio/wav" and audio.content[:4] == b"RIFF"


def test_calls_missed_while_offline_are_shown_but_not_read_out(server, new_page):
    board = open_screen(new_page, server.url, server.tokens, "/display/board", "board-1f")
    lobby = Lobby(server)
    lobby.issue("여권")
    first = lobby.call_next("staff4", 4)
    assert wait_spoken(board, 1)[0].startswith(f"{_ko_number(first['display_number'])} 번")

    # While the board is cut off, the officer finishes and calls the next visitor.
    server.stop()
    store = Store(server.db_path)
    engine = QueueEngine(store, Clock())
    engine.finish(first["id"])
    waiting, _ = engine.issue(lobby.services["여권"])
    missed = engine.call_next(4)
    store.close_thread_connection()
    assert missed["id"] == waiting["id"]
    server.start()

    board.wait_for_function("n => document.querySelector('.hero__number')?.textContent === n",
                            arg=missed["display_number"], timeout=WAIT_MS)
    assert board.locator(".tile[data-counter='4'] .tile__number").text_content() == \
        missed["display_number"]

    lobby = Lobby(server)  # new sessions: the old ones belonged to the stopped process
    lobby.issue("여권")
    live = lobby.call_next("staff4", 4)
    said = wait_spoken(board, 2)
    # Read out: the first call and the one after the reconnect; the missed one never.
    assert said == [f"{_ko_number(t['display_number'])} 번 고객님, 여권 창구로 오십시오"
                    for t in (first, live)]


def test_the_headline_shows_only_a_call_still_at_its_counter_after_a_reload(lobby, new_page):
    """A visitor called and then finished (or marked no-show) is history: after a reload the headline
    agrees with the counter's own box ("다음 번호 대기")."""
    lobby.issue("여권")
    ticket = lobby.call_next("staff4", 4)
    lobby.staff("staff4").post(f"{lobby.url}/api/v1/tickets/{ticket['id']}/finish",
                               json={}, timeout=5).raise_for_status()
    board = open_screen(new_page, lobby.url, lobby.tokens, "/display/board", "board-1f")
    board.wait_for_selector(".tile[data-counter='4'] .tile__state")
    assert "다음 번호 대기" in board.locator(".tile[data-counter='4']").text_content()
    assert board.locator(".hero__number").all_text_contents() != [ticket["display_number"]]
    assert ticket["display_number"] in board.locator("#recent").text_content()


def kind(wait: str) -> str:
    """A wait as its kind: minutes, soon, open, or a reason (no counter, paused...)."""
    return "minutes" if wait.endswith("분") or wait == "곧" else wait


def test_counters_and_waits_survive_an_admin_adding_a_counter(lobby, new_page):
    board = open_screen(new_page, lobby.url, lobby.tokens, "/display/board", "board-1f")
    lobby.issue("주민등록 등·초본")
    board.wait_for_selector(".tile[data-counter='1'] .tile__counter")
    waits = lambda: board.locator(".waiting__eta .l1").all_text_contents()
    board.wait_for_function("() => document.querySelectorAll('.waiting__eta').length > 0")
    before = waits()
    admin = lobby.staff("admin")
    added = admin.post(f"{lobby.url}/api/v1/admin/counters?site_id=1", timeout=5, json={
        "number": 77, "names": {"ko": "종합 안내"}, "service_ids": [lobby.services["인감증명"]]})
    assert added.status_code == 201, added.text
    counter = added.json()["item"]["id"]
    try:
        board.wait_for_selector(f".tile[data-counter='{counter}']", timeout=WAIT_MS)
        assert "종합 안내" in board.locator(f".tile[data-counter='{counter}']").text_content()
        assert "여권 창구" in board.locator(".tile[data-counter='4']").text_content()
        after = waits()   # the figures may move with the clock; each wait is still there
        assert len(after) == len(before)
        assert [kind(text) for text in after] == [kind(text) for text in before]
    finally:
        admin.delete(f"{lobby.url}/api/v1/admin/counters/{counter}", timeout=5)


def test_board_second_language_is_readable_and_no_wait_reads_zero_minutes(lobby, new_page):
    lobby.set_config("board-1f", label_languages=["en"])
    try:
        board = open_screen(new_page, lobby.url, lobby.tokens, "/display/board", "board-1f")
        lobby.issue("주민등록 등·초본")
        board.wait_for_function("() => document.querySelectorAll('.waiting__eta').length > 0")
        sizes = board.evaluate("""() => [...document.querySelectorAll('.bi')].map((bi) => {
            const [one, two] = [bi.querySelector(':scope > .l1'), bi.querySelector(':scope > .l2')];
            if (!two || !two.textContent || !two.offsetParent) return null;
            return [parseFloat(getComputedStyle(one).fontSize),
                    parseFloat(getComputedStyle(two).fontSize), two.textContent];
        }).filter(Boolean)""")
    finally:
        lobby.set_config("board-1f", label_languages=None)
    assert sizes
    small = [(ko, other, text) for ko, other, text in sizes if other < 20 or other < 0.4 * ko]
    assert small == []
    text = board.locator("#waiting").text_content()
    assert " 0분" not in text and "약 0" not in text and "about 0 min" not in text


@pytest.mark.parametrize("width, height", [(1920, 1080), (1080, 1920)])
def test_counters_that_do_not_fit_the_board_take_turns_without_shrinking(
        lobby, new_page, width, height):
    admin = lobby.staff("admin")
    added = []
    try:
        for number in range(80, 94):
            response = admin.post(f"{lobby.url}/api/v1/admin/counters?site_id=1", timeout=5,
                                  json={"number": number, "service_ids": [lobby.services["인감증명"]]})
            assert response.status_code == 201, response.text
            added.append(response.json()["item"]["id"])
        board = new_page(width, height)
        board.clock.install()
        board.goto(f"{lobby.url}/display/board?token={lobby.tokens['board-1f']}")
        board.wait_for_selector("body[data-live='online']", timeout=WAIT_MS)
        board.wait_for_function("() => document.querySelectorAll('.tile').length >= 20")
        board.clock.fast_forward(1000)
        whole = """() => { const grid = document.getElementById('counters').getBoundingClientRect();
            const shown = [...document.querySelectorAll('.tile')].filter((t) => !t.hidden);
            return shown.every((t) => t.getBoundingClientRect().bottom <= grid.bottom + 1)
                && shown.every((t) => t.getBoundingClientRect().height >= 90); }"""
        pages = int(board.locator("#counters-page").text_content().split("/")[1])
        assert pages >= 2
        seen = []
        for index in range(1, pages + 1):   # a calm page turn every ten seconds
            assert board.locator("#counters-page").text_content() == f"{index}/{pages}"
            assert board.evaluate(whole)
            seen += board.locator(".tile:visible .tile__badge").all_text_contents()
            board.clock.fast_forward(10_500)
        assert sorted(seen, key=int) == sorted(set(seen), key=int) and len(seen) == 20
    finally:
        for counter in added:
            admin.delete(f"{lobby.url}/api/v1/admin/counters/{counter}", timeout=5)


# ---- counter display, seat chart, directory -----------------------------------------

def test_an_officer_going_away_shows_on_the_counter_display_and_the_seat_chart(lobby, new_page):
    display = open_screen(new_page, lobby.url, lobby.tokens, "/display/counter/4",
                          "counter-display-4")
    seats = open_screen(new_page, lobby.url, lobby.tokens, "/display/seats/1", "seats-civil",
                        width=1080, height=1920)
    officer = seats.locator(".seat", has_text="정우진")
    assert "재석" in officer.text_content()

    presence = f"{lobby.url}/api/v1/staff/me/presence"
    lobby.staff("staff4").post(presence, timeout=5, json={
        "presence": "away", "away_until": "2026-12-01T11:30:00+09:00"}).raise_for_status()
    display.wait_for_selector("#notice:not([hidden])", timeout=WAIT_MS)
    notice = display.locator("#notice").text_content()
    assert "잠시 자리를 비웠습니다" in notice and "11:30에 돌아옵니다" in notice
    assert "그동안 이용하실 곳" in notice
    seats.wait_for_function(
        "() => [...document.querySelectorAll('.seat--away')].some(s => s.textContent.includes('정우진'))",
        timeout=WAIT_MS)
    assert "11:30 복귀 예정" in officer.text_content()

    lobby.staff("staff4").post(presence, json={"presence": "available"}, timeout=5).raise_for_status()
    display.wait_for_selector("#notice", state="hidden", timeout=WAIT_MS)
    seats.wait_for_function(
        "() => [...document.querySelectorAll('.seat--available')].some(s => s.textContent.includes('정우진'))",
        timeout=WAIT_MS)


def _lines(element) -> tuple[str, str, str | None]:
    """A bilingual datum's Korean line, its second line and that line's language."""
    return (element.locator(".l1").text_content(), element.locator(".l2").text_content(),
            element.locator(".l2").get_attribute("lang"))


def test_rooms_duties_and_places_show_in_the_second_language_or_not_at_all(lobby, new_page):
    """The demo's rooms and counter locations are in six languages, its duties in Korean
    and English: under the Korean, English shows each; Thai shows the rooms and no duty
    line (never the Korean twice)."""
    screens = ("directory-2f", "seats-civil", "counter-display-4")
    officer = lobby.staff("staff4")
    presence = f"{lobby.url}/api/v1/staff/me/presence"
    try:
        for device in screens:
            lobby.set_config(device, label_languages=["en"])
        directory = open_screen(new_page, lobby.url, lobby.tokens, "/display/directory/2",
                                "directory-2f", width=1080, height=1920)
        card = directory.locator(".office[data-department='3']")
        assert _lines(card.locator(".office__room")) == ("201호", "Room 201", "en")
        assert ("민원실", "Civil Service Hall", "en") in [
            _lines(room) for room in directory.locator(".floor__room").all()]

        seats = open_screen(new_page, lobby.url, lobby.tokens, "/display/seats/1", "seats-civil",
                            width=1080, height=1920)
        assert _lines(seats.locator(".seats-head__room")) == ("민원실", "Civil Service Hall", "en")
        seat = seats.locator(".seat", has_text="정우진")
        assert _lines(seat.locator(".seat__duty")) == ("여권 접수·교부", "Passports", "en")

        # The passport counter's officer steps away while counter 5 is open: the counter
        # display sends visitors there, by its location.
        lobby.staff("staff3").post(f"{lobby.url}/api/v1/counters/5/open", json={},
                                   timeout=5).raise_for_status()
        display = open_screen(new_page, lobby.url, lobby.tokens, "/display/counter/4",
                              "counter-display-4")
        assert _lines(display.locator(".nameplate__duty")) == ("여권 접수·교부", "Passports", "en")
        officer.post(presence, timeout=5, json={"presence": "away"}).raise_for_status()
        display.wait_for_selector("#notice .cs-notice__where", timeout=WAIT_MS)
        assert _lines(display.locator(".cs-notice__where")) == ("민원실", "Civil Service Hall", "en")

        lobby.set_config("seats-civil", label_languages=["th"])
        seats.reload()
        seats.wait_for_selector("body[data-live='online'] .seat", timeout=WAIT_MS)
        assert _lines(seats.locator(".seats-head__room")) == ("민원실", "ห้องบริการประชาชน", "th")
        duty = seat.locator(".seat__duty")
        assert _lines(duty) == ("여권 접수·교부", "", "th") and duty.locator(".l2").is_hidden()
    finally:
        officer.post(presence, json={"presence": "available"}, timeout=5).raise_for_status()
        lobby.staff("staff3").post(f"{lobby.url}/api/v1/counters/5/close", timeout=5)
        for device in screens:
            lobby.set_config(device, label_languages=None)


def test_the_floor_directory_lists_its_offices_and_follows_the_queues(lobby, new_page):
    page = open_screen(new_page, lobby.url, lobby.tokens, "/display/directory/2", "directory-2f",
                       width=1080, height=1920)
    offices = page.locator(".office .office__name .l1").all_text_contents()
    assert offices == ["세무과", "복지정책과"]
    assert "201호" in page.locator(".office[data-department='3']").text_content()
    assert page.locator(".floor .floor__number .l1").all_text_contents() == ["1층", "3층"]

    waiting = page.locator(".office[data-department='3'] .office__waiting .l1")
    before = int("".join(c for c in waiting.text_content() if c.isdigit()))
    lobby.issue("지방세 민원")
    page.wait_for_function(
        "n => document.querySelector(\".office[data-department='3'] .office__waiting .l1\")"
        ".textContent.includes(String(n))", arg=before + 1, timeout=WAIT_MS)


def test_the_floor_directory_shows_the_floor_plan_with_you_are_here(lobby, new_page):
    page = open_screen(new_page, lobby.url, lobby.tokens, "/display/directory/3", "directory-3f",
                       width=1080, height=1920)
    page.wait_for_selector(".dir-map__plan img[src*='sample-3f.svg']")
    page.wait_for_function("() => document.querySelector('.dir-map__plan img').naturalWidth > 0",
                           timeout=WAIT_MS)            # the plan loaded
    assert page.locator(".dir-map__here").text_content() == "현재 위치"
    offices = page.locator(".dir-map__office").all_text_contents()
    assert offices == ["건축과", "토지정보과"]
    assert page.locator(".office .office__name .l1").all_text_contents() == ["건축과", "토지정보과"]


def test_the_floor_directory_shows_every_office_of_the_floor_at_once(lobby, new_page):
    """1F has the civil affairs office with five services and the transport office: both
    are shown together, each with its room, phone, open counters and waiting; no page
    turns (the cards drop their service rows rather than take turns)."""
    page = new_page(1920, 1080)
    page.clock.install()
    page.goto(f"{lobby.url}/display/directory/1?token={lobby.tokens['directory-1f']}")
    page.wait_for_selector("body[data-live='online']", timeout=WAIT_MS)
    page.wait_for_selector(".office")
    page.clock.fast_forward(1000)
    shown = lambda: page.locator(".office:visible .office__name .l1").all_text_contents()
    whole = """() => { const list = document.getElementById('offices').parentElement.getBoundingClientRect();
        return [...document.querySelectorAll('.office')].filter((o) => !o.hidden)
            .every((o) => o.getBoundingClientRect().bottom <= list.bottom + 1); }"""
    assert shown() == ["민원지적과", "교통과"] and page.evaluate(whole)
    assert page.locator("#offices-page").text_content() == ""
    for card in page.locator(".office:visible").all():
        assert card.locator(".office__room").count() == 1
        assert card.locator(".office__phone").count() == 1
        assert card.locator(".office__waiting").count() == 1
        assert card.locator(".office__counters").count() == 1
    page.clock.fast_forward(13_000)
    assert shown() == ["민원지적과", "교통과"]


def _here(page) -> tuple[str, str, str]:
    mark = page.locator(".dir-map__here")
    circle = mark.locator("circle")
    return mark.get_attribute("data-placed"), circle.get_attribute("cx"), circle.get_attribute("cy")


def _way(page, office: str) -> list[str]:
    card = page.locator(".office", has=page.locator(".office__name .l1", has_text=office))
    return card.locator(".office__step > .bi > .l1").all_text_contents()


def test_the_directory_says_you_are_here_where_it_is_placed_and_the_way_from_there(
        lobby, new_page):
    """directory-3f is placed beside the 3F elevator (250, 262), facing up the plan."""
    page = open_screen(new_page, lobby.url, lobby.tokens, "/display/directory/3", "directory-3f",
                       width=1080, height=1920)
    page.wait_for_selector(".dir-map__here circle")
    assert _here(page) == ("true", "250", "262")       # not the elevator at (200, 215)
    assert "엘리베이터 옆" in page.locator("#here .dir-here__place .l1").text_content()
    assert _way(page, "건축과") == ["오른쪽으로 돌아 약 8m 가세요", "왼쪽 첫 번째 사무실이 건축과입니다"]
    assert _way(page, "토지정보과")[-1] == "오른쪽 두 번째 사무실이 토지정보과입니다"
    assert page.locator(".office__way-label .l1").first.text_content() == "가는 길"


def test_an_unplaced_directory_is_at_its_floors_elevator_and_follows_the_map(lobby, new_page):
    """The admin takes directory-2f off the map while it runs, then puts it back."""
    page = open_screen(new_page, lobby.url, lobby.tokens, "/display/directory/2", "directory-2f",
                       width=1080, height=1920)
    page.wait_for_selector(".dir-map__here[data-placed='true']", timeout=WAIT_MS)
    site_map = requests.get(f"{lobby.url}/api/v1/maps?site_id=1", timeout=5).json()
    level = next(l["id"] for l in site_map["levels"] if l["ordinal"] == 2)
    screen = next(f for f in site_map["features"]
                  if f["category"] == "directory" and f["level_id"] == level)
    admin = lobby.staff("admin")

    def link(device_id):
        changed = admin.patch(f"{lobby.url}/api/v1/admin/maps/features/{screen['id']}",
                              json={"device_id": device_id}, timeout=5)
        assert changed.status_code == 200, changed.text

    link(None)
    try:
        page.wait_for_selector(".dir-map__here[data-placed='false']", timeout=WAIT_MS)
        assert _here(page) == ("false", "200", "215")    # the elevator's place on the plan
        assert "엘리베이터 앞" in page.locator("#here .dir-here__place .l1").text_content()
        assert _way(page, "세무과") == ["약 4m 가세요", "왼쪽으로 돌아 약 11m 가세요",
                                     "왼쪽 첫 번째 사무실이 세무과입니다"]
    finally:
        link(screen["device_id"])
    page.wait_for_selector(".dir-map__here[data-placed='true']", timeout=WAIT_MS)
    assert _way(page, "복지정책과") == ["오른쪽으로 돌아 약 23m 가세요",
                                   "오른쪽 두 번째 사무실이 복지정책과입니다"]


# ---- every screen -------------------------------------------------------------------

SCREENS = [("/display/board", "board-1f"), ("/display/counter/1", "counter-display-1"),
           ("/display/directory/1", "directory-1f"), ("/display/seats/1", "seats-civil")]


def test_no_screen_shows_anything_private_and_all_pass_axe(lobby, new_page):
    lobby.issue("가족관계 증명")  # a ticket (with its private link) exists
    lobby.call_next("staff1", 1)
    screens = {}
    for path, device in SCREENS:  # all four load at once
        page = new_page(1920, 1080, reduced_motion="reduce")
        page.context.add_init_script(KOREAN_VOICE)
        responses = []
        page.on("response", lambda r, seen=responses: seen.append(r) if "/api/" in r.url else None)
        page.goto(f"{lobby.url}{path}?token={lobby.tokens[device]}", wait_until="commit")
        screens[path] = (page, device, responses)
    problems = {}
    for path, (page, device, responses) in screens.items():
        page.wait_for_selector("body[data-live='online']", timeout=WAIT_MS)
        for text in [page.content(), *[_text(r) for r in responses]]:
            assert "/t/" not in text, path
            assert "password" not in text and "scrypt:" not in text and "pbkdf2:" not in text, path
            assert not any(f'"{login}"' in text or f">{login}<" in text for login in LOGINS), path
            assert lobby.tokens[device] not in text, path
        assert "token=" not in page.url  # the token left the address bar
        violations = axe_violations(page)
        if violations:
            problems[path] = violations
    assert problems == {}


def _text(response) -> str:
    try:
        return response.text()
    except Exception:  # a redirect or an aborted request has no body
        return ""


def test_an_unenrolled_screen_says_so(lobby, new_page):
    page = new_page(1920, 1080)
    page.goto(f"{lobby.url}/display/board")
    page.wait_for_selector("#status:not([hidden])", timeout=WAIT_MS)
    assert "등록되지 않은 화면입니다" in page.locator("#status").text_content()


def test_a_notice_added_in_the_admin_console_appears_on_a_running_board(lobby, new_page):
    board = open_screen(new_page, lobby.url, lobby.tokens, "/display/board", "board-1f")
    notice = "12월 24일은 18시까지 운영합니다."
    added = lobby.staff("admin").post(f"{lobby.url}/api/v1/admin/notices?site_id=1", timeout=5,
                                      json={"target": "board", "texts": {"ko": notice}})
    assert added.status_code == 201, added.text
    try:
        board.wait_for_function(f"document.querySelector('#notice').textContent.includes({notice!r})",
                                timeout=WAIT_MS)
    finally:
        lobby.staff("admin").delete(f"{lobby.url}/api/v1/admin/notices/{added.json()['item']['id']}",
                                  timeout=5)


def test_a_translated_notice_shows_its_second_language_under_the_korean(lobby, new_page):
    lobby.set_config("board-1f", label_languages=["en"])
    texts = {"ko": "12월 31일은 12시까지 운영합니다.", "en": "Open until noon on 31 December."}
    added = lobby.staff("admin").post(f"{lobby.url}/api/v1/admin/notices?site_id=1", timeout=5,
                                      json={"target": "board", "texts": texts})
    assert added.status_code == 201, added.text
    try:
        board = open_screen(new_page, lobby.url, lobby.tokens, "/display/board", "board-1f")
        board.wait_for_function("(ko) => document.querySelector('#notice .l1')?.textContent === ko",
                                arg=texts["ko"], timeout=WAIT_MS)
        assert _lines(board.locator("#notice .bi")) == (texts["ko"], texts["en"], "en")
    finally:
        lobby.staff("admin").delete(f"{lobby.url}/api/v1/admin/notices/{added.json()['item']['id']}",
                                    timeout=5)
        lobby.set_config("board-1f", label_languages=None)
