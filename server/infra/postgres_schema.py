"""The PostgreSQL schema, made from the one schema: the SQLite migrations (migrations.py)
are applied to an empty in-memory database and what they built is translated, table by
table and index by index. Nothing is written twice, so the two cannot drift; the triggers
(SQLite's trigger bodies are not PostgreSQL's) are the one part written again here, and
tests/test_postgres_store.py fails when a trigger exists on one side only.

An empty PostgreSQL database gets the whole schema at once, recorded as every step
applied. A database made by an older release is stepped forward: each missing step runs
the statements SQLite runs for it (traced on an in-memory database at the step before),
translated as the whole schema is, in a transaction of its own that records it. A step
whose data statements SQLite alone understands (json_object, json_extract) names its
PostgreSQL wording in STEP_REWRITES; tests/test_postgres_store.py steps an empty database
through every step and compares it with SQLite's, so a new step that does not translate
fails there first.
"""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache
from typing import TYPE_CHECKING

from sqlite_utils import Database

from .migrations import NOTICE_KIND_CHECK, TICKET_STATUS_CHECK, migrations

if TYPE_CHECKING:
    from .postgres import PostgresStore

MIGRATIONS_TABLE = "_sunbeon_migrations"
SCHEMA_LOCK_KEY = 0x5375_6E63  # held while one process creates the schema

# The PL/pgSQL equivalents of SQLite's triggers, by the SQLite trigger's name.
TRIGGER_FUNCTIONS = """
CREATE OR REPLACE FUNCTION waiting_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO waiting_counts VALUES (NEW.service_id, NEW.day, NEW.priority, 1)
        ON CONFLICT (service_id, day, priority) DO UPDATE SET waiting = waiting_counts.waiting + 1;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION waiting_counts_remove() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE waiting_counts SET waiting = waiting - 1 WHERE service_id = OLD.service_id
        AND day = OLD.day AND priority = OLD.priority;
    RETURN NULL;
END $$;
"""
TRIGGERS = {
    "waiting_counts_insert": "AFTER INSERT ON tickets FOR EACH ROW "
                             "WHEN (NEW.status = 'waiting') EXECUTE FUNCTION waiting_counts_add()",
    "waiting_counts_leave": "AFTER UPDATE OF status, service_id, day, priority ON tickets "
                            "FOR EACH ROW WHEN (OLD.status = 'waiting') "
                            "EXECUTE FUNCTION waiting_counts_remove()",
    "waiting_counts_enter": "AFTER UPDATE OF status, service_id, day, priority ON tickets "
                            "FOR EACH ROW WHEN (NEW.status = 'waiting') "
                            "EXECUTE FUNCTION waiting_counts_add()",
    "waiting_counts_delete": "AFTER DELETE ON tickets FOR EACH ROW "
                             "WHEN (OLD.status = 'waiting') EXECUTE FUNCTION waiting_counts_remove()",
}


# The PostgreSQL wording of the statements of a step that only SQLite understands, by
# step: (pattern, replacement) applied to each of the step's statements.
STEP_REWRITES = {
    "m010_first_call": [(r"json_extract\(e\.data, '\$\.ticket\.id'\)",
                         "(e.data::json #>> '{ticket,id}')::bigint")],
    # SQLite's json_object writes no spaces: the same text, byte for byte
    "m019_translated_places_and_duties": [(r"json_object\('ko', (\w+)\)",
                                           r"""'{"ko":' || to_json(\1)::text || '}'""")],
    # SQLite's in-place rewrite of the tickets' status CHECK is PostgreSQL's ALTER TABLE
    "m028_remote_tickets": [(r"(?s)^UPDATE sqlite_master .*$",
                             "ALTER TABLE tickets DROP CONSTRAINT tickets_status_check, "
                             "ADD CONSTRAINT tickets_status_check CHECK (status IN ("
                             + TICKET_STATUS_CHECK + "))")],
    # The same for the notices' kind CHECK, found by what it checks: its name depends on
    # how the table came to be (made whole, or made under another name and renamed).
    "m029_remote_notices": [(r"(?s)^UPDATE sqlite_master .*$",
                             "DO $$ DECLARE old text; BEGIN "
                             "SELECT conname INTO old FROM pg_constraint "
                             "WHERE conrelid = 'notice_messages'::regclass AND contype = 'c' "
                             "AND pg_get_constraintdef(oid) LIKE 'CHECK ((kind %'; "
                             "EXECUTE format('ALTER TABLE notice_messages DROP CONSTRAINT %I, "
                             "ADD CONSTRAINT notice_messages_kind_check CHECK (kind IN ("
                             + NOTICE_KIND_CHECK.replace("'", "''") + "))', old); END $$")],
}


def step_names() -> list[str]:
    return [step.name for step in migrations._migrations]


def migrated_sqlite(stop_before: str | None) -> Database:
    db = Database(sqlite3.connect(":memory:"))
    migrations.apply(db, stop_before=stop_before)
    return db


@lru_cache(maxsize=None)
def sqlite_schema(stop_before: str | None = None) -> tuple[tuple[str, str, str, str | None], ...]:
    """(type, name, table, sql) of everything the migrations build (up to the step
    `stop_before`, when given), in the order built."""
    db = migrated_sqlite(stop_before)
    rows = db.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
        "AND tbl_name != ? ORDER BY rowid", (migrations.migrations_table,)).fetchall()
    db.close()
    return tuple(rows)


@lru_cache(maxsize=1)
def tables_with_id() -> frozenset[str]:
    """Tables whose rows are numbered by an `id` column (an insert returns it)."""
    return frozenset(name for kind, name, _, sql in sqlite_schema()
                     if kind == "table" and re.search(r"\bid INTEGER PRIMARY KEY\b", sql))


def _without_comments(sql: str) -> str:
    return re.sub(r"--[^\n]*", "", sql)


def translate_table(sql: str) -> str:
    """An SQLite CREATE TABLE as PostgreSQL's: rowid keys become identity columns (BY
    DEFAULT, so that a copied installation keeps its ids), INTEGER is 64-bit as in SQLite,
    REAL is double precision."""
    sql = _without_comments(sql)
    sql = re.sub(r"\bINTEGER PRIMARY KEY( AUTOINCREMENT)?\b",
                 "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", sql)
    sql = re.sub(r"\bINTEGER\b", "BIGINT", sql)
    sql = re.sub(r"\bREAL\b", "DOUBLE PRECISION", sql)
    return re.sub(r"\)\s*WITHOUT ROWID\s*$", ")", sql.strip())


def _trigger(name: str) -> str:
    if name not in TRIGGERS:
        raise RuntimeError(f"the SQLite trigger {name} has no PostgreSQL equivalent "
                           "in postgres_schema.TRIGGERS")
    return f"CREATE TRIGGER {name} {TRIGGERS[name]}"


@lru_cache(maxsize=None)
def postgres_ddl(stop_before: str | None = None) -> tuple[str, ...]:
    """Every statement that builds the schema on an empty PostgreSQL database (as it was
    before the step `stop_before`, when given)."""
    statements, triggers = [], []
    for kind, name, _, sql in sqlite_schema(stop_before):
        if kind == "table":
            statements.append(translate_table(sql))
        elif kind == "index" and sql:  # sql is NULL for a constraint's own index
            statements.append(_without_comments(sql).strip())
        elif kind == "trigger":
            triggers.append(_trigger(name))
        else:
            raise RuntimeError(f"no PostgreSQL translation for the SQLite {kind} {name}")
    return (*statements, TRIGGER_FUNCTIONS, *triggers)


@lru_cache(maxsize=None)
def traced_statements(name: str) -> tuple[str, ...]:
    """The statements SQLite runs for the step `name`, on a database at the step before
    (its tables are empty there, so no trigger fires)."""
    db = migrated_sqlite(name)
    step = next(step for step in migrations._migrations if step.name == name)
    ran: list[str] = []
    db.conn.set_trace_callback(ran.append)
    try:
        step.fn(db)
    finally:
        db.conn.set_trace_callback(None)
        db.close()
    return tuple(ran)


def step_statements(name: str) -> list[str]:
    """The statements the step `name` runs on PostgreSQL: SQLite's, translated."""
    statements = []
    for sql in traced_statements(name):
        sql = _without_comments(sql).strip().rstrip(";").strip()
        words = sql.split(None, 3)
        if not words or words[0].upper() in ("SELECT", "PRAGMA", "BEGIN", "COMMIT", "ROLLBACK",
                                             "SAVEPOINT", "RELEASE"):
            continue  # transaction control and reads (sqlite-utils' own)
        head = " ".join(words[:2]).upper()
        if head == "CREATE TABLE":
            sql = translate_table(sql)
        elif head == "CREATE TRIGGER":
            if TRIGGER_FUNCTIONS not in statements:
                statements.append(TRIGGER_FUNCTIONS)
            sql = _trigger(words[2])
        elif head == "ALTER TABLE":
            sql = re.sub(r"\bREAL\b", "DOUBLE PRECISION", re.sub(r"\bINTEGER\b", "BIGINT", sql))
        for pattern, replacement in STEP_REWRITES.get(name, ()):
            sql = re.sub(pattern, replacement, sql)
        statements.append(sql)
    return statements


def _record(conn, names) -> None:
    for name in names:
        conn.execute(f"INSERT INTO {MIGRATIONS_TABLE} (name) VALUES (%s)", (name,))


def move_identities_past_ids(execute) -> None:
    """Identity sequences past the largest key, with `execute(sql)` of a transaction:
    rows written with their ids (a step that rebuilt a table, a copied installation) do
    not move them."""
    for table, key in integer_keys().items():
        if execute(f"SELECT to_regclass('{table}')").fetchone()[0] is None:
            continue  # made by a later step
        execute(f"SELECT setval(pg_get_serial_sequence('{table}', '{key}'), "
                f"greatest(max({key}), 1), max({key}) IS NOT NULL) FROM {table}")


@lru_cache(maxsize=1)
def integer_keys() -> dict[str, str]:
    """The tables whose rows are numbered by an integer key (an identity on PostgreSQL),
    and that key's column: `id`, or the events' `seq`."""
    keys = {}
    for kind, name, _, sql in sqlite_schema():
        found = re.search(r"\b(\w+) INTEGER PRIMARY KEY\b", sql or "") if kind == "table" else None
        if found:
            keys[name] = found.group(1)
    return keys


def ensure_schema(store: "PostgresStore", *, stop_before: str | None = None) -> None:
    """Build the schema in an empty database, or step an older one forward: every
    missing step in a transaction of its own, recorded with it. `stop_before` (for the
    tests) builds the schema as it was before that step."""
    with store.db.held() as conn:  # one connection of the pool for every step
        _ensure_schema(conn, stop_before)


def _ensure_schema(conn, stop_before: str | None) -> None:
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK_KEY,))
        if conn.execute("SELECT to_regclass(%s)", (MIGRATIONS_TABLE,)).fetchone()[0] is None:
            for statement in postgres_ddl(stop_before):
                conn.execute(statement)
            conn.execute(f"CREATE TABLE {MIGRATIONS_TABLE} (name TEXT PRIMARY KEY, "
                         "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
            names = step_names()
            _record(conn, names[:names.index(stop_before)] if stop_before else names)
            return
    for name in step_names():
        if name == stop_before:
            return
        with conn.transaction():
            # One process steps the database; the others find the step recorded.
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK_KEY,))
            if conn.execute(f"SELECT 1 FROM {MIGRATIONS_TABLE} WHERE name = %s",
                            (name,)).fetchone():
                continue
            for statement in step_statements(name):
                try:
                    conn.execute(statement)
                except Exception as error:
                    raise RuntimeError(
                        f"the schema step {name} failed on PostgreSQL at {statement[:200]!r}: "
                        f"{error} (give its PostgreSQL wording in postgres_schema.STEP_REWRITES)"
                    ) from error
            move_identities_past_ids(conn.execute)
            _record(conn, [name])
