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
    admin.post(f"/api/v1/admin/maps/edges/{ids['hall_to_lift']}/remove")
    # Remove the stairs too: now nothing on 3F can be reached from the kiosk.
    stairs = store.one("SELECT id FROM map_edges WHERE kind = 'stairs'")["id"]
    admin.post(f"/api/v1/admin/maps/edges/{stairs}/remove")
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
    admin.post(f"/api/v1/admin/maps/edges/{ids['hall_to_lift']}/remove")
    stairs = store.one("SELECT id FROM map_edges WHERE kind = 'stairs'")["id"]
    admin.post(f"/api/v1/admin/maps/edges/{stairs}/remove")
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
