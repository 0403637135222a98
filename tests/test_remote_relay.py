"""A number from the phone through the relay (docs/public.md, Remote tickets): the public
page's button and form, the request queued for the internal server, the answer pushed
back for the visitor's token, the abuse limits and the link down; and the internal
server's side of it (server/workers/public_link.py)."""

from __future__ import annotations

import json
import re

import pytest

from server.public import link
from server.public.relay import create_relay_app
from server.queue import remote
from server.workers.public_link import LinkDown, PublicLink, public_waits, remote_answers
from tests.conftest import TUESDAY_10AM
from tests.support.relay import SECRET
from tests.test_public_relay import figures, push
from tests.test_remote_tickets import allow


@pytest.fixture
def relay_clock():
    from server.infra.clock import FixedClock
    return FixedClock(TUESDAY_10AM)


@pytest.fixture
def relay(tmp_path, relay_clock):
    app = create_relay_app(tmp_path / "relay.db", {"SECRET": SECRET, "STALE_SECONDS": 30},
                           clock=relay_clock.now)
    return app.test_client()


def remote_figures(open_=True, answers=()):
    body = figures()
    body["sites"][0]["services"][0]["remote"] = open_
    body["answers"] = list(answers)
    return body


def ask(relay, address="203.0.113.7", **body):
    return relay.post("/live/dangjin/remote", json={"service_id": 1, **body},
                      environ_base={"REMOTE_ADDR": address})


def collect(relay, now, after=0):
    target = f"/link/collect?after={after}"
    return relay.get(target, headers=link.signed_headers(SECRET, "GET", target, b"", now)).json


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_button_shows_for_a_service_open_to_phones_only(relay, relay_clock):
    push(relay, remote_figures(open_=False), relay_clock.now())
    assert "번호표 받기" not in text(relay.get("/live/dangjin").get_data(as_text=True))
    push(relay, remote_figures(), relay_clock.now())
    page = relay.get("/live/dangjin").get_data(as_text=True)
    assert 'href="/live/dangjin/remote/1?lang=ko"' in page and "번호표 받기" in text(page)
    form = relay.get("/live/dangjin/remote/1?lang=vi").get_data(as_text=True)
    assert "Lấy số: Hộ chiếu" in text(form) and 'type="checkbox"' in form


def test_a_request_is_queued_with_its_token_and_the_phone_leaves_with_the_collect(
        relay, relay_clock):
    push(relay, remote_figures(), relay_clock.now())
    answer = ask(relay, phone="010-9876-5432", consent=True)
    assert answer.status_code == 202
    token = answer.json["token"]
    assert answer.json["url"] == f"/live/dangjin/t/{token}?lang=ko"
    assert relay.get(f"/live/dangjin/t/{token}.json").json["state"] == "pending"
    assert "발급하고 있습니다" in text(relay.get(answer.json["url"]).get_data(as_text=True))
    queued = collect(relay, relay_clock.now())["requests"]
    assert [(r["kind"], r["body"]) for r in queued] == [("remote_ticket", {
        "token": token, "service_id": 1, "phone": "01098765432", "lang": "ko"})]
    # Asked for what follows: the request (and the number in it) is gone from the relay.
    assert collect(relay, relay_clock.now(), after=queued[0]["id"])["requests"] == []
    holding = relay.application.extensions["sunbeon.holding"]
    with holding._connect() as db:
        dump = "\n".join(db.iterdump())
    assert "9876" not in dump and token in dump


def test_the_answer_pushed_for_a_token_is_shown_live_in_its_language(relay, relay_clock):
    push(relay, remote_figures(), relay_clock.now())
    token = ask(relay).json["token"]
    answer = {"token": token, "service_id": 1, "state": "not_checked_in",
              "display_number": "2004", "checkin_code": "AC3D4E", "ahead": 3,
              "estimate": {"minutes": 15, "low": 10, "high": 20}, "hold_minutes": 10,
              "reason": None}
    stranger = {**answer, "token": "x" * 24, "display_number": "9999"}
    pushed, _ = push(relay, remote_figures(answers=[answer, stranger]), relay_clock.now())
    assert pushed.status_code == 200
    assert relay.get(f"/live/dangjin/t/{token}.json").json["display_number"] == "2004"
    assert relay.get(f"/live/dangjin/t/{'x' * 24}.json").status_code == 404
    page = text(relay.get(f"/live/dangjin/t/{token}").get_data(as_text=True))
    assert "내 번호 2004" in page and "도착 확인 코드 AC3D4E" in page and "3명" in page
    assert "10~20분" in page
    vi = text(relay.get(f"/live/dangjin/t/{token}/part?lang=vi").get_data(as_text=True))
    assert "Số của bạn 2004" in vi and "Khi đến nơi" in vi
    refused = {"token": token, "service_id": 1, "state": "refused", "reason": "share_used"}
    push(relay, remote_figures(answers=[refused]), relay_clock.now())
    assert "이번 시간에 휴대전화로" in text(relay.get(f"/live/dangjin/t/{token}").get_data(
        as_text=True))


def test_three_a_day_per_network_address_and_per_phone(relay, relay_clock):
    push(relay, remote_figures(), relay_clock.now())
    for _ in range(3):
        assert ask(relay).status_code == 202
    fourth = ask(relay)
    assert fourth.status_code == 429 and fourth.json["error"] == "too_many"
    assert "하루 3번" in fourth.json["message"]
    for n in range(3):  # one phone from three addresses
        assert ask(relay, f"198.51.100.{n}", phone="01011112222",
                   consent=True).status_code == 202
    assert ask(relay, "198.51.100.9", phone="010-1111-2222",
               consent=True).status_code == 429
    assert ask(relay, "198.51.100.9").status_code == 202  # that address is not used up
    relay_clock.advance(24 * 3600)
    push(relay, remote_figures(), relay_clock.now())
    assert ask(relay).status_code == 202  # a new day


def test_link_down_disables_the_button_and_refuses_requests(relay, relay_clock):
    push(relay, remote_figures(), relay_clock.now())
    relay_clock.advance(31)
    page = relay.get("/live/dangjin").get_data(as_text=True)
    assert '<button type="button" class="take" disabled>' in page
    assert "/live/dangjin/remote/1" not in page
    answer = ask(relay)
    assert answer.status_code == 503 and answer.json["error"] == "link_down"
    assert answer.json["message"] == "정보를 갱신하지 못하고 있습니다 (10:00 기준)"
    assert collect(relay, relay_clock.now())["requests"] == []


@pytest.mark.parametrize("body, status, error", [
    ({"service_id": "1"}, 400, "invalid_request"),
    ({"phone": "02-123-4567", "consent": True}, 400, "invalid_phone"),
    ({"phone": "010-1234-5678"}, 400, "consent_required"),
    ({"service_id": 7}, 409, "remote_closed"),
])
def test_bad_requests_are_refused_and_queue_nothing(relay, relay_clock, body, status, error):
    push(relay, remote_figures(), relay_clock.now())
    answer = ask(relay, **body)
    assert answer.status_code == status and answer.json["error"] == error
    assert collect(relay, relay_clock.now())["requests"] == []


def test_a_service_closed_to_phones_takes_no_request(relay, relay_clock):
    push(relay, remote_figures(open_=False), relay_clock.now())
    assert ask(relay).json["error"] == "remote_closed"
    assert relay.post("/live/nowhere/remote", json={"service_id": 1}).status_code == 404


# ---- the internal server's side ----------------------------------------------------------

def test_the_internal_server_decides_a_collected_request_and_answers_its_token(
        engine, store, service_ids, clock):
    passport = service_ids["여권"]
    site = engine.site(engine.service(passport)["site_id"])
    waits = public_waits(engine, clock.now())
    dangjin = next(s for s in waits["sites"] if s["code"] == site["code"])
    assert not next(s for s in dangjin["services"] if s["id"] == passport)["remote"]
    allow(engine, store, passport, remote_share_percent=30)
    waits = public_waits(engine, clock.now())
    dangjin = next(s for s in waits["sites"] if s["code"] == site["code"])
    assert next(s for s in dangjin["services"] if s["id"] == passport)["remote"]

    worker = PublicLink(store, engine, "http://127.0.0.1:9", SECRET)
    request = {"id": 1, "kind": "remote_ticket", "site": site["code"], "body": {
        "token": "tok-" + "a" * 20, "service_id": passport, "phone": "01098765432",
        "lang": "vi"}}
    worker.handle(request)
    worker.handle(request)  # handed twice: still one ticket
    tickets = store.query("SELECT * FROM tickets WHERE channel = 'remote'")
    assert len(tickets) == 1 and tickets[0]["lang"] == "vi"
    assert store.one("SELECT phone FROM notice_contacts WHERE ticket_id = ?",
                     (tickets[0]["id"],))["phone"] == "01098765432"
    answers = remote_answers(engine)
    assert answers == [remote.answer(engine, tickets[0])]
    assert answers[0]["state"] == "not_checked_in" and answers[0]["ahead"] == 0
    assert answers[0]["checkin_code"] == tickets[0]["checkin_code"]
    # The share of the hour is used: the next is refused, with its reason, for its token.
    worker.handle({**request, "body": {**request["body"], "token": "tok-" + "b" * 20}})
    assert worker.refusals["tok-" + "b" * 20] == {
        "token": "tok-" + "b" * 20, "service_id": passport, "state": "refused",
        "reason": "share_used"}
    # Another site's service is not this site's to issue.
    worker.handle({**request, "site": "nowhere", "body": {**request["body"],
                                                           "token": "tok-" + "c" * 20}})
    assert worker.refusals["tok-" + "c" * 20]["reason"] == "remote_off"
    json.dumps(answers)  # what the push carries


def linked(relay, relay_clock, fail_on=()):
    """The worker's requests, signed, to the relay's test client; the calls numbered in
    `fail_on` (from 1) find the link down."""
    calls = []

    def request(method: str, target: str, body: bytes) -> dict:
        calls.append(target)
        if len(calls) in fail_on:
            raise LinkDown("the relay cannot be reached (test)")
        headers = {"Content-Type": "application/json",
                   **link.signed_headers(SECRET, method, target, body, relay_clock.now())}
        answer = relay.open(target, method=method, data=body or None, headers=headers)
        if answer.status_code >= 400:
            raise LinkDown(f"the relay answered {answer.status_code}")
        return answer.json
    return request


def test_an_answer_lost_with_a_restart_of_the_internal_server_is_given_again(
        engine, store, service_ids, relay, relay_clock):
    """A refusal lives in the worker's memory until pushed: when the internal server
    restarts before that, the relay hands the request again and it is decided again;
    once the relay holds an answer, the request is not handed again."""
    passport = service_ids["여권"]
    allow(engine, store, passport, remote_share_percent=30)
    first = PublicLink(store, engine, "http://relay.invalid", SECRET)
    first._request = linked(relay, relay_clock)
    first.push()
    code = engine.site(engine.service(passport)["site_id"])["code"]
    tokens = [relay.post(f"/live/{code}/remote", json={"service_id": passport},
                         environ_base={"REMOTE_ADDR": address}).json["token"]
              for address in ("203.0.113.1", "203.0.113.2")]
    # Push, collect (a ticket for the first, a refusal for the second), then the push of
    # the answers finds the link down; the internal server restarts.
    first._request = linked(relay, relay_clock, fail_on={3})
    with pytest.raises(LinkDown):
        first.exchange()
    assert first.refusals and relay.get(f"/live/{code}/t/{tokens[1]}.json").json["state"] \
        == "pending"
    second = PublicLink(store, engine, "http://relay.invalid", SECRET)
    second._request = linked(relay, relay_clock)
    second.exchange()
    issued = relay.get(f"/live/{code}/t/{tokens[0]}.json").json
    assert issued["state"] == "held_aside" and issued["display_number"]  # nobody is ahead
    refused = relay.get(f"/live/{code}/t/{tokens[1]}.json").json
    assert (refused["state"], refused["reason"]) == ("refused", "share_used")
    assert len(store.query("SELECT id FROM tickets WHERE channel = 'remote'")) == 1
    # Both answered: a third start is handed neither again.
    assert collect(relay, relay_clock.now())["requests"] == []


# ---- check-in by the entrance's QR code ------------------------------------------------

ENTRANCE = link.entrance_key(SECRET, "dangjin")


def entrance_figures(state="not_checked_in", token="tok-" + "e" * 20):
    body = remote_figures(answers=[{"token": token, "service_id": 1, "state": state,
                                    "display_number": "A-101", "checkin_code": "ACD349"}])
    body["sites"][0]["entrance_key"] = ENTRANCE
    return body


def with_answer(relay, relay_clock, state="not_checked_in") -> str:
    """A phone page's token whose answer the relay holds in `state`."""
    push(relay, entrance_figures(), relay_clock.now())
    token = ask(relay).json["token"]
    collect(relay, relay_clock.now(), after=1)  # handled
    push(relay, entrance_figures(state, token), relay_clock.now())
    return token


def check_in(relay, token, entrance=ENTRANCE):
    return relay.post("/live/dangjin/checkin",
                      json={"entrance": entrance, "token": token, "lang": "ko"})


def test_the_entrance_page_opens_with_the_site_s_key_only(relay, relay_clock):
    push(relay, entrance_figures(), relay_clock.now())
    page = relay.get(f"/live/dangjin/checkin?entrance={ENTRANCE}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-action="/live/dangjin/checkin"' in html and "checkin.js" in html
    wrong = relay.get("/live/dangjin/checkin?entrance=" + "0" * 24)
    assert wrong.status_code == 403 and "키오스크" in text(wrong.get_data(as_text=True))
    assert relay.get(f"/live/nowhere/checkin?entrance={ENTRANCE}").status_code == 404
    # The key stays on the relay: neither the feed nor the pages show it.
    assert ENTRANCE not in relay.get("/live/dangjin.json").get_data(as_text=True)
    assert ENTRANCE not in relay.get("/live/dangjin").get_data(as_text=True)


def test_a_check_in_at_the_entrance_is_queued_for_the_internal_server(relay, relay_clock):
    token = with_answer(relay, relay_clock)
    answer = check_in(relay, token)
    assert answer.status_code == 202
    assert answer.json["url"] == f"/live/dangjin/t/{token}?lang=ko"
    queued = collect(relay, relay_clock.now(), after=1)["requests"]
    assert [(r["kind"], r["body"]) for r in queued] == [("remote_checkin", {"token": token})]


@pytest.mark.parametrize("state, entrance, token, status, error", [
    ("not_checked_in", "0" * 24, None, 403, "wrong_entrance"),
    ("not_checked_in", None, None, 403, "wrong_entrance"),
    ("not_checked_in", ENTRANCE, "tok-unknown-0123456789", 404, "no_ticket"),
    ("waiting", ENTRANCE, None, 409, "not_to_check_in"),
    ("lapsed", ENTRANCE, None, 409, "not_to_check_in"),
])
def test_a_check_in_refused_queues_nothing(relay, relay_clock, state, entrance, token,
                                          status, error):
    held = with_answer(relay, relay_clock, state)
    answer = check_in(relay, token or held, entrance)
    assert answer.status_code == status and answer.json["error"] == error
    assert collect(relay, relay_clock.now(), after=1)["requests"] == []


def test_no_check_in_while_the_link_is_down(relay, relay_clock):
    token = with_answer(relay, relay_clock)
    relay_clock.advance(31)
    assert check_in(relay, token).json["error"] == "link_down"


def test_the_internal_server_checks_in_the_ticket_of_the_token(engine, store, service_ids):
    passport = service_ids["여권"]
    allow(engine, store, passport)
    worker = PublicLink(store, engine, "http://127.0.0.1:9", SECRET)
    ticket = remote.take(engine, passport, token="tok-" + "f" * 20)
    site = engine.site(ticket["site_id"])["code"]
    request = {"id": 5, "kind": "remote_checkin", "site": site,
               "body": {"token": "tok-" + "f" * 20}}
    worker.handle({**request, "site": "elsewhere"})  # another site's QR: nothing
    assert engine.ticket(ticket["id"])["status"] == "remote"
    worker.handle(request)
    worker.handle(request)  # handed twice: checked in once, no error
    assert engine.ticket(ticket["id"])["status"] == "waiting"
    # The pushed figures carry each site's entrance key, from the secret and the rotation.
    assert link.entrance_key(SECRET, site) != link.entrance_key(SECRET, site, "2")


def test_the_entrance_qr_command_writes_the_site_s_address(tmp_path, monkeypatch, capsys):
    from server.cli import main
    monkeypatch.setenv("SUNBEON_PUBLIC_RELAY_SECRET", SECRET)
    monkeypatch.setenv("SUNBEON_PUBLIC_ENTRANCE_ROTATION", "2")
    out = tmp_path / "entrance.svg"
    assert main(["entrance-qr", "--site", "dangjin", "--out", str(out),
                 "--public-url", "https://live.example.kr/"]) == 0
    url = f"https://live.example.kr/live/dangjin/checkin?entrance=" \
          f"{link.entrance_key(SECRET, 'dangjin', '2')}"
    assert url in capsys.readouterr().out
    assert out.read_text().startswith("<?xml") and "<svg" in out.read_text()


def test_a_request_after_all_were_handled_gets_a_new_id(relay, relay_clock):
    """The internal server asks for the requests after the last id it handled: an id is
    never given twice, even once every request before was handled and forgotten."""
    push(relay, remote_figures(), relay_clock.now())
    ask(relay, "203.0.113.1")
    (first,) = collect(relay, relay_clock.now())["requests"]
    assert collect(relay, relay_clock.now(), after=first["id"])["requests"] == []
    ask(relay, "203.0.113.2")
    (second,) = collect(relay, relay_clock.now(), after=first["id"])["requests"]
    assert second["id"] > first["id"]
