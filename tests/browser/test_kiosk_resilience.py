"""The kiosk when the server goes away or an answer is lost: it says so, keeps trying
with the same idempotency key, catches up when the server is back (without a reload),
and never makes two tickets for one tap."""

from __future__ import annotations

import pytest
import requests

from tests.browser.conftest import axe_violations
from tests.browser.test_kiosk import (PORTRAIT, choose, new_kiosk_page, open_confirm,
                                      reload_kiosk, service_id, start_server, tickets_of,
                                      wait_screen)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process = start_server(tmp_path_factory)
    yield process
    process.stop()


@pytest.fixture(scope="module")
def kiosk(browser, server):
    page = new_kiosk_page(browser, server, PORTRAIT)
    yield page
    page.context.close()


def test_server_gone_and_back_the_kiosk_says_so_retries_and_catches_up(kiosk, server):
    vehicle = service_id(server, "자동차 등록")
    before = len(tickets_of(server, vehicle))
    kiosk.evaluate("window.__sameLoad = true")
    open_confirm(kiosk, department=2, service=1)

    server.stop()
    kiosk.wait_for_selector("[data-notice=connection]", timeout=10000)
    assert "서버와 연결이 끊겼습니다. 다시 연결하고 있습니다." in kiosk.inner_text("#status")
    assert axe_violations(kiosk) == []
    kiosk.click("#confirm-issue")
    kiosk.wait_for_selector("text=연결이 원활하지 않아 다시 시도하고 있습니다.")

    server.start()
    wait_screen(kiosk, "ticket", timeout=20000)
    assert len(tickets_of(server, vehicle)) == before + 1
    kiosk.wait_for_selector("[data-notice=connection].notice-success", timeout=10000)
    assert kiosk.inner_text("#status") == "다시 연결되었습니다."
    assert kiosk.evaluate("window.__sameLoad") is True          # no reload

    # Live again: a ticket taken elsewhere shows in the waiting count.
    kiosk.click("#nav-home")
    kiosk.click("#screen [data-key=take]")
    choose(kiosk, 2)
    wait_screen(kiosk, "services")
    waiting = sum(t["status"] == "waiting" for t in tickets_of(server, vehicle))
    answer = requests.post(f"{server.url}/api/v1/tickets", json={"service_id": vehicle},
                           headers={"Authorization": f"Bearer {server.tokens['kiosk-1f']}"})
    assert answer.status_code == 201
    kiosk.wait_for_function(
        "([key, text]) => document.querySelector(`[data-key=${key}]`).innerText.includes(text)",
        arg=[f"service-{vehicle}", f"{waiting + 1}명 대기"], timeout=10000)


def test_a_lost_answer_is_retried_with_the_same_key_and_makes_one_ticket(kiosk, server):
    reload_kiosk(kiosk, server)
    seal = service_id(server, "인감증명")
    before = len(tickets_of(server, seal))
    keys = []

    def lose_the_first_answer(route):
        keys.append(route.request.headers.get("idempotency-key"))
        if len(keys) == 1:
            route.fetch()              # the server makes the ticket ...
            route.abort("failed")      # ... and its answer never arrives
        else:
            route.continue_()

    kiosk.route("**/api/v1/tickets", lose_the_first_answer)
    try:
        open_confirm(kiosk, department=1, service=2)
        kiosk.click("#confirm-issue")
        wait_screen(kiosk, "ticket", timeout=15000)
    finally:
        kiosk.unroute("**/api/v1/tickets")

    assert len(keys) == 2 and keys[0] and keys[0] == keys[1]
    tickets = tickets_of(server, seal)
    assert len(tickets) == before + 1
    assert kiosk.inner_text("#ticket-number") == tickets[-1]["display_number"]


def test_storage_unavailable_is_explained_and_retried_with_the_same_key(kiosk, server):
    """503 storage_unavailable (a full disk, a read-only database): nothing was made; the
    kiosk says it will try again and does, with the same key, until the server can save."""
    reload_kiosk(kiosk, server)
    seal = service_id(server, "인감증명")
    before = len(tickets_of(server, seal))
    keys = []
    state = {"saving": False}

    def refuse_until_the_disk_is_back(route):
        keys.append(route.request.headers.get("idempotency-key"))
        if state["saving"]:
            route.continue_()
        else:
            route.fulfill(status=503, headers={"Retry-After": "5"}, json={
                "error": "storage_unavailable",
                "message": "The server cannot save right now. Nothing was changed; "
                           "please try again shortly."})

    kiosk.route("**/api/v1/tickets", refuse_until_the_disk_is_back)
    try:
        open_confirm(kiosk, department=1, service=2)
        kiosk.click("#confirm-issue")
        kiosk.wait_for_selector(
            "text=지금은 번호표를 저장할 수 없어 잠시 후 다시 시도합니다.", timeout=10000)
        assert len(tickets_of(server, seal)) == before
        state["saving"] = True
        wait_screen(kiosk, "ticket", timeout=15000)
    finally:
        kiosk.unroute("**/api/v1/tickets")

    assert len(keys) >= 2 and keys[0] and set(keys) == {keys[0]}
    tickets = tickets_of(server, seal)
    assert len(tickets) == before + 1
    assert kiosk.inner_text("#ticket-number") == tickets[-1]["display_number"]
