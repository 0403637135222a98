"""The admin console edits what a visitor brings, pays and who may apply, for a service,
with the languages widget: documents one a line in each language, marked where
untranslated; a save says what is missing; too many documents are refused beside the
field and nothing changes."""

from __future__ import annotations

import requests
from playwright.sync_api import expect

from server.admin import labels
from tests.browser.conftest import axe_violations
from tests.browser.test_admin import open_section, service_row, sign_in
from tests.browser.test_admin_translations import shot


def services_of(server) -> dict:
    listed = requests.get(f"{server.url}/api/v1/services?site_id=1", timeout=5).json()["services"]
    return {s["names"]["ko"]: s for s in listed}


def test_the_admin_writes_documents_per_language_and_too_many_are_refused(server, new_page):
    words = labels()
    page = new_page(1400, 1000)
    sign_in(page, server)
    open_section(page, "services")
    service_row(page, "인감증명").get_by_role("button", name="수정").click()
    form = page.locator("#panel-form form")
    documents = form.locator("fieldset[data-languages]", has_text="준비물")
    korean = documents.get_by_label("한국어")
    assert korean.input_value().split("\n")[0] == "본인 신분증"      # the sample's, one a line
    expect(documents).to_contain_text(words["form.one_per_line"]["ko"])
    shot(page, "documents")
    assert axe_violations(page) == []

    # Eleven documents: refused beside the field, nothing saved.
    korean.fill("\n".join(f"서류 {n}" for n in range(11)))
    form.get_by_role("button", name="저장").click()
    expect(documents.locator(".field-error:not([hidden])").first).to_be_visible()
    assert services_of(server)["인감증명"]["documents"]["ko"][0] == "본인 신분증"

    # Two lines in Korean, English written, Vietnamese left empty: saved and marked.
    korean.fill("본인 신분증\n\n  인감도장  ")
    documents.get_by_label("영어").fill("Your ID card\nYour seal")
    vietnamese = documents.get_by_label("베트남어")
    vietnamese.fill("")
    mark = documents.locator(f"#{vietnamese.get_attribute('aria-describedby')}")
    expect(mark).to_contain_text(words["translations.missing"]["ko"])
    form.locator("fieldset[data-languages]", has_text="수수료").get_by_label("한국어").fill("1통 600원")
    form.get_by_role("button", name="저장").click()
    notice = page.locator(".translation-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("준비물")
    saved = services_of(server)["인감증명"]
    assert saved["documents"]["ko"] == ["본인 신분증", "인감도장"]
    assert saved["documents"]["en"] == ["Your ID card", "Your seal"]
    assert "vi" not in saved["documents"]
    assert saved["fee"]["ko"] == "1통 600원"
