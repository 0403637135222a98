"""The visitor's side after the kiosk: their own ticket by its private code, "on my way
back", cancelling, and ratings once per ticket that staff never see one by one."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from server.visitor import catalog as visitor_catalog
from tests.test_api import fingerprint, take

CATALOGS = Path(__file__).resolve().parents[1] / "server" / "visitor" / "i18n"


def code_of(ticket: dict) -> str:
    return ticket["link"].rsplit("/", 1)[1]


@pytest.fixture
def visitor(app):
    return app.test_client()


def served(kiosk, signed_in, service_id, counter=1, login="staff1"):
    """A ticket taken at the kiosk, called and finished at a counter: (ticket, code)."""
    ticket = take(kiosk, service_id)
    staff = signed_in(login)
    assert staff.post(f"/api/v1/counters/{counter}/call-next").json["ticket"]["id"] == ticket["id"]
    assert staff.post(f"/api/v1/tickets/{ticket['id']}/finish", json={}).status_code == 200
    return ticket, code_of(ticket)


def test_the_phone_sees_its_own_ticket_and_where_to_go(kiosk, visitor, signed_in, service_ids):
    take(kiosk, service_ids["인감증명"])
    mine = take(kiosk, service_ids["인감증명"])
    view = visitor.get(f"/api/v1/visitor/tickets/{code_of(mine)}").json["ticket"]
    assert view["display_number"] == mine["display_number"] and view["status"] == "waiting"
    assert view["people_ahead"] == 1 and isinstance(view["estimated_minutes"], int)
    # The range the phone shows ("28~43분"), around the same figure.
    assert set(view["estimate"]) == {"minutes", "low", "high", "reason"}
    assert view["estimate"]["low"] <= view["estimated_minutes"] <= view["estimate"]["high"]
    assert view["department"]["floor"] >= 1 and view["department"]["names"]["ko"]
    assert view["can_cancel"] and view["can_return"] and not view["returning"]
    assert view["rating"]["allowed"] is False
    # Nothing that identifies the row, another visitor or the officer.
    assert "id" not in view and "staff_id" not in view and "public_code" not in view
    staff = signed_in("staff1")
    staff.post("/api/v1/counters/1/call-next")
    staff.post("/api/v1/tickets/1/finish", json={})
    staff.post("/api/v1/counters/1/call-next")
    called = visitor.get(f"/api/v1/visitor/tickets/{code_of(mine)}").json["ticket"]
    assert called["status"] == "called" and called["counter"]["number"] == 1
    assert "staff_id" not in called["counter"]


def test_unknown_malformed_and_old_codes_show_nothing(kiosk, visitor, clock, service_ids):
    ticket = take(kiosk, service_ids["인감증명"])
    for code in ("aaaaaaaaaaaa", "x", "../../etc", "a" * 40, "%00"):
        response = visitor.get(f"/api/v1/visitor/tickets/{code}")
        assert response.status_code == 404 and response.json["error"] == "not_found"
    clock.advance(86400)  # the next day: yesterday's link has expired
    assert visitor.get(f"/api/v1/visitor/tickets/{code_of(ticket)}").status_code == 404
    page = visitor.get(f"/t/{code_of(ticket)}")
    assert page.status_code == 404
    text = page.get_data(as_text=True)
    assert ticket["display_number"] not in text and code_of(ticket) not in text


def test_on_my_way_back_is_a_flag_and_an_event_for_staff(app, kiosk, visitor, store,
                                                       signed_in, service_ids):
    from tests.test_realtime import connect, received_events
    officer = connect(app, flask_client=signed_in("staff1"))
    ticket = take(kiosk, service_ids["인감증명"])
    first = visitor.post(f"/api/v1/visitor/tickets/{code_of(ticket)}/returning")
    assert first.status_code == 200 and first.json["ticket"]["returning"] is True
    assert first.json["ticket"]["can_return"] is False
    again = visitor.post(f"/api/v1/visitor/tickets/{code_of(ticket)}/returning")
    assert again.status_code == 200
    assert store.one("SELECT returning_at FROM tickets WHERE id = ?",
                     (ticket["id"],))["returning_at"] is not None
    events = [e for e in received_events(app, officer) if e["type"] == "ticket.returning"]
    assert len(events) == 1 and events[0]["data"]["ticket"]["id"] == ticket["id"]
    rooms = json.loads(store.one("SELECT rooms FROM events WHERE type = 'ticket.returning'")["rooms"])
    assert not any(room.startswith("site:") for room in rooms)  # not for public screens
    assert code_of(ticket) not in json.dumps(events)
    listed = signed_in("staff1").get("/api/v1/tickets?status=waiting").json["tickets"]
    assert [t["returning_at"] is not None for t in listed if t["id"] == ticket["id"]] == [True]


def test_the_visitor_cancels_their_own_ticket_once(kiosk, visitor, service_ids):
    ticket = take(kiosk, service_ids["인감증명"])
    done = visitor.post(f"/api/v1/visitor/tickets/{code_of(ticket)}/cancel")
    assert done.status_code == 200 and done.json["ticket"]["status"] == "cancelled"
    assert done.json["ticket"]["can_cancel"] is False
    again = visitor.post(f"/api/v1/visitor/tickets/{code_of(ticket)}/cancel")
    assert again.status_code == 409 and again.json["error"] == "wrong_status"
    back = visitor.post(f"/api/v1/visitor/tickets/{code_of(ticket)}/returning")
    assert back.status_code == 409


def test_a_phone_rates_once_after_service(kiosk, visitor, signed_in, store, service_ids):
    waiting = take(kiosk, service_ids["인감증명"])
    early = visitor.post(f"/api/v1/visitor/tickets/{code_of(waiting)}/rating", json={"score": 5})
    assert early.status_code == 409 and early.json["error"] == "not_finished"
    staff = signed_in("staff1")
    staff.post("/api/v1/counters/1/call-next")
    staff.post(f"/api/v1/tickets/{waiting['id']}/finish", json={})
    url = f"/api/v1/visitor/tickets/{code_of(waiting)}"
    assert visitor.get(url).json["ticket"]["rating"]["allowed"] is True
    rated = visitor.post(url + "/rating", json={"score": 4, "reasons": ["kind", "quick", "kind"]})
    assert rated.status_code == 201 and rated.json["rating"] == {"score": 4, "reasons": ["kind", "quick"]}
    twice = visitor.post(url + "/rating", json={"score": 1})
    assert twice.status_code == 409 and twice.json["error"] == "already_rated"
    assert visitor.get(url).json["ticket"]["rating"] == {
        "allowed": False, "given": True, "reasons": visitor.get(url).json["ticket"]["rating"]["reasons"]}
    row = store.one("SELECT * FROM ratings")
    assert (row["ticket_id"], row["counter_id"], row["score"], row["channel"]) == (waiting["id"], 1, 4, "phone")
    assert row["staff_id"] is not None and row["service_id"] == service_ids["인감증명"]


def test_bad_ratings_are_refused_without_a_trace(kiosk, visitor, signed_in, store, service_ids):
    ticket, code = served(kiosk, signed_in, service_ids["인감증명"])
    for body in ({"score": 0}, {"score": 6}, {"score": "5"}, {"score": 3, "reasons": ["bribe"]},
                 {"score": 3, "reasons": ["kind"] * 20}, {"score": 3, "comment": "x"}):
        response = visitor.post(f"/api/v1/visitor/tickets/{code}/rating", json=body)
        assert response.status_code == 400, body
    assert store.one("SELECT count(*) AS n FROM ratings")["n"] == 0


def test_a_kiosk_rates_a_recently_finished_ticket_by_its_number(app, kiosk, tokens, signed_in,
                                                               clock, store, service_ids):
    from tests.conftest import BearerClient
    ticket, _ = served(kiosk, signed_in, service_ids["인감증명"])
    number = ticket["display_number"]
    branch = BearerClient(app.test_client(), tokens["kiosk-hapdeok"])
    assert branch.post("/api/v1/ratings", json={"display_number": number, "score": 5}).status_code == 404
    board = BearerClient(app.test_client(), tokens["board-1f"])
    assert board.post("/api/v1/ratings", json={"display_number": number, "score": 5}).status_code == 403
    officer = signed_in("staff1")  # staff never rate on a visitor's behalf
    assert officer.post("/api/v1/ratings", json={"display_number": number, "score": 5}).status_code == 403
    assert kiosk.post("/api/v1/ratings", json={"display_number": "9999", "score": 5}).status_code == 404
    rated = kiosk.post("/api/v1/ratings", json={"display_number": number, "score": 2,
                                                "reasons": ["long_wait"]})
    assert rated.status_code == 201
    again = kiosk.post("/api/v1/ratings", json={"display_number": number, "score": 5})
    assert again.status_code == 409 and again.json["error"] == "already_rated"
    assert store.one("SELECT channel, device_id FROM ratings")["channel"] == "kiosk"
    # Half an hour later a number typed at the kiosk rates nothing.
    later, _ = served(kiosk, signed_in, service_ids["인감증명"])
    clock.advance(31 * 60)
    late = kiosk.post("/api/v1/ratings", json={"display_number": later["display_number"], "score": 1})
    assert late.status_code == 404


def test_only_supervisors_and_admins_see_ratings_and_only_added_up(kiosk, visitor, signed_in,
                                                                   service_ids):
    for score in (5, 4, 1):
        _, code = served(kiosk, signed_in, service_ids["인감증명"])
        visitor.post(f"/api/v1/visitor/tickets/{code}/rating", json={"score": score,
                                                                    "reasons": ["kind"]})
    assert signed_in("staff1").get("/api/v1/ratings/summary").status_code == 403
    assert kiosk.get("/api/v1/ratings/summary?site_id=1").status_code == 403
    summary = signed_in("supervisor").get("/api/v1/ratings/summary").json
    assert summary["count"] == 3 and summary["mean"] == 3.33
    assert summary["scores"] == {"1": 1, "2": 0, "3": 0, "4": 1, "5": 1}
    assert summary["reasons"]["kind"] == 3
    assert summary["counters"] == [{"id": 1, "count": 3, "mean": 3.33}]
    assert len(summary["officers"]) == 1 and summary["officers"][0]["count"] == 3
    assert signed_in("admin").get("/api/v1/ratings/summary?site_id=1&from=2026-12-02&to=2026-12-01").status_code == 400


def test_an_officer_with_too_few_ratings_has_no_line(kiosk, visitor, signed_in, service_ids):
    _, code = served(kiosk, signed_in, service_ids["인감증명"])
    visitor.post(f"/api/v1/visitor/tickets/{code}/rating", json={"score": 1})
    summary = signed_in("supervisor").get("/api/v1/ratings/summary").json
    assert summary["count"] == 1 and summary["officers"] == []


def test_the_page_speaks_the_phones_language_and_says_nothing_without_a_code(kiosk, visitor,
                                                                           service_ids):
    ticket = take(kiosk, service_ids["인감증명"])
    page = visitor.get(f"/t/{code_of(ticket)}", headers={"Accept-Language": "vi-VN,vi;q=0.9"})
    assert page.status_code == 200 and '<html lang="vi">' in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    switched = visitor.get(f"/t/{code_of(ticket)}?lang=th").get_data(as_text=True)
    assert '<html lang="th">' in switched
    fallback = visitor.get(f"/t/{code_of(ticket)}", headers={"Accept-Language": "de"})
    assert '<html lang="ko">' in fallback.get_data(as_text=True)
    assert visitor.get("/visitor/static/ticket.js").status_code == 200


def test_every_catalog_has_every_message_and_reason():
    from server.visitor.ratings import REASONS
    catalogs = {p.stem: json.loads(p.read_text("utf-8")) for p in CATALOGS.glob("*.json")}
    assert set(catalogs) == {"ko", "en", "zh", "vi", "ru", "th"}
    keys = set(catalogs["ko"])
    for lang, catalog in catalogs.items():
        assert set(catalog) == keys, lang
        assert all(isinstance(v, str) and v.strip() for v in catalog.values()), lang
    assert {f"rating.reason.{r}" for r in REASONS} <= keys
    for status in ("waiting", "called", "serving", "held", "done", "no_show", "cancelled"):
        assert f"status.{status}" in keys and f"state.{status}" in keys


def test_refused_visitor_requests_change_nothing(kiosk, visitor, store, service_ids):
    take(kiosk, service_ids["인감증명"])
    before = fingerprint(store)
    for path in ("returning", "cancel", "rating"):
        assert visitor.post(f"/api/v1/visitor/tickets/nosuchcode123/{path}",
                            json={"score": 3}).status_code == 404
    assert fingerprint(store) == before


def test_the_pages_mount_the_phone_page_without_the_api():
    """No circle: the pages (and the phone page in them) never import the API."""
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, server.pages; "
         "print(sorted(m for m in sys.modules if m.startswith('server.api')))"],
        capture_output=True, text=True, check=True, cwd=Path(__file__).parent.parent)
    assert loaded.stdout.strip() == "[]"


def test_the_qr_code_is_made_only_for_a_code_shaped_link(kiosk, visitor, service_ids):
    ticket = take(kiosk, service_ids["인감증명"])
    qr = visitor.get(f"/t/{code_of(ticket)}/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"
    assert visitor.get("/t/<script>/qr.svg").status_code == 404


def test_on_my_way_back_is_offered_near_the_front_or_after_stepping_away(
        kiosk, visitor, signed_in, service_ids):
    taken = [take(kiosk, service_ids["인감증명"]) for _ in range(6)]

    def view(ticket):
        return visitor.get(f"/api/v1/visitor/tickets/{code_of(ticket)}").json["ticket"]

    # Four ahead: simply waiting, so the phone offers it only once the visitor says they
    # stepped away; three ahead is near the front.
    far, near = view(taken[4]), view(taken[3])
    assert (far["people_ahead"], far["return_offer"], far["can_return"]) == (4, "after_away", True)
    assert (near["people_ahead"], near["return_offer"], near["can_return"]) == (3, "now", True)
    signed_in("staff1").post("/api/v1/counters/1/call-next")
    assert view(taken[0])["return_offer"] == "now"                 # called
    visitor.post(f"/api/v1/visitor/tickets/{code_of(taken[4])}/returning")
    said = view(taken[4])
    assert (said["return_offer"], said["can_return"]) == (None, False)
    assert view(taken[4])["timezone"] == "Asia/Seoul"


def test_the_kiosk_gets_the_phone_pages_rating_words(kiosk, signed_in, service_ids):
    ticket, _ = served(kiosk, signed_in, service_ids["인감증명"])
    checked = kiosk.get(f"/api/v1/ratings/ticket?number={ticket['display_number']}").json["ticket"]
    scale = checked["scale"]
    assert [score["score"] for score in scale["scores"]] == [1, 2, 3, 4, 5]
    for lang in ("ko", "en", "zh", "vi", "ru", "th"):
        words = visitor_catalog(lang)
        assert [s["names"][lang] for s in scale["scores"]] == [
            words[f"rating.score.{n}"] for n in range(1, 6)]
        assert [r["names"][lang] for r in scale["reasons"]] == [
            words[f"rating.reason.{reason}"] for reason in checked["reasons"]]
    assert scale["scores"][0]["names"]["ko"] == "매우 불만족"
