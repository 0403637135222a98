"""The audit log: who signed in or failed to, which logins were locked and unlocked,
which sign-ins were ended and why, the counters' silent bells and the entrance QR codes
made new. Admins read it (GET /api/v1/admin/audit). It never
holds a password, a session id or a token."""

from __future__ import annotations

import json

from ..infra.clock import iso
from ..infra.store import Store, Transaction

ACTIONS = (
    "sign_in",            # a password accepted: a session began
    "sign_in_failed",     # a wrong login or password
    "sign_in_refused",    # refused unchecked: throttled or locked
    "sign_in_locked",     # too many failures: the login is locked for a while
    "sign_in_unlocked",   # an admin lifted the lock
    "sign_out",
    "session_revoked",    # an admin, a password change or a deactivation ended sessions
    "alarm_raised",       # an officer pressed the counter's silent bell (staff/alarms.py)
    "alarm_false",        # the officer took it back: a false alarm
    "alarm_cleared",      # a supervisor closed it
    "entrance_key_rotated",  # an admin made a site's entrance QR code new (admin/entrance.py)
)


def record(tx: Transaction, at: float, action: str, *, staff_id: int | None = None,
           login: str | None = None, actor_id: int | None = None,
           address: str | None = None, **detail) -> None:
    assert action in ACTIONS, action
    tx.insert("audit_log", {"at": at, "action": action, "staff_id": staff_id, "login": login,
                            "actor_id": actor_id, "address": address,
                            "detail": json.dumps(detail, ensure_ascii=False)})


def recent(store: Store, *, staff_id: int | None = None, action: str | None = None,
           before: int | None = None, limit: int = 100) -> list[dict]:
    """Newest first; `before` (an entry's id) pages back through older entries."""
    where, params = ["1 = 1"], []
    for clause, value in (("a.staff_id = ?", staff_id), ("a.action = ?", action),
                          ("a.id < ?", before)):
        if value is not None:
            where.append(clause)
            params.append(value)
    rows = store.query(
        "SELECT a.*, s.name AS staff_name, actor.name AS actor_name FROM audit_log a "
        "LEFT JOIN staff s ON s.id = a.staff_id LEFT JOIN staff actor ON actor.id = a.actor_id "
        f"WHERE {' AND '.join(where)} ORDER BY a.id DESC LIMIT ?", (*params, limit))
    return [{**row, "at": iso(row["at"]), "detail": json.loads(row["detail"])} for row in rows]
