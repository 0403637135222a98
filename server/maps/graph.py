"""The walking graph: shortest routes (optionally step-free, across floors), the parts a
graph falls into, and a route told as steps people can follow. Plain Python, no Flask.

Coordinates are the floor plan's pixels (y grows downwards, as on screen); lengths are
metres. Edges are walked both ways."""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field

VERTICAL = ("elevator", "stairs", "escalator")   # edges that change floor
STRAIGHT_DEGREES = 30                            # a smaller bend is not a turn
BACK_DEGREES = 150
DOOR_REACH_METRES = 3.0    # a door whose node is this close to the way is passed by it


@dataclass(frozen=True)
class Node:
    id: int
    level_id: int
    x: float
    y: float


@dataclass(frozen=True)
class Edge:
    id: int
    a: int
    b: int
    kind: str
    length_m: float
    step_free: bool


@dataclass
class Graph:
    nodes: dict[int, Node]
    edges: list[Edge]
    adjacent: dict[int, list[tuple[int, Edge]]] = field(default_factory=dict)

    def __post_init__(self):
        self.adjacent = {n: [] for n in self.nodes}
        for edge in self.edges:
            if edge.a in self.nodes and edge.b in self.nodes:
                self.adjacent[edge.a].append((edge.b, edge))
                self.adjacent[edge.b].append((edge.a, edge))


@dataclass(frozen=True)
class Door:
    """An opening into a unit: its point on the unit's outline, and the graph node in
    front of it, where the walk to or past it goes."""
    unit_id: int
    node: Node
    x: float
    y: float


@dataclass
class Route:
    length_m: float
    nodes: list[Node]
    edges: list[Edge]

    @property
    def step_free(self) -> bool:
        return all(e.step_free for e in self.edges)


def shortest(graph: Graph, start: int, goal: int, *, step_free: bool = False) -> Route | None:
    """Dijkstra from start to goal; None when no route exists (under the condition)."""
    if start not in graph.nodes or goal not in graph.nodes:
        return None
    best = {start: 0.0}
    came: dict[int, tuple[int, Edge]] = {}
    queue = [(0.0, start)]
    while queue:
        dist, node = heapq.heappop(queue)
        if node == goal:
            break
        if dist > best[node]:
            continue
        for other, edge in graph.adjacent[node]:
            if step_free and not edge.step_free:
                continue
            candidate = dist + edge.length_m
            if candidate < best.get(other, math.inf):
                best[other] = candidate
                came[other] = (node, edge)
                heapq.heappush(queue, (candidate, other))
    if goal not in best:
        return None
    nodes, edges = [goal], []
    while nodes[-1] != start:
        previous, edge = came[nodes[-1]]
        nodes.append(previous)
        edges.append(edge)
    return Route(best[goal], [graph.nodes[n] for n in reversed(nodes)], list(reversed(edges)))


def reachable(graph: Graph, start: int, *, step_free: bool = False) -> set[int]:
    seen, stack = {start}, [start]
    while stack:
        for other, edge in graph.adjacent.get(stack.pop(), []):
            if other not in seen and (edge.step_free or not step_free):
                seen.add(other)
                stack.append(other)
    return seen


def components(graph: Graph) -> list[set[int]]:
    """The separate parts of the graph, largest first."""
    left, parts = set(graph.nodes), []
    while left:
        part = reachable(graph, next(iter(left)))
        parts.append(part)
        left -= part
    return sorted(parts, key=len, reverse=True)


# ---- a route as steps ----------------------------------------------------------------

def _heading(a: Node, b: Node) -> float | None:
    """Direction from a to b in degrees clockwise from up the plan; None if no move."""
    dx, dy = b.x - a.x, b.y - a.y
    if abs(dx) < 1e-9 and abs(dy) < 1e-9:
        return None
    return math.degrees(math.atan2(dx, -dy)) % 360


def _turn(before: float | None, after: float) -> str:
    """straight, right, left or back, for a walker heading `before` who turns to `after`."""
    if before is None:
        return "unknown"
    angle = (after - before + 540) % 360 - 180   # -180..180, positive = clockwise = right
    if abs(angle) < STRAIGHT_DEGREES:
        return "straight"
    if abs(angle) > BACK_DEGREES:
        return "back"
    return "right" if angle > 0 else "left"


TURN_WORDS = {
    "straight": ("앞으로", "Go straight"),
    "right": ("오른쪽으로 돌아", "Turn right and go"),
    "left": ("왼쪽으로 돌아", "Turn left and go"),
    "back": ("뒤로 돌아", "Turn around and go"),
    "unknown": ("", "Go"),
}
SIDE_WORDS = {"straight": ("정면에", "ahead of you"), "right": ("오른쪽에", "on your right"),
              "left": ("왼쪽에", "on your left"), "back": ("뒤쪽에", "behind you"),
              "unknown": ("가까이에", "nearby")}
VERTICAL_WORDS = {"elevator": ("엘리베이터를 타고", "Take the elevator to"),
                  "stairs": ("계단으로", "Take the stairs to"),
                  "escalator": ("에스컬레이터로", "Take the escalator to")}


def floor_name(ordinal: int) -> tuple[str, str]:
    if ordinal < 0:
        return f"지하 {-ordinal}층", f"B{-ordinal}"
    return f"{ordinal}층", f"{ordinal}F"


def subject_particle(word: str) -> str:
    """이 after a final consonant, 가 after a vowel (Hangul only; else both)."""
    last = word.rstrip()[-1:] or " "
    if not "\uac00" <= last <= "\ud7a3":
        return "이(가)"
    return "이" if (ord(last) - 0xAC00) % 28 else "가"


def _metres(value: float) -> int:
    return max(1, round(value))


def describe(route: Route, ordinals: dict[int, int], *, facing: float | None,
             destination: tuple[str, str], target: tuple[float, float] | None,
             names: dict | None = None, door: Door | None = None,
             doors: list[Door] = (), door_reach: float = 0.0) -> list[dict]:
    """Steps in the six kiosk languages (ko, en, and those of OTHER_WORDS): walking legs
    with the turn at their start, floor changes, and the side the destination is on.
    `destination` is its Korean and English name, `names` its names in the other
    languages (English where one is missing). `facing` is the kiosk's heading (the visitor
    stands in front of it, looking the same way); after a floor change the heading is
    unknown, so that leg says only how far to go.

    When the route ends at the destination's `door`, the last step also counts it among
    the `doors` (of other units) on the same side along the last straight walk: "오른쪽
    두 번째 사무실". `door_reach` is how far (plan pixels) a door's node may lie from the
    way and still be passed."""
    steps: list[dict] = []
    heading = facing
    walks: list[tuple[int, int]] = []      # first and last edge of each leg since the last ride
    i = 0
    while i < len(route.edges):
        edge = route.edges[i]
        if edge.kind in VERTICAL and route.nodes[i].level_id != route.nodes[i + 1].level_id:
            j = i
            while j + 1 < len(route.edges) and route.edges[j + 1].kind == edge.kind and \
                    route.nodes[j + 1].level_id != route.nodes[j + 2].level_id:
                j += 1
            ko_floor, en_floor = floor_name(ordinals[route.nodes[j + 1].level_id])
            ko, en = VERTICAL_WORDS[edge.kind]
            steps.append({"kind": edge.kind, "level_id": route.nodes[j + 1].level_id,
                          "floor": ordinals[route.nodes[j + 1].level_id],
                          "ko": f"{ko} {ko_floor}{'으로' if edge.kind != 'stairs' else '까지'} 가세요",
                          "en": f"{en} {en_floor}",
                          **other_languages("ride", edge.kind,
                                            floor=ordinals[route.nodes[j + 1].level_id])})
            heading = None
            walks = []
            i = j + 1
            continue
        # One walking leg: edges that keep (roughly) the same direction.
        start = route.nodes[i]
        leg_heading = _heading(start, route.nodes[i + 1])
        length = edge.length_m
        j = i
        while j + 1 < len(route.edges) and route.edges[j + 1].kind not in VERTICAL:
            nxt = _heading(route.nodes[j + 1], route.nodes[j + 2])
            if nxt is not None and leg_heading is not None and \
                    _turn(leg_heading, nxt) != "straight":
                break
            length += route.edges[j + 1].length_m
            j += 1
        turn = _turn(heading, leg_heading) if leg_heading is not None else "unknown"
        ko_turn, en_turn = TURN_WORDS[turn]
        metres = _metres(length)
        after_ride = heading is None and steps and steps[-1]["kind"] in VERTICAL
        ko_start = "내려서 " if after_ride else ""
        steps.append({"kind": "walk", "level_id": start.level_id, "metres": metres,
                      "turn": turn,
                      "ko": f"{ko_start}{ko_turn + ' ' if ko_turn else ''}약 {metres}m 가세요",
                      "en": f"{'Get off and go' if after_ride and turn == 'unknown' else en_turn}"
                            f" about {metres} m",
                      **other_languages("walk", "off" if after_ride else turn, metres=metres)})
        heading = _heading(route.nodes[j], route.nodes[j + 1]) or leg_heading
        walks.append((i, j))
        i = j + 1
    side = "unknown"
    end = route.nodes[-1]
    if door is not None and len(walks) >= 2 and sum(
            e.length_m for e in route.edges[walks[-1][0]:walks[-1][1] + 1]) <= DOOR_REACH_METRES:
        # A door joined to the corridor by a short walkway: the turn into it is part of
        # arriving, and the doors are counted along the walk before it.
        steps.pop()
        walks.pop()
        end = route.nodes[walks[-1][1] + 1]
        heading = _heading(route.nodes[walks[-1][1]], end)
    last_walk = walks[-1] if walks else None
    if door is not None and (abs(door.x - end.x) > 1e-9 or abs(door.y - end.y) > 1e-9):
        target = (door.x, door.y)       # the door's side of the way, not the room's middle
    if target is not None and heading is not None:
        towards = _heading(end, Node(0, end.level_id, target[0], target[1]))
        if towards is not None:
            side = _turn(heading, towards)
    arrive = {"kind": "arrive", "level_id": end.level_id, "side": side}
    if door is not None and last_walk is not None and side in ("right", "left"):
        leg = route.nodes[last_walk[0]:last_walk[1] + 2]
        nth = 1 + sum(1 for other in doors if other.unit_id != door.unit_id
                      and _passed_on(leg, other, door_reach) == side)
        steps.append({**arrive, "nth": nth, **door_words(side, nth, destination, names or {})})
        return steps
    ko_side, en_side = SIDE_WORDS[side]
    steps.append({**arrive,
                  "ko": f"{destination[0]}{subject_particle(destination[0])} {ko_side} 있습니다",
                  "en": f"{destination[1]} is {en_side}",
                  **other_languages("arrive", side, name=names or {}, fallback=destination[1])})
    return steps


def _passed_on(leg: list[Node], door: Door, reach: float) -> str | None:
    """The side ("right" or "left") of a walk along `leg` that `door` is on, if the walk
    passes it: its node lies on the way, or within `reach`, before the way's end. Right
    is where the cross product of the walking direction and the vector from the way to
    the door is positive (y grows downwards)."""
    if door.node.level_id != leg[-1].level_id:
        return None
    travelled = 0.0
    total = sum(math.dist((a.x, a.y), (b.x, b.y)) for a, b in zip(leg, leg[1:]))
    for a, b in zip(leg, leg[1:]):
        dx, dy = b.x - a.x, b.y - a.y
        length = math.hypot(dx, dy)
        if length < 1e-9:
            continue
        along = ((door.node.x - a.x) * dx + (door.node.y - a.y) * dy) / length
        if -1e-9 <= along <= length + 1e-9:
            px, py = a.x + dx * along / length, a.y + dy * along / length
            if math.dist((px, py), (door.node.x, door.node.y)) <= reach + 1e-9 \
                    and travelled + along < total - 1e-6:     # the way's end is the goal
                cross = dx * (door.y - py) - dy * (door.x - px)
                if abs(cross) > 1e-9:
                    return "right" if cross > 0 else "left"
                return None
        travelled += length
    return None


# The other four kiosk languages, with the same structure as the Korean and English above:
# a walking leg by its turn ("off": the first leg after a ride), a ride by its kind, the
# arrival by the side the place is on.
OTHER_WORDS = {
    "zh": {
        "walk": {"straight": "直走约{m}米", "right": "右转，走约{m}米", "left": "左转，走约{m}米",
                 "back": "掉头，走约{m}米", "unknown": "走约{m}米", "off": "出来后走约{m}米"},
        "ride": {"elevator": "乘电梯到{floor}", "stairs": "走楼梯到{floor}",
                 "escalator": "乘自动扶梯到{floor}"},
        "arrive": {"straight": "{name}在正前方", "right": "{name}在右边", "left": "{name}在左边",
                   "back": "{name}在后面", "unknown": "{name}就在附近"},
        "floor": ("{n}楼", "地下{n}楼"),
    },
    "vi": {
        "walk": {"straight": "Đi thẳng khoảng {m} m", "right": "Rẽ phải và đi khoảng {m} m",
                 "left": "Rẽ trái và đi khoảng {m} m", "back": "Quay lại và đi khoảng {m} m",
                 "unknown": "Đi khoảng {m} m", "off": "Ra ngoài và đi khoảng {m} m"},
        "ride": {"elevator": "Đi thang máy đến {floor}", "stairs": "Đi cầu thang bộ đến {floor}",
                 "escalator": "Đi thang cuốn đến {floor}"},
        "arrive": {"straight": "{name} ở phía trước", "right": "{name} ở bên phải",
                   "left": "{name} ở bên trái", "back": "{name} ở phía sau",
                   "unknown": "{name} ở gần đây"},
        "floor": ("tầng {n}", "tầng hầm {n}"),
    },
    "ru": {
        "walk": {"straight": "Идите прямо около {m} м",
                 "right": "Поверните направо и пройдите около {m} м",
                 "left": "Поверните налево и пройдите около {m} м",
                 "back": "Развернитесь и пройдите около {m} м",
                 "unknown": "Пройдите около {m} м", "off": "Выйдите и пройдите около {m} м"},
        "ride": {"elevator": "Поезжайте на лифте на {floor}",
                 "stairs": "Идите по лестнице на {floor}",
                 "escalator": "Поезжайте на эскалаторе на {floor}"},
        "arrive": {"straight": "{name} прямо перед вами", "right": "{name} справа",
                   "left": "{name} слева", "back": "{name} позади вас", "unknown": "{name} рядом"},
        "floor": ("{n}-й этаж", "подземный этаж {n}"),
    },
    "th": {
        "walk": {"straight": "เดินตรงไปประมาณ {m} เมตร", "right": "เลี้ยวขวาแล้วเดินประมาณ {m} เมตร",
                 "left": "เลี้ยวซ้ายแล้วเดินประมาณ {m} เมตร", "back": "กลับหลังแล้วเดินประมาณ {m} เมตร",
                 "unknown": "เดินประมาณ {m} เมตร", "off": "ออกมาแล้วเดินประมาณ {m} เมตร"},
        "ride": {"elevator": "ขึ้นลิฟต์ไป{floor}", "stairs": "ใช้บันไดไป{floor}",
                 "escalator": "ใช้บันไดเลื่อนไป{floor}"},
        "arrive": {"straight": "{name}อยู่ข้างหน้า", "right": "{name}อยู่ทางขวา",
                   "left": "{name}อยู่ทางซ้าย", "back": "{name}อยู่ด้านหลัง",
                   "unknown": "{name}อยู่ใกล้ ๆ"},
        "floor": ("ชั้น {n}", "ชั้นใต้ดิน {n}"),
    },
}


def other_languages(part: str, key: str, *, metres: int = 0, floor: int = 0,
                    name: dict | None = None, fallback: str = "") -> dict:
    """One step's text in zh, vi, ru and th."""
    out = {}
    for lang, words in OTHER_WORDS.items():
        above, below = words["floor"]
        out[lang] = words[part][key].format(
            m=metres, floor=(above if floor >= 0 else below).format(n=abs(floor)),
            name=(name or {}).get(lang) or fallback)
    return out


# The destination counted among the doors on its side: "오른쪽 두 번째 사무실이 건축과입니다".
# Ordinals up to ten in words (in that language's form for "door" or "office"), then digits.
DOOR_WORDS = {
    "ko": {"right": "오른쪽 {nth} 사무실이 {name}입니다", "left": "왼쪽 {nth} 사무실이 {name}입니다"},
    "en": {"right": "{name} is the {nth} door on your right",
           "left": "{name} is the {nth} door on your left"},
    "zh": {"right": "右边{nth}个办公室就是{name}", "left": "左边{nth}个办公室就是{name}"},
    "vi": {"right": "{name} là phòng {nth} bên phải", "left": "{name} là phòng {nth} bên trái"},
    "ru": {"right": "{name} — {nth} дверь справа", "left": "{name} — {nth} дверь слева"},
    "th": {"right": "{name}คือห้อง{nth}ทางขวา", "left": "{name}คือห้อง{nth}ทางซ้าย"},
}
ORDINALS = {
    "ko": (["첫", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉", "열"], "{w} 번째",
           "{n}번째"),
    "en": (["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
            "ninth", "tenth"], "{w}", "{n}th"),       # 11th to 20th; no floor has more
    "zh": (list("一二三四五六七八九十"), "第{w}", "第{n}"),
    "vi": (["đầu tiên", "thứ hai", "thứ ba", "thứ tư", "thứ năm", "thứ sáu", "thứ bảy",
            "thứ tám", "thứ chín", "thứ mười"], "{w}", "thứ {n}"),
    "ru": (["первая", "вторая", "третья", "четвёртая", "пятая", "шестая", "седьмая",
            "восьмая", "девятая", "десятая"], "{w}", "{n}-я"),
    "th": (["แรก", "ที่สอง", "ที่สาม", "ที่สี่", "ที่ห้า", "ที่หก", "ที่เจ็ด", "ที่แปด", "ที่เก้า",
            "ที่สิบ"], "{w}", "ที่ {n} "),
}


def ordinal(lang: str, n: int) -> str:
    words, in_words, in_digits = ORDINALS[lang]
    return in_words.format(w=words[n - 1]) if n <= len(words) else in_digits.format(n=n)


def door_words(side: str, nth: int, destination: tuple[str, str], names: dict) -> dict:
    """The arrival step's text in the six kiosk languages, counting doors."""
    return {lang: templates[side].format(
                nth=ordinal(lang, nth),
                name={"ko": destination[0], "en": destination[1]}.get(lang)
                or names.get(lang) or destination[1])
            for lang, templates in DOOR_WORDS.items()}


RIDE_SHORT = {"elevator": "엘리베이터로", "stairs": "계단으로", "escalator": "에스컬레이터로"}
TURN_SHORT = {"right": "오른쪽", "left": "왼쪽", "back": "뒤"}
TURN_TOWARDS = {"right": "오른쪽으로", "left": "왼쪽으로", "back": "뒤로"}


def summary(steps: list[dict]) -> str:
    """A route in one short Korean line, for a paper ticket: the rides between floors,
    then the first turn on the last floor ("엘리베이터로 3층, 내려서 왼쪽"); on the
    kiosk's own floor, the first turn and how far ("앞으로 가다 오른쪽, 약 26m"). When the
    last step counts doors, that replaces the distance ("엘리베이터로 3층, 내려서 오른쪽 두
    번째 사무실", "앞으로 가다 오른쪽, 왼쪽 첫 번째 사무실")."""
    rides = [i for i, s in enumerate(steps) if s["kind"] in VERTICAL]
    walks = [s for s in steps[rides[-1] + 1 if rides else 0:] if s["kind"] == "walk"]
    turns = [s["turn"] for s in walks if s["turn"] in TURN_SHORT]
    parts = [f"{RIDE_SHORT[steps[i]['kind']]} {floor_name(steps[i]['floor'])[0]}" for i in rides]
    last = steps[-1] if steps else {}
    door = f"{TURN_SHORT[last['side']]} {ordinal('ko', last['nth'])} 사무실" \
        if last.get("nth") else None
    if rides:
        if turns:
            parts.append(f"내려서 {TURN_SHORT[turns[0]]}")
            parts += [door] if door else []
        else:
            parts.append(f"내려서 {door}" if door else "내려서 앞으로")
        return ", ".join(parts)
    metres = sum(s["metres"] for s in walks)
    how_far = door or f"약 {metres}m"
    if not turns:
        return f"앞으로, {door}" if door else f"앞으로 약 {metres}m"
    if walks[0]["turn"] in TURN_SHORT:
        return f"{TURN_TOWARDS[turns[0]]}, {door}" if door else \
            f"{TURN_TOWARDS[turns[0]]} 약 {metres}m"
    return f"앞으로 가다 {TURN_SHORT[turns[0]]}, {how_far}"
