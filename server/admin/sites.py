"""Sites (the city hall and its branch offices), and a site's whole configuration as one
JSON file: exported from one site and imported as a new one, to set up a branch office
from the city hall's. The file holds departments, services, counters, hours, holidays,
notices and information pages; never staff, passwords, tokens, devices or tickets.

Inside the file, records refer to each other by the ids they had at the source site
(a service's department_id, a counter's service_ids); the import gives them new ids."""

from __future__ import annotations

import json
from typing import Literal

from pydantic import Field

from ..clock import iso
from ..queue import QueueEngine, QueueError
from ..store import Store, Transaction
from . import config as c
from . import models as m

FORMAT = "sunbeon.site-config"


class FileDepartment(m.DepartmentIn):
    id: m.Id


class FileService(m.ServiceIn):
    id: m.Id


class ConfigFile(m.Form):
    format: Literal["sunbeon.site-config"]
    version: Literal[1]
    exported_at: str | None = Field(None, max_length=40)
    site: m.SiteContent
    departments: list[FileDepartment] = Field(default_factory=list, max_length=500)
    services: list[FileService] = Field(default_factory=list, max_length=500)
    counters: list[m.CounterIn] = Field(default_factory=list, max_length=500)
    holidays: list[m.HolidayIn] = Field(default_factory=list, max_length=1000)
    notices: list[m.NoticeIn] = Field(default_factory=list, max_length=200)
    pages: list[m.PageIn] = Field(default_factory=list, max_length=200)


class ConfigImport(m.Form):
    code: m.Code = Field(**m.label("새 기관 코드", "New site code"))
    names: m.Names | None = Field(None, **m.label("새 기관 이름 (비우면 파일의 이름)",
                                                  "New site name (empty: the file's)"))
    config: ConfigFile


def site_view(row: dict) -> dict:
    return {**row, **{k: json.loads(row[k]) for k in ("names", "hours", "settings")}}


def _site_columns(values: dict) -> dict:
    out = dict(values)
    for key in ("names", "hours", "settings"):
        if key in out and out[key] is not None:
            out[key] = json.dumps(out[key], ensure_ascii=False)
    return out


class Sites:
    def __init__(self, store: Store, engine: QueueEngine):
        self.store = store
        self.engine = engine

    def list(self, site_ids: list[int] | None = None) -> list[dict]:
        rows = self.store.query("SELECT * FROM sites ORDER BY id")
        return [site_view(r) for r in rows if site_ids is None or r["id"] in site_ids]

    def create(self, body: m.SiteIn) -> dict:
        with self.store.write() as tx:
            site_id = self._insert(tx, body.code, body.model_dump(mode="json", exclude={"code"}))
            c.config_changed(tx, self.engine, site_id, "site", site_id, "created")
            return site_view(tx.one("SELECT * FROM sites WHERE id = ?", (site_id,)))

    def update(self, site_id: int, body: m.SitePatch) -> dict:
        changes = body.model_dump(mode="json", exclude_unset=True)
        with self.store.write() as tx:
            row = tx.one("SELECT * FROM sites WHERE id = ?", (site_id,))
            if row is None:
                raise QueueError("not_found", f"No site with id {site_id}.", 404)
            if changes.get("settings") is not None:
                # Keys the console does not edit (a note, say) are kept.
                changes["settings"] = {**json.loads(row["settings"]), **changes["settings"]}
            changes = {k: v for k, v in changes.items() if v is not None}
            columns = _site_columns(changes)
            if columns:
                tx.execute(f"UPDATE sites SET {', '.join(f'{k} = ?' for k in columns)} "
                           "WHERE id = ?", (*columns.values(), site_id))
            c.config_changed(tx, self.engine, site_id, "site", site_id, "updated")
            return site_view(tx.one("SELECT * FROM sites WHERE id = ?", (site_id,)))

    def _insert(self, tx: Transaction, code: str, values: dict) -> int:
        if tx.one("SELECT 1 AS taken FROM sites WHERE code = ?", (code,)):
            raise QueueError("conflict", f"The site code {code!r} is taken: choose another.",
                             409, problems=[{"field": "code", "problem": "taken"}])
        return tx.insert("sites", {"code": code, **_site_columns(values)})

    # ---- one file per site ---------------------------------------------------------------

    def export(self, site_id: int) -> dict:
        site = self.engine.site(site_id)
        settings = {k: v for k, v in site["settings"].items()
                    if k in m.SiteSettings.model_fields}
        q = self.store

        def rows(kind: c.Kind, fields: type) -> list[dict]:
            out = []
            for shown in c.Config(self.store, self.engine).list(kind, site_id):
                keep = set(fields.model_fields)
                out.append({k: v for k, v in shown.items() if k in keep})
            return out

        return {
            "format": FORMAT, "version": 1, "exported_at": iso(self.engine.clock.now()),
            "site": {"names": site["names"], "timezone": site["timezone"],
                     "address": site["address"], "phone": site["phone"],
                     "hours": site["hours"], "settings": settings},
            "departments": rows(c.DEPARTMENTS, FileDepartment),
            "services": rows(c.SERVICES, FileService),
            "counters": rows(c.COUNTERS, m.CounterIn),
            "holidays": [{"day": r["day"], "name": r["name"]} for r in q.query(
                "SELECT day, name FROM holidays WHERE site_id = ? ORDER BY day", (site_id,))],
            "notices": rows(c.NOTICES, m.NoticeIn),
            "pages": rows(c.PAGES, m.PageIn),
        }

    def import_(self, body: ConfigImport) -> dict:
        """A new site from a file: all of it, or nothing (one transaction)."""
        data = body.config
        site_values = data.site.model_dump(mode="json")
        if body.names is not None:
            site_values["names"] = body.names.model_dump(mode="json")
        with self.store.write() as tx:
            site_id = self._insert(tx, body.code, site_values)
            departments = {}
            for dept in data.departments:
                values = dept.model_dump(mode="json", exclude={"id"})
                departments[dept.id] = c.insert(tx, c.DEPARTMENTS, site_id, values)["id"]
            services = {}
            for service in data.services:
                values = service.model_dump(mode="json", exclude={"id"})
                values["department_id"] = _mapped(departments, service.department_id,
                                                  "services", "department_id")
                services[service.id] = c.insert(tx, c.SERVICES, site_id, values)["id"]
            for counter in data.counters:
                values = counter.model_dump(mode="json")
                values["service_ids"] = [_mapped(services, s, "counters", "service_ids")
                                         for s in counter.service_ids]
                _insert_unique(tx, c.COUNTERS, site_id, values, f"counter {counter.number}")
            for kind, items in ((c.HOLIDAYS, data.holidays), (c.NOTICES, data.notices),
                                (c.PAGES, data.pages)):
                for item in items:
                    _insert_unique(tx, kind, site_id, item.model_dump(mode="json"), kind.what)
            c.config_changed(tx, self.engine, site_id, "site", site_id, "created")
            counts = {"departments": len(departments), "services": len(services),
                      "counters": len(data.counters), "holidays": len(data.holidays),
                      "notices": len(data.notices), "pages": len(data.pages)}
            return {"site": site_view(tx.one("SELECT * FROM sites WHERE id = ?", (site_id,))),
                    "imported": counts}


def _mapped(ids: dict, ref: int, where: str, field: str) -> int:
    if ref not in ids:
        raise QueueError("invalid_reference",
                         f"config.{where}: {field} {ref} is not in the file's list.", 422,
                         problems=[{"field": f"config.{where}.{field}", "problem": "unknown"}])
    return ids[ref]


def _insert_unique(tx: Transaction, kind: c.Kind, site_id: int, values: dict, what: str):
    import sqlite3
    try:
        return c.insert(tx, kind, site_id, values)
    except sqlite3.IntegrityError:
        raise QueueError("conflict", f"config: {what} appears twice in the file.", 422) \
            from None
