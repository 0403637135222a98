"""What a browser may be made to do by another site, and what it is told about our pages.

Cross-site requests: a staff browser carries the session cookie to this server whichever
page makes the request, including a page on another port of the same host (the same
"site", so SameSite does not stop it). Every state-changing request is therefore checked
before it reaches a view:

- when it is authenticated by the session cookie (not by a bearer token), it must be JSON
  (`Content-Type: application/json`, which no HTML form can send and no other origin's
  script can send without a CORS preflight we never grant; an empty body counts when the
  content type says JSON), or carry the session's CSRF token in `X-CSRF-Token` (file
  uploads, which are multipart);
- when the browser says where it comes from (`Origin`, or lacking it `Referer`), that must
  be this server's own origin, the public address (`PUBLIC_URL`) or one of `ORIGINS`.
  This holds for cookie-less writes too: signing in, and the visitor's phone page, whose
  actions are authorised by the ticket code in the address.

Bearer-token callers (kiosks, screens, scripts) are never affected: a browser does not
attach a bearer token by itself. Socket.IO connections get the same origin rule.

Headers: every HTML page gets a Content-Security-Policy that allows only our own origin,
and is not frameable; every response gets nosniff and a referrer policy; API answers get
`Cache-Control: no-store` unless they chose their own caching.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from typing import Callable
from urllib.parse import urlsplit

from flask import Flask, current_app, jsonify, request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wsgi import get_host

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
CSRF_HEADER = "X-CSRF-Token"
DEFAULT_PORTS = {"http": "80", "https": "443"}
_PLAIN_HOST = re.compile(r"[A-Za-z0-9.\-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")

PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; "
               "img-src 'self' data: blob:; connect-src 'self' {sockets}; font-src 'self'; "
               "media-src 'self' blob: data:; object-src 'none'; base-uri 'self'; "
               "form-action 'self'; frame-ancestors 'none'")
# Anything else opened directly as a document (an uploaded SVG plan, a JSON answer) runs
# nothing and shows in no frame.
OTHER_POLICY = "default-src 'none'; frame-ancestors 'none'"


def init_security(app: Flask) -> None:
    """Register the checks and headers on the app. Call after Socket.IO has wrapped
    `app.wsgi_app`, so that the proxy fix and cookie flags apply to its requests too."""
    app.before_request(refuse_cross_site_request)
    app.after_request(add_security_headers)
    app.wsgi_app = SecureCookiesOverHttps(app.wsgi_app)
    hops = int(app.config.get("PROXY_FIX") or 0)
    if hops:
        # Only behind a proxy that sets these headers itself: otherwise any client could
        # claim to be HTTPS or to come from anywhere.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops,
                                x_port=hops)


# ---- origins ----------------------------------------------------------------------

def _origin(url: str) -> str | None:
    """`scheme://host[:port]` of a URL, lower-cased, without a default port; None for
    anything that is not an http(s) address (such as the "null" origin)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.netloc:
        return None
    return _join(scheme, parts.netloc.rsplit("@", 1)[-1])


def _join(scheme: str, host: str) -> str:
    host = host.lower()
    if host.endswith(":" + DEFAULT_PORTS[scheme]):
        host = host.rsplit(":", 1)[0]
    return f"{scheme}://{host}"


def configured_origins(config) -> set[str]:
    """`ORIGINS` (a list, or addresses separated by commas) and the public address."""
    listed = config.get("ORIGINS") or []
    if isinstance(listed, str):
        listed = listed.split(",")
    origins = {_origin(url) for url in [*listed, config.get("PUBLIC_URL") or ""]}
    return {origin for origin in origins if origin}


def origin_allowed(origin: str, environ: dict, config) -> bool:
    """Is `origin` this server as the request reached it, or a configured address?"""
    scheme = environ.get("wsgi.url_scheme", "http")
    own = _join(scheme if scheme in DEFAULT_PORTS else "http", get_host(environ))
    claimed = _origin(origin)
    return claimed is not None and (claimed == own or claimed in configured_origins(config))


def socket_origin_check(app: Flask) -> Callable[[str, dict], bool]:
    """For Socket.IO's `cors_allowed_origins`: the origin rule of HTTP requests. (An
    empty list would turn the check off; the default would ignore `ORIGINS`.)"""
    return lambda origin, environ: origin_allowed(origin, environ, app.config)


# ---- cross-site requests ------------------------------------------------------------

def _session_cookie() -> str | None:
    return request.cookies.get(current_app.session_interface.get_cookie_name(current_app))


def _bearer() -> bool:
    """A bearer token is given (an empty one counts as none: the session is used then)."""
    header = request.headers.get("Authorization", "")
    return header.lower().startswith("bearer ") and bool(header[7:].strip())


def csrf_token() -> str:
    """The token for this browser session: bound to the session cookie, so it is worth
    nothing with another session and changes at each sign-in."""
    secret = current_app.secret_key
    key = secret if isinstance(secret, bytes) else str(secret).encode()
    message = b"csrf-token:" + (_session_cookie() or "").encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _refusal(message: str):
    response = jsonify(error="cross_site_request", message=message)
    response.status_code = 403
    return response


def refuse_cross_site_request():
    if request.method in SAFE_METHODS or _bearer():
        return None
    claimed = request.headers.get("Origin") or request.headers.get("Referer")
    if claimed and not origin_allowed(claimed, request.environ, current_app.config):
        return _refusal("This request came from a page of another site, so it was refused. "
                        "Open Sunbeon at its own address (or add that address to ORIGINS).")
    if _session_cookie() is None or request.is_json:
        return None
    token = request.headers.get(CSRF_HEADER, "")
    if token and hmac.compare_digest(token.encode(), csrf_token().encode()):
        return None
    return _refusal("Signed-in requests that change something must be JSON "
                    "(Content-Type: application/json) or carry the session's "
                    f"{CSRF_HEADER} header.")


# ---- headers ------------------------------------------------------------------------

def add_security_headers(response):
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    if response.mimetype == "text/html":
        headers.setdefault("Content-Security-Policy", PAGE_POLICY.format(sockets=_sockets()))
        headers.setdefault("X-Frame-Options", "DENY")
    else:
        headers.setdefault("Content-Security-Policy", OTHER_POLICY)
    if request.path.startswith("/api/") and "Cache-Control" not in headers:
        # Answers may name visitors (callbacks' phone numbers) or the signed-in officer.
        headers["Cache-Control"] = "no-store"
    return response


def _sockets() -> str:
    """Our own WebSocket addresses, for browsers whose 'self' does not cover ws: and wss:
    (a Host header that is not a plain host name adds nothing)."""
    host = request.host
    return f"ws://{host} wss://{host}" if _PLAIN_HOST.fullmatch(host) else ""


class SecureCookiesOverHttps:
    """Marks every cookie `Secure` when the request came over HTTPS (directly, or through
    a proxy with PROXY_FIX), so it is never sent back in clear; over plain HTTP inside the
    building the cookie still works. Done on the way out, whoever set the cookie."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        if environ.get("wsgi.url_scheme") != "https":
            return self.wsgi_app(environ, start_response)

        def secure_start_response(status, headers, exc_info=None):
            headers = [(name, _secure(value) if name.lower() == "set-cookie" else value)
                       for name, value in headers]
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, secure_start_response)


def _secure(cookie: str) -> str:
    attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
    return cookie if "secure" in attributes else cookie + "; Secure"
