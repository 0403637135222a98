"""The `sunbeon` command: run the server, create accounts and tokens."""

from __future__ import annotations

import argparse
import getpass
import importlib.util
import json
import logging
import os
import sys
from pathlib import Path

from .auth import DEVICE_KINDS, ROLES, create_token
from .infra.clock import Clock
from .demo.history import HISTORY_DAYS, load_demo_history
from .infra.database import is_postgres, open_store, sqlite_path
from .infra.store import Store
from .wsgi import WORKER_CLASSES, async_mode

DEFAULT_DB = "var/sunbeon.db"
DEMO_DB = "var/sunbeon-demo.db"


def _fail(message: str) -> int:
    print(f"sunbeon: {message}", file=sys.stderr)
    return 2


def _site_id(store: Store, site: str | None) -> int | None:
    if site is None:
        return None
    row = store.one("SELECT id FROM sites WHERE code = ? OR CAST(id AS TEXT) = ?", (site, site))
    if row is None:
        raise LookupError(f"no site {site!r} (give its code or id)")
    return row["id"]


def _store_options(parser: argparse.ArgumentParser) -> None:
    """`--database URL` or `--db PATH|URL` (else SUNBEON_DATABASE): the store a command
    works on, as `sunbeon serve` names it."""
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--database", metavar="URL",
                       help="sqlite:///path or postgresql://user@host/name (or SUNBEON_DATABASE)")
    where.add_argument("--db", metavar="PATH", help="an SQLite file (a URL works too)")


def _database(args) -> str:
    database = args.database or args.db or os.environ.get("SUNBEON_DATABASE")
    if not database:
        raise SystemExit(_fail("give the database: --database URL, --db PATH or "
                               "SUNBEON_DATABASE"))
    return database


def _open_store(args) -> Store:
    """The store of a command other than serve (_store_options)."""
    return open_store(_database(args))


def _store_words(args) -> str:
    """How the command line named the store, to repeat it in a hint."""
    return f"--database {args.database}" if args.database else f"--db {_database(args)}"


def cmd_serve(args) -> int:
    from .app import create_app
    from .demo import demo_addresses, load_demo

    # One setting names the store: --database, else SUNBEON_DATABASE, else --db (a file).
    database = args.database or os.environ.get("SUNBEON_DATABASE") \
        or args.db or (DEMO_DB if args.demo else DEFAULT_DB)
    refused = _refuse_workers(args, database) or _refuse_async_mode(args)
    if refused:
        return _fail(refused)
    if not is_postgres(database):
        db_path = Path(sqlite_path(database))
        db_path.parent.mkdir(parents=True, exist_ok=True)
        database = str(db_path.resolve())
    if args.demo:
        store = open_store(database)
        if load_demo(store, Clock()) and args.history_days:
            made = load_demo_history(store, Clock().now(), days=args.history_days)
            print(f"Sample history: {made} tickets over the last {args.history_days} days.",
                  flush=True)
        base = f"http://{'localhost' if args.host in ('0.0.0.0', '::') else args.host}:{args.port}"
        print(demo_addresses(store, base), flush=True)
        store.close_thread_connection()
    if args.message_queue:
        # Read by the app (SUNBEON_ prefixed settings), here and in gunicorn's worker.
        os.environ["SUNBEON_MESSAGE_QUEUE"] = args.message_queue
    if args.async_mode:
        # Read by server/wsgi.py (gunicorn's worker class) and by the app (its Socket.IO).
        os.environ["SUNBEON_ASYNC_MODE"] = args.async_mode
    if args.dev:
        app = create_app(database)  # with its workers (server/workers/__init__.py)
        app.extensions["socketio"].run(app, host=args.host, port=args.port,
                                       allow_unsafe_werkzeug=True)
        return 0
    # A fresh interpreter (same process id) runs gunicorn: its master process does not
    # keep the modules imported here (server/wsgi.py).
    sys.stdout.flush()
    os.execv(sys.executable, [sys.executable, "-m", "server.wsgi", database,
                              args.host, str(args.port), str(args.threads), str(args.workers)])


def cmd_relay(args) -> int:
    """The public host's service (server/public/relay.py, docs/public.md)."""
    from .public.link import MIN_SECRET_LENGTH
    from .public.relay import create_relay_app, serve
    if len(os.environ.get("SUNBEON_RELAY_SECRET", "")) < MIN_SECRET_LENGTH:
        return _fail(f"set SUNBEON_RELAY_SECRET (the link's shared secret, at least "
                     f"{MIN_SECRET_LENGTH} characters; the same as the internal server's "
                     f"SUNBEON_PUBLIC_RELAY_SECRET)")
    Path(args.db).parent.mkdir(parents=True, exist_ok=True)
    if args.dev:
        create_relay_app(args.db).run(host=args.host, port=args.port, threaded=True)
        return 0
    serve(args.db, args.host, args.port, args.threads)
    return 0


def cmd_entrance_qr(args) -> int:
    """The QR code to post at a site's entrance: scanned by the phone that took a number
    on the public page, it checks that number in (docs/public.md, Entrance QR code). The
    same code as the admin console's: the site's round is read from the database when
    one is given, else the environment's (SUNBEON_PUBLIC_ENTRANCE_ROTATION)."""
    from .admin import entrance
    from .queue import QueueEngine
    relay, missing = entrance.relay_of({
        "PUBLIC_RELAY_URL": (args.public_url or os.environ.get("SUNBEON_PUBLIC_RELAY_URL")
                             or os.environ.get("SUNBEON_PUBLIC_URL")),
        "PUBLIC_RELAY_SECRET": os.environ.get("SUNBEON_PUBLIC_RELAY_SECRET")})
    if "SUNBEON_PUBLIC_RELAY_SECRET" in missing:
        return _fail("set SUNBEON_PUBLIC_RELAY_SECRET (the link's secret, as the server has it)")
    if relay is None:
        return _fail("give --public-url (or SUNBEON_PUBLIC_RELAY_URL): the relay's address as "
                     "phones reach it, e.g. https://live.dangjin.go.kr")
    try:
        round_ = entrance.default_round(os.environ.get("SUNBEON_PUBLIC_ENTRANCE_ROTATION"))
    except ValueError as error:
        return _fail(str(error))
    code = args.site
    if args.database or args.db or os.environ.get("SUNBEON_DATABASE"):
        store = _open_store(args)
        try:
            site = QueueEngine(store, Clock()).site(_site_id(store, args.site))
        except LookupError as error:
            return _fail(str(error))
        finally:
            store.close_thread_connection()
        code, round_ = site["code"], entrance.site_round(site["settings"], round_)
    url = entrance.address(relay, code, round_)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_bytes(entrance.poster_svg(url))
    print(f"{args.out}: {url} (round {round_})")
    return 0


def _refuse_async_mode(args) -> str | None:
    """Why the way of serving asked for (`--async`, else SUNBEON_ASYNC_MODE) cannot serve
    this way, if it cannot (server/wsgi.py)."""
    try:
        mode = args.async_mode or async_mode()  # the setting's, checked where gunicorn reads it
    except ValueError as problem:
        return str(problem)
    if mode != "gevent":
        return None
    if args.dev:
        return "--async gevent runs under gunicorn: leave out --dev"
    if importlib.util.find_spec("gevent") is None:
        return "--async gevent needs gevent: pip install 'sunbeon[gevent]'"
    return None


def _refuse_workers(args, database: str) -> str | None:
    """Why `--workers N` cannot serve this way, if it cannot (docs/scale.md)."""
    if args.workers < 1:
        return "--workers must be 1 or more"
    if args.workers == 1:
        return None
    if args.dev:
        return "--dev runs one process: leave out --workers"
    if not is_postgres(database):
        # One SQLite file takes one writer at a time whatever the number of processes:
        # more of them add only waiting. Several processes are for PostgreSQL.
        return ("--workers N needs PostgreSQL (--database postgresql://...); "
                "on SQLite one process serves best")
    if not (args.message_queue or os.environ.get("SUNBEON_MESSAGE_QUEUE")):
        return ("--workers N needs a message queue (--message-queue redis://...): "
                "without it a screen sees only the events of its own process")
    return None


def _refusal_text(error) -> str:
    """A form's or a domain function's refusal in the words the API gives, every problem
    of a form at once (the API names the first)."""
    from pydantic import ValidationError

    from .refusal import invalid
    if not isinstance(error, ValidationError):
        return error.message
    return "; ".join(f"{p['field']}: {p['problem']}"
                     for p in invalid(error, "value").details["problems"])


def cmd_user_add(args) -> int:
    """An account made as the admin console makes it: the same form, the same checks and
    the same `config.changed` event."""
    from pydantic import ValidationError

    from .admin.config import STAFF, Config
    from .admin.forms import StaffIn
    from .queue import QueueEngine
    from .refusal import Refusal
    store = _open_store(args)
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Again: "):
            return _fail("the two passwords differ")
    try:
        site_id = _site_id(store, args.site)
    except LookupError as error:
        return _fail(str(error))
    if args.role != "admin" and site_id is None:
        return _fail(f"a {args.role} belongs to a site: give --site")
    try:
        body = StaffIn(login=args.name, name=args.display_name or args.name, role=args.role,
                       password=password)
        Config(store, QueueEngine(store, Clock())).create(STAFF, site_id, body)
    except (ValidationError, Refusal) as error:
        if isinstance(error, Refusal) and error.code == "conflict":
            return _fail(f"a user {args.name!r} exists already")
        return _fail(_refusal_text(error))
    print(f"Created {args.role} {args.name!r}.")
    return 0


def cmd_device_add(args) -> int:
    """A device enrolled as the admin console enrols it (same form, checks and event)."""
    from pydantic import ValidationError

    from .admin.devices import add_device
    from .admin.forms import DeviceIn
    from .queue import QueueEngine
    from .refusal import Refusal
    store = _open_store(args)
    try:
        site_id = _site_id(store, args.site)
    except LookupError as error:
        return _fail(str(error))
    try:
        config = json.loads(args.config) if args.config else {}
    except ValueError:
        return _fail("--config is not JSON, e.g. {\"counter_id\": 3}")
    try:
        body = DeviceIn(name=args.name, kind=args.kind, config=config)
        add_device(store, QueueEngine(store, Clock()), site_id, body)
    except (ValidationError, Refusal) as error:
        if isinstance(error, Refusal) and error.code == "conflict":
            return _fail(f"a device {args.name!r} exists already")
        return _fail(_refusal_text(error))
    print(f"Created {args.kind} {args.name!r}. Make its token with: "
          f"sunbeon token create {_store_words(args)} --device {args.name}")
    return 0


def cmd_token_create(args) -> int:
    store = _open_store(args)
    if args.user:
        row = store.one("SELECT id FROM staff WHERE login = ? AND active = 1", (args.user,))
        if row is None:
            return _fail(f"no user {args.user!r}")
        print(create_token(store, Clock().now(), staff_id=row["id"]))
    else:
        row = store.one("SELECT id FROM devices WHERE name = ? AND revoked = 0", (args.device,))
        if row is None:
            return _fail(f"no device {args.device!r}")
        print(create_token(store, Clock().now(), device_id=row["id"]))
    return 0


def cmd_printer_set(args) -> int:
    from .printing.jobs import configure_printer
    from .printing.profiles import load_profiles
    store = _open_store(args)
    device = store.one("SELECT id, kind FROM devices WHERE name = ?", (args.device,))
    if device is None:
        return _fail(f"no device {args.device!r}")
    if device["kind"] != "kiosk":
        return _fail(f"{args.device!r} is a {device['kind']}, not a kiosk")
    try:
        configure_printer(store, load_profiles(), device["id"], args.profile, args.connection,
                          args.mode)
    except ValueError as error:
        return _fail(str(error))
    print(f"{args.device}: {args.profile} at {args.connection}"
          f"{' in ' + args.mode + ' mode' if args.mode else ''}. "
          "A running server uses it from the next ticket on.")
    return 0


def cmd_printer_list(args) -> int:
    store = _open_store(args)
    for row in store.query("SELECT d.name, p.profile, p.connection, p.mode, p.state "
                           "FROM printers p JOIN devices d ON d.id = p.device_id ORDER BY d.name"):
        print(f"{row['name']:20} {row['profile']:20} {row['connection']:40} "
              f"{row['mode'] or 'default':8} {row['state']}")
    return 0


def cmd_backup(args) -> int:
    """A consistent copy of a live database, safe while serving: SQLite's online backup
    to a database file, or pg_dump's custom format for PostgreSQL (restored with
    pg_restore, docs/operate.md)."""
    import sqlite3
    database = _database(args)
    target = Path(args.to)
    if target.exists():
        return _fail(f"{target} exists already; give a new file name")
    if is_postgres(database):
        return _pg_dump(database, target)
    source = sqlite3.connect(sqlite_path(database))
    with sqlite3.connect(target) as copy:
        source.backup(copy)
    source.close()
    print(f"Backed up {database} to {target}")
    return 0


def _pg_dump(url: str, target: Path) -> int:
    import subprocess
    program = pg_program("pg_dump")
    if program is None:
        return _fail("no pg_dump: install Debian's postgresql-client")
    done = subprocess.run([program, "--format=custom", "--file", str(target), "--dbname", url],
                          capture_output=True, text=True)
    if done.returncode:
        target.unlink(missing_ok=True)
        return _fail(f"pg_dump failed: {done.stderr.strip()}")
    print(f"Backed up {url} to {target} (pg_dump's custom format: restore it with pg_restore)")
    return 0


def pg_program(name: str) -> str | None:
    """A PostgreSQL client program: on PATH (Debian's wrapper picks the version that
    suits the server), else the newest in /usr/lib/postgresql/*/bin."""
    import glob
    import shutil
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                      key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit()
                      else 0)
    return versions[-1] if versions else None


def cmd_db_copy(args) -> int:
    """An installation moved from one store to another, checked (server/infra/copy.py)."""
    from .infra.copy import CopyRefused, copy_files, copy_store, verify
    if not is_postgres(args.target):
        Path(sqlite_path(args.target)).parent.mkdir(parents=True, exist_ok=True)
    try:
        source = open_store(args.source, home=args.from_home)
        target = open_store(args.target, home=args.to_home)
    except Exception as error:  # noqa: BLE001 (a store that cannot be opened, said plainly)
        return _fail(f"cannot open the database: {error}")
    try:
        copy_store(source, target, replace=args.replace)
    except CopyRefused as error:
        return _fail(str(error))
    files = copy_files(source, target, replace=args.replace)
    checked = verify(source, target)
    print(f"{'table':24} {'source':>10} {'target':>10}")
    for table, (there, here) in checked.counts.items():
        print(f"{table:24} {there:>10} {here:>10}{'' if there == here else '  MISMATCH'}")
    for table, (there, here) in checked.checksums.items():
        print(f"checksum of {table:12} {'same' if there == here else 'DIFFERENT'} ({here})")
    print(f"files copied beside the database (media/, signing key): {files}")
    if checked.mismatches:
        return _fail(f"the copy differs from the source in {', '.join(checked.mismatches)}; "
                     "do not serve from it")
    print(f"Copied {args.source} to {args.target}: every table checked.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sunbeon", description="Sunbeon lobby queue server")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--db", help=f"database file (default {DEFAULT_DB}, {DEMO_DB} with --demo)")
    serve.add_argument("--database", metavar="URL",
                       help="sqlite:///path or postgresql://user@host/name (or SUNBEON_DATABASE); "
                            "instead of --db")
    serve.add_argument("--message-queue", metavar="URL",
                       help="redis://host:port/0 shared by several server processes (or "
                            "SUNBEON_MESSAGE_QUEUE): events reach the screens of all of them")
    serve.add_argument("--demo", action="store_true",
                       help="load sample data into an empty database and print the addresses")
    serve.add_argument("--history-days", type=int, default=HISTORY_DAYS, metavar="N",
                       help="with --demo: sample tickets, ratings and feedback of the last N "
                            f"days, for the reports (default {HISTORY_DAYS}; 0 for none)")
    serve.add_argument("--threads", type=int, default=400,
                       help="threads: more than the screens, kiosks and consoles together")
    serve.add_argument("--workers", type=int, default=1, metavar="N",
                       help="N server processes on ports PORT..PORT+N-1, behind nginx "
                            "(docs/scale.md); needs PostgreSQL and --message-queue")
    serve.add_argument("--async", dest="async_mode", choices=sorted(WORKER_CLASSES),
                       help="how one process serves its connections: threading (the default: "
                            "a thread each) or gevent (a greenlet each; the gevent extra); "
                            "or SUNBEON_ASYNC_MODE")
    serve.add_argument("--dev", action="store_true", help="Werkzeug's development server")
    serve.set_defaults(func=cmd_serve)

    relay = commands.add_parser(
        "relay", help="the public wait page on a public host, pushed to by the internal "
                      "server (docs/public.md)")
    relay.add_argument("--db", default="var/relay.db",
                       help="the relay's own SQLite file (default var/relay.db)")
    relay.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1, behind the TLS proxy)")
    relay.add_argument("--port", type=int, default=8100)
    relay.add_argument("--threads", type=int, default=32)
    relay.add_argument("--dev", action="store_true", help="Werkzeug's development server")
    relay.set_defaults(func=cmd_relay)

    entrance = commands.add_parser(
        "entrance-qr", help="the QR code for a site's entrance: phones that took a number "
                            "on the public page check in with it (docs/public.md)")
    entrance.add_argument("--site", required=True, help="the site's code, e.g. dangjin")
    entrance.add_argument("--out", default="entrance.svg", help="the SVG file to write")
    entrance.add_argument("--public-url", help="the relay's address as phones reach it "
                                               "(or SUNBEON_PUBLIC_RELAY_URL)")
    _store_options(entrance)  # the site's round is read from it; else the environment's
    entrance.set_defaults(func=cmd_entrance_qr)

    user = commands.add_parser("user", help="staff accounts").add_subparsers(
        dest="action", required=True)
    add = user.add_parser("add", help="create an account")
    _store_options(add)
    add.add_argument("--name", required=True, help="login name")
    add.add_argument("--display-name", help="name shown on screens (default: the login)")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--site", help="site code or id (not needed for an admin)")
    add.add_argument("--password-stdin", action="store_true")
    add.set_defaults(func=cmd_user_add)

    device = commands.add_parser("device", help="kiosks and screens").add_subparsers(
        dest="action", required=True)
    dadd = device.add_parser("add", help="register a device")
    _store_options(dadd)
    dadd.add_argument("--name", required=True)
    dadd.add_argument("--kind", required=True, choices=DEVICE_KINDS)
    dadd.add_argument("--site", required=True, help="site code or id")
    dadd.add_argument("--config", help='JSON, e.g. {"counter_id": 3} for a counter display')
    dadd.set_defaults(func=cmd_device_add)

    printer = commands.add_parser("printer", help="kiosk ticket printers").add_subparsers(
        dest="action", required=True)
    pset = printer.add_parser("set", help="give a kiosk its printer")
    _store_options(pset)
    pset.add_argument("--device", required=True, help="the kiosk's device name")
    pset.add_argument("--profile", required=True, help="a model in printer_profiles/")
    pset.add_argument("--connection", required=True,
                      help="usb://VID:PID, serial:///dev/ttyUSB0?baud=115200, tcp://HOST:9100, "
                           "cups://QUEUE or preview://FOLDER")
    pset.add_argument("--mode", choices=("hybrid", "native", "image"),
                      help="how Hangul is printed (default: the profile's)")
    pset.set_defaults(func=cmd_printer_set)
    plist = printer.add_parser("list", help="printers and their last known state")
    _store_options(plist)
    plist.set_defaults(func=cmd_printer_list)

    backup = commands.add_parser("backup", help="copy the live database to a file")
    _store_options(backup)
    backup.add_argument("--to", required=True,
                        help="a new file, e.g. /var/backups/sunbeon-$(date +%%F).db (for "
                             "PostgreSQL a pg_dump archive: sunbeon-$(date +%%F).dump)")
    backup.set_defaults(func=cmd_backup)

    db = commands.add_parser("db", help="the database as a whole").add_subparsers(
        dest="action", required=True)
    copy = db.add_parser("copy", help="move an installation to another database, e.g. "
                                      "from SQLite to PostgreSQL (docs/scale.md)")
    copy.add_argument("--from", dest="source", required=True, metavar="URL",
                      help="sqlite:///path or postgresql://... (brought to the latest schema)")
    copy.add_argument("--to", dest="target", required=True, metavar="URL",
                      help="an empty database, sqlite:///path or postgresql://...")
    copy.add_argument("--replace", action="store_true",
                      help="delete what the target holds and copy over it")
    copy.add_argument("--from-home", metavar="DIR", default="var",
                      help="with PostgreSQL: the folder of its media/ and signing key "
                           "(default var/, as sunbeon serve)")
    copy.add_argument("--to-home", metavar="DIR", default="var",
                      help="with PostgreSQL: where the target's media/ and signing key go "
                           "(default var/)")
    copy.set_defaults(func=cmd_db_copy)

    token = commands.add_parser("token", help="bearer tokens").add_subparsers(
        dest="action", required=True)
    create = token.add_parser("create", help="print a new bearer token")
    _store_options(create)
    who = create.add_mutually_exclusive_group(required=True)
    who.add_argument("--user")
    who.add_argument("--device")
    create.set_defaults(func=cmd_token_create)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
