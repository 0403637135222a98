"""What a queue ticket says, described once for every paper width and print mode.

TicketContent holds the facts; ticket_layout() turns them into a list of simple
blocks (text lines, the big number, a QR code, rules, feeds, the cut) that every
renderer draws the same way.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, fields
from datetime import datetime
from zoneinfo import ZoneInfo

SEOUL = ZoneInfo("Asia/Seoul")


@dataclass(frozen=True)
class TicketContent:
    site_name: str  # "당진시청"
    department_name: str  # "민원지적과"
    service_name: str  # "주민등록 등·초본"
    display_number: str  # "A-012" or "1012"
    priority: bool  # priority service (사회적 배려)
    people_ahead: int
    estimated_minutes: int | None  # None: no counter open for the service now
    issued_at: datetime  # timezone-aware; printed in Asia/Seoul time
    where_to_go: str  # "1층 민원실 3번 창구 · 엘리베이터 오른쪽"
    department_phone: str  # "041-350-3524"
    qr_url: str  # the visitor's live ticket page
    footer: str  # set by the admin, may be ""
    # The forecast's range when it is wide ("예상 대기 22~32분"): its top is the promise.
    estimated_low: int | None = None
    estimated_high: int | None = None

    def __post_init__(self):
        if self.issued_at.utcoffset() is None:
            raise ValueError("issued_at must be timezone-aware")
        if self.people_ahead < 0 or (self.estimated_minutes or 0) < 0:
            raise ValueError("people_ahead and estimated_minutes cannot be negative")
        if not self.display_number.strip():
            raise ValueError("display_number is empty")
        for field in fields(self):
            value = getattr(self, field.name)
            # A line break or other control character would break the layout.
            if isinstance(value, str) and any(unicodedata.category(c) == "Cc" for c in value):
                raise ValueError(f"{field.name} contains a control character: {value!r}")


@dataclass(frozen=True)
class Text:
    """One line of text; wraps when it is wider than the paper."""

    text: str
    size: int = 1  # 1 = one printer-font line (24 dots high); 2 = twice as wide and high
    align: str = "center"  # "left", "center" or "right"
    bold: bool = False
    fixed: bool = False  # the same on every ticket of this set-up: may be stored in the printer


@dataclass(frozen=True)
class BigNumber:
    """The ticket number: as large as fits on one line, up to size."""

    text: str
    size: int = 4


@dataclass(frozen=True)
class QrCode:
    data: str
    module_dots: int = 6  # dots per QR module
    align: str = "center"


@dataclass(frozen=True)
class Rule:
    """A horizontal line across the paper."""


@dataclass(frozen=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True)
class Cut:
    """End of the ticket: feed past the cutter and cut where the printer can."""


Block = Text | BigNumber | QrCode | Rule | Feed | Cut


def ticket_layout(content: TicketContent) -> list[Block]:
    issued = content.issued_at.astimezone(SEOUL)
    if content.estimated_minutes is None:
        waiting_time = "창구가 열리면 호출합니다"
    elif content.estimated_low is not None and content.estimated_high != content.estimated_low:
        waiting_time = f"예상 대기 {content.estimated_low}~{content.estimated_high}분"
    elif content.estimated_minutes:
        waiting_time = f"예상 대기 약 {content.estimated_minutes}분"
    else:
        waiting_time = "곧 차례가 됩니다"
    blocks: list[Block] = [
        Text(f"{content.site_name} {content.department_name}", fixed=True),
        Text(content.service_name, bold=True, fixed=True),
        Rule(),
    ]
    if content.priority:
        blocks.append(Text("★ 우선 민원 ★", bold=True, fixed=True))
    blocks += [
        BigNumber(content.display_number),
        Text(f"대기 인원 {content.people_ahead}명"),
        Text(waiting_time),
        Rule(),
    ]
    if content.where_to_go:
        blocks.append(Text(content.where_to_go, align="left", fixed=True))
    if content.qr_url:
        blocks += [Feed(), QrCode(content.qr_url), Feed(), Text("QR로 내 순서 보기", fixed=True)]
    blocks.append(Text(f"발행 시각 {issued:%Y-%m-%d %H:%M}", align="left"))
    if content.department_phone:
        blocks.append(Text(f"전화 {content.department_phone}", align="left", fixed=True))
    if content.footer:
        blocks.append(Text(content.footer, fixed=True))
    blocks.append(Cut())
    return blocks
