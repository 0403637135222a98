"""The shared fixtures themselves: the engine alone needs no Flask app, every test starts
from its own copy of the sample lobby, and apps built one after another share their
compiled URL builders without sharing URLs."""

from __future__ import annotations

import pytest
from werkzeug.routing import Map, Rule


class TestTheEngineAlone:
    @pytest.fixture
    def app(self):
        raise AssertionError("a test of the engine alone must not build a Flask app")

    def test_it_runs_on_the_sample_lobby(self, engine, store, clock, service_ids, tokens):
        ticket, _ = engine.issue(service_ids["주민등록 등·초본"])
        assert ticket["display_number"] == "A-001"
        assert engine.store is store and engine.clock is clock
        assert "kiosk-1f" in tokens

    @pytest.mark.parametrize("turn", [1, 2])
    def test_no_test_sees_another_tests_writes(self, engine, store, service_ids, turn):
        assert store.one("SELECT count(*) AS n FROM tickets")["n"] == 0
        engine.issue(service_ids["인감증명"])


def test_each_test_has_its_own_database_file(db_path, demo_database, tmp_path, store):
    assert db_path.parent == tmp_path and db_path != demo_database
    assert store.path == str(db_path)


def test_the_copy_brings_the_files_its_rows_name(store, db_path, demo_database):
    images = [row["image"] for row in store.query("SELECT image FROM map_levels")]
    assert images
    for image in images:
        copied = db_path.parent / image.removeprefix("/")
        assert copied.is_file() and not copied.is_symlink()
        assert copied.read_bytes() == (demo_database.parent / image.removeprefix("/")).read_bytes()


def test_with_an_app_the_store_and_engine_are_the_apps(app, store, engine, db_path):
    assert store is app.extensions["sunbeon.store"]
    assert engine is app.extensions["sunbeon.engine"]
    assert store.path == str(db_path)


@pytest.mark.parametrize("turn", [1, 2])
def test_no_app_test_sees_another_tests_writes(kiosk, store, service_ids, turn):
    assert store.one("SELECT count(*) AS n FROM tickets")["n"] == 0
    response = kiosk.post("/api/v1/tickets", json={"service_id": service_ids["인감증명"]})
    assert response.status_code == 201, response.json


def test_url_builders_are_compiled_once_and_build_each_apps_own_urls():
    def urls(defaults):
        rules = Map([Rule("/tickets/<int:ticket_id>", endpoint="ticket"),
                     Rule("/list/<int:page>", endpoint="list", defaults=defaults)]).bind("kiosk")
        return rules, [rules.build("ticket", {"ticket_id": 7, "q": "가"}), rules.build("list")]

    first, built = urls({"page": 1})
    second, built_again = urls({"page": 2})
    assert built == ["/tickets/7?q=%EA%B0%80", "/list/1"]
    assert built_again == ["/tickets/7?q=%EA%B0%80", "/list/2"]
    ticket_rules = [rules.map._rules_by_endpoint["ticket"][0] for rules in (first, second)]
    assert ticket_rules[0]._build.__func__ is ticket_rules[1]._build.__func__
