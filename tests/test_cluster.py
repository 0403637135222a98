"""Several server processes behind nginx (docs/scale.md, "Several processes"):
`sunbeon serve --workers 2` on one throwaway PostgreSQL and one Redis, with the shipped
nginx site in front (tests/support/proxy.py). Kiosks take numbers and an officer calls
them through the proxy while a board watches; one server process is killed (SIGKILL), or
Redis goes down and comes back, mid-load. Every ticket acknowledged to a kiosk exists
exactly once, numbering never repeats, the board sees every call, and the cluster's
background work runs in exactly one live process within 30 s."""

from __future__ import annotations

import os
import signal
import threading
import time
import uuid
from pathlib import Path

import psycopg
import pytest
import requests

from server import cli
from tests.support.console import ConsoleSession
from tests.support.processes import children
from tests.support.proxy import ThrowawayProxy, site_for
from tests.support.redis import ThrowawayRedis
from tests.support.server import ServerProcess
from tests.support.waiting import until
from tests.test_realtime import Listener

ONCE_PER_CLUSTER = {"notices", "printing", "desk_watch", "housekeeping"}
# In the sample lobby: a service without a daily cap, served at counter 1 by staff1.
SERVICE = "주민등록 등·초본"
COUNTER = 1
OFFICER = "staff1"


# ---- refusals ----------------------------------------------------------------------------

@pytest.mark.parametrize("options, says", [
    (["--db", "{tmp}/one.db", "--workers", "2", "--message-queue", "redis://127.0.0.1:1/0"],
     "needs PostgreSQL"),
    (["--database", "postgresql://nobody@127.0.0.1:1/none", "--workers", "2"],
     "needs a message queue"),
    (["--database", "postgresql://nobody@127.0.0.1:1/none", "--workers", "2",
      "--message-queue", "redis://127.0.0.1:1/0", "--dev"], "--dev runs one process"),
    (["--db", "{tmp}/one.db", "--workers", "0"], "1 or more"),
])
def test_serve_refuses_several_processes_it_cannot_run(options, says, tmp_path, capsys,
                                                        monkeypatch):
    monkeypatch.delenv("SUNBEON_DATABASE", raising=False)
    monkeypatch.delenv("SUNBEON_MESSAGE_QUEUE", raising=False)
    code = cli.main(["serve", *[o.replace("{tmp}", str(tmp_path)) for o in options]])
    assert code == 2 and says in capsys.readouterr().err
    assert not list(tmp_path.iterdir())                 # nothing made


def test_the_test_proxy_runs_the_shipped_site_with_only_its_ports_changed():
    shipped = (Path(__file__).parents[1] / "systemd" / "nginx-sunbeon.conf").read_text()
    ours = site_for([9100, 9101], 9200)
    changed = {line for line in ours.splitlines()} ^ {line for line in shipped.splitlines()}
    assert all("server 127.0.0.1:" in line or "listen " in line for line in changed)
    assert ours.count("server 127.0.0.1:9101 ") == 2 and "listen 127.0.0.1:9200;" in ours


# ---- the cluster -----------------------------------------------------------------------------

class Cluster:
    def __init__(self, servers: ServerProcess, proxy: ThrowawayProxy, redis: ThrowawayRedis):
        self.servers, self.proxy, self.redis = servers, proxy, redis
        self.database = servers.database

    def healthz(self, port: int) -> dict | None:
        try:
            return requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).json()
        except (requests.RequestException, ValueError):
            return None

    def leaders(self) -> list[int]:
        """The ports whose process runs the cluster's background work."""
        return [port for port in self.servers.ports
                if set((self.healthz(port) or {}).get("workers", [])) >= ONCE_PER_CLUSTER]

    def app_process(self, port: int) -> int:
        """The process serving `port`: the gunicorn worker under that port's master."""
        masters = [pid for pid in children(self.servers.process.pid)
                   if f" {port} " in f" {cmdline(pid)} "]
        assert len(masters) == 1, masters
        workers = children(masters[0])
        assert len(workers) == 1, workers
        return workers[0]

    def sql(self, query: str, params=()) -> list[tuple]:
        with psycopg.connect(self.database) as conn:
            return conn.execute(query, params).fetchall()




def cmdline(pid: int) -> str:
    return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()


def connections_to(port: int) -> int:
    """Open TCP connections to a server port on 127.0.0.1 (a board's WebSocket, through
    nginx: the API's requests each close theirs)."""
    count = 0
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, _remote, state = line.split()[1:4]
        if state == "01" and int(local.split(":")[1], 16) == port:
            count += 1
    return count


@pytest.fixture
def cluster(tmp_path, postgres):
    redis = ThrowawayRedis().start()
    url = postgres.create_database()
    servers = ServerProcess(tmp_path / "cluster.db", database=url, message_queue=redis.url,
                            workers=2, env={"SUNBEON_HEARTBEAT_SECONDS": "0.5",
                                            "SUNBEON_PROXY_FIX": "1"})
    proxy = None
    try:
        servers.start()
        proxy = ThrowawayProxy(servers.ports).start()
        yield Cluster(servers, proxy, redis)
    finally:
        if proxy:
            proxy.remove()
        servers.stop()
        redis.remove()
        postgres.drop_database(url)


class Load:
    """Kiosks taking numbers and an officer calling them, through the proxy, until
    stopped. A kiosk tries each number again with the same Idempotency-Key until it is
    acknowledged, as the real kiosk does (kiosk/static/ticketing.js): on no answer, a
    5xx or a 429."""

    def __init__(self, url: str, kiosk_token: str, kiosks: int = 3):
        self.url = url
        self.stopping = threading.Event()
        self.acknowledged: dict[str, dict] = {}    # Idempotency-Key -> ticket
        self.in_order: list[list[int]] = []        # each kiosk's tickets, as acknowledged
        self.retries = 0
        self.calls = 0
        self.errors: list[str] = []
        self.lock = threading.Lock()
        session = self._kiosk_session(kiosk_token)
        services = session.get(url + "/api/v1/services", timeout=10).json()["services"]
        self.service_id = next(s["id"] for s in services if s["names"]["ko"] == SERVICE)
        self.threads = [threading.Thread(target=self._kiosk, args=(kiosk_token,), daemon=True)
                        for _ in range(kiosks)]
        self.threads.append(threading.Thread(target=self._officer, daemon=True))

    def _kiosk_session(self, token: str) -> requests.Session:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"
        return session

    def start(self) -> "Load":
        for thread in self.threads:
            thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(90)
        assert not any(thread.is_alive() for thread in self.threads)
        assert not self.errors, self.errors[:5]

    def _kiosk(self, token: str) -> None:
        session = self._kiosk_session(token)
        tickets: list[int] = []
        with self.lock:
            self.in_order.append(tickets)
        while not self.stopping.is_set():
            key = uuid.uuid4().hex
            ticket = self._issue(session, key)
            if ticket is None:
                return
            with self.lock:
                self.acknowledged[key] = ticket
            tickets.append(ticket["id"])

    def _issue(self, session: requests.Session, key: str) -> dict | None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                answer = session.post(self.url + "/api/v1/tickets", timeout=10,
                                      json={"service_id": self.service_id},
                                      headers={"Idempotency-Key": key})
                if answer.status_code in (200, 201):
                    return answer.json()["ticket"]
                if answer.status_code < 500 and answer.status_code != 429:
                    self.errors.append(f"{answer.status_code} {answer.text[:200]}")
                    return None
            except requests.RequestException:
                pass
            with self.lock:
                self.retries += 1
            time.sleep(0.1)
        self.errors.append(f"ticket {key} not acknowledged within 60 s")
        return None

    def _officer(self) -> None:
        officer = ConsoleSession()
        signed_in = officer.post(self.url + "/api/v1/auth/login", timeout=10,
                                 json={"login": OFFICER, "password": "sunbeon-demo"})
        if not signed_in.ok:
            self.errors.append(f"sign-in: {signed_in.status_code} {signed_in.text[:200]}")
            return
        while not self.stopping.is_set():
            try:
                # Not idempotent: a call whose answer was lost may still have happened;
                # what the board must show is every call the database holds.
                called = officer.post(f"{self.url}/api/v1/counters/{COUNTER}/call-next",
                                      timeout=10)
                if called.ok:
                    self.calls += 1
                serving = (called.json().get("ticket") or {}).get("id") if called.ok \
                    else called.json().get("ticket_id")          # counter_busy: still serving
                if serving:
                    officer.post(f"{self.url}/api/v1/tickets/{serving}/finish", json={},
                                 timeout=10)
            except (requests.RequestException, ValueError):
                pass
            time.sleep(0.1)


def check_every_ticket_once(cluster: Cluster, load: Load) -> None:
    keys = {row[0].rsplit(":", 1)[1]: row[1] for row in cluster.sql(
        "SELECT idempotency_key, id FROM tickets WHERE idempotency_key IS NOT NULL")}
    assert len(load.acknowledged) > 20
    for key, ticket in load.acknowledged.items():
        assert keys.get(key) == ticket["id"]            # exists, and is the one acknowledged
    assert len(keys) == len(load.acknowledged)          # and no ticket beyond them
    ids = [ticket["id"] for ticket in load.acknowledged.values()]
    assert len(set(ids)) == len(ids)
    number = dict(cluster.sql("SELECT id, number FROM tickets"))
    numbers = [number[id_] for id_ in ids]
    assert len(set(numbers)) == len(numbers)            # one service, one day: never twice
    for kiosk in load.in_order:                         # and never back
        assert [number[id_] for id_ in kiosk] == sorted(number[id_] for id_ in kiosk)
    assert not cluster.sql("SELECT numbered_by, day, number FROM tickets "
                           "GROUP BY numbered_by, day, number HAVING count(*) > 1")


def check_the_board_saw_everything(cluster: Cluster, board: Listener, since: int) -> None:
    expected = {seq for seq, in cluster.sql(
        "SELECT seq FROM events WHERE seq > %s AND type IN ('ticket.issued', 'ticket.called')",
        (since,))}
    assert len([1 for seq, in cluster.sql(
        "SELECT seq FROM events WHERE seq > %s AND type = 'ticket.called'", (since,))]) > 3
    seen = lambda: {event["seq"] for event in board.applied}  # noqa: E731
    deadline = time.monotonic() + 30
    while not expected <= seen() and time.monotonic() < deadline:
        time.sleep(0.1)
    missing = sorted(expected - seen())
    assert not missing, "\n".join([
        f"{len(missing)} of {len(expected)} missing, from {missing[:10]}; last seq "
        f"{board.last_seq}, connected {board.connected.is_set()}, heartbeats "
        f"{board.heartbeats[-5:]}", *board.story])
    seqs = [event["seq"] for event in board.applied]
    assert seqs == sorted(set(seqs))                    # each once, in order


def start_watching(cluster: Cluster) -> tuple[Listener, int, int]:
    """A board through the proxy; the seq it starts from and the server port it is on."""
    tokens = cluster.servers.tokens
    since = cluster.sql("SELECT coalesce(max(seq), 0) FROM events")[0][0]
    board = Listener(cluster.proxy.url, tokens["board-1f"])
    assert board.connected.wait(10)
    until(lambda: sum(connections_to(port) for port in cluster.servers.ports) == 1)
    port, = (port for port in cluster.servers.ports if connections_to(port))
    return board, since, port


def test_a_server_process_killed_mid_load_loses_nothing(cluster):
    board, since, board_port = start_watching(cluster)
    until(lambda: len(cluster.leaders()) == 1, timeout=30)
    load = Load(cluster.proxy.url, cluster.servers.tokens["kiosk-1f"]).start()
    time.sleep(3)
    killed = cluster.app_process(board_port)           # the board's process
    os.kill(killed, signal.SIGKILL)
    killed_at = time.monotonic()
    time.sleep(5)
    load.stop()

    # The cluster's work runs in exactly one live process within 30 s.
    until(lambda: len(cluster.leaders()) == 1, timeout=max(1, 30 - (time.monotonic() - killed_at)))
    assert not Path(f"/proc/{killed}").exists()
    until(lambda: board.connects >= 2, timeout=30)     # it reconnects through the proxy
    assert load.retries > 0                             # the kill did catch requests
    check_every_ticket_once(cluster, load)
    check_the_board_saw_everything(cluster, board, since)
    board.client.disconnect()


def test_redis_stopped_and_started_mid_load_loses_nothing(cluster):
    board, since, _port = start_watching(cluster)
    load = Load(cluster.proxy.url, cluster.servers.tokens["kiosk-1f"]).start()
    time.sleep(2)
    cluster.redis.stop()
    until(lambda: all((cluster.healthz(port) or {}).get("message_queue") == "down"
                      for port in cluster.servers.ports), timeout=10)
    time.sleep(3)
    cluster.redis.start()                               # the same port, empty
    until(lambda: all((cluster.healthz(port) or {}).get("message_queue") == "up"
                      for port in cluster.servers.ports), timeout=10)
    time.sleep(3)
    load.stop()

    assert len(cluster.leaders()) == 1
    check_every_ticket_once(cluster, load)
    check_the_board_saw_everything(cluster, board, since)
    board.client.disconnect()
