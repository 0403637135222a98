"""SAMPLE data: what a visitor brings, what it costs and who may apply, for the common
services of the sample lobby, in the six kiosk languages (fees as Korean offices charged
them in 2025; a real site enters its own in the admin console)."""

from __future__ import annotations

import json


def _six(ko, en, zh, vi, ru, th) -> dict:
    return {"ko": ko, "en": en, "zh": zh, "vi": vi, "ru": ru, "th": th}


# By the demo's service key: documents {lang: [item]}, fee {lang: text}, who_may_apply.
SERVICE_GUIDES = {
    "resident": {
        "documents": _six(
            ["신분증 (주민등록증·운전면허증·여권)", "대리인은 위임장과 위임자·대리인의 신분증"],
            ["ID card (resident card, driver's licence or passport)",
             "A proxy: letter of authorisation and both ID cards"],
            ["身份证件（居民身份证、驾驶证或护照）", "代理人：委托书及委托人、代理人的身份证件"],
            ["Giấy tờ tùy thân (thẻ cư trú, bằng lái xe hoặc hộ chiếu)",
             "Người đại diện: giấy ủy quyền và giấy tờ tùy thân của hai người"],
            ["Удостоверение личности (ID-карта, права или паспорт)",
             "Представитель: доверенность и удостоверения обоих"],
            ["บัตรประจำตัว (บัตรประชาชน ใบขับขี่ หรือหนังสือเดินทาง)",
             "ผู้รับมอบอำนาจ: หนังสือมอบอำนาจและบัตรประจำตัวของทั้งสองฝ่าย"]),
        "fee": _six("1통 400원 (무인민원발급기 200원, 정부24 무료)",
                    "400 won a copy (200 won at the unmanned machine, free on Gov24)",
                    "每份400韩元（无人发证机200韩元，政府24免费）",
                    "400 won/bản (máy tự động 200 won, Chính phủ 24 miễn phí)",
                    "400 вон за экземпляр (в автомате 200 вон, на Gov24 бесплатно)",
                    "ฉบับละ 400 วอน (ตู้อัตโนมัติ 200 วอน, Gov24 ฟรี)"),
        "who_may_apply": _six("본인 또는 세대원, 위임장을 가진 대리인",
                              "You, a member of your household, or a proxy with a letter of "
                              "authorisation",
                              "本人或同户家庭成员、持委托书的代理人",
                              "Bản thân, thành viên cùng hộ hoặc người đại diện có giấy ủy quyền",
                              "Вы сами, член вашей семьи по месту регистрации или представитель "
                              "по доверенности",
                              "เจ้าตัว สมาชิกในทะเบียนบ้าน หรือผู้รับมอบอำนาจที่มีหนังสือมอบอำนาจ"),
    },
    "seal": {
        "documents": _six(
            ["본인 신분증", "대리인은 인감을 날인한 위임장과 위임자·대리인의 신분증"],
            ["Your ID card",
             "A proxy: authorisation stamped with your registered seal, and both ID cards"],
            ["本人身份证件", "代理人：盖有印鉴的委托书及委托人、代理人的身份证件"],
            ["Giấy tờ tùy thân của bạn",
             "Người đại diện: giấy ủy quyền đóng con dấu đã đăng ký và giấy tờ tùy thân của hai người"],
            ["Ваше удостоверение личности",
             "Представитель: доверенность с оттиском печати и удостоверения обоих"],
            ["บัตรประจำตัวของผู้ขอ",
             "ผู้รับมอบอำนาจ: หนังสือมอบอำนาจที่ประทับตราที่จดทะเบียน และบัตรประจำตัวของทั้งสองฝ่าย"]),
        "fee": _six("1통 600원", "600 won a copy", "每份600韩元", "600 won/bản",
                    "600 вон за экземпляр", "ฉบับละ 600 วอน"),
        "who_may_apply": _six("본인 또는 위임장을 가진 대리인 (부동산 매도용은 본인만)",
                              "You, or a proxy with a letter of authorisation (to sell real "
                              "estate: only you)",
                              "本人或持委托书的代理人（用于出售不动产时仅限本人）",
                              "Bản thân hoặc người đại diện có giấy ủy quyền (bán bất động sản: "
                              "chỉ bản thân)",
                              "Вы сами или представитель по доверенности (для продажи "
                              "недвижимости — только лично)",
                              "เจ้าตัว หรือผู้รับมอบอำนาจ (กรณีขายอสังหาริมทรัพย์ ต้องมาด้วยตนเอง)"),
    },
    "family": {
        "documents": _six(
            ["신분증", "대리인은 위임장, 위임자의 신분증 사본과 대리인의 신분증"],
            ["ID card", "A proxy: letter of authorisation, a copy of your ID card and their own ID"],
            ["身份证件", "代理人：委托书、委托人身份证件复印件及代理人身份证件"],
            ["Giấy tờ tùy thân",
             "Người đại diện: giấy ủy quyền, bản sao giấy tờ tùy thân của bạn và của họ"],
            ["Удостоверение личности",
             "Представитель: доверенность, копия вашего удостоверения и его собственное"],
            ["บัตรประจำตัว",
             "ผู้รับมอบอำนาจ: หนังสือมอบอำนาจ สำเนาบัตรของผู้มอบ และบัตรของผู้รับมอบ"]),
        "fee": _six("1통 1,000원 (무인민원발급기 500원)",
                    "1,000 won a copy (500 won at the unmanned machine)",
                    "每份1,000韩元（无人发证机500韩元）", "1.000 won/bản (máy tự động 500 won)",
                    "1000 вон за экземпляр (в автомате 500 вон)",
                    "ฉบับละ 1,000 วอน (ตู้อัตโนมัติ 500 วอน)"),
        "who_may_apply": _six("본인, 배우자, 직계혈족, 형제자매 또는 위임장을 가진 대리인",
                              "You, your spouse, parents, children, siblings, or a proxy with a "
                              "letter of authorisation",
                              "本人、配偶、直系血亲、兄弟姐妹或持委托书的代理人",
                              "Bản thân, vợ/chồng, cha mẹ, con cái, anh chị em hoặc người đại "
                              "diện có giấy ủy quyền",
                              "Вы, ваш супруг, родители, дети, братья и сёстры или представитель "
                              "по доверенности",
                              "เจ้าตัว คู่สมรส บิดามารดา บุตร พี่น้อง หรือผู้รับมอบอำนาจ"),
    },
    "passport": {
        "documents": _six(
            ["신분증", "여권 사진 1매 (6개월 이내 촬영)", "유효기간이 남은 여권 (있는 경우)",
             "병역 관계 서류 (18~37세 남성)"],
            ["ID card", "One passport photo (taken within 6 months)",
             "Your current passport, if still valid", "Military service papers (men aged 18-37)"],
            ["身份证件", "护照照片1张（6个月内拍摄）", "尚在有效期内的护照（如有）",
             "兵役相关文件（18至37岁男性）"],
            ["Giấy tờ tùy thân", "1 ảnh hộ chiếu (chụp trong vòng 6 tháng)",
             "Hộ chiếu còn hạn (nếu có)", "Giấy tờ nghĩa vụ quân sự (nam 18-37 tuổi)"],
            ["Удостоверение личности", "Одно фото на паспорт (не старше 6 месяцев)",
             "Действующий паспорт (если есть)", "Документы о воинской службе (мужчины 18–37 лет)"],
            ["บัตรประจำตัว", "รูปถ่ายหนังสือเดินทาง 1 รูป (ถ่ายไม่เกิน 6 เดือน)",
             "หนังสือเดินทางเล่มเดิมที่ยังไม่หมดอายุ (ถ้ามี)",
             "เอกสารการรับราชการทหาร (ชายอายุ 18-37 ปี)"]),
        "fee": _six("10년 복수여권 58면 53,000원, 26면 50,000원",
                    "10-year passport: 53,000 won (58 pages), 50,000 won (26 pages)",
                    "10年多次护照：58页53,000韩元，26页50,000韩元",
                    "Hộ chiếu 10 năm: 53.000 won (58 trang), 50.000 won (26 trang)",
                    "Паспорт на 10 лет: 53 000 вон (58 стр.), 50 000 вон (26 стр.)",
                    "หนังสือเดินทาง 10 ปี: 53,000 วอน (58 หน้า), 50,000 วอน (26 หน้า)"),
        "who_may_apply": _six("본인이 직접 신청 (18세 미만은 법정대리인 동의)",
                              "You, in person (under 18: with a legal guardian's consent)",
                              "须本人亲自申请（未满18岁需法定代理人同意）",
                              "Bản thân trực tiếp nộp (dưới 18 tuổi: cần người đại diện hợp pháp "
                              "đồng ý)",
                              "Лично (до 18 лет — с согласия законного представителя)",
                              "ยื่นด้วยตนเอง (อายุต่ำกว่า 18 ปี ต้องได้รับความยินยอมจากผู้แทนโดยชอบธรรม)"),
    },
    "foreign": {
        "documents": _six(
            ["외국인등록증", "여권", "체류지 입증 서류 (임대차계약서 등)"],
            ["Residence card", "Passport", "Proof of address (a lease contract or similar)"],
            ["外国人登录证", "护照", "居住地证明文件（租赁合同等）"],
            ["Thẻ cư trú người nước ngoài", "Hộ chiếu",
             "Giấy tờ chứng minh nơi ở (hợp đồng thuê nhà, v.v.)"],
            ["Карта регистрации иностранца", "Паспорт",
             "Подтверждение адреса (договор аренды и т. п.)"],
            ["บัตรประจำตัวคนต่างด้าว", "หนังสือเดินทาง", "เอกสารยืนยันที่พัก (สัญญาเช่า ฯลฯ)"]),
        "fee": _six("체류지 변경 신고는 무료", "Reporting a new address: free", "居留地变更申报免费",
                    "Khai báo thay đổi nơi cư trú: miễn phí", "Смена адреса: бесплатно",
                    "แจ้งเปลี่ยนที่พัก: ไม่มีค่าธรรมเนียม"),
        "who_may_apply": _six("본인 또는 위임받은 가족·대리인",
                              "You, or a family member or proxy you authorise",
                              "本人或受委托的家属、代理人",
                              "Bản thân hoặc người thân, người đại diện được ủy quyền",
                              "Вы сами или член семьи либо представитель по доверенности",
                              "เจ้าตัว หรือสมาชิกครอบครัว/ผู้รับมอบอำนาจ"),
    },
}


# The certificates the lobby's machine (무인민원발급기) and 정부24 issue, and what the
# machine asks for: the kiosk offers them before the ticket.
SELF_SERVICE = {
    "resident": {"machine_issue": 1, "online_issue": 1, "machine_needs": ["id_card", "fingerprint"]},
    "family": {"machine_issue": 1, "online_issue": 1, "machine_needs": ["id_card", "fingerprint"]},
}


def guide_columns(key: str) -> dict:
    """The service's documents, fee and who may apply, and whether the machine next door
    issues it, as its table columns ({} for a service without either: the kiosk then goes
    straight on)."""
    columns = {column: json.dumps(value, ensure_ascii=False)
               for column, value in SERVICE_GUIDES.get(key, {}).items()}
    self_service = SELF_SERVICE.get(key, {})
    return {**columns, **self_service,
            **({"machine_needs": json.dumps(self_service["machine_needs"])}
               if self_service else {})}
