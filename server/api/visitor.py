"""The visitor's API: their own ticket by its private code (no sign-in), ratings and
feedback from the phone and from kiosks, and what supervisors and admins do with them."""

from __future__ import annotations

from typing import Annotated, Literal

from flask import current_app, jsonify
from pydantic import Field, StringConstraints

from ..forms import label
from ..auth import Principal, require_principal, require_supervisor
from ..queue import remote
from ..visitor import (compensation, feedback, notices, ratings, self_service, surveys,
                       ticket_link, tickets)
from . import schemas as s
from .routes import api, engine, resolve_site, store

Reason = Annotated[str, StringConstraints(max_length=32)]
Score = Annotated[int, Field(strict=True, ge=1, le=5)]
Day = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]


class Rating(s.Body):
    score: Score = Field(description="1 (very dissatisfied) to 5 (very satisfied)")
    reasons: list[Reason] = Field(default_factory=list, max_length=len(ratings.REASONS),
                                  description=f"Any of: {', '.join(ratings.REASONS)}")


class KioskRating(Rating):
    display_number: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                                     max_length=16)]


class RatingsQuery(s.Query):
    site_id: s.QueryId | None = None
    day_from: Day | None = Field(None, alias="from")
    day_to: Day | None = Field(None, alias="to")


@api.route("/visitor/tickets/<code>", auth="public", tag="visitor",
           summary="The visitor's own ticket for the phone page: number, people ahead, wait, "
                   "where to go, what they may do")
def visitor_ticket(code: str):
    return jsonify(ticket=tickets.phone_view(engine(), tickets.find(engine(), code)))


@api.route("/visitor/tickets/<code>/route-map", auth="public", tag="visitor",
           summary="The map of the way from the issuing kiosk to the ticket's office, one "
                   "plan per floor walked on, while the ticket waits (404 when the map has "
                   "no way)")
def visitor_route_map(code: str):
    return jsonify(tickets.route_map(engine(), code))


@api.route("/visitor/tickets/<code>/returning", "POST", auth="public", tag="visitor",
           summary="\"I am on my way back\": a flag and an event for staff")
def visitor_returning(code: str):
    return jsonify(ticket=tickets.phone_view(engine(), tickets.mark_returning(engine(), code)))


@api.route("/visitor/tickets/<code>/cancel", "POST", auth="public", tag="visitor",
           summary="The visitor cancels their own ticket")
def visitor_cancel(code: str):
    return jsonify(ticket=tickets.phone_view(engine(), tickets.cancel(engine(), code)))


@api.route("/visitor/tickets/<code>/rating", "POST", body=Rating, auth="public",
           tag="visitor", status=201,
           summary="Rate the handling of a finished ticket from the phone (once per ticket)")
def visitor_rating(code: str, body: Rating):
    return jsonify(rating=tickets.rate(engine(), code, body.score, body.reasons)), 201


@api.route("/ratings", "POST", auth="kiosk", body=KioskRating, tag="visitor", status=201,
           summary="Rate at a kiosk by the ticket number: today's tickets of the kiosk's "
                   "site finished in the last 30 minutes, once per ticket")
def kiosk_rating(body: KioskRating):
    principal = require_principal()
    rating = ratings.record_at_kiosk(engine(), principal.site_id, body.display_number,
                                     body.score, body.reasons, device_id=principal.id)
    return jsonify(rating=rating), 201


@api.route("/kiosk/machine", auth="kiosk", tag="visitor",
           summary="The lobby's certificate machine (무인민원발급기) as the kiosk shows it "
                   "before a ticket: its hours, whether it is open now, and the way there "
                   "from this kiosk with its map (kiosks)")
def kiosk_machine():
    return jsonify(machine=self_service.machine_guide(store(), engine(),
                                                      require_principal().id))


class SelfServiceChoice(s.Body):
    choice: Literal[self_service.CHOICES] = Field(description=(
        "machine: the visitor went to the certificate machine (or 정부24); ticket: took a "
        "ticket anyway"))


@api.route("/services/<int:service_id>/self-service-choice", "POST", auth="kiosk",
           body=SelfServiceChoice, status=201, tag="visitor",
           summary="Count a visitor's choice for a service the machine or 정부24 issues: "
                   "the machine or a ticket anyway (per site, service and day; kiosks)")
def self_service_choice(service_id: int, body: SelfServiceChoice):
    self_service.record_choice(store(), engine(), service_id, body.choice,
                               kiosk_site_id=require_principal().site_id)
    return jsonify(recorded=True), 201


class KioskRatingCheck(s.Query):
    number: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                             max_length=16)]


@api.route("/ratings/ticket", auth="kiosk", query=KioskRatingCheck, tag="visitor",
           summary="Before rating at a kiosk: whether the ticket with this number may be "
                   "rated now, and its service and counter (nothing about the visitor)")
def kiosk_rating_check(query: KioskRatingCheck):
    principal = require_principal()
    ticket = ratings.ticket_for_kiosk(engine(), principal.site_id, query.number)
    return jsonify(ticket=ratings.kiosk_view(engine(), ticket))


@api.route("/ratings/summary", auth="supervisor", query=RatingsQuery, tag="visitor",
           summary="Ratings added up per service, counter and officer (supervisors, admins)")
def ratings_summary(query: RatingsQuery):
    site_id = resolve_site(query.site_id)
    require_supervisor(site_id, "Only supervisors and admins see ratings, and only added up.")
    return jsonify(ratings.summary(engine(), site_id, query.day_from, query.day_to))


# ---- the yearly satisfaction survey at the kiosk ------------------------------------------

class SurveyAnswer(s.Body):
    question_id: s.Id
    value: Annotated[int, Field(strict=True, ge=0, le=10)] = Field(
        description="agree5: 1 (전혀 그렇지 않다) to 5 (매우 그렇다); yes_no: 1 yes, 2 no; "
                    "score11: 0 to 10")


class SurveyResponse(s.Body):
    survey_id: s.Id
    display_number: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                                     max_length=16)]
    answers: list[SurveyAnswer] = Field(max_length=100,
                                        description="Skipped questions are left out.")


def _survey_secret() -> str:
    return current_app.config["SECRET_KEY"]


@api.route("/survey", auth="kiosk", tag="visitor",
           summary="The satisfaction survey this kiosk's site runs today, with its questions "
                   "and their scales (null when none runs)")
def kiosk_survey():
    return jsonify(survey=surveys.current(engine(), require_principal().site_id))


@api.route("/survey/ticket", auth="kiosk", query=KioskRatingCheck, tag="visitor",
           summary="Before the survey at a kiosk: whether the ticket with this number (today's, "
                   "served) may answer it (once per ticket)")
def kiosk_survey_check(query: KioskRatingCheck):
    return jsonify(ticket=surveys.ticket_for_kiosk(
        engine(), require_principal().site_id, query.number, _survey_secret()))


@api.route("/survey/responses", "POST", auth="kiosk", body=SurveyResponse, status=201,
           tag="visitor", summary="A visitor's answers to the survey, typed at a kiosk: kept "
                                  "anonymous, once per ticket")
def kiosk_survey_response(body: SurveyResponse):
    result = surveys.record(engine(), require_principal().site_id, body.survey_id,
                            body.display_number, [a.model_dump() for a in body.answers],
                            _survey_secret())
    return jsonify(response=result), 201


# ---- feedback ------------------------------------------------------------------------

Email = Annotated[str, StringConstraints(strip_whitespace=True, max_length=254,
                                         pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]


class FeedbackIn(s.Body):
    kind: Literal["complaint", "praise", "suggestion"]
    ground: Literal["unkindness", "unfaithful", "other"] | None = Field(
        None, description="Complaints only: the charter's grounds")
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                           max_length=2000)]
    about_staff_id: s.Id | None = Field(None, description="Praise for a named officer")
    about_counter_number: Annotated[int, Field(strict=True, ge=1, le=999)] | None = None
    lang: Literal["ko", "en", "zh", "vi", "ru", "th"] = "ko"
    email: Email | None = Field(None, description="Only with consent: to send the answer")
    consent: bool = Field(False, strict=True,
                          description="The visitor agreed that the address is kept until "
                                      "the answer is sent (at most 14 days)")


class FeedbackUpdate(s.Body):
    owner_staff_id: s.Id | None = Field(None, **label("담당자", "Owner", **{"x-options": "staff"}))
    status: Literal["open", "in_progress", "answered", "closed"] | None = Field(
        None, **label("상태", "Status"))
    confirmed: bool | None = Field(None, strict=True, **label("사실 확인", "Found true"),
                                   description="Complaints: found true after checking")


class CountsQuery(s.Query):
    site_id: s.QueryId | None = None


class FeedbackAnswer(s.Body):
    answer: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                             max_length=4000)] = Field(
        **label("답변", "Answer", **{"x-widget": "textarea"}))
    send: bool = Field(strict=True, **label("방문자에게 이메일로 보내기", "E-mail it to the visitor"),
                       description="끄면 전화 등 다른 방법으로 한 답변으로 기록 · E-mail it to "
                       "the visitor when they left an address; false records an answer given "
                       "another way (by phone)")


class FeedbackQuery(s.Query):
    site_id: s.QueryId | None = None
    status: Literal["open", "in_progress", "answered", "closed"] | None = None
    kind: Literal["complaint", "praise", "suggestion"] | None = None


@api.route("/visitor/tickets/<code>/feedback", "POST", body=FeedbackIn, auth="public",
           tag="visitor", status=201,
           summary="Complaint, praise or suggestion from the phone page")
def visitor_feedback(code: str, body: FeedbackIn):
    item = feedback.submit_from_phone(engine(), code, **body.model_dump())
    return jsonify(feedback=item), 201


@api.route("/feedback", "POST", auth="kiosk", body=FeedbackIn, tag="visitor", status=201,
           summary="Complaint, praise or suggestion from a kiosk")
def kiosk_feedback(body: FeedbackIn):
    principal = require_principal()
    return jsonify(feedback=feedback.submit(engine(), principal.site_id, channel="kiosk",
                                            **body.model_dump())), 201


def _supervising(site_id: int) -> Principal:
    return require_supervisor(site_id, "Only supervisors and admins handle visitors' feedback.")


@api.route("/feedback", auth="supervisor", query=FeedbackQuery, tag="visitor",
           summary="Visitors' feedback of a site, newest first (supervisors, admins)")
def list_feedback(query: FeedbackQuery):
    site_id = resolve_site(query.site_id)
    _supervising(site_id)
    return jsonify(feedback=feedback.listing(engine(), site_id, query.status, query.kind))


@api.route("/feedback/<int:feedback_id>", "POST", auth="supervisor", body=FeedbackUpdate, tag="visitor",
           summary="Give a feedback item an owner or a status (supervisors, admins)")
def update_feedback(feedback_id: int, body: FeedbackUpdate):
    principal = _supervising(feedback.get(engine(), feedback_id)["site_id"])
    return jsonify(feedback=feedback.update(engine(), feedback_id,
                                            owner_staff_id=body.owner_staff_id,
                                            status=body.status, confirmed=body.confirmed,
                                            by_staff_id=principal.id))


@api.route("/feedback/unkindness-counts", auth="admin", query=CountsQuery, tag="visitor",
           summary="Confirmed unkindness complaints per officer, third flagged "
                   "(admins only; every view is logged)")
def unkindness_counts(query: CountsQuery):
    principal = require_principal()
    return jsonify(officers=feedback.unkindness_counts(engine(), query.site_id, principal.id))


@api.route("/feedback/<int:feedback_id>/answer", "POST", auth="supervisor", body=FeedbackAnswer, tag="visitor",
           summary="Answer a feedback item; sent by e-mail when the visitor left an address")
def answer_feedback(feedback_id: int, body: FeedbackAnswer):
    principal = _supervising(feedback.get(engine(), feedback_id)["site_id"])
    return jsonify(feedback.answer(engine(), current_app.config, feedback_id, body.answer,
                                   principal.id, send=body.send))


# ---- compensation register (admins only) ---------------------------------------------

class CompensationIn(s.Body):
    site_id: s.Id
    ground: Literal["came_twice", "deadline_missed", "unfaithful"] = Field(
        **label("사유", "Ground"))
    what: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                           max_length=500)] = Field(
        **label("무슨 일이 있었나", "What happened", **{"x-widget": "textarea"}))
    recipient: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] = Field(
        "", **label("받는 사람 메모", "Recipient note"),
        description="지급할 때 방문자를 알아볼 최소한의 메모 · How staff recognise the visitor "
                    "at hand-over (keep it minimal)")
    feedback_id: s.Id | None = Field(None, **label("관련 의견 번호", "Feedback no."))
    ticket_id: s.Id | None = Field(None, **label("관련 번호표 ID", "Ticket id"))
    staff_id: s.Id | None = Field(None, **label("책임 공무원", "Official at fault",
                                                **{"x-options": "staff"}),
                                  description="있을 때만 · The official at fault, if any")


class CompensationStep(s.Body):
    action: Literal["approve", "reject", "hand_over"]


@api.route("/compensations", auth="admin", query=CountsQuery, tag="visitor",
           summary="The compensation register (admins only)")
def list_compensations(query: CountsQuery):
    return jsonify(compensations=compensation.listing(engine(), query.site_id))


@api.route("/compensations", "POST", auth="admin", body=CompensationIn, tag="visitor", status=201,
           summary="Propose a 10,000-won voucher on one of the charter's three grounds")
def propose_compensation(body: CompensationIn):
    principal = require_principal()
    case = compensation.propose(
        engine(), body.site_id, principal.id, ground=body.ground, what=body.what,
        recipient=body.recipient, feedback_id=body.feedback_id, ticket_id=body.ticket_id,
        staff_id=body.staff_id)
    return jsonify(compensation=case), 201


@api.route("/compensations/<int:case_id>", "POST", auth="admin", body=CompensationStep, tag="visitor",
           summary="Approve or reject (another admin than the proposer), then hand over")
def step_compensation(case_id: int, body: CompensationStep):
    principal = require_principal()
    return jsonify(compensation=compensation.step(engine(), case_id, body.action,
                                                  principal.id))


# ---- notices by SMS and e-mail, asked for at the kiosk -------------------------------

Mobile = Annotated[str, StringConstraints(strip_whitespace=True, min_length=9, max_length=20,
                                          pattern=r"^[0-9 ().-]+$")]


class NoticeConsent(s.Body):
    phone: Mobile | None = Field(None, description="A Korean mobile number, 010-1234-5678")
    email: Email | None = Field(None, description="Typed on the kiosk's e-mail keys")
    lang: Literal["ko", "en", "zh", "vi", "ru", "th"] = Field(
        "ko", description="The kiosk's language: the notices are written in it")
    consent: bool = Field(strict=True, description="The visitor agreed that the contact is "
                          "kept until the end of today, only to send this ticket's notices")


@api.route("/tickets/<int:ticket_id>/notices", "POST", auth="kiosk", body=NoticeConsent, tag="visitor",
           status=201, summary="A visitor asks at the kiosk for notices by SMS or e-mail "
                               "(turn near, called, thank you) for the ticket it just issued")
def kiosk_notice_consent(ticket_id: int, body: NoticeConsent):
    principal = require_principal()
    kept = notices.subscribe(engine(), ticket_id, device_id=principal.id, consent=body.consent,
                             lang=body.lang, link_for=ticket_link, phone=body.phone,
                             email=body.email)
    return jsonify(notices=kept), 201


class RemoteCheckIn(s.Body):
    code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=4,
                                           max_length=12)] = Field(
        description="The check-in code the phone page shows (letters and digits, any case)")


@api.route("/remote-tickets/check-in", "POST", auth="kiosk", body=RemoteCheckIn,
           tag="visitor", summary="A visitor who took a number on the public page checks in "
                                  "at the kiosk with its code: the ticket joins the queue at "
                                  "its original place")
def remote_check_in(body: RemoteCheckIn):
    principal = require_principal()
    ticket = remote.check_in(engine(), principal.site_id, body.code)
    public_code = engine().ticket(ticket["id"])["public_code"]
    return jsonify(ticket={**ticket, "link": ticket_link(public_code)})
