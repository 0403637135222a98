"""Shared fixtures: an app on a temporary database with the sample lobby, a fixed clock,
signed-in clients, a local SMTP server the app mails through, and a real server process
for socket and browser tests."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from server.app import create_app
from server.infra.clock import FixedClock
from server.demo import DEMO_PASSWORD, load_demo
from server.queue import QueueEngine
from tests.support.console import ConsoleClient
from tests.support.seoul import SEOUL
from tests.support.server import ServerProcess
from tests.support.smtp import SmtpSink

# A Tuesday morning that is not a public holiday.
TUESDAY_10AM = datetime(2026, 12, 1, 10, 0, tzinfo=SEOUL)


@pytest.fixture
def clock():
    return FixedClock(TUESDAY_10AM)


@pytest.fixture
def app(tmp_path, clock):
    app = create_app(tmp_path / "sunbeon.db", clock=clock, config={"TESTING": True})
    app.test_client_class = ConsoleClient   # writes as the consoles do: JSON, or a CSRF token
    load_demo(app.extensions["sunbeon.store"], clock)
    yield app
    app.extensions["sunbeon.store"].close_thread_connection()


@pytest.fixture
def store(app):
    return app.extensions["sunbeon.store"]


@pytest.fixture
def engine(app) -> QueueEngine:
    return app.extensions["sunbeon.engine"]


@pytest.fixture
def tokens(store) -> dict:
    return json.loads(store.setting("demo_tokens"))


@pytest.fixture
def kiosk(app, tokens):
    """A test client that speaks as the 1st-floor kiosk."""
    return BearerClient(app.test_client(), tokens["kiosk-1f"])


@pytest.fixture
def signed_in(app):
    """signed_in("staff1") -> a test client with that staff member's session."""
    def sign_in(login: str):
        client = app.test_client()
        response = client.post("/api/v1/auth/login",
                               json={"login": login, "password": DEMO_PASSWORD})
        assert response.status_code == 200, response.json
        return client
    return sign_in


class BearerClient:
    """A Flask test client that sends a bearer token with every request."""

    def __init__(self, client, token: str):
        self.client = client
        self.token = token

    def _headers(self, headers):
        return {"Authorization": f"Bearer {self.token}", **(headers or {})}

    def get(self, url, headers=None, **kwargs):
        return self.client.get(url, headers=self._headers(headers), **kwargs)

    def post(self, url, headers=None, **kwargs):
        return self.client.post(url, headers=self._headers(headers), **kwargs)

    def open(self, url, headers=None, **kwargs):
        return self.client.open(url, headers=self._headers(headers), **kwargs)


@pytest.fixture
def service_ids(store) -> dict:
    """Sample services by their Korean name."""
    return {json.loads(r["names"])["ko"]: r["id"]
            for r in store.query("SELECT id, names FROM services WHERE site_id = 1")}


@pytest.fixture
def smtp(app):
    """A local SMTP server that the app sends its mail through."""
    sink = SmtpSink()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=sink.port,
                      SMTP_FROM="minwon@dangjin.example")
    yield sink
    sink.stop()


@pytest.fixture
def server(tmp_path):
    """A real `sunbeon serve --demo` process on a free port."""
    process = ServerProcess(tmp_path / "live.db")
    process.start()
    yield process
    process.stop()
