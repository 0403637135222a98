"""Print jobs: stored with the ticket, printed by one worker thread per printer.

A kiosk's request never waits for paper: the job is written in the same transaction as
the ticket, the worker prints it, and the kiosk learns the result over its socket
(`print.done` / `print.failed`). A job is sent at most once: a job found half-done after
a crash is marked failed, never sent again (the visitor may hold half a ticket, and the
number is on the kiosk's screen); staff reprint on request.
"""

from __future__ import annotations

import json
import logging
from queue import Empty, Queue  # the standard library's (not server.queue)
import threading
from datetime import datetime
from pathlib import Path

from ..infra.clock import Clock
from ..infra.languages import in_language, list_translation, translation
from ..maps.wayfinding import ticket_directions
from .. import audiences
from ..queue import QueueEngine
from ..refusal import Refusal
from ..infra.store import Store, Transaction
from .connections import Connection, connection_from_url
from .fonts import FontChain, default_font_chain
from .printer import PrintResult, print_ticket
from .profiles import PrinterProfile, load_profiles
from .status import PrinterStatus
from .stored import PrinterMemory
from .ticket import SEOUL, TicketContent, floor_words

log = logging.getLogger(__name__)

STATUS_POLL_SECONDS = 30
STALE_JOB_SECONDS = 60   # a queued ticket nobody printed for a minute: its visitor has left
MODES = ("hybrid", "native", "image")


def resolve_connection_url(url: str, db_path: str) -> str:
    """A relative preview folder lives beside the database."""
    if url.startswith("preview://") and not url[len("preview://"):].startswith("/"):
        return f"preview://{Path(db_path).resolve().parent / url[len('preview://'):]}"
    return url


def validate_printer(profiles: dict[str, PrinterProfile], profile: str, url: str,
                     mode: str | None) -> None:
    """ValueError with a clear message if the configuration cannot work."""
    if profile not in profiles:
        raise ValueError(f"unknown printer model {profile!r}; known: {', '.join(sorted(profiles))}")
    if mode is not None and mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}")
    if mode == "native" and not profiles[profile].korean_font:
        raise ValueError(f"{profile} has no Korean font: use hybrid or image mode")
    connection_from_url(url)


def configure_printer(store: Store, profiles: dict[str, PrinterProfile], device_id: int,
                      profile: str, url: str, mode: str | None) -> int:
    """Give a kiosk its printer (ValueError if it cannot work); returns the printer id.
    A running server uses it from the next job on."""
    validate_printer(profiles, profile, url, mode)
    with store.write() as tx:
        return tx.execute(
            "INSERT INTO printers (device_id, profile, connection, mode) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (device_id) DO UPDATE SET profile = excluded.profile, "
            "connection = excluded.connection, mode = excluded.mode, state = 'unknown' "
            "RETURNING id", (device_id, profile, url, mode)).fetchone()[0]


class PrintService:
    def __init__(self, store: Store, engine: QueueEngine, clock: Clock,
                 fonts: FontChain | None = None):
        self.store = store
        self.engine = engine
        self.clock = clock
        self.profiles = load_profiles()
        self._fonts = fonts
        self._workers: dict[int, _PrinterWorker] = {}
        self._lock = threading.Lock()
        self._running = False  # until start(): jobs wait in the table, nothing prints

    @property
    def fonts(self) -> FontChain:
        if self._fonts is None:
            self._fonts = default_font_chain()
        return self._fonts

    def start(self) -> None:
        """Settle jobs a previous run left behind, then start a worker per printer."""
        with self._lock:
            self._running = True
        now = self.clock.now()
        with self.store.write() as tx:
            for job in tx.query("SELECT * FROM print_jobs WHERE status IN ('queued', 'printing')"):
                if job["status"] == "printing":
                    self._fail(tx, job, "interrupted",
                               "The server stopped while printing; not sent again.")
                elif now - job["created_at"] > STALE_JOB_SECONDS:
                    self._fail(tx, job, "expired", "Not printed in time; the visitor has left.")
        for row in self.store.query("SELECT id FROM printers"):
            self.wake(row["id"])

    # ---- called by the API -------------------------------------------------------------

    def printer_of_device(self, device_id: int, q=None) -> dict | None:
        return (q or self.store).one("SELECT * FROM printers WHERE device_id = ?", (device_id,))

    def enqueue(self, tx: Transaction, printer: dict, ticket_id: int, kind: str,
                content: TicketContent) -> dict:
        """A job in the caller's transaction; call wake() after COMMIT."""
        job_id = tx.insert("print_jobs", {
            "printer_id": printer["id"], "ticket_id": ticket_id, "kind": kind,
            "status": "queued", "created_at": self.clock.now(),
            "content": json.dumps(_content_json(content), ensure_ascii=False)})
        return {"job_id": job_id, "printer_id": printer["id"], "status": "queued"}

    def stop(self, drain: bool) -> list[threading.Thread]:
        """End every printer's worker after the ticket it is printing; when `drain`, after
        the jobs already queued."""
        with self._lock:
            self._running = False
            workers, self._workers = list(self._workers.values()), {}
        for worker in workers:
            worker.stop(drain)
        return workers

    def wake(self, printer_id: int) -> None:
        """Tell the printer's worker a job is queued (after COMMIT); before start() the
        job waits, and start() wakes every printer."""
        with self._lock:
            if not self._running:
                return
            worker = self._workers.get(printer_id)
            if worker is None or not worker.is_alive():
                worker = self._workers[printer_id] = _PrinterWorker(self, printer_id)
                worker.start()
        worker.nudge()

    def job_for_ticket(self, ticket_id: int) -> dict | None:
        row = self.store.one("SELECT id, status, reason, message FROM print_jobs "
                             "WHERE ticket_id = ? ORDER BY id DESC LIMIT 1", (ticket_id,))
        return None if row is None else {"job_id": row["id"], "status": row["status"],
                                         "reason": row["reason"], "message": row["message"]}

    def content_for(self, ticket: dict, link: str, q=None, *, view: dict | None = None,
                    device_id: int | None = None, lang: str = "ko") -> TicketContent:
        """What the paper says, from the ticket as the visitor saw it on screen; "where to
        go" follows the floor map's route from the printing kiosk (`device_id`) when there
        is one, else it is the floor and room. `lang`: the visitor's language, printed
        under the Korean for what has been translated. `view`: the ticket as described
        already in this transaction."""
        q = q or self.store
        view = view or self.engine.describe(ticket, q)
        service = self.engine.service(ticket["service_id"], q)
        site = self.engine.site(ticket["site_id"], q)
        department = q.one("SELECT * FROM departments WHERE id = ?", (service["department_id"],))
        department_names = json.loads(department["names"])
        rooms = json.loads(department["rooms"])
        where = f"{department['floor']}층 {department['room']}".strip()
        # The names in the visitor's language; where to go falls back to Korean word by
        # word, the way a sign is read.
        local = {"department_name_local": translation(department_names, lang),
                 "service_name_local": translation(service["names"], lang),
                 "where_to_go_local": " ".join(filter(None, (
                     floor_words(department["floor"], lang), in_language(department_names, lang),
                     in_language(rooms, lang)))) if lang != "ko" else ""}
        directions = ticket_directions(q, device_id, department["id"])
        if directions:
            where = f"{department['floor']}층 {department_names['ko']} {department['room']} " \
                    f"· {directions}"
        return TicketContent(
            site_name=site["names"]["ko"], department_name=department_names["ko"],
            service_name=service["names"]["ko"], display_number=ticket["display_number"],
            priority=bool(ticket["priority"]), people_ahead=view.get("people_ahead", 0),
            estimated_minutes=view.get("estimated_minutes", 0),
            estimated_low=(view.get("estimate") or {}).get("low"),
            estimated_high=(view.get("estimate") or {}).get("high"),
            issued_at=datetime.fromtimestamp(ticket["issued_at"], SEOUL), where_to_go=where,
            department_phone=department["phone"], qr_url=link,
            footer=site["settings"].get("ticket_footer", ""), lang=lang,
            documents=tuple(list_translation(service["documents"], "ko")),
            documents_local=tuple(list_translation(service["documents"], lang)), **local)

    # ---- the worker's steps ------------------------------------------------------------

    def connection(self, printer: dict) -> Connection:
        return connection_from_url(resolve_connection_url(printer["connection"], self.store.path))

    def next_job(self, printer_id: int) -> dict | None:
        """Claim the oldest queued job: from here on it is never sent twice."""
        while True:
            with self.store.write() as tx:
                job = tx.one("SELECT * FROM print_jobs WHERE printer_id = ? "
                             "AND status = 'queued' ORDER BY id LIMIT 1", (printer_id,))
                if job is None:
                    return None
                if self.clock.now() - job["created_at"] > STALE_JOB_SECONDS:
                    self._fail(tx, job, "expired", "Not printed in time; the visitor has left.")
                    continue
                tx.execute("UPDATE print_jobs SET status = 'printing', started_at = ? "
                           "WHERE id = ?", (self.clock.now(), job["id"]))
                return job

    def finish_job(self, job: dict, result: PrintResult) -> None:
        with self.store.write() as tx:
            if result.ok:
                tx.execute("UPDATE print_jobs SET status = 'done', finished_at = ? WHERE id = ?",
                           (self.clock.now(), job["id"]))
                self._job_event(tx, job, "print.done", {})
            else:
                self._fail(tx, job, result.reason, result.message)
            state = printer_state_after(result)
            if state is not None:
                self._record_state(tx, job["printer_id"], state)

    def record_status(self, printer_id: int, status: PrinterStatus) -> None:
        with self.store.write() as tx:
            self._record_state(tx, printer_id, status)

    def _fail(self, tx: Transaction, job: dict, reason: str, message: str) -> None:
        tx.execute("UPDATE print_jobs SET status = 'failed', reason = ?, message = ?, "
                   "finished_at = ? WHERE id = ?", (reason, message, self.clock.now(), job["id"]))
        self._job_event(tx, job, "print.failed", {"reason": reason, "message": message})

    def _job_event(self, tx: Transaction, job: dict, type_: str, extra: dict) -> None:
        printer = tx.one("SELECT p.*, d.site_id FROM printers p JOIN devices d "
                         "ON d.id = p.device_id WHERE p.id = ?", (job["printer_id"],))
        tx.append_event(type_, self.clock.now(), printer["site_id"],
                        audiences.printer(printer["site_id"], printer["device_id"]),
                        {"job_id": job["id"], "ticket_id": job["ticket_id"], "kind": job["kind"],
                         "printer_id": printer["id"], **extra})

    def _record_state(self, tx: Transaction, printer_id: int, status: PrinterStatus) -> None:
        printer = tx.one("SELECT p.*, d.site_id, d.name AS device_name FROM printers p "
                         "JOIN devices d ON d.id = p.device_id WHERE p.id = ?", (printer_id,))
        if printer is None or printer["state"] == status.state:
            return
        tx.execute("UPDATE printers SET state = ?, state_message = ?, state_at = ? WHERE id = ?",
                   (status.state, status.message, self.clock.now(), printer_id))
        tx.append_event("printer.status", self.clock.now(), printer["site_id"],
                        audiences.printer(printer["site_id"]),
                        {"printer_id": printer_id, "device": printer["device_name"],
                         "state": status.state, "message": status.message})


STATUS_POLL = object()  # no job for a while: ask the printer how it is


class _PrinterWorker(threading.Thread):
    """Prints one printer's jobs in order, and asks the printer how it is meanwhile."""

    def __init__(self, service: PrintService, printer_id: int):
        super().__init__(name=f"printer-{printer_id}", daemon=True)
        self.service = service
        self.printer_id = printer_id
        self.memory = PrinterMemory()  # the graphics this worker stored in the printer
        self._wakeups: Queue = Queue()
        self._stopping = threading.Event()

    def nudge(self) -> None:
        self._wakeups.put(True)

    def stop(self, drain: bool) -> None:
        if not drain:
            self._stopping.set()
        self._wakeups.put(None)

    def run(self) -> None:
        try:
            while not self._stopping.is_set():
                try:
                    wakeup = self._wakeups.get(timeout=STATUS_POLL_SECONDS)
                except Empty:
                    wakeup = STATUS_POLL
                try:
                    self._poll_status() if wakeup is STATUS_POLL else self._print_queued()
                except Exception:  # one bad job must not stop the printer's worker
                    log.exception("printer %s worker", self.printer_id)
                if wakeup is None:  # stop(drain=True): the queued jobs are printed
                    break
        finally:
            self.service.store.close_thread_connection()

    def _printer(self) -> dict | None:
        # Read every time: a configuration change applies from the next job on.
        return self.service.store.one("SELECT * FROM printers WHERE id = ?", (self.printer_id,))

    def _print_queued(self) -> None:
        while not self._stopping.is_set() and \
                (job := self.service.next_job(self.printer_id)) is not None:
            printer = self._printer()
            content = _content_from_json(json.loads(job["content"]))
            result = print_ticket(content, self.service.profiles[printer["profile"]],
                                  self.service.connection(printer), printer["mode"],
                                  fonts=self.service.fonts, memory=self.memory)
            if not result.ok:
                log.warning("print job %s failed: %s (%s)", job["id"], result.reason,
                            result.message)
            self.service.finish_job(job, result)

    def _poll_status(self) -> None:
        printer = self._printer()
        if printer is None or not self.service.profiles[printer["profile"]].status:
            return
        self.service.record_status(self.printer_id,
                                   self.service.connection(printer).status())


def printer_state_after(result: PrintResult) -> PrinterStatus | None:
    """What a job's outcome says about the printer itself, if anything."""
    if result.ok:
        return PrinterStatus.of("paper_near_end" if "paper_near_end" in result.warnings else "ok")
    if result.status is not None:
        return result.status
    if result.reason in ("connection_failed", "connection_lost"):
        return PrinterStatus.of("offline")
    if result.reason in ("timeout", "unconfirmed"):
        return PrinterStatus.of("no_reply")
    return None


def _content_json(content: TicketContent) -> dict:
    data = dict(content.__dict__)
    data["issued_at"] = content.issued_at.isoformat()
    return data


def _content_from_json(data: dict) -> TicketContent:
    return TicketContent(**{**data, "issued_at": datetime.fromisoformat(data["issued_at"])})


def require_printer(service: PrintService, device_id: int) -> dict:
    printer = service.printer_of_device(device_id)
    if printer is None:
        raise Refusal("no_printer", "This kiosk has no printer configured.", 409)
    return printer
