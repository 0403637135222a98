"""The way to an office on the visitor's phone (/v/route), opened from the QR code on the
kiosk's office screen: the same route as the kiosk shows (from its place on the map, in
the visitor's language, with or without steps), its floors drawn and its steps listed.

The address says everything the page needs, so that it can be opened again later:
?from=<a place on the map: the kiosk's>&to=<a department>&lang=<l>&step_free=1
(server/public/route.py: the relay shows the same page at /live/<site>/route)."""

from __future__ import annotations

import json

from ..infra.languages import translation
from ..maps import wayfinding
from ..public.route import BadRoute, RouteAsked
from ..refusal import Refusal


def shown(texts: dict | None, lang: str) -> dict:
    """A name in `lang`, else in Korean tagged as such (read with a Korean voice)."""
    own = translation(texts, lang)
    if own:
        return {"text": own, "lang": None}
    return {"text": translation(texts, "ko"), "lang": "ko" if lang != "ko" else None}


def site_of(store, route: RouteAsked) -> int:
    """The site whose map holds the way's start; BadRoute(404) when none does."""
    try:
        return wayfinding.site_of_feature(store, route.start)
    except Refusal as refusal:
        raise BadRoute(404) from refusal


def view(store, route: RouteAsked, lang: str) -> dict:
    """What the page shows: the office (name, floor, room), where the way starts, and the
    way itself (`found`, `reason`, `steps` in `lang`, `drawing` for the floors walked on).
    BadRoute(404) when the start or the office is not on the map."""
    try:
        answer = wayfinding.route_from(store, from_device=None, from_feature=route.start,
                                       to_department=route.department, to_feature=None,
                                       step_free=route.step_free)
        site_id = wayfinding.site_of_feature(store, route.start)
    except Refusal as refusal:
        raise BadRoute(404) from refusal
    department = store.one("SELECT names, floor, rooms, room FROM departments WHERE id = ?",
                           (route.department,))
    site = store.one("SELECT names FROM sites WHERE id = ?", (site_id,))

    def names(row, column="names"):
        return json.loads(row[column]) if row and row[column] else {}

    rooms = names(department, "rooms") or ({"ko": department["room"]} if department["room"]
                                           else {})
    return {
        "site": shown(names(site), lang),
        "office": shown(names(department), lang),
        "floor": department["floor"],
        "room": shown(rooms, lang) if rooms else None,
        "start": shown(answer["from"]["names"], lang),
        "found": answer["found"],
        "reason": answer.get("reason"),
        "steps": [{"kind": step["kind"], **shown(step, lang)} for step in answer.get("steps", [])],
        "drawing": answer.get("drawing", []),
    }

