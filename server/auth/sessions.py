"""Staff sign-ins kept on the server: one `sessions` row per sign-in, so that signing
out, a password change, a deactivation or an admin ends it for good, and its open
sockets close at once.

The browser's cookie holds only a random session id; the table keeps its SHA-256, so
neither the database nor a backup holds anything a browser could present. The cookie is
still Flask's signed session cookie: one place sets its attributes (HttpOnly, SameSite,
Secure, lifetime), and a cookie that was not made by this server is dropped before the
table is even asked. The signing key itself lives outside the database (`signing_key`).
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from flask import current_app, has_app_context

from . import audit
from ..infra.store import Store, Transaction
from ..refusal import not_found

if TYPE_CHECKING:
    from . import Principal

log = logging.getLogger(__name__)

IDLE_MINUTES = 240         # a console left alone this long must sign in again
TOUCH_EVERY_SECONDS = 60   # last_seen_at is written at most this often per session


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def start(tx: Transaction, staff_id: int, now: float, *, address: str,
          user_agent: str) -> str:
    """A new session for this person; the returned id goes into the cookie only."""
    session_id = secrets.token_urlsafe(32)
    tx.insert("sessions", {"id_hash": _hash(session_id), "staff_id": staff_id,
                           "created_at": now, "last_seen_at": now, "address": address,
                           "user_agent": user_agent[:200]})
    return session_id


def find(store: Store, session_id: str, now: float, *, idle_seconds: float,
         lifetime_seconds: float) -> dict | None:
    """The live session row with this id (joined with its active staff member), or None
    if it is unknown, revoked, idle too long, past its lifetime, or its person left."""
    row = store.one(
        "SELECT s.id AS session_id, s.created_at, s.last_seen_at, st.* FROM sessions s "
        "JOIN staff st ON st.id = s.staff_id "
        "WHERE s.id_hash = ? AND s.revoked_at IS NULL AND st.active = 1",
        (_hash(session_id),))
    if row is None or now - row["last_seen_at"] > idle_seconds \
            or now - row["created_at"] > lifetime_seconds:
        return None
    if now - row["last_seen_at"] >= TOUCH_EVERY_SECONDS:
        _touch(store, row["session_id"], now)
    return row


def _touch(store: Store, session_row_id: int, now: float) -> None:
    if store.in_transaction:
        return  # asked from inside this thread's own write: the next request notes it
    try:
        with store.write() as tx:
            tx.execute("UPDATE sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?",
                       (now, session_row_id, now))
    except store.errors as error:
        # A hint for the sessions list and the idle limit: a database that cannot take
        # writes just now must not refuse the reads the console is making.
        log.warning("could not note a session's last use: %s", error)


def revoke(tx: Transaction, now: float, reason: str, *, staff_id: int,
           session_row_id: int | None = None, keep: int | None = None,
           actor_id: int | None = None) -> list[int]:
    """End one session of this person (`session_row_id`), or all of them but `keep`;
    their sockets close once `tx` commits. Returns the ids ended."""
    sql = "SELECT id FROM sessions WHERE staff_id = ? AND revoked_at IS NULL"
    params: list = [staff_id]
    if session_row_id is not None:
        sql += " AND id = ?"
        params.append(session_row_id)
    if keep is not None:
        sql += " AND id != ?"
        params.append(keep)
    ended = [row["id"] for row in tx.query(sql, params)]
    for ident in ended:
        tx.execute("UPDATE sessions SET revoked_at = ?, revoke_reason = ? WHERE id = ?",
                   (now, reason, ident))
    if ended and reason != "signed_out":
        audit.record(tx, now, "session_revoked", staff_id=staff_id, actor_id=actor_id,
                     reason=reason, sessions=ended)
    close_sockets_after(tx, session_ids=ended)
    return ended


def revoke_all(tx: Transaction, caller: Principal | None, staff_id: int, reason: str, *,
               spare_caller: bool = True) -> list[int]:
    """All of this person's sessions, by `caller` (an admin, or None). The caller's own
    session is spared unless told otherwise: an admin who changes their own password
    stays signed in where they are, and nowhere else."""
    caller_is_staff = caller is not None and caller.kind == "staff"
    own = caller.session_id if caller_is_staff and caller.id == staff_id else None
    now = current_app.extensions["sunbeon.engine"].clock.now()
    return revoke(tx, now, reason, staff_id=staff_id, keep=own if spare_caller else None,
                  actor_id=caller.id if caller_is_staff else None)


def end_all_by_admin(store: Store, admin: Principal, staff_id: int) -> list[int]:
    """An admin ends every sign-in of this person but the admin's own."""
    with store.write() as tx:
        return revoke_all(tx, admin, staff_id, "revoked_by_admin")


def end_one_by_admin(store: Store, admin: Principal, session_row_id: int, now: float) -> bool:
    """An admin ends one sign-in; False when it had ended already."""
    row = store.one("SELECT staff_id FROM sessions WHERE id = ?", (session_row_id,))
    if row is None:
        raise not_found("session", session_row_id)
    with store.write() as tx:
        return bool(revoke(tx, now, "revoked_by_admin", staff_id=row["staff_id"],
                           session_row_id=session_row_id, actor_id=admin.id))


def close_sockets_after(tx: Transaction, *, session_ids=(), staff_id: int | None = None) -> None:
    """Once `tx` commits, close the sockets opened with these sessions, or every socket
    of this person (tokens too). A process without the app (the CLI) has no sockets."""
    if not has_app_context() or "sunbeon.realtime" not in current_app.extensions:
        return
    realtime = current_app.extensions["sunbeon.realtime"]
    if staff_id is not None:
        tx.after_commit.append(lambda: realtime.disconnect_principal("staff", staff_id))
    if session_ids:
        ids = set(session_ids)
        tx.after_commit.append(lambda: realtime.disconnect_sessions(ids))


def listing(store: Store, staff_id: int, now: float, *, idle_seconds: float,
            lifetime_seconds: float, current: int | None = None) -> list[dict]:
    """A person's sessions, newest first, each with its state."""
    rows = store.query("SELECT id, created_at, last_seen_at, address, user_agent, revoked_at, "
                       "revoke_reason FROM sessions WHERE staff_id = ? ORDER BY id DESC LIMIT 50",
                       (staff_id,))
    for row in rows:
        if row["revoked_at"] is not None:
            row["state"] = "revoked"
        elif now - row["last_seen_at"] > idle_seconds or now - row["created_at"] > lifetime_seconds:
            row["state"] = "expired"
        else:
            row["state"] = "active"
        row["current"] = row["id"] == current
    return rows


# ---- the key that signs cookies ---------------------------------------------------------

def signing_key(path: str | Path) -> str:
    """The key in this file, made on first start (readable by the service's user only).

    Not in the database: a copy of the database (a backup) must not be enough to sign a
    cookie. Created under a temporary name and linked into place, so two processes
    starting together agree on one key and nobody ever reads a half-written file."""
    path = Path(path)
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(draft, path)
        except FileExistsError:  # another process made it first: use theirs
            pass
    finally:
        draft.unlink(missing_ok=True)
    return _read_key(path)


def _read_key(path: Path) -> str:
    key = path.read_text().strip()
    if len(key) < 32:
        raise RuntimeError(f"{path} holds no usable key: remove it to make a new one")
    if path.stat().st_mode & 0o077:
        log.warning("%s can be read by other users: chmod 600 it", path)
    return key
