"""The machine next door: a visitor who picks 주민등록 등·초본, which the lobby's
certificate machine (무인민원발급기) issues, is told so before the ticket, in the kiosk's
language: the machine's hours (and "closed now" outside them), what it asks for, 정부24,
and the way from this kiosk on the floor map. "발급기로 가기" shows the way and goes home;
"번호표 받기" goes on to the usual ticket; the reports count both. Checked at portrait and
landscape in the kiosk's modes, in Korean and Vietnamese, against the atlas's layout rules
(screenshots to $SUNBEON_ATLAS)."""

from __future__ import annotations

import json

import pytest

from tests.browser.atlas import Atlas, layout_problems
from tests.browser.kiosk_walk import use_tool
from tests.browser.test_fonts import choose_language
from tests.browser.test_kiosk import (LANDSCAPE, PORTRAIT, catalog, choose, new_kiosk_page,
                                      open_services, reload_kiosk, service_id, sql,
                                      staff_session, start_server, wait_screen)

KO, VI = catalog("ko"), catalog("vi")


OPEN_ALL_DAY = "00:00-24:00"


@pytest.fixture(scope="module")
def machine_server(tmp_path_factory):
    """The sample, its machine open all day every day, as its counters are (the tests run
    at any hour)."""
    process = start_server(tmp_path_factory)
    set_machine_hours(process, OPEN_ALL_DAY, weekends=True)
    yield process
    process.stop()


@pytest.fixture(scope="module")
def page(browser, machine_server):
    page = new_kiosk_page(browser, machine_server)
    yield page
    page.context.close()


@pytest.fixture
def kiosk(page, machine_server):
    reload_kiosk(page, machine_server)
    page.evaluate("window.__spoken.length = 0")
    return page


def set_machine_hours(server, hours: str, weekends: bool = True) -> None:
    (settings,) = sql(server, "SELECT settings FROM sites WHERE id = 1")[0]
    sql(server, "UPDATE sites SET settings = ? WHERE id = 1", (json.dumps(
        {**json.loads(settings), "machine_hours": hours, "machine_weekends": weekends}),))


def choices(server, korean_name: str) -> dict:
    """What today's report says of the service: the machine chosen, a ticket anyway."""
    report = staff_session(server, "supervisor").get(
        f"{server.url}/api/v1/reports", params={"period": "day", "group": "service"}).json()
    row = next((r for r in report["report"]["rows"] if r["label"] == korean_name), None)
    return row["self_service"] if row else {"machine": 0, "ticket": 0, "share_machine": None}


def open_machine(page):
    open_services(page)
    choose(page, 1)                               # 주민등록 등·초본
    wait_screen(page, "machine")
    page.wait_for_selector("#machine-route .route-steps")


def in_view(page, selector: str) -> bool:
    return page.evaluate("""(selector) => {
      const r = document.querySelector(selector).getBoundingClientRect();
      return r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth;
    }""", selector)


def test_a_visitor_who_could_use_the_machine_goes_there_and_the_report_counts_it(
        kiosk, machine_server):
    before = choices(machine_server, "주민등록 등·초본")
    open_machine(kiosk)
    assert kiosk.inner_text("#screen h1") == KO["machine.title"]
    assert kiosk.inner_text("#machine-hours") == KO["machine.hours_every_day"].format(hours=OPEN_ALL_DAY)
    assert kiosk.locator("#machine-closed").count() == 0          # open all day in the sample
    assert kiosk.locator(".machine-needs li").all_inner_texts() == [
        KO["machine.need.id_card"], KO["machine.need.fingerprint"]]
    assert kiosk.inner_text(".machine-online .guide-text") == KO["machine.online"]
    # Where: the way from this kiosk, in words and on the 1st floor's plan.
    assert kiosk.locator("#machine-route .route-step").last.inner_text().startswith("무인민원발급기")
    assert kiosk.locator("#machine-route .route-level[data-floor='1'] svg").count() == 1
    # Both buttons in view, above the tools.
    assert in_view(kiosk, "#machine-go") and in_view(kiosk, "#machine-ticket")
    assert kiosk.inner_text("#machine-go") == KO["machine.go"]

    kiosk.click("#machine-go")
    kiosk.wait_for_selector("#machine-home")
    assert kiosk.inner_text("#screen h1") == KO["machine.way_title"]
    assert kiosk.locator("#machine-route .route-steps li").count() >= 1
    kiosk.click("#machine-home")
    wait_screen(kiosk, "home")
    after = choices(machine_server, "주민등록 등·초본")
    assert (after["machine"], after["ticket"]) == (before["machine"] + 1, before["ticket"])


def test_a_vietnamese_visitor_takes_a_ticket_anyway_and_the_report_counts_that(
        kiosk, machine_server):
    before = choices(machine_server, "주민등록 등·초본")
    choose_language(kiosk, "vi")
    open_machine(kiosk)
    assert kiosk.inner_text("#screen h1") == VI["machine.title"]
    assert kiosk.locator(".machine-needs li").all_inner_texts()[0] == VI["machine.need.id_card"]
    assert "Máy cấp giấy tờ tự động" in kiosk.locator("#machine-route .route-step").last.inner_text()
    assert kiosk.inner_text("#machine-ticket") == VI["machine.ticket"]
    kiosk.click("#machine-ticket")
    wait_screen(kiosk, "priority")
    kiosk.click("#screen [data-key=priority-no]")
    wait_screen(kiosk, "confirm")
    kiosk.click("#confirm-issue")
    wait_screen(kiosk, "ticket")
    after = choices(machine_server, "주민등록 등·초본")
    assert (after["machine"], after["ticket"]) == (before["machine"], before["ticket"] + 1)


def test_outside_its_hours_the_kiosk_says_the_machine_is_closed(kiosk, machine_server):
    set_machine_hours(machine_server, "00:00-00:01")
    try:
        open_machine(kiosk)
        closed = kiosk.inner_text("#machine-closed")
        assert closed.startswith(KO["machine.closed_now"])
        assert in_view(kiosk, "#machine-go") and in_view(kiosk, "#machine-ticket")
    finally:
        set_machine_hours(machine_server, OPEN_ALL_DAY)


def test_a_service_no_machine_issues_goes_on_as_before(kiosk, machine_server):
    open_services(kiosk)
    choose(kiosk, 4)                              # 여권: straight to its priority question
    wait_screen(kiosk, "priority")


def test_the_voice_guide_reads_the_panel_but_not_the_map(kiosk):
    open_machine(kiosk)
    use_tool(kiosk, "[data-mode=voice]")
    kiosk.wait_for_function("window.__spoken.some((s) => s.text.includes(%r))"
                            % KO["machine.ticket"], timeout=10000)
    said = "\n".join(s["text"] for s in kiosk.evaluate("window.__spoken"))
    for line in (KO["machine.title"], KO["machine.hours"], KO["machine.need.fingerprint"],
                 KO["machine.online"], KO["machine.where"], KO["machine.go"]):
        assert line in said
    # The hours and the way are read before the buttons.
    assert said.index(KO["machine.hours"]) < said.index(KO["machine.go"])
    assert "<svg" not in said
    # "발급기로 가기": the way is read on its own.
    kiosk.evaluate("window.__spoken.length = 0")
    kiosk.click("#machine-go")
    kiosk.wait_for_function("window.__spoken.some((s) => s.text.includes(%r))"
                            % KO["machine.way_title"], timeout=10000)
    said = "\n".join(s["text"] for s in kiosk.evaluate("window.__spoken"))
    assert kiosk.locator("#machine-route .route-step").last.inner_text() in said
    use_tool(kiosk, "[data-mode=voice]")


# The panel and the way in the atlas's modes: both buttons in view, no layout rule broken.
MODES = {"normal": [], "contrast": ["contrast"], "enlarged": ["enlarge"], "low": ["low"],
         "enlarged-low": ["low", "enlarge"]}


# High contrast in Korean only: colours do not depend on the language.
PANEL_CASES = [(size, mode, lang) for size in ("portrait", "landscape") for mode in MODES
               for lang in ("ko", "vi") if not (lang == "vi" and mode == "contrast")]


@pytest.mark.parametrize("size, mode, lang", PANEL_CASES)
def test_the_machine_panel_fits_every_mode(browser, machine_server, size, mode, lang):
    viewport = PORTRAIT if size == "portrait" else LANDSCAPE
    page = new_kiosk_page(browser, machine_server, viewport)
    try:
        if lang != "ko":
            choose_language(page, lang)
        for tile in MODES[mode]:
            use_tool(page, f"[data-mode={tile}]")
        atlas = Atlas("kiosk-machine", f"{size}-{mode}-{lang}")
        min_font = 48 if "enlarge" in MODES[mode] else 24
        open_machine(page)
        page.wait_for_selector("#machine-route svg", state="attached")
        problems = {}
        for name, buttons in (("machine", ("#machine-go", "#machine-ticket")),
                              ("machine-going", ("#machine-home",))):
            if name == "machine-going":
                page.click("#machine-go")
                page.wait_for_selector("#machine-home")
                page.wait_for_selector("#machine-route svg", state="attached")
            atlas.shoot(page, name)
            found = layout_problems(page, min_font, lists=".options, .chips, ul, ol, [role=list]",
                                    main="#screen")
            hidden = [b for b in buttons if not in_view(page, b)]
            if hidden:
                found["buttons out of view"] = hidden
            if found:
                problems[name] = found
        atlas.record(problems)
        assert problems == {}
    finally:
        page.context.close()


def test_the_admin_marks_a_service_and_the_reports_page_counts_the_choices(
        machine_server, browser):
    """In the console: 인감증명 marked as issued by the machine (fingerprint); a visitor picks
    it at the kiosk and goes to the machine; the reports page shows the count."""
    from tests.browser.test_admin import open_section, service_row, sign_in
    admin = browser.new_page(viewport={"width": 1400, "height": 1000})
    kiosk = new_kiosk_page(browser, machine_server)
    try:
        admin.on("dialog", lambda dialog: dialog.accept())
        sign_in(admin, machine_server)
        open_section(admin, "services")
        service_row(admin, "인감증명").get_by_role("button", name="수정").click()
        form = admin.locator("#panel-form form")
        form.get_by_label("무인민원발급기에서 발급").check()
        form.locator("fieldset", has_text="발급기에서 필요한 것").get_by_label("지문 인식").check()
        Atlas("admin-machine", "service-form").shoot(admin, "service-form")
        form.get_by_role("button", name="저장").click()
        form.wait_for(state="detached")
        seal = service_id(machine_server, "인감증명")
        assert sql(machine_server, "SELECT machine_issue, online_issue, machine_needs FROM services "
                   "WHERE id = ?", (seal,)) == [(1, 0, '["fingerprint"]')]

        open_services(kiosk)
        choose(kiosk, 2)                          # 인감증명
        wait_screen(kiosk, "machine")
        assert kiosk.locator(".machine-needs li").all_inner_texts() == [KO["machine.need.fingerprint"]]
        assert kiosk.locator(".machine-online").count() == 0          # not on 정부24
        kiosk.click("#machine-go")
        kiosk.wait_for_selector("#machine-home")

        admin.click("#sections a[data-key=reports]")
        admin.get_by_role("button", name="보기").click()
        row = admin.locator("#panel-body table.report-table tbody tr", has_text="인감증명")
        row.wait_for()
        Atlas("admin-machine", "reports").shoot(admin, "reports")
        assert row.locator("td").last.inner_text() == "1 · 0 (100%)"
    finally:
        sql(machine_server, "UPDATE services SET machine_issue = 0, machine_needs = '[]' "
            "WHERE id = ?", (service_id(machine_server, "인감증명"),))
        admin.close()
        kiosk.context.close()
