"""The application factory: one store, one engine, one Socket.IO server per app."""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta
from pathlib import Path

from flask import Flask, jsonify, render_template, request
from flask_socketio import SocketIO
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from .clock import Clock
from .printing.jobs import PrintService
from .queue import QueueEngine, QueueError
from .realtime import Realtime
from .store import Store
from .visitor.notices import NoticeService

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent


class RowId(IntegerConverter):
    """A path id: 1 to 16 digits, within SQLite's integer range. Anything else does not
    match the rule at all, so it is a plain 404 whatever the method (a converter that
    refused a matched value would make the router answer 405 when another method shares
    the path)."""

    regex = r"[1-9][0-9]{0,15}"


def create_app(db_path: str | Path, *, clock: Clock | None = None,
               config: dict | None = None) -> Flask:
    app = Flask(__name__, template_folder=str(ROOT / "server" / "templates"))
    app.url_map.converters["int"] = RowId
    app.config.update(
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),  # a working day
        # The cookie is set only at sign-in and sign-out: a response to a request that was
        # under way during sign-out must not set the signed-in cookie again.
        SESSION_REFRESH_EACH_REQUEST=False,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        JSON_SORT_KEYS=False,
        NODE_MODULES=str(ROOT / "node_modules"),
    )
    app.config.from_prefixed_env("SUNBEON")
    app.config.update(config or {})
    app.json.ensure_ascii = False

    store = Store(db_path)
    if not app.config.get("SECRET_KEY"):
        # Kept in the database so that sessions survive a restart.
        app.config["SECRET_KEY"] = store.setting("secret_key") or _new_secret(store)
    engine = QueueEngine(store, clock or Clock())
    socketio = SocketIO(app, async_mode="threading", json=app.json,
                        cors_allowed_origins=app.config.get("CORS_ORIGINS", []))
    realtime = Realtime(socketio, store, engine)
    printing = PrintService(store, engine, engine.clock)
    notices = NoticeService(store, engine, app.config)
    notices.follow(store)  # after Realtime: woken by the same publisher
    app.extensions.update({"sunbeon.store": store, "sunbeon.engine": engine,
                           "sunbeon.realtime": realtime, "sunbeon.printing": printing,
                           "sunbeon.notices": notices})
    printing.start()
    notices.start()

    from .api import blueprint as api_blueprint
    from .pages import blueprint as pages_blueprint
    from .admin import init_admin
    from .staff import init_staff_desk
    app.register_blueprint(api_blueprint)
    app.register_blueprint(pages_blueprint)
    init_staff_desk(app)
    init_admin(app)
    _register_error_handlers(app)

    @app.get("/healthz")
    def healthz():
        seq = store.one("SELECT coalesce(max(seq), 0) AS seq FROM events")["seq"]
        return jsonify(status="ok", seq=seq)

    return app


def _new_secret(store: Store) -> str:
    secret = secrets.token_hex(32)
    store.set_setting("secret_key", secret)
    return secret


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def _register_error_handlers(app: Flask) -> None:
    @app.errorhandler(QueueError)
    def queue_error(error: QueueError):
        if not _wants_json():
            return render_template("error.html", message=error.message), error.status
        return jsonify(error=error.code, message=error.message, **error.details), error.status

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if not _wants_json():
            return render_template("error.html", message=error.description), error.code
        code = (error.name or "error").lower().replace(" ", "_")
        return jsonify(error=code, message=error.description), error.code

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.exception("unexpected error on %s %s", request.method, request.path)
        message = "Something went wrong on our side. Please try again or ask staff."
        if not _wants_json():
            return render_template("error.html", message=message), 500
        return jsonify(error="internal_error", message=message), 500
