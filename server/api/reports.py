"""Reports (/api/v1/reports...): queue figures per period and group, and the annual
satisfaction summary, as JSON or as CSV for Excel. Admins see any site (or all of them
together); supervisors their own site; nobody else."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from flask import Response, jsonify
from pydantic import Field, StringConstraints

from .. import reports
from ..auth import Principal, require_principal, require_supervisor
from ..infra.clock import local_day
from ..reports.export import figures_csv, satisfaction_csv, survey_csv
from ..reports.reading import every_site, figures_for, sites_label
from ..visitor import surveys
from . import schemas as s
from .routes import api, engine, resolve_site, store

Day = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]


class ReportQuery(s.Query):
    site_id: s.QueryId | None = Field(
        None, description="Defaults to your own site; admins who leave it out get every site.")
    period: Literal["day", "week", "month", "year"] = Field(
        "day", description="A local day, an ISO week (Monday to Sunday), a month or a year.")
    date: Day | None = Field(None, description="Any day in the period (YYYY-MM-DD); "
                                               "defaults to today.")
    group: Literal["site", "service", "counter", "officer"] = "service"


class SatisfactionQuery(s.Query):
    site_id: s.QueryId | None = Field(
        None, description="Defaults to your own site; admins who leave it out get every site.")
    year: Annotated[int, Field(ge=2000, le=2100)] | None = Field(
        None, description="Defaults to this year.")


def _readable_sites(site_id: int | None) -> tuple[Principal, list[int]]:
    """The sites the caller asked for and may read, or a refusal."""
    principal = require_principal()
    if site_id is None and principal.is_admin:
        return principal, every_site(store())
    site_id = resolve_site(site_id)
    require_supervisor(site_id, "Only administrators and this site's supervisors see its reports.")
    return principal, [site_id]


def _today(site_ids: list[int]) -> date:
    return local_day(engine().clock.now(), engine().site(site_ids[0])["timezone"])


def _report(query: ReportQuery) -> tuple[dict, list[int]]:
    principal, site_ids = _readable_sites(query.site_id)
    period = reports.period(query.period, query.date or _today(site_ids))
    return figures_for(store(), principal.id, site_ids, period, query.group,
                       now=engine().clock.now()), site_ids


def _csv(content: bytes, name: str) -> Response:
    return Response(content, mimetype="text/csv", headers={
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="{name}.csv"'})


@api.route("/reports", auth="supervisor", query=ReportQuery, tag="reports",
           summary="Queue figures for a day, week, month or year per site, service, counter "
                   "or officer: tickets, waiting, walking and service times, no-shows, "
                   "transfers, share within target, ratings, feedback (supervisors, admins)")
def report(query: ReportQuery):
    figures, _ = _report(query)
    return jsonify(report=figures)


@api.route("/reports/export", auth="supervisor", query=ReportQuery, tag="reports",
           summary="The same figures as a CSV file for Excel (UTF-8 with BOM)")
def report_export(query: ReportQuery):
    figures, site_ids = _report(query)
    name = f"sunbeon-report-{sites_label(store(), site_ids)}-{figures['period']['label']}-{query.group}"
    return _csv(figures_csv(figures), name)


def _satisfaction(query: SatisfactionQuery) -> tuple[dict, list[int]]:
    _, site_ids = _readable_sites(query.site_id)
    year = query.year or _today(site_ids).year
    return reports.satisfaction(store(), site_ids, year), site_ids


@api.route("/reports/satisfaction", auth="supervisor", query=SatisfactionQuery, tag="reports",
           summary="The annual satisfaction summary: ratings by month and service, top "
                   "reasons, the kiosk's \"was this useful?\" answers, feedback counts")
def satisfaction_summary(query: SatisfactionQuery):
    summary, _ = _satisfaction(query)
    return jsonify(summary=summary)


@api.route("/reports/satisfaction/export", auth="supervisor", query=SatisfactionQuery, tag="reports",
           summary="The annual satisfaction summary as a CSV file for Excel (UTF-8 with BOM)")
def satisfaction_export(query: SatisfactionQuery):
    summary, site_ids = _satisfaction(query)
    return _csv(satisfaction_csv(summary),
                f"sunbeon-satisfaction-{sites_label(store(), site_ids)}-{summary['year']}")


class SurveysQuery(s.Query):
    site_id: s.QueryId | None = Field(None, description="Defaults to your own site.")


@api.route("/reports/surveys", auth="supervisor", query=SurveysQuery, tag="reports",
           summary="The site's satisfaction surveys, newest first, each summed up per question: "
                   "answers, how many chose each value, the mean (questions answered by too "
                   "few visitors show no figures)")
def survey_summaries(query: SurveysQuery):
    site_id = resolve_site(query.site_id)
    require_supervisor(site_id, "Only administrators and this site's supervisors see its reports.")
    rows = store().query("SELECT id FROM surveys WHERE site_id = ? AND active = 1 "
                         "ORDER BY starts_on DESC, id DESC", (site_id,))
    return jsonify(surveys=[surveys.summary(store(), r["id"]) for r in rows])


@api.route("/reports/surveys/<int:survey_id>/export", auth="supervisor", tag="reports",
           summary="One survey's summary as a CSV file for Excel (UTF-8 with BOM)")
def survey_export(survey_id: int):
    summary = surveys.summary(store(), survey_id)
    require_supervisor(summary["site_id"],
                       "Only administrators and this site's supervisors see its reports.")
    return _csv(survey_csv(summary), f"sunbeon-survey-{survey_id}-{summary['starts_on']}")
