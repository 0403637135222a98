"""gunicorn's limits of one server process (server/wsgi.py)."""

from __future__ import annotations

from server import wsgi


def test_a_process_full_of_screens_still_accepts_requests(monkeypatch):
    # Each screen's WebSocket is a connection for its life: with as many sockets as
    # threads, a process must still take the kiosks' and officers' requests.
    configured = []
    monkeypatch.setattr(wsgi._Server, "run", lambda self: configured.append(self.cfg))
    wsgi.run_gunicorn("var/unused.db", "127.0.0.1", 8000, 1200)
    (cfg,) = configured
    assert cfg.threads == 1200
    assert cfg.worker_connections >= 1200 + 100
