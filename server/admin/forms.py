"""What the admin console accepts: one pydantic model per form. The same models validate
the API, describe it in OpenAPI (the console builds its forms from that document) and
check an imported configuration file, so the three cannot disagree.

Field titles are Korean with English (`title`), shown as form labels; `x-widget` and
`x-options` tell the console how to draw a field that is more than a text box."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator

from ..auth import DEVICE_KINDS, ROLES
from ..queue.calendar import DEFAULT_WORKING_HOURS, parse_working_hours
from ..forms import (Code, Email, Form, Id, Items, Keywords, Names, OptionalNames,  # noqa: F401
                     Phone, Text, Texts, label)
from ..queue.hours import validate_hours
from ..refusal import Refusal
from ..visitor.phones import normalize_phone

def _hours(value):
    if value is None:
        return None
    return validate_hours(value)  # ValueError -> a 400 naming the weekday


def _working_hours(value: str) -> str:
    parse_working_hours(value)  # ValueError -> a 400 naming the span
    return value


def _breaks(value: str | None) -> str | None:
    if value:
        parse_working_hours(value)  # the same "12:00-13:00, ..." spans
    return value


Breaks = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]
BREAKS_LABEL = label("정해진 자리 비움 (점심 교대 등)", "Planned breaks (lunch rotation)",
                     placeholder="12:00-13:00")
BREAKS_HELP = ("대기 시간 예상에서 이 시간에는 이 창구가 호출하지 않는 것으로 봅니다 · the wait "
               "forecast counts this counter out at these times")


# ---- sites ----------------------------------------------------------------------------

class SiteSettings(Form):
    priority_max_in_row: int = Field(3, ge=1, le=20, **label(
        "우선 호출 연속 최대", "Priority calls in a row at most"),
        description="우선 번호를 이만큼 연달아 부르면 일반 번호를 한 번 부릅니다 · then one "
                    "regular number is called")
    appointment_early_minutes: int = Field(10, ge=0, le=120, **label(
        "예약 조기 호출(분)", "Appointment due minutes early"),
        description="예약 시각보다 이만큼 먼저 예약한 방문자를 부를 수 있습니다 · an appointment "
                    "may be called this many minutes early")
    recent_calls: int = Field(8, ge=1, le=50, **label("최근 호출 수", "Recent calls kept"),
                              description="안내판의 최근 호출 목록에 남는 번호 수 · numbers kept "
                                          "in the board's recent calls")
    no_show_min_recalls: int = Field(2, ge=0, le=20, **label(
        "부재 처리 전 최소 재호출 수", "Recalls before a no-show"),
        description="재호출을 이만큼 했거나 아래 시간이 지나면 부재 처리할 수 있습니다 (0 = 바로) · "
                    "a no-show needs this many recalls or the minutes below, whichever first")
    no_show_min_minutes: int = Field(3, ge=0, le=60, **label(
        "부재 처리 전 최소 시간(분)", "Minutes after the call before a no-show"),
        description="호출한 때부터 셉니다. 재호출해도 다시 세지 않습니다 · counted from the "
                    "call; a recall does not restart it")
    prefer_language_match: bool = Field(False, **label(
        "통역 가능 창구 우선 호출", "Prefer language-matched counters"),
        description="창구에 정한 언어로 번호표를 받은 방문자를, 그 창구가 부를 같은 순위(예약·우선·"
                    "일반) 안에서 먼저 부릅니다 · a counter that lists a language calls the "
                    "oldest ticket in it first, within the rank it calls anyway")
    notice_near_ahead: int = Field(3, ge=0, le=50, **label(
        "순서 임박 알림: 앞 대기 인원 (0 = 끔)", "'Your turn is near' at this many ahead (0 = off)"),
        description="방문자가 키오스크에서 알림을 신청했을 때 · for visitors who asked "
                    "for notices at the kiosk")
    legal_working_hours: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] = \
        Field(DEFAULT_WORKING_HOURS, **label("처리기간 계산 근무 시간", "Working hours for legal periods",
                                             placeholder=DEFAULT_WORKING_HOURS),
              description="민원 처리기간은 운영 시간이 아니라 이 근무 시간(점심 제외, 하루 8시간)으로 "
                          "셉니다. 토·일요일과 공휴일은 늘 빠집니다 · legal periods count these "
                          "hours, not the opening hours; weekends and holidays never count")
    common_services: list[Id] = Field(default_factory=list, max_length=8, **label(
        "키오스크 첫 화면 자주 찾는 업무 (업무 번호)", "Common services on the kiosk's home (service ids)"),
        description="비우면 지난 30일 동안 번호표가 가장 많이 나간 업무 4개 · empty: the four "
                    "services with the most tickets in the last 30 days")
    # The counters' silent bell (server/staff/alarms.py, docs/admin.md).
    alarm_emails: list[Annotated[Email, StringConstraints(min_length=3)]] = Field(
        default_factory=list, max_length=10, **label(
            "비상벨 보안 연락처: 이메일", "Emergency bell: security contacts' e-mail"),
        description="창구 비상벨이 울리면 바로 알립니다 · told at once when a counter's bell "
                    "is pressed")
    alarm_phones: list[Annotated[Phone, StringConstraints(min_length=9)]] = Field(
        default_factory=list, max_length=10, **label(
            "비상벨 보안 연락처: 휴대전화(문자)", "Emergency bell: security contacts' mobiles (SMS)"))
    alarm_sound: bool = Field(True, **label(
        "비상벨: 감독자 화면에서 소리", "Emergency bell: sound on supervisors' consoles"),
        description="벨을 누른 창구의 화면에서는 소리도 배너도 나지 않습니다 · never at the "
                    "counter that raised it")
    alarm_calm_notice: bool = Field(False, **label(
        "비상벨: 안내판에 양해 문구", "Emergency bell: calm notice on the lobby boards"),
        description="처리될 때까지 안내판에 아래 문구를 보입니다. 창구는 밝히지 않습니다 · shown "
                    "until the alarm is cleared; it names no counter")
    alarm_calm_text: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] = \
        Field("잠시 업무가 지연되고 있습니다. 양해 부탁드립니다.", **label(
            "양해 문구", "Calm notice text"))
    alarm_recording_reminder: bool = Field(False, **label(
        "비상벨: 녹음 시작 안내", "Emergency bell: recording reminder"),
        description="벨을 누른 직원의 화면에 '녹음을 시작하세요'를 보입니다 · the raising "
                    "officer's console says to start recording (body cam, phone)")
    # Shown at the kiosk with a sign-interpreting request (server/admin/sign_videos.py).
    sign_relay_phone: Phone = Field("", **label(
        "수어 통역 요청: 영상 통역 번호", "Sign interpreting: video relay number",
        placeholder="107"),
        description="수어 통역을 요청한 방문자에게 키오스크가 보입니다 (예: 손말이음센터 107). "
                    "비우면 보이지 않습니다 · shown to a visitor who asks for sign "
                    "interpreting (e.g. relay centre 107); empty: not shown")
    # The lobby's certificate machine (무인민원발급기): when the kiosk may send visitors to it.
    machine_hours: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] = \
        Field("09:00-18:00", **label("무인민원발급기 이용 시간", "Certificate machine hours",
                                     placeholder="09:00-18:00"),
              description="평일 이용 시간. 공휴일에는 쉽니다 · weekday hours; closed on "
                          "holidays")
    machine_weekends: bool = Field(False, **label(
        "무인민원발급기: 토·일요일에도 이용", "Certificate machine: open at weekends too"))
    _working_hours = field_validator("legal_working_hours", "machine_hours")(_working_hours)

    @field_validator("alarm_phones")
    @classmethod
    def _mobiles(cls, phones: list[str]) -> list[str]:
        """Kept as digits, as the SMS gateway is given them."""
        try:
            return [normalize_phone(phone, mobile=True) for phone in phones]
        except Refusal as refusal:
            raise ValueError(refusal.message) from None


class SiteContent(Form):
    names: Names = Field(**label("이름", "Name"))
    timezone: Literal["Asia/Seoul"] = Field("Asia/Seoul", **label("시간대", "Time zone"))
    address: Text = Field("", **label("주소", "Address"))
    phone: Phone = Field("", **label("대표 전화", "Phone"))
    hours: dict = Field(**label("운영 시간", "Opening hours", **{"x-widget": "hours"}))
    settings: SiteSettings = Field(default_factory=SiteSettings, **label("대기열 설정", "Queue"))
    _check = field_validator("hours", mode="before")(_hours)


class SiteIn(SiteContent):
    code: Code = Field(**label("코드 (영문 소문자)", "Code", placeholder="dangjin"),
                     description="영문 소문자, 숫자, - (2-32자) · a-z, 0-9 and -")


class SitePatch(Form):
    names: Names | None = Field(None, **label("이름", "Name"))
    address: Text | None = Field(None, **label("주소", "Address"))
    phone: Phone | None = Field(None, **label("대표 전화", "Phone"))
    hours: dict | None = Field(None, **label("운영 시간", "Opening hours", **{"x-widget": "hours"}))
    settings: SiteSettings | None = Field(None, **label("대기열 설정", "Queue"))
    _check = field_validator("hours", mode="before")(_hours)


# ---- departments, services, counters ---------------------------------------------------

# What a field means when its name does not say it: shown as a line under the field.
NUMBERING_HELP = ("글자 방식은 A-001처럼, 천 단위 방식은 2001처럼 번호를 붙입니다 · "
                  "letter: A-001, A-002…; number block: 2001, 2002…")
BLOCK_HELP = ("천 단위 방식일 때 번호의 첫 자리 (1-9): 2이면 2001, 2002 … 로 발급합니다 · "
              "with block numbering, the thousands digit: 2 gives 2001, 2002…")
PERIOD_HELP = ("법으로 정한 처리 기간의 길이, 아래 단위로 (즉시 처리면 0) · the legal "
               "processing period, in the unit below (0 when on the spot)")
UNIT_HELP = ("일은 근무일로 셉니다 (토·일요일과 공휴일 제외) · days are working days")
TARGET_HELP = ("처리 기간의 이 비율 안에 끝내는 것이 목표입니다: 0.8이면 기간의 80% 안에 · "
               "finish within this share of the legal period: 0.8 = 80 %")
CAP_HELP = ("하루에 이만큼 발급하면 키오스크가 그날 발급을 멈춥니다. 비우면 한도 없음 · "
            "tickets a day before the kiosk stops; empty: no cap")
PRIORITY_HELP = ("어르신·장애인·임산부 등이 키오스크에서 우선 번호를 받을 수 있습니다 · "
                 "visitors who need care may take a priority number")
MINUTES_HELP = ("처리 기록이 쌓이기 전까지 대기 시간 예상에 쓰는 한 사람당 시간 · minutes per "
                "visitor for wait estimates until there is a history")
ORDER_HELP = "작은 수가 먼저 나옵니다 · smaller numbers come first"
# A counter's languages besides Korean, which every counter speaks.
ForeignLanguage = Literal["en", "zh", "vi", "ru", "th"]
Languages = Annotated[list[ForeignLanguage], Field(max_length=5)]
LANGUAGES_LABEL = label("응대 언어 (직원 또는 통역기)", "Languages served (officer or interpreter device)")
LANGUAGES_HELP = ("이 창구의 직원이나 통역기로 응대할 수 있는 외국어. 기관 설정에서 켜면 이 언어로 "
                  "번호표를 받은 방문자를 먼저 부릅니다 · languages its officer or an interpreter "
                  "device serves; the site's setting may call their visitors here first")


def _distinct(languages: list[str] | None) -> list[str] | None:
    return None if languages is None else list(dict.fromkeys(languages))


# The old one-language fields (room, location, duty) are still accepted: they set the
# Korean of their translated field (admin/translations.py); the console shows only the
# translated one.
KOREAN_ONLY = {"x-widget": "hidden"}
ROOM_HELP = "한국어만 · Korean only: use rooms"


class DepartmentIn(Form):
    names: Names = Field(**label("부서 이름", "Department name"))
    floor: int = Field(ge=-9, le=99, **label("층", "Floor"))
    rooms: OptionalNames = Field(default_factory=OptionalNames, **label("호실", "Room"))
    room: Text = Field("", **label("호실 (한국어)", "Room (Korean)", **KOREAN_ONLY),
                       description=ROOM_HELP)
    phone: Phone = Field("", **label("전화", "Phone"))
    email: Email = Field("", **label("이메일", "E-mail"))


class DepartmentPatch(Form):
    names: Names | None = Field(None, **label("부서 이름", "Department name"))
    floor: int | None = Field(None, ge=-9, le=99, **label("층", "Floor"))
    rooms: OptionalNames | None = Field(None, **label("호실", "Room"))
    room: Text | None = Field(None, **label("호실 (한국어)", "Room (Korean)", **KOREAN_ONLY),
                              description=ROOM_HELP)
    phone: Phone | None = Field(None, **label("전화", "Phone"))
    email: Email | None = Field(None, **label("이메일", "E-mail"))


Prefix = Annotated[str, StringConstraints(strip_whitespace=True, max_length=3,
                                          pattern=r"^[A-Z]*$")]


KEYWORDS_LABEL = label("찾기 낱말 (쉼표로 구분)", "Search words (comma-separated)",
                       placeholder="등본, 초본, 전입")
KEYWORDS_HELP = ("키오스크 찾기에서 이 낱말이나 그 첫 자음(ㄷㅂ → 등본)으로도 이 업무를 찾습니다 · "
                 "the kiosk's search finds the service by these words and their initials")


# What a visitor should know before taking a number: shown by the kiosk's confirm step,
# printed short on the ticket, in full on the phone page.
DOCUMENTS_LABEL = label("준비물", "Documents to bring")
DOCUMENTS_HELP = ("최대 10가지, 한 가지 100자까지. 번호표에는 앞의 3가지가 인쇄됩니다 · at most 10 "
                  "items of 100 characters; the paper ticket prints the first 3")
FEE_LABEL = label("수수료", "Fee", placeholder="1통 500원 (무인발급기 200원)")
WHO_LABEL = label("신청 자격", "Who may apply", placeholder="본인 또는 위임장을 가진 대리인")


# A number from the phone (queue/remote.py, docs/public.md): the rules that keep
# walk-ins fair, per service.
REMOTE_LABEL = label("휴대전화 번호표", "Numbers from the phone")
REMOTE_HELP = ("공개 대기 현황 화면에서 번호표를 받게 합니다 (업무 시간에, 오늘 안에 차례가 올 때만) · "
               "visitors may take a number on the public wait page (during opening hours, "
               "while the forecast reaches it today)")
REMOTE_SHARE_LABEL = label("휴대전화 번호표 비율(%)", "Phone share (%)")
REMOTE_SHARE_HELP = ("최근 1시간 번호표 가운데 휴대전화로 받는 비율의 상한 · at most this share of "
                     "the last hour's tickets")
REMOTE_HOLD_LABEL = label("도착 확인 대기(분)", "Hold for check-in (minutes)")
REMOTE_HOLD_HELP = ("도착 확인 전에 차례가 오면 이 시간 동안 건너뛰고 기다린 뒤 부재 처리 · "
                    "a number not checked in when its turn comes is passed over this long, "
                    "then lapses")
# The machine next door (무인민원발급기) and 정부24: the kiosk offers them before the ticket.
MACHINE_LABEL = label("무인민원발급기에서 발급", "Issued by the certificate machine")
MACHINE_HELP = ("키오스크가 번호표 전에 발급기의 위치, 이용 시간, 필요한 것을 안내합니다 · the "
                "kiosk shows the machine's place, hours and needs before the ticket")
ONLINE_LABEL = label("정부24 온라인 발급", "Issued online at Government24 (gov.kr)")
NEEDS_LABEL = label("발급기에서 필요한 것", "What the machine needs")
MachineNeed = Literal["id_card", "fingerprint"]
MachineNeeds = Annotated[list[MachineNeed], Field(max_length=2)]


class ServiceFields(Form):
    """Shared by create and edit. Numbering: a letter prefix (A-001…) or a block of a
    thousand (block 2: 2001…); the legal processing period and the target share of it."""
    names: Names = Field(**label("업무 이름", "Service name"))
    keywords: Keywords = Field(default_factory=Keywords, **KEYWORDS_LABEL, description=KEYWORDS_HELP)
    documents: Items = Field(default_factory=Items, **DOCUMENTS_LABEL, description=DOCUMENTS_HELP)
    fee: OptionalNames = Field(default_factory=OptionalNames, **FEE_LABEL)
    who_may_apply: OptionalNames = Field(default_factory=OptionalNames, **WHO_LABEL)
    machine_issue: bool = Field(False, **MACHINE_LABEL, description=MACHINE_HELP)
    online_issue: bool = Field(False, **ONLINE_LABEL)
    machine_needs: MachineNeeds = Field(default_factory=list, **NEEDS_LABEL)
    department_id: Id = Field(**label("부서", "Department", **{"x-options": "departments"}))
    numbering: Literal["letter", "block"] = Field("letter", **label("번호 방식", "Numbering"),
                                                     description=NUMBERING_HELP)
    prefix: Prefix = Field("", **label("번호 글자", "Letter prefix", placeholder="A"),
                           description="대문자 1-3자 · 1-3 capital letters")
    number_block: int | None = Field(None, ge=1, le=9, **label("번호 천 단위", "Number block"),
                                     description=BLOCK_HELP)
    legal_period_value: float = Field(0, ge=0, le=3650, **label("법정 처리 기간", "Legal period"),
                                      description=PERIOD_HELP)
    legal_period_unit: Literal["instant", "hours", "days"] = Field(
        "instant", **label("기간 단위", "Period unit"), description=UNIT_HELP)
    target_ratio: float = Field(0.8, gt=0, le=1, **label("목표 비율", "Target share of period"),
                                 description=TARGET_HELP)
    daily_cap: int | None = Field(None, ge=1, le=9999, **label("하루 발권 한도", "Daily cap"),
                                  description=CAP_HELP)
    hours: dict | None = Field(None, **label("업무 시간 (비우면 기관 시간)",
                                             "Hours (empty: the site's)", **{"x-widget": "hours"}))
    priority_enabled: bool = Field(True, **label("배려 우선 접수", "Priority queue"),
                                   description=PRIORITY_HELP)
    default_service_minutes: float = Field(5, gt=0, le=240, **label(
        "기본 처리 시간(분)", "Default minutes per visitor"), description=MINUTES_HELP)
    paused: bool = Field(False, **label("접수 일시 중지", "Paused"))
    remote_enabled: bool = Field(False, **REMOTE_LABEL, description=REMOTE_HELP)
    remote_share_percent: int = Field(30, ge=0, le=100, **REMOTE_SHARE_LABEL,
                                      description=REMOTE_SHARE_HELP)
    remote_hold_minutes: int = Field(10, ge=1, le=120, **REMOTE_HOLD_LABEL,
                                     description=REMOTE_HOLD_HELP)
    sort_order: int = Field(0, ge=0, le=9999, **label("순서", "Sort order"),
                            description=ORDER_HELP)
    _check = field_validator("hours", mode="before")(_hours)
    _needs = field_validator("machine_needs")(_distinct)


def check_numbering(numbering: str, prefix: str, block: int | None) -> str | None:
    """Why a numbering is incomplete, or None."""
    if numbering == "letter" and not prefix:
        return "numbering 'letter' needs a prefix such as A"
    if numbering == "block" and block is None:
        return "numbering 'block' needs number_block (1-9)"
    return None


class ServiceIn(ServiceFields):
    pass


class ServicePatch(Form):
    names: Names | None = Field(None, **label("업무 이름", "Service name"))
    keywords: Keywords | None = Field(None, **KEYWORDS_LABEL, description=KEYWORDS_HELP)
    documents: Items | None = Field(None, **DOCUMENTS_LABEL, description=DOCUMENTS_HELP)
    fee: OptionalNames | None = Field(None, **FEE_LABEL)
    who_may_apply: OptionalNames | None = Field(None, **WHO_LABEL)
    machine_issue: bool | None = Field(None, **MACHINE_LABEL, description=MACHINE_HELP)
    online_issue: bool | None = Field(None, **ONLINE_LABEL)
    machine_needs: MachineNeeds | None = Field(None, **NEEDS_LABEL)
    department_id: Id | None = Field(None, **label("부서", "Department", **{"x-options": "departments"}))
    numbering: Literal["letter", "block"] | None = Field(None, **label("번호 방식", "Numbering"),
                                                     description=NUMBERING_HELP)
    prefix: Prefix | None = Field(None, **label("번호 글자", "Letter prefix"),
                                  description="대문자 1-3자 · 1-3 capital letters")
    number_block: int | None = Field(None, ge=1, le=9, **label("번호 천 단위", "Number block"),
                                     description=BLOCK_HELP)
    legal_period_value: float | None = Field(None, ge=0, le=3650, **label("법정 처리 기간", "Legal period"),
                                      description=PERIOD_HELP)
    legal_period_unit: Literal["instant", "hours", "days"] | None = Field(
        None, **label("기간 단위", "Period unit"), description=UNIT_HELP)
    target_ratio: float | None = Field(None, gt=0, le=1, **label("목표 비율", "Target share of period"),
                                 description=TARGET_HELP)
    daily_cap: int | None = Field(None, ge=1, le=9999, **label("하루 발권 한도", "Daily cap"),
                                  description=CAP_HELP)
    hours: dict | None = Field(None, **label("업무 시간 (비우면 기관 시간)",
                                             "Hours (empty: the site's)", **{"x-widget": "hours"}))
    priority_enabled: bool | None = Field(None, **label("배려 우선 접수", "Priority queue"),
                                   description=PRIORITY_HELP)
    default_service_minutes: float | None = Field(None, gt=0, le=240, **label(
        "기본 처리 시간(분)", "Default minutes per visitor"), description=MINUTES_HELP)
    paused: bool | None = Field(None, **label("접수 일시 중지", "Paused"))
    remote_enabled: bool | None = Field(None, **REMOTE_LABEL, description=REMOTE_HELP)
    remote_share_percent: int | None = Field(None, ge=0, le=100, **REMOTE_SHARE_LABEL,
                                             description=REMOTE_SHARE_HELP)
    remote_hold_minutes: int | None = Field(None, ge=1, le=120, **REMOTE_HOLD_LABEL,
                                            description=REMOTE_HOLD_HELP)
    sort_order: int | None = Field(None, ge=0, le=9999, **label("순서", "Sort order"),
                            description=ORDER_HELP)
    _check = field_validator("hours", mode="before")(_hours)
    _needs = field_validator("machine_needs")(_distinct)


class CounterIn(Form):
    number: int = Field(ge=1, le=999, **label("창구 번호", "Counter number"))
    names: OptionalNames = Field(default_factory=OptionalNames, **label(
        "창구 이름 (선택)", "Own name (optional)"))
    floor: int = Field(1, ge=-9, le=99, **label("층", "Floor"))
    locations: OptionalNames = Field(default_factory=OptionalNames, **label("위치", "Location"))
    location: Text = Field("", **label("위치 (한국어)", "Location (Korean)", **KOREAN_ONLY),
                           description="한국어만 · Korean only: use locations")
    service_ids: list[Id] = Field(default_factory=list, max_length=100, **label(
        "업무", "Services", **{"x-options": "services"}))
    languages: Languages = Field(default_factory=list, **LANGUAGES_LABEL,
                                 description=LANGUAGES_HELP)
    breaks: Breaks = Field("", **BREAKS_LABEL, description=BREAKS_HELP)
    _breaks = field_validator("breaks")(_breaks)
    _languages = field_validator("languages")(_distinct)


class CounterPatch(Form):
    number: int | None = Field(None, ge=1, le=999, **label("창구 번호", "Counter number"))
    names: OptionalNames | None = Field(None, **label("창구 이름 (선택)", "Own name (optional)"))
    floor: int | None = Field(None, ge=-9, le=99, **label("층", "Floor"))
    locations: OptionalNames | None = Field(None, **label("위치", "Location"))
    location: Text | None = Field(None, **label("위치 (한국어)", "Location (Korean)", **KOREAN_ONLY),
                                  description="한국어만 · Korean only: use locations")
    service_ids: list[Id] | None = Field(None, max_length=100, **label(
        "업무", "Services", **{"x-options": "services"}))
    languages: Languages | None = Field(None, **LANGUAGES_LABEL, description=LANGUAGES_HELP)
    breaks: Breaks | None = Field(None, **BREAKS_LABEL, description=BREAKS_HELP)
    _breaks = field_validator("breaks")(_breaks)
    _languages = field_validator("languages")(_distinct)


# ---- staff -------------------------------------------------------------------------------

Login = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=64,
                                         pattern=r"^[A-Za-z0-9._-]+$")]
Password = Annotated[str, StringConstraints(min_length=8, max_length=256)]
PersonName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                              max_length=100)]


class StaffIn(Form):
    login: Login = Field(**label("로그인 ID", "Login"),
                         description="영문, 숫자, . _ - · letters, digits, . _ -")
    name: PersonName = Field(**label("이름", "Name"))
    role: Literal[ROLES] = Field("staff", **label("역할", "Role"))
    department_id: Id | None = Field(None, **label("부서", "Department",
                                                   **{"x-options": "departments"}))
    duties: OptionalNames = Field(default_factory=OptionalNames, **label("담당 업무", "Duty"))
    duty: Text = Field("", **label("담당 업무 (한국어)", "Duty (Korean)", **KOREAN_ONLY),
                       description="한국어만 · Korean only: use duties")
    phone: Phone = Field("", **label("전화", "Phone"))
    email: Email = Field("", **label("이메일", "E-mail"))
    password: Password = Field(**label("초기 비밀번호 (8자 이상)", "First password (8+)",
                                       **{"x-widget": "password"}))


class StaffPatch(Form):
    name: PersonName | None = Field(None, **label("이름", "Name"))
    role: Literal[ROLES] | None = Field(None, **label("역할", "Role"))
    department_id: Id | None = Field(None, **label("부서", "Department",
                                                   **{"x-options": "departments"}))
    duties: OptionalNames | None = Field(None, **label("담당 업무", "Duty"))
    duty: Text | None = Field(None, **label("담당 업무 (한국어)", "Duty (Korean)", **KOREAN_ONLY),
                              description="한국어만 · Korean only: use duties")
    phone: Phone | None = Field(None, **label("전화", "Phone"))
    email: Email | None = Field(None, **label("이메일", "E-mail"))
    active: bool | None = Field(None, **label("사용", "Active"))


class PasswordReset(Form):
    password: Password = Field(**label("새 비밀번호 (8자 이상)", "New password (8+)",
                                       **{"x-widget": "password"}))


# ---- holidays, notices, information pages -----------------------------------------------

class HolidayIn(Form):
    day: date = Field(**label("날짜", "Date"))
    name: Text = Field("", **label("이름", "Name"))


class NoticeIn(Form):
    target: Literal["board", "kiosk", "all"] = Field("all", **label("표시 위치", "Shown on"))
    texts: Texts = Field(**label("내용", "Text"))
    starts_on: date | None = Field(None, **label("시작일", "From"))
    ends_on: date | None = Field(None, **label("종료일", "Until"))
    sort_order: int = Field(0, ge=0, le=9999, **label("순서", "Sort order"),
                            description=ORDER_HELP)
    active: bool = Field(True, **label("게시", "Shown"))


class NoticePatch(Form):
    target: Literal["board", "kiosk", "all"] | None = Field(None, **label("표시 위치", "Shown on"))
    texts: Texts | None = Field(None, **label("내용", "Text"))
    starts_on: date | None = Field(None, **label("시작일", "From"))
    ends_on: date | None = Field(None, **label("종료일", "Until"))
    sort_order: int | None = Field(None, ge=0, le=9999, **label("순서", "Sort order"),
                            description=ORDER_HELP)
    active: bool | None = Field(None, **label("게시", "Shown"))


Slug = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=64,
                                        pattern=r"^[a-z0-9][a-z0-9-]*$")]


class PageIn(Form):
    slug: Slug = Field(**label("주소 이름", "Slug", placeholder="information-disclosure"),
                       description="영문 소문자, 숫자, - · a-z, 0-9 and -")
    titles: Names = Field(**label("제목", "Title"))
    bodies: Texts = Field(**label("본문 (빈 줄 = 문단)", "Body (blank line = paragraph)",
                                  **{"x-widget": "textarea"}))
    sort_order: int = Field(0, ge=0, le=9999, **label("순서", "Sort order"),
                            description=ORDER_HELP)
    published: bool = Field(True, **label("게시", "Published"))


class PagePatch(Form):
    slug: Slug | None = Field(None, **label("주소 이름", "Slug"))
    titles: Names | None = Field(None, **label("제목", "Title"))
    bodies: Texts | None = Field(None, **label("본문 (빈 줄 = 문단)", "Body (blank line = paragraph)",
                                               **{"x-widget": "textarea"}))
    sort_order: int | None = Field(None, ge=0, le=9999, **label("순서", "Sort order"),
                            description=ORDER_HELP)
    published: bool | None = Field(None, **label("게시", "Published"))


# ---- the yearly satisfaction survey (server/visitor/surveys.py) ---------------------------

SURVEY_DATES_HELP = ("이 기간(시작일과 종료일 포함) 동안 키오스크가 조사를 보여 줍니다. 한 기관에서 기간이 "
                     "겹치는 조사는 둘 수 없습니다 · the kiosk offers the survey on these days; "
                     "a site's surveys may not overlap")
SCALE_HELP = ("5점 동의(매우 그렇다 … 전혀 그렇지 않다), 예/아니요, 또는 0-10점 · 5-point "
              "agreement, yes/no, or 0 to 10")
Scale = Literal["agree5", "yes_no", "score11"]


class SurveyIn(Form):
    titles: Names = Field(**label("조사 제목", "Survey title"))
    starts_on: date = Field(**label("시작일", "From"), description=SURVEY_DATES_HELP)
    ends_on: date = Field(**label("종료일", "Until"))


class SurveyPatch(Form):
    titles: Names | None = Field(None, **label("조사 제목", "Survey title"))
    starts_on: date | None = Field(None, **label("시작일", "From"), description=SURVEY_DATES_HELP)
    ends_on: date | None = Field(None, **label("종료일", "Until"))


class SurveyQuestionIn(Form):
    survey_id: Id = Field(**label("조사", "Survey", **{"x-options": "surveys"}))
    texts: Names = Field(**label("질문", "Question"))
    scale: Scale = Field("agree5", **label("답의 척도", "Answer scale"), description=SCALE_HELP)
    sort_order: int = Field(0, ge=0, le=9999, **label("순서", "Sort order"),
                            description=ORDER_HELP)


class SurveyQuestionPatch(Form):
    texts: Names | None = Field(None, **label("질문", "Question"))
    scale: Scale | None = Field(None, **label("답의 척도", "Answer scale"), description=SCALE_HELP)
    sort_order: int | None = Field(None, ge=0, le=9999, **label("순서", "Sort order"),
                                   description=ORDER_HELP)


# ---- devices -----------------------------------------------------------------------------

Language = Literal["ko", "en", "zh", "vi", "ru", "th"]


class ScreenSize(Form):
    width_mm: float = Field(gt=50, le=3000, **label("화면 너비(mm)", "Screen width (mm)"))
    width_px: int = Field(ge=200, le=10000, **label("화면 너비(px)", "Screen width (px)"))


class Timeouts(Form):
    screen: int = Field(120, ge=20, le=1800, **label("화면(초)", "Screen (s)"))
    ticket: int = Field(40, ge=10, le=600, **label("번호표(초)", "Ticket (s)"))


class DeviceConfig(Form):
    """The settings screens and kiosks read from /api/v1/me (docs/screens.md, docs/kiosk.md)."""
    floor: int | None = Field(None, ge=-9, le=99, **label("층", "Floor"))
    place: Text | None = Field(None, **label("설치 위치", "Place"))
    counter_id: Id | None = Field(None, **label("창구 (창구 화면)", "Counter (counter display)",
                                                **{"x-options": "counters"}))
    department_id: Id | None = Field(None, **label("부서 (좌석 배치도)", "Department (seat chart)",
                                                   **{"x-options": "departments"}))
    notices: list[Text] | None = Field(None, max_length=20, **label(
        "이 화면만의 공지", "Notices for this screen only"))
    notices_lang: Language | None = Field(None, **label("공지 언어", "Notice language"))
    volume: float | None = Field(None, ge=0, le=1, **label("음량 (0-1)", "Volume (0-1)"))
    muted: bool | None = Field(None, **label("소리 끔", "Muted"))
    second_language: Literal["en", "zh", "vi", "ru", "th"] | None = Field(
        None, **label("두 번째 안내 언어", "Second spoken language"))
    label_languages: list[Literal["en", "zh", "vi", "ru", "th"]] | None = Field(
        None, max_length=5, **label("보조 표시 언어", "Second label languages"))
    label_seconds: int | None = Field(None, ge=2, le=120, **label("언어 전환(초)", "Label seconds"),
                                      description="보조 표시 언어 하나가 머무는 시간 · how long each "
                                                  "second language stays")
    resync_minutes: int | None = Field(None, ge=1, le=120, **label("재동기화(분)", "Resync minutes"),
                                       description="화면이 서버에서 전체 상태를 다시 읽는 간격 · how "
                                                   "often the screen re-reads everything")
    reload_hour: int | None = Field(None, ge=0, le=23, **label("매일 새로고침 시각", "Nightly reload hour"),
                                    description="0-23시. 밤마다 이 시각에 페이지를 새로 엽니다 · the "
                                                "page reloads at this hour every night")
    refresh_seconds: int | None = Field(None, ge=10, le=3600, **label(
        "업무 새로 읽기(초)", "Service refresh seconds"),
        description="키오스크가 업무의 접수·마감을 다시 읽는 간격 · how often the kiosk re-reads "
                    "which services are open")
    priority_age: int | None = Field(None, ge=50, le=90, **label("우선 연령", "Priority age"),
                                     description="키오스크가 배려 우선에 적는 나이 (\"65세 이상 어르신\") · "
                                                 "the age named for priority service")
    screen: ScreenSize | None = Field(None, **label("화면 크기", "Screen size"))
    timeouts: Timeouts | None = Field(None, **label("시간 제한", "Time-outs"))

    def stored(self) -> dict:
        return self.model_dump(mode="json", exclude_none=True)


DeviceName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=64,
                                              pattern=r"^[a-z0-9][a-z0-9-]*$")]
DeviceKind = Literal[DEVICE_KINDS]


class DeviceIn(Form):
    name: DeviceName = Field(**label("기기 이름", "Device name", placeholder="kiosk-2f"),
                             description="영문 소문자, 숫자, - · a-z, 0-9 and -")
    kind: DeviceKind = Field(**label("종류", "Kind"))
    config: DeviceConfig = Field(default_factory=DeviceConfig, **label("설정", "Settings"))


class DevicePatch(Form):
    name: DeviceName | None = Field(None, **label("기기 이름", "Device name"))
    config: DeviceConfig | None = Field(None, **label("설정", "Settings"))
