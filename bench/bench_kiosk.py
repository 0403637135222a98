"""Kiosk figures in Chromium against a local `sunbeon serve --demo`: the first load
(bytes transferred with fonts, time until the home screen answers taps) and the time from
the confirm tap to the ticket number on screen.

    .venv/bin/python bench/bench_kiosk.py [--loads 5] [--tickets 30] [--languages ko,en,zh,vi,ru,th]

Per language: the kiosk starts in Korean and the visitor picks the language, so a
language's first load is the start plus the change (its catalog and, for Chinese, Thai
and Vietnamese, its font, fetched only then).
Aims: first load under 600 KB and interactive in under 1 s; tap to ticket under
150 ms at the 95th percentile. Each first load runs in a fresh browser context (cold
cache). Tap to ticket is timed inside the page, from the click to the frame that shows
the number, so it includes the HTTP request, the server's work and rendering.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.support.server import ServerProcess  # noqa: E402

PORTRAIT = {"width": 1080, "height": 1920}

FIRST_LOAD = """async () => {
  await document.fonts.ready;
  const entries = [...performance.getEntriesByType('navigation'),
                   ...performance.getEntriesByType('resource')];
  const kind = (url) => /\\/fonts\\/|\\.woff2?(\\?|$)/.test(url) ? 'fonts'
    : /\\.css/.test(url) ? 'css' : /\\.m?js/.test(url) ? 'js'
    : url.includes('/api/') || url.includes('/i18n/') ? 'data' : 'page';
  const bytes = {};
  for (const e of entries) bytes[kind(e.name)] = (bytes[kind(e.name)] || 0) + e.transferSize;
  return {ready: performance.getEntriesByName('kiosk-ready')[0].startTime,
          requests: entries.length, bytes};
}"""

# From the tap on "take the number" to the frame that shows it.
TAP_TO_TICKET = """async () => {
  const started = performance.now();
  document.getElementById('confirm-issue').click();
  while (!document.getElementById('ticket-number')) {
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
  await new Promise((resolve) => requestAnimationFrame(resolve));
  return performance.now() - started;
}"""

TO_CONFIRM = """() => {
  const click = (selector) => document.querySelector(selector).click();
  click('#nav-home');
  click('#screen [data-key=take]');
  click('#screen [data-option="1"]');
  click('#screen [data-option="2"]');
  click('#screen [data-key=priority-no]');
}"""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--tickets", type=int, default=30)
    parser.add_argument("--languages", default="ko,en,zh,vi,ru,th")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        server = ServerProcess(Path(folder) / "bench.db")
        server.start()
        try:
            import sqlite3
            with sqlite3.connect(server.db_path) as conn:   # open whatever the day
                conn.execute("DELETE FROM holidays")
            run(server, args)
        finally:
            server.stop()


def run(server: ServerProcess, args) -> None:
    address = f"{server.url}/kiosk?token={server.tokens['kiosk-1f']}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        for lang in args.languages.split(","):
            loads = [first_load(browser, address, lang) for _ in range(args.loads)]
            taps = tap_to_ticket(browser, address, lang, args.tickets)
            report(lang, loads, taps)
        browser.close()


def open_kiosk(browser, address: str, lang: str):
    context = browser.new_context(viewport=PORTRAIT)
    page = context.new_page()
    page.goto(address)
    page.wait_for_selector("html[data-ready]", state="attached")
    if lang != "ko":
        page.click("#tool-language")
        page.click(f"#screen [data-key=lang-{lang}]")
        page.wait_for_selector(f"html[lang={lang}]", state="attached")
    return context, page


def first_load(browser, address: str, lang: str) -> dict:
    context, page = open_kiosk(browser, address, lang)
    page.wait_for_load_state("networkidle")
    load = page.evaluate(FIRST_LOAD)
    context.close()
    return load


def tap_to_ticket(browser, address: str, lang: str, tickets: int) -> list[float]:
    context, page = open_kiosk(browser, address, lang)
    page.click("#screen [data-key=take]")
    page.click("#nav-home")
    taps = []
    for _ in range(tickets):
        page.evaluate(TO_CONFIRM)
        taps.append(page.evaluate(TAP_TO_TICKET))
    context.close()
    return taps


def report(lang: str, loads: list[dict], taps: list[float]) -> None:
    total = [sum(load["bytes"].values()) / 1024 for load in loads]
    ready = [load["ready"] for load in loads]
    print(f"[{lang}] first load of /kiosk, cold cache, {len(loads)} runs (median):")
    print(f"  transferred        {statistics.median(total):7.1f} KB   (aim < 600 KB)")
    for kind in sorted(loads[0]["bytes"], key=lambda k: -loads[0]["bytes"][k]):
        print(f"    {kind:16} {loads[0]['bytes'][kind] / 1024:7.1f} KB")
    print(f"  requests           {loads[0]['requests']:7d}")
    print(f"  interactive        {statistics.median(ready):7.0f} ms   (aim < 1000 ms; "
          f"min {min(ready):.0f}, max {max(ready):.0f})")
    print(f"[{lang}] tap to ticket on screen, {len(taps)} tickets:")
    print(f"  p50                {percentile(taps, 0.5):7.1f} ms")
    print(f"  p95                {percentile(taps, 0.95):7.1f} ms   (aim < 150 ms)")
    print(f"  max                {max(taps):7.1f} ms")


if __name__ == "__main__":
    main()
