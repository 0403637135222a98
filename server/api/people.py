"""Staff as visitors see them (the charter's nameplates and seat charts), staff presence,
and help requests from kiosks."""

from __future__ import annotations

import json

from flask import jsonify

from ..auth import forbidden, require_kiosk, require_principal
from ..infra.clock import iso, parse_iso
from ..queue import QueueError
from ..queue.presence import announce_presence, staff_view
from . import schemas as s
from .routes import api, engine, resolve_site, store

def _staff_rows(where: str, params) -> list[dict]:
    return store().query(
        "SELECT s.*, c.number AS counter_number FROM staff s "
        "LEFT JOIN counters c ON c.staff_id = s.id "
        f"WHERE s.active = 1 AND s.role != 'admin' AND {where} ORDER BY s.department_id, s.id",
        params)


@api.route("/staff", query=s.StaffQuery, auth="public", tag="people",
           summary="Staff of a site or department: name, duty, office phone, photo, presence")
def list_staff(query: s.StaffQuery):
    site_id = resolve_site(query.site_id)
    if query.department_id:
        rows = _staff_rows("s.site_id = ? AND s.department_id = ?", (site_id, query.department_id))
    else:
        rows = _staff_rows("s.site_id = ?", (site_id,))
    return jsonify(staff=[staff_view(r) for r in rows])


@api.route("/staff/me/presence", "POST", auth="staff", body=s.Presence, tag="people",
           summary="Available, away (with a return time) or closed")
def set_presence(body: s.Presence):
    principal = require_principal()
    if not principal.is_staff():
        raise forbidden("Only staff have a presence.")
    away_until = None
    if body.presence == "away" and body.away_until:
        try:
            away_until = parse_iso(body.away_until)
        except ValueError as error:
            raise QueueError("invalid_request", f"Invalid request body: away_until: {error}", 400)
    with store().write() as tx:
        tx.execute("UPDATE staff SET presence = ?, away_until = ? WHERE id = ?",
                   (body.presence, away_until, principal.id))
        view = announce_presence(tx, principal.id, engine().clock.now())
    return jsonify(staff=view)


def _help_view(row: dict, device: dict) -> dict:
    config = json.loads(device["config"])
    return {"id": row["id"], "device": device["name"], "floor": config.get("floor"),
            "place": config.get("place", ""), "requested_at": iso(row["requested_at"]),
            "acknowledged_at": iso(row["acknowledged_at"]),
            "closed_at": iso(row["closed_at"])}


def _help_rooms(site_id: int, device_id: int) -> list[str]:
    return [f"staffsite:{site_id}", f"supervisors:{site_id}", "admins", f"device:{device_id}"]


@api.route("/help-requests", "POST", auth="kiosk", status=201, tag="people",
           summary="A kiosk calls staff for help; the site's staff consoles are alerted")
def request_help():
    principal = require_kiosk("Help is requested from a kiosk.")
    now = engine().clock.now()
    with store().write() as tx:
        existing = tx.one("SELECT * FROM help_requests WHERE device_id = ? AND closed_at IS NULL",
                          (principal.id,))
        if existing:  # a second tap while help is on its way is the same request
            device = tx.one("SELECT * FROM devices WHERE id = ?", (principal.id,))
            return jsonify(help_request=_help_view(existing, device)), 200
        help_id = tx.insert("help_requests", {"site_id": principal.site_id,
                                              "device_id": principal.id, "requested_at": now})
        row = tx.one("SELECT * FROM help_requests WHERE id = ?", (help_id,))
        device = tx.one("SELECT * FROM devices WHERE id = ?", (principal.id,))
        view = _help_view(row, device)
        tx.append_event("help.requested", now, principal.site_id,
                        _help_rooms(principal.site_id, principal.id), {"help_request": view})
    return jsonify(help_request=view), 201


@api.route("/help-requests", auth="staff", query=s.SiteQuery, tag="people",
           summary="Open help requests of a site (staff)")
def list_help_requests(query: s.SiteQuery):
    principal = require_principal()
    if not principal.is_staff():
        raise forbidden("Only staff see help requests.")
    site_id = resolve_site(query.site_id)
    if not principal.belongs_to(site_id):
        raise forbidden("This belongs to another site.")
    rows = store().query("SELECT h.*, d.name, d.config FROM help_requests h JOIN devices d "
                         "ON d.id = h.device_id WHERE h.site_id = ? AND h.closed_at IS NULL "
                         "ORDER BY h.requested_at", (site_id,))
    return jsonify(help_requests=[_help_view(r, r) for r in rows])


def _help_step(help_id: int, closing: bool):
    principal = require_principal()
    row = store().one("SELECT * FROM help_requests WHERE id = ?", (help_id,))
    if row is None:
        raise QueueError("not_found", f"No help request with id {help_id}.", 404)
    if not principal.is_staff() or not principal.belongs_to(row["site_id"]):
        raise forbidden("Only staff of this site answer its help requests.")
    if row["closed_at"] is not None:
        raise QueueError("wrong_status", "This help request is already closed.")
    now = engine().clock.now()
    with store().write() as tx:
        tx.execute("UPDATE help_requests SET acknowledged_at = coalesce(acknowledged_at, ?), "
                   "acknowledged_by = coalesce(acknowledged_by, ?) WHERE id = ?",
                   (now, principal.id, help_id))
        if closing:
            tx.execute("UPDATE help_requests SET closed_at = ? WHERE id = ?", (now, help_id))
        row = tx.one("SELECT * FROM help_requests WHERE id = ?", (help_id,))
        device = tx.one("SELECT * FROM devices WHERE id = ?", (row["device_id"],))
        view = _help_view(row, device)
        view["staff_name"] = principal.name
        event = "help.closed" if closing else "help.acknowledged"
        tx.append_event(event, now, row["site_id"], _help_rooms(row["site_id"], row["device_id"]),
                        {"help_request": view})
    return jsonify(help_request=view)


@api.route("/help-requests/<int:help_id>/acknowledge", "POST", auth="staff", tag="people",
           summary="Staff are on their way; the kiosk says so")
def acknowledge_help(help_id: int):
    return _help_step(help_id, closing=False)


@api.route("/help-requests/<int:help_id>/close", "POST", auth="staff", tag="people",
           summary="The visitor was helped")
def close_help(help_id: int):
    return _help_step(help_id, closing=True)
