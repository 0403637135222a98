"""The command line adds accounts and devices through the admin console's own forms and
domain functions: the same refusals for bad input, and the same `config.changed` events."""

from __future__ import annotations

import io
import json
import sys

import pytest

from server import cli
from server.auth import DEVICE_KINDS, ROLES

PASSWORD = "correct horse battery"


@pytest.fixture
def run(monkeypatch, capsys):
    """run(*args, stdin="") -> (exit code, what the command wrote to stderr)."""
    def run(*args, stdin: str = PASSWORD + "\n"):
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        try:
            code = cli.main(list(args))
        except SystemExit as exit_:      # argparse refuses a value outside its choices
            code = exit_.code
        return code, capsys.readouterr().err
    return run


def _config_events(store) -> list[dict]:
    return [json.loads(r["data"]) for r in store.query(
        "SELECT data FROM events WHERE type = 'config.changed' ORDER BY seq")]


def test_a_bad_login_is_refused_by_the_command_line_as_by_the_api(run, store, signed_in):
    api = signed_in("admin").post("/api/v1/admin/staff?site_id=1", json={
        "login": "bad login!", "name": "Kim", "password": PASSWORD})
    assert api.status_code == 400
    code, err = run("user", "add", "--db", store.path, "--name", "bad login!",
                    "--role", "staff", "--site", "1", "--password-stdin")
    assert code == 2 and api.json["message"].split(": ", 1)[1] in err
    assert store.one("SELECT 1 AS x FROM staff WHERE login = 'bad login!'") is None


def test_a_bad_role_a_short_password_and_a_taken_login_are_refused(run, store):
    before = store.one("SELECT count(*) AS n FROM staff")["n"]
    assert run("user", "add", "--db", store.path, "--name", "kim", "--role", "boss",
               "--site", "1", "--password-stdin")[0] == 2
    code, err = run("user", "add", "--db", store.path, "--name", "kim", "--role", "staff",
                    "--site", "1", "--password-stdin", stdin="short\n")
    assert code == 2 and "8 characters" in err
    code, err = run("user", "add", "--db", store.path, "--name", "staff1", "--role", "staff",
                    "--site", "1", "--password-stdin")
    assert code == 2 and "exists already" in err
    assert store.one("SELECT count(*) AS n FROM staff")["n"] == before


def test_an_account_from_the_command_line_is_announced_like_one_from_the_console(run, store):
    code, err = run("user", "add", "--db", store.path, "--name", "kim.minji", "--role",
                    "supervisor", "--site", "dangjin", "--display-name", "김민지",
                    "--password-stdin")
    assert code == 0, err
    row = store.one("SELECT * FROM staff WHERE login = 'kim.minji'")
    assert (row["name"], row["role"], row["site_id"]) == ("김민지", "supervisor", 1)
    assert _config_events(store)[-1] == {"what": "staff member", "id": row["id"],
                                         "action": "created"}
    code, err = run("user", "add", "--db", store.path, "--name", "root2", "--role", "admin",
                    "--password-stdin")
    assert code == 0, err
    admin = store.one("SELECT * FROM staff WHERE login = 'root2'")
    assert admin["site_id"] is None and admin["password_hash"]
    last = store.one("SELECT site_id, rooms FROM events ORDER BY seq DESC LIMIT 1")
    assert last["site_id"] is None and json.loads(last["rooms"]) == ["admins"]


def test_devices_from_the_command_line_are_checked_like_the_console_s(run, store):
    before = store.one("SELECT count(*) AS n FROM devices")["n"]
    code, err = run("device", "add", "--db", store.path, "--name", "Kiosk 2F", "--kind",
                    "kiosk", "--site", "1")
    assert code == 2 and "name" in err
    code, err = run("device", "add", "--db", store.path, "--name", "counter-99", "--kind",
                    "counter_display", "--site", "1", "--config", '{"counter_id": 999}')
    assert code == 2 and "config.counter_id: not at this site" in err
    code, err = run("device", "add", "--db", store.path, "--name", "board-2", "--kind",
                    "board", "--site", "1", "--config", '{"volume": 7}')
    assert code == 2 and "volume" in err
    code, err = run("device", "add", "--db", store.path, "--name", "kiosk-1f", "--kind",
                    "kiosk", "--site", "1")
    assert code == 2 and "exists already" in err
    assert store.one("SELECT count(*) AS n FROM devices")["n"] == before

    code, err = run("device", "add", "--db", store.path, "--name", "board-3f", "--kind",
                    "board", "--site", "1", "--config", '{"floor": 3}')
    assert code == 0, err
    device = store.one("SELECT * FROM devices WHERE name = 'board-3f'")
    assert json.loads(device["config"]) == {"floor": 3}
    assert _config_events(store)[-1] == {"what": "device", "id": device["id"],
                                         "action": "created"}


def test_the_forms_and_the_command_line_share_auth_s_roles_and_device_kinds():
    from typing import get_args

    from server.admin.forms import DeviceIn, StaffIn
    assert get_args(StaffIn.model_fields["role"].annotation) == ROLES
    assert get_args(DeviceIn.model_fields["kind"].annotation) == DEVICE_KINDS
