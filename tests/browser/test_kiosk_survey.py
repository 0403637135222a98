"""The yearly satisfaction survey at the kiosk, in Chromium against a real server: a
Vietnamese visitor whose matter is done finds the survey's tile on the home screen, types
their ticket number, answers a 5-point question by the keypad, skips the yes/no one,
chooses 10 on the 0-10 scale by 1 then 0, and is thanked; the answers are stored without
the ticket; the same number again is told kindly that it has taken part."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.browser.test_kiosk import (catalog, new_kiosk_page, service_id, sql, staff_session,
                                      start_server, wait_screen)
from tests.browser.test_kiosk_rating_feedback import served_at_counter_1, type_number

QUESTIONS = [
    ({"ko": "직원이 친절했습니까?", "vi": "Nhân viên có thân thiện không?"}, "agree5"),
    ({"ko": "다시 방문하시겠습니까?", "vi": "Bạn có quay lại không?"}, "yes_no"),
    ({"ko": "전체 만족도는 몇 점입니까?"}, "score11"),              # left untranslated
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process = start_server(tmp_path_factory)
    yield process
    process.stop()


def add_survey(server) -> tuple[int, list[int]]:
    """A survey running today, as an admin writes it in the console."""
    admin = staff_session(server, "admin")
    api = f"{server.url}/api/v1/admin"
    today = date.today()
    survey = admin.post(f"{api}/surveys", params={"site_id": 1}, json={
        "titles": {"ko": "민원 만족도 조사", "vi": "Khảo sát hài lòng"},
        "starts_on": (today - timedelta(days=2)).isoformat(),
        "ends_on": (today + timedelta(days=2)).isoformat()})
    survey.raise_for_status()
    ids = []
    for order, (texts, scale) in enumerate(QUESTIONS):
        added = admin.post(f"{api}/survey-questions", params={"site_id": 1}, json={
            "survey_id": survey.json()["item"]["id"], "texts": texts, "scale": scale,
            "sort_order": order})
        added.raise_for_status()
        ids.append(added.json()["item"]["id"])
    return survey.json()["item"]["id"], ids


def in_vietnamese(page):
    page.click("#tool-language")
    wait_screen(page, "language")
    page.click("#screen [data-key=lang-vi]")
    wait_screen(page, "home")


def test_a_vietnamese_visitor_answers_the_survey_once(browser, server):
    survey_id, (kind, again, overall) = add_survey(server)
    ticket = served_at_counter_1(server, service_id(server, "인감증명"))
    page = new_kiosk_page(browser, server)
    vi = catalog("vi")
    try:
        in_vietnamese(page)
        tile = page.locator("#screen [data-key=survey]")
        assert vi["home.survey"] in tile.inner_text()
        tile.click()
        wait_screen(page, "survey")
        assert page.inner_text("#screen h1") == "Khảo sát hài lòng"
        type_number(page, ticket["display_number"])
        page.click("#survey-check")

        wait_screen(page, "survey-question")
        assert page.inner_text("#screen h1") == "Nhân viên có thân thiện không?"
        assert vi["survey.progress"].format(n=1, total=3) in page.inner_text("#screen .survey-progress")
        answers = page.locator("#screen [data-option]")
        assert answers.count() == 5
        assert vi["survey.agree5.5"] in answers.nth(4).inner_text()
        page.keyboard.press("4")                      # the keypad's digit is the answer
        assert page.get_attribute("#screen [data-key=answer-4]", "aria-pressed") == "true"
        assert vi["survey.agree5.4"] in page.inner_text("#screen .survey-chosen")
        page.click("#survey-next")

        page.wait_for_selector(f"#screen [data-question='{again}']")
        assert page.inner_text("#screen h1") == "Bạn có quay lại không?"
        page.click("#screen [data-key=survey-skip]")

        page.wait_for_selector(f"#screen [data-question='{overall}']")
        # Untranslated: the Korean question, tagged as Korean.
        assert page.inner_text("#screen h1") == "전체 만족도는 몇 점입니까?"
        assert page.get_attribute("#screen h1", "lang") == "ko"
        assert page.locator("#screen .survey-score").count() == 11
        page.keyboard.press("1")
        page.keyboard.press("0")                      # 1 then 0: ten
        assert page.get_attribute("#screen [data-key=answer-10]", "aria-pressed") == "true"
        assert vi["survey.send"] in page.inner_text("#survey-next")
        page.click("#survey-next")

        wait_screen(page, "survey-done")
        assert vi["survey.thanks"] in page.inner_text("#screen h1")
        assert sql(server, "SELECT question_id, value FROM survey_answers ORDER BY question_id") == [
            (kind, 4), (overall, 10)]
        tokens = sql(server, "SELECT token FROM survey_responses")
        assert len(tokens) == 1 and str(ticket["id"]) != tokens[0][0]

        # Once per ticket, said kindly, with no "enter again".
        page.click("#screen [data-key=survey-ok]")
        wait_screen(page, "home")
        page.click("#screen [data-key=survey]")
        wait_screen(page, "survey")
        type_number(page, ticket["display_number"])
        page.click("#survey-check")
        wait_screen(page, "survey-refused")
        assert page.get_attribute("#screen .survey-refused", "data-reason") == "already_answered"
        assert vi["survey.already_answered"] in page.inner_text("#screen h1")
        assert page.locator("#screen [data-key=survey-again]").count() == 0

        summary = staff_session(server).get(f"{server.url}/api/v1/reports/surveys").json()
        assert summary["surveys"][0]["survey_id"] == survey_id
        assert summary["surveys"][0]["questions"][0]["hidden"]   # one visitor: hidden
    finally:
        page.context.close()
