"""The words of the relay's pages, in the six languages of every public surface."""

from __future__ import annotations

from datetime import datetime

LANGUAGES = ("ko", "en", "zh", "vi", "ru", "th")
NATIVE_NAMES = {"ko": "한국어", "en": "English", "zh": "中文", "vi": "Tiếng Việt",
                "ru": "Русский", "th": "ไทย"}

MESSAGES = {
    "ko": {
        "title": "{site} 실시간 대기 현황",
        "waiting": "대기 인원", "people": "{n}명",
        "forecast": "예상 대기", "range": "{low}~{high}분", "about": "약 {minutes}분",
        "no_forecast": "예상할 수 없음",
        "counters": "운영 창구", "counter_count": "{n}곳",
        "issuing": "번호표 발급 중", "cap_reached": "조기 마감", "paused": "발급 일시 중지",
        "closed": "업무 종료", "next_issue": "다음 발급: {when}",
        "office_closed": "지금은 업무 시간이 아닙니다.", "next_open": "다음 운영: {when}",
        "stale": "정보를 갱신하지 못하고 있습니다 ({time} 기준)",
        "as_of": "{time} 기준", "refresh": "이 화면은 몇 초마다 저절로 바뀝니다.",
        "no_site": "이 기관의 대기 정보가 없습니다.", "no_data": "아직 받은 정보가 없습니다.",
        "language": "언어", "more": "자세히 보기", "services": "업무별 대기",
    },
    "en": {
        "title": "{site}: live waiting times",
        "waiting": "Waiting", "people": "{n}",
        "forecast": "Expected wait", "range": "{low}–{high} min", "about": "about {minutes} min",
        "no_forecast": "cannot be estimated",
        "counters": "Open counters", "counter_count": "{n}",
        "issuing": "Issuing numbers", "cap_reached": "Closed early: all numbers issued",
        "paused": "Issuing paused",
        "closed": "Closed", "next_issue": "Next issuing: {when}",
        "office_closed": "The office is closed now.", "next_open": "Opens again: {when}",
        "stale": "The figures are not being updated (as of {time})",
        "as_of": "as of {time}", "refresh": "This page updates itself every few seconds.",
        "no_site": "There is no waiting information for this office.",
        "no_data": "No figures have been received yet.",
        "language": "Language", "more": "See more", "services": "Waiting by service",
    },
    "zh": {
        "title": "{site} 实时等候情况",
        "waiting": "等候人数", "people": "{n}人",
        "forecast": "预计等候", "range": "{low}~{high}分钟", "about": "约{minutes}分钟",
        "no_forecast": "无法预计",
        "counters": "开放窗口", "counter_count": "{n}个",
        "issuing": "正在发放号码", "cap_reached": "提前截止", "paused": "暂停发号",
        "closed": "已下班", "next_issue": "下次发号：{when}",
        "office_closed": "现在不是办公时间。", "next_open": "下次办公：{when}",
        "stale": "信息暂时无法更新（截至 {time}）",
        "as_of": "截至 {time}", "refresh": "本页面每隔几秒自动更新。",
        "no_site": "没有该机构的等候信息。", "no_data": "尚未收到任何信息。",
        "language": "语言", "more": "查看详情", "services": "各业务等候情况",
    },
    "vi": {
        "title": "{site}: tình hình chờ trực tiếp",
        "waiting": "Số người chờ", "people": "{n} người",
        "forecast": "Thời gian chờ dự kiến", "range": "{low}–{high} phút",
        "about": "khoảng {minutes} phút", "no_forecast": "không thể ước tính",
        "counters": "Quầy đang mở", "counter_count": "{n} quầy",
        "issuing": "Đang cấp số", "cap_reached": "Đã ngừng cấp số sớm", "paused": "Tạm ngừng cấp số",
        "closed": "Hết giờ làm việc", "next_issue": "Cấp số lại: {when}",
        "office_closed": "Hiện đang ngoài giờ làm việc.", "next_open": "Mở cửa lại: {when}",
        "stale": "Không cập nhật được thông tin (tính đến {time})",
        "as_of": "tính đến {time}", "refresh": "Trang này tự cập nhật sau vài giây.",
        "no_site": "Không có thông tin chờ của cơ quan này.",
        "no_data": "Chưa nhận được thông tin nào.",
        "language": "Ngôn ngữ", "more": "Xem chi tiết", "services": "Tình hình chờ theo dịch vụ",
    },
    "ru": {
        "title": "{site}: очередь сейчас",
        "waiting": "В очереди", "people": "{n} чел.",
        "forecast": "Ожидание", "range": "{low}–{high} мин", "about": "около {minutes} мин",
        "no_forecast": "нельзя оценить",
        "counters": "Открыто окон", "counter_count": "{n}",
        "issuing": "Талоны выдаются", "cap_reached": "Выдача талонов на сегодня закончена",
        "paused": "Выдача приостановлена",
        "closed": "Приём окончен", "next_issue": "Следующая выдача: {when}",
        "office_closed": "Сейчас учреждение закрыто.", "next_open": "Откроется: {when}",
        "stale": "Сведения не обновляются (по состоянию на {time})",
        "as_of": "по состоянию на {time}",
        "refresh": "Страница обновляется сама каждые несколько секунд.",
        "no_site": "Для этого учреждения нет сведений об очереди.",
        "no_data": "Сведения ещё не поступали.",
        "language": "Язык", "more": "Подробнее", "services": "Очередь по услугам",
    },
    "th": {
        "title": "{site}: สถานะการรอคิวขณะนี้",
        "waiting": "จำนวนผู้รอ", "people": "{n} คน",
        "forecast": "เวลารอโดยประมาณ", "range": "{low}–{high} นาที",
        "about": "ประมาณ {minutes} นาที", "no_forecast": "ประมาณไม่ได้",
        "counters": "ช่องบริการที่เปิด", "counter_count": "{n} ช่อง",
        "issuing": "กำลังออกบัตรคิว", "cap_reached": "ปิดรับคิวก่อนเวลา", "paused": "หยุดออกบัตรคิวชั่วคราว",
        "closed": "ปิดทำการ", "next_issue": "ออกบัตรคิวครั้งถัดไป: {when}",
        "office_closed": "ขณะนี้อยู่นอกเวลาทำการ", "next_open": "เปิดทำการครั้งถัดไป: {when}",
        "stale": "ไม่สามารถอัปเดตข้อมูลได้ (ข้อมูล ณ เวลา {time})",
        "as_of": "ข้อมูล ณ เวลา {time}", "refresh": "หน้านี้อัปเดตเองทุกไม่กี่วินาที",
        "no_site": "ไม่มีข้อมูลการรอคิวของหน่วยงานนี้", "no_data": "ยังไม่ได้รับข้อมูล",
        "language": "ภาษา", "more": "ดูรายละเอียด", "services": "การรอคิวตามบริการ",
    },
}

WEEKDAYS = {
    "ko": "월화수목금토일", "zh": "一二三四五六日",
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "vi": ("T2", "T3", "T4", "T5", "T6", "T7", "CN"),
    "ru": ("пн", "вт", "ср", "чт", "пт", "сб", "вс"),
    "th": ("จ.", "อ.", "พ.", "พฤ.", "ศ.", "ส.", "อา."),
}
MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "ru": ("янв.", "февр.", "марта", "апр.", "мая", "июня", "июля", "авг.", "сент.", "окт.",
           "нояб.", "дек."),
    "th": ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.",
           "พ.ย.", "ธ.ค."),
}
WHEN = {
    "ko": "{M}월 {D}일 ({wd}) {time}", "zh": "{M}月{D}日（{wd}）{time}",
    "en": "{wd} {D} {mon}, {time}", "vi": "{wd}, {D}/{M} {time}",
    "ru": "{wd}, {D} {mon}, {time}", "th": "{wd} {D} {mon} {time}",
}


def language(asked: str | None, accept) -> str:
    """?lang= when it is one of ours, else the browser's best (Accept-Language), else
    Korean."""
    if asked in LANGUAGES:
        return asked
    return accept.best_match(LANGUAGES, default="ko") if accept else "ko"


def when(moment: datetime, lang: str) -> str:
    """A day and time to come, e.g. "12월 8일 (화) 09:00"."""
    months = MONTHS.get(lang)
    return WHEN[lang].format(M=moment.month, D=moment.day, wd=WEEKDAYS[lang][moment.weekday()],
                             mon=months[moment.month - 1] if months else "",
                             time=moment.strftime("%H:%M"))

# The words of a number from the phone (docs/public.md, Remote tickets).
REMOTE_MESSAGES = {
    "ko": {
        "take": "번호표 받기", "remote_title": "{service} 번호표 받기",
        "remote_intro": "번호표를 받은 뒤 기관에 도착하면 입구의 QR 코드를 찍거나 키오스크의 "
                        "'원격 번호표 확인'에 도착 확인 코드를 입력해 주세요. 도착 확인 전에 "
                        "차례가 오면 잠시 기다린 뒤 번호표가 취소됩니다.",
        "phone_label": "휴대전화 번호 (선택)",
        "consent_label": "차례 알림을 받기 위해 오늘 하루 휴대전화 번호를 보관하는 데 동의합니다.",
        "no_phone": "번호를 적지 않으면 이 화면을 열어 두세요. 순서가 여기에 표시됩니다.",
        "remote_closed": "지금은 휴대전화로 번호표를 받을 수 없습니다.",
        "invalid_phone": "휴대전화 번호를 확인해 주세요 (예: 010-1234-5678).",
        "consent_needed": "휴대전화 번호를 남기려면 보관에 동의해 주세요.",
        "too_many": "오늘은 휴대전화로 번호표를 더 받을 수 없습니다 (하루 {n}번).",
        "your_number": "내 번호", "checkin_code": "도착 확인 코드", "ahead": "내 앞 대기",
        "back": "대기 현황으로",
        "mine_pending": "번호표를 발급하고 있습니다. 잠시만 기다려 주세요.",
        "mine_not_checked_in": "기관에 도착하면 입구의 QR 코드를 찍거나 키오스크에 도착 확인 "
                               "코드를 입력해 주세요. 그때부터 차례를 기다립니다.",
        "mine_held_aside": "차례가 되었습니다. {hold}분 안에 도착 확인을 해 주세요. "
                           "그동안 다음 번호를 먼저 부릅니다.",
        "mine_waiting": "도착 확인이 되었습니다. 차례를 기다려 주세요.",
        "mine_called": "지금 창구로 가 주세요.", "mine_done": "업무가 끝났습니다. 고맙습니다.",
        "mine_lapsed": "도착 확인이 없어 번호표가 취소되었습니다.",
        "mine_cancelled": "번호표가 취소되었습니다.",
        "refused_remote_off": "이 업무는 휴대전화로 번호표를 받지 않습니다.",
        "refused_paused": "이 업무는 지금 번호표 발급을 멈추었습니다.",
        "refused_cap_reached": "오늘 번호표가 모두 나갔습니다 (조기 마감).",
        "refused_outside_hours": "지금은 업무 시간이 아닙니다.",
        "refused_holiday": "오늘은 쉬는 날입니다.",
        "refused_not_reached_today": "지금 받으면 오늘 업무 시간 안에 차례가 오지 않습니다.",
        "refused_share_used": "이번 시간에 휴대전화로 받을 수 있는 번호표가 모두 나갔습니다. "
                              "잠시 뒤에 다시 하거나 기관에서 번호표를 받아 주세요.",
        "refused_invalid": "번호표를 발급하지 못했습니다.",
    },
    "en": {
        "take": "Take a number", "remote_title": "Take a number: {service}",
        "remote_intro": "When you arrive at the office, scan the QR code at the entrance or "
                        "type your check-in code at a kiosk under 'Remote ticket check-in'. If "
                        "your turn comes before you check in, your number is held a short "
                        "while and then cancelled.",
        "phone_label": "Mobile phone number (optional)",
        "consent_label": "I agree that my phone number is kept for today to tell me when my "
                         "turn is near.",
        "no_phone": "Without a number, keep this page open: it shows your place.",
        "remote_closed": "Numbers cannot be taken by phone now.",
        "invalid_phone": "Please check the mobile number (e.g. 010-1234-5678).",
        "consent_needed": "To leave your phone number, please agree to it being kept.",
        "too_many": "No more numbers by phone today (at most {n} a day).",
        "your_number": "Your number", "checkin_code": "Check-in code", "ahead": "Ahead of you",
        "back": "Back to waiting times",
        "mine_pending": "Your number is being issued. Please wait a moment.",
        "mine_not_checked_in": "When you arrive, scan the QR code at the entrance or type the "
                               "check-in code at a kiosk. You wait for your turn from then.",
        "mine_held_aside": "Your turn has come. Please check in within {hold} minutes; "
                           "the next numbers are called meanwhile.",
        "mine_waiting": "You are checked in. Please wait for your turn.",
        "mine_called": "Please go to the counter now.", "mine_done": "Done. Thank you.",
        "mine_lapsed": "Your number was cancelled: you did not check in in time.",
        "mine_cancelled": "Your number was cancelled.",
        "refused_remote_off": "This service does not give numbers by phone.",
        "refused_paused": "This service has paused issuing numbers.",
        "refused_cap_reached": "All of today's numbers are issued (closed early).",
        "refused_outside_hours": "The office is not open now.",
        "refused_holiday": "The office is closed today.",
        "refused_not_reached_today": "A number taken now would not be called before closing "
                                     "today.",
        "refused_share_used": "This hour's numbers by phone are all taken. Try again later "
                              "or take a number at the office.",
        "refused_invalid": "The number could not be issued.",
    },
    "zh": {
        "take": "领取号码", "remote_title": "领取号码：{service}",
        "remote_intro": "到达机构后，请扫描入口处的二维码，或在自助机的“远程号码确认”中输入到达确认码。"
                        "如果确认到达之前轮到您，号码会保留片刻后取消。",
        "phone_label": "手机号码（可选）",
        "consent_label": "我同意今天保存我的手机号码，用于通知我快轮到我了。",
        "no_phone": "如不填写号码，请保持本页面打开，您的顺序会显示在这里。",
        "remote_closed": "现在无法通过手机领取号码。",
        "invalid_phone": "请检查手机号码（例如 010-1234-5678）。",
        "consent_needed": "如要留下手机号码，请同意保存。",
        "too_many": "今天不能再通过手机领取号码（每天最多 {n} 次）。",
        "your_number": "我的号码", "checkin_code": "到达确认码", "ahead": "前面等候",
        "back": "返回等候情况",
        "mine_pending": "正在发放号码，请稍候。",
        "mine_not_checked_in": "到达后请扫描入口处的二维码，或在自助机输入到达确认码，然后等候叫号。",
        "mine_held_aside": "已轮到您。请在 {hold} 分钟内确认到达，期间先叫后面的号码。",
        "mine_waiting": "已确认到达，请等候叫号。",
        "mine_called": "请现在前往窗口。", "mine_done": "业务已办完，谢谢。",
        "mine_lapsed": "因未确认到达，号码已取消。", "mine_cancelled": "号码已取消。",
        "refused_remote_off": "该业务不能通过手机领取号码。",
        "refused_paused": "该业务暂停发号。",
        "refused_cap_reached": "今天的号码已全部发完（提前截止）。",
        "refused_outside_hours": "现在不是办公时间。", "refused_holiday": "今天休息。",
        "refused_not_reached_today": "现在领取的号码在今天办公时间内轮不到。",
        "refused_share_used": "本小时可通过手机领取的号码已发完。请稍后再试或到机构领取号码。",
        "refused_invalid": "无法发放号码。",
    },
    "vi": {
        "take": "Lấy số", "remote_title": "Lấy số: {service}",
        "remote_intro": "Khi đến cơ quan, hãy quét mã QR ở lối vào hoặc nhập mã xác nhận đến "
                        "tại ki-ốt trong mục 'Xác nhận số từ xa'. Nếu đến lượt trước khi xác "
                        "nhận, số của bạn được giữ một lúc rồi bị hủy.",
        "phone_label": "Số điện thoại di động (không bắt buộc)",
        "consent_label": "Tôi đồng ý để số điện thoại được lưu trong hôm nay để báo khi sắp "
                         "đến lượt.",
        "no_phone": "Nếu không để lại số, hãy giữ trang này mở: thứ tự của bạn hiện ở đây.",
        "remote_closed": "Hiện không thể lấy số bằng điện thoại.",
        "invalid_phone": "Vui lòng kiểm tra số di động (ví dụ 010-1234-5678).",
        "consent_needed": "Để để lại số điện thoại, vui lòng đồng ý cho lưu.",
        "too_many": "Hôm nay không thể lấy thêm số bằng điện thoại (tối đa {n} lần một ngày).",
        "your_number": "Số của bạn", "checkin_code": "Mã xác nhận đến", "ahead": "Người trước bạn",
        "back": "Về tình hình chờ",
        "mine_pending": "Đang cấp số. Vui lòng chờ một chút.",
        "mine_not_checked_in": "Khi đến nơi, hãy quét mã QR ở lối vào hoặc nhập mã xác nhận "
                               "tại ki-ốt. Từ lúc đó bạn chờ đến lượt.",
        "mine_held_aside": "Đã đến lượt bạn. Hãy xác nhận đến trong {hold} phút; trong lúc "
                           "đó các số sau được gọi trước.",
        "mine_waiting": "Đã xác nhận đến. Vui lòng chờ đến lượt.",
        "mine_called": "Hãy đến quầy ngay bây giờ.", "mine_done": "Đã xong. Xin cảm ơn.",
        "mine_lapsed": "Số đã bị hủy vì bạn không xác nhận đến kịp.",
        "mine_cancelled": "Số đã bị hủy.",
        "refused_remote_off": "Dịch vụ này không cấp số qua điện thoại.",
        "refused_paused": "Dịch vụ này đang tạm ngừng cấp số.",
        "refused_cap_reached": "Đã cấp hết số của hôm nay (ngừng sớm).",
        "refused_outside_hours": "Hiện đang ngoài giờ làm việc.",
        "refused_holiday": "Hôm nay cơ quan nghỉ.",
        "refused_not_reached_today": "Số lấy bây giờ sẽ không đến lượt trước giờ đóng cửa "
                                     "hôm nay.",
        "refused_share_used": "Số cấp qua điện thoại trong giờ này đã hết. Hãy thử lại sau "
                              "hoặc lấy số tại cơ quan.",
        "refused_invalid": "Không thể cấp số.",
    },
    "ru": {
        "take": "Взять талон", "remote_title": "Взять талон: {service}",
        "remote_intro": "Когда придёте, отсканируйте QR-код у входа или введите код "
                        "подтверждения в киоске («Подтвердить талон с телефона»). Если "
                        "очередь подойдёт раньше, талон подождёт немного и будет отменён.",
        "phone_label": "Номер мобильного телефона (необязательно)",
        "consent_label": "Я согласен(на), чтобы мой номер хранился сегодня для уведомления "
                         "о моей очереди.",
        "no_phone": "Без номера держите эту страницу открытой: здесь видно ваше место.",
        "remote_closed": "Сейчас талон по телефону взять нельзя.",
        "invalid_phone": "Проверьте номер мобильного (например, 010-1234-5678).",
        "consent_needed": "Чтобы оставить номер, согласитесь на его хранение.",
        "too_many": "Сегодня больше нельзя взять талон по телефону (не более {n} в день).",
        "your_number": "Ваш талон", "checkin_code": "Код подтверждения",
        "ahead": "Перед вами", "back": "К очереди",
        "mine_pending": "Талон выдаётся. Подождите немного.",
        "mine_not_checked_in": "Когда придёте, отсканируйте QR-код у входа или введите код "
                               "в киоске. С этого момента вы ждёте своей очереди.",
        "mine_held_aside": "Ваша очередь подошла. Подтвердите приход в течение {hold} мин; "
                           "пока вызывают следующих.",
        "mine_waiting": "Приход подтверждён. Ждите своей очереди.",
        "mine_called": "Подойдите к окну сейчас.", "mine_done": "Готово. Спасибо.",
        "mine_lapsed": "Талон отменён: приход не подтверждён вовремя.",
        "mine_cancelled": "Талон отменён.",
        "refused_remote_off": "Эта услуга не выдаёт талоны по телефону.",
        "refused_paused": "Выдача талонов этой услуги приостановлена.",
        "refused_cap_reached": "Все талоны на сегодня выданы.",
        "refused_outside_hours": "Сейчас нерабочее время.",
        "refused_holiday": "Сегодня учреждение не работает.",
        "refused_not_reached_today": "Талон, взятый сейчас, не будет вызван до закрытия.",
        "refused_share_used": "Талоны по телефону на этот час закончились. Попробуйте позже "
                              "или возьмите талон в учреждении.",
        "refused_invalid": "Талон выдать не удалось.",
    },
    "th": {
        "take": "รับบัตรคิว", "remote_title": "รับบัตรคิว: {service}",
        "remote_intro": "เมื่อมาถึงหน่วยงาน ให้สแกนคิวอาร์โค้ดที่ทางเข้า หรือพิมพ์รหัสยืนยันการมาถึงที่ตู้คีออสก์ "
                        "หากถึงคิวก่อนยืนยัน บัตรคิวจะถูกพักไว้สักครู่แล้วยกเลิก",
        "phone_label": "หมายเลขโทรศัพท์มือถือ (ไม่บังคับ)",
        "consent_label": "ฉันยินยอมให้เก็บหมายเลขโทรศัพท์ไว้วันนี้เพื่อแจ้งเมื่อใกล้ถึงคิว",
        "no_phone": "หากไม่ให้หมายเลข โปรดเปิดหน้านี้ไว้ ลำดับของคุณจะแสดงที่นี่",
        "remote_closed": "ขณะนี้รับบัตรคิวทางโทรศัพท์ไม่ได้",
        "invalid_phone": "โปรดตรวจสอบหมายเลขมือถือ (เช่น 010-1234-5678)",
        "consent_needed": "หากต้องการให้หมายเลขโทรศัพท์ โปรดยินยอมให้เก็บไว้",
        "too_many": "วันนี้รับบัตรคิวทางโทรศัพท์เพิ่มไม่ได้แล้ว (สูงสุด {n} ครั้งต่อวัน)",
        "your_number": "หมายเลขของคุณ", "checkin_code": "รหัสยืนยันการมาถึง",
        "ahead": "คิวก่อนหน้าคุณ", "back": "กลับไปที่สถานะการรอคิว",
        "mine_pending": "กำลังออกบัตรคิว โปรดรอสักครู่",
        "mine_not_checked_in": "เมื่อมาถึง ให้สแกนคิวอาร์โค้ดที่ทางเข้าหรือพิมพ์รหัสที่ตู้คีออสก์ "
                               "แล้วรอถึงคิวของคุณ",
        "mine_held_aside": "ถึงคิวของคุณแล้ว โปรดยืนยันการมาถึงภายใน {hold} นาที "
                           "ระหว่างนี้จะเรียกคิวถัดไปก่อน",
        "mine_waiting": "ยืนยันการมาถึงแล้ว โปรดรอถึงคิวของคุณ",
        "mine_called": "โปรดไปที่ช่องบริการตอนนี้", "mine_done": "เสร็จเรียบร้อย ขอบคุณ",
        "mine_lapsed": "บัตรคิวถูกยกเลิกเพราะไม่ได้ยืนยันการมาถึงทันเวลา",
        "mine_cancelled": "บัตรคิวถูกยกเลิก",
        "refused_remote_off": "บริการนี้ไม่ออกบัตรคิวทางโทรศัพท์",
        "refused_paused": "บริการนี้หยุดออกบัตรคิวชั่วคราว",
        "refused_cap_reached": "บัตรคิวของวันนี้หมดแล้ว (ปิดรับก่อนเวลา)",
        "refused_outside_hours": "ขณะนี้อยู่นอกเวลาทำการ", "refused_holiday": "วันนี้เป็นวันหยุด",
        "refused_not_reached_today": "หากรับตอนนี้จะไม่ถึงคิวก่อนปิดทำการวันนี้",
        "refused_share_used": "บัตรคิวทางโทรศัพท์ของชั่วโมงนี้หมดแล้ว โปรดลองใหม่ภายหลังหรือรับบัตรคิวที่หน่วยงาน",
        "refused_invalid": "ออกบัตรคิวไม่ได้",
    },
}
# The words of the check-in by the entrance's QR code.
ENTRANCE_MESSAGES = {
    "ko": {"entrance_title": "도착 확인",
           "entrance_working": "이 휴대전화로 받은 번호표의 도착을 확인하고 있습니다.",
           "entrance_wrong": "이 QR 코드로는 도착을 확인할 수 없습니다. 키오스크에서 도착 확인 "
                             "코드를 입력해 주세요.",
           "entrance_no_ticket": "이 휴대전화로 받은 오늘 번호표가 없습니다. 키오스크의 '휴대전화로 "
                                 "받은 번호표'에서 도착 확인 코드를 입력해 주세요.",
           "entrance_not_now": "이 번호표는 이미 도착을 확인했거나 취소되었습니다.",
           "entrance_link_down": "지금은 도착을 확인할 수 없습니다. 키오스크에서 도착 확인 코드를 "
                                 "입력해 주세요."},
    "en": {"entrance_title": "Check in",
           "entrance_working": "Checking in the number taken on this phone.",
           "entrance_wrong": "This QR code cannot check you in. Please type your check-in code "
                             "at a kiosk.",
           "entrance_no_ticket": "This phone holds no number of today. Please type your "
                                 "check-in code at a kiosk ('I took a number on my phone').",
           "entrance_not_now": "This number is checked in already or was cancelled.",
           "entrance_link_down": "Checking in is not possible now. Please type your check-in "
                                 "code at a kiosk."},
    "zh": {"entrance_title": "签到",
           "entrance_working": "正在为此手机取的号码签到。",
           "entrance_wrong": "此二维码无法签到。请在自助机上输入签到码。",
           "entrance_no_ticket": "此手机上没有今天的号码。请在自助机“我在手机上取了号”中输入签到码。",
           "entrance_not_now": "此号码已签到或已作废。",
           "entrance_link_down": "现在无法签到。请在自助机上输入签到码。"},
    "vi": {"entrance_title": "Xác nhận đã đến",
           "entrance_working": "Đang xác nhận đã đến cho số lấy trên điện thoại này.",
           "entrance_wrong": "Mã QR này không dùng để xác nhận được. Vui lòng nhập mã xác nhận "
                             "tại máy kiosk.",
           "entrance_no_ticket": "Điện thoại này không có số nào của hôm nay. Vui lòng nhập mã "
                                 "xác nhận tại máy kiosk.",
           "entrance_not_now": "Số này đã được xác nhận hoặc đã bị hủy.",
           "entrance_link_down": "Hiện không thể xác nhận. Vui lòng nhập mã xác nhận tại máy "
                                 "kiosk."},
    "ru": {"entrance_title": "Регистрация",
           "entrance_working": "Регистрируем номер, взятый на этом телефоне.",
           "entrance_wrong": "По этому QR-коду нельзя зарегистрироваться. Введите код "
                             "регистрации в киоске.",
           "entrance_no_ticket": "На этом телефоне нет номера на сегодня. Введите код "
                                 "регистрации в киоске.",
           "entrance_not_now": "Этот номер уже зарегистрирован или аннулирован.",
           "entrance_link_down": "Сейчас зарегистрироваться нельзя. Введите код регистрации "
                                 "в киоске."},
    "th": {"entrance_title": "เช็กอิน",
           "entrance_working": "กำลังเช็กอินบัตรคิวที่รับด้วยโทรศัพท์เครื่องนี้",
           "entrance_wrong": "ใช้ QR โค้ดนี้เช็กอินไม่ได้ กรุณากดรหัสเช็กอินที่ตู้คีออสก์",
           "entrance_no_ticket": "โทรศัพท์เครื่องนี้ไม่มีบัตรคิวของวันนี้ กรุณากดรหัสเช็กอินที่ตู้คีออสก์",
           "entrance_not_now": "บัตรคิวนี้เช็กอินแล้วหรือถูกยกเลิกแล้ว",
           "entrance_link_down": "ขณะนี้เช็กอินไม่ได้ กรุณากดรหัสเช็กอินที่ตู้คีออสก์"},
}
# The way to an office (/live/<site>/route) the relay has not been pushed (yet): the
# kiosk's QR code was shown a moment ago, or the link is down.
ROUTE_MESSAGES = {
    "ko": {"route_not_received": "경로를 아직 받지 못했습니다. 잠시 후 다시 열어 주세요."},
    "en": {"route_not_received": "The way has not been received yet. Please open this page "
                                 "again in a moment."},
    "zh": {"route_not_received": "尚未收到路线。请稍后再打开此页面。"},
    "vi": {"route_not_received": "Chưa nhận được đường đi. Vui lòng mở lại trang này sau "
                                 "ít phút."},
    "ru": {"route_not_received": "Маршрут ещё не получен. Откройте эту страницу ещё раз "
                                 "чуть позже."},
    "th": {"route_not_received": "ยังไม่ได้รับเส้นทาง กรุณาเปิดหน้านี้อีกครั้งในอีกสักครู่"},
}
for _lang, _words in REMOTE_MESSAGES.items():
    MESSAGES[_lang].update(_words, **ENTRANCE_MESSAGES[_lang], **ROUTE_MESSAGES[_lang])
