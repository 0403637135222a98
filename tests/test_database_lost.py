"""PostgreSQL lost while the server runs (stopped, restarted): every API request answers
503 `storage_unavailable` JSON and a visitor's page a friendly screen, nothing is half
written, /healthz says the database is unreachable, and when PostgreSQL is back the server
serves again without a restart, its background work (the relay too) going on.

Each test stops a PostgreSQL server of its own, never the one the other tests share."""

from __future__ import annotations

import json
import time

import pytest
import requests

from server.app import create_app
from server.infra.copy import copy_store
from server.infra.postgres import PostgresStore
from server.infra.store import Store
from tests.conftest import BearerClient
from tests.support.console import ConsoleSession
from tests.support.postgres import ThrowawayPostgres
from tests.support.redis import ThrowawayRedis
from tests.support.server import ServerProcess
from tests.test_realtime import Listener


@pytest.fixture
def own_postgres():
    server = ThrowawayPostgres().start()
    yield server
    server.stop()


@pytest.fixture
def lobby(own_postgres, demo_database, tmp_path) -> str:
    """The sample lobby on the test's own PostgreSQL server; its URL."""
    own_postgres.admin("CREATE DATABASE sunbeon")
    url = own_postgres.url("sunbeon")
    source, target = Store(demo_database), PostgresStore(url, home=tmp_path)
    copy_store(source, target)
    source.close_thread_connection()
    target.close_thread_connection()
    return url


@pytest.fixture
def app(lobby, tmp_path, clock):
    app = create_app(lobby, clock=clock, config={"TESTING": True}, home=tmp_path)
    yield app
    app.extensions["sunbeon.workers"].stop(drain=False)
    app.extensions["sunbeon.store"].close_thread_connection()


def _issue(kiosk, service_id: int, key: str):
    return kiosk.post("/api/v1/tickets", json={"service_id": service_id},
                      headers={"Idempotency-Key": key})


def _unavailable(response) -> None:
    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.json["error"] == "storage_unavailable"
    assert "try again" in response.json["message"]
    assert response.headers["Retry-After"] == "5"


def test_a_lost_database_is_503_for_the_api_friendly_for_visitors_and_recovers(
        app, own_postgres, lobby, tokens, service_ids):
    kiosk = BearerClient(app.test_client(), tokens["kiosk-1f"])
    service = service_ids["인감증명"]
    first = _issue(kiosk, service, "tap-lost-0001")
    assert first.status_code == 201
    code = first.json["ticket"]["link"].rsplit("/", 1)[1]   # the phone page's
    store = app.extensions["sunbeon.store"]
    before = store.one("SELECT count(*) AS n, max(seq) AS seq FROM events")

    own_postgres.shut_down()
    _unavailable(_issue(kiosk, service, "tap-lost-0002"))     # a write
    _unavailable(kiosk.get("/api/v1/services"))                # a read
    health = app.test_client().get("/healthz")
    assert health.status_code == 503
    assert health.json["status"] == "storage_unavailable"
    assert health.json["reason"] == "unreachable"
    phone = app.test_client().get(f"/t/{code}")                # the visitor's phone page
    assert phone.status_code == 503
    page = phone.get_data(as_text=True)
    assert "잠시 문제가 생겼습니다" in page and "please try again shortly" in page
    assert "Traceback" not in page

    own_postgres.start()
    # The next request reconnects; the kiosk's retry (same key) makes its one ticket.
    second = _issue(kiosk, service, "tap-lost-0002")
    assert second.status_code == 201, second.json
    assert _issue(kiosk, service, "tap-lost-0002").json["ticket"]["id"] == second.json["ticket"]["id"]
    after = store.one("SELECT count(*) AS n, max(seq) AS seq FROM events")
    assert after["n"] == before["n"] + 1                        # nothing half written
    assert app.test_client().get("/healthz").json["status"] == "ok"
    assert app.test_client().get(f"/t/{code}").status_code == 200


def test_a_restarted_database_serves_the_very_next_request(app, own_postgres, tokens,
                                                           service_ids):
    """Every connection the server held died with the restart: the next request on each
    finds its connection lost before it sent anything, opens another, and is served."""
    kiosk = BearerClient(app.test_client(), tokens["kiosk-1f"])
    service = service_ids["인감증명"]
    assert _issue(kiosk, service, "tap-restart-0001").status_code == 201
    assert kiosk.get("/api/v1/services").status_code == 200

    own_postgres.shut_down()
    own_postgres.start()
    assert kiosk.get("/api/v1/services").status_code == 200     # a read outside a transaction
    assert _issue(kiosk, service, "tap-restart-0002").status_code == 201
    health = app.test_client().get("/healthz")
    assert health.status_code == 200 and health.json["status"] == "ok"


def _wait_for(predicate, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _health(server: ServerProcess) -> tuple[int, dict]:
    answer = requests.get(server.url + "/healthz", timeout=5)
    return answer.status_code, answer.json()


def test_a_served_process_keeps_its_screens_and_background_work_through_the_loss(
        own_postgres, tmp_path):
    """`sunbeon serve` on PostgreSQL and Redis: while PostgreSQL is stopped the kiosk is
    refused with 503 and /healthz says why; once it is back, tickets issue again, the
    relay publishes them to a board that stayed connected, and the cluster's work runs
    in this process again."""
    own_postgres.admin("CREATE DATABASE sunbeon")
    redis = ThrowawayRedis().start()
    server = ServerProcess(tmp_path / "live.db", database=own_postgres.url("sunbeon"),
                           message_queue=redis.url)
    try:
        server.start()
        tokens = server.tokens
        kiosk = requests.Session()
        kiosk.headers["Authorization"] = f"Bearer {tokens['kiosk-1f']}"
        services = {s["names"]["ko"]: s["id"] for s in
                    kiosk.get(server.url + "/api/v1/services").json()["services"]}
        board = Listener(server.url, tokens["board-1f"])
        assert board.connected.wait(10)
        leading = set(_health(server)[1]["workers"])
        assert {"relay", "desk_watch", "printing"} <= leading

        own_postgres.shut_down()
        refused = kiosk.post(server.url + "/api/v1/tickets", json={"service_id": services["여권"]},
                             headers={"Idempotency-Key": "tap-served-0001"})
        assert refused.status_code == 503
        assert refused.json()["error"] == "storage_unavailable"
        status, health = _health(server)
        assert status == 503 and health["reason"] == "unreachable"

        own_postgres.start()
        issued = kiosk.post(server.url + "/api/v1/tickets", json={"service_id": services["여권"]},
                            headers={"Idempotency-Key": "tap-served-0001"})
        assert issued.status_code == 201, issued.text
        ticket = issued.json()["ticket"]["id"]
        assert board.wait_for(lambda events: any(
            e["type"] == "ticket.issued" and e["data"]["ticket"]["id"] == ticket for e in events),
            timeout=20)
        # The cluster's work (stopped when its lease's session was lost) runs here again.
        assert _wait_for(lambda: set(_health(server)[1]["workers"]) == leading)
        assert _health(server)[0] == 200
        officer = ConsoleSession()
        assert officer.post(server.url + "/api/v1/auth/login",
                            json={"login": "staff4", "password": "sunbeon-demo"}).ok
        called = officer.post(server.url + "/api/v1/counters/4/call-next").json()["ticket"]
        assert called["id"] == ticket
        board.client.disconnect()
    finally:
        server.stop()
        redis.remove()
