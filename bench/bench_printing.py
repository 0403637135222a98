"""Ticket printing figures: bytes per ticket, render+encode time, the time from
print_ticket() to the last byte at a printer on loopback, and the whole path from a
kiosk's ticket request (HTTP, `sunbeon serve`) to the last byte at that printer.

    .venv/bin/python bench/bench_printing.py [--runs 50]

Aims: a hybrid ticket of at most 4 KB, render+encode under 20 ms, last byte within
300 ms. The printer is the fake TCP printer of the tests (connect, three status
queries, the ticket, one confirming query per job).
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from server.printing import default_font_chain, load_profiles, print_ticket, render_ticket
from server.printing.connections import TcpConnection
from server.printing.stored import PrinterMemory

REPO = Path(__file__).resolve().parents[1]


def load_module(name: str, filename: str):
    """A helper module of the printing tests, loaded by path."""
    spec = importlib.util.spec_from_file_location(name, REPO / "tests" / "printing" / filename)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TYPICAL = load_module("sample", "sample.py").SAMPLE
FULL = replace(TYPICAL, priority=True, footer="민원 만족도 조사에 참여해 주세요")
CONTENTS = {"typical": TYPICAL, "full": FULL}
MODES = ("hybrid", "native", "image")


def load_fake_printer():
    sys.path.insert(0, str(REPO))
    from tests.printing.fakeprinter import FakePrinter
    return FakePrinter


def bench_papers():
    """58 and 80 mm printers that can do every mode (Korean font, native QR), so that
    the modes compare on the same paper."""
    profiles = load_profiles()
    return {
        "58 mm": replace(profiles["generic-58mm"], korean_font=True, native_qr=True, status=True),
        "80 mm": replace(profiles["epson-tm-t20"], korean_font=True),
    }


def milliseconds(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def render_times(content, profile, mode, fonts, runs):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        render_ticket(content, profile, mode, fonts)
        samples.append(time.perf_counter() - start)
    return milliseconds(samples)


def last_byte_times(content, profile, mode, fonts, printer, runs):
    connection = TcpConnection("127.0.0.1", printer.port)
    samples = []
    for _ in range(runs):
        printer.last_byte_at = None
        start = time.perf_counter()
        result = print_ticket(content, profile, connection, mode, fonts=fonts)
        if not result.ok:
            raise SystemExit(f"print failed: {result.reason} {result.message}")
        samples.append(printer.last_byte_at - start)
    return milliseconds(samples)


def stored_graphics_sizes(content) -> tuple[int, int]:
    """Bytes on the wire for the first ticket (which stores the fixed lines) and the next,
    at a printer of its own."""
    profile = load_profiles()["epson-tm-t20"]
    printer = load_fake_printer()().start()
    try:
        memory, connection = PrinterMemory(), TcpConnection("127.0.0.1", printer.port)
        for number in ("A-001", "A-002"):
            print_ticket(replace(content, display_number=number), profile, connection, memory=memory)
        first, then = printer.wait_for_jobs(2)
    finally:
        printer.stop()
    return len(first), len(then)


def request_to_last_byte(printer, runs):
    """A kiosk's POST /api/v1/tickets to the last byte of its paper ticket."""
    import requests
    sys.path.insert(0, str(REPO))
    from tests.support.server import ServerProcess
    with tempfile.TemporaryDirectory() as folder:
        server = ServerProcess(Path(folder) / "bench.db")
        server.start()
        try:
            subprocess.run([sys.executable, "-m", "server.cli", "printer", "set", "--db",
                            str(server.db_path), "--device", "kiosk-1f", "--profile",
                            "epson-tm-t20", "--connection", f"tcp://127.0.0.1:{printer.port}"],
                           check=True, capture_output=True)
            kiosk = requests.Session()
            kiosk.headers["Authorization"] = f"Bearer {server.tokens['kiosk-1f']}"
            samples = []
            for _ in range(runs):
                done = len(printer.jobs)
                start = time.perf_counter()
                kiosk.post(server.url + "/api/v1/tickets", json={"service_id": 1}).raise_for_status()
                printer.wait_for_jobs(done + 1)
                samples.append(printer.last_byte_at - start)
        finally:
            server.stop()
    return milliseconds(samples)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    runs = parser.parse_args().runs

    fonts = default_font_chain()
    papers = bench_papers()
    for profile in papers.values():  # load fonts and caches before timing
        render_ticket(TYPICAL, profile, "hybrid", fonts)
    printer = load_fake_printer()().start()
    try:
        print(f"{'ticket':8} {'paper':6} {'mode':7} {'bytes':>7} {'render ms p50':>14} {'p95':>6} "
              f"{'last byte ms p50':>17} {'p95':>6}")
        for content_name, content in CONTENTS.items():
            for paper_name, profile in papers.items():
                for mode in MODES:
                    size = len(render_ticket(content, profile, mode, fonts).data)
                    render_p50, render_p95 = render_times(content, profile, mode, fonts, runs)
                    wire_p50, wire_p95 = last_byte_times(content, profile, mode, fonts, printer, runs)
                    print(f"{content_name:8} {paper_name:6} {mode:7} {size:>7} {render_p50:>14.1f} {render_p95:>6.1f} "
                          f"{wire_p50:>17.1f} {wire_p95:>6.1f}")
        for content_name, content in CONTENTS.items():
            first, then = stored_graphics_sizes(content)
            print(f"{content_name:8} 80 mm  hybrid, fixed lines stored in the printer (epson-tm-t20): "
                  f"first ticket {first} bytes, then {then} bytes")
        http_p50, http_p95 = request_to_last_byte(printer, runs)
        print(f"kiosk request to last byte (HTTP, hybrid, 80 mm): p50 {http_p50:.1f} ms, "
              f"p95 {http_p95:.1f} ms")
    finally:
        printer.stop()


if __name__ == "__main__":
    main()
