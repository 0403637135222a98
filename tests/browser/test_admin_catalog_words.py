"""The admin console's words all come from its one catalog (server/admin/labels.json): a
walk through every section, the map editor and the annual report asks the catalog for no
word it lacks; and a place saved in the floor-map editor without every language gets the
notice the console's other forms give."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_admin import open_section, sign_in
from tests.browser.test_map_editor import site_map
from tests.browser.test_map_editor_existing import DANGJIN, open_maps, watch

pytestmark = pytest.mark.browser


def missing_keys(page) -> list[str]:
    return page.evaluate("() => [...window.__missingKeys]")


def test_every_section_finds_its_words_in_the_catalog(server, new_page):
    page = new_page(1920, 1080)
    page.on("dialog", lambda dialog: dialog.dismiss())
    sign_in(page, server)
    problems = watch(page)
    sections = page.locator("#sections a").evaluate_all("links => links.map((a) => a.dataset.key)")
    assert "maps" in sections and "reports" in sections
    for key in sections:
        if key == "maps":
            page.click("#sections a[data-key=maps]")
            page.locator("#me-map img.me-plan").wait_for()
            page.locator("#me-map .me-place").first.wait_for()
            for tool in ("scale", "unit", "door", "amenity", "kiosk", "path", "view"):
                page.click(f"#me-tool-{tool}")
            page.get_by_role("button", name="지도 점검").click()
            page.locator("#me-check p").first.wait_for()
            page.get_by_role("button", name="경로 보기").click()
            page.locator("#me-route-result p").first.wait_for()
        else:
            open_section(page, key)
        if key == "reports":
            page.locator("#report-result h2").wait_for()
            page.get_by_role("button", name="연간 만족도").click()
            page.get_by_role("heading", name="만족도").wait_for()
        if key == "staff":
            page.locator("#panel-body tbody tr").first.get_by_role("button", name="로그인 세션").click()
            page.locator("[data-sessions]").wait_for()
        page.wait_for_timeout(150)
    assert missing_keys(page) == []
    assert problems == []


def test_a_place_saved_without_every_language_says_so(server, new_page):
    page = new_page(1920, 1080)
    open_maps(page, server)
    m = site_map(page, DANGJIN)
    level = int(page.locator("#me-level").input_value())
    assert any(f["level_id"] == level and f["feature_type"] == "unit" for f in m["features"])
    page.locator("#me-map .me-place.me-unit").first.click()
    panel = page.locator(".me-selection")
    name = panel.locator("input[id^=me-name-][id$=-ko]")
    name.fill("민원 안내실")
    for other in ("en", "zh", "vi", "ru", "th"):
        panel.locator(f"input[id^=me-name-][id$=-{other}]").fill("")
    panel.get_by_role("button", name="저장").click()

    notice = panel.locator(".translation-notice")
    expect(notice).to_contain_text("번역이 없는 항목은 키오스크와 번호표에 한국어로 나옵니다")
    expect(notice.locator(".translation-notice__what")).to_contain_text("베트남어 Vietnamese (이름)")
    saved = next(f for f in site_map(page, DANGJIN)["features"] if f["names"].get("ko") == "민원 안내실")
    assert set(saved["names"]) == {"ko"}

    page.wait_for_timeout(1000)   # the save's own config.changed re-read (400 ms later) is over
    notice.get_by_role("button", name="닫기").click()
    expect(panel.locator(".translation-notice")).to_have_count(0)

    # Every language written: saved with no notice.
    for lang, text in {"en": "Civil affairs", "zh": "民政室", "vi": "Phòng dân sự", "ru": "Приёмная", "th": "ห้องบริการ"}.items():
        panel.locator(f"input[id^=me-name-][id$=-{lang}]").fill(text)
    panel.get_by_role("button", name="저장").click()
    page.wait_for_timeout(1000)
    expect(panel.locator(".translation-notice")).to_have_count(0)
    saved = next(f for f in site_map(page, DANGJIN)["features"] if f["id"] == saved["id"])
    assert len(saved["names"]) == 6
    assert missing_keys(page) == []
