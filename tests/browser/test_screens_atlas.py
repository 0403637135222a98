"""The public screens' atlas: the lobby board (1920x1080 and 1080x1920, with 4, 10 and 16
counters), the counter displays, every floor's directory and the seat chart in both
orientations, each in Korean with every second language beneath it; the board's calm
notice while an officer's alarm is open (calm, naming no counter); and the visitor's
phone page at 360x740 and 412x915 in six languages, waiting, called, done, marked absent
and cancelled. Each is photographed (SUNBEON_ATLAS=<folder>, see tests/browser/atlas.py)
and measured: the layout rules of atlas.py (nothing cut off or overflowing, nothing
outside the screen), no text under the screen's minimum size, every glyph drawn by a font
the server ships (in a Chromium that knows no other, tests/browser/test_fonts.py) and no
axe-core violation.

KNOWN lists what still breaks a rule, screen by screen; a screen that breaks a rule not
listed fails the test, and so does a listed problem that is gone (take it off the list).
"""

from __future__ import annotations

import pytest
import requests

from tests.browser.atlas import Atlas, layout_problems
from tests.browser.conftest import BYPASS_CSP, RECORD_MEDIA, axe_violations
from tests.browser.test_display import Lobby
from tests.browser.test_fonts import browser, missing_glyphs  # noqa: F401 (fonts: ours only)
from tests.browser.test_kiosk import kiosk_takes
from tests.support.server import ServerProcess

LANDSCAPE = {"width": 1920, "height": 1080}
PORTRAIT = {"width": 1080, "height": 1920}
SIZES = {"landscape": LANDSCAPE, "portrait": PORTRAIT}
SECOND_LANGUAGES = ("en", "zh", "vi", "ru", "th")   # each shown under the Korean in turn
WAIT_MS = 15_000

# Smallest text each screen may show, in CSS px (one rem is 10 px on a 1920x1080 and a
# 1080x1920 screen alike, display/static/screen.css).
# The board is read from about 5 m on a 55" panel: 1218 mm across 1920 px is 0.63 mm a
# pixel, so 20 px is type 12.7 mm high (capitals about 9 mm, 6 minutes of arc at 5 m):
# the least a person with ordinary sight reads there; the numbers themselves are 48-170 px.
BOARD_MIN_PX = 20
# The counter display, the directory and the seat chart are read from 1 to 3 m: 16 px
# (10 mm on a 55" panel, 11 minutes of arc at 3 m).
NEAR_SCREEN_MIN_PX = 16
# The phone page, held in the hand: 14 px.
PHONE_MIN_PX = 14

OUTSIDE = "outside the screen"
# What still breaks a rule: (surface, case, language) -> the rules it breaks.
KNOWN: dict[tuple[str, str, str], set[str]] = {}


def check(page, atlas: Atlas, name: str, min_font: float, *, axe: bool) -> dict:
    """Photograph the screen and list what it breaks."""
    atlas.shoot(page, name)
    found = layout_problems(page, min_font)
    # Measured again when something is found: a page of counters may have turned under
    # the measurement (each element is asked for its fonts in turn).
    glyphs = missing_glyphs(page) and missing_glyphs(page)
    if glyphs:
        found["missing glyphs"] = glyphs
    if axe:
        violations = axe_violations(page)
        if violations:
            found["axe"] = violations
    return found


def settle(known_seen: set, key: tuple, problems: dict, found: dict, name: str) -> None:
    """Set aside what KNOWN lists for this case; keep the rest as problems."""
    known = KNOWN.get(key, set())
    known_seen |= {(*key, rule) for rule in found if rule in known}
    found = {rule: items for rule, items in found.items() if rule not in known}
    if found:
        problems[name] = found


def assert_known_still_seen(key: tuple, known_seen: set) -> None:
    listed = {(*key, rule) for rule in KNOWN.get(key, set())}
    assert listed - known_seen == set(), "fixed: take these off KNOWN"


@pytest.fixture(scope="module")
def lobby(tmp_path_factory):
    """The demo with a 4-counter board (floor 2 and two counters more) and a 16-counter one
    (the whole site), besides the demo's own 1st-floor board (now 10 counters), with a few
    people waiting and being served; added through the admin API as an admin would."""
    process = ServerProcess(tmp_path_factory.mktemp("atlas") / "atlas.db")
    process.start()
    lobby = Lobby(process)
    admin = lobby.staff("admin")
    seal, tax = lobby.services["인감증명"], lobby.services["지방세 민원"]
    for number, floor, service in [(21, 2, tax), (22, 2, tax), (11, 1, seal), (12, 1, seal),
                                   (13, 1, seal), (14, 1, seal)]:
        added = admin.post(f"{lobby.url}/api/v1/admin/counters?site_id=1", timeout=5,
                           json={"number": number, "floor": floor, "service_ids": [service]})
        assert added.status_code == 201, added.text
    lobby.addresses = {
        "board-4": board_address(admin, lobby, "board-2f", {"floor": 2}),
        "board-10": f"{lobby.url}/display/board?token={lobby.tokens['board-1f']}",
        "board-16": board_address(admin, lobby, "board-all", {}),
        **{device: f"{lobby.url}{path}?token={lobby.tokens[device]}"
           for _, path, device in NEAR_SCREENS}}
    for service in ("주민등록 등·초본", "주민등록 등·초본", "여권", "자동차 등록", "인감증명",
                    "가족관계 증명", "지방세 민원"):
        lobby.issue(service)
    for login, counter in (("staff1", 1), ("staff4", 4), ("staff5", 6), ("staff6", 7)):
        lobby.call_next(login, counter)
    lobby.label_language = None
    yield lobby
    process.stop()


def board_address(admin, lobby, name: str, config: dict) -> str:
    enrolled = admin.post(f"{lobby.url}/api/v1/admin/devices?site_id=1", timeout=5,
                          json={"name": name, "kind": "board", "config": config})
    assert enrolled.status_code == 201, enrolled.text
    return enrolled.json()["address"]


def show_second_language(lobby, lang: str) -> None:
    """Every screen shows `lang` under the Korean (and no other), set as an admin would."""
    if lobby.label_language == lang:
        return
    admin = lobby.staff("admin")
    devices = admin.get(f"{lobby.url}/api/v1/admin/devices?site_id=1", timeout=5).json()["items"]
    for device in devices:
        if device["kind"] in ("board", "counter_display", "directory", "seat_chart"):
            changed = admin.patch(f"{lobby.url}/api/v1/admin/devices/{device['id']}", timeout=5,
                                  json={"config": {**device["config"], "label_languages": [lang]}})
            assert changed.status_code == 200, changed.text
    lobby.label_language = lang


# ---- the lobby board, counter displays, floor directories, seat chart ---------------

NEAR_SCREENS = [("counter", "/display/counter/1", "counter-display-1"),
                ("counter", "/display/counter/4", "counter-display-4"),
                ("directory", "/display/directory/1", "directory-1f"),
                ("directory", "/display/directory/2", "directory-2f"),
                ("directory", "/display/directory/3", "directory-3f"),
                ("seats", "/display/seats/1", "seats-civil")]
SCREENS = ([("board", key, BOARD_MIN_PX) for key in ("board-4", "board-10", "board-16")]
           + [(surface, device, NEAR_SCREEN_MIN_PX) for surface, _, device in NEAR_SCREENS])
# One language after the other, so that the screens' settings change once a language.
SCREEN_CASES = [(lang, size, surface, screen, min_font) for lang in SECOND_LANGUAGES
                for surface, screen, min_font in SCREENS for size in SIZES]


@pytest.fixture(scope="module")
def screen_size(browser):  # noqa: F811
    """One browser context a screen size, shared by the screens of that size (its cache
    keeps the fonts), reduced motion so that no picture is taken halfway through a fade."""
    contexts = {}

    def context(size: str):
        if size not in contexts:
            contexts[size] = browser.new_context(viewport=SIZES[size], bypass_csp=BYPASS_CSP,
                                                 reduced_motion="reduce")
            contexts[size].add_init_script(RECORD_MEDIA)
        return contexts[size]

    yield context
    for context in contexts.values():
        context.close()


@pytest.mark.parametrize("lang, size, surface, screen, min_font", SCREEN_CASES,
                         ids=[f"{screen}-{size}-{lang}" for lang, size, _, screen, _ in SCREEN_CASES])
def test_the_live_screens(screen_size, lobby, lang, size, surface, screen, min_font):
    show_second_language(lobby, lang)
    page = screen_size(size).new_page()
    try:
        page.goto(lobby.addresses[screen])
        page.wait_for_selector("body[data-live='online']", timeout=WAIT_MS)
        page.wait_for_function("(lang) => [...document.querySelectorAll('.l2')]"
                               ".some((el) => el.lang === lang && el.textContent.trim())", arg=lang)
        if surface == "board":
            count = int(screen.rpartition("-")[2])
            page.wait_for_function(f"() => document.querySelectorAll('.tile').length === {count}")
        if surface == "directory":   # every office of the floor at once: no page turns
            page.wait_for_selector(".office")
            assert page.locator("#offices-page").text_content() == "", (screen, size)
        case = f"{size}-{screen}"
        problems, known_seen = {}, set()
        found = check(page, Atlas(surface, case), f"ko-{lang}", min_font, axe=lang == "en")
        settle(known_seen, (surface, case, lang), problems, found, lang)
        assert problems == {}, (surface, case, problems)
        assert_known_still_seen((surface, case, lang), known_seen)
    finally:
        page.close()


# ---- the board's calm notice while an officer's alarm is open ------------------------

CALM = "잠시 업무가 지연되고 있습니다. 양해 부탁드립니다."
CALM_EN = "Service is briefly delayed. Thank you for your patience."
# What would tell the lobby of an alarm, or where it rang.
ALARM_WORDS = ("비상벨", "Emergency", "alarm", "경보")


def set_calm_notice(lobby, on: bool) -> None:
    changed = lobby.staff("admin").patch(f"{lobby.url}/api/v1/admin/sites/1", timeout=5, json={
        "settings": {"alarm_calm_notice": on, "alarm_calm_text": CALM}})
    assert changed.status_code == 200, changed.text


def tile_texts(page) -> list[str]:
    return page.eval_on_selector_all(".tile", "(tiles) => tiles.map((t) => t.innerText)")


@pytest.mark.parametrize("size", SIZES)
def test_the_board_calm_notice(screen_size, lobby, size):
    """The 1st-floor board while counter 1's bell is open: the calm notice in the notice
    band, in place of the site's notices, calm (no alarm colour or word) and naming no
    counter; the counters' tiles as they were."""
    show_second_language(lobby, "en")
    set_calm_notice(lobby, True)
    page = screen_size(size).new_page()
    officer = lobby.staff("staff1")
    alarm = None
    try:
        page.goto(lobby.addresses["board-10"])
        page.wait_for_selector("body[data-live='online']", timeout=WAIT_MS)
        page.wait_for_function("() => document.querySelectorAll('.tile').length === 10")
        before = tile_texts(page)
        raised = officer.post(f"{lobby.url}/api/v1/counters/1/alarm", timeout=5)
        assert raised.status_code == 201, raised.text
        alarm = raised.json()["alarm"]
        # The site's text is the default one, which the board has in every language.
        page.wait_for_function("(calm) => document.querySelector('#notice .calm-notice .l1')"
                               "?.innerText.trim() === calm", arg=CALM, timeout=WAIT_MS)
        assert page.inner_text("#notice .calm-notice .l2").strip() == CALM_EN
        page.wait_for_timeout(300)     # a redraw from the same event settles
        problems, known_seen = {}, set()
        case = f"{size}-board-10-calm"
        found = check(page, Atlas("board", case), "ko-en", BOARD_MIN_PX, axe=True)
        settle(known_seen, ("board", case, "en"), problems, found, "en")
        assert problems == {}, problems
        assert_known_still_seen(("board", case, "en"), known_seen)
        text = page.locator("body").inner_text()
        assert not [word for word in ALARM_WORDS if word.lower() in text.lower()]
        assert tile_texts(page) == before
        # Calm: the notice band keeps its own colours (no red, no blinking).
        band = page.evaluate("""() => { const el = document.getElementById('notice');
            const s = getComputedStyle(el.closest('footer'));
            return [s.backgroundColor, getComputedStyle(el).color, s.animationName,
                    getComputedStyle(el.firstElementChild).animationName]; }""")
        assert band[2:] == ["none", "none"], band
        assert not any(reddish(colour) for colour in band[:2]), band
    finally:
        if alarm:
            lobby.staff("supervisor").post(
                f"{lobby.url}/api/v1/alarms/{alarm['id']}/clear", timeout=5).raise_for_status()
        set_calm_notice(lobby, False)
        page.close()


def reddish(colour: str) -> bool:
    """An rgb()/rgba() colour whose red clearly outweighs its green and blue."""
    r, g, b = (float(part) for part in colour[colour.index("(") + 1:-1].split(",")[:3])
    return r > 150 and r > 1.8 * max(g, b, 1)


# ---- the phone page -----------------------------------------------------------------

PHONES = {"360x740": {"width": 360, "height": 740}, "412x915": {"width": 412, "height": 915}}
PHONE_LANGUAGES = ("ko", "en", "zh", "vi", "ru", "th")
STATES = ("waiting", "called", "done", "no-show", "cancelled")
# What a waiting visitor must see without scrolling: the number, the status sentence,
# the people ahead, the wait and where to go.
FIRST_SCREEN = ("#number", "#state", "[data-fact=ahead]", "[data-fact=wait]",
                "[data-fact=place]")


@pytest.fixture(scope="module")
def phone_tickets(lobby):
    """One ticket in each state, at counter 1 (인감증명), with people ahead of the waiting one."""
    seal = lobby.services["인감증명"]
    officer = lobby.staff("staff1")
    api = f"{lobby.url}/api/v1"

    def called() -> dict:
        ticket = kiosk_takes(lobby.process, seal)
        response = officer.post(f"{api}/counters/1/call", json={"ticket_id": ticket["id"]})
        if response.status_code == 409 and response.json()["error"] == "counter_busy":
            busy = response.json()["ticket_id"]
            officer.post(f"{api}/tickets/{busy}/finish", json={}).raise_for_status()
            response = officer.post(f"{api}/counters/1/call", json={"ticket_id": ticket["id"]})
        assert response.status_code == 200, response.text
        return ticket

    absent = called()
    for _ in range(2):                     # the site's minimum before marking absent
        officer.post(f"{api}/tickets/{absent['id']}/recall").raise_for_status()
    officer.post(f"{api}/tickets/{absent['id']}/no-show").raise_for_status()
    done = called()
    officer.post(f"{api}/tickets/{done['id']}/finish", json={}).raise_for_status()
    cancelled = kiosk_takes(lobby.process, seal)
    code = cancelled["link"].rpartition("/t/")[2]
    requests.post(f"{api}/visitor/tickets/{code}/cancel", timeout=5).raise_for_status()
    now_called = called()
    for _ in range(5):
        kiosk_takes(lobby.process, seal)
    waiting = kiosk_takes(lobby.process, seal)
    return {"waiting": waiting, "called": now_called, "done": done, "no-show": absent,
            "cancelled": cancelled}


@pytest.mark.parametrize("phone", PHONES)
def test_the_phone_page(browser, lobby, phone_tickets, phone):  # noqa: F811
    size = PHONES[phone]
    context = browser.new_context(viewport=size, bypass_csp=BYPASS_CSP, locale="ko-KR")
    page = context.new_page()
    problems, known_seen = {}, set()
    try:
        for lang in PHONE_LANGUAGES:
            case = f"{phone}-{lang}"
            atlas = Atlas("phone", case)
            for state in STATES:
                page.goto(f"{phone_tickets[state]['link']}?lang={lang}")
                page.wait_for_selector("#ticket:not([hidden])")
                found = check(page, atlas, state, PHONE_MIN_PX, axe=lang in ("ko", "th"))
                found.pop(OUTSIDE, None)    # the page scrolls: below the first screen is no fault
                if state == "waiting":
                    found.update(first_screen_problems(page, size))
                settle(known_seen, ("phone", f"{phone}-{state}", lang), problems, found,
                       f"{case}-{state}")
                assert_known_still_seen(("phone", f"{phone}-{state}", lang), known_seen)
            atlas.record({name: found for name, found in problems.items()
                          if name.startswith(case)})
    finally:
        context.close()
    assert problems == {}


def first_screen_problems(page, size: dict) -> dict:
    """The waiting ticket's first screen: what matters in view, labels above their values,
    the route a readable step a line, nothing scrolling sideways."""
    found = {}
    late = [selector for selector in FIRST_SCREEN
            if not (box := page.locator(selector).bounding_box())
            or box["y"] + box["height"] > size["height"]]
    if late:
        found["below the first screen"] = late
    # Label above value: every value as wide as its fact (two halves share a row).
    narrow = page.evaluate("""() => [...document.querySelectorAll('#facts .fact')].filter((f) => {
        const share = f.querySelector('dd').getBoundingClientRect().width
                      / document.getElementById('facts').getBoundingClientRect().width;
        return share < (f.classList.contains('fact-half') ? 0.45 : 0.95); }).map((f) => f.dataset.fact)""")
    if narrow:
        found["value squeezed beside its label"] = narrow
    steps = page.evaluate("[...document.querySelectorAll('.way li')].map((li) => "
                          "li.getBoundingClientRect().width)")
    if not steps or min(steps) < 0.8 * size["width"] - 100:
        found["route steps too narrow"] = steps
    if page.evaluate("document.documentElement.scrollWidth") > size["width"]:
        found["scrolls sideways"] = [page.evaluate("document.documentElement.scrollWidth")]
    return found
