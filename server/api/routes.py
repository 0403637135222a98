"""The HTTP API under /api/v1: configuration reads, tickets, counters and the event log."""

from __future__ import annotations

import re

from flask import Blueprint, current_app, jsonify, request, session

from .. import auth
from ..auth import Principal, forbidden, require_principal
from ..queue import QueueEngine, QueueError
from ..queue.common import common_service_ids
from ..queue.engine import ACTIVE_AT_COUNTER
from ..auth.signin import Client, SignIn, TooManyAttempts
from ..printing.issuing import issue_with_paper
from ..visitor import ticket_link
from . import schemas as s
from .spec import Api

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")
api = Api(blueprint)

_IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{8,128}$")


def engine() -> QueueEngine:
    return current_app.extensions["sunbeon.engine"]


def store():
    return current_app.extensions["sunbeon.store"]


def resolve_site(site_id: int | None) -> int:
    """The site asked for, else the caller's own."""
    principal = auth.current_principal()
    site_id = site_id or (principal.site_id if principal else None)
    if site_id is None:
        raise QueueError("site_required", "Give site_id: which office's data you want.", 400)
    engine().site(site_id)
    return site_id


# ---- who may do what --------------------------------------------------------------

def staff_counter_id(principal: Principal) -> int | None:
    return engine().staffed_counter_id(principal.id)


def check_counter(principal: Principal, counter: dict) -> None:
    if principal.supervises(counter["site_id"]):
        return
    if principal.is_staff() and counter["staff_id"] == principal.id:
        return
    raise forbidden(f"Only the officer at counter {counter['number']} or a supervisor "
                    "may act on it.")


def check_ticket(principal: Principal, ticket: dict) -> None:
    """Staff act on tickets at their own counter, or waiting for their services."""
    if principal.supervises(ticket["site_id"]):
        return
    if principal.is_staff():
        # A visitor marked absent is brought back by the officer who called them.
        if ticket["status"] in (*ACTIVE_AT_COUNTER, "held", "no_show") and ticket["counter_id"]:
            check_counter(principal, engine().counter(ticket["counter_id"]))
            return
        counter_id = staff_counter_id(principal)
        if counter_id is not None and ticket["status"] == "waiting":
            if engine().may_call(engine().counter(counter_id), principal.id, ticket["id"]):
                return
    raise forbidden(f"Ticket {ticket['display_number']} is not at your counter "
                    "or in your services.")


def _acting_staff(principal: Principal) -> int | None:
    """The officer a call is recorded for (a device acts for nobody)."""
    return principal.id if principal.is_staff() else None


def check_site_member(principal: Principal, site_id: int) -> None:
    if not principal.belongs_to(site_id):
        raise forbidden("This belongs to another site.")


# ---- sign-in ----------------------------------------------------------------------

@api.route("/auth/login", "POST", body=s.Login, auth="public", tag="auth",
           summary="Sign in a staff member (browser session cookie)")
def login(body: s.Login):
    client = Client(body.login, request.remote_addr or "", request.user_agent.string)
    try:
        principal, session_id = sign_in().attempt(client, body.password, engine().clock.now())
    except TooManyAttempts as refusal:
        response = jsonify(error=refusal.code, message=refusal.message,
                           retry_after=refusal.retry_after)
        response.headers["Retry-After"] = str(refusal.retry_after)
        return response, 429
    session.clear()
    session[auth.SESSION_KEY] = session_id  # the cookie carries nothing else (server/auth/sessions.py)
    session.permanent = True
    return jsonify(me=_principal_view(principal))


@api.route("/auth/logout", "POST", auth="public", tag="auth",
           summary="Sign out: the session ends on the server and its sockets close")
def logout():
    principal = auth.session_principal(store())
    if principal is not None:
        sign_in().sign_out(principal, request.remote_addr or "", engine().clock.now())
    session.clear()
    return jsonify(ok=True)


def sign_in() -> SignIn:
    return SignIn(store(), current_app.config)


@api.route("/me", auth="any", tag="auth", summary="Who the credentials belong to")
def me():
    principal = require_principal()
    return jsonify(me=_principal_view(principal))


def _principal_view(principal: Principal) -> dict:
    view = {"kind": principal.kind, "id": principal.id, "name": principal.name,
            "role": principal.role, "site_id": principal.site_id}
    if principal.is_staff():
        view["counter_id"] = staff_counter_id(principal)
    else:
        view["config"] = principal.config
    return view


# ---- configuration reads (public information) --------------------------------------

@api.route("/sites", auth="public", summary="Sites (the city hall and its branch offices)")
def list_sites():
    return jsonify(sites=engine().sites())


@api.route("/departments", query=s.SiteQuery, auth="public", summary="Departments of a site")
def list_departments(query: s.SiteQuery):
    return jsonify(departments=engine().departments(resolve_site(query.site_id)))


def _service_view(service: dict) -> dict:
    view = {k: service[k] for k in (
        "id", "site_id", "department_id", "names", "numbering", "prefix", "number_block",
        "legal_period_value", "legal_period_unit", "target_ratio", "daily_cap", "hours",
        "priority_enabled", "paused", "sort_order", "remote_enabled",
        # What to bring, the fee, who may apply: the kiosk shows them before the ticket.
        "documents", "fee", "who_may_apply",
        # The machine next door: the kiosk offers it before the ticket (self_service.py).
        "machine_issue", "online_issue", "machine_needs")}
    # remote_enabled: the kiosk offers remote check-in
    for flag in ("priority_enabled", "paused", "remote_enabled", "machine_issue", "online_issue"):
        view[flag] = bool(view[flag])
    view.update(engine().queue_stats(service["id"]))
    return view


@api.route("/services", query=s.SiteQuery, auth="public",
           summary="Services of a site with people waiting, estimated wait and open state")
def list_services(query: s.SiteQuery):
    site_id = resolve_site(query.site_id)
    queue = engine()
    return jsonify(services=[_service_view(queue.service(service_id)) for service_id
                             in queue.service_ids(site_id)],
                   common_service_ids=common_service_ids(
                       queue.store, site_id, queue.site(site_id)["settings"], queue.clock.now()))


@api.route("/services/<int:service_id>", auth="public", summary="One service")
def get_service(service_id: int):
    return jsonify(service=_service_view(engine().service(service_id)))


@api.route("/counters", query=s.SiteQuery, auth="public", summary="Counters of a site")
def list_counters(query: s.SiteQuery):
    snapshot_counters = engine().snapshot(resolve_site(query.site_id))["counters"]
    return jsonify(counters=snapshot_counters)


@api.route("/snapshot", query=s.SiteQuery, summary="Everything a site's screens show, with seq")
def snapshot(query: s.SiteQuery):
    principal = require_principal()
    site_id = resolve_site(query.site_id)
    check_site_member(principal, site_id)
    return jsonify(engine().snapshot(site_id))


@api.route("/events", query=s.EventsQuery, summary="Events after a sequence number, "
           "for the caller's rooms (or a snapshot when too many were missed)")
def list_events(query: s.EventsQuery):
    principal = require_principal()
    realtime = current_app.extensions["sunbeon.realtime"]
    return jsonify(realtime.catch_up(principal, query.since))


# ---- tickets ------------------------------------------------------------------------

@api.route("/tickets", "POST", auth="staff|kiosk", body=s.TicketCreate, status=201,
           summary="Take a number (kiosks and staff). Send Idempotency-Key to retry safely")
def create_ticket(body: s.TicketCreate):
    principal = require_principal()
    service = engine().service(body.service_id)
    check_site_member(principal, service["site_id"])
    key = request.headers.get("Idempotency-Key")
    if key is not None and not _IDEMPOTENCY_KEY.match(key):
        raise QueueError("invalid_idempotency_key",
                         "Idempotency-Key must be 8-128 printable ASCII characters.", 400)
    ticket, created = issue_ticket(
        principal, body.service_id, priority=body.priority, lang=body.lang,
        idempotency_key=f"{principal.kind}:{principal.id}:{key}" if key else None)
    return jsonify(ticket=ticket), 201 if created else 200


def issue_ticket(principal: Principal, service_id: int, *, also=None,
                 **options) -> tuple[dict, bool]:
    """Issue a ticket for this caller, with a kiosk's paper (server/printing/issuing.py)."""
    return issue_with_paper(engine(), current_app.extensions["sunbeon.printing"], principal,
                            service_id, link=ticket_link, also=also, **options)


@api.route("/tickets", auth="staff", query=s.TicketsQuery, summary="Today's tickets of a site (staff)")
def list_tickets(query: s.TicketsQuery):
    principal = require_principal()
    site_id = resolve_site(query.site_id)
    check_site_member(principal, site_id)
    rows = engine().tickets_of_today(site_id, service_id=query.service_id,
                                     status=query.status)
    return jsonify(tickets=[engine().describe(t) for t in rows])


@api.route("/tickets/<int:ticket_id>", summary="One ticket")
def get_ticket(ticket_id: int):
    principal = require_principal()
    ticket = engine().ticket(ticket_id)
    check_site_member(principal, ticket["site_id"])
    return jsonify(ticket=engine().describe(ticket))


def _ticket_action(ticket_id: int, action, **kwargs):
    principal = require_principal()
    check_ticket(principal, engine().ticket(ticket_id))
    return jsonify(ticket=action(ticket_id, **kwargs))


@api.route("/tickets/<int:ticket_id>/recall", "POST", auth="staff", summary="Call the same ticket again")
def recall(ticket_id: int):
    return _ticket_action(ticket_id, engine().recall)


@api.route("/tickets/<int:ticket_id>/start", "POST", auth="staff", summary="The visitor arrived: start serving")
def start(ticket_id: int):
    return _ticket_action(ticket_id, engine().start)


@api.route("/tickets/<int:ticket_id>/finish", "POST", auth="staff", body=s.Finish,
           summary="Done, with an outcome and a short note")
def finish(ticket_id: int, body: s.Finish):
    return _ticket_action(ticket_id, engine().finish, outcome=body.outcome, note=body.note)


@api.route("/tickets/<int:ticket_id>/no-show", "POST", auth="staff",
           summary="The called visitor did not come (after the site's minimum recalls or minutes)")
def no_show(ticket_id: int):
    return _ticket_action(ticket_id, engine().no_show)


@api.route("/tickets/<int:ticket_id>/restore", "POST", auth="staff",
           summary="Bring a visitor marked absent back to the front of the queue (same day)")
def restore(ticket_id: int):
    return _ticket_action(ticket_id, engine().restore)


@api.route("/tickets/<int:ticket_id>/cancel", "POST", auth="staff", summary="Cancel a ticket")
def cancel(ticket_id: int):
    return _ticket_action(ticket_id, engine().cancel)


@api.route("/tickets/<int:ticket_id>/hold", "POST", auth="staff",
           summary="Set the visitor aside; the counter is free meanwhile")
def hold(ticket_id: int):
    return _ticket_action(ticket_id, engine().hold)


@api.route("/tickets/<int:ticket_id>/return", "POST", auth="staff", body=s.ReturnTicket,
           summary="Call a held ticket back to a counter")
def return_ticket(ticket_id: int, body: s.ReturnTicket):
    principal = require_principal()
    return jsonify(ticket=engine().return_held(
        ticket_id, body.counter_id, _acting_staff(principal),
        authorise=lambda counter: check_counter(principal, counter)))


@api.route("/tickets/<int:ticket_id>/transfer", "POST", auth="staff", body=s.Transfer,
           summary="Send the visitor to another service, counter or colleague, keeping the place")
def transfer(ticket_id: int, body: s.Transfer):
    return _ticket_action(ticket_id, engine().transfer, service_id=body.service_id,
                          counter_id=body.counter_id, staff_id=body.staff_id)


# ---- counters -----------------------------------------------------------------------

@api.route("/counters/<int:counter_id>/open", "POST", auth="staff", body=s.OpenCounter,
           summary="Take a counter (and choose today's services there)")
def open_counter(counter_id: int, body: s.OpenCounter):
    principal = require_principal()
    counter = engine().counter(counter_id)
    check_site_member(principal, counter["site_id"])
    if body.take_over and not principal.supervises(counter["site_id"]):
        raise forbidden("Only a supervisor may take over a counter someone else has.")
    return jsonify(counter=engine().open_counter(counter_id, principal.id, body.service_ids,
                                                 take_over=body.take_over))


@api.route("/counters/<int:counter_id>/close", "POST", auth="staff", summary="Leave the counter")
def close_counter(counter_id: int):
    principal = require_principal()
    check_counter(principal, engine().counter(counter_id))
    return jsonify(counter=engine().close_counter(counter_id))


@api.route("/counters/<int:counter_id>/call-next", "POST", auth="staff",
           summary="Call the next visitor (due appointments, priority, then arrival)")
def call_next(counter_id: int):
    principal = require_principal()
    check_counter(principal, engine().counter(counter_id))
    return jsonify(ticket=engine().call_next(counter_id, _acting_staff(principal)))


@api.route("/counters/<int:counter_id>/call", "POST", auth="staff", body=s.CallTicket,
           summary="Call a chosen ticket out of order")
def call_ticket(counter_id: int, body: s.CallTicket):
    principal = require_principal()
    check_counter(principal, engine().counter(counter_id))
    return jsonify(ticket=engine().call(counter_id, body.ticket_id, _acting_staff(principal)))


@blueprint.get("/openapi.json")
def openapi():
    return jsonify(api.openapi(blueprint.url_prefix))
