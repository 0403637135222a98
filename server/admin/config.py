"""The site's configuration as the admin console edits it: one declaration per kind of
record (table, forms, how a row is shown, what it refers to), and the four operations
every kind shares. Every change is one write transaction that appends a `config.changed`
event, so every screen of the site learns of it after COMMIT."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Callable

from pydantic import BaseModel

from .. import audiences
from ..queue import QueueEngine
from ..refusal import Refusal
from ..auth import Principal, sessions
from ..infra import media
from ..infra.languages import missing_translations
from ..infra.store import Store, Transaction, constraint_kind, writing
from ..visitor import surveys
from . import forms as m
from .translations import with_korean_mirrors

Hook = Callable[[Transaction, dict, dict, "Principal | None"], None]
NULLABLE = {"hours", "daily_cap", "number_block", "department_id", "starts_on", "ends_on"}


@dataclass
class Kind:
    name: str                              # URL part and table
    what: str                              # singular, for messages and events
    create: type[BaseModel]
    patch: type[BaseModel]
    json_columns: tuple[str, ...] = ()
    bool_columns: tuple[str, ...] = ()
    hidden_columns: tuple[str, ...] = ()
    extra_fields: tuple[str, ...] = ()     # form fields that are not columns (hooks use them)
    refers: dict[str, str] = field(default_factory=dict)  # column -> table of the same site
    unique_message: str = "That already exists."
    soft_delete: str | None = None         # a column set to 0 instead of deleting the row
    order: str = "id"
    after_write: Hook | None = None        # (tx, row, changes, actor) inside the transaction
    before_delete: Callable[[Transaction, dict, Principal | None], None] | None = None
    rooms: Callable[[dict], list[str]] = lambda row: []
    translated: tuple[str, ...] = ()       # fields kept per language: their gaps are reported


def view(kind: Kind, row: dict) -> dict:
    shown = {k: v for k, v in row.items() if k not in kind.hidden_columns}
    for column in kind.json_columns:
        if shown.get(column) is not None:
            shown[column] = json.loads(shown[column])
    for column in kind.bool_columns:
        shown[column] = bool(shown[column])
    return shown


def columns_of(kind: Kind, values: dict) -> dict:
    """Form values as table columns: JSON for nested values, 0/1 for booleans, empty
    translations (texts and lists) dropped so that screens fall back to Korean."""
    out = {}
    for key, value in values.items():
        if key in kind.extra_fields:
            continue
        if key in kind.json_columns and value is not None:
            if isinstance(value, dict):
                value = {k: v for k, v in value.items() if v not in ("", None, [])}
            value = json.dumps(value, ensure_ascii=False)
        elif isinstance(value, bool):
            value = int(value)
        out[key] = value
    return out


def load(q, kind: Kind, ident: int) -> dict:
    row = q.one(f"SELECT * FROM {kind.name} WHERE id = ?", (ident,))
    if row is None or (kind.soft_delete and not row[kind.soft_delete]):
        raise Refusal("not_found", f"No {kind.what} with id {ident}.", 404)
    return row


def _check_refers(tx: Transaction, kind: Kind, site_id: int, values: dict) -> None:
    for column, table in kind.refers.items():
        ident = values.get(column)
        if ident is None:
            continue
        if tx.one(f"SELECT 1 AS ok FROM {table} WHERE id = ? AND site_id = ?",
                  (ident, site_id)) is None:
            raise Refusal("invalid_reference",
                          f"{column}: no {table[:-1]} {ident} at this site.", 422,
                          problems=[{"field": column, "problem": "not at this site"}])


def _integrity(kind: Kind, error: Exception) -> Refusal:
    text, broken = str(error), constraint_kind(error)
    if broken == "unique":
        return Refusal("conflict", kind.unique_message, 409)
    if broken == "foreign_key":
        return Refusal("in_use", f"This {kind.what} is still in use by other records "
                                 "(tickets, services or staff): it cannot be removed.", 409)
    return Refusal("conflict", f"The {kind.what} could not be saved: {text}", 409)


def insert(tx: Transaction, kind: Kind, site_id: int, values: dict,
           actor: Principal | None = None) -> dict:
    """Add a record to a site inside a transaction (also used by the import)."""
    _check_refers(tx, kind, site_id, values)
    values = with_korean_mirrors(values)
    ident = tx.insert(kind.name, {"site_id": site_id, **columns_of(kind, values)})
    row = tx.one(f"SELECT * FROM {kind.name} WHERE id = ?", (ident,))
    if kind.after_write:
        kind.after_write(tx, row, values, actor)
    return row


class Config:
    """Create, list, change and remove records of one site, with events."""

    def __init__(self, store: Store, engine: QueueEngine, actor: Principal | None = None):
        self.store = store
        self.engine = engine
        self.actor = actor  # who makes the changes (None: the command line)

    def list(self, kind: Kind, site_id: int) -> list[dict]:
        where = f" AND {kind.soft_delete} = 1" if kind.soft_delete else ""
        rows = self.store.query(
            f"SELECT * FROM {kind.name} WHERE site_id = ?{where} ORDER BY {kind.order}",
            (site_id,))
        return [self.shown(kind, row) for row in rows]

    def shown(self, kind: Kind, row: dict, q=None) -> dict:
        shown = view(kind, row)
        if kind.translated:
            # Saved all the same: the console marks what the kiosk will show in Korean.
            shown["missing_translations"] = missing_translations(shown, kind.translated)
        if kind.name == "counters":
            shown["service_ids"] = [r["service_id"] for r in (q or self.store).query(
                "SELECT service_id FROM counter_services WHERE counter_id = ? "
                "ORDER BY service_id", (row["id"],))]
        return shown

    def create(self, kind: Kind, site_id: int, body: BaseModel) -> dict:
        with self._writing(kind) as tx:
            row = insert(tx, kind, site_id, body.model_dump(mode="json"), self.actor)
            return self._changed(tx, kind, row, "created")

    def update(self, kind: Kind, ident: int, body: BaseModel) -> dict:
        # null clears a column that may be empty (a cap, own hours); elsewhere it is "no change".
        changes = {k: v for k, v in body.model_dump(mode="json", exclude_unset=True).items()
                   if v is not None or k in NULLABLE}
        with self._writing(kind) as tx:
            row = load(tx, kind, ident)
            _check_refers(tx, kind, row["site_id"], changes)
            changes = with_korean_mirrors(changes, row)
            columns = columns_of(kind, changes)
            if columns:
                assignments = ", ".join(f"{c} = ?" for c in columns)
                tx.execute(f"UPDATE {kind.name} SET {assignments} WHERE id = ?",
                           (*columns.values(), ident))
            row = tx.one(f"SELECT * FROM {kind.name} WHERE id = ?", (ident,))
            if kind.after_write:
                kind.after_write(tx, row, changes, self.actor)
            return self._changed(tx, kind, row, "updated")

    def delete(self, kind: Kind, ident: int) -> dict:
        with self._writing(kind) as tx:
            row = load(tx, kind, ident)
            if kind.before_delete:
                kind.before_delete(tx, row, self.actor)
            if kind.soft_delete:
                tx.execute(f"UPDATE {kind.name} SET {kind.soft_delete} = 0 WHERE id = ?",
                           (ident,))
            else:
                tx.execute(f"DELETE FROM {kind.name} WHERE id = ?", (ident,))
            self.engine.config_changed(tx, row["site_id"], kind.what, ident, "deleted",
                           rooms=kind.rooms(row))
            return {"id": ident, "deleted": True}

    def reset_password(self, staff_id: int, password: str) -> None:
        """A new password from an admin: the person's sign-ins end, their sockets close."""
        with self.store.write() as tx:
            set_password(tx, load(tx, STAFF, staff_id), password, self.actor)

    def set_photo(self, staff_id: int, data: bytes | None) -> dict:
        """The person's photo from an upload (checked and resized), or none (screens then
        show initials). The old file is removed once the change has committed."""
        row = load(self.store, STAFF, staff_id)
        url = media.save_photo(self.store, staff_id, data) if data is not None else ""
        with self.store.write() as tx:
            tx.execute("UPDATE staff SET photo = ? WHERE id = ?", (url, staff_id))
            if row["site_id"]:
                self.engine.config_changed(tx, row["site_id"], STAFF.what, staff_id, "updated")
            shown = self.shown(STAFF, load(tx, STAFF, staff_id), tx)
        media.remove(self.store, row["photo"])
        return shown

    def _changed(self, tx: Transaction, kind: Kind, row: dict, action: str) -> dict:
        shown = self.shown(kind, row, tx)
        extra = {}
        if kind.name == "services" and row["active"]:
            # Kiosks apply `queues` from any event: a pause or a new cap shows at once.
            self.engine.forget_configuration(tx)  # it may have read this service before
            extra["queues"] = [{**self.engine.queue_stats(row["id"], tx),
                                "availability": self.engine.availability(
                                    self.engine.service(row["id"], tx), tx)}]
        self.engine.config_changed(tx, row["site_id"], kind.what, row["id"], action,
                       rooms=kind.rooms(row), extra=extra)
        return shown

    def _writing(self, kind: Kind):
        return writing(self.store, lambda error: _integrity(kind, error))


# ---- the kinds -------------------------------------------------------------------------

def _service_rules(tx: Transaction, row: dict, changes: dict, actor) -> None:
    problem = m.check_numbering(row["numbering"], row["prefix"], row["number_block"])
    if problem:
        raise Refusal("invalid_request", f"Invalid request body: {problem}", 400,
                      problems=[{"field": "prefix" if row["numbering"] == "letter"
                                    else "number_block", "problem": problem}])
    clash = tx.one("SELECT id FROM services WHERE site_id = ? AND active = 1 AND id != ? AND "
                   "((numbering = 'letter' AND ? = 'letter' AND prefix = ?) OR "
                   " (numbering = 'block' AND ? = 'block' AND number_block = ?))",
                   (row["site_id"], row["id"], row["numbering"], row["prefix"],
                    row["numbering"], row["number_block"]))
    if clash:
        raise Refusal("conflict", "Another service of this site already uses this "
                                  "letter or number block: numbers would repeat.", 409)


def _counter_services(tx: Transaction, row: dict, changes: dict, actor) -> None:
    if "service_ids" not in changes:
        return
    ids = sorted(set(changes["service_ids"] or []))
    for service_id in ids:
        if tx.one("SELECT 1 AS ok FROM services WHERE id = ? AND site_id = ? AND active = 1",
                  (service_id, row["site_id"])) is None:
            raise Refusal("invalid_reference",
                          f"service_ids: no service {service_id} at this site.", 422,
                          problems=[{"field": "service_ids", "problem": "not at this site"}])
    tx.execute("DELETE FROM counter_services WHERE counter_id = ?", (row["id"],))
    for service_id in ids:
        tx.insert("counter_services", {"counter_id": row["id"], "service_id": service_id})


def _counter_free(tx: Transaction, row: dict, actor) -> None:
    if row["staff_id"] is not None:
        raise Refusal("counter_open", f"Counter {row['number']} is open: the officer "
                                      "must close it first.", 409)
    tx.execute("DELETE FROM counter_services WHERE counter_id = ?", (row["id"],))


def _service_retired(tx: Transaction, row: dict, actor) -> None:
    # Tickets keep referring to it; counters stop offering it.
    tx.execute("DELETE FROM counter_services WHERE service_id = ?", (row["id"],))


def _store_password(tx: Transaction, row: dict, password: str) -> None:
    from ..auth import hash_password
    tx.execute("UPDATE staff SET password_hash = ? WHERE id = ?",
               (hash_password(password), row["id"]))


def set_password(tx: Transaction, row: dict, password: str, actor: Principal | None) -> None:
    """A new password; whoever knew the old one is signed out everywhere."""
    _store_password(tx, row, password)
    sessions.revoke_all(tx, actor, row["id"], "password_changed")


def _staff_password(tx: Transaction, row: dict, changes: dict, actor) -> None:
    # Only a new account's form carries a password (a change is set_password): nobody is
    # signed in yet, so no session ends, and the command line can create accounts too.
    if changes.get("password"):
        _store_password(tx, row, changes["password"])
    if changes.get("active") is False:
        _staff_leaves(tx, row, actor)


def _staff_leaves(tx: Transaction, row: dict, actor: Principal | None) -> None:
    if tx.one("SELECT 1 AS yes FROM counters WHERE staff_id = ?", (row["id"],)):
        raise Refusal("at_counter", f"{row['name']} is at a counter: close it first.", 409)
    tx.execute("UPDATE tokens SET revoked_at = ? WHERE staff_id = ? AND revoked_at IS NULL",
               (time.time(), row["id"]))
    sessions.revoke_all(tx, actor, row["id"], "deactivated", spare_caller=False)
    sessions.close_sockets_after(tx, staff_id=row["id"])  # those opened with a token too


DEPARTMENTS = Kind("departments", "department", m.DepartmentIn, m.DepartmentPatch,
                   json_columns=("names", "rooms"), order="floor, id",
                   translated=("names", "rooms"))
SERVICES = Kind("services", "service", m.ServiceIn, m.ServicePatch,
                json_columns=("names", "hours", "keywords", "documents", "fee", "who_may_apply",
                              "machine_needs"),
                translated=("names", "documents", "fee", "who_may_apply"),
                bool_columns=("priority_enabled", "paused", "active", "remote_enabled",
                              "machine_issue", "online_issue"),
                refers={"department_id": "departments"}, soft_delete="active",
                order="sort_order, id", after_write=_service_rules,
                before_delete=_service_retired,
                rooms=lambda row: [audiences.service(row["id"])])
COUNTERS = Kind("counters", "counter", m.CounterIn, m.CounterPatch,
                json_columns=("names", "locations", "languages"),
                translated=("names", "locations"),
                extra_fields=("service_ids",), order="number",
                unique_message="A counter with this number already exists at this site.",
                after_write=_counter_services, before_delete=_counter_free,
                rooms=lambda row: [audiences.counter(row["id"])],
                hidden_columns=("priority_streak",))
STAFF = Kind("staff", "staff member", m.StaffIn, m.StaffPatch, bool_columns=("active",),
             json_columns=("duties",), translated=("duties",),
             hidden_columns=("password_hash",), extra_fields=("password",),
             refers={"department_id": "departments"}, soft_delete="active",
             unique_message="This login is taken: choose another.",
             order="department_id, id", after_write=_staff_password,
             before_delete=_staff_leaves)
HOLIDAYS = Kind("holidays", "holiday", m.HolidayIn, m.HolidayIn, order="day",
                unique_message="This day is already a holiday of this site.")
NOTICES = Kind("notices", "notice", m.NoticeIn, m.NoticePatch, json_columns=("texts",),
               bool_columns=("active",), order="sort_order, id", translated=("texts",))
PAGES = Kind("info_pages", "page", m.PageIn, m.PagePatch, json_columns=("titles", "bodies"),
             bool_columns=("published",), order="sort_order, id", translated=("titles", "bodies"),
             unique_message="A page with this slug already exists at this site.")

# The yearly satisfaction survey: a survey is kept once it has answers (its summary stays
# in the reports); a question with answers cannot be removed (in_use).
SURVEYS = Kind("surveys", "survey", m.SurveyIn, m.SurveyPatch, json_columns=("titles",),
               bool_columns=("active",), soft_delete="active", order="starts_on, id",
               translated=("titles",), after_write=surveys.check_period)
SURVEY_QUESTIONS = Kind("survey_questions", "survey question", m.SurveyQuestionIn,
                        m.SurveyQuestionPatch, json_columns=("texts",),
                        refers={"survey_id": "surveys"}, order="survey_id, sort_order, id",
                        translated=("texts",), after_write=surveys.check_question)

KINDS = {kind.name: kind for kind in
         (DEPARTMENTS, SERVICES, COUNTERS, STAFF, HOLIDAYS, NOTICES, PAGES, SURVEYS,
          SURVEY_QUESTIONS)}
