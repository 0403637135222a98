"""Text messages to visitors' mobile phones, through an SMS gateway.

A gateway is anything with `send(to, text, key) -> provider id` and an `idempotent`
flag. `key` is the message's own stable key, the same on every try: a gateway that
passes it to a provider which deduplicates by it (`idempotent = True`) may be tried
again after an uncertain failure without the visitor getting the text twice.

Failures are told apart because the outbox (server/visitor/outbox.py) acts on them:
`NotDelivered` means the message certainly did not leave (connection refused, HTTP 5xx
or 429, or a refusal); `Uncertain` means it may have (a timeout after the request went).

Configured by SUNBEON_SMS_URL, SUNBEON_SMS_KEY, SUNBEON_SMS_SENDER and optionally
SUNBEON_SMS_TIMEOUT (seconds, 10). Without a URL messages are only recorded (the demo).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Protocol

# An SMS holds 90 bytes in the Korean code page; a longer text goes as an LMS.
SMS_BYTES = 90


class NotDelivered(Exception):
    """The message certainly did not leave; `temporary`: a later try may work, not before
    `retry_after` seconds when the provider said so (HTTP 429 Retry-After)."""

    def __init__(self, message: str, *, temporary: bool, retry_after: float | None = None):
        super().__init__(message)
        self.temporary = temporary
        self.retry_after = retry_after


class Uncertain(Exception):
    """The request went out and no answer came: the message may have been delivered.
    `resend_safe` overrides the channel's `idempotent` for this one request (a provider
    that deduplicates some of its APIs by key, for a while)."""

    def __init__(self, message: str, *, resend_safe: bool | None = None):
        super().__init__(message)
        self.resend_safe = resend_safe


class SmsGateway(Protocol):
    idempotent: bool

    def send(self, to: str, text: str, key: str) -> str | None:
        """Hand one text to the provider; its message id, or None when only recorded."""


class RecordOnlyGateway:
    """No gateway configured: the outbox records each message as 'logged', unsent."""

    idempotent = True

    def send(self, to: str, text: str, key: str) -> str | None:
        return None


class HttpSmsGateway:
    """A JSON POST in the shape Korean SMS providers use:

        POST {url}
        Authorization: Bearer {api key}
        Idempotency-Key: {key}
        {"message": {"to": "01012345678", "from": "0413503524", "text": "...",
                     "type": "SMS" | "LMS", "messageKey": "{key}"}}

    answered by 2xx with {"messageId": "..."} (or "id"). Most providers offer such an
    endpoint directly or through a small relay."""

    idempotent = True

    def __init__(self, url: str, api_key: str, sender: str, timeout: float = 10.0):
        self.url = url
        self.api_key = api_key
        self.sender = sender
        self.timeout = timeout

    def send(self, to: str, text: str, key: str) -> str | None:
        body = json.dumps({"message": {"to": to, "from": self.sender, "text": text,
                                       "type": message_type(text), "messageKey": key}},
                          ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(self.url, data=body, method="POST", headers={
            "Content-Type": "application/json; charset=utf-8", "Accept": "application/json",
            "Authorization": f"Bearer {self.api_key}", "Idempotency-Key": key})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            temporary = error.code >= 500 or error.code == 429
            raise NotDelivered(f"the SMS gateway answered HTTP {error.code}",
                               temporary=temporary,
                               retry_after=retry_after_seconds(error.headers)) from error
        except urllib.error.URLError as error:
            raise _connection_failure(error.reason) from error
        except (TimeoutError, ConnectionError) as error:
            raise Uncertain(f"no answer from the SMS gateway: {error}") from error
        except ValueError as error:  # 2xx with a body that is not JSON: it was accepted
            return f"unreadable answer: {error}"[:100]
        return str(answer.get("messageId") or answer.get("id") or "")


def _connection_failure(reason) -> Exception:
    """Refused or unresolved: nothing was sent. A timeout may come after sending."""
    if isinstance(reason, TimeoutError):
        return Uncertain(f"no answer from the SMS gateway: {reason}")
    return NotDelivered(f"the SMS gateway could not be reached: {reason}", temporary=True)


def retry_after_seconds(headers) -> float | None:
    """HTTP Retry-After in seconds (the delay form; a date is not used by providers)."""
    value = (headers or {}).get("Retry-After") if headers is not None else None
    try:
        return max(float(value), 0.0) if value is not None else None
    except ValueError:
        return None


def message_type(text: str) -> str:
    try:
        size = len(text.encode("cp949"))
    except UnicodeEncodeError:  # Thai, say: providers send it as a longer message
        return "LMS"
    return "SMS" if size <= SMS_BYTES else "LMS"


def gateway_from_config(config) -> SmsGateway:
    url = config.get("SMS_URL")
    if not url:
        return RecordOnlyGateway()
    return HttpSmsGateway(url, config.get("SMS_KEY", ""), config.get("SMS_SENDER", ""),
                          float(config.get("SMS_TIMEOUT") or 10))
