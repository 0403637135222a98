"""`sunbeon relay` and the link from the internal server (docs/public.md): signed pushes,
refusals, the public wait page, its JSON feed and widget, and the two real processes on
loopback with every connection going outward from the internal server."""

from __future__ import annotations

import ast
import json
import re
import time
from pathlib import Path

import pytest
import requests

from server.infra.clock import FixedClock
from server.public import link
from server.public.figures import Push
from server.public.relay import create_relay_app
from server.workers.public_link import public_waits
from tests.conftest import TUESDAY_10AM, BearerClient
from tests.support.console import ConsoleSession
from tests.support.relay import SECRET, RelayProcess
from tests.support.server import ServerProcess

ROOT = Path(__file__).resolve().parent.parent
ORIGIN = "https://www.dangjin.go.kr"
STALE_KO = "정보를 갱신하지 못하고 있습니다 ({} 기준)"


def figures(waiting=3, *, issuing=None, office_open=True, generated_at=None) -> dict:
    return {"version": 1, "generated_at": generated_at or TUESDAY_10AM.timestamp(), "sites": [{
        "code": "dangjin", "names": {"ko": "당진시청", "en": "Dangjin City Hall"},
        "timezone": "Asia/Seoul",
        "office": {"open": office_open,
                   "next_open_at": None if office_open else "2026-12-02T09:00:00+09:00"},
        "services": [{
            "id": 1, "names": {"ko": "여권", "vi": "Hộ chiếu"}, "waiting": waiting,
            "estimate": {"minutes": 15, "low": 10, "high": 20}, "open_counters": 2,
            "issuing": issuing or {"open": True, "reason": None, "next_open_at": None}}]}]}


@pytest.fixture
def relay_clock():
    return FixedClock(TUESDAY_10AM)


@pytest.fixture
def relay(tmp_path, relay_clock):
    app = create_relay_app(tmp_path / "relay.db",
                           {"SECRET": SECRET, "STALE_SECONDS": 30, "EMBED_ORIGINS": ORIGIN},
                           clock=relay_clock.now)
    return app.test_client()


def push(client, body: dict | bytes, now: float, *, secret=SECRET, headers=None):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    signed = headers or link.signed_headers(secret, "POST", "/link/push", data, now)
    return client.post("/link/push", data=data, headers=signed,
                       content_type="application/json"), signed


def page_text(client, path="/live/dangjin", **kwargs) -> str:
    html = client.get(path, **kwargs).get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# ---- the link -------------------------------------------------------------------------

def test_a_signed_push_is_held_and_shown(relay, relay_clock):
    answer, _ = push(relay, figures(), relay_clock.now())
    assert answer.status_code == 200 and answer.json == {"held": True, "sites": ["dangjin"]}
    text = page_text(relay)
    assert "당진시청 실시간 대기 현황" in text
    assert "대기 인원 3명" in text and "예상 대기 10~20분" in text and "운영 창구 2곳" in text
    assert "번호표 발급 중" in text and "10:00 기준" in text and "정보를 갱신" not in text
    feed = relay.get("/live/dangjin.json").json
    assert feed["services"][0]["waiting"] == 3 and feed["stale"] is False
    assert feed["as_of"] == "2026-12-01T10:00:00+09:00"


@pytest.mark.parametrize("forge", ["wrong secret", "body changed", "unsigned", "too old",
                                   "replayed", "another address"])
def test_a_forged_or_replayed_request_is_refused_and_changes_nothing(relay, relay_clock, forge):
    now = relay_clock.now()
    first, headers = push(relay, figures(waiting=3), now)
    assert first.status_code == 200
    relay_clock.advance(1)
    later = figures(waiting=9, generated_at=now + 1)
    body = json.dumps(later).encode()
    if forge == "wrong secret":
        answer, _ = push(relay, later, now + 1, secret="x" * 40)
    elif forge == "body changed":
        signed = link.signed_headers(SECRET, "POST", "/link/push", body, now + 1)
        answer, _ = push(relay, body.replace(b'"waiting": 9', b'"waiting": 8'), 0, headers=signed)
    elif forge == "unsigned":
        answer = relay.post("/link/push", data=body, content_type="application/json")
    elif forge == "too old":
        answer, _ = push(relay, later, now + 1 - link.WINDOW_SECONDS - 5)
    elif forge == "replayed":  # the first push, sent again as it was
        answer, _ = push(relay, figures(waiting=3), 0, headers=headers)
    else:  # signed for the collect address, sent to the push address
        signed = link.signed_headers(SECRET, "POST", "/link/collect", body, now + 1)
        answer, _ = push(relay, body, 0, headers=signed)
    assert answer.status_code == 401 and answer.json["error"] == "unauthorized"
    assert relay.get("/live/dangjin.json").json["services"][0]["waiting"] == 3


def test_a_push_with_anything_but_counts_and_ranges_is_refused(relay, relay_clock):
    push(relay, figures(), relay_clock.now())
    sneaky = figures(waiting=4)
    sneaky["sites"][0]["services"][0]["tickets"] = [{"number": "2001", "phone": "01012345678"}]
    answer, _ = push(relay, sneaky, relay_clock.now())
    assert answer.status_code == 400 and answer.json["error"] == "invalid"
    assert "tickets" in answer.json["message"]
    assert relay.get("/live/dangjin.json").json["services"][0]["waiting"] == 3
    answer, _ = push(relay, b"not json", relay_clock.now())
    assert answer.status_code == 400


def test_an_earlier_push_arriving_late_does_not_replace_a_later_one(relay, relay_clock):
    now = relay_clock.now()
    push(relay, figures(waiting=5, generated_at=now), now)
    answer, _ = push(relay, figures(waiting=1, generated_at=now - 3), now)
    assert answer.status_code == 200 and answer.json["held"] is False
    assert relay.get("/live/dangjin.json").json["services"][0]["waiting"] == 5


def test_collect_hands_queued_requests_until_the_internal_server_has_handled_them(
        relay, relay_clock):
    holding = relay.application.extensions["sunbeon.holding"]
    first = holding.queue_request("remote_ticket", "dangjin", {"service_id": 1}, 0)
    second = holding.queue_request("cancel", "dangjin", {"code": "ab12"}, 0)

    def collect(after):
        target = f"/link/collect?after={after}"
        return relay.get(target, headers=link.signed_headers(SECRET, "GET", target, b"",
                                                             relay_clock.now()))
    assert [r["id"] for r in collect(0).json["requests"]] == [first, second]
    assert [r["id"] for r in collect(first).json["requests"]] == [second]
    assert collect(second).json["requests"] == []
    assert collect("x").status_code == 400
    assert relay.get("/link/collect?after=0").status_code == 401


# ---- the page --------------------------------------------------------------------------

def test_the_page_says_when_its_figures_are_old(relay, relay_clock):
    push(relay, figures(), relay_clock.now())
    relay_clock.advance(31)
    assert STALE_KO.format("10:00") in page_text(relay)
    assert 'class="waits stale"' in relay.get("/live/dangjin").get_data(as_text=True)
    assert "3명" in page_text(relay)  # the last known figures are still there
    assert "The figures are not being updated (as of 10:00)" in page_text(
        relay, "/live/dangjin?lang=en")
    assert relay.get("/live/dangjin.json").json["stale"] is True


def test_languages_by_parameter_and_by_browser(relay, relay_clock):
    push(relay, figures(), relay_clock.now())
    assert "Hộ chiếu" in page_text(relay, "/live/dangjin?lang=vi")
    assert "Số người chờ" in page_text(relay, "/live/dangjin?lang=vi")
    thai = page_text(relay, headers={"Accept-Language": "th-TH,th;q=0.9,en;q=0.5"})
    assert "จำนวนผู้รอ" in thai and "여권" in thai  # no Thai name: the Korean one
    assert 'lang="ru"' in relay.get("/live/dangjin?lang=ru").get_data(as_text=True)
    assert "대기 인원" in page_text(relay, "/live/dangjin?lang=xx")


def test_cap_reached_and_office_closed(relay, relay_clock):
    push(relay, figures(issuing={"open": False, "reason": "cap_reached",
                                 "next_open_at": "2026-12-02T09:00:00+09:00"},
                        office_open=False), relay_clock.now())
    text = page_text(relay)
    assert "조기 마감" in text and "다음 발급: 12월 2일 (수) 09:00" in text
    assert "지금은 업무 시간이 아닙니다. 다음 운영: 12월 2일 (수) 09:00" in text
    assert "Wed 2 Dec, 09:00" in page_text(relay, "/live/dangjin?lang=en")


def test_unknown_site_and_bad_addresses(relay, relay_clock):
    assert relay.get("/live/nowhere").status_code == 404
    assert "이 기관의 대기 정보가 없습니다" in page_text(relay, "/live/nowhere")
    assert relay.get("/live/nowhere.json").json["error"] == "not_found"
    assert relay.get("/link/push").status_code == 405


def test_widget_frames_only_in_configured_origins_and_feed_cors(relay, relay_clock):
    push(relay, figures(), relay_clock.now())
    widget = relay.get("/live/dangjin/widget")
    assert widget.status_code == 200 and "X-Frame-Options" not in widget.headers
    assert f"frame-ancestors {ORIGIN}" in widget.headers["Content-Security-Policy"]
    page = relay.get("/live/dangjin")
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY"
    allowed = relay.get("/live/dangjin.json", headers={"Origin": ORIGIN})
    assert allowed.headers["Access-Control-Allow-Origin"] == ORIGIN
    other = relay.get("/live/dangjin.json", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers


def test_the_page_brings_its_fonts_korean_and_thai(relay):
    thai = relay.get("/live/fonts/noto-sans-thai-400.woff2")
    assert thai.status_code == 200 and thai.mimetype == "font/woff2"
    assert relay.get("/live/fonts/pretendard-700.woff2").status_code == 200
    assert relay.get("/live/fonts/..%2Fpackage.json").status_code == 404
    assert "font-src 'self'" in relay.get("/live/dangjin").headers["Content-Security-Policy"]


def test_the_relay_refuses_to_start_without_a_long_secret(tmp_path):
    with pytest.raises(ValueError, match="SUNBEON_RELAY_SECRET"):
        create_relay_app(tmp_path / "relay.db", {"SECRET": "short"})


# ---- what leaves the internal server ------------------------------------------------------

def test_the_pushed_figures_carry_no_visitor_data(app, tokens, engine, clock):
    kiosk = BearerClient(app.test_client(), tokens["kiosk-1f"])
    services = {s["names"]["ko"]: s["id"] for s in kiosk.get("/api/v1/services").json["services"]}
    numbers = [kiosk.post("/api/v1/tickets", json={"service_id": services["여권"]}).json["ticket"]
               for _ in range(3)]
    for ticket in numbers:  # visitors who gave a phone number and a ticket code
        assert kiosk.post(f"/api/v1/tickets/{ticket['id']}/notices", json={
            "phone": "010-9876-5432", "consent": True}).status_code == 201
    payload = public_waits(engine, clock.now())
    Push.model_validate(payload)  # nothing but the fields the relay takes
    text = json.dumps(payload, ensure_ascii=False)
    for ticket in numbers:
        assert f'"{ticket["display_number"]}"' not in text
        assert engine.ticket(ticket["id"])["public_code"] not in text
    assert "9876" not in text and "phone" not in text and "name\"" not in text
    dangjin = next(s for s in payload["sites"] if s["code"] == "dangjin")
    passport = next(s for s in dangjin["services"] if s["id"] == services["여권"])
    assert passport["waiting"] == 3 and passport["issuing"]["open"] is True


def test_the_relay_imports_nothing_of_the_internal_server():
    for path in (ROOT / "server/public").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level:
                assert node.level == 1, f"{path.name} imports from outside server/public"
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) \
                    else [node.module or ""]
                assert not any(n.startswith("server") for n in names), path.name


# ---- two real processes -------------------------------------------------------------------

def _until(predicate, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("not within the time")


def test_the_internal_server_pushes_outward_and_the_page_follows_it(tmp_path):
    relay = RelayProcess(tmp_path / "relay.db",
                         env={"SUNBEON_RELAY_STALE_SECONDS": "3"}).start()
    server = ServerProcess(tmp_path / "internal.db", env={
        "SUNBEON_PUBLIC_RELAY_URL": relay.url, "SUNBEON_PUBLIC_RELAY_SECRET": SECRET,
        "SUNBEON_PUBLIC_RELAY_SECONDS": "1"})
    seen: list[tuple[int, int]] = []

    def feed():
        seen.extend(relay.connections())
        answer = requests.get(relay.url + "/live/dangjin.json", timeout=5)
        return answer.json() if answer.ok else None

    def passport(figures):
        return next(s for s in figures["services"] if s["names"]["ko"] == "여권")
    try:
        server.start()
        assert _until(feed)["stale"] is False
        kiosk = requests.Session()
        kiosk.headers["Authorization"] = f"Bearer {server.tokens['kiosk-1f']}"
        services = {s["names"]["ko"]: s["id"] for s in
                    kiosk.get(server.url + "/api/v1/services").json()["services"]}
        for _ in range(3):
            assert kiosk.post(server.url + "/api/v1/tickets",
                              json={"service_id": services["여권"]}).status_code == 201
        _until(lambda: passport(feed())["waiting"] == 3)
        page = requests.get(relay.url + "/live/dangjin", timeout=5).text
        assert "3명" in page

        officer = ConsoleSession()
        assert officer.post(server.url + "/api/v1/auth/login",
                            json={"login": "staff4", "password": "sunbeon-demo"}).ok
        assert officer.post(server.url + "/api/v1/counters/4/call-next").ok
        called = time.monotonic()
        _until(lambda: passport(feed())["waiting"] == 2, timeout=5)
        assert time.monotonic() - called < 5

        # A push forged from outside changes nothing.
        forged = json.dumps({**feed(), "sites": []}).encode()
        answer = requests.post(relay.url + "/link/push", data=forged, headers=link.signed_headers(
            "not-the-secret-" * 3, "POST", "/link/push", forged, time.time()), timeout=5)
        assert answer.status_code == 401
        assert passport(feed())["waiting"] == 2

        last = feed()["as_of"][11:16]
        server.stop()
        _until(lambda: feed()["stale"], timeout=15)
        text = requests.get(relay.url + "/live/dangjin", timeout=5).text
        assert STALE_KO.format(last) in text or STALE_KO.format(feed()["as_of"][11:16]) in text
        assert "2명" in text
    finally:
        server.stop()
        relay.stop()
    # The relay held no route in: every TCP socket it ever had was its own listening one
    # or one accepted on it, none towards the internal server's port.
    assert seen and all(local == relay.port for local, _remote in seen), seen
    assert all(remote != server.port for _local, remote in seen)
