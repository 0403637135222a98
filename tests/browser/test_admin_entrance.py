"""The entrance QR code in the admin console, in Chromium (docs/admin.md): the panel
shows the code as an image with its address, saves it as an SVG, and makes a new one
after a confirmation; the relay then refuses the posted code. Without a relay the panel
says what to set (that state is also in the admin atlas's walk of every section). The
panel with its code, before and after a change, is measured and photographed as the
atlas's screens are (tests/browser/test_console_atlas.py), under admin-entrance/."""

from __future__ import annotations

import time

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.test_console_atlas import (SIZES, Walk, new_console_page, open_section,
                                              sign_in_admin)
from tests.support.relay import linked_to_relay

IMAGE_DRAWN = "() => { const img = document.querySelector('img.entrance-qr'); " \
              "return img && img.complete && img.naturalWidth > 0; }"


def until(check, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError("not within the time")


def relay_status(address: str) -> int:
    return requests.get(address, timeout=5).status_code


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    """An internal server that pushes to a relay every second."""
    with linked_to_relay(tmp_path_factory.mktemp("entrance")) as (server, relay):
        yield server, relay


@pytest.mark.parametrize("size", SIZES)
def test_the_panel_shows_the_code_and_changes_it_after_a_confirmation(browser, linked, size):
    server, relay = linked
    page = new_console_page(browser, size)
    walk = Walk("admin-entrance", size)   # beside the admin walk's own folder
    try:
        sign_in_admin(page, server)
        open_section(page, "entrance")
        panel = page.locator("#panel-body [data-entrance]")
        page.wait_for_function(IMAGE_DRAWN)
        round_ = int(panel.get_attribute("data-entrance"))
        posted = page.inner_text("[data-entrance-address]")
        assert posted.startswith(f"{relay.url}/live/dangjin/checkin?entrance=")
        until(lambda: relay_status(posted) == 200)   # the key is pushed
        walk.check(page, "entrance")

        # The download is the SVG poster.
        download = page.locator("a[download]")
        saved = page.request.get(server.url + download.get_attribute("href"))
        assert saved.headers["content-type"] == "image/svg+xml; charset=utf-8"
        assert saved.headers["content-disposition"] == 'attachment; filename="entrance-dangjin.svg"'

        # Cancelled: nothing changes.
        asked = []
        page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
        page.get_by_role("button", name="새 QR 코드로 바꾸기").click()
        until(lambda: asked)
        assert "더 이상 쓸 수 없게" in asked[0] and "stop working" in asked[0]
        expect(panel).to_have_attribute("data-entrance", str(round_))

        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="새 QR 코드로 바꾸기").click()
        expect(page.locator("#panel-body [data-entrance]")).to_have_attribute(
            "data-entrance", str(round_ + 1))
        page.wait_for_function(IMAGE_DRAWN)
        current = page.inner_text("[data-entrance-address]")
        assert current != posted
        walk.check(page, "entrance-changed")
        # From the next push the relay refuses the posted code and takes the new one.
        until(lambda: relay_status(posted) == 403)
        assert relay_status(current) == 200
        walk.finish()
    finally:
        page.context.close()


def test_without_a_relay_the_panel_says_what_to_set(browser, server):
    page = new_console_page(browser, "laptop")
    try:
        sign_in_admin(page, server)
        open_section(page, "entrance")
        notice = page.locator("[data-entrance=not-configured]")
        expect(notice).to_contain_text("relay")
        expect(notice).to_contain_text("SUNBEON_PUBLIC_RELAY_SECRET")
        assert page.locator("img.entrance-qr").count() == 0
        assert page.get_by_role("button", name="새 QR 코드로 바꾸기").count() == 0
    finally:
        page.context.close()
