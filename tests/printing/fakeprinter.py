"""A fake raw TCP (port 9100 style) ESC/POS printer on 127.0.0.1.

    printer = FakePrinter().start()     # a free port: printer.port
    printer.state = "out"               # how it answers from now on
    ...
    printer.jobs                        # bytes received per connection, without status queries
    printer.decoded(-1)                 # a job as printed, with the graphics stored before it
    printer.power_cycle()               # forgets the stored graphics, as switching off does
    printer.stop()

It keeps downloaded graphics (GS ( L) and answers the key-list query (function 80) when
`stored_graphics` is true, as a printer whose profile says `stored_graphics = true` does.
States: "ok", "near_end", "out", "cover_open" answer DLE EOT 1, 2 and 4 like a real
printer in that condition; "silent" never answers; "slow" reads in small chunks and
answers late (reply_delay, read_delay); "drop" answers but closes the connection after
drop_after bytes of a job. Restart on the same port with FakePrinter(port=old.port).
"""

from __future__ import annotations

import socket
import threading
import time

from PIL import Image

from server.printing.stored import KEY_LIST_QUERY

from .escpos_decode import Decoded, DecodeError, decode

# Replies to DLE EOT 1 (printer), 2 (offline cause), 4 (paper sensor).
REPLIES = {
    "ok": {1: 0x12, 2: 0x12, 4: 0x12},
    "near_end": {1: 0x12, 2: 0x12, 4: 0x1E},  # bits 2, 3: paper near end
    "out": {1: 0x1A, 2: 0x32, 4: 0x7E},  # offline; stopped for paper end; paper out
    "cover_open": {1: 0x1A, 2: 0x16, 4: 0x12},  # offline; cover open
}
STATES = (*REPLIES, "silent", "slow", "drop")
DLE, EOT = 0x10, 0x04


class FakePrinter:
    def __init__(self, port: int = 0):
        self.requested_port = port
        self.port = None
        self._state = "ok"
        self.reply_delay = 0.2  # seconds, in the "slow" state
        self.read_delay = 0.01  # seconds between small reads, in the "slow" state
        self.drop_after = 100  # job bytes, in the "drop" state
        self.jobs: list[bytes] = []
        self.stored_graphics = True  # keeps downloaded graphics and answers the key query
        self.graphics: dict[bytes, Image.Image] = {}  # stored now, by key
        self._graphics_before: list[dict] = []  # stored when each job began
        self.queries: list[int] = []  # the n of every DLE EOT n received
        self.connections = 0
        self.last_byte_at: float | None = None  # time.perf_counter() of the last job byte
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def state(self) -> str:
        return self._state

    @state.setter
    def state(self, state: str) -> None:
        if state not in STATES:
            raise ValueError(f"unknown printer state {state!r}; one of {', '.join(STATES)}")
        self._state = state

    def start(self) -> FakePrinter:
        self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind(("127.0.0.1", self.requested_port))
        self._server.listen(1)
        self._server.settimeout(0.05)
        self.port = self._server.getsockname()[1]
        self._spawn(self._accept_loop)
        return self

    def stop(self) -> None:
        self._stopping.set()
        for thread in self._threads:
            thread.join(timeout=5)
        self._server.close()

    def wait_for_jobs(self, count: int, timeout: float = 5.0) -> list[bytes]:
        """The jobs, once count of them have been recorded (a job is recorded when its
        connection closes, which may be just after the sender returns)."""
        end = time.monotonic() + timeout
        while len(self.jobs) < count and time.monotonic() < end:
            time.sleep(0.005)
        return self.jobs

    def _spawn(self, target, *args):
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept_loop(self):
        while not self._stopping.is_set():
            try:
                client, _ = self._server.accept()
            except TimeoutError:
                continue
            self.connections += 1
            self._spawn(self._serve, client)

    def _serve(self, client: socket.socket):
        job = bytearray()
        pending = b""
        client.settimeout(0.05)
        with client:
            while not self._stopping.is_set():
                slow = self.state == "slow"
                try:
                    chunk = client.recv(self._read_size(len(job)))
                except TimeoutError:
                    continue
                except OSError:
                    break
                if not chunk:
                    break
                received_at = time.perf_counter()
                if slow:
                    time.sleep(self.read_delay)
                pending = self._take(pending + chunk, job, client, received_at)
                if self.state == "drop" and len(job) >= self.drop_after:
                    break  # closing with unread data resets the connection
        job += pending  # a last byte that looked like the start of a query
        if job:
            with self._lock:
                self._graphics_before.append(dict(self.graphics))
                self.jobs.append(bytes(job))
                if self.stored_graphics:
                    try:  # stores and clears take effect as the printer reads them
                        decode(bytes(job), self.graphics)
                    except DecodeError:
                        pass  # a job cut short: what it stored before the cut is kept

    def decoded(self, index: int = -1) -> Decoded:
        """A job as printed: its pictures printed by key come from what was stored."""
        return decode(self.jobs[index], dict(self._graphics_before[index]))

    def power_cycle(self) -> None:
        self.graphics.clear()

    def _read_size(self, job_length: int) -> int:
        if self.state == "slow":
            return 256
        if self.state == "drop":
            return max(1, self.drop_after - job_length)  # stop reading at the drop point
        return 65536

    def _take(self, data: bytes, job: bytearray, client: socket.socket, received_at: float) -> bytes:
        """Answer the status queries in data, add the rest to job; return an incomplete
        query at the end, to be completed by the next read."""
        i = 0
        while i < len(data):
            if self.stored_graphics and data[i] == KEY_LIST_QUERY[0]:
                rest = data[i:i + len(KEY_LIST_QUERY)]
                if rest == KEY_LIST_QUERY:
                    self._answer_key_list(client)
                    i += len(KEY_LIST_QUERY)
                    continue
                if KEY_LIST_QUERY.startswith(rest) and i + len(rest) == len(data):
                    return data[i:]  # perhaps the start of a query: wait for the rest
            if data[i] == DLE:
                if len(data) - i < 3:
                    return data[i:]
                if data[i + 1] == EOT:
                    self._answer(client, data[i + 2])
                    i += 3
                    continue
            job.append(data[i])
            self.last_byte_at = received_at
            i += 1
        return b""

    def _answer_key_list(self, client: socket.socket):
        if self.state == "silent":
            return
        keys = b"".join(sorted(self.graphics))
        try:
            client.sendall(b"\x37\x73\x40" + keys + b"\x00")
        except OSError:
            pass

    def _answer(self, client: socket.socket, n: int):
        with self._lock:
            self.queries.append(n)
        state = self.state
        if state == "silent":
            return
        if state == "slow":
            self._stopping.wait(self.reply_delay)
        reply = REPLIES.get(state, REPLIES["ok"]).get(n, 0x12)
        try:
            client.sendall(bytes([reply]))
        except OSError:
            pass
