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
from .storage_faults import UNREACHABLE, StorageFaults
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


# PostgreSQL's SQLSTATEs that are storage faults (storage_faults.py), as SQLite's codes
# are: the server shutting down, crashed or starting up, a full disk, a read-only server
# (a standby). Connection exceptions (class 08) and a connection lost or refused (no
# SQLSTATE: the server never answered) are "unreachable" too.
_FAULT_REASONS = {"57P01": UNREACHABLE, "57P02": UNREACHABLE, "57P03": UNREACHABLE,
                  "53100": "disk_full", "25006": "read_only"}
CONNECT_TIMEOUT_SECONDS = 5


def fault_reason(error: BaseException) -> str | None:
    """The storage fault behind a psycopg error, or None for any other error (a
    constraint, a mistake in a statement: those stay 4xx or 500)."""
    if not isinstance(error, psycopg.Error):
        return None
    state = error.sqlstate
    if state is None or state.startswith("08"):
        return UNREACHABLE if isinstance(error, psycopg.OperationalError) else None
    return _FAULT_REASONS.get(state)


def connect(url: str) -> psycopg.Connection:
    conn = psycopg.connect(url, autocommit=True, row_factory=_row_factory,
                           connect_timeout=CONNECT_TIMEOUT_SECONDS)
    conn.adapters.register_dumper(bool, _IntegerBool)
    conn.adapters.register_loader("numeric", _Number)
    return conn


class PgDatabase:
    """One thread's connection, answering `execute` as sqlite-utils' Database does.

    A connection lost (the server restarted, the network failed) is noticed when it is
    next used. Where that use is the first statement of a transaction or a read outside
    one, nothing was done on the lost connection: it is opened again and the statement
    made once more, so that a server back after a restart serves the next request. Lost
    in the middle of a transaction, the error goes up (a 503: the server rolled the
    transaction back) and the store opens a new connection for the next one."""

    def __init__(self, url: str, on_connect=None):
        self.url = url
        self._on_connect = on_connect or (lambda: None)
        self.conn = self._connect()
        self.writes = 0  # statements other than SELECT made on it (data_version)

    def _connect(self) -> psycopg.Connection:
        conn = connect(self.url)
        self._on_connect()
        return conn

    def _run(self, sql: str, params, *, safe_to_repeat: bool) -> psycopg.Cursor:
        idle = self.conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
        try:
            return self.conn.execute(sql, params)
        except psycopg.OperationalError:
            if not (safe_to_repeat and idle and self.conn.broken):
                raise
        self.conn = self._connect()
        return self.conn.execute(sql, params)

    def begin(self, statement: str) -> None:
        """Start a transaction (`BEGIN ...`): not counted as a write."""
        self._run(statement, (), safe_to_repeat=True)

    def execute(self, sql: str, params=()) -> psycopg.Cursor:
        reading = sql.lstrip()[:6].upper() == "SELECT"
        if not reading:
            self.writes += 1
        try:
            return self._run(translate(sql), params, safe_to_repeat=reading)
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
        if db is None or db.conn.closed:  # closed: also a connection found lost
            db = self._local.db = PgDatabase(self.url, on_connect=self.faults.reached)
        return db

    @staticmethod
    def fault_reason(error: BaseException) -> str | None:
        return fault_reason(error)

    # ---- the dialect hooks (see Store) ------------------------------------------------------

    @staticmethod
    def index_hint(index: str) -> str:
        return ""  # the planner chooses; the call-order indexes exist all the same

    def data_version(self) -> tuple:
        """Changes when any writing transaction begins or ends (the snapshot lists them)
        and when this connection writes."""
        db = self.db
        snapshot = db.execute("SELECT pg_current_snapshot()::text").fetchone()[0]
        return (id(db), snapshot, db.writes)

    @property
    def in_transaction(self) -> bool:
        return self.db.conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    # ---- transactions -----------------------------------------------------------------------

    @contextlib.contextmanager
    def read(self) -> Iterator["PostgresStore"]:
        db = self.db
        db.begin("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            yield self
        finally:
            if not db.conn.broken:  # a lost connection has no transaction left to end
                db.conn.execute("ROLLBACK")

    def _begin(self, db: PgDatabase) -> None:
        db.begin("BEGIN")
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
