"""Cases: a matter accepted at the counter (접수) whose legal processing period outlasts
the visit (any period but "즉시"). The officer who finished the visit registers it; the
Act's calendar (server/queue/calendar.py) fixes its legal due moment and the charter's
target (80% of the period) at receipt, the end of that visit. Closing records the
outcome.

The visitor's mobile number or e-mail address is kept only with consent, only for the
case's notices (the charter's item 8 and 9): an interim notice halfway through a period
of 30 days or more, and a completion notice when the case closes, both through the
visitors' outbox (server/visitor/notices.py). The contact is erased when the case closes
(its completion notice holds its own copy until that day ends) or, for a case left open,
at `purge_after` (server/workers/housekeeping.py). It never enters the event log.

Every change is one write transaction with its event (`case.opened`, `case.closed`) to
the officer's room and the site's supervisors.
"""

from __future__ import annotations

import json
import re

from ..infra.clock import iso, local_day
from .. import audiences
from ..queue import QueueEngine, QueueError
from ..queue.calendar import LegalPeriod, site_calendar
from ..queue.errors import not_found
from ..infra.store import LANGUAGES, Store
from ..visitor import notices
from ..visitor.phones import mask_phone, normalize_phone

OUTCOMES = ("granted", "refused", "withdrawn", "transferred")
INTERIM_FROM_DAYS = 30           # the charter: an interim notice for periods this long
CONTACT_KEPT_DAYS = 14           # an open case keeps the contact this long past its due
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

_SELECT = ("SELECT c.*, o.name AS officer_name, s.names AS service_names, "
           "t.display_number, t.day AS ticket_day, st.timezone "
           "FROM cases c JOIN staff o ON o.id = c.officer_staff_id "
           "JOIN services s ON s.id = c.service_id JOIN tickets t ON t.id = c.ticket_id "
           "JOIN sites st ON st.id = c.site_id ")


def case_view(row: dict, now: float) -> dict:
    tz = row["timezone"]
    is_open = row["status"] == "open"
    period = LegalPeriod(row["period_unit"], row["period_value"], row["target_ratio"])
    return {
        "id": row["id"], "site_id": row["site_id"],
        "service": {"id": row["service_id"], "names": json.loads(row["service_names"])},
        "ticket": {"id": row["ticket_id"], "number": row["display_number"],
                   "day": row["ticket_day"]},
        "officer": {"id": row["officer_staff_id"], "name": row["officer_name"]},
        "reference": row["reference"],
        "period": {"unit": period.unit, "value": period.value,
                   "target_ratio": period.target_ratio,
                   "counted_in": "days" if period.in_days else "hours"},
        "received_at": iso(row["received_at"], tz), "due_at": iso(row["due_at"], tz),
        "target_at": iso(row["target_at"], tz),
        # Past the charter's target but not yet the Act's: still time, but hurry.
        "near_due": is_open and row["target_at"] < now <= row["due_at"],
        "overdue": is_open and now > row["due_at"],
        "status": row["status"], "outcome": row["outcome"],
        "closed_at": iso(row["closed_at"], tz),
        "within_target": None if is_open else row["closed_at"] <= row["target_at"],
        "within_period": None if is_open else row["closed_at"] <= row["due_at"],
        "contact": {"sms": mask_phone(row["phone"]),
                    "email": notices.mask_email(row["email"]) if row["email"] else None},
        "interim_notice_at": iso(row["interim_at"], tz),
        "interim_notice_queued_at": iso(row["interim_queued_at"], tz),
    }


def get(q, case_id: int) -> dict:
    row = q.one(_SELECT + "WHERE c.id = ?", (case_id,))
    if row is None:
        raise not_found("case", case_id)
    return row


def listed(store: Store, engine: QueueEngine, *, status: str, site_id: int | None = None,
           officer_id: int | None = None) -> list[dict]:
    """The cases of `officer_id`, or else every one of `site_id`; `status` open, closed or
    all. Open cases first, soonest due first; then the latest closed."""
    if officer_id is not None:
        where, params = "c.officer_staff_id = ?", [officer_id]
    else:
        where, params = "c.site_id = ?", [site_id]
    if status != "all":
        where += " AND c.status = ?"
        params.append(status)
    rows = store.query(_SELECT + f"WHERE {where} ORDER BY c.status = 'closed', "
                       "CASE c.status WHEN 'open' THEN c.due_at ELSE -c.closed_at END, c.id",
                       params)
    now = engine.clock.now()
    return [case_view(row, now) for row in rows]


def candidates(store: Store, engine: QueueEngine, officer_id: int, site_id: int) -> list[dict]:
    """Today's visits the officer finished for services whose period outlasts a visit,
    not registered yet: what the console offers to register."""
    site = engine.site(site_id)
    rows = store.query(
        "SELECT t.id, t.display_number, t.service_id, t.finished_at FROM tickets t "
        "JOIN services s ON s.id = t.service_id WHERE t.site_id = ? AND t.day = ? "
        "AND t.staff_id = ? AND t.status = 'done' AND s.legal_period_unit != 'instant' "
        "AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.ticket_id = t.id) "
        "ORDER BY t.finished_at DESC", (site_id, engine.today(site), officer_id))
    return [{"ticket_id": r["id"], "number": r["display_number"], "service_id": r["service_id"],
             "finished_at": iso(r["finished_at"], site["timezone"])} for r in rows]


def _emit(tx, engine: QueueEngine, type_: str, row: dict) -> dict:
    now = engine.clock.now()
    view = case_view(row, now)
    rooms = audiences.people(row["officer_staff_id"], site_id=row["site_id"])
    # The masked contact stays out of the log too: events outlive the case's contact.
    tx.append_event(type_, now, row["site_id"], rooms, {"case": {**view, "contact": None}})
    return view


def _contact(phone: str | None, email: str | None, consent: bool) -> tuple[str | None, str | None]:
    if (phone or email) and not consent:
        raise QueueError("consent_required", "Keep a contact only when the visitor agreed "
                         "to it for this case's notices: tick the consent box.", 422)
    digits = normalize_phone(phone, mobile=True) if phone else None
    if email and not _EMAIL.match(email):
        raise QueueError("invalid_email", "An e-mail address looks like name@example.kr.", 422)
    return digits, email or None


def register(store: Store, engine: QueueEngine, *, ticket_id: int, registered_by: int,
             reference: str = "", lang: str = "ko", phone: str | None = None,
             email: str | None = None, consent: bool = False) -> dict:
    """Register a finished visit as an accepted case, received when the visit ended."""
    if lang not in LANGUAGES:
        raise QueueError("invalid_request", f"lang: one of {', '.join(LANGUAGES)}.", 400)
    digits, email = _contact(phone, email, consent)
    now = engine.clock.now()
    with store.write() as tx:
        ticket = engine.ticket(ticket_id, tx)
        if ticket["status"] != "done" or ticket["finished_at"] is None:
            raise QueueError("wrong_status", "Only a finished visit becomes a case: finish "
                             "it first.", 409, status_now=ticket["status"])
        service = engine.service(ticket["service_id"], tx)
        period = LegalPeriod.of(service)
        if not period.outlasts_visit:
            raise QueueError("not_a_case", "This service's legal period is 즉시 (3 working "
                             "hours): it is done at the counter, not registered as a case.", 422)
        if tx.one("SELECT 1 AS taken FROM cases WHERE ticket_id = ?", (ticket_id,)):
            raise QueueError("case_exists", f"Visit {ticket['display_number']} is already "
                             "a case.", 409)
        calendar = site_calendar(tx, ticket["site_id"])
        received = ticket["finished_at"]
        due = calendar.due_at(received, period)
        interim = None
        if period.in_days and period.days >= INTERIM_FROM_DAYS:
            interim = calendar.end_of_working_day(received, period.days // 2)
        tz = engine.site(ticket["site_id"], tx)["timezone"]
        case_id = tx.insert("cases", {
            "site_id": ticket["site_id"], "service_id": service["id"], "ticket_id": ticket_id,
            "officer_staff_id": ticket["staff_id"] or registered_by, "reference": reference,
            "period_unit": period.unit, "period_value": period.value,
            "target_ratio": period.target_ratio, "received_at": received,
            "day": local_day(received, tz).isoformat(), "due_at": due,
            "target_at": calendar.target_at(received, period), "lang": lang,
            "phone": digits, "email": email, "consent_at": now if (digits or email) else None,
            "interim_at": interim, "purge_after": due + CONTACT_KEPT_DAYS * 86400,
            "created_at": now})
        return _emit(tx, engine, "case.opened", get(tx, case_id))


def close(store: Store, engine: QueueEngine, case_id: int, *, outcome: str,
          closed_by: int) -> dict:
    """Closed with its outcome: the completion notice is queued and the contact erased."""
    if outcome not in OUTCOMES:
        raise QueueError("invalid_request", f"outcome: one of {', '.join(OUTCOMES)}.", 400)
    now = engine.clock.now()
    with store.write() as tx:
        row = get(tx, case_id)
        if row["status"] != "open":
            raise QueueError("wrong_status", "This case is already closed.")
        _notify(tx, engine, row, "case_done", "done")
        tx.execute("UPDATE cases SET status = 'closed', outcome = ?, closed_at = ?, "
                   "closed_by = ?, phone = NULL, email = NULL, purged_at = CASE WHEN "
                   "consent_at IS NULL THEN NULL ELSE ? END WHERE id = ?",
                   (outcome, now, closed_by, now, case_id))
        return _emit(tx, engine, "case.closed", get(tx, case_id))


def _notify(tx, engine: QueueEngine, row: dict, kind: str, occasion: str) -> int:
    """Queue a case notice in the visitors' outbox, by the channels the visitor gave."""
    if not row["phone"] and not row["email"]:
        return 0
    site = engine.site(row["site_id"], tx)
    tz = site["timezone"]
    service = json.loads(row["service_names"])
    department = tx.one("SELECT d.phone FROM departments d JOIN services s "
                        "ON s.department_id = d.id WHERE s.id = ?", (row["service_id"],))
    contact = {"lang": row["lang"], "phone": row["phone"], "email": row["email"]}
    ticket = engine.ticket(row["ticket_id"], tx)
    return notices.queue_notice(
        engine, tx, contact, ticket, kind, f"case:{row['id']}:{occasion}",
        message_day=engine.today(site), footer_key="notice.case_footer",
        service=service.get(row["lang"]) or service["ko"],
        received=local_day(row["received_at"], tz).isoformat(),
        due=local_day(row["due_at"], tz).isoformat(),
        phone=(department or {}).get("phone") or site.get("phone") or "")


def queue_interim_notices(store: Store, engine: QueueEngine) -> int:
    """Interim notices now due (run by the notice worker); each is decided once."""
    now = engine.clock.now()
    if not store.one("SELECT 1 AS due FROM cases WHERE status = 'open' AND interim_at <= ? "
                     "AND interim_queued_at IS NULL LIMIT 1", (now,)):
        return 0  # the usual case, checked without taking the write lock
    added = 0
    with store.write() as tx:
        for due in tx.query("SELECT id FROM cases WHERE status = 'open' AND interim_at <= ? "
                            "AND interim_queued_at IS NULL", (now,)):
            added += _notify(tx, engine, get(tx, due["id"]), "case_interim", "interim")
            tx.execute("UPDATE cases SET interim_queued_at = ? WHERE id = ?", (now, due["id"]))
    return added


def purge_contacts(store: Store, engine: QueueEngine) -> int:
    """Contacts of cases left open past their due date plus CONTACT_KEPT_DAYS."""
    now = engine.clock.now()
    with store.write() as tx:
        return tx.execute("UPDATE cases SET phone = NULL, email = NULL, purged_at = ? "
                          "WHERE (phone IS NOT NULL OR email IS NOT NULL) AND purge_after < ?",
                          (now, now)).rowcount
