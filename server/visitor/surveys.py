"""The yearly satisfaction survey at the kiosk (the charter's promise 16).

The admin console writes a survey (a title, a period of site days) and its questions
(a text per language, a scale, an order); while the period runs the kiosk offers it.
A visitor types the number on their paper ticket, found as a kiosk rating finds it
(ratings.served_ticket_at_kiosk), and answers question by question, skipping any.

Anonymous: a response is keyed by the survey and an opaque token, an HMAC of the ticket
under the server's secret key. The token tells whether a ticket has answered (once per
ticket) but not which ticket it was; no time, service, counter or officer is kept."""

from __future__ import annotations

import hashlib
import hmac
import json

from ..infra.clock import local_day
from ..infra.store import Store, Transaction, constraint_kind
from ..queue import QueueEngine
from ..refusal import Refusal
from . import ratings

# The values of each scale, in the order the kiosk shows them; the number a visitor sees,
# hears and types is the value itself. agree5: 1 전혀 그렇지 않다 … 5 매우 그렇다;
# yes_no: 1 예, 2 아니요; score11: 0 to 10.
SCALES = {"agree5": (1, 2, 3, 4, 5), "yes_no": (1, 2), "score11": tuple(range(11))}
# Scales whose mean means something (yes/no has shares only).
SCALES_WITH_MEAN = ("agree5", "score11")


def check_period(tx: Transaction, row: dict, changes: dict, actor) -> None:
    """A survey's dates in order, and no other survey of the site on any of its days: the
    kiosk offers one survey at a time. Runs inside the admin's write (a refusal undoes it)."""
    if row["starts_on"] > row["ends_on"]:
        raise Refusal("invalid_request", "Invalid request body: ends_on is before starts_on.",
                      400, problems=[{"field": "ends_on", "problem": "before starts_on"}])
    other = tx.one("SELECT id, starts_on, ends_on FROM surveys WHERE site_id = ? AND active = 1 "
                   "AND id != ? AND starts_on <= ? AND ends_on >= ?",
                   (row["site_id"], row["id"], row["ends_on"], row["starts_on"]))
    if other:
        raise Refusal("survey_overlap", f"Survey {other['id']} of this site runs from "
                                        f"{other['starts_on']} to {other['ends_on']}: the "
                                        "periods may not overlap.", 409,
                      problems=[{"field": "starts_on", "problem": "overlaps another survey"}])


def check_question(tx: Transaction, row: dict, changes: dict, actor) -> None:
    """A question's scale stays while it has answers: their values belong to that scale."""
    if "scale" in changes and tx.one("SELECT 1 AS yes FROM survey_answers WHERE "
                                     "question_id = ? LIMIT 1", (row["id"],)):
        raise Refusal("answered", "This question has answers: its scale cannot change "
                                  "(add a new question instead).", 409)


def questions(q, survey_id: int) -> list[dict]:
    rows = q.query("SELECT id, texts, scale FROM survey_questions WHERE survey_id = ? "
                   "ORDER BY sort_order, id", (survey_id,))
    return [{**r, "texts": json.loads(r["texts"]), "values": list(SCALES[r["scale"]])}
            for r in rows]


def current(engine: QueueEngine, site_id: int) -> dict | None:
    """The survey the site's kiosks offer today, with its questions in order; None when no
    period runs today or the survey has no question yet."""
    today = local_day(engine.clock.now(), engine.site(site_id)["timezone"]).isoformat()
    row = engine.store.one("SELECT id, titles, starts_on, ends_on FROM surveys WHERE "
                           "site_id = ? AND active = 1 AND starts_on <= ? AND ends_on >= ? "
                           "ORDER BY starts_on LIMIT 1", (site_id, today, today))
    if row is None:
        return None
    asked = questions(engine.store, row["id"])
    return {**row, "titles": json.loads(row["titles"]), "questions": asked} if asked else None


def token(secret: str | bytes, survey_id: int, ticket: dict) -> str:
    """The opaque key of one ticket's response to one survey."""
    key = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(key, f"survey {survey_id} ticket {ticket['id']}".encode(),
                    hashlib.sha256).hexdigest()


def _running(engine: QueueEngine, site_id: int, survey_id: int | None = None) -> dict:
    survey = current(engine, site_id)
    if survey is None or (survey_id is not None and survey["id"] != survey_id):
        raise Refusal("no_survey", "No survey runs at this site today.", 404)
    return survey


def _answered(q, survey_id: int, key: str) -> bool:
    return q.one("SELECT 1 AS yes FROM survey_responses WHERE survey_id = ? AND token = ?",
                 (survey_id, key)) is not None


def ticket_for_kiosk(engine: QueueEngine, site_id: int, display_number: str,
                     secret: str | bytes) -> dict:
    """Whether the ticket with this number may answer the running survey now: what the
    kiosk shows before the first question (the number only)."""
    survey = _running(engine, site_id)
    ticket = ratings.served_ticket_at_kiosk(engine, site_id, display_number)
    if _answered(engine.store, survey["id"], token(secret, survey["id"], ticket)):
        raise _already_answered()
    return {"display_number": ticket["display_number"], "survey_id": survey["id"]}


def _already_answered() -> Refusal:
    return Refusal("already_answered", "This ticket has already answered this survey.", 409)


def record(engine: QueueEngine, site_id: int, survey_id: int, display_number: str,
           answers: list[dict], secret: str | bytes) -> dict:
    """One ticket's answers ({question_id, value}; a skipped question is left out). All
    are checked before anything is written; a second response of a ticket is refused."""
    survey = _running(engine, site_id, survey_id)
    asked = {q["id"]: q for q in survey["questions"]}
    seen: set[int] = set()
    for i, answer in enumerate(answers):
        question = asked.get(answer["question_id"])
        where = f"answers.{i}"
        if question is None:
            raise Refusal("invalid_reference", f"{where}.question_id: not a question of "
                                               "this survey.", 422,
                          problems=[{"field": f"{where}.question_id", "problem": "not in survey"}])
        if answer["question_id"] in seen:
            raise Refusal("invalid_request", f"Invalid request body: {where}: question "
                                             "answered twice.", 400,
                          problems=[{"field": where, "problem": "answered twice"}])
        if answer["value"] not in question["values"]:
            raise Refusal("invalid_request", f"Invalid request body: {where}.value: not on "
                                             f"the scale {question['scale']}.", 400,
                          problems=[{"field": f"{where}.value", "problem": "not on the scale"}])
        seen.add(answer["question_id"])
    ticket = ratings.served_ticket_at_kiosk(engine, site_id, display_number)
    key = token(secret, survey_id, ticket)
    try:
        with engine.store.write() as tx:
            if _answered(tx, survey_id, key):
                raise _already_answered()
            response_id = tx.insert("survey_responses", {"survey_id": survey_id, "token": key})
            for answer in answers:
                tx.insert("survey_answers", {"response_id": response_id,
                                             "question_id": answer["question_id"],
                                             "value": answer["value"]})
    except Refusal:
        raise
    except Exception as error:
        # Two kiosks sending the same ticket at once: the second meets the unique key.
        if constraint_kind(error) == "unique":
            raise _already_answered() from error
        raise
    return {"survey_id": survey_id, "answered": len(answers)}


def summary(store: Store, survey_id: int) -> dict:
    """Per question: how many answered, how many chose each value, the mean where the
    scale has one. A question answered by fewer than ratings.MIN_GROUP visitors shows no
    figures (a few answers would be a few people's own)."""
    survey = store.one("SELECT * FROM surveys WHERE id = ?", (survey_id,))
    if survey is None:
        raise Refusal("not_found", f"No survey with id {survey_id}.", 404)
    responses = store.one("SELECT count(*) AS n FROM survey_responses WHERE survey_id = ?",
                          (survey_id,))["n"]
    counts: dict[int, dict[int, int]] = {}
    for row in store.query(
            "SELECT a.question_id, a.value, count(*) AS n FROM survey_answers a JOIN "
            "survey_responses r ON r.id = a.response_id WHERE r.survey_id = ? "
            "GROUP BY a.question_id, a.value", (survey_id,)):
        counts.setdefault(row["question_id"], {})[row["value"]] = row["n"]
    lines = []
    for question in questions(store, survey_id):
        got = counts.get(question["id"], {})
        count = sum(got.values())
        line = {"question_id": question["id"], "texts": question["texts"],
                "scale": question["scale"], "hidden": count < ratings.MIN_GROUP,
                "count": None, "distribution": None, "mean": None}
        if not line["hidden"]:
            line["count"] = count
            line["distribution"] = {str(v): got.get(v, 0) for v in question["values"]}
            if question["scale"] in SCALES_WITH_MEAN:
                line["mean"] = round(sum(v * n for v, n in got.items()) / count, 2)
        lines.append(line)
    return {"survey_id": survey_id, "site_id": survey["site_id"],
            "titles": json.loads(survey["titles"]), "starts_on": survey["starts_on"],
            "ends_on": survey["ends_on"], "min_group": ratings.MIN_GROUP,
            "responses": responses if responses >= ratings.MIN_GROUP else None,
            "questions": lines}
