"""Turns pieces into the ESC/POS bytes of one ticket, built in a python-escpos Dummy
so that the whole ticket goes to the printer in one write."""

from __future__ import annotations

import functools

from escpos.constants import QR_ECLEVEL_M
from escpos.printer import Dummy

from .ksx1001 import ks_x_1001_bytes
from .pieces import Picture, Piece, PrinterQr, PrinterText
from .profiles import PrinterProfile
from .raster import without_realtime_commands
from .stored import print_key
from .ticket import Cut, Feed

# python-escpos cannot print Korean: these are sent as raw commands.
KOREAN_CHARACTER_SET = b"\x1bR\x0d"  # ESC R 13: Korea (0x5C prints as ₩)
KOREAN_MODE_ON = b"\x1c&"  # FS &: double-byte characters
KOREAN_MODE_OFF = b"\x1c."  # FS .

FEED_DOTS = b"\x1bJ"  # ESC J n: print and feed n dots

TEAR_OFF_FEED_LINES = 4  # without a cutter, bring the last line past the tear bar


def encode(pieces: list[Piece], profile: PrinterProfile, stored: bytes = b"",
           keys: dict[Picture, bytes] | None = None) -> bytes:
    """The ticket's bytes. `stored` (commands that store pictures in the printer) goes
    right after the printer is initialised, and the pictures in `keys` are printed by
    their key instead of sent (stored.py)."""
    keys = keys or {}
    printer = Dummy(profile=profile.escpos_profile)
    printer.hw("INIT")
    if any(isinstance(piece, PrinterText) and piece.korean for piece in pieces):
        printer._raw(KOREAN_CHARACTER_SET)
    return printer.output + stored + b"".join(
        _by_key(piece, keys[piece], profile) if piece in keys
        else picture_bytes(piece, profile) if isinstance(piece, Picture)
        else encode_piece(piece, profile)
        for piece in pieces)


def _by_key(picture: Picture, key: bytes, profile: PrinterProfile) -> bytes:
    printer = Dummy(profile=profile.escpos_profile)
    printer.set(align=picture.align)
    printer._raw(print_key(key))
    if picture.feed_after:
        printer._raw(FEED_DOTS + bytes([picture.feed_after]))
    return printer.output


@functools.lru_cache(maxsize=1024)
def picture_bytes(picture: Picture, profile: PrinterProfile) -> bytes:
    """A picture's raster bytes, made once: the same picture object (see
    layout.block_pieces) is printed on ticket after ticket."""
    return encode_piece(picture, profile)


def encode_piece(piece: Piece, profile: PrinterProfile) -> bytes:
    """One piece's commands. Each piece sets the alignment, emphasis and size it needs,
    so a ticket's bytes are its pieces' bytes one after another."""
    printer = Dummy(profile=profile.escpos_profile)
    if isinstance(piece, PrinterText):
        printer.set(align=piece.align, bold=piece.bold, custom_size=True, width=piece.scale, height=piece.scale)
        if piece.korean:
            printer._raw(KOREAN_MODE_ON + ks_x_1001_bytes(piece.text) + KOREAN_MODE_OFF + b"\n")
        else:
            # Printable ASCII is the same in every code page, and ESC @ chose one: sent
            # raw, so that no piece selects a code page again.
            printer._raw(piece.text.encode("ascii") + b"\n")
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
