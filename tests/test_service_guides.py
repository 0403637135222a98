"""What to bring, what it costs, who may apply: kept per service in the six kiosk
languages, edited in the admin console, read by the kiosk and the phone page. A save
answers which translations are missing; bad input is refused and changes nothing."""

from __future__ import annotations

import pytest

from server.infra.languages import items_in_language, missing_translations
from tests.test_admin_api import config_rows
from tests.test_visitor import code_of

OTHERS = ["en", "zh", "vi", "ru", "th"]


@pytest.fixture
def admin(signed_in):
    return signed_in("admin")


def test_a_list_falls_back_to_korean_whole_and_counts_as_untranslated_when_empty():
    lists = {"ko": ["신분증", "위임장"], "en": ["ID card"], "vi": [" ", ""]}
    assert items_in_language(lists, "en") == ["ID card"]
    assert items_in_language(lists, "vi") == ["신분증", "위임장"]   # blank items: untranslated
    assert items_in_language(None, "ko") == []
    assert missing_translations({"documents": lists}, ("documents",)) == {
        lang: ["documents"] for lang in ("zh", "vi", "ru", "th")}
    assert missing_translations({"documents": {"ko": []}}, ("documents",)) == {}


def test_the_admin_saves_documents_fee_and_who_may_apply_and_hears_what_is_missing(admin, app):
    seal = next(s for s in admin.get("/api/v1/admin/services?site_id=1").json["items"]
                if s["names"]["ko"] == "인감증명")
    assert seal["documents"]["vi"][0] == "Giấy tờ tùy thân của bạn"   # the sample lobby's
    assert seal["missing_translations"] == {}

    response = admin.patch(f"/api/v1/admin/services/{seal['id']}", json={
        "documents": {"ko": ["본인 신분증", "인감도장"], "en": ["Your ID card", "Your seal"],
                      "vi": []},
        "fee": {"ko": "1통 600원", "en": "600 won a copy"},
        "who_may_apply": {"ko": "본인만"}})
    assert response.status_code == 200
    item = response.json["item"]
    assert item["documents"] == {"ko": ["본인 신분증", "인감도장"], "en": ["Your ID card", "Your seal"]}
    assert item["fee"] == {"ko": "1통 600원", "en": "600 won a copy"}
    assert response.json["missing_translations"] == {
        "en": ["who_may_apply"],
        **{lang: ["documents", "fee", "who_may_apply"] for lang in ("zh", "vi", "ru", "th")}}

    # The kiosk reads them with the services, every language at once.
    shown = app.test_client().get(f"/api/v1/services/{seal['id']}").json["service"]
    assert shown["documents"]["en"] == ["Your ID card", "Your seal"]
    assert shown["who_may_apply"] == {"ko": "본인만"}

    # Other changes leave them as they are; a new service starts without any.
    admin.patch(f"/api/v1/admin/services/{seal['id']}", json={"sort_order": 7})
    assert app.test_client().get(f"/api/v1/services/{seal['id']}").json["service"]["fee"]["en"] \
        == "600 won a copy"
    created = admin.post("/api/v1/admin/services?site_id=1", json={
        "names": {"ko": "안내 없는 업무"}, "department_id": 1, "prefix": "Z"})
    assert created.status_code == 201
    assert created.json["item"]["documents"] == {} and created.json["item"]["fee"] == {}


@pytest.mark.parametrize("change", [
    {"documents": {"ko": ["x" * 101]}},                       # an item too long
    {"documents": {"ko": [f"서류 {n}" for n in range(11)]}},  # too many items
    {"documents": {"ko": "신분증"}},                          # text, not a list
    {"documents": {"ko": [1, 2]}},                            # not text
    {"documents": {"ko": [""]}},                              # an empty item
    {"documents": ["신분증"]},                                # not per language
    {"documents": {"fr": ["pièce d'identité"]}},              # an unknown language
    {"fee": {"ko": "원" * 201}},
    {"fee": "500원"},
    {"who_may_apply": {"ko": ["본인"]}},
])
def test_bad_guides_are_refused_and_change_nothing(admin, store, service_ids, change):
    before = config_rows(store)
    response = admin.patch(f"/api/v1/admin/services/{service_ids['인감증명']}", json=change)
    assert response.status_code in (400, 422), response.json
    assert response.json["error"] and response.json["message"]
    assert config_rows(store) == before


def test_the_phone_page_gets_the_whole_guide(kiosk, app, service_ids):
    ticket = kiosk.post("/api/v1/tickets", json={"service_id": service_ids["여권"],
                                                 "lang": "vi"}).json["ticket"]
    view = app.test_client().get(f"/api/v1/visitor/tickets/{code_of(ticket)}").json["ticket"]
    assert len(view["documents"]["vi"]) == 4          # all of them: the paper clips to three
    assert view["fee"]["ko"].startswith("10년 복수여권")
    assert view["who_may_apply"]["vi"].startswith("Bản thân")


def test_an_exported_site_carries_the_guides(admin):
    document = admin.get("/api/v1/admin/sites/1/export").json
    passport = next(s for s in document["services"] if s["names"]["ko"] == "여권")
    assert passport["documents"]["ko"][1] == "여권 사진 1매 (6개월 이내 촬영)"
