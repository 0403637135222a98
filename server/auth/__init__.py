"""Who is asking: staff signed in with a password (browser session) or a bearer token,
and devices (kiosks, screens) with their own tokens. Permissions are decided here, on
the server, for HTTP requests and socket connections alike."""

from __future__ import annotations

import functools
import hashlib
import json
import secrets
from dataclasses import dataclass, field

from flask import current_app, g, request, session
from werkzeug.security import check_password_hash, generate_password_hash

from . import sessions
from ..refusal import Refusal
from ..infra.store import Store

# The roles of people and the kinds of devices, in the order forms offer them: the admin
# console's forms, the command line and the permission checks all read these.
ROLES = ("staff", "supervisor", "admin")
DEVICE_KINDS = ("kiosk", "board", "counter_display", "directory", "seat_chart")
TOKEN_PREFIX = "sb_"
SESSION_KEY = "sid"  # the cookie's one value: a random id, looked up in `sessions`


@dataclass(frozen=True)
class Principal:
    kind: str                 # "staff" or "device"
    id: int
    name: str
    role: str                 # a staff role, or a device kind
    site_id: int | None       # None for an admin of every site
    config: dict = field(default_factory=dict, hash=False, compare=False)
    session_id: int | None = field(default=None, compare=False)  # the signed-in session's row

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


def _staff_principal(row: dict, session_id: int | None = None) -> Principal:
    return Principal("staff", row["id"], row["name"], row["role"], row["site_id"],
                     session_id=session_id)


@functools.cache
def _nobodys_hash() -> str:
    """A hash of no one's password, made once per process."""
    return hash_password(secrets.token_hex(16))


def staff_by_login(store: Store, login: str, password: str) -> Principal | None:
    row = store.one("SELECT * FROM staff WHERE login = ? AND active = 1", (login,))
    known = row is not None and bool(row["password_hash"])
    # Exactly one hash check either way, so response time does not reveal which logins
    # exist (hashing a fresh password for an unknown login took twice as long).
    matches = check_password_hash(row["password_hash"] if known else _nobodys_hash(), password)
    return _staff_principal(row) if known and matches else None


def principal_for_token(store: Store, token: str) -> Principal | None:
    # A device's token and the device in one read: kiosks and screens send one with every
    # request, and a kiosk's ticket is mostly such reads and its one write.
    row = store.one(
        "SELECT t.staff_id, d.id, d.name, d.kind, d.site_id, d.config FROM tokens t "
        "LEFT JOIN devices d ON d.id = t.device_id AND d.revoked = 0 "
        "WHERE t.token_hash = ? AND t.revoked_at IS NULL", (_token_hash(token),))
    if row is None:
        return None
    if row["staff_id"] is not None:
        return staff_principal(store, row["staff_id"])
    if row["id"] is None:           # the device was revoked
        return None
    return Principal("device", row["id"], row["name"], row["kind"], row["site_id"],
                     json.loads(row["config"]))


def staff_principal(store: Store, staff_id: int) -> Principal | None:
    row = store.one("SELECT * FROM staff WHERE id = ? AND active = 1", (staff_id,))
    return _staff_principal(row) if row else None


def session_limits() -> dict:
    """How long a session lasts unused (SESSION_IDLE_MINUTES) and at most
    (PERMANENT_SESSION_LIFETIME), in seconds."""
    idle = float(current_app.config.get("SESSION_IDLE_MINUTES") or sessions.IDLE_MINUTES)
    return {"idle_seconds": idle * 60,
            "lifetime_seconds": current_app.permanent_session_lifetime.total_seconds()}


def session_principal(store: Store) -> Principal | None:
    """The person whose live session the cookie names, if any."""
    session_id = session.get(SESSION_KEY)
    if not isinstance(session_id, str):
        return None
    row = sessions.find(store, session_id, current_app.extensions["sunbeon.engine"].clock.now(),
                        **session_limits())
    return _staff_principal(row, row["session_id"]) if row else None


def principal_from_credentials(store: Store, token: str | None) -> Principal | None:
    """The bearer token if one is given, else the signed-in browser session."""
    if token:
        return principal_for_token(store, token)
    return session_principal(store)


def current_principal() -> Principal | None:
    if "principal" not in g:
        header = request.headers.get("Authorization", "")
        token = header[7:].strip() if header.lower().startswith("bearer ") else None
        g.principal = principal_from_credentials(current_app.extensions["sunbeon.store"], token)
    return g.principal


def require_principal() -> Principal:
    principal = current_principal()
    if principal is None:
        raise Refusal("unauthorized", "Sign in, or send a valid bearer token.", 401)
    return principal


def forbidden(message: str) -> Refusal:
    return Refusal("forbidden", message, 403)


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


# ---- who may call an operation at all ------------------------------------------------
# Each API route declares one of these (`auth=`, published as `x-auth`); it is checked
# before the request body is read, so a caller who may not act learns nothing of the
# schema. Views then check the site of each object they act on or name.

PERMISSIONS = {
    "any": ("anyone signed in or any enrolled device", lambda p: True),
    "staff": ("staff", lambda p: p.is_staff()),
    "supervisor": ("supervisors and admins",
                   lambda p: p.is_admin or (p.is_staff() and p.role == "supervisor")),
    "admin": ("admins", lambda p: p.is_admin),
    "kiosk": ("kiosks", lambda p: p.kind == "device" and p.role == "kiosk"),
}


def check_permission_name(permission: str) -> None:
    """`permission` is "public", or names of PERMISSIONS joined by "|" ("staff|kiosk")."""
    if permission != "public" and not all(name in PERMISSIONS
                                          for name in permission.split("|")):
        raise ValueError(f"Unknown permission {permission!r}")


def allows(permission: str, principal: Principal) -> bool:
    """Whether `principal` holds `permission` (names of PERMISSIONS joined by "|")."""
    return any(PERMISSIONS[name][1](principal) for name in permission.split("|"))


def require_permission(permission: str) -> Principal | None:
    if permission == "public":
        return None
    principal = require_principal()
    names = permission.split("|")
    if not allows(permission, principal):
        raise forbidden(f"Only {' and '.join(PERMISSIONS[n][0] for n in names)} may do this.")
    return principal
