"""The admin console's notice provider in Chromium: keys typed into the form are saved and
never shown again (only "set" and the last four characters); a test send without a
provider is refused in words."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.test_admin import open_section, sign_in

SECRET = "solapi-secret-never-shown-7f3a"


def test_keys_are_saved_but_never_shown_and_a_test_send_needs_a_provider(server, new_page):
    page = new_page(1400, 1000)
    sign_in(page, server)
    open_section(page, "providers")
    expect(page.locator("#provider-settings")).to_contain_text("없음")

    page.get_by_role("button", name="시험 발송").click()
    form = page.locator("#panel-form")
    form.get_by_label("받을 휴대전화 번호").fill("010-2345-6789")
    page.click("#panel-form button[type=submit]")
    expect(page.locator("#panel-form .form-error")).to_contain_text("먼저 발송 업체를 고르고")

    page.get_by_role("button", name="설정 바꾸기").click()
    form.locator("select").first.select_option("solapi")
    form.get_by_label("발신번호 (사전 등록)").fill("041-350-3524")
    form.get_by_label("템플릿 코드: 호출").fill("SB_CALLED_01")
    form.get_by_label("Solapi API 키").fill("NCSAYU7YDBXYORXC")
    secret = form.get_by_label("Solapi API 시크릿")
    secret.fill(SECRET)
    assert secret.get_attribute("type") == "password"
    page.click("#panel-form button[type=submit]")
    table = page.locator("#provider-settings")
    expect(table).to_contain_text("Solapi")
    expect(table.locator("tr[data-field='provider.key.api_secret']")).to_contain_text("저장됨 (끝자리 7f3a)")
    expect(table).to_contain_text("SB_CALLED_01")
    assert SECRET not in page.content()

    page.reload()
    page.wait_for_selector("#panel:not([hidden])")
    open_section(page, "providers")
    expect(page.locator("#provider-settings")).to_contain_text("04135" "03524")
    assert SECRET not in page.content()
