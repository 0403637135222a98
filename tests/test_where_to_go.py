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
    assert len(served.data) < 4000          # a small drawing, no rendered image


def test_a_ticket_says_the_way_from_its_kiosk(kiosk, store, service_ids):
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
    assert steps[-1]["vi"] == "Phòng Xây dựng ở phía trước"     # the department's own name
    assert steps[-1]["th"] == "แผนกอาคารอยู่ข้างหน้า"
