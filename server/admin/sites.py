"""Sites (the city hall and its branch offices), and a site's whole configuration as one
JSON file: exported from one site and imported as a new one, to set up a branch office
from the city hall's. The file holds departments, services, counters, hours, holidays,
notices, information pages and the floor maps (plans inside the file, base64); never
staff, passwords, tokens, devices or tickets (so a kiosk on the map comes without its
device: link it again in the map editor).

Inside the file, records refer to each other by the ids they had at the source site
(a service's department_id, a counter's service_ids); the import gives them new ids."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Literal

from pydantic import Field

from ..infra.clock import iso
from ..maps import forms as mm
from ..maps import wayfinding
from ..maps.editing import PLAN_MAX_BYTES, accept_plan, save_plan
from ..queue import QueueEngine
from ..refusal import Refusal
from ..infra.store import INTEGRITY_ERRORS, Store, Transaction
from . import config as c
from . import forms as m
from ..infra.media import media_root

FORMAT = "sunbeon.site-config"


class FileDepartment(m.DepartmentIn):
    id: m.Id


class FileService(m.ServiceIn):
    id: m.Id


class FilePlan(m.Form):
    type: Literal["svg", "png", "jpeg"]
    base64: str = Field(max_length=PLAN_MAX_BYTES * 4 // 3 + 4)


class FileLevel(mm.LevelIn):
    id: m.Id
    plan: FilePlan | None = None


class FileNode(mm.NodeIn):
    id: m.Id


class FileEdge(mm.EdgeIn):
    length_m: float = Field(ge=0, le=10000)
    step_free: bool


class FileFeature(mm.FeatureIn):
    # The id lets a door name its unit (unit_id) within the file; files without ids
    # (no doors) are still read.
    id: m.Id | None = None


class FileMaps(m.Form):
    levels: list[FileLevel] = Field(default_factory=list, max_length=100)
    nodes: list[FileNode] = Field(default_factory=list, max_length=20000)
    edges: list[FileEdge] = Field(default_factory=list, max_length=40000)
    features: list[FileFeature] = Field(default_factory=list, max_length=10000)


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
    maps: FileMaps = Field(default_factory=FileMaps)


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


def _check_common_services(tx: Transaction, site_id: int, service_ids: list[int]) -> None:
    for service_id in service_ids:
        if tx.one("SELECT 1 AS ok FROM services WHERE id = ? AND site_id = ? AND active = 1",
                  (service_id, site_id)) is None:
            raise Refusal("invalid_reference",
                          f"common_services: no service {service_id} at this site.", 422,
                          problems=[{"field": "settings.common_services",
                                     "problem": "not at this site"}])


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
            self.engine.config_changed(tx, site_id, "site", site_id, "created")
            return site_view(tx.one("SELECT * FROM sites WHERE id = ?", (site_id,)))

    def update(self, site_id: int, body: m.SitePatch) -> dict:
        changes = body.model_dump(mode="json", exclude_unset=True)
        with self.store.write() as tx:
            row = tx.one("SELECT * FROM sites WHERE id = ?", (site_id,))
            if row is None:
                raise Refusal("not_found", f"No site with id {site_id}.", 404)
            if changes.get("settings") is not None:
                _check_common_services(tx, site_id, changes["settings"].get("common_services", []))
                # Keys the console does not edit (a note, say) are kept.
                changes["settings"] = {**json.loads(row["settings"]), **changes["settings"]}
            changes = {k: v for k, v in changes.items() if v is not None}
            columns = _site_columns(changes)
            if columns:
                tx.execute(f"UPDATE sites SET {', '.join(f'{k} = ?' for k in columns)} "
                           "WHERE id = ?", (*columns.values(), site_id))
            self.engine.config_changed(tx, site_id, "site", site_id, "updated")
            return site_view(tx.one("SELECT * FROM sites WHERE id = ?", (site_id,)))

    def _insert(self, tx: Transaction, code: str, values: dict) -> int:
        if tx.one("SELECT 1 AS taken FROM sites WHERE code = ?", (code,)):
            raise Refusal("conflict", f"The site code {code!r} is taken: choose another.",
                          409, problems=[{"field": "code", "problem": "taken"}])
        return tx.insert("sites", {"code": code, **_site_columns(values)})

    # ---- one file per site ---------------------------------------------------------------

    def export_file(self, site_id: int) -> tuple[str, dict]:
        """The export with the name of its file, after the site's code."""
        document = self.export(site_id)
        return f"sunbeon-{self.engine.site(site_id)['code']}.json", document

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
            "maps": self._export_maps(site_id),
        }

    def _export_maps(self, site_id: int) -> dict:
        site_map = wayfinding.load(self.store, site_id)
        root = media_root(self.store)
        levels = []
        for level in site_map["levels"]:
            plan = None
            if level["image"]:
                path = root / level["image"].removeprefix("/media/")
                if path.is_file():
                    plan = {"type": path.suffix.lstrip("."),
                            "base64": base64.b64encode(path.read_bytes()).decode()}
            levels.append({"id": level["id"], "ordinal": level["ordinal"],
                           "names": level["names"], "plan": plan,
                           "pixels_per_metre": level["pixels_per_metre"]})
        keep = set(FileFeature.model_fields) - {"device_id"}   # devices stay behind
        return {"levels": levels,
                "nodes": [{k: n[k] for k in ("id", "level_id", "x", "y")}
                          for n in site_map["nodes"]],
                "edges": [{k: e[k] for k in ("from_node", "to_node", "kind", "length_m",
                                             "step_free")} for e in site_map["edges"]],
                "features": [{k: v for k, v in f.items() if k in keep}
                             for f in site_map["features"]]}

    def _import_maps(self, tx: Transaction, site_id: int, maps: FileMaps,
                     departments: dict) -> dict:
        """The floor maps with new ids; plans are checked like an upload, then saved."""
        plans = {}
        for level in maps.levels:
            if level.plan is not None:
                try:
                    data = base64.b64decode(level.plan.base64, validate=True)
                except binascii.Error:
                    raise Refusal("invalid_file", f"config.maps: the plan of floor "
                                  f"{level.ordinal} is not base64.", 422) from None
                plans[level.id] = accept_plan(data)
        levels, nodes = {}, {}
        for level in maps.levels:
            values = level.model_dump(mode="json", exclude={"id", "plan"})
            levels[level.id] = _insert_row(tx, "map_levels", {
                **values, "site_id": site_id,
                "names": json.dumps({k: v for k, v in values["names"].items() if v},
                                    ensure_ascii=False)}, f"floor {level.ordinal}")
        for node in maps.nodes:
            nodes[node.id] = tx.insert("map_nodes", {
                "level_id": _mapped(levels, node.level_id, "maps.nodes", "level_id"),
                "x": node.x, "y": node.y})
        for edge in maps.edges:
            tx.insert("map_edges", {
                "from_node": _mapped(nodes, edge.from_node, "maps.edges", "from_node"),
                "to_node": _mapped(nodes, edge.to_node, "maps.edges", "to_node"),
                "kind": edge.kind, "length_m": edge.length_m, "step_free": int(edge.step_free)})
        features = {}
        # Units before their doors, so that a door's unit_id finds its new id.
        for feature in sorted(maps.features, key=lambda f: f.feature_type == "opening"):
            values = feature.model_dump(mode="json", exclude={"id"})
            new_id = tx.insert("map_features", {
                **values, "device_id": None,
                "unit_id": feature.unit_id and _mapped(features, feature.unit_id,
                                                       "maps.features", "unit_id"),
                "level_id": _mapped(levels, feature.level_id, "maps.features", "level_id"),
                "node_id": feature.node_id and _mapped(nodes, feature.node_id, "maps.features",
                                                       "node_id"),
                "department_id": feature.department_id and _mapped(
                    departments, feature.department_id, "maps.features", "department_id"),
                "names": json.dumps({k: v for k, v in values["names"].items() if v},
                                    ensure_ascii=False),
                "outline": json.dumps(values["outline"]) if values["outline"] else None})
            if feature.id is not None:
                features[feature.id] = new_id
        for file_id, (data, width, height, suffix) in plans.items():   # last: files
            tx.execute("UPDATE map_levels SET image = ?, width = ?, height = ? WHERE id = ?",
                       (save_plan(self.store, levels[file_id], data, suffix), width, height,
                        levels[file_id]))
        return {"levels": len(levels), "nodes": len(nodes), "edges": len(maps.edges),
                "features": len(maps.features)}

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
            maps = self._import_maps(tx, site_id, data.maps, departments)
            self.engine.config_changed(tx, site_id, "site", site_id, "created")
            counts = {"departments": len(departments), "services": len(services),
                      "counters": len(data.counters), "holidays": len(data.holidays),
                      "notices": len(data.notices), "pages": len(data.pages),
                      "map_levels": maps["levels"], "map_features": maps["features"]}
            return {"site": site_view(tx.one("SELECT * FROM sites WHERE id = ?", (site_id,))),
                    "imported": counts}


def _mapped(ids: dict, ref: int, where: str, field: str) -> int:
    if ref not in ids:
        raise Refusal("invalid_reference",
                      f"config.{where}: {field} {ref} is not in the file's list.", 422,
                      problems=[{"field": f"config.{where}.{field}", "problem": "unknown"}])
    return ids[ref]


def _insert_row(tx: Transaction, table: str, values: dict, what: str) -> int:
    try:
        return tx.insert(table, values)
    except INTEGRITY_ERRORS:
        raise Refusal("conflict", f"config: {what} appears twice in the file.", 422) \
            from None


def _insert_unique(tx: Transaction, kind: c.Kind, site_id: int, values: dict, what: str):
    try:
        return c.insert(tx, kind, site_id, values)
    except INTEGRITY_ERRORS:
        raise Refusal("conflict", f"config: {what} appears twice in the file.", 422) \
            from None
