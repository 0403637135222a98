"""The admin, printer and report rules as domain functions, called without Flask: each
takes the store (and the engine), refuses with a `Refusal` and changes nothing then, and
appends its event in the transaction of its change."""

from __future__ import annotations

import json

import pytest

from server.admin import content
from server.admin.devices import Devices
from server.printing import printers
from server.printing.jobs import PrintService
from server.refusal import Refusal
from server.reports import period
from server.reports.reading import figures_for, sites_label
from tests.conftest import STORES


def _device(store, name: str) -> dict:
    return store.one("SELECT * FROM devices WHERE name = ?", (name,))


def test_forgetting_configuration_reads_services_again(store, engine, service_ids):
    service_id = next(iter(service_ids.values()))
    with pytest.raises(ZeroDivisionError), store.write() as tx:
        assert engine.service(service_id, tx)["daily_cap"] != 7
        tx.execute("UPDATE services SET daily_cap = 7 WHERE id = ?", (service_id,))
        assert engine.service(service_id, tx)["daily_cap"] != 7   # read once per transaction
        engine.forget_configuration(tx)
        assert engine.service(service_id, tx)["daily_cap"] == 7
        1 / 0  # roll back: the sample lobby stays as it was


class FakeSockets:
    def __init__(self, online: dict[int, int]):
        self.online = online
        self.closed: list[int] = []

    def device_connections(self) -> dict[int, int]:
        return dict(self.online)

    def disconnect_device(self, device_id: int) -> int:
        self.closed.append(device_id)
        return self.online.pop(device_id, 0)


def test_devices_ask_the_sockets_who_is_online_and_close_a_revoked_one(store, engine):
    kiosk, board = _device(store, "kiosk-1f"), _device(store, "board-1f")
    sockets = FakeSockets({kiosk["id"]: 2})
    devices = Devices(store, engine, sockets)
    listed = {d["id"]: d for d in devices.list(kiosk["site_id"])}
    assert listed[kiosk["id"]]["online"] and listed[kiosk["id"]]["connections"] == 2
    assert not listed[board["id"]]["online"]

    last_seq = store.one("SELECT coalesce(max(seq), 0) AS seq FROM events")["seq"]
    revoked = devices.revoke(kiosk["id"])
    assert revoked["revoked"] and not revoked["online"]
    assert sockets.closed == [kiosk["id"]]
    events = store.query("SELECT type, data FROM events WHERE seq > ?", (last_seq,))
    assert [(e["type"], json.loads(e["data"])["action"]) for e in events] == [
        ("config.changed", "revoked")]


def _page(store, site_id: int) -> int:
    with store.write() as tx:
        return tx.insert("info_pages", {"site_id": site_id, "slug": "disclosure",
                                        "titles": json.dumps({"ko": "정보공개"}),
                                        "bodies": json.dumps({"ko": "절차"})})


@pytest.mark.parametrize("store_kind", STORES)
def test_a_page_is_answered_only_by_kiosks_of_its_site(store, engine):
    page_id = _page(store, 1)
    answers = "SELECT satisfied, count FROM info_page_answers WHERE page_id = ?"
    with pytest.raises(Refusal) as refused:
        content.record_page_answer(store, engine, page_id, True, kiosk_site_id=2)
    assert (refused.value.code, refused.value.status) == ("forbidden", 403)
    with pytest.raises(Refusal) as refused:
        content.record_page_answer(store, engine, page_id + 1, True, kiosk_site_id=1)
    assert refused.value.status == 404
    assert store.query(answers, (page_id,)) == []

    for satisfied in (True, True, False):
        content.record_page_answer(store, engine, page_id, satisfied, kiosk_site_id=1)
    assert sorted((r["satisfied"], r["count"]) for r in store.query(answers, (page_id,))) == [
        (0, 1), (1, 2)]
    assert [p["slug"] for p in content.published_pages(store, 1)] == ["disclosure"]
    assert content.published_pages(store, 2) == []


def test_a_printer_is_given_only_to_a_kiosk_and_only_one_that_can_work(store, engine, clock):
    service = PrintService(store, engine, clock)
    before = store.query("SELECT * FROM printers ORDER BY id")
    board = _device(store, "board-1f")
    for device_id, profile, code in ((board["id"], "epson-tm-t20", "not_a_kiosk"),
                                     (_device(store, "kiosk-1f")["id"], "no-such-model",
                                      "invalid_printer"),
                                     (10_000, "epson-tm-t20", "not_found")):
        with pytest.raises(Refusal) as refused:
            printers.set_printer(service, device_id, profile, "preview://print-preview", None)
        assert refused.value.code == code
    assert store.query("SELECT * FROM printers ORDER BY id") == before
    listed = printers.site_printers(service, board["site_id"])
    assert [p["device"] for p in listed] == ["kiosk-1f"]
    with pytest.raises(Refusal) as refused:
        printers.printer(service, 10_000)
    assert refused.value.status == 404


def test_only_a_look_at_officers_figures_is_logged(store, clock):
    now = clock.now()
    day = period("day", "2026-12-01")
    logged = "SELECT count(*) AS n FROM access_log"
    before = store.one(logged)["n"]
    figures_for(store, 3, [1], day, "service", now)
    assert store.one(logged)["n"] == before
    figures_for(store, 3, [1], day, "officer", now)
    row = store.query("SELECT * FROM access_log ORDER BY id DESC LIMIT 1")[0]
    assert (row["staff_id"], row["what"]) == (3, "report_officers")
    assert json.loads(row["detail"]) == {"site_ids": [1], "period": day.label}
    assert sites_label(store, [1, 2]) == "all"
    assert sites_label(store, [1]) == store.one("SELECT code FROM sites WHERE id = 1")["code"]
