"""Moving an installation up (`sunbeon db copy`, server/infra/copy.py) and backing up
either store (`sunbeon backup`): the sample lobby with its history and a morning's
tickets, copied from SQLite to a throwaway PostgreSQL, serves the same queue there."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys

import pytest

from server.auth.sessions import signing_key
from server.demo.history import load_demo_history
from server.infra import copy as copying
from server.infra.database import open_store
from server.queue import QueueEngine


def sunbeon(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "server.cli", *args],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def lobby(db_path, clock, service_ids):
    """The sample lobby with three days of history, and this morning's tickets: some
    waiting, one called, one served."""
    store = open_store(db_path)
    signing_key(db_path.parent / "secret_key")  # as a served installation has it
    load_demo_history(store, clock.now(), days=3)
    engine = QueueEngine(store, clock)
    for name in ("주민등록 등·초본", "주민등록 등·초본", "인감증명", "주민등록 등·초본"):
        engine.issue(service_ids[name])
    counter = _counter_of(store, service_ids["주민등록 등·초본"])
    engine.finish(engine.call_next(counter)["id"])
    engine.call_next(counter)
    yield store
    store.close_thread_connection()


def _counter_of(store, service_id) -> int:
    return store.one("SELECT c.id FROM counters c JOIN counter_services cs ON cs.counter_id "
                     "= c.id WHERE cs.service_id = ? AND c.staff_id IS NOT NULL ORDER BY c.id",
                     (service_id,))["id"]


def _queue(store) -> list[tuple]:
    return [tuple(r.values()) for r in store.query(
        "SELECT id, display_number, status, service_id, counter_id FROM tickets "
        "WHERE status IN ('waiting', 'called') ORDER BY id")]


def test_the_sample_lobby_moves_to_postgresql_and_serves_the_same_queue(
        lobby, postgres, tmp_path, clock, service_ids):
    url = postgres.create_database()
    pg_home = tmp_path / "pg-home"
    done = sunbeon("db", "copy", "--from", f"sqlite:///{lobby.path}", "--to", url,
                   "--to-home", str(pg_home))
    assert done.returncode == 0, done.stderr
    assert "MISMATCH" not in done.stdout and "every table checked" in done.stdout
    tickets = lobby.one("SELECT count(*) AS n FROM tickets")["n"]
    assert tickets > 100  # the history came along
    printed = {line.split()[0]: tuple(map(int, line.split()[1:3]))
               for line in done.stdout.splitlines() if line.split()[1:2] != ["of"]
               and len(line.split()) == 3 and line.split()[1].isdigit()}
    assert printed["tickets"] == (tickets, tickets) and printed["events"][0] > 0
    assert set(printed) == {t.name for t in copying.tables()}
    assert "checksum of tickets      same" in done.stdout

    moved = open_store(url, home=pg_home)
    assert copying.row_counts(moved) == copying.row_counts(lobby)
    assert _queue(moved) == _queue(lobby) and len(_queue(lobby)) >= 3
    # The floor plans and the signing key came along (media/ beside the SQLite file).
    lobby_home = copying.home(lobby)
    plans = sorted(p.name for p in lobby_home.glob("media/plans/*"))
    assert plans and sorted(p.name for p in pg_home.glob("media/plans/*")) == plans
    assert (pg_home / "secret_key").read_bytes() == (lobby_home / "secret_key").read_bytes()

    # The same next call and the same next number on both: numbering continues there.
    resident = service_ids["주민등록 등·초본"]
    counter = _counter_of(lobby, resident)
    here, there = QueueEngine(lobby, clock), QueueEngine(moved, clock)
    called = lobby.one("SELECT id FROM tickets WHERE status = 'called' AND counter_id = ?",
                       (counter,))["id"]
    there.finish(called)
    here.finish(called)
    assert there.call_next(counter)["id"] == here.call_next(counter)["id"]
    issued_here, issued_there = here.issue(resident)[0], there.issue(resident)[0]
    assert (issued_there["id"], issued_there["display_number"]) == \
        (issued_here["id"], issued_here["display_number"])
    numbers = [r["display_number"] for r in moved.query(
        "SELECT display_number FROM tickets WHERE day = ? AND service_id = ?",
        (issued_there["day"], resident))]
    assert sorted(numbers) == ["A-001", "A-002", "A-003", "A-004"]  # on from A-003, none again
    seq_here, seq_there = lobby.last_seq(), moved.last_seq()
    assert seq_there == seq_here  # the event log numbers on from where it was
    moved.close_thread_connection()


def test_a_target_that_holds_data_is_refused_unless_replaced(lobby, postgres, tmp_path):
    url = postgres.create_database()
    source = f"sqlite:///{lobby.path}"
    home = str(tmp_path / "pg-home")
    assert sunbeon("db", "copy", "--from", source, "--to", url, "--to-home", home).returncode == 0
    again = sunbeon("db", "copy", "--from", source, "--to", url, "--to-home", home)
    assert again.returncode == 2 and "holds data already" in again.stderr
    assert "--replace" in again.stderr
    replaced = sunbeon("db", "copy", "--from", source, "--to", url, "--to-home", home,
                       "--replace")
    assert replaced.returncode == 0, replaced.stderr
    same = sunbeon("db", "copy", "--from", source, "--to", str(lobby.path))
    assert same.returncode == 2 and "same database" in same.stderr


def test_postgresql_moves_back_to_sqlite(lobby, postgres, tmp_path):
    url = postgres.create_database()
    assert sunbeon("db", "copy", "--from", str(lobby.path), "--to", url,
                   "--to-home", str(tmp_path / "pg")).returncode == 0
    back = tmp_path / "back" / "sunbeon.db"
    back.parent.mkdir()
    done = sunbeon("db", "copy", "--from", url, "--to", f"sqlite:///{back}",
                   "--from-home", str(tmp_path / "pg"))
    assert done.returncode == 0, done.stderr
    returned = open_store(back)
    assert copying.row_counts(returned) == copying.row_counts(lobby)
    assert _queue(returned) == _queue(lobby)
    assert list((back.parent / "media" / "plans").iterdir())


def test_a_copy_that_differs_is_reported_and_the_command_fails(
        lobby, postgres, tmp_path, monkeypatch):
    copy_store = copying.copy_store

    def losing_a_ticket(source, target, **options):
        copied = copy_store(source, target, **options)
        with target.write() as tx:
            tx.execute("DELETE FROM print_jobs WHERE ticket_id = (SELECT max(id) FROM tickets)")
            tx.execute("DELETE FROM tickets WHERE id = (SELECT max(id) FROM tickets)")
        return copied

    monkeypatch.setattr(copying, "copy_store", losing_a_ticket)
    from server.cli import main
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["db", "copy", "--from", str(lobby.path), "--to", postgres.create_database(),
                     "--to-home", str(tmp_path / "pg")])
    assert code == 2
    assert "MISMATCH" in out.getvalue() and "checksum of tickets      DIFFERENT" in out.getvalue()
    assert "differs from the source in tickets" in err.getvalue()


def test_a_postgresql_backup_restores_with_pg_restore(postgres, postgres_template, tmp_path):
    from server.cli import pg_program
    url = postgres.create_database(template=postgres_template)
    dump = tmp_path / "sunbeon.dump"
    done = sunbeon("backup", "--database", url, "--to", str(dump))
    assert done.returncode == 0, done.stderr
    assert dump.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    assert sunbeon("backup", "--database", url, "--to", str(dump)).returncode == 2

    restored_url = postgres.create_database()
    restore = subprocess.run([pg_program("pg_restore"), "--no-owner", "--dbname", restored_url,
                              str(dump)], capture_output=True, text=True, timeout=120)
    assert restore.returncode == 0, restore.stderr
    original, restored = open_store(url, home=tmp_path), open_store(restored_url, home=tmp_path)
    assert copying.row_counts(restored) == copying.row_counts(original)
    assert copying.checksum(restored, "tickets") == copying.checksum(original, "tickets")
    with restored.write() as tx:  # its identities number on past the rows restored
        new_id = tx.insert("devices", {"site_id": 1, "name": "after-restore", "kind": "board"})
    assert new_id > original.one("SELECT max(id) AS id FROM devices")["id"]


def test_the_other_commands_take_database_as_well_as_db(postgres, postgres_template, tmp_path):
    url = postgres.create_database(template=postgres_template)
    added = sunbeon("device", "add", "--database", url, "--name", "kiosk-9f", "--kind", "kiosk",
                    "--site", "dangjin")
    assert added.returncode == 0, added.stderr
    assert f"--database {url}" in added.stdout
    token = sunbeon("token", "create", "--database", url, "--device", "kiosk-9f")
    assert token.returncode == 0 and token.stdout.startswith("sb_")
    listed = sunbeon("printer", "list", "--database", url)
    assert listed.returncode == 0, listed.stderr
    both = sunbeon("token", "create", "--database", url, "--db", "x.db", "--device", "kiosk-9f")
    assert both.returncode == 2 and "not allowed with" in both.stderr
    neither = sunbeon("token", "create", "--device", "kiosk-9f")
    assert neither.returncode == 2 and "--database URL" in neither.stderr
