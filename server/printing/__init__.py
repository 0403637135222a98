"""Ticket printing: profiles, layout, ESC/POS encoding, connections and status.

    profiles = load_profiles()
    connection = connection_from_url("tcp://192.168.0.50")
    result = print_ticket(content, profiles["epson-tm-t88"], connection)

See docs/printing.md.
"""

from .connections import Connection, PrinterError, connection_from_url
from .fonts import FontChain, MissingGlyphError, default_font_chain
from .printer import PrintResult, print_ticket, send_ticket
from .profiles import PrinterProfile, ProfileError, load_profile, load_profiles
from .render import RenderedTicket, render_ticket
from .status import PrinterStatus
from .ticket import TicketContent

__all__ = [
    "Connection",
    "FontChain",
    "MissingGlyphError",
    "PrintResult",
    "PrinterError",
    "PrinterProfile",
    "PrinterStatus",
    "ProfileError",
    "RenderedTicket",
    "TicketContent",
    "connection_from_url",
    "default_font_chain",
    "load_profile",
    "load_profiles",
    "print_ticket",
    "render_ticket",
    "send_ticket",
]
