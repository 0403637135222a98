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
- a row found 'sending' at start-up (the server stopped mid-send) is the same case.

Addresses are never logged, and are removed from error texts before they are stored.
"""

from __future__ import annotations

import logging
from typing import Protocol

from ..infra.clock import Clock
from ..infra.store import Store
from . import mail
from .sms import NotDelivered, Uncertain, gateway_from_config

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
BACKOFF_SECONDS = 30      # then 60, 120, 240, 480: about 15 minutes in all
BACKOFF_MAX_SECONDS = 30 * 60
INTERRUPTED = "uncertain: the server stopped while sending; not sent again"


def backoff(attempts: int) -> float:
    """Seconds to wait after the `attempts`-th failed try."""
    return min(BACKOFF_SECONDS * 2 ** (attempts - 1), BACKOFF_MAX_SECONDS)


class Channel(Protocol):
    idempotent: bool

    def send(self, message: dict) -> str | None:
        """Deliver one message row; the provider's id, or None when only recorded.
        Raises NotDelivered or Uncertain."""


class SmsChannel:
    """The gateway the configuration names (server/visitor/sms.py), read at each send."""

    def __init__(self, config):
        self.config = config

    @property
    def idempotent(self) -> bool:
        return gateway_from_config(self.config).idempotent

    def send(self, message: dict) -> str | None:
        return gateway_from_config(self.config).send(
            message["address"], message["text"], message["idempotency_key"])


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
        row = self.store.one("SELECT min(next_attempt_at) AS at FROM notice_messages "
                             "WHERE status = 'queued'")
        return row["at"]

    def deliver_due(self) -> int:
        """Send every message due now; returns how many were tried."""
        tried = 0
        while (message := self._claim()) is not None:
            self._deliver(message)
            tried += 1
        return tried

    def _claim(self) -> dict | None:
        while True:
            with self.store.write() as tx:
                row = tx.one("SELECT * FROM notice_messages WHERE status = 'queued' "
                             "AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 1",
                             (self.clock.now(),))
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
        try:
            provider_id = channel.send(message)
        except NotDelivered as error:
            retry = error.temporary
            problem = str(error)
        except Uncertain as error:
            retry = channel.idempotent
            problem = f"uncertain: {error}"
        except Exception as error:  # a bug in a channel: nothing is known to have left
            log.exception("notice %s: %s channel failed", message["id"], message["channel"])
            retry, problem = False, f"uncertain: {type(error).__name__}"
        else:
            self._finish(message, "logged" if provider_id is None else "sent", provider_id)
            return
        problem = problem.replace(message["address"], "***")[:300]
        if retry and message["attempts"] < MAX_ATTEMPTS:
            with self.store.write() as tx:
                tx.execute("UPDATE notice_messages SET status = 'queued', next_attempt_at = ?, "
                           "last_error = ? WHERE id = ?",
                           (self.clock.now() + backoff(message["attempts"]), problem,
                            message["id"]))
            log.info("notice %s (%s): try %s failed, trying again later", message["id"],
                     message["channel"], message["attempts"])
        else:
            with self.store.write() as tx:
                tx.execute("UPDATE notice_messages SET status = 'failed', last_error = ? "
                           "WHERE id = ?", (problem, message["id"]))
            log.warning("notice %s (%s) failed after %s tries", message["id"],
                        message["channel"], message["attempts"])

    def _finish(self, message: dict, status: str, provider_id: str | None) -> None:
        with self.store.write() as tx:
            tx.execute("UPDATE notice_messages SET status = ?, provider_id = ?, sent_at = ?, "
                       "last_error = NULL WHERE id = ?",
                       (status, provider_id or None, self.clock.now(), message["id"]))
