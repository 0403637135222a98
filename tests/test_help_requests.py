"""Help requests from kiosks and staff presence: who answers, in what order, and the
refusals that change nothing (the rules in server/staff/help_requests.py and
server/queue/presence.py)."""

from __future__ import annotations

from server.maps.wayfinding import kiosk_location
from tests.test_realtime import connect, received_events


def help_rows(store) -> list[dict]:
    return store.query("SELECT * FROM help_requests ORDER BY id")


def event_count(store) -> int:
    return store.one("SELECT count(*) AS n FROM events")["n"]


def test_the_first_to_answer_stays_the_one_who_answered(app, kiosk, signed_in, store, tokens):
    kiosk_socket = connect(app, tokens["kiosk-1f"])
    help_id = kiosk.post("/api/v1/help-requests").json["help_request"]["id"]
    first = signed_in("staff2").post(f"/api/v1/help-requests/{help_id}/acknowledge")
    assert first.status_code == 200 and first.json["help_request"]["staff_name"] == "박준호"
    acknowledged_at = first.json["help_request"]["acknowledged_at"]
    closed = signed_in("staff1").post(f"/api/v1/help-requests/{help_id}/close")
    assert closed.status_code == 200
    assert closed.json["help_request"]["staff_name"] == "이서연"    # who closed it
    assert closed.json["help_request"]["acknowledged_at"] == acknowledged_at
    assert closed.json["help_request"]["closed_at"]
    staff2 = store.one("SELECT id FROM staff WHERE login = 'staff2'")["id"]
    assert help_rows(store)[0]["acknowledged_by"] == staff2
    assert [e["type"] for e in received_events(app, kiosk_socket)
            if e["type"].startswith("help.")] == ["help.requested", "help.acknowledged",
                                                   "help.closed"]


def test_a_closed_request_is_not_answered_again_and_a_new_tap_is_a_new_request(
        kiosk, signed_in, store):
    help_id = kiosk.post("/api/v1/help-requests").json["help_request"]["id"]
    staff = signed_in("staff2")
    assert staff.post(f"/api/v1/help-requests/{help_id}/close").status_code == 200
    before = (help_rows(store), event_count(store))
    for step in ("acknowledge", "close"):
        again = staff.post(f"/api/v1/help-requests/{help_id}/{step}")
        assert (again.status_code, again.json["error"]) == (409, "wrong_status")
        assert again.json["message"]
    assert (help_rows(store), event_count(store)) == before
    asked = kiosk.post("/api/v1/help-requests")
    assert asked.status_code == 201 and asked.json["help_request"]["id"] != help_id


def test_help_requests_stay_within_their_site(kiosk, signed_in, store):
    help_id = kiosk.post("/api/v1/help-requests").json["help_request"]["id"]
    before = (help_rows(store), event_count(store))
    branch = signed_in("hapdeok1")
    assert branch.post(f"/api/v1/help-requests/{help_id}/acknowledge").status_code == 403
    assert branch.get("/api/v1/help-requests?site_id=1").status_code == 403
    assert branch.get("/api/v1/help-requests").json["help_requests"] == []
    unknown = signed_in("staff2").post("/api/v1/help-requests/987654/close")
    assert (unknown.status_code, unknown.json["error"]) == (404, "not_found")
    assert (help_rows(store), event_count(store)) == before


def test_a_return_time_is_kept_only_while_away(signed_in, store):
    officer = signed_in("staff1")
    away = officer.post("/api/v1/staff/me/presence",
                        json={"presence": "away", "away_until": "2026-12-01T11:30:00+09:00"})
    assert away.json["staff"]["away_until"] == "2026-12-01T11:30:00+09:00"
    back = officer.post("/api/v1/staff/me/presence",
                        json={"presence": "available", "away_until": "2026-12-01T11:30:00+09:00"})
    assert back.status_code == 200 and back.json["staff"]["away_until"] is None
    assert store.one("SELECT presence, away_until FROM staff WHERE login = 'staff1'") == {
        "presence": "available", "away_until": None}


def test_a_bad_return_time_changes_nothing(signed_in, store):
    before = (store.query("SELECT id, presence, away_until FROM staff ORDER BY id"),
              event_count(store))
    bad = signed_in("staff1").post("/api/v1/staff/me/presence",
                                   json={"presence": "away", "away_until": "after lunch"})
    assert (bad.status_code, bad.json["error"]) == (400, "invalid_request")
    assert (store.query("SELECT id, presence, away_until FROM staff ORDER BY id"),
            event_count(store)) == before


def test_nameplates_of_one_department(app, store):
    department = store.one("SELECT department_id FROM staff WHERE login = 'staff6'")["department_id"]
    listed = app.test_client().get(f"/api/v1/staff?site_id=1&department_id={department}")
    assert [p["name"] for p in listed.json["staff"]] == ["윤성민"]
    everyone = app.test_client().get("/api/v1/staff?site_id=1").json["staff"]
    assert {"윤성민", "이서연"} <= {p["name"] for p in everyone}
    assert all(p["name"] != "임수빈" for p in everyone)   # another site's officer


# ---- where the kiosk stands ---------------------------------------------------------------

def kiosk_feature(store, device: str) -> dict:
    return store.one("SELECT f.* FROM map_features f JOIN devices d ON d.id = f.device_id "
                     "WHERE d.name = ? AND f.feature_type = 'kiosk'", (device,))


def sql(store, statement: str, params=()) -> None:
    with store.write() as tx:
        tx.execute(statement, params)


def test_a_help_request_names_the_place_on_the_map_where_the_kiosk_stands(kiosk, signed_in):
    asked = kiosk.post("/api/v1/help-requests")
    assert asked.status_code == 201
    # The sample kiosk stands in the 1st-floor lobby; the nearest room is the civil
    # affairs office, named by its department's room.
    assert asked.json["help_request"]["location"] == "1층 민원실 근처 키오스크"
    listed = signed_in("staff1").get("/api/v1/help-requests").json["help_requests"]
    assert [r["location"] for r in listed] == ["1층 민원실 근처 키오스크"]


def test_a_kiosk_not_on_the_map_is_named_by_its_settings_or_floor_and_device(kiosk, signed_in,
                                                                            store):
    sql(store, "DELETE FROM map_features WHERE id = ?", (kiosk_feature(store, "kiosk-1f")["id"],))
    asked = kiosk.post("/api/v1/help-requests")
    assert asked.json["help_request"]["location"] == "1층 kiosk-1f"
    sql(store, "UPDATE devices SET config = json_set(config, '$.place', ?) WHERE name = ?",
        ("1층 민원실 입구 무인안내기", "kiosk-1f"))
    listed = signed_in("staff1").get("/api/v1/help-requests").json["help_requests"]
    assert [r["location"] for r in listed] == ["1층 민원실 입구 무인안내기"]


def test_kiosk_location_takes_the_nearest_named_room_of_its_floor(store):
    placed = kiosk_feature(store, "kiosk-1f")
    device = placed["device_id"]
    assert kiosk_location(store, device) == "1층 민원실 근처 키오스크"
    # A lobby drawn around the kiosk: that room, without "near", and the kiosk's own name.
    sql(store, "INSERT INTO map_features (level_id, feature_type, category, x, y, names, outline) "
        "VALUES (?, 'unit', 'lobby', 170, 440, ?, ?)",
        (placed["level_id"], '{"ko": "로비", "en": "Lobby"}',
         "[[60, 340], [280, 340], [280, 540], [60, 540]]"))
    sql(store, "UPDATE map_features SET names = ? WHERE id = ?",
        ('{"ko": "정문 무인안내기"}', placed["id"]))
    assert kiosk_location(store, device) == "1층 로비 정문 무인안내기"
    # Unnamed on the map: called a kiosk in words.
    sql(store, "UPDATE map_features SET names = '{}' WHERE id = ?", (placed["id"],))
    assert kiosk_location(store, device) == "1층 로비 무인안내기"
    sql(store, "DELETE FROM map_features WHERE id = ?", (placed["id"],))
    assert kiosk_location(store, device) is None
