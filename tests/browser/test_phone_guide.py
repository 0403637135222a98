"""The phone page of a ticket shows, in the page's language, everything the site wrote
for its service: the whole list of documents to bring (the paper has only the first
few), the fee and who may apply; Korean, tagged as such, where it is not translated."""

from __future__ import annotations

import json

import pytest

from server.demo.documents import SERVICE_GUIDES
from server.visitor import catalog as phone_catalog
from tests.browser.conftest import axe_violations
from tests.browser.test_kiosk import kiosk_takes, service_id, sql
from tests.browser.test_phone_ticket import PHONE, lobby, open_ticket  # noqa: F401 (fixture)

PASSPORT = SERVICE_GUIDES["passport"]


def fact(page, name: str):
    return page.locator(f"[data-fact={name}] dd")


def test_a_vietnamese_phone_shows_the_whole_guide_in_vietnamese(lobby, new_page):  # noqa: F811
    ticket = kiosk_takes(lobby, service_id(lobby, "여권"))
    page = open_ticket(new_page, ticket, locale="vi-VN")
    words = phone_catalog("vi")
    assert page.get_attribute("html", "lang") == "vi"
    assert page.locator("[data-fact=documents] dt").inner_text() == words["fact.documents"]
    assert fact(page, "documents").locator("li").all_inner_texts() == PASSPORT["documents"]["vi"]
    assert fact(page, "fee").inner_text() == PASSPORT["fee"]["vi"]
    assert fact(page, "who_may_apply").inner_text() == PASSPORT["who_may_apply"]["vi"]
    assert axe_violations(page) == []


def test_an_untranslated_guide_is_shown_in_korean_and_a_service_without_one_shows_none(
        lobby, new_page):  # noqa: F811
    seal = service_id(lobby, "인감증명")
    sql(lobby, "UPDATE services SET documents = ?, fee = '{}', who_may_apply = '{}' WHERE id = ?",
        (json.dumps({"ko": ["본인 신분증"]}), seal))
    try:
        page = open_ticket(new_page, kiosk_takes(lobby, seal), locale="vi-VN")
        item = fact(page, "documents").locator("li")
        assert item.all_inner_texts() == ["본인 신분증"]
        assert item.get_attribute("lang") == "ko"
        assert page.locator("[data-fact=fee], [data-fact=who_may_apply]").count() == 0
    finally:
        guide = SERVICE_GUIDES["seal"]
        sql(lobby, "UPDATE services SET documents = ?, fee = ?, who_may_apply = ? WHERE id = ?",
            (json.dumps(guide["documents"]), json.dumps(guide["fee"]),
             json.dumps(guide["who_may_apply"]), seal))

    vehicle = open_ticket(new_page, kiosk_takes(lobby, service_id(lobby, "자동차 등록")))
    assert vehicle.locator("[data-fact=documents]").count() == 0
    assert vehicle.locator("[data-fact=place]").count() == 1
