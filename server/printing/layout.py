"""Turns ticket blocks into pieces for one printer profile and print mode.

hybrid  Hangul lines as images in the ticket font; digits and Latin lines (the big
        number) in the printer's font, enlarged; QR codes drawn by the printer.
native  Korean lines in the printer's KS X 1001 font too; a line with a character
        outside KS X 1001 (똠, 햏) is drawn as an image instead.
image   the whole ticket as one picture.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from .fonts import FontChain
from .ksx1001 import columns, is_printable_ascii, ks_x_1001_bytes
from .pieces import PRINTER_FONT_HEIGHT, Picture, Piece, PrinterQr, PrinterText, line_height, paper
from .profiles import FONT_A_WIDTH, PrinterProfile
from .raster import qr_image, qr_modules, rule_image, text_strip
from .ticket import BigNumber, Block, QrCode, Rule, Text

MIN_LINE_GAP = 4  # dots of white between two lines drawn as images


def compose(blocks: list[Block], profile: PrinterProfile, mode: str, fonts: FontChain) -> list[Piece]:
    pieces = [piece for block in blocks for piece in block_pieces(block, profile, mode, fonts)]
    return _as_one_picture(pieces, profile, fonts) if mode == "image" else pieces


@functools.lru_cache(maxsize=1024)
def block_pieces(block: Block, profile: PrinterProfile, mode: str,
                 fonts: FontChain) -> tuple[Piece, ...]:
    """A block's pieces, drawn once per printer set-up and reused: most lines of a ticket
    (site, service, route, phone, footer, "3 people ahead") are the same on every ticket,
    and drawing Hangul is most of what a ticket costs (docs/benchmarks.md)."""
    return tuple(_Composer(profile, mode, fonts).pieces(block))


class _Composer:
    def __init__(self, profile: PrinterProfile, mode: str, fonts: FontChain):
        self.profile = profile
        self.mode = mode
        self.fonts = fonts
        self.width = profile.print_width_dots

    def pieces(self, block: Block) -> list[Piece]:
        if isinstance(block, Text):
            return self._text(block)
        if isinstance(block, BigNumber):
            return self._big_number(block)
        if isinstance(block, QrCode):
            return self._qr_code(block)
        if isinstance(block, Rule):
            if self.mode == "image":
                return [Picture(rule_image(self.width, line_height(self.profile)), "left")]
            return [PrinterText("-" * self.profile.columns, 1, "left", False, False)]
        return [block]  # Feed and Cut are the same on every printer

    def _in_printer_font(self, text: str) -> bool:
        if self.mode == "hybrid":
            return is_printable_ascii(text)
        return self.mode == "native" and ks_x_1001_bytes(text) is not None

    def _text(self, block: Text) -> list[Piece]:
        if self._in_printer_font(block.text):
            line_columns = self.profile.columns // block.size
            return [
                PrinterText(line, block.size, block.align, block.bold, not is_printable_ascii(line))
                for line in wrap(block.text, lambda line: columns(line) <= line_columns)
            ]
        size = PRINTER_FONT_HEIGHT * block.size
        fonts = self.fonts.for_language(block.lang)
        lines = wrap(block.text, lambda line: fonts.width(line, size, block.bold) <= self.width)
        return [self._strip(line, block.size, block.align, block.bold, block.fixed, fonts)
                for line in lines]

    def _strip(self, text: str, scale: int, align: str, bold: bool, fixed: bool = False,
               fonts: FontChain | None = None) -> Picture:
        image = text_strip(text, PRINTER_FONT_HEIGHT * scale, bold, fonts or self.fonts)
        # The same line pitch as printer text, so that both kinds of line look alike.
        gap = max(MIN_LINE_GAP, line_height(self.profile, scale) - image.height)
        return Picture(image, align, feed_after=gap, fixed=fixed)

    def _big_number(self, block: BigNumber) -> list[Piece]:
        """The largest size at which the number fits on one line."""
        text = block.text
        in_printer_font = self._in_printer_font(text)
        for scale in range(block.size, 0, -1):
            if in_printer_font and columns(text) * FONT_A_WIDTH * scale <= self.width:
                return [PrinterText(text, scale, "center", True, not is_printable_ascii(text))]
            if not in_printer_font and self.fonts.width(text, PRINTER_FONT_HEIGHT * scale, True) <= self.width:
                return [self._strip(text, scale, "center", True)]
        return self._text(Text(text, bold=True))

    def _qr_code(self, block: QrCode) -> list[Piece]:
        module_dots = max(1, min(block.module_dots, self.width // qr_modules(block.data)))
        if self.mode != "image" and self.profile.native_qr:
            return [PrinterQr(block.data, module_dots, block.align)]
        return [Picture(qr_image(block.data, module_dots), block.align)]


def _as_one_picture(pieces: list[Piece], profile: PrinterProfile, fonts: FontChain) -> list[Piece]:
    """Everything up to the last picture as one full-width picture; the feeds and the
    cut after it stay printer commands."""
    last_picture = max(i for i, piece in enumerate(pieces) if isinstance(piece, Picture))
    ticket = paper(pieces[: last_picture + 1], profile, fonts)
    return [Picture(ticket, "left"), *pieces[last_picture + 1 :]]


def wrap(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Greedy word wrap; a word longer than a line is broken between characters."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if fits(candidate):
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        while not fits(line) and len(line) > 1:
            cut = max((n for n in range(1, len(line)) if fits(line[:n])), default=1)
            lines.append(line[:cut])
            line = line[cut:]
    return [*lines, line] if line else lines
