"""print_ticket against a fake TCP printer in every condition a lobby printer meets.

Time limits here only prove that a call returns at all; speed is measured in bench/.
"""

import time

import pytest

from server.printing import print_ticket, render_ticket
from server.printing.connections import TcpConnection

from .escpos_decode import decode
from .fakeprinter import FakePrinter

HANG = 5.0  # seconds; far above the 2 s budget, only to catch a hang

STATUS_QUERIES = [1, 2, 4]


def timed_print(content, profile, printer):
    start = time.monotonic()
    result = print_ticket(content, profile, TcpConnection("127.0.0.1", printer.port))
    return result, time.monotonic() - start


def test_a_ready_printer_gets_the_ticket_in_one_job(profiles, make_content, fake_printer):
    profile = profiles["epson-tm-t88"]
    result, _ = timed_print(make_content(), profile, fake_printer)

    assert (result.ok, result.reason, result.warnings) == (True, "", ())
    assert result.status.state == "ok"
    [job] = fake_printer.wait_for_jobs(1)
    assert job == render_ticket(make_content(), profile).data
    assert result.bytes_sent == len(job)
    assert fake_printer.queries == STATUS_QUERIES + [1]  # then one to confirm delivery
    assert "A-012" in decode(job).texts


@pytest.mark.parametrize("state, reason", [("out", "paper_out"), ("cover_open", "cover_open")])
def test_paper_out_or_cover_open_is_refused_with_nothing_but_status_queries_sent(
    profiles, make_content, fake_printer, state, reason
):
    fake_printer.state = state
    result, _ = timed_print(make_content(), profiles["epson-tm-t88"], fake_printer)

    assert (result.ok, result.reason) == (False, reason)
    assert result.message == result.status.message
    time.sleep(0.1)
    assert fake_printer.jobs == []
    assert fake_printer.queries == STATUS_QUERIES


def test_paper_near_end_prints_with_a_warning(profiles, make_content, fake_printer):
    fake_printer.state = "near_end"
    result, _ = timed_print(make_content(), profiles["epson-tm-t20"], fake_printer)

    assert result.ok and result.warnings == ("paper_near_end",)
    assert "Paper near end" in result.status.message
    assert len(fake_printer.wait_for_jobs(1)) == 1


def test_a_silent_printer_fails_with_no_reply_and_gets_no_ticket(profiles, make_content, fake_printer):
    fake_printer.state = "silent"
    result, elapsed = timed_print(make_content(), profiles["epson-tm-t88"], fake_printer)

    assert (result.ok, result.reason) == (False, "no_reply")
    assert elapsed < HANG
    time.sleep(0.1)
    assert fake_printer.jobs == []


def test_a_slow_printer_still_prints_within_the_budget(profiles, make_content, fake_printer):
    fake_printer.state = "slow"
    fake_printer.reply_delay = 0.05
    result, elapsed = timed_print(make_content(), profiles["epson-tm-t88"], fake_printer)

    assert result.ok, result.message
    assert elapsed < HANG
    assert len(fake_printer.wait_for_jobs(1)) == 1


def test_a_printer_too_slow_to_answer_fails_instead_of_hanging(profiles, make_content, fake_printer):
    fake_printer.state = "slow"
    fake_printer.reply_delay = 3.0
    result, elapsed = timed_print(make_content(), profiles["epson-tm-t88"], fake_printer)

    assert (result.ok, result.reason) == (False, "no_reply")
    assert elapsed < HANG


def test_a_connection_dropped_mid_job_is_a_failure(profiles, make_content, fake_printer):
    fake_printer.state = "drop"
    fake_printer.drop_after = 200
    result, elapsed = timed_print(make_content(), profiles["epson-tm-t88"], fake_printer)

    assert (result.ok, result.reason) == (False, "connection_lost")
    assert elapsed < HANG
    [partial] = fake_printer.wait_for_jobs(1)
    assert len(partial) < len(render_ticket(make_content(), profiles["epson-tm-t88"]).data)


def test_a_printer_that_comes_back_gets_the_next_ticket_on_a_new_connection(profiles, make_content):
    profile = profiles["epson-tm-t88"]
    printer = FakePrinter().start()
    port = printer.port
    try:
        assert timed_print(make_content(), profile, printer)[0].ok
        printer.stop()

        result, elapsed = timed_print(make_content(), profile, printer)
        assert (result.ok, result.reason) == (False, "connection_failed")
        assert elapsed < HANG

        printer = FakePrinter(port=port).start()
        result, _ = timed_print(make_content(display_number="A-013"), profile, printer)
        assert result.ok
        assert printer.connections == 1
        [job] = printer.wait_for_jobs(1)
        assert "A-013" in decode(job).texts
    finally:
        printer.stop()


def test_a_printer_without_status_support_is_sent_the_ticket_without_queries(profiles, make_content, fake_printer):
    fake_printer.state = "silent"  # would fail a status check
    result, _ = timed_print(make_content(), profiles["generic-80mm"], fake_printer)

    assert result.ok and result.status is None
    assert len(fake_printer.wait_for_jobs(1)) == 1
    assert fake_printer.queries == []


@pytest.mark.parametrize(
    "state, expected",
    [("ok", "ok"), ("near_end", "paper_near_end"), ("out", "paper_out"), ("cover_open", "cover_open"), ("silent", "no_reply")],
)
def test_connection_status_reports_the_printer_state(fake_printer, state, expected):
    fake_printer.state = state
    assert TcpConnection("127.0.0.1", fake_printer.port).status().state == expected


def test_status_of_an_unreachable_printer_is_offline(fake_printer):
    port = fake_printer.port
    fake_printer.stop()
    status = TcpConnection("127.0.0.1", port).status()
    assert status.state == "offline" and "cannot connect" in status.message
