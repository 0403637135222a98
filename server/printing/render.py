"""Renders a ticket for one printer: ESC/POS bytes, and a preview image on demand."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cached_property

from PIL import Image

from .encoder import encode
from .fonts import FontChain, default_font_chain
from .layout import compose
from .pieces import Piece, paper
from .profiles import MODES, PrinterProfile
from .ticket import TicketContent, ticket_layout

# The fonts are loaded once and shared; a FreeType face must not draw in two threads
# at once (one print worker per printer).
_drawing = threading.Lock()


@dataclass(frozen=True)
class RenderedTicket:
    data: bytes  # the whole ticket, sent in one write
    mode: str
    label: str  # the display number; names preview files
    profile: PrinterProfile = field(repr=False)
    pieces: list[Piece] = field(repr=False)
    fonts: FontChain = field(repr=False)

    @cached_property
    def preview(self) -> Image.Image:
        """The printout as it will look, at the printer's width and resolution."""
        with _drawing:
            return paper(self.pieces, self.profile, self.fonts)


def render_ticket(
    content: TicketContent,
    profile: PrinterProfile,
    mode: str | None = None,
    fonts: FontChain | None = None,
) -> RenderedTicket:
    """Raises MissingGlyphError when no font can draw a character of the ticket."""
    mode = mode or profile.mode
    if mode not in MODES:
        raise ValueError(f"unknown print mode {mode!r}; expected one of {', '.join(MODES)}")
    if mode == "native" and not profile.korean_font:
        raise ValueError(f"{profile.name} has no Korean font: native mode needs korean_font = true")
    fonts = fonts or default_font_chain()
    with _drawing:
        pieces = compose(ticket_layout(content), profile, mode, fonts)
    return RenderedTicket(encode(pieces, profile), mode, content.display_number, profile, pieces, fonts)
