"""A site's floor maps as the kiosk, the directory screens and the editor read them: the
whole map, the route from a kiosk to an office, the floor directory, and the check that
says what is wrong with a map."""

from __future__ import annotations

import json
import math

from ..refusal import Refusal
from . import routemap
from .editing import nearest_on_segment
from .graph import (DOOR_REACH_METRES, Door, Edge, Graph, Node, Route, components, describe,
                    floor_name, reachable, shortest, summary)

DEFAULT_SCALE = 20.0    # pixels per metre, for a level whose scale is not set yet


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
    raise Refusal("not_on_map", "This kiosk is not placed on the floor map yet.", 404)


def find_goal(site_map: dict, *, department_id: int | None = None,
              feature_id: int | None = None) -> dict:
    for feature in site_map["features"]:
        if (feature_id and feature["id"] == feature_id) or \
                (department_id and feature["department_id"] == department_id
                 and feature["feature_type"] == "unit"):
            return feature
    raise Refusal("not_on_map", "This office is not on the floor map yet.", 404)


def doors_of(site_map: dict, graph: Graph) -> list[Door]:
    """The doors the walking graph meets: openings into a unit of this map, with a node."""
    units = {f["id"] for f in site_map["features"] if f["feature_type"] == "unit"}
    return [Door(f["unit_id"], graph.nodes[f["node_id"]], f["x"], f["y"])
            for f in site_map["features"] if f["feature_type"] == "opening"
            and f.get("unit_id") in units and f["node_id"] in graph.nodes]


def _nearest(graph: Graph, start: int, ends: list[int], step_free: bool) -> Route | None:
    """The shortest of the routes from start to any of ends."""
    found = [r for r in (shortest(graph, start, end, step_free=step_free) for end in ends) if r]
    return min(found, key=lambda r: r.length_m, default=None)


def route(store, site_id: int, start: dict, goal: dict, *, step_free: bool,
          site_map: dict | None = None, drawn: bool = False) -> dict:
    """The route between two places, with a path to draw and steps to read. A unit with
    doors is reached at the nearest of them, else at its own node. `site_map` saves
    loading the map again when one caller asks for many routes; `drawn` adds the route
    map of each floor walked on (`drawing`, see routemap.draw)."""
    site_map = site_map or load(store, site_id)
    graph = graph_of(site_map)
    doors = doors_of(site_map, graph)
    own_doors = [d for d in doors if d.unit_id == goal["id"]]
    for place in (start, goal):
        if place["node_id"] is None and not (place is goal and own_doors):
            raise Refusal("not_on_map", "The map has no walking path to or from "
                          f"{place['names'].get('ko') or place['category']} yet.", 404)
    ends = [d.node.id for d in own_doors] or [goal["node_id"]]
    found = _nearest(graph, start["node_id"], ends, step_free)
    answer = {"from": start, "to": goal, "step_free_requested": step_free}
    if found is None:
        with_steps = step_free and _nearest(graph, start["node_id"], ends, False)
        answer.update(found=False, reason="only_with_steps" if with_steps else "unreachable",
                      message={"ko": "계단 없이 갈 수 있는 길이 없습니다. 직원에게 도움을 요청하세요."
                               if with_steps else "이 곳까지 가는 길이 지도에 없습니다.",
                               "en": "There is no step-free way there; please ask staff."
                               if with_steps else "The map has no way to this place."})
        return answer
    ordinals = {level["id"]: level["ordinal"] for level in site_map["levels"]}
    scales = {level["id"]: level["pixels_per_metre"] for level in site_map["levels"]}
    name = _feature_name(goal, _departments(store, site_id))
    door = next((d for d in own_doors if d.node.id == found.nodes[-1].id), None)
    reach = DOOR_REACH_METRES * (scales.get(found.nodes[-1].level_id) or DEFAULT_SCALE)
    steps = describe(found, ordinals, facing=start["facing"],
                     destination=(name.get("ko", ""), name.get("en") or name.get("ko", "")),
                     names=name, target=(goal["x"], goal["y"]),
                     door=door, doors=doors, door_reach=reach)
    answer.update(found=True, length_m=round(found.length_m, 1), step_free=found.step_free,
                  levels=list(dict.fromkeys(ordinals[n.level_id] for n in found.nodes)),
                  path=[{"node_id": n.id, "level_id": n.level_id, "x": n.x, "y": n.y}
                        for n in found.nodes], steps=steps,
                  door={"x": door.x, "y": door.y} if door else None)
    if drawn:
        answer["drawing"] = routemap.draw(site_map, answer, name)
    return answer


def directory_start(site_map: dict, device_id: int, floor: int | None) -> dict | None:
    """Where a directory screen stands: its own place on the map, else (not placed) the
    elevator of its floor, where directory screens hang; None when neither is on the map."""
    try:
        return {**find_start(site_map, device_id=device_id), "placed": True}
    except Refusal:
        pass
    level = next((lv["id"] for lv in site_map["levels"] if lv["ordinal"] == floor), None)
    lift = next((f for f in site_map["features"] if f["level_id"] == level
                 and f["feature_type"] == "amenity" and f["category"] == "elevator"), None)
    return {**lift, "placed": False} if lift else None


def directory(store, site_id: int, here: dict | None = None) -> list[dict]:
    """Offices and amenities floor by floor; offices come from the departments, so the
    directory works before any map is drawn. From `here` (a place on the map), each
    office placed on the map has its `route` (step-free when there is one, as a ticket's):
    found, steps, summary; null when the map has no way."""
    site_map = load(store, site_id)
    routes = _routes_from(store, site_id, site_map, here) if here else {}
    floors: dict[int, dict] = {}
    for level in site_map["levels"]:
        floors[level["ordinal"]] = {"floor": level["ordinal"], "level_id": level["id"],
                                    "names": level["names"], "departments": [], "amenities": []}
    for dept in store.query("SELECT id, names, floor, room, phone FROM departments "
                            "WHERE site_id = ? ORDER BY floor, room, id", (site_id,)):
        floor = floors.setdefault(dept["floor"], {"floor": dept["floor"], "level_id": None,
                                                  "names": {}, "departments": [],
                                                  "amenities": []})
        floor["departments"].append({**dept, "names": _names(dept),
                                     **({"route": routes.get(dept["id"])} if here else {})})
    by_level = {level["id"]: level["ordinal"] for level in site_map["levels"]}
    for feature in site_map["features"]:
        if feature["feature_type"] == "amenity":
            floors[by_level[feature["level_id"]]]["amenities"].append(
                {"id": feature["id"], "category": feature["category"],
                 "names": feature["names"]})
    return [floors[k] for k in sorted(floors)]


def _routes_from(store, site_id: int, site_map: dict, here: dict) -> dict[int, dict | None]:
    """Each placed office's way from `here`, by department."""
    routes = {}
    for goal in site_map["features"]:
        if goal["feature_type"] != "unit" or not goal["department_id"] or \
                goal["department_id"] in routes:
            continue
        try:
            answer = best_route(store, site_id, here, goal, site_map=site_map)
        except Refusal:                # not joined to the walking graph
            answer = {"found": False}
        routes[goal["department_id"]] = {"found": True, "steps": answer["steps"],
                                         "summary": summary(answer["steps"]),
                                         "length_m": answer["length_m"]} \
            if answer["found"] else None
    return routes


def best_route(store, site_id: int, start: dict, goal: dict, *,
               site_map: dict | None = None, drawn: bool = False) -> dict:
    """The route for a reader who cannot be asked (a paper ticket, a wall screen): the
    step-free one when there is one, else the shortest."""
    answer = route(store, site_id, start, goal, step_free=True, site_map=site_map,
                   drawn=drawn)
    if answer["found"]:
        return answer
    return route(store, site_id, start, goal, step_free=False, site_map=site_map,
                 drawn=drawn)


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
    door_nodes: dict[int, set[int]] = {}      # a unit's nodes: its own and its doors'
    for door in doors_of(site_map, graph):
        door_nodes.setdefault(door.unit_id, set()).add(door.node.id)
    for feature in site_map["features"]:
        if feature["node_id"] is None and feature["feature_type"] in ("unit", "kiosk") \
                and feature["id"] not in door_nodes:
            name = _feature_name(feature, departments).get("ko", "")
            problem("not_joined", f"{name}: 보행 경로에 연결되지 않았습니다.",
                    f"{name}: not joined to the walking graph.", feature_id=feature["id"])
    starts = [k["node_id"] for k in kiosks if k["node_id"]]
    anywhere = set().union(*(reachable(graph, s) for s in starts)) if starts else set()
    step_free = set().union(*(reachable(graph, s, step_free=True) for s in starts)) \
        if starts else set()
    for unit in (f for f in site_map["features"] if f["feature_type"] == "unit"):
        ends = door_nodes.get(unit["id"]) or {unit["node_id"]} - {None}
        if not ends or not starts:
            continue
        name = _feature_name(unit, departments).get("ko", "")
        if not ends & anywhere:
            problem("unreachable", f"{name}: 어느 키오스크에서도 갈 수 없습니다.",
                    f"{name}: no kiosk can reach it.", feature_id=unit["id"])
        elif not ends & step_free:
            problem("stairs_only", f"{name}: 계단으로만 갈 수 있습니다.",
                    f"{name}: reachable only by stairs.", feature_id=unit["id"])
    placed = {f["department_id"] for f in site_map["features"] if f["department_id"]}
    for dept_id, names in departments.items():
        if site_map["levels"] and dept_id not in placed:
            problem("department_not_on_map", f"{names.get('ko', '')}: 지도에 없습니다.",
                    f"{names.get('en') or names.get('ko', '')}: not on the map.",
                    department_id=dept_id)
    return problems


def _ticket_answer(store, device_id: int | None, department_id: int, *,
                   drawn: bool = False) -> dict | None:
    """The route from the kiosk that issued a ticket to its department: the route the
    kiosk shows, the step-free one when there is one (paper and the phone page cannot ask
    who reads them). None when the map cannot say (no map, not placed, no way)."""
    row = device_id and store.one("SELECT site_id FROM devices WHERE id = ?", (device_id,))
    if not row:
        return None
    site_map = load(store, row["site_id"])
    try:
        start = find_start(site_map, device_id=device_id)
        goal = find_goal(site_map, department_id=department_id)
        answer = best_route(store, row["site_id"], start, goal, site_map=site_map,
                            drawn=drawn)
    except Refusal:             # not on the map, or no walking path to or from it
        return None
    return answer if answer["found"] else None


def ticket_route(store, device_id: int | None, department_id: int) -> list[dict] | None:
    """The steps of a ticket's way (see `_ticket_answer`)."""
    answer = _ticket_answer(store, device_id, department_id)
    return answer["steps"] if answer else None


def ticket_route_map(store, device_id: int | None, department_id: int) -> list[dict] | None:
    """The route map of a ticket's way, as the kiosk draws it (see `routemap.draw`)."""
    answer = _ticket_answer(store, device_id, department_id, drawn=True)
    return answer["drawing"] if answer else None


def ticket_directions(store, device_id: int | None, department_id: int) -> str | None:
    """The way from a kiosk to a department in one line for its paper ticket."""
    steps = ticket_route(store, device_id, department_id)
    return summary(steps) if steps else None


# ---- what kiosks and screens ask, by the place they start from ----------------------------

def nearest_amenity(store, device_id: int, category: str) -> dict:
    """The way from a kiosk to the nearest amenity of a kind (the certificate machine), by
    walking length (step-free where there is a way without steps), with its map drawn.
    Refused (404 not_on_map) when the kiosk or every such amenity is off the map."""
    site_id = site_of_device(store, device_id)
    site_map = load(store, site_id)
    start = find_start(site_map, device_id=device_id)
    goals = [f for f in site_map["features"] if f["feature_type"] == "amenity"
             and f["category"] == category and f["node_id"] is not None]
    if not goals:
        raise Refusal("not_on_map", f"No {category} is on the floor map yet.", 404)
    found = [(answer["length_m"], goal) for goal in goals
             for answer in [best_route(store, site_id, start, goal, site_map=site_map)]
             if answer["found"]]
    if not found:
        return route(store, site_id, start, goals[0], step_free=False, site_map=site_map)
    nearest = min(found, key=lambda pair: pair[0])[1]
    return best_route(store, site_id, start, nearest, site_map=site_map, drawn=True)


def site_of_device(store, device_id: int) -> int:
    row = store.one("SELECT site_id FROM devices WHERE id = ?", (device_id,))
    if row is None:
        raise Refusal("not_found", f"No device with id {device_id}.", 404)
    return row["site_id"]


def site_of_feature(store, feature_id: int) -> int:
    row = store.one("SELECT l.site_id FROM map_features f JOIN map_levels l "
                    "ON l.id = f.level_id WHERE f.id = ?", (feature_id,))
    if row is None:
        raise Refusal("not_found", f"No feature with id {feature_id}.", 404)
    return row["site_id"]


def directory_of_screen(store, device_id: int, floor: int | None) -> dict:
    """A directory screen's floors, with where it stands (`here`) and each office's way
    from there (see `directory_start`)."""
    site_id = site_of_device(store, device_id)
    here = directory_start(load(store, site_id), device_id, floor)
    return {"floors": directory(store, site_id, here), "here": here}


def route_from(store, *, from_device: int | None, from_feature: int | None,
               to_department: int | None, to_feature: int | None, step_free: bool) -> dict:
    """The way from a kiosk (or a place on the map) to an office or a place, on the map of
    the site where it starts."""
    site_id = site_of_device(store, from_device) if from_device \
        else site_of_feature(store, from_feature)
    site_map = load(store, site_id)
    start = find_start(site_map, device_id=from_device, feature_id=from_feature)
    goal = find_goal(site_map, department_id=to_department, feature_id=to_feature)
    return route(store, site_id, start, goal, step_free=step_free, drawn=True)


# ---- where a kiosk stands, in words ---------------------------------------------------------

def _distance_to(feature: dict, point: tuple[float, float]) -> float:
    """How far a point is from a unit on the plan: 0 inside its outline, else to the
    outline's nearest wall, or to its display point when it has no outline."""
    outline = feature["outline"]
    if not outline:
        return math.dist(point, (feature["x"], feature["y"]))
    inside = False
    walls = list(zip(outline, outline[1:] + outline[:1]))
    for (x0, y0), (x1, y1) in walls:
        if (y0 > point[1]) != (y1 > point[1]) and \
                point[0] < x0 + (point[1] - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    if inside:
        return 0.0
    return min(math.dist(point, nearest_on_segment(a, b, point)[1:]) for a, b in walls)


def kiosk_location(store, device_id: int) -> str | None:
    """Where a kiosk stands, in Korean, for the staff who walk there: its floor, the
    nearest named room or office of that floor (an office by its department's room), and
    the kiosk's own name on the map ("1층 민원실 근처 키오스크"; "1층 민원실 키오스크" when it
    stands inside the room). None while the kiosk is not placed on the map."""
    site_id = site_of_device(store, device_id)
    site_map = load(store, site_id)
    kiosk = next((f for f in site_map["features"] if f["device_id"] == device_id
                  and f["feature_type"] == "kiosk"), None)
    if kiosk is None:
        return None
    level = next(lv for lv in site_map["levels"] if lv["id"] == kiosk["level_id"])
    departments = {r["id"]: r for r in store.query(
        "SELECT id, names, room FROM departments WHERE site_id = ?", (site_id,))}

    def unit_name(unit: dict) -> str:
        department = departments.get(unit["department_id"])
        return (unit["names"].get("ko") or (department and (
            department["room"] or _names(department).get("ko"))) or "")

    point = (kiosk["x"], kiosk["y"])
    units = sorted(((_distance_to(f, point), unit_name(f)) for f in site_map["features"]
                    if f["feature_type"] == "unit" and f["level_id"] == level["id"]
                    and unit_name(f)), key=lambda pair: pair[0])
    floor = level["names"].get("ko") or floor_name(level["ordinal"])[0]
    own = kiosk["names"].get("ko") or "무인안내기"
    if not units:
        return f"{floor} {own}"
    distance, room = units[0]
    return f"{floor} {room} {own}" if distance == 0 else f"{floor} {room} 근처 {own}"


def counter_place(store, counter: dict) -> dict | None:
    """Where a counter is on the floor map, for staff who must get there: the level of its
    floor and the room it stands in (a unit named as its location, or an office whose
    department's room or name that is), with the plan to draw it on. None when its floor
    has no map or no room of that name."""
    site_map = load(store, counter["site_id"])
    level = next((lv for lv in site_map["levels"] if lv["ordinal"] == counter["floor"]), None)
    if level is None or not counter["location"]:
        return None
    departments = {r["id"]: r for r in store.query(
        "SELECT id, names, room FROM departments WHERE site_id = ?", (counter["site_id"],))}

    def called(unit: dict) -> set[str]:
        department = departments.get(unit["department_id"])
        return {name for name in (unit["names"].get("ko"), department and department["room"],
                                  department and _names(department).get("ko")) if name}

    room = next((f for f in site_map["features"] if f["feature_type"] == "unit"
                 and f["level_id"] == level["id"] and counter["location"] in called(f)), None)
    if room is None:
        return None
    return {"level_id": level["id"], "floor": level["names"].get("ko")
            or floor_name(level["ordinal"])[0], "room": counter["location"],
            "x": room["x"], "y": room["y"], "outline": room["outline"],
            "plan": level["image"], "width": level["width"], "height": level["height"]}
