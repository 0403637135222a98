"""A visitor's walk through the kiosk's screens, for tests that check every screen as it
is shown (the accessibility criteria, each language)."""

from __future__ import annotations

from tests.browser.test_kiosk import (add_info_page, choose, kiosk_takes, service_id, sql,
                                      start_server, wait_screen)
from server.queue.remote import CODE_ALPHABET as REMOTE_CODE_KEYS
from tests.browser.test_kiosk_rating_feedback import (open_rating, served_at_counter_1,
                                                      type_number)


def start_walk_server(tmp_path_factory):
    """A demo server with what the walk needs besides the sample: a closed service (for
    the closed screen), an information page and a service that takes numbers from phones
    (the home screen's remote check-in)."""
    process = start_server(tmp_path_factory)
    sql(process, "UPDATE services SET paused = 1 WHERE id = ?", (service_id(process, "토지 민원"),))
    sql(process, "UPDATE services SET remote_enabled = 1 WHERE id = ?",
        (service_id(process, "여권"),))
    add_info_page(process)
    return process


def phone_ticket(server) -> dict:
    """A number of 여권 as a phone takes it through the public page: not in the queue
    until its visitor checks in (server/queue/remote.py; the public link issues such
    tickets, tests/browser/test_remote_path.py walks that road)."""
    ticket = kiosk_takes(server, service_id(server, "여권"))
    # The ticket's id written in the code's own alphabet: a code of its own for each ticket
    # of the day, however many cases walk on one server.
    code, rest = "", ticket["id"]
    for _ in range(6):
        rest, digit = divmod(rest, len(REMOTE_CODE_KEYS))
        code = REMOTE_CODE_KEYS[digit] + code
    sql(server, "UPDATE tickets SET status = 'remote', channel = 'remote', checkin_code = ?, "
        "remote_token = ? WHERE id = ?", (code, f"walk-{ticket['id']}", ticket["id"]))
    return {**ticket, "checkin_code": code}


def remote_checkin_screens(page, server):
    """Check in with a number taken on the phone: a wrong code typed on the letter pad
    (refused in words), then the right one (the ticket, with "you keep your place")."""
    if page.is_visible("#nav-home"):
        page.click("#nav-home")
    yield tap(page, "#screen [data-key=remote-checkin]", "remote-checkin") + "-empty"
    for key in "ACD349":
        page.click(f"#screen [data-key=digit-{key}]")
    page.click("#remote-checkin-submit")
    page.wait_for_selector(".appointment-status .notice-warning")
    yield "remote-checkin"
    for key in phone_ticket(server)["checkin_code"]:
        page.click(f"#screen [data-key=digit-{key}]")
    page.click("#remote-checkin-submit")
    if page.is_visible(".appointment-status .notice-warning"):
        raise AssertionError(page.inner_text(".appointment-status"))
    wait_screen(page, "ticket")
    page.wait_for_function("document.querySelector('.ticket-qr img').complete")
    yield "remote-ticket"


def use_tool(page, selector: str) -> None:
    """Press a tile of the tools bar, unfolding the bar first where it is folded (enlarged)."""
    if not page.is_visible(selector):
        page.click("#tools-toggle")
    page.click(selector)


def tap(page, selector: str, screen: str) -> str:
    """Tap what leads to a screen; its name once it is shown."""
    page.click(selector)
    wait_screen(page, screen)
    return screen


def kiosk_screens(page, server, *, priority: bool, code_by: str, consonants: str,
                  satisfied: bool, language: bool = False, notify: bool = False,
                  closed: bool = False, call_help: bool = False, remote: bool = False):
    """Walk from home through the kiosk, yielding each screen's name once it is shown:
    taking a number (in the priority queue or not) to the ticket, a wrong appointment code
    (`code_by` "keypad" or "keyboard"), the information pages (answered satisfied or not),
    the directory and an office searched by its initial `consonants`, rating a ticket and
    leaving feedback. On request also the language screen, the notice screens (text
    message and e-mail), the closed screen (needs a paused first service in the 6th department)
    and calling for help, and the remote check-in (needs start_walk_server's phone
    service)."""
    assert code_by in ("keypad", "keyboard")
    yield "home"
    if language:
        use_tool(page, "#tool-language")
        wait_screen(page, "language")
        yield "language"
        page.click("#nav-back")
    yield tap(page, "#screen [data-key=take]", "departments")
    choose(page, 1)
    wait_screen(page, "services")
    yield "services"
    choose(page, 1)
    wait_screen(page, "machine")            # the certificate machine issues it: offered first
    page.wait_for_selector("#machine-route .route-steps")
    yield "machine"
    page.click("#machine-go")               # the way there on its own, then back for a ticket
    page.wait_for_selector("#machine-home")
    page.wait_for_selector("#machine-route .route-steps")
    yield "machine-going"
    page.click("#nav-back")                 # back to the machine's panel
    page.wait_for_selector("#machine-ticket")
    page.click("#machine-ticket")
    wait_screen(page, "priority")
    yield "priority"
    yield tap(page, f"#screen [data-key=priority-{'yes' if priority else 'no'}]", "confirm")
    page.click("#confirm-issue")
    wait_screen(page, "ticket")
    page.wait_for_function("document.querySelector('.ticket-qr img').complete")
    yield "ticket"
    if notify:
        yield from notify_screens(page)
    if closed:
        page.click("#nav-home")
        page.click("#screen [data-key=take]")
        choose(page, 6)
        wait_screen(page, "services")
        choose(page, 1)
        wait_screen(page, "closed")
        yield "closed"
    page.click("#nav-home")
    page.click("#screen [data-key=appointment]")
    wait_screen(page, "appointment")
    if code_by == "keypad":
        for digit in "000000":
            page.click(f"#screen [data-key=digit-{digit}]")
    else:
        page.keyboard.type("000000")                # the keypad's digit keys type the code
    page.click("#appointment-submit")
    page.wait_for_selector(".appointment-status .notice-warning")
    yield "appointment"
    if remote:
        yield from remote_checkin_screens(page, server)
    page.click("#nav-home")
    yield tap(page, "#screen [data-key=info]", "info-pages")
    choose(page, 1)
    wait_screen(page, "info-page")
    page.click(f"#screen [data-key=satisfied-{'yes' if satisfied else 'no'}]")
    yield "info-page"
    page.click("#nav-home")
    yield tap(page, "#screen [data-key=find]", "directory")
    page.click("#screen [data-key=search]")
    wait_screen(page, "search")
    for consonant in consonants:
        page.click(f"#screen [data-key='jamo-{consonant}']")
    page.wait_for_selector("#search-results .option")
    yield "search"
    page.click("#search-results [data-option='1']")
    page.wait_for_selector(".person")
    page.wait_for_selector("#route .route-steps")
    yield "staff"
    yield from rating_and_feedback_screens(page, server)
    if call_help:
        use_tool(page, "#tool-help")
        page.wait_for_selector("#screen .notice-success")
        yield "help"


# How each channel's contact is typed, and the name its entry screen is shown by.
NOTICE_CHANNELS = (
    ("sms", "notify", [f"digit-{d}" for d in "01023456789"]),
    ("email", "notify-email", ["'email-a'", "'email-@gmail.com'"]),
)


def notify_screens(page):
    """Notices for the ticket just taken: the choice, then by text message (number,
    consent, confirmation); then the same by e-mail for a second ticket (one request a
    ticket)."""
    for channel, screen, keys in NOTICE_CHANNELS:
        if channel != "sms":
            page.click("#nav-home")
            page.click("#screen [data-key=take]")
            choose(page, 1)
            choose(page, 1)
            page.click("#machine-ticket")
            page.click("#screen [data-key=priority-no]")
            page.click("#confirm-issue")
            wait_screen(page, "ticket")
        page.click("#ticket-notify")
        wait_screen(page, "notify-how")
        yield f"notify-how-{channel}"
        page.click(f"#screen [data-key=notify-by-{channel}]")
        wait_screen(page, screen)
        for key in keys:
            page.click(f"#screen [data-key={key}]")
        yield screen
        page.click("#notify-next")
        wait_screen(page, "notify-consent")
        yield f"notify-consent-{channel}"
        page.click("#notify-agree")
        wait_screen(page, "notify-done")
        yield f"notify-done-{channel}"
        page.click("#screen [data-key=notify-ok]")
        wait_screen(page, "ticket")


def rating_and_feedback_screens(page, server):
    """Rating a ticket finished just now, a second try refused, then a praise for a staff
    member with a reply address."""
    ticket = served_at_counter_1(server, service_id(server, "인감증명"))
    page.click("#nav-home")
    page.click("#screen [data-key=rate]")
    wait_screen(page, "rate")
    type_number(page, ticket["display_number"])
    yield "rate"
    page.click("#rate-check")
    wait_screen(page, "rate-score")
    page.click("#screen [data-key=score-5]")
    page.click("#screen [data-key=reason-kind]")
    yield "rate-score"
    yield tap(page, "#rate-send", "rate-done")
    page.click("#screen [data-key=rate-ok]")
    open_rating(page, ticket["display_number"])
    wait_screen(page, "rate-refused")
    yield "rate-refused"
    page.click("#nav-home")
    yield tap(page, "#screen [data-key=feedback]", "feedback")
    yield tap(page, "#screen [data-key=kind-praise]", "feedback-about")
    page.click("#screen [data-key=about-staff]")
    wait_screen(page, "feedback-staff")
    choose(page, 1)
    page.wait_for_selector(".feedback-staff-list button")
    yield "feedback-staff"
    page.click(".feedback-staff-list button")
    wait_screen(page, "feedback-text")
    page.click("#screen [data-key=phrase-1]")
    yield "feedback-text"
    yield tap(page, "#feedback-next", "feedback-contact")
    page.click("#screen [data-key=consent-yes]")
    wait_screen(page, "feedback-email")
    page.click("#screen [data-key='email-@gmail.com']")
    yield "feedback-email"
    page.click("#screen [data-key=email-clear]")
    for key in ("a", "@gmail.com"):
        page.click(f"#screen [data-key='email-{key}']")
    yield tap(page, "#feedback-send", "feedback-done")
    page.click("#screen [data-key=feedback-ok]")


def survey_screens(page, server):
    """The satisfaction survey (a survey must run today, see test_kiosk_survey.add_survey):
    home with its tile, the ticket number, each question with an answer chosen, the
    thanks, then the same number again refused."""
    ticket = served_at_counter_1(server, service_id(server, "인감증명"))
    page.wait_for_selector("#screen [data-key=survey]")
    yield "home"
    page.click("#screen [data-key=survey]")
    wait_screen(page, "survey")
    type_number(page, ticket["display_number"])
    yield "survey"
    page.click("#survey-check")
    wait_screen(page, "survey-question")
    for scale, value in (("agree5", 4), ("yes_no", 1), ("score11", 7)):
        page.wait_for_selector(f"#screen .survey-{scale}")
        page.click(f"#screen [data-key=answer-{value}]")
        yield f"survey-question-{scale}"
        page.click("#survey-next")
    wait_screen(page, "survey-done")
    yield "survey-done"
    page.click("#screen [data-key=survey-ok]")
    page.click("#screen [data-key=survey]")
    wait_screen(page, "survey")
    type_number(page, ticket["display_number"])
    page.click("#survey-check")
    wait_screen(page, "survey-refused")
    yield "survey-refused"
