"""The application factory: one store, one engine, one Socket.IO server per app."""

from __future__ import annotations

import atexit
import logging
from datetime import timedelta
from pathlib import Path

from flask import Flask, current_app, jsonify, render_template, request
from flask_socketio import SocketIO
from werkzeug.exceptions import HTTPException, RequestURITooLarge
from werkzeug.routing import IntegerConverter

from .admin import entrance
from .infra.clock import Clock
from .printing.jobs import PrintService
from .queue import QueueEngine
from .refusal import Refusal
from .realtime import MessageQueue, Realtime, socket_async_mode
from .auth.security import init_security, socket_origin_check
from .auth.sessions import signing_key
from .infra.storage_faults import RETRY_AFTER_SECONDS
from .infra.database import open_store
from .staff.cases import queue_interim_notices
from .visitor.notices import NoticeService
from .workers import Workers
from .workers.heartbeat import Heartbeat
from .workers.relay import Relay
from .workers.housekeeping import Housekeeping
from .workers.public_link import PublicLink

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent


class RowId(IntegerConverter):
    """A path id: 1 to 16 digits, within SQLite's integer range. Anything else does not
    match the rule at all, so it is a plain 404 whatever the method (a converter that
    refused a matched value would make the router answer 405 when another method shares
    the path)."""

    regex = r"[1-9][0-9]{0,15}"


def create_app(database: str | Path, *, clock: Clock | None = None,
               config: dict | None = None, home: str | Path | None = None) -> Flask:
    """The app on `database`: an SQLite file (or `sqlite:///path`) or a `postgresql://`
    URL, whose other files (media/, the signing key) are in `home` (default var/)."""
    app = Flask(__name__, template_folder=str(ROOT / "server" / "templates"))
    app.url_map.converters["int"] = RowId
    app.config.update(
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),  # a working day
        # The cookie is set only at sign-in and sign-out: a response to a request that was
        # under way during sign-out must not set the signed-in cookie again.
        SESSION_REFRESH_EACH_REQUEST=False,
        SESSION_COOKIE_HTTPONLY=True,
        # Strict: the consoles are always opened by typing or bookmarking their address,
        # never from a link on another site. (`Secure` is added over HTTPS: security.py.)
        SESSION_COOKIE_SAMESITE="Strict",
        JSON_SORT_KEYS=False,
        # Input limits (docs/security.md): JSON bodies are small; the photo and floor-plan
        # uploads raise the limit for their own request (server/admin/media.py).
        MAX_CONTENT_LENGTH=1024 * 1024,
        MAX_URL_LENGTH=4096,
        NODE_MODULES=str(ROOT / "node_modules"),
    )
    app.config.from_prefixed_env("SUNBEON")
    app.config.update(config or {})
    app.json.ensure_ascii = False

    # FULL unless told otherwise: NORMAL may lose the last acknowledged tickets in a power
    # cut (docs/security.md); it is there to measure what FULL costs.
    store = open_store(database, home=home,
                       synchronous=app.config.get("SQLITE_SYNCHRONOUS", "FULL"))
    if not app.config.get("SECRET_KEY"):
        # SUNBEON_SECRET_KEY, else a file beside the database made on first start; never
        # the database itself, so that a copy of it (a backup) can sign no cookie.
        app.config["SECRET_KEY"] = signing_key(
            app.config.get("SECRET_KEY_FILE") or Path(store.path).parent / "secret_key")
    engine = QueueEngine(store, clock or Clock())
    # Several processes share their sockets' events through a message queue (Redis:
    # --message-queue, SUNBEON_MESSAGE_QUEUE); one process alone emits them itself.
    queue_url = app.config.get("MESSAGE_QUEUE")
    message_queue = MessageQueue(queue_url) if queue_url else None
    socketio = SocketIO(app, async_mode=socket_async_mode(app.config), json=app.json,
                        cors_allowed_origins=socket_origin_check(app),
                        **({"client_manager": message_queue} if message_queue else {}))
    realtime = Realtime(socketio, store, engine)
    if message_queue:
        message_queue.on_gap = realtime.catch_up_everywhere
    store.faults.listeners.append(realtime.tell_admins_of_storage)
    printing = PrintService(store, engine, engine.clock)
    notices = NoticeService(store, engine, app.config, due=(queue_interim_notices,))
    relay = Relay(store, realtime.publish) if message_queue else None
    store.subscribe(relay.committed if relay else realtime.committed)  # the screens first
    store.subscribe(notices.committed)
    heartbeat = Heartbeat(store, realtime.rooms_here, realtime.announce,
                          seconds=float(app.config.get("HEARTBEAT_SECONDS", 5)))
    # Background work, in the order it starts (the emitter first, so that it sends what
    # the others do); stopped in the reverse order. The desk watch joins in add_desk_watch.
    # The emitter (or the relay, with its own lease) and the heartbeat run in every
    # process; the rest once per cluster, in the process holding the "cluster" lease.
    workers = Workers(store.lease("cluster"))
    if relay:
        workers.add("relay", relay.start, relay.stop)
    else:
        workers.add("emitter", realtime.start_emitter, realtime.stop_emitter)
    workers.add("heartbeat", heartbeat.start, heartbeat.stop)
    workers.add("notices", notices.start, notices.stop, once_per_cluster=True)
    workers.add("printing", printing.start, printing.stop, once_per_cluster=True)
    app.extensions.update({"sunbeon.store": store, "sunbeon.engine": engine,
                           "sunbeon.realtime": realtime, "sunbeon.printing": printing,
                           "sunbeon.notices": notices, "sunbeon.workers": workers,
                           "sunbeon.relay": relay, "sunbeon.heartbeat": heartbeat})

    # Every page and API blueprint, mounted here and only here.
    from . import admin, api, pages, staff, visitor
    for blueprint in (api.blueprint, pages.blueprint, pages.kiosk, pages.display,
                      visitor.blueprint, staff.blueprint, admin.blueprint):
        app.register_blueprint(blueprint)
    staff.add_desk_watch(app)
    _register_error_handlers(app)
    init_security(app)
    app.before_request(_refuse_long_url)

    housekeeping = Housekeeping(store, engine, app.config)
    workers.add("housekeeping", housekeeping.start, housekeeping.stop, once_per_cluster=True)
    if app.config.get("PUBLIC_RELAY_URL"):  # the public wait page's relay (docs/public.md)
        public_link = PublicLink(store, engine, str(app.config["PUBLIC_RELAY_URL"]),
                                 str(app.config.get("PUBLIC_RELAY_SECRET") or ""),
                                 push_seconds=float(app.config.get("PUBLIC_RELAY_SECONDS", 5)),
                                 entrance_round=entrance.default_round(
                                     app.config.get("PUBLIC_ENTRANCE_ROTATION")))
        store.subscribe(public_link.committed)
        workers.add("public-link", public_link.start, public_link.stop, once_per_cluster=True)
        app.extensions["sunbeon.public_link"] = public_link
    # On when the app is served; a test's app (TESTING) runs none unless the test asks.
    if app.config.get("WORKERS", not app.config.get("TESTING")):
        workers.start()
        atexit.register(workers.stop)  # drained when the process ends

    @app.get("/healthz")
    def healthz():
        try:  # asked first: a database server found reachable again ends that fault
            seq = store.last_seq()
        except store.errors as error:
            if not _record_storage_fault(store, error):
                raise
        fault = store.faults.current
        if fault is not None:  # until a commit succeeds (or the server answers) again
            return jsonify(status="storage_unavailable", reason=fault.reason,
                           since=fault.since, failures=fault.count), 503
        # `workers`: what runs here (the cluster's work only in the process leading it).
        if message_queue is None:
            return jsonify(status="ok", seq=seq, workers=workers.running)
        # Screens still work when the queue is down (they catch up by seq): not a 503.
        return jsonify(status="ok", seq=seq, workers=workers.running,
                       message_queue="up" if message_queue.up() else "down")

    return app


def _refuse_long_url() -> None:
    """414 for a path and query longer than MAX_URL_LENGTH, as JSON on /api/ (gunicorn's
    own, longer limit answers in plain text: server/wsgi.py, docs/security.md)."""
    environ = request.environ
    length = len(environ.get("PATH_INFO", "")) + len(environ.get("QUERY_STRING", ""))
    if length > current_app.config["MAX_URL_LENGTH"]:
        raise RequestURITooLarge(
            f"The address is longer than {current_app.config['MAX_URL_LENGTH']} characters.")


def _record_storage_fault(store, error: BaseException) -> bool:
    """Note a storage fault behind a driver's error (storage_faults.py); whether it was
    one."""
    reason = store.fault_reason(error)
    if reason is not None:
        store.faults.record(reason, error, f"{request.method} {request.path}")
    return reason is not None


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def _register_error_handlers(app: Flask) -> None:
    @app.errorhandler(Refusal)  # the queue's own refusals (QueueError) are Refusals too
    def refusal(error: Refusal):
        if not _wants_json():
            return render_template("error.html", message=error.message), error.status
        return jsonify(error=error.code, message=error.message, **error.details), error.status

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if not _wants_json():
            return render_template("error.html", message=error.description), error.code
        code = (error.name or "error").lower().replace(" ", "_")
        return jsonify(error=code, message=error.description), error.code

    store = app.extensions["sunbeon.store"]

    @app.errorhandler(store.errors)  # the driver's: sqlite3's or psycopg's
    def storage_error(error: Exception):
        if not _record_storage_fault(store, error):
            return unexpected(error)
        # Store.write rolled the transaction back (or the database server did, on losing
        # the connection): nothing changed, a retry is safe.
        message = ("The server cannot save right now. Nothing was changed; "
                   "please try again shortly.")
        headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        if not _wants_json():
            return render_template("error.html", message=message), 503, headers
        return jsonify(error="storage_unavailable", message=message), 503, headers

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.exception("unexpected error on %s %s", request.method, request.path)
        message = "Something went wrong on our side. Please try again or ask staff."
        if not _wants_json():
            return render_template("error.html", message=message), 500
        return jsonify(error="internal_error", message=message), 500
