"""Print jobs end to end: a kiosk ticket reaches a (fake) TCP printer as real ESC/POS
bytes, faults come back to the kiosk and the admins, and nothing prints twice."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from tests.support.waiting import until
from tests.test_realtime import connect

from .escpos_decode import decode
from .fakeprinter import FakePrinter

pytestmark = pytest.mark.workers("printing")


@pytest.fixture
def kiosk_printer(store, fake_printer):
    """kiosk-1f's printer, pointed at the fake printer (an Epson TM-T20 profile)."""
    with store.write() as tx:
        tx.execute("UPDATE printers SET profile = 'epson-tm-t20', connection = ? "
                   "WHERE device_id = (SELECT id FROM devices WHERE name = 'kiosk-1f')",
                   (f"tcp://127.0.0.1:{fake_printer.port}",))
    return fake_printer


def print_events(app, client, kind=None):
    app.extensions["sunbeon.realtime"].flush()
    events = [m["args"][0] for m in client.get_received() if m["name"] == "event"]
    return [e for e in events if e["type"].startswith("print") and (kind is None or e["type"] == kind)]


def test_kiosk_ticket_prints_with_number_qr_and_one_cut(app, kiosk, tokens, kiosk_printer, service_ids):
    socket = connect(app, tokens["kiosk-1f"])
    response = kiosk.post("/api/v1/tickets", json={"service_id": service_ids["인감증명"]})
    ticket = response.json["ticket"]
    assert response.status_code == 201 and ticket["print"]["status"] == "queued"
    [job] = kiosk_printer.wait_for_jobs(1)
    paper = decode(job)
    assert "B-001" in "".join(paper.texts)
    assert [qr.data for qr in paper.qr_codes] == [ticket["link"]]
    assert len(paper.cuts) == 1
    done = until(lambda: print_events(app, socket, "print.done"))
    assert done[0]["data"]["ticket_id"] == ticket["id"]


def test_a_retried_tap_prints_one_paper_ticket(app, kiosk, kiosk_printer, store, service_ids):
    headers = {"Idempotency-Key": "retry-print-0001"}
    first = kiosk.post("/api/v1/tickets", json={"service_id": service_ids["인감증명"]}, headers=headers)
    kiosk_printer.wait_for_jobs(1)
    retry = kiosk.post("/api/v1/tickets", json={"service_id": service_ids["인감증명"]}, headers=headers)
    assert retry.status_code == 200
    assert retry.json["ticket"]["print"]["job_id"] == first.json["ticket"]["print"]["job_id"]
    time.sleep(0.5)
    assert len(kiosk_printer.jobs) == 1
    assert store.one("SELECT count(*) AS n FROM print_jobs")["n"] == 1


@pytest.mark.parametrize("state, reason", [("out", "paper_out"), ("cover_open", "cover_open"),
                                           ("silent", "no_reply")])
def test_printer_faults_reach_the_kiosk_and_the_supervisor(
        app, kiosk, tokens, signed_in, kiosk_printer, service_ids, state, reason):
    kiosk_socket = connect(app, tokens["kiosk-1f"])
    supervisor = connect(app, flask_client=signed_in("supervisor"))
    kiosk_printer.state = state
    response = kiosk.post("/api/v1/tickets", json={"service_id": service_ids["인감증명"]})
    assert response.status_code == 201  # the number is on screen whatever the printer does
    failed = until(lambda: print_events(app, kiosk_socket, "print.failed"))
    assert failed[0]["data"]["reason"] == reason and failed[0]["data"]["message"]
    seen = until(lambda: print_events(app, supervisor))
    assert {"print.failed", "printer.status"} <= {e["type"] for e in seen}
    assert not any(kiosk_printer.jobs)  # nothing but status queries reached the printer


def test_paper_near_end_prints_and_warns_the_admins(app, kiosk, signed_in, kiosk_printer, service_ids):
    admin = connect(app, flask_client=signed_in("admin"))
    kiosk_printer.state = "near_end"
    kiosk.post("/api/v1/tickets", json={"service_id": service_ids["인감증명"]})
    kiosk_printer.wait_for_jobs(1)
    warned = until(lambda: [e for e in print_events(app, admin, "printer.status")
                            if e["data"]["state"] == "paper_near_end"])
    assert warned[0]["data"]["device"] == "kiosk-1f"
    printers = signed_in("supervisor").get("/api/v1/printers").json["printers"]
    assert {p["device"]: p["state"] for p in printers}["kiosk-1f"] == "paper_near_end"


def test_a_printer_that_comes_back_is_used_again(app, kiosk, tokens, kiosk_printer, service_ids):
    socket = connect(app, tokens["kiosk-1f"])
    port = kiosk_printer.port
    kiosk_printer.stop()
    kiosk.post("/api/v1/tickets", json={"service_id": service_ids["인감증명"]})
    failed = until(lambda: print_events(app, socket, "print.failed"))
    assert failed[0]["data"]["reason"] == "connection_failed"
    back = FakePrinter(port=port).start()
    try:
        kiosk.post("/api/v1/tickets", json={"service_id": service_ids["인감증명"]})
        [job] = back.wait_for_jobs(1)
        assert "B-002" in "".join(decode(job).texts)
    finally:
        back.stop()


def test_staff_reprint_a_ticket(app, kiosk, signed_in, kiosk_printer, service_ids):
    ticket = kiosk.post("/api/v1/tickets", json={"service_id": service_ids["인감증명"]}).json["ticket"]
    kiosk_printer.wait_for_jobs(1)
    staff = signed_in("staff1")
    response = staff.post(f"/api/v1/tickets/{ticket['id']}/reprint", json={})
    assert response.status_code == 202
    kiosk_printer.wait_for_jobs(2)
    assert kiosk_printer.decoded(1).qr_codes[0].data == ticket["link"]
    assert kiosk.post(f"/api/v1/tickets/{ticket['id']}/reprint", json={}).status_code == 403


def test_a_job_cut_short_by_a_crash_is_not_sent_again(app, store, kiosk_printer):
    printing = app.extensions["sunbeon.printing"]
    with store.write() as tx:
        printer = tx.one("SELECT * FROM printers WHERE device_id = 1")
        tx.insert("print_jobs", {"printer_id": printer["id"], "kind": "test", "status": "printing",
                                 "content": "{}", "created_at": printing.clock.now()})
    printing.start()
    job = store.one("SELECT * FROM print_jobs ORDER BY id DESC LIMIT 1")
    assert (job["status"], job["reason"]) == ("failed", "interrupted")
    time.sleep(0.3)
    assert kiosk_printer.jobs == []


def test_admin_test_print(signed_in, kiosk_printer, store):
    printer_id = store.one("SELECT id FROM printers WHERE device_id = 1")["id"]
    assert signed_in("staff1").post(f"/api/v1/printers/{printer_id}/test").status_code == 403
    assert signed_in("admin").post(f"/api/v1/printers/{printer_id}/test").status_code == 202
    [job] = kiosk_printer.wait_for_jobs(1)
    assert "A-000" in "".join(decode(job).texts)


def test_demo_printer_writes_previews_beside_the_database(app, kiosk, store, service_ids):
    kiosk.post("/api/v1/tickets", json={"service_id": service_ids["인감증명"]})
    from pathlib import Path
    folder = Path(store.path).parent / "print-preview"
    files = until(lambda: sorted(p.suffix for p in folder.glob("*B-001*")) == [".bin", ".png"]
                  and list(folder.glob("*B-001*")))
    assert files


def sunbeon(*args):
    return subprocess.run([sys.executable, "-m", "server.cli", *args], capture_output=True,
                          text=True, timeout=60)


def test_printer_set_from_the_command_line(store):
    db = store.path
    done = sunbeon("printer", "set", "--db", db, "--device", "kiosk-1f", "--profile",
                   "bixolon-srp-350plus", "--connection", "tcp://10.0.0.9:9100", "--mode", "native")
    assert done.returncode == 0, done.stderr
    row = store.one("SELECT * FROM printers WHERE device_id = 1")
    assert (row["profile"], row["connection"], row["mode"]) == ("bixolon-srp-350plus", "tcp://10.0.0.9:9100", "native")
    for bad, says in ((["--profile", "nope", "--connection", "tcp://h:9100"], "unknown printer model"),
                      (["--profile", "epson-tm-t20", "--connection", "ftp://x"], "invalid printer URL"),
                      (["--profile", "epson-tm-t20", "--connection", "tcp://h", "--mode", "native"], "no Korean font")):
        refused = sunbeon("printer", "set", "--db", db, "--device", "kiosk-1f", *bad)
        assert refused.returncode == 2 and says in refused.stderr
    board = sunbeon("printer", "set", "--db", db, "--device", "board-1f", "--profile",
                    "epson-tm-t20", "--connection", "tcp://h:9100")
    assert board.returncode == 2 and "not a kiosk" in board.stderr
    assert "kiosk-1f" in sunbeon("printer", "list", "--db", db).stdout


def test_admins_configure_a_kiosk_printer_over_the_api(signed_in, store):
    admin = signed_in("admin")
    url = "/api/v1/devices/1/printer"
    done = admin.put(url, json={"profile": "bixolon-srp-330ii", "connection": "tcp://192.0.2.7",
                                "mode": "native"})
    assert done.status_code == 200 and done.json["printer"]["profile"] == "bixolon-srp-330ii"
    before = store.query("SELECT * FROM printers")
    for body, code in (({"profile": "nope", "connection": "tcp://h"}, 422),
                       ({"profile": "epson-tm-t20", "connection": "lpt1"}, 422),
                       ({"profile": "epson-tm-t20"}, 400)):
        refused = admin.put(url, json=body)
        assert refused.status_code == code and refused.json["message"]
    assert admin.put("/api/v1/devices/2/printer", json={"profile": "epson-tm-t20",
                     "connection": "tcp://h"}).json["error"] == "not_a_kiosk"
    assert signed_in("supervisor").put(url, json={"profile": "epson-tm-t20",
                                                  "connection": "tcp://h"}).status_code == 403
    assert store.query("SELECT * FROM printers") == before
