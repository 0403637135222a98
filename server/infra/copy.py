"""Moving an installation from one store to another (`sunbeon db copy`, docs/scale.md
"Moving up"): every table of the one schema, in foreign-key order, ids kept, in one write
transaction on the target; then the files kept beside the database (media/, the signing
key); then a check that both hold the same rows.

SQLite to PostgreSQL is the way up; PostgreSQL to SQLite works the same way. Both stores
are opened first, which brings each to the latest schema step, so the two have the same
tables and columns.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .postgres_schema import (integer_keys, migrated_sqlite, move_identities_past_ids,
                              sqlite_schema)
from .store import Store, Transaction

# Tables whose rows are also summed by content (besides counted): the tickets and their
# numbers, the day's counters that number the next ones, and the event log.
CHECKSUM_TABLES = ("tickets", "day_numbers", "events")
BATCH = 5000  # rows read at a time from a table numbered by an integer key
FILES = ("media", "secret_key")  # what the store's folder holds besides rows


class CopyRefused(Exception):
    """The copy was not made (nothing was written): the reason, for the command line."""


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    references: frozenset[str]     # the other tables its foreign keys name
    self_columns: tuple[str, ...]  # its columns that name a row of its own table


@dataclass
class Verification:
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)     # table: source, target
    checksums: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def mismatches(self) -> list[str]:
        return [name for name, (a, b) in (*self.counts.items(), *self.checksums.items())
                if a != b]


@lru_cache(maxsize=1)
def tables() -> tuple[Table, ...]:
    """The schema's tables, each after the tables it references; the tables that triggers
    write (waiting_counts, from tickets) last."""
    db = migrated_sqlite(None)
    found = {}
    for kind, name, _, _ in sqlite_schema():
        if kind != "table":
            continue
        columns = tuple(row[1] for row in db.execute(f"PRAGMA table_info({name})"))
        keys = db.execute(f"PRAGMA foreign_key_list({name})").fetchall()
        found[name] = Table(name, columns,
                            frozenset(row[2] for row in keys if row[2] != name),
                            tuple(row[3] for row in keys if row[2] == name))
    db.close()
    written = triggered_tables()
    ordered: list[str] = []
    while len(ordered) < len(found):
        ready = [t.name for t in found.values() if t.name not in ordered
                 and t.references <= set(ordered)]
        if not ready:
            raise RuntimeError("the foreign keys of "
                               f"{sorted(set(found) - set(ordered))} form a cycle")
        ordered.extend(ready)
    ordered.sort(key=lambda name: name in written)  # stable: FK order kept otherwise
    return tuple(found[name] for name in ordered)


@lru_cache(maxsize=1)
def triggered_tables() -> frozenset[str]:
    """Tables the schema's triggers write: the rows copied into other tables make rows
    there, which the copy replaces with the source's own."""
    return frozenset(table for kind, _, _, sql in sqlite_schema() if kind == "trigger"
                     for table in re.findall(r"(?:INSERT INTO|UPDATE)\s+(\w+)", sql))


def row_counts(store: Store) -> dict[str, int]:
    return {t.name: store.one(f"SELECT count(*) AS n FROM {t.name}")["n"] for t in tables()}


def copy_store(source: Store, target: Store, *, replace: bool = False) -> dict[str, int]:
    """Every row of `source` into `target`, ids kept; the rows copied per table. A target
    that holds rows is refused unless `replace`, when its rows are deleted first, in the
    same transaction."""
    if _where(source) == _where(target):
        raise CopyRefused("the source and the target are the same database")
    if not replace:
        held = {name: n for name, n in row_counts(target).items() if n}
        if held:
            listed = ", ".join(f"{name} ({n})" for name, n in list(held.items())[:5])
            raise CopyRefused(f"the target holds data already: {listed}"
                              f"{' and more' if len(held) > 5 else ''}. Give --replace to "
                              "delete it and copy over it.")
    copied = {}
    with source.read(), target.write() as tx:
        for table in reversed(tables()):
            tx.execute(f"DELETE FROM {table.name}")
        for table in tables():
            if table.name in triggered_tables():
                tx.execute(f"DELETE FROM {table.name}")  # what the triggers counted
            copied[table.name] = _copy_table(source, tx, table)
        if target.dialect == "postgresql":  # new rows continue the numbering
            move_identities_past_ids(tx.execute)
    return copied


def _where(store: Store) -> str:
    return getattr(store, "url", None) or str(Path(store.path).resolve())


def _source_rows(source: Store, table: Table):
    """The table's rows, a batch at a time where an integer key orders them (the event
    log and the tickets are the long ones), so that neither driver holds them all."""
    columns = ", ".join(table.columns)
    key = integer_keys().get(table.name)
    if key is None:
        yield from source.rows(f"SELECT {columns} FROM {table.name}")
        return
    position = table.columns.index(key)
    batch = source.rows(f"SELECT {columns} FROM {table.name} ORDER BY {key} LIMIT {BATCH}")
    while True:
        yield from batch
        if len(batch) < BATCH:
            return
        batch = source.rows(f"SELECT {columns} FROM {table.name} WHERE {key} > ? "
                            f"ORDER BY {key} LIMIT {BATCH}", (batch[-1][position],))


def _copy_table(source: Store, tx: Transaction, table: Table) -> int:
    # A column naming a row of the same table is written once every row is in: the row
    # it names may come later.
    later = [table.columns.index(c) for c in table.self_columns]
    deferred = []
    count = 0

    def rows():
        nonlocal count
        for row in _source_rows(source, table):
            values = list(row)
            if later and any(values[i] is not None for i in later):
                deferred.append(values)
                values = [None if i in later else v for i, v in enumerate(values)]
            count += 1
            yield values

    names = ", ".join(table.columns)
    if tx.dialect == "postgresql":
        with tx.db.conn.cursor().copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            for values in rows():
                copy.write_row(values)
    else:
        marks = ", ".join("?" for _ in table.columns)
        tx.db.conn.executemany(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", rows())
    key = integer_keys().get(table.name)
    for values in deferred:
        sets = ", ".join(f"{table.columns[i]} = ?" for i in later)
        tx.execute(f"UPDATE {table.name} SET {sets} WHERE {key} = ?",
                   (*[values[i] for i in later], values[table.columns.index(key)]))
    return count


def checksum(store: Store, table: str) -> str:
    """A digest of a table's rows whatever order they come in (the two stores may sort
    text differently): the sum of each row's hash."""
    total = 0
    for row in _source_rows(store, next(t for t in tables() if t.name == table)):
        digest = hashlib.sha256(repr(tuple(row)).encode()).digest()
        total = (total + int.from_bytes(digest[:16], "big")) % (1 << 128)
    return f"{total:032x}"


def verify(source: Store, target: Store) -> Verification:
    result = Verification()
    with source.read():
        counts = row_counts(source)
        sums = {name: checksum(source, name) for name in CHECKSUM_TABLES}
    with target.read():
        for name, n in row_counts(target).items():
            result.counts[name] = (counts[name], n)
        for name in CHECKSUM_TABLES:
            result.checksums[name] = (sums[name], checksum(target, name))
    return result


def home(store: Store) -> Path:
    """The folder of the files kept beside the database (media.media_root's parent)."""
    return Path(store.path).resolve().parent


def copy_files(source: Store, target: Store, *, replace: bool = False) -> int:
    """media/ and the signing key, from the source's folder to the target's (nothing when
    they share one): files the target lacks, and with `replace` those that differ too.
    The number of files copied."""
    origin, destination = home(source), home(target)
    if origin == destination:
        return 0
    copied = 0
    for name in FILES:
        path = origin / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() \
            else [path] if path.is_file() else []
        for file in files:
            to = destination / file.relative_to(origin)
            if to.exists() and (not replace or to.read_bytes() == file.read_bytes()):
                continue
            to.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(file, to)
            copied += 1
    return copied
