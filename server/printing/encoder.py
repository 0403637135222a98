"""Turns pieces into the ESC/POS bytes of one ticket, built in a python-escpos Dummy
so that the whole ticket goes to the printer in one write."""

from __future__ import annotations

from escpos.constants import QR_ECLEVEL_M
from escpos.printer import Dummy

from .ksx1001 import ks_x_1001_bytes
from .pieces import Picture, Piece, PrinterQr, PrinterText
from .profiles import PrinterProfile
from .raster import without_realtime_commands
from .ticket import Cut, Feed

# python-escpos cannot print Korean: these are sent as raw commands.
KOREAN_CHARACTER_SET = b"\x1bR\x0d"  # ESC R 13: Korea (0x5C prints as ₩)
KOREAN_MODE_ON = b"\x1c&"  # FS &: double-byte characters
KOREAN_MODE_OFF = b"\x1c."  # FS .

FEED_DOTS = b"\x1bJ"  # ESC J n: print and feed n dots

TEAR_OFF_FEED_LINES = 4  # without a cutter, bring the last line past the tear bar


def encode(pieces: list[Piece], profile: PrinterProfile) -> bytes:
    printer = Dummy(profile=profile.escpos_profile)
    printer.hw("INIT")
    if any(isinstance(piece, PrinterText) and piece.korean for piece in pieces):
        printer._raw(KOREAN_CHARACTER_SET)
    for piece in pieces:
        if isinstance(piece, PrinterText):
            printer.set(align=piece.align, bold=piece.bold, custom_size=True, width=piece.scale, height=piece.scale)
            if piece.korean:
                printer._raw(KOREAN_MODE_ON + ks_x_1001_bytes(piece.text) + KOREAN_MODE_OFF + b"\n")
            else:
                printer.text(piece.text + "\n")
        elif isinstance(piece, Picture):
            printer.set(align=piece.align)
            printer.image(
                without_realtime_commands(piece.image),
                impl="bitImageRaster",
                fragment_height=profile.max_image_rows,
            )
            if piece.feed_after:
                printer._raw(FEED_DOTS + bytes([piece.feed_after]))
        elif isinstance(piece, PrinterQr):
            # Alignment first: python-escpos refuses center=True for native codes.
            printer.set(align=piece.align)
            printer.qr(piece.data, ec=QR_ECLEVEL_M, size=piece.module_dots, native=True)  # as raster.qr_image
        elif isinstance(piece, Feed):
            printer.print_and_feed(piece.lines)
        elif isinstance(piece, Cut):
            if profile.cut == "none":
                printer.print_and_feed(TEAR_OFF_FEED_LINES)
            else:
                printer.cut(mode="PART" if profile.cut == "partial" else "FULL")
    return printer.output
