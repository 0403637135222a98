"""Uploaded files (staff photos, floor plans), kept in `media/` beside the database and
served at /media/... Photos are checked by decoding them, not by their name or declared
type, and saved again as JPEG: that also drops EXIF data such as where it was taken."""

from __future__ import annotations

import io
import secrets
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from ..refusal import Refusal
from .store import Store

PHOTO_MAX_BYTES = 2 * 1024 * 1024
PHOTO_SIZE = (600, 800)          # enough for a seat chart and a counter display
IMAGE_MAX_PIXELS = 40_000_000    # a decompression bomb is refused before decoding
ACCEPTED = {"PNG", "JPEG", "WEBP"}


def media_root(store: Store) -> Path:
    return Path(store.path).resolve().parent / "media"


def refuse(message: str, field: str = "file") -> Refusal:
    return Refusal("invalid_file", message, 422, problems=[{"field": field,
                                                               "problem": message}])


def open_image(data: bytes, accepted=ACCEPTED) -> Image.Image:
    """A raster image that really is one of the accepted formats, or a refusal."""
    try:
        image = Image.open(io.BytesIO(data))
        if image.format not in accepted:
            raise refuse(f"Use {', '.join(sorted(accepted))}; this is {image.format or 'unknown'}.")
        if image.width * image.height > IMAGE_MAX_PIXELS:
            raise refuse("The image has too many pixels.")
        image.verify()                         # checks the data without decoding all of it
        image = Image.open(io.BytesIO(data))   # verify() leaves the image unusable
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise refuse("This is not a readable image (PNG, JPEG or WebP).") from None
    return image


def save_photo(store: Store, staff_id: int, data: bytes) -> str:
    image = open_image(data).convert("RGB")
    image.thumbnail(PHOTO_SIZE)
    folder = media_root(store) / "staff"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{staff_id}-{secrets.token_hex(6)}.jpg"  # a new name: screens never show a stale one
    image.save(folder / name, "JPEG", quality=85)
    return f"/media/staff/{name}"


def remove(store: Store, url: str) -> None:
    """Delete a file this module saved (given by its /media/ URL); others are left alone."""
    if not url.startswith("/media/"):
        return
    root = media_root(store)
    path = (root / url[len("/media/"):]).resolve()
    if root in path.parents and path.is_file():
        path.unlink()
