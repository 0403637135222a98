"""SAMPLE data for a Dangjin City Hall lobby and one branch office.

Every name, phone number and account here is sample data for trying the system; it is
loaded only by `sunbeon serve --demo`, into an empty database. The city hall's sample
hours are all day, every day, so that the demo works at any hour; the branch office has
ordinary office hours, so the kiosk's "closed" screen can be seen there.
"""

from __future__ import annotations

import functools
import json

from ..auth import create_token, hash_password
from ..infra.clock import Clock
from .documents import guide_columns
from .maps import load_demo_maps
from ..infra.store import Store

DEMO_PASSWORD = "sunbeon-demo"
SAMPLE_NOTE = "SAMPLE DATA - not the real Dangjin City Hall directory"

ALL_DAY = {day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
OFFICE_HOURS = {**{day: [["09:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri")},
                "sat": [], "sun": []}

# Public holidays of 2026 and New Year 2027 (configured, never computed: lunar and
# substitute holidays change every year).
HOLIDAYS = [
    ("2026-01-01", "신정"), ("2026-02-16", "설날 연휴"), ("2026-02-17", "설날"),
    ("2026-02-18", "설날 연휴"), ("2026-03-02", "삼일절 대체공휴일"), ("2026-05-05", "어린이날"),
    ("2026-05-25", "부처님오신날 대체공휴일"), ("2026-06-03", "전국동시지방선거"),
    ("2026-06-06", "현충일"), ("2026-08-17", "광복절 대체공휴일"), ("2026-09-24", "추석 연휴"),
    ("2026-09-25", "추석"), ("2026-09-26", "추석 연휴"), ("2026-10-05", "개천절 대체공휴일"),
    ("2026-10-09", "한글날"), ("2026-12-25", "성탄절"), ("2027-01-01", "신정"),
]


def names(ko, en, zh, vi, ru, th) -> str:
    """A name in the six languages; one left "" is not stored (as the console saves it)."""
    texts = {"ko": ko, "en": en, "zh": zh, "vi": vi, "ru": ru, "th": th}
    return json.dumps({lang: text for lang, text in texts.items() if text}, ensure_ascii=False)


DEPARTMENTS = [
    # key, names, floor, room, phone
    ("civil", names("민원지적과", "Civil Affairs Division", "民愿地籍科", "Phòng Dân nguyện",
                    "Отдел гражданских обращений", "แผนกงานบริการประชาชน"), 1, "민원실", "041-350-3524"),
    ("traffic", names("교통과", "Transportation Division", "交通科", "Phòng Giao thông",
                      "Транспортный отдел", "แผนกการขนส่ง"), 1, "차량등록실", "041-350-3561"),
    ("tax", names("세무과", "Tax Division", "税务科", "Phòng Thuế", "Налоговый отдел",
                  "แผนกภาษี"), 2, "201호", "041-350-3181"),
    ("welfare", names("복지정책과", "Welfare Policy Division", "福利政策科",
                      "Phòng Chính sách phúc lợi", "Отдел социальной политики",
                      "แผนกนโยบายสวัสดิการ"), 2, "205호", "041-350-3212"),
    ("building", names("건축과", "Building Division", "建筑科", "Phòng Xây dựng",
                       "Строительный отдел", "แผนกอาคาร"), 3, "301호", "041-350-3651"),
    ("land", names("토지정보과", "Land Information Division", "土地信息科",
                   "Phòng Thông tin đất đai", "Отдел земельной информации",
                   "แผนกข้อมูลที่ดิน"), 3, "305호", "041-350-3641"),
]

SERVICES = [
    # key, department, names, numbering, prefix/block, (period value, unit), cap, minutes
    ("resident", "civil", names("주민등록 등·초본", "Resident registration certificates",
                                "居民登记誊本·抄本", "Bản sao đăng ký cư trú",
                                "Выписки о регистрации", "สำเนาทะเบียนบ้าน"),
     "letter", "A", (0, "instant"), None, 4),
    ("seal", "civil", names("인감증명", "Seal certificate", "印鉴证明", "Chứng nhận con dấu",
                            "Свидетельство о печати", "หนังสือรับรองตราประทับ"),
     "letter", "B", (0, "instant"), None, 5),
    ("family", "civil", names("가족관계 증명", "Family relation certificates", "家庭关系证明",
                              "Chứng nhận quan hệ gia đình", "Справки о семейном положении",
                              "หนังสือรับรองความสัมพันธ์ในครอบครัว"),
     "letter", "C", (0, "instant"), None, 5),
    ("passport", "civil", names("여권", "Passports", "护照", "Hộ chiếu", "Загранпаспорта",
                                "หนังสือเดินทาง"),
     "block", 2, (4, "days"), 150, 12),
    ("foreign", "civil", names("외국인 민원", "Services for foreign residents", "外国人业务",
                               "Dịch vụ cho người nước ngoài", "Услуги для иностранцев",
                               "บริการสำหรับชาวต่างชาติ"),
     "block", 3, (0, "instant"), None, 10),
    ("vehicle", "traffic", names("자동차 등록", "Vehicle registration", "车辆登记",
                                 "Đăng ký xe", "Регистрация автомобилей", "จดทะเบียนรถยนต์"),
     "letter", "D", (1, "days"), None, 15),
    ("tax", "tax", names("지방세 민원", "Local taxes", "地方税业务", "Thuế địa phương",
                         "Местные налоги", "ภาษีท้องถิ่น"),
     "letter", "E", (0, "instant"), None, 8),
    ("welfare", "welfare", names("복지 상담", "Welfare counselling", "福利咨询",
                                 "Tư vấn phúc lợi", "Консультации по соцпомощи",
                                 "ปรึกษาด้านสวัสดิการ"),
     "letter", "F", (30, "days"), None, 20),
    ("building", "building", names("건축 민원", "Building permits", "建筑许可业务",
                                   "Giấy phép xây dựng", "Разрешения на строительство",
                                   "ใบอนุญาตก่อสร้าง"),
     "letter", "G", (5, "days"), None, 20),
    # Left without Vietnamese on purpose: the admin console marks it, and the Vietnamese
    # kiosk shows it in Korean (docs/admin.md, "Translations").
    ("land", "land", names("토지 민원", "Land registers", "土地业务", "",
                           "Земельные документы", "เอกสารที่ดิน"),
     "letter", "H", (0, "instant"), None, 6),
]


def _numbered_room(number: str) -> str:
    return names(f"{number}호", f"Room {number}", f"{number}室", f"Phòng {number}",
                 f"Кабинет {number}", f"ห้อง {number}")


# The rooms of the departments and counters, by their Korean name.
ROOMS = {
    "민원실": names("민원실", "Civil Service Hall", "民愿室", "Phòng tiếp dân", "Зал обращений",
                    "ห้องบริการประชาชน"),
    "차량등록실": names("차량등록실", "Vehicle Registration Office", "车辆登记室",
                        "Phòng đăng ký xe", "Кабинет регистрации автомобилей",
                        "ห้องจดทะเบียนรถ"),
    **{f"{n}호": _numbered_room(str(n)) for n in (201, 205, 301, 305)},
}

# The words visitors use for a service, per language (comma-separated): the kiosk's
# search finds the service by them and by their initials (ㄷㅂ -> 등본).
KEYWORDS = {
    "resident": {"ko": "등본, 초본, 주민등록등본, 주민등록초본, 전입, 전입신고, 주소 이전, 주민등록증",
                 "en": "resident certificate, certificate of residence, move-in, address change",
                 "zh": "户籍誊本, 居住证明, 迁入, 住址变更",
                 "vi": "giấy xác nhận cư trú, chuyển đến, đổi địa chỉ",
                 "ru": "справка о регистрации, прописка, смена адреса",
                 "th": "ทะเบียนบ้าน, ย้ายเข้า, เปลี่ยนที่อยู่"},
    "seal": {"ko": "인감, 인감도장, 인감증명서, 본인서명사실확인서",
             "en": "seal, personal seal, signature certificate",
             "zh": "印章, 印鉴证明书", "vi": "con dấu, chứng nhận chữ ký",
             "ru": "печать, подпись", "th": "ตราประทับ, รับรองลายมือชื่อ"},
    "family": {"ko": "가족관계, 가족관계증명서, 기본증명서, 혼인관계증명서, 출생신고, 혼인신고, 사망신고",
               "en": "family register, birth registration, marriage registration, death registration",
               "zh": "家庭关系证明书, 出生登记, 结婚登记", "vi": "giấy khai sinh, đăng ký kết hôn, hộ tịch",
               "ru": "свидетельство о рождении, регистрация брака",
               "th": "ทะเบียนครอบครัว, แจ้งเกิด, จดทะเบียนสมรส"},
    "passport": {"ko": "여권발급, 여권 재발급, 여권 찾기, 해외여행",
                 "en": "passport, passport renewal, travel document",
                 "zh": "护照办理, 护照更新", "vi": "hộ chiếu, làm hộ chiếu, gia hạn hộ chiếu",
                 "ru": "паспорт, загранпаспорт", "th": "หนังสือเดินทาง, พาสปอร์ต"},
    "foreign": {"ko": "외국인등록, 외국인등록증, 체류, 거소신고, 외국인 전입",
                "en": "alien registration, residence card, foreigner, visa stay",
                "zh": "外国人登录, 外国人登录证, 居留",
                "vi": "đăng ký người nước ngoài, thẻ cư trú, người nước ngoài",
                "ru": "регистрация иностранца, вид на жительство, иностранец",
                "th": "ลงทะเบียนคนต่างชาติ, บัตรต่างด้าว, ชาวต่างชาติ"},
    "vehicle": {"ko": "자동차, 차량, 이전등록, 신규등록, 번호판, 말소",
                "en": "car, vehicle, number plate, transfer of ownership",
                "zh": "汽车, 车牌, 过户", "vi": "ô tô, biển số xe, sang tên xe",
                "ru": "автомобиль, номерной знак", "th": "รถยนต์, ป้ายทะเบียน, โอนรถ"},
    "tax": {"ko": "지방세, 세금, 재산세, 자동차세, 취득세, 납세증명",
            "en": "tax, property tax, car tax, tax certificate",
            "zh": "税, 财产税, 纳税证明", "vi": "thuế, thuế tài sản, chứng nhận nộp thuế",
            "ru": "налог, налог на имущество", "th": "ภาษี, ภาษีทรัพย์สิน"},
    "welfare": {"ko": "복지, 기초생활, 기초연금, 수급, 긴급지원, 장애인",
                "en": "welfare, basic living, pension, disability, emergency support",
                "zh": "福利, 低保, 养老金", "vi": "phúc lợi, trợ cấp, lương hưu",
                "ru": "пособие, пенсия, соцпомощь", "th": "สวัสดิการ, เบี้ยยังชีพ, เงินบำนาญ"},
    "building": {"ko": "건축, 건축허가, 건축신고, 건축물대장, 사용승인",
                 "en": "building permit, construction, building register",
                 "zh": "建筑, 建筑许可, 建筑物台账", "vi": "xây dựng, giấy phép xây dựng",
                 "ru": "строительство, разрешение на строительство", "th": "ก่อสร้าง, ใบอนุญาตอาคาร"},
    "land": {"ko": "토지대장, 지적도, 임야대장, 토지이용계획, 땅",
             "en": "land register, cadastral map, land use",
             "zh": "土地台账, 地籍图", "vi": "sổ địa chính, bản đồ địa chính",
             "ru": "земельный кадастр, кадастровая карта", "th": "โฉนดที่ดิน, แผนที่ที่ดิน"},
}

STAFF = [
    # login, name, role, department, duty
    ("admin", "시스템 관리자", "admin", None, "키오스크·대기 시스템 관리"),
    ("supervisor", "김하늘", "supervisor", "civil", "민원팀장"),
    ("staff1", "이서연", "staff", "civil", "주민등록·인감 발급"),
    ("staff2", "박준호", "staff", "civil", "주민등록·가족관계 발급"),
    ("staff3", "최민지", "staff", "civil", "외국인 민원·제증명"),
    ("staff4", "정우진", "staff", "civil", "여권 접수·교부"),
    ("staff5", "강지은", "staff", "traffic", "자동차 신규·이전 등록"),
    ("staff6", "윤성민", "staff", "tax", "지방세 납부·증명"),
    ("staff7", "한예린", "staff", "welfare", "기초생활보장 상담"),
    ("staff8", "오태현", "staff", "building", "건축 허가·신고"),
    ("staff9", "서지호", "staff", "land", "토지대장·지적도 발급"),
]
# The duties in English (the other languages are left for the admin to add: the console
# marks them).
DUTIES_EN = {
    "키오스크·대기 시스템 관리": "Kiosk and queue system", "민원팀장": "Head of civil services",
    "주민등록·인감 발급": "Resident registration, seal certificates",
    "주민등록·가족관계 발급": "Resident registration, family certificates",
    "외국인 민원·제증명": "Foreign residents, certificates", "여권 접수·교부": "Passports",
    "자동차 신규·이전 등록": "Vehicle registration and transfer",
    "지방세 납부·증명": "Local tax payment and certificates",
    "기초생활보장 상담": "Basic living support counselling",
    "건축 허가·신고": "Building permits and reports",
    "토지대장·지적도 발급": "Land registers and cadastral maps", "제증명 발급": "Certificates",
}


def duties(duty: str) -> str:
    return json.dumps({"ko": duty, "en": DUTIES_EN[duty]}, ensure_ascii=False)

COUNTERS = [
    # number, own name, floor, location, services, staff login at it
    (1, None, 1, "민원실", ["resident", "seal", "family"], "staff1"),
    (2, None, 1, "민원실", ["resident", "seal", "family"], "staff2"),
    (3, None, 1, "민원실", ["resident", "family", "foreign"], None),
    (4, names("여권 창구", "Passport desk", "护照窗口", "Quầy hộ chiếu", "Паспортный стол",
              "ช่องหนังสือเดินทาง"), 1, "민원실", ["passport"], "staff4"),
    (5, None, 1, "민원실", ["passport", "foreign"], None),
    (6, None, 1, "차량등록실", ["vehicle"], "staff5"),
    (7, None, 2, "201호", ["tax"], "staff6"),
    (8, None, 2, "205호", ["welfare"], None),
    (9, None, 3, "301호", ["building"], None),
    (10, None, 3, "305호", ["land"], None),
]

DEVICES = [
    # name, kind, config
    ("kiosk-1f", "kiosk", {"floor": 1, "screen": {"width_mm": 477, "width_px": 1080}}),
    ("board-1f", "board", {"floor": 1}),
    ("counter-display-1", "counter_display", {"counter": 1}),
    ("counter-display-4", "counter_display", {"counter": 4}),
    ("directory-1f", "directory", {"floor": 1}),
    ("directory-2f", "directory", {"floor": 2}),
    ("directory-3f", "directory", {"floor": 3}),
    ("seats-civil", "seat_chart", {"department": "civil"}),
]


@functools.cache
def _demo_password_hash() -> str:
    return hash_password(DEMO_PASSWORD)  # hashing is slow on purpose: do it once


def load_demo(store: Store, clock: Clock) -> bool:
    """Fill an empty database with the sample lobby. Returns False if it had data."""
    if store.one("SELECT 1 FROM sites LIMIT 1"):
        return False
    now = clock.now()
    with store.write() as tx:
        site = tx.insert("sites", {
            "code": "dangjin", "names": names("당진시청", "Dangjin City Hall", "唐津市厅",
                                              "Tòa thị chính Dangjin", "Мэрия Тангджина",
                                              "ศาลาว่าการเมืองดังจิน"),
            "address": "충청남도 당진시 시청1로 1", "phone": "041-350-3524",
            "hours": json.dumps(ALL_DAY), "settings": json.dumps({"sample": SAMPLE_NOTE})})
        branch = tx.insert("sites", {
            "code": "hapdeok", "names": names("합덕읍 행정복지센터", "Hapdeok-eup Community Center",
                                              "合德邑行政福利中心", "Trung tâm hành chính Hapdeok",
                                              "Центр Хапток-ып", "ศูนย์บริการฮับด็อก"),
            "address": "충청남도 당진시 합덕읍", "phone": "041-350-4000",
            "hours": json.dumps(OFFICE_HOURS), "settings": json.dumps({"sample": SAMPLE_NOTE})})
        for day, name in HOLIDAYS:
            for site_id in (site, branch):
                tx.insert("holidays", {"site_id": site_id, "day": day, "name": name})

        departments = {key: tx.insert("departments", {
            "site_id": site, "names": dept_names, "floor": floor, "room": room,
            "rooms": ROOMS[room], "phone": phone})
            for key, dept_names, floor, room, phone in DEPARTMENTS}
        services = {}
        for order, (key, dept, svc_names, numbering, mark, period, cap, minutes) in enumerate(SERVICES):
            services[key] = tx.insert("services", {
                "site_id": site, "department_id": departments[dept], "names": svc_names,
                "keywords": json.dumps(KEYWORDS[key], ensure_ascii=False),
                "numbering": numbering,
                "prefix": mark if numbering == "letter" else "",
                "number_block": mark if numbering == "block" else None,
                "legal_period_value": period[0], "legal_period_unit": period[1],
                "daily_cap": cap, "default_service_minutes": minutes, "sort_order": order,
                **guide_columns(key)})

        staff = {login: tx.insert("staff", {
            "login": login, "name": name, "role": role,
            "site_id": None if role == "admin" else site,
            "department_id": departments.get(dept), "duty": duty, "duties": duties(duty),
            "phone": departments_phone(dept), "password_hash": _demo_password_hash()})
            for login, name, role, dept, duty in STAFF}

        counters = {}
        for number, own_name, floor, location, served, at in COUNTERS:
            counters[number] = tx.insert("counters", {
                "site_id": site, "number": number, "names": own_name or "{}", "floor": floor,
                "location": location, "locations": ROOMS[location], "staff_id": staff.get(at)})
            for key in served:
                tx.insert("counter_services", {"counter_id": counters[number],
                                               "service_id": services[key]})
            if at:
                tx.execute("UPDATE staff SET presence = 'available' WHERE id = ?", (staff[at],))

        devices = {}
        for name, kind, sample_config in DEVICES:
            config = dict(sample_config)
            if "counter" in config:
                config = {"counter_id": counters[config.pop("counter")], **config}
            if "department" in config:
                config = {"department_id": departments[config.pop("department")], **config}
            devices[name] = tx.insert("devices", {"site_id": site, "name": name, "kind": kind,
                                                  "config": json.dumps(config)})
        # No real printer in the demo: each ticket's bytes and a PNG go to print-preview/
        # beside the database.
        tx.insert("printers", {"device_id": devices["kiosk-1f"], "profile": "epson-tm-t20",
                               "connection": "preview://print-preview"})
        load_demo_maps(tx, store, site, {
            key: (departments[key], json.loads(dept_names)["ko"], room)
            for key, dept_names, _floor, room, _phone in DEPARTMENTS}, devices["kiosk-1f"])

        _load_branch(tx, branch)
    tokens = {}
    for row in store.query("SELECT id, name FROM devices ORDER BY id"):
        tokens[row["name"]] = create_token(store, now, device_id=row["id"])
    # Kept so that every start of the demo prints working addresses (sample data only).
    store.set_setting("demo_tokens", json.dumps(tokens))
    return True


def departments_phone(dept_key: str | None) -> str:
    return next((phone for key, *_, phone in DEPARTMENTS if key == dept_key), "")


def _load_branch(tx, branch: int) -> None:
    dept = tx.insert("departments", {
        "site_id": branch, "names": names("민원팀", "Civil Affairs Team", "民愿组", "Tổ dân nguyện",
                                          "Группа обращений", "ทีมบริการประชาชน"),
        "floor": 1, "room": "민원실", "rooms": ROOMS["민원실"], "phone": "041-350-4000"})
    served = []
    for order, (_key, _dept, svc_names, numbering, mark, period, _cap, minutes) in enumerate(
            SERVICES[:2]):
        served.append(tx.insert("services", {
            "site_id": branch, "department_id": dept, "names": svc_names, "numbering": numbering,
            "prefix": mark, "legal_period_value": period[0], "legal_period_unit": period[1],
            "default_service_minutes": minutes, "sort_order": order}))
    clerk = tx.insert("staff", {
        "login": "hapdeok1", "name": "임수빈", "role": "staff", "site_id": branch,
        "department_id": dept, "duty": "제증명 발급", "duties": duties("제증명 발급"),
        "phone": "041-350-4000",
        "password_hash": _demo_password_hash()})
    for number in (1, 2):
        counter = tx.insert("counters", {"site_id": branch, "number": number, "floor": 1,
                                         "location": "민원실", "locations": ROOMS["민원실"],
                                         "staff_id": clerk if number == 1 else None})
        for service in served:
            tx.insert("counter_services", {"counter_id": counter, "service_id": service})
    for name, kind in (("kiosk-hapdeok", "kiosk"), ("board-hapdeok", "board")):
        device = tx.insert("devices", {"site_id": branch, "name": name, "kind": kind,
                                       "config": json.dumps({"floor": 1})})
        if kind == "kiosk":
            tx.insert("printers", {"device_id": device, "profile": "generic-58mm",
                                   "connection": "preview://print-preview"})


def demo_addresses(store: Store, base: str) -> str:
    tokens = json.loads(store.setting("demo_tokens") or "{}")
    screens = {r["name"]: r for r in store.query(
        "SELECT d.name, d.config FROM devices d WHERE d.kind IN ('counter_display', "
        "'directory', 'seat_chart')")}

    def page(device: str, path: str) -> str:
        return f"{base}{path}?token={tokens[device]}" if device in tokens else f"{base}{path}"

    lines = [f"Sunbeon demo ({SAMPLE_NOTE})", "",
             f"  Kiosk (1F):        {page('kiosk-1f', '/kiosk')}",
             f"  Lobby board (1F):  {page('board-1f', '/display/board')}"]
    for name, row in screens.items():
        config = json.loads(row["config"])
        if "counter_id" in config:
            lines.append(f"  Counter display:   {page(name, '/display/counter/' + str(config['counter_id']))}")
        elif "floor" in config:
            lines.append(f"  Floor directory:   {page(name, '/display/directory/' + str(config['floor']))}")
        elif "department_id" in config:
            lines.append(f"  Seat chart:        {page(name, '/display/seats/' + str(config['department_id']))}")
    lines += [f"  Branch kiosk:      {page('kiosk-hapdeok', '/kiosk')}",
              f"  Staff console:     {base}/staff",
              f"  Admin console:     {base}/admin",
              f"  API (OpenAPI):     {base}/api/v1/openapi.json", "",
              f"  Sample accounts (password {DEMO_PASSWORD!r}): admin, supervisor, "
              "staff1 … staff9, hapdeok1"]
    return "\n".join(lines)
