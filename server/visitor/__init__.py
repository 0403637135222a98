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
    return response, 200 if found else 404, {
        "Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
        "X-Robots-Tag": "noindex"}


def ticket_link(code: str) -> str:
    """The address of a visitor's live ticket page, reachable from their phone."""
    base = current_app.config.get("PUBLIC_URL") or request.host_url
    return f"{base.rstrip('/')}/t/{code}"
