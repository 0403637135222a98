"""The pages people open: the kiosk, the live screens, the staff and admin consoles, and
the front-end libraries they use, served from our own origin so that screens work with
no internet."""

from __future__ import annotations

from pathlib import Path

import io

import segno
from flask import (Blueprint, Response, abort, current_app, render_template,
                   send_from_directory)

ROOT = Path(__file__).resolve().parent.parent

# Only these npm packages are served, and only from their distribution folders.
VENDOR = {
    "socket.io-client": "socket.io-client/dist",
    "krds": "krds-uiux/resources",
    "leaflet": "leaflet/dist",
    "leaflet-draw": "leaflet-draw/dist",
    "chart.js": "chart.js/dist",
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


LANGUAGES = ("ko", "en", "zh", "vi", "ru", "th")
CATALOG_AREAS = ("kiosk", "display")


@blueprint.get("/i18n/<area>/<lang>.json")
def catalog(area: str, lang: str):
    """A message catalog: every visible string of the kiosk or the screens, per language."""
    if area not in CATALOG_AREAS or lang not in LANGUAGES:
        abort(404)
    return send_from_directory(ROOT / area / "i18n", f"{lang}.json", max_age=300)


@blueprint.get("/")
def home():
    return render_template("home.html")


@blueprint.get("/t/<code>")
def phone_ticket(code: str):
    """The visitor's live ticket on their phone, opened from the ticket's QR code."""
    return render_template("phone_ticket.html", code=code)


@blueprint.get("/t/<code>/qr.svg")
def ticket_qr(code: str):
    from .api.routes import ticket_link
    svg = io.BytesIO()
    segno.make(ticket_link(code[:32]), error="m").save(svg, kind="svg", scale=8, border=2,
                                                       title="QR")
    return Response(svg.getvalue(), mimetype="image/svg+xml")


@kiosk.get("/kiosk")
def kiosk_page():
    return render_template("kiosk.html")


@display.get("/display/board")
def board_page():
    return render_template("board.html")


@display.get("/display/counter/<int:counter_id>")
def counter_page(counter_id: int):
    return render_template("counter.html", counter_id=counter_id)


@display.get("/display/directory/<int:floor>")
def directory_page(floor: int):
    return render_template("directory.html", floor=floor)


@display.get("/display/seats/<int:department_id>")
def seats_page(department_id: int):
    return render_template("seats.html", department_id=department_id)


blueprint.register_blueprint(kiosk)
blueprint.register_blueprint(display)
