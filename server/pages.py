"""The pages people open: the kiosk, the live screens, the staff and admin consoles, and
the front-end libraries they use, served from our own origin so that screens work with
no internet."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import threading
from functools import cache, lru_cache
from pathlib import Path

import segno
from flask import (Blueprint, Response, abort, current_app, jsonify, render_template, request,
                   send_from_directory, url_for)

from .queue import speech
from .infra import webfonts
from .infra.store import LANGUAGES
from . import visitor
from .public.route import BadRoute, asked as asked_route
from .visitor.tickets import CODE as TICKET_CODE

ROOT = Path(__file__).resolve().parent.parent

# Only these npm packages are served, and only from their distribution folders.
VENDOR = {
    "socket.io-client": "socket.io-client/dist",
    "krds": "krds-uiux/resources",
    "leaflet": "leaflet/dist",
    "leaflet-draw": "leaflet-draw/dist",
    "chart.js": "chart.js/dist",
    # Fonts for the scripts Pretendard GOV lacks (see server/templates/fonts.html).
    "noto-sans-sc": "@fontsource/noto-sans-sc",
    "noto-sans-thai": "@fontsource/noto-sans-thai",
    "noto-sans": "@fontsource/noto-sans",
}

blueprint = Blueprint("pages", __name__)
kiosk = Blueprint("kiosk", __name__, template_folder=str(ROOT / "kiosk" / "templates"),
                  static_folder=str(ROOT / "kiosk" / "static"), static_url_path="/kiosk/static")
display = Blueprint("display", __name__, template_folder=str(ROOT / "display" / "templates"),
                    static_folder=str(ROOT / "display" / "static"),
                    static_url_path="/display/static")


@blueprint.get("/vendor/<package>/<path:filename>")
def vendor(package: str, filename: str):
    folder = VENDOR.get(package)
    if folder is None:
        abort(404)
    return send_from_directory(Path(current_app.config["NODE_MODULES"]) / folder, filename,
                               max_age=86400)


# The pages' own files and libraries, sent gzipped to browsers that accept it: text
# shrinks to about a quarter (the Chinese font's stylesheet, 103 KB of unicode-range
# lists, to 31 KB), which keeps a kiosk's first load within its 600 KB budget. Fonts and
# images are compressed already; API answers are left as they are.
ASSET_PATHS = ("/vendor/", "/static/", "/kiosk/static/", "/display/static/",
               "/visitor/static/", "/i18n/", "/fonts/")
COMPRESSIBLE = {"text/css", "text/javascript", "application/javascript", "application/json",
                "image/svg+xml"}


@blueprint.after_app_request
def gzip_assets(response: Response) -> Response:
    if not request.path.startswith(ASSET_PATHS) or response.mimetype not in COMPRESSIBLE:
        return response
    response.vary.add("Accept-Encoding")
    if (response.status_code != 200 or response.content_encoding
            or "gzip" not in request.accept_encodings):
        return response
    etag, weak = response.get_etag()
    response.direct_passthrough = False     # read the file it would have streamed
    response.set_data(_gzipped(request.path, etag, response.get_data()) if etag
                      else gzip.compress(response.get_data(), mtime=0))
    response.content_encoding = "gzip"
    if etag:
        response.set_etag(f"{etag}-gzip", weak)   # another body than the plain file's
    return response.make_conditional(request)


@lru_cache(maxsize=128)
def _gzipped(path: str, etag: str, data: bytes) -> bytes:
    """Compressed once per version of a file (its ETag changes with it)."""
    return gzip.compress(data, mtime=0)


@blueprint.get("/fonts/cuts.css")
def font_cuts_css():
    """The cuts of the Chinese and Thai fonts for our own words (server/infra/webfonts.py)."""
    css = webfonts.stylesheet(font_cuts(current_app.config["NODE_MODULES"],
                                        current_app.extensions["sunbeon.store"]), "/fonts/cuts/")
    return _cached_a_day(Response(css, mimetype="text/css"))


@blueprint.get("/fonts/cuts/<name>")
def font_cut(name: str):
    faces = font_cuts(current_app.config["NODE_MODULES"], current_app.extensions["sunbeon.store"])
    face = next((face for face in faces if face.name == name), None)
    if face is None:
        abort(404)
    return _cached_a_day(Response(face.woff2, mimetype="font/woff2"))


def _cached_a_day(response: Response) -> Response:
    response.cache_control.public = True
    response.cache_control.max_age = 86400      # as /vendor/: the same until a new release
    return response


_cutting = threading.Lock()


def font_cuts(node_modules: str, store) -> list:
    with _cutting:          # a request during the cutting waits for it, not a second one
        return _font_cuts(node_modules, _names_on_screens(store))


def _names_on_screens(store) -> frozenset[tuple[str, str]]:
    """(language, name) of every department and service: the kiosk's home shows the
    common services by name. Renamed, they are cut again (once, on the next request)."""
    return frozenset((lang, name) for row in store.query(
        "SELECT names FROM departments UNION ALL SELECT names FROM services WHERE active = 1")
        for lang, name in json.loads(row["names"]).items() if name)


@cache
def _font_cuts(node_modules: str, on_screens: frozenset[tuple[str, str]]) -> list:
    """Cut once per process and set of names, from the catalogs of the kiosk, the screens
    and the phone page (which names some languages differently from the kiosk: 中文,
    简体中文), and the names of departments and services."""
    names = {lang: {name, visitor.catalog(lang)["language.name"]}
             for lang, name in language_names()}
    catalogs = {lang: {*_texts(visitor.catalog(lang)),
                       *(text for area in CATALOG_AREAS for text in _texts(json.loads(
                           (ROOT / area / "i18n" / f"{lang}.json").read_text("utf-8")))),
                       *(name for of, name in on_screens if of == lang)}
                for lang in LANGUAGES}
    return webfonts.cached_cut_faces(Path(node_modules), names, catalogs)


@blueprint.record_once
def _cut_fonts_while_starting(state) -> None:
    """Cutting takes seconds, and a page waits for its stylesheets: cut while the server
    starts rather than in a kiosk's first request (tests cut when they ask)."""
    if not state.app.testing:
        threading.Thread(target=font_cuts, args=(state.app.config["NODE_MODULES"],
                                                 state.app.extensions["sunbeon.store"]),
                         name="font-cuts", daemon=True).start()


def _texts(value):
    """Every string in a catalog (a value is a string, or plural forms by name)."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, str):
        yield value


CATALOG_AREAS = ("kiosk", "display")


@blueprint.get("/i18n/<area>/<lang>.json")
def catalog(area: str, lang: str):
    """A message catalog: every visible string of the kiosk or the screens, per language."""
    if area not in CATALOG_AREAS or lang not in LANGUAGES:
        abort(404)
    return send_from_directory(ROOT / area / "i18n", f"{lang}.json", max_age=300)


@blueprint.get("/favicon.ico")
def favicon():
    return Response(status=204)


@blueprint.get("/")
def home():
    return render_template("home.html")


@blueprint.get("/t/<code>")
def phone_ticket(code: str):
    """The visitor's live ticket on their phone, opened from the ticket's QR code."""
    return visitor.ticket_page(code)


@blueprint.get("/t/<code>/qr.svg")
def ticket_qr(code: str):
    if not TICKET_CODE.match(code):  # only something shaped like a ticket's code
        abort(404)
    return _qr_svg(visitor.ticket_link(code))


@blueprint.get("/v/route")
def phone_route():
    """The way to an office on the visitor's phone, opened from the kiosk's QR code."""
    return visitor.route_page()


@blueprint.get("/v/route/qr.svg")
def route_qr():
    """The QR code of a route's phone page, for the kiosk's office screen: the same query
    as the page's, its language included (the kiosk's at the moment)."""
    try:
        asked = asked_route(request.args)
    except BadRoute as bad:
        abort(bad.status)
    lang = request.args.get("lang", "")
    if lang not in LANGUAGES:
        abort(400)
    try:
        link = visitor.route_link(asked, lang)
        public_link = current_app.extensions.get("sunbeon.public_link")
        if public_link:  # the relay's page shows the way once the link pushed it
            public_link.want_route(asked)
    except BadRoute as bad:
        abort(bad.status)
    response = _qr_svg(link)
    response.headers["Cache-Control"] = "no-cache"  # each showing says the way is wanted
    return response


def _qr_svg(link: str) -> Response:
    svg = io.BytesIO()
    segno.make(link, error="m").save(svg, kind="svg", scale=8, border=2, title="QR")
    return Response(svg.getvalue(), mimetype="image/svg+xml")


@kiosk.get("/kiosk")
def kiosk_page():
    return render_template("kiosk.html", languages=language_names())


@cache
def language_names() -> list[tuple[str, str]]:
    """Each kiosk language named in itself, from its catalog, so that the language
    switcher works before any catalog is fetched. Read once per process."""
    folder = ROOT / "kiosk" / "i18n"
    return [(lang, json.loads((folder / f"{lang}.json").read_text("utf-8"))["language.name"])
            for lang in LANGUAGES]


@display.get("/display/board")
def board_page():
    return render_template("board.html", screen="board")


@display.get("/display/counter/<int:counter_id>")
def counter_page(counter_id: int):
    return render_template("counter.html", screen="counter", counter_id=counter_id)


@display.get("/display/directory/<int:floor>")
def directory_page(floor: int):
    return render_template("directory.html", screen="directory", floor=floor)


@display.get("/display/seats/<int:department_id>")
def seats_page(department_id: int):
    return render_template("seats.html", screen="seats", department_id=department_id)


def _called_ticket(ticket_id: int, counter_id: int):
    """Today's ticket that was called to this counter, and the counter; else 404.

    The announcement routes are public, like the board: they say only what the board
    shows (a number and a counter), and only for a real call, never for free text."""
    engine = current_app.extensions["sunbeon.engine"]
    ticket = engine.ticket(ticket_id)
    counter = engine.counter(counter_id)
    if ticket["counter_id"] != counter_id or ticket["day"] != engine.today(
            engine.site(ticket["site_id"])):
        abort(404)
    return ticket, counter


@display.get("/display/announce/<int:ticket_id>/<int:counter_id>")
def announcement(ticket_id: int, counter_id: int):
    """The sentences that call a ticket: Korean, then the language its visitor chose at
    the kiosk, then the languages in ?also=en,zh (the board's second language)."""
    ticket, counter = _called_ticket(ticket_id, counter_id)
    wanted = ["ko", ticket["lang"]] + [lang for lang in request.args.get("also", "").split(",")
                                       if lang in LANGUAGES]
    lines = [{"lang": lang, "voice": speech.VOICE_TAGS[lang],
              "text": speech.announcement(ticket["display_number"], counter, lang),
              "audio": url_for("display.announcement_audio", ticket_id=ticket_id,
                               counter_id=counter_id, lang=lang)}
             for lang in dict.fromkeys(wanted)]
    response = jsonify(ticket_id=ticket_id, display_number=ticket["display_number"],
                       counter_id=counter_id, lines=lines)
    response.cache_control.max_age = 3600
    return response


@display.get("/display/announce/<int:ticket_id>/<int:counter_id>/<lang>.wav")
def announcement_audio(ticket_id: int, counter_id: int, lang: str):
    """The sentence as audio (espeak-ng), for screens whose browser has no voice for it."""
    if lang not in LANGUAGES:
        abort(404)
    ticket, counter = _called_ticket(ticket_id, counter_id)
    try:
        audio = speech.render_wav(speech.announcement(ticket["display_number"], counter, lang),
                                  lang)
    except (speech.SpeechUnavailable, OSError, subprocess.SubprocessError):
        current_app.logger.exception("rendering an announcement failed")
        abort(503)
    response = Response(audio, mimetype="audio/wav")
    response.cache_control.public = True
    response.cache_control.max_age = 3600  # a number and a counter never change their words
    return response


