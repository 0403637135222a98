"""Test clients that write to the API as the consoles' own code does
(server/static/common/api.js): every write is JSON, with or without a body, and a file
upload carries the session's CSRF token. The server refuses any other signed-in write
(server/auth/security.py), so tests that drive the API with a session cookie use these.

`ConsoleClient` is the Flask test client of the `app` fixture; `ConsoleSession` is a
`requests.Session` for a real server. Tests of the refusals use plain clients."""

from __future__ import annotations

from urllib.parse import urlsplit

import requests
from flask.testing import FlaskClient

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
TOKEN_PATH = "/api/v1/auth/csrf-token"


class ConsoleClient(FlaskClient):
    def open(self, *args, **kwargs):
        method = str(kwargs.get("method", "GET")).upper()
        if method in WRITES and kwargs.get("json") is None:
            headers = dict(kwargs.get("headers") or {})
            if kwargs.get("data") is not None:
                token = self.get(TOKEN_PATH)
                if token.status_code == 200:
                    headers[token.json["header"]] = token.json["csrf_token"]
            elif not kwargs.get("content_type"):
                kwargs["content_type"] = "application/json"
            kwargs["headers"] = headers
        return super().open(*args, **kwargs)


class ConsoleSession(requests.Session):
    def request(self, method, url, **kwargs):
        if method.upper() in WRITES and kwargs.get("json") is None:
            headers = dict(kwargs.get("headers") or {})
            if kwargs.get("data") is not None or kwargs.get("files") is not None:
                parts = urlsplit(url)
                token = self.get(f"{parts.scheme}://{parts.netloc}{TOKEN_PATH}", timeout=5)
                if token.ok:
                    headers[token.json()["header"]] = token.json()["csrf_token"]
            else:
                headers.setdefault("Content-Type", "application/json")
            kwargs["headers"] = headers
        return super().request(method, url, **kwargs)
