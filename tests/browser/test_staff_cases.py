"""The staff console's cases panel in Chromium, against a real server: a finished passport
visit registered as a case through the dialog (consent asked for a contact), listed with
its due date, marked near due and overdue in words, closed with an outcome; the
visitor's contact erased and the completion notice queued; no accessibility violation."""

from __future__ import annotations

import re
import time

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.browser.test_staff_console import console, lobby  # noqa: F401 - the fixture

expect.set_options(timeout=10_000)


def serious_violations(page) -> list[dict]:
    """As for the rest of the console: serious and critical ones (its views have no h1)."""
    return [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]


def finished_visit(lobby, service: str, counter: int, login: str) -> dict:
    ticket = lobby.take(service)
    officer = lobby.staff(login)
    called = officer.post(f"{lobby.url}/api/v1/counters/{counter}/call-next", timeout=5)
    assert called.json()["ticket"]["id"] == ticket["id"], called.text
    assert officer.post(f"{lobby.url}/api/v1/tickets/{ticket['id']}/finish", json={},
                        timeout=5).status_code == 200
    return ticket


def test_register_follow_and_close_a_case(lobby, new_page):  # noqa: F811 - the fixture
    # axe-core is injected as a script the page's Content-Security-Policy would refuse.
    def pages(width, height, **options):
        return new_page(width, height, bypass_csp=True, **options)
    page = console(pages, lobby, "staff4")                      # counter 4: passports
    visit = finished_visit(lobby, "여권", 4, "staff4")
    expect(page.locator("#cases li.empty")).to_be_visible()

    page.click("[data-action=new-case]")
    form = page.locator("#case-dialog")
    expect(form.locator("select[name=ticket] option")).to_have_count(1)
    expect(form.locator("select[name=ticket]")).to_contain_text(visit["display_number"])
    form.locator("input[name=reference]").fill("여권-0412")
    form.locator("input[name=phone]").fill("010-2345-6789")
    form.locator("button[type=submit]").click()
    expect(form.locator("[data-error]")).to_contain_text("동의")      # no consent, not saved
    assert lobby.db("SELECT count(*) FROM cases") == [(0,)]
    form.locator("input[name=consent]").check()
    assert serious_violations(page) == []
    form.locator("button[type=submit]").click()
    expect(form).to_be_hidden()

    item = page.locator("#cases li[data-case-id]")
    expect(item).to_have_count(1)
    expect(item).to_contain_text(visit["display_number"])
    expect(item).to_contain_text("여권-0412")
    expect(item).to_contain_text("010-****-6789")
    expect(item).to_contain_text("처리기한")
    expect(item.locator(".mark--overdue")).to_be_hidden()
    expect(item.locator(".mark--near")).to_be_hidden()
    case_id, due, target = lobby.db("SELECT id, due_at, target_at FROM cases")[0]
    assert item.get_attribute("data-case-id") == str(case_id)
    assert due > target > time.time()

    # Past the charter's target, then past the legal due date: said in words.
    lobby.db("UPDATE cases SET target_at = ? WHERE id = ?", (time.time() - 60, case_id))
    page.reload()
    item = page.locator("#cases li[data-case-id]")
    expect(item).to_have_class(re.compile(r"\bis-near\b"))
    expect(item.locator(".mark--near")).to_contain_text("목표일 지남")
    lobby.db("UPDATE cases SET due_at = ? WHERE id = ?", (time.time() - 30, case_id))
    page.reload()
    item = page.locator("#cases li[data-case-id]")
    expect(item).to_have_class(re.compile(r"\bis-overdue\b"))
    expect(item.locator(".mark--overdue")).to_contain_text("처리기한 경과")
    assert serious_violations(page) == []

    item.locator("[data-case-action=close]").click()
    closing = page.locator("#case-close-dialog")
    expect(closing.locator("[data-number]")).to_have_text(visit["display_number"])
    closing.locator("input[value=refused]").check()
    closing.locator("button[type=submit]").click()
    expect(closing).to_be_hidden()
    expect(page.locator("#cases li[data-case-id]")).to_have_count(0)
    expect(page.locator("#cases li.empty")).to_be_visible()
    assert lobby.db("SELECT status, outcome, phone FROM cases") == [("closed", "refused", None)]
    assert lobby.db("SELECT kind, channel FROM notice_messages WHERE kind LIKE 'case%'") == [
        ("case_done", "sms")]

    # Nothing left to register: the dialog says why.
    page.click("[data-action=new-case]")
    expect(page.locator("#case-dialog [data-no-visits]")).to_be_visible()
