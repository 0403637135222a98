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
