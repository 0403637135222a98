"""A small ESC/POS decoder for tests: what would a printer do with these bytes?

It knows the commands the ticket printer sends and fails on any other byte, so that
a stray or broken command cannot pass unnoticed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image, ImageOps

ESC, GS, FS, DLE, LF = 0x1B, 0x1D, 0x1C, 0x10, 0x0A
ALIGNS = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center", 50: "right"}
# ESC commands with one parameter byte that only change state the tests do not follow.
ESC_ONE_BYTE_SETTINGS = set(b"!tRM-3{")


class DecodeError(ValueError):
    pass


@dataclass
class TextLine:
    text: str
    width: int  # GS ! multipliers
    height: int
    bold: bool
    align: str
    korean: bool  # sent in double-byte (FS &) mode


@dataclass
class Raster:
    image: Image.Image  # Pillow convention: 0 black dot, 1 white
    density: int  # GS v 0 m
    align: str
    key: bytes | None = None  # printed from the printer's memory (GS ( L function 85)


@dataclass
class Qr:
    data: str
    module_size: int
    error_correction: str  # "L", "M", "Q" or "H"
    align: str


@dataclass
class Cut:
    partial: bool


@dataclass
class Feed:
    lines: int = 0
    dots: int = 0


@dataclass
class Decoded:
    items: list = field(default_factory=list)
    status_queries: list[int] = field(default_factory=list)
    graphics_queries: int = 0

    def of(self, kind) -> list:
        return [item for item in self.items if isinstance(item, kind)]

    @property
    def text_lines(self) -> list[TextLine]:
        return self.of(TextLine)

    @property
    def texts(self) -> list[str]:
        return [line.text for line in self.text_lines]

    @property
    def rasters(self) -> list[Raster]:
        return self.of(Raster)

    @property
    def qr_codes(self) -> list[Qr]:
        return self.of(Qr)

    @property
    def cuts(self) -> list[Cut]:
        return self.of(Cut)


def raster_to_image(width_bytes: int, height: int, data: bytes) -> Image.Image:
    printer_bits = Image.frombytes("1", (width_bytes * 8, height), data)  # 1 = black dot
    return ImageOps.invert(printer_bits.convert("L")).convert("1")


class _Decoder:
    def __init__(self, data: bytes, graphics: dict[bytes, Image.Image] | None = None):
        self.data = data
        self.graphics = {} if graphics is None else graphics  # the printer's memory
        self.i = 0
        self.result = Decoded()
        self.reset()
        self.line = ""
        self.line_style = None
        self.qr_store = {}

    def reset(self):
        self.align, self.bold, self.size, self.korean = "left", False, (1, 1), False

    def take(self, count: int) -> bytes:
        if self.i + count > len(self.data):
            raise DecodeError(f"command at byte {self.i} cut short")
        chunk = self.data[self.i : self.i + count]
        self.i += count
        return chunk

    def flush_line(self):
        if self.line_style is not None:
            width, height, bold, align, korean = self.line_style
            self.result.items.append(TextLine(self.line, width, height, bold, align, korean))
        self.line, self.line_style = "", None

    def add_text(self, char: str):
        if self.line_style is None:
            self.line_style = (*self.size, self.bold, self.align, self.korean)
        elif self.korean:
            self.line_style = (*self.line_style[:4], True)
        self.line += char

    def run(self) -> Decoded:
        while self.i < len(self.data):
            byte = self.data[self.i]
            if byte == ESC:
                self.esc()
            elif byte == GS:
                self.gs()
            elif byte == FS:
                command = self.take(2)[1:]
                if command not in (b"&", b"."):
                    raise DecodeError(f"unknown FS command {command!r} at byte {self.i - 2}")
                self.korean = command == b"&"
            elif byte == DLE:
                query = self.take(3)
                if query[1] != 0x04:
                    raise DecodeError(f"unknown DLE command {query!r}")
                self.result.status_queries.append(query[2])
            elif byte == LF:
                self.i += 1
                if self.line_style is None:
                    self.line_style = (*self.size, self.bold, self.align, self.korean)
                self.flush_line()
            elif self.korean and byte >= 0xA1:
                self.add_text(self.take(2).decode("euc_kr"))
            elif 0x20 <= byte < 0x7F:
                self.i += 1
                self.add_text(chr(byte))
            else:
                raise DecodeError(f"unexpected byte 0x{byte:02X} at {self.i}")
        self.flush_line()
        return self.result

    def esc(self):
        command = self.data[self.i + 1 : self.i + 2]
        if command == b"@":
            self.take(2)
            self.reset()
        elif command == b"a":
            self.align = ALIGNS[self.take(3)[2]]
        elif command == b"E":
            self.bold = bool(self.take(3)[2] & 1)
        elif command == b"d":
            self.flush_line()
            self.result.items.append(Feed(lines=self.take(3)[2]))
        elif command == b"J":
            self.flush_line()
            self.result.items.append(Feed(dots=self.take(3)[2]))
        elif command == b"2":
            self.take(2)
        elif command and command[0] in ESC_ONE_BYTE_SETTINGS:
            self.take(3)
        else:
            raise DecodeError(f"unknown ESC command {command!r} at byte {self.i}")

    def gs(self):
        command = self.data[self.i + 1 : self.i + 2]
        if command == b"!":
            n = self.take(3)[2]
            self.size = ((n >> 4) + 1, (n & 0x0F) + 1)
        elif command == b"v":
            header = self.take(8)
            if header[2:3] != b"0":
                raise DecodeError("GS v must be GS v 0")
            width_bytes = header[4] + 256 * header[5]
            height = header[6] + 256 * header[7]
            image = raster_to_image(width_bytes, height, self.take(width_bytes * height))
            self.flush_line()
            self.result.items.append(Raster(image, header[3], self.align))
        elif command == b"(" and self.data[self.i + 2 : self.i + 3] == b"L":
            header = self.take(5)
            self.stored_graphics(self.take(header[3] + 256 * header[4]))
        elif command == b"8" and self.data[self.i + 2 : self.i + 3] == b"L":
            header = self.take(7)
            self.stored_graphics(self.take(int.from_bytes(header[3:7], "little")))
        elif command == b"(":
            self.two_d_code()
        elif command == b"V":
            mode = self.take(3)[2]
            if mode in (65, 66):
                self.take(1)
            elif mode not in (0, 1, 48, 49):
                raise DecodeError(f"unknown cut mode {mode}")
            self.flush_line()
            self.result.items.append(Cut(partial=mode in (1, 49, 66)))
        elif command in (b"B", b"b"):
            self.take(3)
        else:
            raise DecodeError(f"unknown GS command {command!r} at byte {self.i}")

    def stored_graphics(self, body: bytes):
        """Downloaded graphics (GS ( L / GS 8 L, m = 48): key list, clear, define, print."""
        if body[0] != 0x30:
            raise DecodeError(f"unknown graphics m {body[0]}")
        function = body[1]
        if function == 0x50 and body[2:] == b"KC":
            self.result.graphics_queries += 1
        elif function == 0x51 and body[2:] == b"CLR":
            self.graphics.clear()
        elif function == 0x53:
            tone, key, colours = body[2], body[3:5], body[5]
            width, height = int.from_bytes(body[6:8], "little"), int.from_bytes(body[8:10], "little")
            if tone != 0x30 or colours != 1 or body[10] != 0x31:
                raise DecodeError("only one-colour raster graphics are expected")
            data = body[11:]
            if len(data) != (width + 7) // 8 * height:
                raise DecodeError(f"graphics {key!r}: {len(data)} bytes for {width}x{height}")
            self.graphics[key] = raster_to_image((width + 7) // 8, height, data)
        elif function == 0x55:
            key = body[2:4]
            if key not in self.graphics:
                raise DecodeError(f"graphics {key!r} printed but not stored in the printer")
            self.flush_line()
            self.result.items.append(Raster(self.graphics[key], 0, self.align, key))
        else:
            raise DecodeError(f"unknown graphics function {function}")

    def two_d_code(self):
        header = self.take(5)
        if header[2:3] != b"k":
            raise DecodeError(f"unknown GS ( command {header[2:3]!r}")
        body = self.take(header[3] + 256 * header[4])
        code_type, function, parameters = body[0:1], body[1], body[2:]
        if code_type != b"1":
            raise DecodeError("only QR codes (cn = 49) are expected")
        if function == 0x41:
            self.qr_store["model"] = parameters[0]
        elif function == 0x43:
            self.qr_store["module_size"] = parameters[0]
        elif function == 0x45:
            self.qr_store["error_correction"] = "LMQH"[parameters[0] - 48]
        elif function == 0x50:
            self.qr_store["data"] = parameters[1:].decode("utf-8")
        elif function == 0x51:
            self.flush_line()
            self.result.items.append(
                Qr(self.qr_store["data"], self.qr_store["module_size"], self.qr_store["error_correction"], self.align)
            )
        else:
            raise DecodeError(f"unknown QR function {function}")


def decode(data: bytes, graphics: dict[bytes, Image.Image] | None = None) -> Decoded:
    """`graphics` is the printer's memory of stored pictures, updated as the bytes say."""
    return _Decoder(data, graphics).run()


def stacked_rasters(decoded: Decoded) -> Image.Image:
    """All raster images one under the other, as the printer would print them."""
    rasters = decoded.rasters
    width = max(raster.image.width for raster in rasters)
    paper = Image.new("1", (width, sum(raster.image.height for raster in rasters)), 1)
    y = 0
    for raster in rasters:
        paper.paste(raster.image, (0, y))
        y += raster.image.height
    return paper
