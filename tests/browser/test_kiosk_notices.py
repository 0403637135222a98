"""Notices asked for at the kiosk, in Chromium against a real server and a real SMTP
server: the choice of text message or e-mail, the number on the number pad or the address
on the e-mail keys, the consent that names what is kept, why and until when, the
confirmation with the number or address masked; declining stores nothing. Once the
ticket is called (and finished), the texts are in the server's outbox (recorded only: no
SMS gateway in the demo) and the e-mails reach the SMTP server, in the kiosk's language."""

from __future__ import annotations

import email
import email.policy
import json
from pathlib import Path

import pytest

from tests.browser.test_kiosk import (catalog, new_kiosk_page, sql, staff_session,
                                      start_server, take_number, wait_screen)
from tests.support.smtp import SmtpSink
from tests.support.waiting import until

NUMBER = "01023456789"
ADDRESS = "le.thu@naver.com"
NOTICE_WORDS = Path(__file__).parents[2] / "server" / "visitor" / "i18n"


@pytest.fixture(scope="module")
def smtp():
    sink = SmtpSink()
    yield sink
    sink.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory, smtp):
    """`sunbeon serve --demo`, mailing through the sink (configured by its environment)."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SUNBEON_SMTP_HOST", "127.0.0.1")
        env.setenv("SUNBEON_SMTP_PORT", str(smtp.port))
        env.setenv("SUNBEON_SMTP_FROM", "minwon@dangjin.example")
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


def open_notices(page, by: str):
    """Ticket screen -> "Get notices" -> text message (sms) or e-mail."""
    page.click("#ticket-notify")
    wait_screen(page, "notify-how")
    page.click(f"#screen [data-key=notify-by-{by}]")
    wait_screen(page, "notify" if by == "sms" else "notify-email")


def call_at_counter_1(server, officer, mine: int):
    """Staff at counter 1 call the next visitor until it is this ticket, serving the others."""
    for (busy,) in sql(server, "SELECT id FROM tickets WHERE counter_id = 1 "
                               "AND status IN ('called', 'serving')"):
        officer.post(f"{server.url}/api/v1/tickets/{busy}/finish", json={})
    while True:
        called = officer.post(f"{server.url}/api/v1/counters/1/call-next").json()["ticket"]
        if called["id"] == mine:
            return
        officer.post(f"{server.url}/api/v1/tickets/{called['id']}/finish", json={})


def test_a_visitor_asks_for_text_messages_and_sees_the_number_masked(page, server):
    words = catalog("en")
    page.click("#tool-language")
    wait_screen(page, "language")
    page.click("#screen [data-key=lang-en]")
    take_number(page)
    mine = ticket_id(page)
    page.click("#ticket-notify")
    wait_screen(page, "notify-how")
    assert page.inner_text("#screen h1") == words["notify.how_title"]
    page.keyboard.press("1")                            # the keypad chooses too
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
    call_at_counter_1(server, staff_session(server, "staff1"), mine)
    # Decided ('queued') first, then delivered: recorded as 'logged' without a gateway.
    rows = until(lambda: sql(server, "SELECT kind, channel, status, text FROM notice_messages "
                                     "WHERE ticket_id = ? AND kind = 'called' "
                                     "AND status NOT IN ('queued', 'sending')", (mine,)))
    [(kind, channel, status, text)] = rows
    assert (kind, channel, status) == ("called", "sms", "logged")
    assert "please go to counter 1 now" in text and NUMBER not in text


def test_declining_keeps_nothing_and_the_ticket_stays(page, server):
    words = catalog("ko")
    number = take_number(page, department=1, service=1)
    mine = ticket_id(page)
    open_notices(page, "sms")
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


def mail_with(smtp, text: str):
    """The mail to ADDRESS whose text holds this, if it has come."""
    for sent in list(smtp.messages):
        mail = email.message_from_bytes(sent["data"], policy=email.policy.default)
        if sent["to"] == [ADDRESS] and text in mail.get_content():
            return mail
    return None


def test_a_visitor_asks_for_e_mails_and_gets_them_in_their_language(page, server, smtp):
    words = catalog("vi")
    notice_words = json.loads((NOTICE_WORDS / "vi.json").read_text(encoding="utf-8"))
    page.click("#tool-language")
    wait_screen(page, "language")
    page.click("#screen [data-key=lang-vi]")
    take_number(page)
    mine = ticket_id(page)
    open_notices(page, "email")
    assert page.inner_text("#screen h1") == words["notify.email_title"]

    for key in ("l", "e", ".", "t", "h", "u", "@"):
        page.click(f"#screen [data-key='email-{key}']")
    page.click("#notify-next")                          # "le.thu@" is not an address yet
    page.wait_for_selector("#screen .appointment-status .notice-warning")
    assert page.inner_text("#screen .appointment-status") == words["feedback.error_email"]
    page.click("#screen [data-key=email-erase]")
    page.click("#screen [data-key='email-@naver.com']")
    assert page.input_value("#notify-email") == ADDRESS
    page.click("#notify-next")

    # From here on the address is shown masked only.
    wait_screen(page, "notify-consent")
    consent = page.inner_text("#screen")
    for key in ("notify.email_consent_what", "notify.consent_why", "notify.consent_until"):
        assert words[key] in consent
    assert "l*****@naver.com" in consent and ADDRESS not in page.content()
    assert sql(server, "SELECT count(*) FROM notice_contacts WHERE ticket_id = ?",
               (mine,))[0][0] == 0                      # not before consent
    page.click("#notify-agree")

    wait_screen(page, "notify-done")
    assert page.inner_text("#notify-masked") == "l*****@naver.com"
    assert words["notify.email_done_until"] in page.inner_text("#screen")
    assert ADDRESS not in page.content()
    assert sql(server, "SELECT phone, email, lang FROM notice_contacts WHERE ticket_id = ?",
               (mine,)) == [(None, ADDRESS, "vi")]
    page.click("#screen [data-key=notify-ok]")
    wait_screen(page, "ticket")
    assert words["ticket.notify_on_email"] in page.inner_text("#screen")
    assert page.query_selector("#ticket-notify") is None and ADDRESS not in page.content()

    # Staff call the ticket, then finish it: each sends an e-mail, in Vietnamese. (A call
    # already over when the notice worker reads it sends nothing: see notices.decide.)
    officer = staff_session(server, "staff1")
    call_at_counter_1(server, officer, mine)
    [(number, code)] = sql(server, "SELECT display_number, public_code FROM tickets "
                                   "WHERE id = ?", (mine,))
    # The notices' words without the site's name: "số A001, mời bạn đến quầy 1 ngay."
    called_text = notice_words["notice.called"].format(site="", number=number, counter=1)[2:]
    thanks_text = notice_words["notice.thanks"].format(site="", link="")[2:].rstrip()
    called = until(lambda: mail_with(smtp, called_text), timeout=15)
    assert number in called["Subject"] and notice_words["notice.footer"] in called.get_content()
    assert officer.post(f"{server.url}/api/v1/tickets/{mine}/finish",
                        json={}).status_code == 200
    thanks = until(lambda: mail_with(smtp, f"/t/{code}"), timeout=15)
    assert thanks_text in thanks.get_content()
