"""The floor maps travel in the site export file: a branch imported from the city hall
gets its plans, places and walking graph, with the offices linked to its own departments
(kiosks without their devices, which stay behind); a broken plan in the file changes
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
    assert [f["device_id"] for f in copy["features"] if f["feature_type"] == "kiosk"] == [None]


def test_a_broken_plan_in_the_file_imports_nothing(admin, store):
    document = admin.get("/api/v1/admin/sites/1/export").json
    document["maps"]["levels"][0]["plan"] = {"type": "png", "base64": base64.b64encode(b"not a png").decode()}
    sites = store.one("SELECT count(*) AS n FROM sites")["n"]
    response = admin.post("/api/v1/admin/sites/import", json={"code": "songak", "config": document})
    assert response.status_code == 422 and response.json["message"]
    assert store.one("SELECT count(*) AS n FROM sites")["n"] == sites
