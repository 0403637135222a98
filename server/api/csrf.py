"""The CSRF token of a browser session, for the writes that cannot be JSON (file uploads);
see server/auth/security.py for the rule it satisfies."""

from __future__ import annotations

from flask import jsonify

from ..auth.security import CSRF_HEADER, csrf_token
from .routes import api


@api.route("/auth/csrf-token", auth="staff", tag="auth",
           summary=f"The signed-in session's CSRF token, to send as {CSRF_HEADER} "
                   "with writes that are not JSON (file uploads)")
def get_csrf_token():
    return jsonify(csrf_token=csrf_token(), header=CSRF_HEADER)
