"""The HTTP API as kiosks, staff and programs use it, and everything it must refuse."""

from __future__ import annotations

import re
import threading

import pytest

from server.api import api
from tests.conftest import STORES


@pytest.fixture(params=STORES)
def store_kind(request) -> str:
    """The API answers the same on both stores."""
    return request.param


def fingerprint(store) -> tuple:
    """Everything a refused request must leave as it was."""
    return (store.query("SELECT * FROM tickets ORDER BY id"),
            store.query("SELECT * FROM counters ORDER BY id"),
            store.query("SELECT * FROM counter_services ORDER BY counter_id, service_id"),
            store.one("SELECT count(*) AS n, max(seq) AS seq FROM events"))


def take(kiosk, service_id, **body):
    response = kiosk.post("/api/v1/tickets", json={"service_id": service_id, **body})
    assert response.status_code == 201, response.json
    return response.json["ticket"]


def test_health_and_services_with_queue_figures(app, kiosk, service_ids):
    client = app.test_client()
    assert client.get("/healthz").json["status"] == "ok"
    take(kiosk, service_ids["인감증명"])
    services = {s["names"]["ko"]: s for s in
                client.get("/api/v1/services?site_id=1").json["services"]}
    seal = services["인감증명"]
    assert seal["waiting"] == 1 and seal["availability"]["open"] is True
    assert set(seal["names"]) == {"ko", "en", "zh", "vi", "ru", "th"}
    assert "estimated_minutes" in seal


def test_kiosk_takes_a_number_and_staff_see_the_same_ticket(kiosk, signed_in, service_ids):
    ticket = take(kiosk, service_ids["여권"])
    assert ticket["display_number"] == "2001"
    assert ticket["people_ahead"] == 0 and ticket["estimated_minutes"] == 0
    staff = signed_in("staff4")
    seen = staff.get(f"/api/v1/tickets/{ticket['id']}").json["ticket"]
    assert seen["display_number"] == "2001" and seen["status"] == "waiting"
    listed = staff.get("/api/v1/tickets?status=waiting").json["tickets"]
    assert [t["id"] for t in listed] == [ticket["id"]]


def test_a_retried_request_with_the_same_key_makes_one_ticket(kiosk, store, service_ids):
    headers = {"Idempotency-Key": "tap-7f3a9c2e"}
    first = kiosk.post("/api/v1/tickets", json={"service_id": service_ids["인감증명"]},
                       headers=headers)
    retry = kiosk.post("/api/v1/tickets", json={"service_id": service_ids["인감증명"]},
                       headers=headers)
    assert (first.status_code, retry.status_code) == (201, 200)
    assert retry.json["ticket"]["id"] == first.json["ticket"]["id"]
    assert store.one("SELECT count(*) AS n FROM tickets")["n"] == 1


def test_simultaneous_retries_make_one_ticket(app, tokens, store, service_ids):
    from tests.conftest import BearerClient
    results = []

    def tap():
        client = BearerClient(app.test_client(), tokens["kiosk-1f"])
        results.append(client.post("/api/v1/tickets", json={"service_id": service_ids["인감증명"]},
                                   headers={"Idempotency-Key": "double-tap-1234"}).json)
        store.close_thread_connection()

    threads = [threading.Thread(target=tap) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({r["ticket"]["id"] for r in results}) == 1
    assert store.one("SELECT count(*) AS n FROM tickets")["n"] == 1


def test_staff_serve_a_visitor_through_every_step(kiosk, signed_in, service_ids):
    seal, passport = service_ids["인감증명"], service_ids["여권"]
    staff = signed_in("staff1")
    first, second = take(kiosk, seal), take(kiosk, seal)
    called = staff.post("/api/v1/counters/1/call-next").json["ticket"]
    assert called["id"] == first["id"] and called["counter_id"] == 1
    assert staff.post(f"/api/v1/tickets/{first['id']}/recall").json["ticket"]["recall_count"] == 1
    assert staff.post(f"/api/v1/tickets/{first['id']}/hold").json["ticket"]["status"] == "held"
    assert staff.post("/api/v1/counters/1/call", json={"ticket_id": second["id"]}).json["ticket"]["status"] == "called"
    for _ in range(2):  # a no-show needs the site's minimum: two recalls by default
        staff.post(f"/api/v1/tickets/{second['id']}/recall")
    assert staff.post(f"/api/v1/tickets/{second['id']}/no-show").json["ticket"]["status"] == "no_show"
    back = staff.post(f"/api/v1/tickets/{first['id']}/return", json={}).json["ticket"]
    assert back["status"] == "called"
    assert staff.post(f"/api/v1/tickets/{first['id']}/start").json["ticket"]["status"] == "serving"
    moved = staff.post(f"/api/v1/tickets/{first['id']}/transfer",
                       json={"service_id": passport}).json["ticket"]
    assert moved["status"] == "waiting" and moved["transferred_from_service_id"] == seal
    passport_officer = signed_in("staff4")
    again = passport_officer.post("/api/v1/counters/4/call-next").json["ticket"]
    assert again["id"] == first["id"]
    done = passport_officer.post(f"/api/v1/tickets/{first['id']}/finish",
                                 json={"outcome": "resolved", "note": "교부 완료"}).json["ticket"]
    assert done["status"] == "done"
    third = take(kiosk, seal)
    assert staff.post(f"/api/v1/tickets/{third['id']}/cancel").json["ticket"]["status"] == "cancelled"


def test_nobody_waiting_is_a_clear_conflict(signed_in):
    response = signed_in("staff1").post("/api/v1/counters/1/call-next")
    assert response.status_code == 409
    assert response.json["error"] == "nobody_waiting" and response.json["message"]


def test_staff_cannot_act_on_another_counter_or_its_tickets(kiosk, signed_in, store, service_ids):
    take(kiosk, service_ids["여권"])
    officer4 = signed_in("staff4")
    ticket = officer4.post("/api/v1/counters/4/call-next").json["ticket"]
    intruder = signed_in("staff1")
    before = fingerprint(store)
    for url in ("/api/v1/counters/4/call-next", f"/api/v1/tickets/{ticket['id']}/finish",
                f"/api/v1/tickets/{ticket['id']}/no-show", "/api/v1/counters/4/close"):
        response = intruder.post(url, json={})
        assert response.status_code == 403, url
        assert response.json["error"] == "forbidden"
    assert fingerprint(store) == before
    assert signed_in("supervisor").post(f"/api/v1/tickets/{ticket['id']}/finish",
                                        json={}).status_code == 200


def test_devices_and_other_sites_are_refused(app, tokens, signed_in, store, service_ids):
    from tests.conftest import BearerClient
    board = BearerClient(app.test_client(), tokens["board-1f"])
    branch_kiosk = BearerClient(app.test_client(), tokens["kiosk-hapdeok"])
    before = fingerprint(store)
    assert board.post("/api/v1/tickets", json={"service_id": service_ids["인감증명"]}).status_code == 403
    assert branch_kiosk.post("/api/v1/tickets", json={"service_id": service_ids["인감증명"]}).status_code == 403
    assert app.test_client().post("/api/v1/tickets", json={"service_id": 1}).status_code == 401
    assert signed_in("hapdeok1").post("/api/v1/counters/1/call-next").status_code == 403
    assert fingerprint(store) == before


def test_wrong_password_is_refused_without_saying_which_part(app):
    client = app.test_client()
    for login, password in (("staff1", "wrong-password"), ("nobody", "sunbeon-demo")):
        response = client.post("/api/v1/auth/login", json={"login": login, "password": password})
        assert response.status_code == 401
        assert response.json == {"error": "bad_credentials", "message": "Wrong login or password."}
    assert client.get("/api/v1/me").status_code == 401


def test_signing_out_sticks_while_the_console_has_requests_under_way(app):
    """A console reloads its panels all the time. A response to a request that was under
    way when the officer signed out must not bring the signed-in cookie back."""
    client = app.test_client()
    assert client.post("/api/v1/auth/login", json={"login": "staff1", "password": "sunbeon-demo"}
                       ).status_code == 200
    under_way = client.get("/api/v1/desk")            # its answer arrives after the sign-out
    assert under_way.status_code == 200 and "Set-Cookie" not in under_way.headers
    assert client.post("/api/v1/auth/logout").status_code == 200
    assert client.get("/api/v1/me").status_code == 401


def test_staff_open_a_counter_with_todays_services(signed_in, store, service_ids):
    staff = signed_in("staff3")
    opened = staff.post("/api/v1/counters/3/open",
                        json={"service_ids": [service_ids["외국인 민원"]]}).json["counter"]
    assert opened["open"] is True and opened["service_ids"] == [service_ids["외국인 민원"]]
    assert staff.get("/api/v1/me").json["me"]["counter_id"] == 3
    taken = signed_in("staff2").post("/api/v1/counters/3/open", json={})
    assert taken.status_code == 409 and taken.json["error"] == "counter_taken"


def test_openapi_describes_every_route():
    from server.app import create_app  # noqa: F401 - the blueprint is built on import
    document = api.openapi("/api/v1")
    assert document["openapi"].startswith("3.")
    operations = {(path, method) for path, ops in document["paths"].items() for method in ops}
    for endpoint in api.endpoints:
        path = "/api/v1" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", endpoint.rule)
        assert (path, endpoint.method.lower()) in operations
    ticket_body = document["components"]["schemas"]["TicketCreate"]
    assert ticket_body["required"] == ["service_id"]


def test_openapi_is_served(app):
    document = app.test_client().get("/api/v1/openapi.json").json
    assert "/api/v1/counters/{counter_id}/call-next" in document["paths"]


# ---- every bad input of every endpoint: a 4xx with a message, and no change -----------

def _url(rule: str, value) -> str:
    return "/api/v1" + re.sub(r"<(?:\w+:)?\w+>", str(value), rule)


def _bad_bodies(model) -> list:
    bodies = ["not json", [], {"unexpected_field": 1}]
    for name, field in model.model_fields.items():
        bodies.append({name: "surely not a valid value" * 40})
        bodies.append({name: {"nested": True}})
    if any(f.is_required() for f in model.model_fields.values()):
        bodies.append({})
    return bodies


BODY_ENDPOINTS = [e for e in api.endpoints if e.body is not None]


def permitted_client(endpoint, signed_in, kiosk):
    """A caller the endpoint's declared permission lets in, so that the body and the
    ids are what is checked (anyone else is refused before the body is read)."""
    if endpoint.auth == "kiosk":
        return kiosk
    return signed_in("admin" if endpoint.auth == "admin" else "supervisor")
PATH_ENDPOINTS = [e for e in api.endpoints if "<" in e.rule]
QUERY_ENDPOINTS = [e for e in api.endpoints if e.query is not None]


@pytest.mark.parametrize("endpoint", BODY_ENDPOINTS, ids=lambda e: f"{e.method} {e.rule}")
def test_bad_bodies_are_refused_with_a_message(endpoint, signed_in, kiosk, store, service_ids):
    take(kiosk, service_ids["인감증명"])
    client = permitted_client(endpoint, signed_in, kiosk)
    before = fingerprint(store)
    for body in _bad_bodies(endpoint.body):
        if isinstance(body, str):
            response = client.open(_url(endpoint.rule, 1), method=endpoint.method, data=body,
                                   content_type="application/json")
        else:
            response = client.open(_url(endpoint.rule, 1), method=endpoint.method, json=body)
        assert response.status_code == 400, (body, response.json)
        assert response.json["error"] in ("invalid_request", "invalid_json")
        assert response.json["message"]
    assert fingerprint(store) == before


@pytest.mark.parametrize("endpoint", PATH_ENDPOINTS, ids=lambda e: f"{e.method} {e.rule}")
def test_unknown_ids_are_not_found(endpoint, signed_in, kiosk, store):
    client = permitted_client(endpoint, signed_in, kiosk)
    before = fingerprint(store)
    for ident in (987654, 2**70, 0, "abc", -1):
        response = client.open(_url(endpoint.rule, ident), method=endpoint.method, json={})
        assert response.status_code in (400, 404), (ident, response.json)
        assert response.is_json and response.json["message"]
    assert fingerprint(store) == before


@pytest.mark.parametrize("endpoint", QUERY_ENDPOINTS, ids=lambda e: f"{e.method} {e.rule}")
def test_bad_query_strings_are_refused(endpoint, signed_in, store):
    client = signed_in("supervisor")
    for query in ("bogus=1", "site_id=abc", "since=-4", "status=lost", "site_id=99999999"):
        response = client.open(_url(endpoint.rule, 1) + "?" + query, method=endpoint.method)
        assert 400 <= response.status_code < 500, (query, response.json)
        assert response.json["message"]


@pytest.mark.parametrize("endpoint", [e for e in api.endpoints if e.auth != "public"],
                         ids=lambda e: f"{e.method} {e.rule}")
def test_every_protected_endpoint_needs_credentials(endpoint, app, store):
    before = fingerprint(store)
    client = app.test_client()
    url = _url(endpoint.rule, 1) + ("?since=0" if endpoint.rule == "/events" else "")
    response = client.open(url, method=endpoint.method, json={},
                           headers={"Authorization": "Bearer sb_not-a-real-token"})
    assert response.status_code == 401, response.json
    assert response.json["error"] == "unauthorized"
    assert fingerprint(store) == before


def test_unknown_api_paths_answer_json(app):
    response = app.test_client().get("/api/v1/no-such-thing")
    assert response.status_code == 404 and response.json["error"] == "not_found"
    response = app.test_client().delete("/api/v1/tickets")
    assert response.status_code == 405 and response.is_json


def test_kiosk_help_request_reaches_staff_and_is_answered(app, kiosk, signed_in, tokens):
    from tests.test_realtime import connect, received_events
    staff_socket = connect(app, flask_client=signed_in("staff2"))
    kiosk_socket = connect(app, tokens["kiosk-1f"])
    asked = kiosk.post("/api/v1/help-requests")
    assert asked.status_code == 201
    assert kiosk.post("/api/v1/help-requests").json["help_request"]["id"] == asked.json["help_request"]["id"]
    alert = [e for e in received_events(app, staff_socket) if e["type"] == "help.requested"]
    assert alert[0]["data"]["help_request"]["device"] == "kiosk-1f"
    assert alert[0]["data"]["help_request"]["floor"] == 1
    staff = signed_in("staff2")
    assert [h["id"] for h in staff.get("/api/v1/help-requests").json["help_requests"]] == [alert[0]["data"]["help_request"]["id"]]
    help_id = asked.json["help_request"]["id"]
    assert staff.post(f"/api/v1/help-requests/{help_id}/acknowledge").status_code == 200
    on_kiosk = [e["type"] for e in received_events(app, kiosk_socket)]
    assert "help.acknowledged" in on_kiosk
    assert staff.post(f"/api/v1/help-requests/{help_id}/close").status_code == 200
    assert staff.get("/api/v1/help-requests").json["help_requests"] == []
    assert kiosk.post("/api/v1/help-requests/1/acknowledge").status_code == 403


def test_presence_shows_on_nameplates_without_private_data(app, signed_in, tokens):
    from tests.test_realtime import connect, received_events
    display = connect(app, tokens["counter-display-1"])
    officer = signed_in("staff1")
    away = officer.post("/api/v1/staff/me/presence",
                        json={"presence": "away", "away_until": "2026-12-01T11:30:00+09:00"})
    assert away.status_code == 200
    seen = [e for e in received_events(app, display) if e["type"] == "staff.presence"]
    assert seen[0]["data"]["staff"]["presence"] == "away"
    assert seen[0]["data"]["staff"]["away_until"] == "2026-12-01T11:30:00+09:00"
    listed = {p["name"]: p for p in app.test_client().get("/api/v1/staff?site_id=1").json["staff"]}
    assert listed["이서연"]["presence"] == "away" and listed["이서연"]["counter_number"] == 1
    assert set(listed["이서연"]) == {"id", "name", "duty", "duties", "phone", "photo",
                                     "department_id", "presence", "away_until", "counter_number"}
    bad = officer.post("/api/v1/staff/me/presence", json={"presence": "away", "away_until": "soon"})
    assert bad.status_code == 400
