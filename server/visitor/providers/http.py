"""One JSON request to a provider, its failures told apart as the outbox needs them:
refused or unreachable, HTTP 429 (with Retry-After) and 5xx -> NotDelivered(temporary);
no answer after the request went -> Uncertain. Other answers come back to the provider's
adapter, which reads its own result codes. Nothing here logs a number or a key."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from ..sms import NotDelivered, Uncertain, retry_after_seconds


def request_json(method: str, url: str, headers: dict, body: dict | None, *, timeout: float,
                 who: str, resend_safe: bool | None = None) -> tuple[int, dict]:
    data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=data, method=method, headers={
        "Content-Type": "application/json;charset=UTF-8", "Accept": "application/json",
        **headers})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, _json(response.read())
    except urllib.error.HTTPError as error:
        if error.code == 429 or error.code >= 500:
            raise NotDelivered(f"{who} answered HTTP {error.code}", temporary=True,
                               retry_after=retry_after_seconds(error.headers)) from error
        return error.code, _json(error.read())
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise Uncertain(f"no answer from {who}: {error.reason}",
                            resend_safe=resend_safe) from error
        raise NotDelivered(f"{who} could not be reached: {error.reason}",
                           temporary=True) from error
    except (TimeoutError, ConnectionError) as error:
        raise Uncertain(f"no answer from {who}: {error}", resend_safe=resend_safe) from error


def _json(raw: bytes) -> dict:
    try:
        answer = json.loads(raw or b"{}")
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}
