"""A site's floor maps as the kiosk, the directory screens and the editor read them: the
whole map, the route from a kiosk to an office, the floor directory, and the check that
says what is wrong with a map."""

from __future__ import annotations

import json

from ..queue import QueueError
from .graph import Edge, Graph, Node, components, describe, reachable, shortest, summary


def _names(row: dict, column: str = "names") -> dict:
    return json.loads(row[column]) if row.get(column) else {}


def load(store, site_id: int) -> dict:
    levels = [{**r, "names": _names(r)} for r in store.query(
        "SELECT * FROM map_levels WHERE site_id = ? ORDER BY ordinal", (site_id,))]
    ids = [level["id"] for level in levels] or [-1]
    marks = ",".join("?" * len(ids))
    features = [{**r, "names": _names(r), "outline": json.loads(r["outline"])
                 if r["outline"] else None}
                for r in store.query(f"SELECT * FROM map_features WHERE level_id IN ({marks}) "
                                     "ORDER BY id", ids)]
    nodes = store.query(f"SELECT * FROM map_nodes WHERE level_id IN ({marks}) ORDER BY id", ids)
    edges = [{**r, "step_free": bool(r["step_free"])} for r in store.query(
        f"SELECT e.* FROM map_edges e JOIN map_nodes n ON n.id = e.from_node "
        f"WHERE n.level_id IN ({marks}) ORDER BY e.id", ids)]
    return {"site_id": site_id, "levels": levels, "features": features, "nodes": nodes,
            "edges": edges}


def graph_of(site_map: dict) -> Graph:
    return Graph({n["id"]: Node(n["id"], n["level_id"], n["x"], n["y"])
                  for n in site_map["nodes"]},
                 [Edge(e["id"], e["from_node"], e["to_node"], e["kind"], e["length_m"],
                       e["step_free"]) for e in site_map["edges"]])


def _feature_name(feature: dict, departments: dict) -> dict:
    """What to call a place: its own names, else its department's."""
    return feature["names"] or departments.get(feature["department_id"], {}) or {
        "ko": feature["category"], "en": feature["category"]}


def _departments(store, site_id: int) -> dict[int, dict]:
    return {r["id"]: _names(r) for r in store.query(
        "SELECT id, names FROM departments WHERE site_id = ?", (site_id,))}


def find_start(site_map: dict, *, device_id: int | None = None,
               feature_id: int | None = None) -> dict:
    for feature in site_map["features"]:
        if (feature_id and feature["id"] == feature_id) or \
                (device_id and feature["device_id"] == device_id
                 and feature["feature_type"] == "kiosk"):
            return feature
    raise QueueError("not_on_map", "This kiosk is not placed on the floor map yet.", 404)


def find_goal(site_map: dict, *, department_id: int | None = None,
              feature_id: int | None = None) -> dict:
    for feature in site_map["features"]:
        if (feature_id and feature["id"] == feature_id) or \
                (department_id and feature["department_id"] == department_id
                 and feature["feature_type"] == "unit"):
            return feature
    raise QueueError("not_on_map", "This office is not on the floor map yet.", 404)


def route(store, site_id: int, start: dict, goal: dict, *, step_free: bool) -> dict:
    """The route between two places, with a path to draw and steps to read."""
    site_map = load(store, site_id)
    for place in (start, goal):
        if place["node_id"] is None:
            raise QueueError("not_on_map", "The map has no walking path to or from "
                             f"{place['names'].get('ko') or place['category']} yet.", 404)
    graph = graph_of(site_map)
    found = shortest(graph, start["node_id"], goal["node_id"], step_free=step_free)
    answer = {"from": start, "to": goal, "step_free_requested": step_free}
    if found is None:
        with_steps = step_free and shortest(graph, start["node_id"], goal["node_id"])
        answer.update(found=False, reason="only_with_steps" if with_steps else "unreachable",
                      message={"ko": "계단 없이 갈 수 있는 길이 없습니다. 직원에게 도움을 요청하세요."
                               if with_steps else "이 곳까지 가는 길이 지도에 없습니다.",
                               "en": "There is no step-free way there; please ask staff."
                               if with_steps else "The map has no way to this place."})
        return answer
    ordinals = {level["id"]: level["ordinal"] for level in site_map["levels"]}
    name = _feature_name(goal, _departments(store, site_id))
    steps = describe(found, ordinals, facing=start["facing"],
                     destination=(name.get("ko", ""), name.get("en") or name.get("ko", "")),
                     names=name,
                     target=(goal["x"], goal["y"]))
    answer.update(found=True, length_m=round(found.length_m, 1), step_free=found.step_free,
                  levels=list(dict.fromkeys(ordinals[n.level_id] for n in found.nodes)),
                  path=[{"node_id": n.id, "level_id": n.level_id, "x": n.x, "y": n.y}
                        for n in found.nodes], steps=steps)
    return answer


def directory(store, site_id: int) -> list[dict]:
    """Offices and amenities floor by floor; offices come from the departments, so the
    directory works before any map is drawn."""
    site_map = load(store, site_id)
    floors: dict[int, dict] = {}
    for level in site_map["levels"]:
        floors[level["ordinal"]] = {"floor": level["ordinal"], "level_id": level["id"],
                                    "names": level["names"], "departments": [], "amenities": []}
    for dept in store.query("SELECT id, names, floor, room, phone FROM departments "
                            "WHERE site_id = ? ORDER BY floor, room, id", (site_id,)):
        floor = floors.setdefault(dept["floor"], {"floor": dept["floor"], "level_id": None,
                                                  "names": {}, "departments": [],
                                                  "amenities": []})
        floor["departments"].append({**dept, "names": _names(dept)})
    by_level = {level["id"]: level["ordinal"] for level in site_map["levels"]}
    for feature in site_map["features"]:
        if feature["feature_type"] == "amenity":
            floors[by_level[feature["level_id"]]]["amenities"].append(
                {"id": feature["id"], "category": feature["category"],
                 "names": feature["names"]})
    return [floors[k] for k in sorted(floors)]


def check(store, site_id: int) -> list[dict]:
    """What is wrong with the map, each problem with a code, words and the ids involved."""
    site_map = load(store, site_id)
    graph = graph_of(site_map)
    departments = _departments(store, site_id)
    problems: list[dict] = []

    def problem(code: str, ko: str, en: str, **ids):
        problems.append({"code": code, "ko": ko, "en": en, **ids})

    for level in site_map["levels"]:
        floor = level["ordinal"]
        if not level["image"]:
            problem("no_plan", f"{floor}층에 평면도가 없습니다.", f"Floor {floor} has no plan.",
                    level_id=level["id"])
        if not level["pixels_per_metre"]:
            problem("no_scale", f"{floor}층의 축척이 없습니다.", f"Floor {floor} has no scale.",
                    level_id=level["id"])
    parts = components(graph)
    for part in parts[1:]:
        problem("graph_split", f"보행 경로가 끊겨 있습니다: 점 {len(part)}개가 나머지와 "
                "이어져 있지 않습니다.", f"The walking graph falls apart: {len(part)} "
                "node(s) are not joined to the rest.", node_ids=sorted(part))
    kiosks = [f for f in site_map["features"] if f["feature_type"] == "kiosk"]
    if not kiosks:
        problem("no_kiosk", "지도에 키오스크가 없습니다.", "No kiosk is placed on the map.")
    for feature in site_map["features"]:
        if feature["node_id"] is None and feature["feature_type"] in ("unit", "kiosk"):
            name = _feature_name(feature, departments).get("ko", "")
            problem("not_joined", f"{name}: 보행 경로에 연결되지 않았습니다.",
                    f"{name}: not joined to the walking graph.", feature_id=feature["id"])
    starts = [k["node_id"] for k in kiosks if k["node_id"]]
    anywhere = set().union(*(reachable(graph, s) for s in starts)) if starts else set()
    step_free = set().union(*(reachable(graph, s, step_free=True) for s in starts)) \
        if starts else set()
    for unit in (f for f in site_map["features"] if f["feature_type"] == "unit"):
        if unit["node_id"] is None or not starts:
            continue
        name = _feature_name(unit, departments).get("ko", "")
        if unit["node_id"] not in anywhere:
            problem("unreachable", f"{name}: 어느 키오스크에서도 갈 수 없습니다.",
                    f"{name}: no kiosk can reach it.", feature_id=unit["id"])
        elif unit["node_id"] not in step_free:
            problem("stairs_only", f"{name}: 계단으로만 갈 수 있습니다.",
                    f"{name}: reachable only by stairs.", feature_id=unit["id"])
    placed = {f["department_id"] for f in site_map["features"] if f["department_id"]}
    for dept_id, names in departments.items():
        if site_map["levels"] and dept_id not in placed:
            problem("department_not_on_map", f"{names.get('ko', '')}: 지도에 없습니다.",
                    f"{names.get('en') or names.get('ko', '')}: not on the map.",
                    department_id=dept_id)
    return problems


def ticket_directions(store, device_id: int | None, department_id: int) -> str | None:
    """The way from a kiosk to a department in one line for its paper ticket: the route
    the kiosk shows, the step-free one when there is one (the paper cannot ask who reads
    it). None when the map cannot say (no map, not placed, no way)."""
    row = device_id and store.one("SELECT site_id FROM devices WHERE id = ?", (device_id,))
    if not row:
        return None
    site_map = load(store, row["site_id"])
    try:
        start = find_start(site_map, device_id=device_id)
        goal = find_goal(site_map, department_id=department_id)
        answer = route(store, row["site_id"], start, goal, step_free=True)
        if not answer["found"]:
            answer = route(store, row["site_id"], start, goal, step_free=False)
    except QueueError:          # not on the map, or no walking path to or from it
        return None
    return summary(answer["steps"]) if answer["found"] else None
