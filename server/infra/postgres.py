"""The PostgreSQL store: the API of `Store` (store.py) on psycopg 3, for installations that
outgrow one SQLite file (docs/scale.md, "Two stores").

Domain code writes the same SQL for both stores: `?` parameters (translated here, in one
place), portable statements, and the store's dialect hooks where the two differ
(`index_hint`, `data_version`, `in_transaction`). The schema is the SQLite migrations,
translated (postgres_schema.py).

Connections in autocommit mode, from a bounded pool: a thread holds one for a transaction
or for one statement outside any, not for its life (a screen's socket is a thread). A write
transaction takes one transaction-level advisory lock first: the writers of every process
on the database take turns, as SQLite's `BEGIN IMMEDIATE` makes them. That keeps
numbering and call-next atomic and gap-free (the number is `UPDATE ... RETURNING` on the
day's counter row, the ticket and its event in the same transaction), keeps every other
read-then-write of the domain as safe as it is on SQLite, and commits events in seq order,
so that a reader of the event log never sees seq N+1 before N.
"""

from __future__ import annotations

import contextlib
import itertools
import os
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

# The connections of one process (SUNBEON_DATABASE_POOL): a thread holds one only for a
# transaction or a statement, so screens' sockets, however many, share them.
POOL_SIZE = 20
POOL_WAIT_SECONDS = 30


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


class ConnectionPool:
    """At most `size` connections of a process, each lent to one thread for one
    transaction or one statement (PgDatabase) and kept open for the next when given back;
    a thread waits for one when all are lent. Connections are opened in the thread that
    needs one, so that a server that cannot be reached is an error at once (a 503) and a
    server back after a restart serves the very next request (psycopg_pool opens them in
    the background, retrying with a growing delay: docs/libraries.md)."""

    def __init__(self, url: str, size: int, on_connect=None):
        self.url = url
        self.size = size
        self._on_connect = on_connect or (lambda: None)
        self._free = threading.BoundedSemaphore(size)
        self._lock = threading.Lock()
        self._idle: list[psycopg.Connection] = []  # the last given back is lent first

    def take(self) -> psycopg.Connection:
        if not self._free.acquire(timeout=POOL_WAIT_SECONDS):
            raise psycopg.OperationalError(
                f"all {self.size} database connections stayed busy for {POOL_WAIT_SECONDS} s")
        try:
            with self._lock:
                if self._idle:
                    return self._idle.pop()
            conn = connect(self.url)
            self._on_connect()
            return conn
        except BaseException:
            self._free.release()
            raise

    def give_back(self, conn: psycopg.Connection) -> None:
        idle = (not conn.closed
                and conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE)
        if idle:
            with self._lock:
                self._idle.append(conn)
        else:  # lost, or left in a transaction: never lent again
            with contextlib.suppress(psycopg.Error):
                conn.close()
        self._free.release()

    def close_idle(self) -> None:
        """Close the connections nobody holds (a server restarted ended them all)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            with contextlib.suppress(psycopg.Error):
                conn.close()


class _Fetched:
    """A statement's result read in full, for a statement made on a connection that went
    back to the pool as soon as it answered."""

    def __init__(self, cursor: psycopg.Cursor):
        self.rows = cursor.fetchall() if cursor.description is not None else []
        self.rowcount = cursor.rowcount
        self.description = cursor.description
        self._next = 0

    def fetchone(self):
        if self._next >= len(self.rows):
            return None
        self._next += 1
        return self.rows[self._next - 1]

    def fetchall(self) -> list:
        rest, self._next = self.rows[self._next:], len(self.rows)
        return rest

    def __iter__(self):
        return iter(self.fetchall())


class PgDatabase:
    """One thread's way to the database, answering `execute` as sqlite-utils' Database
    does: a connection of the pool held for the length of a transaction (`held`), or
    borrowed for one statement outside any and given back with its rows read.

    A connection lost (the server restarted, the network failed) is noticed when it is
    next used. Where that use is the first statement of a transaction or a read outside
    one, nothing was done on the lost connection: another is opened and the statement
    made once more, so that a server back after a restart serves the next request. Lost
    in the middle of a transaction, the error goes up (a 503: the server rolled the
    transaction back) and the connection is not lent again."""

    def __init__(self, pool: ConnectionPool | str):
        self.pool = ConnectionPool(pool, 1) if isinstance(pool, str) else pool  # str: a URL
        self._conn: psycopg.Connection | None = None
        self._holds = 0
        self.writes = 0  # statements other than SELECT made by this thread (data_version)

    @property
    def conn(self) -> psycopg.Connection:
        """The connection this thread holds (taken from the pool if it holds none: only
        inside `held`, which gives it back)."""
        if self._conn is None:
            self._conn = self.pool.take()
        return self._conn

    @property
    def in_transaction(self) -> bool:
        return (self._conn is not None and not self._conn.closed and
                self._conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE)

    def hold(self) -> None:
        self._holds += 1

    def let_go(self) -> None:
        self._holds -= 1
        if not self._holds:
            self.release()

    @contextlib.contextmanager
    def held(self) -> Iterator[psycopg.Connection]:
        """One connection for every statement made inside (a transaction)."""
        self.hold()
        try:
            yield self.conn
        finally:
            self.let_go()

    def release(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            self.pool.give_back(conn)

    def _run(self, sql: str, params, *, safe_to_repeat: bool, prepare=None) -> psycopg.Cursor:
        idle = not self.in_transaction
        try:
            return self.conn.execute(sql, params, prepare=prepare)
        except psycopg.OperationalError:
            if not (safe_to_repeat and idle and self.conn.broken):
                raise
        # The server went away since this connection last answered: so did its
        # siblings waiting in the pool.
        self.pool.close_idle()
        self.release()
        return self.conn.execute(sql, params, prepare=prepare)

    def begin(self, statement: str) -> None:
        """Start a transaction (`BEGIN ...`, and what goes with it in the same round trip;
        no parameters): not counted as a write."""
        self._run(statement, None, safe_to_repeat=True, prepare=False)

    def close(self) -> None:
        self.release()
        self.pool.close_idle()

    def execute(self, sql: str, params=()) -> psycopg.Cursor:
        reading = sql.lstrip()[:6].upper() == "SELECT"
        if not reading:
            self.writes += 1
        try:
            if self._holds:
                return self._run(translate(sql), params, safe_to_repeat=reading)
            with self.held():
                return _Fetched(self._run(translate(sql), params, safe_to_repeat=reading))
        except errors.IntegrityError as error:
            raise ConstraintError(str(error), _CONSTRAINT_KINDS.get(error.sqlstate)) from error


class PostgresStore(Store):
    """The database of one installation on PostgreSQL, shared by all threads of a process.

    `home` is the folder of the files kept beside the database (media/, the signing key,
    print previews), as the SQLite file's folder is for that store."""

    dialect = "postgresql"
    errors = psycopg.Error

    def __init__(self, url: str, *, home: str | Path = "var", pool_size: int | None = None):
        self.url = url
        self.path = str(Path(home) / "postgresql")  # media_root() and friends: its folder
        self.faults = StorageFaults()
        self.pool = ConnectionPool(
            url, pool_size or int(os.environ.get("SUNBEON_DATABASE_POOL", POOL_SIZE)),
            on_connect=self.faults.reached)
        self._local = threading.local()
        self._transactions = itertools.count(1)
        self._write_lock = threading.Lock()
        self._subscribers = []
        ensure_schema(self)

    @property
    def db(self) -> PgDatabase:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = PgDatabase(self.pool)
        return db

    def release_thread_connection(self) -> None:
        """Nothing to let go: a thread borrows a connection from the pool only for a
        statement or a transaction (PgDatabase)."""

    def close_thread_connection(self) -> None:
        """Give this thread's connection back, and close those nobody holds (a database
        about to be copied as a template, or dropped, must have none)."""
        self.db.release()
        self.pool.close_idle()

    @staticmethod
    def fault_reason(error: BaseException) -> str | None:
        return fault_reason(error)

    # ---- the dialect hooks (see Store) ------------------------------------------------------

    @staticmethod
    def index_hint(index: str) -> str:
        return ""  # the planner chooses; the call-order indexes exist all the same

    def data_version(self) -> tuple:
        """Changes when any writing transaction begins or ends (the snapshot lists them)
        and when this thread writes. Inside a write transaction, which holds the write
        lock, no other writer commits: only this transaction's own writes change it."""
        db = self.db
        if getattr(self._local, "writing", None):
            return (id(db), self._local.writing, db.writes)
        snapshot = db.execute("SELECT pg_current_snapshot()::text").fetchone()[0]
        return (id(db), snapshot, db.writes)

    @property
    def in_transaction(self) -> bool:
        return self.db.in_transaction

    # ---- transactions -----------------------------------------------------------------------

    @contextlib.contextmanager
    def read(self) -> Iterator["PostgresStore"]:
        db = self.db
        with db.held():
            db.begin("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try:
                yield self
            finally:
                if not db.conn.broken:  # a lost connection has no transaction left to end
                    db.conn.execute("ROLLBACK")

    def _begin(self, db: PgDatabase) -> None:
        db.hold()
        try:
            # One round trip: the transaction and the write lock together.
            db.begin(f"BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")
        except BaseException:
            db.let_go()
            raise
        self._local.writing = next(self._transactions)

    def _commit(self, db: PgDatabase) -> None:
        self._local.writing = None
        db.conn.execute("COMMIT")
        db.let_go()

    def _rollback(self, db: PgDatabase) -> None:
        self._local.writing = None
        with contextlib.suppress(psycopg.Error):
            db.conn.execute("ROLLBACK")
        db.let_go()

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
