"""What the printer is told to print, piece by piece, and how each piece looks on paper.

The layout turns ticket blocks into pieces for one printer and mode; the encoder turns
pieces into ESC/POS bytes; paper() draws them into the preview image.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

from .fonts import FontChain
from .profiles import PrinterProfile
from .raster import WHITE, qr_image, stack, text_strip
from .ticket import Cut, Feed

PRINTER_FONT_HEIGHT = 24  # dots; font A and the KS X 1001 font


@dataclass(frozen=True)
class PrinterText:
    """A line in the printer's own font, enlarged scale times in both directions."""

    text: str
    scale: int
    align: str
    bold: bool
    korean: bool  # sent as KS X 1001 double-byte characters


@dataclass(frozen=True, eq=False)  # one picture is one object: drawn once, its bytes kept
class Picture:
    image: Image.Image  # mode "1"
    align: str
    feed_after: int = 0  # blank dots fed after the picture
    fixed: bool = False  # the same on every ticket: may be stored in the printer (stored.py)


@dataclass(frozen=True)
class PrinterQr:
    """A QR code the printer draws itself."""

    data: str
    module_dots: int
    align: str


Piece = PrinterText | Picture | PrinterQr | Feed | Cut


def line_height(profile: PrinterProfile, scale: int = 1) -> int:
    """Paper advanced by one line of printer text: the ESC/POS default line spacing
    of 1/6 inch, or the character height when enlarged text is taller."""
    return max(PRINTER_FONT_HEIGHT * scale, round(profile.dpi / 6))


def blank(height: int) -> Image.Image:
    return Image.new("1", (1, height), WHITE)


def _look(piece: Piece, profile: PrinterProfile, fonts: FontChain) -> list[tuple[Image.Image, str]]:
    if isinstance(piece, PrinterText):
        # An approximation of the printer's font, drawn in the ticket font.
        strip = text_strip(piece.text, PRINTER_FONT_HEIGHT * piece.scale, piece.bold, fonts)
        line = Image.new("1", (strip.width, line_height(profile, piece.scale)), WHITE)
        line.paste(strip, (0, 0))
        return [(line, piece.align)]
    if isinstance(piece, Picture):
        gap = [(blank(piece.feed_after), "left")] if piece.feed_after else []
        return [(piece.image, piece.align), *gap]
    if isinstance(piece, PrinterQr):
        return [(qr_image(piece.data, piece.module_dots), piece.align)]
    if isinstance(piece, Feed):
        return [(blank(line_height(profile) * piece.lines), "left")]
    return []  # the cut leaves nothing on paper


def paper(pieces: list[Piece], profile: PrinterProfile, fonts: FontChain) -> Image.Image:
    """The printout as an image at the printer's width and resolution."""
    rows = [row for piece in pieces for row in _look(piece, profile, fonts)]
    return stack(rows, profile.print_width_dots)
