"""Printers as staff and admins see them: live state, reprints and test prints."""

from __future__ import annotations

from datetime import datetime

from flask import current_app, jsonify

from ..auth import forbidden, require_principal, require_supervisor
from ..infra.clock import iso
from ..printing.jobs import PrintService, configure_printer, require_printer
from ..printing.ticket import SEOUL, TicketContent
from ..queue import QueueError
from ..queue.errors import not_found
from . import schemas as s
from .routes import api, check_site_member, engine, resolve_site, store, ticket_link


def printing() -> PrintService:
    return current_app.extensions["sunbeon.printing"]


def _printer_view(row: dict) -> dict:
    return {"id": row["id"], "device": row["device_name"], "device_id": row["device_id"],
            "profile": row["profile"], "connection": row["connection"], "mode": row["mode"],
            "state": row["state"], "state_message": row["state_message"],
            "state_at": iso(row["state_at"])}


@api.route("/printers", auth="supervisor", query=s.SiteQuery, tag="printing",
           summary="Each kiosk printer with its live state (supervisors and admins)")
def list_printers(query: s.SiteQuery):
    site_id = resolve_site(query.site_id)
    require_supervisor(site_id, "Only supervisors and admins see printers.")
    rows = store().query("SELECT p.*, d.name AS device_name FROM printers p JOIN devices d "
                         "ON d.id = p.device_id WHERE d.site_id = ? ORDER BY d.name", (site_id,))
    return jsonify(printers=[_printer_view(r) for r in rows])


@api.route("/devices/<int:device_id>/printer", "PUT", auth="admin", body=s.PrinterSettings, tag="printing",
           summary="Give a kiosk its printer: model profile, connection URL, print mode (admins)")
def set_printer(device_id: int, body: s.PrinterSettings):
    device = store().one("SELECT * FROM devices WHERE id = ?", (device_id,))
    if device is None:
        raise QueueError("not_found", f"No device with id {device_id}.", 404)
    if device["kind"] != "kiosk":
        raise QueueError("not_a_kiosk", f"{device['name']} is a {device['kind']}, not a kiosk.", 422)
    try:
        configure_printer(store(), printing().profiles, device_id, body.profile,
                          body.connection, body.mode)
    except ValueError as error:
        raise QueueError("invalid_printer", str(error), 422) from None
    row = store().one("SELECT p.*, d.name AS device_name FROM printers p JOIN devices d "
                      "ON d.id = p.device_id WHERE p.device_id = ?", (device_id,))
    printing().wake(row["id"])
    return jsonify(printer=_printer_view(row))


@api.route("/tickets/<int:ticket_id>/reprint", "POST", auth="staff", body=s.Reprint, status=202,
           tag="printing", summary="Print a ticket again (staff), at the kiosk that issued it")
def reprint(ticket_id: int, body: s.Reprint):
    principal = require_principal()
    ticket = engine().ticket(ticket_id)
    check_site_member(principal, ticket["site_id"])
    device_id = body.device_id or ticket["issued_by_device_id"]
    if device_id is None:
        raise forbidden("This ticket was not issued at a kiosk: give device_id.")
    if store().one("SELECT 1 AS yes FROM devices WHERE id = ? AND kind = 'kiosk' "
                   "AND site_id = ?", (device_id, ticket["site_id"])) is None:
        raise not_found("kiosk", device_id)  # another site's kiosk is as if unknown
    printer = require_printer(printing(), device_id)
    with store().write() as tx:
        content = printing().content_for(ticket, ticket_link(ticket["public_code"]), tx,
                                          device_id=device_id)
        job = printing().enqueue(tx, printer, ticket_id, "reprint", content)
    printing().wake(printer["id"])
    return jsonify(print=job), 202


@api.route("/printers/<int:printer_id>/test", "POST", auth="supervisor", status=202, tag="printing",
           summary="Print a sample ticket (admins)")
def test_print(printer_id: int):
    principal = require_principal()
    printer = store().one("SELECT p.*, d.site_id FROM printers p JOIN devices d "
                          "ON d.id = p.device_id WHERE p.id = ?", (printer_id,))
    if printer is None:
        raise QueueError("not_found", f"No printer with id {printer_id}.", 404)
    if not principal.supervises(printer["site_id"]):
        raise forbidden("Only supervisors and admins print tests.")
    site = engine().site(printer["site_id"])
    sample = TicketContent(
        site_name=site["names"]["ko"], department_name="시험 인쇄", service_name="시험 인쇄 Test",
        display_number="A-000", priority=False, people_ahead=0, estimated_minutes=0,
        issued_at=datetime.fromtimestamp(engine().clock.now(), SEOUL), where_to_go="1층 민원실",
        department_phone=site["phone"], qr_url=ticket_link("test"), footer="시험 인쇄입니다")
    with store().write() as tx:
        job = printing().enqueue(tx, printer, None, "test", sample)
    printing().wake(printer_id)
    return jsonify(print=job), 202
