"""The one setting that names an installation's store: `--database` (or SUNBEON_DATABASE),
an SQLite file or a PostgreSQL URL (docs/scale.md, "Two stores")."""

from __future__ import annotations

from pathlib import Path

from .store import Store


def open_store(database: str | Path, *, home: str | Path | None = None,
               synchronous: str = "FULL") -> "Store":
    """The store a `--database` setting names: `postgresql://...` (or `postgres://`),
    `sqlite:///path`, or a bare path to an SQLite file (the old `--db PATH`). `home` is
    the folder of the files kept beside the database (media/, the signing key): the
    SQLite file's own folder, so given for PostgreSQL only (default var/)."""
    text = str(database)
    if is_postgres(text):
        from .postgres import PostgresStore  # psycopg is imported only when it is used
        return PostgresStore(text, home=home or "var")
    return Store(sqlite_path(text), synchronous=synchronous)


def is_postgres(database: str | Path) -> bool:
    return str(database).startswith(("postgresql://", "postgres://"))


def sqlite_path(database: str | Path) -> str:
    """The file of an SQLite `--database` setting (`sqlite:///var/x.db` is var/x.db,
    `sqlite:////srv/x.db` is /srv/x.db, as in SQLAlchemy), or a bare path as it is."""
    text = str(database)
    return text[len("sqlite:///"):] if text.startswith("sqlite:///") else text
