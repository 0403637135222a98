"""Queue core throughput and live-event latency.

    .venv/bin/pip install -e '.[test,bench]'
    .venv/bin/python bench/bench_queue.py [--quick]

1. Ticket issues per second in the engine alone (one thread, temporary database), with
   each commit synced to disk (synchronous=FULL, what the server uses) and, to show what
   that costs, with synchronous=NORMAL (a power cut may lose the last commits). The
   temporary database must be on a real disk: if /tmp is a tmpfs, set TMPDIR.
2. Ticket issues per second through HTTP against `sunbeon serve` (gunicorn, one
   process), from 32 concurrent keep-alive clients posting as the demo's 1st-floor kiosk:
   once with its printer (a TCP ESC/POS printer on loopback) and once without.
3. Latency from a call-next request to the event arriving at every connected
   Socket.IO client, with 50 and with 300 clients (p50, p95), and the server's memory
   with them connected (PSS of all its processes, /proc/<pid>/smaps_rollup).
4. With `--parts idle`: the server's memory when started and idle (no screen connected).
Prints a table; figures go into docs/benchmarks.md.

Ways of serving (server/wsgi.py): `--async threading,gevent --rounds 2` measures each part
in both, one right after the other (threading, gevent, threading, gevent for each figure),
so that the two meet the same load on a shared machine; every line gives its UTC time and
the load average before and after it.

Several processes (docs/scale.md): `--database postgresql --workers 1,2,4 --screens
300,1000` runs 2 and 3 for each number of processes, on a throwaway PostgreSQL and Redis
(tests/support/postgres.py, redis.py) with the shipped nginx site in front
(tests/support/proxy.py): every request and socket goes through nginx, and each screen
connects from an address of its own in 127.0.0.0/8, so that nginx's sticky hash spreads
the screens over the processes as it spreads real ones. On SQLite the one process is
addressed directly, as before. The load generator (aiohttp and python-socketio's asyncio
clients, one Python process) runs on the same cores as the servers, nginx, PostgreSQL and
Redis.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
import socketio  # noqa: E402

from server.infra.clock import FixedClock  # noqa: E402
from server.demo import load_demo  # noqa: E402
from server.queue import QueueEngine  # noqa: E402
from server.infra.store import Store  # noqa: E402
from tests.conftest import TUESDAY_10AM  # noqa: E402
from tests.support.postgres import ThrowawayPostgres  # noqa: E402
from tests.support.processes import process_tree  # noqa: E402
from tests.support.proxy import ThrowawayProxy  # noqa: E402
from tests.support.redis import ThrowawayRedis  # noqa: E402
from tests.support.server import ServerProcess  # noqa: E402
from server.wsgi import WORKER_CLASSES  # noqa: E402
from bench.bench_engine import commit  # noqa: E402

LOAD_GENERATOR = ("load generator: aiohttp and python-socketio asyncio clients in this one "
                  "Python process, on the same cores as the servers, nginx, PostgreSQL and Redis")
# Each screen's socket holds one server thread (and with it, on PostgreSQL, one database
# connection) for its life; nginx holds two file descriptors per socket.
SOCKET_HEADROOM = 200


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def bench_engine(count: int, synchronous: str = "FULL") -> dict:
    with tempfile.TemporaryDirectory() as folder:
        clock = FixedClock(TUESDAY_10AM)
        store = Store(Path(folder) / "bench.db", synchronous=synchronous)
        load_demo(store, clock)
        engine = QueueEngine(store, clock)
        services = [r["id"] for r in store.query(
            "SELECT id FROM services WHERE site_id = 1 AND numbering = 'letter'")]
        started = time.perf_counter()
        for i in range(count):
            engine.issue(services[i % len(services)])
        issue_seconds = time.perf_counter() - started
        started = time.perf_counter()
        calls = 0
        while calls < count // 4:
            ticket = engine.call_next(1)
            engine.finish(ticket["id"])
            calls += 1
        call_seconds = time.perf_counter() - started
    return {"issues_per_s": count / issue_seconds, "call_finish_per_s": calls / call_seconds}


async def _issue_over_http(url: str, token: str, service_ids: list[int], seconds: float,
                           concurrency: int) -> tuple[int, list[float], int, float]:
    latencies: list[float] = []
    failures = 0
    deadline = time.perf_counter() + seconds
    headers = {"Authorization": f"Bearer {token}"}
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector, headers=headers) as session:
        async def worker(index: int):
            nonlocal failures
            while time.perf_counter() < deadline:
                sent = time.perf_counter()
                service_id = service_ids[(index + len(latencies)) % len(service_ids)]
                async with session.post(url + "/api/v1/tickets",
                                        json={"service_id": service_id}) as response:
                    body = await response.read()
                    if response.status != 201:
                        failures += 1
                        if failures == 1:
                            print(f"  first failure: {response.status} {body[:200]!r}",
                                  file=sys.stderr)
                latencies.append(time.perf_counter() - sent)
        started = time.perf_counter()
        await asyncio.gather(*(worker(i) for i in range(concurrency)))
        elapsed = time.perf_counter() - started
    return len(latencies), latencies, failures, elapsed


class BenchPostgres(ThrowawayPostgres):
    """The tests' throwaway PostgreSQL with room for a connection per socket thread: the
    store keeps one connection per server thread, and each screen's socket holds a thread."""

    connections = 2500

    def _as_server_user(self, command: list[str]) -> list[str]:
        return super()._as_server_user(
            [part.replace("max_connections=200", f"max_connections={self.connections}")
             for part in command])


class BenchProxy(ThrowawayProxy):
    """The shipped nginx site with room for 1,000 screens (two connections each)."""

    def write_config(self) -> Path:
        config = super().write_config()
        config.write_text(config.read_text().replace(
            "events { worker_connections 1024; }",
            "worker_rlimit_nofile 16384;\nevents { worker_connections 8192; }"))
        return config


class Deployment:
    """The server as it is measured: one process on SQLite, addressed directly; or
    `workers` processes on PostgreSQL, each with the Redis message queue, behind nginx
    (with one process too, so that the two stores' figures differ only in the store and
    the proxy)."""

    def __init__(self, folder: Path, store: str, workers: int, threads: int,
                 postgres: ThrowawayPostgres | None = None, async_mode: str = "threading"):
        self.store, self.workers = store, workers
        self.postgres = postgres
        self.redis = self.proxy = None
        self.database = None
        if store == "postgresql":
            self.database = postgres.create_database()
            self.redis = ThrowawayRedis()
        self.server = ServerProcess(
            folder / "bench.db", threads=threads, workers=workers, database=self.database,
            message_queue=self.redis.url if self.redis else None,
            env={"SUNBEON_PROXY_FIX": "1"} if self.database else {}, async_mode=async_mode)

    def __enter__(self) -> "Deployment":
        try:
            if self.redis:
                self.redis.start()
            self.server.start()
            if self.database:
                self.proxy = BenchProxy(self.server.ports).start()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc) -> None:
        if exc and exc[0] is not None and self.server.log_path.exists():
            # The server's own account of a failed figure; its folder goes with it.
            print(f"  server log (end): {self.server.log_path.read_text()[-3000:]}",
                  file=sys.stderr)
        if self.proxy:
            self.proxy.remove()
        self.server.stop()
        if self.redis:
            self.redis.remove()
        if self.database:
            self.postgres.drop_database(self.database)

    @property
    def url(self) -> str:
        return self.proxy.url if self.proxy else self.server.url

    @property
    def tokens(self) -> dict:
        return self.server.tokens

    def execute(self, statement: str, params: tuple = ()) -> None:
        """A statement straight on the database, as an installer would set a printer up."""
        if self.database:
            import psycopg
            with psycopg.connect(self.database) as conn:
                conn.execute(statement.replace("?", "%s"), params)
        else:
            with sqlite3.connect(self.server.db_path) as db:
                db.execute(statement, params)

    def cpu_seconds(self) -> float:
        """CPU time (user and system) used so far by every server process: what a figure
        cost the server whatever else ran on the machine's cores meanwhile."""
        ticks = 0
        for pid in process_tree(self.server.process.pid):
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def memory(self) -> dict:
        """PSS of every server process (the command's own, gunicorn masters and workers:
        PSS counts a page shared by several once in all), the largest worker's RSS and
        threads, and the open database connections (PostgreSQL's own processes)."""
        pids = process_tree(self.server.process.pid)
        pss = rss = threads = 0
        for pid in pids:
            try:
                rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            pss += kib(rollup, "Pss:")
            if kib(status, "VmRSS:") > rss:
                rss, threads = kib(status, "VmRSS:"), kib(status, "Threads:")
        connections = None
        if self.database:
            import psycopg
            with psycopg.connect(self.database) as conn:
                connections = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                ).fetchone()[0] - 1
        return {"pss_mib": pss / 1024, "largest_rss_mib": rss / 1024,
                "largest_threads": threads, "processes": len(pids),
                "database_connections": connections}


def kib(text: str, field: str) -> int:
    line = next(line for line in text.splitlines() if line.startswith(field))
    return int(line.split()[1])


def bench_idle(store: str = "sqlite", workers: int = 1,
               postgres: ThrowawayPostgres | None = None,
               async_mode: str = "threading") -> dict:
    """The server's memory started and idle: its workers running, no screen connected,
    after a few seconds' settling."""
    with tempfile.TemporaryDirectory() as folder, \
            Deployment(Path(folder), store, workers, 400, postgres, async_mode) as server:
        time.sleep(5)
        return server.memory()


# The tests' fake ESC/POS printer in a process of its own: in the load generator's, its
# threads would take turns with the clients that time the events.
PRINTER_PROCESS = """
import sys
from tests.printing.fakeprinter import FakePrinter
printer = FakePrinter().start()
print(printer.port, flush=True)
for _asked in sys.stdin:
    print(len(printer.jobs), flush=True)
printer.stop()
"""


class PrinterProcess:
    """A TCP printer on loopback that reads status and confirms each job as a real one
    does (tests/printing/fakeprinter.py), run as `python -c PRINTER_PROCESS`."""

    def __init__(self):
        self.process = subprocess.Popen([sys.executable, "-c", PRINTER_PROCESS], cwd=ROOT,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.port = int(self.process.stdout.readline())

    def printed(self) -> int:
        """How many jobs it has received."""
        self.process.stdin.write("\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def stop(self) -> None:
        self.process.stdin.close()
        self.process.wait(10)


@contextlib.contextmanager
def kiosk_printer(server: "Deployment") -> Iterator[PrinterProcess]:
    """kiosk-1f's printer as a TCP ESC/POS printer (PrinterProcess), as a lobby's kiosk
    has: not the demo's preview files, whose PNG no real printer makes the server write."""
    printer = PrinterProcess()
    try:
        server.execute("UPDATE printers SET connection = ?, mode = 'hybrid' WHERE device_id = "
                       "(SELECT id FROM devices WHERE name = 'kiosk-1f')",
                       (f"tcp://127.0.0.1:{printer.port}",))
        yield printer
    finally:
        printer.stop()


def bench_http(seconds: float, paper: bool, store: str = "sqlite", workers: int = 1,
               postgres: ThrowawayPostgres | None = None,
               async_mode: str = "threading") -> dict:
    """The kiosk's own path: POST /api/v1/tickets with its bearer token, 32 clients at
    once. With `paper`, the kiosk prints to a TCP printer (kiosk_printer), so every ticket
    is also rendered and sent while the requests go on; without, the kiosk has no
    printer."""
    with tempfile.TemporaryDirectory() as folder, \
            Deployment(Path(folder), store, workers, 64, postgres, async_mode) as server:
        with contextlib.ExitStack() as stack:
            printer = stack.enter_context(kiosk_printer(server)) if paper else None
            token = server.tokens["kiosk-1f"]
            if not printer:
                server.execute("DELETE FROM printers")
            # Every letter-numbered service of the city hall, as a busy morning spreads them.
            letter_services = [1, 2, 3, 6, 7, 8, 9, 10]
            cpu_before = server.cpu_seconds()
            count, latencies, failures, elapsed = asyncio.run(
                _issue_over_http(server.url, token, letter_services, seconds, 32))
            cpu = server.cpu_seconds() - cpu_before
            printed = printer.printed() if printer else 0
    return {"issues_per_s": count / elapsed, "p50_ms": percentile(latencies, .5) * 1000,
            "p95_ms": percentile(latencies, .95) * 1000, "failures": failures,
            "printed_per_s": printed / elapsed, "cpu_ms_per_issue": cpu / count * 1000}


def screen_address(index: int) -> str:
    """A loopback address of its own for each of up to 250 screens in a row (127.0.0.2 ...
    127.0.0.251): nginx sticks a socket to a process by client address."""
    return f"127.0.0.{2 + index % 250}"


async def _call_latency(url: str, tokens: dict, clients: int, calls: int,
                        measure=None, cpu=None) -> tuple[list[float], list[float],
                                                         dict | None, float | None]:
    """Latencies of every call event at every client, the first arrival of each call,
    what `measure()` returned with all clients connected, and the server CPU seconds
    (`cpu()`) that the calls took, from the first issue to the last finish."""
    sent_at: dict[str, float] = {}
    latencies: list[float] = []
    first: dict[str, float] = {}
    connected = []
    sessions: dict[str, aiohttp.ClientSession] = {}

    async def listen(index: int):
        address = screen_address(index)
        if address not in sessions:
            sessions[address] = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(local_addr=(address, 0), limit=0))
        client = socketio.AsyncClient(reconnection=False, http_session=sessions[address],
                                      request_timeout=30)

        @client.on("event")
        async def on_event(event):
            if event["type"] == "ticket.called":
                number = event["data"]["ticket"]["display_number"]
                if number in sent_at:
                    latency = time.perf_counter() - sent_at[number]
                    latencies.append(latency)
                    first.setdefault(number, latency)

        await client.connect(url, auth={"token": tokens["board-1f"]}, transports=["websocket"],
                             wait_timeout=30)
        connected.append(client)

    for start in range(0, clients, 25):  # connect in waves, as screens come up
        await asyncio.gather(*(listen(i) for i in range(start, min(clients, start + 25))))
    await asyncio.sleep(2)
    measured = measure() if measure else None
    cpu_before = cpu() if cpu else None
    # unsafe=True: keep the session cookie of a server addressed by IP (127.0.0.1).
    # Idle connections are let go after 1 s, before gunicorn's keep-alive of 2 s closes
    # them under a request sent at that moment (the pause between calls is near 1 s).
    async with aiohttp.ClientSession(
            cookie_jar=aiohttp.CookieJar(unsafe=True),
            connector=aiohttp.TCPConnector(keepalive_timeout=1)) as officer, \
            aiohttp.ClientSession(
            headers={"Authorization": f"Bearer {tokens['kiosk-1f']}"},
            connector=aiohttp.TCPConnector(keepalive_timeout=1)) as kiosk:
        await officer.post(url + "/api/v1/auth/login",
                           json={"login": "staff1", "password": "sunbeon-demo"})
        for _ in range(calls):
            async with kiosk.post(url + "/api/v1/tickets", json={"service_id": 2}) as r:
                number = (await r.json())["ticket"]["display_number"]
            await asyncio.sleep(0.05)
            sent_at[number] = time.perf_counter()
            async with officer.post(url + "/api/v1/counters/1/call-next", json={}) as r:
                ticket = (await r.json())["ticket"]
            # let every client receive it before the next call
            await asyncio.sleep(0.25 + clients / 2000)
            async with officer.post(url + f"/api/v1/tickets/{ticket['id']}/finish", json={}):
                pass
    cpu_used = cpu() - cpu_before if cpu else None
    await asyncio.sleep(1)
    await asyncio.gather(*(client.disconnect() for client in connected))
    await asyncio.gather(*(session.close() for session in sessions.values()))
    expected = clients * calls
    if len(latencies) != expected:
        print(f"  warning: {len(latencies)} of {expected} call events arrived", file=sys.stderr)
    return latencies, list(first.values()), measured, cpu_used


def bench_sockets(clients: int, calls: int, store: str = "sqlite", workers: int = 1,
                  postgres: ThrowawayPostgres | None = None,
                  async_mode: str = "threading") -> dict:
    with tempfile.TemporaryDirectory() as folder, \
            Deployment(Path(folder), store, workers, clients + SOCKET_HEADROOM,
                       postgres, async_mode) as server, kiosk_printer(server):
        latencies, first, memory, cpu = asyncio.run(
            _call_latency(server.url, server.tokens, clients, calls, server.memory,
                          server.cpu_seconds))
    return {"clients": clients, "events": len(latencies), "expected": clients * calls,
            "p50_ms": percentile(latencies, .5) * 1000, "p95_ms": percentile(latencies, .95) * 1000,
            "first_p50_ms": percentile(first, .5) * 1000, "memory": memory,
            "cpu_ms_per_call": cpu / calls * 1000}


def raise_open_files(wanted: int) -> None:
    """1,000 sockets, each with its HTTP session, need more descriptors than the usual
    1,024; the servers, nginx and PostgreSQL started from here inherit the limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def numbers(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="smaller runs")
    parser.add_argument("--engine-only", action="store_true",
                        help="only the engine figures (FULL and NORMAL)")
    parser.add_argument("--database", default="sqlite",
                        help="sqlite, postgresql or both (sqlite,postgresql): the store of "
                             "the HTTP and socket figures")
    parser.add_argument("--workers", default="1",
                        help="numbers of server processes, e.g. 1,2,4 (more than 1 on "
                             "PostgreSQL only)")
    parser.add_argument("--screens", default="50,300",
                        help="numbers of connected Socket.IO clients, e.g. 300,1000")
    parser.add_argument("--parts", default="engine,http,sockets",
                        help="which parts to run: engine, http, sockets, idle")
    parser.add_argument("--calls", type=int, help="calls per socket run (default 30, 10 quick)")
    parser.add_argument("--async", dest="async_modes", default="threading",
                        help="ways of serving, e.g. threading,gevent (server/wsgi.py): each "
                             "figure in each of them, one right after the other")
    parser.add_argument("--rounds", type=int, default=1,
                        help="how many times to take every figure (alternating the ways of "
                             "serving within each)")
    args = parser.parse_args()
    # Stopped with SIGTERM, it still stops the servers, nginx, PostgreSQL and Redis it started.
    signal.signal(signal.SIGTERM, lambda _number, _frame: sys.exit(143))
    parts = set(args.parts.split(","))
    if args.engine_only:
        parts = {"engine"}
    stores = args.database.split(",")
    if set(stores) - {"sqlite", "postgresql"}:
        parser.error("--database: sqlite or postgresql")
    setups = [(store, workers) for store in stores for workers in numbers(args.workers)
              if store == "postgresql" or workers == 1]
    screens = numbers(args.screens)
    modes = args.async_modes.split(",")
    if set(modes) - set(WORKER_CLASSES):
        parser.error(f"--async: {', '.join(WORKER_CLASSES)}")
    raise_open_files(4 * max(screens) + 4096)
    calls = args.calls or (10 if args.quick else 30)
    print(f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, commit {commit()}, "
          f"load average {loadavg()}; {LOAD_GENERATOR}", flush=True)
    results = {}
    if "engine" in parts:
        for synchronous in ("FULL", "NORMAL"):
            e = results[f"engine_{synchronous.lower()}"] = bench_engine(
                1000 if args.quick else 5000, synchronous)
            print(f"engine alone, synchronous={synchronous:6s}: {e['issues_per_s']:8.0f} "
                  f"issues/s, {e['call_finish_per_s']:6.0f} call-next+finish/s", flush=True)
    postgres = BenchPostgres().start() if "postgresql" in stores else None

    def measured(key: str, run) -> dict:
        """One figure, with its time and the load average around it."""
        before, at = loadavg(), f"{datetime.now(timezone.utc):%H:%M:%S}"
        figure = run()
        figure.update(utc=at, loadavg=[before, loadavg()])
        results.setdefault(key, []).append(figure)
        return figure

    try:
        for round_number in range(1, args.rounds + 1):
            for store, workers in setups:
                name = f"{workers} process{'es' if workers > 1 else ''}, {store}"
                if store == "postgresql":
                    name += " + Redis, through nginx"
                if "idle" in parts:
                    for mode in modes:
                        m = measured(f"idle {store} {workers} {mode}",
                                     lambda: bench_idle(store, workers, postgres, mode))
                        print(f"{m['utc']} [{mode:9s}] idle, {name}: server PSS "
                              f"{m['pss_mib']:.0f} MiB in {m['processes']} processes, largest "
                              f"RSS {m['largest_rss_mib']:.0f} MiB with "
                              f"{m['largest_threads']} threads; load {' -> '.join(m['loadavg'])}",
                              flush=True)
                if "http" in parts:
                    for paper in (False, True):
                        for mode in modes:
                            h = measured(
                                f"http{'_paper' if paper else ''} {store} {workers} {mode}",
                                lambda: bench_http(3 if args.quick else 10, paper, store,
                                                   workers, postgres, mode))
                            print(f"{h['utc']} [{mode:9s}] HTTP, {name}, kiosk "
                                  f"{'with' if paper else 'without'} printer: "
                                  f"{h['issues_per_s']:6.0f} issues/s (p50 {h['p50_ms']:.1f} ms, "
                                  f"p95 {h['p95_ms']:.1f} ms, {h['failures']} failures, "
                                  f"{h['printed_per_s']:.0f} tickets/s printed; server CPU "
                                  f"{h['cpu_ms_per_issue']:.1f} ms per issue; load "
                                  f"{' -> '.join(h['loadavg'])})", flush=True)
                if "sockets" in parts:
                    for clients in screens:
                        for mode in modes:
                            s = measured(f"sockets {store} {workers} {mode}",
                                         lambda: bench_sockets(clients, calls, store, workers,
                                                               postgres, mode))
                            m = s["memory"]
                            print(f"{s['utc']} [{mode:9s}] call-next -> event, {name}, "
                                  f"{clients:4d} clients: "
                                  f"p50 {s['p50_ms']:.1f} ms, p95 {s['p95_ms']:.1f} ms, first "
                                  f"arrival p50 {s['first_p50_ms']:.1f} ms ({s['events']} of "
                                  f"{s['expected']} events); server PSS {m['pss_mib']:.0f} MiB "
                                  f"in {m['processes']} processes, largest RSS "
                                  f"{m['largest_rss_mib']:.0f} MiB with "
                                  f"{m['largest_threads']} threads; server CPU "
                                  f"{s['cpu_ms_per_call']:.0f} ms per call"
                                  + (f", {m['database_connections']} database connections"
                                     if m["database_connections"] is not None else "")
                                  + f"; load {' -> '.join(s['loadavg'])}", flush=True)
    finally:
        if postgres:
            postgres.stop()
    print(json.dumps(results))


if __name__ == "__main__":
    main()
