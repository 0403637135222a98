"""The yearly satisfaction survey: the admin writes it (bad scales, languages and
overlapping periods refused, nothing changed), the kiosk offers it while its period runs,
a ticket answers once, anonymously, and the reports sum it up per question with small
groups hidden."""

from __future__ import annotations

import csv
import io

import pytest

from server.visitor import ratings
from tests.test_visitor import served

TITLES = {"ko": "2026년 민원 만족도 조사", "en": "2026 satisfaction survey"}
QUESTIONS = [
    ({"ko": "직원이 친절했습니까?", "vi": "Nhân viên có thân thiện không?"}, "agree5"),
    ({"ko": "다시 방문하시겠습니까?"}, "yes_no"),
    ({"ko": "전체 만족도를 0-10점으로 주십시오."}, "score11"),
]


def survey_rows(store) -> tuple:
    return tuple(store.query(f"SELECT * FROM {t} ORDER BY rowid") for t in
                 ("surveys", "survey_questions", "survey_responses", "survey_answers")) + (
        store.one("SELECT count(*) AS n FROM events"),)


@pytest.fixture
def admin(signed_in):
    return signed_in("admin")


def make_survey(admin, starts_on="2026-11-01", ends_on="2026-12-31", questions=QUESTIONS):
    made = admin.post("/api/v1/admin/surveys?site_id=1",
                      json={"titles": TITLES, "starts_on": starts_on, "ends_on": ends_on})
    assert made.status_code == 201, made.json
    survey = made.json["item"]
    ids = []
    for order, (texts, scale) in enumerate(questions):
        added = admin.post("/api/v1/admin/survey-questions?site_id=1",
                           json={"survey_id": survey["id"], "texts": texts, "scale": scale,
                                 "sort_order": order})
        assert added.status_code == 201, added.json
        ids.append(added.json["item"]["id"])
    return survey, ids


def test_admin_writes_a_survey_and_untranslated_questions_are_marked(admin):
    survey, ids = make_survey(admin)
    assert (survey["starts_on"], survey["ends_on"], survey["active"]) == (
        "2026-11-01", "2026-12-31", True)
    items = admin.get("/api/v1/admin/survey-questions?site_id=1").json["items"]
    assert [q["id"] for q in items] == ids
    assert items[0]["missing_translations"]["en"] == ["texts"]
    assert "vi" not in items[0]["missing_translations"]
    assert items[1]["scale"] == "yes_no"


BAD_SURVEYS = [
    {"titles": {"en": "no Korean"}, "starts_on": "2027-01-01", "ends_on": "2027-01-31"},
    {"titles": {"ko": "x", "fr": "langue inconnue"}, "starts_on": "2027-01-01",
     "ends_on": "2027-01-31"},
    {"titles": TITLES, "starts_on": "2027-02-01", "ends_on": "2027-01-01"},   # backwards
    {"titles": TITLES, "starts_on": "2027-02-30", "ends_on": "2027-03-01"},
    {"titles": TITLES, "starts_on": "2026-12-31", "ends_on": "2027-01-31"},   # overlaps
    {"titles": TITLES, "starts_on": "2026-10-01", "ends_on": "2026-11-01"},   # overlaps
]


@pytest.mark.parametrize("body", BAD_SURVEYS)
def test_bad_surveys_are_refused_and_change_nothing(admin, store, body):
    make_survey(admin)
    before = survey_rows(store)
    refused = admin.post("/api/v1/admin/surveys?site_id=1", json=body)
    assert 400 <= refused.status_code < 500 and refused.json["message"], refused.json
    assert survey_rows(store) == before


def test_overlap_is_409_and_a_move_into_another_period_too(admin, store):
    first, _ = make_survey(admin)
    overlapping = admin.post("/api/v1/admin/surveys?site_id=1", json={
        "titles": TITLES, "starts_on": "2026-12-15", "ends_on": "2027-01-15"})
    assert overlapping.status_code == 409 and overlapping.json["error"] == "survey_overlap"
    later = admin.post("/api/v1/admin/surveys?site_id=1", json={
        "titles": TITLES, "starts_on": "2027-01-01", "ends_on": "2027-12-31"})
    assert later.status_code == 201
    before = survey_rows(store)
    moved = admin.patch(f"/api/v1/admin/surveys/{later.json['item']['id']}",
                        json={"starts_on": "2026-12-20"})
    assert moved.status_code == 409 and survey_rows(store) == before
    # Another site may run its own survey on the same days.
    assert admin.post("/api/v1/admin/surveys?site_id=2", json={
        "titles": TITLES, "starts_on": "2026-11-01", "ends_on": "2026-12-31"}).status_code == 201
    # A removed survey frees its days.
    assert admin.delete(f"/api/v1/admin/surveys/{first['id']}").status_code == 200
    assert admin.post("/api/v1/admin/surveys?site_id=1", json={
        "titles": TITLES, "starts_on": "2026-12-01", "ends_on": "2026-12-05"}).status_code == 201


BAD_QUESTIONS = [
    {"texts": {"ko": "x"}, "scale": "agree7"},
    {"texts": {"ko": "x"}, "scale": 5},
    {"texts": {"ko": "x", "jp": "未知"}, "scale": "agree5"},
    {"texts": {"en": "no Korean"}, "scale": "agree5"},
    {"texts": {"ko": "x"}, "scale": "agree5", "survey_id": 999},
]


@pytest.mark.parametrize("body", BAD_QUESTIONS)
def test_bad_questions_are_refused_and_change_nothing(admin, store, body):
    survey, _ = make_survey(admin)
    before = survey_rows(store)
    refused = admin.post("/api/v1/admin/survey-questions?site_id=1",
                         json={"survey_id": survey["id"], **body})
    assert 400 <= refused.status_code < 500 and refused.json["message"], refused.json
    assert survey_rows(store) == before


def test_staff_cannot_write_surveys(signed_in, store):
    before = survey_rows(store)
    refused = signed_in("staff1").post("/api/v1/admin/surveys?site_id=1", json={
        "titles": TITLES, "starts_on": "2026-11-01", "ends_on": "2026-12-31"})
    assert refused.status_code == 403 and survey_rows(store) == before


def test_the_kiosk_sees_the_survey_only_in_its_period(admin, kiosk):
    assert kiosk.get("/api/v1/survey").json["survey"] is None
    make_survey(admin, "2026-12-02", "2026-12-31")         # starts tomorrow
    assert kiosk.get("/api/v1/survey").json["survey"] is None
    admin.post("/api/v1/admin/surveys?site_id=1", json={
        "titles": TITLES, "starts_on": "2026-11-01", "ends_on": "2026-12-01"})
    # Today's survey without questions is not offered either.
    assert kiosk.get("/api/v1/survey").json["survey"] is None


def test_a_ticket_answers_once_and_nothing_names_it(admin, kiosk, signed_in, service_ids,
                                                    store):
    survey, (kind, again, overall) = make_survey(admin)
    offered = kiosk.get("/api/v1/survey").json["survey"]
    assert offered["id"] == survey["id"]
    assert [(q["scale"], q["values"]) for q in offered["questions"]] == [
        ("agree5", [1, 2, 3, 4, 5]), ("yes_no", [1, 2]), ("score11", list(range(11)))]
    ticket, _ = served(kiosk, signed_in, service_ids["인감증명"])
    number = ticket["display_number"]
    checked = kiosk.get(f"/api/v1/survey/ticket?number={number}")
    assert checked.status_code == 200 and checked.json["ticket"]["display_number"] == number
    # Answering does not use up the rating, nor the other way round.
    sent = kiosk.post("/api/v1/survey/responses", json={
        "survey_id": survey["id"], "display_number": number,
        "answers": [{"question_id": kind, "value": 5}, {"question_id": overall, "value": 10}]})
    assert sent.status_code == 201, sent.json
    assert kiosk.get(f"/api/v1/ratings/ticket?number={number}").status_code == 200

    before = survey_rows(store)
    for attempt in (kiosk.get(f"/api/v1/survey/ticket?number={number}"),
                    kiosk.post("/api/v1/survey/responses", json={
                        "survey_id": survey["id"], "display_number": number, "answers": []})):
        assert attempt.status_code == 409 and attempt.json["error"] == "already_answered"
    assert survey_rows(store) == before

    response = store.one("SELECT * FROM survey_responses")
    assert set(response) == {"id", "survey_id", "token"}
    assert str(ticket["id"]) != response["token"] and number not in response["token"]
    assert len(response["token"]) == 64
    assert [(a["question_id"], a["value"]) for a in store.query(
        "SELECT * FROM survey_answers ORDER BY question_id")] == [(kind, 5), (overall, 10)]


def test_unserved_and_unknown_tickets_are_refused_as_for_rating(admin, kiosk, service_ids):
    make_survey(admin)
    from tests.test_api import take
    waiting = take(kiosk, service_ids["인감증명"])
    assert kiosk.get(f"/api/v1/survey/ticket?number={waiting['display_number']}"
                     ).json["error"] == "not_finished"
    assert kiosk.get("/api/v1/survey/ticket?number=Z-999").json["error"] == "not_found"


def test_without_a_running_survey_the_kiosk_is_told_so(kiosk, signed_in, service_ids):
    ticket, _ = served(kiosk, signed_in, service_ids["인감증명"])
    checked = kiosk.get(f"/api/v1/survey/ticket?number={ticket['display_number']}")
    assert checked.status_code == 404 and checked.json["error"] == "no_survey"


@pytest.mark.parametrize("answers", [
    [{"question_id": "first", "value": 6}],                # beyond agree5
    [{"question_id": "first", "value": 0}],
    [{"question_id": "second", "value": 3}],               # yes_no is 1 or 2
    [{"question_id": "third", "value": 11}],
    [{"question_id": "third", "value": "7"}],
    [{"question_id": "first", "value": 3}, {"question_id": "first", "value": 4}],
    [{"question_id": 9999, "value": 3}],
    [{"question_id": "first", "value": 3, "extra": 1}],
])
def test_bad_answers_are_refused_and_change_nothing(admin, kiosk, signed_in, service_ids,
                                                    store, answers):
    survey, ids = make_survey(admin)
    named = dict(zip(("first", "second", "third"), ids))
    ticket, _ = served(kiosk, signed_in, service_ids["인감증명"])
    before = survey_rows(store)
    body = {"survey_id": survey["id"], "display_number": ticket["display_number"],
            "answers": [{**a, "question_id": named.get(a["question_id"], a["question_id"])}
                        for a in answers]}
    refused = kiosk.post("/api/v1/survey/responses", json=body)
    assert 400 <= refused.status_code < 500 and refused.json["message"], refused.json
    assert survey_rows(store) == before
    # The same ticket may still answer properly.
    assert kiosk.post("/api/v1/survey/responses", json={**body, "answers": []}).status_code == 201


def test_a_question_with_answers_keeps_its_scale_and_stays(admin, kiosk, signed_in,
                                                         service_ids, store):
    survey, (kind, _, _) = make_survey(admin)
    ticket, _ = served(kiosk, signed_in, service_ids["인감증명"])
    kiosk.post("/api/v1/survey/responses", json={
        "survey_id": survey["id"], "display_number": ticket["display_number"],
        "answers": [{"question_id": kind, "value": 4}]})
    before = survey_rows(store)
    assert admin.patch(f"/api/v1/admin/survey-questions/{kind}",
                       json={"scale": "yes_no"}).status_code == 409
    assert admin.delete(f"/api/v1/admin/survey-questions/{kind}").status_code == 409
    assert survey_rows(store) == before
    assert admin.patch(f"/api/v1/admin/survey-questions/{kind}",
                       json={"texts": {"ko": "직원은 친절했습니까?"}}).status_code == 200


def test_summary_per_question_with_small_groups_hidden(admin, kiosk, signed_in, service_ids,
                                                       app):
    survey, (kind, again, overall) = make_survey(admin)
    # Four visitors: all rate kindness, three say whether they come again, two give 0-10.
    given = [(5, 1, 10), (4, 1, 6), (4, 2, None), (2, None, None)]
    for n, (k, a, o) in enumerate(given):
        ticket, _ = served(kiosk, signed_in, service_ids["인감증명"])
        answers = [{"question_id": q, "value": v} for q, v in ((kind, k), (again, a),
                                                               (overall, o)) if v is not None]
        assert kiosk.post("/api/v1/survey/responses", json={
            "survey_id": survey["id"], "display_number": ticket["display_number"],
            "answers": answers}).status_code == 201
    supervisor = signed_in("supervisor")
    summaries = supervisor.get("/api/v1/reports/surveys?site_id=1").json["surveys"]
    assert [s["survey_id"] for s in summaries] == [survey["id"]]
    summary = summaries[0]
    assert summary["responses"] == 4 and summary["min_group"] == ratings.MIN_GROUP == 3
    first, second, third = summary["questions"]
    assert (first["count"], first["mean"], first["distribution"]) == (
        4, 3.75, {"1": 0, "2": 1, "3": 0, "4": 2, "5": 1})
    assert (second["count"], second["mean"], second["distribution"]) == (
        3, None, {"1": 2, "2": 1})
    assert third["hidden"] and third["count"] is None and third["distribution"] is None
    assert third["mean"] is None

    exported = supervisor.get(f"/api/v1/reports/surveys/{survey['id']}/export")
    assert exported.status_code == 200 and exported.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(exported.data.decode("utf-8-sig"))))
    assert rows[1][:5] == ["1", "직원이 친절했습니까?", "5점 동의 / Agreement 1-5", "4", "3.75"]
    assert rows[1][5:11] == ["", "0", "1", "0", "2", "1"]
    assert rows[3][3:] == [""] * 13
    # Staff see no survey figures; another site's supervisor none of this one.
    assert signed_in("staff1").get("/api/v1/reports/surveys?site_id=1").status_code == 403
    assert signed_in("staff1").get(
        f"/api/v1/reports/surveys/{survey['id']}/export").status_code == 403
