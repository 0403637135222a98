"""The way to an office on a phone outside the building (docs/public.md, The way to an
office): with a public relay, the kiosk's QR code opens the relay's copy of /v/route, and
asking for the QR code has the public link push that way (both step-free choices, every
language) to the relay, which shows the same page from what it holds."""

from __future__ import annotations

import io
import json
import re
import sqlite3
from html import unescape

import pytest
import segno

from server.app import create_app
from server.infra.store import LANGUAGES
from server.public import link
from server.public.relay import create_relay_app
from server.visitor import catalog
from server.workers.public_link import LinkDown
from tests.support.relay import SECRET
from tests.test_public_relay import figures, push

RELAY_URL = "https://live.dangjin.go.kr"
INTERNAL_URL = "https://minwon.dangjin.internal"
BUILDING, CIVIL = 5, 1       # 건축과 (3rd floor, two floors drawn) and another office
NOT_RECEIVED = {"ko": "경로를 아직 받지 못했습니다. 잠시 후 다시 열어 주세요.",
                "vi": "Chưa nhận được đường đi. Vui lòng mở lại trang này sau ít phút."}


@pytest.fixture
def relay_clock(clock):
    return clock


@pytest.fixture
def relay_app(tmp_path, relay_clock):
    return create_relay_app(tmp_path / "relay.db", {"SECRET": SECRET, "STALE_SECONDS": 30},
                            clock=relay_clock.now)


@pytest.fixture
def relay(relay_app):
    return relay_app.test_client()


@pytest.fixture
def linked_app(database, db_path, clock):
    """The internal server with a relay configured; its public link is driven by hand."""
    app = create_app(database, clock=clock, home=db_path.parent, config={
        "TESTING": True, "PUBLIC_RELAY_URL": RELAY_URL + "/", "PUBLIC_RELAY_SECRET": SECRET,
        "PUBLIC_URL": INTERNAL_URL})
    yield app
    app.extensions["sunbeon.workers"].stop(drain=False)
    app.extensions["sunbeon.store"].close_thread_connection()


@pytest.fixture
def pushes(linked_app, relay, relay_clock) -> list[dict]:
    """The public link's requests go, signed, to the relay's test client; the bodies of
    its pushes are kept here."""
    sent: list[dict] = []

    def request(method: str, target: str, body: bytes) -> dict:
        if target == "/link/push":
            sent.append(json.loads(body))
        headers = {"Content-Type": "application/json",
                   **link.signed_headers(SECRET, method, target, body, relay_clock.now())}
        answer = relay.open(target, method=method, data=body or None, headers=headers)
        if answer.status_code >= 400:
            raise LinkDown(f"the relay answered {answer.status_code}")
        return answer.json
    linked_app.extensions["sunbeon.public_link"]._request = request
    return sent


@pytest.fixture
def kiosk_place(store) -> int:
    return store.one("SELECT f.id FROM map_features f JOIN devices d ON d.id = f.device_id "
                     "WHERE d.name = 'kiosk-1f' AND f.feature_type = 'kiosk'")["id"]


def qr_of(address: str) -> bytes:
    svg = io.BytesIO()
    segno.make(address, error="m").save(svg, kind="svg", scale=8, border=2, title="QR")
    return svg.getvalue()


def steps_on(page: str) -> list[str]:
    listed = re.search(r'<ol class="way" id="steps">(.*?)</ol>', page, re.S).group(1)
    return [unescape(text) for text in re.findall(r"<li[^>]*>(.*?)</li>", listed)]


def show_qr(app, query: str):
    return app.test_client().get(f"/v/route/qr.svg?{query}")


def test_the_qr_code_opens_the_relay_when_one_is_configured(linked_app, app, kiosk_place):
    query = f"from={kiosk_place}&to={BUILDING}&lang=vi&step_free=1"
    answer = show_qr(linked_app, query)
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "no-cache"   # every showing asks the server
    assert answer.data == qr_of(f"{RELAY_URL}/live/dangjin/route?{query}")
    # Without a relay, the internal page as before.
    assert show_qr(app, query).data == qr_of(f"http://localhost/v/route?{query}")
    # A start on no map names no site: no QR code (the relay's address names the site).
    assert show_qr(linked_app, f"from=999999&to={BUILDING}&lang=ko").status_code == 404


def test_after_the_kiosk_shows_the_qr_the_relay_serves_the_way_in_each_language(
        linked_app, relay, pushes, kiosk_place):
    internal = linked_app.test_client()
    show_qr(linked_app, f"from={kiosk_place}&to={BUILDING}&lang=ko")
    linked_app.extensions["sunbeon.public_link"].push()
    for lang in LANGUAGES:
        for step_free in ("", "&step_free=1"):
            query = f"from={kiosk_place}&to={BUILDING}&lang={lang}{step_free}"
            page = relay.get(f"/live/dangjin/route?{query}")
            assert page.status_code == 200, query
            html = page.get_data(as_text=True)
            same = internal.get(f"/v/route?{query}").get_data(as_text=True)
            assert f'<html lang="{lang}">' in html
            assert steps_on(html) == steps_on(same) and steps_on(html)
            # The same page: its title, the office, the language links and the choice.
            for part in (re.search(r"<h1>.*?</h1>", same).group(0),
                         re.search(r'<nav class="way-choice".*?</nav>', same, re.S).group(0),
                         re.search(r'<nav class="langs".*?</nav>', same, re.S).group(0)):
                assert part in html
            drawing = json.loads(re.search(r'id="route-drawing">(.*?)</script>', html,
                                           re.S).group(1))
            assert [floor["floor"] for floor in drawing] == [1, 3]
            assert "<image" not in html and "/media/" not in html   # the blank plan
    step_free = relay.get(f"/live/dangjin/route?from={kiosk_place}&to={BUILDING}&lang=en"
                          "&step_free=1").get_data(as_text=True)
    assert any("lift" in s.lower() or "elevator" in s.lower() for s in steps_on(step_free))
    # The page's script, stylesheets and fonts come from the relay itself.
    for asset in re.findall(r'(?:href|src)="(/[^"]+)"', step_free):
        assert relay.get(asset).status_code == 200, asset
    assert relay.get("/static/common/routemap.js").status_code == 200
    assert relay.get("/static/common/dom.js").status_code == 200
    assert relay.get("/static/common/kiosk.css").status_code == 404
    assert relay.get("/vendor/leaflet/leaflet.js").status_code == 404


def test_ways_asked_together_go_in_one_push_and_once_a_day(linked_app, pushes, kiosk_place,
                                                           clock):
    worker = linked_app.extensions["sunbeon.public_link"]
    worker._wake.clear()
    show_qr(linked_app, f"from={kiosk_place}&to={BUILDING}&lang=ko")
    assert worker._wake.is_set()             # the worker pushes now, not in its own time
    show_qr(linked_app, f"from={kiosk_place}&to={CIVIL}&lang=vi")
    show_qr(linked_app, f"from={kiosk_place}&to={BUILDING}&lang=en&step_free=1")
    worker.push()
    assert sorted((w["department"], w["step_free"]) for w in pushes[-1]["routes"]) == [
        (CIVIL, False), (CIVIL, True), (BUILDING, False), (BUILDING, True)]
    assert set(pushes[-1]["routes"][0]["texts"]) == set(LANGUAGES)
    show_qr(linked_app, f"from={kiosk_place}&to={BUILDING}&lang=th")  # again, the same day
    worker.push()
    assert pushes[-1]["routes"] == []
    clock.advance(24 * 3600)                                          # the next day
    show_qr(linked_app, f"from={kiosk_place}&to={BUILDING}&lang=ko")
    worker.push()
    assert {w["department"] for w in pushes[-1]["routes"]} == {BUILDING}


def test_a_way_asked_of_another_process_of_a_cluster_is_pushed_by_the_leader(
        linked_app, relay, pushes, kiosk_place, database, db_path, clock):
    """A kiosk's request reaches any process; only the cluster's leader runs the link."""
    other = create_app(database, clock=clock, home=db_path.parent, config={
        "TESTING": True, "PUBLIC_RELAY_URL": RELAY_URL, "PUBLIC_RELAY_SECRET": SECRET})
    try:
        query = f"from={kiosk_place}&to={BUILDING}&lang=ko"
        assert show_qr(other, query).status_code == 200
        show_qr(other, query)                                 # asked once a day
        linked_app.extensions["sunbeon.public_link"].push()   # the leader's next push
        assert {w["department"] for w in pushes[-1]["routes"]} == {BUILDING}
        assert relay.get(f"/live/dangjin/route?{query}").status_code == 200
        # Asked of the leader too that day: held already, not pushed again.
        show_qr(linked_app, query)
        linked_app.extensions["sunbeon.public_link"].push()
        assert pushes[-1]["routes"] == []
    finally:
        other.extensions["sunbeon.workers"].stop(drain=False)


def test_a_way_not_pushed_when_the_link_was_down_goes_with_the_next_push(
        linked_app, relay, pushes, kiosk_place):
    worker = linked_app.extensions["sunbeon.public_link"]
    working = worker._request

    def down(method, target, body):
        raise LinkDown("the relay cannot be reached (test)")
    worker._request = down
    show_qr(linked_app, f"from={kiosk_place}&to={BUILDING}&lang=ko")
    with pytest.raises(LinkDown):
        worker.push()
    query = f"from={kiosk_place}&to={BUILDING}&lang=ko"
    assert relay.get(f"/live/dangjin/route?{query}").status_code == 404
    worker._request = working
    worker.push()
    assert relay.get(f"/live/dangjin/route?{query}").status_code == 200


@pytest.mark.parametrize("lang", ["ko", "vi"])
def test_a_way_the_relay_does_not_hold_is_a_kind_404_and_a_bad_address_a_400(
        relay, relay_clock, lang):
    push(relay, figures(), relay_clock.now())
    page = relay.get(f"/live/dangjin/route?from=12&to=5&lang={lang}")
    assert page.status_code == 404 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert NOT_RECEIVED[lang] in html and f'<html lang="{lang}">' in html
    # Its language links keep the address: the way may have arrived meanwhile.
    assert 'href="?from=12&amp;to=5&amp;lang=th"' in html
    for query in ("from=x&to=5", "to=5", "from=12&to=5&step_free=maybe", "from=0&to=5"):
        bad = relay.get(f"/live/dangjin/route?{query}&lang={lang}")
        assert bad.status_code == 400, query
        assert catalog(lang)["route.missing"] in bad.get_data(as_text=True)
    assert relay.get("/live/nowhere/route?from=12&to=5").status_code == 404


def test_the_relay_forgets_a_way_after_a_day_and_a_half(linked_app, relay, relay_clock,
                                                         pushes, kiosk_place):
    show_qr(linked_app, f"from={kiosk_place}&to={BUILDING}&lang=ko")
    linked_app.extensions["sunbeon.public_link"].push()
    query = f"/live/dangjin/route?from={kiosk_place}&to={BUILDING}&lang=ko"
    assert relay.get(query).status_code == 200
    relay_clock.advance(37 * 3600)
    assert relay.get(query).status_code == 404


def _held_way(pushes) -> dict:
    return json.loads(json.dumps(pushes[-1]["routes"][0]))


@pytest.mark.parametrize("spoil", [
    lambda w: w.update(device_id=3),                                  # a field it does not show
    lambda w: w["texts"]["ko"].update(phone="010-1234-5678"),
    lambda w: w["drawing"][0].update(svg="<svg>" + "x" * 200_001 + "</svg>"),  # too large
    lambda w: w["texts"]["ko"]["steps"].extend([w["texts"]["ko"]["steps"][0]] * 101),
    lambda w: w.update(site="Dangjin City"),                          # not a site code
    lambda w: w["texts"].update(xx=w["texts"]["ko"]),                 # not a language
    lambda w: w.update(start="12"),
], ids=["device", "phone", "svg", "steps", "site", "language", "start"])
def test_a_malformed_way_is_refused_and_changes_nothing(linked_app, relay, relay_clock,
                                                        pushes, kiosk_place, spoil):
    show_qr(linked_app, f"from={kiosk_place}&to={BUILDING}&lang=ko")
    linked_app.extensions["sunbeon.public_link"].push()
    query = f"/live/dangjin/route?from={kiosk_place}&to={BUILDING}&lang=ko"
    before = relay.get(query).get_data(as_text=True)
    way = _held_way(pushes)
    way["texts"]["ko"]["office"]["text"] = "바뀐 이름"
    spoil(way)
    body = {**figures(generated_at=relay_clock.now() + 1), "routes": [way]}
    answer, _ = push(relay, body, relay_clock.now())
    assert answer.status_code == 400 and answer.json["error"] == "invalid"
    assert relay.get(query).get_data(as_text=True) == before


def test_what_the_relay_holds_of_a_way_is_public_map_information_only(
        linked_app, relay_app, relay, pushes, kiosk_place, tmp_path, store):
    show_qr(linked_app, f"from={kiosk_place}&to={BUILDING}&lang=ko")
    linked_app.extensions["sunbeon.public_link"].push()
    with sqlite3.connect(tmp_path / "relay.db") as db:
        held = [row[0] for row in db.execute("SELECT way FROM routes")]
    assert len(held) == 2
    text = "\n".join(held)
    for internal in ("minwon.dangjin.internal", "localhost", "127.0.0.1", "/media/", "/api/",
                     "<image", "device", "token"):
        assert internal not in text, internal
    way = json.loads(held[0])
    assert set(way) == {"site", "start", "department", "step_free", "drawing", "texts"}
    assert set(way["drawing"][0]) == {"floor", "floor_name", "label", "svg"}
    # No id of the kiosk device, nor of any map feature but the start in the address.
    kiosk_device = store.one("SELECT device_id FROM map_features WHERE id = ?",
                             (kiosk_place,))["device_id"]
    assert f'"device_id": {kiosk_device}' not in text and "level_id" not in text


def test_many_ways_at_once_are_spread_over_pushes(linked_app, pushes, kiosk_place,
                                                  monkeypatch):
    """A push stays under the relay's 1 MB: the ways beyond ROUTES_PER_PUSH go next."""
    monkeypatch.setattr("server.workers.public_link.ROUTES_PER_PUSH", 1)
    worker = linked_app.extensions["sunbeon.public_link"]
    show_qr(linked_app, f"from={kiosk_place}&to={BUILDING}&lang=ko")
    show_qr(linked_app, f"from={kiosk_place}&to={CIVIL}&lang=ko")
    worker._wake.clear()
    worker.push()
    assert {w["department"] for w in pushes[-1]["routes"]} == {BUILDING}
    assert worker._wake.is_set()             # the rest soon, not in the worker's own time
    worker.push()
    assert {w["department"] for w in pushes[-1]["routes"]} == {CIVIL}
    assert len(json.dumps(pushes[-2])) < 1024 * 1024 / 6
