"""SAMPLE floor maps of the sample Dangjin City Hall (not the real building).

Three floors with the same simple shape: a corridor across the middle, stairs and the
elevator at its left end, restrooms at its right end, the offices of `demo.DEPARTMENTS`
(and a meeting room on 2F and 3F) above and below it, each with a door on the corridor.
The plans are SVG drawn here as text (small, nothing to render); the walking graph joins
the kiosk to every office, across floors by the elevator (step-free) and the stairs, so
that the map check passes. Each floor's directory screen hangs by its elevator."""

from __future__ import annotations

import json
from xml.sax.saxutils import escape

from ..infra.media import media_root
from ..maps.editing import plan_metres
from ..maps.forms import DEFAULT_VERTICAL_METRES
from ..maps.svg import size
from ..maps.graph import floor_name

WIDTH, HEIGHT = 1000, 600
PIXELS_PER_METRE = 20.0          # the plan is 50 m × 30 m
CORRIDOR_Y = 300

# Rooms every floor has: (key, category, names, box x, y, w, h, graph point off the corridor).
COMMON = [
    ("stairs", "stairs", {"ko": "계단", "en": "Stairs"}, (60, 170, 80, 90), (100, 220)),
    ("elevator", "elevator", {"ko": "엘리베이터", "en": "Elevator"}, (160, 170, 80, 90), (200, 220)),
    ("restroom", "restroom", {"ko": "화장실", "en": "Restrooms"}, (860, 170, 80, 90), (900, 220)),
]
# Offices by department key: box on the plan, and the graph point inside it.
OFFICES = {
    1: [("civil", (300, 340, 400, 200), (500, 380)), ("traffic", (560, 60, 280, 200), (700, 220))],
    2: [("tax", (300, 60, 240, 200), (420, 220)), ("welfare", (560, 340, 300, 200), (710, 380))],
    3: [("building", (300, 60, 240, 200), (420, 220)), ("land", (560, 340, 300, 200), (710, 380))],
}
# Rooms without a department: (floor, names, box), door on the corridor in the middle.
ROOMS = [(2, {"ko": "민원상담실", "en": "Consultation room", "zh": "咨询室",
              "vi": "Phòng tư vấn", "ru": "Консультационная", "th": "ห้องให้คำปรึกษา"},
          (300, 340, 240, 200)),
         (3, {"ko": "소회의실", "en": "Meeting room", "zh": "小会议室", "vi": "Phòng họp nhỏ",
              "ru": "Переговорная", "th": "ห้องประชุมเล็ก"}, (300, 340, 240, 200))]
KIOSK = (200, 440)               # 1F lobby, facing up the plan towards the corridor
# Each floor's directory screen: on the corridor wall beside the elevator, read facing up
# the plan; it stands at the corridor point below it.
DIRECTORY = (250, 262)
DIRECTORY_NAMES = {"ko": "엘리베이터 옆", "en": "Beside the elevator", "zh": "电梯旁",
                   "vi": "Cạnh thang máy", "ru": "У лифта", "th": "ข้างลิฟต์"}
EXTRA_1F = [("exit", {"ko": "정문 출입구", "en": "Main entrance"}, (200, 580)),
            # The lobby's unmanned certificate machine: the kiosk offers it before a ticket
            # for the certificates it issues (server/visitor/self_service.py).
            ("certificate_machine", {"ko": "무인민원발급기", "en": "Certificate machine",
                                     "zh": "无人证明发放机", "vi": "Máy cấp giấy tờ tự động",
                                     "ru": "Автомат выдачи справок",
                                     "th": "เครื่องออกเอกสารอัตโนมัติ"},
             (100, 440))]


def _door(box: tuple) -> tuple[float, float]:
    """The middle of a room's wall on the corridor (rooms lie above or below it)."""
    x, y, w, h = box
    return (x + w / 2, y + h if y + h <= CORRIDOR_Y else y)


def _outline(box: tuple) -> str:
    """A room's walls as the map stores a unit's outline (the route map fills it)."""
    x, y, w, h = box
    return json.dumps([[x, y], [x + w, y], [x + w, y + h], [x, y + h]])


def _svg(floor: int, offices: list[tuple[str, str, tuple]]) -> bytes:
    """A plan: walls, the corridor, labelled rooms with their doors. `offices` is (name,
    room, box)."""
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif">',
             f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fafaf7"/>',
             f'<rect x="40" y="40" width="{WIDTH - 80}" height="{HEIGHT - 80}" fill="#fff" '
             'stroke="#333" stroke-width="6"/>',
             f'<rect x="40" y="{CORRIDOR_Y - 40}" width="{WIDTH - 80}" height="80" '
             'fill="#eef2f6"/>',
             f'<text x="{WIDTH - 60}" y="{CORRIDOR_Y + 8}" font-size="22" text-anchor="end" '
             f'fill="#667">{floor_name(floor)[0]} 복도 · SAMPLE</text>']

    def room(box, lines, fill):
        """A room with its labels at the top: the middle is left for the marks screens
        draw on the plan (offices, "you are here")."""
        x, y, w, h = box
        font = 24 if w >= 200 else 15
        parts.append(f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}" '
                     'stroke="#333" stroke-width="3"/>')
        for i, line in enumerate(lines):
            parts.append(f'<text x="{x + w / 2}" y="{y + 8 + (i + 1) * (font + 6)}" '
                         f'font-size="{font - 4 * (i > 0)}" text-anchor="middle" '
                         f'fill="#222">{escape(line)}</text>')

    for _key, _category, names, box, _point in COMMON:
        room(box, [names["ko"]], "#e3ecf7")
    for name, room_name, box in offices:
        room(box, [name, room_name], "#fdf3df")
    rooms = [(names, box) for number, names, box in ROOMS if number == floor]
    for names, box in rooms:
        room(box, [names["ko"]], "#f3eefb")
    for box in [box for *_, box in offices] + [box for _names, box in rooms]:
        x, y = _door(box)
        parts.append(f'<rect x="{x - 20}" y="{y - 4}" width="40" height="8" fill="#a0703a"/>')
    if floor == 1:
        room((60, 340, 220, 200), ["로비"], "#f2f7ee")
        parts.append(f'<rect x="160" y="{HEIGHT - 46}" width="100" height="12" fill="#2a7"/>'
                     f'<text x="210" y="{HEIGHT - 72}" font-size="18" text-anchor="middle" '
                     'fill="#2a7">출입구</text>')
    parts.append("</svg>")
    return "".join(parts).encode()


def load_demo_maps(tx, store, site: int, departments: dict[str, tuple[int, str, str]],
                   kiosk_device: int) -> None:
    """Levels, plans, places and the walking graph of the sample city hall.
    `departments`: key -> (id, Korean name, room). The directory screens are the site's
    devices named directory-<n>f."""
    screens = {r["name"]: r["id"] for r in tx.query(
        "SELECT id, name FROM devices WHERE site_id = ? AND kind = 'directory'", (site,))}
    folder = media_root(store) / "plans"
    folder.mkdir(parents=True, exist_ok=True)
    lifts, stairs = {}, {}
    for floor, offices in OFFICES.items():
        plan = _svg(floor, [(*departments[key][1:], box) for key, box, _door in offices])
        (folder / f"sample-{floor}f.svg").write_bytes(plan)
        width, height = size(plan)
        level = tx.insert("map_levels", {
            "site_id": site, "ordinal": floor, "pixels_per_metre": PIXELS_PER_METRE,
            "names": json.dumps({"ko": floor_name(floor)[0], "en": floor_name(floor)[1]}),
            "image": f"/media/plans/sample-{floor}f.svg", "width": width, "height": height})
        nodes: dict[tuple, int] = {}

        def node(point):
            if point not in nodes:
                nodes[point] = tx.insert("map_nodes", {"level_id": level, "x": point[0],
                                                       "y": point[1]})
            return nodes[point]

        def walk(a, b):
            tx.insert("map_edges", {"from_node": node(a), "to_node": node(b), "kind": "walkway",
                                    "step_free": 1, "length_m": plan_metres(
                                        {"x": a[0], "y": a[1]}, {"x": b[0], "y": b[1]},
                                        PIXELS_PER_METRE)})

        def place(feature_type, category, names, at, point, **extra):
            return tx.insert("map_features", {
                "level_id": level, "feature_type": feature_type, "category": category,
                "x": at[0], "y": at[1], "names": json.dumps(names, ensure_ascii=False),
                "node_id": node(point), **extra})

        def door(unit, box):
            """The unit's door on the corridor wall; routes end at the corridor in front."""
            at = _door(box)
            place("opening", "door", {}, at, (at[0], CORRIDOR_Y), unit_id=unit)

        rooms = [box for number, _names, box in ROOMS if number == floor]
        # The corridor: a point in front of each door and of the directory, left to right.
        corridor = sorted({(p[0], CORRIDOR_Y) for *_, p in COMMON} |
                          {(_door(box)[0], CORRIDOR_Y) for _k, box, _p in offices} |
                          {(_door(box)[0], CORRIDOR_Y) for box in rooms} |
                          {(DIRECTORY[0], CORRIDOR_Y)})
        for a, b in zip(corridor, corridor[1:]):
            walk(a, b)
        for _key, category, names, (x, y, w, h), point in COMMON:
            walk((point[0], CORRIDOR_Y), point)
            place("amenity", category, names, (x + w / 2, y + h / 2), point)
        for key, box, inside in offices:
            x, y, w, h = box
            walk((inside[0], CORRIDOR_Y), inside)
            door(place("unit", "office", {}, (x + w / 2, y + h / 2), inside,
                       department_id=departments[key][0], outline=_outline(box)), box)
        for number, names, box in ROOMS:
            if number == floor:
                x, y, w, h = box
                door(place("unit", "meetingroom", names, (x + w / 2, y + h / 2),
                           (_door(box)[0], CORRIDOR_Y), outline=_outline(box)), box)
        if f"directory-{floor}f" in screens:
            place("kiosk", "directory", DIRECTORY_NAMES, DIRECTORY, (DIRECTORY[0], CORRIDOR_Y),
                  facing=0, device_id=screens[f"directory-{floor}f"])
        if floor == 1:
            walk((KIOSK[0], CORRIDOR_Y), KIOSK)
            place("kiosk", "kiosk", {"ko": "키오스크", "en": "Kiosk"}, (KIOSK[0], KIOSK[1] + 10),
                  KIOSK, facing=0, device_id=kiosk_device)
            for category, names, at in EXTRA_1F:
                walk(KIOSK, at)
                place("amenity", category, names, at, at)
        lifts[floor], stairs[floor] = node(COMMON[1][4]), node(COMMON[0][4])
    for floor in (2, 3):
        for kind, points, step_free in (("elevator", lifts, 1), ("stairs", stairs, 0)):
            tx.insert("map_edges", {"from_node": points[floor - 1], "to_node": points[floor],
                                    "kind": kind, "step_free": step_free,
                                    "length_m": DEFAULT_VERTICAL_METRES[kind]})

