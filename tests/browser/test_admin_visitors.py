"""The admin console's visitor sections in Chromium, against a real server process and a
real SMTP server: answering a complaint reaches the visitor's mailbox, confirmed
unkindness complaints flag an official at the third, a compensation case needs a second
admin, ratings are shown added up only, and supervisors see none of the admin-only parts."""

from __future__ import annotations

import email
import email.policy
import re

import pytest
import requests

from server.demo import DEMO_PASSWORD
from tests.browser.conftest import axe_violations
from tests.browser.test_kiosk import new_kiosk_page, wait_screen
from tests.support.console import ConsoleSession
from tests.support.server import ServerProcess
from tests.support.smtp import SmtpSink

VISITOR_EMAIL = "visitor.kim@example.com"


@pytest.fixture
def smtp():
    """The sink alone: the server process is pointed at it through its environment."""
    sink = SmtpSink()
    yield sink
    sink.stop()


@pytest.fixture
def server(tmp_path, monkeypatch, smtp):
    """`sunbeon serve --demo` configured, through its environment, to mail via the sink."""
    monkeypatch.setenv("SUNBEON_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SUNBEON_SMTP_PORT", str(smtp.port))
    monkeypatch.setenv("SUNBEON_SMTP_FROM", "minwon@dangjin.example")
    process = ServerProcess(tmp_path / "visitors.db")
    process.start()
    yield process
    process.stop()


def kiosk(server) -> requests.Session:
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {server.tokens['kiosk-1f']}"
    return session


def signed_in(server, login: str) -> requests.Session:
    session = ConsoleSession()
    response = session.post(f"{server.url}/api/v1/auth/login",
                            json={"login": login, "password": DEMO_PASSWORD})
    assert response.status_code == 200, response.text
    return session


def staff_id(server, name: str) -> int:
    staff = requests.get(f"{server.url}/api/v1/staff?site_id=1").json()["staff"]
    return next(s["id"] for s in staff if s["name"] == name)


def leave_feedback(server, **body) -> int:
    response = kiosk(server).post(f"{server.url}/api/v1/feedback", json=body)
    assert response.status_code == 201, response.text
    return response.json()["feedback"]["id"]


def sign_in(page, server, login: str = "admin"):
    page.goto(f"{server.url}/admin")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("#signin-form button[type=submit]")


def open_section(page, key: str):
    page.click(f"#sections a[data-key={key}]")
    page.wait_for_selector(f"#sections a[data-key={key}][aria-current=page]")
    page.locator("#panel-body p.hint", has_text="불러오는 중").wait_for(state="detached")


def feedback_row(page, feedback_id: int):
    return page.locator(f"#panel-body tbody tr[data-id='{feedback_id}']")


def message(page):
    return page.locator("#visitor-message")


def test_a_complaint_is_answered_by_email_and_the_third_confirmed_one_flags_the_official(
        server, smtp, new_page):
    officer = staff_id(server, "이서연")
    first = leave_feedback(server, kind="complaint", ground="unkindness", about_staff_id=officer,
                           text="창구에서 반말을 들었습니다.", email=VISITOR_EMAIL, consent=True)
    second = leave_feedback(server, kind="complaint", ground="unkindness",
                            about_staff_id=officer, text="질문에 대답하지 않았습니다.")
    third = leave_feedback(server, kind="complaint", ground="unkindness",
                           about_staff_id=officer, text="서류를 던지듯 주었습니다.")
    praise = leave_feedback(server, kind="praise", about_counter_number=4,
                            text="여권 창구 직원분이 친절했습니다.")

    page = new_page(1600, 1100)
    sign_in(page, server)
    page.wait_for_selector("#panel:not([hidden])")
    open_section(page, "feedback")
    for feedback_id in (first, second, third, praise):
        feedback_row(page, feedback_id).wait_for()
    # The address itself is never on the page, only that an answer can be sent.
    assert VISITOR_EMAIL not in page.content()
    assert "이메일 회신 가능" in feedback_row(page, first).inner_text()
    assert "회신 주소 없음" in feedback_row(page, second).inner_text()
    assert "이서연" in feedback_row(page, first).inner_text()
    assert "여권 창구" in feedback_row(page, praise).inner_text()
    assert axe_violations(page) == []

    # Filters: only praise, then everything again.
    page.get_by_label("종류").select_option("praise")
    feedback_row(page, first).wait_for(state="detached")
    feedback_row(page, praise).wait_for()
    assert page.locator("#panel-body tbody tr").count() == 1
    assert page.evaluate("document.activeElement.name") == "kind"
    page.get_by_label("종류").select_option("")
    feedback_row(page, first).wait_for()

    # The praise gets an owner and is closed.
    feedback_row(page, praise).get_by_role("button", name="처리").click()
    form = page.locator("#panel-form form")
    form.get_by_label("담당자").select_option(label="김하늘 (민원팀장)")
    form.get_by_label("상태").select_option("closed")
    form.get_by_role("button", name="저장").click()
    message(page).wait_for()
    row = feedback_row(page, praise).inner_text()
    assert "김하늘" in row and "종결" in row

    # The answer to the first complaint goes to the visitor's mailbox.
    feedback_row(page, first).get_by_role("button", name="답변").click()
    form = page.locator("#panel-form form")
    assert form.get_by_label("방문자에게 이메일로 보내기").is_checked()
    form.get_by_role("textbox", name="답변").fill("불편을 드려 죄송합니다. 담당 직원 교육을 실시했습니다.")
    form.get_by_role("button", name="저장").click()
    message(page).filter(has_text="이메일로 보냈습니다").wait_for()
    assert page.evaluate("document.activeElement.id") == "visitor-message"
    [sent] = smtp.messages
    assert sent["to"] == [VISITOR_EMAIL]
    mail = email.message_from_bytes(sent["data"], policy=email.policy.default)
    assert "담당 직원 교육을 실시했습니다" in mail.get_content()
    row = feedback_row(page, first).inner_text()
    assert "회신 주소 없음" in row and "이메일 보냄" in row and "답변함" in row

    # Two complaints found true: counted, not yet flagged.
    for feedback_id in (first, second):
        feedback_row(page, feedback_id).get_by_role("button", name="사실로 확인").click()
        message(page).filter(has_text=f"#{feedback_id}").wait_for()
        feedback_row(page, feedback_id).get_by_role("button", name="확인 취소").wait_for()
    open_section(page, "unkindness")
    assert "기록됩니다" in page.locator("#panel-body .logged-note").inner_text()
    row = page.locator("#panel-body tbody tr", has_text="이서연")
    assert "2건" in row.inner_text() and "기준(3회) 미만" in row.inner_text()
    assert row.locator(".flagged").count() == 0

    # The third one flags the official, in words.
    open_section(page, "feedback")
    feedback_row(page, third).get_by_role("button", name="사실로 확인").click()
    message(page).filter(has_text=f"#{third}").wait_for()
    open_section(page, "unkindness")
    flagged = page.locator("#panel-body tbody tr", has_text="이서연").locator(".flagged")
    assert "3회째 확인: 조치 대상" in flagged.inner_text()
    assert axe_violations(page) == []


def test_feedback_left_at_the_kiosk_is_answered_into_the_visitors_mailbox(
        server, smtp, browser, new_page):
    """The whole way: a visitor complains on the kiosk's screens and leaves an address with
    consent; an admin answers in the console; the answer is in the visitor's mailbox."""
    kiosk_page = new_kiosk_page(browser, server)
    kiosk_page.click("#screen [data-key=feedback]")
    wait_screen(kiosk_page, "feedback")
    kiosk_page.click("#screen [data-key=kind-unfaithful]")
    wait_screen(kiosk_page, "feedback-text")
    kiosk_page.click("#screen [data-key=phrase-1]")
    kiosk_page.click("#feedback-next")
    wait_screen(kiosk_page, "feedback-contact")
    kiosk_page.click("#screen [data-key=consent-yes]")
    wait_screen(kiosk_page, "feedback-email")
    for key in ("l", "e", "e", "@naver.com"):
        kiosk_page.click(f"#screen [data-key='email-{key}']")
    kiosk_page.click("#feedback-send")
    wait_screen(kiosk_page, "feedback-done")
    kiosk_page.context.close()

    admin = signed_in(server, "admin")
    [item] = [f for f in admin.get(f"{server.url}/api/v1/feedback?site_id=1").json()["feedback"]
              if f["channel"] == "kiosk" and f["ground"] == "unfaithful"]
    page = new_page(1600, 1100)
    sign_in(page, server)
    page.wait_for_selector("#panel:not([hidden])")
    open_section(page, "feedback")
    assert "이메일 회신 가능" in feedback_row(page, item["id"]).inner_text()
    assert "lee@naver.com" not in page.content()
    feedback_row(page, item["id"]).get_by_role("button", name="답변").click()
    form = page.locator("#panel-form form")
    form.get_by_role("textbox", name="답변").fill("처리 과정을 다시 확인하고 담당자가 연락드리겠습니다.")
    form.get_by_role("button", name="저장").click()
    message(page).filter(has_text="이메일로 보냈습니다").wait_for()
    [sent] = smtp.messages
    assert sent["to"] == ["lee@naver.com"]
    mail = email.message_from_bytes(sent["data"], policy=email.policy.default)
    assert "담당자가 연락드리겠습니다" in mail.get_content()
    # Sent, the address is erased: nothing is left to write to.
    stored = admin.get(f"{server.url}/api/v1/feedback?site_id=1").json()["feedback"]
    assert not next(f for f in stored if f["id"] == item["id"])["can_send_answer"]


def test_a_compensation_case_is_decided_by_another_admin(server, new_page):
    officer = staff_id(server, "박준호")
    admin = signed_in(server, "admin")
    created = admin.post(f"{server.url}/api/v1/admin/staff?site_id=1", json={
        "login": "admin2", "name": "정민수", "role": "admin", "password": DEMO_PASSWORD})
    assert created.status_code == 201, created.text

    page = new_page(1600, 1100)
    sign_in(page, server)
    page.wait_for_selector("#panel:not([hidden])")
    open_section(page, "compensation")
    page.get_by_role("button", name="보상 제안").click()
    form = page.locator("#panel-form form")
    form.get_by_label("사유").select_option("deadline_missed")
    form.get_by_label("무슨 일이 있었나").fill("여권 교부가 법정 기한을 넘겼습니다.")
    form.get_by_label("받는 사람 메모").fill("여권 교부 창구 방문자")
    form.get_by_label("책임 공무원").select_option(label="박준호 (주민등록·가족관계 발급)")
    form.get_by_role("button", name="저장").click()
    message(page).filter(has_text="제안했습니다").wait_for()
    row = page.locator("#panel-body tbody tr", has_text="법정 기한")
    assert "결정 대기" in row.inner_text() and "10,000원" in row.inner_text()
    assert "박준호" in row.inner_text() and "시스템 관리자" in row.inner_text()
    assert axe_violations(page) == []

    # The proposer cannot approve it: the refusal is shown and nothing changes.
    row.get_by_role("button", name="승인").click()
    refusal = page.locator("#visitor-message[role=alert]")
    refusal.filter(has_text="다른 관리자").wait_for()
    assert "Another admin must decide" in refusal.inner_text()
    assert "결정 대기" in row.inner_text()
    case_id = int(row.get_attribute("data-id"))
    case = admin.get(f"{server.url}/api/v1/compensations?site_id=1").json()["compensations"][0]
    assert case["status"] == "proposed" and case["decided_by"] is None

    second = new_page(1600, 1100)
    sign_in(second, server, "admin2")
    second.wait_for_selector("#panel:not([hidden])")
    open_section(second, "compensation")
    row = second.locator(f"#panel-body tbody tr[data-id='{case_id}']")
    row.get_by_role("button", name="승인").click()
    message(second).filter(has_text="승인했습니다").wait_for()
    assert "정민수" in row.inner_text() and "승인" in row.inner_text()
    row.get_by_role("button", name="지급 기록").click()
    message(second).filter(has_text="지급을 기록했습니다").wait_for()
    assert "지급 완료" in row.inner_text()
    case = admin.get(f"{server.url}/api/v1/compensations?site_id=1").json()["compensations"][0]
    assert case["status"] == "handed_over" and case["handed_over_at"]
    assert case["proposed_by_name"] == "시스템 관리자" and case["decided_by_name"] == "정민수"
    assert case["staff_id"] == officer and case["ground"] == "deadline_missed"


def test_a_supervisor_sees_neither_the_register_nor_the_counts(server, new_page):
    page = new_page(1400, 1000)
    sign_in(page, server, "supervisor")
    # Their console holds their site's reports, feedback and ratings, nothing else.
    page.locator("#sections a[data-key=feedback]").wait_for()
    assert page.locator("#sections a").evaluate_all("links => links.map((a) => a.dataset.key)") \
        == ["reports", "feedback", "ratings"]
    assert page.locator("#sections a[data-key=compensation]").count() == 0
    assert page.locator("#sections a[data-key=unkindness]").count() == 0
    assert page.get_by_text("보상").count() == 0 and page.get_by_text("불친절").count() == 0
    statuses = page.evaluate("""async () => Promise.all(
        ['/api/v1/compensations?site_id=1', '/api/v1/feedback/unkindness-counts?site_id=1',
         '/api/v1/feedback?site_id=1'].map(async (url) => (await fetch(url)).status))""")
    # The register and the counts are refused; feedback itself is theirs to handle.
    assert statuses == [403, 403, 200]


def test_ratings_are_shown_added_up_only(server, new_page):
    officer = signed_in(server, "staff1")
    phone = requests.Session()
    service = next(s["id"] for s in requests.get(f"{server.url}/api/v1/services?site_id=1")
                   .json()["services"] if s["names"]["ko"] == "인감증명")
    numbers = []
    for score in (5, 4, 1):
        ticket = kiosk(server).post(f"{server.url}/api/v1/tickets",
                                    json={"service_id": service}).json()["ticket"]
        numbers.append(ticket["display_number"])
        called = officer.post(f"{server.url}/api/v1/counters/1/call-next").json()["ticket"]
        assert called["id"] == ticket["id"]
        assert officer.post(f"{server.url}/api/v1/tickets/{ticket['id']}/finish",
                            json={}).status_code == 200
        code = ticket["link"].rsplit("/", 1)[1]
        rated = phone.post(f"{server.url}/api/v1/visitor/tickets/{code}/rating",
                           json={"score": score, "reasons": ["kind"] if score > 3 else ["slow"]})
        assert rated.status_code == 201, rated.text

    page = new_page(1600, 1100)
    sign_in(page, server)
    page.wait_for_selector("#panel:not([hidden])")
    open_section(page, "ratings")
    total = page.locator("#ratings-total").inner_text()
    assert "3건" in total and "3.33" in total

    def table(caption: str):
        return page.locator("#panel-body table", has=page.locator("caption", has_text=caption))

    def cells(caption: str, row_name: str) -> list[str]:
        heading = page.locator("th", has_text=re.compile(rf"^{row_name}(\s|$)"))
        return table(caption).locator("tbody tr", has=heading).locator("th, td").all_inner_texts()

    assert cells("점수 분포", "5점") == ["5점", "1", "33%"]
    assert cells("점수 분포", "3점") == ["3점", "0", "0%"]
    assert cells("점수 분포", "1점") == ["1점", "1", "33%"]
    assert cells("고른 이유", "친절함")[1] == "2"
    assert cells("업무별", "인감증명") == ["인감증명", "3", "3.33"]
    assert cells("담당자별", "이서연") == ["이서연", "3", "3.33"]
    # Aggregates only: no ticket number and no single rating is on the page.
    body = page.locator("#panel-body").inner_text()
    assert not any(number in body for number in numbers)

    # A period the API refuses is explained, and the default period is shown again.
    page.get_by_label("시작일").fill("2026-12-02")
    page.get_by_label("종료일").fill("2026-12-01")
    page.get_by_role("button", name="보기").click()
    page.locator("#visitor-message[role=alert]").filter(has_text="after").wait_for()
    assert "3건" in page.locator("#ratings-total").inner_text()
    assert axe_violations(page) == []
