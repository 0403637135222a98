"""Cases over HTTP (/api/v1/cases): register a finished visit as an accepted case, list
open cases by due date, close one with its outcome. Domain rules are in
server/staff/cases.py; this module decides who may do what: the officer of the case and
the supervisors of its site, never another site's staff."""

from __future__ import annotations

from typing import Annotated, Literal

from flask import jsonify
from pydantic import Field, StringConstraints

from ..auth import Principal, forbidden, require_principal
from ..queue import QueueError
from ..staff import cases
from ..infra.store import LANGUAGES
from . import schemas as s
from .routes import api, check_site_member, engine, store
from .staffdesk import site_scope


class CaseCreate(s.Body):
    ticket_id: s.Id = Field(description="The finished visit the case was received at.")
    reference: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)] = Field(
        "", description="The office's own receipt number (접수번호), if any. No names.")
    lang: Literal[LANGUAGES] = Field("ko", description="The visitor's language for notices.")
    phone: Annotated[str, StringConstraints(strip_whitespace=True, max_length=20)] | None = None
    email: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None
    contact_consent: bool = Field(False, strict=True,
                                  description="The visitor agreed to leave this contact for "
                                              "the case's notices; required with one.")


class CaseClose(s.Body):
    outcome: Literal[cases.OUTCOMES] = Field(
        description="granted (처리 완료), refused (불수용), withdrawn (취하), "
                    "transferred (이송).")


class CasesQuery(s.Query):
    scope: Literal["mine", "site"] = "mine"
    status: Literal["open", "closed", "all"] = "open"
    site_id: s.QueryId | None = None


def _may_handle(principal: Principal, row: dict) -> None:
    if row["officer_staff_id"] != principal.id and not principal.supervises(row["site_id"]):
        raise forbidden("Only the case's officer or a supervisor of its site handles it.")


@api.route("/cases", "POST", auth="staff", body=CaseCreate, status=201, tag="cases",
           summary="Register a finished visit as an accepted case (접수): its legal due date "
                   "and 80% target from the Act's calendar")
def register_case(body: CaseCreate):
    principal = require_principal()
    ticket = engine().ticket(body.ticket_id)
    check_site_member(principal, ticket["site_id"])
    if ticket["staff_id"] != principal.id and not principal.supervises(ticket["site_id"]):
        raise forbidden("Only the officer who served the visit or a supervisor registers it.")
    view = cases.register(store(), engine(), ticket_id=ticket["id"], registered_by=principal.id,
                          reference=body.reference, lang=body.lang, phone=body.phone or None,
                          email=body.email or None, consent=body.contact_consent)
    return jsonify(case=view), 201


@api.route("/cases", auth="staff", query=CasesQuery, tag="cases",
           summary="My cases (or a site's, for supervisors), open ones by due date, with "
                   "overdue and near-due marks")
def list_cases(query: CasesQuery):
    principal = require_principal()
    site_id = site_scope(principal, query, "case")
    return jsonify(cases=cases.listed(store(), engine(), status=query.status, site_id=site_id,
                                      officer_id=None if site_id else principal.id))


@api.route("/cases/candidates", auth="staff", tag="cases",
           summary="Today's visits I finished that may be registered as cases")
def case_candidates():
    principal = require_principal()
    if principal.site_id is None:
        raise QueueError("site_required", "This account serves no site's visitors.", 400)
    return jsonify(visits=cases.candidates(store(), engine(), principal.id, principal.site_id))


@api.route("/cases/<int:case_id>", auth="staff", tag="cases", summary="One case")
def get_case(case_id: int):
    principal = require_principal()
    row = cases.get(store(), case_id)
    check_site_member(principal, row["site_id"])
    _may_handle(principal, row)
    return jsonify(case=cases.case_view(row, engine().clock.now()))


@api.route("/cases/<int:case_id>/close", "POST", auth="staff", body=CaseClose, tag="cases",
           summary="Close a case with its outcome; the visitor who consented is told, and "
                   "the contact is erased")
def close_case(case_id: int, body: CaseClose):
    principal = require_principal()
    row = cases.get(store(), case_id)
    check_site_member(principal, row["site_id"])
    _may_handle(principal, row)
    return jsonify(case=cases.close(store(), engine(), case_id, outcome=body.outcome,
                                    closed_by=principal.id))
