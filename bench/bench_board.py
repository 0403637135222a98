"""How fast a call reaches the lobby board: from the officer's call-next request to the
number painted on the board in Chromium, with other boards (python-socketio clients)
connected to the same server. Prints p50 and p95; asserts nothing.

    .venv/bin/python bench/bench_board.py [--calls 30] [--clients 50]

It starts its own `sunbeon serve --demo` on a free port with a temporary database,
drives Debian's Chromium (/usr/bin/chromium) headless, and stops everything at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import requests
import socketio
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.support.console import ConsoleSession  # noqa: E402
from tests.support.server import free_port  # noqa: E402

# Records when each new number on the board's hero was painted (the frame after the
# DOM change), in the same clock as Python's time.time() (both are wall-clock ms).
PAINT_PROBE = """
window.__painted = {};
const hero = document.getElementById('hero-call');
new MutationObserver(() => {
  const number = hero.querySelector('.hero__number')?.textContent;
  if (!number || number in window.__painted) return;
  window.__painted[number] = null;
  requestAnimationFrame(() => setTimeout(() => {
    window.__painted[number] = performance.timeOrigin + performance.now();
  }, 0));
}).observe(hero, { childList: true, subtree: true, characterData: true });
"""


def start_server(db: Path, port: int, threads: int) -> subprocess.Popen:
    log = open(db.with_suffix(".log"), "ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "serve", "--demo", "--history-days", "0", "--db", str(db),
         "--port", str(port), "--threads", str(threads)],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("the server did not start")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def summary(name: str, values: list[float]) -> str:
    return (f"{name:<44} p50 {statistics.median(values):6.1f} ms   p95 {percentile(values, 95):6.1f} ms"
            f"   max {max(values):6.1f} ms   (n={len(values)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=30)
    parser.add_argument("--clients", type=int, default=50)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="sunbeon-bench-"))
    db, port = workdir / "bench.db", free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(db, port, threads=args.clients + 100)
    clients: list[socketio.Client] = []
    try:
        with sqlite3.connect(db) as conn:
            tokens = json.loads(conn.execute(
                "SELECT value FROM app_settings WHERE key = 'demo_tokens'").fetchone()[0])
        services = requests.get(f"{base}/api/v1/services?site_id=1", timeout=5).json()["services"]
        resident = next(s["id"] for s in services if s["names"]["ko"] == "주민등록 등·초본")
        kiosk = {"Authorization": f"Bearer {tokens['kiosk-1f']}"}
        for _ in range(args.calls):
            requests.post(f"{base}/api/v1/tickets", json={"service_id": resident}, headers=kiosk,
                          timeout=5).raise_for_status()

        received: dict[str, list[float]] = {}
        lock = threading.Lock()

        def on_event(event):
            if event["type"] == "ticket.called":
                with lock:
                    received.setdefault(event["data"]["ticket"]["display_number"], []).append(time.time())

        for _ in range(args.clients):
            client = socketio.Client(reconnection=False)
            client.on("event", on_event)
            client.connect(base, auth={"token": tokens["board-1f"]}, transports=["websocket"])
            clients.append(client)

        staff = ConsoleSession()
        staff.post(f"{base}/api/v1/auth/login", json={"login": "staff1", "password": "sunbeon-demo"},
                   timeout=5).raise_for_status()

        paint_ms, socket_ms = [], []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                 args=CHROMIUM_ARGS)
            # bypass_csp: wait_for_function evaluates in the page, which its policy forbids.
            page = browser.new_page(viewport={"width": 1920, "height": 1080}, bypass_csp=True)
            page.goto(f"{base}/display/board?token={tokens['board-1f']}")
            page.wait_for_selector("body[data-live='online']", timeout=15000)
            page.evaluate(PAINT_PROBE)
            for _ in range(args.calls):
                started = time.time()
                ticket = staff.post(f"{base}/api/v1/counters/1/call-next", timeout=5).json()["ticket"]
                number = ticket["display_number"]
                page.wait_for_function("n => window.__painted[n]", arg=number, timeout=10000)
                paint_ms.append(page.evaluate("n => window.__painted[n]", number) - started * 1000)
                time.sleep(0.2)  # let the slowest socket client get it too
                with lock:
                    socket_ms += [(t - started) * 1000 for t in received.get(number, [])]
                staff.post(f"{base}/api/v1/tickets/{ticket['id']}/finish", json={},
                           timeout=5).raise_for_status()
                time.sleep(0.3)
            browser.close()

        print(f"{args.calls} calls, {args.clients} other boards connected "
              f"(python-socketio over WebSocket), one gunicorn gthread worker, {os.cpu_count()} cores")
        print(summary("call-next request -> number painted (Chromium)", paint_ms))
        print(summary(f"call-next request -> event at {args.clients} socket clients", socket_ms))
    finally:
        for client in clients:
            client.disconnect()
        server.terminate()
        server.wait(15)


if __name__ == "__main__":
    main()
