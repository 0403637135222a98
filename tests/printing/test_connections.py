import os
import stat

import pytest
from PIL import Image

from server.printing import connection_from_url, print_ticket, render_ticket, send_ticket
from server.printing.connections import Deadline, DeviceConnection, DeviceSession, PrinterError, TcpConnection


def test_preview_writes_the_exact_bytes_and_the_rendering(profiles, make_content, tmp_path):
    profile = profiles["generic-58mm"]
    connection = connection_from_url(f"preview://{tmp_path}/out")
    result = print_ticket(make_content(), profile, connection)

    assert result.ok and connection.status().state == "ok"
    [binary] = (tmp_path / "out").glob("*-A-012.bin")
    assert binary.read_bytes() == render_ticket(make_content(), profile).data
    with Image.open(binary.with_suffix(".png")) as png:
        assert png.width == profile.print_width_dots


def test_preview_of_raw_bytes_has_no_png(tmp_path):
    connection = connection_from_url(f"preview://{tmp_path}")
    connection.send(b"\x1b@hello\n")
    [binary] = tmp_path.glob("*.bin")
    assert binary.read_bytes() == b"\x1b@hello\n"
    assert list(tmp_path.glob("*.png")) == []


@pytest.fixture
def fake_lp(tmp_path, monkeypatch):
    """An lp command on PATH that records its arguments and input."""
    script = tmp_path / "bin" / "lp"
    script.parent.mkdir()
    script.write_text(f'#!/bin/sh\necho "$@" > {tmp_path}/args\ncat > {tmp_path}/input\necho "request id is kiosk-1"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{script.parent}{os.pathsep}{os.environ['PATH']}")
    return tmp_path


def test_cups_sends_raw_bytes_with_lp_and_knows_no_status(profiles, make_content, fake_lp):
    profile = profiles["epson-tm-t88"]  # status queries would need a two-way link
    connection = connection_from_url("cups://Kiosk_1F")
    ticket = render_ticket(make_content(), profile)
    result = send_ticket(ticket, connection)

    assert result.ok and result.status.state == "unknown"
    assert (fake_lp / "args").read_text().split() == ["-d", "Kiosk_1F", "-o", "raw"]
    assert (fake_lp / "input").read_bytes() == ticket.data


def test_cups_without_lp_says_what_is_missing(profiles, make_content, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    result = print_ticket(make_content(), profiles["epson-tm-t88"], connection_from_url("cups://Kiosk_1F"))
    assert (result.ok, result.reason) == (False, "driver_missing")
    assert "cups-client" in result.message


def test_usb_without_pyusb_or_the_device_fails_cleanly(profiles, make_content):
    result = print_ticket(make_content(), profiles["epson-tm-t88"], connection_from_url("usb://04b8:0e15"))
    assert not result.ok and result.reason in ("driver_missing", "connection_failed")


def test_a_passed_deadline_stops_the_job():
    deadline = Deadline(0)
    with pytest.raises(PrinterError) as error:
        with TcpConnection("127.0.0.1", 9).session(deadline):
            pass
    assert error.value.reason == "timeout"


class LoopbackDevice:
    """A device that answers every status query with 0x12 and can break once."""

    def __init__(self):
        self.unread = bytearray()
        self.received = bytearray()
        self.broken = False
        self.closed = False

    def close(self):
        self.closed = True


class LoopbackSession(DeviceSession):
    def __init__(self, device, deadline):
        super().__init__(deadline)
        self.device = device

    def write(self, data, job=None):
        if self.device.broken:
            raise PrinterError("connection_lost", "cable pulled")
        self.device.received += data
        self.device.unread += bytes([0x12]) * data.count(b"\x10\x04")

    def read_byte(self, timeout):
        return self.device.unread.pop(0) if self.device.unread else None

    def discard_input(self):
        self.device.unread.clear()


class LoopbackConnection(DeviceConnection):
    url = "loopback://"

    def __init__(self):
        super().__init__()
        self.devices = []

    def _connect(self):
        self.devices.append(LoopbackDevice())
        return self.devices[-1]

    def _session(self, device, deadline):
        return LoopbackSession(device, deadline)


def test_a_device_stays_open_between_jobs_and_reopens_after_an_error(profiles, make_content):
    profile = profiles["epson-tm-t88"]
    connection = LoopbackConnection()
    assert print_ticket(make_content(), profile, connection).ok
    assert print_ticket(make_content(), profile, connection).ok
    assert len(connection.devices) == 1

    connection.devices[0].broken = True
    result = print_ticket(make_content(), profile, connection)
    assert (result.ok, result.reason) == (False, "connection_lost")
    assert connection.devices[0].closed

    assert print_ticket(make_content(), profile, connection).ok
    assert len(connection.devices) == 2


def test_a_late_reply_left_from_an_earlier_job_is_not_read_as_the_status():
    connection = LoopbackConnection()
    assert connection.status().state == "ok"
    connection.devices[0].unread += b"\x00"  # not a status byte: would read as no_reply
    assert connection.status().state == "ok"


def test_a_usb_or_serial_printer_that_is_not_plugged_in_is_offline():
    """Real pyusb and pyserial, no device: a clear 'offline', never a hang or a crash."""
    from server.printing import connection_from_url
    for url in ("usb://04b8:0202", "serial:///dev/ttyUSB-sunbeon-absent?baud=115200"):
        status = connection_from_url(url).status(timeout=1.5)
        assert status.state == "offline", (url, status)
        assert not status.can_print
