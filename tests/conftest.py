"""Shared fixtures: the sample lobby's database (built once per run, copied for each test;
on SQLite, or on PostgreSQL for the tests that run on both stores: `store_kind`),
the engine alone on it for tests that need no HTTP, an app on it, a fixed clock,
signed-in clients, a local SMTP server the app mails through, and a real server process
for socket and browser tests."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Iterator

import pytest

from server.app import create_app
from server.infra.clock import FixedClock
from server.demo import DEMO_PASSWORD
from server.infra.database import open_store
from server.infra.store import Store
from server.queue import QueueEngine
from tests.support.console import ConsoleClient
from tests.support.demo_database import build_demo_database, copy_database
from tests.support.postgres import ThrowawayPostgres
from tests.support.seoul import SEOUL
from tests.support.server import ServerProcess
from tests.support.smtp import SmtpSink
from tests.support.url_rules import reuse_compiled_url_builders

reuse_compiled_url_builders()   # an app per test: each URL rule compiled once per run

# SUNBEON_ASYNC_MODE=gevent runs the whole suite's server processes in gevent's mode. The
# apps built in this process, which gevent has not patched, stay threaded: the setting is
# taken out of its environment (the app would read it) and handed to ServerProcess.
ServerProcess.default_async_mode = os.environ.pop("SUNBEON_ASYNC_MODE", None)

# A Tuesday morning that is not a public holiday.
TUESDAY_10AM = datetime(2026, 12, 1, 10, 0, tzinfo=SEOUL)


@pytest.fixture
def clock():
    return FixedClock(TUESDAY_10AM)


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory) -> Path:
    """The sample lobby, migrated and loaded once per run; tests use copies (db_path)."""
    return build_demo_database(tmp_path_factory.mktemp("demo"), FixedClock(TUESDAY_10AM))


@pytest.fixture
def db_path(tmp_path, demo_database) -> Path:
    """This test's own copy of the sample database."""
    return copy_database(demo_database, tmp_path / "sunbeon.db")


# The two stores (server/infra/store.py, server/infra/postgres.py). A test module runs on
# both by overriding `store_kind` with `params=STORES`; every other test runs on SQLite.
STORES = ("sqlite", "postgresql")


@pytest.fixture
def store_kind() -> str:
    return "sqlite"


@pytest.fixture(scope="session")
def postgres() -> Iterator[ThrowawayPostgres]:
    """A PostgreSQL server of this run, started when a test first needs it. If it cannot
    start, those tests fail with the reason: nothing is skipped."""
    server = ThrowawayPostgres().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_template(postgres, demo_database) -> str:
    """The sample lobby on PostgreSQL: the SQLite sample copied into a migrated database
    that every PostgreSQL test copies (CREATE DATABASE ... TEMPLATE)."""
    from server.infra.copy import copy_store
    from server.infra.postgres import PostgresStore
    postgres.admin("CREATE DATABASE sunbeon_template")
    source = Store(demo_database)
    target = PostgresStore(postgres.url("sunbeon_template"), home=demo_database.parent)
    copy_store(source, target)
    source.close_thread_connection()
    target.close_thread_connection()  # a template must have no connection when copied
    return "sunbeon_template"


@pytest.fixture
def database(request, store_kind, db_path) -> Iterator[str]:
    """What the test's store opens: its copy of the sample database (a file, or a
    PostgreSQL database whose other files, media/, are beside db_path)."""
    if store_kind == "sqlite":
        yield str(db_path)
        return
    server = request.getfixturevalue("postgres")
    url = server.create_database(template=request.getfixturevalue("postgres_template"))
    yield url
    server.drop_database(url)


@pytest.fixture
def app(request, database, db_path, clock):
    app = create_app(database, clock=clock, config={"TESTING": True},
                     home=db_path.parent)
    app.test_client_class = ConsoleClient   # writes as the consoles do: JSON, or a CSRF token
    # No background work unless the test asks: @pytest.mark.workers("notices", ...), all
    # of them when none is named (server/workers/__init__.py).
    workers = app.extensions["sunbeon.workers"]
    if (asked := request.node.get_closest_marker("workers")) is not None:
        workers.start(*asked.args)
    yield app
    workers.stop(drain=False)
    app.extensions["sunbeon.store"].close_thread_connection()


@pytest.fixture
def store(request, database, db_path) -> Iterator[Store]:
    """The app's store when the test has an app; otherwise a Store alone on the test's
    copy of the sample database: no Flask, no sockets, no background work."""
    if "app" in request.fixturenames:
        yield request.getfixturevalue("app").extensions["sunbeon.store"]
        return
    store = open_store(database, home=db_path.parent)
    yield store
    store.close_thread_connection()


@pytest.fixture
def engine(request, store, clock) -> QueueEngine:
    """The app's engine when the test has an app; otherwise an engine alone on `store`."""
    if "app" in request.fixturenames:
        return request.getfixturevalue("app").extensions["sunbeon.engine"]
    return QueueEngine(store, clock)


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
