"""The figures the internal server pushes, as the relay accepts them: counts, ranges and
hours of each site's services, nothing about any visitor (a field not named here is
refused, so nothing else can slip in)."""

from __future__ import annotations

from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, StringConstraints, field_validator

from .pushed import Strict, in_languages
from .route import Way

Code = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
Name = Annotated[str, StringConstraints(max_length=200)]
Moment = Annotated[str, StringConstraints(max_length=40)]  # ISO 8601 with its offset
Count = Annotated[int, Field(ge=0, le=100_000)]
Minutes = Annotated[int, Field(ge=0, le=100_000)]




class Estimate(Strict):
    minutes: Minutes | None
    low: Minutes | None
    high: Minutes | None


class Issuing(Strict):
    open: bool
    reason: Literal["paused", "holiday", "outside_hours", "cap_reached"] | None
    next_open_at: Moment | None


class Office(Strict):
    open: bool
    next_open_at: Moment | None


class Service(Strict):
    id: int
    names: dict[str, Name]
    waiting: Count
    estimate: Estimate
    open_counters: Count
    issuing: Issuing
    remote: bool = False     # numbers are taken from the phone now (docs/public.md)

    _names = field_validator("names")(in_languages)


class Site(Strict):
    code: Code
    names: dict[str, Name]
    timezone: Annotated[str, StringConstraints(max_length=60)]
    office: Office
    services: Annotated[list[Service], Field(max_length=200)]
    # The key of the site's entrance QR code (link.entrance_key): kept by the relay, never
    # shown on a page or in the feed.
    entrance_key: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{24}$")] | None = None

    _names = field_validator("names")(in_languages)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("an IANA time zone, e.g. Asia/Seoul") from None
        return value


Token = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{16,64}$")]
REFUSALS = Literal["remote_off", "paused", "cap_reached", "outside_hours", "holiday",
                   "not_reached_today", "share_used", "invalid"]


class Answer(Strict):
    """The internal server's answer to one phone page's request, for that page alone
    (by its random token): its number and check-in code, where it stands, or why not."""
    token: Token
    service_id: int
    state: Literal["refused", "not_checked_in", "held_aside", "waiting", "called", "done",
                   "lapsed", "cancelled"]
    display_number: Annotated[str, StringConstraints(max_length=20)] | None = None
    checkin_code: Annotated[str, StringConstraints(max_length=12)] | None = None
    ahead: Count | None = None
    estimate: Estimate | None = None
    hold_minutes: Annotated[int, Field(ge=0, le=1000)] | None = None
    reason: REFUSALS | None = None


class Push(Strict):
    version: Literal[1]
    generated_at: float
    sites: Annotated[list[Site], Field(max_length=100)]
    answers: Annotated[list[Answer], Field(max_length=10_000)] = []
    # Ways to offices the kiosks showed a QR code for (route.Way), each pushed once a day.
    routes: Annotated[list[Way], Field(max_length=40)] = []
