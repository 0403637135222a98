"""Printer status from ESC/POS real-time queries (DLE EOT n).

Each query is answered with one byte. A real status byte always has bits 1 and 4 set
and bits 0 and 7 clear (0x12 when all is well); anything else, or silence, is not a
status, and is never taken for "ok".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

PRINTER_STATUS = b"\x10\x04\x01"  # DLE EOT 1
OFFLINE_CAUSE = b"\x10\x04\x02"  # DLE EOT 2
PAPER_SENSOR = b"\x10\x04\x04"  # DLE EOT 4

STATUS_BYTE_MASK = 0x93  # bits 0, 1, 4 and 7 have fixed values
STATUS_BYTE_FIXED = 0x12  # bits 1 and 4 set, 0 and 7 clear
OFFLINE = 0x08  # DLE EOT 1 bit 3
COVER_OPEN = 0x04  # DLE EOT 2 bit 2
STOPPED_FOR_PAPER_END = 0x20  # DLE EOT 2 bit 5
PAPER_NEAR_END = 0x0C  # DLE EOT 4 bits 2 and 3
PAPER_OUT = 0x60  # DLE EOT 4 bits 5 and 6

REPLY_TIMEOUT = 0.5  # seconds; printers answer real-time queries within milliseconds

MESSAGES = {
    "ok": "정상 / Ready",
    "paper_near_end": "용지가 얼마 남지 않았습니다 / Paper near end",
    "paper_out": "용지가 없습니다 / Paper out",
    "cover_open": "프린터 덮개가 열려 있습니다 / Cover open",
    "offline": "프린터가 오프라인입니다 / Printer offline",
    "no_reply": "프린터가 상태 요청에 응답하지 않습니다 / No status reply from the printer",
    "unknown": "이 연결로는 상태를 알 수 없습니다 / Status not available on this connection",
}
PRINTABLE_STATES = ("ok", "paper_near_end", "unknown")


@dataclass(frozen=True)
class PrinterStatus:
    state: str  # one of MESSAGES
    message: str  # for staff, Korean and English
    replies: bytes = b""  # the status bytes read, for the log

    @classmethod
    def of(cls, state: str, replies: bytes = b"", detail: str = "") -> PrinterStatus:
        message = MESSAGES[state] + (f" ({detail})" if detail else "")
        return cls(state, message, replies)

    @property
    def can_print(self) -> bool:
        return self.state in PRINTABLE_STATES


class StatusLink(Protocol):
    """An open two-way link to the printer."""

    def write(self, data: bytes) -> None: ...

    def read_byte(self, timeout: float) -> int | None:
        """One byte, or None if none came within timeout seconds."""


def is_status_byte(value: int) -> bool:
    return value & STATUS_BYTE_MASK == STATUS_BYTE_FIXED


def state_of(printer: int, offline_cause: int, paper: int) -> str:
    # The cover first: with it open the paper sensor may read anything.
    if offline_cause & COVER_OPEN:
        return "cover_open"
    if paper & PAPER_OUT or offline_cause & STOPPED_FOR_PAPER_END:
        return "paper_out"
    if printer & OFFLINE:
        return "offline"
    if paper & PAPER_NEAR_END:
        return "paper_near_end"
    return "ok"


def _ask(link: StatusLink, query: bytes, timeout: float) -> int | None:
    link.write(query)
    return link.read_byte(timeout)


def read_status(link: StatusLink, timeout: float = REPLY_TIMEOUT) -> PrinterStatus:
    replies = bytearray()
    for query in (PRINTER_STATUS, OFFLINE_CAUSE, PAPER_SENSOR):
        reply = _ask(link, query, timeout)
        if reply is None:
            return PrinterStatus.of("no_reply", bytes(replies))
        replies.append(reply)
        if not is_status_byte(reply):
            return PrinterStatus.of("no_reply", bytes(replies), f"invalid reply 0x{reply:02X}")
    return PrinterStatus.of(state_of(*replies), bytes(replies))


def confirm_delivery(link: StatusLink, timeout: float) -> bool:
    """After a job: the printer answers a status query sent behind the job only once
    it has taken in every byte before it."""
    reply = _ask(link, PRINTER_STATUS, timeout)
    return reply is not None and is_status_byte(reply)
