"""Changes to a site's floor maps: levels and their plans, features, and the walking graph.
Each change is one transaction with a `config.changed` {what: "map"} event, so that kiosks
and directory screens draw the new map."""

from __future__ import annotations

import json
import math
import secrets

from ..infra.languages import missing_translations
from ..infra.media import media_root, open_image, refuse, remove
from ..queue import QueueEngine
from ..refusal import Refusal, not_found
from ..infra.store import Store, Transaction, writing
from . import forms as mm
from .svg import UnsafeSvg, sanitise, size

PLAN_MAX_BYTES = 10 * 1024 * 1024


class MapEditor:
    def __init__(self, store: Store, engine: QueueEngine):
        self.store = store
        self.engine = engine

    # ---- lookups: every map record belongs to a site through its level ---------------------

    def level(self, q, level_id: int) -> dict:
        row = q.one("SELECT * FROM map_levels WHERE id = ?", (level_id,))
        if row is None:
            raise not_found("level", level_id)
        return {**row, "names": json.loads(row["names"])}

    def node(self, q, node_id: int) -> dict:
        row = q.one("SELECT n.*, l.site_id, l.pixels_per_metre FROM map_nodes n "
                    "JOIN map_levels l ON l.id = n.level_id WHERE n.id = ?", (node_id,))
        if row is None:
            raise not_found("node", node_id)
        return row

    def feature(self, q, feature_id: int) -> dict:
        row = q.one("SELECT f.*, l.site_id FROM map_features f JOIN map_levels l "
                    "ON l.id = f.level_id WHERE f.id = ?", (feature_id,))
        if row is None:
            raise not_found("feature", feature_id)
        return {**row, "names": json.loads(row["names"]),
                "outline": json.loads(row["outline"]) if row["outline"] else None}

    def edge(self, q, edge_id: int) -> dict:
        row = q.one("SELECT e.*, l.site_id FROM map_edges e JOIN map_nodes n "
                    "ON n.id = e.from_node JOIN map_levels l ON l.id = n.level_id "
                    "WHERE e.id = ?", (edge_id,))
        if row is None:
            raise not_found("edge", edge_id)
        return row

    def site_of(self, kind: str, ident: int) -> int:
        return getattr(self, kind)(self.store, ident)["site_id"]

    def _changed(self, tx: Transaction, site_id: int, what: str, ident: int, action: str):
        self.engine.config_changed(tx, site_id, "map", ident, action, extra={"part": what})

    # ---- levels -------------------------------------------------------------------------

    def add_level(self, site_id: int, body: mm.LevelIn) -> dict:
        with self._writing("A level for this floor exists already.") as tx:
            ident = tx.insert("map_levels", {
                "site_id": site_id, "ordinal": body.ordinal,
                "names": json.dumps(_filled(body.names.model_dump()), ensure_ascii=False),
                "pixels_per_metre": body.pixels_per_metre})
            self._changed(tx, site_id, "level", ident, "created")
            return self.level(tx, ident)

    def change_level(self, level_id: int, body: mm.LevelPatch) -> dict:
        changes = body.model_dump(exclude_unset=True)
        if "names" in changes and changes["names"] is not None:
            changes["names"] = json.dumps(_filled(changes["names"]), ensure_ascii=False)
        with self._writing("A level for this floor exists already.") as tx:
            level = self.level(tx, level_id)
            self._update(tx, "map_levels", level_id, changes)
            self._changed(tx, level["site_id"], "level", level_id, "updated")
            return self.level(tx, level_id)

    def set_scale(self, level_id: int, line: mm.ScaleLine) -> dict:
        pixels = math.dist(line.start, line.end)
        if pixels < 1:
            raise Refusal("invalid_request", "Invalid request body: the two points of the "
                          "scale line are the same.", 400)
        with self.store.write() as tx:
            level = self.level(tx, level_id)
            tx.execute("UPDATE map_levels SET pixels_per_metre = ? WHERE id = ?",
                       (pixels / line.metres, level_id))
            self._changed(tx, level["site_id"], "level", level_id, "updated")
            return self.level(tx, level_id)

    def upload_plan(self, level_id: int, data: bytes) -> dict:
        level = self.level(self.store, level_id)
        data, width, height, suffix = accept_plan(data)
        image = save_plan(self.store, level_id, data, suffix)
        with self.store.write() as tx:
            tx.execute("UPDATE map_levels SET image = ?, width = ?, height = ? WHERE id = ?",
                       (image, width, height, level_id))
            self._changed(tx, level["site_id"], "level", level_id, "updated")
        if level["image"]:
            remove(self.store, level["image"])
        return self.level(self.store, level_id)

    def remove_level(self, level_id: int) -> dict:
        with self.store.write() as tx:
            level = self.level(tx, level_id)
            tx.execute("DELETE FROM map_levels WHERE id = ?", (level_id,))
            self._changed(tx, level["site_id"], "level", level_id, "deleted")
        if level["image"]:
            remove(self.store, level["image"])
        return {"id": level_id, "deleted": True}

    # ---- features -----------------------------------------------------------------------

    def add_feature(self, site_id: int, body: mm.FeatureIn) -> dict:
        values = body.model_dump()
        if values["x"] is None or values["y"] is None:
            values["x"], values["y"] = centroid(values["outline"])
        with self.store.write() as tx:
            level = self.level(tx, body.level_id)
            self._same_site(tx, site_id, level, values)
            self._unit_of_opening(tx, body.feature_type, body.level_id, values["unit_id"])
            ident = tx.insert("map_features", _feature_columns(values))
            self._changed(tx, site_id, "feature", ident, "created")
            return self.saved_feature(tx, ident)

    def change_feature(self, feature_id: int, body: mm.FeaturePatch) -> dict:
        changes = body.model_dump(exclude_unset=True)
        with self.store.write() as tx:
            feature = self.feature(tx, feature_id)
            category = changes.get("category") or feature["category"]
            if category not in mm.CATEGORIES[feature["feature_type"]]:
                raise Refusal("invalid_request", f"Invalid request body: category: a "
                              f"{feature['feature_type']} cannot be a {category}.", 400)
            self._same_site(tx, feature["site_id"], None, changes)
            if changes.get("unit_id") is not None:
                self._unit_of_opening(tx, feature["feature_type"], feature["level_id"],
                                      changes["unit_id"])
            if changes.get("outline") and "x" not in changes and "y" not in changes and (
                    not feature["outline"]
                    or math.dist(centroid(feature["outline"]), (feature["x"], feature["y"])) < 1):
                # The display point stays the outline's centroid unless it was moved off it.
                changes["x"], changes["y"] = centroid(changes["outline"])
            self._update(tx, "map_features", feature_id, _feature_columns(changes))
            self._changed(tx, feature["site_id"], "feature", feature_id, "updated")
            return self.saved_feature(tx, feature_id)

    def saved_feature(self, q, feature_id: int) -> dict:
        """A feature as its save answers it: saved all the same, with the languages its name
        lacks (the kiosk's map shows those in Korean), as the console's other saves do."""
        feature = self.feature(q, feature_id)
        return {**feature, "missing_translations": missing_translations(feature, ("names",))}

    def remove_feature(self, feature_id: int) -> dict:
        with self.store.write() as tx:
            feature = self.feature(tx, feature_id)
            tx.execute("DELETE FROM map_features WHERE id = ?", (feature_id,))
            self._changed(tx, feature["site_id"], "feature", feature_id, "deleted")
        return {"id": feature_id, "deleted": True}

    def _same_site(self, tx, site_id: int, level: dict | None, values: dict) -> None:
        checks = (("node_id", "SELECT l.site_id FROM map_nodes n JOIN map_levels l "
                              "ON l.id = n.level_id WHERE n.id = ?"),
                  ("department_id", "SELECT site_id FROM departments WHERE id = ?"),
                  ("device_id", "SELECT site_id FROM devices WHERE id = ?"))
        for field, sql in checks:
            if values.get(field) is not None:
                row = tx.one(sql, (values[field],))
                if row is None or row["site_id"] != site_id:
                    raise Refusal("invalid_reference", f"{field}: not at this site.", 422,
                                  problems=[{"field": field, "problem": "not at this site"}])
        if level is not None and level["site_id"] != site_id:
            raise Refusal("invalid_reference", "level_id: not at this site.", 422)

    @staticmethod
    def _unit_of_opening(tx, feature_type: str, level_id: int, unit_id: int | None) -> None:
        """An opening's unit_id names a unit on the opening's own level; nothing else has one."""
        if unit_id is None:
            return
        if feature_type != "opening":
            raise Refusal("invalid_request", "Invalid request body: unit_id: only an "
                          "opening belongs to a unit.", 400,
                          problems=[{"field": "unit_id", "problem": "only for openings"}])
        unit = tx.one("SELECT feature_type, level_id FROM map_features WHERE id = ?", (unit_id,))
        if unit is None or unit["feature_type"] != "unit" or unit["level_id"] != level_id:
            raise Refusal("invalid_reference", "unit_id: not a unit on this level.", 422,
                          problems=[{"field": "unit_id", "problem": "not a unit on this level"}])

    # ---- the walking graph ----------------------------------------------------------------

    def add_node(self, site_id: int, body: mm.NodeIn) -> dict:
        with self.store.write() as tx:
            level = self.level(tx, body.level_id)
            self._same_site(tx, site_id, level, {})
            ident = tx.insert("map_nodes", {"level_id": body.level_id, "x": body.x, "y": body.y})
            self._changed(tx, site_id, "node", ident, "created")
            return tx.one("SELECT * FROM map_nodes WHERE id = ?", (ident,))

    def move_node(self, node_id: int, body: mm.NodePatch) -> dict:
        """Move a node; walkway lengths that came from the plan follow it."""
        with self.store.write() as tx:
            node = self.node(tx, node_id)
            tx.execute("UPDATE map_nodes SET x = ?, y = ? WHERE id = ?", (body.x, body.y, node_id))
            if node["pixels_per_metre"]:
                for edge in tx.query("SELECT * FROM map_edges WHERE (from_node = ? OR to_node = ?) "
                                     "AND kind IN ('walkway', 'ramp')", (node_id, node_id)):
                    a, b = (self.node(tx, edge["from_node"]), self.node(tx, edge["to_node"]))
                    tx.execute("UPDATE map_edges SET length_m = ? WHERE id = ?",
                               (plan_metres(a, b, a["pixels_per_metre"]), edge["id"]))
            self._changed(tx, node["site_id"], "node", node_id, "updated")
            return tx.one("SELECT * FROM map_nodes WHERE id = ?", (node_id,))

    def remove_node(self, node_id: int) -> dict:
        with self.store.write() as tx:
            node = self.node(tx, node_id)
            tx.execute("DELETE FROM map_nodes WHERE id = ?", (node_id,))  # edges cascade
            self._changed(tx, node["site_id"], "node", node_id, "deleted")
        return {"id": node_id, "deleted": True}

    def add_edge(self, site_id: int, body: mm.EdgeIn) -> dict:
        with self.store.write() as tx:
            a, b = self.node(tx, body.from_node), self.node(tx, body.to_node)
            if a["site_id"] != site_id or b["site_id"] != site_id:
                raise Refusal("invalid_reference", "Both nodes must be at this site.", 422)
            if a["id"] == b["id"]:
                raise Refusal("invalid_request", "Invalid request body: an edge joins two "
                              "different nodes.", 400)
            floor_change = a["level_id"] != b["level_id"]
            if floor_change != (body.kind in mm.DEFAULT_VERTICAL_METRES):
                raise Refusal("invalid_request", "Invalid request body: kind: elevators, "
                              "stairs and escalators join floors; walkways and ramps stay "
                              "on one floor.", 400, problems=[{"field": "kind",
                                                                  "problem": "wrong kind"}])
            length = body.length_m
            if length is None:
                if floor_change:
                    length = mm.DEFAULT_VERTICAL_METRES[body.kind]
                elif a["pixels_per_metre"]:
                    length = plan_metres(a, b, a["pixels_per_metre"])
                else:
                    raise Refusal("no_scale", "Set the floor's scale first, or give "
                                  "length_m.", 422, problems=[{"field": "length_m",
                                                                  "problem": "needed"}])
            step_free = body.step_free if body.step_free is not None else \
                body.kind not in ("stairs", "escalator")
            ident = tx.insert("map_edges", {"from_node": a["id"], "to_node": b["id"],
                                            "kind": body.kind, "length_m": length,
                                            "step_free": int(step_free)})
            self._changed(tx, site_id, "edge", ident, "created")
            return {**tx.one("SELECT * FROM map_edges WHERE id = ?", (ident,)),
                    "step_free": step_free}

    def change_edge(self, edge_id: int, body: mm.EdgePatch) -> dict:
        """Mark a stretch as having steps or not, or correct its length; it keeps its id."""
        with self.store.write() as tx:
            edge = self.edge(tx, edge_id)
            columns = {k: v for k, v in body.model_dump(exclude_unset=True).items()
                       if v is not None}
            if "step_free" in columns:
                columns["step_free"] = int(columns["step_free"])
            self._update(tx, "map_edges", edge_id, columns)
            self._changed(tx, edge["site_id"], "edge", edge_id, "updated")
            row = tx.one("SELECT * FROM map_edges WHERE id = ?", (edge_id,))
            return {**row, "step_free": bool(row["step_free"])}

    def split_edge(self, edge_id: int, at: mm.EdgeSplit) -> dict:
        """Cut an edge in two at the point of it nearest (x, y): a new node there, two edges
        of the same kind and step-freeness whose lengths share the old length in proportion,
        the old edge gone."""
        with self.store.write() as tx:
            edge = self.edge(tx, edge_id)
            a, b = self.node(tx, edge["from_node"]), self.node(tx, edge["to_node"])
            if a["level_id"] != b["level_id"]:
                raise Refusal("invalid_request", "Invalid request body: an edge between "
                              "floors cannot be split.", 400)
            share, x, y = nearest_on_segment((a["x"], a["y"]), (b["x"], b["y"]), (at.x, at.y))
            if min(math.dist((x, y), (a["x"], a["y"])), math.dist((x, y), (b["x"], b["y"]))) < 1:
                raise Refusal("invalid_request", "Invalid request body: the point is at an "
                              "end of the edge; join that node instead.", 400,
                              problems=[{"field": "x", "problem": "at an end of the edge"}])
            node_id = tx.insert("map_nodes", {"level_id": a["level_id"], "x": x, "y": y})
            halves = []
            for (start, end), length in (((a["id"], node_id), edge["length_m"] * share),
                                         ((node_id, b["id"]), edge["length_m"] * (1 - share))):
                halves.append(tx.insert("map_edges", {
                    "from_node": start, "to_node": end, "kind": edge["kind"],
                    "length_m": length, "step_free": edge["step_free"]}))
            tx.execute("DELETE FROM map_edges WHERE id = ?", (edge_id,))
            self._changed(tx, edge["site_id"], "edge", edge_id, "split")
            return {"node": tx.one("SELECT * FROM map_nodes WHERE id = ?", (node_id,)),
                    "edges": [{**row, "step_free": bool(row["step_free"])} for row in (
                        tx.one("SELECT * FROM map_edges WHERE id = ?", (ident,))
                        for ident in halves)],
                    "removed_edge": edge_id}

    def remove_edge(self, edge_id: int) -> dict:
        with self.store.write() as tx:
            edge = self.edge(tx, edge_id)
            tx.execute("DELETE FROM map_edges WHERE id = ?", (edge_id,))
            self._changed(tx, edge["site_id"], "edge", edge_id, "deleted")
        return {"id": edge_id, "deleted": True}

    # ---- helpers ----------------------------------------------------------------------------

    @staticmethod
    def _update(tx, table: str, ident: int, columns: dict) -> None:
        if columns:
            tx.execute(f"UPDATE {table} SET {', '.join(f'{k} = ?' for k in columns)} "
                       "WHERE id = ?", (*columns.values(), ident))

    def _writing(self, unique_message: str):
        return writing(self.store, lambda error: Refusal("conflict", unique_message, 409))


def accept_plan(data: bytes) -> tuple[bytes, int, int, str]:
    """A plan as it will be kept: (data, width, height, suffix); an SVG made safe, a PNG or
    JPEG checked by decoding; anything else refused with a message."""
    if data.lstrip().startswith(b"<"):
        try:
            data = sanitise(data)
            width, height = size(data)
        except UnsafeSvg as error:
            raise refuse(str(error), "plan") from None
        return data, width, height, "svg"
    image = open_image(data, {"PNG", "JPEG"})
    return data, image.width, image.height, image.format.lower()


def save_plan(store: Store, level_id: int, data: bytes, suffix: str) -> str:
    """Write an accepted plan under media/plans/; returns its address."""
    folder = media_root(store) / "plans"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"level-{level_id}-{secrets.token_hex(6)}.{suffix}"
    (folder / name).write_bytes(data)
    return f"/media/plans/{name}"


def _filled(names: dict) -> dict:
    return {k: v for k, v in names.items() if v}


def plan_metres(a: dict, b: dict, pixels_per_metre: float) -> float:
    """A walkway's length: its length on the plan by the level's scale."""
    return math.dist((a["x"], a["y"]), (b["x"], b["y"])) / pixels_per_metre


def centroid(outline: list) -> tuple[float, float]:
    """The area centroid of a polygon (its vertices' mean when it has no area)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(outline, outline[1:] + outline[:1]):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-9:
        return (round(sum(p[0] for p in outline) / len(outline), 1),
                round(sum(p[1] for p in outline) / len(outline), 1))
    return (round(cx / (3 * area), 1), round(cy / (3 * area), 1))


def nearest_on_segment(a, b, p) -> tuple[float, float, float]:
    """The point of segment a-b nearest p: (its share of the way from a, x, y)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    span = dx * dx + dy * dy
    share = 0.0 if span == 0 else \
        min(1.0, max(0.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / span))
    return share, round(a[0] + share * dx, 1), round(a[1] + share * dy, 1)


def _feature_columns(values: dict) -> dict:
    out = dict(values)
    if out.get("names") is not None:
        out["names"] = json.dumps(_filled(out["names"]), ensure_ascii=False)
    if "outline" in out:
        out["outline"] = json.dumps(out["outline"]) if out["outline"] else None
    return out
