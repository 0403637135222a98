"""The visitor's kiosk language through a visit: kept on the ticket (a preference for this
visit), shown to the desk, listed by counters, preferred by call-next when the site turns
that on (never over a due appointment or the priority rule), and announced by the board
after Korean."""

from __future__ import annotations

import json

import pytest

from tests.conftest import STORES
from tests.test_admin_api import config_rows


# The ordering rule holds on both stores.
on_both_stores = pytest.mark.parametrize("store_kind", STORES)

# Counter 1 serves 주민등록 등·초본, 인감증명 and 가족관계 증명; counter 4 serves 여권.


def issue(engine, service_id, **kwargs) -> dict:
    return engine.issue(service_id, **kwargs)[0]


def set_up(store, *, prefer: bool, languages: list[str], counter_id: int = 1) -> None:
    with store.write() as tx:
        settings = json.loads(tx.one("SELECT settings FROM sites WHERE id = 1")["settings"])
        tx.execute("UPDATE sites SET settings = ? WHERE id = 1",
                   (json.dumps({**settings, "prefer_language_match": prefer}),))
        tx.execute("UPDATE counters SET languages = ? WHERE id = ?",
                   (json.dumps(languages), counter_id))


def call_order(engine, count: int, counter_id: int = 1) -> list[int]:
    order = []
    for _ in range(count):
        ticket = engine.call_next(counter_id)
        order.append(ticket["id"])
        engine.finish(ticket["id"])
    return order


# ---- the ticket keeps its language ----------------------------------------------------

@on_both_stores
def test_the_ticket_keeps_the_kiosk_language(engine, service_ids):
    resident = service_ids["주민등록 등·초본"]
    assert issue(engine, resident)["lang"] == "ko"
    ticket = issue(engine, resident, lang="vi")
    assert ticket["lang"] == "vi" and engine.describe(engine.ticket(ticket["id"]))["lang"] == "vi"


# ---- call-next with and without the setting -------------------------------------------

@on_both_stores
def test_without_the_setting_a_language_counter_calls_in_arrival_order(engine, store,
                                                                        service_ids):
    resident, seal = service_ids["주민등록 등·초본"], service_ids["인감증명"]
    set_up(store, prefer=False, languages=["vi"])
    korean = issue(engine, resident)
    vietnamese = issue(engine, seal, lang="vi")
    assert call_order(engine, 2) == [korean["id"], vietnamese["id"]]


@on_both_stores
def test_with_the_setting_a_counter_calls_the_oldest_ticket_in_its_languages_first(
        engine, store, service_ids):
    resident, seal = service_ids["주민등록 등·초본"], service_ids["인감증명"]
    set_up(store, prefer=True, languages=["vi", "zh"])
    korean = issue(engine, resident)
    english = issue(engine, resident, lang="en")     # not a language of this counter
    chinese = issue(engine, seal, lang="zh")
    vietnamese = issue(engine, resident, lang="vi")
    assert call_order(engine, 4) == [chinese["id"], vietnamese["id"], korean["id"], english["id"]]


@on_both_stores
def test_with_the_setting_a_counter_without_languages_keeps_arrival_order(engine, store,
                                                                          service_ids):
    passport = service_ids["여권"]
    set_up(store, prefer=True, languages=["vi"])         # counter 1 lists vi, counter 4 none
    korean = issue(engine, passport)
    vietnamese = issue(engine, passport, lang="vi")
    assert call_order(engine, 2, counter_id=4) == [korean["id"], vietnamese["id"]]


@on_both_stores
def test_the_language_never_goes_before_a_due_appointment_or_a_priority_visitor(
        engine, clock, store, service_ids):
    resident = service_ids["주민등록 등·초본"]
    set_up(store, prefer=True, languages=["vi"])
    vietnamese = issue(engine, resident, lang="vi")
    priority = issue(engine, resident, priority=True)
    due = issue(engine, resident, appointment_at=clock.now() + 60)
    priority_vietnamese = issue(engine, resident, priority=True, lang="vi")
    assert call_order(engine, 4) == [due["id"], priority_vietnamese["id"], priority["id"],
                                     vietnamese["id"]]


@on_both_stores
def test_the_language_never_breaks_the_priority_streak_rule(engine, store, service_ids):
    # After three priority calls in a row a normal visitor goes first: the Korean one who
    # came first stays behind the Vietnamese one of the same (normal) rank, nothing more.
    resident = service_ids["주민등록 등·초본"]
    set_up(store, prefer=True, languages=["vi"])
    korean = issue(engine, resident)
    vietnamese = issue(engine, resident, lang="vi")
    priorities = [issue(engine, resident, priority=True) for _ in range(4)]
    assert call_order(engine, 6) == [*(p["id"] for p in priorities[:3]), vietnamese["id"],
                                     priorities[3]["id"], korean["id"]]


@on_both_stores
def test_a_ticket_sent_to_the_counter_is_preferred_in_its_language_too(engine, store,
                                                                      service_ids):
    resident, passport = service_ids["주민등록 등·초본"], service_ids["여권"]
    set_up(store, prefer=True, languages=["vi"])
    korean = issue(engine, resident)
    sent = issue(engine, passport, lang="vi")          # counter 1 does not serve 여권
    engine.transfer(sent["id"], counter_id=1)
    assert call_order(engine, 2) == [sent["id"], korean["id"]]


def test_the_desk_marks_the_language_matched_ticket_as_next(app, store, signed_in, kiosk,
                                                            service_ids):
    resident = service_ids["주민등록 등·초본"]
    set_up(store, prefer=True, languages=["vi"])
    for lang in ("ko", "vi"):
        assert kiosk.post("/api/v1/tickets", json={"service_id": resident, "lang": lang}
                          ).status_code == 201
    queue = signed_in("staff1").get("/api/v1/desk").json["queue"]
    assert [(t["lang"], bool(t.get("next"))) for t in queue] == [("ko", False), ("vi", True)]


# ---- the API --------------------------------------------------------------------------

def test_a_kiosk_ticket_records_its_language_and_an_unknown_one_is_refused(
        kiosk, store, service_ids):
    resident = service_ids["주민등록 등·초본"]
    made = kiosk.post("/api/v1/tickets", json={"service_id": resident, "lang": "vi"})
    assert made.status_code == 201 and made.json["ticket"]["lang"] == "vi"
    assert store.one("SELECT lang FROM tickets WHERE id = ?",
                     (made.json["ticket"]["id"],))["lang"] == "vi"
    count = store.one("SELECT count(*) AS n FROM tickets")["n"]
    refused = kiosk.post("/api/v1/tickets", json={"service_id": resident, "lang": "xx"})
    assert refused.status_code == 400 and refused.json["error"] == "invalid_request"
    assert store.one("SELECT count(*) AS n FROM tickets")["n"] == count


def test_a_counter_lists_known_foreign_languages_only(signed_in, store):
    admin = signed_in("admin")
    saved = admin.patch("/api/v1/admin/counters/1", json={"languages": ["vi", "zh", "vi"]})
    assert saved.status_code == 200 and saved.json["item"]["languages"] == ["vi", "zh"]
    before = config_rows(store)
    for bad in (["xx"], ["ko"], "vi", ["vi"] * 6, [1]):
        refused = admin.patch("/api/v1/admin/counters/1", json={"languages": bad})
        assert refused.status_code == 400, bad
        assert refused.json["error"] == "invalid_request" and refused.json["message"]
    assert config_rows(store) == before
    made = admin.post("/api/v1/admin/counters?site_id=1",
                      json={"number": 77, "languages": ["th"]})
    assert made.status_code == 201 and made.json["item"]["languages"] == ["th"]
    listed = admin.get("/api/v1/admin/counters?site_id=1").json["items"]
    assert {c["number"]: c["languages"] for c in listed}[77] == ["th"]


def test_the_site_setting_is_off_by_default_and_turned_on_by_the_admin(signed_in, engine):
    assert engine.site(1)["settings"]["prefer_language_match"] is False
    admin = signed_in("admin")
    refused = admin.patch("/api/v1/admin/sites/1",
                          json={"settings": {"prefer_language_match": "maybe"}})
    assert refused.status_code == 400
    saved = admin.patch("/api/v1/admin/sites/1", json={"settings": {"prefer_language_match": True}})
    assert saved.status_code == 200
    assert engine.site(1)["settings"]["prefer_language_match"] is True


# ---- the board's words ----------------------------------------------------------------

def test_the_board_announces_a_foreign_ticket_in_korean_then_its_language(
        app, kiosk, signed_in, service_ids):
    kiosk.post("/api/v1/tickets", json={"service_id": service_ids["여권"], "lang": "vi"})
    ticket = signed_in("staff4").post("/api/v1/counters/4/call-next").json["ticket"]
    client = app.test_client()
    lines = client.get(f"/display/announce/{ticket['id']}/4?also=en,vi").json["lines"]
    assert [(line["lang"], line["voice"]) for line in lines] == [
        ("ko", "ko-KR"), ("vi", "vi-VN"), ("en", "en-US")]
    assert lines[0]["text"] == "이천일 번 고객님, 여권 창구로 오십시오"
    assert lines[1]["text"].startswith("Mời số 2001 đến")
    audio = client.get(lines[1]["audio"])
    assert audio.status_code == 200 and audio.data[:4] == b"RIFF"


def test_a_korean_ticket_is_announced_in_korean_alone(app, kiosk, signed_in, service_ids):
    kiosk.post("/api/v1/tickets", json={"service_id": service_ids["여권"]})
    ticket = signed_in("staff4").post("/api/v1/counters/4/call-next").json["ticket"]
    lines = app.test_client().get(f"/display/announce/{ticket['id']}/4").json["lines"]
    assert [line["lang"] for line in lines] == ["ko"]
