"""The route map as people see it, measured in Chromium: on the kiosk (portrait and
landscape, normal and high contrast, Korean and English) and on the phone page at 360 px,
every label of the map is big enough (24 px on the kiosk, 14 px on the phone), no two
labels overlap, each label's text stays inside its box, the destination is filled, and
only the floors walked on are drawn. In low-screen mode the way is step-free at once."""

from __future__ import annotations

import itertools

import pytest
import requests

from tests.browser.conftest import axe_violations
from tests.browser.test_kiosk import (LANDSCAPE, PORTRAIT, kiosk_takes, new_kiosk_page,
                                      start_server, wait_screen)

BUILDING = 5          # 건축과, 3rd floor: the walk crosses two floors from the 1st-floor kiosk
PHONE = {"width": 360, "height": 740}

# Each shown label: its box and its text's on-screen rectangles and font size in px.
MEASURE = """() => [...document.querySelectorAll('.route-drawing')].map((svg) => {
  const scale = svg.getScreenCTM().a;
  const labels = [...svg.querySelectorAll('.route-labels')]
    .filter((group) => getComputedStyle(group).display !== 'none')
    .flatMap((group) => [...group.querySelectorAll('.route-label')]);
  const rect = (el) => { const r = el.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom]; };
  return {
    floor: svg.dataset.floor,
    goal: svg.querySelectorAll('.route-goal').length,
    goalFill: svg.querySelector('.route-goal') && getComputedStyle(svg.querySelector('.route-goal')).fill,
    labels: labels.map((label) => ({
      kind: label.getAttribute('class'),
      box: rect(label.querySelector('.route-label-box')),
      texts: [...label.querySelectorAll('text')].map((t) => ({
        text: t.textContent, rect: rect(t), px: parseFloat(t.getAttribute('font-size')) * scale })),
    })),
  };
})"""


@pytest.fixture(scope="module")
def lobby(tmp_path_factory):
    process = start_server(tmp_path_factory)
    yield process
    process.stop()


def overlap(a, b) -> bool:
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


def inside(inner, outer) -> bool:
    return inner[0] >= outer[0] - 1 and inner[1] >= outer[1] - 1 and \
        inner[2] <= outer[2] + 1 and inner[3] <= outer[3] + 1


def check_maps(maps: list[dict], min_px: float) -> None:
    assert [m["floor"] for m in maps] == ["1", "3"]     # the 2nd floor is only passed
    assert [m["goal"] for m in maps] == [0, 1]
    for drawn in maps:
        assert drawn["labels"], drawn["floor"]
        for label in drawn["labels"]:
            for text in label["texts"]:
                assert text["px"] >= min_px, (drawn["floor"], text)
                assert inside(text["rect"], label["box"]), (drawn["floor"], label)
        for a, b in itertools.combinations(drawn["labels"], 2):
            assert not overlap(a["box"], b["box"]), (drawn["floor"], a, b)


def open_office(page, department=BUILDING):
    page.click("#screen [data-key=find]")
    page.click(f"#screen [data-key=dir-{department}]")
    wait_screen(page, "staff")
    page.wait_for_selector(".route-drawing")


@pytest.mark.parametrize("viewport", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
@pytest.mark.parametrize("contrast", [False, True], ids=["normal", "contrast"])
def test_the_kiosk_route_map_is_readable(browser, lobby, viewport, contrast):
    page = new_kiosk_page(browser, lobby, viewport)
    try:
        if contrast:
            page.click("[data-mode=contrast]")
        open_office(page)
        for lang in ("ko", "en"):
            if lang != "ko":          # the language changes on the same screen
                page.click("#tool-language")
                page.click(f"#screen [data-key=lang-{lang}]")
                wait_screen(page, "staff")
                page.wait_for_selector(".route-drawing")
            maps = page.evaluate(MEASURE)
            check_maps(maps, 24)
            shown = " ".join(t["text"] for m in maps for label in m["labels"] for t in label["texts"])
            assert ("도착" if lang == "ko" else "Arrive") in shown
            assert ("현재 위치" if lang == "ko" else "You are here") in shown
            fill = maps[1]["goalFill"]
            assert fill == ("rgb(255, 230, 0)" if contrast else "rgb(255, 179, 0)")
        assert axe_violations(page) == []
    finally:
        page.context.close()


def test_low_screen_mode_starts_with_the_step_free_way(browser, lobby):
    page = new_kiosk_page(browser, lobby, PORTRAIT)
    try:
        page.click("[data-mode=low]")
        open_office(page)
        assert page.get_attribute("#screen [data-key=step-free]", "aria-pressed") == "true"
        assert any("엘리베이터" in step for step in page.locator(".route-steps li").all_inner_texts())
    finally:
        page.context.close()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_phone_shows_the_same_map_under_its_steps(lobby, new_page, lang):
    services = requests.get(f"{lobby.url}/api/v1/services?site_id=1", timeout=5).json()["services"]
    ticket = kiosk_takes(lobby, next(s["id"] for s in services if s["department_id"] == BUILDING))
    page = new_page(**PHONE)
    page.goto(f"{ticket['link']}?lang={lang}")
    page.wait_for_selector("[data-fact=way] ol.way li")
    page.wait_for_selector("[data-fact=way] .route-drawing")
    # Under the steps, in the page's width.
    steps = page.locator("[data-fact=way] ol.way").bounding_box()
    plan = page.locator("[data-fact=way] .route-drawing").first.bounding_box()
    assert plan["y"] > steps["y"] + steps["height"] - 1
    assert plan["x"] >= 0 and plan["x"] + plan["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    check_maps(page.evaluate(MEASURE), 14)
    assert axe_violations(page) == []
