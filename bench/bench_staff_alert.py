"""From a kiosk's ticket to the alert on a staff console's screen.

    .venv/bin/python bench/bench_staff_alert.py [--tickets 30]

Starts `sunbeon serve --demo` (gunicorn, one process), signs the passport officer in to
the staff console in Chromium (/usr/bin/chromium, headless), then, one at a time, issues
a passport ticket over the kiosk API and waits for the console's "visitor waiting" banner
to show its number. Each sample runs from just before the kiosk's POST to the start of
the animation frame that paints the banner (recorded in the page with a
MutationObserver and requestAnimationFrame; the page and this script read the same
wall clock). Between samples the ticket is cancelled, so the banner is gone again.
Prints p50, p95 and max; the figures go into docs/staff.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.support.console import ConsoleSession  # noqa: E402
from tests.support.server import ServerProcess  # noqa: E402

# When each number first appears in the banner: the start of the frame that paints it.
RECORD_PAINT = """
window.__painted = {};
new MutationObserver(() => {
  const banner = document.getElementById('attention');
  if (!banner || banner.hidden) return;
  for (const el of banner.querySelectorAll('.banner__number')) {
    const number = el.textContent;
    if (number in window.__painted) continue;
    window.__painted[number] = null;
    requestAnimationFrame(() => { window.__painted[number] = performance.timeOrigin + performance.now(); });
  }
}).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['hidden'] });
"""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def run(tickets: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        server = ServerProcess(Path(folder) / "bench.db")
        server.start()
        try:
            return measure(server, tickets)
        finally:
            server.stop()


def measure(server: ServerProcess, tickets: int) -> dict:
    kiosk = requests.Session()
    kiosk.headers["Authorization"] = f"Bearer {server.tokens['kiosk-1f']}"
    officer = ConsoleSession()
    officer.post(f"{server.url}/api/v1/auth/login", timeout=5,
                 json={"login": "staff4", "password": "sunbeon-demo"}).raise_for_status()
    passport = next(s["id"] for s in kiosk.get(f"{server.url}/api/v1/services", timeout=5)
                    .json()["services"] if s["names"]["ko"] == "여권")
    latencies, posts = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        # bypass_csp: wait_for_function evaluates in the page, which its policy forbids.
        page = browser.new_page(viewport={"width": 1366, "height": 900}, bypass_csp=True)
        page.add_init_script(RECORD_PAINT)
        page.goto(f"{server.url}/staff")
        page.fill("#signin-form input[name=login]", "staff4")
        page.fill("#signin-form input[name=password]", "sunbeon-demo")
        page.click("#signin-form button[type=submit]")
        page.wait_for_selector("#live .is-online", timeout=15_000)
        for i in range(tickets + 2):          # the first two warm up
            started = time.time() * 1000
            response = kiosk.post(f"{server.url}/api/v1/tickets", json={"service_id": passport},
                                  timeout=5)
            posted = time.time() * 1000
            ticket = response.json()["ticket"]
            page.wait_for_function("(n) => window.__painted[n]", arg=ticket["display_number"],
                                   timeout=10_000)
            painted = page.evaluate("(n) => window.__painted[n]", ticket["display_number"])
            if i >= 2:
                latencies.append(painted - started)
                posts.append(posted - started)
            officer.post(f"{server.url}/api/v1/tickets/{ticket['id']}/cancel", timeout=5)
            page.wait_for_selector("#attention", state="hidden", timeout=10_000)
            time.sleep(0.2)
        browser.close()
    return {"samples": len(latencies),
            "p50": statistics.median(latencies), "p95": percentile(latencies, 0.95),
            "max": max(latencies), "post_p50": statistics.median(posts)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=30)
    result = run(parser.parse_args().tickets)
    print(f"kiosk ticket -> staff console alert painted, {result['samples']} tickets")
    print(f"  p50 {result['p50']:.0f} ms   p95 {result['p95']:.0f} ms   max {result['max']:.0f} ms")
    print(f"  (the kiosk's POST itself: p50 {result['post_p50']:.0f} ms)")


if __name__ == "__main__":
    main()
