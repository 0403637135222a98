"""Text-message notices asked for at the kiosk, in Chromium against a real server: the
number on the number pad, the consent that names what is kept, why and until when, the
confirmation with the number masked; declining stores nothing; once the ticket is
called, the server's outbox has the message (recorded only: no gateway in the demo)."""

from __future__ import annotations

import time

import pytest

from tests.browser.test_kiosk import (catalog, new_kiosk_page, sql, staff_session,
                                      start_server, take_number, wait_screen)

NUMBER = "01023456789"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process = start_server(tmp_path_factory)
    yield process
    process.stop()


@pytest.fixture
def page(browser, server):
    page = new_kiosk_page(browser, server)
    yield page
    page.context.close()


def type_digits(page, digits: str):
    for digit in digits:
        page.click(f"#screen [data-key=digit-{digit}]")


def ticket_id(page) -> int:
    return int(page.get_attribute("#screen [data-ticket-id]", "data-ticket-id"))


def test_a_visitor_asks_for_text_messages_and_sees_the_number_masked(page, server):
    words = catalog("en")
    page.click("#tool-language")
    wait_screen(page, "language")
    page.click("#screen [data-key=lang-en]")
    take_number(page)
    mine = ticket_id(page)
    page.click("#ticket-notify")
    wait_screen(page, "notify")
    assert page.inner_text("#screen h1") == words["notify.title"]

    type_digits(page, "0212345678")                     # a landline: not for texts
    page.click("#notify-next", force=True)              # marked unavailable, still tappable
    assert page.inner_text(".appointment-status") == words["notify.error_number"]
    page.click("#screen [data-key=clear]")
    type_digits(page, NUMBER)
    assert page.inner_text("#notify-number") == "010-2345-6789"
    page.keyboard.press("Backspace")                    # the keypad erases a digit too
    page.keyboard.press("9")
    page.click("#notify-next")

    wait_screen(page, "notify-consent")
    consent = page.inner_text("#screen")
    for key in ("notify.consent_what", "notify.consent_why", "notify.consent_until"):
        assert words[key] in consent
    assert "010-****-6789" in consent and "2345" not in consent
    assert sql(server, "SELECT count(*) FROM notice_contacts")[0][0] == 0   # not before consent
    page.click("#notify-agree")

    wait_screen(page, "notify-done")
    assert page.inner_text("#notify-masked") == "010-****-6789"
    done = page.inner_text("#screen")
    assert words["notify.done_until"] in done and "2345" not in done
    assert words["notify.done_near"].replace("{n}", "3") in done
    assert sql(server, "SELECT ticket_id, phone, lang FROM notice_contacts") == [
        (mine, NUMBER, "en")]

    page.click("#screen [data-key=notify-ok]")
    wait_screen(page, "ticket")
    assert words["ticket.notify_on"] in page.inner_text("#screen")
    assert page.query_selector("#ticket-notify") is None

    # Staff call the ticket: the server's notice worker puts the text in its outbox.
    officer = staff_session(server, "staff1")
    while True:
        called = officer.post(f"{server.url}/api/v1/counters/1/call-next").json()["ticket"]
        if called["id"] == mine:
            break
        officer.post(f"{server.url}/api/v1/tickets/{called['id']}/finish", json={})
    deadline = time.monotonic() + 10
    while not (rows := sql(server, "SELECT kind, channel, status, text FROM notice_messages "
                                   "WHERE ticket_id = ? AND kind = 'called'", (mine,))):
        assert time.monotonic() < deadline, "no notice in the outbox"
        time.sleep(0.1)
    [(kind, channel, status, text)] = rows
    assert (kind, channel, status) == ("called", "sms", "logged")
    assert "please go to counter 1 now" in text and NUMBER not in text


def test_declining_keeps_nothing_and_the_ticket_stays(page, server):
    words = catalog("ko")
    number = take_number(page, department=1, service=1)
    mine = ticket_id(page)
    page.click("#ticket-notify")
    wait_screen(page, "notify")
    type_digits(page, NUMBER)
    page.click("#notify-next")
    wait_screen(page, "notify-consent")
    assert words["notify.consent_optional"] in page.inner_text("#screen")
    page.click("#screen [data-key=notify-decline]")
    wait_screen(page, "ticket")
    assert page.inner_text("#ticket-number") == number
    assert page.query_selector("#ticket-notify") is not None
    assert sql(server, "SELECT count(*) FROM notice_contacts WHERE ticket_id = ?",
               (mine,))[0][0] == 0
