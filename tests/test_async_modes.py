"""`sunbeon serve --async gevent` (server/wsgi.py): the optional way of serving, kept
working end to end: a screen's socket hears a call, and the background workers run."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import requests
import socketio

from server import wsgi
from server.app import create_app
from tests.printing.fakeprinter import FakePrinter
from tests.support.processes import children
from tests.support.server import ServerProcess

# gevent comes with the test extra (pyproject.toml): without it these fail, never skip.
import gevent  # noqa: E402,F401  (pyflakes: imported so that its absence fails)

DEMO_PASSWORD = "sunbeon-demo"


def test_gevent_mode_serves_sockets_and_runs_the_workers(tmp_path):
    printer = FakePrinter().start()
    server = ServerProcess(tmp_path / "gevent.db", async_mode="gevent")
    server.start()
    try:
        assert {"emitter", "heartbeat", "notices", "printing", "housekeeping"} \
            <= set(server.healthz()["workers"])
        with sqlite3.connect(server.db_path) as db:
            db.execute("UPDATE printers SET connection = ?, mode = 'hybrid' WHERE device_id = "
                       "(SELECT id FROM devices WHERE name = 'kiosk-1f')",
                       (f"tcp://127.0.0.1:{printer.port}",))
        tokens = server.tokens
        called = threading.Event()
        heard = []
        board = socketio.Client(reconnection=False)

        @board.on("event")
        def on_event(event):
            if event["type"] == "ticket.called":
                heard.append(event["data"]["ticket"]["display_number"])
                called.set()

        board.connect(server.url, auth={"token": tokens["board-1f"]},
                      transports=["websocket"], wait_timeout=10)
        try:
            issued = requests.post(f"{server.url}/api/v1/tickets", json={"service_id": 2},
                                   headers={"Authorization": f"Bearer {tokens['kiosk-1f']}"},
                                   timeout=10)
            assert issued.status_code == 201, issued.text
            printer.wait_for_jobs(1, timeout=15)  # the printing worker, a greenlet here
            officer = requests.Session()
            assert officer.post(f"{server.url}/api/v1/auth/login",
                                json={"login": "staff1", "password": DEMO_PASSWORD},
                                timeout=10).ok
            call = officer.post(f"{server.url}/api/v1/counters/1/call-next", json={},
                                timeout=10)
            assert call.status_code == 200, call.text
            assert called.wait(10), "the board heard no call"
            assert heard == [call.json()["ticket"]["display_number"]]
        finally:
            board.disconnect()
    finally:
        server.stop()
        printer.stop()
    assert "Using worker: gevent" in server.log_path.read_text()


def test_the_async_mode_names_gunicorns_worker_class(monkeypatch):
    configured = []
    monkeypatch.setattr(wsgi._Server, "run", lambda self: configured.append(self.cfg))
    monkeypatch.setenv("SUNBEON_ASYNC_MODE", "gevent")
    wsgi.run_gunicorn("var/unused.db", "127.0.0.1", 8000, 64)
    monkeypatch.delenv("SUNBEON_ASYNC_MODE")
    wsgi.run_gunicorn("var/unused.db", "127.0.0.1", 8000, 64)
    assert [cfg.worker_class_str for cfg in configured] == ["gevent", "gthread"]


@pytest.mark.parametrize("asked", [["--async", "gevent"], {"SUNBEON_ASYNC_MODE": "gevent"}],
                         ids=["option", "setting"])
def test_the_development_server_refuses_the_gevent_mode(tmp_path, asked):
    # Werkzeug's server would run gevent's Socket.IO mode without monkey-patching.
    refused = serve_dev(tmp_path / "dev.db", asked)
    assert refused.returncode == 2
    assert "--async gevent runs under gunicorn: leave out --dev" in refused.stderr
    assert not (tmp_path / "dev.db").exists()


def test_serve_refuses_an_unknown_async_mode_setting(tmp_path):
    refused = serve_dev(tmp_path / "dev.db", {"SUNBEON_ASYNC_MODE": "eventlet"})
    assert refused.returncode == 2
    assert "SUNBEON_ASYNC_MODE must be one of threading, gevent, not 'eventlet'" \
        in refused.stderr
    assert not (tmp_path / "dev.db").exists()


def serve_dev(db_path, asked: list | dict) -> subprocess.CompletedProcess:
    """`sunbeon serve --dev` with the way of serving `asked` for: options, or settings."""
    options = asked if isinstance(asked, list) else []
    settings = asked if isinstance(asked, dict) else {}
    environment = {k: v for k, v in os.environ.items() if k != "SUNBEON_ASYNC_MODE"}
    return subprocess.run(
        [sys.executable, "-m", "server.cli", "serve", *options, "--dev", "--db", str(db_path)],
        capture_output=True, text=True, timeout=60, env={**environment, **settings})


def test_the_app_takes_its_socket_mode_from_the_setting(tmp_path):
    # This test process is not monkey-patched: gevent's mode is refused, not half-run.
    with pytest.raises(RuntimeError, match="monkey-patching"):
        create_app(tmp_path / "gevent.db", config={"TESTING": True, "ASYNC_MODE": "gevent"})
    with pytest.raises(ValueError, match="threading or gevent"):
        create_app(tmp_path / "other.db", config={"TESTING": True, "ASYNC_MODE": "eventlet"})
    app = create_app(tmp_path / "threads.db", config={"TESTING": True})
    assert app.extensions["socketio"].async_mode == "threading"


@pytest.mark.parametrize("mode", ["threading", "gevent"])
def test_sockets_waiting_for_their_clients_hold_no_database_connection(tmp_path, mode):
    # Each would hold about 230 KiB of SQLite's schema and cache for the socket's life
    # (server/realtime.py `_letting_go`).
    server = ServerProcess(tmp_path / f"{mode}.db", async_mode=mode)
    server.start()
    screens = []
    try:
        for _ in range(12):
            screen = socketio.Client(reconnection=False)
            screen.connect(server.url, auth={"token": server.tokens["board-1f"]},
                           transports=["websocket"], wait_timeout=10)
            screens.append(screen)
        master = server.process.pid
        worker = children(master)[0]
        fds = Path(f"/proc/{worker}/fd")
        database = str(Path(server.db_path).resolve())
        opened = [fd for fd in fds.iterdir() if os.path.realpath(fd) == database]
        # The workers' own (emitter, notices, printing, ...) and the requests' threads.
        assert 0 < len(opened) < 12, len(opened)
    finally:
        for screen in screens:
            screen.disconnect()
        server.stop()
