"""The floor-map editor in Chromium, from an empty building to a checked, routable map:
the branch site (one department, one kiosk, no map) gets two floors with plans (a broken
and an oversized file are refused with their message first), a scale drawn as a line,
a kiosk, elevators and an office placed as markers, walking paths drawn with snapping,
the floors joined; the check first says what is wrong, then nothing; a test route from
the kiosk to the office is found and drawn; an edge marked as having steps makes the
check name the office as reachable only by stairs. The page stays axe-clean."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from tests.browser.conftest import axe_violations
from tests.browser.test_admin import sign_in

W, H = 800, 500   # the plan's pixels; 600 px drawn as 30 m gives 20 px/m


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
    box = page.locator("#me-map img.me-plan").bounding_box()
    page.mouse.click(box["x"] + x * box["width"] / W, box["y"] + y * box["height"] / H)
    page.wait_for_timeout(120)   # leaflet-draw ignores a click right after a vertex


def tool(page, key: str) -> None:
    page.locator(f"#me-tool-{key}").check()


def upload(page, name: str, data: bytes, mime: str = "image/png") -> None:
    page.set_input_files("#me-plan-file", files=[{"name": name, "mimeType": mime, "buffer": data}])
    page.get_by_role("button", name="올리기").click()


def add_level(page, ordinal: int, plan: bytes) -> None:
    page.fill("#me-new-ordinal", str(ordinal))
    page.get_by_role("button", name="층 추가").click()
    page.locator("#me-level option", has_text=f"{ordinal}층").wait_for(state="attached")
    page.wait_for_function(f"document.querySelector('#me-level').selectedOptions[0]?.text.startsWith('{ordinal}층')")
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
    page.wait_for_function(f"document.querySelectorAll('#me-map .me-place').length > {count_before}")


def draw_path(page, points, nodes_after: int) -> None:
    tool(page, "path")
    for x, y in points:
        click_plan(page, x, y)
    page.get_by_role("button", name="선 마치기").click()
    page.wait_for_function(f"document.querySelectorAll('#me-map .me-node').length === {nodes_after}")


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

    # 2F: the office of 민원팀, reached from its elevator.
    add_level(page, 2, plan_png())
    set_scale(page)
    place(page, "amenity", 700, 250, 0)
    tool(page, "unit")
    page.select_option("#me-unit-department", label="민원팀 (1층)")
    place(page, "unit", 300, 100, 1)
    draw_path(page, [(700, 250), (300, 250), (300, 100)], 3)

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
    page.wait_for_function("document.querySelectorAll('#me-map path.me-route').length === 1")
    assert page.locator("#me-level").evaluate("e => e.selectedOptions[0].text").startswith("1층")

    # A few steps in the 1F corridor: mark one edge so, and the check names the office.
    click_plan(page, 400, 250)
    page.locator(".me-selection").get_by_role("button", name="계단 있음으로").first.click()
    page.locator("#me-map path.me-edge.has-steps").wait_for(state="attached")   # dashed
    page.get_by_role("button", name="지도 점검").click()
    assert "계단으로만 갈 수 있습니다" in page.locator("#me-check li[data-code=stairs_only]").inner_text()

    assert axe_violations(page) == []
    assert errors == []
