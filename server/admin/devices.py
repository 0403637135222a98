"""Kiosks and screens: enrol (a device and a token shown once, as an address and a QR
code), see which are online, change their settings, and revoke them. A revoked device's
tokens stop working at once, over HTTP and for its open sockets."""

from __future__ import annotations

import io
import json
from typing import Protocol

import segno

from ..auth import create_token
from ..infra.clock import iso
from .. import audiences
from ..queue import QueueEngine
from ..refusal import Refusal
from ..infra.store import INTEGRITY_ERRORS, Store
from . import forms as m


def page_path(kind: str, config: dict) -> str:
    """The page a device of this kind opens (docs/screens.md, docs/kiosk.md)."""
    if kind == "kiosk":
        return "/kiosk"
    if kind == "board":
        return "/display/board"
    if kind == "counter_display":
        return f"/display/counter/{config.get('counter_id', 0)}"
    if kind == "directory":
        return f"/display/directory/{config.get('floor', 1)}"
    return f"/display/seats/{config.get('department_id', 0)}"


def qr_svg(text: str) -> str:
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="svg", scale=4, border=2, title="QR",
                                     xmldecl=False, svgns=True)
    return out.getvalue().decode()


class Sockets(Protocol):
    """What devices need of the live connections (server/realtime.py gives it)."""

    def device_connections(self) -> dict[int, int]: ...

    def disconnect_device(self, device_id: int) -> int: ...


def _check_config(q, site_id: int, config: dict) -> None:
    for key, table in (("counter_id", "counters"), ("department_id", "departments")):
        if config.get(key) and q.one(f"SELECT 1 AS ok FROM {table} WHERE id = ? AND site_id = ?",
                                     (config[key], site_id)) is None:
            raise Refusal("invalid_reference", f"config.{key}: not at this site.", 422,
                          problems=[{"field": f"config.{key}", "problem": "not at this site"}])


def add_device(store: Store, engine: QueueEngine, site_id: int, body: m.DeviceIn) -> int:
    """A new device of a site, with its `config.changed` event (the console and the
    command line alike); its token is made apart."""
    config = body.config.stored()
    _check_config(store, site_id, config)
    try:
        with store.write() as tx:
            device_id = tx.insert("devices", {"site_id": site_id, "name": body.name,
                                              "kind": body.kind, "config": json.dumps(config)})
            engine.config_changed(tx, site_id, "device", device_id, "created")
    except INTEGRITY_ERRORS:
        raise Refusal("conflict", f"A device named {body.name!r} exists already.",
                      409, problems=[{"field": "name", "problem": "taken"}]) from None
    return device_id


def device_seen(store: Store, device_id: int, at: float) -> None:
    """A device connected: the console's "last seen" (no event: nobody waits for it)."""
    with store.write() as tx:
        tx.execute("UPDATE devices SET last_seen = ? WHERE id = ?", (at, device_id))


class Devices:
    def __init__(self, store: Store, engine: QueueEngine, sockets: Sockets):
        self.store = store
        self.engine = engine
        self.sockets = sockets

    def view(self, row: dict, online: dict[int, int] | None = None) -> dict:
        online = self.sockets.device_connections() if online is None else online
        config = json.loads(row["config"])
        printer = self.store.one("SELECT id, profile, connection, mode, state, state_message "
                                 "FROM printers WHERE device_id = ?", (row["id"],))
        return {"id": row["id"], "site_id": row["site_id"], "name": row["name"],
                "kind": row["kind"], "config": config, "revoked": bool(row["revoked"]),
                "last_seen": iso(row["last_seen"]), "connections": online.get(row["id"], 0),
                "online": online.get(row["id"], 0) > 0, "page": page_path(row["kind"], config),
                "printer": printer}

    def list(self, site_id: int) -> list[dict]:
        online = self.sockets.device_connections()
        return [self.view(r, online) for r in self.store.query(
            "SELECT * FROM devices WHERE site_id = ? ORDER BY kind, name", (site_id,))]

    def load(self, device_id: int) -> dict:
        row = self.store.one("SELECT * FROM devices WHERE id = ?", (device_id,))
        if row is None:
            raise Refusal("not_found", f"No device with id {device_id}.", 404)
        return row

    def enrol(self, site_id: int, body: m.DeviceIn) -> dict:
        return self.new_token(add_device(self.store, self.engine, site_id, body))

    def update(self, device_id: int, body: m.DevicePatch) -> dict:
        row = self.load(device_id)
        changes = {}
        if body.name is not None:
            changes["name"] = body.name
        if body.config is not None:
            config = body.config.stored()
            _check_config(self.store, row["site_id"], config)
            changes["config"] = json.dumps(config)
        try:
            with self.store.write() as tx:
                if changes:
                    tx.execute(f"UPDATE devices SET {', '.join(f'{k} = ?' for k in changes)} "
                               "WHERE id = ?", (*changes.values(), device_id))
                self.engine.config_changed(tx, row["site_id"], "device", device_id,
                                 "updated", rooms=[audiences.device(device_id)])
        except INTEGRITY_ERRORS:
            raise Refusal("conflict", f"A device named {body.name!r} exists already.",
                          409, problems=[{"field": "name", "problem": "taken"}]) from None
        return self.view(self.load(device_id))

    def new_token(self, device_id: int) -> dict:
        """A fresh token; the device's earlier tokens stop working (a re-enrolment)."""
        row = self.load(device_id)
        now = self.engine.clock.now()
        with self.store.write() as tx:
            tx.execute("UPDATE tokens SET revoked_at = ? WHERE device_id = ? "
                       "AND revoked_at IS NULL", (now, device_id))
            tx.execute("UPDATE devices SET revoked = 0 WHERE id = ?", (device_id,))
        self.sockets.disconnect_device(device_id)
        token = create_token(self.store, now, device_id=device_id)
        return {"device": self.view(self.load(device_id)), "token": token,
                "path": f"{page_path(row['kind'], json.loads(row['config']))}?token={token}"}

    def revoke(self, device_id: int) -> dict:
        row = self.load(device_id)
        now = self.engine.clock.now()
        with self.store.write() as tx:
            tx.execute("UPDATE devices SET revoked = 1 WHERE id = ?", (device_id,))
            tx.execute("UPDATE tokens SET revoked_at = ? WHERE device_id = ? "
                       "AND revoked_at IS NULL", (now, device_id))
            self.engine.config_changed(tx, row["site_id"], "device", device_id, "revoked")
        self.sockets.disconnect_device(device_id)
        return self.view(self.load(device_id))
