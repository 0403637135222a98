"""Printers as staff and admins see them: live state, reprints and test prints."""

from __future__ import annotations

from flask import current_app, jsonify

from ..auth import require_principal, require_supervisor
from ..printing import printers
from ..printing.jobs import PrintService
from . import schemas as s
from .routes import api, check_site_member, engine, resolve_site, ticket_link


def printing() -> PrintService:
    return current_app.extensions["sunbeon.printing"]


@api.route("/printers", auth="supervisor", query=s.SiteQuery, tag="printing",
           summary="Each kiosk printer with its live state (supervisors and admins)")
def list_printers(query: s.SiteQuery):
    site_id = resolve_site(query.site_id)
    require_supervisor(site_id, "Only supervisors and admins see printers.")
    return jsonify(printers=printers.site_printers(printing(), site_id))


@api.route("/devices/<int:device_id>/printer", "PUT", auth="admin", body=s.PrinterSettings, tag="printing",
           summary="Give a kiosk its printer: model profile, connection URL, print mode (admins)")
def set_printer(device_id: int, body: s.PrinterSettings):
    return jsonify(printer=printers.set_printer(printing(), device_id, body.profile,
                                                body.connection, body.mode))


@api.route("/tickets/<int:ticket_id>/reprint", "POST", auth="staff", body=s.Reprint, status=202,
           tag="printing", summary="Print a ticket again (staff), at the kiosk that issued it")
def reprint(ticket_id: int, body: s.Reprint):
    ticket = engine().ticket(ticket_id)
    check_site_member(require_principal(), ticket["site_id"])
    job = printers.reprint(printing(), ticket, body.device_id, ticket_link(ticket["public_code"]))
    return jsonify(print=job), 202


@api.route("/printers/<int:printer_id>/test", "POST", auth="supervisor", status=202, tag="printing",
           summary="Print a sample ticket (admins)")
def test_print(printer_id: int):
    printer = printers.printer(printing(), printer_id)
    require_supervisor(printer["site_id"], "Only supervisors and admins print tests.")
    return jsonify(print=printers.print_sample(printing(), printer_id, ticket_link("test"))), 202
