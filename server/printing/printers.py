"""Printers as supervisors and admins handle them: each kiosk printer of a site with its
live state, giving a kiosk its printer, and the jobs people ask for (a reprint of a
ticket, a sample ticket). A job is written in one transaction and its printer's worker
woken after COMMIT; the result arrives as a `print.done` / `print.failed` event."""

from __future__ import annotations

import json
from datetime import datetime

from ..infra.clock import iso
from ..refusal import Refusal, not_found
from .jobs import PrintService, configure_printer, require_printer
from .ticket import SEOUL, TicketContent

_WITH_DEVICE = ("SELECT p.*, d.name AS device_name, d.site_id FROM printers p "
                "JOIN devices d ON d.id = p.device_id")


def printer_view(row: dict) -> dict:
    return {"id": row["id"], "device": row["device_name"], "device_id": row["device_id"],
            "profile": row["profile"], "connection": row["connection"], "mode": row["mode"],
            "state": row["state"], "state_message": row["state_message"],
            "state_at": iso(row["state_at"])}


def site_printers(service: PrintService, site_id: int) -> list[dict]:
    """The site's kiosk printers, by kiosk name."""
    rows = service.store.query(f"{_WITH_DEVICE} WHERE d.site_id = ? ORDER BY d.name",
                               (site_id,))
    return [printer_view(r) for r in rows]


def printer(service: PrintService, printer_id: int) -> dict:
    """A printer with its kiosk's name and site (404 if unknown)."""
    row = service.store.one(f"{_WITH_DEVICE} WHERE p.id = ?", (printer_id,))
    if row is None:
        raise Refusal("not_found", f"No printer with id {printer_id}.", 404)
    return row


def set_printer(service: PrintService, device_id: int, profile: str, connection: str,
                mode: str | None) -> dict:
    """Give a kiosk its printer (model profile, connection URL, print mode); its worker
    uses it from the next job on."""
    device = service.store.one("SELECT * FROM devices WHERE id = ?", (device_id,))
    if device is None:
        raise Refusal("not_found", f"No device with id {device_id}.", 404)
    if device["kind"] != "kiosk":
        raise Refusal("not_a_kiosk", f"{device['name']} is a {device['kind']}, not a kiosk.",
                      422)
    try:
        printer_id = configure_printer(service.store, service.profiles, device_id, profile,
                                       connection, mode)
    except ValueError as error:
        raise Refusal("invalid_printer", str(error), 422) from None
    service.wake(printer_id)
    return printer_view(printer(service, printer_id))


def reprint(service: PrintService, ticket: dict, device_id: int | None, link: str) -> dict:
    """Print a ticket again at a kiosk of its site: the one named, else the one that
    issued it. `link` is the visitor's ticket page, for the QR code."""
    device_id = device_id or ticket["issued_by_device_id"]
    if device_id is None:
        raise Refusal("forbidden", "This ticket was not issued at a kiosk: give device_id.", 403)
    if service.store.one("SELECT 1 AS yes FROM devices WHERE id = ? AND kind = 'kiosk' "
                         "AND site_id = ?", (device_id, ticket["site_id"])) is None:
        raise not_found("kiosk", device_id)  # another site's kiosk is as if unknown
    kiosk_printer = require_printer(service, device_id)
    with service.store.write() as tx:
        # In the language the ticket was first printed in.
        first = tx.one("SELECT content FROM print_jobs WHERE ticket_id = ? ORDER BY id LIMIT 1",
                       (ticket["id"],))
        lang = json.loads(first["content"]).get("lang", "ko") if first else "ko"
        content = service.content_for(ticket, link, tx, device_id=device_id, lang=lang)
        job = service.enqueue(tx, kiosk_printer, ticket["id"], "reprint", content)
    service.wake(kiosk_printer["id"])
    return job


def print_sample(service: PrintService, printer_id: int, link: str) -> dict:
    """A sample ticket, to see that the printer, its paper and its Hangul work."""
    row = printer(service, printer_id)
    site = service.engine.site(row["site_id"])
    sample = TicketContent(
        site_name=site["names"]["ko"], department_name="시험 인쇄", service_name="시험 인쇄 Test",
        display_number="A-000", priority=False, people_ahead=0, estimated_minutes=0,
        issued_at=datetime.fromtimestamp(service.engine.clock.now(), SEOUL),
        where_to_go="1층 민원실", department_phone=site["phone"], qr_url=link,
        footer="시험 인쇄입니다")
    with service.store.write() as tx:
        job = service.enqueue(tx, row, None, "test", sample)
    service.wake(printer_id)
    return job
