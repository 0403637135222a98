"""Voice first, as a blind visitor meets the kiosk in Chromium: any key starts the voice
guide; each screen is read once, after its parts have loaded; every choice is read with
the number that chooses it ("1번, 민원지적과, 1층 민원실, 3명 대기"); a long list is read a
page of eight at a time, 9 and 0 turning pages; replay, pause and volume keep working.
The speech calls are recorded (RECORD_MEDIA) and compared with what the visitor must hear."""

from __future__ import annotations

import re

import pytest

from server.demo.documents import SERVICE_GUIDES
from tests.browser.test_kiosk import (catalog, kiosk_takes, new_kiosk_page, reload_kiosk,
                                      service_id, start_server, wait_screen)

KO = catalog("ko")
VI = catalog("vi")
# The home screen: the site's common services (here the month's busiest, topped up in the
# kiosk's order), numbered like everything else, then the tasks; ten choices, so a page of
# eight at a time.
COMMON = ["1번, 주민등록 등·초본, 3명 대기, {estimate}",
          "2번, 인감증명, 기다리는 사람 없음",
          "3번, 가족관계 증명, 기다리는 사람 없음",
          "4번, 여권, 기다리는 사람 없음"]
NUMBERED = ["5번, 번호표 받기, 업무를 고르고 차례를 기다립니다",
            "6번, 예약하고 왔어요, 직원에게 받은 6자리 예약 번호로 접수합니다",
            "7번, 사무실·직원 찾기, 층별 부서와 담당 직원을 안내합니다",
            "8번, 서비스 평가, 번호표 번호로 오늘 받은 민원 처리를 평가합니다"]
HOME_PAGE_2 = ["1번, 의견 남기기, 불편, 칭찬, 제안을 남깁니다",
               "2번, 직원 호출, 직원이 이곳으로 와서 도와드립니다",
               "0번 이전"]
DIRECTORY_HEAD = [KO["directory.title"], KO["directory.intro"], KO["directory.search"]]
DIRECTORY_PAGE_1 = DIRECTORY_HEAD + [
    "1층", "1번, 민원지적과, 1층 민원실, 전화 041-350-3524",
    "2번, 교통과, 1층 차량등록실, 전화 041-350-3561",
    "2층", "3번, 세무과, 2층 201호, 전화 041-350-3181",
    "4번, 복지정책과, 2층 205호, 전화 041-350-3212",
    "3층", "5번, 건축과, 3층 301호, 전화 041-350-3651",
    "6번, 토지정보과, 3층 305호, 전화 041-350-3641",
    KO["directory.by_service"], "7번, 주민등록 등·초본", "8번, 인감증명",
    "다음은 9번"]
DIRECTORY_PAGE_2 = ["1번, 가족관계 증명", "2번, 여권", "3번, 외국인 민원", "4번, 자동차 등록",
                    "5번, 지방세 민원", "6번, 복지 상담", "7번, 건축 민원", "8번, 토지 민원",
                    "0번 이전"]


@pytest.fixture(scope="module")
def voice_server(tmp_path_factory):
    process = start_server(tmp_path_factory)
    for _ in range(3):                      # three people wait for 주민등록 등·초본
        kiosk_takes(process, service_id(process, "주민등록 등·초본"))
    yield process
    process.stop()


@pytest.fixture(scope="module")
def page(browser, voice_server):
    page = new_kiosk_page(browser, voice_server)
    yield page
    page.context.close()


@pytest.fixture
def kiosk(page, voice_server):
    """A fresh kiosk: the next visitor, voice guide off."""
    reload_kiosk(page, voice_server)
    page.evaluate("window.__spoken.length = 0")
    return page


def heard(page, key: str | None = None, count: int = 1) -> list[list[str]]:
    """Press `key` (if any), wait until `count` things were said and a moment more (for
    anything said again), and return each utterance as its lines; the record is emptied."""
    if key:
        page.keyboard.press(key)
    page.wait_for_function(f"window.__spoken.length >= {count}", timeout=10000)
    page.wait_for_timeout(600)
    said = page.evaluate("window.__spoken.splice(0)")
    return [s["text"].split("\n") for s in said]


def test_a_blind_visitor_takes_a_number_by_keypad_hearing_each_screen_once(kiosk):
    # Any key starts the voice guide; it does nothing else (the focus does not move).
    (start,) = heard(kiosk, "ArrowDown")
    assert kiosk.get_attribute("[data-mode=voice]", "aria-pressed") == "true"
    assert kiosk.evaluate("document.activeElement.tagName") in ("H1", "BODY")
    assert start[:2] == [KO["voice.started"], KO["home.title"]]
    estimate = kiosk.locator("#screen [data-option='1'] .option-detail").all_inner_texts()[1]
    assert [line for line in start if re.match(r"\d+번, ", line)] == [
        *(line.format(estimate=estimate) for line in COMMON), *NUMBERED]
    assert start[-1] == "다음은 9번"
    assert heard(kiosk, "9") == [HOME_PAGE_2]
    heard(kiosk, "0")

    assert heard(kiosk, "5") == [[
        KO["departments.title"], KO["departments.intro"],
        "1번, 민원지적과, 1층 민원실, 3명 대기",
        "2번, 교통과, 1층 차량등록실, 기다리는 사람 없음",
        "3번, 세무과, 2층 201호, 기다리는 사람 없음",
        "4번, 복지정책과, 2층 205호, 기다리는 사람 없음",
        "5번, 건축과, 3층 301호, 기다리는 사람 없음",
        "6번, 토지정보과, 3층 305호, 기다리는 사람 없음"]]

    said = heard(kiosk, "1")
    wait_screen(kiosk, "services")
    estimate = kiosk.locator("#screen [data-option='1'] .option-detail").all_inner_texts()[1]
    assert said == [[
        KO["services.title"], "민원지적과의 업무입니다.",
        f"1번, 주민등록 등·초본, 3명 대기, {estimate}",
        "2번, 인감증명, 기다리는 사람 없음",
        "3번, 가족관계 증명, 기다리는 사람 없음",
        "4번, 여권, 기다리는 사람 없음",
        f"5번, 외국인 민원, 기다리는 사람 없음, {KO['queue.no_counter']}"]]

    # 주민등록 등·초본: the certificate machine issues it, which is said first, with its
    # hours, what it needs and the way there (the plan is not read).
    said = heard(kiosk, "1")
    assert said[0][:2] == [KO["machine.title"],
                           KO["machine.intro"].format(service="주민등록 등·초본")]
    for line in (KO["machine.hours"], KO["machine.need.fingerprint"], KO["machine.where"]):
        assert line in said[0]
    assert said[0][-2:] == [KO["machine.go"], KO["machine.ticket"]]
    for _ in range(12):
        kiosk.keyboard.press("ArrowDown")
        if kiosk.evaluate("document.activeElement.id") == "machine-ticket":
            break
    assert heard(kiosk)[-1] == [KO["machine.ticket"]]
    said = heard(kiosk, "Enter")
    assert said[0][-2:] == ["1번, 예, 해당합니다, 우선 번호표를 받습니다",
                            "2번, 아니요, 일반 번호표를 받습니다"]
    # What to bring, the fee and who may apply are read before the button that takes it.
    guide = SERVICE_GUIDES["resident"]
    assert heard(kiosk, "2") == [[
        KO["confirm.title"], "주민등록 등·초본", KO["confirm.kind_normal"], "1층 민원실",
        "3명 대기", estimate, KO["guide.documents"], *guide["documents"]["ko"],
        KO["guide.fee"], guide["fee"]["ko"], KO["guide.who"], guide["who_may_apply"]["ko"],
        KO["confirm.issue"], KO["confirm.cancel"]]]

    # The arrows move to the button, which is read; Enter takes the ticket.
    for _ in range(6):
        kiosk.keyboard.press("ArrowDown")
        if kiosk.evaluate("document.activeElement.id") == "confirm-issue":
            break
    assert heard(kiosk)[-1] == [KO["confirm.issue"]]
    said = heard(kiosk, "Enter")
    number = kiosk.inner_text("#ticket-number")
    assert said[0][:5] == [KO["ticket.title"], KO["ticket.number"], number, "주민등록 등·초본", "내 앞에 3명"]
    assert said[0][-2:] == [KO["ticket.notify"], KO["ticket.done"]]
    # Read once: anything after it is the printer's news, not the screen again.
    assert all(KO["ticket.title"] not in lines for lines in said[1:])


def test_a_common_service_is_chosen_by_the_number_it_is_read_with(kiosk):
    heard(kiosk, "ArrowDown")                            # the voice guide starts
    # 2번, 인감증명: its priority question, then its ticket, the departments skipped.
    assert heard(kiosk, "2")[0][:2] == [KO["priority.title"], KO["priority.intro"]]
    assert heard(kiosk, "2")[0][:2] == [KO["confirm.title"], "인감증명"]


def test_the_office_finder_is_read_a_page_at_a_time_and_an_office_once_loaded(kiosk):
    heard(kiosk, "ArrowDown")                            # the voice guide starts
    assert heard(kiosk, "7") == [DIRECTORY_PAGE_1]
    assert heard(kiosk, "9") == [DIRECTORY_PAGE_2]
    assert heard(kiosk, "0") == [DIRECTORY_PAGE_1]
    assert heard(kiosk, "9") == [DIRECTORY_PAGE_2]

    # Replay repeats the page; the volume keys say the level; pause pauses.
    kiosk.click("#voice-replay")
    assert heard(kiosk) == [DIRECTORY_PAGE_2]
    kiosk.click("#voice-louder")
    said = kiosk.evaluate("window.__spoken.splice(0)")
    assert [(s["text"], s["volume"]) for s in said] == [("음량 5 / 5", 1)]
    kiosk.click("#voice-pause")
    assert kiosk.inner_text("#voice-pause") == KO["voice.resume"]
    kiosk.click("#voice-pause")

    # On page 2, key 1 is 가족관계 증명: its office, read once with its staff and the way
    # there, never while they are still loading, and never a person's name.
    (office,) = heard(kiosk, "1")
    wait_screen(kiosk, "staff")
    assert office[:3] == ["민원지적과", "1층 민원실", "가족관계 증명"]
    assert KO["status.loading"] not in office
    assert "오른쪽으로 돌아 약 15m 가세요" in office and "1번 창구" in office
    names = kiosk.locator(".person-name").all_inner_texts()
    assert names and not set(names) & set(office)


def test_a_key_after_a_touch_starts_the_voice_and_still_acts_and_off_stays_off(kiosk):
    kiosk.click("#screen [data-key=take]")
    wait_screen(kiosk, "departments")
    kiosk.evaluate("window.__spoken.length = 0")
    said = heard(kiosk, "2")                             # voice on, and 교통과 chosen
    wait_screen(kiosk, "services")
    assert [lines[:3] for lines in said] == [
        [KO["voice.started"], KO["services.title"], "교통과의 업무입니다."]]

    kiosk.click("[data-mode=voice]")                     # this visitor turns it off
    kiosk.keyboard.press("Escape")
    wait_screen(kiosk, "departments")
    assert kiosk.get_attribute("[data-mode=voice]", "aria-pressed") == "false"
    assert kiosk.evaluate("window.__spoken.length") == 0


def test_headphones_plugged_in_start_the_voice_guide(browser, voice_server):
    page = new_kiosk_page(browser, voice_server)
    try:
        # A device that reports its audio outputs: headphones add one.
        page.context.add_init_script("""{
            const outputs = [{kind: 'audiooutput', deviceId: 'speaker'}];
            navigator.mediaDevices.enumerateDevices = async () => outputs;
            window.__plugIn = () => {
                outputs.push({kind: 'audiooutput', deviceId: 'headphones'});
                navigator.mediaDevices.dispatchEvent(new Event('devicechange'));
            };
        }""")
        page.reload()
        page.wait_for_selector("html[data-ready]", state="attached")
        page.wait_for_timeout(300)
        assert page.get_attribute("[data-mode=voice]", "aria-pressed") == "false"
        page.evaluate("window.__plugIn()")
        page.wait_for_selector("[data-mode=voice][aria-pressed=true]")
        assert heard(page)[0][:2] == [KO["voice.started"], KO["home.title"]]
    finally:
        page.context.close()


def test_korean_left_untranslated_on_a_foreign_screen_is_said_with_the_korean_voice(kiosk):
    """The demo's duties are in Korean and English only: on a Vietnamese kiosk a duty is
    shown in Korean (tagged lang="ko"), and the Vietnamese reading of the office says it
    with the Korean voice, the rest of the reading staying Vietnamese."""
    kiosk.click("#tool-language")
    kiosk.click("#screen [data-key=lang-vi]")
    wait_screen(kiosk, "home")
    heard(kiosk, "ArrowDown")                            # the voice guide starts
    heard(kiosk, "7")                                    # the office finder
    kiosk.keyboard.press("1")                            # 민원지적과
    wait_screen(kiosk, "staff")
    kiosk.wait_for_selector(".person")
    kiosk.wait_for_function("window.__spoken.length >= 3", timeout=10000)
    kiosk.wait_for_timeout(600)
    said = [(s["lang"], s["text"]) for s in kiosk.evaluate("window.__spoken.splice(0)")]
    duty = "주민등록·인감 발급"
    vietnamese = VI["staff.intro"]
    assert ("ko-KR", duty) in said
    spoken_vi = [text for lang, text in said if lang == "vi-VN"]
    assert any(vietnamese in text for text in spoken_vi)
    assert not any(duty in text for text in spoken_vi)
    # Read in order: the Vietnamese reading (its Korean words in Korean), then the Korean one.
    first_ko_pass = next(i for i, (lang, text) in enumerate(said)
                         if lang == "ko-KR" and KO["staff.intro"] in text)
    assert said.index(("ko-KR", duty)) < first_ko_pass
    assert all(lang in ("vi-VN", "ko-KR") for lang, _ in said)
