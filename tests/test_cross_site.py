"""What a page of another site can make a signed-in browser do (nothing), the session
cookie's flags, and the headers every page and answer carries (server/auth/security.py).

"Another site" includes a page on another port of the same host: the same site for the
browser's SameSite rule, a different origin for ours. The browser is played by a plain
Flask test client, which sends exactly what a form or a script of that page would."""

from __future__ import annotations

import pytest
import requests
import socketio
from flask.testing import FlaskClient

from server.app import create_app
from server.demo import DEMO_PASSWORD
from tests.test_api import fingerprint, take

OWN = "http://localhost"                 # the Flask test client's own origin
ANOTHER_PORT = "http://localhost:8081"   # another service on the same host


def browser(app, login: str) -> FlaskClient:
    """A browser signed in at the console, as the attacker's page finds it."""
    client = FlaskClient(app, app.response_class, use_cookies=True)
    signed = client.post("/api/v1/auth/login", json={"login": login, "password": DEMO_PASSWORD})
    assert signed.status_code == 200, signed.json
    return client


def everything(store) -> tuple:
    return (*fingerprint(store), store.query("SELECT * FROM help_requests ORDER BY id"))


def refused(response) -> bool:
    return response.status_code == 403 and response.json["error"] == "cross_site_request" \
        and response.json["message"]


@pytest.fixture
def waiting_ticket(kiosk, service_ids) -> dict:
    return take(kiosk, service_ids["인감증명"])


@pytest.fixture
def help_request(kiosk) -> dict:
    return kiosk.post("/api/v1/help-requests", json={}).json["help_request"]


def test_a_form_or_a_bodiless_post_from_another_page_changes_nothing(
        app, store, waiting_ticket, help_request):
    officer = browser(app, "supervisor")
    writes = ("/api/v1/counters/1/close", f"/api/v1/tickets/{waiting_ticket['id']}/cancel",
              f"/api/v1/help-requests/{help_request['id']}/acknowledge")
    before = everything(store)
    for url in writes:
        # An HTML form (even with no fields), a script's no-cors text/plain body, and a
        # no-cors fetch with no body at all: none needs the other origin's permission.
        assert refused(officer.post(url, data={"x": "1"})), url
        assert refused(officer.post(url, data="{}", content_type="text/plain")), url
        assert refused(officer.post(url, data="--x--",
                                    content_type="multipart/form-data; boundary=x")), url
        assert refused(officer.post(url)), url
    assert everything(store) == before

    # The console's own calls, JSON from its own origin, still work.
    for url in writes:
        done = officer.post(url, json={}, headers={"Origin": OWN})
        assert done.status_code == 200, (url, done.json)
    assert store.one("SELECT status FROM tickets WHERE id = ?",
                     (waiting_ticket["id"],))["status"] == "cancelled"


def test_json_from_another_origin_is_refused(app, store, waiting_ticket):
    officer = browser(app, "supervisor")
    url = f"/api/v1/tickets/{waiting_ticket['id']}/cancel"
    before = everything(store)
    for headers in ({"Origin": ANOTHER_PORT}, {"Origin": "https://localhost"}, {"Origin": "null"},
                    {"Referer": f"{ANOTHER_PORT}/attack.html"}):
        assert refused(officer.post(url, json={}, headers=headers)), headers
    assert everything(store) == before
    same = officer.post(url, json={}, headers={"Referer": f"{OWN}/staff"})
    assert same.status_code == 200, same.json


def test_configured_and_public_addresses_are_our_own(app, waiting_ticket, kiosk, service_ids):
    officer = browser(app, "supervisor")
    app.config.update(ORIGINS="https://sunbeon.dangjin.go.kr, https://queue.dangjin.go.kr:8443",
                      PUBLIC_URL="https://minwon.dangjin.go.kr/sunbeon")
    for origin in ("https://sunbeon.dangjin.go.kr", "https://queue.dangjin.go.kr:8443",
                   "https://minwon.dangjin.go.kr"):
        ticket = take(kiosk, service_ids["인감증명"])
        done = officer.post(f"/api/v1/tickets/{ticket['id']}/cancel", json={},
                            headers={"Origin": origin})
        assert done.status_code == 200, (origin, done.json)
    assert refused(officer.post(f"/api/v1/tickets/{waiting_ticket['id']}/cancel", json={},
                                headers={"Origin": "https://queue.dangjin.go.kr"}))


def test_signing_in_from_another_page_is_refused(app):
    """Login CSRF: a hostile page must not sign the browser in as the attacker."""
    client = FlaskClient(app, app.response_class, use_cookies=True)
    response = client.post("/api/v1/auth/login", headers={"Origin": ANOTHER_PORT},
                           json={"login": "staff1", "password": DEMO_PASSWORD})
    assert refused(response) and "Set-Cookie" not in response.headers
    assert client.get("/api/v1/me").status_code == 401


def test_the_phone_page_actions_are_refused_from_another_page(app, store, kiosk, waiting_ticket):
    """The phone page has no cookie: its code in the address is its key. Another page
    that learnt the code still cannot act through the visitor's browser."""
    phone = FlaskClient(app, app.response_class)
    code = waiting_ticket["link"].rsplit("/", 1)[1]
    url = f"/api/v1/visitor/tickets/{code}"
    before = everything(store)
    for action in ("/returning", "/cancel"):
        assert refused(phone.post(url + action, headers={"Origin": ANOTHER_PORT}))
        assert refused(phone.post(url + action, headers={"Referer": f"{ANOTHER_PORT}/t/{code}"}))
    assert everything(store) == before
    assert phone.post(url + "/cancel", headers={"Origin": OWN},
                      json={}).json["ticket"]["status"] == "cancelled"


def test_bearer_token_callers_are_not_affected(app, tokens, store):
    """A browser never adds a bearer token by itself, so a request with one was made on
    purpose: kiosks and programs keep working whatever they send."""
    kiosk = FlaskClient(app, app.response_class)
    asked = kiosk.post("/api/v1/help-requests", headers={
        "Authorization": f"Bearer {tokens['kiosk-1f']}", "Origin": ANOTHER_PORT})
    assert asked.status_code == 201, asked.json
    # An empty bearer token is none: the session cookie speaks, and the rule holds.
    officer = browser(app, "staff2")
    acknowledge = f"/api/v1/help-requests/{asked.json['help_request']['id']}/acknowledge"
    assert refused(officer.post(acknowledge, data={"x": "1"},
                                headers={"Authorization": "Bearer "}))
    assert store.one("SELECT count(*) AS n FROM help_requests WHERE acknowledged_at IS NOT NULL"
                     )["n"] == 0


def test_a_file_upload_needs_this_sessions_csrf_token(app, store):
    admin = browser(app, "admin")
    photo = "/api/v1/admin/staff/3/photo"

    def upload(token: str | None):
        headers = {"X-CSRF-Token": token} if token is not None else {}
        return admin.post(photo, data={"photo": (_png(), "me.png")}, headers=headers)

    assert refused(upload(None))
    assert refused(upload("0" * 64))
    assert refused(upload("tökén"))
    other = browser(app, "admin").get("/api/v1/auth/csrf-token").json["csrf_token"]
    assert refused(upload(other))                  # another session's token is worth nothing
    assert store.one("SELECT photo FROM staff WHERE id = 3")["photo"] in (None, "")
    token = admin.get("/api/v1/auth/csrf-token")
    assert token.status_code == 200 and token.json["header"] == "X-CSRF-Token"
    assert upload(token.json["csrf_token"]).status_code == 200
    assert app.test_client().get("/api/v1/auth/csrf-token").status_code == 401


def _png():
    import io

    from PIL import Image
    out = io.BytesIO()
    Image.new("RGB", (300, 400), (200, 100, 50)).save(out, "PNG")
    out.seek(0)
    return out


# ---- the session cookie ------------------------------------------------------------

def sign_in_cookie(app, **request) -> str:
    client = FlaskClient(app, app.response_class, use_cookies=True)
    response = client.post("/api/v1/auth/login",
                           json={"login": "staff1", "password": DEMO_PASSWORD}, **request)
    assert response.status_code == 200, response.json
    return response.headers["Set-Cookie"]


def test_the_session_cookie_is_strict_and_secure_over_https(app):
    plain = sign_in_cookie(app)
    assert "SameSite=Strict" in plain and "HttpOnly" in plain and "Secure" not in plain
    assert "Secure" in sign_in_cookie(app, base_url="https://localhost",
                                      headers={"Origin": "https://localhost"})
    # Without PROXY_FIX a client cannot claim HTTPS by a header (nor the cookie's flags change).
    assert "Secure" not in sign_in_cookie(app, headers={"X-Forwarded-Proto": "https"})


def test_behind_a_proxy_the_forwarded_scheme_and_host_count(tmp_path, clock):
    from server.demo import load_demo
    app = create_app(tmp_path / "proxied.db", clock=clock,
                     config={"TESTING": True, "PROXY_FIX": 1})
    load_demo(app.extensions["sunbeon.store"], clock)
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "sunbeon.dangjin.go.kr",
                 "X-Forwarded-For": "10.1.2.3"}
    cookie = sign_in_cookie(app, headers={**forwarded, "Origin": "https://sunbeon.dangjin.go.kr"})
    assert "Secure" in cookie and "SameSite=Strict" in cookie
    client = FlaskClient(app, app.response_class)
    assert refused(client.post("/api/v1/auth/login", json={"login": "staff1", "password": "x"},
                               headers={**forwarded, "Origin": "http://sunbeon.dangjin.go.kr"}))
    app.extensions["sunbeon.store"].close_thread_connection()


# ---- headers -------------------------------------------------------------------------

PAGES = ("/", "/kiosk", "/display/board", "/display/counter/1", "/display/directory/1",
         "/display/seats/1", "/staff", "/admin", "/no-such-page",
         "/v/route?from=9&to=5&lang=ko", "/v/route?from=x")


def test_every_page_has_a_strict_policy_and_cannot_be_framed(app, waiting_ticket):
    client = app.test_client()
    for path in (*PAGES, f"/t/{waiting_ticket['link'].rsplit('/', 1)[1]}"):
        response = client.get(path)
        assert response.mimetype == "text/html", path
        policy = dict(part.strip().split(" ", 1)
                      for part in response.headers["Content-Security-Policy"].split(";"))
        assert policy["default-src"] == "'self'" and policy["script-src"] == "'self'", path
        assert policy["style-src"] == "'self'" and policy["object-src"] == "'none'", path
        assert policy["frame-ancestors"] == "'none'", path
        assert policy["connect-src"].split() == ["'self'", "ws://localhost", "wss://localhost"]
        assert response.headers["X-Frame-Options"] == "DENY", path
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert response.headers["Referrer-Policy"] in ("same-origin", "no-referrer"), path
    phone = client.get(f"/t/{waiting_ticket['link'].rsplit('/', 1)[1]}")
    assert phone.headers["Referrer-Policy"] == "no-referrer"   # its address is the ticket's key
    assert phone.headers["Cache-Control"] == "no-store"


def test_every_api_answer_is_not_stored_and_not_sniffed(app, signed_in, kiosk, waiting_ticket):
    officer = signed_in("staff1")
    answers = {
        "signed-in": officer.get("/api/v1/me"),
        "desk": officer.get("/api/v1/desk"),
        "callbacks": officer.get("/api/v1/callbacks"),
        "device": kiosk.get("/api/v1/me"),
        "public": app.test_client().get("/api/v1/sites"),
        "visitor": app.test_client().get(
            f"/api/v1/visitor/tickets/{waiting_ticket['link'].rsplit('/', 1)[1]}"),
        "refusal": app.test_client().get("/api/v1/me"),
        "cross-site": FlaskClient(app, app.response_class).post(
            "/api/v1/auth/logout", headers={"Origin": ANOTHER_PORT}),
    }
    for kind, response in answers.items():
        assert response.status_code < 500, kind
        assert response.headers["Cache-Control"] == "no-store", kind
        assert response.headers["X-Content-Type-Options"] == "nosniff", kind
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"], kind
    script = app.test_client().get("/static/common/api.js")
    assert script.headers["X-Content-Type-Options"] == "nosniff"


# ---- Socket.IO -----------------------------------------------------------------------

def test_a_socket_from_another_origin_is_refused_even_with_the_staff_cookie(server):
    officer = requests.Session()
    assert officer.post(f"{server.url}/api/v1/auth/login",
                        json={"login": "staff1", "password": DEMO_PASSWORD}).ok
    cookie = f"session={officer.cookies['session']}"
    other_port = server.url.rsplit(":", 1)[0] + ":8081"

    def opens(origin: str, transports: list[str]) -> bool:
        # The headers as a browser sends them: one Origin (websocket-client adds its own
        # unless told not to).
        client = socketio.Client(reconnection=False,
                                 websocket_extra_options={"suppress_origin": True})
        try:
            client.connect(server.url, headers={"Origin": origin, "Cookie": cookie},
                           transports=transports, wait_timeout=5)
        except socketio.exceptions.ConnectionError:
            return False
        client.disconnect()
        return True

    for transports in (["polling", "websocket"], ["websocket"]):
        assert not opens(other_port, transports), transports
        assert not opens("null", transports), transports
        assert opens(server.url, transports), transports
