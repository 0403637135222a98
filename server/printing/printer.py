"""Print one ticket: check the printer, send the ticket in one write, say how it went.

No queue and no retries here: the caller stores jobs and runs one worker per printer.
"""

from __future__ import annotations

from dataclasses import dataclass

from .connections import DEFAULT_TIMEOUT, Connection, Deadline, PrinterError
from .fonts import FontChain, MissingGlyphError
from .profiles import PrinterProfile
from .render import RenderedTicket, render_ticket
from .status import PrinterStatus
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
) -> PrintResult:
    try:
        ticket = render_ticket(content, profile, mode, fonts)
    except MissingGlyphError as error:
        return PrintResult(False, "missing_glyph", str(error))
    return send_ticket(ticket, connection, timeout=timeout)


def send_ticket(ticket: RenderedTicket, connection: Connection, *, timeout: float = DEFAULT_TIMEOUT) -> PrintResult:
    """Send a rendered ticket; refuses when the printer reports it cannot print."""
    checks_status = ticket.profile.status
    status = None
    try:
        with connection.session(Deadline(timeout)) as session:
            if checks_status:
                status = session.status()
                if not status.can_print:
                    return PrintResult(False, status.state, status.message, status)
            session.write(ticket.data, ticket)
            if checks_status and not session.confirm():
                return PrintResult(False, "unconfirmed", UNCONFIRMED_MESSAGE, status, bytes_sent=len(ticket.data))
    except PrinterError as error:
        return PrintResult(False, error.reason, str(error), status)
    warnings = (status.state,) if status and status.state == "paper_near_end" else ()
    return PrintResult(True, "", "출력했습니다 / Printed", status, warnings, len(ticket.data))
