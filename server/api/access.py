"""Sign-ins as admins see them (/api/v1/admin/...): a person's sessions, ending one or
all of them, lifting a sign-in lock, and the audit log (server/auth/sessions.py,
server/auth/signin.py, server/auth/audit.py)."""

from __future__ import annotations

from typing import Literal

from flask import jsonify
from pydantic import Field

from ..admin.config import STAFF, load
from ..auth import audit, require_principal, session_limits, sessions
from ..infra.clock import iso
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
    now = engine().clock.now()
    rows = sessions.listing(store(), staff_id, now, current=require_principal().session_id,
                            **session_limits())
    state = sign_in().state(row["login"], now)
    return jsonify(sessions=[_times(r, "created_at", "last_seen_at", "revoked_at") for r in rows],
                   sign_in=_times(state, "locked_until", "throttled_until"))


@api.route("/admin/staff/<int:staff_id>/sessions/revoke", "POST", auth="admin", tag="admin",
           summary="End all of a person's sign-ins but the caller's own; their sockets close")
def revoke_staff_sessions(staff_id: int):
    load(store(), STAFF, staff_id)  # an unknown person is 404
    ended = sessions.end_all_by_admin(store(), require_principal(), staff_id)
    return jsonify(revoked=len(ended))


@api.route("/admin/sessions/<int:session_id>/revoke", "POST", auth="admin", tag="admin",
           summary="End one sign-in; its sockets close")
def revoke_session(session_id: int):
    ended = sessions.end_one_by_admin(store(), require_principal(), session_id,
                                      engine().clock.now())
    return jsonify(revoked=ended)


@api.route("/admin/staff/<int:staff_id>/unlock", "POST", auth="admin", tag="admin",
           summary="Lift a sign-in lock (and the delays) after too many failed attempts")
def unlock_sign_in(staff_id: int):
    row = load(store(), STAFF, staff_id)
    unlocked = sign_in().unlock(row["login"], staff_id, require_principal().id,
                                engine().clock.now())
    return jsonify(unlocked=unlocked)


@api.route("/admin/audit", query=AuditQuery, auth="admin", tag="admin",
           summary="The audit log, newest first: sign-ins, failures, locks, unlocks, "
                   "sign-outs, ended sessions and new entrance QR codes (never a password)")
def audit_log(query: AuditQuery):
    return jsonify(entries=audit.recent(store(), staff_id=query.staff_id, action=query.action,
                                        before=query.before, limit=query.limit))
