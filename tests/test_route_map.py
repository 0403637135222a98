"""The route map (server/maps/routemap.py) on every route of the sample city hall: from
each kiosk and directory screen to each office, with and without steps, in every
language, the destination is filled, no two labels overlap and every label stays on the
plan, and only the floors walked on are drawn."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

import pytest

from server.infra.store import LANGUAGES
from server.maps import routemap, wayfinding
from server.refusal import Refusal

SVG = "{http://www.w3.org/2000/svg}"


def demo_routes(store):
    starts = store.query("SELECT device_id FROM map_features WHERE feature_type = 'kiosk' "
                         "AND device_id IS NOT NULL")
    offices = store.query("SELECT id FROM departments")
    for start, office, step_free in itertools.product(starts, offices, (False, True)):
        try:
            answer = wayfinding.route_from(store, from_device=start["device_id"],
                                           from_feature=None, to_department=office["id"],
                                           to_feature=None, step_free=step_free)
        except Refusal:                      # an office of another site, not on this map
            continue
        if answer["found"]:
            yield answer


def label_boxes(svg: ET.Element, lang: str) -> list[tuple[float, float, float, float]]:
    group = next(g for g in svg.iter(f"{SVG}g") if g.get("data-lang") == lang)
    boxes = []
    for rect in group.iter(f"{SVG}rect"):
        if rect.get("class") == "route-label-box":
            x, y = float(rect.get("x")), float(rect.get("y"))
            boxes.append((x, y, x + float(rect.get("width")), y + float(rect.get("height"))))
    return boxes


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_every_demo_route_is_drawn_readably(store):
    routes = list(demo_routes(store))
    assert len(routes) >= 30
    for answer in routes:
        for floor in answer["drawing"]:
            svg = ET.fromstring(floor["svg"])
            width, height = (float(v) for v in svg.get("viewBox").split()[2:])
            goal_floor = floor["level_id"] == answer["to"]["level_id"]
            goals = [e for e in svg.iter() if e.get("class") == "route-goal"]
            assert len(goals) == (1 if goal_floor else 0)
            if goal_floor:                      # the destination room, filled
                assert goals[0].tag == f"{SVG}polygon" and goals[0].get("fill") not in (None, "none")
            for lang in LANGUAGES:
                boxes = label_boxes(svg, lang)
                kinds = [g.get("class") for g in svg.iter(f"{SVG}g")
                         if (g.get("class") or "").startswith("route-label ")]
                assert boxes, (floor["floor"], lang)
                for a, b in itertools.combinations(boxes, 2):
                    assert not overlaps(a, b), (answer["to"]["id"], floor["floor"], lang, a, b)
                for x0, y0, x1, y1 in boxes:
                    assert 0 <= x0 and 0 <= y0 and x1 <= width and y1 <= height
            group = next(g for g in svg.iter(f"{SVG}g") if g.get("data-lang") == "ko")
            text = " ".join(t.text for t in group.iter(f"{SVG}text"))
            if goal_floor:
                assert "도착" in text
            if floor["level_id"] == answer["from"]["level_id"]:
                assert "현재 위치" in text and any(
                    e.get("class") == "route-facing" for e in svg.iter())
            assert kinds


def test_a_floor_only_passed_by_stairs_is_a_step_not_a_map(store):
    """1층 키오스크 -> 3층 건축과 by the stairs passes the 2nd floor without walking there."""
    kiosk = store.one("SELECT id FROM devices WHERE name = 'kiosk-1f'")["id"]
    building = store.one("SELECT id FROM departments WHERE floor = 3 ORDER BY id")["id"]
    answer = wayfinding.route_from(store, from_device=kiosk, from_feature=None,
                                   to_department=building, to_feature=None, step_free=False)
    assert answer["levels"] == [1, 2, 3]
    assert [floor["floor"] for floor in answer["drawing"]] == [1, 3]
    assert any(step["kind"] in ("stairs", "elevator") and step["floor"] == 3
               for step in answer["steps"])


def test_labels_try_positions_and_take_the_first_free_one():
    size = 40
    first = routemap.Label("here", ["현재 위치"], (500, 300), (20, 20), size)
    second = routemap.Label("amenity", ["계단"], (520, 300), (20, 20), size, rings=2)
    crowded = routemap.Label("amenity", ["화장실"], (510, 300), (20, 20), size, rings=1)
    placed = routemap.place_labels([first, second, crowded], [], [], 1000, 600)
    assert first.box.x0 > 500                       # right of its point: the first try
    assert second in placed and not second.box.overlaps(first.box)
    for a, b in itertools.combinations(placed, 2):
        assert not a.box.overlaps(b.box)


def test_long_names_wrap_between_words_and_inside_long_words():
    assert routemap.wrap("Civil Affairs Division", 40, 400) == ["Civil Affairs", "Division"]
    lines = routemap.wrap("민원지적과민원지적과민원지적과", 40, 200)
    assert len(lines) > 1 and all(routemap.text_width(line, 40) <= 200 for line in lines)


@pytest.fixture
def phone_ticket(app, kiosk):
    service = kiosk.get("/api/v1/services?site_id=1").json["services"][0]["id"]
    response = kiosk.post("/api/v1/tickets", json={"service_id": service})
    assert response.status_code == 201, response.json
    return response.json["ticket"]


def test_the_phone_gets_the_kiosks_drawing(app, kiosk, phone_ticket):
    code = phone_ticket["link"].rstrip("/").rsplit("/", 1)[-1].split("?")[0]
    client = app.test_client()
    drawn = client.get(f"/api/v1/visitor/tickets/{code}/route-map")
    assert drawn.status_code == 200
    assert drawn.json["drawing"][0]["svg"].startswith("<svg")
    assert client.get("/api/v1/visitor/tickets/nonesuch99/route-map").status_code == 404
    # A ticket no longer waiting has no way to show: a 404 that says why.
    assert client.post(f"/api/v1/visitor/tickets/{code}/cancel", json={}).status_code == 200
    gone = client.get(f"/api/v1/visitor/tickets/{code}/route-map")
    assert gone.status_code == 404 and gone.json["error"] == "not_on_map"
