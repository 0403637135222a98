"""A throwaway PostgreSQL server for the tests: Debian's PostgreSQL 15 started in a
temporary folder on a free port, once per test session, and a fresh database per test
copied from a template that holds the migrated schema and the sample lobby (CREATE
DATABASE ... TEMPLATE: a few milliseconds).

PostgreSQL refuses to run as root: run as root, the server runs as Debian's `postgres`
user, which then owns the folder. It listens on 127.0.0.1 only and trusts local
connections; fsync is off, as nothing in a test outlives the test.
"""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

from tests.support.processes import end, free_port

BIN = Path(os.environ.get("SUNBEON_PG_BIN", "/usr/lib/postgresql/15/bin"))
SERVICE_USER = "postgres"  # made by Debian's postgresql package


class PostgresUnavailable(RuntimeError):
    """PostgreSQL could not be started: the tests that need it fail with this reason."""


class ThrowawayPostgres:
    def __init__(self):
        self.folder: Path | None = None
        self.port: int | None = None
        self.process: subprocess.Popen | None = None
        self._names = itertools.count(1)

    def _as_server_user(self, command: list[str]) -> list[str]:
        if os.geteuid() != 0:
            return command
        return ["runuser", "-u", SERVICE_USER, "--", *command]

    def start(self) -> "ThrowawayPostgres":
        """Start the server: a new one, or again after shut_down() (same data, same port)."""
        if self.folder is None:
            self._create()
        log = open(self.folder / "server.log", "ab")
        self.process = subprocess.Popen(
            self._as_server_user([
                str(BIN / "postgres"), "-D", str(self.folder / "data"), "-p", str(self.port),
                "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={self.folder}",
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", "max_connections=200", "-c", "shared_buffers=64MB"]),
            stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            try:
                psycopg.connect(self.url("postgres"), connect_timeout=2).close()
                return self
            except psycopg.OperationalError as error:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise PostgresUnavailable(f"PostgreSQL did not start: {error}") from None
                time.sleep(0.1)

    def _create(self) -> None:
        if not (BIN / "initdb").exists():
            raise PostgresUnavailable(
                f"no {BIN / 'initdb'}: install Debian's postgresql (scripts/setup.sh --test)")
        self.folder = Path(tempfile.mkdtemp(prefix="sunbeon-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.folder, SERVICE_USER, SERVICE_USER)
        data = self.folder / "data"
        run = subprocess.run(
            self._as_server_user([str(BIN / "initdb"), "-D", str(data), "-U", "postgres",
                                  "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
            capture_output=True, text=True)
        if run.returncode:
            raise PostgresUnavailable(f"initdb failed: {run.stderr.strip()}")
        self.port = free_port()

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def admin(self, statement: str) -> None:
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(statement)

    def create_database(self, template: str | None = None) -> str:
        """A new empty database (or a copy of `template`); its URL."""
        name = f"test_{next(self._names)}"
        # FILE_COPY: ten times quicker than the default WAL_LOG for a small template
        self.admin(f"CREATE DATABASE {name}"
                   + (f" TEMPLATE {template} STRATEGY FILE_COPY" if template else ""))
        return self.url(name)

    def drop_database(self, url: str) -> None:
        self.admin(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")

    def shut_down(self) -> None:
        """Stop the server, keeping its data and port for start() again: a database
        server lost while the tests' clients are connected to it."""
        if self.process is not None and self.process.poll() is None:
            # SIGINT to the server itself (not to runuser): a "fast" shutdown, which does not
            # wait for the tests' connections to close.
            pid_file = self.folder / "data" / "postmaster.pid"
            if pid_file.exists():
                os.kill(int(pid_file.read_text().split()[0]), signal.SIGINT)
            else:
                self.process.terminate()
            end(self.process)

    def stop(self) -> None:
        """Stop the server and remove its data."""
        self.shut_down()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
