"""Every event type the server appends, in one table: its name, who hears it (rooms, as
named in server/audiences.py), the fields of its data, and what it means.

`Transaction.append_event` refuses a type that is not here, so a new event cannot be
added without saying who hears it and what it carries. docs/api.md's event table is
printed from this registry (`python -m server.events --markdown`) and a test keeps the
two equal. Plain data: storage, the engine and handlers may all import it."""

from __future__ import annotations

import sys
from dataclasses import dataclass

# Payload fields that many events share, described once.
TICKET_DATA = ("ticket", "counter", "queues")
COUNTER_DATA = ("counter", "queues")
TICKET_ROOMS = ("site:S", "supervisors:S", "admins", "service:X", "counter:C", "staff:ID")
COUNTER_ROOMS = ("site:S", "supervisors:S", "admins", "counter:C", "service:X")
WHOLE_SITE = ("site:S", "supervisors:S", "admins", "staffsite:S")
OVERSEERS = ("supervisors:S", "admins")

FIELDS = {
    "ticket": "the ticket as anyone may see it: no visitor data exists in it, and never its "
              "private link",
    "counter": "a counter: where the ticket is or was (null if none); for counter events, "
               "with `open` and `service_ids`",
    "queues": "for each service concerned: `service_id`, `waiting`, `estimated_minutes`, "
              "`availability`",
    "returned": "true on a call that brings back a held ticket",
    "service": "`id`, `names`, `paused`, `availability`",
    "what": "the kind of record: `site`, `department`, `service`, `counter`, `staff member`, "
            "`holiday`, `notice`, `page`, `device`, `map`, `sign video`",
    "id": "the record's id",
    "action": "`created`, `updated`, `deleted` or `revoked`",
    "part": "for a map: `level`, `feature`, `node` or `edge`",
    "staff": "the nameplate: name, duty, office phone, photo, presence, `away_until`, "
             "`counter_number`",
    "counter_id": "the counter the person is at, or just left",
    "help_request": "`kind` (`staff`, or `sign` for sign interpreting), device, floor, "
                    "place, `location` (where the kiosk stands, from the floor map), times; "
                    "`staff_name` once acknowledged",
    "job_id": "the print job", "ticket_id": "its ticket, if any",
    "kind": "`ticket`, `reprint` or `test`", "printer_id": "the printer",
    "reason": "why printing failed (a stable code)", "message": "in words",
    "device": "the kiosk's name", "state": "`ok`, `paper_near_end`, `paper_out`, "
                                           "`cover_open`, `offline`, `no_reply`, `unknown`",
    "alerts": "tickets waiting longer than the alert time: `ticket_id`, `display_number`, "
              "`service_id`, `arrived_at`, `waited_minutes`",
    "minutes": "the site's alert time",
    "appointment": "as from `/api/v1/appointments`, without its check-in code",
    "callback": "as from `/api/v1/callbacks`: the phone number only masked",
    "case": "as from `/api/v1/cases`, without its `contact`",
    "alarm": "as from `/api/v1/alarms`: the counter, its `place` on the floor map, who "
             "raised it and when, `status` (`open`, `cleared`, `false_alarm`), who ended it",
    "calm_notice": "the text the lobby boards show while an alarm is open, or null: it "
                   "never names a counter",
}


@dataclass(frozen=True)
class EventType:
    name: str
    rooms: tuple[str, ...]   # room patterns: S site, C counter, X service, ID person, D device
    data: tuple[str, ...]    # the fields of `data` (keys of FIELDS)
    meaning: str


def _ticket(name: str, meaning: str, extra: tuple[str, ...] = ()) -> EventType:
    return EventType(f"ticket.{name}", TICKET_ROOMS, TICKET_DATA + extra, meaning)


EVENT_TYPES = (
    _ticket("issued", "a kiosk (or staff) issued a number"),
    _ticket("called", "a counter called the ticket", ("returned",)),
    _ticket("recalled", "called again"),
    _ticket("started", "the visitor is being served"),
    _ticket("finished", "served"),
    _ticket("no_show", "marked absent after its call"),
    _ticket("restored", "an absent visitor is back in the queue, at its front"),
    _ticket("cancelled", "cancelled by staff or by the visitor"),
    _ticket("held", "set aside; the counter is free meanwhile"),
    _ticket("transferred", "sent to another service, counter or colleague"),
    _ticket("held_aside", "a number taken from the phone reached the front before its "
                          "visitor checked in: calls pass it by for its service's hold "
                          "minutes, then it lapses (`ticket.no_show`)"),
    EventType("ticket.returning", ("supervisors:S", "admins", "service:X", "counter:C",
                                   "staff:ID"), ("ticket",),
              "the visitor said on their phone that they are on their way back"),
    EventType("counter.opened", COUNTER_ROOMS, COUNTER_DATA, "an officer took the counter"),
    EventType("counter.updated", COUNTER_ROOMS, COUNTER_DATA,
              "the counter's services changed"),
    EventType("counter.closed", COUNTER_ROOMS, COUNTER_DATA, "the counter closed"),
    EventType("service.paused", ("site:S", "supervisors:S", "admins", "service:X"),
              ("service", "queues"), "kiosks stop issuing the service's numbers"),
    EventType("service.resumed", ("site:S", "supervisors:S", "admins", "service:X"),
              ("service", "queues"), "kiosks issue the service's numbers again"),
    EventType("config.changed", WHOLE_SITE + ("service:X", "counter:C", "device:D"),
              ("what", "id", "action", "queues", "part"),
              "an admin changed the site's configuration; screens read it again "
              "(`queues` for a service, `part` for a map; admins only for an admin "
              "without a site)"),
    EventType("staff.presence", WHOLE_SITE + ("counter:C",), ("staff", "counter_id"),
              "an officer's presence changed (available, away, closed)"),
    EventType("help.requested", ("staffsite:S", "supervisors:S", "admins", "device:D"),
              ("help_request",), "a kiosk called staff for help"),
    EventType("help.acknowledged", ("staffsite:S", "supervisors:S", "admins", "device:D"),
              ("help_request",), "staff are on their way; the kiosk says so"),
    EventType("help.closed", ("staffsite:S", "supervisors:S", "admins", "device:D"),
              ("help_request",), "the help request is over"),
    EventType("alarm.raised", ("staffsite:S", "supervisors:S", "admins"), ("alarm",),
              "an officer pressed the counter's silent bell (never to a public room)"),
    EventType("alarm.cleared", ("staffsite:S", "supervisors:S", "admins"), ("alarm",),
              "a supervisor cleared the alarm, or its officer took it back as a false alarm"),
    EventType("lobby.calm_notice", ("site:S",), ("calm_notice",),
              "the boards' calm notice begins or ends with a site's open alarms (if the "
              "site turns it on)"),
    EventType("print.done", OVERSEERS + ("device:D",),
              ("job_id", "ticket_id", "kind", "printer_id"), "a print job was printed"),
    EventType("print.failed", OVERSEERS + ("device:D",),
              ("job_id", "ticket_id", "kind", "printer_id", "reason", "message"),
              "a print job failed"),
    EventType("printer.status", OVERSEERS, ("printer_id", "device", "state", "message"),
              "a printer's state changed (paper, cover, connection)"),
    EventType("alert.waiting", OVERSEERS, ("alerts", "minutes"),
              "visitors have waited longer than the site's alert time"),
    EventType("appointment.booked", ("staff:ID",) + OVERSEERS, ("appointment",),
              "an appointment was booked (rooms: its officer and whoever booked it)"),
    EventType("appointment.cancelled", ("staff:ID",) + OVERSEERS, ("appointment",),
              "an appointment was cancelled"),
    EventType("appointment.missed", ("staff:ID",) + OVERSEERS, ("appointment",),
              "the visitor did not check in in time"),
    EventType("appointment.checked_in", ("staff:ID",) + OVERSEERS, ("appointment",),
              "the visitor checked in at a kiosk with the code"),
    EventType("callback.created", ("staff:ID",) + OVERSEERS, ("callback",),
              "a colleague recorded a promised call back (rooms: its owner and its author)"),
    EventType("callback.done", ("staff:ID",) + OVERSEERS, ("callback",),
              "the visitor was called back; the number is erased"),
    EventType("case.opened", ("staff:ID",) + OVERSEERS, ("case",),
              "a finished visit became a case with a legal period (room: its officer)"),
    EventType("case.closed", ("staff:ID",) + OVERSEERS, ("case",),
              "the case was closed with its outcome; the contact is erased"),
)

EVENTS = {event.name: event for event in EVENT_TYPES}


class UnknownEventType(ValueError):
    pass


def registered(type_: str) -> EventType:
    """The registered event type named `type_`; any other name is a programming error."""
    try:
        return EVENTS[type_]
    except KeyError:
        raise UnknownEventType(f"{type_!r} is not an event type of server/events.py: "
                               "register it there (rooms, data, meaning)") from None


def markdown() -> str:
    """docs/api.md's event tables: the types, then the fields of their data."""
    lines = ["| type | rooms | data | meaning |", "|---|---|---|---|"]
    for event in EVENT_TYPES:
        lines.append(f"| `{event.name}` | {', '.join(f'`{r}`' for r in event.rooms)} | "
                     f"{', '.join(f'`{f}`' for f in event.data)} | {event.meaning} |")
    lines += ["", "| data field | what it holds |", "|---|---|"]
    lines += [f"| `{name}` | {text} |" for name, text in FIELDS.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if sys.argv[1:] != ["--markdown"]:
        sys.exit("usage: python -m server.events --markdown")
    sys.stdout.write(markdown())
