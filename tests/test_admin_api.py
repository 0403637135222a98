"""The admin console's API: every form accepts good input and refuses bad input with a
message and no change; changes reach the screens as events; devices enrol and revoke;
photos are checked; a site's configuration travels as one file; staff are kept out."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from tests.conftest import BearerClient
from tests.test_realtime import connect, received_events

NAMES = {"ko": "시험과", "en": "Test Division"}


def config_rows(store) -> tuple:
    """Everything the console may change: a refusal leaves all of it as it was."""
    tables = ("sites", "departments", "services", "counters", "counter_services", "staff",
              "holidays", "notices", "info_pages", "devices", "tokens")
    return tuple(store.query(f"SELECT * FROM {t} ORDER BY rowid") for t in tables) + (
        store.one("SELECT count(*) AS n FROM events"),)


@pytest.fixture
def admin(signed_in):
    return signed_in("admin")


# (path, good body, bad bodies that must be refused with a message)
FORMS = [
    ("departments", {"names": NAMES, "floor": 4, "room": "401호", "phone": "041-350-1234"},
     [{"names": {"en": "no Korean"}, "floor": 4}, {"names": NAMES, "floor": 400},
      {"names": NAMES, "floor": 1, "phone": "call me"}, {"names": NAMES, "floor": 1, "email": "x@"}]),
    ("services", {"names": NAMES, "department_id": 1, "numbering": "letter", "prefix": "K",
                  "legal_period_value": 3, "legal_period_unit": "days", "daily_cap": 50,
                  "hours": {"mon": [["09:00", "18:00"]]}},
     [{"names": NAMES, "department_id": 1, "prefix": "k1"},
      {"names": NAMES, "department_id": 1, "prefix": "K", "hours": {"mon": [["18:00", "09:00"]]}},
      {"names": NAMES, "department_id": 1, "prefix": "K", "hours": {"funday": []}},
      {"names": NAMES, "department_id": 1, "prefix": "K", "legal_period_unit": "weeks"},
      {"names": NAMES, "department_id": 1, "prefix": "K", "target_ratio": 1.5},
      {"names": NAMES, "department_id": 1, "numbering": "letter", "prefix": ""},
      {"names": NAMES, "department_id": 1, "numbering": "block"},
      {"names": NAMES, "department_id": 1, "prefix": "A"},           # A is taken: numbers would repeat
      {"names": NAMES, "department_id": 7, "prefix": "K"}]),          # the branch's department
    ("counters", {"number": 11, "floor": 2, "location": "202호", "service_ids": [1, 2]},
     [{"number": 1}, {"number": 0}, {"number": 12, "service_ids": [11]}]),
    ("staff", {"login": "new.officer", "name": "김새롬", "department_id": 1, "duty": "민원 안내",
               "password": "long-enough-1"},
     [{"login": "staff1", "name": "x", "password": "long-enough-1"},
      {"login": "has space", "name": "x", "password": "long-enough-1"},
      {"login": "short.pw", "name": "x", "password": "short"},
      {"login": "role.x", "name": "x", "password": "long-enough-1", "role": "king"}]),
    ("holidays", {"day": "2027-02-08", "name": "설날"},
     [{"day": "2026-01-01"}, {"day": "2027-02-30"}, {"day": "tomorrow"}]),
    ("notices", {"target": "board", "texts": {"ko": "오늘은 12시에 점심시간입니다", "en": "Lunch at 12"}},
     [{"texts": {"en": "no Korean"}}, {"target": "phone", "texts": {"ko": "x"}},
      {"texts": {"ko": "x"}, "starts_on": "someday"}]),
    ("info-pages", {"slug": "information-disclosure", "titles": {"ko": "정보공개 청구 절차"},
                    "bodies": {"ko": "1. 청구서 제출\n\n2. 접수", "en": "1. Request\n\n2. Receipt"}},
     [{"slug": "Bad Slug", "titles": {"ko": "x"}, "bodies": {"ko": "x"}},
      {"slug": "ok-slug", "titles": {"ko": ""}, "bodies": {"ko": "x"}}]),
]


@pytest.mark.parametrize("path,good,bad", FORMS, ids=[f[0] for f in FORMS])
def test_every_form_takes_good_input_and_refuses_bad_input(admin, store, path, good, bad):
    for body in bad:
        before = config_rows(store)
        response = admin.post(f"/api/v1/admin/{path}?site_id=1", json=body)
        assert 400 <= response.status_code < 500, (body, response.json)
        assert response.json["message"], body
        assert config_rows(store) == before, body
    created = admin.post(f"/api/v1/admin/{path}?site_id=1", json=good)
    assert created.status_code == 201, created.json
    item = created.json["item"]
    listed = admin.get(f"/api/v1/admin/{path}?site_id=1").json["items"]
    assert item["id"] in [row["id"] for row in listed]
    assert "password_hash" not in item
    removed = admin.delete(f"/api/v1/admin/{path}/{item['id']}")
    assert removed.status_code == 200, removed.json
    assert item["id"] not in [r["id"] for r in admin.get(f"/api/v1/admin/{path}?site_id=1").json["items"]]


def test_a_refusal_names_the_field(admin):
    response = admin.post("/api/v1/admin/services?site_id=1", json={
        "names": NAMES, "department_id": 1, "prefix": "K", "hours": {"tue": [["9:00", "18:00"]]}})
    assert response.status_code == 400
    assert response.json["problems"][0]["field"] == "hours"
    assert "tue" in response.json["message"]


def test_site_hours_and_settings_are_validated_and_kept(admin, store):
    before = config_rows(store)
    bad = admin.patch("/api/v1/admin/sites/1", json={"hours": {"mon": [["09:00", "12:00"], ["11:00", "13:00"]]}})
    assert bad.status_code == 400 and "overlap" in bad.json["message"]
    assert config_rows(store) == before
    good = admin.patch("/api/v1/admin/sites/1", json={"phone": "041-350-3000",
                                                      "settings": {"recent_calls": 5}})
    assert good.status_code == 200, good.json
    site = good.json["site"]
    assert site["phone"] == "041-350-3000" and site["settings"]["recent_calls"] == 5
    assert "sample" in site["settings"]          # keys the console does not edit stay


def test_a_service_change_reaches_kiosks_and_boards_at_once(app, admin, tokens, service_ids):
    board = connect(app, tokens["board-1f"])
    kiosk = connect(app, tokens["kiosk-1f"])
    seal = service_ids["인감증명"]
    response = admin.patch(f"/api/v1/admin/services/{seal}",
                           json={"paused": True, "names": {"ko": "인감 증명서", "en": "Seal"}})
    assert response.status_code == 200, response.json
    for client in (board, kiosk):
        [event] = [e for e in received_events(app, client) if e["type"] == "config.changed"]
        assert event["data"]["what"] == "service" and event["data"]["id"] == seal
        # Kiosks apply `queues` from any event: the pause shows without a reload.
        assert event["data"]["queues"][0]["availability"]["reason"] == "paused"
    services = app.test_client().get("/api/v1/services?site_id=1").json["services"]
    assert {s["id"]: s["names"]["ko"] for s in services}[seal] == "인감 증명서"


def test_counters_keep_their_services_and_an_open_counter_stays(admin, store):
    response = admin.patch("/api/v1/admin/counters/3", json={"service_ids": [1]})
    assert response.status_code == 200 and response.json["item"]["service_ids"] == [1]
    refused = admin.delete("/api/v1/admin/counters/1")   # staff1 is at counter 1
    assert refused.status_code == 409 and "close" in refused.json["message"]


def test_a_department_in_use_is_not_removed(admin, store):
    before = config_rows(store)
    response = admin.delete("/api/v1/admin/departments/1")
    assert response.status_code == 409 and response.json["message"]
    assert config_rows(store) == before


def test_staff_password_reset_lets_them_sign_in(admin, app):
    assert admin.post("/api/v1/admin/staff/3/password", json={"password": "short"}).status_code == 400
    assert admin.post("/api/v1/admin/staff/3/password",
                      json={"password": "a-new-password"}).status_code == 200
    client = app.test_client()
    assert client.post("/api/v1/auth/login", json={"login": "staff1",
                                                   "password": "a-new-password"}).status_code == 200


def _image(kind: str, size=(300, 400)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 100, 50)).save(out, kind)
    return out.getvalue()


def test_photo_upload_is_checked_stored_and_served(admin, app, store):
    upload = admin.post("/api/v1/admin/staff/3/photo",
                        data={"photo": (io.BytesIO(_image("PNG")), "me.png")})
    assert upload.status_code == 200, upload.json
    url = upload.json["item"]["photo"]
    assert url.startswith("/media/staff/") and url.endswith(".jpg")
    served = app.test_client().get(url)
    assert served.status_code == 200 and served.data[:2] == b"\xff\xd8"
    public = app.test_client().get("/api/v1/staff?site_id=1").json["staff"]
    assert {p["id"]: p["photo"] for p in public}[3] == url

    for data, name in ((b"<svg onload='x'/>", "x.png"), (b"GIF89a" + b"\0" * 40, "x.gif"),
                       (_image("PNG")[:60], "broken.png"), (b"\0" * (2 * 1024 * 1024 + 1), "big.jpg")):
        refused = admin.post("/api/v1/admin/staff/3/photo", data={"photo": (io.BytesIO(data), name)})
        assert refused.status_code == 422, name
        assert refused.json["message"]
    assert store.one("SELECT photo FROM staff WHERE id = 3")["photo"] == url
    assert admin.post("/api/v1/admin/staff/3/photo").status_code == 422   # no file at all


def test_device_enrol_shows_a_token_once_and_revoke_stops_it(app, admin, store):
    enrolled = admin.post("/api/v1/admin/devices?site_id=1",
                          json={"name": "kiosk-2f", "kind": "kiosk", "config": {"floor": 2}})
    assert enrolled.status_code == 201, enrolled.json
    token = enrolled.json["token"]
    assert enrolled.json["address"].endswith(f"/kiosk?token={token}")
    assert enrolled.json["qr_svg"].startswith("<svg")
    device_id = enrolled.json["device"]["id"]
    kiosk = BearerClient(app.test_client(), token)
    assert kiosk.get("/api/v1/me").json["me"]["config"] == {"floor": 2}
    socket = connect(app, token)
    assert socket.is_connected()
    listed = {d["id"]: d for d in admin.get("/api/v1/admin/devices?site_id=1").json["items"]}
    assert listed[device_id]["online"] and listed[device_id]["last_seen"]
    assert token not in json.dumps(listed)          # shown once, never listed

    revoked = admin.post(f"/api/v1/admin/devices/{device_id}/revoke")
    assert revoked.status_code == 200 and revoked.json["item"]["revoked"]
    assert kiosk.get("/api/v1/me").status_code == 401
    assert not connect(app, token).is_connected()
    assert device_id not in {p.id for p, _ in app.extensions["sunbeon.realtime"].connections.values()
                             if p.kind == "device"}

    renewed = admin.post(f"/api/v1/admin/devices/{device_id}/token").json
    assert BearerClient(app.test_client(), renewed["token"]).get("/api/v1/me").status_code == 200
    assert kiosk.get("/api/v1/me").status_code == 401
    with store.write() as tx:     # a device marked revoked: its live token stops with it
        tx.execute("UPDATE devices SET revoked = 1 WHERE id = ?", (device_id,))
    assert BearerClient(app.test_client(), renewed["token"]).get("/api/v1/me").status_code == 401


def test_device_settings_are_validated(admin, store):
    before = config_rows(store)
    for body in ({"config": {"volume": 3}}, {"config": {"counter_id": 11}},   # the branch's
                 {"config": {"whatever": 1}}, {"name": "Board One"}):
        response = admin.patch("/api/v1/admin/devices/2", json=body)
        assert 400 <= response.status_code < 500 and response.json["message"], body
    assert config_rows(store) == before
    ok = admin.patch("/api/v1/admin/devices/2", json={"config": {"floor": 1, "muted": True,
                                                                 "notices": ["점심시간 12-13시"]}})
    assert ok.status_code == 200 and ok.json["item"]["config"]["muted"] is True


def test_notices_and_pages_reach_the_kiosk(admin, app, kiosk):
    admin.post("/api/v1/admin/notices?site_id=1", json={"target": "kiosk", "texts": {"ko": "키오스크 공지"}})
    admin.post("/api/v1/admin/notices?site_id=1", json={"target": "board", "texts": {"ko": "안내판 공지"}})
    admin.post("/api/v1/admin/notices?site_id=1", json={"texts": {"ko": "지난 공지"},
                                                      "ends_on": "2026-11-30"})
    admin.post("/api/v1/admin/info-pages?site_id=1", json={
        "slug": "information-disclosure", "titles": {"ko": "정보공개 청구"},
        "bodies": {"ko": "청구서를 내면 10일 안에 결정합니다."}})
    notices = kiosk.get("/api/v1/notices?target=kiosk").json["notices"]
    assert [n["texts"]["ko"] for n in notices] == ["키오스크 공지"]
    pages = kiosk.get("/api/v1/info-pages").json["pages"]
    assert pages[0]["slug"] == "information-disclosure" and "10일" in pages[0]["bodies"]["ko"]


def test_export_and_import_make_a_branch_from_the_city_hall(admin, store):
    admin.post("/api/v1/admin/notices?site_id=1", json={"texts": {"ko": "공지"}})
    exported = admin.get("/api/v1/admin/sites/1/export")
    assert exported.status_code == 200
    assert "attachment" in exported.headers["Content-Disposition"]
    document = exported.json
    text = json.dumps(document)
    assert "password" not in text and "sb_" not in text and "token" not in text
    assert "login" not in text and "tickets" not in text

    imported = admin.post("/api/v1/admin/sites/import", json={
        "code": "songak", "names": {"ko": "송악읍 행정복지센터"}, "config": document})
    assert imported.status_code == 201, imported.json
    new_id = imported.json["site"]["id"]
    assert imported.json["site"]["names"]["ko"] == "송악읍 행정복지센터"
    again = admin.get(f"/api/v1/admin/sites/{new_id}/export").json
    for part in ("departments", "services", "counters", "holidays", "notices", "pages"):
        strip = lambda rows: [{k: v for k, v in r.items() if k not in ("id", "department_id",
                                                                      "service_ids")} for r in rows]
        assert strip(again[part]) == strip(document[part]), part
    assert again["site"]["hours"] == document["site"]["hours"]
    # References were mapped to the new site's own records.
    new_departments = {d["id"] for d in admin.get(f"/api/v1/admin/departments?site_id={new_id}").json["items"]}
    assert {s["department_id"] for s in again["services"]} <= new_departments


def test_a_bad_import_changes_nothing(admin, store):
    document = admin.get("/api/v1/admin/sites/1/export").json
    before = config_rows(store)
    broken = json.loads(json.dumps(document))
    broken["counters"][-1]["service_ids"] = [999]                     # not in the file
    taken = admin.post("/api/v1/admin/sites/import", json={"code": "dangjin", "config": document})
    unknown = admin.post("/api/v1/admin/sites/import", json={"code": "new-one", "config": broken})
    wrong = admin.post("/api/v1/admin/sites/import", json={"code": "new-two",
                                                         "config": {**document, "version": 2}})
    assert (taken.status_code, unknown.status_code, wrong.status_code) == (409, 422, 400)
    assert all(r.json["message"] for r in (taken, unknown, wrong))
    assert config_rows(store) == before


def test_staff_and_devices_cannot_reach_admin_pages_or_apis(app, signed_in, kiosk, store):
    before = config_rows(store)
    staff = signed_in("staff1")
    supervisor = signed_in("supervisor")
    assert staff.get("/admin").status_code == 403
    assert supervisor.get("/admin").status_code == 200   # their reports, feedback, ratings
    assert b"<form" not in staff.get("/admin").data
    writes = [("post", "/api/v1/admin/departments?site_id=1", {"names": NAMES, "floor": 1}),
              ("patch", "/api/v1/admin/services/1", {"paused": True}),
              ("post", "/api/v1/admin/devices?site_id=1", {"name": "x-1", "kind": "board"}),
              ("post", "/api/v1/admin/devices/1/revoke", None),
              ("get", "/api/v1/admin/sites/1/export", None),
              ("post", "/api/v1/admin/staff/3/password", {"password": "whatever-123"})]
    for client in (staff, supervisor, kiosk):
        for method, url, body in writes:
            if isinstance(client, BearerClient):
                response = client.client.open(url, method=method.upper(), json=body,
                                              headers=client._headers(None))
            else:
                response = client.open(url, method=method.upper(), json=body)
            assert response.status_code == 403, (method, url, response.json)
    assert staff.get("/api/v1/admin/services?site_id=1").status_code == 403
    assert kiosk.get("/api/v1/admin/staff?site_id=1").status_code == 403
    # A supervisor reads their own site's configuration, not another's.
    assert supervisor.get("/api/v1/admin/services?site_id=1").status_code == 200
    assert supervisor.get("/api/v1/admin/services?site_id=2").status_code == 403
    assert config_rows(store) == before
    assert app.test_client().get("/admin").status_code == 200   # the sign-in form


def test_a_counter_keeps_its_planned_breaks_and_refuses_a_bad_one(admin, store):
    saved = admin.patch("/api/v1/admin/counters/2", json={"breaks": "12:00-13:00"})
    assert saved.status_code == 200 and saved.json["item"]["breaks"] == "12:00-13:00"
    for bad in ("13:00-12:00", "lunch", "11:00-13:00, 12:00-14:00"):
        refused = admin.patch("/api/v1/admin/counters/2", json={"breaks": bad})
        assert refused.status_code == 400, bad
    assert store.one("SELECT breaks FROM counters WHERE id = 2")["breaks"] == "12:00-13:00"
    cleared = admin.patch("/api/v1/admin/counters/2", json={"breaks": ""})
    assert cleared.status_code == 200 and cleared.json["item"]["breaks"] == ""
