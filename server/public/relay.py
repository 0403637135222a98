"""`sunbeon relay`: the public host's service (docs/public.md).

It takes the internal server's signed pushes (/link/push), hands it the visitors' queued
requests when it asks (/link/collect), and shows the public wait page of each site
(/live/<site>), its JSON feed (/live/<site>.json), a widget for the city's website
(/live/<site>/widget) and the ways to offices the kiosks showed a QR code for
(/live/<site>/route, the internal /v/route's page). It holds no address of the internal
server and opens no connection to it: every exchange is a request the internal server
makes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import secrets
import time
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import (Blueprint, Flask, Response, abort, jsonify, render_template, request,
                   send_file, send_from_directory, url_for)
from jinja2 import ChoiceLoader, FileSystemLoader
from pydantic import ValidationError

from . import link, route
from .figures import Push
from .holding import Holding
from .messages import LANGUAGES, MESSAGES, NATIVE_NAMES, language, when

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
STALE_SECONDS = 30        # no push for this long: the page says its figures are old
REFRESH_SECONDS = 5       # how often an open page asks for new figures
REMOTE_PER_DAY = 3        # remote tickets asked a day per network address and per phone
MOBILE = re.compile(r"^01[016789][0-9]{7,8}$")
NODE_MODULES = HERE.parents[1] / "node_modules"
# The way to an office is the internal phone page's own (server/visitor: its template,
# words, script and stylesheet), read from the same package: never a copy of it.
VISITOR = HERE.parent / "visitor"
PAGE_TEMPLATES = HERE.parent / "templates"       # fonts.html, which route.html includes
COMMON = HERE.parent / "static" / "common"
ROUTE_SCRIPTS = {"routemap.css", "routemap.js", "fonts.css", "i18n.js", "dom.js", "api.js",
                 "device.js"}   # the common files the route page loads, and their imports
ROUTE_FONTS = {"noto-sans-sc": "@fontsource/noto-sans-sc",
               "noto-sans-thai": "@fontsource/noto-sans-thai",
               "noto-sans": "@fontsource/noto-sans", "krds": "krds-uiux/resources"}
# The faces live.css names, from the front-end libraries (KRDS's Pretendard GOV for
# Korean and Latin, Noto Sans Thai's Thai cut: a visitor's phone may have neither).
FONTS = {
    "pretendard-400.woff2": "krds-uiux/resources/fonts/PretendardGOV-Regular.subset.woff2",
    "pretendard-700.woff2": "krds-uiux/resources/fonts/PretendardGOV-Bold.subset.woff2",
    "noto-sans-thai-400.woff2": "@fontsource/noto-sans-thai/files/noto-sans-thai-thai-400-normal.woff2",
    "noto-sans-thai-700.woff2": "@fontsource/noto-sans-thai/files/noto-sans-thai-thai-700-normal.woff2",
}


def _error(status: int, code: str, message: str) -> Response:
    response = jsonify({"error": code, "message": message})
    response.status_code = status
    return response


def create_relay_app(database: str | Path, config: dict | None = None,
                     clock=time.time) -> Flask:
    app = Flask(__name__, static_folder=str(HERE / "static"), static_url_path="/live/static",
                template_folder=str(HERE / "templates"))
    app.config.update(STALE_SECONDS=STALE_SECONDS, EMBED_ORIGINS="",
                      MAX_CONTENT_LENGTH=1024 * 1024)
    app.config.from_prefixed_env("SUNBEON_RELAY")
    app.config.update(config or {})
    secret = str(app.config.get("SECRET") or "")
    if len(secret) < link.MIN_SECRET_LENGTH:
        raise ValueError(f"the link's secret (SUNBEON_RELAY_SECRET) must be at least "
                         f"{link.MIN_SECRET_LENGTH} characters")
    stale_seconds = float(app.config["STALE_SECONDS"])
    origins = str(app.config["EMBED_ORIGINS"]).replace(",", " ").split()
    holding = Holding(database)
    app.extensions["sunbeon.holding"] = holding
    app.jinja_loader = ChoiceLoader([FileSystemLoader(HERE / "templates"),
                                     FileSystemLoader(VISITOR / "templates"),
                                     FileSystemLoader(PAGE_TEMPLATES)])
    app.register_blueprint(Blueprint("visitor", __name__, static_folder=VISITOR / "static",
                                     static_url_path="/visitor/static"))

    def signed(body: bytes) -> Response | None:
        """A 401 unless the request is the internal server's own, fresh and first."""
        target = request.path + (f"?{request.query_string.decode()}"
                                 if request.query_string else "")
        why = link.refusal(secret, request.headers, request.method, target, body, clock())
        if why is None and not holding.first_use(request.headers[link.NONCE], clock()):
            why = "this request was sent before"
        if why:
            log.warning("relay: refused a link request from %s: %s", request.remote_addr, why)
            return _error(401, "unauthorized", why)
        return None

    @app.post("/link/push")
    def push():
        body = request.get_data()
        refused = signed(body)
        if refused:
            return refused
        try:
            figures = Push.model_validate_json(body)
        except ValidationError as error:
            problem = error.errors()[0]
            where = ".".join(str(p) for p in problem["loc"])
            return _error(400, "invalid", f"{where}: {problem['msg']}")
        held = holding.replace(figures.generated_at, [s.model_dump() for s in figures.sites],
                               clock())
        holding.hold_answers([a.model_dump() for a in figures.answers], clock())
        holding.hold_routes([w.model_dump() for w in figures.routes], clock())
        return jsonify({"held": held, "sites": [s.code for s in figures.sites]})

    @app.get("/link/collect")
    def collect():
        refused = signed(b"")
        if refused:
            return refused
        after = request.args.get("after", "0")
        if not after.isdigit():
            return _error(400, "invalid", "after: the id of the last request handled")
        return jsonify({"requests": holding.requests_after(int(after))})

    def figures_of(code: str) -> tuple[dict, dict]:
        figures, pushed = holding.site(code), holding.link()
        if figures is None or pushed is None:
            abort(404)
        return figures, pushed

    def page(code: str, template: str, **extra) -> Response:
        lang = language(request.args.get("lang"), request.accept_languages)
        figures, pushed = holding.site(code), holding.link()
        view = (site_view(figures, pushed, lang, clock(), stale_seconds)
                if figures and pushed else None)
        html = render_template(template, view=view, lang=lang, t=MESSAGES[lang], code=code,
                               languages=[(c, NATIVE_NAMES[c]) for c in LANGUAGES],
                               refresh_seconds=REFRESH_SECONDS, **extra)
        return Response(html, status=200 if view else 404, mimetype="text/html")

    @app.get("/live/<code>")
    def live(code: str):
        return page(code, "live.html")

    @app.get("/live/<code>/part")
    def live_part(code: str):
        """The figures alone, for the page's script to put in place of the old."""
        return page(code, "waits.html", widget=request.args.get("widget") == "1")

    @app.get("/live/<code>/widget")
    def widget(code: str):
        return page(code, "widget.html")

    @app.get("/live/<code>.json")
    def feed(code: str):
        figures, pushed = figures_of(code)
        stale = clock() - pushed["received_at"] > stale_seconds
        zone = ZoneInfo(figures["timezone"])
        as_of = datetime.fromtimestamp(pushed["generated_at"], zone).isoformat(timespec="seconds")
        public = {k: v for k, v in figures.items() if k != "entrance_key"}
        return jsonify({**public, "as_of": as_of, "stale": stale})

    # ---- a number from the phone (docs/public.md, Remote tickets) -----------------------

    def remote_service(code: str, service_id: int) -> tuple[dict, dict | None]:
        figures = holding.site(code)
        if figures is None:
            abort(404)
        return figures, next((s for s in figures["services"] if s["id"] == service_id), None)

    @app.get("/live/<code>/remote/<int:service_id>")
    def remote_form(code: str, service_id: int):
        figures, service = remote_service(code, service_id)
        if service is None:
            abort(404)
        lang = language(request.args.get("lang"), request.accept_languages)
        view = site_view(figures, holding.link(), lang, clock(), stale_seconds)
        name = service["names"].get(lang) or service["names"]["ko"]
        html = render_template("remote.html", view=view, lang=lang, t=MESSAGES[lang],
                               code=code, service=service, service_name=name,
                               languages=[(c, NATIVE_NAMES[c]) for c in LANGUAGES])
        return Response(html, mimetype="text/html")

    @app.post("/live/<code>/remote")
    def remote_request(code: str):
        """A visitor asks for a number: queued for the internal server, which decides and
        pushes back the answer for the returned token."""
        body = request.get_json(silent=True)
        lang = language((body or {}).get("lang"), request.accept_languages)
        t = MESSAGES[lang]
        if not isinstance(body, dict) or not isinstance(body.get("service_id"), int):
            return _error(400, "invalid_request", "service_id: the service's id")
        figures, service = remote_service(code, body["service_id"])
        pushed = holding.link()
        if pushed is None or clock() - pushed["received_at"] > stale_seconds:
            as_of = site_view(figures, pushed, lang, clock(), stale_seconds)["as_of"]
            return _error(503, "link_down", as_of)
        if service is None or not service.get("remote"):
            return _error(409, "remote_closed", t["remote_closed"])
        phone = "".join(ch for ch in str(body.get("phone") or "") if ch.isdigit())
        if phone and not MOBILE.match(phone):
            return _error(400, "invalid_phone", t["invalid_phone"])
        if phone and body.get("consent") is not True:
            return _error(400, "consent_required", t["consent_needed"])
        keys = [f"ip:{request.remote_addr}"]
        if phone:  # the relay counts a phone by a keyed hash: it keeps no number
            keys.append("phone:" + hmac.new(secret.encode(), phone.encode(),
                                             hashlib.sha256).hexdigest())
        day = datetime.fromtimestamp(clock(), ZoneInfo(figures["timezone"])).date().isoformat()
        if not holding.within_limits(keys, day, REMOTE_PER_DAY):
            return _error(429, "too_many", t["too_many"].format(n=REMOTE_PER_DAY))
        token = secrets.token_urlsafe(18)
        holding.await_answer(token, code, service["id"], clock())
        holding.queue_request("remote_ticket", code, {
            "token": token, "service_id": service["id"], "phone": phone or None,
            "lang": lang}, clock())
        return jsonify({"token": token,
                        "url": url_for("remote_ticket", code=code, token=token, lang=lang)}), 202

    @app.get("/live/<code>/t/<token>.json")
    def remote_answer(code: str, token: str):
        answer = holding.answer(token, code)
        if answer is None:
            abort(404)
        return jsonify(answer)

    @app.get("/live/<code>/t/<token>")
    def remote_ticket(code: str, token: str):
        answer = holding.answer(token, code)
        lang = language(request.args.get("lang"), request.accept_languages)
        figures = holding.site(code)
        if answer is None or figures is None:
            abort(404)
        view = site_view(figures, holding.link(), lang, clock(), stale_seconds)
        html = render_template("ticket.html", view=view, lang=lang, t=MESSAGES[lang],
                               code=code, token=token,
                               mine=ticket_view(answer, figures, MESSAGES[lang], lang),
                               languages=[(c, NATIVE_NAMES[c]) for c in LANGUAGES],
                               refresh_seconds=REFRESH_SECONDS)
        return Response(html, mimetype="text/html")

    @app.get("/live/<code>/t/<token>/part")
    def remote_ticket_part(code: str, token: str):
        answer, figures = holding.answer(token, code), holding.site(code)
        if answer is None or figures is None:
            abort(404)
        lang = language(request.args.get("lang"), request.accept_languages)
        view = site_view(figures, holding.link(), lang, clock(), stale_seconds)
        return Response(render_template(
            "mine.html", view=view, t=MESSAGES[lang], code=code, token=token, lang=lang,
            mine=ticket_view(answer, figures, MESSAGES[lang], lang),
            refresh_seconds=REFRESH_SECONDS), mimetype="text/html")

    # ---- check-in by the entrance's QR code -------------------------------------------

    def entrance_refusal(code: str, key) -> Response | None:
        """A 404 for an unknown site, a 403 unless `key` is the site's entrance key."""
        figures = holding.site(code)
        if figures is None:
            return _error(404, "not_found", "no such site")
        held = figures.get("entrance_key")
        if not held or not isinstance(key, str) or not hmac.compare_digest(held, key):
            lang = language(request.args.get("lang"), request.accept_languages)
            return _error(403, "wrong_entrance", MESSAGES[lang]["entrance_wrong"])
        return None

    @app.get("/live/<code>/checkin")
    def entrance(code: str):
        """The page the entrance's QR code opens: its script finds the ticket's token this
        phone keeps and asks for the check-in."""
        lang = language(request.args.get("lang"), request.accept_languages)
        refused = entrance_refusal(code, request.args.get("entrance"))
        figures = holding.site(code)
        view = site_view(figures, holding.link(), lang, clock(), stale_seconds) \
            if figures and holding.link() else None
        html = render_template("checkin.html", view=view, lang=lang, t=MESSAGES[lang],
                               code=code, entrance=request.args.get("entrance", ""),
                               refused=refused.get_json()["message"] if refused else None,
                               languages=[(c, NATIVE_NAMES[c]) for c in LANGUAGES])
        return Response(html, status=refused.status_code if refused else 200,
                        mimetype="text/html")

    @app.post("/live/<code>/checkin")
    def entrance_checkin(code: str):
        """Queue the check-in of the ticket held by `token` for the internal server, which
        checks it in as a kiosk would (server/workers/public_link.py)."""
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            return _error(400, "invalid_request", "entrance and token: strings")
        refused = entrance_refusal(code, body.get("entrance"))
        if refused:
            return refused
        lang = language(body.get("lang"), request.accept_languages)
        t = MESSAGES[lang]
        token = body.get("token")
        answer = holding.answer(token, code) if isinstance(token, str) else None
        if answer is None:
            return _error(404, "no_ticket", t["entrance_no_ticket"])
        if answer["state"] not in ("not_checked_in", "held_aside"):
            return _error(409, "not_to_check_in", t["entrance_not_now"])
        pushed = holding.link()
        if pushed is None or clock() - pushed["received_at"] > stale_seconds:
            return _error(503, "link_down", t["entrance_link_down"])
        holding.queue_request("remote_checkin", code, {"token": token}, clock())
        return jsonify({"url": url_for("remote_ticket", code=code, token=token, lang=lang)}), 202

    # ---- the way to an office (the kiosk's QR code; docs/visitor.md, The route page) ----

    @app.get("/live/<code>/route")
    def way(code: str):
        """The internal /v/route page, from the way pushed when a kiosk showed its QR
        code: 404 with a kind word while it is not held, 400 for an address naming none."""
        lang = language(request.args.get("lang"), request.accept_languages)
        try:
            wanted = route.asked(request.args)
        except route.BadRoute:
            wanted = None
        held = wanted and holding.route(code, wanted.start, wanted.department,
                                        wanted.step_free, clock())
        html = render_template(
            "visitor/route.html", lang=lang, t=visitor_words(lang),
            languages=[(c, visitor_words(c)["language.name"]) for c in LANGUAGES],
            asked=wanted, route=route.Way.model_validate(held).view(lang) if held else None,
            missing=MESSAGES[lang]["route_not_received"] if wanted else None)
        return Response(html, status=200 if held else 404 if wanted else 400,
                        mimetype="text/html")

    @app.get("/static/common/<name>")
    def route_script(name: str):
        if name not in ROUTE_SCRIPTS:
            abort(404)
        return send_from_directory(COMMON, name, max_age=3600)

    @app.get("/vendor/<package>/<path:filename>")
    def route_font(package: str, filename: str):
        if package not in ROUTE_FONTS:
            abort(404)
        folder = Path(app.config.get("NODE_MODULES", NODE_MODULES)) / ROUTE_FONTS[package]
        return send_from_directory(folder, filename, max_age=86400)

    @app.get("/fonts/cuts.css")
    def route_font_cuts():
        """The internal server's small cuts of its own words: none here, the full faces
        (/vendor/) hold every character."""
        return Response("", mimetype="text/css")

    @app.get("/live/fonts/<name>")
    def font(name: str):
        if name not in FONTS:
            abort(404)
        path = Path(app.config.get("NODE_MODULES", NODE_MODULES)) / FONTS[name]
        if not path.exists():
            abort(404)
        return send_file(path, mimetype="font/woff2", max_age=7 * 24 * 3600)

    @app.get("/healthz")
    def healthz():
        pushed = holding.link()
        return jsonify({"ok": True, "last_push_age": round(clock() - pushed["received_at"], 1)
                        if pushed else None})

    @app.errorhandler(404)
    def not_found(_error_):
        return _error(404, "not_found", "no such address or site")

    @app.errorhandler(405)
    def not_allowed(_error_):
        return _error(405, "method_not_allowed", "this address does not take that method")

    @app.errorhandler(413)
    def too_large(_error_):
        return _error(413, "too_large", "the request is larger than 1 MB")

    @app.after_request
    def headers(response: Response) -> Response:
        framable = request.endpoint == "widget"
        ancestors = " ".join(origins) if framable and origins else "'none'"
        # The route page is the internal one: its empty icon (data:,) asks for no file.
        images = "'self' data:" if request.endpoint == "way" else "'self'"
        response.headers["Content-Security-Policy"] = (
            f"default-src 'none'; script-src 'self'; style-src 'self'; img-src {images}; "
            "font-src 'self'; "
            f"connect-src 'self'; base-uri 'none'; form-action 'none'; "
            f"frame-ancestors {ancestors}")
        if not framable:
            response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        if request.endpoint == "feed":
            response.headers["Vary"] = "Origin"
            origin = request.headers.get("Origin")
            if origin in origins:
                response.headers["Access-Control-Allow-Origin"] = origin
        if request.endpoint != "font" and request.path.startswith(("/live/", "/link/")):
            response.headers["Cache-Control"] = "no-store"
        return response

    return app


@lru_cache(maxsize=None)
def visitor_words(lang: str) -> dict:
    """The phone pages' words in `lang` (server/visitor/i18n), as the route page uses them."""
    return json.loads((VISITOR / "i18n" / f"{lang}.json").read_text("utf-8"))


def site_view(figures: dict, pushed: dict, lang: str, now: float, stale_seconds: float) -> dict:
    """What the page shows of a site, in words of `lang`."""
    t, zone = MESSAGES[lang], ZoneInfo(figures["timezone"])

    def name(names: dict) -> str:
        return names.get(lang) or names["ko"]

    def at(moment: str | None) -> str | None:
        return when(datetime.fromisoformat(moment).astimezone(zone), lang) if moment else None

    services = []
    for service in figures["services"]:
        estimate, issuing = service["estimate"], service["issuing"]
        if estimate["low"] is None:
            forecast = t["no_forecast"]
        elif estimate["low"] == estimate["high"]:
            forecast = t["about"].format(minutes=estimate["minutes"])
        else:
            forecast = t["range"].format(low=estimate["low"], high=estimate["high"])
        reason = issuing["reason"]
        state = ("issuing" if issuing["open"] else
                 reason if reason in ("cap_reached", "paused") else "closed")
        next_issue = at(issuing["next_open_at"])
        services.append({
            "name": name(service["names"]), "waiting": t["people"].format(n=service["waiting"]),
            "forecast": forecast if issuing["open"] or service["waiting"] else None,
            "counters": t["counter_count"].format(n=service["open_counters"]),
            "state": state, "state_text": t[state],
            "next_issue": t["next_issue"].format(when=next_issue) if next_issue else None,
            "id": service["id"], "remote": bool(service.get("remote")) and issuing["open"]})
    office = figures["office"]
    opening = at(office["next_open_at"])
    as_of = datetime.fromtimestamp(pushed["generated_at"], zone).strftime("%H:%M")
    stale = now - pushed["received_at"] > stale_seconds
    return {"site": name(figures["names"]), "services": services,
            "office_closed": not office["open"],
            "next_open": t["next_open"].format(when=opening) if opening else None,
            "stale": stale,
            "as_of": (t["stale"] if stale else t["as_of"]).format(time=as_of)}


def ticket_view(answer: dict, figures: dict, t: dict, lang: str) -> dict:
    """What the phone page shows of the visitor's own number, in words of `lang`."""
    service = next((s for s in figures["services"] if s["id"] == answer.get("service_id")),
                   None)
    state = answer["state"]
    estimate = answer.get("estimate")
    if not estimate or estimate["low"] is None:
        forecast = None
    elif estimate["low"] == estimate["high"]:
        forecast = t["about"].format(minutes=estimate["minutes"])
    else:
        forecast = t["range"].format(low=estimate["low"], high=estimate["high"])
    return {"state": state,
            "service": (service["names"].get(lang) or service["names"]["ko"]) if service else "",
            "number": answer.get("display_number"), "code": answer.get("checkin_code"),
            "ahead": t["people"].format(n=answer["ahead"])
            if answer.get("ahead") is not None else None,
            "forecast": forecast,
            "says": (t["refused_" + (answer.get("reason") or "invalid")] if state == "refused"
                     else t["mine_" + state].format(hold=answer.get("hold_minutes") or 0))}


def serve(database: str, host: str, port: int, threads: int) -> None:
    """The relay under gunicorn (one process: it holds nothing in memory worth sharing)."""
    from gunicorn.app.base import BaseApplication

    class _Relay(BaseApplication):
        def load_config(self):
            for key, value in {"bind": f"{host}:{port}", "workers": 1,
                               "worker_class": "gthread", "threads": threads,
                               "timeout": 30, "graceful_timeout": 3,
                               "accesslog": "-"}.items():
                self.cfg.set(key, value)

        def load(self):
            return create_relay_app(database)

    _Relay().run()
