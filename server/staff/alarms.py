"""The counter's silent bell (민원 처리에 관한 법률 시행령 §4: officers are protected).

An officer in danger presses *비상벨* (or Ctrl+Alt+E) at the console: one press raises the
alarm, with no dialog an aggressor could read. In the same write transaction the alarm is
recorded, the audit log says who raised it where, `alarm.raised` goes to the site's staff
consoles and supervisors (never to a public room: boards, counter displays and kiosks do
not hear of it), and a message to each of the site's security contacts enters the outbox
(server/visitor/outbox.py), which the notice worker sends as soon as the transaction
commits.

For a short while the officer may take it back as a false alarm (*취소(오작동)*); else a
supervisor closes it (*처리 완료*). While any alarm of the site is open, and the site turns
it on, the lobby boards show a calm notice that names no counter (`lobby.calm_notice`).
"""

from __future__ import annotations

import secrets

from .. import audiences
from ..auth import audit
from ..infra.clock import iso, local
from ..infra.store import Store, Transaction
from ..maps.wayfinding import counter_place
from ..queue import QueueEngine, QueueError
from ..queue.errors import not_found

FALSE_ALARM_SECONDS = 60   # how long the officer may still say it was pressed by mistake

ALARM_DEFAULTS = {
    "alarm_emails": [],             # security contacts, told at once
    "alarm_phones": [],             # mobile numbers, by SMS
    "alarm_sound": True,            # supervisors' consoles sound (never the raising counter's)
    "alarm_calm_notice": False,     # the lobby boards' calm notice while an alarm is open
    "alarm_calm_text": "잠시 업무가 지연되고 있습니다. 양해 부탁드립니다.",
    "alarm_recording_reminder": False,  # the raising officer's console: "녹음을 시작하세요"
}


def alarm_settings(engine: QueueEngine, site_id: int, q=None) -> dict:
    settings = engine.site(site_id, q)["settings"]
    return {key: settings.get(key, default) for key, default in ALARM_DEFAULTS.items()}


def get(q, alarm_id: int) -> dict:
    row = q.one("SELECT * FROM alarms WHERE id = ?", (alarm_id,))
    if row is None:
        raise not_found("alarm", alarm_id)
    return row


def alarm_view(engine: QueueEngine, q, row: dict) -> dict:
    """An alarm as staff consoles see it: the counter and its place on the floor map (to
    walk or run there), who raised it and when, and how it ended."""
    counter = engine.counter(row["counter_id"], q)
    names = {r["id"]: r["name"] for r in q.query(
        "SELECT id, name FROM staff WHERE id IN (?, ?)", (row["raised_by"], row["ended_by"] or 0))}
    return {"id": row["id"], "site_id": row["site_id"], "status": row["status"],
            "counter": engine.describe_counter(counter), "place": counter_place(q, counter),
            "raised_by": {"id": row["raised_by"], "name": names[row["raised_by"]]},
            "raised_at": iso(row["raised_at"]), "ended_at": iso(row["ended_at"]),
            "ended_by": {"id": row["ended_by"], "name": names[row["ended_by"]]}
            if row["ended_by"] else None,
            "false_alarm_until": iso(row["raised_at"] + FALSE_ALARM_SECONDS)}


def calm_notice(engine: QueueEngine, q, site_id: int) -> str | None:
    """What the lobby boards show now: the site's calm notice while an alarm is open (and
    the site turns it on), else None."""
    settings = alarm_settings(engine, site_id, q)
    if not settings["alarm_calm_notice"] or not settings["alarm_calm_text"]:
        return None
    opened = q.one("SELECT 1 AS yes FROM alarms WHERE site_id = ? AND status = 'open' LIMIT 1",
                   (site_id,))
    return settings["alarm_calm_text"] if opened else None


def raise_alarm(store: Store, engine: QueueEngine, counter_id: int,
                staff_id: int) -> tuple[dict, bool]:
    """The bell at `counter_id`, pressed by `staff_id`. Returns (the alarm, whether it is
    new): a second press while the counter's alarm is open is the same alarm."""
    now = engine.clock.now()
    with store.write() as tx:
        counter = engine.counter(counter_id, tx)
        site_id = counter["site_id"]
        existing = tx.one("SELECT * FROM alarms WHERE counter_id = ? AND status = 'open'",
                          (counter_id,))
        if existing:
            return alarm_view(engine, tx, existing), False
        calm_before = calm_notice(engine, tx, site_id)
        alarm_id = tx.insert("alarms", {"site_id": site_id, "counter_id": counter_id,
                                        "raised_by": staff_id, "raised_at": now})
        view = alarm_view(engine, tx, get(tx, alarm_id))
        audit.record(tx, now, "alarm_raised", staff_id=staff_id, alarm_id=alarm_id,
                     counter_id=counter_id, site_id=site_id)
        tx.append_event("alarm.raised", now, site_id, audiences.alarm(site_id), {"alarm": view})
        _calm_changed(engine, tx, site_id, now, calm_before)
        _tell_contacts(engine, tx, view, "alarm")
    return view, True


def take_back(store: Store, engine: QueueEngine, alarm_id: int, staff_id: int) -> dict:
    """The officer who raised it says it was a mistake, within FALSE_ALARM_SECONDS; the
    contacts already told are told it is off."""
    now = engine.clock.now()
    with store.write() as tx:
        row = _open(tx, alarm_id)
        if row["raised_by"] != staff_id:
            raise QueueError("forbidden", "Only the officer who raised an alarm takes it back "
                             "as a false alarm; a supervisor clears it.", 403)
        if now > row["raised_at"] + FALSE_ALARM_SECONDS:
            raise QueueError("too_late", f"An alarm is taken back within "
                             f"{FALSE_ALARM_SECONDS} seconds; a supervisor clears it now.", 409)
        view = _end(engine, tx, row, "false_alarm", staff_id, now)
        _tell_contacts(engine, tx, view, "alarm_false")
    return view


def clear(store: Store, engine: QueueEngine, alarm_id: int, staff_id: int) -> dict:
    """A supervisor has dealt with it (처리 완료)."""
    now = engine.clock.now()
    with store.write() as tx:
        return _end(engine, tx, _open(tx, alarm_id), "cleared", staff_id, now)


def open_alarms(store: Store, engine: QueueEngine, site_id: int) -> list[dict]:
    """A site's alarms not yet ended, oldest first."""
    with store.read() as q:
        return [alarm_view(engine, q, row) for row in q.query(
            "SELECT * FROM alarms WHERE site_id = ? AND status = 'open' ORDER BY raised_at, id",
            (site_id,))]


def _open(tx: Transaction, alarm_id: int) -> dict:
    row = get(tx, alarm_id)
    if row["status"] != "open":
        raise QueueError("wrong_status", "This alarm is already over.", 409)
    return row


def _end(engine: QueueEngine, tx: Transaction, row: dict, status: str, staff_id: int,
         now: float) -> dict:
    calm_before = calm_notice(engine, tx, row["site_id"])
    tx.execute("UPDATE alarms SET status = ?, ended_at = ?, ended_by = ? WHERE id = ?",
               (status, now, staff_id, row["id"]))
    view = alarm_view(engine, tx, get(tx, row["id"]))
    audit.record(tx, now, "alarm_cleared" if status == "cleared" else "alarm_false",
                 staff_id=row["raised_by"], actor_id=staff_id, alarm_id=row["id"],
                 counter_id=row["counter_id"], site_id=row["site_id"])
    tx.append_event("alarm.cleared", now, row["site_id"], audiences.alarm(row["site_id"]),
                    {"alarm": view})
    _calm_changed(engine, tx, row["site_id"], now, calm_before)
    return view


def _calm_changed(engine: QueueEngine, tx: Transaction, site_id: int, now: float,
                  before: str | None) -> None:
    """Tell the boards when their calm notice begins or ends: the text only, no counter."""
    after = calm_notice(engine, tx, site_id)
    if after != before:
        tx.append_event("lobby.calm_notice", now, site_id, [audiences.site(site_id)],
                        {"calm_notice": after})


def _tell_contacts(engine: QueueEngine, tx: Transaction, view: dict, kind: str) -> None:
    """One outbox row per security contact (server/visitor/outbox.py sends it)."""
    site = engine.site(view["site_id"], tx)
    settings = alarm_settings(engine, site["id"], tx)
    counter = view["counter"]
    where = " ".join(part for part in (
        site["names"]["ko"], view["place"]["floor"] if view["place"] else f"{counter['floor']}층",
        counter["location"], f"{counter['number']}번 창구") if part)
    at = local(engine.clock.now(), site["timezone"]).strftime("%H:%M")
    if kind == "alarm":
        subject = f"[비상벨] {where}"
        text = (f"[비상벨] {where} {view['raised_by']['name']} 직원이 {at}에 비상벨을 "
                "눌렀습니다. 즉시 가 주세요.")
    else:
        subject = f"[비상벨 취소] {where}"
        text = f"[비상벨 취소] {where}: {at}에 오작동으로 취소되었습니다."
    for channel, addresses in (("email", settings["alarm_emails"]),
                               ("sms", settings["alarm_phones"])):
        for address in dict.fromkeys(addresses):
            tx.execute(
                "INSERT INTO notice_messages (ticket_id, site_id, day, channel, kind, occasion, "
                "address, subject, text, status, next_attempt_at, idempotency_key, created_at) "
                "VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?)",
                (site["id"], engine.today(site), channel, kind, f"{kind}:{view['id']}",
                 address, subject if channel == "email" else "", text, engine.clock.now(),
                 f"sunbeon-{secrets.token_hex(12)}", engine.clock.now()))
