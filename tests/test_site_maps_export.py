"""The floor maps travel in the site export file: a branch imported from the city hall
gets its plans, places and walking graph, with the offices linked to its own departments
(kiosks without their devices, which stay behind), doors with their own offices; a broken plan in the file changes
nothing."""

from __future__ import annotations

import base64

import pytest


@pytest.fixture
def admin(signed_in):
    return signed_in("admin")


def test_floor_maps_are_exported_and_imported(admin, store):
    document = admin.get("/api/v1/admin/sites/1/export").json
    maps = document["maps"]
    assert [level["ordinal"] for level in maps["levels"]] == [1, 2, 3]
    assert maps["levels"][2]["plan"]["type"] == "svg"
    assert "건축과" in base64.b64decode(maps["levels"][2]["plan"]["base64"]).decode()
    assert all("device_id" not in f for f in maps["features"])

    imported = admin.post("/api/v1/admin/sites/import", json={"code": "songak", "config": document})
    assert imported.status_code == 201, imported.json
    assert imported.json["imported"]["map_levels"] == 3
    new_id = imported.json["site"]["id"]
    copy = admin.get(f"/api/v1/maps?site_id={new_id}").json
    assert len(copy["nodes"]) == len(maps["nodes"]) and len(copy["edges"]) == len(maps["edges"])
    plan = admin.get(copy["levels"][2]["image"])
    assert plan.status_code == 200 and "건축과".encode() in plan.data
    own = {r["id"] for r in store.query("SELECT id FROM departments WHERE site_id = ?", (new_id,))}
    assert {f["department_id"] for f in copy["features"] if f["department_id"]} == own
    # The kiosk's place comes along without its device: the copy passes the check.
    assert admin.get(f"/api/v1/maps/check?site_id={new_id}").json == {"ok": True, "problems": []}
    # ... and so do the directory screens' places.
    screens = [f for f in copy["features"] if f["feature_type"] == "kiosk"]
    assert sorted(f["category"] for f in screens) == ["directory"] * 3 + ["kiosk"]
    assert {f["device_id"] for f in screens} == {None}
    # Every door opens into the copy's own office, so routes there still end at the door.
    units = {f["id"] for f in copy["features"] if f["feature_type"] == "unit"}
    doors = [f for f in copy["features"] if f["feature_type"] == "opening"]
    assert len(doors) == sum(f["feature_type"] == "opening" for f in maps["features"]) > 0
    assert {d["unit_id"] for d in doors} <= units
    office = next(f for f in copy["features"] if f["id"] == doors[0]["unit_id"])
    route = admin.get(f"/api/v1/maps/route?from_feature="
                      f"{screens[0]['id']}&to_feature={office['id']}").json
    assert route["found"]
    assert route["door"] == {"x": doors[0]["x"], "y": doors[0]["y"]}
    assert route["path"][-1]["node_id"] == doors[0]["node_id"]


def test_a_broken_plan_in_the_file_imports_nothing(admin, store):
    document = admin.get("/api/v1/admin/sites/1/export").json
    document["maps"]["levels"][0]["plan"] = {"type": "png", "base64": base64.b64encode(b"not a png").decode()}
    sites = store.one("SELECT count(*) AS n FROM sites")["n"]
    response = admin.post("/api/v1/admin/sites/import", json={"code": "songak", "config": document})
    assert response.status_code == 422 and response.json["message"]
    assert store.one("SELECT count(*) AS n FROM sites")["n"] == sites
