"""Queue figures for a period, per site, service, counter or officer.

Every ticket of the period (by its local day) is counted once, in the group of the
service, counter and officer it ended with; every case (by its local day of receipt) in
the group of its service, officer and the counter of its visit. docs/reports.md says
what each figure counts; the times are minutes."""

from __future__ import annotations

import json
import math
import time
from collections import defaultdict

from ..infra.store import Store
from ..visitor.ratings import MIN_GROUP
from .periods import Period
from .targets import case_judgement, measured_on_cases, site_calendars, visit_within

GROUPS = ("site", "service", "counter", "officer")
# The ticket (and rating) column each grouping adds up by; feedback names its own.
_TICKET_COLUMN = {"site": "site_id", "service": "service_id", "counter": "counter_id",
                  "officer": "staff_id"}
_FEEDBACK_COLUMN = {"site": "f.site_id", "service": "t.service_id",
                    "counter": "f.about_counter_id", "officer": "f.about_staff_id"}
FEEDBACK_KINDS = ("complaint", "praise", "suggestion")


def p90(values: list[float]) -> float | None:
    """The 90th percentile by nearest rank: the smallest value that at least 90% of the
    values do not exceed (of 10 values, the 9th smallest)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


def _times(seconds: list[float]) -> dict:
    minutes = [s / 60 for s in seconds]
    return {"count": len(minutes),
            "mean": round(sum(minutes) / len(minutes), 1) if minutes else None,
            "p90": round(p90(minutes), 1) if minutes else None}


class _Group:
    def __init__(self):
        self.tickets = self.served = self.no_shows = self.cancelled = self.open = 0
        self.transfers = self.transferred = self.judged = self.within = 0
        self.waiting: list[float] = []
        self.walking: list[float] = []
        self.service: list[float] = []

    def add(self, t: dict, target: bool | None) -> None:
        self.tickets += 1
        status = t["status"]
        self.served += status == "done"
        self.no_shows += status == "no_show"
        self.cancelled += status == "cancelled"
        self.open += status not in ("done", "no_show", "cancelled")
        self.transfers += t["transfer_count"]
        self.transferred += t["transfer_count"] > 0
        if t["first_called_at"] is not None:
            self.waiting.append(max(0.0, t["first_called_at"] - t["arrival_at"]))
        if t["called_at"] is not None and t["started_at"] is not None:
            self.walking.append(max(0.0, t["started_at"] - t["called_at"]))
        if status == "done" and t["started_at"] is not None:
            self.service.append(max(0.0, t["finished_at"] - t["started_at"]))
        if target is not None:
            self.judged += 1
            self.within += target

    def view(self) -> dict:
        return {"tickets": self.tickets, "served": self.served, "no_shows": self.no_shows,
                "cancelled": self.cancelled, "open": self.open, "transfers": self.transfers,
                "transferred_tickets": self.transferred,
                "waiting": _times(self.waiting), "walking": _times(self.walking),
                "service": _times(self.service),
                "target": {"measure": "visits", "served": self.judged, "within": self.within,
                           "share": _share(self.within, self.judged)}}


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


class _Cases:
    """Cases of a group: how many, and how many were closed within the charter's target
    and within the Act's period (an open case past its due has missed both)."""

    def __init__(self):
        self.received = self.closed = self.open = self.overdue = 0
        self.judged = self.within_target = self.within_period = 0

    def add(self, case: dict, now: float) -> None:
        self.received += 1
        self.closed += case["status"] == "closed"
        self.open += case["status"] == "open"
        self.overdue += case["status"] == "open" and now > case["due_at"]
        judged = case_judgement(case, now)
        if judged is not None:
            self.judged += 1
            self.within_target += judged[0]
            self.within_period += judged[1]

    def view(self) -> dict:
        return {"measure": "cases", "received": self.received, "closed": self.closed,
                "open": self.open, "overdue": self.overdue, "judged": self.judged,
                "within_target": self.within_target,
                "share_target": _share(self.within_target, self.judged),
                "within_period": self.within_period,
                "share_period": _share(self.within_period, self.judged)}


def placeholders(ids: list[int]) -> str:
    return ", ".join("?" for _ in ids)


def labels(store: Store, group: str, keys) -> dict:
    """What a group is called in the report (Korean names: the console is Korean first)."""
    ids = [k for k in keys if k is not None]
    found: dict = {None: "지정 없음 · None"}
    if not ids:
        return found
    if group in ("site", "service"):
        table = "sites" if group == "site" else "services"
        for row in store.query(f"SELECT id, names FROM {table} WHERE id IN ({placeholders(ids)})", ids):
            found[row["id"]] = json.loads(row["names"]).get("ko", "")
    elif group == "counter":
        for row in store.query(f"SELECT id, number, names FROM counters WHERE id IN "
                               f"({placeholders(ids)})", ids):
            own = json.loads(row["names"]).get("ko")
            found[row["id"]] = f"{row['number']}번 창구" + (f" {own}" if own else "")
    else:
        for row in store.query(f"SELECT id, name FROM staff WHERE id IN ({placeholders(ids)})", ids):
            found[row["id"]] = row["name"]
    return found


def _ratings(store: Store, site_ids: list[int], period: Period, group: str) -> dict:
    column = _TICKET_COLUMN[group]
    found: dict = defaultdict(lambda: {"count": 0, "total": 0, "scores": {str(n): 0 for n in range(1, 6)}})
    for row in store.query(
            f"SELECT {column} AS key, score, count(*) AS n FROM ratings WHERE site_id IN "
            f"({placeholders(site_ids)}) AND day BETWEEN ? AND ? GROUP BY 1, 2",
            (*site_ids, period.first.isoformat(), period.last.isoformat())):
        entry = found[row["key"]]
        entry["count"] += row["n"]
        entry["total"] += row["score"] * row["n"]
        entry["scores"][str(row["score"])] = row["n"]
    return found


def _rating_view(entry: dict | None, group: str) -> dict:
    if not entry or not entry["count"]:
        return {"count": 0, "mean": None, "scores": None}
    if group == "officer" and entry["count"] < MIN_GROUP:
        # With so few, a mean would be one visitor's own answer (as in ratings.summary).
        return {"count": entry["count"], "mean": None, "scores": None}
    return {"count": entry["count"], "mean": round(entry["total"] / entry["count"], 2),
            "scores": entry["scores"]}


def _feedback(store: Store, sites: dict[int, str], period: Period, group: str) -> dict:
    found: dict = defaultdict(lambda: dict.fromkeys(FEEDBACK_KINDS, 0))
    for site_id, tz in sites.items():
        start, end = period.bounds(tz)
        for row in store.query(
                f"SELECT {_FEEDBACK_COLUMN[group]} AS key, f.kind, count(*) AS n "
                f"FROM feedback f LEFT JOIN tickets t ON t.id = f.ticket_id "
                f"WHERE f.site_id = ? AND f.created_at >= ? AND f.created_at < ? GROUP BY 1, 2",
                (site_id, start, end)):
            found[row["key"]][row["kind"]] += row["n"]
    return found


def _self_service(store: Store, site_ids: list[int], period: Period,
                  group: str) -> tuple[dict, dict]:
    """How often visitors offered the certificate machine or 정부24 went there, and how
    often they took a ticket anyway: per site or service, and in all (a choice has no
    counter or officer: those groupings show it in the total only)."""
    per_group = group in ("site", "service")
    key = f"{_TICKET_COLUMN[group]} AS key, " if per_group else ""
    found: dict = defaultdict(lambda: dict.fromkeys(("machine", "ticket"), 0))
    total = dict.fromkeys(("machine", "ticket"), 0)
    for row in store.query(
            f"SELECT {key}choice, sum(count) AS n FROM self_service_choices "
            f"WHERE site_id IN ({placeholders(site_ids)}) AND day BETWEEN ? AND ? "
            f"GROUP BY {'1, 2' if per_group else 'choice'}",
            (*site_ids, period.first.isoformat(), period.last.isoformat())):
        total[row["choice"]] += row["n"]
        if per_group:
            found[row["key"]][row["choice"]] += row["n"]
    return found, total


def _self_service_view(counts: dict | None) -> dict:
    counts = counts or {"machine": 0, "ticket": 0}
    return {**counts, "share_machine": _share(counts["machine"],
                                              counts["machine"] + counts["ticket"])}


_CASE_COLUMN = {"site": "c.site_id", "service": "c.service_id", "counter": "t.counter_id",
                "officer": "c.officer_staff_id"}


def _cases(store: Store, site_ids: list[int], period: Period, group: str,
           now: float) -> tuple[dict, "_Cases"]:
    found: dict = defaultdict(_Cases)
    total = _Cases()
    for case in store.query(
            f"SELECT {_CASE_COLUMN[group]} AS key, c.status, c.due_at, c.target_at, "
            f"c.closed_at FROM cases c JOIN tickets t ON t.id = c.ticket_id "
            f"WHERE c.site_id IN ({placeholders(site_ids)}) AND c.day BETWEEN ? AND ?",
            (*site_ids, period.first.isoformat(), period.last.isoformat())):
        found[case["key"]].add(case, now)
        total.add(case, now)
    return found, total


def figures(store: Store, site_ids: list[int], period: Period, group: str,
            now: float | None = None) -> dict:
    """The report: one row per group, and the totals of all of them. `now` decides which
    open cases are overdue."""
    now = time.time() if now is None else now
    sites = {r["id"]: r["timezone"] for r in store.query(
        f"SELECT id, timezone FROM sites WHERE id IN ({placeholders(site_ids)})", site_ids)}
    column = _TICKET_COLUMN[group]
    tickets = store.rows(
        f"SELECT id, site_id, service_id, counter_id, staff_id, status, arrival_at, "
        f"called_at, first_called_at, started_at, finished_at, transfer_count FROM tickets "
        f"WHERE site_id IN ({placeholders(site_ids)}) AND day BETWEEN ? AND ?",
        (*site_ids, period.first.isoformat(), period.last.isoformat()))
    services = {r["id"]: r for r in store.query(
        f"SELECT id, legal_period_unit, legal_period_value, target_ratio FROM services "
        f"WHERE site_id IN ({placeholders(site_ids)})", site_ids)}
    calendars = site_calendars(store, site_ids)

    groups: dict = defaultdict(_Group)
    total = _Group()
    for row in tickets:
        t = dict(zip(("id", "site_id", "service_id", "counter_id", "staff_id", "status",
                      "arrival_at", "called_at", "first_called_at", "started_at",
                      "finished_at", "transfer_count"), row))
        service = services[t["service_id"]]
        target = None
        # Services whose period outlasts a visit are judged on their cases instead.
        if t["status"] == "done" and not measured_on_cases(service):
            target = visit_within(calendars[t["site_id"]], service, t["arrival_at"],
                                  t["finished_at"])
        groups[t[column]].add(t, target)
        total.add(t, target)

    case_groups, case_total = _cases(store, site_ids, period, group, now)
    ratings = _ratings(store, site_ids, period, group)
    feedback = _feedback(store, sites, period, group)
    choices, all_choices = _self_service(store, site_ids, period, group)
    keys = set(groups) | set(case_groups) | set(ratings) | set(feedback) | set(choices)
    names = labels(store, group, keys)
    rows = []
    for key in sorted(keys, key=lambda k: (k is None, names.get(k, ""), k or 0)):
        # Which figure judges a service's processing period: its cases or its visits.
        measure = ({"measure": "cases" if measured_on_cases(services[key]) else "visits"}
                   if group == "service" and key in services else {})
        rows.append({"key": key, "label": names.get(key, str(key)), **measure,
                     **groups.get(key, _Group()).view(),
                     "cases": case_groups.get(key, _Cases()).view(),
                     "ratings": _rating_view(ratings.get(key), group),
                     "feedback": feedback.get(key, dict.fromkeys(FEEDBACK_KINDS, 0)),
                     "self_service": _self_service_view(choices.get(key))})
    all_ratings = {"count": 0, "total": 0, "scores": {str(n): 0 for n in range(1, 6)}}
    for entry in ratings.values():
        all_ratings["count"] += entry["count"]
        all_ratings["total"] += entry["total"]
        for score, n in entry["scores"].items():
            all_ratings["scores"][score] += n
    all_feedback = dict.fromkeys(FEEDBACK_KINDS, 0)
    for counts in feedback.values():
        for kind, n in counts.items():
            all_feedback[kind] += n
    return {"period": {"kind": period.kind, "label": period.label,
                       "from": period.first.isoformat(), "to": period.last.isoformat()},
            "group": group, "site_ids": sorted(site_ids), "rows": rows,
            "total": {"key": None, "label": "합계 · Total", **total.view(),
                      "cases": case_total.view(),
                      "ratings": _rating_view(all_ratings, "site"), "feedback": all_feedback,
                      "self_service": _self_service_view(all_choices)}}
