"""The figures the internal server pushes, as the relay accepts them: counts, ranges and
hours of each site's services, nothing about any visitor (a field not named here is
refused, so nothing else can slip in)."""

from __future__ import annotations

from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from .messages import LANGUAGES

Code = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
Name = Annotated[str, StringConstraints(max_length=200)]
Moment = Annotated[str, StringConstraints(max_length=40)]  # ISO 8601 with its offset
Count = Annotated[int, Field(ge=0, le=100_000)]
Minutes = Annotated[int, Field(ge=0, le=100_000)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _names(value: dict) -> dict:
    if not value.get("ko") or set(value) - set(LANGUAGES):
        raise ValueError(f"names in {', '.join(LANGUAGES)}, Korean at least")
    return value


class Estimate(_Strict):
    minutes: Minutes | None
    low: Minutes | None
    high: Minutes | None


class Issuing(_Strict):
    open: bool
    reason: Literal["paused", "holiday", "outside_hours", "cap_reached"] | None
    next_open_at: Moment | None


class Office(_Strict):
    open: bool
    next_open_at: Moment | None


class Service(_Strict):
    id: int
    names: dict[str, Name]
    waiting: Count
    estimate: Estimate
    open_counters: Count
    issuing: Issuing

    _names = field_validator("names")(_names)


class Site(_Strict):
    code: Code
    names: dict[str, Name]
    timezone: Annotated[str, StringConstraints(max_length=60)]
    office: Office
    services: Annotated[list[Service], Field(max_length=200)]

    _names = field_validator("names")(_names)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("an IANA time zone, e.g. Asia/Seoul") from None
        return value


class Push(_Strict):
    version: Literal[1]
    generated_at: float
    sites: Annotated[list[Site], Field(max_length=100)]
