"""What the relay holds, in a small SQLite file of its own: the last figures of each
site, when the link last pushed, the nonces it saw, and visitors' requests waiting for
the internal server to collect them."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path
from typing import Iterator

from .link import WINDOW_SECONDS

SCHEMA = """
CREATE TABLE IF NOT EXISTS sites (
    code TEXT PRIMARY KEY,
    figures TEXT NOT NULL              -- JSON: one site of the last push
);
CREATE TABLE IF NOT EXISTS link (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generated_at REAL NOT NULL,        -- the internal server's clock, as it pushed
    received_at REAL NOT NULL          -- the relay's clock
);
CREATE TABLE IF NOT EXISTS nonces (
    nonce TEXT PRIMARY KEY,
    seen_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS requests (  -- visitors' requests, until collected
    -- never an id used before, even once the table is empty: the internal server asks for
    -- the requests after the last id it handled
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    site TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS answers (   -- the internal server's answer to each phone page
    token TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    answer TEXT NOT NULL,              -- JSON: figures.Answer, or {"state": "pending"}
    updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS limits (    -- remote tickets asked per address and phone a day
    key TEXT NOT NULL,                 -- "ip:..." or "phone:" + a keyed hash, never the number
    day TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (key, day)
);
CREATE TABLE IF NOT EXISTS routes (    -- ways to offices, pushed when a kiosk showed their QR
    site TEXT NOT NULL,
    start INTEGER NOT NULL,            -- the place on the map the way starts from
    department INTEGER NOT NULL,
    step_free INTEGER NOT NULL,
    way TEXT NOT NULL,                 -- JSON: route.Way (public map information only)
    received_at REAL NOT NULL,
    PRIMARY KEY (site, start, department, step_free)
);
"""
ANSWERS_KEPT_SECONDS = 2 * 24 * 3600
# A way is pushed once a day when a kiosk first shows its QR code: kept past that day's
# end, so that a visitor may open it in the evening, and no longer (the map may change).
ROUTES_KEPT_SECONDS = 36 * 3600


class Holding:
    def __init__(self, path: str | Path):
        self.path = str(path)
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # A connection per use: the relay's requests run on many threads.
        db = sqlite3.connect(self.path, timeout=5, isolation_level=None)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA synchronous=NORMAL")
        try:
            yield db
        finally:
            db.close()

    def first_use(self, nonce: str, now: float) -> bool:
        """Whether this nonce is new (it is then remembered for the replay window)."""
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            db.execute("DELETE FROM nonces WHERE seen_at < ?", (now - 2 * WINDOW_SECONDS,))
            seen = db.execute("SELECT 1 FROM nonces WHERE nonce = ?", (nonce,)).fetchone()
            if not seen:
                db.execute("INSERT INTO nonces (nonce, seen_at) VALUES (?, ?)", (nonce, now))
            db.execute("COMMIT")
            return seen is None

    def replace(self, generated_at: float, sites: list[dict], now: float) -> bool:
        """Hold this push's figures in place of the last; False (nothing changed) when a
        later push is held already (an earlier one that arrived late)."""
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            held = db.execute("SELECT generated_at FROM link WHERE id = 1").fetchone()
            if held and held["generated_at"] > generated_at:
                db.execute("ROLLBACK")
                return False
            db.execute("DELETE FROM sites")
            db.executemany("INSERT INTO sites (code, figures) VALUES (?, ?)",
                           [(s["code"], json.dumps(s, ensure_ascii=False)) for s in sites])
            db.execute("INSERT INTO link (id, generated_at, received_at) VALUES (1, ?, ?) "
                       "ON CONFLICT (id) DO UPDATE SET generated_at = excluded.generated_at, "
                       "received_at = excluded.received_at", (generated_at, now))
            db.execute("COMMIT")
            return True

    def site(self, code: str) -> dict | None:
        with self._connect() as db:
            row = db.execute("SELECT figures FROM sites WHERE code = ?", (code,)).fetchone()
        return json.loads(row["figures"]) if row else None

    def link(self) -> dict | None:
        """When the internal server last pushed: generated_at and received_at."""
        with self._connect() as db:
            row = db.execute("SELECT generated_at, received_at FROM link WHERE id = 1").fetchone()
        return dict(row) if row else None

    def queue_request(self, kind: str, site: str, body: dict, now: float) -> int:
        with self._connect() as db:
            cursor = db.execute(
                "INSERT INTO requests (kind, site, body, created_at) VALUES (?, ?, ?, ?)",
                (kind, site, json.dumps(body, ensure_ascii=False), now))
            return cursor.lastrowid

    def requests_after(self, after: int, limit: int = 100) -> list[dict]:
        """The requests after `after`; those up to it were handled by the internal server
        (it says so by asking for what follows) and are forgotten, and so are the requests
        for a number whose answer the relay holds already. Until then a request is handed
        again: an internal server that restarted before its answer was pushed (it keeps
        its place in the queue and a refusal in memory only) decides it again."""
        with self._connect() as db:
            db.execute("DELETE FROM requests WHERE id <= ? OR (kind = 'remote_ticket' AND "
                       "json_extract(body, '$.token') IN (SELECT token FROM answers WHERE "
                       "json_extract(answer, '$.state') != 'pending'))", (after,))
            rows = db.execute("SELECT * FROM requests WHERE id > ? ORDER BY id LIMIT ?",
                              (after, limit)).fetchall()
        return [{**dict(row), "body": json.loads(row["body"])} for row in rows]

    def within_limits(self, keys: list[str], day: str, limit: int) -> bool:
        """Count one more request for each key of `day`, unless one of them reached
        `limit` already (then nothing is counted)."""
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            db.execute("DELETE FROM limits WHERE day < ?", (day,))
            used = [db.execute("SELECT n FROM limits WHERE key = ? AND day = ?",
                               (key, day)).fetchone() for key in keys]
            if any(row and row["n"] >= limit for row in used):
                db.execute("ROLLBACK")
                return False
            db.executemany("INSERT INTO limits (key, day, n) VALUES (?, ?, 1) ON CONFLICT "
                           "(key, day) DO UPDATE SET n = n + 1", [(k, day) for k in keys])
            db.execute("COMMIT")
            return True

    def hold_answers(self, answers: list[dict], now: float) -> None:
        """Keep the answers pushed for known tokens (a token the relay never gave out is
        passed over) and forget those of days past."""
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            db.execute("DELETE FROM answers WHERE updated_at < ?", (now - ANSWERS_KEPT_SECONDS,))
            db.executemany("UPDATE answers SET answer = ?, updated_at = ? WHERE token = ?",
                           [(json.dumps(a, ensure_ascii=False), now, a["token"])
                            for a in answers])
            db.execute("COMMIT")

    def await_answer(self, token: str, site: str, service_id: int, now: float) -> None:
        with self._connect() as db:
            db.execute("INSERT INTO answers (token, site, answer, updated_at) VALUES (?, ?, ?, ?)",
                       (token, site, json.dumps({"state": "pending", "service_id": service_id}),
                        now))

    def answer(self, token: str, site: str) -> dict | None:
        with self._connect() as db:
            row = db.execute("SELECT answer FROM answers WHERE token = ? AND site = ?",
                             (token, site)).fetchone()
        return json.loads(row["answer"]) if row else None

    def hold_routes(self, ways: list[dict], now: float) -> None:
        """Keep these ways (route.Way), in place of the same ones pushed before, and forget
        those pushed more than ROUTES_KEPT_SECONDS ago."""
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            db.execute("DELETE FROM routes WHERE received_at < ?", (now - ROUTES_KEPT_SECONDS,))
            db.executemany(
                "INSERT INTO routes (site, start, department, step_free, way, received_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (site, start, department, step_free) "
                "DO UPDATE SET way = excluded.way, received_at = excluded.received_at",
                [(w["site"], w["start"], w["department"], int(w["step_free"]),
                  json.dumps(w, ensure_ascii=False), now) for w in ways])
            db.execute("COMMIT")

    def route(self, site: str, start: int, department: int, step_free: bool,
              now: float) -> dict | None:
        """The way held for this address, unless it is older than ROUTES_KEPT_SECONDS."""
        with self._connect() as db:
            row = db.execute("SELECT way FROM routes WHERE site = ? AND start = ? AND "
                             "department = ? AND step_free = ? AND received_at >= ?",
                             (site, start, department, int(step_free),
                              now - ROUTES_KEPT_SECONDS)).fetchone()
        return json.loads(row["way"]) if row else None
