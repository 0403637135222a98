"""Printer connections, named by URL:

    tcp://HOST[:PORT]               raw TCP, port 9100 by default
    usb://VID:PID[?in_ep=82&out_ep=01]   USB ids and endpoints in hex
    serial:///dev/ttyUSB0[?baud=115200]
    cups://QUEUE                    a CUPS queue, sent raw with lp
    preview://FOLDER                writes each job to FOLDER as .bin and .png

Every operation is bounded by a Deadline, so a silent or slow printer costs a kiosk
at most a couple of seconds.
"""

from __future__ import annotations

import re
import socket
import subprocess
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit

from .status import REPLY_TIMEOUT, PrinterStatus, confirm_delivery, read_status
from .stored import KEY_LIST_QUERY, KEY_LIST_REPLY_MAX, parse_key_list

if TYPE_CHECKING:
    from .render import RenderedTicket

DEFAULT_TIMEOUT = 2.0  # seconds for one whole job: connect, status, send, confirm
CONNECT_TIMEOUT = 1.5
DEFAULT_TCP_PORT = 9100
DEFAULT_BAUD = 9600
BAUD_RATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600)


class PrinterError(Exception):
    """A job could not reach the printer; reason is a short code for programs."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


class Deadline:
    def __init__(self, seconds: float):
        self.end = time.monotonic() + seconds

    def limit(self, seconds: float | None = None) -> float:
        """seconds, or less if the deadline is nearer; PrinterError once it has passed."""
        remaining = self.end - time.monotonic()
        if remaining <= 0:
            raise PrinterError("timeout", "the printer took too long")
        return remaining if seconds is None else min(seconds, remaining)


class Session(ABC):
    """One open link to the printer, for one job."""

    @abstractmethod
    def status(self) -> PrinterStatus: ...

    @abstractmethod
    def write(self, data: bytes, job: RenderedTicket | None = None) -> None: ...

    def confirm(self) -> bool:
        """After a job, whether the printer took in all of it."""
        return True

    def stored_keys(self) -> set[bytes] | None:
        """The keys of the graphics the printer holds, or None when it cannot tell."""
        return None


class StreamSession(Session):
    """A byte stream both ways (TCP, USB, serial): status by DLE EOT queries."""

    def __init__(self, deadline: Deadline):
        self.deadline = deadline

    @abstractmethod
    def read_byte(self, timeout: float) -> int | None: ...

    def status(self) -> PrinterStatus:
        return read_status(self)

    def confirm(self) -> bool:
        # The printer may need the rest of the time to take in the job.
        return confirm_delivery(self, self.deadline.limit())

    def stored_keys(self) -> set[bytes] | None:
        self.write(KEY_LIST_QUERY)
        reply = bytearray()
        while len(reply) <= KEY_LIST_REPLY_MAX and (byte := self.read_byte(REPLY_TIMEOUT)) is not None:
            reply.append(byte)
            if byte == 0 and len(reply) >= 4:
                break
        return parse_key_list(bytes(reply))


class DeviceSession(StreamSession):
    """A session on a device that stays open between jobs."""

    @abstractmethod
    def discard_input(self) -> None:
        """Drop bytes still waiting to be read, such as a late reply to an earlier job."""


class Connection(ABC):
    url: str

    def __init__(self):
        self._lock = threading.Lock()  # one job or status query at a time

    @contextmanager
    def session(self, deadline: Deadline) -> Iterator[Session]:
        if not self._lock.acquire(timeout=deadline.limit()):
            raise PrinterError("timeout", f"{self.url} is busy with another job")
        try:
            with self._open(deadline) as session:
                yield session
        finally:
            self._lock.release()

    @abstractmethod
    def _open(self, deadline: Deadline): ...

    def status(self, timeout: float = DEFAULT_TIMEOUT) -> PrinterStatus:
        try:
            with self.session(Deadline(timeout)) as session:
                return session.status()
        except PrinterError as error:
            return PrinterStatus.of("offline", detail=str(error))

    def send(self, data: bytes, job: RenderedTicket | None = None, timeout: float = DEFAULT_TIMEOUT) -> None:
        with self.session(Deadline(timeout)) as session:
            session.write(data, job)

    def __repr__(self):
        return f"<{type(self).__name__} {self.url}>"


class TcpConnection(Connection):
    """A new connection per job: port 9100 serves one client at a time."""

    def __init__(self, host: str, port: int = DEFAULT_TCP_PORT):
        super().__init__()
        self.host, self.port = host, port
        self.url = f"tcp://[{host}]:{port}" if ":" in host else f"tcp://{host}:{port}"

    @contextmanager
    def _open(self, deadline: Deadline):
        try:
            sock = socket.create_connection((self.host, self.port), timeout=deadline.limit(CONNECT_TIMEOUT))
        except OSError as error:
            raise PrinterError("connection_failed", f"cannot connect to {self.host}:{self.port}: {error}") from error
        # Without this, the query sent right behind a ticket waits for the printer's
        # delayed acknowledgement (Nagle's algorithm): about 40 ms per job.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            yield _TcpSession(sock, deadline)
        finally:
            sock.close()


class _TcpSession(StreamSession):
    def __init__(self, sock: socket.socket, deadline: Deadline):
        super().__init__(deadline)
        self.sock = sock

    def write(self, data: bytes, job: RenderedTicket | None = None) -> None:
        self.sock.settimeout(self.deadline.limit())
        try:
            self.sock.sendall(data)
        except TimeoutError as error:
            raise PrinterError("timeout", "the printer stopped taking data") from error
        except OSError as error:
            raise PrinterError("connection_lost", f"connection lost while sending: {error}") from error

    def read_byte(self, timeout: float) -> int | None:
        self.sock.settimeout(self.deadline.limit(timeout))
        try:
            data = self.sock.recv(1)
        except TimeoutError:
            return None
        except OSError as error:
            raise PrinterError("connection_lost", f"connection lost: {error}") from error
        if not data:
            raise PrinterError("connection_lost", "the printer closed the connection")
        return data[0]


class DeviceConnection(Connection):
    """USB and serial printers: the device stays open between jobs (opening a USB
    printer resets it) and is opened again after an error."""

    def __init__(self):
        super().__init__()
        self._device = None

    @contextmanager
    def _open(self, deadline: Deadline):
        if self._device is None:
            self._device = self._connect()
        session = self._session(self._device, deadline)
        try:
            session.discard_input()
            yield session
        except PrinterError:
            self._close()
            raise

    def _close(self):
        device, self._device = self._device, None
        if device is not None:
            device.close()

    @abstractmethod
    def _connect(self): ...

    @abstractmethod
    def _session(self, device, deadline: Deadline) -> DeviceSession: ...


def _open_escpos(printer_class, missing_driver: str, *args, **kwargs):
    """A python-escpos USB or serial printer, opened, or PrinterError saying why not."""
    from escpos.exceptions import DeviceNotFoundError

    if not printer_class.is_usable():
        raise PrinterError("driver_missing", missing_driver)
    printer = printer_class(*args, **kwargs)
    try:
        printer.open()
    except DeviceNotFoundError as error:
        raise PrinterError("connection_failed", str(error)) from error
    return printer


class UsbConnection(DeviceConnection):
    def __init__(self, vendor_id: int, product_id: int, in_ep: int = 0x82, out_ep: int = 0x01):
        super().__init__()
        self.vendor_id, self.product_id, self.in_ep, self.out_ep = vendor_id, product_id, in_ep, out_ep
        self.url = f"usb://{vendor_id:04x}:{product_id:04x}?in_ep={in_ep:02x}&out_ep={out_ep:02x}"

    def _connect(self):
        from escpos.printer import Usb

        return _open_escpos(Usb, "USB printing needs the pyusb package and libusb",
                            self.vendor_id, self.product_id, in_ep=self.in_ep, out_ep=self.out_ep)

    def _session(self, device, deadline: Deadline) -> DeviceSession:
        return _UsbSession(device, deadline)


class _UsbSession(DeviceSession):
    def __init__(self, printer, deadline: Deadline):
        super().__init__(deadline)
        self.printer = printer

    def write(self, data: bytes, job: RenderedTicket | None = None) -> None:
        import usb.core

        try:
            self.printer.device.write(self.printer.out_ep, data, _milliseconds(self.deadline.limit()))
        except usb.core.USBTimeoutError as error:
            raise PrinterError("timeout", "the printer stopped taking data") from error
        except usb.core.USBError as error:
            raise PrinterError("connection_lost", f"USB error: {error}") from error

    def read_byte(self, timeout: float) -> int | None:
        import usb.core

        try:
            data = self.printer.device.read(self.printer.in_ep, 64, _milliseconds(self.deadline.limit(timeout)))
        except usb.core.USBTimeoutError:
            return None
        except usb.core.USBError as error:
            raise PrinterError("connection_lost", f"USB error: {error}") from error
        return data[0] if len(data) else None

    def discard_input(self) -> None:
        while self.read_byte(0.01) is not None:
            pass


def _milliseconds(seconds: float) -> int:
    return max(1, int(seconds * 1000))  # pyusb takes 0 to mean "wait forever"


class SerialConnection(DeviceConnection):
    def __init__(self, device: str, baud: int = DEFAULT_BAUD):
        super().__init__()
        self.device, self.baud = device, baud
        self.url = f"serial://{device}?baud={baud}"

    def _connect(self):
        from escpos.printer import Serial

        return _open_escpos(Serial, "serial printing needs the pyserial package",
                            self.device, baudrate=self.baud, timeout=REPLY_TIMEOUT)

    def _session(self, device, deadline: Deadline) -> DeviceSession:
        return _SerialSession(device, deadline)


class _SerialSession(DeviceSession):
    def __init__(self, printer, deadline: Deadline):
        super().__init__(deadline)
        self.port = printer.device  # a pyserial Serial

    def write(self, data: bytes, job: RenderedTicket | None = None) -> None:
        import serial

        # No flush(): it waits for the last byte to leave with no time limit. The
        # confirming status query shows when the printer has it all.
        self.port.write_timeout = self.deadline.limit()
        try:
            self.port.write(data)
        except serial.SerialTimeoutException as error:
            raise PrinterError("timeout", "the printer stopped taking data (flow control)") from error
        except serial.SerialException as error:
            raise PrinterError("connection_lost", f"serial error: {error}") from error

    def read_byte(self, timeout: float) -> int | None:
        import serial

        self.port.timeout = self.deadline.limit(timeout)
        try:
            data = self.port.read(1)
        except serial.SerialException as error:
            raise PrinterError("connection_lost", f"serial error: {error}") from error
        return data[0] if data else None

    def discard_input(self) -> None:
        self.port.reset_input_buffer()


class CupsConnection(Connection):
    """Jobs go through the CUPS spooler, which does not pass status queries."""

    def __init__(self, queue: str):
        super().__init__()
        self.queue = queue
        self.url = f"cups://{queue}"

    @contextmanager
    def _open(self, deadline: Deadline):
        yield _CupsSession(self.queue, deadline)


class _CupsSession(Session):
    def __init__(self, queue: str, deadline: Deadline):
        self.queue, self.deadline = queue, deadline

    def status(self) -> PrinterStatus:
        return PrinterStatus.of("unknown")

    def write(self, data: bytes, job: RenderedTicket | None = None) -> None:
        try:
            done = subprocess.run(
                ["lp", "-d", self.queue, "-o", "raw"],
                input=data,
                capture_output=True,
                timeout=self.deadline.limit(),
            )
        except FileNotFoundError as error:
            raise PrinterError("driver_missing", "the lp command is missing (Debian package cups-client)") from error
        except subprocess.TimeoutExpired as error:
            raise PrinterError("timeout", f"lp did not finish for queue {self.queue}") from error
        if done.returncode != 0:
            detail = done.stderr.decode(errors="replace").strip()
            raise PrinterError("spooler_failed", f"lp failed for queue {self.queue}: {detail}")


class PreviewConnection(Connection):
    """A printer for development and tests: each job becomes files in a folder."""

    def __init__(self, folder: str | Path):
        super().__init__()
        self.folder = Path(folder)
        self.url = f"preview://{folder}"

    @contextmanager
    def _open(self, deadline: Deadline):
        yield _PreviewSession(self.folder)


class _PreviewSession(Session):
    def __init__(self, folder: Path):
        self.folder = folder

    def status(self) -> PrinterStatus:
        return PrinterStatus.of("ok")

    def write(self, data: bytes, job: RenderedTicket | None = None) -> None:
        label = re.sub(r"[^0-9A-Za-z_-]+", "_", job.label) if job else "job"
        stem = self.folder / f"{datetime.now():%Y%m%d-%H%M%S-%f}-{label}"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            stem.with_suffix(".bin").write_bytes(data)
            if job:
                job.preview.save(stem.with_suffix(".png"))
        except OSError as error:
            raise PrinterError("write_failed", f"cannot write the preview to {self.folder}: {error}") from error


def connection_from_url(url: str) -> Connection:
    """The connection a URL names; ValueError saying what is wrong otherwise."""
    parts = urlsplit(url.strip())
    query = dict(parse_qsl(parts.query, keep_blank_values=True))

    def fail(problem: str):
        return ValueError(f"invalid printer URL {url!r}: {problem}")

    def allow_only(*names: str):
        unknown = sorted(set(query) - set(names))
        if unknown:
            allowed = f"; allowed: {', '.join(names)}" if names else ""
            raise fail(f"unknown parameter {unknown[0]!r}{allowed}")

    scheme = parts.scheme.lower()
    if scheme == "tcp":
        allow_only()
        try:
            host, port = parts.hostname, parts.port or DEFAULT_TCP_PORT
        except ValueError as error:
            raise fail("the port must be a number from 1 to 65535") from error
        if not host or parts.path not in ("", "/"):
            raise fail("expected tcp://HOST or tcp://HOST:PORT")
        return TcpConnection(host, port)
    if scheme == "usb":
        allow_only("in_ep", "out_ep")
        ids = re.fullmatch(r"([0-9a-fA-F]{4}):([0-9a-fA-F]{4})", parts.netloc)
        if not ids or parts.path not in ("", "/"):
            raise fail("expected usb://VID:PID with four hex digits each, e.g. usb://04b8:0202")
        endpoints = {}
        for name in ("in_ep", "out_ep"):
            if name in query:
                if not re.fullmatch(r"(0x)?[0-9a-fA-F]{1,2}", query[name]):
                    raise fail(f"{name} must be a hex byte, e.g. 82")
                endpoints[name] = int(query[name], 16)
        return UsbConnection(int(ids[1], 16), int(ids[2], 16), **endpoints)
    if scheme == "serial":
        allow_only("baud")
        if parts.netloc or not parts.path.startswith("/"):
            raise fail("expected serial:///dev/DEVICE (three slashes)")
        baud = query.get("baud", str(DEFAULT_BAUD))
        if not baud.isdigit() or int(baud) not in BAUD_RATES:
            raise fail(f"baud must be one of {', '.join(map(str, BAUD_RATES))}")
        return SerialConnection(parts.path, int(baud))
    if scheme == "cups":
        allow_only()
        if not re.fullmatch(r"[A-Za-z0-9_.-]+", parts.netloc) or parts.path not in ("", "/"):
            raise fail("expected cups://QUEUE with a CUPS queue name (letters, digits, _ . -)")
        return CupsConnection(parts.netloc)
    if scheme == "preview":
        allow_only()
        folder = parts.netloc + parts.path
        if not folder:
            raise fail("expected preview://FOLDER")
        return PreviewConnection(folder)
    raise fail("the scheme must be one of tcp, usb, serial, cups, preview")
