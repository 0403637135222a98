"""Reports checked against a day of tickets built here with known times: the queue
engine on a fixed clock for 1 December 2026, and rows written directly for the few
matters that run over lunch, a closing time, a weekend or a holiday (the engine serves
a ticket only on its own day)."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

import pytest

from server.reports import figures, period, satisfaction
from server.reports.figures import p90
from server.staff import cases
from server.visitor import feedback, ratings
from tests.conftest import SEOUL

OFFICE = {**{d: [["09:00", "12:00"], ["13:00", "18:00"]] for d in ("mon", "tue", "wed", "thu", "fri")},
          "sat": [], "sun": []}


def at(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=SEOUL).timestamp()


@pytest.fixture
def day(engine, store, clock, service_ids):
    """Tickets of Tuesday 1 December 2026 at the city hall, whose office hours have a
    lunch break. 주민등록 and 인감증명 are 즉시: their visits are judged against 3 working
    hours. 여권 (4 days) is judged on its cases."""
    with store.write() as tx:
        tx.execute("UPDATE sites SET hours = ? WHERE id = 1", (json.dumps(OFFICE),))
    staff = {r["login"]: r["id"] for r in store.query("SELECT id, login FROM staff")}
    seal, passport = service_ids["인감증명"], service_ids["여권"]
    resident = service_ids["주민등록 등·초본"]
    t: dict[str, int] = {}

    def step(hhmm: str, action, *args, **kwargs):
        clock.set(datetime.fromisoformat(f"2026-12-01T{hhmm}").replace(tzinfo=SEOUL))
        return action(*args, **kwargs)

    def issue(name, hhmm, service):
        t[name] = step(hhmm, engine.issue, service)[0]["id"]

    issue("S1", "10:00", seal)
    issue("S2", "10:05", seal)
    step("10:10", engine.call, 1, t["S1"], staff["staff1"])
    step("10:12", engine.start, t["S1"])
    step("10:20", engine.finish, t["S1"])
    step("10:20", engine.call, 1, t["S2"], staff["staff1"])
    step("10:22", engine.recall, t["S2"])
    step("10:25", engine.start, t["S2"])
    issue("S3", "10:30", seal)
    step("10:40", engine.finish, t["S2"])
    step("10:40", engine.call, 1, t["S3"], staff["staff1"])
    issue("P1", "10:42", seal)                       # wanted a passport, took a seal number
    step("10:45", engine.no_show, t["S3"])
    step("10:46", engine.call, 1, t["P1"], staff["staff1"])
    step("10:47", engine.start, t["P1"])
    step("10:50", engine.transfer, t["P1"], service_id=passport)
    issue("S4", "10:50", seal)
    step("10:52", engine.call, 4, t["P1"], staff["staff4"])
    step("10:53", engine.start, t["P1"])
    step("10:55", engine.cancel, t["S4"])
    issue("R1", "11:00", resident)
    step("11:04", engine.finish, t["P1"])
    step("11:30", engine.call, 2, t["R1"], staff["staff2"])
    step("11:32", engine.start, t["R1"])
    step("13:30", engine.finish, t["R1"])           # over lunch: 90 working minutes

    ticket = lambda name: engine.ticket(t[name])
    ratings.record(engine, ticket("S1"), 5, ["kind"], channel="phone")
    ratings.record(engine, ticket("S2"), 4, [], channel="phone")
    ratings.record(engine, ticket("P1"), 2, ["long_wait", "sent_elsewhere"], channel="kiosk")
    feedback.submit(engine, 1, kind="complaint", ground="unkindness", text="불친절",
                    channel="phone", lang="ko", ticket=ticket("S1"))
    feedback.submit(engine, 1, kind="praise", text="친절", channel="kiosk", lang="ko",
                    about_staff_id=staff["staff4"])

    # Other days, written directly: Friday 17:30 to Monday 09:40 is 70 working minutes;
    # Friday 16:00 to Monday 11:00 is 240; Thursday 24 December 17:00 to Monday 28th
    # 10:30 is 150, because Christmas is a configured holiday.
    direct(store, "D1", resident, "2026-12-04", "2026-12-04T17:30", "2026-12-07T09:40", staff["staff2"])
    direct(store, "D2", resident, "2026-12-24", "2026-12-24T17:00", "2026-12-28T10:30", staff["staff2"])
    direct(store, "D3", resident, "2026-12-04", "2026-12-04T16:00", "2026-12-07T11:00", staff["staff2"])
    direct(store, "D4", seal, "2026-01-15", "2026-01-15T09:00", None, staff["staff1"], "no_show")
    direct(store, "D5", seal, "2025-12-31", "2025-12-31T09:00", "2025-12-31T09:30", staff["staff1"])
    return {**t, "staff": staff, "seal": seal, "passport": passport, "resident": resident}


_numbers = iter(range(900, 1000))


def direct(store, name, service_id, day, arrival, finish, staff_id, status="done"):
    """A finished ticket as its row: called 5 minutes after arrival, started 1 later."""
    called = at(arrival) + 300
    with store.write() as tx:
        tx.insert("tickets", {
            "site_id": 1, "service_id": service_id, "numbered_by": service_id, "day": day,
            "number": next(_numbers), "display_number": name, "status": status,
            "issued_at": at(arrival), "arrival_at": at(arrival), "called_at": called,
            "first_called_at": called,
            "started_at": called + 60 if finish else None,
            "finished_at": at(finish) if finish else called + 120,
            "counter_id": store.one("SELECT id FROM counters WHERE staff_id = ?",
                                    (staff_id,))["id"], "staff_id": staff_id,
            "public_code": f"direct-{name}-{day}"})


def rows_by_label(report):
    return {r["label"]: r for r in report["rows"]}


# ---- the figures ------------------------------------------------------------------------

def test_one_day_per_service(day, store):
    report = figures(store, [1], period("day", "2026-12-01"), "service")
    rows = rows_by_label(report)
    # The praise came from a kiosk without a ticket: no service, but still in the rows.
    assert set(rows) == {"인감증명", "여권", "주민등록 등·초본", "지정 없음 · None"}
    assert rows["지정 없음 · None"]["tickets"] == 0
    assert rows["지정 없음 · None"]["feedback"]["praise"] == 1
    seal = rows["인감증명"]
    assert (seal["tickets"], seal["served"], seal["no_shows"], seal["cancelled"],
            seal["open"], seal["transfers"]) == (4, 2, 1, 1, 0, 0)
    # Waiting from arrival to the first call: S1 10, S2 15 (recalled: its first call
    # counts), S3 10 minutes. The one that was transferred away counts at 여권.
    assert seal["waiting"] == {"count": 3, "mean": 11.7, "p90": 15.0}
    # Walking from the call answered (S2's recall) to the start: 2 and 3 minutes.
    assert seal["walking"] == {"count": 2, "mean": 2.5, "p90": 3.0}
    assert seal["service"] == {"count": 2, "mean": 11.5, "p90": 15.0}
    assert seal["target"] == {"measure": "visits", "served": 2, "within": 2, "share": 1.0}
    assert seal["ratings"] == {"count": 2, "mean": 4.5,
                               "scores": {"1": 0, "2": 0, "3": 0, "4": 1, "5": 1}}
    assert seal["feedback"] == {"complaint": 1, "praise": 0, "suggestion": 0}

    passport = rows["여권"]
    assert (passport["tickets"], passport["served"], passport["transfers"],
            passport["transferred_tickets"]) == (1, 1, 1, 1)
    # First called at counter 1 (4 minutes after arrival), walked 1 minute to counter 4,
    # served 11 minutes there.
    assert passport["waiting"]["mean"] == 4.0 and passport["walking"]["mean"] == 1.0
    assert passport["service"]["mean"] == 11.0
    assert passport["ratings"]["mean"] == 2.0

    resident = rows["주민등록 등·초본"]
    assert resident["waiting"]["mean"] == 30.0 and resident["service"]["mean"] == 118.0
    # 150 minutes by the clock, 90 of them working: within 즉시's 3 working hours.
    assert resident["target"] == {"measure": "visits", "served": 1, "within": 1, "share": 1.0}
    assert resident["measure"] == "visits" and resident["cases"]["received"] == 0
    # 여권 (4 days) is judged on its cases, of which there are none: its visit is not judged.
    assert passport["measure"] == "cases"
    assert passport["target"]["served"] == 0 and passport["cases"]["judged"] == 0

    total = report["total"]
    assert (total["tickets"], total["served"], total["no_shows"], total["cancelled"]) == (6, 4, 1, 1)
    assert total["waiting"] == {"count": 5, "mean": 13.8, "p90": 30.0}
    assert total["walking"] == {"count": 4, "mean": 2.0, "p90": 3.0}
    assert total["service"] == {"count": 4, "mean": 38.0, "p90": 118.0}
    assert total["ratings"]["count"] == 3 and total["ratings"]["mean"] == 3.67
    assert total["feedback"] == {"complaint": 1, "praise": 1, "suggestion": 0}


def test_figures_outlive_the_event_log(day, store):
    """The event log is deleted after its retention (housekeeping); the figures are the
    tickets' own."""
    before = figures(store, [1], period("day", "2026-12-01"), "service")
    with store.write() as tx:
        tx.execute("DELETE FROM events")
    assert figures(store, [1], period("day", "2026-12-01"), "service") == before


def test_one_day_per_counter_and_per_officer(day, store):
    counters = rows_by_label(figures(store, [1], period("day", "2026-12-01"), "counter"))
    assert {k: v["tickets"] for k, v in counters.items()} == {
        "1번 창구": 3, "2번 창구": 1, "4번 창구 여권 창구": 1, "지정 없음 · None": 1}
    assert counters["1번 창구"]["no_shows"] == 1
    assert counters["4번 창구 여권 창구"]["transfers"] == 1

    officers = rows_by_label(figures(store, [1], period("day", "2026-12-01"), "officer"))
    assert {k: v["served"] for k, v in officers.items()} == {
        "이서연": 2, "박준호": 1, "정우진": 1, "지정 없음 · None": 0}
    lee = officers["이서연"]
    assert lee["waiting"] == {"count": 3, "mean": 11.7, "p90": 15.0}
    # Two ratings: too few to show one officer's mean.
    assert lee["ratings"] == {"count": 2, "mean": None, "scores": None}
    assert lee["feedback"]["complaint"] == 1
    assert officers["정우진"]["feedback"]["praise"] == 1


def test_targets_count_working_time_only(day, store):
    # Week 49 (30 Nov - 6 Dec) adds D1 (70 working minutes over a weekend: within) and
    # D3 (240: over the 3 working hours).
    week = figures(store, [1], period("week", "2026-12-03"), "service")
    assert week["period"] == {"kind": "week", "label": "2026-W49", "from": "2026-11-30",
                              "to": "2026-12-06"}
    resident = rows_by_label(week)["주민등록 등·초본"]
    assert resident["tickets"] == 3
    assert resident["target"] == {"measure": "visits", "served": 3, "within": 2, "share": 0.667}
    # December adds D2, within only because Christmas is not a working day.
    month = rows_by_label(figures(store, [1], period("month", "2026-12-31"), "service"))
    assert month["주민등록 등·초본"]["target"] == {"measure": "visits", "served": 4, "within": 3,
                                               "share": 0.75}
    # 2026 adds the January no-show; D5 of 2025 stays out.
    year = figures(store, [1], period("year", "2026-06-01"), "site")
    assert year["rows"][0]["label"] == "당진시청"
    assert (year["total"]["tickets"], year["total"]["no_shows"]) == (10, 2)


def test_cases_are_judged_on_the_acts_calendar(day, store, engine, clock, service_ids):
    """여권 (4 days = 32 working hours) and 자동차 등록 (1 day = 8) are judged on cases,
    receipt (the end of the visit) to closing; the visits themselves are not judged."""
    staff4 = day["staff"]["staff4"]
    vehicle = service_ids["자동차 등록"]
    # P1, received Tuesday 11:04: target (25.6 h) Friday 13:40, due Monday 7th 11:04.
    direct(store, "V1", vehicle, "2026-12-01", "2026-12-01T09:00", "2026-12-01T09:30", staff4)
    direct(store, "V2", vehicle, "2026-12-02", "2026-12-02T09:00", "2026-12-02T09:30", staff4)
    ticket_id = lambda number: store.one("SELECT id FROM tickets WHERE display_number = ?",
                                         (number,))["id"]
    made = {name: cases.register(store, engine, ticket_id=tid, registered_by=staff4)
            for name, tid in (("P1", day["P1"]), ("V1", ticket_id("V1")), ("V2", ticket_id("V2")))}
    assert made["P1"]["target_at"] == "2026-12-04T13:40:00+09:00"
    assert made["P1"]["due_at"] == "2026-12-07T11:04:00+09:00"
    # V1, received Tuesday 09:30: target (6.4 h) 16:54, due Wednesday 09:30.
    assert made["V1"]["target_at"] == "2026-12-01T16:54:00+09:00"
    clock.set(datetime(2026, 12, 1, 16, 0, tzinfo=SEOUL))
    cases.close(store, engine, made["V1"]["id"], outcome="granted", closed_by=staff4)
    clock.set(datetime(2026, 12, 4, 15, 0, tzinfo=SEOUL))      # past P1's target only
    cases.close(store, engine, made["P1"]["id"], outcome="granted", closed_by=staff4)
    # V2 stays open past its due (Thursday 09:30): it has missed both.
    week = rows_by_label(figures(store, [1], period("week", "2026-12-01"), "service",
                                 now=at("2026-12-07T09:00")))
    assert week["여권"]["measure"] == "cases" and week["여권"]["target"]["served"] == 0
    assert week["여권"]["cases"] == {
        "measure": "cases", "received": 1, "closed": 1, "open": 0, "overdue": 0, "judged": 1,
        "within_target": 0, "share_target": 0.0, "within_period": 1, "share_period": 1.0}
    assert week["자동차 등록"]["cases"] == {
        "measure": "cases", "received": 2, "closed": 1, "open": 1, "overdue": 1, "judged": 2,
        "within_target": 1, "share_target": 0.5, "within_period": 1, "share_period": 0.5}
    # Still within its period, an open case is not judged yet.
    early = rows_by_label(figures(store, [1], period("week", "2026-12-01"), "service",
                                  now=at("2026-12-02T12:00")))
    assert early["자동차 등록"]["cases"]["judged"] == 1
    assert early["자동차 등록"]["cases"]["overdue"] == 0
    # Per officer, the cases count for the officer of the case.
    officers = rows_by_label(figures(store, [1], period("month", "2026-12-01"), "officer",
                                     now=at("2026-12-07T09:00")))
    assert officers["정우진"]["cases"]["received"] == 3
    total = figures(store, [1], period("month", "2026-12-01"), "site", now=at("2026-12-07T09:00"))
    assert total["total"]["cases"]["judged"] == 3


def test_percentile_is_the_nearest_rank():
    assert p90([5]) == 5
    assert p90(list(range(1, 11))) == 9
    assert p90(list(range(1, 12))) == 10  # rank ceil(9.9) = 10
    assert p90([]) is None


def test_periods():
    assert period("week", "2027-01-01").label == "2026-W53"
    assert period("month", "2028-02-10").last.isoformat() == "2028-02-29"
    assert period("year", "2026-12-31").first.isoformat() == "2026-01-01"


def test_satisfaction_summary(day, store):
    with store.write() as tx:
        page = tx.insert("info_pages", {"site_id": 1, "slug": "disclosure",
                                        "titles": json.dumps({"ko": "정보공개"}), "bodies": "{}"})
        tx.insert("info_page_answers", {"page_id": page, "day": "2026-12-01", "satisfied": 1, "count": 3})
        tx.insert("info_page_answers", {"page_id": page, "day": "2026-12-02", "satisfied": 0, "count": 1})
        tx.insert("info_page_answers", {"page_id": page, "day": "2025-12-02", "satisfied": 0, "count": 9})
    summary = satisfaction(store, [1], 2026)
    assert summary["ratings"]["count"] == 3 and summary["ratings"]["mean"] == 3.67
    december = summary["months"][11]
    assert december == {"month": "2026-12", "count": 3, "mean": 3.67,
                        "scores": {"1": 0, "2": 1, "3": 0, "4": 1, "5": 1}}
    assert summary["months"][0]["count"] == 0
    assert [(s["label"], s["count"], s["mean"]) for s in summary["services"]] == [
        ("인감증명", 2, 4.5), ("여권", 1, 2.0)]
    assert summary["reasons"] == [{"reason": "kind", "count": 1},
                                  {"reason": "long_wait", "count": 1},
                                  {"reason": "sent_elsewhere", "count": 1}]
    assert summary["kiosk_survey"]["answers"] == 4
    assert summary["kiosk_survey"]["share_useful"] == 0.75
    assert summary["feedback"]["complaint"] == 1 and summary["feedback"]["praise"] == 1
    assert summary["feedback"]["complaint_grounds"]["unkindness"] == 1


# ---- the API ----------------------------------------------------------------------------

def read_csv(response) -> list[list[str]]:
    assert response.data.startswith("\ufeff".encode())  # Excel reads the Hangul as UTF-8
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_report_and_csv_through_the_api(day, signed_in):
    supervisor = signed_in("supervisor")
    answer = supervisor.get("/api/v1/reports?period=day&date=2026-12-01&group=service")
    assert answer.status_code == 200
    assert rows_by_label(answer.json["report"])["인감증명"]["waiting"]["p90"] == 15.0
    export = supervisor.get("/api/v1/reports/export?period=day&date=2026-12-01&group=service")
    assert export.status_code == 200 and export.mimetype == "text/csv"
    assert "sunbeon-report-dangjin-2026-12-01-service.csv" in export.headers["Content-Disposition"]
    table = read_csv(export)
    assert table[0][:4] == ["기간 / Period", "업무 / Service", "발급 / Tickets", "처리 / Served"]
    seal = next(r for r in table if r[1] == "인감증명")
    header = table[0]
    assert seal[header.index("대기 평균(분) / Waiting mean (min)")] == "11.7"
    assert seal[header.index("대기 90%(분) / Waiting p90 (min)")] == "15.0"
    assert seal[header.index("방문 목표 달성률(%) / Visits within target (%)")] == "100.0"
    assert seal[header.index("측정 / Measure")] == "방문 / Visits"
    passport = next(r for r in table if r[1] == "여권")
    assert passport[header.index("측정 / Measure")] == "사건 / Cases"
    assert passport[header.index("접수 / Cases received")] == "0"
    assert passport[header.index("법정기간 준수율(%) / Cases within legal period (%)")] == ""
    assert seal[header.index("부재 / No-shows")] == "1"
    assert table[-1][1] == "합계 · Total" and table[-1][2] == "6"

    summary = supervisor.get("/api/v1/reports/satisfaction?year=2026")
    assert summary.status_code == 200 and summary.json["summary"]["ratings"]["count"] == 3
    lines = read_csv(supervisor.get("/api/v1/reports/satisfaction/export?year=2026"))
    assert lines[0][:3] == ["구분 / Section", "항목 / Item", "수 / Count"]
    assert ["전체 / All", "2026", "3", "3.67", "", "0", "1", "0", "1", "1"] in lines


def test_who_may_read_reports(day, signed_in, kiosk, store):
    query = "period=month&date=2026-12-01&group=service"
    assert signed_in("staff1").get(f"/api/v1/reports?{query}").status_code == 403
    assert kiosk.get(f"/api/v1/reports?{query}").status_code == 403
    assert signed_in("supervisor").get(f"/api/v1/reports?site_id=2&{query}").status_code == 403
    assert signed_in("supervisor").get(
        "/api/v1/reports/satisfaction/export?site_id=2").status_code == 403
    assert signed_in("hapdeok1").get(f"/api/v1/reports?site_id=2&{query}").status_code == 403
    admin = signed_in("admin")
    assert admin.get(f"/api/v1/reports?site_id=2&{query}").json["report"]["total"]["tickets"] == 0
    every = admin.get("/api/v1/reports?period=day&date=2026-12-01&group=site").json["report"]
    assert every["site_ids"] == [1, 2] and every["total"]["tickets"] == 6
    # Figures per named officer are personal: each look is logged.
    before = store.one("SELECT count(*) AS n FROM access_log")["n"]
    assert admin.get(f"/api/v1/reports?{query}".replace("service", "officer")).status_code == 200
    logged = store.query("SELECT * FROM access_log ORDER BY id DESC LIMIT 1")[0]
    assert store.one("SELECT count(*) AS n FROM access_log")["n"] == before + 1
    assert logged["what"] == "report_officers"


@pytest.mark.parametrize("query, problem", [
    ("period=fortnight", "period"), ("date=2026-02-30", "2026-02-30"),
    ("date=yesterday", "date"), ("period=week&date=9999-12-31", "2000 to 2100"), ("group=floor", "group"), ("year=1999", "year")])
def test_bad_queries_say_what_is_wrong(signed_in, query, problem):
    url = "/api/v1/reports/satisfaction?" if query.startswith("year") else "/api/v1/reports?"
    answer = signed_in("supervisor").get(url + query)
    assert answer.status_code == 400 and problem in answer.json["message"]
