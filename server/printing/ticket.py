"""What a queue ticket says, described once for every paper width and print mode.

TicketContent holds the facts; ticket_layout() turns them into a list of simple
blocks (text lines, the big number, a QR code, rules, feeds, the cut) that every
renderer draws the same way. A visitor who took the number in another language gets
each line in Korean (for the staff, and as the building's signs say it) and under it in
their language; a Korean visitor's ticket is Korean only.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
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
    # The visitor's language (the kiosk's when the number was taken), and the names in
    # it: "" where there is no translation, and then that line is printed in Korean only.
    lang: str = "ko"
    department_name_local: str = ""
    service_name_local: str = ""
    where_to_go_local: str = ""
    # What to bring, one item a line (the service's whole list: the layout clips it), in
    # Korean and in the visitor's language (empty when that list is not translated).
    documents: tuple[str, ...] = ()
    documents_local: tuple[str, ...] = ()

    def __post_init__(self):
        # Stored print jobs come back from JSON with lists.
        object.__setattr__(self, "documents", tuple(self.documents))
        object.__setattr__(self, "documents_local", tuple(self.documents_local))
        if self.issued_at.utcoffset() is None:
            raise ValueError("issued_at must be timezone-aware")
        if self.people_ahead < 0 or (self.estimated_minutes or 0) < 0:
            raise ValueError("people_ahead and estimated_minutes cannot be negative")
        if not self.display_number.strip():
            raise ValueError("display_number is empty")
        for field in fields(self):
            value = getattr(self, field.name)
            # A line break or other control character would break the layout.
            for text in value if isinstance(value, tuple) else (value,):
                if isinstance(text, str) and any(unicodedata.category(c) == "Cc" for c in text):
                    raise ValueError(f"{field.name} contains a control character: {text!r}")


@dataclass(frozen=True)
class Text:
    """One line of text; wraps when it is wider than the paper."""

    text: str
    size: int = 1  # 1 = one printer-font line (24 dots high); 2 = twice as wide and high
    align: str = "center"  # "left", "center" or "right"
    bold: bool = False
    fixed: bool = False  # the same on every ticket of this set-up: may be stored in the printer
    lang: str = "ko"  # the fonts follow it (fonts.FontChain.for_language)


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


# The ticket's own words, per language ({n}, {m}, {low}, {high}: numbers).
WORDS = {
    "ko": {"documents": "준비물", "more_documents": "외 {n}가지는 QR 페이지에서",
           "ahead": "대기 인원 {n}명", "wait": "예상 대기 약 {m}분", "range": "예상 대기 {low}~{high}분",
           "soon": "곧 차례가 됩니다", "closed": "창구가 열리면 호출합니다", "priority": "★ 우선 민원 ★",
           "qr": "QR로 내 순서 보기", "floor": "{n}층"},
    "en": {"documents": "Bring", "more_documents": "{n} more on the QR page",
           "ahead": "{n} people ahead of you", "wait": "About {m} min wait",
           "range": "{low}-{high} min wait", "soon": "Your turn is coming soon",
           "closed": "We will call you when a counter opens", "priority": "★ Priority ★",
           "qr": "Scan the QR code to follow your turn", "floor": "Floor {n}"},
    "zh": {"documents": "所需材料", "more_documents": "其余 {n} 项请看二维码页面",
           "ahead": "前面还有 {n} 人", "wait": "预计等待约 {m} 分钟", "range": "预计等待 {low}~{high} 分钟",
           "soon": "马上就轮到您了", "closed": "窗口开放后将叫您的号", "priority": "★ 优先办理 ★",
           "qr": "扫描二维码查看排队进度", "floor": "{n}楼"},
    "vi": {"documents": "Cần mang theo", "more_documents": "Thêm {n} mục trên trang QR",
           "ahead": "Còn {n} người trước bạn", "wait": "Chờ khoảng {m} phút",
           "range": "Chờ {low}-{high} phút", "soon": "Sắp đến lượt bạn",
           "closed": "Chúng tôi sẽ gọi khi quầy mở", "priority": "★ Ưu tiên ★",
           "qr": "Quét mã QR để theo dõi lượt của bạn", "floor": "Tầng {n}"},
    "ru": {"documents": "Взять с собой", "more_documents": "Ещё {n} — на странице по QR-коду",
           "ahead": "Перед вами: {n}", "wait": "Ожидание около {m} мин",
           "range": "Ожидание {low}-{high} мин", "soon": "Скоро ваша очередь",
           "closed": "Вас вызовут, когда откроется окно", "priority": "★ Приоритет ★",
           "qr": "QR-код: следите за очередью", "floor": "{n} этаж"},
    "th": {"documents": "สิ่งที่ต้องนำมา", "more_documents": "อีก {n} รายการในหน้า QR",
           "ahead": "มีผู้รอก่อนคุณ {n} คน", "wait": "รอประมาณ {m} นาที", "range": "รอ {low}-{high} นาที",
           "soon": "ใกล้ถึงคิวของคุณแล้ว", "closed": "จะเรียกคิวเมื่อช่องบริการเปิด",
           "priority": "★ คิวพิเศษ ★", "qr": "สแกน QR เพื่อดูคิวของคุณ", "floor": "ชั้น {n}"},
}


# The paper carries the first few documents; the phone page (the QR) has the whole list.
PRINTED_DOCUMENTS = 3


def floor_words(floor: int, lang: str) -> str:
    """A floor as the visitor's language says it: 3층, Floor 3, 3楼; B1 under ground."""
    return WORDS[lang]["floor"].format(n=floor if floor > 0 else f"B{-floor}")


def _waiting_words(content: TicketContent, lang: str) -> str:
    words = WORDS[lang]
    if content.estimated_minutes is None:
        return words["closed"]
    if content.estimated_low is not None and content.estimated_high != content.estimated_low:
        return words["range"].format(low=content.estimated_low, high=content.estimated_high)
    if content.estimated_minutes:
        return words["wait"].format(m=content.estimated_minutes)
    return words["soon"]


def _documents(content: TicketContent, said, lang: str) -> list[Block]:
    """Under the service: "준비물" and the first few documents, one a line, each in Korean
    and under it in the visitor's language; a note sends the rest to the QR page."""
    if not content.documents:
        return []
    local = content.documents_local if lang != "ko" else ()
    shown = content.documents[:PRINTED_DOCUMENTS]
    blocks = said(lambda of: WORDS[of]["documents"], align="left", bold=True, fixed=True)
    for index, korean in enumerate(shown):
        blocks += said(lambda of, index=index, korean=korean:
                       f"- {korean}" if of == "ko" else
                       (f"- {local[index]}" if index < len(local) else ""), align="left", fixed=True)
    rest = len(content.documents) - len(shown)
    if rest > 0:
        blocks += said(lambda of: WORDS[of]["more_documents"].format(n=rest), align="left",
                       fixed=True)
    return blocks


def ticket_layout(content: TicketContent) -> list[Block]:
    issued = content.issued_at.astimezone(SEOUL)
    lang = content.lang if content.lang in WORDS else "ko"

    def said(make, **style) -> list[Block]:
        """A line in Korean, and under it in the visitor's language when that differs."""
        korean = make("ko")
        local = make(lang) if lang != "ko" else ""
        return [Text(korean, **style)] + ([Text(local, **style, lang=lang)]
                                          if local and local != korean else [])

    def name(korean: str, local: str) -> Callable[[str], str]:
        return lambda of: korean if of == "ko" else local

    blocks: list[Block] = [
        *said(name(f"{content.site_name} {content.department_name}",
                   content.department_name_local), fixed=True),
        *said(name(content.service_name, content.service_name_local), bold=True, fixed=True),
        *_documents(content, said, lang),
        Rule(),
    ]
    if content.priority:
        blocks += said(lambda of: WORDS[of]["priority"], bold=True, fixed=True)
    blocks += [
        BigNumber(content.display_number),
        *said(lambda of: WORDS[of]["ahead"].format(n=content.people_ahead)),
        *said(lambda of: _waiting_words(content, of)),
        Rule(),
    ]
    if content.where_to_go:
        blocks += said(name(content.where_to_go, content.where_to_go_local), align="left",
                       fixed=True)
    if content.qr_url:
        blocks += [Feed(), QrCode(content.qr_url), Feed(),
                   *said(lambda of: WORDS[of]["qr"], fixed=True)]
    blocks.append(Text(f"발행 시각 {issued:%Y-%m-%d %H:%M}", align="left"))
    if content.department_phone:
        blocks.append(Text(f"전화 {content.department_phone}", align="left", fixed=True))
    if content.footer:
        blocks.append(Text(content.footer, fixed=True))
    blocks.append(Cut())
    return blocks
