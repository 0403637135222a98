"""Print one ticket: check the printer, send the ticket in one write, say how it went.

No queue and no retries here: the caller stores jobs and runs one worker per printer.
"""

from __future__ import annotations

from dataclasses import dataclass

from .connections import DEFAULT_TIMEOUT, Connection, Deadline, PrinterError, Session
from .encoder import encode
from .fonts import FontChain, MissingGlyphError
from .pieces import Picture
from .profiles import PrinterProfile
from .render import RenderedTicket, render_ticket
from .status import PrinterStatus
from .stored import PrinterMemory
from .ticket import TicketContent

UNCONFIRMED_MESSAGE = (
    "티켓을 보냈지만 프린터가 받았는지 확인하지 못했습니다 / "
    "Ticket sent, but the printer did not confirm it received all of it"
)


@dataclass(frozen=True)
class PrintResult:
    ok: bool
    reason: str  # "" when printed, else a short code: "paper_out", "no_reply", "timeout", ...
    message: str  # for the log: Korean and English for printer states, English details otherwise
    status: PrinterStatus | None = None  # read before printing, when the printer reports status
    warnings: tuple[str, ...] = ()  # e.g. ("paper_near_end",): printed, but needs attention
    bytes_sent: int = 0


def print_ticket(
    content: TicketContent,
    profile: PrinterProfile,
    connection: Connection,
    mode: str | None = None,
    *,
    fonts: FontChain | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    memory: PrinterMemory | None = None,
) -> PrintResult:
    try:
        ticket = render_ticket(content, profile, mode, fonts)
    except MissingGlyphError as error:
        return PrintResult(False, "missing_glyph", str(error))
    return send_ticket(ticket, connection, timeout=timeout, memory=memory)


def send_ticket(ticket: RenderedTicket, connection: Connection, *, timeout: float = DEFAULT_TIMEOUT,
                memory: PrinterMemory | None = None) -> PrintResult:
    """Send a rendered ticket; refuses when the printer reports it cannot print. With the
    printer's `memory` (one per printer, kept by its worker), the ticket's fixed lines
    are stored in a printer that can keep them and printed by key."""
    checks_status = ticket.profile.status
    status = None
    data = ticket.data
    try:
        with connection.session(Deadline(timeout)) as session:
            if checks_status:
                status = session.status()
                if not status.can_print:
                    return PrintResult(False, status.state, status.message, status)
            if memory is not None and ticket.profile.stored_graphics:
                data = _with_stored_graphics(ticket, session, memory)
            session.write(data, ticket)
            if checks_status and not session.confirm():
                if memory is not None:
                    memory.forget()
                return PrintResult(False, "unconfirmed", UNCONFIRMED_MESSAGE, status, bytes_sent=len(data))
    except PrinterError as error:
        if memory is not None:
            memory.forget()
        return PrintResult(False, error.reason, str(error), status)
    warnings = (status.state,) if status and status.state == "paper_near_end" else ()
    return PrintResult(True, "", "출력했습니다 / Printed", status, warnings, len(data))


def _with_stored_graphics(ticket: RenderedTicket, session: Session, memory: PrinterMemory) -> bytes:
    """The ticket with its fixed pictures printed from the printer's memory, storing
    those it lacks first; the plain ticket when the printer cannot say what it holds."""
    pictures = list(dict.fromkeys(p for p in ticket.pieces if isinstance(p, Picture) and p.fixed))
    if not pictures:
        return ticket.data
    held = session.stored_keys()
    if held is None:
        memory.forget()
        return ticket.data
    stored, keys = memory.plan(held, [p.image for p in pictures])
    return encode(ticket.pieces, ticket.profile, stored, dict(zip(pictures, keys)))
