"""Every visitor reads their own language: departments, rooms, services, counters, duties
and information pages are kept per language; a save answers which translations are
missing (and is saved all the same); screens fall back to Korean only for what is
untranslated; the old one-language fields still work and mirror the Korean."""

from __future__ import annotations

import pytest

from server.infra.languages import in_language, missing_translations, translation
from tests.test_admin_api import config_rows

OTHERS = ["en", "zh", "vi", "ru", "th"]


@pytest.fixture
def admin(signed_in):
    return signed_in("admin")


# ---- the one fallback ---------------------------------------------------------------------

def test_a_text_falls_back_to_korean_only_where_it_is_untranslated():
    texts = {"ko": "민원실", "en": "Civil Service Hall", "vi": "  "}
    assert in_language(texts, "en") == "Civil Service Hall"
    assert in_language(texts, "vi") == "민원실"          # blank is untranslated
    assert in_language(texts, "th") == "민원실"
    assert in_language({}, "en") == "" and in_language(None, "ko") == ""
    assert translation(texts, "vi") == "" and translation(texts, "en") == "Civil Service Hall"


def test_missing_translations_name_each_language_and_field():
    record = {"names": {"ko": "토지 민원", "en": "Land", "zh": "土地", "ru": "Земля", "th": "ที่ดิน"},
              "rooms": {"ko": "305호"}, "locations": {}}
    missing = missing_translations(record, ("names", "rooms", "locations"))
    assert missing == {"vi": ["names", "rooms"], "en": ["rooms"], "zh": ["rooms"],
                       "ru": ["rooms"], "th": ["rooms"]}
    # An optional text left empty in Korean has nothing to translate.
    assert missing_translations({"names": {}}, ("names",)) == {}


# ---- saving answers what is missing -----------------------------------------------------

def test_a_service_saved_in_korean_only_is_saved_and_marked(admin):
    body = {"names": {"ko": "번역 없는 업무"}, "department_id": 1, "prefix": "K"}
    response = admin.post("/api/v1/admin/services?site_id=1", json=body)
    assert response.status_code == 201
    assert response.json["missing_translations"] == {lang: ["names"] for lang in OTHERS}
    service_id = response.json["item"]["id"]

    names = {"ko": "번역 없는 업무", "en": "Untranslated", "zh": "未翻译", "ru": "Без перевода",
             "th": "ไม่ได้แปล"}
    response = admin.patch(f"/api/v1/admin/services/{service_id}", json={"names": names})
    assert response.status_code == 200
    assert response.json["missing_translations"] == {"vi": ["names"]}

    listed = admin.get("/api/v1/admin/services?site_id=1").json["items"]
    row = next(r for r in listed if r["id"] == service_id)
    assert row["missing_translations"] == {"vi": ["names"]}
    complete = next(r for r in listed if r["names"]["ko"] == "인감증명")
    assert complete["missing_translations"] == {}


def test_the_demo_leaves_one_service_untranslated_in_vietnamese(admin):
    listed = admin.get("/api/v1/admin/services?site_id=1").json["items"]
    marked = {r["names"]["ko"]: r["missing_translations"] for r in listed if r["missing_translations"]}
    assert marked == {"토지 민원": {"vi": ["names"]}}


def test_a_department_keeps_its_room_in_every_language(admin, app):
    body = {"names": {"ko": "시험과", "en": "Test Division"}, "floor": 4,
            "rooms": {"ko": "401호", "en": "Room 401"}}
    response = admin.post("/api/v1/admin/departments?site_id=1", json=body)
    assert response.status_code == 201
    item = response.json["item"]
    assert item["rooms"] == {"ko": "401호", "en": "Room 401"}
    assert item["room"] == "401호"                      # the Korean, for search and screens
    assert response.json["missing_translations"] == {
        lang: ["names", "rooms"] for lang in ("zh", "vi", "ru", "th")}

    # The old one-language field changes the Korean and keeps the translations.
    response = admin.patch(f"/api/v1/admin/departments/{item['id']}", json={"room": "402호"})
    assert response.json["item"]["rooms"] == {"ko": "402호", "en": "Room 401"}
    assert response.json["item"]["room"] == "402호"

    kiosk_view = app.test_client().get("/api/v1/departments?site_id=1")
    shown = next(d for d in kiosk_view.json["departments"] if d["id"] == item["id"])
    assert shown["rooms"] == {"ko": "402호", "en": "Room 401"}


def test_counters_and_duties_are_kept_per_language(admin, app):
    response = admin.post("/api/v1/admin/counters?site_id=1", json={
        "number": 21, "locations": {"ko": "민원실", "en": "Civil Service Hall"}})
    assert response.status_code == 201
    assert response.json["item"]["location"] == "민원실"
    assert set(response.json["missing_translations"]) == {"zh", "vi", "ru", "th"}

    # An older caller that sends `duty` gets it as the Korean of `duties`.
    response = admin.post("/api/v1/admin/staff?site_id=1", json={
        "login": "duty.test", "name": "김번역", "department_id": 1, "duty": "민원 안내",
        "password": "long-enough-1"})
    assert response.status_code == 201
    staff_id = response.json["item"]["id"]
    assert response.json["item"]["duties"] == {"ko": "민원 안내"}
    response = admin.patch(f"/api/v1/admin/staff/{staff_id}", json={
        "duties": {"ko": "민원 안내", "en": "Information", "zh": "咨询", "vi": "Hướng dẫn",
                   "ru": "Справки", "th": "ประชาสัมพันธ์"}})
    assert response.json["missing_translations"] == {}
    assert response.json["item"]["duty"] == "민원 안내"

    # Visitors' screens get the duty in every language.
    people = app.test_client().get("/api/v1/staff?site_id=1")
    person = next(p for p in people.json["staff"] if p["id"] == staff_id)
    assert person["duties"]["vi"] == "Hướng dẫn" and person["duty"] == "민원 안내"


def test_information_pages_report_untranslated_bodies(admin):
    response = admin.post("/api/v1/admin/info-pages?site_id=1", json={
        "slug": "translations-test", "titles": {"ko": "안내", "en": "Guide"},
        "bodies": {"ko": "본문", "en": "Body"}})
    assert response.status_code == 201
    assert response.json["missing_translations"]["th"] == ["titles", "bodies"]


@pytest.mark.parametrize("path, body", [
    ("services", {"names": {"ko": "x", "xx": "unknown language"}, "department_id": 1, "prefix": "Q"}),
    ("services", {"names": {"ko": "", "en": "no Korean"}, "department_id": 1, "prefix": "Q"}),
    ("departments", {"names": {"ko": "x"}, "floor": 1, "rooms": "401호"}),
    ("departments", {"names": {"ko": "x"}, "floor": 1, "rooms": {"ko": "x" * 201}}),
    ("counters", {"number": 31, "locations": {"fr": "salle"}}),
    ("staff", {"login": "bad.duty", "name": "x", "password": "long-enough-1",
               "duties": {"ko": ["not", "text"]}}),
])
def test_bad_translations_are_refused_and_change_nothing(admin, store, path, body):
    before = config_rows(store)
    response = admin.post(f"/api/v1/admin/{path}?site_id=1", json=body)
    assert 400 <= response.status_code < 500
    assert response.json["error"] and response.json["message"]
    assert config_rows(store) == before


def test_an_exported_site_carries_the_translations(admin):
    document = admin.get("/api/v1/admin/sites/1/export").json
    civil = next(d for d in document["departments"] if d["names"]["ko"] == "민원지적과")
    assert civil["rooms"]["en"] == "Civil Service Hall"
    assert "missing_translations" not in civil
