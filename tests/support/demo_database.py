"""The sample lobby's database, built once per test run and copied for each test.

Building it (every migration, then `load_demo`) costs about a second; copying it costs a
few milliseconds. Each test gets its own copy in its own tmp_path, so no test sees
another's writes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from werkzeug.security import generate_password_hash

from server.demo import DEMO_PASSWORD, load_demo
from server.infra.clock import Clock
from server.infra.store import Store


def build_demo_database(folder: Path, clock: Clock) -> Path:
    """A migrated database holding the sample lobby, alone in `folder` with the files it
    refers to (the floor plans in media/ beside it)."""
    store = Store(folder / "sunbeon.db")
    load_demo(store, clock)
    # Signing in is the suite's most frequent cost (scrypt takes a tenth of a second by
    # design): the sample accounts get a quick hash of the same password, for tests only.
    with store.write() as tx:
        tx.execute("UPDATE staff SET password_hash = ?",
                   (generate_password_hash(DEMO_PASSWORD, "pbkdf2:sha256:1000"),))
    # Everything into the main file, so that copying that file alone copies it all.
    busy, _, _ = store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    assert not busy, "another connection kept the sample database's log from emptying"
    store.close_thread_connection()
    return Path(store.path)


def copy_database(source: Path, target: Path) -> Path:
    """A private copy of a database built by build_demo_database, with the files beside
    it (media/) copied beside the target."""
    for sibling in source.parent.iterdir():
        if sibling == source or sibling.name.startswith(source.name + "-"):
            continue  # the -wal and -shm files are empty after the checkpoint
        if sibling.is_dir():
            shutil.copytree(sibling, target.parent / sibling.name)
        else:
            shutil.copyfile(sibling, target.parent / sibling.name)
    shutil.copyfile(source, target)
    return target
