"""The annual satisfaction summary: visitors' ratings, the kiosk's "was this information
useful?" answers and feedback, for one year."""

from __future__ import annotations

import json
from collections import Counter, defaultdict

from ..infra.store import Store
from ..visitor.ratings import REASONS
from .figures import FEEDBACK_KINDS, labels, placeholders
from .periods import period


def _scores(rows: list[dict]) -> dict:
    scores = {str(n): 0 for n in range(1, 6)}
    for row in rows:
        scores[str(row["score"])] += 1
    mean = round(sum(r["score"] for r in rows) / len(rows), 2) if rows else None
    return {"count": len(rows), "mean": mean, "scores": scores}


def satisfaction(store: Store, site_ids: list[int], year: int) -> dict:
    year_period = period("year", f"{year:04d}-01-01")
    first, last = year_period.first.isoformat(), year_period.last.isoformat()
    ratings = store.query(
        f"SELECT service_id, substr(day, 1, 7) AS month, score, reasons FROM ratings "
        f"WHERE site_id IN ({placeholders(site_ids)}) AND day BETWEEN ? AND ?", (*site_ids, first, last))
    by_month: dict = defaultdict(list)
    by_service: dict = defaultdict(list)
    reasons: Counter = Counter()
    for row in ratings:
        by_month[row["month"]].append(row)
        by_service[row["service_id"]].append(row)
        reasons.update(json.loads(row["reasons"]))
    service_names = labels(store, "service", by_service)

    answers = store.query(
        f"SELECT p.id, p.titles, sum(CASE WHEN a.satisfied = 1 THEN a.count ELSE 0 END) AS useful, "
        f"sum(a.count) AS answers FROM info_page_answers a JOIN info_pages p ON p.id = a.page_id "
        f"WHERE p.site_id IN ({placeholders(site_ids)}) AND a.day BETWEEN ? AND ? "
        f"GROUP BY p.id ORDER BY p.sort_order, p.id", (*site_ids, first, last))
    useful, answered = sum(a["useful"] for a in answers), sum(a["answers"] for a in answers)

    feedback = dict.fromkeys(FEEDBACK_KINDS, 0)
    grounds = {"unkindness": 0, "unfaithful": 0, "other": 0}
    for site_id, tz in ((r["id"], r["timezone"]) for r in store.query(
            f"SELECT id, timezone FROM sites WHERE id IN ({placeholders(site_ids)})", site_ids)):
        start, end = year_period.bounds(tz)
        for row in store.query("SELECT kind, ground, count(*) AS n FROM feedback WHERE "
                               "site_id = ? AND created_at >= ? AND created_at < ? "
                               "GROUP BY 1, 2", (site_id, start, end)):
            feedback[row["kind"]] += row["n"]
            if row["ground"]:
                grounds[row["ground"]] += row["n"]

    return {
        "year": year, "site_ids": sorted(site_ids),
        "ratings": _scores(ratings),
        "months": [{"month": f"{year:04d}-{m:02d}", **_scores(by_month.get(f"{year:04d}-{m:02d}", []))}
                   for m in range(1, 13)],
        "services": [{"key": key, "label": service_names.get(key, str(key)), **_scores(rows)}
                     for key, rows in sorted(by_service.items(),
                                             key=lambda item: -len(item[1]))],
        # Most ticked first; reasons nobody ticked are left out.
        "reasons": [{"reason": reason, "count": n} for reason, n in
                    sorted(reasons.items(), key=lambda item: (-item[1], REASONS.index(item[0])
                                                              if item[0] in REASONS else 99))],
        "kiosk_survey": {
            "answers": answered, "useful": useful,
            "share_useful": round(useful / answered, 3) if answered else None,
            "pages": [{"page_id": a["id"], "title": json.loads(a["titles"]).get("ko", ""),
                       "answers": a["answers"], "useful": a["useful"],
                       "share_useful": round(a["useful"] / a["answers"], 3)} for a in answers]},
        "feedback": {**feedback, "complaint_grounds": grounds},
    }
