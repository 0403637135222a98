"""Floor maps: plans (SVG cleaned, broken or oversized files refused), the walking graph,
routes (shortest, step-free, across floors, unreachable) told as steps, the map check,
and the kiosk's search including Korean initial consonants."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from server.maps.graph import Edge, Graph, Node, describe, shortest
from server.maps.search import initial, matches


@pytest.fixture
def admin(signed_in):
    return signed_in("admin")


@pytest.fixture(autouse=True)
def no_sample_map(store):
    """These tests draw their own building on the sample city hall: drop its sample map."""
    with store.write() as tx:
        tx.execute("DELETE FROM map_levels WHERE site_id = 1")   # the rest cascades


def post(client, url, body=None, status=201):
    response = client.post(url, json=body)
    assert response.status_code == status, response.json
    return response.json


def building(admin, store) -> dict:
    """1F: kiosk → corridor → elevator and stairs; 3F: elevator/stairs → corridor → 건축과
    (301호, a right turn) and 토지정보과 (stairs side only). 10 px = 1 m."""
    ids = {}
    for floor in (1, 3):
        level = post(admin, "/api/v1/admin/maps/levels?site_id=1", {"ordinal": floor})["level"]
        post(admin, f"/api/v1/admin/maps/levels/{level['id']}/scale",
             {"start": [0, 0], "end": [0, 100], "metres": 10}, status=200)
        ids[floor] = level["id"]

    def node(floor, x, y):
        return post(admin, "/api/v1/admin/maps/nodes?site_id=1",
                    {"level_id": ids[floor], "x": x, "y": y})["node"]["id"]

    def edge(a, b, kind="walkway", **extra):
        return post(admin, "/api/v1/admin/maps/edges?site_id=1",
                    {"from_node": a, "to_node": b, "kind": kind, **extra})["edge"]

    n = {"kiosk": node(1, 100, 500), "hall": node(1, 100, 300), "lift1": node(1, 300, 300),
         "stairs1": node(1, 100, 100), "lift3": node(3, 300, 300), "stairs3": node(3, 100, 100),
         "corridor3": node(3, 300, 500), "office3": node(3, 500, 500),
         "land3": node(3, 100, 0)}
    ids["hall_to_lift"] = edge(n["hall"], n["lift1"])["id"]
    edge(n["kiosk"], n["hall"])
    edge(n["hall"], n["stairs1"])
    edge(n["lift1"], n["lift3"], "elevator", length_m=60)   # a slow lift
    edge(n["stairs1"], n["stairs3"], "stairs")
    edge(n["lift3"], n["corridor3"])
    edge(n["corridor3"], n["office3"])
    edge(n["stairs3"], n["land3"], "walkway", step_free=False)   # a few steps up
    edge(n["stairs3"], n["lift3"])
    departments = {r["room"]: r["id"] for r in store.query("SELECT id, room FROM departments")}
    kiosk_device = store.one("SELECT id FROM devices WHERE name = 'kiosk-1f'")["id"]
    feature = lambda body: post(admin, "/api/v1/admin/maps/features?site_id=1", body)["feature"]
    feature({"level_id": ids[1], "feature_type": "kiosk", "category": "kiosk", "x": 100, "y": 510,
             "facing": 0, "node_id": n["kiosk"], "device_id": kiosk_device})
    ids["building_unit"] = feature({
        "level_id": ids[3], "feature_type": "unit", "category": "office", "x": 520, "y": 580,
        "node_id": n["office3"], "department_id": departments["301호"]})["id"]
    feature({"level_id": ids[3], "feature_type": "unit", "category": "office", "x": 60, "y": 0,
             "node_id": n["land3"], "department_id": departments["305호"]})
    feature({"level_id": ids[1], "feature_type": "amenity", "category": "elevator",
             "names": {"ko": "엘리베이터"}, "x": 300, "y": 300, "node_id": n["lift1"]})
    ids.update(nodes=n, kiosk_device=kiosk_device, departments=departments)
    return ids


def route(client, **query):
    text = "&".join(f"{k}={v}" for k, v in query.items())
    response = client.get(f"/api/v1/maps/route?{text}")
    assert response.status_code == 200, response.json
    return response.json


def test_a_kiosk_finds_the_way_across_floors_with_steps(admin, kiosk, store):
    ids = building(admin, store)
    answer = route(kiosk, to_department=ids["departments"]["301호"])
    assert answer["found"] and answer["levels"] == [1, 3]
    # The stairs are the shorter way (about 118 m against 140 m) and allowed by default.
    assert [s["ko"] for s in answer["steps"]] == [
        "앞으로 약 40m 가세요", "계단으로 3층까지 가세요", "내려서 약 28m 가세요",
        "오른쪽으로 돌아 약 20m 가세요", "왼쪽으로 돌아 약 20m 가세요", "건축과가 오른쪽에 있습니다"]
    assert [s["en"] for s in answer["steps"]][1:3] == ["Take the stairs to 3F",
                                                        "Get off and go about 28 m"]
    assert not answer["step_free"]

    step_free = route(kiosk, to_department=ids["departments"]["301호"], step_free="true")
    assert step_free["found"] and step_free["step_free"]
    kinds = [s["kind"] for s in step_free["steps"]]
    assert "elevator" in kinds and "stairs" not in kinds
    assert step_free["steps"][0]["ko"] == "앞으로 약 20m 가세요"
    assert step_free["steps"][1]["ko"] == "오른쪽으로 돌아 약 20m 가세요"
    assert step_free["steps"][2]["ko"] == "엘리베이터를 타고 3층으로 가세요"
    assert step_free["steps"][3]["ko"] == "내려서 약 20m 가세요"
    assert step_free["steps"][-1]["en"] == "Building Division is on your right"
    assert step_free["length_m"] > answer["length_m"]


def test_unreachable_and_stairs_only_places_are_said_so(admin, kiosk, store):
    ids = building(admin, store)
    land = ids["departments"]["305호"]
    only_steps = route(kiosk, to_department=land, step_free="true")
    assert not only_steps["found"] and only_steps["reason"] == "only_with_steps"
    assert route(kiosk, to_department=land)["found"]
    admin.delete(f"/api/v1/admin/maps/edges/{ids['hall_to_lift']}")
    # Remove the stairs too: now nothing on 3F can be reached from the kiosk.
    stairs = store.one("SELECT id FROM map_edges WHERE kind = 'stairs'")["id"]
    admin.delete(f"/api/v1/admin/maps/edges/{stairs}")
    gone = route(kiosk, to_department=ids["departments"]["301호"])
    assert not gone["found"] and gone["reason"] == "unreachable" and gone["message"]["ko"]
    not_drawn = kiosk.get(f"/api/v1/maps/route?to_department={ids['departments']['201호']}")
    assert not_drawn.status_code == 404 and not_drawn.json["message"]


def test_marking_a_stretch_with_steps_changes_the_step_free_route(admin, kiosk, store):
    ids = building(admin, store)
    building_division = ids["departments"]["301호"]
    assert route(kiosk, to_department=building_division, step_free="true")["found"]
    changed = admin.patch(f"/api/v1/admin/maps/edges/{ids['hall_to_lift']}",
                          json={"step_free": False})
    assert changed.status_code == 200 and changed.json["edge"]["id"] == ids["hall_to_lift"]
    assert changed.json["edge"]["step_free"] is False
    assert not route(kiosk, to_department=building_division, step_free="true")["found"]
    assert admin.patch(f"/api/v1/admin/maps/edges/{ids['hall_to_lift']}",
                       json={"step_free": "maybe"}).status_code == 400


def test_the_check_reports_what_is_wrong(admin, store):
    ids = building(admin, store)
    codes = lambda: {p["code"] for p in admin.get("/api/v1/maps/check?site_id=1").json["problems"]}
    first = codes()
    assert "stairs_only" in first          # 토지정보과: only up the steps
    assert "no_plan" in first and "department_not_on_map" in first
    assert "graph_split" not in first and "unreachable" not in first
    admin.delete(f"/api/v1/admin/maps/edges/{ids['hall_to_lift']}")
    stairs = store.one("SELECT id FROM map_edges WHERE kind = 'stairs'")["id"]
    admin.delete(f"/api/v1/admin/maps/edges/{stairs}")
    assert {"graph_split", "unreachable"} <= codes()
    assert admin.get("/api/v1/maps/check?site_id=1").json["ok"] is False


def test_edges_must_fit_their_kind_and_scale(admin, store):
    level = post(admin, "/api/v1/admin/maps/levels?site_id=1", {"ordinal": 2})["level"]
    a = post(admin, "/api/v1/admin/maps/nodes?site_id=1", {"level_id": level["id"], "x": 0, "y": 0})["node"]
    b = post(admin, "/api/v1/admin/maps/nodes?site_id=1", {"level_id": level["id"], "x": 30, "y": 40})["node"]
    no_scale = admin.post("/api/v1/admin/maps/edges?site_id=1", json={"from_node": a["id"], "to_node": b["id"]})
    assert no_scale.status_code == 422 and "scale" in no_scale.json["message"]
    lift = admin.post("/api/v1/admin/maps/edges?site_id=1",
                      json={"from_node": a["id"], "to_node": b["id"], "kind": "elevator"})
    assert lift.status_code == 400
    given = post(admin, "/api/v1/admin/maps/edges?site_id=1",
                 {"from_node": a["id"], "to_node": b["id"], "length_m": 7})["edge"]
    assert given["length_m"] == 7 and given["step_free"] is True
    post(admin, f"/api/v1/admin/maps/levels/{level['id']}/scale",
         {"start": [0, 0], "end": [10, 0], "metres": 1}, status=200)
    moved = admin.patch(f"/api/v1/admin/maps/nodes/{b['id']}", json={"x": 60, "y": 80})
    assert moved.status_code == 200
    assert store.one("SELECT length_m FROM map_edges WHERE id = ?", (given["id"],))["length_m"] == 10
    wrong = admin.post("/api/v1/admin/maps/features?site_id=1", json={
        "level_id": level["id"], "feature_type": "kiosk", "category": "office", "x": 0, "y": 0})
    assert wrong.status_code == 400 and "kiosk" in wrong.json["message"]


def test_an_svg_plan_is_cleaned_of_scripts_and_outside_references(admin, app, store):
    level = post(admin, "/api/v1/admin/maps/levels?site_id=1", {"ordinal": 1})["level"]
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
           b'width="800" height="600" onload="alert(1)"><script>alert(2)</script>'
           b'<rect width="800" height="600" fill="#fff" onclick="steal()"/>'
           b'<foreignObject><p>html</p></foreignObject><image href="http://evil.example/x.png"/>'
           b'<use xlink:href="http://evil.example/a.svg#b"/><a href="javascript:alert(3)"><text>x</text></a>'
           b'<path d="M0 0L10 10" style="fill:url(http://evil.example/f)"/></svg>')
    response = admin.post(f"/api/v1/admin/maps/levels/{level['id']}/plan",
                          data={"plan": (io.BytesIO(svg), "plan.svg")})
    assert response.status_code == 200, response.json
    saved = response.json["level"]
    assert (saved["width"], saved["height"]) == (800, 600)
    served = app.test_client().get(saved["image"])
    body = served.data.lower()
    for bad in (b"script", b"onload", b"onclick", b"foreignobject", b"evil", b"javascript", b"<image"):
        assert bad not in body, bad
    assert b"<rect" in body and b"<path" in body
    assert "default-src 'none'" in served.headers["Content-Security-Policy"]


def test_broken_or_oversized_plans_are_refused_with_a_message(admin, store):
    level = post(admin, "/api/v1/admin/maps/levels?site_id=1", {"ordinal": 1})["level"]
    png = io.BytesIO()
    Image.new("RGB", (40, 30)).save(png, "PNG")
    cases = [(png.getvalue()[:50], "cut.png"), (b"\x00" * (10 * 1024 * 1024 + 1), "huge.png"),
             (b"<svg xmlns='http://www.w3.org/2000/svg'><rect", "broken.svg"),
             (b"<!DOCTYPE svg [<!ENTITY x 'y'>]><svg xmlns='http://www.w3.org/2000/svg'/>", "dtd.svg"),
             (b"<html><script/></html>", "page.svg")]
    for data, name in cases:
        response = admin.post(f"/api/v1/admin/maps/levels/{level['id']}/plan",
                              data={"plan": (io.BytesIO(data), name)})
        assert response.status_code == 422, name
        assert response.json["message"], name
    assert store.one("SELECT image FROM map_levels WHERE id = ?", (level["id"],))["image"] is None
    good = admin.post(f"/api/v1/admin/maps/levels/{level['id']}/plan",
                      data={"plan": (io.BytesIO(png.getvalue()), "plan.png")})
    assert good.status_code == 200 and good.json["level"]["width"] == 40


def test_search_by_name_duty_language_and_initial_consonants(kiosk):
    def found(q):
        response = kiosk.get(f"/api/v1/maps/search?q={q}")
        assert response.status_code == 200, response.json
        return {(r["type"], r.get("name") or r["names"]["ko"]) for r in response.json["results"]}

    assert ("department", "민원지적과") in found("ㅁㅇ")
    assert ("service", "외국인 민원") in found("ㅁㅇ")
    assert ("service", "여권") in found("Passport")
    assert ("service", "여권") in found("护照")
    assert ("department", "세무과") in found("Налог")
    assert ("staff", "정우진") in found("여권 접수")          # by duty
    assert ("staff", "이서연") in found("ㅇㅅㅇ")            # by name, initials
    assert ("department", "건축과") in found("301")           # by room
    results = kiosk.get("/api/v1/maps/search?q=세무").json["results"]
    assert results[0]["floor"] == 2 and results[0]["phone"]
    assert not [r for r in kiosk.get("/api/v1/maps/search?q=ㅋㅋㅋ").json["results"]]
    assert kiosk.get("/api/v1/maps/search?q=").status_code == 400


def test_initials_and_matching_rules():
    assert initial("민") == "ㅁ" and initial("원") == "ㅇ" and initial("A") == "A"
    assert initial("까") == "ㄲ" and initial("힣") == "ㅎ"
    assert matches("ㅁㅇ", "민원실") and matches("민ㅇ", "민원") and matches("ㅈㅁㄷㄹ", "주민등록")
    assert not matches("ㅇㅁ", "민원") and not matches("", "민원")


def test_the_floor_directory_lists_offices_by_floor(admin, kiosk, store):
    building(admin, store)
    floors = kiosk.get("/api/v1/maps/directory").json["floors"]
    assert [f["floor"] for f in floors] == [1, 2, 3]
    assert {d["room"] for d in floors[2]["departments"]} == {"301호", "305호"}
    assert floors[0]["amenities"][0]["category"] == "elevator"


def test_shortest_picks_the_cheaper_of_two_ways():
    nodes = {i: Node(i, 1, x, 0) for i, x in enumerate((0, 10, 20, 30))}
    graph = Graph(nodes, [Edge(1, 0, 1, "walkway", 1, True), Edge(2, 1, 3, "walkway", 1, True),
                          Edge(3, 0, 2, "walkway", 5, True), Edge(4, 2, 3, "walkway", 0.5, True)])
    found = shortest(graph, 0, 3)
    assert [n.id for n in found.nodes] == [0, 1, 3] and found.length_m == 2
    assert shortest(graph, 0, 99) is None
    steps = describe(found, {1: 1}, facing=90, destination=("창구", "Desk"), target=None)
    assert steps[0]["ko"] == "앞으로 약 2m 가세요" and steps[-1]["en"] == "Desk is nearby"


# ---- doors in routes, directory screens as starts ----------------------------------------

def corridor_building(admin, store) -> dict:
    """1F and 2F, 10 px = 1 m, each with a corridor along y = 300 (x 100 to 900), rooms
    above (north) and below (south) with doors on it. 1F: the kiosk at the west end facing
    north, a second kiosk at the east end facing west, stairs at the west end and the
    elevator at the east end. Door nodes lie on the corridor, except one 1 m off it (still
    passed) and one 4 m off it (not passed)."""
    ids, nodes = {}, {}
    for floor in (1, 2):
        ids[floor] = post(admin, "/api/v1/admin/maps/levels?site_id=1",
                          {"ordinal": floor, "pixels_per_metre": 10})["level"]["id"]

    def node(floor, x, y):
        if (floor, x, y) not in nodes:
            nodes[floor, x, y] = post(admin, "/api/v1/admin/maps/nodes?site_id=1", {
                "level_id": ids[floor], "x": x, "y": y})["node"]["id"]
        return nodes[floor, x, y]

    def edge(a, b, kind="walkway"):
        post(admin, "/api/v1/admin/maps/edges?site_id=1",
             {"from_node": node(*a), "to_node": node(*b), "kind": kind})

    def feature(floor, **body):
        return post(admin, "/api/v1/admin/maps/features?site_id=1",
                    {"level_id": ids[floor], **body})["feature"]["id"]

    def unit(floor, name, x, door_y, *, door_node=None, department=None):
        """A room above (door_y 260) or below (340) the corridor, its door at x."""
        room = feature(floor, feature_type="unit", category="office", names={"ko": name},
                       x=x, y=150 if door_y < 300 else 450, department_id=department)
        feature(floor, feature_type="opening", category="door", x=x, y=door_y, unit_id=room,
                node_id=node(floor, *(door_node or (x, 300))))
        return room

    for floor, xs in ((1, (100, 300, 500, 700, 900)), (2, (100, 300, 500, 700, 900))):
        for a, b in zip(xs, xs[1:]):
            edge((floor, a, 300), (floor, b, 300))
        edge((floor, 100, 300), (floor, 100, 200))          # stairs landing
        edge((floor, 900, 300), (floor, 900, 200))          # elevator door
    edge((1, 100, 200), (2, 100, 200), "stairs")
    edge((1, 900, 200), (2, 900, 200), "elevator")
    edge((1, 100, 400), (1, 100, 300))                      # from the west kiosk
    edge((1, 500, 300), (1, 600, 310))                      # a door node 1 m off the way
    edge((1, 600, 300 + 40), (1, 500, 300))                 # and one 4 m off it
    edge((2, 700, 300), (2, 700, 280))                      # a door on the wall, 2 m off
    departments = {r["room"]: r["id"] for r in store.query("SELECT id, room FROM departments")}
    kiosk_device = store.one("SELECT id FROM devices WHERE name = 'kiosk-1f'")["id"]
    feature(1, feature_type="kiosk", category="kiosk", x=100, y=410, facing=0,
            node_id=node(1, 100, 400), device_id=kiosk_device)
    ids["east_kiosk"] = feature(1, feature_type="kiosk", category="kiosk", x=910, y=300,
                                facing=270, node_id=node(1, 900, 300))
    unit(1, "A", 300, 260)
    unit(1, "B", 300, 340)
    unit(1, "C", 500, 260)
    unit(1, "G", 600, 340, door_node=(600, 310))
    unit(1, "H", 650, 340, door_node=(600, 340))
    ids["north"] = unit(1, "북쪽 사무실", 700, 260, department=departments["201호"])
    ids["south"] = unit(1, "남쪽 사무실", 700, 340, department=departments["205호"])
    unit(2, "L", 300, 340)
    ids["M"] = unit(2, "M", 300, 260)
    ids["Q"] = unit(2, "Q", 700, 280, door_node=(700, 280))
    ids["upstairs"] = unit(2, "위층 사무실", 500, 340, department=departments["301호"])
    ids["no_door"] = feature(1, feature_type="unit", category="office", names={"ko": "문 없는 방"},
                             x=900, y=360, node_id=node(1, 900, 300),
                             department_id=departments["305호"])
    ids.update(departments=departments, nodes=nodes)
    return ids


def test_the_last_step_counts_the_doors_on_its_side(admin, kiosk, store):
    ids = corridor_building(admin, store)
    north = route(kiosk, to_feature=ids["north"])
    # Up from the kiosk, right along the corridor past A and C on the left.
    assert [s["ko"] for s in north["steps"]] == [
        "앞으로 약 10m 가세요", "오른쪽으로 돌아 약 60m 가세요", "왼쪽 세 번째 사무실이 북쪽 사무실입니다"]
    assert north["steps"][-1]["en"] == "북쪽 사무실 is the third door on your left"
    assert north["path"][-1] == {"node_id": ids["nodes"][1, 700, 300], "level_id": ids[1],
                                 "x": 700, "y": 300}               # ends at the door
    assert north["door"] == {"x": 700, "y": 260}
    # On the right: B on the corridor and G 1 m off it are passed; H, 4 m off, is not.
    south = route(kiosk, to_feature=ids["south"])
    assert south["steps"][-1]["ko"] == "오른쪽 세 번째 사무실이 남쪽 사무실입니다"
    assert (south["steps"][-1]["side"], south["steps"][-1]["nth"]) == ("right", 3)


def test_from_the_other_end_the_sides_swap_and_the_count_restarts(admin, kiosk, store):
    ids = corridor_building(admin, store)
    south = route(kiosk, from_feature=ids["east_kiosk"], to_feature=ids["south"])
    assert [s["ko"] for s in south["steps"]] == ["앞으로 약 20m 가세요",
                                                 "왼쪽 첫 번째 사무실이 남쪽 사무실입니다"]
    north = route(kiosk, from_feature=ids["east_kiosk"], to_feature=ids["north"])
    assert north["steps"][-1]["ko"] == "오른쪽 첫 번째 사무실이 북쪽 사무실입니다"
    assert north["steps"][-1]["ru"] == "북쪽 사무실 — первая дверь справа"   # no Russian name


def test_across_floors_the_step_free_way_counts_its_own_doors(admin, kiosk, store):
    ids = corridor_building(admin, store)
    stairs = route(kiosk, to_feature=ids["upstairs"])
    assert [s["ko"] for s in stairs["steps"]] == [
        "앞으로 약 20m 가세요", "계단으로 2층까지 가세요",
        "내려서 약 10m 가세요", "왼쪽으로 돌아 약 40m 가세요",
        "오른쪽 두 번째 사무실이 위층 사무실입니다"]            # past L, not M
    lift = route(kiosk, to_feature=ids["upstairs"], step_free="true")
    assert lift["step_free"] and [s["kind"] for s in lift["steps"]][-4:] == [
        "elevator", "walk", "walk", "arrive"]
    assert lift["steps"][-1]["ko"] == "왼쪽 첫 번째 사무실이 위층 사무실입니다"
    assert lift["steps"][-1]["en"] == "위층 사무실 is the first door on your left"


def test_a_door_joined_by_a_short_walkway_is_counted_from_the_corridor(admin, kiosk, store):
    """Q's door is on the corridor wall, 2 m off its middle, joined by a walkway."""
    ids = corridor_building(admin, store)
    q = route(kiosk, to_feature=ids["Q"])                 # by the stairs: east, past M
    assert q["path"][-1]["y"] == 280                      # drawn to the door
    assert [s["ko"] for s in q["steps"]][-2:] == ["왼쪽으로 돌아 약 60m 가세요",
                                                 "왼쪽 두 번째 사무실이 Q입니다"]
    # From the elevator (west): Q's door is passed on the right before M's.
    m = route(kiosk, to_feature=ids["M"], step_free="true")
    assert m["steps"][-1]["ko"] == "오른쪽 두 번째 사무실이 M입니다"


def test_a_unit_without_a_door_is_reached_at_its_own_node(admin, kiosk, store):
    ids = corridor_building(admin, store)
    answer = route(kiosk, to_feature=ids["no_door"])
    assert answer["door"] is None and answer["path"][-1]["x"] == 900
    assert answer["steps"][-1]["ko"] == "문 없는 방이 오른쪽에 있습니다"
    assert "nth" not in answer["steps"][-1]
    # A unit with a door needs no node of its own.
    with store.write() as tx:
        tx.execute("UPDATE map_features SET node_id = NULL WHERE id = ?", (ids["north"],))
    assert route(kiosk, to_feature=ids["north"])["steps"][-1]["nth"] == 3
    problems = admin.get("/api/v1/maps/check?site_id=1").json["problems"]
    assert [p for p in problems if p.get("feature_id") == ids["north"]] == []


def test_a_directory_screen_placed_on_the_map_is_a_start(admin, store, app):
    client = app.test_client()                  # the API is public: no token needed
    ids = corridor_building(admin, store)
    screen = store.one("SELECT id FROM devices WHERE name = 'directory-1f'")["id"]
    placed = post(admin, "/api/v1/admin/maps/features?site_id=1", {
        "level_id": ids[1], "feature_type": "kiosk", "category": "directory", "x": 90,
        "y": 300, "facing": 90, "device_id": screen,
        "node_id": ids["nodes"][1, 100, 300]})["feature"]
    assert placed["category"] == "directory"
    answer = route(client, from_device=screen, to_feature=ids["north"])
    assert answer["from"]["id"] == placed["id"]
    assert [s["ko"] for s in answer["steps"]] == ["앞으로 약 60m 가세요",
                                                  "왼쪽 세 번째 사무실이 북쪽 사무실입니다"]
    directory = client.get(f"/api/v1/maps/directory?from_device={screen}&floor=1").json
    assert directory["here"]["id"] == placed["id"] and directory["here"]["placed"]
    by_room = {d["room"]: d for floor in directory["floors"] for d in floor["departments"]}
    assert by_room["201호"]["route"]["steps"] == answer["steps"]
    assert by_room["201호"]["route"]["summary"] == "앞으로, 왼쪽 세 번째 사무실"
    # Step-free (the screen cannot ask who reads it): the elevator at the far end.
    assert by_room["301호"]["route"]["summary"] == "엘리베이터로 2층, 내려서 오른쪽, 왼쪽 첫 번째 사무실"
    assert by_room["민원실"]["route"] is None                      # not on this map
    # A category that is not a kiosk's is refused, and nothing changes.
    refused = admin.post("/api/v1/admin/maps/features?site_id=1", json={
        "level_id": ids[1], "feature_type": "amenity", "category": "directory", "x": 1, "y": 1})
    assert refused.status_code == 400 and "amenity" in refused.json["message"]


# ---- the editor's tools: edge split, outlines and their centroid, doors (openings) ----------

def _map_rows(store) -> tuple:
    return tuple(tuple(tuple(r.values()) for r in store.query(f"SELECT * FROM {table} ORDER BY id"))
                 for table in ("map_nodes", "map_edges", "map_features"))


def test_splitting_an_edge_keeps_its_length_kind_and_steps_in_one_change(admin, store, engine):
    ids = building(admin, store)
    n = ids["nodes"]
    steps = store.one("SELECT * FROM map_edges WHERE from_node = ? AND to_node = ?",
                      (n["stairs3"], n["land3"]))          # 10 m walkway with steps, (100,100)-(100,0)
    since = store.one("SELECT max(seq) AS seq FROM events")["seq"]
    split = post(admin, f"/api/v1/admin/maps/edges/{steps['id']}/split", {"x": 104, "y": 70},
                 status=200)
    node = split["node"]
    assert (node["x"], node["y"], node["level_id"]) == (100, 70, ids[3])   # on the edge
    first, second = split["edges"]
    assert (first["from_node"], first["to_node"]) == (n["stairs3"], node["id"])
    assert (second["from_node"], second["to_node"]) == (node["id"], n["land3"])
    assert first["length_m"] == pytest.approx(3) and second["length_m"] == pytest.approx(7)
    assert {e["kind"] for e in split["edges"]} == {"walkway"}
    assert [e["step_free"] for e in split["edges"]] == [False, False]
    assert store.one("SELECT id FROM map_edges WHERE id = ?", (steps["id"],)) is None
    events = store.query("SELECT type, data FROM events WHERE seq > ?", (since,))
    assert [e["type"] for e in events] == ["config.changed"]
    assert '"split"' in events[0]["data"]
    # Routes still go the same way, as long as before.
    assert route(admin, to_department=ids["departments"]["305호"],
                 from_device=ids["kiosk_device"])["found"]

    # A failure in the middle leaves the edge whole: the split is one transaction.
    lift = store.one("SELECT * FROM map_edges WHERE from_node = ? AND to_node = ?",
                     (n["lift3"], n["corridor3"]))
    with store.write() as tx:
        tx.execute("CREATE TRIGGER keep_edges BEFORE DELETE ON map_edges "
                   "BEGIN SELECT RAISE(ABORT, 'edges are kept'); END")
    before = _map_rows(store)
    from server.maps.editing import MapEditor
    from server.maps.forms import EdgeSplit
    with pytest.raises(Exception, match="edges are kept"):
        MapEditor(store, engine).split_edge(lift["id"], EdgeSplit(x=300, y=400))
    assert _map_rows(store) == before


def test_a_bad_split_is_refused_and_changes_nothing(admin, store):
    ids = building(admin, store)
    n = ids["nodes"]
    walk = store.one("SELECT id FROM map_edges WHERE from_node = ? AND to_node = ?",
                     (n["hall"], n["lift1"]))["id"]
    lift = store.one("SELECT id FROM map_edges WHERE kind = 'elevator'")["id"]
    before = _map_rows(store)
    cases = [(walk, {"x": 300, "y": 300}, 400, "end of the edge"),     # on a node
             (walk, {"x": 90, "y": 290}, 400, "end of the edge"),      # beyond an end
             (lift, {"x": 300, "y": 300}, 400, "between floors"),
             (walk, {"x": "here", "y": 300}, 400, "x"),
             (walk, {"y": 300}, 400, "x"),
             (walk, {"x": 200, "y": 300, "z": 1}, 400, "z"),
             (999999, {"x": 200, "y": 300}, 404, "999999")]
    for edge, body, status, words in cases:
        response = admin.post(f"/api/v1/admin/maps/edges/{edge}/split", json=body)
        assert response.status_code == status, (body, response.json)
        assert words in response.json["message"], response.json
    assert _map_rows(store) == before


def test_an_outline_gives_the_display_point_which_follows_its_edits(admin, store):
    level = post(admin, "/api/v1/admin/maps/levels?site_id=1", {"ordinal": 1})["level"]
    unit = post(admin, "/api/v1/admin/maps/features?site_id=1", {
        "level_id": level["id"], "feature_type": "unit", "category": "office",
        "outline": [[100, 100], [300, 100], [300, 200], [100, 200]]})["feature"]
    assert (unit["x"], unit["y"]) == (200, 150)
    assert unit["outline"] == [[100, 100], [300, 100], [300, 200], [100, 200]]
    wider = admin.patch(f"/api/v1/admin/maps/features/{unit['id']}", json={
        "outline": [[100, 100], [500, 100], [500, 200], [100, 200]]}).json["feature"]
    assert (wider["x"], wider["y"]) == (300, 150)
    # A display point moved by hand stays where it was put.
    admin.patch(f"/api/v1/admin/maps/features/{unit['id']}", json={"x": 120, "y": 120})
    kept = admin.patch(f"/api/v1/admin/maps/features/{unit['id']}", json={
        "outline": [[100, 100], [300, 100], [300, 200], [100, 200]]}).json["feature"]
    assert (kept["x"], kept["y"]) == (120, 120)
    neither = admin.post("/api/v1/admin/maps/features?site_id=1", json={
        "level_id": level["id"], "feature_type": "amenity", "category": "exit"})
    assert neither.status_code == 400 and "outline" in neither.json["message"]


def test_a_door_belongs_to_a_unit_on_its_own_level(admin, store):
    ids = building(admin, store)
    office = ids["building_unit"]                         # a unit on 3F
    feature = lambda **body: admin.post("/api/v1/admin/maps/features?site_id=1", json={
        "level_id": ids[3], "feature_type": "opening", "category": "door", "x": 500, "y": 560,
        **body})
    door = feature(unit_id=office, node_id=ids["nodes"]["office3"])
    assert door.status_code == 201 and door.json["feature"]["unit_id"] == office
    assert admin.get("/api/v1/maps?site_id=1").json["features"][-1]["unit_id"] == office
    before = _map_rows(store)
    lift = store.one("SELECT id FROM map_features WHERE category = 'elevator'")["id"]
    refused = [
        (feature(unit_id=lift), 422, "not a unit"),                       # an amenity
        (feature(unit_id=office, level_id=ids[1]), 422, "not a unit"),    # another floor
        (feature(unit_id=999999), 422, "not a unit"),
        (admin.post("/api/v1/admin/maps/features?site_id=1", json={       # only openings
            "level_id": ids[3], "feature_type": "amenity", "category": "exit", "x": 0, "y": 0,
            "unit_id": office}), 400, "only an opening"),
        (admin.patch(f"/api/v1/admin/maps/features/{office}", json={"unit_id": office}),
         400, "only an opening"),
        (admin.patch(f"/api/v1/admin/maps/features/{door.json['feature']['id']}",
                     json={"unit_id": lift}), 422, "not a unit"),
        (feature(unit_id="one"), 400, "unit_id")]
    for response, status, words in refused:
        assert response.status_code == status, response.json
        assert words in response.json["message"], response.json
    assert _map_rows(store) == before
    # The door goes with its unit.
    admin.delete(f"/api/v1/admin/maps/features/{office}")
    assert store.one("SELECT id FROM map_features WHERE id = ?",
                     (door.json["feature"]["id"],)) is None


def test_a_saved_place_answers_which_languages_its_name_lacks(admin):
    """Like the console's other saves: saved all the same, the gaps named (the kiosk's map
    shows them in Korean); an unnamed place has nothing to translate; bad input changes nothing."""
    level = post(admin, "/api/v1/admin/maps/levels?site_id=1", {"ordinal": 2})["level"]
    place = lambda body: post(admin, "/api/v1/admin/maps/features?site_id=1",
                              {"level_id": level["id"], "feature_type": "unit", "category": "office",
                               "x": 10, "y": 10, **body})["feature"]
    room = place({"names": {"ko": "민원실", "en": "Civil affairs", "zh": "民政室"}})
    assert room["missing_translations"] == {lang: ["names"] for lang in ("vi", "ru", "th")}
    assert place({})["missing_translations"] == {}

    changed = admin.patch(f"/api/v1/admin/maps/features/{room['id']}", json={
        "names": {"ko": "민원실", "en": "Civil affairs", "zh": "民政室", "vi": "Phòng dân sự",
                  "ru": "Приёмная", "th": "ห้องบริการ"}})
    assert changed.status_code == 200 and changed.json["feature"]["missing_translations"] == {}
    renamed = admin.patch(f"/api/v1/admin/maps/features/{room['id']}", json={"names": {"ko": "민원 안내실"}})
    assert renamed.json["feature"]["missing_translations"] == {
        lang: ["names"] for lang in ("en", "zh", "vi", "ru", "th")}

    refused = admin.patch(f"/api/v1/admin/maps/features/{room['id']}", json={"names": {"xx": "?"}})
    assert refused.status_code == 400 and refused.json["error"] == "invalid_request"
    kept = admin.get("/api/v1/maps?site_id=1").json
    assert next(f for f in kept["features"] if f["id"] == room["id"])["names"]["ko"] == "민원 안내실"
