"""The demo's sample past: working days only, every visit over, the reports filled, the
same history for the same dates."""

from __future__ import annotations

from datetime import date

import pytest

from server.infra.clock import FixedClock
from server.demo import load_demo
from server.demo.history import load_demo_history
from server.reports import figures, period
from server.infra.store import Store
from tests.conftest import TUESDAY_10AM


def history(path, days: int = 7) -> Store:
    store = Store(path)
    load_demo(store, FixedClock(TUESDAY_10AM))
    load_demo_history(store, TUESDAY_10AM.timestamp(), days=days)
    return store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return history(tmp_path_factory.mktemp("history") / "demo.db")


def test_only_past_working_days_have_tickets_and_every_visit_is_over(store):
    days = [row["day"] for row in store.query("SELECT DISTINCT day FROM tickets ORDER BY day")]
    # Tuesday 1 December 2026: the 7 days before it hold 5 working days (24 Nov to 30 Nov).
    assert days == ["2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27", "2026-11-30"]
    assert store.query("SELECT DISTINCT status FROM tickets ORDER BY status") == [
        {"status": "done"}, {"status": "no_show"}]
    assert store.one("SELECT count(*) AS n FROM tickets WHERE first_called_at IS NULL")["n"] == 0
    assert store.one("SELECT count(*) AS n FROM tickets WHERE site_id != 1")["n"] == 0
    numbers = store.query("SELECT day, display_number, count(*) AS n FROM tickets "
                          "GROUP BY day, display_number HAVING n > 1")
    assert numbers == []


def test_the_reports_have_figures_to_show(store):
    week = figures(store, [1], period("week", date(2026, 11, 25)), "service")["total"]
    assert week["tickets"] > 300 and week["served"] + week["no_shows"] == week["tickets"]
    assert 0 < week["waiting"]["mean"] < week["waiting"]["p90"]
    assert week["transfers"] > 0 and week["ratings"]["count"] > 0
    assert 3.5 < week["ratings"]["mean"] < 4.8
    assert sum(week["feedback"].values()) == 1          # one item on the Wednesday
    officers = figures(store, [1], period("week", date(2026, 11, 25)), "officer")["rows"]
    assert len([row for row in officers if row["tickets"]]) == 9   # one at each staffed counter


def test_the_same_dates_give_the_same_history(store, tmp_path):
    again = history(tmp_path / "again.db")
    query = ("SELECT day, display_number, status, issued_at, finished_at, staff_id "
             "FROM tickets ORDER BY id")
    assert again.query(query) == store.query(query)
    assert again.query("SELECT score, reasons FROM ratings ORDER BY id") == \
        store.query("SELECT score, reasons FROM ratings ORDER BY id")
    cases = "SELECT ticket_id, due_at, status, outcome, closed_at FROM cases ORDER BY id"
    assert again.query(cases) == store.query(cases)


def test_cases_make_the_target_rows_differ_by_service(store):
    """Services whose legal period outlasts a visit have cases, closed after a share of
    their period drawn per service: their target figures are no longer all 100%."""
    assert store.one("SELECT count(*) AS n FROM cases")["n"] > 50
    assert store.one("SELECT count(*) AS n FROM cases WHERE status = 'open'")["n"] > 0
    assert store.one("SELECT count(*) AS n FROM cases WHERE closed_at >= ?",
                     (TUESDAY_10AM.timestamp(),))["n"] == 0
    rows = {row["label"]: row for row in figures(
        store, [1], period("month", date(2026, 11, 25)), "service",
        now=TUESDAY_10AM.timestamp())["rows"]}
    on_cases = {label: row["cases"] for label, row in rows.items() if row.get("measure") == "cases"}
    assert set(on_cases) == {"여권", "자동차 등록", "복지 상담", "건축 민원"}
    shares = {label: c["share_target"] for label, c in on_cases.items() if c["judged"]}
    assert len(set(shares.values())) > 1 and min(shares.values()) < 0.9, shares
    # Visits of those services are not judged; 즉시 services keep the visit measure.
    assert all(rows[label]["target"]["served"] == 0 for label in on_cases)
    assert rows["인감증명"]["measure"] == "visits" and rows["인감증명"]["target"]["served"] > 0
