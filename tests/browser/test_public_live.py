"""The public wait page of `sunbeon relay` (docs/public.md) in a real browser: on a phone
and a desktop, in Korean and Vietnamese, under its own Content-Security-Policy, updating
itself when the internal server pushes, greyed with the time when the link is down."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from server.public import link
from tests.browser.conftest import axe_violations
from tests.support.relay import SECRET, RelayProcess

SIZES = {"phone": (360, 740), "desktop": (1280, 800)}
STALE = {"ko": "정보를 갱신하지 못하고 있습니다", "vi": "Không cập nhật được thông tin"}
NAMES = {"ko": "당진시청", "en": "Dangjin City Hall", "vi": "Tòa thị chính Dangjin"}


def service(id_, ko, vi, waiting, low, high, counters, issuing):
    return {"id": id_, "names": {"ko": ko, "vi": vi}, "waiting": waiting,
            "estimate": {"minutes": (low + high) // 2 if low is not None else None,
                         "low": low, "high": high},
            "open_counters": counters, "issuing": issuing}


OPEN = {"open": True, "reason": None, "next_open_at": None}
CAP = {"open": False, "reason": "cap_reached", "next_open_at": "2026-12-08T09:00:00+09:00"}


def figures(passport_waiting: int) -> dict:
    return {"version": 1, "generated_at": time.time(), "sites": [{
        "code": "dangjin", "names": NAMES, "timezone": "Asia/Seoul",
        "office": {"open": True, "next_open_at": None},
        "services": [
            service(1, "여권 발급·재발급", "Cấp và cấp lại hộ chiếu", passport_waiting, 12, 25, 2, OPEN),
            service(2, "인감증명서", "Giấy chứng nhận con dấu", 4, 5, 5, 1, OPEN),
            service(3, "주민등록 등·초본", "Bản sao đăng ký cư trú", 0, None, None, 0, CAP)]}]}


def push(relay: RelayProcess, body: dict) -> None:
    data = json.dumps(body, ensure_ascii=False).encode()
    answer = requests.post(relay.url + "/link/push", data=data, timeout=5, headers={
        "Content-Type": "application/json",
        **link.signed_headers(SECRET, "POST", "/link/push", data, time.time())})
    assert answer.status_code == 200, answer.text


@pytest.fixture
def relay(tmp_path):
    process = RelayProcess(tmp_path / "relay.db",
                           env={"SUNBEON_RELAY_STALE_SECONDS": "4"}).start()
    yield process
    process.stop()


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("SUNBEON_ATLAS") or tmp_path) / "public-live"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("lang", ["ko", "vi"])
@pytest.mark.parametrize("size", list(SIZES))
def test_the_live_page_on_phone_and_desktop(relay, new_page, shots, lang, size):
    push(relay, figures(7))
    width, height = SIZES[size]
    page = new_page(width, height, bypass_csp=False)  # its own policy: its script must run
    page.goto(f"{relay.url}/live/dangjin?lang={lang}")
    waiting = page.locator(".service").first.locator(".waiting")
    expect(waiting).to_have_text("7명" if lang == "ko" else "7 người")
    expect(page.locator(".state-cap_reached .state")).to_contain_text(
        "조기 마감" if lang == "ko" else "Đã ngừng cấp số sớm")
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll
    assert axe_violations(page) == []
    page.screenshot(path=shots / f"{size}-{lang}.png", full_page=True)

    push(relay, figures(6))  # the internal server called one: the open page follows
    expect(waiting).to_have_text("6명" if lang == "ko" else "6 người", timeout=10_000)

    # The link goes down: no push for longer than the relay waits.
    expect(page.locator("#link-state")).to_contain_text(STALE[lang], timeout=15_000)
    expect(page.locator("#waits")).to_have_class("waits stale")
    assert page.locator(".service").first.locator(".waiting").inner_text().startswith("6")
    assert axe_violations(page) == []
    page.screenshot(path=shots / f"{size}-{lang}-stale.png", full_page=True)


def test_thai_is_drawn_with_the_relays_own_font(relay, new_page, shots):
    push(relay, figures(2))
    page = new_page(360, 740, bypass_csp=False)
    page.goto(f"{relay.url}/live/dangjin?lang=th")
    expect(page.locator(".service").first.locator(".waiting")).to_have_text("2 คน")
    page.evaluate("document.fonts.ready.then(() => true)")
    assert page.evaluate("document.fonts.check('16px \"Sunbeon Live Thai\"', 'คน')")
    assert axe_violations(page) == []
    page.screenshot(path=shots / "phone-th.png", full_page=True)


def test_the_widget_in_a_page_of_another_origin(relay, new_page, shots):
    push(relay, figures(3))
    page = new_page(400, 600, bypass_csp=False)
    page.goto(f"{relay.url}/live/dangjin/widget?lang=ko")
    expect(page.locator(".service").first.locator(".waiting")).to_have_text("3명")
    assert axe_violations(page) == []
    page.screenshot(path=shots / "widget-ko.png", full_page=True)
