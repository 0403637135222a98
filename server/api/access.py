"""Sign-ins as admins see them (/api/v1/admin/...): a person's sessions, ending one or
all of them, lifting a sign-in lock, and the audit log (server/auth/sessions.py,
server/auth/signin.py, server/auth/audit.py)."""

from __future__ import annotations

from typing import Literal

from flask import jsonify
from pydantic import Field

from ..auth import audit, sessions
from ..admin.config import STAFF, load
from ..auth import require_admin, session_limits
from ..infra.clock import iso
from ..queue.errors import not_found
from . import schemas as s
from .routes import api, engine, sign_in, store


class AuditQuery(s.Query):
    staff_id: s.QueryId | None = Field(None, description="Only entries about this person.")
    action: Literal[audit.ACTIONS] | None = None
    before: s.QueryId | None = Field(None, description="Entries older than this id (paging back).")
    limit: int = Field(100, ge=1, le=500)


def _times(row: dict, *columns: str) -> dict:
    return {**row, **{column: iso(row[column]) for column in columns}}


@api.route("/admin/staff/<int:staff_id>/sessions", auth="admin", tag="admin",
           summary="A person's sign-ins, newest first, and whether their login is locked")
def staff_sessions(staff_id: int):
    row = load(store(), STAFF, staff_id)
    principal = require_admin()
    now = engine().clock.now()
    rows = sessions.listing(store(), staff_id, now, current=principal.session_id,
                            **session_limits())
    state = sign_in().state(row["login"], now)
    return jsonify(sessions=[_times(r, "created_at", "last_seen_at", "revoked_at") for r in rows],
                   sign_in=_times(state, "locked_until", "throttled_until"))


@api.route("/admin/staff/<int:staff_id>/sessions/revoke", "POST", auth="admin", tag="admin",
           summary="End all of a person's sign-ins but the caller's own; their sockets close")
def revoke_staff_sessions(staff_id: int):
    load(store(), STAFF, staff_id)
    principal = require_admin()
    with store().write() as tx:
        ended = sessions.revoke_all(tx, principal, staff_id, "revoked_by_admin")
    return jsonify(revoked=len(ended))


@api.route("/admin/sessions/<int:session_id>/revoke", "POST", auth="admin", tag="admin",
           summary="End one sign-in; its sockets close")
def revoke_session(session_id: int):
    row = store().one("SELECT staff_id FROM sessions WHERE id = ?", (session_id,))
    if row is None:
        raise not_found("session", session_id)
    principal = require_admin()
    with store().write() as tx:
        ended = sessions.revoke(tx, engine().clock.now(), "revoked_by_admin",
                                staff_id=row["staff_id"], session_row_id=session_id,
                                actor_id=principal.id)
    return jsonify(revoked=bool(ended))


@api.route("/admin/staff/<int:staff_id>/unlock", "POST", auth="admin", tag="admin",
           summary="Lift a sign-in lock (and the delays) after too many failed attempts")
def unlock_sign_in(staff_id: int):
    row = load(store(), STAFF, staff_id)
    principal = require_admin()
    unlocked = sign_in().unlock(row["login"], staff_id, principal.id, engine().clock.now())
    return jsonify(unlocked=unlocked)


@api.route("/admin/audit", query=AuditQuery, auth="admin", tag="admin",
           summary="The audit log, newest first: sign-ins, failures, locks, unlocks, "
                   "sign-outs and ended sessions (never a password)")
def audit_log(query: AuditQuery):
    require_admin()
    return jsonify(entries=audit.recent(store(), staff_id=query.staff_id, action=query.action,
                                        before=query.before, limit=query.limit))
