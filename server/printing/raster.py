"""1-bit images for the printer: text strips, QR codes, rules, whole tickets.

Images use Pillow's mode "1" convention: 0 is a black dot, 1 is white paper.
"""

from __future__ import annotations

import re

import qrcode
from PIL import Image, ImageDraw, ImageOps

from .fonts import FontChain

WHITE = 1
BLACK = 0

QR_ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_M

# ESC/POS real-time commands (DLE EOT status, DLE ENQ recover, DLE DC4 pulse, power
# off, clear buffers) are acted on wherever their bytes appear, even inside image
# data. Their first two bytes are never allowed to appear in a raster.
REALTIME_COMMAND = re.compile(rb"\x10[\x04\x05\x14]")
DLE_DOT_IN_BYTE = 3  # 0x10 is the fourth dot from the left of its byte


def printer_bits(image: Image.Image) -> Image.Image:
    """The image as the printer gets it (1 = black dot), as python-escpos converts it."""
    return ImageOps.invert(image.convert("L")).convert("1")


def text_strip(text: str, size: int, bold: bool, fonts: FontChain) -> Image.Image:
    """One line of text at a font size in dots, cropped to its ink left and right
    and to the font's line height top and bottom."""
    top, bottom = fonts.band(text, size, bold)
    margin = size // 4  # room for glyphs that reach past their advance width
    image = Image.new("1", (fonts.width(text, size, bold) + 2 * margin, bottom - top), WHITE)
    fonts.draw(ImageDraw.Draw(image), margin, -top, text, size, bold)
    ink = printer_bits(image).getbbox()
    return image.crop((ink[0], 0, ink[2], image.height)) if ink else image


def _qr_code(data: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=QR_ERROR_CORRECTION, border=0)
    code.add_data(data)
    return code


def qr_modules(data: str) -> int:
    """Modules across the QR code, without drawing it (choosing the mask is the slow part)."""
    return 17 + 4 * _qr_code(data).best_fit()


def qr_image(data: str, module_dots: int) -> Image.Image:
    """The QR code without a quiet zone; the layout leaves white space around it."""
    code = _qr_code(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    image = Image.new("1", (len(matrix), len(matrix)), WHITE)
    image.putdata([BLACK if dark else WHITE for row in matrix for dark in row])
    return image.resize((image.width * module_dots, image.height * module_dots), Image.Resampling.NEAREST)


def rule_image(width: int, height: int, thickness: int = 2) -> Image.Image:
    image = Image.new("1", (width, height), WHITE)
    middle = height // 2
    ImageDraw.Draw(image).rectangle((0, middle - thickness // 2, width - 1, middle + (thickness - 1) // 2), fill=BLACK)
    return image


def aligned_x(content_width: int, paper_width: int, align: str) -> int:
    free = max(0, paper_width - content_width)
    return {"left": 0, "center": free // 2, "right": free}[align]


def stack(rows: list[tuple[Image.Image, str]], width: int) -> Image.Image:
    """Images one under the other on paper of the given width, each aligned."""
    paper = Image.new("1", (width, max(1, sum(image.height for image, _ in rows))), WHITE)
    y = 0
    for image, align in rows:
        paper.paste(image, (aligned_x(image.width, width, align), y))
        y += image.height
    return paper


def without_realtime_commands(image: Image.Image) -> Image.Image:
    """The image with one dot cleared wherever its raster bytes would start a real-time
    command, so that the printer never answers or acts in the middle of a picture."""
    raster = printer_bits(image).tobytes()
    matches = list(REALTIME_COMMAND.finditer(raster))
    if not matches:
        return image
    image = image.copy()
    row_bytes = (image.width + 7) // 8
    for match in matches:
        row, byte = divmod(match.start(), row_bytes)
        image.putpixel((byte * 8 + DLE_DOT_IN_BYTE, row), WHITE)
    return image
