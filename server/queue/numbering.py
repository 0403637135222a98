"""How a ticket's number is written: a letter prefix (A-012) or a numeric block (1012).

Many visitors read no Latin letters, so a service may instead own a block of a thousand
numbers: block 1 issues 1001, 1002, ...; block 2 issues 2001, ...
"""

from __future__ import annotations

BLOCK_SIZE = 1000


def display_number(service: dict, number: int) -> str:
    if service["numbering"] == "block":
        return str(service["number_block"] * BLOCK_SIZE + number)
    return f"{service['prefix']}-{number:03d}"


def numbers_per_day(service: dict) -> int | None:
    """The most numbers the format can write in a day (a block holds 999)."""
    return BLOCK_SIZE - 1 if service["numbering"] == "block" else None
