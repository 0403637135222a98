"""The visitor's side after the kiosk: the live ticket page on their phone (/t/<code>),
its message catalogs and assets, ratings and the domain rules behind the public API
(server/api/visitor.py). The pages blueprint (server/pages.py) mounts the phone page."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from ..infra.store import LANGUAGES
from .catalogs import catalog

blueprint = Blueprint("visitor", __name__, template_folder="templates",
                      static_folder="static", static_url_path="/visitor/static")



def language() -> str:
    """?lang= (the switcher) first, then the phone's own languages, else Korean."""
    wanted = request.args.get("lang")
    if wanted in LANGUAGES:
        return wanted
    return request.accept_languages.best_match(LANGUAGES) or "ko"


def ticket_page(code: str):
    """The page itself. An unknown or expired code gets the same page with only the
    "expired" message and 404: nothing about any ticket is rendered on the server."""
    from . import ratings, tickets
    lang = language()
    try:
        tickets.find(current_app.extensions["sunbeon.engine"], code)
        found = True
    except tickets.QueueError:
        found = False
    languages = [(other, catalog(other)["language.name"]) for other in LANGUAGES]
    response = render_template("visitor/ticket.html", code=code if found else None,
                               lang=lang, t=catalog(lang), languages=languages,
                               scores=ratings.SCORES)
    return response, 200 if found else 404, PAGE_HEADERS


def public_base() -> str:
    """Where phones reach this server: the public address, else the one the kiosk used."""
    return (current_app.config.get("PUBLIC_URL") or request.host_url).rstrip("/")


def ticket_link(code: str) -> str:
    """The address of a visitor's live ticket page, reachable from their phone."""
    return f"{public_base()}/t/{code}"


PAGE_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
                "X-Robots-Tag": "noindex"}


def route_page():
    """The way to an office on the phone (server/visitor/route.py). An address that names
    no way gets the page with only a friendly message, and 400 (malformed) or 404."""
    from . import route
    from ..public.route import asked as asked_route
    lang = language()
    languages = [(other, catalog(other)["language.name"]) for other in LANGUAGES]
    try:
        asked = asked_route(request.args)
        shown = route.view(current_app.extensions["sunbeon.store"], asked, lang)
        status = 200
    except route.BadRoute as bad:
        asked, shown, status = None, None, bad.status
    return render_template("visitor/route.html", lang=lang, t=catalog(lang),
                           languages=languages, asked=asked, route=shown), status, PAGE_HEADERS


def route_link(asked, lang: str) -> str:
    """The address of a route's phone page (`asked`: route.RouteAsked) in `lang`. With a
    public relay (SUNBEON_PUBLIC_RELAY_URL), the relay's copy of the page: this server
    sits in the administrative network, which no phone outside the building reaches (the
    public link pushes the way there: pages.route_qr). BadRoute(404) for a start not on
    the map (the relay's address names the site)."""
    relay = current_app.config.get("PUBLIC_RELAY_URL")
    if not relay:
        return f"{public_base()}/v/route?{asked.query(lang)}"
    from . import route
    store = current_app.extensions["sunbeon.store"]
    code = store.one("SELECT code FROM sites WHERE id = ?", (route.site_of(store, asked),))
    return f"{str(relay).rstrip('/')}/live/{code['code']}/route?{asked.query(lang)}"
