"""The way to an office on a phone: its address, the same on the internal server
(/v/route) and on the relay (/live/<site>/route), and what the internal server pushes of
it to the relay (docs/public.md, The way to an office).

The address says everything the page needs, so that it can be opened again later:
?from=<a place on the map: the kiosk's>&to=<a department>&lang=<l>&step_free=1."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from pydantic import Field, StringConstraints, field_validator

from .pushed import Strict, in_languages

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
    step_free = STEP_FREE.get(str(args.get("step_free", "")).lower())
    if not (ID.fullmatch(start) and ID.fullmatch(department)) or step_free is None:
        raise BadRoute(400)
    return RouteAsked(int(start), int(department), step_free)


# ---- what the relay takes of a route (bounded: nothing else of the map) ----------------

Text = Annotated[str, StringConstraints(max_length=300)]
Word = Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,30}$")]
Id = Annotated[int, Field(ge=1, le=9_999_999_999, strict=True)]




class Shown(Strict):
    """A name in the page's language, or in Korean tagged `lang: "ko"`."""
    text: Text
    lang: Word | None = None


class Step(Shown):
    kind: Word


class RouteText(Strict):
    """The way in one language: what the page writes (the drawing is shared)."""
    site: Shown
    office: Shown
    floor: Annotated[int, Field(ge=-20, le=200)]
    room: Shown | None
    start: Shown
    found: bool
    reason: Word | None
    steps: Annotated[list[Step], Field(max_length=100)]


class Floor(Strict):
    """One floor walked on, as routemap.js draws it: its plan is the blank one (the
    plan's image stays on the internal server)."""
    floor: Annotated[int, Field(ge=-20, le=200)]
    floor_name: dict[str, Text]
    label: dict[str, Text]
    svg: Annotated[str, StringConstraints(max_length=200_000)]

    _languages = field_validator("floor_name", "label")(in_languages)


class Way(Strict):
    """One route with one step-free choice: its drawing and its words in each language."""
    site: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
    start: Id
    department: Id
    step_free: bool
    drawing: Annotated[list[Floor], Field(max_length=12)]
    texts: dict[str, RouteText]

    _languages = field_validator("texts")(in_languages)

    def view(self, lang: str) -> dict:
        """What the route page shows in `lang` (route.html's `route`)."""
        return {**self.texts[lang].model_dump(), "drawing": [
            floor.model_dump() for floor in self.drawing]}
