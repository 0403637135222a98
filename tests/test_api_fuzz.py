"""schemathesis over the OpenAPI document, in process: requests generated from each
operation's schema (valid and invalid) as a kiosk (the operations a kiosk may call)
and as an admin (every operation) must never get a 5xx.

Bounded for CI: a few examples per operation, no deadline, derandomized so that a run
repeats the same requests (docs/security.md gives the time it takes)."""

from __future__ import annotations

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from server.api import api, blueprint
from server.app import create_app
from server.auth import create_token, principal_for_token
from server.infra.clock import FixedClock
from server.demo import load_demo
from tests.conftest import TUESDAY_10AM

EXAMPLES = settings(max_examples=4, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def fuzzed_app(tmp_path_factory):
    """One fresh database for the whole module: what the kiosk run leaves, the admin run
    finds (the admin may revoke devices and delete things, so it runs last)."""
    clock = FixedClock(TUESDAY_10AM)
    app = create_app(tmp_path_factory.mktemp("fuzz") / "sunbeon.db", clock=clock,
                     config={"TESTING": True})
    store = app.extensions["sunbeon.store"]
    load_demo(store, clock)
    app.config["FUZZ_TOKENS"] = {"kiosk": json.loads(store.setting("demo_tokens"))["kiosk-1f"]}
    yield app
    store.close_thread_connection()


# The document /api/v1/openapi.json serves, built where it is built (no app needed to
# collect the tests; schemathesis' fixture-based loader does not run under pytest 9).
DOCUMENT = api.openapi(blueprint.url_prefix)
schema = schemathesis.openapi.from_dict(DOCUMENT)
# The kiosk is fuzzed where it is let in (the authorization matrix covers the refusals).
kiosk_schema = schema.include(lambda ctx: {"kiosk", "any", "public"} & set(
    ctx.operation.definition.raw["x-auth"].split("|")))


def test_the_fuzzed_document_is_the_served_one(fuzzed_app):
    assert fuzzed_app.test_client().get("/api/v1/openapi.json").json == \
        json.loads(json.dumps(DOCUMENT))


def _admin_token(app) -> str:
    """The admin's token. Generated requests may deactivate the admin or revoke its
    tokens (any small id is somebody); then the admin is restored with a new token, so
    that the rest of the run still speaks as an admin."""
    store = app.extensions["sunbeon.store"]
    token = app.config["FUZZ_TOKENS"].get("admin")
    if token is None or principal_for_token(store, token) is None:
        with store.write() as tx:
            tx.execute("UPDATE staff SET active = 1, role = 'admin' WHERE login = 'admin'")
        admin_id = store.one("SELECT id FROM staff WHERE login = 'admin'")["id"]
        token = app.config["FUZZ_TOKENS"]["admin"] = create_token(store, 0, staff_id=admin_id)
    return token


def _call(case, app, caller: str) -> None:
    token = _admin_token(app) if caller == "admin" else app.config["FUZZ_TOKENS"][caller]
    case.call_and_validate(app=app, headers={"Authorization": f"Bearer {token}"},
                           checks=[not_a_server_error])


@kiosk_schema.parametrize()
@EXAMPLES
def test_no_server_error_as_a_kiosk(case, fuzzed_app):
    _call(case, fuzzed_app, "kiosk")


@schema.parametrize()
@EXAMPLES
def test_no_server_error_as_an_admin(case, fuzzed_app):
    _call(case, fuzzed_app, "admin")
