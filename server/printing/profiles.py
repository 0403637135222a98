"""Printer profiles: one TOML file per printer model in ``printer_profiles/``.

A profile says what the printer can do (paper width, resolution, built-in Korean
font, native QR codes, cutter, status replies) and which print mode to use by default.
"""

from __future__ import annotations

import copy
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from escpos.capabilities import Profile as EscposProfile

PROFILES_DIR = Path(__file__).resolve().parents[2] / "printer_profiles"

MODES = ("hybrid", "native", "image")
CUTS = ("full", "partial", "none")

# ESC/POS font A is 12x24 dots and font B 9x17 on the printers we support.
FONT_A_WIDTH = 12
FONT_B_WIDTH = 9

# A GS v 0 header stores the height as two bytes; from 1024 rows up they can form
# DLE EOT (10 04), which the printer would take as a status query.
MAX_IMAGE_ROWS_LIMIT = 1023


class ProfileError(ValueError):
    """A profile file is missing, unreadable or has a bad field."""


@dataclass(frozen=True)
class PrinterProfile:
    key: str  # the file name without .toml, e.g. "epson-tm-t88"
    name: str
    paper_width_mm: int
    print_width_dots: int
    dpi: int
    korean_font: bool  # KS X 1001 double-byte font built in
    native_qr: bool  # prints QR codes itself (GS ( k)
    cut: str  # "full", "partial" or "none"
    status: bool  # answers DLE EOT status queries
    max_image_rows: int  # tallest raster image sent in one command
    mode: str  # default print mode: "hybrid", "native" or "image"
    # Keeps downloaded graphics (GS ( L functions 80-85) and answers the key-list query:
    # a ticket's fixed lines are stored once and printed by key (stored.py).
    stored_graphics: bool = False

    @property
    def columns(self) -> int:
        """Characters of printer font A on one line."""
        return self.print_width_dots // FONT_A_WIDTH

    @cached_property
    def escpos_profile(self) -> EscposProfile:
        """A python-escpos profile for this printer, built on its own copy of the
        library's default data so that the library's shared profiles stay untouched."""
        features = dict(EscposProfile.profile_data["features"])
        features.update(
            qrCode=self.native_qr,
            paperFullCut=self.cut == "full",
            paperPartCut=self.cut == "partial",
        )
        profile = EscposProfile(columns=self.columns, features=features)
        data = copy.deepcopy(EscposProfile.profile_data)
        data.update(
            name=self.name,
            vendor="",
            notes=f"printer_profiles/{self.key}.toml",
            features=features,
            media={
                "dpi": self.dpi,
                "width": {"mm": self.paper_width_mm, "pixels": self.print_width_dots},
            },
            fonts={
                "0": {"name": "Font A", "columns": self.columns},
                "1": {"name": "Font B", "columns": self.print_width_dots // FONT_B_WIDTH},
            },
        )
        profile.profile_data = data
        return profile


def _integer(low: int, high: int, multiple_of: int = 1):
    def check(value):
        # bool is an int in Python; "true" is never a width.
        if type(value) is not int or not low <= value <= high or value % multiple_of:
            extra = f" and a multiple of {multiple_of}" if multiple_of > 1 else ""
            return f"must be an integer from {low} to {high}{extra}"
        return None

    return check


def _one_of(choices):
    def check(value):
        if value not in choices:
            return "must be one of " + ", ".join(f'"{c}"' for c in choices)
        return None

    return check


def _boolean(value):
    return None if type(value) is bool else "must be true or false"


def _text(value):
    return None if isinstance(value, str) and value.strip() else "must be a non-empty string"


FIELD_CHECKS = {
    "name": _text,
    "paper_width_mm": _integer(30, 120),
    "print_width_dots": _integer(128, 1024, multiple_of=8),
    "dpi": _integer(100, 600),
    "korean_font": _boolean,
    "native_qr": _boolean,
    "cut": _one_of(CUTS),
    "status": _boolean,
    "max_image_rows": _integer(8, MAX_IMAGE_ROWS_LIMIT),
    "mode": _one_of(MODES),
    "stored_graphics": _boolean,
}
OPTIONAL_FIELDS = {"stored_graphics": False}  # a profile written before the field still loads


def load_profile(path: str | Path) -> PrinterProfile:
    """Read and validate one profile file; errors name the file and the field."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ProfileError(f"{path}: cannot read the file ({error.strerror})") from error
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ProfileError(f"{path}: not valid TOML ({error})") from error

    unknown = sorted(set(data) - set(FIELD_CHECKS))
    if unknown:
        raise ProfileError(f"{path}: unknown field {unknown[0]!r} (known: {', '.join(FIELD_CHECKS)})")
    data = {**OPTIONAL_FIELDS, **data}
    for field, check in FIELD_CHECKS.items():
        if field not in data:
            raise ProfileError(f"{path}: missing field {field!r}")
        problem = check(data[field])
        if problem:
            raise ProfileError(f"{path}: field {field!r} {problem}, got {data[field]!r}")
    if data["mode"] == "native" and not data["korean_font"]:
        raise ProfileError(f"{path}: field 'mode' is \"native\" but korean_font is false")
    return PrinterProfile(key=path.stem, **data)


def load_profiles(directory: str | Path = PROFILES_DIR) -> dict[str, PrinterProfile]:
    """All profiles of a directory, by key (file name without .toml)."""
    paths = sorted(Path(directory).glob("*.toml"))
    if not paths:
        raise ProfileError(f"{directory}: no printer profiles (*.toml) found")
    return {path.stem: load_profile(path) for path in paths}
