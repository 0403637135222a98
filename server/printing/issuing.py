"""A ticket and its paper: issued by the engine, the paper queued in the same transaction
for a kiosk that has a printer, so that a ticket shown to a visitor has its print job."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from ..queue import QueueEngine
from .jobs import PrintService

if TYPE_CHECKING:
    from ..auth import Principal   # only its id, kind and role are read


def issue_with_paper(engine: QueueEngine, printing: PrintService, principal: "Principal",
                     service_id: int, *, link: Callable[[str], str], also=None,
                     lang: str = "ko", **options) -> tuple[dict, bool]:
    """Issue a ticket for this caller; a kiosk's paper ticket is queued in the same
    transaction, as is `also(tx, row)`, in the visitor's `lang` and Korean; the ticket
    keeps `lang` for this visit. Returns (the ticket with the visitor's `link` and its
    print state, created)."""
    printer = printing.printer_of_device(principal.id) if principal.role == "kiosk" else None
    job: dict = {}

    def paper(tx, row, view):
        content = printing.content_for(row, link(row["public_code"]), tx, view=view,
                                       device_id=principal.id, lang=lang)
        job.update(printing.enqueue(tx, printer, row["id"], "ticket", content))

    ticket, created = engine.issue(
        service_id, device_id=principal.id if principal.kind == "device" else None,
        lang=lang, on_issued=also, with_view=paper if printer else None, **options)
    # Only the issuer learns the visitor's private link, never the public screens.
    ticket["link"] = link(ticket.pop("public_code"))
    if job:
        printing.wake(job["printer_id"])
    paper = job or (printing.job_for_ticket(ticket["id"]) if printer else None)
    if paper:
        ticket["print"] = {"job_id": paper["job_id"], "status": paper["status"],
                           "reason": paper.get("reason")}
    return ticket, created
