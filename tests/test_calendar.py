"""The Act's working calendar (민원 처리에 관한 법률 제19조): each case is the Act's rule
worked by hand on December 2026, when Friday the 25th (Christmas) and 1 January 2027
are public holidays. Working hours are the default 09:00-12:00 and 13:00-18:00."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from server.queue.calendar import LegalPeriod, WorkingCalendar, parse_working_hours
from tests.support.seoul import SEOUL

HOLIDAYS = {date(2026, 12, 25), date(2027, 1, 1)}
INSTANT = LegalPeriod("instant", 0)


def at(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=SEOUL).timestamp()


def shown(ts: float) -> str:
    return datetime.fromtimestamp(ts, SEOUL).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def calendar() -> WorkingCalendar:
    return WorkingCalendar(HOLIDAYS.__contains__, "Asia/Seoul")


def days(n: float) -> LegalPeriod:
    return LegalPeriod("days", n)


@pytest.mark.parametrize("received, period, due", [
    # 즉시 = 3 working hours from receipt; the lunch hour does not count.
    ("2026-12-01T10:00", INSTANT, "2026-12-01T14:00"),
    # Received at lunch: the count starts when work resumes at 13:00.
    ("2026-12-01T12:30", INSTANT, "2026-12-01T16:00"),
    # Received after hours: the count starts at 09:00 the next working day.
    ("2026-12-01T19:00", INSTANT, "2026-12-02T12:00"),
    # Received on a Saturday (at a site open on Saturdays): Saturdays never count.
    ("2026-12-05T10:00", INSTANT, "2026-12-07T12:00"),
    # Friday afternoon, 1 day = 8 working hours: 2 on Friday, 6 on Monday.
    ("2026-12-04T16:00", days(1), "2026-12-07T16:00"),
    # Before a holiday, 2 days = 16 hours: 3 on Thursday 24th, none on Christmas or the
    # weekend, 8 on Monday, 5 on Tuesday.
    ("2026-12-24T15:00", days(2), "2026-12-29T15:00"),
    # 5 days is still counted in hours: 40 working hours from the moment of receipt.
    ("2026-12-07T10:00", days(5), "2026-12-14T10:00"),
    # A period in hours.
    ("2026-12-01T17:00", LegalPeriod("hours", 2), "2026-12-02T10:00"),
    # 6 days is counted in days, the first day counted: Monday 7th is day 1, Friday 11th
    # day 5, Monday 14th day 6 (the old count, skipping the first day, said Tuesday).
    ("2026-12-07T15:00", days(6), "2026-12-14T18:00"),
    # Received after hours: the first day counted is the next working day.
    ("2026-12-07T19:00", days(6), "2026-12-15T18:00"),
    # Received on a holiday: the first day counted is the next working day, Monday
    # 28th; New Year's Day does not count, so day 6 is Tuesday 5 January.
    ("2026-12-25T10:00", days(6), "2027-01-05T18:00"),
    # 30 days over Christmas and New Year: 22 working days in December from the 1st,
    # then 4-8 and 11-13 January.
    ("2026-12-01T10:00", days(30), "2027-01-13T18:00"),
])
def test_the_legal_period_ends_as_the_act_counts(calendar, received, period, due):
    assert shown(calendar.due_at(at(received), period)) == due


@pytest.mark.parametrize("received, period, target", [
    # 즉시: the 3 working hours are the promise itself.
    ("2026-12-01T10:00", INSTANT, "2026-12-01T14:00"),
    # 80% of 8 hours is 6 h 24 min: 2 on Friday, 3 on Monday morning, 1 h 24 after lunch.
    ("2026-12-04T16:00", days(1), "2026-12-07T14:24"),
    # 80% of 6 days is 4.8: the target is the end of the 4th working day.
    ("2026-12-07T15:00", days(6), "2026-12-10T18:00"),
    # 80% of 30 days is 24 working days: Tuesday 5 January.
    ("2026-12-01T10:00", days(30), "2027-01-05T18:00"),
])
def test_the_target_is_80_percent_of_the_period(calendar, received, period, target):
    assert shown(calendar.target_at(at(received), period)) == target


def test_within_the_period_and_the_target(calendar):
    received = at("2026-12-04T16:00")
    one_day = days(1)
    assert calendar.within(received, at("2026-12-07T16:00"), one_day)
    assert not calendar.within(received, at("2026-12-07T16:00") + 1, one_day)
    assert calendar.within_target(received, at("2026-12-07T14:24"), one_day)
    assert not calendar.within_target(received, at("2026-12-07T14:25"), one_day)
    # A 30-day matter closed on the last day is within the Act but missed the charter.
    month = days(30)
    start = at("2026-12-01T10:00")
    assert calendar.within(start, at("2027-01-13T17:00"), month)
    assert not calendar.within_target(start, at("2027-01-13T17:00"), month)


def test_working_time_between_two_moments(calendar):
    assert calendar.working_seconds(at("2026-12-01T11:00"), at("2026-12-01T13:30")) == 90 * 60
    # Thursday 24th 17:00 to Monday 28th 09:30: Christmas and the weekend do not count.
    assert calendar.working_seconds(at("2026-12-24T17:00"), at("2026-12-28T09:30")) == 90 * 60
    assert calendar.working_seconds(at("2026-12-05T10:00"), at("2026-12-06T15:00")) == 0


def test_a_site_sets_its_own_working_hours():
    early = WorkingCalendar(HOLIDAYS.__contains__, "Asia/Seoul", "08:00-12:00, 13:00-17:00")
    # 1 working hour left on Tuesday, 2 more from 08:00 on Wednesday.
    assert shown(early.due_at(at("2026-12-01T16:00"), INSTANT)) == "2026-12-02T10:00"
    assert shown(early.due_at(at("2026-12-07T19:00"), days(6))) == "2026-12-15T17:00"


@pytest.mark.parametrize("text", ["", "9-18", "09:00-08:00", "09:00-12:00, 11:00-18:00",
                                  "25:00-26:00", "09:00-24:30"])
def test_bad_working_hours_are_refused(text):
    with pytest.raises(ValueError):
        parse_working_hours(text)


def test_working_hours_read_as_spans():
    spans = parse_working_hours("13:00-18:00,09:00-12:00")
    assert [(a.isoformat("minutes"), b.isoformat("minutes")) for a, b in spans] == [
        ("09:00", "12:00"), ("13:00", "18:00")]
