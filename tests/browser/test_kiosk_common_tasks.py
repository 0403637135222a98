"""Two taps for the common errands and no false promise, in Chromium: the home screen's
common services lead to the ticket; a service no open counter serves says so before the
ticket is taken, and the ticket says when the visitor will be called, never minutes."""

from __future__ import annotations

import json

import pytest

from tests.browser.test_kiosk import (PORTRAIT, new_kiosk_page, service_id, sql, start_server,
                                      wait_screen)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process = start_server(tmp_path_factory)
    seal, building = service_id(process, "인감증명"), service_id(process, "건축 민원")
    sql(process, "UPDATE services SET priority_enabled = 0 WHERE id = ?", (seal,))
    sql(process, "UPDATE sites SET settings = json_set(settings, '$.common_services', json(?)) "
                 "WHERE id = 1", (json.dumps([seal, building]),))
    yield process
    process.stop()


def test_a_common_service_takes_two_taps_to_the_ticket(browser, server):
    page = new_kiosk_page(browser, server, PORTRAIT)
    try:
        seal = service_id(server, "인감증명")
        keys = page.eval_on_selector_all("#screen [data-key^=common-]", "els => els.map(e => e.dataset.key)")
        assert keys == [f"common-{seal}", f"common-{service_id(server, '건축 민원')}"]
        page.click(f"#screen [data-key=common-{seal}]")           # no priority question here
        wait_screen(page, "confirm")
        assert page.query_selector("#confirm-no-counter") is None
        page.click("#confirm-issue")
        wait_screen(page, "ticket")
        assert "인감증명" in page.inner_text("#screen .ticket-service")
    finally:
        page.context.close()


def test_no_open_counter_is_said_before_the_ticket_and_on_it(browser, server):
    page = new_kiosk_page(browser, server, PORTRAIT)
    try:
        building = service_id(server, "건축 민원")
        page.click(f"#screen [data-key=common-{building}]")
        page.click("#screen [data-key=priority-no]")               # this one asks
        wait_screen(page, "confirm")
        warning = page.inner_text("#confirm-no-counter")
        assert "지금 이 업무 창구가 운영되지 않습니다" in warning and "창구가 열릴 때 호출" in warning
        assert page.inner_text("#confirm-issue") == "그래도 번호표 받기"
        assert page.query_selector("#screen [data-key=confirm-help]")
        page.click("#confirm-issue")
        wait_screen(page, "ticket")
        card = page.inner_text("#screen .ticket-card")
        assert "창구가 열리면 호출합니다" in card
        assert "곧" not in card and "분" not in card
    finally:
        page.context.close()


def test_calling_staff_instead_of_a_ticket(browser, server):
    page = new_kiosk_page(browser, server, PORTRAIT)
    try:
        page.click(f"#screen [data-key=common-{service_id(server, '건축 민원')}]")
        page.click("#screen [data-key=priority-no]")
        page.click("#screen [data-key=confirm-help]")
        wait_screen(page, "help")
    finally:
        page.context.close()
