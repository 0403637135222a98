"""The compensation register (the charter's item 13): a 10,000-won voucher when a visitor
had to come twice by an official's fault, a legal deadline was missed, or handling was
unfaithful. Admins only. One admin proposes, another decides, then the hand-over date."""

from __future__ import annotations

from ..queue import QueueEngine
from ..queue.errors import QueueError, not_found

GROUNDS = ("came_twice", "deadline_missed", "unfaithful")
VOUCHER_WON = 10_000
# Which status each step needs, and where it leads.
STEPS = {"approve": ("proposed", "approved"), "reject": ("proposed", "rejected"),
         "hand_over": ("approved", "handed_over")}


# A case with the names of the admins who proposed and decided it and of the official.
CASE = ("SELECT c.*, p.name AS proposed_by_name, d.name AS decided_by_name, "
        "s.name AS staff_name FROM compensations c "
        "LEFT JOIN staff p ON p.id = c.proposed_by LEFT JOIN staff d ON d.id = c.decided_by "
        "LEFT JOIN staff s ON s.id = c.staff_id")


def get(engine: QueueEngine, case_id: int) -> dict:
    row = engine.store.one(f"{CASE} WHERE c.id = ?", (case_id,))
    if row is None:
        raise not_found("compensation case", case_id)
    return row


def listing(engine: QueueEngine, site_id: int | None) -> list[dict]:
    """The register, newest first: of one site, or of every site."""
    sql, params = CASE, []
    if site_id is not None:
        engine.site(site_id)  # an unknown site is a 404, not an empty register
        sql, params = sql + " WHERE c.site_id = ?", [site_id]
    return engine.store.query(sql + " ORDER BY c.proposed_at DESC, c.id DESC", params)


def propose(engine: QueueEngine, site_id: int, by_staff_id: int, *, ground: str, what: str,
            recipient: str = "", feedback_id: int | None = None,
            ticket_id: int | None = None, staff_id: int | None = None) -> dict:
    engine.site(site_id)
    for table, key in (("feedback", feedback_id), ("tickets", ticket_id), ("staff", staff_id)):
        if key is not None and engine.store.one(
                f"SELECT 1 AS yes FROM {table} WHERE id = ? AND site_id = ?",
                (key, site_id)) is None:
            raise not_found(table.rstrip("s"), key)
    with engine.store.write() as tx:
        case_id = tx.insert("compensations", {
            "site_id": site_id, "ground": ground, "what": what, "recipient": recipient,
            "feedback_id": feedback_id, "ticket_id": ticket_id, "staff_id": staff_id,
            "amount_won": VOUCHER_WON, "proposed_by": by_staff_id,
            "proposed_at": engine.clock.now()})
    return get(engine, case_id)


def step(engine: QueueEngine, case_id: int, action: str, by_staff_id: int) -> dict:
    needed, result = STEPS[action]
    with engine.store.write() as tx:
        row = tx.one("SELECT * FROM compensations WHERE id = ?", (case_id,))
        if row is None:
            raise not_found("compensation case", case_id)
        if row["status"] != needed:
            raise QueueError("wrong_status", f"This case is {row['status']}; {action} needs "
                             f"it {needed}.", 409, status_now=row["status"])
        if action in ("approve", "reject"):
            if row["proposed_by"] == by_staff_id:
                raise QueueError("four_eyes", "Another admin must decide a case you "
                                 "proposed.", 403)
            tx.execute("UPDATE compensations SET status = ?, decided_by = ?, decided_at = ? "
                       "WHERE id = ?", (result, by_staff_id, engine.clock.now(), case_id))
        else:
            tx.execute("UPDATE compensations SET status = ?, handed_over_at = ? WHERE id = ?",
                       (result, engine.clock.now(), case_id))
    return get(engine, case_id)
