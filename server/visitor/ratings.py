"""Ratings of the handling of a visitor's matter (the charter's promise 15).

One per finished ticket, from the phone page (by the ticket's private code) or from a
kiosk (by the number on the paper). A rating keeps the ticket's service, counter and
officer so that reports can add them up; no endpoint shows staff a single rating."""

from __future__ import annotations

import json
from datetime import date, timedelta

from ..infra.store import LANGUAGES
from ..queue import QueueEngine
from ..queue.errors import QueueError
from .catalogs import catalog

# The scale, in the order both the kiosk and the phone show it: 1 (매우 불만족) to 5
# (매우 만족).
SCORES = (1, 2, 3, 4, 5)
# The fixed reasons a visitor may tick.
REASONS = ("kind", "clear", "quick", "short_wait",
           "unkind", "unclear", "slow", "long_wait", "sent_elsewhere")
# A kiosk may rate only a ticket finished this recently: long enough to walk back to the
# lobby, short enough that typing other people's numbers later rates nothing.
KIOSK_WINDOW_SECONDS = 30 * 60
# Fewer ratings than this give an officer no line in the summary (see `summary`).
MIN_GROUP = 3


def scale() -> dict:
    """The scale's words and the reasons' words in every language. Their one source is the
    phone page's catalogs (rating.score.<n>, rating.reason.<reason>): the phone page shows
    them from there and the kiosk gets them here, through the API, so that both ask the
    same question in the same words and order."""
    return {"scores": [{"score": n, "names": {lang: catalog(lang)[f"rating.score.{n}"]
                                              for lang in LANGUAGES}} for n in SCORES],
            "reasons": [{"reason": reason,
                         "names": {lang: catalog(lang)[f"rating.reason.{reason}"]
                                   for lang in LANGUAGES}} for reason in REASONS]}


def state(engine: QueueEngine, ticket: dict) -> dict:
    """Whether the phone page should offer the rating, or thank for it."""
    given = engine.store.one("SELECT 1 AS yes FROM ratings WHERE ticket_id = ?",
                             (ticket["id"],)) is not None
    return {"allowed": ticket["status"] == "done" and not given, "given": given,
            "reasons": list(REASONS)}


def record(engine: QueueEngine, ticket: dict, score: int, reasons: list[str], *,
           channel: str, device_id: int | None = None) -> dict:
    """Store a rating; a second one for the same ticket is refused (409)."""
    unknown = sorted(set(reasons) - set(REASONS))
    if unknown:
        raise QueueError("invalid_request", f"Unknown reason: {unknown[0]}.", 400)
    if ticket["status"] != "done":
        raise QueueError("not_finished", "A ticket can be rated once its matter is done.", 409)
    with engine.store.write() as tx:
        if tx.one("SELECT 1 AS yes FROM ratings WHERE ticket_id = ?", (ticket["id"],)):
            raise QueueError("already_rated", "This ticket has already been rated.", 409)
        tx.insert("ratings", {
            "ticket_id": ticket["id"], "site_id": ticket["site_id"],
            "service_id": ticket["service_id"], "counter_id": ticket["counter_id"],
            "staff_id": ticket["staff_id"], "day": ticket["day"], "score": score,
            "reasons": json.dumps(sorted(set(reasons))), "channel": channel,
            "device_id": device_id, "created_at": engine.clock.now()})
    return {"score": score, "reasons": sorted(set(reasons))}


def record_at_kiosk(engine: QueueEngine, site_id: int, display_number: str, score: int,
                    reasons: list[str], *, device_id: int) -> dict:
    """A rating typed at a kiosk, by the number on the paper ticket."""
    return record(engine, ticket_for_kiosk(engine, site_id, display_number), score, reasons,
                  channel="kiosk", device_id=device_id)


def ticket_for_kiosk(engine: QueueEngine, site_id: int, display_number: str) -> dict:
    """Today's ticket with this number at the kiosk's site, if a kiosk may rate it now."""
    ticket = served_ticket_at_kiosk(engine, site_id, display_number)
    if engine.store.one("SELECT 1 AS yes FROM ratings WHERE ticket_id = ?", (ticket["id"],)):
        raise QueueError("already_rated", "This ticket has already been rated.", 409)
    return ticket


def served_ticket_at_kiosk(engine: QueueEngine, site_id: int, display_number: str) -> dict:
    """Today's ticket with this number at the kiosk's site, served and finished in the
    last KIOSK_WINDOW_SECONDS: the tickets a kiosk may rate or let answer the survey.

    Each refusal has its own code so that the kiosk can say why in plain words. They tell
    no more than the lobby board shows (whether a number was called and finished), and
    nothing about the visitor."""
    site = engine.site(site_id)
    today = engine.today(site)
    rows = engine.store.query(
        "SELECT * FROM tickets WHERE site_id = ? AND day = ? AND display_number = ?",
        (site_id, today, display_number))
    if not rows and engine.store.one(
            "SELECT 1 AS yes FROM tickets WHERE site_id = ? AND day < ? AND display_number = ? "
            "LIMIT 1", (site_id, today, display_number)):
        raise QueueError("expired", "Only today's tickets can be rated at a kiosk.", 404)
    if len(rows) != 1 or rows[0]["status"] in ("cancelled", "no_show"):
        raise QueueError("not_found", "No ticket to rate has this number today.", 404)
    ticket = rows[0]
    if ticket["status"] != "done":
        raise QueueError("not_finished", "A ticket can be rated once its matter is done.", 409)
    if ticket["finished_at"] < engine.clock.now() - KIOSK_WINDOW_SECONDS:
        raise QueueError("expired", "A kiosk rates tickets finished in the last 30 minutes.",
                         404)
    return ticket


def kiosk_view(engine: QueueEngine, ticket: dict) -> dict:
    """What the kiosk shows before the rating: the number, its service and counter."""
    counter = engine.counter(ticket["counter_id"]) if ticket["counter_id"] else None
    return {"display_number": ticket["display_number"],
            "service_names": engine.service(ticket["service_id"])["names"],
            "counter_number": counter["number"] if counter else None,
            "reasons": list(REASONS), "scale": scale()}


def summary(engine: QueueEngine, site_id: int, day_from: str | None = None,
            day_to: str | None = None) -> dict:
    """Counts and means per service, counter and officer, for supervisors and admins,
    from day_from to day_to (by default the 30 days up to the site's today).

    An officer's line needs at least MIN_GROUP ratings: with fewer, the mean would be
    one visitor's own answer."""
    today = date.fromisoformat(engine.today(engine.site(site_id)))
    day_to = day_to or today.isoformat()
    day_from = day_from or (today - timedelta(days=30)).isoformat()
    if day_from > day_to:
        raise QueueError("invalid_request", "Invalid query: from is after to.", 400)
    params = (site_id, day_from, day_to)
    where = "site_id = ? AND day BETWEEN ? AND ?"
    total = engine.store.one(
        f"SELECT count(*) AS count, round(avg(score), 2) AS mean FROM ratings WHERE {where}",
        params)

    def by(column: str, min_group: int = 1) -> list[dict]:
        return engine.store.query(
            f"SELECT {column} AS id, count(*) AS count, round(avg(score), 2) AS mean "
            f"FROM ratings WHERE {where} AND {column} IS NOT NULL GROUP BY {column} "
            f"HAVING count(*) >= ? ORDER BY {column}", (*params, min_group))

    reasons = {reason: 0 for reason in REASONS}
    for row in engine.store.query(f"SELECT reasons FROM ratings WHERE {where}", params):
        for reason in json.loads(row["reasons"]):
            reasons[reason] = reasons.get(reason, 0) + 1
    scores = {str(n): 0 for n in range(1, 6)}
    for row in engine.store.query(
            f"SELECT score, count(*) AS n FROM ratings WHERE {where} GROUP BY score", params):
        scores[str(row["score"])] = row["n"]
    return {"site_id": site_id, "from": day_from, "to": day_to, **total, "scores": scores,
            "reasons": reasons, "services": by("service_id"), "counters": by("counter_id"),
            "officers": by("staff_id", MIN_GROUP)}

