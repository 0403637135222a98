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
             destination: tuple[str, str], target: tuple[float, float] | None) -> list[dict]:
    """Steps in Korean and English: walking legs with the turn at their start, floor
    changes, and the side the destination is on. `facing` is the kiosk's heading (the
    visitor stands in front of it, looking the same way); after a floor change the
    heading is unknown, so that leg says only how far to go."""
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
                          "ko": f"{ko} {ko_floor}{'으로' if edge.kind != 'stairs' else '까지'} 가세요",
                          "en": f"{en} {en_floor}"})
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
                      "ko": f"{ko_start}{ko_turn + ' ' if ko_turn else ''}약 {metres}m 가세요",
                      "en": f"{'Get off and go' if after_ride and turn == 'unknown' else en_turn}"
                            f" about {metres} m"})
        heading = _heading(route.nodes[j], route.nodes[j + 1]) or leg_heading
        i = j + 1
    side = "unknown"
    if target is not None and heading is not None:
        end = route.nodes[-1]
        towards = _heading(end, Node(0, end.level_id, target[0], target[1]))
        if towards is not None:
            side = _turn(heading, towards)
    ko_side, en_side = SIDE_WORDS[side]
    steps.append({"kind": "arrive", "level_id": route.nodes[-1].level_id,
                  "ko": f"{destination[0]}{subject_particle(destination[0])} {ko_side} 있습니다",
                  "en": f"{destination[1]} is {en_side}"})
    return steps
