"""Request bodies and query strings the API accepts. Anything else is refused with 400."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ..infra.store import LANGUAGES

Id = Annotated[int, Field(strict=True, ge=1, le=2**53)]
QueryId = Annotated[int, Field(ge=1, le=2**53)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Query(BaseModel):
    model_config = ConfigDict(extra="forbid")


# The kiosk's language, sent with whatever issues a ticket there.
VisitLanguage = Annotated[Literal[LANGUAGES], Field(
    description="The kiosk's language: the paper ticket is printed in it and Korean, the "
                "ticket keeps it for this visit (the desk shows it, the board announces the "
                "call in it after Korean).")]


class TicketCreate(Body):
    service_id: Id
    priority: bool = Field(False, strict=True,
                           description="The visitor declared priority service (사회적 배려).")
    lang: VisitLanguage = "ko"


class CallTicket(Body):
    ticket_id: Id


class Finish(Body):
    outcome: Literal["resolved", "referred", "incomplete"] | None = None
    note: ShortText | None = None


class Transfer(Body):
    service_id: Id | None = None
    counter_id: Id | None = None
    staff_id: Id | None = None


class ReturnTicket(Body):
    counter_id: Id | None = Field(None, description="Defaults to the counter that held it.")


class OpenCounter(Body):
    service_ids: list[Id] | None = Field(None, max_length=100)
    take_over: bool = Field(False, strict=True,
                            description="Supervisors only: take a counter someone else has.")


class Login(Body):
    login: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=256)]


class SiteQuery(Query):
    site_id: QueryId | None = None


class EventsQuery(Query):
    since: Annotated[int, Field(ge=0, le=2**53)]


class TicketsQuery(Query):
    site_id: QueryId | None = None
    service_id: QueryId | None = None
    status: Literal["waiting", "called", "serving", "held", "done", "no_show",
                    "cancelled"] | None = None


class StaffQuery(Query):
    site_id: QueryId | None = None
    department_id: QueryId | None = None


class Presence(Body):
    presence: Literal["available", "away", "closed"]
    away_until: Annotated[str, StringConstraints(max_length=40)] | None = Field(
        None, description="When an away officer is back, ISO 8601 with offset.")


class Reprint(Body):
    device_id: Id | None = Field(None, description="A kiosk; defaults to the one that issued it.")


class PrinterSettings(Body):
    profile: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    connection: Annotated[str, StringConstraints(min_length=1, max_length=300)] = Field(
        description="usb://VID:PID, serial:///dev/ttyUSB0?baud=115200, tcp://HOST:9100, "
                    "cups://QUEUE or preview://FOLDER")
    mode: Literal["hybrid", "native", "image"] | None = None
