"""The `sunbeon` command as an installer uses it."""

from __future__ import annotations

import subprocess
import sys

import requests

from tests.support.processes import children


def sunbeon(*args, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "server.cli", *args], input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_first_admin_and_tokens_of_a_new_installation(tmp_path, app):
    db = str(tmp_path / "new.db")
    made = sunbeon("user", "add", "--db", db, "--name", "facility", "--role", "admin",
                   "--password-stdin", stdin="correct horse battery\n")
    assert made.returncode == 0, made.stderr
    again = sunbeon("user", "add", "--db", db, "--name", "facility", "--role", "admin",
                    "--password-stdin", stdin="correct horse battery\n")
    assert again.returncode == 2 and "exists already" in again.stderr
    short = sunbeon("user", "add", "--db", db, "--name", "x", "--role", "admin",
                    "--password-stdin", stdin="short\n")
    assert short.returncode == 2 and "8 characters" in short.stderr
    no_site = sunbeon("user", "add", "--db", db, "--name", "clerk", "--role", "staff",
                      "--password-stdin", stdin="correct horse battery\n")
    assert no_site.returncode == 2 and "--site" in no_site.stderr

    token = sunbeon("token", "create", "--db", db, "--user", "facility")
    assert token.returncode == 0 and token.stdout.startswith("sb_")
    assert sunbeon("token", "create", "--db", db, "--device", "nope").returncode == 2

    from server.app import create_app
    fresh = create_app(db).test_client()
    me = fresh.get("/api/v1/me", headers={"Authorization": f"Bearer {token.stdout.strip()}"})
    assert me.json["me"]["role"] == "admin" and me.json["me"]["name"] == "facility"
    signed = fresh.post("/api/v1/auth/login",
                        json={"login": "facility", "password": "correct horse battery"})
    assert signed.status_code == 200


def test_device_tokens_from_the_command_line(tmp_path, store):
    db = store.path
    added = sunbeon("device", "add", "--db", db, "--name", "kiosk-2f", "--kind", "kiosk",
                    "--site", "dangjin")
    assert added.returncode == 0, added.stderr
    assert sunbeon("device", "add", "--db", db, "--name", "x", "--kind", "kiosk",
                   "--site", "nowhere").returncode == 2
    token = sunbeon("token", "create", "--db", db, "--device", "kiosk-2f").stdout.strip()
    from server.auth import principal_for_token
    kiosk = principal_for_token(store, token)
    assert (kiosk.kind, kiosk.role, kiosk.name, kiosk.site_id) == ("device", "kiosk", "kiosk-2f", 1)


def test_demo_server_prints_every_address_and_serves_them(server):
    log = server.log_path.read_text()
    for page in ("/kiosk?token=sb_", "/display/board?token=sb_", "/display/counter/1?token=",
                 "/display/directory/2?token=", "/display/seats/1?token=", "/staff", "/admin"):
        assert page in log, page
    assert "sunbeon-demo" in log and "SAMPLE" in log
    assert requests.get(server.url + "/healthz", timeout=5).json()["status"] == "ok"
    services = requests.get(server.url + "/api/v1/services?site_id=1", timeout=5).json()
    assert len(services["services"]) >= 7


def test_served_master_process_holds_gunicorn_not_the_application(server):
    # `sunbeon serve` replaces itself with `python -m server.wsgi` (same process id), so
    # that gunicorn's master does not keep the whole application imported (server/wsgi.py).
    master = server.process.pid
    command = open(f"/proc/{master}/cmdline", "rb").read().split(b"\0")
    assert b"server.wsgi" in command, command
    workers = children(master)
    assert len(workers) == 1
    resident_kib = {}
    for pid in (master, int(workers[0])):
        status = open(f"/proc/{pid}/status").read()
        resident_kib[pid] = int(status.split("VmRSS:")[1].split()[0])
    # About 26 MiB against the worker's 90 and more; 80 MiB when it imported the app.
    assert resident_kib[master] < resident_kib[int(workers[0])] / 2, resident_kib


def test_served_worker_does_not_load_socketio_client_libraries(server):
    # The test extra installs aiohttp and requests (Socket.IO's clients would import them):
    # the served worker keeps them out (server/wsgi.py), so it weighs what it would in
    # production. Their compiled parts would be mapped into the worker's memory.
    master = server.process.pid
    worker = children(master)[0]
    mapped = open(f"/proc/{worker}/maps").read()
    assert "/site-packages/aiohttp/" not in mapped and "/site-packages/yarl/" not in mapped
    assert "/site-packages/charset_normalizer/" not in mapped   # requests' own


def test_the_served_app_is_set_aside_from_the_garbage_collector(db_path, monkeypatch):
    # Full collections would walk the whole application on every pass (server/wsgi.py).
    import gc
    from server import wsgi
    monkeypatch.setenv("SUNBEON_WORKERS", "false")
    monkeypatch.setattr(wsgi, "keep_out_socketio_clients", lambda: None)  # not in pytest
    gc.unfreeze()
    try:
        wsgi._Server(str(db_path), {}).load()
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()


def test_backup_copies_a_live_database(tmp_path, kiosk, store, service_ids):
    kiosk.post("/api/v1/tickets", json={"service_id": service_ids["인감증명"]})
    target = tmp_path / "backup.db"
    done = sunbeon("backup", "--db", store.path, "--to", str(target))
    assert done.returncode == 0, done.stderr
    import sqlite3
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT display_number FROM tickets").fetchall() == [("B-001",)]
    assert sunbeon("backup", "--db", store.path, "--to", str(target)).returncode == 2
