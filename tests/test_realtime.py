"""Live events: the right rooms and only them, and catching up after a disconnect."""

from __future__ import annotations

import threading
import time

import requests
import socketio

from server.workers.housekeeping import purge_old_events
from tests.conftest import BearerClient
from tests.support.console import ConsoleSession


def connect(app, token=None, flask_client=None):
    """A Socket.IO test client; the app's emitter runs from here on, so that the socket
    is sent what is committed after it connected."""
    app.extensions["sunbeon.workers"].start("emitter")
    return app.extensions["socketio"].test_client(
        app, auth={"token": token} if token else None, flask_test_client=flask_client)


def received_events(app, sio_client) -> list[dict]:
    app.extensions["sunbeon.realtime"].flush()
    return [m["args"][0] for m in sio_client.get_received() if m["name"] == "event"]


def test_unauthenticated_sockets_are_refused(app):
    client = connect(app, token="sb_wrong")
    assert not client.is_connected()
    assert not connect(app).is_connected()


def test_each_screen_and_person_gets_only_their_events(app, tokens, kiosk, signed_in, service_ids):
    board = connect(app, tokens["board-1f"])
    branch_board = connect(app, tokens["board-hapdeok"])
    counter4_display = connect(app, tokens["counter-display-4"])
    staff1 = connect(app, flask_client=signed_in("staff1"))     # counter 1: 주민등록, 인감, 가족관계
    staff4 = connect(app, flask_client=signed_in("staff4"))     # counter 4: 여권
    supervisor = connect(app, flask_client=signed_in("supervisor"))

    seal = kiosk.post("/api/v1/tickets", json={"service_id": service_ids["인감증명"]}).json["ticket"]
    passport = kiosk.post("/api/v1/tickets", json={"service_id": service_ids["여권"]}).json["ticket"]
    signed_in("staff4").post("/api/v1/counters/4/call-next")

    def seen(client):
        return [(e["type"], e["data"]["ticket"]["display_number"])
                for e in received_events(app, client) if e["type"].startswith("ticket.")]

    issued_seal, issued_passport = ("ticket.issued", seal["display_number"]), ("ticket.issued", passport["display_number"])
    called_passport = ("ticket.called", passport["display_number"])
    assert seen(board) == [issued_seal, issued_passport, called_passport]
    assert seen(supervisor) == [issued_seal, issued_passport, called_passport]
    assert seen(staff1) == [issued_seal]
    assert seen(staff4) == [issued_passport, called_passport]
    assert seen(counter4_display) == [called_passport]
    assert seen(branch_board) == []


def test_call_event_carries_seq_number_and_counter(app, tokens, kiosk, signed_in, service_ids):
    board = connect(app, tokens["board-1f"])
    seq_before = app.test_client().get("/healthz").json["seq"]
    kiosk.post("/api/v1/tickets", json={"service_id": service_ids["여권"]})
    signed_in("staff4").post("/api/v1/counters/4/call-next")
    events = received_events(app, board)
    assert [e["seq"] for e in events] == sorted(e["seq"] for e in events)
    assert all(e["seq"] > seq_before for e in events)
    call = events[-1]
    assert call["data"]["ticket"]["display_number"] == "2001"
    assert call["data"]["counter"]["number"] == 4
    assert call["data"]["queues"][0]["waiting"] == 0


def test_resync_returns_what_was_missed_for_my_rooms_only(app, tokens, kiosk, signed_in, service_ids):
    display = connect(app, tokens["counter-display-4"])
    last_seq = app.test_client().get("/healthz").json["seq"]
    display.disconnect()
    officer = signed_in("staff4")
    for service in ("여권", "인감증명", "여권"):
        kiosk.post("/api/v1/tickets", json={"service_id": service_ids[service]})
    first = officer.post("/api/v1/counters/4/call-next").json["ticket"]
    officer.post(f"/api/v1/tickets/{first['id']}/finish", json={})
    officer.post("/api/v1/counters/4/call-next")

    display = connect(app, tokens["counter-display-4"])
    answer = display.emit("resync", {"since": last_seq}, callback=True)
    missed = [(e["type"], e["data"]["ticket"]["display_number"]) for e in answer["events"]]
    assert missed == [("ticket.called", "2001"), ("ticket.finished", "2001"),
                      ("ticket.called", "2002")]
    assert answer["seq"] >= max(e["seq"] for e in answer["events"])
    assert display.emit("resync", {"since": "yesterday"}, callback=True)["error"] == "invalid_request"


def test_too_many_missed_events_give_a_snapshot(app, tokens, kiosk, service_ids, monkeypatch):
    monkeypatch.setattr("server.realtime.CATCH_UP_LIMIT", 3)
    board = connect(app, tokens["board-1f"])
    for _ in range(5):
        kiosk.post("/api/v1/tickets", json={"service_id": service_ids["인감증명"]})
    answer = board.emit("resync", {"since": 0}, callback=True)
    snapshot = answer["snapshot"]
    waiting = {s["service_id"]: s["waiting"] for s in snapshot["services"]}
    assert waiting[service_ids["인감증명"]] == 5
    assert {c["number"] for c in snapshot["counters"]} == set(range(1, 11))


def test_a_screen_away_past_the_purge_gets_a_snapshot_but_a_gap_in_seqs_is_no_purge(
        app, store, clock, tokens, kiosk, service_ids):
    board = connect(app, tokens["board-1f"])
    first, second = (kiosk.post("/api/v1/tickets", json={"service_id": service_ids["인감증명"]})
                     .json["ticket"]["id"] for _ in range(2))
    with store.write() as tx:  # a seq left unused, as a rolled-back transaction leaves one
        tx.execute("DELETE FROM events WHERE seq = (SELECT min(seq) FROM events)")
    answer = board.emit("resync", {"since": 0}, callback=True)
    assert [e["data"]["ticket"]["id"] for e in answer["events"]] == [second]

    clock.advance(100 * 86400)                          # past the events' retention
    purge_old_events(store, app.extensions["sunbeon.engine"], app.config)
    assert "snapshot" in board.emit("resync", {"since": 0}, callback=True)
    up_to_date = board.emit("resync", {"since": answer["seq"]}, callback=True)
    assert up_to_date["events"] == []


def test_http_catch_up_matches_the_socket(app, tokens, kiosk, service_ids):
    kiosk.post("/api/v1/tickets", json={"service_id": service_ids["인감증명"]})
    board = BearerClient(app.test_client(), tokens["board-1f"])
    events = board.get("/api/v1/events?since=0").json["events"]
    assert [e["type"] for e in events] == ["ticket.issued"]


# ---- the real transport: a server process and a python-socketio client -----------------

class Listener:
    """A real Socket.IO client that resyncs on every (re)connect, as screens do."""

    def __init__(self, url: str, token: str):
        self.client = socketio.Client(reconnection_delay=0.2, reconnection_delay_max=0.5)
        self.last_seq = 0
        self.applied: list[dict] = []
        self.snapshots: list[dict] = []
        self.connected = threading.Event()
        self.client.on("connect", self._on_connect)
        self.client.on("event", self._on_event)
        self.client.on("disconnect", lambda *reason: self.connected.clear())
        self.client.connect(url, auth={"token": token}, transports=["websocket"], wait_timeout=10)

    def _on_connect(self):
        # Asked from another thread: the handler must return before an answer can arrive.
        threading.Thread(target=self._resync, daemon=True).start()

    def _resync(self):
        answer = self.client.call("resync", {"since": self.last_seq}, timeout=10)
        if "snapshot" in answer:  # as live.js: start again from the snapshot's seq
            self.snapshots.append(answer["snapshot"])
            self.last_seq = answer["snapshot"]["seq"]
        for event in answer.get("events", []):
            self._on_event(event)
        self.last_seq = max(self.last_seq, answer.get("seq", 0))
        self.connected.set()

    def _on_event(self, event):
        if event["seq"] > self.last_seq:  # apply each event once, in order
            self.last_seq = event["seq"]
            self.applied.append(event)

    def wait_for(self, predicate, timeout=10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate(self.applied):
                return True
            time.sleep(0.02)
        return False


def _calls(events):
    return [e["data"]["ticket"]["display_number"] for e in events if e["type"] == "ticket.called"]


def test_real_socket_receives_calls_and_catches_up_after_a_server_restart(server):
    tokens = server.tokens
    board = Listener(server.url, tokens["board-1f"])
    assert board.connected.wait(10)
    kiosk = requests.Session()
    kiosk.headers["Authorization"] = f"Bearer {tokens['kiosk-1f']}"
    officer = ConsoleSession()
    assert officer.post(server.url + "/api/v1/auth/login",
                        json={"login": "staff4", "password": "sunbeon-demo"}).ok
    services = {s["names"]["ko"]: s["id"] for s in
                kiosk.get(server.url + "/api/v1/services").json()["services"]}
    for _ in range(3):
        assert kiosk.post(server.url + "/api/v1/tickets",
                          json={"service_id": services["여권"]}).status_code == 201
    first = officer.post(server.url + "/api/v1/counters/4/call-next").json()["ticket"]
    assert board.wait_for(lambda events: _calls(events) == ["2001"])

    server.stop()
    assert board.wait_for(lambda _: not board.connected.is_set(), timeout=10)
    server.start()
    # While the board was away (its socket not yet back), the officer carries on.
    assert officer.post(server.url + f"/api/v1/tickets/{first['id']}/finish", json={}).ok
    assert officer.post(server.url + "/api/v1/counters/4/call-next").ok
    assert board.connected.wait(15)
    assert board.wait_for(lambda events: _calls(events) == ["2001", "2002"])
    seqs = [e["seq"] for e in board.applied]
    assert seqs == sorted(set(seqs))  # nothing applied twice
    board.client.disconnect()
