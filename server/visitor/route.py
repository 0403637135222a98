"""The way to an office on the visitor's phone (/v/route), opened from the QR code on the
kiosk's office screen: the same route as the kiosk shows (from its place on the map, in
the visitor's language, with or without steps), its floors drawn and its steps listed.

The address says everything the page needs, so that it can be opened again later:
?from=<a place on the map: the kiosk's>&to=<a department>&lang=<l>&step_free=1."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from ..infra.languages import translation
from ..maps import wayfinding
from ..refusal import Refusal

ID = re.compile(r"[1-9][0-9]{0,9}")
STEP_FREE = {"1": True, "true": True, "0": False, "false": False, "": False}


class BadRoute(Exception):
    """An address the page cannot show a way for: malformed (400) or naming no place on
    the map (404)."""

    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


@dataclass(frozen=True)
class RouteAsked:
    start: int            # a place on the map (the kiosk's feature)
    department: int
    step_free: bool

    def query(self, lang: str, *, step_free: bool | None = None) -> str:
        """This route's query string in `lang`, or with the other step-free choice."""
        chosen = self.step_free if step_free is None else step_free
        params = {"from": self.start, "to": self.department, "lang": lang}
        if chosen:
            params["step_free"] = 1
        return urlencode(params)


def asked(args) -> RouteAsked:
    """The route a query string asks for; BadRoute(400) when it is not one."""
    start, department = args.get("from", ""), args.get("to", "")
    step_free = STEP_FREE.get(args.get("step_free", "").lower())
    if not (ID.fullmatch(start) and ID.fullmatch(department)) or step_free is None:
        raise BadRoute(400)
    return RouteAsked(int(start), int(department), step_free)


def shown(texts: dict | None, lang: str) -> dict:
    """A name in `lang`, else in Korean tagged as such (read with a Korean voice)."""
    own = translation(texts, lang)
    if own:
        return {"text": own, "lang": None}
    return {"text": translation(texts, "ko"), "lang": "ko" if lang != "ko" else None}


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

