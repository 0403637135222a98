"""Who is asking: staff signed in with a password (browser session) or a bearer token,
and devices (kiosks, screens) with their own tokens. Permissions are decided here, on
the server, for HTTP requests and socket connections alike."""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass, field

from flask import current_app, g, request, session
from werkzeug.security import check_password_hash, generate_password_hash

from .queue.errors import QueueError
from .store import Store

ROLES = ("admin", "supervisor", "staff")
DEVICE_KINDS = ("kiosk", "board", "counter_display", "directory", "seat_chart")
TOKEN_PREFIX = "sb_"


@dataclass(frozen=True)
class Principal:
    kind: str                 # "staff" or "device"
    id: int
    name: str
    role: str                 # a staff role, or a device kind
    site_id: int | None       # None for an admin of every site
    config: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def is_admin(self) -> bool:
        return self.kind == "staff" and self.role == "admin"

    def is_staff(self) -> bool:
        return self.kind == "staff"

    def supervises(self, site_id: int) -> bool:
        return self.is_admin or (self.kind == "staff" and self.role == "supervisor"
                                 and self.site_id == site_id)

    def belongs_to(self, site_id: int) -> bool:
        return self.is_admin or self.site_id == site_id


def hash_password(password: str) -> str:
    return generate_password_hash(password)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(store: Store, now: float, *, staff_id: int | None = None,
                 device_id: int | None = None) -> str:
    """A new bearer token; only its hash is kept, so it is shown once."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with store.write() as tx:
        tx.insert("tokens", {"token_hash": _token_hash(token), "staff_id": staff_id,
                             "device_id": device_id, "created_at": now})
    return token


def _staff_principal(row: dict) -> Principal:
    return Principal("staff", row["id"], row["name"], row["role"], row["site_id"])


def staff_by_login(store: Store, login: str, password: str) -> Principal | None:
    row = store.one("SELECT * FROM staff WHERE login = ? AND active = 1", (login,))
    if row is None or not row["password_hash"]:
        # Same work either way, so response time does not reveal which logins exist.
        check_password_hash(hash_password("x"), password)
        return None
    if not check_password_hash(row["password_hash"], password):
        return None
    return _staff_principal(row)


def principal_for_token(store: Store, token: str) -> Principal | None:
    row = store.one(
        "SELECT t.staff_id, t.device_id FROM tokens t WHERE t.token_hash = ? "
        "AND t.revoked_at IS NULL", (_token_hash(token),))
    if row is None:
        return None
    if row["staff_id"] is not None:
        return staff_principal(store, row["staff_id"])
    device = store.one("SELECT * FROM devices WHERE id = ? AND revoked = 0", (row["device_id"],))
    if device is None:
        return None
    return Principal("device", device["id"], device["name"], device["kind"], device["site_id"],
                     json.loads(device["config"]))


def staff_principal(store: Store, staff_id: int) -> Principal | None:
    row = store.one("SELECT * FROM staff WHERE id = ? AND active = 1", (staff_id,))
    return _staff_principal(row) if row else None


def principal_from_credentials(store: Store, token: str | None) -> Principal | None:
    """The bearer token if one is given, else the signed-in browser session."""
    if token:
        return principal_for_token(store, token)
    staff_id = session.get("staff_id")
    return staff_principal(store, staff_id) if staff_id else None


def current_principal() -> Principal | None:
    if "principal" not in g:
        header = request.headers.get("Authorization", "")
        token = header[7:].strip() if header.lower().startswith("bearer ") else None
        g.principal = principal_from_credentials(current_app.extensions["sunbeon.store"], token)
    return g.principal


def require_principal() -> Principal:
    principal = current_principal()
    if principal is None:
        raise QueueError("unauthorized", "Sign in, or send a valid bearer token.", 401)
    return principal


def forbidden(message: str) -> QueueError:
    return QueueError("forbidden", message, 403)


def require_admin(refusal: str = "Only administrators change the configuration.") -> Principal:
    principal = require_principal()
    if not principal.is_admin:
        raise forbidden(refusal)
    return principal


def require_supervisor(site_id: int, refusal: str) -> Principal:
    """Admins, and supervisors of this site; anyone else is refused with `refusal`."""
    principal = require_principal()
    if not principal.supervises(site_id):
        raise forbidden(refusal)
    return principal


def require_kiosk(refusal: str) -> Principal:
    """The calling kiosk; anyone else is refused with `refusal` (what visitors do where)."""
    principal = require_principal()
    if principal.kind != "device" or principal.role != "kiosk":
        raise forbidden(refusal)
    return principal
