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
   Socket.IO client, with 50 and with 300 clients (p50, p95).
Prints a table; figures go into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
import socketio  # noqa: E402

from server.infra.clock import FixedClock  # noqa: E402
from server.demo import load_demo  # noqa: E402
from server.queue import QueueEngine  # noqa: E402
from server.infra.store import Store  # noqa: E402
from tests.conftest import TUESDAY_10AM  # noqa: E402
from tests.printing.fakeprinter import FakePrinter  # noqa: E402
from tests.support.server import ServerProcess  # noqa: E402


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


def bench_http(seconds: float, paper: bool) -> dict:
    """The kiosk's own path: POST /api/v1/tickets with its bearer token, 32 clients at
    once. With `paper`, the kiosk's printer is a TCP printer on loopback (the fake ESC/POS
    printer of the tests, which reads status and confirms each job as a real one does), so
    every ticket is also rendered and sent while the requests go on; without, the kiosk
    has no printer."""
    with tempfile.TemporaryDirectory() as folder:
        server = ServerProcess(Path(folder) / "http.db", threads=64)
        printer = FakePrinter().start() if paper else None
        try:
            server.start()
            token = server.tokens["kiosk-1f"]
            with sqlite3.connect(server.db_path) as db:
                if printer:
                    db.execute("UPDATE printers SET connection = ?, mode = 'hybrid' WHERE device_id = "
                               "(SELECT id FROM devices WHERE name = 'kiosk-1f')",
                               (f"tcp://127.0.0.1:{printer.port}",))
                else:
                    db.execute("DELETE FROM printers")
            # Every letter-numbered service of the city hall, as a busy morning spreads them.
            letter_services = [1, 2, 3, 6, 7, 8, 9, 10]
            count, latencies, failures, elapsed = asyncio.run(
                _issue_over_http(server.url, token, letter_services, seconds, 32))
            printed = len(printer.jobs) if printer else 0
        finally:
            server.stop()
            if printer:
                printer.stop()
    return {"issues_per_s": count / elapsed, "p50_ms": percentile(latencies, .5) * 1000,
            "p95_ms": percentile(latencies, .95) * 1000, "failures": failures,
            "printed_per_s": printed / elapsed}


async def _call_latency(url: str, tokens: dict, clients: int, calls: int) -> list[float]:
    sent_at: dict[str, float] = {}
    latencies: list[float] = []
    connected = []

    async def listen():
        client = socketio.AsyncClient(reconnection=False)

        @client.on("event")
        async def on_event(event):
            if event["type"] == "ticket.called":
                number = event["data"]["ticket"]["display_number"]
                if number in sent_at:
                    latencies.append(time.perf_counter() - sent_at[number])

        await client.connect(url, auth={"token": tokens["board-1f"]}, transports=["websocket"])
        connected.append(client)

    for start in range(0, clients, 25):  # connect in waves, as screens come up
        await asyncio.gather(*(listen() for _ in range(start, min(clients, start + 25))))
    # unsafe=True: keep the session cookie of a server addressed by IP (127.0.0.1).
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as officer, \
            aiohttp.ClientSession(
            headers={"Authorization": f"Bearer {tokens['kiosk-1f']}"}) as kiosk:
        await officer.post(url + "/api/v1/auth/login",
                           json={"login": "staff1", "password": "sunbeon-demo"})
        for _ in range(calls):
            async with kiosk.post(url + "/api/v1/tickets", json={"service_id": 2}) as r:
                number = (await r.json())["ticket"]["display_number"]
            await asyncio.sleep(0.05)
            sent_at[number] = time.perf_counter()
            async with officer.post(url + "/api/v1/counters/1/call-next", json={}) as r:
                ticket = (await r.json())["ticket"]
            await asyncio.sleep(0.25)  # let every client receive it before the next call
            async with officer.post(url + f"/api/v1/tickets/{ticket['id']}/finish", json={}):
                pass
    await asyncio.sleep(1)
    await asyncio.gather(*(client.disconnect() for client in connected))
    expected = clients * calls
    if len(latencies) != expected:
        print(f"  warning: {len(latencies)} of {expected} call events arrived", file=sys.stderr)
    return latencies


def bench_sockets(clients: int, calls: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        server = ServerProcess(Path(folder) / "sockets.db", threads=clients + 100)
        server.start()
        try:
            latencies = asyncio.run(_call_latency(server.url, server.tokens, clients, calls))
        finally:
            server.stop()
    return {"clients": clients, "events": len(latencies),
            "p50_ms": percentile(latencies, .5) * 1000, "p95_ms": percentile(latencies, .95) * 1000}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="smaller runs")
    parser.add_argument("--engine-only", action="store_true",
                        help="only the engine figures (FULL and NORMAL)")
    args = parser.parse_args()
    results = {}
    for synchronous in ("FULL", "NORMAL"):
        e = results[f"engine_{synchronous.lower()}"] = bench_engine(
            1000 if args.quick else 5000, synchronous)
        print(f"engine alone, synchronous={synchronous:6s}: {e['issues_per_s']:8.0f} issues/s, "
              f"{e['call_finish_per_s']:6.0f} call-next+finish/s", flush=True)
    if args.engine_only:
        print(json.dumps(results))
        return
    for paper in (True, False):
        results["http_paper" if paper else "http"] = h = bench_http(3 if args.quick else 10, paper)
        print(f"HTTP, 1 process, kiosk {'with' if paper else 'without'} printer: "
              f"{h['issues_per_s']:6.0f} issues/s "
              f"(p50 {h['p50_ms']:.1f} ms, p95 {h['p95_ms']:.1f} ms, {h['failures']} failures, "
              f"{h['printed_per_s']:.0f} tickets/s printed)", flush=True)
    results["sockets"] = []
    for clients in (50, 300):
        s = bench_sockets(clients, 10 if args.quick else 30)
        results["sockets"].append(s)
        print(f"call-next -> event at {s['clients']:3d} clients: p50 {s['p50_ms']:.1f} ms, "
              f"p95 {s['p95_ms']:.1f} ms ({s['events']} events)", flush=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
