"""Signing in with a password, against guessing: failed attempts are counted per login
(as typed, known or not, so the answers do not tell which logins exist) and per client
address. Past a few free failures each one makes the next attempt wait longer (refused
with 429 and Retry-After, rather than by sleeping in a request thread); after
SIGN_IN_LOCK_FAILURES failures the login is locked for SIGN_IN_LOCK_MINUTES, even for the
right password, until then or until an admin unlocks it. Every sign-in, failure, lock
and unlock goes to the audit log.

An attempt is counted before its password is checked, inside one write transaction, so
parallel guesses cannot slip past the delay while the first is still being checked. The
hash check itself runs outside any transaction: it is slow on purpose.

Settings (SUNBEON_ prefix in the environment):
SIGN_IN_FREE_FAILURES (3)            failures of a login before delays begin
SIGN_IN_ADDRESS_FREE_FAILURES (20)   the same for one client address (several people may
                                     share one, e.g. behind a proxy)
SIGN_IN_DELAY_SECONDS (1)            the first delay; each further failure doubles it...
SIGN_IN_MAX_DELAY_SECONDS (60)       ...up to this
SIGN_IN_LOCK_FAILURES (10)           failures of a login that lock it
SIGN_IN_LOCK_MINUTES (15)            how long a lock lasts
SIGN_IN_FAILURE_WINDOW_MINUTES (15)  a quiet pause this long starts the count again
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import audit, sessions
from . import Principal, staff_by_login
from ..refusal import Refusal
from ..infra.store import Store, Transaction

DEFAULTS = {
    "SIGN_IN_FREE_FAILURES": 3,
    "SIGN_IN_ADDRESS_FREE_FAILURES": 20,
    "SIGN_IN_DELAY_SECONDS": 1,
    "SIGN_IN_MAX_DELAY_SECONDS": 60,
    "SIGN_IN_LOCK_FAILURES": 10,
    "SIGN_IN_LOCK_MINUTES": 15,
    "SIGN_IN_FAILURE_WINDOW_MINUTES": 15,
}


class TooManyAttempts(Refusal):
    """429: wait `retry_after` seconds (sent as Retry-After too)."""

    def __init__(self, code: str, message: str, retry_after: float):
        self.retry_after = max(1, math.ceil(retry_after))
        super().__init__(code, message, 429, retry_after=self.retry_after)


@dataclass
class Client:
    login: str          # as typed
    address: str
    user_agent: str


class SignIn:
    def __init__(self, store: Store, config):
        self.store = store
        self.rules = {key: float(default if config.get(key) is None else config.get(key))
                      for key, default in DEFAULTS.items()}

    def _keys(self, client: Client) -> tuple[str, str]:
        return f"login:{client.login}", f"address:{client.address}"

    def _delay(self, failures: float, free: float) -> float:
        if failures <= free:
            return 0
        doublings = min(failures - free - 1, 32)  # an address's count has no lock to stop it
        return min(self.rules["SIGN_IN_DELAY_SECONDS"] * 2 ** doublings,
                   self.rules["SIGN_IN_MAX_DELAY_SECONDS"])

    # ---- before the password is checked ----------------------------------------------

    def _refusal(self, rows: dict[str, dict | None], now: float) -> TooManyAttempts | None:
        login_key, address_key = list(rows)
        login_row, address_row = rows[login_key], rows[address_key]
        if login_row and (login_row["locked_until"] or 0) > now:
            return TooManyAttempts(
                "sign_in_locked", "Too many failed sign-ins: this login is locked for a "
                "while. An administrator can unlock it.", login_row["locked_until"] - now)
        waits = [row["next_attempt_at"] - now for row in (login_row, address_row)
                 if row and (row["next_attempt_at"] or 0) > now]
        if waits:
            wait = max(waits)
            return TooManyAttempts("too_many_attempts", f"Too many failed sign-ins: try again "
                                   f"in {math.ceil(wait)} seconds.", wait)
        return None

    def _rows(self, q, client: Client) -> dict[str, dict | None]:
        return {key: q.one("SELECT * FROM sign_in_failures WHERE key = ?", (key,))
                for key in self._keys(client)}

    def _count_attempt(self, tx: Transaction, key: str, row: dict | None, now: float,
                       free: float) -> None:
        window = self.rules["SIGN_IN_FAILURE_WINDOW_MINUTES"] * 60
        failures = row["failures"] if row and now - row["last_attempt_at"] <= window else 0
        failures += 1
        tx.execute("INSERT INTO sign_in_failures (key, failures, last_attempt_at, "
                   "next_attempt_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
                   "failures = excluded.failures, last_attempt_at = excluded.last_attempt_at, "
                   "next_attempt_at = excluded.next_attempt_at",
                   (key, failures, now, now + self._delay(failures, free)))

    def _admit(self, client: Client, now: float) -> None:
        """Refuse a throttled or locked attempt without a write (a flood of them costs
        reads only); count an admitted one as a failure until its password is right."""
        refusal = self._refusal(self._rows(self.store, client), now)
        if refusal is None:
            with self.store.write() as tx:
                # Again, inside the lock: a parallel guess may have been counted meanwhile.
                rows = self._rows(tx, client)
                refusal = self._refusal(rows, now)
                if refusal is None:
                    login_key, address_key = rows
                    self._count_attempt(tx, login_key, rows[login_key], now,
                                        self.rules["SIGN_IN_FREE_FAILURES"])
                    self._count_attempt(tx, address_key, rows[address_key], now,
                                        self.rules["SIGN_IN_ADDRESS_FREE_FAILURES"])
        if refusal is not None:
            raise refusal

    # ---- the attempt ------------------------------------------------------------------

    def attempt(self, client: Client, password: str, now: float) -> tuple[Principal, str]:
        """The person and a new session id, or a refusal (401 or 429)."""
        self._admit(client, now)
        principal = staff_by_login(self.store, client.login, password)
        login_key, address_key = self._keys(client)
        with self.store.write() as tx:
            if principal is None:
                self._failed(tx, client, now)
            else:
                # Success clears the login's count; the address keeps its other failures.
                tx.execute("DELETE FROM sign_in_failures WHERE key = ?", (login_key,))
                tx.execute("UPDATE sign_in_failures SET failures = failures - 1 "
                           "WHERE key = ? AND failures > 0", (address_key,))
                session_id = sessions.start(tx, principal.id, now, address=client.address,
                                            user_agent=client.user_agent)
                audit.record(tx, now, "sign_in", staff_id=principal.id, login=client.login,
                             address=client.address)
        if principal is None:
            raise Refusal("bad_credentials", "Wrong login or password.", 401)
        return principal, session_id

    def _failed(self, tx: Transaction, client: Client, now: float) -> None:
        login_key, _ = self._keys(client)
        staff = tx.one("SELECT id FROM staff WHERE login = ?", (client.login,))
        staff_id = staff["id"] if staff else None
        audit.record(tx, now, "sign_in_failed", staff_id=staff_id, login=client.login,
                     address=client.address)
        row = tx.one("SELECT failures FROM sign_in_failures WHERE key = ?", (login_key,))
        if row and row["failures"] >= self.rules["SIGN_IN_LOCK_FAILURES"]:
            until = now + self.rules["SIGN_IN_LOCK_MINUTES"] * 60
            tx.execute("UPDATE sign_in_failures SET locked_until = ?, failures = 0, "
                       "next_attempt_at = NULL WHERE key = ?", (until, login_key))
            audit.record(tx, now, "sign_in_locked", staff_id=staff_id, login=client.login,
                         address=client.address, failures=row["failures"], until=until)

    # ---- what admins see and do ---------------------------------------------------------

    def state(self, login: str, now: float) -> dict:
        """Whether this login may try now: locked or throttled until when."""
        row = self.store.one("SELECT * FROM sign_in_failures WHERE key = ?", (f"login:{login}",))
        locked = row is not None and (row["locked_until"] or 0) > now
        throttled = row is not None and (row["next_attempt_at"] or 0) > now
        return {"locked": locked, "locked_until": row["locked_until"] if locked else None,
                "throttled_until": row["next_attempt_at"] if throttled else None,
                "failures": row["failures"] if row else 0}

    def unlock(self, login: str, staff_id: int, actor_id: int, now: float) -> bool:
        """Lift the lock and the delays of this login. False if there were none."""
        with self.store.write() as tx:
            cleared = tx.execute("DELETE FROM sign_in_failures WHERE key = ?",
                                 (f"login:{login}",)).rowcount > 0
            if cleared:
                audit.record(tx, now, "sign_in_unlocked", staff_id=staff_id, login=login,
                             actor_id=actor_id)
        return cleared

    def sign_out(self, principal: Principal, address: str, now: float) -> None:
        """End the caller's session; its sockets close once that is committed."""
        with self.store.write() as tx:
            sessions.revoke(tx, now, "signed_out", staff_id=principal.id,
                            session_row_id=principal.session_id)
            audit.record(tx, now, "sign_out", staff_id=principal.id, address=address)
