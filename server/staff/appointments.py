"""Appointments: a visit agreed for a time, a service and an officer (the charter's
promise when a visitor cannot be served at once).

The visitor gets a six-digit code, typed at the kiosk's number pad on the day. Check-in
issues a ticket carrying the agreed time and reserved for the officer, so call-next puts
it first once due (see docs/queue.md). An appointment nobody checked in for by the agreed
time plus a grace period is missed: the desk watch (watch.py) records it with its event,
and every read shows it so at once, without writing.
"""

from __future__ import annotations

import secrets

from ..infra.clock import iso, local_day
from .. import audiences
from ..queue import QueueEngine, QueueError
from ..queue.errors import not_found
from ..infra.store import Store
from .desk import staff_member
from .settings import desk_settings

CODE_DIGITS = 6          # digits only: the kiosk keypad has them, and none look alike
MAX_DAYS_AHEAD = 90


def appointment_view(row: dict, *, with_code: bool = True) -> dict:
    view = {"id": row["id"], "site_id": row["site_id"], "service_id": row["service_id"],
            "officer": {"id": row["staff_id"], "name": row["officer_name"]},
            "booked_by": row["booked_by"], "at": iso(row["scheduled_at"]), "day": row["day"],
            "topic": row["topic"], "status": row["status"], "ticket_id": row["ticket_id"]}
    if with_code:
        view["code"] = row["code"]
    return view


_SELECT = ("SELECT a.*, s.name AS officer_name FROM appointments a "
           "JOIN staff s ON s.id = a.staff_id ")


def get(q, appointment_id: int) -> dict:
    row = q.one(_SELECT + "WHERE a.id = ?", (appointment_id,))
    if row is None:
        raise not_found("appointment", appointment_id)
    return row


def listing(store: Store, where: str, params) -> list[dict]:
    return store.query(_SELECT + f"WHERE {where} ORDER BY a.scheduled_at, a.id", params)


def _missed_before(engine: QueueEngine, site_id: int) -> float:
    """A booked appointment of the site agreed for before this moment is missed: its time
    and grace have passed without a check-in."""
    grace = desk_settings(engine, site_id)["appointment_grace_minutes"] * 60
    return engine.clock.now() - grace


def _as_of_now(engine: QueueEngine, rows: list[dict]) -> list[dict]:
    """The rows as the desk watch leaves them on its next round, missed ones marked."""
    cutoffs: dict[int, float] = {}
    seen = []
    for row in rows:
        if row["status"] == "booked":
            site_id = row["site_id"]
            if site_id not in cutoffs:
                cutoffs[site_id] = _missed_before(engine, site_id)
            if row["scheduled_at"] < cutoffs[site_id]:
                row = {**row, "status": "missed"}
        seen.append(row)
    return seen


def day_list(store: Store, engine: QueueEngine, *, day: str | None, site_id: int | None,
             staff_id: int | None) -> list[dict]:
    """A day's appointments (by default today, at `site_id` if given): those `staff_id`
    serves or booked, or without `staff_id` every one of the site. With their codes."""
    if day is None:
        day = (engine.today(engine.site(site_id)) if site_id
               else local_day(engine.clock.now()).isoformat())
    where, params = "a.day = ?", [day]
    if staff_id is None:
        where += " AND a.site_id = ?"
        params.append(site_id)
    else:
        where += " AND (a.staff_id = ? OR a.booked_by = ?)"
        params += [staff_id, staff_id]
    return [appointment_view(row) for row in _as_of_now(engine, listing(store, where, params))]


def missed_today(store: Store, engine: QueueEngine, site_id: int) -> list[dict]:
    """Today's appointments of the site nobody checked in for (views without codes)."""
    rows = listing(store, "a.site_id = ? AND a.day = ? AND a.status IN ('booked', 'missed')",
                   (site_id, engine.today(engine.site(site_id))))
    return [appointment_view(row, with_code=False) for row in _as_of_now(engine, rows)
            if row["status"] == "missed"]


def _emit(tx, engine: QueueEngine, type_: str, row: dict) -> dict:
    # The code is the visitor's key at the kiosk: it stays out of the event log.
    view = appointment_view(row, with_code=False)
    rooms = audiences.people(row["staff_id"], row["booked_by"], site_id=row["site_id"])
    tx.append_event(type_, engine.clock.now(), row["site_id"], rooms, {"appointment": view})
    return view


def _new_code(tx, site_id: int, day: str) -> str:
    while True:  # a million codes a day per site: a clash is rare, and simply redrawn
        code = f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"
        if not tx.one("SELECT 1 AS taken FROM appointments WHERE site_id = ? AND day = ? "
                      "AND code = ?", (site_id, day, code)):
            return code


def book(store: Store, engine: QueueEngine, *, service_id: int, staff_id: int, booked_by: int,
         at: float, topic: str) -> dict:
    service = engine.service(service_id)
    site = engine.site(service["site_id"])
    officer = staff_member(store, staff_id)
    if officer["site_id"] != site["id"]:
        raise not_found("staff member", officer["id"])  # another site's is as if unknown
    now = engine.clock.now()
    if at < now:
        raise QueueError("time_in_past", "An appointment needs a time still to come.", 422)
    if at > now + MAX_DAYS_AHEAD * 86400:
        raise QueueError("too_far_ahead",
                         f"Book at most {MAX_DAYS_AHEAD} days ahead.", 422)
    day = local_day(at, site["timezone"]).isoformat()
    with store.write() as tx:
        appointment_id = tx.insert("appointments", {
            "site_id": site["id"], "service_id": service_id, "staff_id": officer["id"],
            "booked_by": booked_by, "scheduled_at": at, "day": day, "topic": topic,
            "code": _new_code(tx, site["id"], day), "created_at": now})
        row = get(tx, appointment_id)
        _emit(tx, engine, "appointment.booked", row)
    return appointment_view(row)


def cancel(store: Store, engine: QueueEngine, appointment_id: int) -> dict:
    with store.write() as tx:
        row = get(tx, appointment_id)
        if row["status"] != "booked":
            raise QueueError("wrong_status", f"This appointment is {row['status']}; only a "
                             "booked one can be cancelled.")
        tx.execute("UPDATE appointments SET status = 'cancelled', changed_at = ? WHERE id = ?",
                   (engine.clock.now(), appointment_id))
        return _emit(tx, engine, "appointment.cancelled", get(tx, appointment_id))


def mark_missed(store: Store, engine: QueueEngine, site_id: int) -> list[dict]:
    """Record booked appointments whose time and grace have passed without a check-in
    (the desk watch's round)."""
    before = _missed_before(engine, site_id)
    if not store.one("SELECT 1 AS due FROM appointments WHERE site_id = ? AND status = 'booked' "
                     "AND scheduled_at < ? LIMIT 1", (site_id, before)):
        return []  # the usual case, checked without taking the write lock
    now = engine.clock.now()
    with store.write() as tx:
        missed = tx.query("SELECT id FROM appointments WHERE site_id = ? AND status = 'booked' "
                          "AND scheduled_at < ?", (site_id, before))
        views = []
        for row in missed:
            tx.execute("UPDATE appointments SET status = 'missed', changed_at = ? WHERE id = ?",
                       (now, row["id"]))
            views.append(_emit(tx, engine, "appointment.missed", get(tx, row["id"])))
        return views


def normalize_code(raw: str) -> str:
    """The code's digits, as typed with spaces or hyphens between groups, or a refusal."""
    code = raw.replace(" ", "").replace("-", "")
    if len(code) != CODE_DIGITS or not code.isdigit():
        raise QueueError("invalid_request", "An appointment code has six digits.", 400)
    return code


def check_in(store: Store, engine: QueueEngine, site_id: int, code: str, *,
             issue, show) -> tuple[dict, dict, bool]:
    """A visitor types their code at a kiosk of `site_id`. Returns (their ticket, the
    appointment without its code, whether the ticket is new). The kiosk's ways with
    tickets come from the caller: `issue(service_id, also=..., **options)` issues one
    (its paper queued in the same transaction, as is `also(tx, ticket_row)`) and returns
    (ticket, created); `show(ticket_row)` shows one already issued."""
    row = for_check_in(store, engine, site_id, normalize_code(code))
    if row["status"] == "checked_in":  # a second tap: the same ticket, no second paper
        ticket, created = show(engine.ticket(row["ticket_id"])), False
    else:
        ticket, created = issue(
            row["service_id"], appointment_at=row["scheduled_at"], for_staff_id=row["staff_id"],
            idempotency_key=f"appointment:{row['id']}",
            also=lambda tx, ticket_row: checked_in(tx, engine, row["id"], ticket_row))
    return ticket, appointment_view(get(store, row["id"]), with_code=False), created


def for_check_in(store: Store, engine: QueueEngine, site_id: int, code: str) -> dict:
    """Today's appointment with this code, if it may check in now; else a clear refusal."""
    site = engine.site(site_id)
    row = store.one(_SELECT + "WHERE a.site_id = ? AND a.day = ? AND a.code = ? "
                    "AND a.status != 'cancelled'", (site_id, engine.today(site), code))
    if row is None:
        raise QueueError("not_found", "No appointment with this code today. "
                         "Please check the code or ask staff.", 404)
    row = _as_of_now(engine, [row])[0]
    if row["status"] == "missed":
        raise QueueError("appointment_missed", "This appointment's time has passed. "
                         "Please take a number or ask staff.", 409)
    opens = row["scheduled_at"] - desk_settings(engine, site_id)["appointment_checkin_minutes"] * 60
    if row["status"] == "booked" and engine.clock.now() < opens:
        raise QueueError("too_early", "Check-in for this appointment opens later.", 409,
                         opens_at=iso(opens, site["timezone"]))
    return row


def checked_in(tx, engine: QueueEngine, appointment_id: int, ticket: dict) -> None:
    """Inside the transaction that issued the appointment's ticket."""
    tx.execute("UPDATE appointments SET status = 'checked_in', ticket_id = ?, changed_at = ? "
               "WHERE id = ?", (ticket["id"], engine.clock.now(), appointment_id))
    _emit(tx, engine, "appointment.checked_in", get(tx, appointment_id))
