"""Floor plans drawn as SVG, made safe to show: only drawing elements and presentation
attributes on an allow-list are kept. Scripts, event handlers, foreignObject, links,
embedded images, style sheets and every reference outside the file are dropped, and a
file with a DOCTYPE (entities) is refused before parsing.

Served, a plan carries its own font: pages show it as an image, which cannot use the
page's web fonts, so without one its labels would be drawn by the device's fonts (empty
boxes where it has no Korean). `served` adds, after the safe-making, one style sheet of
ours: @font-face rules holding just the characters of the plan's text, as data: URLs."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path

from ..infra import webfonts

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"


def _written(root: ET.Element) -> bytes:
    """The plan as SVG text, with SVG as the default namespace. Prefixes are the whole
    process's: another library (the qrcode package's SVG images) may have named SVG's
    otherwise since, so they are set again each time."""
    ET.register_namespace("", SVG)
    ET.register_namespace("xlink", XLINK)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)

ELEMENTS = {
    "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text",
    "tspan", "title", "desc", "defs", "symbol", "use", "linearGradient", "radialGradient",
    "stop", "clipPath", "marker",
}
ATTRIBUTES = {
    "id", "class", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "width",
    "height", "d", "points", "transform", "viewBox", "preserveAspectRatio", "fill",
    "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity",
    "stroke-linecap", "stroke-linejoin", "stroke-dasharray", "stroke-miterlimit", "opacity",
    "font-family", "font-size", "font-weight", "text-anchor", "dominant-baseline",
    "dx", "dy", "offset", "stop-color", "stop-opacity", "gradientUnits",
    "gradientTransform", "clip-path", "clipPathUnits", "marker-start", "marker-mid",
    "marker-end", "markerWidth", "markerHeight", "refX", "refY", "orient", "version",
    "visibility", "display", "style", "href", f"{{{XLINK}}}href",
}
# url(...) is allowed only to point inside the file (a gradient, a clip path).
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.I)
_DANGEROUS = re.compile(r"javascript:|expression\s*\(|@import|behavior\s*:", re.I)


class UnsafeSvg(ValueError):
    """A file that is not an SVG we can make safe."""


def _local(tag: str) -> tuple[str | None, str]:
    if tag.startswith("{"):
        namespace, name = tag[1:].split("}", 1)
        return namespace, name
    return None, tag


def _clean(element: ET.Element) -> None:
    for child in list(element):
        namespace, name = _local(child.tag) if isinstance(child.tag, str) else (None, "")
        if namespace != SVG or name not in ELEMENTS:
            element.remove(child)
            continue
        _clean(child)
    for attribute, value in list(element.attrib.items()):
        keep = attribute in ATTRIBUTES
        if attribute in ("href", f"{{{XLINK}}}href"):
            keep = value.strip().startswith("#")
        if keep and (_EXTERNAL_URL.search(value) or _DANGEROUS.search(value)):
            keep = False
        if not keep:
            del element.attrib[attribute]


def _parse(data: bytes) -> ET.Element:
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        raise UnsafeSvg("SVG files with a DOCTYPE or entities are refused.")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise UnsafeSvg(f"This SVG cannot be read: {error}.") from None
    if _local(root.tag) != (SVG, "svg"):
        raise UnsafeSvg("This is not an SVG drawing (the root element must be <svg>).")
    return root


def sanitise(data: bytes) -> bytes:
    root = _parse(data)
    _clean(root)
    for attribute in list(root.attrib):   # the root's own handlers too
        if attribute not in ATTRIBUTES:
            del root.attrib[attribute]
    return _written(root)


def size(data: bytes) -> tuple[int, int]:
    """The drawing's width and height in pixels, from width/height or the viewBox."""
    root = ET.fromstring(data)

    def number(value: str | None) -> float | None:
        match = re.match(r"^\s*([0-9.]+)\s*(px)?\s*$", value or "")
        return float(match.group(1)) if match else None

    width, height = number(root.get("width")), number(root.get("height"))
    if width and height:
        return round(width), round(height)
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        try:
            return round(float(box[2])), round(float(box[3]))
        except ValueError:
            pass
    raise UnsafeSvg("Give the SVG a width and height, or a viewBox, in pixels.")


PLAN_FONT = "Sunbeon Plan"


def served(path: Path, node_modules: Path) -> bytes:
    """A saved plan as it is sent: with its font (`with_font`), made once per version of
    the file."""
    stat = path.stat()
    return _served(path, stat.st_mtime_ns, stat.st_size, node_modules)


@lru_cache(maxsize=32)
def _served(path: Path, _mtime_ns: int, _size: int, node_modules: Path) -> bytes:
    data = path.read_bytes()
    try:
        return with_font(data, node_modules)
    except UnsafeSvg:
        return data          # not readable as a plan: sent as it is, as before


def with_font(data: bytes, node_modules: Path) -> bytes:
    """A safe SVG with a style sheet of ours first: a font holding each character of its
    text (from the shipped faces), which every text uses, over any family of the plan's
    own (a generic family stays as the fallback)."""
    root = _parse(data)
    texts = ["".join(text.itertext()) for text in root.iter(f"{{{SVG}}}text")]
    faces = webfonts.embedded_faces(node_modules, texts, PLAN_FONT)
    if not faces:
        return data
    style = ET.Element(f"{{{SVG}}}style")
    style.text = (webfonts.embedded_stylesheet(faces)
                  + f'text,tspan{{font-family:"{PLAN_FONT}",sans-serif!important}}\n')
    root.insert(0, style)
    return _written(root)
