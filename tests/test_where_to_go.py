"""The sample city hall's floor maps pass the map check and reach every office from the
kiosk (step-free too), and a paper ticket's "where to go" line is that route in one line,
falling back to floor and room where the map cannot say."""

from __future__ import annotations

import json

import pytest

from server.maps import wayfinding
from server.maps.graph import summary


@pytest.fixture
def departments(store) -> dict:
    return {r["room"]: r["id"] for r in store.query("SELECT id, room FROM departments "
                                                    "WHERE site_id = 1")}


def printed_where(kiosk, store, service_id: int) -> str:
    response = kiosk.post("/api/v1/tickets", json={"service_id": service_id})
    assert response.status_code == 201, response.json
    job = store.one("SELECT content FROM print_jobs WHERE ticket_id = ?",
                    (response.json["ticket"]["id"],))
    return json.loads(job["content"])["where_to_go"]


def test_the_sample_map_passes_the_check_and_reaches_every_office(admin_client, kiosk, departments):
    check = admin_client.get("/api/v1/maps/check?site_id=1").json
    assert check == {"ok": True, "problems": []}
    for room, department in departments.items():
        for step_free in ("false", "true"):
            answer = kiosk.get(f"/api/v1/maps/route?to_department={department}"
                               f"&step_free={step_free}").json
            assert answer["found"], (room, step_free)
    plans = kiosk.get("/api/v1/maps").json["levels"]
    assert [level["ordinal"] for level in plans] == [1, 2, 3]
    served = kiosk.get(plans[2]["image"])
    assert served.status_code == 200 and "건축과".encode() in served.data
    # A small drawing, no rendered image: about 2 KB, and 4 KB of the font its labels need.
    assert len(served.data) < 10_000


def test_a_ticket_says_the_way_from_its_kiosk(kiosk, store, service_ids):
    """The sample offices have doors: the line ends with the door to count."""
    assert printed_where(kiosk, store, service_ids["건축 민원"]) == \
        "3층 건축과 301호 · 엘리베이터로 3층, 내려서 왼쪽, 왼쪽 첫 번째 사무실"
    assert printed_where(kiosk, store, service_ids["토지 민원"]) == \
        "3층 토지정보과 305호 · 엘리베이터로 3층, 내려서 왼쪽, 오른쪽 두 번째 사무실"
    assert printed_where(kiosk, store, service_ids["인감증명"]) == \
        "1층 민원지적과 민원실 · 앞으로 가다 오른쪽, 오른쪽 첫 번째 사무실"


def test_the_phone_page_gives_the_same_way_in_the_visitors_language(kiosk, store, service_ids):
    ticket = kiosk.post("/api/v1/tickets", json={"service_id": service_ids["토지 민원"]}).json["ticket"]
    code = ticket["link"].rsplit("/", 1)[1]
    way = kiosk.client.get(f"/api/v1/visitor/tickets/{code}").json["ticket"]["way"]
    assert [step["ko"] for step in way][-1] == "오른쪽 두 번째 사무실이 토지정보과입니다"
    assert way[-1]["en"] == "Land Information Division is the second door on your right"
    assert all(set(step) == {"ko", "en", "zh", "vi", "ru", "th"} for step in way)


def test_without_doors_the_ticket_says_how_far(kiosk, store, service_ids):
    with store.write() as tx:
        tx.execute("DELETE FROM map_features WHERE feature_type = 'opening'")
    assert printed_where(kiosk, store, service_ids["건축 민원"]) == \
        "3층 건축과 301호 · 엘리베이터로 3층, 내려서 왼쪽"
    assert printed_where(kiosk, store, service_ids["인감증명"]) == \
        "1층 민원지적과 민원실 · 앞으로 가다 오른쪽, 약 26m"


def test_without_a_map_the_ticket_says_floor_and_room(kiosk, store, service_ids):
    with store.write() as tx:
        tx.execute("DELETE FROM map_levels WHERE site_id = 1")
    assert printed_where(kiosk, store, service_ids["건축 민원"]) == "3층 301호"


def test_a_reprint_at_another_kiosk_says_the_way_from_there(signed_in, kiosk, store,
                                                             service_ids):
    """A kiosk not on the map: the reprint falls back to floor and room."""
    response = kiosk.post("/api/v1/tickets", json={"service_id": service_ids["지방세 민원"]})
    ticket = response.json["ticket"]
    with store.write() as tx:
        tx.execute("UPDATE map_features SET device_id = NULL WHERE feature_type = 'kiosk'")
    reprint = signed_in("supervisor").post(f"/api/v1/tickets/{ticket['id']}/reprint", json={})
    assert reprint.status_code == 202, reprint.json
    job = store.one("SELECT content FROM print_jobs WHERE kind = 'reprint'")
    assert json.loads(job["content"])["where_to_go"] == "2층 201호"


def test_the_summary_of_a_route():
    walk = lambda turn, metres=10: {"kind": "walk", "turn": turn, "metres": metres}
    ride = {"kind": "stairs", "floor": -1}
    arrive = {"kind": "arrive"}
    assert summary([walk("straight"), ride, walk("unknown"), walk("right"), arrive]) == \
        "계단으로 지하 1층, 내려서 오른쪽"
    assert summary([walk("unknown"), ride, walk("unknown"), arrive]) == \
        "계단으로 지하 1층, 내려서 앞으로"
    assert summary([walk("left", 5), walk("right", 6), arrive]) == "왼쪽으로 약 11m"
    assert summary([walk("straight"), arrive]) == "앞으로 약 10m"
    door = lambda side, nth: {"kind": "arrive", "side": side, "nth": nth}
    assert summary([walk("straight"), ride, walk("unknown"), door("right", 2)]) == \
        "계단으로 지하 1층, 내려서 오른쪽 두 번째 사무실"
    assert summary([walk("straight"), ride, walk("unknown"), walk("left"), door("right", 1)]) \
        == "계단으로 지하 1층, 내려서 왼쪽, 오른쪽 첫 번째 사무실"
    assert summary([walk("straight"), door("left", 3)]) == "앞으로, 왼쪽 세 번째 사무실"
    assert summary([walk("right"), door("left", 1)]) == "오른쪽으로, 왼쪽 첫 번째 사무실"
    assert summary([walk("straight"), walk("left"), door("left", 11)]) == \
        "앞으로 가다 왼쪽, 왼쪽 11번째 사무실"
    assert wayfinding.ticket_directions(None, None, 1) is None


@pytest.fixture
def admin_client(signed_in):
    return signed_in("admin")


def test_route_steps_come_in_the_six_kiosk_languages(kiosk, departments):
    steps = kiosk.get(f"/api/v1/maps/route?to_department={departments['301호']}"
                      "&step_free=true").json["steps"]
    assert all({"ko", "en", "zh", "vi", "ru", "th"} <= set(step) for step in steps)
    assert [s["zh"] for s in steps][1:3] == ["乘电梯到3楼", "出来后走约4米"]
    assert steps[1]["ru"] == "Поезжайте на лифте на 3-й этаж"
    # The door counted, with the department's own name in each language.
    assert {lang: steps[-1][lang] for lang in ("ko", "en", "zh", "vi", "ru", "th")} == {
        "ko": "왼쪽 첫 번째 사무실이 건축과입니다",
        "en": "Building Division is the first door on your left",
        "zh": "左边第一个办公室就是建筑科",
        "vi": "Phòng Xây dựng là phòng đầu tiên bên trái",
        "ru": "Строительный отдел — первая дверь слева",
        "th": "แผนกอาคารคือห้องแรกทางซ้าย"}
    land = kiosk.get(f"/api/v1/maps/route?to_department={departments['305호']}").json["steps"]
    assert (land[-1]["side"], land[-1]["nth"]) == ("right", 2)    # past the meeting room
    assert land[-1]["zh"] == "右边第二个办公室就是土地信息科"
    assert land[-1]["th"] == "แผนกข้อมูลที่ดินคือห้องที่สองทางขวา"


def test_a_directory_screen_gives_each_office_its_way_from_where_it_hangs(app, store,
                                                                          departments):
    """directory-3f is placed beside the 3F elevator, read facing up the plan; unplaced,
    its floor's elevator is where it stands."""
    client = app.test_client()
    screen = store.one("SELECT id FROM devices WHERE name = 'directory-3f'")["id"]
    answer = client.get(f"/api/v1/maps/directory?from_device={screen}&floor=3").json
    assert answer["here"]["placed"] and answer["here"]["category"] == "directory"
    assert (answer["here"]["x"], answer["here"]["y"]) == (250, 262)
    offices = {d["room"]: d["route"] for floor in answer["floors"] for d in floor["departments"]}
    assert [s["ko"] for s in offices["301호"]["steps"]] == [
        "오른쪽으로 돌아 약 8m 가세요", "왼쪽 첫 번째 사무실이 건축과입니다"]
    assert offices["305호"]["steps"][-1]["ko"] == "오른쪽 두 번째 사무실이 토지정보과입니다"
    assert offices["305호"]["steps"][-1]["en"] == \
        "Land Information Division is the second door on your right"
    assert offices["201호"]["summary"] == "엘리베이터로 2층, 내려서 왼쪽, 왼쪽 첫 번째 사무실"
    # The same way as the route a kiosk would ask for from this screen.
    assert client.get(f"/api/v1/maps/route?from_device={screen}&to_department="
                      f"{departments['301호']}&step_free=true").json["steps"] == \
        offices["301호"]["steps"]

    with store.write() as tx:
        tx.execute("UPDATE map_features SET device_id = NULL WHERE device_id = ?", (screen,))
    unplaced = client.get(f"/api/v1/maps/directory?from_device={screen}&floor=3").json
    assert not unplaced["here"]["placed"] and unplaced["here"]["category"] == "elevator"
    offices = {d["room"]: d["route"] for floor in unplaced["floors"] for d in floor["departments"]}
    assert offices["301호"]["steps"][-1]["ko"] == "왼쪽 첫 번째 사무실이 건축과입니다"
    assert offices["301호"]["steps"][0]["ko"] == "약 4m 가세요"     # no facing: only how far
    # Unknown device, bad floor: a clear 4xx.
    missing = client.get("/api/v1/maps/directory?from_device=99999&floor=3")
    assert missing.status_code == 404 and "No device with id 99999" in missing.json["message"]
    bad = client.get(f"/api/v1/maps/directory?from_device={screen}&floor=up")
    assert bad.status_code == 400 and "floor" in bad.json["message"]
    # Without a map, no place and no ways; the offices are still listed.
    with store.write() as tx:
        tx.execute("DELETE FROM map_levels WHERE site_id = 1")
    bare = client.get(f"/api/v1/maps/directory?from_device={screen}&floor=3").json
    assert bare["here"] is None
    assert [d["names"]["ko"] for d in bare["floors"][2]["departments"]] == ["건축과", "토지정보과"]
    assert not any(d.get("route") for floor in bare["floors"] for d in floor["departments"])
