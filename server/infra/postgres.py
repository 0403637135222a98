"""The PostgreSQL store: the API of `Store` (store.py) on psycopg 3, for installations that
outgrow one SQLite file (docs/scale.md, "Two stores").

Domain code writes the same SQL for both stores: `?` parameters (translated here, in one
place), portable statements, and the store's dialect hooks where the two differ
(`index_hint`, `data_version`, `in_transaction`). The schema is the SQLite migrations,
translated (postgres_schema.py).

One connection per thread, in autocommit mode, as the SQLite store keeps one. A write
transaction takes one transaction-level advisory lock first: the writers of every process
on the database take turns, as SQLite's `BEGIN IMMEDIATE` makes them. That keeps
numbering and call-next atomic and gap-free (the number is `UPDATE ... RETURNING` on the
day's counter row, the ticket and its event in the same transaction), keeps every other
read-then-write of the domain as safe as it is on SQLite, and commits events in seq order,
so that a reader of the event log never sees seq N+1 before N.
"""

from __future__ import annotations

import contextlib
import re
import threading
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import psycopg
from psycopg import errors
from psycopg.adapt import Dumper, Loader
from psycopg.pq import Format

from .postgres_schema import ensure_schema, tables_with_id
from .storage_faults import StorageFaults
from .store import ConstraintError, Store, Transaction

# The key of the advisory lock every write transaction holds (any constant: "순번").
WRITE_LOCK_KEY = 0x5375_6E62

# The keys of the session-level advisory locks that `PostgresStore.lease` takes, by name
# (none may be another lock's: postgres_schema.SCHEMA_LOCK_KEY is 0x5375_6E63).
LEASE_KEYS = {"relay": 0x5375_6E64, "cluster": 0x5375_6E65}

# PostgreSQL's SQLSTATE of each constraint kind (store.CONSTRAINT_KINDS).
_CONSTRAINT_KINDS = {"23505": "unique", "23503": "foreign_key", "23514": "check",
                     "23502": "not_null"}


# What a statement is made of, for translate(): quoted strings and names (left as they
# are), PostgreSQL's `::` casts, named and positional parameters, `%`, and the rest.
_TOKENS = re.compile(r"""'[^']*'|"[^"]*"|::|:[A-Za-z_]\w*|\?|%|[^'"?:%]+|.""", re.S)


@lru_cache(maxsize=4096)
def translate(sql: str) -> str:
    """SQLite's parameters (`?` and `:name`) as psycopg's (`%s` and `%(name)s`), and
    every literal `%` doubled so that psycopg does not read it as one; quoted strings and
    names are left alone."""
    out = []
    for token in _TOKENS.findall(sql):
        if token == "?":
            out.append("%s")
        elif token.startswith(":") and token != "::" and len(token) > 1:
            out.append(f"%({token[1:]})s")
        else:
            out.append(token.replace("%", "%%"))
    return "".join(out)


class Row:
    """A result row like sqlite3.Row: by position, by column name, and `dict(row)`."""

    __slots__ = ("_values", "_index")

    def __init__(self, values: tuple, index: dict[str, int]):
        self._values = values
        self._index = index

    def __getitem__(self, key):
        if isinstance(key, str):
            return self._values[self._index[key]]
        return self._values[key]

    def __iter__(self):
        return iter(self._values)

    def __len__(self):
        return len(self._values)

    def keys(self) -> list[str]:
        return list(self._index)

    def __repr__(self):
        return f"Row({dict(zip(self._index, self._values))!r})"


def _row_factory(cursor):
    index = {column.name: i for i, column in enumerate(cursor.description or ())}
    return lambda values: Row(values, index)


class _IntegerBool(Dumper):
    """Python booleans as 0 and 1: flags are INTEGER columns in the one schema."""
    oid = psycopg.postgres.types["int8"].oid

    def dump(self, obj):
        return b"1" if obj else b"0"


class _Number(Loader):
    """numeric (what sum() and avg() of integers give) as int when whole, else float, as
    SQLite gives them: never a Decimal, which JSON and float arithmetic refuse."""
    format = Format.TEXT

    def load(self, data):
        value = Decimal(bytes(data).decode())
        return int(value) if value == value.to_integral_value() else float(value)


def connect(url: str) -> psycopg.Connection:
    conn = psycopg.connect(url, autocommit=True, row_factory=_row_factory)
    conn.adapters.register_dumper(bool, _IntegerBool)
    conn.adapters.register_loader("numeric", _Number)
    return conn


class PgDatabase:
    """One thread's connection, answering `execute` as sqlite-utils' Database does."""

    def __init__(self, url: str):
        self.conn = connect(url)
        self.writes = 0  # statements other than SELECT made on it (data_version)

    def execute(self, sql: str, params=()) -> psycopg.Cursor:
        if not sql.lstrip()[:6].upper() == "SELECT":
            self.writes += 1
        try:
            return self.conn.execute(translate(sql), params)
        except errors.IntegrityError as error:
            raise ConstraintError(str(error), _CONSTRAINT_KINDS.get(error.sqlstate)) from error

    def close(self) -> None:
        self.conn.close()


class PostgresStore(Store):
    """The database of one installation on PostgreSQL, shared by all threads of a process.

    `home` is the folder of the files kept beside the database (media/, the signing key,
    print previews), as the SQLite file's folder is for that store."""

    dialect = "postgresql"
    errors = psycopg.Error

    def __init__(self, url: str, *, home: str | Path = "var"):
        self.url = url
        self.path = str(Path(home) / "postgresql")  # media_root() and friends: its folder
        self.faults = StorageFaults()
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._subscribers = []
        ensure_schema(self)

    @property
    def db(self) -> PgDatabase:
        db = getattr(self._local, "db", None)
        if db is None or db.conn.closed:
            db = self._local.db = PgDatabase(self.url)
        return db

    # ---- the dialect hooks (see Store) ------------------------------------------------------

    @staticmethod
    def index_hint(index: str) -> str:
        return ""  # the planner chooses; the call-order indexes exist all the same

    def data_version(self) -> tuple:
        """Changes when any writing transaction begins or ends (the snapshot lists them)
        and when this connection writes."""
        db = self.db
        snapshot = db.conn.execute("SELECT pg_current_snapshot()::text").fetchone()[0]
        return (id(db), snapshot, db.writes)

    @property
    def in_transaction(self) -> bool:
        return self.db.conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    # ---- transactions -----------------------------------------------------------------------

    @contextlib.contextmanager
    def read(self) -> Iterator["PostgresStore"]:
        conn = self.db.conn
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            yield self
        finally:
            conn.execute("ROLLBACK")

    def _begin(self, db: PgDatabase) -> None:
        db.conn.execute("BEGIN")
        db.conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))

    def _commit(self, db: PgDatabase) -> None:
        db.conn.execute("COMMIT")

    def _rollback(self, db: PgDatabase) -> None:
        with contextlib.suppress(psycopg.Error):
            db.conn.execute("ROLLBACK")

    def _changes(self, db: PgDatabase) -> int:
        return db.writes

    def _transaction(self, db: PgDatabase) -> Transaction:
        return PgTransaction(db, self)

    def lease(self, name: str) -> "AdvisoryLease":
        """A lock that one process at a time holds (see Store.lease): a session-level
        advisory lock on a connection of its own, released when that session ends, so a
        process that dies or loses the database gives it up."""
        return AdvisoryLease(self.url, LEASE_KEYS[name])


class AdvisoryLease:
    def __init__(self, url: str, key: int):
        self.url = url
        self.key = key
        self._conn: psycopg.Connection | None = None

    def acquire(self) -> bool:
        """Take the lease if nobody holds it; whether this process holds it now (False
        too when the database cannot be reached, or the session holding it was lost)."""
        try:
            if self._conn is not None:
                self._conn.execute("SELECT 1")  # still our session, so still our lock
                return True
            conn = psycopg.connect(self.url, autocommit=True, connect_timeout=5)
            if conn.execute("SELECT pg_try_advisory_lock(%s)", (self.key,)).fetchone()[0]:
                self._conn = conn
                return True
            conn.close()
        except psycopg.Error:
            self.release()
        return False

    def release(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(psycopg.Error):
                conn.close()  # the session ends: PostgreSQL releases its lock


class PgTransaction(Transaction):
    def insert(self, table: str, row: dict) -> int | None:
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        # sqlite3's lastrowid: the new id where rows have one (None elsewhere: no caller
        # reads a rowid of a table keyed otherwise)
        returning = " RETURNING id" if table in tables_with_id() else ""
        cursor = self.db.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({marks}){returning}", tuple(row.values()))
        return cursor.fetchone()[0] if returning else None



def copy_from_sqlite(source: Store, target: PostgresStore) -> dict[str, int]:
    """Every row of an SQLite store into an empty PostgreSQL store of the same schema
    steps, ids kept (identity sequences moved past them); the rows copied per table."""
    from .postgres_schema import sqlite_schema
    copied = {}
    conn = target.db.conn
    with conn.transaction():
        for kind, table, _, _ in sqlite_schema():
            if kind != "table":
                continue
            columns = [row[1] for row in source.rows(f"PRAGMA table_info({table})")]
            names = ", ".join(columns)
            if table == "waiting_counts":  # the triggers counted the tickets copied: as given
                conn.execute("DELETE FROM waiting_counts")
            with conn.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                count = 0
                for row in source.db.execute(f"SELECT {names} FROM {table}"):
                    copy.write_row(tuple(row))
                    count += 1
            copied[table] = count
            if table in tables_with_id():
                conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                             f"greatest(max(id), 1), max(id) IS NOT NULL) FROM {table}")
        conn.execute("SELECT setval(pg_get_serial_sequence('events', 'seq'), "
                     "greatest(max(seq), 1), max(seq) IS NOT NULL) FROM events")
    return copied
