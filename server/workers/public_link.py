"""The link to the public relay (docs/public.md): the internal server's side.

Once per cluster, this worker POSTs the public figures of every site to the relay
(`SUNBEON_PUBLIC_RELAY_URL`/link/push), signed with the shared secret
(`SUNBEON_PUBLIC_RELAY_SECRET`, server/public/link.py), every few seconds and soon after
a change, then asks the relay for the visitors' requests it queued (/link/collect). Every
connection goes outward, from here to the relay: the relay needs no address of this
server and none of its ports is opened to it. When the relay cannot be reached, the worker
tries again later and later (up to a minute); the relay shows its last figures as old.

What leaves is counts, ranges and hours (public_waits): never a ticket, a name or a
phone number. And the ways to offices a kiosk showed a QR code for (public_route), so that
the relay can show the route page to a phone outside the building: names, floors, rooms,
steps and the floors' drawing, public map information only.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime
from typing import Callable
from zoneinfo import ZoneInfo

from ..admin import entrance
from ..infra.store import LANGUAGES
from ..maps import routemap
from ..public import link
from ..public.route import BadRoute, RouteAsked
from ..queue import QueueError, remote
from ..visitor import notices
from ..visitor import route as phone_route
from . import LoopThread

log = logging.getLogger(__name__)

PUSH_SECONDS = 5.0      # a push at least this often: the relay knows the link is up
SETTLE_SECONDS = 0.5    # a burst of changes makes one push
BACKOFF_MAX_SECONDS = 60.0
ROUTES_PER_PUSH = 6     # a way is about 70 KB (two choices): a push stays well under 1 MB
# app_settings: the ways a kiosk showed the QR code of and not yet pushed, as
# [start, department, site code, day]. In the database, not in memory: a kiosk's request
# reaches any process of a cluster, and only the cluster's leader runs the link.
ROUTES_WANTED = "public_routes_wanted"
TIMEOUT_SECONDS = 10.0


def public_waits(engine, now: float) -> dict:
    """What the public may know of every site now: per service the people waiting, the
    expected wait of a newcomer, the open counters and whether numbers are issued."""
    sites = []
    for public in engine.sites():
        with engine.store.read() as q:
            site = engine.site(public["id"], q)
            office = engine.schedule({"hours": site["hours"]}, site, q)
            services = []
            for service_id in engine.service_ids(site["id"], q):
                service, stats = engine.service(service_id, q), engine.queue_stats(service_id, q)
                estimate, issuing = stats["estimate"], stats["availability"]
                services.append({
                    "id": service_id, "names": service["names"], "waiting": stats["waiting"],
                    "estimate": {k: estimate[k] for k in ("minutes", "low", "high")},
                    "open_counters": q.one(
                        "SELECT count(*) AS n FROM counters c JOIN counter_services cs "
                        "ON cs.counter_id = c.id WHERE cs.service_id = ? "
                        "AND c.staff_id IS NOT NULL", (service_id,))["n"],
                    "issuing": {k: issuing[k] for k in ("open", "reason", "next_open_at")},
                    "remote": remote.refusal(engine, service, q) is None})
        is_open = office.is_open(now)
        opening = None if is_open else office.next_opening(now)
        sites.append({
            "code": site["code"], "names": site["names"], "timezone": site["timezone"],
            "office": {"open": is_open, "next_open_at": _iso(opening, site["timezone"])},
            "services": services})
    return {"version": 1, "generated_at": now, "sites": sites}


def remote_answers(engine) -> list[dict]:
    """The answer for each phone page that holds a remote ticket of today: its number,
    check-in code and place, for that page alone (by its random token)."""
    answers = []
    for public in engine.sites():
        with engine.store.read() as q:
            site = engine.site(public["id"], q)
            for ticket in q.query(
                    "SELECT * FROM tickets WHERE site_id = ? AND day = ? AND channel = 'remote' "
                    "AND remote_token IS NOT NULL ORDER BY issued_at",
                    (site["id"], engine.today(site))):
                answers.append(remote.answer(engine, ticket, q))
    return answers


def public_route(store, site_code: str, asked: RouteAsked) -> dict:
    """What the relay may hold of one way (public.route.Way): its words in each language
    and the floors walked on, drawn on their blank plans. BadRoute(404) when the start or
    the office is no longer on the map."""
    views = {lang: phone_route.view(store, asked, lang) for lang in LANGUAGES}
    return {"site": site_code, "start": asked.start, "department": asked.department,
            "step_free": asked.step_free,
            "drawing": [{"floor": floor["floor"], "floor_name": floor["floor_name"],
                         "label": floor["label"],
                         "svg": routemap.without_plan_image(floor["svg"])}
                        for floor in views["ko"]["drawing"]],
            "texts": {lang: {k: v for k, v in view.items() if k != "drawing"}
                      for lang, view in views.items()}}


def _routes_wanted(q) -> list[list]:
    row = q.one("SELECT value FROM app_settings WHERE key = ?", (ROUTES_WANTED,))
    return json.loads(row["value"]) if row else []


def _keep_routes_wanted(tx, wanted: list[list]) -> None:
    tx.execute("INSERT INTO app_settings (key, value) VALUES (?, ?) ON CONFLICT (key) "
               "DO UPDATE SET value = excluded.value", (ROUTES_WANTED, json.dumps(wanted)))


def _iso(ts: float | None, timezone: str) -> str | None:
    return None if ts is None else datetime.fromtimestamp(ts, ZoneInfo(timezone)).isoformat()


class LinkDown(Exception):
    """The relay could not be reached or refused the request."""


class PublicLink(LoopThread):
    thread_name = "sunbeon-public-link"

    def __init__(self, store, engine, url: str, secret: str, *,
                 push_seconds: float = PUSH_SECONDS, entrance_round: int = 1,
                 on_request: Callable[[dict], None] | None = None):
        if len(secret) < link.MIN_SECRET_LENGTH:
            raise ValueError(f"SUNBEON_PUBLIC_RELAY_SECRET must be at least "
                             f"{link.MIN_SECRET_LENGTH} characters")
        super().__init__()
        self.store, self.engine = store, engine
        self.url, self.secret = url.rstrip("/"), secret
        self.push_seconds = push_seconds
        # The entrance key's round of sites that never changed it (admin/entrance.py).
        self.entrance_round = entrance_round
        # What to do with a visitor's request collected from the relay (by its "kind").
        self.on_request = on_request or self.handle
        # Answers not yet pushed to a refused request, and the id of the last request
        # handled: both in memory, since the relay hands a request again (after a restart,
        # `collected` is 0) until it holds its answer, and it is then decided again.
        self.refusals: dict[str, dict] = {}
        self.collected = 0
        self.pushes = 0
        # Ways, (start, department) -> day, that this process asked for and that it
        # pushed: a way is asked for and pushed once a day.
        self.routes_asked: dict[tuple[int, int], str] = {}
        self.routes_pushed: dict[tuple[int, int], str] = {}
        self._routes_lock = threading.Lock()

    def committed(self, events: list[dict]) -> None:
        """A store subscriber: something changed, push soon."""
        self._wake.set()

    def _run(self, stopping: threading.Event) -> None:
        backoff = 0.0
        try:
            while not stopping.is_set():
                try:
                    self.exchange()
                    if backoff:
                        log.info("public link: the relay answers again")
                    backoff = 0.0
                except Exception as error:  # the relay or the database is away
                    backoff = min(max(1.0, backoff * 2), BACKOFF_MAX_SECONDS)
                    log.warning("public link: %s; next try in %.0f s", error, backoff)
                if backoff:
                    stopping.wait(backoff)
                else:
                    self._wake.wait(self.push_seconds)
                    stopping.wait(SETTLE_SECONDS)
                self._wake.clear()
        finally:
            self.store.close_thread_connection()

    def exchange(self) -> None:
        """One push of the figures, then the requests queued since the last collect; the
        answers to those go out at once in a second push."""
        for site in self.engine.sites():
            remote.hold_and_lapse(self.engine, site["id"])
        self.push()
        answer = self._request("GET", f"/link/collect?after={self.collected}", b"")
        requests = answer.get("requests", [])
        for request in requests:
            self.on_request(request)
            self.collected = request["id"]
        if requests:
            self.push()

    def push(self) -> None:
        refusals = list(self.refusals.values())
        figures = public_waits(self.engine, self.engine.clock.now())
        rounds = {}   # each site's own round once changed in the admin console
        for public in self.engine.sites():
            site = self.engine.site(public["id"])
            rounds[site["code"]] = entrance.site_round(site["settings"], self.entrance_round)
        for site in figures["sites"]:
            site["entrance_key"] = link.entrance_key(self.secret, site["code"],
                                                     str(rounds[site["code"]]))
        figures["answers"] = remote_answers(self.engine) + refusals
        routes, figures["routes"] = self._routes_to_push()
        self._request("POST", "/link/push", json.dumps(figures, ensure_ascii=False).encode())
        for refused in refusals:  # the relay holds them now
            self.refusals.pop(refused["token"], None)
        if routes:                # held by the relay now: not again today
            with self._routes_lock:
                for start, department, _code, day in routes:
                    self.routes_pushed[(start, department)] = day
            with self.store.write() as tx:
                left = [way for way in _routes_wanted(tx) if way not in routes]
                _keep_routes_wanted(tx, left)
            if left:              # more than one push takes: the next one soon
                self._wake.set()
        self.pushes += 1

    def want_route(self, asked: RouteAsked) -> None:
        """A kiosk shows the QR code of this way (pages.route_qr): push it, both step-free
        choices, with the next push (woken now: within a second or so, with any others
        asked meanwhile), unless it was pushed today. BadRoute(404) for a start not on
        the map."""
        site = self.engine.site(phone_route.site_of(self.store, asked))
        key, day = (asked.start, asked.department), self.engine.today(site)
        with self._routes_lock:
            if day in (self.routes_pushed.get(key), self.routes_asked.get(key)):
                return
            self.routes_asked[key] = day
        way = [asked.start, asked.department, site["code"], day]
        with self.store.write() as tx:
            wanted = _routes_wanted(tx)
            if way not in wanted:
                _keep_routes_wanted(tx, wanted + [way])
        self._wake.set()          # in the leader, a push now; elsewhere, its next one

    def _routes_to_push(self) -> tuple[list[list], list[dict]]:
        """Up to ROUTES_PER_PUSH wanted ways not pushed today, and what the relay takes of
        them; a way no longer on the map is dropped."""
        wanted = _routes_wanted(self.store)
        with self._routes_lock:
            pushed = [way for way in wanted if self.routes_pushed.get(tuple(way[:2])) == way[3]]
        routes = pushed + [way for way in wanted if way not in pushed][:ROUTES_PER_PUSH]
        ways = []
        for way in routes:
            if way in pushed:
                continue          # asked again by another process: held already
            start, department, code, _day = way
            try:
                ways += [public_route(self.store, code, RouteAsked(start, department, step_free))
                         for step_free in (False, True)]
            except BadRoute:
                log.info("public link: no way from place %s to department %s to push",
                         start, department)
        return routes, ways

    def handle(self, request: dict) -> None:
        """A visitor's request from the public page (idempotent: a request handed again
        after a lost answer changes nothing)."""
        handler = {"remote_ticket": self.take_remote_ticket,
                   "remote_checkin": self.check_in_remote_ticket}.get(request.get("kind"))
        if handler is None:
            log.warning("public link: no handler for a %r request", request.get("kind"))
            return
        handler(request, request.get("body") or {})

    def check_in_remote_ticket(self, request: dict, body: dict) -> None:
        """The visitor scanned the entrance's QR code with the phone that holds the
        ticket's token: the same check-in as at a kiosk (queue/remote.py)."""
        ticket = self.store.one("SELECT * FROM tickets WHERE remote_token = ?",
                                (str(body.get("token")),))
        site = ticket and self.engine.site(ticket["site_id"])
        if ticket is None or site["code"] != request.get("site"):
            log.warning("public link: a check-in for no ticket of site %r", request.get("site"))
            return
        try:
            remote.check_in(self.engine, ticket["site_id"], ticket["checkin_code"])
        except QueueError as error:  # checked in before (a request handed twice) or lapsed
            log.info("public link: entrance check-in of %s: %s", ticket["display_number"],
                     error.code)

    def take_remote_ticket(self, request: dict, body: dict) -> None:
        token, service_id = body.get("token"), body.get("service_id")
        site = next((s for s in self.engine.sites() if s["code"] == request.get("site")), None)
        try:
            if site is None or not isinstance(service_id, int) or \
                    self.engine.service(service_id)["site_id"] != site["id"]:
                raise remote.refuse("remote_off")
            ticket = remote.take(self.engine, service_id, token=token,
                                 lang=body.get("lang") or "ko")
        except QueueError as error:
            self.refusals[token] = {"token": token, "service_id": service_id or 0,
                                    "state": "refused",
                                    "reason": error.details.get("reason", "invalid")}
            return
        if body.get("phone"):
            try:
                notices.keep_remote_contact(self.engine, ticket, body["phone"],
                                            body.get("lang") or "ko")
            except QueueError as error:  # the visitor still has the number and its page
                log.warning("public link: no notices for a remote ticket: %s", error.code)

    def _request(self, method: str, target: str, body: bytes) -> dict:
        headers = {"Content-Type": "application/json",
                   **link.signed_headers(self.secret, method, target, body, time.time())}
        request = urllib.request.Request(self.url + target, data=body if body else None,
                                         method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            raise LinkDown(f"the relay answered {error.code} to {method} "
                           f"{urllib.parse.urlsplit(target).path}") from None
        except (OSError, ValueError) as error:
            raise LinkDown(f"the relay cannot be reached ({error})") from None
