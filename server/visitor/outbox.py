"""The outbox of notices to visitors: every message is a row (server/infra/store.py,
notice_messages) before anything is sent, and one worker delivers the rows.

A message is sent at most once:
- a row is claimed ('queued' -> 'sending', attempts + 1) in a transaction before the
  gateway is called, so two workers never send the same row;
- a failure that certainly did not deliver (refused, HTTP 5xx/429, SMTP 4xx) is tried
  again later, with exponential backoff, up to MAX_ATTEMPTS;
- an uncertain failure (no answer after the request went) is tried again only on a
  channel whose provider deduplicates by the message's key (`idempotent`); otherwise
  the row fails as 'uncertain' and is never sent again;
- a row found 'sending' at start-up (the server stopped mid-send) is the same case;
- a provider's "not before N seconds" (HTTP 429 Retry-After) is honoured.

A message a provider accepted is followed to its delivery: the provider's result API is
asked (`poll_reports`, every REPORT_EVERY_SECONDS) until it says delivered or failed, and
by which way (알림톡, or SMS/LMS after a failover); after REPORT_GIVE_UP_SECONDS it is
'unknown'.

Addresses are never logged, and are removed from error texts before they are stored.
"""

from __future__ import annotations

import json
import logging
from typing import Protocol

from ..infra.clock import Clock
from ..infra.store import Store
from . import mail
from .providers import Notice, Report
from .providers.settings import provider_from
from .sms import NotDelivered, Uncertain, gateway_from_config

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
BACKOFF_SECONDS = 30      # then 60, 120, 240, 480: about 15 minutes in all
BACKOFF_MAX_SECONDS = 30 * 60
INTERRUPTED = "uncertain: the server stopped while sending; not sent again"
REPORT_FIRST_SECONDS = 10   # a provider knows a delivery within seconds, mostly
REPORT_EVERY_SECONDS = 60
REPORT_GIVE_UP_SECONDS = 24 * 3600
REPORT_BATCH = 100
DUE_NOW = "status = 'queued' AND next_attempt_at <= ?"   # a message to send now


def backoff(attempts: int) -> float:
    """Seconds to wait after the `attempts`-th failed try."""
    return min(BACKOFF_SECONDS * 2 ** (attempts - 1), BACKOFF_MAX_SECONDS)


class Channel(Protocol):
    idempotent: bool

    def send(self, message: dict) -> str | None:
        """Deliver one message row; the provider's id, or None when only recorded.
        Raises NotDelivered or Uncertain."""


class SmsChannel:
    """The provider the admin console set (server/visitor/providers/: 알림톡 and SMS/LMS),
    or else the generic gateway the server's configuration names (server/visitor/sms.py);
    read at each send, so a change applies to the next message."""

    def __init__(self, config, store: Store | None = None):
        self.config = config
        self.store = store

    def _provider(self):
        return provider_from(self.store, self.config) if self.store is not None else None

    @property
    def idempotent(self) -> bool:
        provider = self._provider()
        return (provider or gateway_from_config(self.config)).idempotent

    def send(self, message: dict) -> str | None:
        provider = self._provider()
        if provider is None:
            return gateway_from_config(self.config).send(
                message["address"], message["text"], message["idempotency_key"])
        return provider.send(Notice(to=message["address"], text=message["text"],
                                    kind=message["kind"], key=message["idempotency_key"],
                                    params=json.loads(message.get("params") or "{}")))

    def reports(self, message: dict) -> bool:
        """Whether the message's delivery can be asked after (a provider's own id)."""
        return bool(message.get("provider_id")) and self._provider() is not None

    def report(self, message: dict) -> Report | None:
        provider = self._provider()
        return provider.report(message["provider_id"]) if provider else None


class EmailChannel:
    """SMTP (server/visitor/mail.py). Not idempotent: SMTP cannot say whether a message
    that timed out was accepted, so such a message is not sent again."""

    idempotent = False

    def __init__(self, config):
        self.config = config

    def send(self, message: dict) -> str | None:
        if not mail.configured(self.config):
            return None
        try:
            mail.send(self.config, message["address"], message["subject"], message["text"])
        except mail.MailUnavailable as error:
            if error.uncertain:
                raise Uncertain(str(error)) from error
            raise NotDelivered(str(error), temporary=error.temporary) from error
        return ""


class Outbox:
    def __init__(self, store: Store, clock: Clock, channels: dict[str, Channel]):
        self.store = store
        self.clock = clock
        self.channels = channels

    def recover(self) -> None:
        """Rows a previous run left 'sending': retried only where a resend is harmless."""
        with self.store.write() as tx:
            for row in tx.query("SELECT id, channel FROM notice_messages "
                                "WHERE status = 'sending'"):
                if self.channels[row["channel"]].idempotent:
                    tx.execute("UPDATE notice_messages SET status = 'queued', "
                               "next_attempt_at = ? WHERE id = ?", (self.clock.now(), row["id"]))
                else:
                    tx.execute("UPDATE notice_messages SET status = 'failed', last_error = ? "
                               "WHERE id = ?", (INTERRUPTED, row["id"]))

    def next_due(self) -> float | None:
        """When a message is next to be sent or its delivery asked after."""
        row = self.store.one(
            "SELECT (SELECT min(next_attempt_at) FROM notice_messages WHERE status = 'queued') "
            "AS send_at, (SELECT min(report_due_at) FROM notice_messages "
            "WHERE delivery = 'pending') AS report_at")
        due = [at for at in (row["send_at"], row["report_at"]) if at is not None]
        return min(due) if due else None

    def deliver_due(self) -> int:
        """Send every message due now; returns how many were tried."""
        tried = 0
        while (message := self._claim()) is not None:
            self._deliver(message)
            tried += 1
        return tried

    def _claim(self) -> dict | None:
        while True:
            # Read first: the worker looks after every event, and mostly nothing is due;
            # a write transaction would take the write lock from the requests for nothing.
            if self.store.one(f"SELECT 1 AS due FROM notice_messages WHERE {DUE_NOW} LIMIT 1",
                              (self.clock.now(),)) is None:
                return None
            with self.store.write() as tx:
                row = tx.one(f"SELECT * FROM notice_messages WHERE {DUE_NOW} "
                             "ORDER BY next_attempt_at, id LIMIT 1", (self.clock.now(),))
                if row is None:
                    return None
                if row["address"] is None:  # its day is over and the address erased
                    tx.execute("UPDATE notice_messages SET status = 'failed', "
                               "last_error = 'expired' WHERE id = ?", (row["id"],))
                    continue
                tx.execute("UPDATE notice_messages SET status = 'sending', "
                           "attempts = attempts + 1 WHERE id = ?", (row["id"],))
                return {**row, "attempts": row["attempts"] + 1}

    def _deliver(self, message: dict) -> None:
        channel = self.channels[message["channel"]]
        wait = backoff(message["attempts"])
        try:
            provider_id = channel.send(message)
        except NotDelivered as error:
            retry = error.temporary
            problem = str(error)
            wait = max(wait, error.retry_after or 0)
        except Uncertain as error:
            retry = channel.idempotent if error.resend_safe is None else error.resend_safe
            problem = f"uncertain: {error}"
        except Exception as error:  # a bug in a channel: nothing is known to have left
            log.exception("notice %s: %s channel failed", message["id"], message["channel"])
            retry, problem = False, f"uncertain: {type(error).__name__}"
        else:
            self._finish(message, "logged" if provider_id is None else "sent", provider_id,
                         reports=provider_id is not None and _reports(channel, message,
                                                                      provider_id))
            return
        problem = problem.replace(message["address"], "***")[:300]
        if retry and message["attempts"] < MAX_ATTEMPTS:
            with self.store.write() as tx:
                tx.execute("UPDATE notice_messages SET status = 'queued', next_attempt_at = ?, "
                           "last_error = ? WHERE id = ?",
                           (self.clock.now() + wait, problem, message["id"]))
            log.info("notice %s (%s): try %s failed, trying again later", message["id"],
                     message["channel"], message["attempts"])
        else:
            with self.store.write() as tx:
                tx.execute("UPDATE notice_messages SET status = 'failed', last_error = ? "
                           "WHERE id = ?", (problem, message["id"]))
            log.warning("notice %s (%s) failed after %s tries", message["id"],
                        message["channel"], message["attempts"])

    def _finish(self, message: dict, status: str, provider_id: str | None, *,
                reports: bool = False) -> None:
        now = self.clock.now()
        with self.store.write() as tx:
            tx.execute("UPDATE notice_messages SET status = ?, provider_id = ?, sent_at = ?, "
                       "last_error = NULL, delivery = ?, report_due_at = ? WHERE id = ?",
                       (status, provider_id or None, now, "pending" if reports else None,
                        now + REPORT_FIRST_SECONDS if reports else None, message["id"]))

    def poll_reports(self) -> int:
        """Ask the providers what became of the messages they accepted; returns how
        many were settled (delivered, failed or given up)."""
        now = self.clock.now()
        settled = 0
        for message in self.store.query(
                "SELECT id, channel, provider_id, sent_at FROM notice_messages "
                "WHERE delivery = 'pending' AND report_due_at <= ? ORDER BY report_due_at "
                "LIMIT ?", (now, REPORT_BATCH)):
            channel = self.channels[message["channel"]]
            try:
                report = channel.report(message)
            except (NotDelivered, Uncertain) as error:  # asked again at the next round
                log.info("notice %s: no delivery report yet (%s)", message["id"],
                         type(error).__name__)
                report = None
            with self.store.write() as tx:
                if report is not None:
                    tx.execute("UPDATE notice_messages SET delivery = ?, delivered_via = ?, "
                               "delivery_detail = ?, report_due_at = NULL WHERE id = ?",
                               (report.state, report.via, report.detail[:300] or None,
                                message["id"]))
                    settled += 1
                elif now - (message["sent_at"] or now) >= REPORT_GIVE_UP_SECONDS:
                    tx.execute("UPDATE notice_messages SET delivery = 'unknown', "
                               "report_due_at = NULL WHERE id = ?", (message["id"],))
                    settled += 1
                else:
                    tx.execute("UPDATE notice_messages SET report_due_at = ? WHERE id = ?",
                               (now + REPORT_EVERY_SECONDS, message["id"]))
        return settled


def _reports(channel, message: dict, provider_id: str) -> bool:
    asks = getattr(channel, "reports", None)
    return bool(asks and asks({**message, "provider_id": provider_id}))
