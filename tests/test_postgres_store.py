"""The PostgreSQL store (server/infra/postgres.py): its SQL translation, its schema against
SQLite's, numbering and call-next under several processes' writers, and constraint
failures that become the same refusals as on SQLite."""

from __future__ import annotations

import json
import threading

import psycopg
import pytest

from server.infra.postgres import PostgresStore, translate
from server.infra.postgres_schema import TRIGGERS, ensure_schema, sqlite_schema, step_names
from server.infra.database import open_store
from server.infra.store import INTEGRITY_ERRORS, constraint_kind
from server.queue import QueueEngine
from tests.conftest import STORES


@pytest.fixture(params=STORES)
def store_kind(request) -> str:
    return request.param


def test_parameters_become_psycopgs_and_literals_stay_as_they_are():
    assert translate("SELECT * FROM t WHERE a = ? AND b = :name AND c::text = '?%'") == \
        "SELECT * FROM t WHERE a = %s AND b = %(name)s AND c::text = '?%%'"
    assert translate("SELECT 'it''s ?', \"odd?\" FROM t WHERE x LIKE ? || '%'") == \
        "SELECT 'it''s ?', \"odd?\" FROM t WHERE x LIKE %s || '%%'"


def _sqlite_catalog(store) -> dict:
    catalog = {}
    for kind, name, table, _ in sqlite_schema():
        if kind != "table":
            continue
        columns = {row["name"]: (_family(row["type"]), bool(row["notnull"] or row["pk"]))
                   for row in store.query(f"PRAGMA table_info({name})")}
        indexes = {row["name"]: (bool(row["unique"]), tuple(
            c["name"] for c in store.query(f"PRAGMA index_info({row['name']})")))
            for row in store.query(f"PRAGMA index_list({name})") if row["origin"] == "c"}
        unique = {tuple(c["name"] for c in store.query(f"PRAGMA index_info({row['name']})"))
                  for row in store.query(f"PRAGMA index_list({name})") if row["origin"] == "u"}
        foreign = {(row["from"], row["table"], row["on_delete"])
                   for row in store.query(f"PRAGMA foreign_key_list({name})")}
        checks = sum(1 for _ in _checks(store.one(
            "SELECT sql FROM sqlite_master WHERE name = ?", (name,))["sql"]))
        catalog[name] = {"columns": columns, "indexes": indexes, "unique": unique,
                         "foreign": foreign, "checks": checks}
    return catalog


def _checks(sql: str):
    import re
    return re.finditer(r"\bCHECK\s*\(", sql)


def _family(declared: str) -> str:
    declared = declared.lower()
    if "int" in declared:
        return "integer"
    if declared in ("real", "double precision"):
        return "real"
    return "text"


def _postgres_catalog(store) -> dict:
    catalog = {}
    tables = [r["table_name"] for r in store.query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
        "AND table_name != '_sunbeon_migrations'")]
    for name in tables:
        columns = {r["column_name"]: (_family(r["data_type"]), r["is_nullable"] == "NO")
                   for r in store.query(
                       "SELECT column_name, data_type, is_nullable FROM "
                       "information_schema.columns WHERE table_name = ?", (name,))}
        indexes = {r["name"]: (r["unique"], tuple(r["columns"])) for r in store.query(
            "SELECT i.relname AS name, x.indisunique AS unique, array_agg(a.attname ORDER BY "
            "k.n) AS columns FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "JOIN pg_class t ON t.oid = x.indrelid CROSS JOIN LATERAL unnest(x.indkey) "
            "WITH ORDINALITY AS k(attnum, n) JOIN pg_attribute a ON a.attrelid = t.oid "
            "AND a.attnum = k.attnum WHERE t.relname = ? AND NOT EXISTS (SELECT 1 FROM "
            "pg_constraint c WHERE c.conindid = x.indexrelid) GROUP BY i.relname, "
            "x.indisunique", (name,))}
        foreign = {(r["column"], r["table"], r["on_delete"]) for r in store.query(
            "SELECT a.attname AS column, f.relname AS table, CASE c.confdeltype "
            "WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' ELSE 'NO ACTION' END AS on_delete "
            "FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid "
            "JOIN pg_class f ON f.oid = c.confrelid JOIN pg_attribute a ON a.attrelid = t.oid "
            "AND a.attnum = c.conkey[1] WHERE c.contype = 'f' AND t.relname = ?", (name,))}
        unique = {tuple(r["columns"]) for r in store.query(
            "SELECT array_agg(a.attname ORDER BY k.n) AS columns FROM pg_constraint c "
            "JOIN pg_class t ON t.oid = c.conrelid CROSS JOIN LATERAL unnest(c.conkey) "
            "WITH ORDINALITY AS k(attnum, n) JOIN pg_attribute a ON a.attrelid = t.oid "
            "AND a.attnum = k.attnum WHERE c.contype = 'u' AND t.relname = ? "
            "GROUP BY c.oid", (name,))}
        checks = store.one("SELECT count(*) AS n FROM pg_constraint c JOIN pg_class t "
                           "ON t.oid = c.conrelid WHERE c.contype = 'c' AND t.relname = ?",
                           (name,))["n"]
        catalog[name] = {"columns": columns, "indexes": indexes, "unique": unique,
                         "foreign": foreign, "checks": checks}
    return catalog


def test_the_two_schemas_have_the_same_tables_columns_indexes_and_constraints(
        postgres, tmp_path):
    sqlite = open_store(tmp_path / "empty.db")
    pg = PostgresStore(postgres.create_database(), home=tmp_path)
    assert _postgres_catalog(pg) == _sqlite_catalog(sqlite)
    triggers = {r["tgname"] for r in pg.query(
        "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")}
    assert triggers == {name for kind, name, _, _ in sqlite_schema() if kind == "trigger"} \
        == set(TRIGGERS)


def _postgres_before(url: str, step: str) -> None:
    """A PostgreSQL database as an older release left it: the schema before `step`."""
    from types import SimpleNamespace
    from server.infra.postgres import PgDatabase
    db = PgDatabase(url)
    ensure_schema(SimpleNamespace(db=db), stop_before=step)
    db.close()


def test_an_empty_database_stepped_through_every_step_has_sqlite_s_schema(postgres, tmp_path):
    """Every step, the ones to come too, translates: stepped one at a time from nothing,
    PostgreSQL's catalog is SQLite's."""
    url = postgres.create_database()
    _postgres_before(url, step_names()[0])
    pg = PostgresStore(url, home=tmp_path)
    assert _postgres_catalog(pg) == _sqlite_catalog(open_store(tmp_path / "empty.db"))
    assert {r["tgname"] for r in pg.query(
        "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")} == set(TRIGGERS)
    assert [r["name"] for r in pg.query(
        "SELECT name FROM _sunbeon_migrations ORDER BY name")] == sorted(step_names())
    pg.close_thread_connection()


def test_a_database_of_an_older_release_is_stepped_forward_with_its_data(postgres, tmp_path):
    url = postgres.create_database()
    _postgres_before(url, "m019_translated_places_and_duties")
    with psycopg_connection(url) as conn:
        assert conn.execute("SELECT count(*) FROM _sunbeon_migrations").fetchone()[0] == \
            step_names().index("m019_translated_places_and_duties")
        conn.execute("INSERT INTO sites (id, code, names, hours) VALUES (7, 'hall', "
                     "'{\"ko\": \"시청\"}', '{}')")
        conn.execute("INSERT INTO departments (id, site_id, names, floor, room) VALUES "
                     "(3, 7, '{}', 1, '민원실 \"가\"'), (4, 7, '{}', 2, '')")
    pg = PostgresStore(url, home=tmp_path)
    assert pg.query("SELECT id, room, rooms FROM departments ORDER BY id") == [
        {"id": 3, "room": '민원실 "가"', "rooms": '{"ko":"민원실 \\"가\\""}'},
        {"id": 4, "room": "", "rooms": "{}"}]
    assert json.loads(pg.one("SELECT rooms FROM departments WHERE id = 3")["rooms"]) == \
        {"ko": '민원실 "가"'}
    assert pg.one("SELECT names FROM sites WHERE id = 7")["names"] == '{"ko": "시청"}'
    assert pg.one("SELECT count(*) AS n FROM _sunbeon_migrations")["n"] == len(step_names())
    with pg.write() as tx:  # the identities still number past the rows kept
        assert tx.insert("departments", {"site_id": 7, "names": "{}", "floor": 3}) == 5
    pg.close_thread_connection()


def test_a_step_that_does_not_translate_is_named_and_changes_nothing(
        postgres, tmp_path, monkeypatch):
    from server.infra import postgres_schema
    url = postgres.create_database()
    _postgres_before(url, "m019_translated_places_and_duties")
    monkeypatch.setitem(postgres_schema.STEP_REWRITES, "m019_translated_places_and_duties", [])
    with pytest.raises(RuntimeError, match="m019_translated_places_and_duties.*json_object"):
        PostgresStore(url, home=tmp_path)
    with psycopg_connection(url) as conn:
        assert conn.execute("SELECT count(*) FROM information_schema.columns WHERE "
                            "table_name = 'departments' AND column_name = 'rooms'").fetchone()[0] == 0


def psycopg_connection(url):
    import psycopg
    return psycopg.connect(url, autocommit=True)


def test_a_broken_constraint_names_its_kind_on_both_stores(store):
    with pytest.raises(INTEGRITY_ERRORS) as unique:
        with store.write() as tx:
            tx.insert("devices", {"site_id": 1, "name": "kiosk-1f", "kind": "kiosk"})
    with pytest.raises(INTEGRITY_ERRORS) as foreign:
        with store.write() as tx:
            tx.insert("devices", {"site_id": 999, "name": "nowhere", "kind": "kiosk"})
    with pytest.raises(INTEGRITY_ERRORS) as check:
        with store.write() as tx:
            tx.insert("devices", {"site_id": 1, "name": "toaster", "kind": "toaster"})
    assert [constraint_kind(e.value) for e in (unique, foreign, check)] == \
        ["unique", "foreign_key", "check"]
    assert store.one("SELECT count(*) AS n FROM devices WHERE name IN ('nowhere', 'toaster')")["n"] == 0


def test_insert_returns_the_new_id_and_events_number_on(store):
    before = store.last_seq()
    with store.write() as tx:
        device_id = tx.insert("devices", {"site_id": 1, "name": "new-board", "kind": "board"})
        event = tx.append_event("config.changed", 1.0, 1, ["site:1"], {"what": "device"})
    assert store.one("SELECT name FROM devices WHERE id = ?", (device_id,))["name"] == "new-board"
    assert event["seq"] == before + 1 == store.last_seq()


def test_several_processes_number_and_call_without_gaps_or_doubles(
        store_kind, database, db_path, clock, service_ids):
    """Four stores on one database (as four server processes would be), issuing and
    calling at once: every number once, none skipped, no ticket called twice."""
    stores = [open_store(database, home=db_path.parent) for _ in range(4)]
    engines = [QueueEngine(s, clock) for s in stores]
    resident = service_ids["주민등록 등·초본"]
    issued, called, failures = [], [], []

    def issue(engine):
        try:
            for _ in range(15):
                issued.append(engine.issue(resident)[0]["display_number"])
        except Exception as error:  # noqa: BLE001 (reported below)
            failures.append(error)
        finally:
            engine.store.close_thread_connection()

    threads = [threading.Thread(target=issue, args=(e,)) for e in engines]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures
    assert sorted(issued) == [f"A-{n:03}" for n in range(1, 61)]

    def call(engine, counter_id):
        try:
            for _ in range(20):
                ticket = engine.call_next(counter_id)
                if ticket is None:
                    return
                called.append(ticket["id"])
                engine.finish(ticket["id"])
        except Exception as error:  # noqa: BLE001
            failures.append(error)
        finally:
            engine.store.close_thread_connection()

    # Every open counter that serves 주민등록 등·초본, each from its own process.
    counters = [r["id"] for r in stores[0].query(
        "SELECT c.id FROM counters c JOIN counter_services cs ON cs.counter_id = c.id "
        "WHERE cs.service_id = ? AND c.staff_id IS NOT NULL ORDER BY c.id", (resident,))]
    assert len(counters) >= 2
    threads = [threading.Thread(target=call, args=(engines[i % 4], c))
               for i, c in enumerate(counters)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures
    assert len(called) == len(set(called)) > 0
    events = stores[0].query("SELECT seq, type, data FROM events WHERE type = 'ticket.called'")
    assert len(events) == len(called)
    assert {json.loads(e["data"])["ticket"]["id"] for e in events} == set(called)
    for s in stores:
        s.close_thread_connection()


def test_one_setting_names_the_store(postgres, tmp_path):
    assert open_store(f"sqlite:///{tmp_path}/a.db").path == f"{tmp_path}/a.db"
    assert open_store(tmp_path / "b.db").dialect == "sqlite"  # the old --db PATH
    pg = open_store(postgres.create_database(), home=tmp_path)
    assert (pg.dialect, pg.path) == ("postgresql", str(tmp_path / "postgresql"))


def test_the_commands_take_the_database_url(store_kind, database, app):
    """`sunbeon token create --db URL` makes a token the app on that store accepts."""
    from server.cli import main
    import contextlib
    import io
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["token", "create", "--db", database, "--device", "kiosk-1f"]) == 0
    token = out.getvalue().strip()
    answer = app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200


# What one issue at a kiosk with a printer, and one call-next and finish at a counter, may
# cost in statements sent to PostgreSQL (each a round trip, most under the cluster's
# write lock): measured 37 and 69 (docs/benchmarks.md, "Several processes").
ISSUE_STATEMENTS = 40
CALL_AND_FINISH_STATEMENTS = 75


@pytest.fixture
def statements(monkeypatch) -> list[str]:
    """Every statement any connection sends to PostgreSQL, BEGIN and COMMIT too."""
    import psycopg
    sent: list[str] = []
    execute = psycopg.Connection.execute

    def counted(self, query, params=None, **options):
        sent.append(str(query))
        return execute(self, query, params, **options)
    monkeypatch.setattr(psycopg.Connection, "execute", counted)
    return sent


@pytest.mark.parametrize("store_kind", ["postgresql"])
def test_an_issue_and_a_call_take_few_statements_on_postgresql(kiosk, signed_in, service_ids,
                                                               statements):
    staff = signed_in("staff1")
    seal = service_ids["인감증명"]
    assert kiosk.post("/api/v1/tickets", json={"service_id": seal}).status_code == 201
    statements.clear()
    assert kiosk.post("/api/v1/tickets", json={"service_id": seal}).status_code == 201
    assert len(statements) <= ISSUE_STATEMENTS, "\n".join(statements)
    statements.clear()
    called = staff.post("/api/v1/counters/1/call-next").json["ticket"]
    assert staff.post(f"/api/v1/tickets/{called['id']}/finish", json={}).status_code == 200
    assert len(statements) <= CALL_AND_FINISH_STATEMENTS, "\n".join(statements)


def _connections(postgres, url: str) -> int:
    with psycopg.connect(postgres.url("postgres")) as conn:
        return conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s",
                            (url.rsplit("/", 1)[1],)).fetchone()[0]


def test_threads_share_a_bounded_pool_and_hold_no_connection_between_statements(
        postgres, tmp_path):
    """A thread (a screen's socket) holds a connection for one statement or transaction,
    not for its life; however many threads, a process opens at most its pool's size."""
    url = postgres.create_database()
    store = PostgresStore(url, home=tmp_path, pool_size=3)
    start = threading.Barrier(12)
    failures = []

    def screen(n: int) -> None:
        try:
            start.wait()
            for _ in range(5):
                store.setting("demo_tokens")
                store.set_setting(f"screen_{n}", "seen")
            assert store.db._conn is None  # given back after each
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)
    threads = [threading.Thread(target=screen, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures
    assert len(store.query("SELECT key FROM app_settings WHERE key LIKE 'screen_%'")) == 12
    assert _connections(postgres, url) <= 3
    store.close_thread_connection()
    assert _connections(postgres, url) == 0


def test_a_transaction_sees_its_own_writes_and_others_see_them_after_commit(
        postgres, tmp_path):
    store = PostgresStore(postgres.create_database(), home=tmp_path, pool_size=2)
    seen_meanwhile = []
    with store.write() as tx:
        tx.execute("INSERT INTO app_settings (key, value) VALUES ('k', 'mine')")
        assert store.setting("k") == "mine"   # through the store: the same connection
        other = threading.Thread(target=lambda: seen_meanwhile.append(store.setting("k")))
        other.start()
        other.join()
    assert seen_meanwhile == [None]
    assert store.setting("k") == "mine"
    store.close_thread_connection()
