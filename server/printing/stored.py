"""Lines kept in the printer's memory: ESC/POS downloaded graphics (GS ( L, functions
80-85), for printers whose profile says `stored_graphics = true`.

Most of a hybrid ticket is the same from ticket to ticket: the site and department,
the service, the way to the office, the phone number, the footer, drawn as pictures.
Each is sent once, stored under a two-character key in the printer's RAM, and then
printed by its key: a ticket shrinks from 5-6 KB to about 1-2 KB on the wire.

The printer forgets its RAM when it is switched off or reset, and this process forgets
what it stored when it restarts. So before each ticket the worker asks the printer which
keys it holds (function 80) and compares them with what it stored itself: when they
differ, it clears the printer's graphics (function 81) and stores again. A printer that
does not answer the question gets the plain raster ticket.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from PIL import Image

from .raster import REALTIME_COMMAND, WHITE, printer_bits, without_realtime_commands

GRAPHICS = b"\x1d(L"                                    # GS ( L pL pH m fn ...
KEY_LIST_QUERY = GRAPHICS + b"\x04\x00\x30\x50KC"       # function 80: which keys are held
CLEAR_ALL = GRAPHICS + b"\x05\x00\x30\x51CLR"           # function 81: forget every key
KEY_LIST_HEADER = b"\x37\x73"                          # the reply: 37h 73h, status, keys, NUL
KEY_LIST_COMPLETE = 0x40                               # status: no more keys to send
MAX_KEYS = 40  # one reply lists at most 40 keys; more would need a handshake
KEY_LIST_REPLY_MAX = 3 + 2 * MAX_KEYS + 1
FIRST_KEY = 0x30  # keys "00", "01", ...: printable, and easy to read in a dump


def picture_digest(image: Image.Image) -> str:
    """What a stored picture is, whichever key it is under."""
    bits = printer_bits(image)
    return hashlib.sha256(f"{bits.width}x{bits.height}:".encode() + bits.tobytes()).hexdigest()


def define(key: bytes, image: Image.Image) -> bytes:
    """Function 83: store `image` (raster, one colour) under `key`. The image gets a blank
    row at the bottom while the command's length bytes would read as a real-time command."""
    image = without_realtime_commands(image)
    while True:
        bits = printer_bits(image)
        body = (b"\x30\x53\x30" + key + b"\x01" + bits.width.to_bytes(2, "little")
                + bits.height.to_bytes(2, "little") + b"\x31" + bits.tobytes())
        command = (GRAPHICS + len(body).to_bytes(2, "little") if len(body) <= 0xFFFF
                   else b"\x1d8L" + len(body).to_bytes(4, "little"))  # GS 8 L: the long form
        if not REALTIME_COMMAND.search(command + body[:12]):
            return command + body
        taller = Image.new("1", (image.width, image.height + 1), WHITE)
        taller.paste(image, (0, 0))
        image = taller


def print_key(key: bytes) -> bytes:
    """Function 85: print what is stored under `key`, at its own size."""
    return GRAPHICS + b"\x06\x00\x30\x55" + key + b"\x01\x01"


def parse_key_list(reply: bytes) -> set[bytes] | None:
    """The keys in a function-80 reply, or None if the reply is not one."""
    if len(reply) < 4 or reply[:2] != KEY_LIST_HEADER or reply[-1] != 0:
        return None
    if reply[2] != KEY_LIST_COMPLETE:
        return None  # more than one reply's worth: not ours to sort out
    keys = reply[3:-1]
    if len(keys) % 2 or any(not 32 <= b <= 126 for b in keys):
        return None
    return {keys[i:i + 2] for i in range(0, len(keys), 2)}


@dataclass
class PrinterMemory:
    """What this process stored in one printer's RAM: key -> picture digest."""

    keys: dict[bytes, str] = field(default_factory=dict)

    def plan(self, held: set[bytes], images: list[Image.Image]) -> tuple[bytes, list[bytes]]:
        """The commands that make the printer hold every image (sent before the ticket),
        and each image's key, in order. Clears the printer when it holds what we did not
        store, lost what we did (switched off), or would need more keys than one reply
        lists."""
        prefix = b""
        digests = [picture_digest(image) for image in images]
        if held != set(self.keys) or len(self.keys) + len(
                set(digests) - set(self.keys.values())) > MAX_KEYS:
            if held:  # a printer switched off holds nothing to clear
                prefix += CLEAR_ALL
            self.keys.clear()
        by_digest = {digest: key for key, digest in self.keys.items()}
        keys = []
        for image, digest in zip(images, digests):
            key = by_digest.get(digest)
            if key is None:
                key = self._free_key()
                prefix += define(key, image)
                self.keys[key] = by_digest[digest] = digest
            keys.append(key)
        return prefix, keys

    def forget(self) -> None:
        """After a failed job nothing is known of the printer's memory."""
        self.keys.clear()

    def _free_key(self) -> bytes:
        n = len(self.keys)
        while True:
            key = bytes([FIRST_KEY + n // 64, FIRST_KEY + n % 64])
            if key not in self.keys:
                return key
            n += 1
