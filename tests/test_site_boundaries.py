"""Nobody crosses sites: an action that names another object (a transfer target, a
reprint kiosk, a counter, a service, an officer) is refused when that object is of
another site than what the action is about, whoever asks, admins included. Such an
object is answered as if it did not exist (404), and nothing changes."""

from __future__ import annotations

import pytest

from tests.test_api import fingerprint, take

SITE_B = 2


def branch(store, table: str, where: str = "1") -> int:
    return store.one(f"SELECT id FROM {table} WHERE site_id = ? AND {where} ORDER BY id LIMIT 1",
                     (SITE_B,))["id"]


def staff_id(store, login: str) -> int:
    return store.one("SELECT id FROM staff WHERE login = ?", (login,))["id"]


@pytest.fixture
def called(kiosk, signed_in, service_ids):
    """A city-hall visitor called to counter 1 by its officer."""
    ticket = take(kiosk, service_ids["인감증명"])
    response = signed_in("staff1").post("/api/v1/counters/1/call",
                                        json={"ticket_id": ticket["id"]})
    assert response.status_code == 200, response.json
    return ticket


def print_jobs(store) -> list:
    return store.query("SELECT * FROM print_jobs ORDER BY id")


def refused_as_unknown(response, what: str) -> None:
    assert response.status_code == 404, response.json
    assert response.json["error"] == "not_found" and what in response.json["message"]


# ---- the two cases found -----------------------------------------------------------------

@pytest.mark.parametrize("login", ["staff1", "supervisor", "admin"])
def test_no_one_transfers_a_ticket_to_an_officer_of_another_site(login, called, signed_in,
                                                                 store):
    client = signed_in(login)  # signing in is an event of its own
    before = fingerprint(store)
    response = client.post(f"/api/v1/tickets/{called['id']}/transfer",
                           json={"staff_id": staff_id(store, "hapdeok1")})
    refused_as_unknown(response, "staff member")
    assert fingerprint(store) == before


@pytest.mark.parametrize("login", ["staff1", "supervisor", "admin"])
def test_no_one_reprints_a_ticket_at_another_sites_kiosk(login, called, signed_in, store):
    before = print_jobs(store)
    response = signed_in(login).post(f"/api/v1/tickets/{called['id']}/reprint",
                                     json={"device_id": branch(store, "devices", "kind = 'kiosk'")})
    refused_as_unknown(response, "kiosk")
    assert print_jobs(store) == before


def test_the_other_sites_staff_reprint_nothing_of_this_site(called, signed_in, store):
    before = print_jobs(store)
    for device in (None, branch(store, "devices", "kind = 'kiosk'")):
        response = signed_in("hapdeok1").post(f"/api/v1/tickets/{called['id']}/reprint",
                                              json={"device_id": device})
        assert response.status_code == 403, response.json
    assert print_jobs(store) == before


def test_a_reprint_goes_to_a_kiosk_of_the_tickets_site(called, signed_in, store):
    board = store.one("SELECT id FROM devices WHERE name = 'board-1f'")["id"]
    refused_as_unknown(signed_in("staff1").post(f"/api/v1/tickets/{called['id']}/reprint",
                                                json={"device_id": board}), "kiosk")
    printed = signed_in("staff1").post(f"/api/v1/tickets/{called['id']}/reprint", json={})
    assert printed.status_code == 202, printed.json


# ---- every other object an action names --------------------------------------------------

@pytest.mark.parametrize("target, what", [("service_id", "service"), ("counter_id", "counter")])
def test_a_transfer_target_of_another_site_is_as_if_unknown(target, what, called, signed_in,
                                                           store):
    admin = signed_in("admin")
    before = fingerprint(store)
    table = {"service_id": "services", "counter_id": "counters"}[target]
    response = admin.post(f"/api/v1/tickets/{called['id']}/transfer",
                                       json={target: branch(store, table)})
    refused_as_unknown(response, what)
    assert fingerprint(store) == before


def test_a_held_ticket_returns_only_to_a_counter_of_its_site(called, signed_in, store):
    staff = signed_in("staff1")
    assert staff.post(f"/api/v1/tickets/{called['id']}/hold").status_code == 200
    admin = signed_in("admin")
    before = fingerprint(store)
    response = admin.post(f"/api/v1/tickets/{called['id']}/return",
                                       json={"counter_id": branch(store, "counters")})
    refused_as_unknown(response, "counter")
    assert fingerprint(store) == before


def test_a_counter_calls_only_tickets_of_its_site(kiosk, signed_in, store, service_ids):
    ticket = take(kiosk, service_ids["인감증명"])
    counter = branch(store, "counters", "staff_id IS NOT NULL")
    clients = [signed_in(login) for login in ("hapdeok1", "admin")]
    before = fingerprint(store)
    for client in clients:
        response = client.post(f"/api/v1/counters/{counter}/call",
                                         json={"ticket_id": ticket["id"]})
        refused_as_unknown(response, "ticket")
    assert fingerprint(store) == before


def test_a_counter_serves_only_services_of_its_site(signed_in, store):
    staff, admin = signed_in("staff3"), signed_in("admin")
    before = fingerprint(store)
    service = branch(store, "services")
    refused_as_unknown(staff.post("/api/v1/counters/3/open",
                                  json={"service_ids": [service]}), "service")
    refused_as_unknown(admin.put("/api/v1/counters/3/services",
                                              json={"service_ids": [service]}), "service")
    assert fingerprint(store) == before


def test_an_appointment_is_with_an_officer_of_the_services_site(signed_in, store, service_ids,
                                                                clock):
    from tests.test_staffdesk import at
    before = store.query("SELECT * FROM appointments")
    response = signed_in("admin").post("/api/v1/appointments", json={
        "service_id": service_ids["인감증명"], "staff_id": staff_id(store, "hapdeok1"),
        "at": at(clock, 60)})
    refused_as_unknown(response, "staff member")
    assert store.query("SELECT * FROM appointments") == before


# ---- authorization comes before the body ----------------------------------------------------

@pytest.mark.parametrize("body", [{"service_id": "not a number"}, {"surprise": 1}, []])
def test_who_may_not_act_learns_nothing_of_the_body(body, app, tokens, signed_in, called):
    from tests.conftest import BearerClient
    board = BearerClient(app.test_client(), tokens["board-1f"])
    transfer = f"/api/v1/tickets/{called['id']}/transfer"
    assert board.post(transfer, json=body).status_code == 403
    assert app.test_client().post(transfer, json=body).status_code == 401
    staff = signed_in("staff1")
    assert staff.post("/api/v1/admin/sites", json=body).status_code == 403
    assert staff.put("/api/v1/counters/1/services", json=body).status_code == 403
    # Allowed callers do get told what is wrong with the body.
    assert signed_in("supervisor").put("/api/v1/counters/1/services",
                                       json=body).status_code == 400
