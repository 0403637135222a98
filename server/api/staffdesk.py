"""The staff desk's API: the console's state, callbacks, appointments (with the kiosk's
check-in), colleagues taking over an absent officer's visitors, and the supervisor's view
and commands. Domain rules live in server/staff/; this module decides who may do what."""

from __future__ import annotations

from typing import Annotated, Literal

from flask import jsonify
from pydantic import Field, StringConstraints

from ..auth import (Principal, forbidden, require_kiosk, require_principal,
                    require_supervisor)
from ..infra.clock import local_day, parse_iso
from ..queue import QueueError
from ..queue.errors import not_found
from ..staff import alerts, appointments, callbacks, desk, offers, overview
from . import schemas as s
from .routes import (api, check_site_member, engine, issue_ticket, resolve_site,
                     staff_counter_id, store, ticket_link)

IsoTime = Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=40)]
Topic = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class CallbackCreate(s.Body):
    owner_staff_id: s.Id = Field(description="The officer who will phone back.")
    topic: Topic = Field(description="What it is about, in a few words (no names).")
    promised_at: IsoTime = Field(description="When the visitor was promised a call, ISO 8601 "
                                             "with offset.")
    phone: Annotated[str, StringConstraints(strip_whitespace=True, max_length=20)] | None = None
    phone_consent: bool = Field(False, strict=True,
                                description="The visitor agreed to leave the number for this "
                                            "callback; required with a phone.")


class CallbackDone(s.Body):
    note: s.ShortText | None = None


class CallbacksQuery(s.Query):
    scope: Literal["mine", "site"] = "mine"
    status: Literal["open", "done", "all"] = "open"
    site_id: s.QueryId | None = None


class AppointmentCreate(s.Body):
    service_id: s.Id
    staff_id: s.Id = Field(description="The officer who will serve the visitor.")
    at: IsoTime = Field(description="The agreed time, ISO 8601 with offset.")
    topic: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""


class AppointmentsQuery(s.Query):
    scope: Literal["mine", "site"] = "mine"
    day: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")] | None = None
    site_id: s.QueryId | None = None


class CheckIn(s.Body):
    code: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9][0-9 -]{4,10}[0-9]$")]


class CounterServices(s.Body):
    service_ids: list[s.Id] = Field(max_length=100)


def _time(value: str, field: str) -> float:
    try:
        return parse_iso(value)
    except ValueError as error:
        raise QueueError("invalid_request", f"Invalid request body: {field}: {error}", 400)


def _staff_member(staff_id: int) -> dict:
    row = store().one("SELECT * FROM staff WHERE id = ? AND active = 1", (staff_id,))
    if row is None:
        raise not_found("staff member", staff_id)
    return row


def _require_staff() -> Principal:
    principal = require_principal()
    if not principal.is_staff():
        raise forbidden("Only staff use the desk.")
    return principal


# ---- the console --------------------------------------------------------------------

@api.route("/desk", auth="staff", tag="desk",
           summary="My console: counter, current visitor, my queue, held tickets, offers")
def my_desk():
    principal = _require_staff()
    return jsonify(desk.desk_state(store(), engine(), _staff_member(principal.id)))


@api.route("/staff/<int:staff_id>/take-over", "POST", auth="staff", tag="desk",
           summary="Take an absent colleague's waiting visitors, each keeping its place")
def take_over(staff_id: int):
    principal = _require_staff()
    officer = _staff_member(staff_id)
    if officer["site_id"] is None:
        raise QueueError("nothing_to_take_over", "This account serves no visitors.")
    check_site_member(principal, officer["site_id"])
    if officer["id"] == principal.id:
        raise QueueError("own_visitors", "These are your own visitors.", 422)
    if officer["presence"] == "available":
        raise QueueError("officer_available",
                         f"{officer['name']} is available: their visitors are theirs.")
    if staff_counter_id(principal) is None:
        raise QueueError("no_counter", "Take a counter first, to call the visitors you take.")
    stranded = offers.stranded_tickets(store(), engine(), officer)
    if not stranded:
        raise QueueError("nothing_to_take_over", f"Nobody is waiting for {officer['name']}.")
    return jsonify(tickets=offers.take_over(engine(), stranded, principal.id))


# ---- callbacks ----------------------------------------------------------------------

@api.route("/callbacks", "POST", auth="staff", body=CallbackCreate, status=201, tag="desk",
           summary="Record a callback for an officer: topic, promised time, phone with consent")
def create_callback(body: CallbackCreate):
    principal = _require_staff()
    owner = _staff_member(body.owner_staff_id)
    if owner["site_id"] is None:
        raise QueueError("invalid_owner", "A callback belongs to an officer of a site.", 422)
    check_site_member(principal, owner["site_id"])
    view = callbacks.record(store(), engine(), owner=owner, created_by=principal.id,
                            topic=body.topic, promised_at=_time(body.promised_at, "promised_at"),
                            phone=body.phone or None, consent=body.phone_consent)
    return jsonify(callback=view), 201


def mine_or_site(principal: Principal, query, what: str, mine: tuple[str, list]) -> tuple[str, list]:
    """The filter of a staff list (callbacks, cases) on table alias c: the caller's own
    (`mine`), or with scope=site every one of the site, for its supervisors; then status."""
    if query.scope == "site":
        site_id = resolve_site(query.site_id)
        if not principal.supervises(site_id):
            raise forbidden(f"Only supervisors see every {what} of the site.")
        where, params = "c.site_id = ?", [site_id]
    else:
        if query.site_id:
            resolve_site(query.site_id)
        where, params = mine[0], list(mine[1])
    if query.status != "all":
        where += " AND c.status = ?"
        params.append(query.status)
    return where, params


@api.route("/callbacks", auth="staff", query=CallbacksQuery, tag="desk",
           summary="Callbacks I owe or recorded (or a site's, for supervisors); phones masked")
def list_callbacks(query: CallbacksQuery):
    principal = _require_staff()
    where, params = mine_or_site(principal, query, "callback",
                                 ("(c.owner_staff_id = ? OR c.created_by = ?)",
                                  [principal.id, principal.id]))
    now = engine().clock.now()
    return jsonify(callbacks=[callbacks.callback_view(row, now)
                              for row in callbacks.listing(store(), where, params)])


@api.route("/callbacks/<int:callback_id>/phone", auth="staff", tag="desk",
           summary="The visitor's number, for the owner calling back (never shown to others)")
def callback_phone(callback_id: int):
    principal = _require_staff()
    row = callbacks.get(store(), callback_id)
    if row["owner_staff_id"] != principal.id:
        raise forbidden("Only the officer who calls back sees the number.")
    if row["phone"] is None:
        raise QueueError("no_phone", "No phone number is kept for this callback.", 404)
    return jsonify(phone=callbacks.format_phone(row["phone"]))


@api.route("/callbacks/<int:callback_id>/done", "POST", auth="staff", body=CallbackDone, tag="desk",
           summary="Called back: the callback is closed and its phone number erased")
def callback_done(callback_id: int, body: CallbackDone):
    principal = _require_staff()
    row = callbacks.get(store(), callback_id)
    if row["owner_staff_id"] != principal.id and not principal.supervises(row["site_id"]):
        raise forbidden("Only the officer who owes the callback or a supervisor closes it.")
    return jsonify(callback=callbacks.complete(store(), engine(), callback_id, body.note))


# ---- appointments -------------------------------------------------------------------

@api.route("/appointments", "POST", auth="staff", body=AppointmentCreate, status=201, tag="desk",
           summary="Book a visit at an agreed time with an officer; returns the visitor's code")
def create_appointment(body: AppointmentCreate):
    principal = _require_staff()
    service = engine().service(body.service_id)
    check_site_member(principal, service["site_id"])
    officer = _staff_member(body.staff_id)
    view = appointments.book(store(), engine(), service_id=service["id"], officer=officer,
                             booked_by=principal.id, at=_time(body.at, "at"), topic=body.topic)
    return jsonify(appointment=view), 201


@api.route("/appointments", auth="staff", query=AppointmentsQuery, tag="desk",
           summary="A day's appointments: mine (as officer or booker) or the site's")
def list_appointments(query: AppointmentsQuery):
    principal = _require_staff()
    site_id = resolve_site(query.site_id) if (query.site_id or principal.site_id) else None
    if site_id:
        check_site_member(principal, site_id)
        appointments.mark_missed(store(), engine(), site_id)
        today = engine().today(engine().site(site_id))
    else:
        today = local_day(engine().clock.now()).isoformat()
    where, params = "a.day = ?", [query.day or today]
    if query.scope == "site":
        if site_id is None:
            raise QueueError("site_required", "Give site_id: which office's data you want.", 400)
        where += " AND a.site_id = ?"
        params.append(site_id)
    else:
        where += " AND (a.staff_id = ? OR a.booked_by = ?)"
        params += [principal.id, principal.id]
    return jsonify(appointments=[appointments.appointment_view(row)
                                 for row in appointments.listing(store(), where, params)])


@api.route("/appointments/<int:appointment_id>/cancel", "POST", auth="staff", tag="desk",
           summary="Cancel a booked appointment")
def cancel_appointment(appointment_id: int):
    principal = _require_staff()
    row = appointments.get(store(), appointment_id)
    if principal.id not in (row["staff_id"], row["booked_by"]) and not principal.supervises(
            row["site_id"]):
        raise forbidden("Only its officer, whoever booked it, or a supervisor cancels it.")
    return jsonify(appointment=appointments.cancel(store(), engine(), appointment_id))


@api.route("/appointments/check-in", "POST", auth="kiosk", body=CheckIn, status=201, tag="desk",
           summary="A visitor checks in at the kiosk with their code: a ticket for the "
                   "agreed time (kiosks)")
def check_in(body: CheckIn):
    principal = require_kiosk("Visitors check in at a kiosk.")
    code = body.code.replace(" ", "").replace("-", "")
    if len(code) != appointments.CODE_DIGITS:
        raise QueueError("invalid_request", "An appointment code has six digits.", 400)
    row = appointments.for_check_in(store(), engine(), principal.site_id, code)
    if row["status"] == "checked_in":  # a second tap: the same ticket, no second paper
        ticket = engine().ticket(row["ticket_id"])
        view = {**engine().describe(ticket), "link": ticket_link(ticket["public_code"])}
        return jsonify(ticket=view, appointment=appointments.appointment_view(
            appointments.get(store(), row["id"]), with_code=False)), 200
    ticket, created = issue_ticket(
        principal, row["service_id"], appointment_at=row["scheduled_at"],
        for_staff_id=row["staff_id"], idempotency_key=f"appointment:{row['id']}",
        also=lambda tx, ticket_row: appointments.checked_in(tx, engine(), row["id"], ticket_row))
    return jsonify(ticket=ticket, appointment=appointments.appointment_view(
        appointments.get(store(), row["id"]), with_code=False)), 201 if created else 200


# ---- supervisors --------------------------------------------------------------------

def _require_supervisor(site_id: int, doing: str) -> Principal:
    return require_supervisor(site_id, f"Only a supervisor of this site {doing}.")


@api.route("/supervisor/overview", auth="supervisor", query=s.SiteQuery, tag="supervisor",
           summary="Every counter, queue and officer of a site, and what needs attention")
def supervisor_overview(query: s.SiteQuery):
    site_id = resolve_site(query.site_id)
    _require_supervisor(site_id, "sees this overview")
    # Opening the view also runs the desk's checks, so it is never behind the clock.
    alerts.raise_waiting_alerts(store(), engine(), site_id)
    appointments.mark_missed(store(), engine(), site_id)
    return jsonify(overview.site_overview(store(), engine(), site_id))


@api.route("/counters/<int:counter_id>/services", "PUT", auth="supervisor", body=CounterServices, tag="supervisor",
           summary="Change the services a counter serves (move staff between services)")
def set_counter_services(counter_id: int, body: CounterServices):
    counter = engine().counter(counter_id)
    _require_supervisor(counter["site_id"], "moves staff between services")
    return jsonify(counter=engine().assign_services(counter_id, body.service_ids))


def _pause(service_id: int, paused: bool):
    service = engine().service(service_id)
    _require_supervisor(service["site_id"], "pauses or reopens a service")
    if bool(service["paused"]) == paused:
        raise QueueError("wrong_status", "This service is already "
                         f"{'paused' if paused else 'open'}.")
    return jsonify(service=engine().set_paused(service_id, paused))


@api.route("/services/<int:service_id>/pause", "POST", auth="supervisor", tag="supervisor",
           summary="Pause a service: kiosks stop issuing its numbers; those waiting are served")
def pause_service(service_id: int):
    return _pause(service_id, True)


@api.route("/services/<int:service_id>/resume", "POST", auth="supervisor", tag="supervisor",
           summary="Reopen a paused service")
def resume_service(service_id: int):
    return _pause(service_id, False)
