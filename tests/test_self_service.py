"""The machine next door: services the lobby's certificate machine (무인민원발급기) or 정부24
issues are marked in the admin console; the kiosk reads the machine's hours and the way
to it, and counts each visitor's choice (the machine, or a ticket anyway) for the
reports. Bad input is refused and changes nothing."""

from __future__ import annotations

import csv
import io

import pytest

from tests.conftest import STORES, BearerClient
from tests.test_admin_api import config_rows


# The SQL of the counts (an upsert) and of the report (sums) runs on both stores.
both_stores = pytest.mark.parametrize("store_kind", STORES)


@pytest.fixture
def admin(signed_in):
    return signed_in("admin")


def choose(kiosk, service_id: int, choice: str):
    return kiosk.post(f"/api/v1/services/{service_id}/self-service-choice", json={"choice": choice})


def test_the_sample_marks_the_certificates_the_machine_issues(app, service_ids):
    client = app.test_client()
    resident = client.get(f"/api/v1/services/{service_ids['주민등록 등·초본']}").json["service"]
    assert resident["machine_issue"] is True and resident["online_issue"] is True
    assert resident["machine_needs"] == ["id_card", "fingerprint"]
    passport = client.get(f"/api/v1/services/{service_ids['여권']}").json["service"]
    assert passport["machine_issue"] is False and passport["online_issue"] is False
    assert passport["machine_needs"] == []


def test_the_admin_marks_a_service_and_the_kiosk_reads_it(admin, app, service_ids):
    seal = service_ids["인감증명"]
    response = admin.patch(f"/api/v1/admin/services/{seal}", json={
        "machine_issue": True, "machine_needs": ["fingerprint", "fingerprint"]})
    assert response.status_code == 200, response.json
    assert response.json["item"]["machine_issue"] is True
    assert response.json["item"]["machine_needs"] == ["fingerprint"]   # once is enough
    shown = app.test_client().get(f"/api/v1/services/{seal}").json["service"]
    assert (shown["machine_issue"], shown["online_issue"], shown["machine_needs"]) == \
        (True, False, ["fingerprint"])
    # The console's form is drawn from the schema: the choices and their words are there.
    form = admin.get("/api/v1/admin/forms").json["ServiceIn"]["properties"]
    assert {"machine_issue", "online_issue", "machine_needs"} <= set(form)


@pytest.mark.parametrize("change", [
    {"machine_issue": "yes please"},
    {"online_issue": [1]},
    {"machine_needs": ["passport"]},                 # not something the machine asks for
    {"machine_needs": "id_card"},                    # not a list
    {"machine_needs": ["id_card", "fingerprint", "id_card"]},   # too many
])
def test_bad_self_service_flags_are_refused_and_change_nothing(admin, store, service_ids, change):
    before = config_rows(store)
    response = admin.patch(f"/api/v1/admin/services/{service_ids['인감증명']}", json=change)
    assert response.status_code in (400, 422), response.json
    assert response.json["error"] and response.json["message"]
    assert config_rows(store) == before


def test_the_machines_hours_are_a_site_setting_checked_like_working_hours(admin, store):
    before = config_rows(store)
    bad = admin.patch("/api/v1/admin/sites/1", json={"settings": {"machine_hours": "18:00-09:00"}})
    assert bad.status_code == 400 and bad.json["error"] == "invalid_request"
    assert config_rows(store) == before
    good = admin.patch("/api/v1/admin/sites/1", json={"settings": {
        "machine_hours": "07:00-22:00", "machine_weekends": True}})
    assert good.status_code == 200, good.json


@both_stores
def test_the_kiosk_reads_the_machines_hours_and_the_way_from_where_it_stands(kiosk, admin):
    machine = kiosk.get("/api/v1/kiosk/machine").json["machine"]
    # Tuesday 10:00 in the sample: open on weekdays 09:00-18:00.
    assert machine["hours"] == "09:00-18:00" and machine["weekends"] is False
    assert machine["open_now"] is True and machine["next_open_at"] is None
    way = machine["route"]
    assert way["found"] is True
    assert way["to"]["category"] == "certificate_machine"
    assert way["to"]["names"]["vi"] == "Máy cấp giấy tờ tự động"
    assert way["steps"] and way["steps"][-1]["vi"]
    assert way["drawing"] and way["drawing"][0]["svg"].startswith("<svg")

    admin.patch("/api/v1/admin/sites/1", json={"settings": {"machine_hours": "19:00-20:00"}})
    closed = kiosk.get("/api/v1/kiosk/machine").json["machine"]
    assert closed["open_now"] is False
    assert closed["next_open_at"] == "2026-12-01T19:00:00+09:00"


def test_without_a_machine_on_the_map_the_kiosk_still_gets_the_hours(kiosk, app):
    store = app.extensions["sunbeon.store"]
    with store.write() as tx:
        tx.execute("DELETE FROM map_features WHERE category = 'certificate_machine'")
    machine = kiosk.get("/api/v1/kiosk/machine").json["machine"]
    assert machine["route"] == {"missing": True}
    assert machine["hours"] == "09:00-18:00"


def test_only_kiosks_read_the_machine_or_count_choices(app, service_ids, signed_in):
    anonymous = app.test_client()
    assert anonymous.get("/api/v1/kiosk/machine").status_code == 401
    resident = service_ids["주민등록 등·초본"]
    assert anonymous.post(f"/api/v1/services/{resident}/self-service-choice",
                          json={"choice": "machine"}).status_code == 401
    staff = signed_in("staff1")
    assert staff.post(f"/api/v1/services/{resident}/self-service-choice",
                      json={"choice": "machine"}).status_code == 403


@pytest.mark.parametrize("body", [{"choice": "both"}, {"choice": 1}, {}, {"choice": "machine", "who": "x"}])
def test_a_bad_choice_is_refused_and_counts_nothing(kiosk, store, service_ids, body):
    response = kiosk.post(f"/api/v1/services/{service_ids['주민등록 등·초본']}/self-service-choice",
                          json=body)
    assert response.status_code == 400, response.json
    assert response.json["error"] == "invalid_request"
    assert store.query("SELECT * FROM self_service_choices") == []


@both_stores
def test_a_choice_for_a_service_no_machine_issues_is_refused(kiosk, store, service_ids):
    response = choose(kiosk, service_ids["여권"], "machine")
    assert response.status_code == 409 and response.json["error"] == "not_self_service"
    assert choose(kiosk, 9999, "machine").status_code == 404
    assert store.query("SELECT * FROM self_service_choices") == []


@both_stores
def test_choices_are_counted_per_service_and_day_and_reported(kiosk, signed_in, store, service_ids):
    resident, family = service_ids["주민등록 등·초본"], service_ids["가족관계 증명"]
    for service_id, choice in ((resident, "machine"), (resident, "machine"),
                               (resident, "ticket"), (family, "ticket")):
        assert choose(kiosk, service_id, choice).status_code == 201
    # Counts only: the site, the service, the day and the choice.
    rows = store.query("SELECT * FROM self_service_choices ORDER BY service_id, choice")
    assert rows == [
        {"site_id": 1, "service_id": resident, "day": "2026-12-01", "choice": "machine", "count": 2},
        {"site_id": 1, "service_id": resident, "day": "2026-12-01", "choice": "ticket", "count": 1},
        {"site_id": 1, "service_id": family, "day": "2026-12-01", "choice": "ticket", "count": 1}]

    supervisor = signed_in("supervisor")
    report = supervisor.get("/api/v1/reports?period=day&date=2026-12-01&group=service").json["report"]
    by_label = {row["label"]: row["self_service"] for row in report["rows"]}
    assert by_label["주민등록 등·초본"] == {"machine": 2, "ticket": 1, "share_machine": 0.667}
    assert by_label["가족관계 증명"] == {"machine": 0, "ticket": 1, "share_machine": 0.0}
    assert report["total"]["self_service"] == {"machine": 2, "ticket": 2, "share_machine": 0.5}

    # Per site, and not on another day.
    site = supervisor.get("/api/v1/reports?period=day&date=2026-12-01&group=site").json["report"]
    assert site["rows"][0]["self_service"]["machine"] == 2
    other_day = supervisor.get("/api/v1/reports?period=day&date=2026-12-02&group=service").json
    assert other_day["report"]["total"]["self_service"]["machine"] == 0
    # A counter has nothing to do with it: only the total counts the choices.
    counters = supervisor.get("/api/v1/reports?period=day&date=2026-12-01&group=counter").json
    assert all(row["self_service"]["machine"] == 0 for row in counters["report"]["rows"])
    assert counters["report"]["total"]["self_service"]["machine"] == 2

    exported = supervisor.get("/api/v1/reports/export?period=day&date=2026-12-01&group=service")
    table = list(csv.reader(io.StringIO(exported.data.decode("utf-8-sig"))))
    header, lines = table[0], {line[1]: line for line in table[1:]}
    at = header.index("발급기 선택 / Chose the machine")
    assert lines["주민등록 등·초본"][at:at + 3] == ["2", "1", "66.7"]


def test_a_kiosk_counts_only_for_its_own_site(app, store, tokens, service_ids):
    branch_kiosk = next(row["name"] for row in store.query(
        "SELECT name FROM devices WHERE site_id != 1 AND kind = 'kiosk'"))
    other = BearerClient(app.test_client(), tokens[branch_kiosk])
    response = choose(other, service_ids["주민등록 등·초본"], "machine")
    assert response.status_code == 403
    assert store.query("SELECT * FROM self_service_choices") == []


def test_an_exported_site_carries_the_marks(admin):
    document = admin.get("/api/v1/admin/sites/1/export").json
    resident = next(s for s in document["services"] if s["names"]["ko"] == "주민등록 등·초본")
    assert (resident["machine_issue"], resident["online_issue"], resident["machine_needs"]) == \
        (True, True, ["id_card", "fingerprint"])
