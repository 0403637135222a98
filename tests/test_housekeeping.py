"""The nightly purge: visitors' contact data erased after their day or period, the event
log and print previews kept only so long; counts stay, and a second run changes nothing."""

from __future__ import annotations

import logging
import os
from datetime import datetime
from pathlib import Path

import pytest

from server.workers.housekeeping import next_run, run_purge
from tests.conftest import SEOUL
from tests.support.waiting import until
from tests.test_api import take
from tests.test_notices import ADDRESS, PHONE, ask

DAY = 86400

pytestmark = pytest.mark.workers("notices")  # the seeded notices are sent


def seed(app, kiosk, signed_in, store, clock, service_ids) -> dict:
    """Contact data of every kind, some of it already past its time."""
    mine = take(kiosk, service_ids["인감증명"])
    assert ask(kiosk, mine, phone=PHONE, email=ADDRESS).status_code == 201
    signed_in("staff1").post("/api/v1/counters/1/call-next")
    until(lambda: store.one("SELECT count(*) AS n FROM notice_messages "
                            "WHERE status = 'logged'")["n"] == 2)
    now = clock.now()
    with store.write() as tx:
        for age_days, email in ((15, "old@example.org"), (1, "recent@example.org")):
            tx.insert("feedback", {"site_id": 1, "kind": "suggestion", "text": "의견",
                                   "channel": "kiosk", "email": email,
                                   "consent_at": now - age_days * DAY,
                                   "created_at": now - age_days * DAY})
        for age_days in (8, 1):
            tx.insert("callbacks", {"site_id": 1, "owner_staff_id": 2, "created_by": 2,
                                    "topic": "서류 안내", "phone": "01098765432",
                                    "consent_at": now - age_days * DAY,
                                    "promised_at": now - age_days * DAY,
                                    "created_at": now - age_days * DAY})
        tx.execute("INSERT INTO events (at, site_id, type, rooms, data) VALUES "
                   "(?, 1, 'ticket.issued', '[]', '{}')", (now - 91 * DAY,))
    previews = Path(store.path).parent / "print-preview"
    previews.mkdir(exist_ok=True)
    old, new = previews / "old.png", previews / "new.png"
    for path in (old, new):
        path.write_bytes(b"png")
    os.utime(old, (now - 15 * DAY, now - 15 * DAY))
    os.utime(new, (now, now))
    return {"ticket": mine, "old_preview": old, "new_preview": new}


def test_the_day_end_purge_erases_contacts_and_old_records_but_keeps_counts(
        app, kiosk, signed_in, store, clock, service_ids, caplog):
    seeded = seed(app, kiosk, signed_in, store, clock, service_ids)
    events_before = store.one("SELECT count(*) AS n FROM events")["n"]

    same_day = run_purge(store, app.extensions["sunbeon.engine"], app.config)
    assert same_day["notice_contacts"] == 0           # still the visitor's day
    assert same_day["feedback_emails"] == 1 and same_day["callback_phones"] == 1
    assert same_day["events"] == 1 and same_day["print_previews"] == 1
    assert store.one("SELECT phone FROM notice_contacts")["phone"] == "01023456789"
    assert not seeded["old_preview"].exists() and seeded["new_preview"].exists()

    clock.set(datetime(2026, 12, 2, 0, 5, tzinfo=SEOUL))   # just after midnight in Seoul
    with caplog.at_level(logging.INFO, logger="server.workers.housekeeping"):
        counts = run_purge(store, app.extensions["sunbeon.engine"], app.config)
    assert counts["notice_contacts"] == 3                  # the contact and its 2 messages
    contact = store.one("SELECT * FROM notice_contacts")
    assert (contact["phone"], contact["email"], contact["link"]) == (None, None, None)
    assert contact["purged_at"] == clock.now()
    rows = store.query("SELECT * FROM notice_messages ORDER BY id")
    assert [(r["kind"], r["channel"], r["status"], r["address"]) for r in rows] == [
        ("called", "sms", "logged", None), ("called", "email", "logged", None)]
    assert all(r["text"] for r in rows)                    # what was said, not to whom
    assert store.one("SELECT count(*) AS n FROM events")["n"] == events_before - 1
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "notice_contacts=3" in logged
    assert ADDRESS not in logged and "010" not in logged

    again = run_purge(store, app.extensions["sunbeon.engine"], app.config)
    assert set(again.values()) == {0}
    assert [r["email"] for r in store.query("SELECT email FROM feedback ORDER BY id")] == [
        None, "recent@example.org"]
    assert [r["phone"] for r in store.query("SELECT phone FROM callbacks ORDER BY id")] == [
        None, "01098765432"]


def test_a_queued_notice_of_a_day_that_is_over_is_never_sent(app, kiosk, signed_in, store,
                                                            clock, service_ids):
    mine = take(kiosk, service_ids["인감증명"])
    ask(kiosk, mine, phone=PHONE)
    app.config.update(SMS_URL="http://127.0.0.1:1/refused", SMS_KEY="k")
    signed_in("staff1").post("/api/v1/counters/1/call-next")
    until(lambda: store.one("SELECT count(*) AS n FROM notice_messages "
                            "WHERE attempts = 1 AND status = 'queued'")["n"] == 1)
    clock.set(datetime(2026, 12, 2, 0, 5, tzinfo=SEOUL))
    run_purge(store, app.extensions["sunbeon.engine"], app.config)
    row = store.one("SELECT * FROM notice_messages")
    assert (row["status"], row["last_error"], row["address"]) == ("failed", "expired", None)


def test_the_purge_runs_after_each_midnight_in_seoul_and_at_start(app, store, clock):
    assert next_run(clock.now()) == datetime(2026, 12, 2, 0, 5, tzinfo=SEOUL).timestamp()
    late = datetime(2026, 12, 31, 23, 59, tzinfo=SEOUL).timestamp()
    assert next_run(late) == datetime(2027, 1, 1, 0, 5, tzinfo=SEOUL).timestamp()
    with store.write() as tx:
        tx.execute("INSERT INTO events (at, site_id, type, rooms, data) VALUES "
                   "(?, 1, 'ticket.issued', '[]', '{}')", (clock.now() - 100 * DAY,))
    workers = app.extensions["sunbeon.workers"]
    assert "housekeeping" not in workers.running             # tests' apps do not start it
    workers.start("housekeeping")
    until(lambda: store.one("SELECT count(*) AS n FROM events WHERE at < ?",
                            (clock.now() - 90 * DAY,))["n"] == 0)
