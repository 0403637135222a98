"""The admin console's printers in Chromium: printer states are named as the server names
them, so a healthy printer is drawn as healthy, live and after a reload."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.test_admin import open_section, sign_in


def test_a_healthy_demo_printer_is_drawn_healthy(server, new_page):
    page = new_page(1400, 1000)
    sign_in(page, server)
    open_section(page, "printers")
    row = page.locator("#panel-body tbody tr", has_text="kiosk-1f")
    state = row.locator("[data-printer-state] > span")
    expect(state).to_have_class("state-off")          # not asked yet: "unknown"

    # A test print on the demo's preview printer succeeds: the server says "ok", live.
    row.get_by_role("button", name="시험 인쇄").click()
    expect(state).to_have_class("state-on", timeout=15000)
    assert state.inner_text() == "정상 / Ready"          # in words, not the state's code
    toast = page.locator("#toast", has_text="kiosk-1f: 정상 / Ready")
    toast.wait_for()
    assert "is-error" not in toast.get_attribute("class")

    page.reload()
    page.wait_for_selector("#panel:not([hidden])")
    open_section(page, "printers")
    expect(page.locator("#panel-body tbody tr", has_text="kiosk-1f")
           .locator("[data-printer-state] > span")).to_have_class("state-on")
