"""Visitors' Korean phone numbers: checked, written the usual way, and masked for screens
that must not show them whole."""

from __future__ import annotations

import re

from ..queue.errors import QueueError

# Korean numbers: mobile 010-1234-5678, Seoul 02-123-4567, regions 041-350-3524.
_PHONE = re.compile(r"^0\d{8,10}$")
_MOBILE = re.compile(r"^01[016789]\d{7,8}$")   # what can receive a text message


def normalize_phone(raw: str, *, mobile: bool = False) -> str:
    """The digits of a Korean phone number (a mobile one when `mobile`), or a refusal."""
    digits = re.sub(r"[\s().-]", "", raw)
    if mobile and not _MOBILE.match(digits):
        raise QueueError("invalid_phone", "A mobile phone number is 10 or 11 digits starting "
                         "with 010 (or 011, 016-019), e.g. 010-1234-5678.", 422)
    if not _PHONE.match(digits):
        raise QueueError("invalid_phone", "A phone number is 9 to 11 digits starting with 0, "
                         "e.g. 010-1234-5678.", 422)
    return digits


def _groups(digits: str) -> tuple[str, str, str]:
    head = 2 if digits.startswith("02") else 3
    return digits[:head], digits[head:-4], digits[-4:]


def format_phone(digits: str) -> str:
    return "-".join(_groups(digits))


def mask_phone(digits: str | None) -> str | None:
    """010-****-5678: enough to recognise, not enough to dial."""
    if not digits:
        return None
    head, middle, tail = _groups(digits)
    return f"{head}-{'*' * len(middle)}-{tail}"
