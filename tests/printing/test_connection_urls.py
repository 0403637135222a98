from pathlib import Path

import pytest

from server.printing import connection_from_url
from server.printing.connections import (
    CupsConnection,
    PreviewConnection,
    SerialConnection,
    TcpConnection,
    UsbConnection,
)


def test_tcp_with_and_without_port():
    default = connection_from_url("tcp://192.168.0.50")
    assert isinstance(default, TcpConnection) and (default.host, default.port) == ("192.168.0.50", 9100)
    other = connection_from_url("tcp://printer-3f.local:9101")
    assert (other.host, other.port) == ("printer-3f.local", 9101)
    assert connection_from_url("tcp://[::1]:9100").host == "::1"


def test_usb_ids_are_hex():
    usb = connection_from_url("usb://04b8:0e15")
    assert isinstance(usb, UsbConnection)
    assert (usb.vendor_id, usb.product_id, usb.in_ep, usb.out_ep) == (0x04B8, 0x0E15, 0x82, 0x01)
    custom = connection_from_url("usb://1504:0006?in_ep=81&out_ep=0x02")
    assert (custom.vendor_id, custom.in_ep, custom.out_ep) == (0x1504, 0x81, 0x02)


def test_serial_device_and_baud():
    serial = connection_from_url("serial:///dev/ttyUSB0?baud=115200")
    assert isinstance(serial, SerialConnection) and (serial.device, serial.baud) == ("/dev/ttyUSB0", 115200)
    assert connection_from_url("serial:///dev/ttyS0").baud == 9600


def test_cups_and_preview():
    cups = connection_from_url("cups://Kiosk_1F")
    assert isinstance(cups, CupsConnection) and cups.queue == "Kiosk_1F"
    relative = connection_from_url("preview://print-preview")
    assert isinstance(relative, PreviewConnection) and relative.folder == Path("print-preview")
    assert connection_from_url("preview:///var/lib/sunbeon/preview").folder == Path("/var/lib/sunbeon/preview")


@pytest.mark.parametrize(
    "url, words",
    [
        ("lpt://1", "scheme must be one of"),
        ("192.168.0.50:9100", "scheme must be one of"),
        ("tcp://", "expected tcp://HOST"),
        ("tcp://host:99999", "port must be a number"),
        ("tcp://host:abc", "port must be a number"),
        ("tcp://host?timeout=3", "unknown parameter 'timeout'"),
        ("usb://4b8:202", "four hex digits"),
        ("usb://04b8", "four hex digits"),
        ("usb://04b8:0202?in_ep=zz", "in_ep must be a hex byte"),
        ("serial://dev/ttyUSB0", "three slashes"),
        ("serial:///dev/ttyUSB0?baud=1234", "baud must be one of"),
        ("serial:///dev/ttyUSB0?baudrate=9600", "unknown parameter 'baudrate'"),
        ("cups://", "CUPS queue name"),
        ("cups://my queue", "CUPS queue name"),
        ("preview://", "expected preview://FOLDER"),
    ],
)
def test_bad_urls_say_what_is_wrong(url, words):
    with pytest.raises(ValueError) as error:
        connection_from_url(url)
    assert words in str(error.value) and repr(url) in str(error.value)
