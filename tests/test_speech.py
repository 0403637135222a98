"""What the board says: Korean numerals, letters, counter names, other languages, and the
announcement routes that serve the sentence and its audio only for real calls."""

from __future__ import annotations

import json

import pytest

from server.queue import speech
from server.queue.speech import announcement, read_number_ko, sino_korean

COUNTER_3 = {"number": 3, "names": {}}
PASSPORT_DESK = {"number": 4, "names": {"ko": "여권 창구", "en": "Passport desk"}}


@pytest.mark.parametrize("number, words", [
    (1, "일"), (10, "십"), (11, "십일"), (20, "이십"), (100, "백"), (101, "백일"),
    (110, "백십"), (1000, "천"), (1012, "천십이"), (2019, "이천십구"), (999, "구백구십구"),
    (10000, "만"), (20019, "이만십구"), (110000, "십일만"), (0, "영"),
])
def test_sino_korean_numerals(number, words):
    assert sino_korean(number) == words


@pytest.mark.parametrize("display_number, words", [
    ("1012", "천십이"), ("2001", "이천일"), ("A-012", "에이 십이"), ("A-001", "에이 일"),
    ("B-110", "비 백십"), ("H-100", "에이치 백"),
])
def test_ticket_numbers_read_in_korean(display_number, words):
    assert read_number_ko(display_number) == words


@pytest.mark.parametrize("display_number, counter, sentence", [
    ("1012", COUNTER_3, "천십이 번 고객님, 삼 번 창구로 오십시오"),
    ("1", {"number": 1, "names": {}}, "일 번 고객님, 일 번 창구로 오십시오"),
    ("10", {"number": 10, "names": {}}, "십 번 고객님, 십 번 창구로 오십시오"),
    ("11", {"number": 11, "names": {}}, "십일 번 고객님, 십일 번 창구로 오십시오"),
    ("20", COUNTER_3, "이십 번 고객님, 삼 번 창구로 오십시오"),
    ("100", COUNTER_3, "백 번 고객님, 삼 번 창구로 오십시오"),
    ("101", COUNTER_3, "백일 번 고객님, 삼 번 창구로 오십시오"),
    ("110", COUNTER_3, "백십 번 고객님, 삼 번 창구로 오십시오"),
    ("1000", COUNTER_3, "천 번 고객님, 삼 번 창구로 오십시오"),
    ("2019", {"number": 12, "names": {}}, "이천십구 번 고객님, 십이 번 창구로 오십시오"),
    ("A-012", COUNTER_3, "에이 십이 번 고객님, 삼 번 창구로 오십시오"),
    ("2001", PASSPORT_DESK, "이천일 번 고객님, 여권 창구로 오십시오"),
])
def test_korean_announcements(display_number, counter, sentence):
    assert announcement(display_number, counter) == sentence


@pytest.mark.parametrize("name, sentence_end", [
    ("민원실", "민원실로 오십시오"),      # ㄹ final: 로
    ("종합 안내", "종합 안내로 오십시오"),  # no final consonant: 로
    ("본관 접수창구 1번", "본관 접수창구 1번으로 오십시오"),  # other final consonant: 으로
])
def test_counter_names_take_the_right_particle(name, sentence_end):
    assert announcement("1012", {"number": 9, "names": {"ko": name}}).endswith(sentence_end)


def test_other_languages_use_their_own_name_or_the_number():
    assert announcement("A-012", COUNTER_3, "en") == "Number A 12, please come to counter 3."
    assert announcement("2001", PASSPORT_DESK, "en") == \
        "Number 2001, please come to the Passport desk."
    # No Chinese name for the desk: the counter's number is read instead.
    assert announcement("2001", PASSPORT_DESK, "zh") == "请2001号到4号窗口。"
    for lang in speech.LANGUAGES:
        assert "1012" in announcement("1012", COUNTER_3, lang) or lang == "ko"


def test_no_sentence_says_the_chime_the_board_has_just_played():
    """The board plays a real two-tone chime before every call: "딩동" read out after it
    would be the chime twice."""
    for lang in speech.LANGUAGES:
        for counter in (COUNTER_3, PASSPORT_DESK):
            said = announcement("1012", counter, lang).lower()
            assert not any(word in said for word in ("딩동", "ding", "dong")), (lang, said)


def test_espeak_renders_a_cached_wav():
    first = speech.render_wav("일 번 고객님, 일 번 창구로 오십시오", "ko")
    assert first[:4] == b"RIFF" and first[8:12] == b"WAVE" and len(first) > 10_000
    assert speech.render_wav("일 번 고객님, 일 번 창구로 오십시오", "ko") is first


# ---- the routes the board uses ------------------------------------------------------

def _call_passport(kiosk, signed_in, service_ids) -> dict:
    kiosk.post("/api/v1/tickets", json={"service_id": service_ids["여권"]})
    return signed_in("staff4").post("/api/v1/counters/4/call-next").json["ticket"]


def test_announcement_route_builds_the_sentence_from_a_real_call(app, kiosk, signed_in,
                                                                 service_ids):
    ticket = _call_passport(kiosk, signed_in, service_ids)
    client = app.test_client()
    answer = client.get(f"/display/announce/{ticket['id']}/4?also=en,xx,ko").json
    assert answer["display_number"] == "2001"
    assert [(line["lang"], line["voice"], line["text"]) for line in answer["lines"]] == [
        ("ko", "ko-KR", "이천일 번 고객님, 여권 창구로 오십시오"),
        ("en", "en-US", "Number 2001, please come to the Passport desk."),
    ]
    audio = client.get(answer["lines"][0]["audio"])
    assert audio.status_code == 200 and audio.mimetype == "audio/wav"
    assert audio.data[:4] == b"RIFF"


def test_announcements_exist_only_for_a_ticket_at_that_counter(app, kiosk, signed_in,
                                                               service_ids):
    ticket = _call_passport(kiosk, signed_in, service_ids)
    waiting = kiosk.post("/api/v1/tickets", json={"service_id": service_ids["여권"]}).json["ticket"]
    client = app.test_client()
    assert client.get(f"/display/announce/{ticket['id']}/1").status_code == 404
    assert client.get(f"/display/announce/{waiting['id']}/4").status_code == 404
    assert client.get(f"/display/announce/{ticket['id']}/4/xx.wav").status_code == 404
    assert client.get(f"/display/announce/999999/4").status_code == 404
    # There is no way to ask for free text.
    assert client.get("/display/announce/4?text=hello").status_code == 404


def test_no_announcement_for_another_days_ticket(app, clock, kiosk, signed_in, service_ids):
    ticket = _call_passport(kiosk, signed_in, service_ids)
    clock.advance(86400)
    assert app.test_client().get(f"/display/announce/{ticket['id']}/4").status_code == 404


def test_catalogs_have_the_same_keys_in_every_language():
    from pathlib import Path
    folder = Path(__file__).resolve().parent.parent / "display" / "i18n"
    catalogs = {lang: json.loads((folder / f"{lang}.json").read_text())
                for lang in speech.LANGUAGES}
    keys = set(catalogs["ko"])
    for lang, catalog in catalogs.items():
        assert set(catalog) == keys, lang
        assert all(isinstance(v, str) and v.strip() for v in catalog.values()), lang
