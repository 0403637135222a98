"""Every page builds its elements with the one h() of /static/common/dom.js and finds its
words through the one module /static/common/i18n.js (each surface keeps its own
catalogs). Checked on the scripts of every surface; each check is shown to catch a second
builder or a second loader planted in a copy of the sources."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC_TREES = ("kiosk/static", "display/static", "server/static", "server/staff/static",
                "server/admin/static", "server/visitor/static")
DOM = "server/static/common/dom.js"
I18N = "server/static/common/i18n.js"

RULES = {
    # A function or constant named h: an element builder.
    "a second h() element builder": (DOM, re.compile(
        r"\bfunction\s+h\s*\(|\b(?:const|let|var)\s+h\s*=")),
    # Fetching catalogs, or filling {name} placeholders: an i18n loader of its own.
    "a second i18n loader": (I18N, re.compile(
        r"""['"`]/i18n/|\\\{\(\\w\+\)\\\}""")),
}


def scripts() -> dict[str, str]:
    return {str(path.relative_to(ROOT)): path.read_text("utf-8")
            for tree in STATIC_TREES for path in sorted((ROOT / tree).rglob("*.js"))}


def violations(sources: dict[str, str]) -> list[str]:
    found = []
    for path, text in sources.items():
        for rule, (home, pattern) in RULES.items():
            if path != home and pattern.search(text):
                found.append(f"{path}: {rule}")
        if Path(path).name in ("dom.js", "i18n.js") and path not in (DOM, I18N):
            found.append(f"{path}: a second dom.js or i18n.js")
    return found


def test_every_page_has_one_element_builder_and_one_i18n_module():
    sources = scripts()
    assert DOM in sources and I18N in sources
    assert violations(sources) == []


def test_a_second_builder_or_loader_is_found():
    sources = scripts()
    sources["kiosk/static/planted.js"] = "export function h(tag, props) { return tag; }\n"
    sources["display/static/planted.js"] = "export const h = (tag) => document.createElement(tag);\n"
    sources["server/staff/static/planted.js"] = "const r = await fetch(`/i18n/staff/${lang}.json`);\n"
    sources["server/visitor/static/planted.js"] = (
        "const fill = (text, v) => text.replace(/\\{(\\w+)\\}/g, (_, n) => v[n] ?? '');\n")
    sources["server/admin/static/i18n.js"] = "export const t = (key) => key;\n"
    assert violations(sources) == [
        "kiosk/static/planted.js: a second h() element builder",
        "display/static/planted.js: a second h() element builder",
        "server/staff/static/planted.js: a second i18n loader",
        "server/visitor/static/planted.js: a second i18n loader",
        "server/admin/static/i18n.js: a second dom.js or i18n.js",
    ]


def test_every_surface_imports_the_shared_builder():
    sources = scripts()
    for tree in ("kiosk/static", "display/static", "server/staff/static", "server/admin/static"):
        assert any("/static/common/dom.js" in text for path, text in sources.items()
                   if path.startswith(tree + "/")), tree
