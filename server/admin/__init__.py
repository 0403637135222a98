"""The admin console (/admin): the building's configuration in the browser. The page is a
shell; everything on it comes from /api/v1/admin/... (server/api/admin.py), and its forms
are drawn from the API's own OpenAPI schemas. Uploaded files are served from /media/."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, request, send_from_directory
from werkzeug.security import safe_join

from ..auth import allows, current_principal
from ..refusal import Refusal
from ..infra.media import media_root
from ..maps import svg

blueprint = Blueprint("admin", __name__, template_folder="templates", static_folder="static",
                      static_url_path="/admin/static")


@blueprint.get("/admin")
def console():
    principal = current_principal()
    if principal is not None and not allows("supervisor", principal):
        # Signed in as staff or a device: nothing of the console, not even its shell.
        # Supervisors get the shell with their site's reports, feedback and ratings.
        raise Refusal("forbidden", "The admin console is for administrators and "
                                   "supervisors. 관리자와 책임자만 사용할 수 있습니다.", 403)
    return render_template("admin/console.html", labels=labels())


@cache
def labels() -> dict:
    """The console's words, {key: {ko, en}}: errors, choices and hints (server/admin/labels.json)."""
    return json.loads((Path(__file__).parent / "labels.json").read_text("utf-8"))


@blueprint.get("/media/<path:filename>")
def media_file(filename: str):
    root = media_root(current_app.extensions["sunbeon.store"])
    plan = safe_join(str(root), filename) if filename.startswith("plans/") else None
    if plan and plan.endswith(".svg") and Path(plan).is_file():
        # With the font its text needs inside (server/maps/svg.py).
        response = Response(svg.served(Path(plan), Path(current_app.config["NODE_MODULES"])),
                            mimetype="image/svg+xml")
        response.cache_control.public = True
        response.cache_control.max_age = 86400
        response.add_etag()
        response.make_conditional(request)
    else:
        response = send_from_directory(root, filename, max_age=86400)
    # Plans may be SVG: even sanitised, such a file never runs anything here. Its fonts
    # are inside it as data: URLs.
    response.headers["Content-Security-Policy"] = ("default-src 'none'; "
                                                   "style-src 'unsafe-inline'; font-src data:")
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response

