"""Notices to visitors who asked for them at the kiosk (the charter: completion by SMS
and e-mail): "your turn is near", "you are called at counter N" and "thank you", with
the link to rate the handling.

The visitor gives a mobile number (and/or an e-mail address) with explicit consent; it
is kept for the ticket's day only and erased by the day-end purge (`purge_contacts`,
run by server/workers/housekeeping.py). It never enters the event log or the application log,
and is shown back only masked.

Deciding and sending stay out of the queue's transactions: the notice worker follows
the event log by sequence number after COMMIT (woken by the store's subscribers), writes
each decision to the outbox (server/visitor/outbox.py) in its own transaction, and
delivers from there. An event is never missed: the worker reads the log itself, from
the last sequence number it handled, so one published while it was busy or before a
restart is still read. A decision is never taken twice: the outbox keeps one row per
ticket, channel and occasion.
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
from typing import Callable

from ..infra.clock import local
from ..queue import QueueEngine
from ..queue import remote
from ..queue.errors import QueueError
from .phones import mask_phone, normalize_phone
from ..infra.store import Store, Transaction
from . import catalog
from .outbox import EmailChannel, Outbox, SmsChannel

log = logging.getLogger(__name__)

NEAR_AHEAD_DEFAULT = 3            # the site setting notice_near_ahead; 0 turns it off
NOTIFIABLE = ("waiting", "called", "held")
# The events a notice is decided on (besides "near", which any event may bring about).
DECIDED_ON = ("ticket.called", "ticket.finished", "ticket.held_aside", "ticket.no_show")
CURSOR_KEY = "notices_seq"        # app_settings: the last event the worker handled
BATCH = 500
IDLE_SECONDS = 30
GATHER_SECONDS = 0.1      # after an event, the others that follow it are awaited this long


# ---- the visitor's consent -------------------------------------------------------------

def mask_email(address: str) -> str:
    """v*****@example.org: enough to recognise, not to write to."""
    name, _, domain = address.partition("@")
    return f"{name[:1]}{'*' * max(len(name) - 1, 1)}@{domain}"


def near_ahead(site: dict) -> int:
    return int(site["settings"].get("notice_near_ahead", NEAR_AHEAD_DEFAULT))


def subscribe(engine: QueueEngine, ticket_id: int, *, device_id: int, consent: bool, lang: str,
              link_for: Callable[[str], str], phone: str | None = None,
              email: str | None = None) -> dict:
    """Keep the visitor's contact for this ticket's notices, until the end of its day: asked
    for at the kiosk that issued the ticket, with the visitor's consent. `link_for(code)`
    makes the address of the ticket's phone page that the notices carry."""
    ticket = engine.store.one("SELECT * FROM tickets WHERE id = ? AND issued_by_device_id = ?",
                              (ticket_id, device_id))
    if ticket is None:  # another kiosk's ticket is not this kiosk's to know about
        raise QueueError("not_found", f"No ticket {ticket_id} was issued here.", 404)
    if not consent:
        raise QueueError("consent_required", "A phone number or e-mail address is kept only "
                         "with the visitor's consent.", 400)
    if not phone and not email:
        raise QueueError("invalid_request", "Give a mobile phone number or an e-mail "
                         "address.", 400)
    digits = normalize_phone(phone, mobile=True) if phone else None
    site = engine.site(ticket["site_id"])
    with engine.store.write() as tx:
        row = engine.ticket(ticket["id"], tx)
        if row["status"] not in NOTIFIABLE or row["day"] != engine.today(site):
            raise QueueError("wrong_status", "Notices can be asked for only while the ticket "
                             "is waiting.", 409, status_now=row["status"])
        ahead = engine.people_ahead(row, tx) if row["status"] == "waiting" else 0
        _keep_contact(tx, row, lang, digits, email, link_for(row["public_code"]),
                      engine.clock.now(), ahead, device_id)
        kept = tx.one("SELECT phone, email FROM notice_contacts WHERE ticket_id = ?",
                      (row["id"],))
    return {"ticket_id": ticket["id"], "sms": mask_phone(kept["phone"]),
            "email": mask_email(kept["email"]) if kept["email"] else None,
            "kept_until": end_of_day(engine, site), "near_ahead": near_ahead(site)}


def _keep_contact(tx: Transaction, row: dict, lang: str, phone: str | None,
                  email: str | None, link: str | None, now: float, ahead: int,
                  device_id: int | None) -> None:
    tx.execute(
        "INSERT INTO notice_contacts (ticket_id, site_id, day, lang, phone, email, link, "
        "consent_at, ahead_at_consent, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (ticket_id) DO UPDATE SET lang = excluded.lang, "
        "phone = coalesce(excluded.phone, notice_contacts.phone), "
        "email = coalesce(excluded.email, notice_contacts.email), "
        "consent_at = excluded.consent_at",
        (row["id"], row["site_id"], row["day"], lang, phone, email, link, now, ahead,
         device_id))


def keep_remote_contact(engine: QueueEngine, ticket: dict, phone: str, lang: str) -> None:
    """The phone number a visitor gave with consent on the public page when taking a
    remote ticket (the relay refused it without): kept for the ticket's notices until
    the end of its day, like one given at a kiosk."""
    digits = normalize_phone(phone, mobile=True)
    with engine.store.write() as tx:
        row = engine.ticket(ticket["id"], tx)
        _keep_contact(tx, row, lang, digits, None, None, engine.clock.now(),
                      remote.position(engine, row, tx)["ahead"] or 0, None)


def end_of_day(engine: QueueEngine, site: dict) -> str:
    today = local(engine.clock.now(), site["timezone"]).replace(
        hour=23, minute=59, second=59, microsecond=0)
    return today.isoformat()


# ---- what to say -------------------------------------------------------------------------

def compose(kind: str, lang: str, site: dict, ticket: dict, **values) -> tuple[str, str]:
    """(subject, text) in the visitor's language. The text never holds the address."""
    words = catalog(lang)
    site_name = site["names"].get(lang) or site["names"]["ko"]
    key = f"notice.{kind}"
    if kind == "near" and ticket["status"] == "remote":
        key = "notice.near_remote"    # not here yet: come, and check in with the code
    elif kind == "near" and values.get("n") == 0:
        key = "notice.near_next"
    text = words[key].format(site=site_name, number=ticket["display_number"], **values)
    subject = words["notice.subject"].format(site=site_name, number=ticket["display_number"])
    return subject, text


def queue_notice(engine: QueueEngine, tx: Transaction, contact: dict, ticket: dict, kind: str,
                 occasion: str, *, message_day: str | None = None,
                 footer_key: str = "notice.footer", **values) -> int:
    """One outbox row per channel the visitor gave; an occasion already decided is not
    decided again. Returns how many rows were added. A message belongs to the ticket's
    day unless given another (a case's notice, weeks later): the day-end purge erases
    its address when that day is over."""
    site = engine.site(ticket["site_id"], tx)
    subject, text = compose(kind, contact["lang"], site, ticket, **values)
    # What filled the text: a KakaoTalk template's variables (server/visitor/providers/).
    params = json.dumps({"lang": contact["lang"], "kind": kind,
                         "site": site["names"].get("ko") or "",
                         "number": ticket["display_number"], **values}, ensure_ascii=False)
    added = 0
    for channel, address in (("sms", contact["phone"]), ("email", contact["email"])):
        if not address:
            continue
        body = text if channel == "sms" else \
            f"{text}\n\n{catalog(contact['lang'])[footer_key]}\n"
        added += tx.execute(
            "INSERT INTO notice_messages (ticket_id, site_id, day, channel, kind, "
            "occasion, address, subject, text, status, next_attempt_at, idempotency_key, "
            "created_at, params) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?) "
            "ON CONFLICT DO NOTHING",  # one row per ticket, channel and occasion
            (ticket["id"], ticket["site_id"], message_day or ticket["day"], channel, kind, occasion,
             address, subject if channel == "email" else "", body, engine.clock.now(),
             f"sunbeon-{secrets.token_hex(12)}", engine.clock.now(), params)).rowcount
    return added


def decide(engine: QueueEngine, tx: Transaction, events: list[dict]) -> int:
    """The notices these events call for. Each is checked against the ticket as it is
    now, so an event read again late (after a restart) sends nothing out of date."""
    added = 0
    sites = set()
    for event in events:
        if not event["type"].startswith(("ticket.", "counter.", "service.")):
            continue
        sites.add(event["site_id"])
        data = json.loads(event["data"])
        shown = data.get("ticket") or {}
        if event["type"] not in DECIDED_ON or not shown:
            continue
        contact = _contact(tx, shown["id"])
        if contact is None:
            continue
        ticket = engine.ticket(shown["id"], tx)
        if event["type"] == "ticket.called" and ticket["status"] == "called" \
                and data.get("counter"):
            added += queue_notice(engine, tx, contact, ticket, "called",
                                  f"called:{event['seq']}", counter=data["counter"]["number"])
        elif event["type"] == "ticket.finished" and ticket["status"] == "done":
            added += queue_notice(engine, tx, contact, ticket, "thanks", "thanks",
                                  link=contact["link"])
        elif event["type"] == "ticket.held_aside" and ticket["status"] == "remote":
            hold = engine.service(ticket["service_id"], tx)["remote_hold_minutes"]
            added += queue_notice(engine, tx, contact, ticket, "checkin_due", "checkin_due",
                                  code=ticket["checkin_code"], hold=hold)
        elif event["type"] == "ticket.no_show" and ticket["status"] == "no_show" \
                and ticket["channel"] == "remote" and ticket["checked_in_at"] is None:
            added += queue_notice(engine, tx, contact, ticket, "lapsed", "lapsed")
    for site_id in sites - {None}:
        added += _near(engine, tx, site_id)
    return added


def _contact(q, ticket_id: int) -> dict | None:
    return q.one("SELECT * FROM notice_contacts WHERE ticket_id = ? AND purged_at IS NULL",
                 (ticket_id,))


def _near(engine: QueueEngine, tx: Transaction, site_id: int) -> int:
    """The "your turn is near" notice, once, when the people ahead first drop to the
    site's N (and below what they were when the visitor asked); to a number taken from
    the phone and not checked in yet, with its check-in code."""
    site = engine.site(site_id, tx)
    limit = near_ahead(site)
    if limit <= 0:
        return 0
    added = 0
    for contact in tx.query(
            "SELECT c.* FROM notice_contacts c JOIN tickets t ON t.id = c.ticket_id "
            "WHERE c.site_id = ? AND c.day = ? AND c.purged_at IS NULL "
            "AND t.status IN ('waiting', 'remote') AND NOT EXISTS ("
            "SELECT 1 FROM notice_messages m WHERE m.ticket_id = c.ticket_id AND m.kind = 'near')",
            (site_id, engine.today(site))):
        ticket = engine.ticket(contact["ticket_id"], tx)
        ahead = engine.people_ahead(ticket, tx)
        if ahead <= limit and ahead < contact["ahead_at_consent"]:
            added += queue_notice(engine, tx, contact, ticket, "near", "near", n=ahead,
                                  code=ticket["checkin_code"])
    return added


# ---- the day-end purge -------------------------------------------------------------------

def purge_contacts(store: Store, engine: QueueEngine) -> dict:
    """Erase phone numbers, e-mail addresses and links of days that are over (each
    site's own day). Messages keep their text, status and counts. Idempotent."""
    counts = {"contacts": 0, "messages": 0}
    with store.write() as tx:
        for site in tx.query("SELECT id FROM sites"):
            today = engine.today(engine.site(site["id"], tx))
            counts["contacts"] += tx.execute(
                "UPDATE notice_contacts SET phone = NULL, email = NULL, link = NULL, "
                "purged_at = ? WHERE site_id = ? AND day < ? AND purged_at IS NULL",
                (engine.clock.now(), site["id"], today)).rowcount
            counts["messages"] += tx.execute(
                "UPDATE notice_messages SET address = NULL, status = CASE WHEN status = "
                "'queued' THEN 'failed' ELSE status END, last_error = CASE WHEN status = "
                "'queued' THEN 'expired' ELSE last_error END "
                "WHERE site_id = ? AND day < ? AND address IS NOT NULL",
                (site["id"], today)).rowcount
    return counts


# ---- the worker --------------------------------------------------------------------------

class NoticeService:
    """Follows the event log, decides notices and delivers the outbox, in one thread."""

    def __init__(self, store: Store, engine: QueueEngine, config,
                 due: tuple[Callable[[Store, QueueEngine], int], ...] = ()):
        self.store = store
        self.engine = engine
        # Notices that fall due with time rather than with an event (a case's interim
        # notice): each is asked to queue what is due on every round.
        self.due = due
        self.outbox = Outbox(store, engine.clock, {
            "sms": SmsChannel(config, store), "email": EmailChannel(config)})
        self._wakeup = threading.Event()
        self._stopping = threading.Event()
        self._drain = True
        self._thread: threading.Thread | None = None
        self.seq = 0

    def committed(self, events: list[dict]) -> None:
        """The store's subscriber: the worker reads the events from the log itself."""
        self._wakeup.set()

    def start(self) -> None:
        self.outbox.recover()
        stored = int(self.store.setting(CURSOR_KEY) or 0)
        # Contacts live for a day: events older than that cannot concern any of them.
        recent = self.store.one("SELECT min(seq) AS seq FROM events WHERE at >= ?",
                                (self.engine.clock.now() - 86400,))["seq"]
        last = self.store.one("SELECT coalesce(max(seq), 0) AS seq FROM events")["seq"]
        self.seq = max(stored, (recent - 1) if recent else last)
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="sunbeon-notices", daemon=True)
        self._thread.start()

    def stop(self, drain: bool) -> list[threading.Thread]:
        """End the worker after its round; when `drain`, one more round first, so that
        what was committed until now is decided and sent."""
        self._drain = drain
        self._stopping.set()
        self._wakeup.set()
        return [self._thread] if self._thread else []

    def wake(self) -> None:
        self._wakeup.set()

    def run_once(self) -> None:
        self.catch_up()
        for queue_due in self.due:
            queue_due(self.store, self.engine)
        self.outbox.deliver_due()
        self.outbox.poll_reports()

    def catch_up(self) -> int:
        """Decide on every event after the cursor; returns how many messages were queued."""
        added = 0
        while True:
            events = self.store.query("SELECT seq, type, site_id, data FROM events "
                                      "WHERE seq > ? ORDER BY seq LIMIT ?", (self.seq, BATCH))
            if not events:
                return added
            last = events[-1]["seq"]
            if self._concern_contacts(events):
                with self.store.write() as tx:
                    added += decide(self.engine, tx, events)
                    tx.execute("INSERT INTO app_settings (key, value) VALUES (?, ?) "
                               "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                               (CURSOR_KEY, str(last)))
            self.seq = last

    def _concern_contacts(self, events: list[dict]) -> bool:
        sites = {e["site_id"] for e in events if e["type"].startswith(
            ("ticket.", "counter.", "service.")) and e["site_id"] is not None}
        if not sites:
            return False
        marks = ",".join("?" * len(sites))
        return self.store.one(f"SELECT 1 AS yes FROM notice_contacts WHERE purged_at IS NULL "
                              f"AND site_id IN ({marks}) LIMIT 1", tuple(sites)) is not None

    def _sleep_seconds(self) -> float:
        due = self.outbox.next_due()
        if due is None:
            return IDLE_SECONDS
        return min(max(due - self.engine.clock.now(), 0.5), IDLE_SECONDS)

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                if self._wakeup.wait(self._sleep_seconds()):
                    # A burst of events (a busy kiosk) is decided in one round: a notice
                    # a moment later is still in time, and the requests keep the CPU.
                    self._stopping.wait(GATHER_SECONDS)
                self._wakeup.clear()
                if self._stopping.is_set() and not self._drain:
                    break
                self.run_once()
            except Exception:  # one bad row must not stop the notices
                log.exception("notice worker")
                self._stopping.wait(IDLE_SECONDS)
        self.store.close_thread_connection()
