"""Events across processes (docs/scale.md): the relay publishes committed events in seq
order, one process at a time, and never skips one; every process sends its screens a
heartbeat from which a screen that missed an event knows to catch up; two real server
processes on PostgreSQL share their events through a throwaway Redis, which goes down and
comes back without an event being lost."""

from __future__ import annotations

import threading
import time

import psycopg
import pytest
import requests

from server.infra.postgres import LEASE_KEYS, WRITE_LOCK_KEY, PostgresStore
from server.infra.postgres_schema import SCHEMA_LOCK_KEY
from server.infra.store import Store
from server.realtime import MessageQueue
from server.workers.heartbeat import Heartbeat
from server.workers.relay import PUBLISHED_KEY, Relay
from tests.support.redis import ThrowawayRedis
from tests.support.server import ServerProcess
from tests.support.waiting import until
from tests.test_realtime import Listener


def append(store, note: str) -> int:
    with store.write() as tx:
        return tx.append_event("config.changed", 0.0, 1, ["site:1"], {"note": note})["seq"]


class Recorder:
    """A relay's way out that keeps what it was given, or refuses it (a queue that is down)."""

    def __init__(self):
        self.seqs: list[int] = []
        self.down = False

    def __call__(self, event: dict, prev: int) -> bool:
        if self.down:
            return False
        assert prev == (self.seqs[-1] if self.seqs else prev)  # each names the one before
        self.seqs.append(event["seq"])
        return True


@pytest.fixture
def pg_url(postgres, postgres_template):
    url = postgres.create_database(template=postgres_template)
    yield url
    postgres.drop_database(url)


def pg_store(url, tmp_path) -> PostgresStore:
    return PostgresStore(url, home=tmp_path)  # one per "process": a connection of its own


# ---- in order, never skipping ------------------------------------------------------------

def test_a_slow_transaction_does_not_make_the_relay_skip_an_event(pg_url, tmp_path):
    first, second, relay_store = (pg_store(pg_url, tmp_path) for _ in range(3))
    published = Recorder()
    relay = Relay(relay_store, published)
    relay.relay_once()                                  # leads, from the end of the log
    drawn = threading.Event()
    go_on = threading.Event()
    seqs = {}

    def slow():
        with first.write() as tx:
            seqs["slow"] = tx.append_event("config.changed", 0.0, 1, ["site:1"], {})["seq"]
            drawn.set()
            go_on.wait(10)                              # a long transaction, uncommitted

    def quick():
        seqs["quick"] = append(second, "quick")         # another process's writer

    slow_writer = threading.Thread(target=slow)
    slow_writer.start()
    assert drawn.wait(10)
    quick_writer = threading.Thread(target=quick)
    quick_writer.start()
    time.sleep(0.3)
    relay.relay_once()
    # The quick writer waits for the slow one's COMMIT before it draws a seq: there is
    # nothing committed beyond the slow seq that the relay could publish first.
    assert "quick" not in seqs and published.seqs == []
    go_on.set()
    slow_writer.join(10)
    quick_writer.join(10)
    assert seqs["slow"] < seqs["quick"]
    relay.relay_once()
    assert published.seqs == [seqs["slow"], seqs["quick"]]
    relay.stop(drain=False)
    relay._lose_lead()
    for store in (first, second, relay_store):
        store.close_thread_connection()


def test_without_the_write_lock_a_later_seq_could_commit_first(pg_url):
    """Why writers take turns: two transactions that did not would commit seqs out of
    order, and a reader of committed events by seq would pass the lower one by."""
    slow = psycopg.connect(pg_url)
    quick = psycopg.connect(pg_url, autocommit=True)
    insert = ("INSERT INTO events (at, site_id, type, rooms, data) "
              "VALUES (0, 1, 'config.changed', '[]', '{}') RETURNING seq")
    low = slow.execute(insert).fetchone()[0]            # not committed yet
    high = quick.execute(insert).fetchone()[0]
    seen = [row[0] for row in quick.execute("SELECT seq FROM events WHERE seq >= %s", (low,))]
    assert low < high and seen == [high]                # N+1 committed, N not yet
    slow.commit()
    slow.close()
    quick.close()


def test_the_relay_publishes_in_seq_order_and_remembers_where_it_was(store, tmp_path):
    published = Recorder()
    relay = Relay(store, published)
    relay.relay_once()
    seqs = [append(store, str(n)) for n in range(3)]
    relay.relay_once()
    assert published.seqs == seqs
    relay._lose_lead()                                  # saves its position, gives up the lease
    assert store.setting(PUBLISHED_KEY) == str(seqs[-1])

    later = [append(store, "while nobody relays")]
    successor = Relay(store, Recorder())
    successor.relay_once()
    assert successor.publish.seqs == later              # from the saved seq on, nothing twice
    successor._lose_lead()


def test_a_relay_that_leads_again_before_publishing_anything_skips_nothing(store):
    """The first relay starts at the end; one that leads after it (it lost the database
    before publishing anything) starts there too, not at the end of that moment."""
    first = Relay(store, Recorder())
    first.relay_once()
    first.leading = False                               # its session lost: it cannot save
    first.lease.release()
    meanwhile = [append(store, "committed while nobody relayed")]
    successor = Relay(store, Recorder())
    successor.relay_once()
    assert successor.publish.seqs == meanwhile
    successor._lose_lead()


def test_a_queue_that_is_down_holds_the_events_until_it_is_back(store):
    published = Recorder()
    relay = Relay(store, published, retry_seconds=0.1)
    relay.relay_once()
    published.down = True
    seqs = [append(store, str(n)) for n in range(2)]
    assert relay.relay_once() == 0.1 and relay.queue_down
    assert relay.published == seqs[0] - 1               # nothing counted as published
    published.down = False
    relay.relay_once()
    assert published.seqs == seqs and not relay.queue_down
    relay._lose_lead()


# ---- one relay at a time -------------------------------------------------------------------

def test_one_relay_at_a_time_on_sqlite(store):
    first, second = Relay(store, Recorder()), Relay(store, Recorder())
    first.relay_once()
    second.relay_once()
    assert first.leading and not second.leading
    first._lose_lead()
    second.relay_once()
    assert second.leading
    second._lose_lead()


def test_one_relay_at_a_time_on_postgresql_and_a_lost_session_hands_over(pg_url, tmp_path):
    assert len({WRITE_LOCK_KEY, SCHEMA_LOCK_KEY, *LEASE_KEYS.values()}) == 2 + len(LEASE_KEYS)
    one, other = pg_store(pg_url, tmp_path), pg_store(pg_url, tmp_path)
    first, second = Relay(one, Recorder()), Relay(other, Recorder())
    first.relay_once()
    second.relay_once()
    assert first.leading and not second.leading
    # The leader's database session ends (its process died, or the network failed).
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_locks "
                      "WHERE locktype = 'advisory' AND granted AND objid = %s",
                      (LEASE_KEYS["relay"],))
    until(lambda: second.relay_once() is not None and second.leading, timeout=5)
    first.relay_once()
    assert not first.leading                            # it notices, and follows
    second._lose_lead()
    first._lose_lead()
    one.close_thread_connection()
    other.close_thread_connection()


# ---- the heartbeat ---------------------------------------------------------------------------

def test_the_heartbeat_tells_each_room_its_latest_seq_one_beat_late(store):
    told = []
    heartbeat = Heartbeat(store, lambda: {"site:1", "counter:4"},
                          lambda room, seq: told.append((room, seq)))
    heartbeat.beat()                                    # reads from the end
    seq = append(store, "a")
    with store.write() as tx:
        other = tx.append_event("config.changed", 0.0, 2, ["site:2"], {})["seq"]
    heartbeat.beat()
    assert told == []                                   # just read: maybe still on its way
    heartbeat.beat()
    assert told == [("site:1", seq)]                    # site:2 has no connection here
    assert other > seq


# ---- two server processes, PostgreSQL and Redis ----------------------------------------------

def subscribers(redis_server: ThrowawayRedis) -> int:
    """How many server processes listen on the queue (each subscribes once its first
    socket connects)."""
    import redis
    client = redis.Redis.from_url(redis_server.url)
    try:
        return client.pubsub_numsub(MessageQueue.CHANNEL)[0][1]
    finally:
        client.close()


def issued(events) -> list[int]:
    return [e["data"]["ticket"]["id"] for e in events if e["type"] == "ticket.issued"]


@pytest.fixture
def cluster(tmp_path, postgres):
    """Two `sunbeon serve` processes on one PostgreSQL database and one Redis."""
    redis = ThrowawayRedis().start()
    url = postgres.create_database()
    env = {"SUNBEON_HEARTBEAT_SECONDS": "0.5"}
    a = ServerProcess(tmp_path / "a" / "a.db", database=url, message_queue=redis.url, env=env)
    b = ServerProcess(tmp_path / "b" / "b.db", database=url, message_queue=redis.url, env=env)
    for process in (a, b):
        process.db_path.parent.mkdir()
    try:
        a.start()                                       # loads the sample lobby
        b.start()
        yield a, b, redis
    finally:
        a.stop()
        b.stop()
        redis.remove()
        postgres.drop_database(url)


def test_a_ticket_issued_through_one_process_reaches_a_board_on_the_other(cluster):
    a, b, redis = cluster
    tokens = a.tokens
    board = Listener(b.url, tokens["board-1f"])
    assert board.connected.wait(10)
    until(lambda: subscribers(redis) == 1)              # B listens (A has no socket)
    kiosk = requests.Session()
    kiosk.headers["Authorization"] = f"Bearer {tokens['kiosk-1f']}"
    services = kiosk.get(a.url + "/api/v1/services").json()["services"]
    issue = lambda: kiosk.post(a.url + "/api/v1/tickets",  # noqa: E731
                               json={"service_id": services[0]["id"]}).json()["ticket"]["id"]
    # The first event after B subscribed follows nothing B saw: B's screens catch up by seq
    # rather than trust that nothing went by before (MessageQueue's gap check).
    first = issue()
    assert board.wait_for(lambda events: issued(events) == [first], timeout=10)
    resyncs = board.resyncs
    tickets = [first] + [issue() for _ in range(3)]
    assert board.wait_for(lambda events: issued(events) == tickets, timeout=10)
    assert board.resyncs == resyncs                     # live, not caught up
    assert a.healthz()["message_queue"] == b.healthz()["message_queue"] == "up"
    board.client.disconnect()

    # ---- Redis goes down: nothing is lost, the screens catch up by seq ----
    board = Listener(b.url, tokens["board-1f"])
    assert board.connected.wait(10)
    redis.stop()
    assert a.healthz()["message_queue"] == b.healthz()["message_queue"] == "down"
    during = kiosk.post(a.url + "/api/v1/tickets",
                        json={"service_id": services[0]["id"]}).json()["ticket"]["id"]
    # Not through Redis: the heartbeat of its own process tells the board, which catches up
    # (a beat every 5 s, sent once the event is a beat old: up to 10 s, more on a busy machine).
    assert board.wait_for(lambda events: during in issued(events), timeout=30), (
        f"heartbeats {board.heartbeats[-5:]}, last seq {board.last_seq}, "
        f"resyncs {board.resyncs}, snapshots {len(board.snapshots)}")
    assert board.resyncs >= 2 and board.snapshots == []  # the missed events, not a snapshot

    redis.start()                                       # the same port, empty
    until(lambda: b.healthz()["message_queue"] == "up", timeout=10)
    with psycopg.connect(a.database) as conn:
        seq = lambda: conn.execute("SELECT value FROM app_settings WHERE key = %s",  # noqa
                                   (PUBLISHED_KEY,)).fetchone()
        last = lambda: conn.execute("SELECT max(seq) FROM events").fetchone()[0]  # noqa
        # The relay resumed from its last published seq and caught up with the log.
        until(lambda: seq() and int(seq()[0]) >= last(), timeout=15)
    # B listens again (it retries at growing intervals: 1, 2, 4 s...).
    until(lambda: subscribers(redis) == 1, timeout=20)
    # As after the first subscription: the first event B hears may follow what the relay
    # published before B listened again, so B may catch up once by seq first.
    settle = issue()
    assert board.wait_for(lambda events: settle in issued(events), timeout=10)
    resyncs = board.resyncs
    after = issue()
    assert board.wait_for(lambda events: after in issued(events), timeout=10)
    assert board.resyncs == resyncs                     # live through Redis again
    seqs = [e["seq"] for e in board.applied]
    assert seqs == sorted(set(seqs))                    # each once, in order
    assert issued(board.applied)[-3:] == [during, settle, after]
    board.client.disconnect()


def test_the_clusters_background_work_runs_in_one_process_and_the_survivor_takes_it_over(
        cluster):
    a, b, _redis = cluster
    once_per_cluster = {"notices", "printing", "desk_watch", "housekeeping"}
    here = lambda process: set(process.healthz()["workers"])  # noqa: E731
    leaders = [process for process in (a, b) if "desk_watch" in here(process)]
    assert len(leaders) == 1
    leader, survivor = (a, b) if leaders == [a] else (b, a)
    assert here(leader) >= once_per_cluster
    assert not here(survivor) & once_per_cluster
    assert {"relay", "heartbeat"} <= here(survivor)     # its own work runs in every process

    leader.process.kill()                               # its session ends, the lock frees
    leader.process.wait()
    until(lambda: here(survivor) >= once_per_cluster, timeout=30)
