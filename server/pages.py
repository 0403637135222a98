"""The pages people open: the kiosk, the live screens, the staff and admin consoles, and
the front-end libraries they use, served from our own origin so that screens work with
no internet."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, send_from_directory

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


@blueprint.get("/")
def home():
    return render_template("home.html")


blueprint.register_blueprint(kiosk)
blueprint.register_blueprint(display)
