"""The admin console's Reports section in Chromium against a real server process: a
visitor served today appears in the table and the charts, the CSV link downloads a file
Excel reads as UTF-8, the annual summary opens, and the page passes axe-core."""

from __future__ import annotations

import requests

from server.demo import DEMO_PASSWORD
from tests.browser.conftest import axe_violations
from tests.browser.test_admin import sign_in
from tests.browser.test_kiosk import sql
from tests.support.console import ConsoleSession
from tests.support.server import ServerProcess


def serve_one_visitor(server) -> None:
    services = requests.get(f"{server.url}/api/v1/services?site_id=1").json()["services"]
    seal = next(s["id"] for s in services if s["names"]["ko"] == "인감증명")
    issued = requests.post(f"{server.url}/api/v1/tickets", json={"service_id": seal},
                           headers={"Authorization": f"Bearer {server.tokens['kiosk-1f']}"})
    assert issued.status_code == 201, issued.text
    officer = ConsoleSession()
    assert officer.post(f"{server.url}/api/v1/auth/login",
                        json={"login": "staff1", "password": DEMO_PASSWORD}).status_code == 200
    ticket = officer.post(f"{server.url}/api/v1/counters/1/call-next").json()["ticket"]
    for step in ("start", "finish"):
        assert officer.post(f"{server.url}/api/v1/tickets/{ticket['id']}/{step}",
                            json={}).status_code == 200


def test_reports_show_todays_visitor_with_charts_and_csv(server, new_page):
    serve_one_visitor(server)
    page = new_page(1400, 1000)
    sign_in(page, server)
    page.click("#sections a[data-key=reports]")
    table = page.locator("#panel-body table.report-table")
    table.wait_for()

    seal = table.locator("tbody tr", has_text="인감증명")
    cells = seal.locator("td").all_inner_texts()
    assert cells[:2] == ["1", "1"]  # issued, served
    assert table.locator("tfoot th").inner_text() == "합계 · Total"

    # Two charts, drawn by Chart.js, each saying in words what it shows.
    charts = page.locator(".report-chart canvas")
    assert charts.count() == 2
    assert "인감증명 1건" in charts.first.get_attribute("aria-label")
    assert page.evaluate("() => [...document.querySelectorAll('.report-chart canvas')]"
                         ".every((c) => window.Chart.getChart(c) !== undefined)")
    assert axe_violations(page) == []

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV 내려받기").click()
    content = download.value.path().read_bytes()
    assert content.startswith("\ufeff".encode())
    text = content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("기간 / Period,업무 / Service,발급 / Tickets")
    assert ",인감증명,1,1," in text
    assert download.value.suggested_filename.startswith("sunbeon-report-dangjin-")

    page.get_by_role("button", name="연간 만족도").click()
    page.get_by_role("heading", name="만족도").wait_for()
    assert page.locator("#report-result table.report-table").count() >= 4
    assert page.locator("#report-result .report-chart canvas").count() == 1
    assert axe_violations(page) == []


def test_the_demo_opens_with_a_sample_past_in_its_reports(tmp_path, new_page):
    """`sunbeon serve --demo` on a new database: the last working day already has its
    visitors, served and rated, in the reports."""
    server = ServerProcess(tmp_path / "history.db", history_days=7)
    server.start()
    try:
        [(day, tickets, served)] = sql(server, "SELECT day, count(*), sum(status = 'done') "
                                               "FROM tickets GROUP BY day ORDER BY day DESC LIMIT 1")
        page = new_page(1400, 1000)
        sign_in(page, server)
        page.click("#sections a[data-key=reports]")
        page.locator("#report-result h2").wait_for()     # this month's report (maybe empty)
        page.select_option("#report-period", "day")
        page.fill("#report-date", day)
        page.get_by_role("button", name="보기").click()
        page.locator("#report-result h2", has_text=day).wait_for()
        total = page.locator("#report-result table.report-table tfoot td").all_inner_texts()
        assert total[:2] == [str(tickets), str(served)] and tickets > 50
        assert page.locator("#report-result .report-chart canvas").count() == 2
    finally:
        server.stop()
