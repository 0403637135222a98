"""Two taps for the common errands and no false promise (docs/kiosk.md): the kiosk's home
offers the site's common services (the admin's list, else the month's busiest four); the
search finds services by everyday words an admin adds per service, and by their initial
consonants, services before people; a service no open counter serves gives no minutes."""

from __future__ import annotations

import pytest

from tests.test_admin_api import config_rows


@pytest.fixture
def admin(signed_in):
    return signed_in("admin")


def found(kiosk, q) -> list[tuple[str, str]]:
    response = kiosk.get(f"/api/v1/maps/search?q={q}")
    assert response.status_code == 200, response.json
    return [(r["type"], r.get("name") or r["names"]["ko"]) for r in response.json["results"]]


@pytest.mark.parametrize("q, service", [
    ("등본", "주민등록 등·초본"), ("초본", "주민등록 등·초본"), ("전입", "주민등록 등·초본"),
    ("ㄷㅂ", "주민등록 등·초본"), ("가족관계증명서", "가족관계 증명"), ("여권발급", "여권"),
    ("외국인등록", "외국인 민원"), ("ㅇㄱㅇㄷㄹ", "외국인 민원"), ("passport", "여권"),
    ("hộ chiếu", "여권"), ("Hộ Chiếu", "여권"), ("residence card", "외국인 민원"),
])
def test_services_are_found_by_everyday_words_and_their_initials(kiosk, q, service):
    assert found(kiosk, q)[0] == ("service", service)


def test_services_come_before_people(kiosk):
    # ㅇㄱ matches 여권 (a service), 정우진's duty "여권 접수·교부" and more: services lead.
    results = found(kiosk, "여권")
    kinds = [kind for kind, _ in results]
    assert ("staff", "정우진") in results and kinds[0] == "service"
    assert kinds == sorted(kinds, key=["service", "department", "staff"].index)


def test_an_admin_adds_words_to_a_service_in_any_language(admin, kiosk, service_ids):
    land = service_ids["토지 민원"]
    assert ("service", "토지 민원") not in found(kiosk, "측량")
    response = admin.patch(f"/api/v1/admin/services/{land}",
                           json={"keywords": {"ko": "측량, 경계", "vi": "đo đạc"}})
    assert response.status_code == 200, response.json
    assert response.json["item"]["keywords"] == {"ko": "측량, 경계", "vi": "đo đạc"}
    assert found(kiosk, "측량")[0] == ("service", "토지 민원")
    assert ("service", "토지 민원") in found(kiosk, "ㅊㄹ")
    assert found(kiosk, "đo đạc")[0] == ("service", "토지 민원")


@pytest.mark.parametrize("keywords", [{"ko": "x" * 501}, {"fr": "mot"}, {"ko": 3}, "등본"])
def test_bad_words_are_refused_and_change_nothing(admin, store, service_ids, keywords):
    before = config_rows(store)
    response = admin.patch(f"/api/v1/admin/services/{service_ids['여권']}",
                           json={"keywords": keywords})
    assert response.status_code == 400 and response.json["error"] and response.json["message"]
    assert config_rows(store) == before


def test_home_offers_the_months_busiest_four_by_default(app, kiosk, service_ids):
    # Fresh tickets make 자동차 등록 and 토지 민원 the busiest, whatever the sample history.
    before = kiosk.get("/api/v1/services").json["common_service_ids"]
    assert len(before) == 4
    for name, count in (("토지 민원", 60), ("자동차 등록", 50)):
        for _ in range(count):
            assert kiosk.post("/api/v1/tickets", json={"service_id": service_ids[name]}) \
                .status_code == 201
    common = kiosk.get("/api/v1/services").json["common_service_ids"]
    assert common[:2] == [service_ids["토지 민원"], service_ids["자동차 등록"]]
    assert len(common) == 4


def test_the_admin_chooses_the_home_services(admin, kiosk, service_ids):
    chosen = [service_ids["여권"], service_ids["주민등록 등·초본"]]
    response = admin.patch("/api/v1/admin/sites/1", json={"settings": {"common_services": chosen}})
    assert response.status_code == 200, response.json
    assert kiosk.get("/api/v1/services").json["common_service_ids"] == chosen
    # A retired service drops out; with none left the default comes back.
    assert admin.delete(f"/api/v1/admin/services/{chosen[0]}").status_code == 200
    assert kiosk.get("/api/v1/services").json["common_service_ids"] == chosen[1:]


@pytest.mark.parametrize("common", [[999999], "여권", [0], list(range(1, 11))])
def test_bad_home_services_are_refused_and_change_nothing(admin, store, common):
    before = config_rows(store)
    response = admin.patch("/api/v1/admin/sites/1", json={"settings": {"common_services": common}})
    assert response.status_code in (400, 422), response.json
    assert response.json["error"] and response.json["message"]
    assert config_rows(store) == before


def test_a_service_no_open_counter_serves_promises_no_minutes(kiosk, service_ids):
    # 건축 민원: its only counter (9) has nobody at it in the sample lobby.
    building = service_ids["건축 민원"]
    listed = {s["id"]: s for s in kiosk.get("/api/v1/services").json["services"]}[building]
    assert listed["estimated_minutes"] is None and listed["estimate"]["reason"] == "no_open_counter"
    ticket = kiosk.post("/api/v1/tickets", json={"service_id": building}).json["ticket"]
    assert ticket["estimated_minutes"] is None and ticket["estimate"]["reason"] == "no_open_counter"
