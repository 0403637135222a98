"""The kiosk's way on the visitor's phone: the office screen's QR code holds the address
of the same route (from this kiosk, in the kiosk's language, with its step-free choice,
following both when they change), and that address opened on a 360 px phone shows the
same steps and the floors drawn readably, with nothing wider than the phone."""

from __future__ import annotations

import time

import pytest
import requests

from tests.browser.conftest import axe_violations
from tests.browser.test_fonts import missing_glyphs
from tests.browser.test_kiosk import PORTRAIT, new_kiosk_page, sql, start_server, wait_screen
from tests.browser.test_route_map import BUILDING, MEASURE, PHONE, check_maps, open_office
from tests.support.relay import linked_to_relay


@pytest.fixture(scope="module")
def lobby(tmp_path_factory):
    process = start_server(tmp_path_factory)
    yield process
    process.stop()


def kiosk_way(page) -> tuple[str, list[str]]:
    """The QR code's address (its image shown) and the steps on the kiosk's screen."""
    page.wait_for_function("""() => { const img = document.querySelector('#route .route-qr img');
        return img && img.complete && img.naturalWidth > 0; }""")
    link = page.get_attribute("#route .route-qr", "data-link")
    source = page.get_attribute("#route .route-qr img", "src")
    assert source == link.replace("/v/route?", "/v/route/qr.svg?")
    return link, page.locator("#route .route-steps li").all_inner_texts()


def phone_way(new_page, lobby, link: str) -> list[str]:
    """The address opened on a phone, under the page's own security policy: its steps,
    checked for width, readable maps and accessibility."""
    page = new_page(**PHONE, bypass_csp=False)
    response = page.goto(f"{lobby.url}{link}")
    assert response.status == 200
    page.wait_for_selector("#route-maps .route-drawing")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    check_maps(page.evaluate(MEASURE), 14)
    assert axe_violations(page) == []
    return page.locator("#steps li").all_inner_texts()


def test_the_qr_code_opens_the_same_way_on_the_phone(browser, lobby, new_page):
    kiosk = new_kiosk_page(browser, lobby, PORTRAIT)
    try:
        open_office(kiosk, BUILDING)
        link, steps = kiosk_way(kiosk)
        assert link.startswith("/v/route?from=") and f"&to={BUILDING}&lang=ko" in link
        assert "step_free" not in link
        assert phone_way(new_page, lobby, link) == steps
        # The step-free way: a new route, and its own address.
        kiosk.click("#screen [data-key=step-free]")
        kiosk.wait_for_selector("#route .route-qr[data-link*='step_free=1']")
        step_free_link, step_free_steps = kiosk_way(kiosk)
        assert step_free_steps != steps
        assert phone_way(new_page, lobby, step_free_link) == step_free_steps
        # Another language on the same screen: the same way in Vietnamese.
        kiosk.click("#tool-language")
        kiosk.click("#screen [data-key=lang-vi]")
        wait_screen(kiosk, "staff")
        kiosk.wait_for_selector("#route .route-qr[data-link*='lang=vi']")
        vi_link, vi_steps = kiosk_way(kiosk)
        assert vi_link == step_free_link.replace("lang=ko", "lang=vi")
        assert phone_way(new_page, lobby, vi_link) == vi_steps
    finally:
        kiosk.context.close()


def test_the_phone_page_switches_way_and_language_in_place(lobby, new_page):
    page = new_page(**PHONE, bypass_csp=False)
    page.goto(f"{lobby.url}/v/route?from=9&to={BUILDING}&lang=ko")
    page.wait_for_selector("#route-maps .route-drawing")
    shortest = page.locator("#steps li").all_inner_texts()
    page.click("[data-choice=step-free]")
    page.wait_for_selector("[data-choice=step-free][aria-current]")
    assert page.locator("#steps li").all_inner_texts() != shortest
    assert any("엘리베이터" in step for step in page.locator("#steps li").all_inner_texts())
    page.click(".langs a[hreflang=vi]")
    page.wait_for_selector("html[lang=vi] [data-choice=step-free][aria-current]")
    assert any("thang máy" in step for step in page.locator("#steps li").all_inner_texts())
    page.wait_for_selector("#route-maps .route-drawing")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_an_address_of_no_way_is_a_friendly_page(lobby, new_page):
    page = new_page(**PHONE, bypass_csp=False)
    response = page.goto(f"{lobby.url}/v/route?from=nope&to={BUILDING}&lang=vi")
    assert response.status == 400
    assert page.locator("#no-way").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []


def test_the_relay_draws_the_way_a_kiosk_showed_the_qr_code_of(new_page, tmp_path):
    """With a public relay, the QR code opens the relay's page, which the internal server
    fills when the kiosk asks for the QR code: the same floors drawn, every glyph ours."""
    with linked_to_relay(tmp_path) as (server, relay):
        (place,), = sql(server, "SELECT f.id FROM map_features f JOIN devices d ON "
                                "d.id = f.device_id WHERE d.name = 'kiosk-1f' "
                                "AND f.feature_type = 'kiosk'")
        query = f"from={place}&to={BUILDING}&step_free=1"
        address = f"{relay.url}/live/dangjin/route?{query}"
        assert requests.get(f"{address}&lang=ko", timeout=5).status_code == 404
        assert requests.get(f"{server.url}/v/route/qr.svg?{query}&lang=ko",
                            timeout=5).status_code == 200
        deadline = time.monotonic() + 10
        while requests.get(f"{address}&lang=ko", timeout=5).status_code != 200:
            assert time.monotonic() < deadline, "the way did not reach the relay"
            time.sleep(0.2)
        for lang in ("ko", "vi", "th"):
            page = new_page(**PHONE, bypass_csp=False)
            assert page.goto(f"{address}&lang={lang}").status == 200
            page.wait_for_selector("#route-maps .route-drawing")
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            check_maps(page.evaluate(MEASURE), 14)
            assert missing_glyphs(page) == [], lang
            assert axe_violations(page) == [], lang
