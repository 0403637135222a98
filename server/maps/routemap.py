"""The route map that the kiosk and the visitor's phone both show: for each floor the route
walks on, the plan, the rooms, the way as a line, "you are here" at the kiosk's own place
with an arrow for the way it faces, the destination room filled and named with an
"arrival" tag beside its name, and the amenities as icons with their names.

It is drawn here, once, as SVG in plan coordinates; the pages size it with CSS. Labels are
in the six kiosk languages, one group per language (the page's CSS shows its own), and
each language's labels are laid out so that no two overlap: every label tries positions
around its point in turn and takes the first free one."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from ..infra.store import LANGUAGES

# The narrowest the map is shown: a 360 px phone, inside the ticket card. Its labels are
# at least 14 px there, and so at least 24 px on the kiosk's ~960 px wide map.
NARROWEST_MAP_PX = 286
LABEL_PX_THERE = 14

WORDS = {
    "here": {"ko": "현재 위치", "en": "You are here", "zh": "您在这里", "vi": "Bạn đang ở đây",
             "ru": "Вы здесь", "th": "คุณอยู่ที่นี่"},
    "arrive": {"ko": "도착", "en": "Arrive", "zh": "到达", "vi": "Đến", "ru": "Здесь",
               "th": "ถึง"},
    "map": {"ko": "{floor} 지도: 현재 위치에서 {place}까지의 길",
            "en": "{floor} map: the way to {place}", "zh": "{floor}地图：前往{place}的路线",
            "vi": "Bản đồ {floor}: đường đến {place}", "ru": "Карта, {floor}: путь до «{place}»",
            "th": "แผนที่{floor}: ทางไป{place}"},
    "floor": {"ko": "{n}층", "en": "Floor {n}", "zh": "{n}楼", "vi": "Tầng {n}",
              "ru": "{n} этаж", "th": "ชั้น {n}"},
}
# Amenities' names where the map has none in a language.
AMENITY_WORDS = {
    "elevator": {"ko": "엘리베이터", "en": "Elevator", "zh": "电梯", "vi": "Thang máy",
                 "ru": "Лифт", "th": "ลิฟต์"},
    "stairs": {"ko": "계단", "en": "Stairs", "zh": "楼梯", "vi": "Cầu thang", "ru": "Лестница",
               "th": "บันได"},
    "escalator": {"ko": "에스컬레이터", "en": "Escalator", "zh": "自动扶梯", "vi": "Thang cuốn",
                  "ru": "Эскалатор", "th": "บันไดเลื่อน"},
    "restroom": {"ko": "화장실", "en": "Restrooms", "zh": "洗手间", "vi": "Nhà vệ sinh",
                 "ru": "Туалеты", "th": "ห้องน้ำ"},
    "certificate_machine": {"ko": "무인민원발급기", "en": "Certificate machine",
                            "zh": "自助证明发放机", "vi": "Máy cấp giấy tờ", "ru": "Терминал справок",
                            "th": "ตู้ออกเอกสาร"},
    "exit": {"ko": "출입구", "en": "Entrance", "zh": "出入口", "vi": "Lối ra vào", "ru": "Вход",
             "th": "ทางเข้าออก"},
    "information": {"ko": "안내", "en": "Information", "zh": "问询处", "vi": "Thông tin",
                    "ru": "Справки", "th": "ประชาสัมพันธ์"},
}
# Pictograms on a 24-unit square centred on 0, 0, drawn as strokes.
ICONS = {
    "elevator": "M-7 -9h14v18h-14z M-4 -2l4 -5l4 5z M-4 2l4 5l4 -5z",
    "stairs": "M-9 8h5v-5h5v-5h5v-5h4",
    "escalator": "M-9 8h5l9 -12h4 M-2 -8v3",
    "restroom": "M-5 -8a2 2 0 1 0 0.01 0 M-8 -3h6v6h-1v6h-4v-6h-1z M5 -8a2 2 0 1 0 0.01 0 "
                "M5 -3l4 8h-8z M3 5v4 M7 5v4",
    "certificate_machine": "M-6 -9h12v18h-12z M-3 -5h6 M-3 -1h6 M-3 3h4",
    "exit": "M-8 -9h9v18h-9z M1 0h8 M6 -3l3 3l-3 3",
    "information": "M0 -7v0.5 M0 -2v9 M-2 -2h2 M-2 7h4",
}
PLACE_COLOURS = {"route": "#0b50d0", "here": "#d62d20", "goal": "#ffb300", "ink": "#111"}


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and \
            self.y0 < other.y1 and other.y0 < self.y1

    def within(self, width: float, height: float) -> Box:
        """The box moved the least to lie on the plan."""
        dx = max(0.0, -self.x0) - max(0.0, self.x1 - width)
        dy = max(0.0, -self.y0) - max(0.0, self.y1 - height)
        return Box(self.x0 + dx, self.y0 + dy, self.x1 + dx, self.y1 + dy)

    def touches_line(self, a: tuple, b: tuple, step: float) -> bool:
        """Whether the segment a-b passes through the box (sampled every `step`)."""
        count = max(1, math.ceil(math.dist(a, b) / step))
        return any(self.x0 <= a[0] + (b[0] - a[0]) * i / count <= self.x1 and
                   self.y0 <= a[1] + (b[1] - a[1]) * i / count <= self.y1
                   for i in range(count + 1))


def text_width(text: str, size: float) -> float:
    """A generous estimate of a bold line's width, so that the box drawn around it holds
    it in any of the kiosk's fonts (the browser test measures the real text)."""
    width = 0.0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) == "Mn":
            continue
        wide = unicodedata.east_asian_width(char) in ("W", "F")
        width += (1.0 if wide else 0.32 if char == " " else 0.74 if char.isupper()
                  else 0.68 if "\u0e00" <= char <= "\u0e7f" else 0.64)
    return width * size


def wrap(text: str, size: float, limit: float) -> list[str]:
    """Lines no wider than `limit`: broken between words, or anywhere in a long word."""
    lines: list[str] = []
    for word in text.split():
        line = f"{lines[-1]} {word}" if lines else word
        if lines and text_width(line, size) <= limit:
            lines[-1] = line
            continue
        while text_width(word, size) > limit and len(word) > 1:
            cut = 1
            while cut < len(word) and text_width(word[:cut + 1], size) <= limit:
                cut += 1
            lines.append(word[:cut])
            word = word[cut:]
        lines.append(word)
    return lines or [""]


@dataclass
class Label:
    kind: str                 # goal, here, amenity
    lines: list[str]
    anchor: tuple[float, float]
    clear: tuple[float, float]    # how far from the anchor the box keeps, across and down
    size: float
    tag: str = ""             # "arrival", drawn above the name
    centred_first: bool = False   # the goal's name sits in its room when it fits
    rings: int = 4            # how far out it may go (an amenity's name stays by its icon)
    box: Box | None = None

    @property
    def pad(self) -> float:
        return self.size * 0.25

    def tag_width(self) -> float:
        return text_width(self.tag, self.size) + 2 * self.pad if self.tag else 0.0

    def rows(self) -> int:
        return len(self.lines) + (1 if self.tag else 0)

    def extent(self) -> tuple[float, float]:
        lines = max(text_width(line, self.size) for line in self.lines)
        return (max(self.tag_width(), lines) + 2 * self.pad,
                self.rows() * self.size * 1.25 + 2 * self.pad)

    def candidates(self) -> list[Box]:
        """Positions around the anchor, nearest first: right, left, above, below, the
        corners, then the same a step further out."""
        width, height = self.extent()
        x, y = self.anchor
        boxes = [Box(x - width / 2, y - height / 2, x + width / 2, y + height / 2)] \
            if self.centred_first else []
        for ring in range(self.rings):
            dx = self.clear[0] + self.size * (0.3 + 1.2 * ring)
            dy = self.clear[1] + self.size * (0.3 + 1.2 * ring)
            for cx, cy in ((x + dx + width / 2, y), (x - dx - width / 2, y),
                           (x, y - dy - height / 2), (x, y + dy + height / 2),
                           (x + dx + width / 2, y - dy - height / 2),
                           (x - dx - width / 2, y - dy - height / 2),
                           (x + dx + width / 2, y + dy + height / 2),
                           (x - dx - width / 2, y + dy + height / 2)):
                boxes.append(Box(cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2))
        return boxes


def place_labels(labels: list[Label], marks: list[Box], path: list[tuple], width: float,
                 height: float, goal_area: Box | None = None) -> list[Label]:
    """Each label at the first of its positions that stays on the plan and overlaps no
    label placed before it nor any mark, nor (but the goal's own) the goal's room; first
    also off the route's line. Labels of kind goal and here are always placed (where they
    overlap least, when nothing is free); an amenity's label that finds no place is left
    out (its icon stays)."""
    placed: list[Label] = []
    for label in labels:
        options = list(dict.fromkeys(b.within(width, height) for b in label.candidates()))
        taken = [other.box for other in placed] + marks + \
            ([goal_area] if goal_area and label.kind != "goal" else [])

        def free(box: Box, off_line: bool) -> bool:
            if any(box.overlaps(other) for other in taken):
                return False
            return not off_line or not any(box.touches_line(a, b, label.size / 3)
                                           for a, b in zip(path, path[1:]))

        label.box = next((b for b in options if free(b, True)), None) or \
            next((b for b in options if free(b, False)), None)
        if label.box is None and label.kind != "amenity":
            label.box = min(options, key=lambda b: sum(_overlap(b, o) for o in taken))
        if label.box is not None:
            placed.append(label)
    return placed


def _overlap(a: Box, b: Box) -> float:
    return max(0.0, min(a.x1, b.x1) - max(a.x0, b.x0)) * \
        max(0.0, min(a.y1, b.y1) - max(a.y0, b.y0))


def walked_levels(route: dict) -> list[int]:
    """The levels the route walks on, in its order: where two of its points follow each
    other on the same level, and the start's and the goal's. A floor the lift or the
    stairs only pass is not among them."""
    path = route["path"]
    walked = {a["level_id"] for a, b in zip(path, path[1:]) if a["level_id"] == b["level_id"]}
    walked |= {route["from"]["level_id"], route["to"]["level_id"]}
    return [level for level in dict.fromkeys(p["level_id"] for p in path) if level in walked]


def _words(table: dict, lang: str, **values) -> str:
    text = table.get(lang) or table["en"]
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def _named(names: dict, lang: str) -> str:
    return names.get(lang) or names.get("en") or names.get("ko") or ""


def draw(site_map: dict, route: dict, goal_names: dict) -> list[dict]:
    """One drawing per floor walked on, in route order: {level_id, floor, label (the
    map's name for screen readers, per language), svg}."""
    levels = {level["id"]: level for level in site_map["levels"]}
    return [_floor(site_map, levels[level_id], route, goal_names)
            for level_id in walked_levels(route) if level_id in levels]


def _floor(site_map: dict, level: dict, route: dict, goal_names: dict) -> dict:
    width, height = level["width"] or 1000, level["height"] or 600
    size = math.ceil(width * LABEL_PX_THERE / NARROWEST_MAP_PX)
    start, goal = route["from"], route["to"]
    path = [(p["x"], p["y"]) for p in route["path"] if p["level_id"] == level["id"]]
    features = [f for f in site_map["features"] if f["level_id"] == level["id"]]
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'class="route-drawing" data-floor="{level["ordinal"]}" '
           f'font-weight="700" role="img">']
    if level.get("image"):
        out.append(f'<image href={quoteattr(level["image"])} x="0" y="0" width="{width}" '
                   f'height="{height}" preserveAspectRatio="none"/>')
    else:
        out.append(_blank_plan(width, height))
    marks: list[Box] = []
    for unit in (f for f in features if f["feature_type"] == "unit" and f.get("outline")):
        points = " ".join(f"{x:g},{y:g}" for x, y in unit["outline"])
        if unit["id"] == goal["id"]:
            out.append(f'<polygon class="route-goal" points="{points}" fill="{PLACE_COLOURS["goal"]}" '
                       f'fill-opacity="0.6" stroke="{PLACE_COLOURS["ink"]}" '
                       f'stroke-width="{size * 0.15:g}"/>')
        else:
            out.append(f'<polygon class="route-unit" points="{points}" fill="none" '
                       f'stroke="#5b6670" stroke-width="{size * 0.06:g}"/>')
    goal_here = goal["level_id"] == level["id"]
    if goal_here and not goal.get("outline"):       # no outline: a filled spot instead
        out.append(f'<circle class="route-goal" cx="{goal["x"]:g}" cy="{goal["y"]:g}" '
                   f'r="{size * 0.9:g}" fill="{PLACE_COLOURS["goal"]}" stroke="{PLACE_COLOURS["ink"]}" '
                   f'stroke-width="{size * 0.12:g}"/>')
    if len(path) > 1:
        line = " ".join(f"{x:g},{y:g}" for x, y in path)
        for css, colour, stroke in (("route-line-casing", "#fff", 0.5), ("route-line",
                                                                         PLACE_COLOURS["route"], 0.3)):
            out.append(f'<polyline class="{css}" points="{line}" fill="none" stroke="{colour}" '
                       f'stroke-width="{size * stroke:g}" stroke-linecap="round" '
                       'stroke-linejoin="round"/>')
    if path and goal_here:                          # where the walk ends: the door
        x, y = path[-1]
        radius = size * 0.35
        out.append(f'<circle class="route-end" cx="{x:g}" cy="{y:g}" r="{radius:g}" '
                   f'fill="{PLACE_COLOURS["route"]}" stroke="#fff" stroke-width="{size * 0.1:g}"/>')
        marks.append(Box(x - radius, y - radius, x + radius, y + radius))
    amenities = [f for f in features if f["feature_type"] == "amenity" and f["x"] is not None]
    icon_radius = size * 0.6
    spots = {}              # each icon's centre, on the plan whole (an entrance sits on its edge)
    for amenity in amenities:
        x = min(max(amenity["x"], icon_radius), width - icon_radius)
        y = min(max(amenity["y"], icon_radius), height - icon_radius)
        spots[amenity["id"]] = (x, y)
        scale = icon_radius * 1.5 / 24
        out.append(f'<g class="route-amenity" data-category="{escape(amenity["category"])}">'
                   f'<circle cx="{x:g}" cy="{y:g}" r="{icon_radius:g}" fill="#fff" '
                   f'stroke="{PLACE_COLOURS["ink"]}" stroke-width="{size * 0.08:g}"/>'
                   f'<path d="{ICONS.get(amenity["category"], ICONS["information"])}" '
                   f'transform="translate({x:g} {y:g}) scale({scale:.3f})" fill="none" '
                   f'stroke="{PLACE_COLOURS["ink"]}" stroke-width="{2.2:g}" '
                   'stroke-linecap="round" stroke-linejoin="round"/></g>')
        marks.append(Box(x - icon_radius, y - icon_radius, x + icon_radius, y + icon_radius))
    start_here = start["level_id"] == level["id"] and start.get("x") is not None
    here_radius = size * 0.45
    if start_here:
        x, y = start["x"], start["y"]
        facing = start.get("facing")
        if facing is not None:      # the way the visitor faces, standing at the kiosk
            out.append(f'<polygon class="route-facing" points="{x:g},{y - here_radius * 2.6:g} '
                       f'{x - here_radius * 0.9:g},{y - here_radius * 0.6:g} '
                       f'{x + here_radius * 0.9:g},{y - here_radius * 0.6:g}" '
                       f'transform="rotate({facing:g} {x:g} {y:g})" fill="{PLACE_COLOURS["here"]}" '
                       f'stroke="#fff" stroke-width="{size * 0.06:g}"/>')
        out.append(f'<circle class="route-here" cx="{x:g}" cy="{y:g}" r="{here_radius:g}" '
                   f'fill="{PLACE_COLOURS["here"]}" stroke="#fff" stroke-width="{size * 0.12:g}"/>')
        reach = here_radius * (2.6 if facing is not None else 1)
        marks.append(Box(x - reach, y - reach, x + reach, y + reach))
    goal_area = None
    if goal_here:
        walls = goal.get("outline") or [[goal["x"] - size, goal["y"] - size],
                                        [goal["x"] + size, goal["y"] + size]]
        goal_area = Box(min(x for x, _ in walls), min(y for _, y in walls),
                        max(x for x, _ in walls), max(y for _, y in walls))
    for lang in LANGUAGES:
        labels = []
        if goal_area:
            # The name in its room (the "arrival" tag above it), else just outside.
            room = goal_area.x1 - goal_area.x0, goal_area.y1 - goal_area.y0
            labels.append(Label("goal", wrap(_named(goal_names, lang), size,
                                             max(room[0] - size, width * 0.4)),
                                ((goal_area.x0 + goal_area.x1) / 2,
                                 (goal_area.y0 + goal_area.y1) / 2),
                                (room[0] / 2, room[1] / 2), size,
                                tag=_words(WORDS["arrive"], lang), centred_first=True))
        if start_here:
            labels.append(Label("here", [_words(WORDS["here"], lang)], (start["x"], start["y"]),
                                (here_radius * 1.2,) * 2, size))
        for amenity in _by_nearness(amenities, path):
            # Its own name in this language, else the word for its kind, else its name.
            name = amenity["names"].get(lang) or AMENITY_WORDS.get(
                amenity["category"], {}).get(lang) or _named(amenity["names"], lang)
            if name:
                labels.append(Label("amenity", wrap(name, size, width * 0.3),
                                    spots[amenity["id"]], (icon_radius,) * 2, size,
                                    rings=2))
        out.append(f'<g class="route-labels" data-lang="{lang}" lang="{lang}">')
        out.extend(_label_svg(label) for label in place_labels(labels, marks, path, width,
                                                               height, goal_area))
        out.append("</g>")
    out.append("</svg>")
    floor = {lang: _words(WORDS["floor"], lang, n=level["ordinal"]) for lang in LANGUAGES}
    return {"level_id": level["id"], "floor": level["ordinal"], "floor_name": floor,
            "label": {lang: _words(WORDS["map"], lang, floor=floor[lang],
                                   place=_named(goal_names, lang)) for lang in LANGUAGES},
            "svg": "".join(out)}


def _by_nearness(amenities: list[dict], path: list[tuple]) -> list[dict]:
    """The amenities the way passes first (the lift it takes), so they keep their names
    when the plan is crowded."""
    if not path:
        return amenities
    return sorted(amenities, key=lambda a: min(math.dist((a["x"], a["y"]), p) for p in path))


def _label_svg(label: Label) -> str:
    box, size, pad = label.box, label.size, label.pad
    parts = [f'<g class="route-label route-label-{label.kind}">',
             f'<rect class="route-label-box" x="{box.x0:.1f}" y="{box.y0:.1f}" '
             f'width="{box.x1 - box.x0:.1f}" height="{box.y1 - box.y0:.1f}" rx="{pad:.1f}" '
             f'fill="#fff" stroke="{PLACE_COLOURS["ink"]}" stroke-width="{size * 0.06:.1f}"/>']
    middle = (box.x0 + box.x1) / 2
    rows = list(label.lines)
    if label.tag:       # the "arrival" tag: white on black, a row of its own above the name
        tag_width, row = label.tag_width(), size * 1.25
        parts.append(f'<rect class="route-tag" x="{middle - tag_width / 2:.1f}" '
                     f'y="{box.y0 + pad + size * 0.05:.1f}" width="{tag_width:.1f}" '
                     f'height="{row - size * 0.1:.1f}" rx="{pad * 0.6:.1f}" '
                     f'fill="{PLACE_COLOURS["ink"]}"/>'
                     f'<text class="route-tag-text" x="{middle:.1f}" y="{box.y0 + pad + row / 2:.1f}" '
                     f'font-size="{size:g}" text-anchor="middle" dominant-baseline="central" '
                     f'fill="#fff">{escape(label.tag)}</text>')
        rows.insert(0, None)
    for i, line in enumerate(rows):
        if line is None:
            continue
        y = box.y0 + pad + size * 1.25 * (i + 0.5)
        parts.append(f'<text class="route-label-text" x="{middle:.1f}" y="{y:.1f}" '
                     f'font-size="{size:g}" text-anchor="middle" dominant-baseline="central" '
                     f'fill="{PLACE_COLOURS["ink"]}">{escape(line)}</text>')
    parts.append("</g>")
    return "".join(parts)


def _blank_plan(width, height) -> str:
    return f'<rect class="route-plan" width="{width}" height="{height}" fill="#fafaf7"/>'


PLAN_IMAGE = re.compile(r'<image href=(?:"[^"]*"|\'[^\']*\') x="0" y="0" width="([^"]*)" '
                        r'height="([^"]*)" preserveAspectRatio="none"/>')


def without_plan_image(svg: str) -> str:
    """A floor's drawing (from _floor) on the blank plan instead of the floor plan's image:
    the image is a file of this server (/media/plans), which a page served elsewhere (the
    public relay) cannot load and which does not leave it."""
    return PLAN_IMAGE.sub(lambda m: _blank_plan(m.group(1), m.group(2)), svg)
