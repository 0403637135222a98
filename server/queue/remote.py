"""A number from the phone (docs/public.md, Remote tickets).

A visitor on the public wait page asks for a number; the relay queues the request and the
internal server decides it here. A remote ticket is a ticket of its service with channel
'remote', a short check-in code, and status 'remote' until the visitor checks in at the
office (a kiosk, or the entrance's QR code on their phone): every call-order index and
query reads status 'waiting' only, so such a ticket is never called. Check-in makes it
'waiting' at its original place (its arrival time is when it was taken).

Rules that keep walk-ins fair, per service (the admin console's service form):
- remote tickets are off unless the service allows them (`remote_enabled`);
- only while the service issues numbers (opening hours, not paused, cap not reached);
- only while the forecast says a newcomer will still be called before the day's last
  opening hour ends;
- at most `remote_share_percent` % of the service's tickets of the last hour, this one
  counted (one remote ticket an hour is always allowed while the rest hold);
- a remote ticket that reaches the front before checking in is held aside (call-next
  takes the next one) for `remote_hold_minutes`, then lapses (status no_show).
"""

from __future__ import annotations

import secrets
from datetime import datetime

from .errors import QueueError

# No look-alikes (0/O, 1/I/L, 2/Z, 5/S, 8/B): a code is read off a phone and typed.
CODE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 6
HOUR = 3600.0
# Why a remote ticket is refused, by reason code (the phone page says each in words).
REFUSALS = {
    "remote_off": "This service does not take numbers from the phone.",
    "paused": "This service is not issuing numbers now.",
    "cap_reached": "Today's numbers for this service are all issued.",
    "outside_hours": "The service is not open now.",
    "holiday": "The office is closed today.",
    "not_reached_today": "The service would not reach a new number before it closes today.",
    "share_used": "The share of numbers taken from phones this hour is used up; "
                  "try again later or take a number at the office.",
}


def refuse(reason: str) -> QueueError:
    return QueueError("remote_refused", REFUSALS[reason], 409, reason=reason)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(code: str) -> str:
    return "".join(code.split()).upper()


def refusal(engine, service: dict, q) -> str | None:
    """Why the service takes no remote ticket now (a REFUSALS code), or None."""
    if not service["remote_enabled"] or not service["active"]:
        return "remote_off"
    availability = engine.availability(service, q)
    if not availability["open"]:
        return availability["reason"]
    if not _reached_today(engine, service, q):
        return "not_reached_today"
    if not _share_left(engine, service, q):
        return "share_used"
    return None


def _reached_today(engine, service: dict, q) -> bool:
    """Whether the forecast calls a newcomer (at the high end of its range) before the
    service's last opening hour of today ends."""
    site = engine.site(service["site_id"], q)
    now = engine.clock.now()
    schedule = engine.schedule(service, site, q)
    spans = schedule.spans(datetime.fromtimestamp(now, schedule.tz).date())
    if not spans:
        return False
    expected = engine.forecast(site["id"], q).for_newcomer(service["id"])
    if expected.high is None:  # no counter open: nobody can say it will be reached
        return False
    return now + expected.high * 60 < spans[-1][1].timestamp()


def _share_left(engine, service: dict, q) -> bool:
    """Whether one more remote ticket keeps the remote share of the service's last hour
    at or under its setting, this ticket counted."""
    now = engine.clock.now()
    row = q.one(
        "SELECT count(*) AS total, coalesce(sum(CASE WHEN channel = 'remote' THEN 1 ELSE 0 "
        "END), 0) AS remote FROM tickets WHERE site_id = ? AND issued_at > ? "
        "AND service_id = ?", (service["site_id"], now - HOUR, service["id"]))
    allowed = max(1, int((row["total"] + 1) * service["remote_share_percent"] / 100))
    return row["remote"] + 1 <= allowed


def take(engine, service_id: int, *, token: str, lang: str = "ko") -> dict:
    """Issue a remote ticket for `service_id`, for the phone page holding `token`
    (idempotent by the token: the same request collected twice makes one ticket)."""
    existing = engine.store.one("SELECT * FROM tickets WHERE remote_token = ?", (token,))
    if existing:
        return existing
    with engine.store.read() as q:
        service = engine.service(service_id, q)
        why = refusal(engine, service, q)
    if why:
        raise refuse(why)
    for _ in range(5):  # a code already used today by this site: draw another
        code = new_code()
        if engine.store.one("SELECT 1 AS yes FROM tickets WHERE site_id = ? AND day = ? "
                            "AND checkin_code = ?", (service["site_id"],
                                                     engine.today(engine.site(service["site_id"])),
                                                     code)) is None:
            break
    view, _ = engine.issue(service_id, lang=lang,
                           remote={"checkin_code": code, "remote_token": token})
    return engine.ticket(view["id"])


def position(engine, ticket: dict, q=None) -> dict:
    """Where a remote ticket stands: people ahead and the expected wait."""
    q = q or engine.store
    if ticket["status"] == "waiting":
        view = engine.describe(ticket, q)
        return {"ahead": view["people_ahead"], "estimate": view["estimate"]}
    if ticket["status"] != "remote":
        return {"ahead": None, "estimate": None}
    ahead = engine.people_ahead(ticket, q)
    expected = engine.forecast(ticket["site_id"], q).for_ticket(
        ticket["id"], ticket["service_id"], ahead)
    return {"ahead": ahead, "estimate": expected.view()}


def check_in(engine, site_id: int, code: str) -> dict:
    """The visitor is here: their remote ticket joins the queue at its original place.
    Refused with not_found for an unknown code, and with wrong_status for a ticket that
    lapsed or was checked in before."""
    code = normalize_code(code)
    site = engine.site(site_id)
    with engine.store.write() as tx:
        ticket = tx.one("SELECT * FROM tickets WHERE site_id = ? AND day = ? "
                        "AND checkin_code = ?", (site_id, engine.today(site), code))
        if ticket is None:
            raise QueueError("not_found", "No remote ticket of today has this code.", 404)
        if ticket["status"] != "remote":
            raise QueueError("wrong_status", f"Ticket {ticket['display_number']} was checked "
                             "in before or has lapsed.", 409, status_now=ticket["status"])
        tx.execute("UPDATE tickets SET status = 'waiting', checked_in_at = ? WHERE id = ?",
                   (engine.clock.now(), ticket["id"]))
        ticket = engine.ticket(ticket["id"], tx)
        return engine.emit_ticket(tx, "ticket.issued", ticket)


def hold_and_lapse(engine, site_id: int) -> dict:
    """Hold aside each remote ticket of today that reached the front before checking in
    (nobody of its service waits before it), and lapse those held longer than their
    service's hold minutes. Run every few seconds by the public link's worker."""
    site = engine.site(site_id)
    now, day = engine.clock.now(), engine.today(site)
    held = lapsed = 0
    with engine.store.write() as tx:
        for ticket in tx.query("SELECT * FROM tickets WHERE site_id = ? AND day = ? "
                               "AND channel = 'remote' AND status = 'remote'",
                               (site_id, day)):
            if ticket["held_aside_at"] is None:
                if engine.people_ahead(ticket, tx) == 0:
                    tx.execute("UPDATE tickets SET held_aside_at = ? WHERE id = ?",
                               (now, ticket["id"]))
                    # Heard by the notices (the visitor is told to check in) and screens.
                    engine.emit_ticket(tx, "ticket.held_aside", engine.ticket(ticket["id"], tx))
                    held += 1
                continue
            hold = engine.service(ticket["service_id"], tx)["remote_hold_minutes"] * 60
            if now - ticket["held_aside_at"] >= hold:
                tx.execute("UPDATE tickets SET status = 'no_show', finished_at = ? "
                           "WHERE id = ?", (now, ticket["id"]))
                engine.emit_ticket(tx, "ticket.no_show", engine.ticket(ticket["id"], tx))
                lapsed += 1
    return {"held": held, "lapsed": lapsed}


def answer(engine, ticket: dict, q=None) -> dict:
    """What the phone page holding the ticket's token is told (docs/public.md)."""
    q = q or engine.store
    where = position(engine, ticket, q)
    state = {"remote": "held_aside" if ticket["held_aside_at"] else "not_checked_in",
             "waiting": "waiting", "called": "called", "serving": "called",
             "held": "called", "done": "done", "no_show": "lapsed"
             if ticket["checked_in_at"] is None else "done",
             "cancelled": "cancelled"}[ticket["status"]]
    return {"token": ticket["remote_token"], "service_id": ticket["service_id"],
            "state": state, "display_number": ticket["display_number"],
            "checkin_code": ticket["checkin_code"], "ahead": where["ahead"],
            "estimate": {k: where["estimate"][k] for k in ("minutes", "low", "high")}
            if where["estimate"] else None,
            "hold_minutes": engine.service(ticket["service_id"], q)["remote_hold_minutes"],
            "reason": None}
