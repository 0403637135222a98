"""Staff as visitors see them (the charter's nameplates and seat charts), staff presence,
help requests from kiosks, and the counters' silent bells. Presence rules are in
server/queue/presence.py, help requests in server/staff/help_requests.py, alarms in
server/staff/alarms.py; this module decides who may do what."""

from __future__ import annotations

from typing import Literal

from flask import jsonify
from pydantic import Field

from ..auth import forbidden, require_principal
from ..infra.clock import parse_iso
from ..queue import QueueError
from ..queue import presence
from ..staff import alarms, help_requests
from . import schemas as s
from .routes import api, check_site_member, engine, resolve_site, store


@api.route("/staff", query=s.StaffQuery, auth="public", tag="people",
           summary="Staff of a site or department: name, duty, office phone, photo, presence")
def list_staff(query: s.StaffQuery):
    return jsonify(staff=presence.public_staff(store(), resolve_site(query.site_id),
                                               query.department_id))


@api.route("/staff/me/presence", "POST", auth="staff", body=s.Presence, tag="people",
           summary="Available, away (with a return time) or closed")
def set_presence(body: s.Presence):
    principal = require_principal()
    away_until = None
    if body.presence == "away" and body.away_until:
        try:
            away_until = parse_iso(body.away_until)
        except ValueError as error:
            raise QueueError("invalid_request", f"Invalid request body: away_until: {error}", 400)
    view = presence.set_presence(store(), principal.id, body.presence, away_until,
                                 engine().clock.now())
    return jsonify(staff=view)


class HelpRequestIn(s.Body):
    kind: Literal[help_requests.KINDS] = Field(
        "staff", description="`staff` (직원 호출), or `sign` (수어 통역 요청: someone who signs; "
                             "the answer carries the site's video-relay number)")


@api.route("/help-requests", "POST", auth="kiosk", body=HelpRequestIn, status=201,
           tag="people",
           summary="A kiosk calls staff for help; the site's staff consoles are alerted")
def request_help(body: HelpRequestIn):
    kiosk = require_principal()
    view, created = help_requests.request_help(store(), engine(), device_id=kiosk.id,
                                               site_id=kiosk.site_id, kind=body.kind)
    return jsonify(help_request=view), 201 if created else 200


@api.route("/help-requests", auth="staff", query=s.SiteQuery, tag="people",
           summary="Open help requests of a site (staff)")
def list_help_requests(query: s.SiteQuery):
    principal = require_principal()
    site_id = resolve_site(query.site_id)
    if not principal.belongs_to(site_id):
        raise forbidden("This belongs to another site.")
    return jsonify(help_requests=help_requests.open_requests(store(), site_id))


def _answerer(help_id: int):
    """The staff member answering a help request, who must be of its site."""
    principal = require_principal()
    if not principal.belongs_to(help_requests.get(store(), help_id)["site_id"]):
        raise forbidden("Only staff of this site answer its help requests.")
    return principal


@api.route("/help-requests/<int:help_id>/acknowledge", "POST", auth="staff", tag="people",
           summary="Staff are on their way; the kiosk says so")
def acknowledge_help(help_id: int):
    staff = _answerer(help_id)
    return jsonify(help_request=help_requests.acknowledge(store(), engine(), help_id, staff.id))


@api.route("/help-requests/<int:help_id>/close", "POST", auth="staff", tag="people",
           summary="The visitor was helped")
def close_help(help_id: int):
    staff = _answerer(help_id)
    return jsonify(help_request=help_requests.close(store(), engine(), help_id, staff.id))


# ---- the counter's silent bell -----------------------------------------------------------

@api.route("/counters/<int:counter_id>/alarm", "POST", auth="staff", status=201, tag="people",
           summary="The counter's silent bell: the site's staff, supervisors and security "
                   "contacts are alerted at once; no public screen hears of it")
def raise_alarm(counter_id: int):
    principal = require_principal()
    counter = engine().counter(counter_id)
    if counter["staff_id"] != principal.id and not principal.supervises(counter["site_id"]):
        raise forbidden("Only the officer at this counter, or a supervisor of its site, "
                        "raises its alarm.")
    view, created = alarms.raise_alarm(store(), engine(), counter_id, principal.id)
    settings = alarms.alarm_settings(engine(), counter["site_id"])
    return jsonify(alarm=view, recording_reminder=settings["alarm_recording_reminder"]), \
        201 if created else 200


@api.route("/alarms", auth="staff", query=s.SiteQuery, tag="people",
           summary="Open alarms of a site, with how consoles show them (staff)")
def list_alarms(query: s.SiteQuery):
    principal = require_principal()
    site_id = resolve_site(query.site_id)
    check_site_member(principal, site_id)
    settings = alarms.alarm_settings(engine(), site_id)
    return jsonify(alarms=alarms.open_alarms(store(), engine(), site_id),
                   sound=settings["alarm_sound"],
                   recording_reminder=settings["alarm_recording_reminder"],
                   false_alarm_seconds=alarms.FALSE_ALARM_SECONDS)


def _alarm_of_my_site(alarm_id: int):
    principal = require_principal()
    check_site_member(principal, alarms.get(store(), alarm_id)["site_id"])
    return principal


@api.route("/alarms/<int:alarm_id>/false-alarm", "POST", auth="staff", tag="people",
           summary="The officer who raised the alarm takes it back, within a minute")
def false_alarm(alarm_id: int):
    principal = _alarm_of_my_site(alarm_id)
    return jsonify(alarm=alarms.take_back(store(), engine(), alarm_id, principal.id))


@api.route("/alarms/<int:alarm_id>/clear", "POST", auth="supervisor", tag="people",
           summary="A supervisor has dealt with the alarm (처리 완료)")
def clear_alarm(alarm_id: int):
    principal = _alarm_of_my_site(alarm_id)
    return jsonify(alarm=alarms.clear(store(), engine(), alarm_id, principal.id))


@api.route("/lobby/calm-notice", auth="any", query=s.SiteQuery, tag="people",
           summary="What the lobby boards show while an alarm is open: a calm notice that "
                   "names no counter, or null")
def lobby_calm_notice(query: s.SiteQuery):
    principal = require_principal()
    site_id = resolve_site(query.site_id)
    check_site_member(principal, site_id)
    return jsonify(calm_notice=alarms.calm_notice(engine(), store(), site_id))
