"""Visitors' feedback (the charter's promises 13, 17 and 18): complaints on the charter's
grounds, praise for a named officer or counter, suggestions. Every item has an owner, a
status and an answer; when the visitor consented to give an e-mail address, the answer
is sent to it and the address is erased.

Staff never see the address: lists say only whether an answer can be sent."""

from __future__ import annotations

import json


from ..queue import QueueEngine
from ..queue.errors import QueueError, not_found
from . import catalog, mail, tickets

KINDS = ("complaint", "praise", "suggestion")
GROUNDS = ("unkindness", "unfaithful", "other")
STATUSES = ("open", "in_progress", "answered", "closed")
# An address is kept only to send the answer: erased when it is sent, and in any case
# after this many days (an unanswered item keeps its text and status, not the address).
CONTACT_DAYS = 14
PUBLIC_COLUMNS = ("id", "site_id", "kind", "ground", "about_staff_id", "about_counter_id",
                  "text", "channel", "lang", "owner_staff_id", "status", "answer",
                  "answered_by", "answered_at", "answer_sent_at", "confirmed_at",
                  "confirmed_by", "created_at")
# The charter (item 14): an official found unkind this many times faces measures.
UNKINDNESS_LIMIT = 3


def submit(engine: QueueEngine, site_id: int, *, kind: str, text: str, channel: str,
           lang: str, ground: str | None = None, ticket: dict | None = None,
           about_staff_id: int | None = None, about_counter_number: int | None = None,
           email: str | None = None, consent: bool = False) -> dict:
    if (kind == "complaint") != (ground is not None):
        raise QueueError("invalid_request", "A complaint needs its ground, and only a "
                         "complaint has one.", 400)
    if email and not consent:
        raise QueueError("consent_required", "An e-mail address is kept only with the "
                         "visitor's consent.", 400)
    about_counter_id = None
    if about_counter_number is not None:
        row = engine.store.one("SELECT id FROM counters WHERE site_id = ? AND number = ?",
                               (site_id, about_counter_number))
        if row is None:
            raise not_found("counter", about_counter_number)
        about_counter_id = row["id"]
    if about_staff_id is not None and engine.store.one(
            "SELECT 1 AS yes FROM staff WHERE id = ? AND site_id = ? AND active = 1",
            (about_staff_id, site_id)) is None:
        raise not_found("staff member", about_staff_id)
    if ticket is not None and about_staff_id is None and about_counter_id is None:
        # From the phone page the matter is this ticket's: whoever served it.
        about_staff_id, about_counter_id = ticket["staff_id"], ticket["counter_id"]
    purge_contacts(engine)
    now = engine.clock.now()
    with engine.store.write() as tx:
        feedback_id = tx.insert("feedback", {
            "site_id": site_id, "ticket_id": ticket["id"] if ticket else None,
            "kind": kind, "ground": ground, "about_staff_id": about_staff_id,
            "about_counter_id": about_counter_id, "text": text, "channel": channel,
            "lang": lang, "email": email or None, "consent_at": now if email else None,
            "created_at": now})
    return {"id": feedback_id, "kind": kind, "answer_by_email": bool(email)}


def submit_from_phone(engine: QueueEngine, code: str, **fields) -> dict:
    """A visitor's item about the matter of their ticket, from its phone page."""
    ticket = tickets.find(engine, code)
    return submit(engine, ticket["site_id"], channel="phone", ticket=ticket, **fields)


def view(row: dict) -> dict:
    return {**{k: row[k] for k in PUBLIC_COLUMNS}, "can_send_answer": row["email"] is not None}


def get(engine: QueueEngine, feedback_id: int) -> dict:
    row = engine.store.one("SELECT * FROM feedback WHERE id = ?", (feedback_id,))
    if row is None:
        raise not_found("feedback", feedback_id)
    return row


def listing(engine: QueueEngine, site_id: int, status: str | None,
            kind: str | None = None) -> list[dict]:
    """A site's items, newest first, with the names of their owner and officer (an
    owner may be an admin of every site, whom the site's staff list does not hold).

    A reading changes nothing: an address past its period, which the nightly purge has
    not erased yet, is shown as gone already."""
    sql = ("SELECT f.*, o.name AS owner_name, a.name AS about_staff_name, "
           "f.consent_at < ? AS contact_expired FROM feedback f "
           "LEFT JOIN staff o ON o.id = f.owner_staff_id "
           "LEFT JOIN staff a ON a.id = f.about_staff_id WHERE f.site_id = ?")
    params: list = [contact_cutoff(engine), site_id]
    for column, value in (("status", status), ("kind", kind)):
        if value:
            sql += f" AND f.{column} = ?"
            params.append(value)
    rows = engine.store.query(sql + " ORDER BY f.created_at DESC, f.id DESC", params)
    return [{**view({**r, "email": None} if r["contact_expired"] else r),
             "owner_name": r["owner_name"], "about_staff_name": r["about_staff_name"]}
            for r in rows]


def update(engine: QueueEngine, feedback_id: int, *, owner_staff_id: int | None,
           status: str | None, confirmed: bool | None = None,
           by_staff_id: int | None = None) -> dict:
    row = get(engine, feedback_id)
    if confirmed is not None and row["kind"] != "complaint":
        raise QueueError("invalid_request", "Only a complaint is confirmed or not.", 400)
    if owner_staff_id is not None and engine.store.one(
            "SELECT 1 AS yes FROM staff WHERE id = ? AND active = 1 AND (site_id = ? OR "
            "role = 'admin')", (owner_staff_id, row["site_id"])) is None:
        raise not_found("staff member", owner_staff_id)
    with engine.store.write() as tx:
        tx.execute("UPDATE feedback SET owner_staff_id = coalesce(?, owner_staff_id), "
                   "status = coalesce(?, status) WHERE id = ?",
                   (owner_staff_id, status, feedback_id))
        if confirmed is not None:
            tx.execute("UPDATE feedback SET confirmed_at = ?, confirmed_by = ? WHERE id = ?",
                       (engine.clock.now() if confirmed else None,
                        by_staff_id if confirmed else None, feedback_id))
    return view(get(engine, feedback_id))


def unkindness_counts(engine: QueueEngine, site_id: int | None, viewer_id: int) -> list[dict]:
    """Confirmed unkindness complaints per officer, the third one flagged. Admins only;
    every look is written to the access log, in the same transaction as the reading."""
    if site_id is not None:
        engine.site(site_id)  # an unknown site is a 404, not an empty list
    sql = ("SELECT s.id AS staff_id, s.name, s.site_id, count(*) AS confirmed, "
           "max(f.confirmed_at) AS last_confirmed_at FROM feedback f "
           "JOIN staff s ON s.id = f.about_staff_id WHERE f.kind = 'complaint' "
           "AND f.ground = 'unkindness' AND f.confirmed_at IS NOT NULL")
    params: list = []
    if site_id is not None:
        sql += " AND f.site_id = ?"
        params.append(site_id)
    with engine.store.write() as tx:
        rows = tx.query(sql + " GROUP BY s.id ORDER BY confirmed DESC, s.id", params)
        tx.insert("access_log", {"staff_id": viewer_id, "what": "unkindness_counts",
                                 "detail": json.dumps({"site_id": site_id}),
                                 "at": engine.clock.now()})
    return [{**row, "flagged": row["confirmed"] >= UNKINDNESS_LIMIT} for row in rows]


def answer(engine: QueueEngine, config, feedback_id: int, text: str, staff_id: int, *,
           send: bool = True) -> dict:
    """Record the answer, and send it when asked and the visitor left an address. The
    address is erased once sent; if sending fails it stays (within CONTACT_DAYS) for
    another try."""
    purge_contacts(engine)
    row = get(engine, feedback_id)
    now = engine.clock.now()
    with engine.store.write() as tx:
        tx.execute("UPDATE feedback SET answer = ?, answered_by = ?, answered_at = ?, "
                   "status = 'answered', owner_staff_id = coalesce(owner_staff_id, ?) "
                   "WHERE id = ?", (text, staff_id, now, staff_id, feedback_id))
    result = {"mail": "no_contact"}
    if row["email"] and not send:
        result = {"mail": "not_sent"}
    elif row["email"]:
        words = catalog(row["lang"])
        try:
            mail.send(config, row["email"], words["mail.subject"],
                      f"{words['mail.intro']}\n\n{text}\n\n{words['mail.footer']}\n")
        except mail.MailUnavailable as error:
            result = {"mail": "failed", "message": str(error)}
        else:
            with engine.store.write() as tx:
                tx.execute("UPDATE feedback SET answer_sent_at = ?, email = NULL, "
                           "consent_at = NULL WHERE id = ?", (engine.clock.now(), feedback_id))
            result = {"mail": "sent"}
    return {"feedback": view(get(engine, feedback_id)), **result}


def contact_cutoff(engine: QueueEngine) -> float:
    """Addresses given with consent before this moment are past CONTACT_DAYS."""
    return engine.clock.now() - CONTACT_DAYS * 86400


def purge_contacts(engine: QueueEngine) -> int:
    """Erase addresses older than CONTACT_DAYS. Runs every night (server/workers/housekeeping.py)
    and whenever feedback is submitted or answered; listings hide them meanwhile."""
    with engine.store.write() as tx:
        return tx.execute("UPDATE feedback SET email = NULL, consent_at = NULL "
                          "WHERE email IS NOT NULL AND consent_at < ?",
                          (contact_cutoff(engine),)).rowcount


