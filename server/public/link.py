"""The signed link from the internal server to the relay (docs/public.md, The link).

The internal server is the only client: it POSTs snapshots to /link/push and GETs the
visitors' queued requests from /link/collect. Each request carries

    X-Sunbeon-Timestamp  seconds since the epoch, as sent
    X-Sunbeon-Nonce      random, never used twice
    X-Sunbeon-Signature  hex HMAC-SHA256 of "timestamp\\nnonce\\nMETHOD\\npath?query\\n" + body

with the secret both sides share. The relay refuses a request whose timestamp is more
than WINDOW_SECONDS away from its own clock or whose nonce it saw within that window:
a captured request cannot be sent again, nor one meant for another address.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

WINDOW_SECONDS = 60
TIMESTAMP, NONCE, SIGNATURE = "X-Sunbeon-Timestamp", "X-Sunbeon-Nonce", "X-Sunbeon-Signature"
MIN_SECRET_LENGTH = 32


def signature(secret: str, timestamp: str, nonce: str, method: str, target: str,
              body: bytes) -> str:
    message = f"{timestamp}\n{nonce}\n{method.upper()}\n{target}\n".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signed_headers(secret: str, method: str, target: str, body: bytes, now: float) -> dict:
    """The headers that make a request to `target` (path and query) acceptable."""
    timestamp, nonce = f"{now:.3f}", secrets.token_hex(16)
    return {TIMESTAMP: timestamp, NONCE: nonce,
            SIGNATURE: signature(secret, timestamp, nonce, method, target, body)}


def refusal(secret: str, headers, method: str, target: str, body: bytes,
            now: float) -> str | None:
    """Why a request is not the internal server's own and fresh (None when it is). The
    nonce is left to the caller to check against those it saw."""
    timestamp, nonce, given = (headers.get(TIMESTAMP), headers.get(NONCE),
                               headers.get(SIGNATURE))
    if not (timestamp and nonce and given):
        return "the request is not signed"
    if not 16 <= len(nonce) <= 64:
        return "the nonce must be 16 to 64 characters"
    try:
        sent = float(timestamp)
    except ValueError:
        return "the timestamp is not a number"
    if abs(now - sent) > WINDOW_SECONDS:
        return f"the timestamp is more than {WINDOW_SECONDS} s from the relay's clock"
    expected = signature(secret, timestamp, nonce, method, target, body)
    if not hmac.compare_digest(expected, given):
        return "the signature does not match"
    return None


def entrance_key(secret: str, site_code: str, rotation: str = "1") -> str:
    """The key in a site's entrance QR code (/live/<site>/checkin?entrance=<key>): drawn
    from the link's secret, and changed by changing `rotation` (the site's round, which
    the admin console moves on: server/admin/entrance.py) or the secret. The internal
    server pushes it; the relay takes a check-in only with it."""
    mac = hmac.new(secret.encode(), f"entrance:{site_code}:{rotation}".encode(), hashlib.sha256)
    return mac.hexdigest()[:24]
