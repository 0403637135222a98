"""The counter bell's site settings in the admin console, in Chromium: the security
contacts and the boards' calm notice are set in the site's form; a bad e-mail address is
refused beside its field and nothing is saved; a good one is saved and shown again."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.browser.test_admin import sign_in
from tests.browser.test_kiosk import sql
from tests.support.waiting import until

EMAILS = "비상벨 보안 연락처: 이메일"
PHONES = "비상벨 보안 연락처: 휴대전화(문자)"
CALM_NOTICE = "비상벨: 안내판에 양해 문구"
CALM_TEXT = re.compile(r"^양해 문구")


def shots() -> Path:
    folder = Path(os.environ.get("SUNBEON_ATLAS") or "/tmp/sunbeon-atlas") / "admin-alarm"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def site_settings(server) -> dict:
    return json.loads(sql(server, "SELECT settings FROM sites WHERE id = 1")[0][0])


def test_contacts_and_the_calm_notice_are_set_and_a_bad_address_is_refused_beside_it(
        server, new_page):
    before = site_settings(server)
    page = new_page(1400, 1000)
    sign_in(page, server)
    form = page.locator("#panel-body form")
    emails = form.get_by_label(EMAILS)
    emails.fill("security@dangjin.example\nnot an address")
    form.get_by_label(PHONES).fill("010-9876-5432")
    calm = form.get_by_label(CALM_NOTICE)
    expect(calm).not_to_be_checked()
    calm.check()
    form.get_by_label(CALM_TEXT).fill("잠시 기다려 주세요. 곧 도와드리겠습니다.")
    form.get_by_role("button", name="저장").click()

    # Refused beside the e-mail field, which takes the focus; nothing saved.
    error = emails.locator("xpath=ancestor::div[contains(@class, 'field')][1]").locator(
        ".field-error")
    expect(error).to_be_visible()
    expect(error).not_to_be_empty()
    expect(emails).to_have_attribute("aria-invalid", "true")
    expect(emails).to_be_focused()
    expect(form.get_by_label(PHONES)).not_to_have_attribute("aria-invalid", "true")
    emails.scroll_into_view_if_needed()
    page.screenshot(path=str(shots() / "refused.png"))
    assert axe_violations(page) == []
    assert site_settings(server) == before

    # Put right, it is saved (the mobile kept as digits) and shown again after a reload.
    emails.fill("security@dangjin.example")
    form.get_by_role("button", name="저장").click()
    expect(emails).not_to_have_attribute("aria-invalid", "true")
    until(lambda: site_settings(server).get("alarm_emails") == ["security@dangjin.example"])
    saved = site_settings(server)
    assert saved["alarm_emails"] == ["security@dangjin.example"]
    assert saved["alarm_phones"] == ["01098765432"]
    assert saved["alarm_calm_notice"] is True
    assert saved["alarm_calm_text"] == "잠시 기다려 주세요. 곧 도와드리겠습니다."

    page.reload()
    page.wait_for_selector("#panel:not([hidden]) form")
    form = page.locator("#panel-body form")
    expect(form.get_by_label(EMAILS)).to_have_value("security@dangjin.example")
    expect(form.get_by_label(CALM_NOTICE)).to_be_checked()
    form.get_by_label(EMAILS).scroll_into_view_if_needed()
    page.screenshot(path=str(shots() / "saved.png"))
