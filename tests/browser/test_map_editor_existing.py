"""The floor-map editor on maps that exist already: every floor of the demo city hall opens
with its plan, its marks, its walking graph and its kiosks' facing handles (no page error,
no console error); the test-route lists name the site's kiosks and offices; a walking path
drawn on 1F is undone and redone; a path whose line the server refuses leaves no point
behind; on a floor without a scale the tools that need one are disabled, saying why."""

from __future__ import annotations

import json

from playwright.sync_api import expect

from tests.browser.test_admin import sign_in
from tests.browser.test_map_editor import plan_png, site_map, upload

DANGJIN = 1


def watch(page) -> list[str]:
    """Page errors and console errors from now on."""
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", lambda message: problems.append(f"console: {message.text}")
            if message.type == "error" else None)
    return problems


def open_maps(page, server) -> list[str]:
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, server)
    problems = watch(page)
    page.click("#sections a[data-key=maps]")
    page.locator("#me-map img.me-plan").wait_for()
    return problems


def on_level(m: dict, level_id: int) -> tuple[list, list, list]:
    """The features, nodes and edges (both ends) of one level."""
    nodes = [n for n in m["nodes"] if n["level_id"] == level_id]
    ids = {n["id"] for n in nodes}
    edges = [e for e in m["edges"] if e["from_node"] in ids and e["to_node"] in ids]
    return [f for f in m["features"] if f["level_id"] == level_id], nodes, edges


def count(page, selector: str) -> int:
    return page.locator(selector).count()


def click_plan(page, level: dict, x: float, y: float) -> None:
    """Click plan pixel (x, y) of the level shown, y downwards."""
    page.locator("#me-map").scroll_into_view_if_needed()
    box = page.locator("#me-map img.me-plan").bounding_box()
    page.mouse.click(box["x"] + x * box["width"] / level["width"],
                     box["y"] + y * box["height"] / level["height"])
    page.wait_for_timeout(120)   # leaflet-draw ignores a click right after a vertex


def draw_path(page, level: dict, points) -> None:
    page.locator("#me-tool-path").click()
    page.locator("#me-tool-path[aria-pressed=true]").wait_for()
    for x, y in points:
        click_plan(page, level, x, y)
    page.get_by_role("button", name="선 마치기").click()


def test_every_demo_floor_opens_with_its_plan_and_marks(server, new_page):
    page = new_page(1920, 1080)
    problems = open_maps(page, server)
    m = site_map(page, DANGJIN)
    assert len(m["levels"]) >= 3

    for level in m["levels"]:
        page.select_option("#me-level", str(level["id"]))
        features, nodes, edges = on_level(m, level["id"])
        assert features and nodes and edges, level
        expect(page.locator(f"#me-map img.me-plan[src$='{level['image']}']")).to_have_count(1)
        expect(page.locator("#me-map .me-place")).to_have_count(len(features))
        assert count(page, "#me-map .me-node") == len(nodes)
        assert count(page, "#me-map path.me-edge") == len(edges)
        kiosks = [f for f in features if f["feature_type"] == "kiosk"]
        assert count(page, "#me-map .me-facing-handle") == len(kiosks)
        # The plan fills the map's view, not a corner of a grey map.
        plan = page.locator("#me-map img.me-plan").bounding_box()
        view = page.locator("#me-map").bounding_box()
        assert plan["width"] > view["width"] * 0.5 or plan["height"] > view["height"] * 0.5

    # The test route: from any kiosk of the site, to any office.
    kiosks = [f for f in m["features"] if f["feature_type"] == "kiosk"]
    units = [f for f in m["features"] if f["feature_type"] == "unit"]
    assert page.locator("#me-route-from option").evaluate_all("os => os.map(o => o.value)") == \
        [str(f["id"]) for f in kiosks]
    assert page.locator("#me-route-to option").evaluate_all("os => os.map(o => o.value)") == \
        [str(f["id"]) for f in units]
    page.get_by_role("button", name="경로 보기").click()
    page.locator("#me-route-found").wait_for()
    page.locator("#me-map path.me-route").first.wait_for(state="attached")
    assert problems == []


def test_a_path_on_demo_1f_is_undone_and_redone_and_a_refused_one_leaves_nothing(server, new_page):
    page = new_page(1920, 1080)
    problems = open_maps(page, server)
    m = site_map(page, DANGJIN)
    level = next(lv for lv in m["levels"] if lv["ordinal"] == 1)
    page.select_option("#me-level", str(level["id"]))
    nodes = on_level(m, level["id"])[1]
    expect(page.locator("#me-map .me-node")).to_have_count(len(nodes))
    graph = lambda: tuple(len(part) for part in on_level(site_map(page, DANGJIN), level["id"])[1:])
    before = graph()

    # A path across the empty corner of 1F: two new points and a line 6 m long (20 px/m).
    draw_path(page, level, [(800, 500), (920, 500)])
    expect(page.locator("#me-map .me-node")).to_have_count(len(nodes) + 2)
    assert graph() == (before[0] + 2, before[1] + 1)
    made = next(e for e in site_map(page, DANGJIN)["edges"] if e["id"] not in {x["id"] for x in m["edges"]})
    assert abs(made["length_m"] - 6) < 0.1
    page.locator("#me-undo", has_text="보행 경로").click()
    expect(page.locator("#me-map .me-node")).to_have_count(len(nodes))
    assert graph() == before
    page.locator("#me-redo", has_text="보행 경로").click()
    expect(page.locator("#me-map .me-node")).to_have_count(len(nodes) + 2)
    assert graph() == (before[0] + 2, before[1] + 1)
    page.keyboard.press("Control+z")
    expect(page.locator("#me-map .me-node")).to_have_count(len(nodes))
    assert graph() == before

    # The server refuses the line after the two points are saved: they are taken back, the
    # status says the path was not saved, and there is nothing to undo for it.
    def refuse_lines(route):
        if route.request.method != "POST":
            return route.continue_()
        return route.fulfill(status=409, content_type="application/json", body=json.dumps(
            {"error": "conflict", "message": "The map changed meanwhile."}))
    page.route("**/api/v1/admin/maps/edges?*", refuse_lines)
    draw_path(page, level, [(800, 500), (920, 500)])
    page.locator(".me-status", has_text="보행 경로 긋기: 저장하지 않았습니다").wait_for()
    expect(page.locator("#me-map .me-node")).to_have_count(len(nodes))
    assert graph() == before
    assert "보행 경로" not in page.locator("#me-undo").inner_text()
    page.unroute("**/api/v1/admin/maps/edges?*")
    assert [p for p in problems if "409" not in p] == []


def test_tools_that_need_a_scale_wait_for_it(server, new_page):
    page = new_page(1400, 1000)
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, server)
    problems = watch(page)
    page.click("#sections a[data-key=maps]")
    page.fill("#me-new-ordinal", "4")
    page.get_by_role("button", name="층 추가").click()
    expect(page.locator("#me-level option:checked")).to_have_text("4층")
    upload(page, "plan.png", plan_png())
    page.locator("#me-map img.me-plan").wait_for()
    # The upload's own config.changed re-reads the map shortly after: let it land before
    # drawing, as a re-read restarts the tool.
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(600)

    hint = page.locator("#me-needs-scale")
    hint.wait_for()
    assert "축척" in hint.inner_text() and "scale" in hint.inner_text()
    for key in ("path", "door"):
        tool = page.locator(f"#me-tool-{key}")
        assert tool.is_disabled() and tool.get_attribute("aria-describedby") == "me-needs-scale"
    for key in ("scale", "unit", "amenity", "kiosk"):
        assert page.locator(f"#me-tool-{key}").is_enabled()

    page.locator("#me-tool-scale").click()
    page.locator("#me-tool-scale[aria-pressed=true]").wait_for()
    level = {"width": 800, "height": 500}
    click_plan(page, level, 100, 420)
    click_plan(page, level, 700, 420)
    page.fill("#me-scale-metres", "30")
    page.get_by_role("button", name="축척 저장").click()
    page.locator("#me-scale", has_text="20.0 px/m").wait_for()
    hint.wait_for(state="hidden")
    assert page.locator("#me-tool-path").is_enabled() and page.locator("#me-tool-door").is_enabled()
    assert page.locator("#me-tool-path").get_attribute("aria-describedby") is None
    assert problems == []
