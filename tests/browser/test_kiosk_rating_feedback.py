"""Rating the service and leaving feedback at the kiosk, in Chromium against a real server:
a ticket finished by staff is rated once by its number (and shows in the aggregate), a
second try, an unknown and an unfinished number get their own screens; a complaint with a
consented e-mail address and a suggestion without one are stored as the visitor left them;
a bad address gets the kiosk's message in the visitor's language and stores nothing."""

from __future__ import annotations

import pytest

from server.visitor import catalog as phone_catalog
from tests.browser.test_kiosk import (catalog, kiosk_takes, new_kiosk_page, service_id, sql,
                                      staff_session, start_server, wait_screen)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process = start_server(tmp_path_factory)
    yield process
    process.stop()


def served_at_counter_1(server, service: int) -> dict:
    """A ticket called and finished by the officer at counter 1."""
    ticket = kiosk_takes(server, service)
    officer = staff_session(server, "staff1")
    while True:
        called = officer.post(f"{server.url}/api/v1/counters/1/call-next").json()["ticket"]
        officer.post(f"{server.url}/api/v1/tickets/{called['id']}/finish", json={}).raise_for_status()
        if called["id"] == ticket["id"]:
            return ticket


def type_number(page, number: str):
    """A-012 on the letter key and the number pad; 2012 on the number pad alone."""
    letter, _, digits = number.rpartition("-")
    if letter:
        page.click(f"#screen [data-key=letter-{letter}]")
    for digit in digits.lstrip("0"):
        page.click(f"#screen [data-key=digit-{digit}]")


def open_rating(page, number: str):
    page.click("#screen [data-key=rate]")
    wait_screen(page, "rate")
    type_number(page, number)
    page.click("#rate-check")


def rating_rows(server) -> list:
    return sql(server, "SELECT ticket_id, score, reasons, channel FROM ratings")


def test_a_finished_ticket_is_rated_once_at_the_kiosk(browser, server):
    seal = service_id(server, "인감증명")
    ticket = served_at_counter_1(server, seal)
    waiting = kiosk_takes(server, seal)
    page = new_kiosk_page(browser, server)
    ko = catalog("ko")
    try:
        open_rating(page, ticket["display_number"])
        wait_screen(page, "rate-score")
        card = page.inner_text("#screen .card")
        assert ticket["display_number"] in card and "인감증명" in card and "1번 창구" in card
        page.keyboard.press("4")                      # digit keys choose the score too
        assert page.get_attribute("#screen [data-key=score-4]", "aria-pressed") == "true"
        # Words, not stars, from the phone page's catalog (one scale for both).
        assert f"4 {phone_catalog('ko')['rating.score.4']}" in page.inner_text(
            "#screen [data-key=score-4]")
        page.click("#screen [data-key=reason-kind]")
        assert ko["info.chosen"] in page.inner_text("#screen [data-key=reason-kind]")
        page.click("#rate-send")
        wait_screen(page, "rate-done")
        assert ko["rate.thanks"] in page.inner_text("#screen h1")
        assert rating_rows(server) == [(ticket["id"], 4, '["kind"]', "kiosk")]
        summary = staff_session(server).get(f"{server.url}/api/v1/ratings/summary").json()
        assert (summary["count"], summary["mean"], summary["scores"]["4"]) == (1, 4.0, 1)
        assert summary["reasons"]["kind"] == 1

        # Once per ticket: the same number again gets its own screen.
        page.click("#screen [data-key=rate-ok]")
        wait_screen(page, "home")
        open_rating(page, ticket["display_number"])
        wait_screen(page, "rate-refused")
        assert page.get_attribute("#screen .rate-refused", "data-reason") == "already_rated"
        assert ko["rate.already_rated"] in page.inner_text("#screen h1")
        assert len(rating_rows(server)) == 1

        # "Enter the number again" returns to an empty pad; an unknown number, then one
        # still waiting, each get their screen.
        page.click("#screen [data-key=rate-again]")
        wait_screen(page, "rate")
        assert page.get_attribute("#screen .rate-number", "data-number") == ""
        type_number(page, "A-999" if "-" in ticket["display_number"] else "9999")
        page.click("#rate-check")
        wait_screen(page, "rate-refused")
        assert page.get_attribute("#screen .rate-refused", "data-reason") == "not_found"
        assert ko["rate.not_found"] in page.inner_text("#screen h1")
        page.click("#screen [data-key=rate-again]")
        wait_screen(page, "rate")
        type_number(page, waiting["display_number"])
        page.click("#rate-check")
        wait_screen(page, "rate-refused")
        assert page.get_attribute("#screen .rate-refused", "data-reason") == "not_finished"
        assert ko["rate.not_finished_text"] in page.inner_text("#screen")
        assert len(rating_rows(server)) == 1
    finally:
        page.context.close()


def test_rating_without_a_connection_says_so(browser, server):
    page = new_kiosk_page(browser, server)
    try:
        page.route("**/api/v1/ratings/ticket*", lambda route: route.abort())
        open_rating(page, "1001")
        wait_screen(page, "rate-refused")
        assert page.get_attribute("#screen .rate-refused", "data-reason") == "offline"
        page.unroute("**/api/v1/ratings/ticket*")
        page.click("#screen [data-key=rate-again]")          # "try again" keeps the number
        wait_screen(page, "rate")
        assert page.get_attribute("#screen .rate-number", "data-number") == "1001"
    finally:
        page.context.close()


def feedback_rows(server) -> list:
    return sql(server, "SELECT kind, ground, text, channel, lang, email, consent_at, "
               "about_counter_id FROM feedback ORDER BY id")


def test_a_complaint_with_a_consented_address_and_a_suggestion_without(browser, server):
    page = new_kiosk_page(browser, server)
    ko = catalog("ko")
    before = len(feedback_rows(server))
    try:
        page.click("#screen [data-key=feedback]")
        wait_screen(page, "feedback")
        page.click("#screen [data-key=kind-unkindness]")
        wait_screen(page, "feedback-text")
        page.click("#feedback-next")                        # nothing chosen yet: said, not sent
        assert ko["feedback.error_text"] in page.inner_text("#screen .appointment-status")
        page.click("#screen [data-key=phrase-1]")
        page.click("#feedback-next")
        wait_screen(page, "feedback-contact")
        consent = page.inner_text("#screen .consent")
        assert ko["feedback.consent_until"] in consent and ko["feedback.consent_why"] in consent
        page.click("#screen [data-key=consent-yes]")
        wait_screen(page, "feedback-email")
        for key in "kim":
            page.click(f"#screen [data-key=email-{key}]")
        page.click("#screen [data-key='email-@']")
        page.click("#feedback-send")                        # "kim@" is not an address: not sent
        page.wait_for_selector("#screen .appointment-status .notice-warning")
        assert page.inner_text("#screen .appointment-status") == ko["feedback.error_email"]
        assert len(feedback_rows(server)) == before
        page.click("#screen [data-key=email-erase]")
        page.click("#screen [data-key='email-@naver.com']")
        assert page.input_value("#feedback-email") == "kim@naver.com"
        page.click("#screen [data-key=feedback-send]")
        wait_screen(page, "feedback-done")
        assert ko["feedback.thanks_email"] in page.inner_text("#screen")
        kind, ground, text, channel, lang, email, consent_at, _ = feedback_rows(server)[-1]
        assert (kind, ground, channel, lang) == ("complaint", "unkindness", "kiosk", "ko")
        assert text == ko["feedback.phrase.rude"]
        assert email == "kim@naver.com" and consent_at is not None

        # A suggestion in English without consent: no address, no consent time.
        page.click("#screen [data-key=feedback-ok]")
        wait_screen(page, "home")
        page.click("#tool-language")
        page.click("#screen [data-key=lang-en]")
        wait_screen(page, "home")
        page.click("#screen [data-key=feedback]")
        page.click("#screen [data-key=kind-suggestion]")
        page.click("#screen [data-key=phrase-3]")
        page.fill("#feedback-text", "More benches outside")  # a physical keyboard
        page.click("#feedback-next")
        page.click("#screen [data-key=consent-no]")
        wait_screen(page, "feedback-done")
        assert catalog("en")["feedback.thanks_no_email"] in page.inner_text("#screen")
        kind, ground, text, channel, lang, email, consent_at, _ = feedback_rows(server)[-1]
        assert (kind, ground, lang, email, consent_at) == ("suggestion", None, "en", None, None)
        assert text == (f"{catalog('en')['feedback.phrase.parking']} ({ko['feedback.phrase.parking']})\n"
                        "More benches outside")
    finally:
        page.context.close()


def test_praise_for_a_counter(browser, server):
    page = new_kiosk_page(browser, server)
    try:
        page.click("#screen [data-key=feedback]")
        page.click("#screen [data-key=kind-praise]")
        wait_screen(page, "feedback-about")
        page.click("#screen [data-key=about-counter-2]")
        wait_screen(page, "feedback-text")
        page.click("#screen [data-key=phrase-1]")
        page.click("#feedback-next")
        page.click("#screen [data-key=consent-no]")
        wait_screen(page, "feedback-done")
        counter_2 = sql(server, "SELECT id FROM counters WHERE site_id = 1 AND number = 2")[0][0]
        kind, ground, *_, email, consent_at, about = feedback_rows(server)[-1]
        assert (kind, ground, email, about) == ("praise", None, None, counter_2)
    finally:
        page.context.close()
