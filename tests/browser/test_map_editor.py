"""The floor-map editor in Chromium, from an empty building to a checked, routable map:
the branch site (one department, one kiosk, no map) gets two floors with plans (a broken
and an oversized file are refused with their message first), a scale drawn as a line,
a kiosk (turned by its facing handle, by mouse and by arrow keys, then undone with Ctrl+Z,
redone with Ctrl+Y and undone again) and elevators placed as markers, the newest mark
removed, put back and removed again, walking paths drawn with snapping, one that lands on
the middle of a line splitting it (undone with the Undo button, redone with the Redo
button, undone again, then drawn again by keyboard only), the office drawn as a rectangle outline with its door, the floors joined; the check
first says what is wrong, then nothing; a test route from the kiosk to the office is found
and drawn; an edge marked as having steps makes the check name the office as reachable
only by stairs. The page stays axe-clean."""

from __future__ import annotations

import io
import re
import time

from PIL import Image, ImageDraw
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.browser.test_admin import sign_in

W, H = 800, 500   # the plan's pixels; 600 px drawn as 30 m gives 20 px/m

expect.set_options(timeout=30_000)   # a redraw after a save can take seconds on a busy machine


def plan_png() -> bytes:
    image = Image.new("RGB", (W, H), "white")
    pen = ImageDraw.Draw(image)
    pen.rectangle([20, 20, W - 20, H - 20], outline="black", width=6)   # outer walls
    pen.rectangle([220, 40, 380, 160], outline="black", width=4)        # an office
    pen.line([20, 320, W - 20, 320], fill="gray", width=2)              # the corridor's edge
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def click_plan(page, x: float, y: float) -> None:
    """Click the plan at plan pixel (x, y), y downwards."""
    page.locator("#me-map").scroll_into_view_if_needed()
    page.mouse.click(*screen(page, x, y))
    page.wait_for_timeout(120)   # leaflet-draw ignores a click right after a vertex


def tool(page, key: str) -> None:
    page.locator(f"#me-tool-{key}").click()
    page.locator(f"#me-tool-{key}[aria-pressed=true]").wait_for()


def screen(page, x: float, y: float) -> tuple[float, float]:
    """Plan pixel (x, y) on screen (the plan is drawn anew after each change: wait for it)."""
    box = None
    while box is None:
        page.locator("#me-map img.me-plan").wait_for()
        box = page.locator("#me-map img.me-plan").bounding_box()
    return box["x"] + x * box["width"] / W, box["y"] + y * box["height"] / H


def site_map(page, site: str) -> dict:
    return page.evaluate(f"fetch('/api/v1/maps?site_id={site}').then(r => r.json())")


def until(condition, seconds: float = 10) -> None:
    """Wait for a condition checked from Python (the pages' CSP forbids evaluating strings
    as scripts, which wait_for_function does)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for a condition")
        time.sleep(0.1)


def crosshair_to(page, x: float, y: float) -> None:
    """Move the keyboard crosshair (the map has the focus) to about plan pixel (x, y)."""
    for _ in range(80):
        here = page.locator("#me-cross")
        dx = x - float(here.get_attribute("data-x"))
        dy = y - float(here.get_attribute("data-y"))
        if abs(dx) <= 2.5 and abs(dy) <= 2.5:
            return
        big = "Shift+" if max(abs(dx), abs(dy)) > 40 else ""
        if abs(dx) >= abs(dy):
            page.keyboard.press(big + ("ArrowRight" if dx > 0 else "ArrowLeft"))
        else:
            page.keyboard.press(big + ("ArrowDown" if dy > 0 else "ArrowUp"))
    raise AssertionError(f"the crosshair did not reach ({x}, {y})")


def upload(page, name: str, data: bytes, mime: str = "image/png") -> None:
    page.set_input_files("#me-plan-file", files=[{"name": name, "mimeType": mime, "buffer": data}])
    page.get_by_role("button", name="올리기").click()


def add_level(page, ordinal: int, plan: bytes) -> None:
    page.fill("#me-new-ordinal", str(ordinal))
    page.get_by_role("button", name="층 추가").click()
    page.locator("#me-level option", has_text=f"{ordinal}층").wait_for(state="attached")
    expect(page.locator("#me-level option:checked")).to_have_text(re.compile(f"^{ordinal}층"))
    if plan:
        upload(page, "plan.png", plan)
        page.locator("#me-map img.me-plan").wait_for()
        page.locator("#me-map").scroll_into_view_if_needed()


def set_scale(page) -> None:
    tool(page, "scale")
    click_plan(page, 100, 420)
    click_plan(page, 700, 420)
    page.fill("#me-scale-metres", "30")
    page.get_by_role("button", name="축척 저장").click()
    page.locator("#me-scale", has_text="20.0 px/m").wait_for()


def place(page, kind: str, x: float, y: float, count_before: int) -> None:
    tool(page, kind)
    click_plan(page, x, y)
    expect(page.locator("#me-map .me-place")).to_have_count(count_before + 1)


def draw_path(page, points, nodes_after: int) -> None:
    tool(page, "path")
    for x, y in points:
        click_plan(page, x, y)
    page.get_by_role("button", name="선 마치기").click()
    expect(page.locator("#me-map .me-node")).to_have_count(nodes_after)


def test_editor_from_an_empty_building_to_a_checked_routable_map(server, new_page):
    page = new_page(1400, 1100)
    page.on("dialog", lambda dialog: dialog.accept())
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, server)
    branch = page.locator("#site option", has_text="hapdeok").get_attribute("value")
    page.select_option("#site", branch)
    page.click("#sections a[data-key=maps]")
    page.locator("#me-level option", has_text="층이 없습니다").wait_for(state="attached")

    # 1F: refused plans say why; then a real one.
    add_level(page, 1, b"")
    upload(page, "plan.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    page.locator("#me-plan-error", has_text="not a readable image").wait_for()
    upload(page, "huge.png", b"\x89PNG\r\n\x1a\n" + b"\0" * (10 * 1024 * 1024))
    page.locator("#me-plan-error", has_text="larger than 10 MB").wait_for()
    upload(page, "plan.png", plan_png())
    page.locator("#me-map img.me-plan").wait_for()
    page.locator("#me-map").scroll_into_view_if_needed()
    set_scale(page)

    tool(page, "kiosk")
    page.select_option("#me-kiosk-device", label="kiosk-hapdeok")
    place(page, "kiosk", 100, 250, 0)
    place(page, "amenity", 700, 250, 1)           # an elevator (the default kind)
    # The line starts on the kiosk and ends on the elevator: both snap and are joined.
    draw_path(page, [(103, 248), (400, 250), (698, 253)], 3)

    # The kiosk's facing: its handle dragged to the right of it is 90°; arrow keys turn it by
    # 15°; Ctrl+Z undoes the last turn. The server has each value.
    tool(page, "view")
    handle = page.locator("#me-map .me-facing-handle")
    assert handle.get_attribute("aria-valuenow") == "0"
    kiosk_place = next(f for f in site_map(page, branch)["features"] if f["feature_type"] == "kiosk")
    kx, ky = screen(page, kiosk_place["x"], kiosk_place["y"])
    page.mouse.move(kx, ky - 44)               # the handle, 44 px above a kiosk facing up
    page.mouse.down()
    for i in range(1, 9):
        page.mouse.move(kx + 30 + 30 * i / 8, ky - 45 + 45 * i / 8)
    page.mouse.up()
    expect(page.locator("#me-map .me-facing-handle")).to_have_attribute("aria-valuenow", "90")
    kiosk = lambda: next(f for f in site_map(page, branch)["features"] if f["feature_type"] == "kiosk")
    until(lambda: any(f["facing"] == 90 for f in site_map(page, branch)["features"]))
    page.locator("#me-map .me-facing-handle").focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#me-map .me-facing-handle:focus")).to_have_attribute("aria-valuenow", "105")
    until(lambda: any(f["facing"] == 105 for f in site_map(page, branch)["features"]))
    page.locator("#me-undo", has_text="키오스크 방향").wait_for()
    page.keyboard.press("Control+z")
    expect(page.locator("#me-map .me-facing-handle")).to_have_attribute("aria-valuenow", "90")
    assert kiosk()["facing"] == 90
    page.locator("#me-redo", has_text="키오스크 방향").wait_for()
    page.keyboard.press("Control+y")                     # redo: turned again
    expect(page.locator("#me-map .me-facing-handle")).to_have_attribute("aria-valuenow", "105")
    assert kiosk()["facing"] == 105
    page.keyboard.press("Control+z")
    expect(page.locator("#me-map .me-facing-handle")).to_have_attribute("aria-valuenow", "90")
    assert kiosk()["facing"] == 90

    # The newest mark removed, put back and removed again (the record put back may get
    # the removed one's id).
    place(page, "amenity", 600, 420, 2)
    page.locator(".me-selection").get_by_role("button", name="삭제").click()
    expect(page.locator("#me-map .me-place")).to_have_count(2)
    page.keyboard.press("Control+z")
    expect(page.locator("#me-map .me-place")).to_have_count(3)
    assert len(site_map(page, branch)["features"]) == 3
    page.keyboard.press("Control+Shift+z")
    expect(page.locator("#me-map .me-place")).to_have_count(2)
    page.locator(".me-status", has_text="다시 했습니다: 표시 삭제").wait_for()
    assert len(site_map(page, branch)["features"]) == 2

    # A path whose end lands on the middle of the corridor line splits it: 5 points, the
    # two halves as long as the old line; the Undo button puts the line back whole.
    def graph():
        """Edge lengths by id, and the lengths of the edges along the corridor (y = 250)."""
        m = site_map(page, branch)
        y = {n["id"]: n["y"] for n in m["nodes"]}
        corridor = [round(e["length_m"], 2) for e in m["edges"]
                    if abs(y[e["from_node"]] - 250) < 5 and abs(y[e["to_node"]] - 250) < 5]
        return {e["id"]: round(e["length_m"], 2) for e in m["edges"]}, len(m["nodes"]), corridor
    before, _, _ = graph()
    kiosk_line = min(before.values())   # kiosk → (400, 250), about 15 m
    draw_path(page, [(250, 400), (250, 252)], 5)
    after, nodes, corridor = graph()
    halves = sorted(corridor)[:2]
    assert nodes == 5 and len(after) == 4 and len(corridor) == 3, after
    assert abs(sum(halves) - kiosk_line) < 0.05 and min(halves) > 5, (halves, kiosk_line)
    page.locator("#me-undo", has_text="보행 경로").click()
    expect(page.locator("#me-map .me-node")).to_have_count(3)
    assert sorted(graph()[0].values()) == sorted(before.values()) and graph()[1] == 3
    # Redo makes the path and the split again (new ids); undoing that finds them.
    page.locator("#me-redo", has_text="보행 경로").click()
    expect(page.locator("#me-map .me-node")).to_have_count(5)
    assert sorted(graph()[0].values()) == sorted(after.values()) and graph()[1] == 5
    page.keyboard.press("Control+z")
    expect(page.locator("#me-map .me-node")).to_have_count(3)
    assert sorted(graph()[0].values()) == sorted(before.values()) and graph()[1] == 3

    # The same by keyboard only: the path tool's button, the crosshair, Enter, Enter again.
    page.locator("#me-tool-path").focus()
    page.keyboard.press("Enter")
    page.locator("#me-tool-path[aria-pressed=true]").wait_for()
    page.locator("#me-map").focus()
    crosshair_to(page, 250, 400)
    page.keyboard.press("Enter")
    page.locator(".me-status", has_text="경로의 점 1").wait_for()
    crosshair_to(page, 250, 251)
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")   # the same spot again finishes the line
    expect(page.locator("#me-map .me-node")).to_have_count(5)
    after, nodes, corridor = graph()
    assert nodes == 5 and len(after) == 4 and len(corridor) == 3, after
    assert abs(sum(sorted(corridor)[:2]) - kiosk_line) < 0.05, (corridor, kiosk_line)

    # 2F: the office of 민원팀, reached from its elevator.
    add_level(page, 2, plan_png())
    set_scale(page)
    place(page, "amenity", 700, 250, 0)
    # The office as a rectangle outline (dragged corner to corner): its point is the centre.
    tool(page, "unit")
    page.select_option("#me-unit-department", label="민원팀 (1층)")
    page.select_option("#me-unit-shape", "rectangle")
    page.locator("#me-map").scroll_into_view_if_needed()
    page.mouse.move(*screen(page, 220, 40))
    page.mouse.down()
    for i in range(1, 9):
        page.mouse.move(*screen(page, 220 + 160 * i / 8, 40 + 120 * i / 8))
    page.mouse.up()
    expect(page.locator("#me-map .me-place")).to_have_count(2)
    page.locator("#me-map path.me-outline").wait_for(state="attached")
    office = next(f for f in site_map(page, branch)["features"] if f["feature_type"] == "unit")
    assert len(office["outline"]) == 4
    assert abs(office["x"] - 300) < 3 and abs(office["y"] - 100) < 3
    draw_path(page, [(700, 250), (300, 250), (300, 100)], 3)

    # Its door: a click near the bottom side puts it on the side, joined to the path.
    tool(page, "door")
    click_plan(page, 250, 164)
    page.locator("#me-map .me-opening").wait_for()
    door = next(f for f in site_map(page, branch)["features"] if f["feature_type"] == "opening")
    assert door["unit_id"] == office["id"] and door["category"] == "door"
    assert abs(door["y"] - max(y for _, y in office["outline"])) < 1.5 and door["node_id"]
    expect(page.locator("#me-map .me-node")).to_have_count(5)   # door + split

    # The outline's corners are editable: one dragged is saved (the point follows to the new
    # centre); Ctrl+Z puts the outline back.
    tool(page, "view")
    click_plan(page, 250, 60)                  # inside the outline: selects the office
    page.locator("#me-map path.me-outline.is-selected").wait_for(state="attached")
    page.locator("#me-map .leaflet-editing-icon").first.wait_for()
    corner = max(office["outline"], key=lambda p: p[0] + p[1])   # the bottom right one
    path = [screen(page, corner[0] + 40 * i / 5, corner[1] + 40 * i / 5) for i in range(6)]
    page.mouse.move(*path[0])
    page.mouse.down()
    for point in path[1:]:
        page.mouse.move(*point)
    page.mouse.up()
    page.locator("#me-undo", has_text="윤곽 고치기").wait_for()
    edited = next(f for f in site_map(page, branch)["features"] if f["id"] == office["id"])
    assert max(x for x, _ in edited["outline"]) > 410 and edited["x"] > office["x"]
    page.keyboard.press("Control+z")
    page.locator("#me-undo", has_text="문 놓기").wait_for()
    restored = next(f for f in site_map(page, branch)["features"] if f["id"] == office["id"])
    assert restored["outline"] == office["outline"] and restored["x"] == office["x"]

    # Not joined yet: the check says so in words and marks the office.
    page.get_by_role("button", name="지도 점검").click()
    page.locator("#me-check li[data-code=graph_split]").wait_for()
    assert "어느 키오스크에서도 갈 수 없습니다" in page.locator("#me-check li[data-code=unreachable]").inner_text()
    assert page.locator("#me-map .me-place.is-flagged").count() == 1

    # Join the floors at the elevator.
    tool(page, "view")
    page.locator("#me-map .me-amenity").focus()   # a placed mark is reachable by keyboard
    page.keyboard.press("Enter")
    page.select_option("#me-join-target", index=0)
    page.locator(".me-join").get_by_role("button", name="층 연결").click()
    page.locator(".me-join li", has_text="엘리베이터").wait_for()

    page.get_by_role("button", name="지도 점검").click()
    page.locator("#me-check-ok").wait_for()

    # The test route: found, told in steps, drawn on the plan (starting on 1F).
    page.get_by_role("button", name="경로 보기").click()
    page.locator("#me-route-found").wait_for()
    steps = page.locator(".me-steps li").all_inner_texts()
    assert any("엘리베이터를 타고 2층" in s for s in steps), steps
    assert "민원팀" in steps[-1]
    expect(page.locator("#me-map path.me-route")).to_have_count(1)
    assert page.locator("#me-level").evaluate("e => e.selectedOptions[0].text").startswith("1층")

    # A few steps in the 1F corridor: mark one edge so, and the check names the office.
    click_plan(page, 400, 250)
    page.locator(".me-selection").get_by_role("button", name="계단 있음으로").first.click()
    page.locator("#me-map path.me-edge.has-steps").wait_for(state="attached")   # dashed
    page.get_by_role("button", name="지도 점검").click()
    assert "계단으로만 갈 수 있습니다" in page.locator("#me-check li[data-code=stairs_only]").inner_text()

    assert axe_violations(page) == []
    assert errors == []


def test_the_kiosk_draws_office_outlines_with_the_destination_filled(server, browser):
    """The kiosk's route map draws the offices drawn as outlines; the one the visitor goes
    to is filled."""
    from tests.browser.test_kiosk import new_kiosk_page, one_floor_map, staff_session
    post, level, (a, _, c) = one_floor_map(server, plan_png(), ((100, 450), (100, 300), (300, 300)))
    admin = staff_session(server, "admin")
    device = next(d["id"] for d in admin.get(f"{server.url}/api/v1/admin/devices?site_id=1").json()["items"]
                  if d["name"] == "kiosk-1f")
    post("features", {"level_id": level["id"], "feature_type": "kiosk", "category": "kiosk",
                      "x": 100, "y": 460, "facing": 0, "node_id": a, "device_id": device})
    post("features", {"level_id": level["id"], "feature_type": "unit", "category": "office", "node_id": c,
                      "department_id": 1, "outline": [[220, 40], [380, 40], [380, 160], [220, 160]]})
    post("features", {"level_id": level["id"], "feature_type": "unit", "category": "room",
                      "outline": [[420, 40], [560, 40], [560, 160], [420, 160]]})

    page = new_kiosk_page(browser, server)
    try:
        page.click("#screen [data-key=find]")
        page.click("#screen [data-key=dir-1]")
        page.wait_for_selector(".route-drawing image")
        assert page.locator(".route-drawing .route-unit").count() == 1
        goal = page.locator(".route-drawing .route-goal")
        assert goal.count() == 1 and goal.get_attribute("fill") not in (None, "none")
        box, plan = goal.bounding_box(), page.locator(".route-drawing image").bounding_box()
        assert box["x"] + box["width"] / 2 < plan["x"] + plan["width"] / 2   # 민원지적과, on the left
    finally:
        page.context.close()
