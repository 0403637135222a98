"""Every operation of the OpenAPI document against every kind of caller.

Each operation declares who may call it (`x-auth`), and the table below must say the
same; a short list of rules narrows that where the counter or the owner matters, and
callers of site B are refused whatever names an object of site A. Every operation is called by
every caller with real objects of site A (the city hall) and a valid body, each call on
the same database state (restored after any change). Listed at once at the end:

- a 2xx for a caller the table does not allow (the finding this test exists for),
- a refusal other than 401/403/404 for such a caller (it got past authorization and
  learned about the body, the state or the schema),
- a 401/403 for a caller the table allows (the table or the server is wrong),
- an operation no allowed caller could complete (its fixtures are wrong),
- any 5xx, and any operation missing from the table.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time

import pytest

from server.app import create_app
from server.auth import create_token, hash_password
from server.infra.clock import FixedClock, iso
from server.demo import DEMO_PASSWORD, load_demo
from tests.conftest import TUESDAY_10AM

SITE_A, SITE_B = 1, 2
OWN_ORIGIN = "http://localhost"

CALLERS = ("anonymous", "kiosk", "board", "counter_display", "directory", "seat_chart",
           "staff_own_counter", "staff_other_counter", "staff_other_site", "supervisor",
           "supervisor_other_site", "admin", "revoked_token", "signed_out")
SITE_A_STAFF = {"staff_own_counter", "staff_other_counter", "supervisor", "admin"}
DEVICES = {"kiosk", "board", "counter_display", "directory", "seat_chart"}
OTHER_SITE = {"staff_other_site", "supervisor_other_site"}

# Every operation and who may call it at all; the document's x-auth must say the same,
# and an operation missing here fails the test.
ADMIN_KINDS = ("departments", "services", "counters", "staff", "holidays", "notices",
               "info-pages", "surveys", "survey-questions")
MAP_PARTS = ("levels", "features", "nodes", "edges")
TABLE = {
    **dict.fromkeys([
        "POST /auth/login", "POST /auth/logout", "GET /sites", "GET /departments",
        "GET /services", "GET /services/{service_id}", "GET /counters", "GET /notices",
        "GET /info-pages", "GET /sign-videos", "GET /maps", "GET /maps/search", "GET /maps/directory",
        "GET /maps/route", "GET /staff", "GET /visitor/tickets/{code}",
        "GET /visitor/tickets/{code}/route-map",
        "POST /visitor/tickets/{code}/returning", "POST /visitor/tickets/{code}/cancel",
        "POST /visitor/tickets/{code}/rating", "POST /visitor/tickets/{code}/feedback",
    ], "public"),
    **dict.fromkeys(["GET /me", "GET /snapshot", "GET /events", "GET /tickets/{ticket_id}",
                     "GET /lobby/calm-notice"], "any"),
    "POST /tickets": "staff|kiosk",
    **dict.fromkeys([
        "POST /info-pages/{page_id}/answer", "POST /help-requests", "POST /appointments/check-in",
        "POST /remote-tickets/check-in",
        "POST /ratings", "GET /ratings/ticket", "POST /feedback",
        "GET /survey", "GET /survey/ticket", "POST /survey/responses",
        "POST /tickets/{ticket_id}/notices", "GET /kiosk/machine",
        "POST /services/{service_id}/self-service-choice",
    ], "kiosk"),
    **dict.fromkeys([
        "GET /tickets", "GET /desk", "POST /staff/me/presence", "GET /auth/csrf-token",
        *(f"POST /tickets/{{ticket_id}}/{action}" for action in (
            "recall", "start", "finish", "no-show", "restore", "cancel", "hold", "return",
            "transfer", "reprint")),
        *(f"POST /counters/{{counter_id}}/{action}" for action in (
            "open", "close", "call-next", "call")),
        "POST /cases", "GET /cases", "GET /cases/candidates", "GET /cases/{case_id}",
        "POST /cases/{case_id}/close", "GET /help-requests",
        "POST /help-requests/{help_id}/acknowledge", "POST /help-requests/{help_id}/close",
        "POST /staff/{staff_id}/take-over", "POST /callbacks", "GET /callbacks",
        "GET /callbacks/{callback_id}/phone", "POST /callbacks/{callback_id}/done",
        "POST /appointments", "GET /appointments", "POST /appointments/{appointment_id}/cancel",
        "POST /counters/{counter_id}/alarm", "GET /alarms", "POST /alarms/{alarm_id}/false-alarm",
    ], "staff"),
    **dict.fromkeys([
        "GET /admin/sites", *(f"GET /admin/{kind}" for kind in ADMIN_KINDS), "GET /admin/devices",
        "GET /maps/check", "GET /printers", "POST /printers/{printer_id}/test", "GET /reports",
        "GET /reports/export", "GET /reports/satisfaction", "GET /reports/satisfaction/export",
        "GET /reports/surveys", "GET /reports/surveys/{survey_id}/export",
        "GET /supervisor/overview", "PUT /counters/{counter_id}/services",
        "POST /services/{service_id}/pause", "POST /services/{service_id}/resume",
        "GET /ratings/summary", "GET /feedback", "POST /feedback/{feedback_id}",
        "POST /feedback/{feedback_id}/answer", "POST /alarms/{alarm_id}/clear",
    ], "supervisor"),
    **dict.fromkeys([
        *(f"{verb} /admin/{kind}{tail}" for kind in ADMIN_KINDS for verb, tail in (
            ("POST", ""), ("PATCH", "/{item_id}"), ("DELETE", "/{item_id}"))),
        *(f"{verb} /admin/maps/{part}{tail}" for part in MAP_PARTS for verb, tail in (
            ("POST", ""), ("PATCH", f"/{{{part[:-1]}_id}}"), ("DELETE", f"/{{{part[:-1]}_id}}"))),
        "POST /admin/maps/levels/{level_id}/scale", "POST /admin/maps/levels/{level_id}/plan",
        "POST /admin/maps/edges/{edge_id}/split",
        "GET /admin/forms", "POST /admin/sites", "PATCH /admin/sites/{site_id}",
        "GET /admin/sites/{site_id}/export", "POST /admin/sites/import",
        "GET /admin/sites/{site_id}/entrance-qr", "GET /admin/sites/{site_id}/entrance-qr.svg",
        "POST /admin/sites/{site_id}/entrance-qr/rotate",
        "POST /admin/staff/{staff_id}/password", "POST /admin/staff/{staff_id}/photo",
        "DELETE /admin/staff/{staff_id}/photo", "GET /admin/staff/{staff_id}/sessions",
        "POST /admin/staff/{staff_id}/sessions/revoke", "POST /admin/sessions/{session_id}/revoke",
        "POST /admin/staff/{staff_id}/unlock", "GET /admin/audit",
        "POST /admin/devices", "PATCH /admin/devices/{device_id}",
        "POST /admin/devices/{device_id}/token", "POST /admin/devices/{device_id}/revoke",
        "GET /admin/printer-profiles", "PUT /devices/{device_id}/printer",
        "GET /feedback/unkindness-counts", "GET /compensations", "POST /compensations",
        "POST /compensations/{case_id}",
        "GET /admin/notice-provider", "PUT /admin/notice-provider",
        "POST /admin/notice-provider/test",
        *(f"{verb} /admin/sign-videos/{{subject}}/{{subject_id}}{tail}" for verb, tail in (
            ("POST", "/video"), ("POST", "/captions"), ("DELETE", "/captions"), ("DELETE", ""))),
    ], "admin"),
}

# Who passes each permission, before any site is considered.
PERMITTED = {
    "public": set(CALLERS),
    "any": DEVICES | SITE_A_STAFF | OTHER_SITE,
    "staff": SITE_A_STAFF | OTHER_SITE,
    "supervisor": {"supervisor", "supervisor_other_site", "admin"},
    "admin": {"admin"},
    "kiosk": {"kiosk"},
}

# Operations that name nothing of site A: callers of the other site act on their own.
OWN = {"GET /me", "GET /events", "GET /desk", "POST /staff/me/presence", "GET /callbacks",
       "GET /appointments", "GET /admin/sites", "GET /cases", "GET /cases/candidates",
       "GET /auth/csrf-token"}

# Narrower than permission and site: the officer at the counter (or who owns the
# record), a supervisor of the site, an admin.
AT_COUNTER = {"staff_own_counter", "supervisor", "admin"}
RULES = {
    **{f"POST /tickets/{{ticket_id}}/{action}": AT_COUNTER for action in (
        "recall", "start", "finish", "no-show", "restore", "cancel", "hold", "return",
        "transfer")},
    **{f"POST /counters/{{counter_id}}/{action}": AT_COUNTER for action in (
        "close", "call-next", "call")},
    "GET /callbacks/{callback_id}/phone": {"staff_own_counter"},
    "POST /callbacks/{callback_id}/done": AT_COUNTER,
    "POST /appointments/{appointment_id}/cancel": AT_COUNTER,
    "GET /cases/{case_id}": AT_COUNTER,
    "POST /cases": AT_COUNTER,
    "POST /cases/{case_id}/close": AT_COUNTER,
    "POST /counters/{counter_id}/alarm": AT_COUNTER,
    "POST /alarms/{alarm_id}/false-alarm": {"staff_own_counter"},  # who raised it
}


# Changes made before each call of an operation (then undone like the call's own).

def _counter_free(w):
    w.engine.finish(w.called["id"])


def _recalled_twice(w):  # the site's minimum before a no-show
    for _ in range(2):
        w.engine.recall(w.called["id"])


def _marked_absent(w):
    _recalled_twice(w)
    w.engine.no_show(w.called["id"])


def _machine_issues_seal(w) -> None:
    with w.store.write() as tx:
        tx.execute("UPDATE services SET machine_issue = 1 WHERE id = ?", (w.seal,))


SETUP = {
    "POST /counters/{counter_id}/call": _counter_free,
    "POST /counters/{counter_id}/call-next": _counter_free,
    "POST /counters/{counter_id}/close": _counter_free,
    "POST /tickets/{ticket_id}/return": _counter_free,
    "POST /tickets/{ticket_id}/no-show": _recalled_twice,
    "POST /tickets/{ticket_id}/restore": _marked_absent,
    "POST /services/{service_id}/resume": lambda w: w.engine.set_paused(w.seal, True),
    "POST /services/{service_id}/self-service-choice": _machine_issues_seal,
}


def operations(document: dict) -> dict[str, dict]:
    return {f"{method.upper()} {path.removeprefix('/api/v1')}": op
            for path, methods in document["paths"].items() for method, op in methods.items()}


def allowed(name: str) -> set[str]:
    who = set().union(*(PERMITTED[part] for part in TABLE[name].split("|")))
    if TABLE[name] != "public" and name not in OWN:
        who -= OTHER_SITE
    return who & RULES.get(name, who)


# ---- the state every call starts from ------------------------------------------------------

class World:
    """Site A's objects, the callers' credentials, and a way back to this state."""

    def __init__(self, tmp_path):
        self.path = tmp_path / "matrix.db"
        self.clock = FixedClock(TUESDAY_10AM)
        self.app = create_app(self.path, clock=self.clock, config={"TESTING": True})
        self.store = self.app.extensions["sunbeon.store"]
        self.engine = self.app.extensions["sunbeon.engine"]
        load_demo(self.store, self.clock)
        self._callers()
        self._objects()
        self.raw = sqlite3.connect(self.path)
        self.snapshot = sqlite3.connect(":memory:")
        self.raw.backup(self.snapshot)
        self.version = self._data_version()

    def one(self, sql, params=()):
        return self.store.one(sql, params)

    def id_of(self, table: str, where: str, params=()) -> int:
        return self.one(f"SELECT id FROM {table} WHERE {where} ORDER BY id LIMIT 1", params)["id"]

    def _callers(self) -> None:
        now = self.clock.now()
        with self.store.write() as tx:
            tx.insert("staff", {"login": "hapdeok-lead", "name": "합덕 팀장", "role": "supervisor",
                                "site_id": SITE_B, "password_hash": hash_password(DEMO_PASSWORD)})
        staff = {login: self.id_of("staff", "login = ?", (login,)) for login in (
            "staff1", "staff5", "hapdeok1", "supervisor", "hapdeok-lead", "admin")}
        self.staff = staff
        devices = json.loads(self.store.setting("demo_tokens"))
        self.tokens = {
            "kiosk": devices["kiosk-1f"], "board": devices["board-1f"],
            "counter_display": devices["counter-display-1"],
            "directory": devices["directory-1f"], "seat_chart": devices["seats-civil"],
            **{caller: create_token(self.store, now, staff_id=staff[login]) for caller, login in (
                ("staff_own_counter", "staff1"),       # at counter 1, where the ticket is
                ("staff_other_counter", "staff5"),     # at counter 6 (vehicles)
                ("staff_other_site", "hapdeok1"), ("supervisor", "supervisor"),
                ("supervisor_other_site", "hapdeok-lead"), ("admin", "admin"))},
            "revoked_token": create_token(self.store, now, staff_id=staff["staff1"]),
        }
        with self.store.write() as tx:
            tx.execute("UPDATE tokens SET revoked_at = ? WHERE token_hash = ("
                       "SELECT token_hash FROM tokens ORDER BY id DESC LIMIT 1)", (now,))
        # A session captured while signed in, replayed after sign-out.
        browser = self.app.test_client()
        signed = browser.post("/api/v1/auth/login", headers={"Origin": OWN_ORIGIN},
                              json={"login": "staff1", "password": DEMO_PASSWORD})
        assert signed.status_code == 200, signed.json
        cookie_name = self.app.config.get("SESSION_COOKIE_NAME", "session")
        self.signed_out_cookie = (cookie_name, browser.get_cookie(cookie_name).value)
        assert browser.post("/api/v1/auth/logout", headers={"Origin": OWN_ORIGIN},
                            json={}).status_code == 200

    def client(self, caller: str):
        client = self.app.test_client()
        headers = {"Origin": OWN_ORIGIN}
        if caller in self.tokens:
            headers["Authorization"] = f"Bearer {self.tokens[caller]}"
        if caller == "signed_out":
            client.set_cookie(*self.signed_out_cookie)
        return client, headers

    def api(self, caller: str, method: str, url: str, body=None):
        client, headers = self.client(caller)
        response = client.open("/api/v1" + url, method=method, json=body, headers=headers)
        assert response.status_code < 300, (caller, method, url, response.json)
        return response.json

    def _objects(self) -> None:
        engine, staff1 = self.engine, self.staff["staff1"]
        self.kiosk_id = self.id_of("devices", "name = 'kiosk-1f'")
        self.board_id = self.id_of("devices", "name = 'board-1f'")
        self.seal = self.id_of("services", "site_id = ? AND prefix = 'B'", (SITE_A,))
        self.counter_1 = self.id_of("counters", "site_id = ? AND number = 1", (SITE_A,))

        def issue(service_id=self.seal):
            return engine.issue(service_id, device_id=self.kiosk_id)[0]

        # Passports take days: a finished passport visit may be registered as a case.
        passport = self.id_of("services", "site_id = ? AND number_block = 2", (SITE_A,))
        engine.assign_services(self.counter_1, [*engine.counter(self.counter_1)["service_ids"],
                                                passport])
        self.done, self.done_too = issue(passport), issue(passport)  # finished at counter 1
        for ticket in (self.done, self.done_too):
            engine.call(self.counter_1, ticket["id"], staff1)
            engine.finish(ticket["id"])
        self.held = issue()                                   # set aside at counter 1
        engine.call(self.counter_1, self.held["id"], staff1)
        engine.hold(self.held["id"])
        self.called = issue()                                 # with the officer at counter 1
        engine.call(self.counter_1, self.called["id"], staff1)
        self.waiting = issue()
        # A number taken on the public page, not yet checked in at the kiosk.
        self.remote_code = "34679A"
        engine.issue(self.seal, remote={"checkin_code": self.remote_code,
                                        "remote_token": "matrix-remote-token"})
        # An away officer's visitor, for a colleague to take over.
        staff4 = self.id_of("staff", "login = 'staff4'")
        engine.transfer(issue()["id"], staff_id=staff4)
        with self.store.write() as tx:
            tx.execute("UPDATE staff SET presence = 'away' WHERE id = ?", (staff4,))
        self.staff4 = staff4
        self.staff2 = self.id_of("staff", "login = 'staff2'")

        at = iso(self.clock.now() + 3600)
        self.callback_id = self.api("staff_own_counter", "POST", "/callbacks", {
            "owner_staff_id": staff1, "topic": "서류 확인", "promised_at": at,
            "phone": "010-1234-5678", "phone_consent": True})["callback"]["id"]
        appointment = self.api("staff_own_counter", "POST", "/appointments", {
            "service_id": self.seal, "staff_id": staff1, "at": at})["appointment"]
        self.appointment_id, self.appointment_code = appointment["id"], appointment["code"]
        self.help_id = self.api("kiosk", "POST", "/help-requests")["help_request"]["id"]
        self.alarm_id = self.api("staff_own_counter", "POST",
                                 f"/counters/{self.counter_1}/alarm")["alarm"]["id"]
        self.feedback_id = self.api("kiosk", "POST", "/feedback", {
            "kind": "suggestion", "text": "의자가 더 있으면 좋겠습니다."})["feedback"]["id"]
        # Proposed by another admin: an admin decides only cases they did not propose.
        with self.store.write() as tx:
            other_admin = tx.insert("staff", {"login": "admin-2", "name": "관리자 2",
                                              "role": "admin"})
        self.tokens["other_admin"] = create_token(self.store, self.clock.now(),
                                                  staff_id=other_admin)
        self.compensation_id = self.api("other_admin", "POST", "/compensations", {
            "site_id": SITE_A, "ground": "came_twice", "what": "서류 누락 안내로 재방문"}
        )["compensation"]["id"]
        self.case_id = self.api("staff_own_counter", "POST", "/cases",
                                {"ticket_id": self.done["id"]})["case"]["id"]
        page = self.one("SELECT id FROM info_pages WHERE site_id = ? AND published = 1",
                        (SITE_A,))
        texts = {lang: "안내" for lang in ("ko", "en", "zh", "vi", "ru", "th")}
        if page is None:
            self.api("admin", "POST", f"/admin/info-pages?site_id={SITE_A}", {
                "slug": "guide", "titles": texts, "bodies": texts, "published": True})
        self.notice_id = self.api("admin", "POST", f"/admin/notices?site_id={SITE_A}",
                                  {"texts": texts})["item"]["id"]
        self.page_id = self.id_of("info_pages", "site_id = ? AND published = 1", (SITE_A,))
        self.survey_id = self.api("admin", "POST", f"/admin/surveys?site_id={SITE_A}", {
            "titles": texts, "starts_on": "2026-11-01", "ends_on": "2026-12-31"})["item"]["id"]
        self.question_id = self.api("admin", "POST", f"/admin/survey-questions?site_id={SITE_A}",
                                    {"survey_id": self.survey_id, "texts": texts})["item"]["id"]
        self.printer_id = self.id_of("printers", "device_id = ?", (self.kiosk_id,))
        self.level_id = self.id_of("map_levels", "site_id = ?", (SITE_A,))
        self.department_id = self.id_of("departments", "site_id = ?", (SITE_A,))
        on_site_a = "JOIN map_levels l ON l.id = level_id WHERE l.site_id = ? ORDER BY 1 LIMIT 1"
        self.feature_id = self.one(f"SELECT f.id FROM map_features f {on_site_a}", (SITE_A,))["id"]
        self.node_id = self.one(f"SELECT n.id FROM map_nodes n {on_site_a}", (SITE_A,))["id"]
        self.edge_id = self.one("SELECT e.id FROM map_edges e JOIN map_nodes n ON n.id = "
                                f"e.from_node {on_site_a}", (SITE_A,))["id"]

    # ---- one call on a fresh copy of that state ------------------------------------------

    def _data_version(self) -> int:
        return self.raw.execute("PRAGMA data_version").fetchone()[0]

    def restore(self) -> None:
        """Back to the snapshot if anything committed since (SQLite's data_version moves
        only when another connection commits)."""
        if self._data_version() != self.version:
            self.snapshot.backup(self.raw)
            self.version = self._data_version()

    def call(self, caller: str, method: str, url: str, body, setup=None):
        self.restore()
        if setup:
            setup(self)
        client, headers = self.client(caller)
        kwargs = {"json": body} if body is not None else {}
        return client.open(url, method=method, headers=headers, **kwargs)


# ---- what each operation is called with ------------------------------------------------------

def path_ids(w: World, name: str) -> dict:
    def item(table):
        return w.id_of(table, "site_id = ?", (SITE_A,))

    admin_kinds = {"departments": item("departments"), "services": w.seal,
                   "counters": w.id_of("counters", "site_id = ? AND number = 3", (SITE_A,)),
                   "staff": w.staff2, "holidays": item("holidays"), "notices": w.notice_id,
                   "info-pages": w.page_id, "surveys": w.survey_id,
                   "survey-questions": w.question_id}
    kind = re.match(r"\w+ /admin/([\w-]+)/\{item_id\}", name)
    return {
        "ticket_id": w.held["id"] if name.endswith("/return") else w.called["id"],
        "counter_id": w.counter_1, "service_id": w.seal, "site_id": SITE_A,
        "item_id": (admin_kinds.get(kind.group(1)) if kind else None),
        "staff_id": w.staff4 if "take-over" in name else w.staff2,
        "device_id": w.kiosk_id if name.endswith("/printer") else w.board_id,
        "page_id": w.page_id, "help_id": w.help_id, "printer_id": w.printer_id,
        "survey_id": w.survey_id, "alarm_id": w.alarm_id,
        "callback_id": w.callback_id, "appointment_id": w.appointment_id,
        "feedback_id": w.feedback_id,
        "case_id": w.compensation_id if "/compensations/" in name else w.case_id,
        "session_id": 1, "level_id": w.level_id, "subject": "service", "subject_id": w.seal,
        "feature_id": w.feature_id, "node_id": w.node_id, "edge_id": w.edge_id,
        "code": w.done["public_code"] if name.endswith(("/rating", "/feedback"))
        else w.waiting["public_code"],
    }


def query_string(w: World, name: str, op: dict) -> str:
    names = {p["name"] for p in op["parameters"] if p["in"] == "query"}
    values = {"site_id": SITE_A, "since": 0, "number": w.done["display_number"], "q": "민원",
              "to_department": w.department_id, "from_device": w.kiosk_id}
    wanted = {k: v for k, v in values.items() if k in names}
    if name == "GET /maps/directory":
        wanted.pop("from_device", None)
    if name in OWN:
        wanted.pop("site_id", None)
    return "?" + "&".join(f"{k}={v}" for k, v in wanted.items()) if wanted else ""


def bodies(w: World) -> dict:
    at = iso(w.clock.now() + 7200)
    return {
        "POST /auth/login": {"login": "staff9", "password": DEMO_PASSWORD},
        "POST /tickets": {"service_id": w.seal},
        "POST /tickets/{ticket_id}/finish": {"outcome": "resolved"},
        "POST /tickets/{ticket_id}/transfer": {"counter_id": w.id_of(
            "counters", "site_id = ? AND number = 2", (SITE_A,))},
        "POST /counters/{counter_id}/call": {"ticket_id": w.waiting["id"]},
        "POST /counters/{counter_id}/call-next": None,
        "POST /staff/me/presence": {"presence": "away"},
        "POST /tickets/{ticket_id}/reprint": {},
        "PUT /devices/{device_id}/printer": {"profile": "epson-tm-t20",
                                             "connection": "preview://print-preview"},
        "POST /info-pages/{page_id}/answer": {"satisfied": True},
        "POST /services/{service_id}/self-service-choice": {"choice": "machine"},
        "POST /callbacks": {"owner_staff_id": w.staff["staff1"], "topic": "확인 전화",
                            "promised_at": at},
        "POST /callbacks/{callback_id}/done": {},
        "POST /appointments": {"service_id": w.seal, "staff_id": w.staff["staff1"], "at": at},
        "POST /appointments/check-in": {"code": w.appointment_code},
        "POST /remote-tickets/check-in": {"code": w.remote_code},
        "PUT /counters/{counter_id}/services": {"service_ids": [w.seal]},
        "POST /ratings": {"display_number": w.done["display_number"], "score": 5},
        "POST /survey/responses": {"survey_id": w.survey_id,
                                   "display_number": w.done["display_number"], "answers": []},
        "POST /visitor/tickets/{code}/rating": {"score": 4},
        "POST /visitor/tickets/{code}/feedback": {"kind": "praise", "text": "친절했습니다"},
        "POST /feedback": {"kind": "praise", "text": "친절했습니다"},
        "POST /feedback/{feedback_id}": {"status": "in_progress"},
        "POST /feedback/{feedback_id}/answer": {"answer": "감사합니다", "send": False},
        "POST /compensations": {"site_id": SITE_A, "ground": "came_twice", "what": "재방문"},
        "POST /compensations/{case_id}": {"action": "reject"},
        "POST /tickets/{ticket_id}/notices": {"phone": "010-1234-5678", "consent": True},
        "POST /cases": {"ticket_id": w.done_too["id"]},
        "POST /cases/{case_id}/close": {"outcome": "granted"},
        "POST /admin/staff/{staff_id}/password": {"password": "a-new-password-1234"},
        "PATCH /admin/sites/{site_id}": {"phone": "041-350-3000"},
        "PATCH /admin/devices/{device_id}": {"name": "board-lobby"},
        "POST /admin/devices": {"name": "board-new", "kind": "board"},
        "PUT /admin/notice-provider": {"provider": "gateway"},
        "POST /admin/notice-provider/test": {"phone": "010-1234-5678"},
    }


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    w = World(tmp_path_factory.mktemp("matrix"))
    yield w
    w.store.close_thread_connection()


def test_every_operation_against_every_caller(world):
    started = time.monotonic()
    document = world.app.test_client().get("/api/v1/openapi.json").json
    ops = operations(document)
    body_of = bodies(world)
    violations: list[str] = []
    calls = 0
    for name, op in sorted(ops.items()):
        method, path = name.split(" ", 1)
        ids = path_ids(world, name)
        url = "/api/v1" + re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), path)
        url += query_string(world, name, op)
        body = body_of.get(name, {} if method != "GET" else None)
        if name not in TABLE:
            violations.append(f"{name}: not in the table")
            continue
        permitted = allowed(name)
        succeeded = False
        for caller in CALLERS:
            response = world.call(caller, method, url, body, SETUP.get(name))
            calls += 1
            status = response.status_code
            succeeded |= 200 <= status < 300 and caller in permitted
            if status >= 500:
                violations.append(f"{name} by {caller}: {status}")
            elif caller in permitted:
                if status in (401, 403):
                    violations.append(f"{name} by {caller}: refused {status} "
                                      f"{response.get_json(silent=True)}, the table allows it")
            elif 200 <= status < 300:
                violations.append(f"{name} by {caller}: {status}, NOT ALLOWED")
            elif status not in (401, 403, 404):
                violations.append(f"{name} by {caller}: {status} "
                                  f"{response.get_json(silent=True)}: past authorization")
        # Only admins pass an admin operation's gate, so its body cannot hide a missing
        # check from anyone: its fixtures need not make it succeed.
        if not succeeded and TABLE[name] != "admin":
            violations.append(f"{name}: no allowed caller succeeded (fixtures?)")
    elapsed = time.monotonic() - started
    print(f"\n{calls} calls over {len(ops)} operations in {elapsed:.1f} s")
    assert not violations, f"{len(violations)} problems:\n" + "\n".join(violations)


def test_every_operation_is_in_the_table(world):
    """A new operation, or a changed permission, must be written into the table; the
    narrower rules must name real operations, so a renamed route cannot leave them."""
    ops = operations(world.app.test_client().get("/api/v1/openapi.json").json)
    declared = {name: op["x-auth"] for name, op in ops.items()}
    assert {n: p for n, p in declared.items() if TABLE.get(n) != p} == {}, \
        "operations missing from the table, or declared otherwise"
    stale = (set(TABLE) | set(RULES) | OWN | set(SETUP) | set(bodies(world))
             ) - set(ops)
    assert not stale, f"the table names operations that do not exist: {sorted(stale)}"
