"""Kiosks and screens: enrol (a device and a token shown once, as an address and a QR
code), see which are online, change their settings, and revoke them. A revoked device's
tokens stop working at once, over HTTP and for its open sockets."""

from __future__ import annotations

import io
import json
import sqlite3

import segno

from ..auth import create_token
from ..infra.clock import iso
from ..queue import QueueEngine, QueueError
from ..realtime import Realtime
from ..infra.store import Store
from . import config as c
from . import models as m


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


class Devices:
    def __init__(self, store: Store, engine: QueueEngine, realtime: Realtime):
        self.store = store
        self.engine = engine
        self.realtime = realtime

    def _online(self) -> dict[int, int]:
        """Open socket connections per device id."""
        counts: dict[int, int] = {}
        for principal, _rooms in list(self.realtime.connections.values()):
            if principal.kind == "device":
                counts[principal.id] = counts.get(principal.id, 0) + 1
        return counts

    def view(self, row: dict, online: dict[int, int] | None = None) -> dict:
        online = self._online() if online is None else online
        config = json.loads(row["config"])
        printer = self.store.one("SELECT id, profile, connection, mode, state, state_message "
                                 "FROM printers WHERE device_id = ?", (row["id"],))
        return {"id": row["id"], "site_id": row["site_id"], "name": row["name"],
                "kind": row["kind"], "config": config, "revoked": bool(row["revoked"]),
                "last_seen": iso(row["last_seen"]), "connections": online.get(row["id"], 0),
                "online": online.get(row["id"], 0) > 0, "page": page_path(row["kind"], config),
                "printer": printer}

    def list(self, site_id: int) -> list[dict]:
        online = self._online()
        return [self.view(r, online) for r in self.store.query(
            "SELECT * FROM devices WHERE site_id = ? ORDER BY kind, name", (site_id,))]

    def load(self, device_id: int) -> dict:
        row = self.store.one("SELECT * FROM devices WHERE id = ?", (device_id,))
        if row is None:
            raise QueueError("not_found", f"No device with id {device_id}.", 404)
        return row

    def _check_config(self, site_id: int, config: dict) -> None:
        for key, table in (("counter_id", "counters"), ("department_id", "departments")):
            if config.get(key) and self.store.one(
                    f"SELECT 1 AS ok FROM {table} WHERE id = ? AND site_id = ?",
                    (config[key], site_id)) is None:
                raise QueueError("invalid_reference", f"config.{key}: not at this site.", 422,
                                 problems=[{"field": f"config.{key}", "problem": "not at this site"}])

    def enrol(self, site_id: int, body: m.DeviceIn) -> dict:
        config = body.config.stored()
        self._check_config(site_id, config)
        try:
            with self.store.write() as tx:
                device_id = tx.insert("devices", {"site_id": site_id, "name": body.name,
                                                  "kind": body.kind, "config": json.dumps(config)})
                c.config_changed(tx, self.engine, site_id, "device", device_id, "created")
        except sqlite3.IntegrityError:
            raise QueueError("conflict", f"A device named {body.name!r} exists already.",
                             409, problems=[{"field": "name", "problem": "taken"}]) from None
        return self.new_token(device_id)

    def update(self, device_id: int, body: m.DevicePatch) -> dict:
        row = self.load(device_id)
        changes = {}
        if body.name is not None:
            changes["name"] = body.name
        if body.config is not None:
            config = body.config.stored()
            self._check_config(row["site_id"], config)
            changes["config"] = json.dumps(config)
        try:
            with self.store.write() as tx:
                if changes:
                    tx.execute(f"UPDATE devices SET {', '.join(f'{k} = ?' for k in changes)} "
                               "WHERE id = ?", (*changes.values(), device_id))
                c.config_changed(tx, self.engine, row["site_id"], "device", device_id,
                                 "updated", rooms=[f"device:{device_id}"])
        except sqlite3.IntegrityError:
            raise QueueError("conflict", f"A device named {body.name!r} exists already.",
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
        self._disconnect(device_id)
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
            c.config_changed(tx, self.engine, row["site_id"], "device", device_id, "revoked")
        self._disconnect(device_id)
        return self.view(self.load(device_id))

    def _disconnect(self, device_id: int) -> None:
        """Close the device's open sockets: their token no longer counts."""
        self.realtime.disconnect_principal("device", device_id)
