"""Before the number is taken, the confirm step says what to bring, what it costs and
who may apply, in the kiosk's language (Korean where the site has not translated it),
with "번호표 받기" right under it; the voice guide reads it; a service without a guide
goes on as before. Checked at portrait and landscape, normal and enlarged, in Korean and
Vietnamese, against the atlas's layout rules (screenshots to $SUNBEON_ATLAS)."""

from __future__ import annotations

import json

import pytest

from server.demo.documents import SERVICE_GUIDES
from tests.browser.atlas import Atlas, layout_problems
from tests.browser.kiosk_walk import use_tool
from tests.browser.test_fonts import choose_language
from tests.browser.test_kiosk import (LANDSCAPE, PORTRAIT, catalog, new_kiosk_page, open_confirm,
                                      reload_kiosk, sql, service_id, start_server, wait_screen)

PASSPORT = SERVICE_GUIDES["passport"]
# What breaks a layout rule on the confirm step with or without a guide: nothing.
KNOWN: dict = {}
VI = catalog("vi")
KO = catalog("ko")


@pytest.fixture(scope="module")
def guide_server(tmp_path_factory):
    process = start_server(tmp_path_factory)
    yield process
    process.stop()


@pytest.fixture(scope="module")
def page(browser, guide_server):
    page = new_kiosk_page(browser, guide_server)
    yield page
    page.context.close()


@pytest.fixture
def kiosk(page, guide_server):
    reload_kiosk(page, guide_server)
    page.evaluate("window.__spoken.length = 0")
    return page


def guide_of(page) -> dict:
    guide = page.locator("#service-guide")
    return {"titles": guide.locator(".guide-title").all_inner_texts(),
            "documents": guide.locator(".guide-list li").all_inner_texts(),
            "texts": guide.locator(".guide-text").all_inner_texts()}


def test_a_vietnamese_visitor_reads_what_to_bring_in_vietnamese_before_the_ticket(kiosk, guide_server):
    choose_language(kiosk, "vi")
    open_confirm(kiosk, service=4)                       # 여권, a passport
    assert guide_of(kiosk) == {
        "titles": [VI["guide.documents"], VI["guide.fee"], VI["guide.who"]],
        "documents": PASSPORT["documents"]["vi"],
        "texts": [PASSPORT["fee"]["vi"], PASSPORT["who_may_apply"]["vi"]]}
    # Shown before the number is taken: the guide comes first, then "Lấy số".
    issue = kiosk.locator("#confirm-issue")
    assert issue.inner_text() == VI["confirm.issue"]
    guide_box = kiosk.locator("#service-guide").bounding_box()
    assert guide_box["y"] + guide_box["height"] <= issue.bounding_box()["y"]
    issue.click()
    wait_screen(kiosk, "ticket")


def test_an_untranslated_guide_is_shown_in_korean_and_tagged_so(kiosk, guide_server):
    seal = service_id(guide_server, "인감증명")
    sql(guide_server, "UPDATE services SET documents = ?, fee = ? WHERE id = ?",
        ('{"ko": ["본인 신분증", "인감도장"], "en": ["Your ID card"]}', '{"ko": "1통 600원"}', seal))
    try:
        reload_kiosk(kiosk, guide_server)
        choose_language(kiosk, "vi")
        open_confirm(kiosk, service=2)
        shown = guide_of(kiosk)
        assert shown["documents"] == ["본인 신분증", "인감도장"]       # the Korean list, whole
        assert shown["texts"][0] == "1통 600원"
        assert kiosk.locator("#service-guide li").first.get_attribute("lang") == "ko"
        assert kiosk.locator(".guide-fee .guide-text").get_attribute("lang") == "ko"
    finally:
        guide = SERVICE_GUIDES["seal"]
        sql(guide_server, "UPDATE services SET documents = ?, fee = ? WHERE id = ?",
            (json.dumps(guide["documents"]), json.dumps(guide["fee"]), seal))


def test_a_service_without_a_guide_goes_on_as_before(kiosk):
    open_confirm(kiosk, department=2, service=1)        # 자동차 등록: the site wrote none
    assert kiosk.locator("#service-guide").count() == 0
    assert kiosk.locator("#confirm-issue").is_visible()


def test_the_voice_guide_reads_it_in_the_visitors_language_then_korean(kiosk):
    choose_language(kiosk, "vi")
    open_confirm(kiosk, service=4)
    kiosk.evaluate("window.__spoken.length = 0")
    use_tool(kiosk, "[data-mode=voice]")
    kiosk.wait_for_function("window.__spoken.some((s) => s.text.includes(%r))"
                            % PASSPORT["documents"]["ko"][1], timeout=10000)
    said = "\n".join(s["text"] for s in kiosk.evaluate("window.__spoken"))
    for line in (VI["guide.documents"], *PASSPORT["documents"]["vi"], PASSPORT["fee"]["vi"],
                 KO["guide.documents"], *PASSPORT["documents"]["ko"], PASSPORT["who_may_apply"]["ko"]):
        assert line in said
    # Read before the button that takes the number.
    assert said.index(PASSPORT["who_may_apply"]["vi"]) < said.index(VI["confirm.issue"])
    use_tool(kiosk, "[data-mode=voice]")


@pytest.mark.parametrize("size", ["portrait", "landscape"])
@pytest.mark.parametrize("mode", ["normal", "enlarged"])
@pytest.mark.parametrize("lang", ["ko", "vi"])
def test_the_guide_fits_the_screen(browser, guide_server, size, mode, lang):
    page = new_kiosk_page(browser, guide_server, PORTRAIT if size == "portrait" else LANDSCAPE)
    try:
        if lang != "ko":
            choose_language(page, lang)
        if mode == "enlarged":
            use_tool(page, "[data-mode=enlarge]")
        open_confirm(page, service=4)                    # the longest sample list
        Atlas("kiosk-guide", f"{size}-{mode}-{lang}").shoot(page, "confirm-guide")
        found = layout_problems(page, 48 if mode == "enlarged" else 24,
                                lists=".options, .chips, [role=list]", main="#screen")
        assert found == KNOWN.get((size, mode, lang), {})
        assert page.locator("#confirm-issue").is_visible()
    finally:
        page.context.close()
