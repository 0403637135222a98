"""The visitor's live ticket page in Chromium at phone size: it follows the queue while
staff call, records "on my way back", cancels with a confirmation, takes one rating
after service, speaks the phone's language and shows nothing once the link is over."""

from __future__ import annotations

import pytest
import requests

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from server.visitor import catalog as phone_catalog
from tests.browser.conftest import axe_violations
from tests.browser.test_kiosk import kiosk_takes, new_kiosk_page, wait_screen
from tests.support.console import ConsoleSession
from tests.support.server import ServerProcess

PHONE = {"width": 360, "height": 740}
# The page in every state, size and language, measured and photographed:
# tests/browser/test_screens_atlas.py.
POLL_MS = 13_000  # the page polls every 10 s


@pytest.fixture(scope="module")
def lobby(tmp_path_factory):
    process = ServerProcess(tmp_path_factory.mktemp("phone") / "phone.db")
    process.start()
    yield process
    process.stop()


def staff(lobby, login: str) -> requests.Session:
    session = ConsoleSession()
    session.post(f"{lobby.url}/api/v1/auth/login", timeout=5,
                 json={"login": login, "password": "sunbeon-demo"}).raise_for_status()
    return session


def seal_service(lobby) -> int:
    services = requests.get(f"{lobby.url}/api/v1/services?site_id=1", timeout=5).json()
    return next(s["id"] for s in services["services"] if s["names"]["ko"] == "인감증명")


def open_ticket(new_page, ticket: dict, locale: str = "en-US"):
    page = new_page(**PHONE, locale=locale)
    response = page.goto(ticket["link"])
    assert response.status == 200
    page.wait_for_selector("#ticket:not([hidden])")
    return page


def test_the_phone_follows_the_queue_and_rates_once(lobby, new_page):
    service = seal_service(lobby)
    first, mine = kiosk_takes(lobby, service), kiosk_takes(lobby, service)
    page = open_ticket(new_page, mine)
    assert page.inner_text("#number") == mine["display_number"]
    assert "1 ahead of you" in page.inner_text("#state")
    assert "0 min" not in page.inner_text("#ticket")  # an idle counter: "soon"
    assert "Floor 1" in page.inner_text("#facts")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []

    page.click("#return")
    page.wait_for_selector("#returning-note:not([hidden])")
    assert page.is_hidden("#return")

    officer = staff(lobby, "staff1")
    assert officer.post(f"{lobby.url}/api/v1/counters/1/call-next").json()["ticket"]["id"] == first["id"]
    officer.post(f"{lobby.url}/api/v1/tickets/{first['id']}/finish", json={})
    officer.post(f"{lobby.url}/api/v1/counters/1/call-next")
    page.wait_for_function("document.getElementById('state').dataset.status === 'called'",
                           timeout=POLL_MS)
    assert "counter 1" in page.inner_text("#state")
    assert "counter 1" in page.inner_text("#alert")  # said at once by a screen reader

    officer.post(f"{lobby.url}/api/v1/tickets/{mine['id']}/finish", json={})
    page.wait_for_selector("#rating:not([hidden])", timeout=POLL_MS)
    assert page.is_hidden("#actions")
    assert axe_violations(page) == []
    page.check("input[name=score][value='4']")
    page.check("input[name=reasons][value='kind']")
    page.click("#rating-form button[type=submit]")
    page.wait_for_selector("#thanks:not([hidden])")
    assert page.is_hidden("#rating")
    again = requests.post(mine["link"].replace("/t/", "/api/v1/visitor/tickets/") + "/rating",
                          json={"score": 1}, timeout=5)
    assert again.status_code == 409

    page.click("#feedback-open")
    page.check("input[name=kind][value=complaint]")
    assert page.is_visible("#grounds")
    page.check("input[name=ground][value=unkindness]")
    page.fill("#feedback-text", "The officer did not explain anything.")
    page.fill("#feedback-email", "visitor@example.org")
    page.click("#feedback-form button[type=submit]")  # consent missing: the browser asks
    assert page.is_hidden("#feedback-thanks")
    page.check("#feedback-consent")
    assert axe_violations(page) == []
    page.click("#feedback-form button[type=submit]")
    page.wait_for_selector("#feedback-thanks:not([hidden])")
    assert page.evaluate("document.activeElement.id") == "feedback-thanks"
    items = staff(lobby, "supervisor").get(f"{lobby.url}/api/v1/feedback?site_id=1").json()
    mine_feedback = items["feedback"][0]
    assert (mine_feedback["kind"], mine_feedback["ground"], mine_feedback["lang"]) == (
        "complaint", "unkindness", "en")
    assert mine_feedback["can_send_answer"] and "visitor@example.org" not in str(items)


def test_cancel_asks_first_and_other_languages(lobby, new_page):
    ticket = kiosk_takes(lobby, seal_service(lobby))
    page = open_ticket(new_page, ticket, locale="ko-KR")
    assert page.evaluate("document.documentElement.lang") == "ko"
    page.click("#cancel")
    assert page.is_visible("#confirm") and page.evaluate(
        "document.activeElement.id") == "confirm-text"
    page.click("#cancel-no")
    assert page.is_hidden("#confirm") and page.evaluate("document.activeElement.id") == "cancel"
    page.click("#cancel")
    page.click("#cancel-yes")
    page.wait_for_function("document.getElementById('state').dataset.status === 'cancelled'")
    assert "취소" in page.inner_text("#state") and page.is_hidden("#actions")

    page.click("a[hreflang=ru]")
    page.wait_for_selector("#ticket:not([hidden])")
    assert page.evaluate("document.documentElement.lang") == "ru"
    assert "Талон отменён" in page.inner_text("#state")
    for locale, lang in (("th-TH", "th"), ("zh-CN", "zh"), ("vi-VN", "vi")):
        other = open_ticket(new_page, ticket, locale=locale)
        assert other.evaluate("document.documentElement.lang") == lang


def test_an_unknown_or_expired_link_shows_nothing(lobby, new_page):
    page = new_page(**PHONE, locale="en-US")
    response = page.goto(f"{lobby.url}/t/NoSuchTicket99")
    assert response.status == 404
    assert page.is_visible("#expired") and page.query_selector("#ticket") is None
    assert axe_violations(page) == []


def test_an_open_page_empties_itself_when_the_day_ends(lobby, new_page):
    import sqlite3
    ticket = kiosk_takes(lobby, seal_service(lobby))
    page = open_ticket(new_page, ticket)
    with sqlite3.connect(lobby.db_path) as conn:  # as if the site's day had ended
        conn.execute("UPDATE tickets SET day = '2000-01-01' WHERE id = ?", (ticket["id"],))
    page.wait_for_selector("#expired:not([hidden])", timeout=POLL_MS)
    assert page.is_hidden("#ticket") and page.inner_text("#number") == ""
    assert ticket["display_number"] not in page.inner_text("body")


def far_back_ticket(lobby) -> dict:
    """A ticket with more than a few people ahead of it."""
    service = seal_service(lobby)
    for _ in range(5):
        kiosk_takes(lobby, service)
    return kiosk_takes(lobby, service)


def test_on_my_way_back_only_after_stepping_away_or_near_the_front(lobby, new_page):
    ticket = far_back_ticket(lobby)
    page = open_ticket(new_page, ticket)
    # Simply waiting far back: no "on my way back", only "I have stepped away".
    assert page.is_visible("#away") and page.is_hidden("#return")
    page.click("#away")
    assert page.is_visible("#return") and page.is_hidden("#away")
    assert page.evaluate("document.activeElement.id") == "away-note"
    page.reload()                      # the phone remembers that the visitor stepped away
    page.wait_for_selector("#ticket:not([hidden])")
    assert page.is_visible("#return")
    page.click("#return")
    page.wait_for_selector("#returning-note:not([hidden])")
    assert page.is_hidden("#return") and page.is_hidden("#away")


@pytest.mark.parametrize("zone", ["Europe/Berlin", "Asia/Seoul"])
def test_times_are_korean_time_named_when_the_phone_is_elsewhere(lobby, new_page, zone):
    ticket = kiosk_takes(lobby, seal_service(lobby))
    page = new_page(**PHONE, locale="ko-KR", timezone_id=zone)
    page.goto(ticket["link"])
    page.wait_for_selector("#ticket:not([hidden])")
    updated = page.inner_text("#updated")
    now = datetime.now(ZoneInfo("Asia/Seoul"))
    assert any((now + timedelta(minutes=d)).strftime("%H:%M") in updated
               for d in (-1, 0, 1)), updated
    assert ("한국 시간" in updated) is (zone != "Asia/Seoul"), updated


def test_the_kiosk_and_the_phone_ask_on_one_scale(lobby, new_page, browser):
    officer = staff(lobby, "staff1")
    service = seal_service(lobby)
    rated_on_phone, rated_at_kiosk = kiosk_takes(lobby, service), kiosk_takes(lobby, service)
    for _ in range(100):              # serve everyone up to both tickets at counter 1
        called = officer.post(f"{lobby.url}/api/v1/counters/1/call-next").json()["ticket"]
        officer.post(f"{lobby.url}/api/v1/tickets/{called['id']}/finish", json={})
        if called["id"] == rated_at_kiosk["id"]:
            break
    phone = open_ticket(new_page, rated_on_phone, locale="ko-KR")
    phone.wait_for_selector("#rating:not([hidden])")
    on_phone = phone.evaluate("""() => ({
        scores: [...document.querySelectorAll('.score')].map((l) =>
            [l.querySelector('input').value, l.innerText.trim()]),
        reasons: [...document.querySelectorAll('.reason')].map((l) =>
            [l.querySelector('input').value, l.innerText.trim()])})""")
    kiosk = new_kiosk_page(browser, lobby)
    kiosk.click("#screen [data-key=rate]")
    wait_screen(kiosk, "rate")
    for digit in rated_at_kiosk["display_number"].rpartition("-")[2].lstrip("0"):
        kiosk.click(f"#screen [data-key=digit-{digit}]")
    if "-" in rated_at_kiosk["display_number"]:
        kiosk.click(f"#screen [data-key=letter-{rated_at_kiosk['display_number'][0]}]")
    kiosk.click("#rate-check")
    wait_screen(kiosk, "rate-score")
    at_kiosk = kiosk.evaluate("""() => ({
        scores: [...document.querySelectorAll('#screen [data-key^=score-]')].map((b) =>
            [b.dataset.option, b.querySelector('.option-label').innerText.trim()]),
        reasons: [...document.querySelectorAll('#screen [data-key^=reason-]')].map((b) =>
            [b.dataset.key.slice('reason-'.length), b.querySelector('span').innerText.trim()])})""")
    words = phone_catalog("ko")
    # 1 (매우 불만족) to 5 (매우 만족) on both, in the same words, with the same reasons.
    assert [score for score, _ in on_phone["scores"]] == ["1", "2", "3", "4", "5"]
    assert on_phone["scores"][0][1] == words["rating.score.1"] == "매우 불만족"
    assert at_kiosk["scores"] == [[n, f"{n} {label}"] for n, label in on_phone["scores"]]
    assert at_kiosk["reasons"] == on_phone["reasons"] and len(on_phone["reasons"]) == 9


def test_korean_shown_for_want_of_a_translation_is_tagged_korean(lobby, new_page):
    """The office's room written in Korean only: an English page shows the Korean, tagged
    lang="ko" (read with a Korean voice); the translated names around it are not tagged."""
    admin = staff(lobby, "admin")
    departments = requests.get(f"{lobby.url}/api/v1/departments?site_id=1", timeout=5).json()
    civil = next(d for d in departments["departments"] if d["names"]["ko"] == "민원지적과")
    address = f"{lobby.url}/api/v1/admin/departments/{civil['id']}"
    admin.patch(address, json={"rooms": {"ko": civil["rooms"]["ko"]}}, timeout=5).raise_for_status()
    try:
        page = open_ticket(new_page, kiosk_takes(lobby, seal_service(lobby)))
        place = page.locator("[data-fact=place] dd")
        assert place.locator("[lang=ko]").all_text_contents() == ["민원실"]
        assert place.inner_text().startswith(civil["names"]["en"])
        assert page.locator("#service").get_attribute("lang") is None
        assert page.evaluate("document.documentElement.lang") == "en"
    finally:
        admin.patch(address, json={"rooms": civil["rooms"]}, timeout=5).raise_for_status()
