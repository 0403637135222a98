"""The entrance QR code in the admin console (docs/admin.md, docs/public.md "The
entrance's QR code"): its address and poster, a new code that makes the relay refuse the
posted one, the same code from `sunbeon entrance-qr`, and the refusals."""

from __future__ import annotations

import pytest

from server.admin import entrance
from server.public import link
from server.workers.public_link import PublicLink
from tests.conftest import STORES
from tests.support.relay import SECRET
from tests.test_remote_relay import linked, relay, relay_clock  # noqa: F401 (fixtures)

RELAY_URL = "https://live.example.kr"
BASE = "/api/v1/admin/sites/1/entrance-qr"


@pytest.fixture
def admin(app, signed_in):
    app.config.update(PUBLIC_RELAY_URL=RELAY_URL, PUBLIC_RELAY_SECRET=SECRET)
    return signed_in("admin")


def shown(admin) -> dict:
    answer = admin.get(BASE)
    assert answer.status_code == 200, answer.json
    return answer.json["entrance"]


def key_of(address: str) -> str:
    return address.rsplit("entrance=", 1)[1]


@pytest.mark.parametrize("store_kind", STORES)
def test_a_new_code_is_pushed_and_the_relay_refuses_the_posted_one(
        admin, app, store, engine, relay, relay_clock):
    before = shown(admin)
    code = before["code"]
    assert before["round"] == 1 and before["configured"]
    assert before["address"] == (f"{RELAY_URL}/live/{code}/checkin?entrance="
                                 f"{link.entrance_key(SECRET, code, '1')}")
    worker = PublicLink(store, engine, RELAY_URL, SECRET)
    worker._request = linked(relay, relay_clock)
    worker.push()
    posted = f"/live/{code}/checkin?entrance={key_of(before['address'])}"
    assert relay.get(posted).status_code == 200

    rotated = admin.post(f"{BASE}/rotate", json={})
    assert rotated.status_code == 200, rotated.json
    after = rotated.json["entrance"]
    assert after["round"] == 2 and after == shown(admin)
    assert key_of(after["address"]) == link.entrance_key(SECRET, code, "2")
    # The relay holds the old key until the next push; then refuses it.
    assert relay.get(posted).status_code == 200
    worker.push()
    refused = relay.post(f"/live/{code}/checkin", json={
        "entrance": key_of(before["address"]), "token": "tok-" + "e" * 20})
    assert refused.status_code == 403 and refused.json["error"] == "wrong_entrance"
    assert relay.get(posted).status_code == 403
    assert relay.get(f"/live/{code}/checkin?entrance={key_of(after['address'])}"
                     ).status_code == 200
    # Audited, with who did it.
    (entry,) = admin.get("/api/v1/admin/audit?action=entrance_key_rotated").json["entries"]
    assert entry["actor_name"] and entry["detail"] == {"site_id": 1, "site": code, "round": 2}


def test_the_environment_s_round_is_where_a_site_starts(admin, app, store, engine):
    app.config["PUBLIC_ENTRANCE_ROTATION"] = 3   # SUNBEON_PUBLIC_ENTRANCE_ROTATION=3
    assert shown(admin)["round"] == 3
    assert admin.post(f"{BASE}/rotate").json["entrance"]["round"] == 4
    # The site keeps its own round; other sites still follow the environment.
    app.config["PUBLIC_ENTRANCE_ROTATION"] = 7
    assert shown(admin)["round"] == 4
    assert admin.get("/api/v1/admin/sites/2/entrance-qr").json["entrance"]["round"] == 7
    worker = PublicLink(store, engine, RELAY_URL, SECRET, entrance_round=7)
    pushed = []
    worker._request = lambda method, target, body: pushed.append(body) or {}
    worker.push()
    import json
    keys = {s["code"]: s["entrance_key"] for s in json.loads(pushed[0])["sites"]}
    site_1, site_2 = (engine.site(i)["code"] for i in (1, 2))
    assert keys == {site_1: link.entrance_key(SECRET, site_1, "4"),
                    site_2: link.entrance_key(SECRET, site_2, "7")}


def test_the_site_form_neither_sets_nor_loses_the_round(admin):
    admin.post(f"{BASE}/rotate")
    saved = admin.patch("/api/v1/admin/sites/1", json={"settings": {"recent_calls": 6}})
    assert saved.status_code == 200, saved.json
    assert saved.json["site"]["settings"]["entrance_rotation"] == 2
    refused = admin.patch("/api/v1/admin/sites/1",
                          json={"settings": {"entrance_rotation": 1}})
    assert 400 <= refused.status_code < 500 and refused.json["error"]
    assert shown(admin)["round"] == 2


def test_the_poster_is_the_svg_of_the_address(admin):
    address = shown(admin)["address"]
    image = admin.get(f"{BASE}.svg?round=1")
    assert image.status_code == 200 and image.mimetype == "image/svg+xml"
    assert image.data == entrance.poster_svg(address)
    assert b'width="' in image.data and b"mm" in image.data   # prints at 3 mm a module
    assert image.headers["Cache-Control"] == "no-store"
    assert "Content-Disposition" not in image.headers
    saved = admin.get(f"{BASE}.svg?download=true")
    assert saved.headers["Content-Disposition"] == \
        f'attachment; filename="entrance-{shown(admin)["code"]}.svg"'
    # A page left open at an old round does not print a code no longer in use.
    admin.post(f"{BASE}/rotate")
    stale = admin.get(f"{BASE}.svg?round=1")
    assert stale.status_code == 409 and stale.json["error"] == "round_changed"


def test_without_a_relay_the_console_is_told_what_is_missing(app, signed_in):
    admin = signed_in("admin")
    for config, missing in (({}, ["SUNBEON_PUBLIC_RELAY_URL", "SUNBEON_PUBLIC_RELAY_SECRET"]),
                            ({"PUBLIC_RELAY_URL": RELAY_URL, "PUBLIC_RELAY_SECRET": "short"},
                             ["SUNBEON_PUBLIC_RELAY_SECRET"])):
        app.config.update(config)
        answer = shown(admin)
        assert (answer["configured"], answer["address"], answer["image"],
                answer["missing"]) == (False, None, None, missing)
        image = admin.get(f"{BASE}.svg")
        assert image.status_code == 409 and image.json["error"] == "relay_not_configured"


@pytest.mark.parametrize("method, url, status", [
    ("GET", "/api/v1/admin/sites/99/entrance-qr", 404),
    ("GET", "/api/v1/admin/sites/99/entrance-qr.svg", 404),
    ("POST", "/api/v1/admin/sites/99/entrance-qr/rotate", 404),
    ("GET", f"{BASE}.svg?round=0", 400),
    ("GET", f"{BASE}.svg?download=perhaps", 400),
    ("GET", f"{BASE}.svg?size=9", 400),
])
def test_bad_requests_are_refused_and_change_nothing(admin, method, url, status):
    answer = admin.open(url, method=method, json={} if method == "POST" else None)
    assert answer.status_code == status and answer.json["error"] and answer.json["message"]
    assert shown(admin)["round"] == 1


def test_only_admins_see_or_change_the_code(admin, signed_in):
    supervisor = signed_in("supervisor")
    for method, url in (("GET", BASE), ("GET", f"{BASE}.svg"), ("POST", f"{BASE}/rotate")):
        assert supervisor.open(url, method=method).status_code == 403
    assert shown(admin)["round"] == 1


@pytest.mark.parametrize("store_kind", STORES)
def test_the_command_prints_the_console_s_code(admin, database, tmp_path, monkeypatch, capsys):
    from server.cli import main
    admin.post(f"{BASE}/rotate")
    address = shown(admin)["address"]
    monkeypatch.setenv("SUNBEON_PUBLIC_RELAY_SECRET", SECRET)
    monkeypatch.setenv("SUNBEON_PUBLIC_RELAY_URL", RELAY_URL)
    monkeypatch.delenv("SUNBEON_DATABASE", raising=False)
    monkeypatch.delenv("SUNBEON_PUBLIC_ENTRANCE_ROTATION", raising=False)
    out = tmp_path / "entrance.svg"
    code = shown(admin)["code"]
    assert main(["entrance-qr", "--site", code, "--out", str(out),
                 "--database", str(database)]) == 0
    assert address in capsys.readouterr().out
    assert out.read_bytes() == entrance.poster_svg(address)
    assert main(["entrance-qr", "--site", "nowhere", "--out", str(out),
                 "--database", str(database)]) == 2
    # Without the database: the environment's round, as before.
    assert main(["entrance-qr", "--site", code, "--out", str(out)]) == 0
    assert link.entrance_key(SECRET, code, "1") in capsys.readouterr().out
    monkeypatch.setenv("SUNBEON_PUBLIC_ENTRANCE_ROTATION", "two")
    assert main(["entrance-qr", "--site", code, "--out", str(out)]) == 2


def test_a_cross_site_change_is_refused_as_other_admin_writes_are(admin):
    """The session's rules for writes (server/auth/security.py): JSON or the CSRF token,
    and no foreign Origin."""
    form = admin.post(f"{BASE}/rotate", content_type="application/x-www-form-urlencoded")
    foreign = admin.post(f"{BASE}/rotate", json={}, headers={"Origin": "https://evil.example"})
    for refused in (form, foreign):
        assert refused.status_code == 403 and refused.json["error"]
    assert shown(admin)["round"] == 1
