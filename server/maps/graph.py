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
             names: dict | None = None) -> list[dict]:
    """Steps in the six kiosk languages (ko, en, and those of OTHER_WORDS): walking legs
    with the turn at their start, floor changes, and the side the destination is on.
    `destination` is its Korean and English name, `names` its names in the other
    languages (English where one is missing). `facing` is the kiosk's heading (the visitor
    stands in front of it, looking the same way); after a floor change the heading is
    unknown, so that leg says only how far to go."""
    steps: list[dict] = []
    heading = facing
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
        i = j + 1
    side = "unknown"
    if target is not None and heading is not None:
        end = route.nodes[-1]
        towards = _heading(end, Node(0, end.level_id, target[0], target[1]))
        if towards is not None:
            side = _turn(heading, towards)
    ko_side, en_side = SIDE_WORDS[side]
    steps.append({"kind": "arrive", "level_id": route.nodes[-1].level_id, "side": side,
                  "ko": f"{destination[0]}{subject_particle(destination[0])} {ko_side} 있습니다",
                  "en": f"{destination[1]} is {en_side}",
                  **other_languages("arrive", side, name=names or {}, fallback=destination[1])})
    return steps


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


RIDE_SHORT = {"elevator": "엘리베이터로", "stairs": "계단으로", "escalator": "에스컬레이터로"}
TURN_SHORT = {"right": "오른쪽", "left": "왼쪽", "back": "뒤"}
TURN_TOWARDS = {"right": "오른쪽으로", "left": "왼쪽으로", "back": "뒤로"}


def summary(steps: list[dict]) -> str:
    """A route in one short Korean line, for a paper ticket: the rides between floors,
    then the first turn on the last floor ("엘리베이터로 3층, 내려서 왼쪽"); on the
    kiosk's own floor, the first turn and how far ("앞으로 가다 오른쪽, 약 26m")."""
    rides = [i for i, s in enumerate(steps) if s["kind"] in VERTICAL]
    walks = [s for s in steps[rides[-1] + 1 if rides else 0:] if s["kind"] == "walk"]
    turns = [s["turn"] for s in walks if s["turn"] in TURN_SHORT]
    parts = [f"{RIDE_SHORT[steps[i]['kind']]} {floor_name(steps[i]['floor'])[0]}" for i in rides]
    if rides:
        parts.append(f"내려서 {TURN_SHORT[turns[0]]}" if turns else "내려서 앞으로")
        return ", ".join(parts)
    metres = sum(s["metres"] for s in walks)
    if not turns:
        return f"앞으로 약 {metres}m"
    if walks[0]["turn"] in TURN_SHORT:
        return f"{TURN_TOWARDS[turns[0]]} 약 {metres}m"
    return f"앞으로 가다 {TURN_SHORT[turns[0]]}, 약 {metres}m"
