"""Live events: the right rooms and only them, and catching up after a disconnect."""

from __future__ import annotations

import threading
import time

import engineio
import pytest
import requests
import socketio

from server.workers.housekeeping import purge_old_events
from tests.conftest import STORES, BearerClient
from tests.support.console import ConsoleSession
from tests.support.server import ServerProcess


@pytest.fixture(params=STORES)
def store_kind(request) -> str:
    """Sockets carry the same events, in the same order, on both stores."""
    return request.param


@pytest.fixture
def server(request, store_kind, tmp_path):
    """A real `sunbeon serve --demo` process on this test's store (an empty PostgreSQL
    database, which the demo fills, or an SQLite file)."""
    database = None
    if store_kind == "postgresql":
        postgres = request.getfixturevalue("postgres")
        database = postgres.create_database()
    process = ServerProcess(tmp_path / "live.db", database=database)
    process.start()
    yield process
    process.stop()
    if database:
        postgres.drop_database(database)


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

class InOrderEngineIO(engineio.Client):
    """Messages handled one after another, as they came, as a browser does: engineio's
    client hands each to a thread of its own, so a later event could be applied first."""

    def _trigger_event(self, event, *args, **kwargs):
        if event == "message":
            kwargs["run_async"] = False
        return super()._trigger_event(event, *args, **kwargs)


class InOrderClient(socketio.Client):
    def _engineio_client_class(self):
        return InOrderEngineIO


class Listener:
    """A real Socket.IO client that applies events as the screens' live client does
    (server/static/common/live.js): each once, in seq order; it catches up (resyncs) on
    every (re)connect and when a heartbeat names a seq it has not applied. Live events
    that arrive while it is away or catching up are held and applied after what the
    catch-up brings (applied at once, they would move the last seq past the gap being
    filled); if a heartbeat named a seq beyond what the catch-up brought, or the catch-up
    failed, they are dropped and it catches up again."""

    def __init__(self, url: str, token: str):
        self.last_seq = 0
        self.applied: list[dict] = []
        self.snapshots: list[dict] = []
        self.heartbeats: list[int] = []
        self.resyncs = 0
        self.connects = 0
        self.story: list[str] = []  # each catch-up, for a failure's message
        self.connected = threading.Event()  # connected and caught up
        self._lock = threading.Lock()
        self._catching_up = True
        self._held: list[dict] = []
        self._beat_seq = 0          # the highest seq a heartbeat named during a catch-up
        self.client = InOrderClient(reconnection_delay=0.2, reconnection_delay_max=0.5)
        self.client.on("connect", self._on_connect)
        self.client.on("disconnect", self._on_disconnect)
        self.client.on("event", self._on_event)
        self.client.on("heartbeat", self._on_heartbeat)
        self.client.connect(url, auth={"token": token}, transports=["websocket"], wait_timeout=10)

    def _on_connect(self):
        self.connects += 1
        with self._lock:
            self._catching_up = True
        # Asked from another thread: the handler must return before an answer can arrive.
        threading.Thread(target=self._resync, daemon=True).start()

    def _on_disconnect(self, *reason):
        self.connected.clear()
        with self._lock:  # an event may come before the next connect's catch-up
            self._catching_up = True

    def _on_heartbeat(self, beat):
        self.heartbeats.append(beat["seq"])
        with self._lock:
            if self._catching_up:
                self._beat_seq = max(self._beat_seq, beat["seq"])
                return
            behind = beat["seq"] > self.last_seq
            self._catching_up = behind
        if behind:
            threading.Thread(target=self._resync, daemon=True).start()

    def _on_event(self, event):
        with self._lock:
            if self._catching_up:
                self._held.append(event)
            else:
                self._apply(event)

    def _apply(self, event):
        if event["seq"] > self.last_seq:
            self.last_seq = event["seq"]
            self.applied.append(event)

    def _resync(self):
        self.resyncs += 1
        since = self.last_seq
        try:
            answer = self.client.call("resync", {"since": since}, timeout=10)
        except Exception as error:  # noqa: BLE001 - the process went away
            self.story.append(f"catch-up since {since} failed: {error!r}")
            if self.client.connected:  # else the next connect catches up
                threading.Timer(0.5, self._resync).start()
            return
        with self._lock:
            if "snapshot" in answer:  # start again from the snapshot's seq
                self.snapshots.append(answer["snapshot"])
                self.last_seq = answer["snapshot"]["seq"]
            events = answer.get("events", [])
            for event in events:
                self._apply(event)
            self.last_seq = max(self.last_seq, answer.get("seq", 0))
            again = self._beat_seq > self.last_seq  # the next catch-up fetches what is held
            self.story.append(f"catch-up since {since}: {len(events)} events to "
                              f"{answer.get('seq')}, {len(self._held)} held, "
                              f"heartbeat {self._beat_seq}{', again' if again else ''}")
            if not again:
                for event in sorted(self._held, key=lambda e: e["seq"]):
                    self._apply(event)
                self._catching_up = False
            self._held = []
            self._beat_seq = 0
        if again:
            threading.Thread(target=self._resync, daemon=True).start()
        else:
            self.connected.set()

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
