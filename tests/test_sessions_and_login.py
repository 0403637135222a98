"""Sign-ins that end, a signing key a database copy does not hold, and sign-in abuse:
sessions kept on the server (ended by signing out, a password change, a deactivation or
an admin, with their sockets), idle and absolute lifetimes, throttling with Retry-After,
temporary locks with an admin unlock, the same work for known and unknown logins, and
the audit log."""

from __future__ import annotations

import json
import os
import stat

import pytest
from sqlite_utils import Database

from server import auth
from server.app import create_app
from server.auth import create_token
from server.demo import DEMO_PASSWORD
from server.infra.migrations import migrations
from tests.test_realtime import connect

WRONG = "not-the-password"


@pytest.fixture
def admin(signed_in):
    return signed_in("admin")


@pytest.fixture
def staff_ids(store) -> dict:
    return {r["login"]: r["id"] for r in store.query("SELECT id, login FROM staff")}


def sign_in(app, login, password=DEMO_PASSWORD, address="127.0.0.1"):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    response = client.post("/api/v1/auth/login", json={"login": login, "password": password})
    return client, response


def with_cookie(app, cookie: str):
    client = app.test_client()
    client.set_cookie("session", cookie)
    return client


def audit_actions(store) -> list[str]:
    return [r["action"] for r in store.query("SELECT action FROM audit_log ORDER BY id")]


# ---- sessions end ------------------------------------------------------------------

def test_a_cookie_captured_before_sign_out_is_refused_afterwards(app, store):
    officer, _ = sign_in(app, "staff4")
    captured = officer.get_cookie("session").value
    socket = connect(app, flask_client=officer)
    assert socket.is_connected()
    works = with_cookie(app, captured).post("/api/v1/counters/4/call-next", json={})
    assert works.status_code == 409 and works.json["error"] == "nobody_waiting"

    assert officer.post("/api/v1/auth/logout", json={}).status_code == 200

    replayed = with_cookie(app, captured)
    refused = replayed.post("/api/v1/counters/4/call-next", json={})
    assert refused.status_code == 401 and refused.json["error"] == "unauthorized"
    assert replayed.get("/api/v1/me").status_code == 401
    assert not socket.is_connected()                      # closed at sign-out
    assert not connect(app, flask_client=replayed).is_connected()
    assert store.one("SELECT revoke_reason FROM sessions")["revoke_reason"] == "signed_out"
    assert audit_actions(store) == ["sign_in", "sign_out"]


def test_the_cookie_holds_a_random_id_and_the_database_only_its_hash(app, store):
    officer, _ = sign_in(app, "staff1")
    payload = app.session_interface.get_signing_serializer(app).loads(
        officer.get_cookie("session").value)
    assert set(payload) == {auth.SESSION_KEY, "_permanent"}
    row = store.one("SELECT * FROM sessions")
    assert payload[auth.SESSION_KEY] not in json.dumps(row)
    assert row["address"] == "127.0.0.1" and row["user_agent"].startswith("Werkzeug")


def test_a_password_reset_ends_the_persons_other_sessions(app, admin, store, staff_ids):
    desk, _ = sign_in(app, "staff1")
    laptop, _ = sign_in(app, "staff1")
    socket = connect(app, flask_client=laptop)
    other_admin, _ = sign_in(app, "admin")

    reset = admin.post(f"/api/v1/admin/staff/{staff_ids['staff1']}/password",
                       json={"password": "a-new-password-1"})
    assert reset.status_code == 200
    assert desk.get("/api/v1/me").status_code == 401
    assert laptop.get("/api/v1/me").status_code == 401
    assert not socket.is_connected()
    assert sign_in(app, "staff1", "a-new-password-1")[1].status_code == 200

    # An admin who changes their own password stays signed in here and nowhere else.
    changed = admin.post(f"/api/v1/admin/staff/{staff_ids['admin']}/password",
                         json={"password": "another-password-2"})
    assert changed.status_code == 200, changed.json
    assert admin.get("/api/v1/me").status_code == 200
    assert other_admin.get("/api/v1/me").status_code == 401
    reasons = {r["revoke_reason"] for r in store.query(
        "SELECT revoke_reason FROM sessions WHERE revoked_at IS NOT NULL")}
    assert reasons == {"password_changed"}
    assert audit_actions(store).count("session_revoked") == 2


def test_deactivation_closes_the_persons_open_sockets(app, admin, store, staff_ids, clock):
    staff3 = staff_ids["staff3"]                          # not at a counter
    officer, _ = sign_in(app, "staff3")
    by_session = connect(app, flask_client=officer)
    by_token = connect(app, create_token(store, clock.now(), staff_id=staff3))
    colleague = connect(app, flask_client=sign_in(app, "staff2")[0])
    realtime = app.extensions["sunbeon.realtime"]
    assert by_session.is_connected() and by_token.is_connected()

    assert admin.delete(f"/api/v1/admin/staff/{staff3}").status_code == 200

    assert not by_session.is_connected() and not by_token.is_connected()
    assert staff3 not in {p.id for p, _ in realtime.connections.values() if p.kind == "staff"}
    assert colleague.is_connected()
    assert officer.get("/api/v1/me").status_code == 401
    assert not connect(app, flask_client=officer).is_connected()
    assert store.one("SELECT revoke_reason FROM sessions WHERE staff_id = ?",
                     (staff3,))["revoke_reason"] == "deactivated"


def test_admins_list_a_persons_sessions_and_end_one_or_all(app, admin, store, staff_ids, signed_in):
    staff1 = staff_ids["staff1"]
    desk, _ = sign_in(app, "staff1", address="10.1.2.3")
    laptop, _ = sign_in(app, "staff1", address="10.1.2.4")
    phone, _ = sign_in(app, "staff1", address="10.1.2.5")
    socket = connect(app, flask_client=desk)

    listed = admin.get(f"/api/v1/admin/staff/{staff1}/sessions")
    assert listed.status_code == 200
    sessions = listed.json["sessions"]
    assert [s["address"] for s in sessions] == ["10.1.2.5", "10.1.2.4", "10.1.2.3"]
    assert {s["state"] for s in sessions} == {"active"}
    assert all(s["created_at"].endswith("+09:00") for s in sessions)
    assert "id_hash" not in sessions[0]
    assert listed.json["sign_in"]["locked"] is False

    desk_session = sessions[-1]["id"]
    ended = admin.post(f"/api/v1/admin/sessions/{desk_session}/revoke", json={})
    assert ended.status_code == 200 and ended.json == {"revoked": True}
    assert desk.get("/api/v1/me").status_code == 401
    assert not socket.is_connected()
    assert laptop.get("/api/v1/me").status_code == 200

    ended_all = admin.post(f"/api/v1/admin/staff/{staff1}/sessions/revoke", json={})
    assert ended_all.json == {"revoked": 2}
    assert laptop.get("/api/v1/me").status_code == 401
    assert phone.get("/api/v1/me").status_code == 401
    states = {s["id"]: (s["state"], s["revoke_reason"]) for s in
              admin.get(f"/api/v1/admin/staff/{staff1}/sessions").json["sessions"]}
    assert set(states.values()) == {("revoked", "revoked_by_admin")}
    assert admin.get("/api/v1/me").status_code == 200

    assert admin.post("/api/v1/admin/sessions/999999/revoke", json={}).status_code == 404
    supervisor = signed_in("supervisor")
    before = store.query("SELECT * FROM sessions ORDER BY id")
    for method, path in (("get", f"/api/v1/admin/staff/{staff1}/sessions"),
                         ("post", f"/api/v1/admin/staff/{staff1}/sessions/revoke"),
                         ("post", f"/api/v1/admin/sessions/{desk_session}/revoke"),
                         ("post", f"/api/v1/admin/staff/{staff1}/unlock"),
                         ("get", "/api/v1/admin/audit")):
        kwargs = {"json": {}} if method == "post" else {}
        assert getattr(supervisor, method)(path, **kwargs).status_code == 403, path
        assert getattr(app.test_client(), method)(path, **kwargs).status_code == 401, path
    assert store.query("SELECT * FROM sessions ORDER BY id") == before


# ---- lifetimes ------------------------------------------------------------------------

def test_a_session_ends_after_its_idle_time_and_after_its_lifetime(app, clock, store):
    idle, _ = sign_in(app, "staff1")
    clock.advance(4 * 3600 - 60)
    assert idle.get("/api/v1/me").status_code == 200        # four hours unused, nearly
    clock.advance(4 * 3600 + 1)
    assert idle.get("/api/v1/me").status_code == 401

    busy, _ = sign_in(app, "staff1")
    for _hour in range(11):
        clock.advance(3600)
        assert busy.get("/api/v1/me").status_code == 200
    clock.advance(3601)                                       # past the 12-hour day
    assert busy.get("/api/v1/me").status_code == 401

    app.config["SESSION_IDLE_MINUTES"] = 30
    short, _ = sign_in(app, "staff1")
    clock.advance(31 * 60)
    assert short.get("/api/v1/me").status_code == 401


def test_last_use_is_written_at_most_once_a_minute(app, clock, store):
    officer, _ = sign_in(app, "staff1")
    signed_in_at = clock.now()
    clock.advance(30)
    officer.get("/api/v1/me")
    assert store.one("SELECT last_seen_at FROM sessions")["last_seen_at"] == signed_in_at
    clock.advance(31)
    officer.get("/api/v1/me")
    assert store.one("SELECT last_seen_at FROM sessions")["last_seen_at"] == clock.now()


# ---- the signing key ------------------------------------------------------------------

def test_the_signing_key_lives_in_a_private_file_beside_the_database(app, tmp_path, store):
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert app.secret_key == key_file.read_text().strip()
    assert store.setting("secret_key") is None
    again = create_app(tmp_path / "sunbeon.db", config={"TESTING": True})
    assert again.secret_key == app.secret_key                 # sessions survive a restart
    elsewhere = create_app(tmp_path / "sunbeon.db",
                           config={"TESTING": True, "SECRET_KEY_FILE": tmp_path / "keys" / "k"})
    assert (tmp_path / "keys" / "k").exists() and elsewhere.secret_key != app.secret_key
    given = create_app(tmp_path / "sunbeon.db", config={"TESTING": True, "SECRET_KEY": "x" * 40})
    assert given.secret_key == "x" * 40


def test_a_database_copy_mints_nothing(tmp_path, clock):
    """An old database held the signing key; the upgrade removes it. And since sessions
    live on the server, even a cookie signed with the right key is refused when no
    sign-in made its session."""
    path = tmp_path / "copy.db"
    old = Database(path)
    migrations.apply(old, stop_before="m011_sessions_and_sign_in")
    old.execute("INSERT INTO app_settings (key, value) VALUES ('secret_key', ?)", ("k" * 64,))
    old.execute("INSERT INTO staff (login, name, role) VALUES ('admin', 'Admin', 'admin')")
    old.conn.commit()
    old.close()

    app = create_app(path, clock=clock, config={"TESTING": True})
    store = app.extensions["sunbeon.store"]
    assert store.setting("secret_key") is None
    admin_id = store.one("SELECT id FROM staff WHERE login = 'admin'")["id"]
    for key in ("k" * 64, app.secret_key):
        app.secret_key = key
        signer = app.session_interface.get_signing_serializer(app)
        for payload in ({"staff_id": admin_id}, {auth.SESSION_KEY: "made-up-session-id"}):
            client = with_cookie(app, signer.dumps({**payload, "_permanent": True}))
            assert client.get("/api/v1/me").status_code == 401
            assert client.get("/api/v1/admin/audit").status_code == 401
            assert not connect(app, flask_client=client).is_connected()
    store.close_thread_connection()


# ---- sign-in abuse --------------------------------------------------------------------

def test_failed_sign_ins_are_throttled_with_growing_delays(app, clock, store):
    for _ in range(4):                                        # three free, then a delay
        assert sign_in(app, "staff1", WRONG)[1].status_code == 401
    refused = sign_in(app, "staff1", DEMO_PASSWORD)[1]        # even the right password waits
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "1"
    assert refused.json["error"] == "too_many_attempts" and refused.json["retry_after"] == 1
    rows = store.query("SELECT * FROM sign_in_failures ORDER BY key")
    clock.advance(1)
    assert sign_in(app, "staff1", WRONG)[1].status_code == 401
    assert sign_in(app, "staff1", WRONG)[1].headers["Retry-After"] == "2"   # it doubles
    clock.advance(2)
    assert sign_in(app, "staff1", WRONG)[1].status_code == 401
    assert sign_in(app, "staff1", WRONG)[1].headers["Retry-After"] == "4"
    # A refusal is answered without counting or writing anything.
    assert len(rows) == 2 and audit_actions(store).count("sign_in_failed") == 6

    # Another login from another address is not held up by this one...
    assert sign_in(app, "staff2", address="10.0.0.2")[1].status_code == 200
    clock.advance(4)
    ok, answer = sign_in(app, "staff1")
    assert answer.status_code == 200
    # ...and success starts the login's count again.
    assert sign_in(app, "staff1", WRONG)[1].status_code == 401
    assert sign_in(app, "staff1", WRONG)[1].status_code == 401


def test_one_address_trying_many_logins_is_throttled(app, clock):
    app.config["SIGN_IN_ADDRESS_FREE_FAILURES"] = 5
    for n in range(6):
        assert sign_in(app, f"guess{n}", WRONG, address="10.9.9.9")[1].status_code == 401
    refused = sign_in(app, "staff1", address="10.9.9.9")[1]
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "1"
    assert sign_in(app, "staff1", address="10.9.9.10")[1].status_code == 200


def fail_until_locked(app, clock, login, failures=10):
    """Wrong passwords, waiting out each delay, until `failures` have been counted."""
    counted = 0
    while counted < failures:
        answer = sign_in(app, login, WRONG)[1]
        if answer.status_code == 429:
            clock.advance(int(answer.headers["Retry-After"]))
        else:
            assert answer.status_code == 401
            counted += 1


def test_a_login_locks_after_repeated_failures_until_an_admin_unlocks_it(
        app, clock, store, staff_ids, admin):
    staff1 = staff_ids["staff1"]
    fail_until_locked(app, clock, "staff1")
    locked = sign_in(app, "staff1")[1]                       # the right password
    assert locked.status_code == 429 and locked.json["error"] == "sign_in_locked"
    assert locked.headers["Retry-After"] == str(15 * 60)
    clock.advance(600)
    assert sign_in(app, "staff1")[1].headers["Retry-After"] == str(5 * 60)
    state = admin.get(f"/api/v1/admin/staff/{staff1}/sessions").json["sign_in"]
    assert state["locked"] is True and state["locked_until"].endswith("+09:00")

    unlocked = admin.post(f"/api/v1/admin/staff/{staff1}/unlock", json={})
    assert unlocked.status_code == 200 and unlocked.json == {"unlocked": True}
    assert sign_in(app, "staff1")[1].status_code == 200
    assert admin.post(f"/api/v1/admin/staff/{staff1}/unlock", json={}).json == {"unlocked": False}

    entries = admin.get(f"/api/v1/admin/audit?staff_id={staff1}").json["entries"]
    assert [e["action"] for e in entries][:3] == ["sign_in", "sign_in_unlocked", "sign_in_locked"]
    assert entries[1]["actor_id"] == staff_ids["admin"] and entries[1]["actor_name"]
    assert entries[2]["detail"]["failures"] == 10


def test_a_lock_ends_by_itself_and_unknown_logins_lock_alike(app, clock):
    app.config.update(SIGN_IN_LOCK_FAILURES=5, SIGN_IN_LOCK_MINUTES=2)
    answers = {}
    for login in ("staff1", "nobody-here"):
        fail_until_locked(app, clock, login, failures=5)
        answer = sign_in(app, login, WRONG)[1]
        answers[login] = (answer.status_code, answer.json, answer.headers["Retry-After"])
    assert answers["staff1"] == answers["nobody-here"]       # which logins exist stays unknown
    clock.advance(120)
    assert sign_in(app, "staff1")[1].status_code == 200


def test_known_and_unknown_logins_cost_the_same_number_of_hash_checks(app, monkeypatch):
    calls = []
    real_check, real_hash = auth.check_password_hash, auth.generate_password_hash
    monkeypatch.setattr(auth, "check_password_hash",
                        lambda *a: calls.append("check") or real_check(*a))
    monkeypatch.setattr(auth, "generate_password_hash",
                        lambda *a, **k: calls.append("hash") or real_hash(*a, **k))
    sign_in(app, "warm-up", WRONG, address="10.0.0.1")       # a stand-in hash is made once
    counts = {}
    for login in ("staff1", "nobody-here"):
        calls.clear()
        assert sign_in(app, login, WRONG)[1].status_code == 401
        counts[login] = list(calls)
    assert counts == {"staff1": ["check"], "nobody-here": ["check"]}


def test_the_audit_log_records_sign_ins_for_admins_and_never_a_password(
        app, admin, store, staff_ids):
    sign_in(app, "staff1", "my-secret-guess", address="10.7.7.7")
    sign_in(app, "ghost", "another-secret", address="10.7.7.7")
    officer, _ = sign_in(app, "staff1", address="10.7.7.7")
    officer.post("/api/v1/auth/logout", json={})

    answer = admin.get("/api/v1/admin/audit")
    assert answer.status_code == 200
    entries = answer.json["entries"]
    seen = [(e["action"], e["login"], e["staff_id"], e["address"]) for e in entries[:5]]
    assert seen == [("sign_out", None, staff_ids["staff1"], "10.7.7.7"),
                    ("sign_in", "staff1", staff_ids["staff1"], "10.7.7.7"),
                    ("sign_in_failed", "ghost", None, "10.7.7.7"),
                    ("sign_in_failed", "staff1", staff_ids["staff1"], "10.7.7.7"),
                    ("sign_in", "admin", staff_ids["admin"], "127.0.0.1")]
    assert entries[0]["at"].endswith("+09:00") and entries[1]["staff_name"] == "이서연"
    everything = json.dumps(store.query("SELECT * FROM audit_log"), ensure_ascii=False)
    for secret in ("my-secret-guess", "another-secret", DEMO_PASSWORD):
        assert secret not in everything
    failed = admin.get("/api/v1/admin/audit?action=sign_in_failed").json["entries"]
    assert {e["login"] for e in failed} == {"staff1", "ghost"}
    older = admin.get(f"/api/v1/admin/audit?before={entries[1]['id']}&limit=1").json["entries"]
    assert [e["id"] for e in older] == [entries[2]["id"]]
    assert admin.get("/api/v1/admin/audit?action=dance").status_code == 400


def test_the_new_operations_are_in_the_openapi_document(app):
    paths = app.test_client().get("/api/v1/openapi.json").json["paths"]
    for path, method in (("/api/v1/admin/staff/{staff_id}/sessions", "get"),
                         ("/api/v1/admin/staff/{staff_id}/sessions/revoke", "post"),
                         ("/api/v1/admin/sessions/{session_id}/revoke", "post"),
                         ("/api/v1/admin/staff/{staff_id}/unlock", "post"),
                         ("/api/v1/admin/audit", "get")):
        assert paths[path][method]["x-auth"] == "admin"


def test_the_nightly_purge_forgets_old_sign_ins(app, clock, store, engine):
    from server.workers.housekeeping import purge_sign_ins
    ended, _ = sign_in(app, "staff1")
    ended.post("/api/v1/auth/logout", json={})
    for n in range(3):
        sign_in(app, f"guess{n}", WRONG)
    live, _ = sign_in(app, "staff2")
    assert purge_sign_ins(store, engine, app.config) == 0     # all of it is recent

    clock.advance(31 * 86400)
    live.get("/api/v1/me")                                    # expired, but its row stays...
    # ...until a month unused: two sessions, three guessed logins' counts and the address's
    assert purge_sign_ins(store, engine, app.config) == 2 + 3 + 1
    assert store.query("SELECT * FROM sessions") == []
    assert store.query("SELECT * FROM sign_in_failures") == []
    assert len(store.query("SELECT * FROM audit_log")) == 6   # a year, by default
    clock.advance(335 * 86400)
    assert purge_sign_ins(store, engine, app.config) == 6


def test_an_address_that_keeps_guessing_all_day_waits_a_minute_each_time(app, clock, store):
    store.db.execute("INSERT INTO sign_in_failures (key, failures, last_attempt_at) "
                     "VALUES ('address:127.0.0.1', 5000, ?)", (clock.now(),))
    store.db.conn.commit()
    assert sign_in(app, "staff1", WRONG)[1].status_code == 401
    assert sign_in(app, "staff1")[1].headers["Retry-After"] == "60"
