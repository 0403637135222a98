"""The staff desk's API: the console's state, callbacks, appointments (with the kiosk's
check-in), colleagues taking over an absent officer's visitors, and the supervisor's view
and commands. Domain rules live in server/staff/; this module decides who may do what."""

from __future__ import annotations

from typing import Annotated, Literal

from flask import jsonify
from pydantic import Field, StringConstraints

from ..auth import Principal, forbidden, require_principal, require_supervisor
from ..infra.clock import parse_iso
from ..queue import QueueError
from ..staff import appointments, callbacks, desk, offers, overview
from . import schemas as s
from .routes import (api, check_site_member, engine, issue_ticket, resolve_site, store,
                     ticket_link)

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
    lang: s.VisitLanguage = "ko"


class CounterServices(s.Body):
    service_ids: list[s.Id] = Field(max_length=100)


def _time(value: str, field: str) -> float:
    try:
        return parse_iso(value)
    except ValueError as error:
        raise QueueError("invalid_request", f"Invalid request body: {field}: {error}", 400)


def _check_colleague(principal: Principal, staff_row: dict) -> None:
    """Staff act for colleagues of their own site. An account of no site serves no
    visitors: the desk's rules refuse it as such."""
    if staff_row["site_id"] is not None:
        check_site_member(principal, staff_row["site_id"])


def site_scope(principal: Principal, query, what: str) -> int | None:
    """The site of a staff list (callbacks, cases) with scope=site, for its supervisors;
    None for the caller's own (a site named then must still exist)."""
    if query.scope == "site":
        site_id = resolve_site(query.site_id)
        if not principal.supervises(site_id):
            raise forbidden(f"Only supervisors see every {what} of the site.")
        return site_id
    if query.site_id:
        resolve_site(query.site_id)
    return None


# ---- the console --------------------------------------------------------------------

@api.route("/desk", auth="staff", tag="desk",
           summary="My console: counter, current visitor, my queue, held tickets, offers")
def my_desk():
    return jsonify(desk.desk_state(store(), engine(), require_principal().id))


@api.route("/staff/<int:staff_id>/take-over", "POST", auth="staff", tag="desk",
           summary="Take an absent colleague's waiting visitors, each keeping its place")
def take_over(staff_id: int):
    principal = require_principal()
    officer = desk.staff_member(store(), staff_id)
    _check_colleague(principal, officer)
    return jsonify(tickets=offers.take_over(store(), engine(), officer, principal.id))


# ---- callbacks ----------------------------------------------------------------------

@api.route("/callbacks", "POST", auth="staff", body=CallbackCreate, status=201, tag="desk",
           summary="Record a callback for an officer: topic, promised time, phone with consent")
def create_callback(body: CallbackCreate):
    principal = require_principal()
    promised_at = _time(body.promised_at, "promised_at")
    owner = desk.staff_member(store(), body.owner_staff_id)
    _check_colleague(principal, owner)
    view = callbacks.record(store(), engine(), owner=owner, created_by=principal.id,
                            topic=body.topic, promised_at=promised_at,
                            phone=body.phone or None, consent=body.phone_consent)
    return jsonify(callback=view), 201


@api.route("/callbacks", auth="staff", query=CallbacksQuery, tag="desk",
           summary="Callbacks I owe or recorded (or a site's, for supervisors); phones masked")
def list_callbacks(query: CallbacksQuery):
    principal = require_principal()
    site_id = site_scope(principal, query, "callback")
    return jsonify(callbacks=callbacks.listed(
        store(), engine(), status=query.status, site_id=site_id,
        staff_id=None if site_id else principal.id))


@api.route("/callbacks/<int:callback_id>/phone", auth="staff", tag="desk",
           summary="The visitor's number, for the owner calling back (never shown to others)")
def callback_phone(callback_id: int):
    row = callbacks.get(store(), callback_id)
    if row["owner_staff_id"] != require_principal().id:
        raise forbidden("Only the officer who calls back sees the number.")
    return jsonify(phone=callbacks.phone_number(row))


@api.route("/callbacks/<int:callback_id>/done", "POST", auth="staff", body=CallbackDone, tag="desk",
           summary="Called back: the callback is closed and its phone number erased")
def callback_done(callback_id: int, body: CallbackDone):
    principal = require_principal()
    row = callbacks.get(store(), callback_id)
    if row["owner_staff_id"] != principal.id and not principal.supervises(row["site_id"]):
        raise forbidden("Only the officer who owes the callback or a supervisor closes it.")
    return jsonify(callback=callbacks.complete(store(), engine(), callback_id, body.note))


# ---- appointments -------------------------------------------------------------------

@api.route("/appointments", "POST", auth="staff", body=AppointmentCreate, status=201, tag="desk",
           summary="Book a visit at an agreed time with an officer; returns the visitor's code")
def create_appointment(body: AppointmentCreate):
    principal = require_principal()
    at = _time(body.at, "at")
    service = engine().service(body.service_id)
    check_site_member(principal, service["site_id"])
    view = appointments.book(store(), engine(), service_id=service["id"], staff_id=body.staff_id,
                             booked_by=principal.id, at=at, topic=body.topic)
    return jsonify(appointment=view), 201


@api.route("/appointments", auth="staff", query=AppointmentsQuery, tag="desk",
           summary="A day's appointments: mine (as officer or booker) or the site's")
def list_appointments(query: AppointmentsQuery):
    principal = require_principal()
    site_id = resolve_site(query.site_id) if (query.site_id or principal.site_id) else None
    if site_id:
        check_site_member(principal, site_id)
    elif query.scope == "site":
        raise QueueError("site_required", "Give site_id: which office's data you want.", 400)
    return jsonify(appointments=appointments.day_list(
        store(), engine(), day=query.day, site_id=site_id,
        staff_id=principal.id if query.scope == "mine" else None))


@api.route("/appointments/<int:appointment_id>/cancel", "POST", auth="staff", tag="desk",
           summary="Cancel a booked appointment")
def cancel_appointment(appointment_id: int):
    principal = require_principal()
    row = appointments.get(store(), appointment_id)
    if principal.id not in (row["staff_id"], row["booked_by"]) and not principal.supervises(
            row["site_id"]):
        raise forbidden("Only its officer, whoever booked it, or a supervisor cancels it.")
    return jsonify(appointment=appointments.cancel(store(), engine(), appointment_id))


@api.route("/appointments/check-in", "POST", auth="kiosk", body=CheckIn, status=201, tag="desk",
           summary="A visitor checks in at the kiosk with their code: a ticket for the "
                   "agreed time (kiosks)")
def check_in(body: CheckIn):
    kiosk = require_principal()
    ticket, appointment, created = appointments.check_in(
        store(), engine(), kiosk.site_id, body.code,
        issue=lambda service_id, **options: issue_ticket(kiosk, service_id, lang=body.lang,
                                                         **options),
        show=lambda row: {**engine().describe(row), "link": ticket_link(row["public_code"])})
    return jsonify(ticket=ticket, appointment=appointment), 201 if created else 200


# ---- supervisors --------------------------------------------------------------------

def _require_supervisor(site_id: int, doing: str) -> Principal:
    return require_supervisor(site_id, f"Only a supervisor of this site {doing}.")


@api.route("/supervisor/overview", auth="supervisor", query=s.SiteQuery, tag="supervisor",
           summary="Every counter, queue and officer of a site, and what needs attention")
def supervisor_overview(query: s.SiteQuery):
    site_id = resolve_site(query.site_id)
    _require_supervisor(site_id, "sees this overview")
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
    return jsonify(service=engine().set_paused(service_id, paused))


@api.route("/services/<int:service_id>/pause", "POST", auth="supervisor", tag="supervisor",
           summary="Pause a service: kiosks stop issuing its numbers; those waiting are served")
def pause_service(service_id: int):
    return _pause(service_id, True)


@api.route("/services/<int:service_id>/resume", "POST", auth="supervisor", tag="supervisor",
           summary="Reopen a paused service")
def resume_service(service_id: int):
    return _pause(service_id, False)
