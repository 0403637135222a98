"""The import rules of docs/architecture.md, checked on the source: the arrows that must
never exist between the parts of the server and between the screens' scripts.

Each rule is checked on the real tree, and each is shown to catch a violation planted in
a copy of the tree's sources, so a rule that can no longer fail does not pass unnoticed.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

WEB = {"flask", "flask_socketio", "socketio", "engineio", "werkzeug"}
# Parts that hold rules and data but never serve HTTP or sockets.
DOMAIN = ("server.queue", "server.maps", "server.printing", "server.reports")
WIRING = ("server.app", "server.cli", "server.wsgi", "server.realtime", "server.pages",
          "server.api")
# What the engine and the storage layer may import from the server (besides themselves).
VOCABULARY = ("server.refusal", "server.events", "server.audiences")
ENGINE_MAY_IMPORT = ("server.queue", "server.infra") + VOCABULARY
INFRA_MAY_IMPORT = ("server.infra",) + VOCABULARY
NOT_FROM_ENGINE = ("server.printing",) + WIRING

# The screens' scripts: each surface's own folder, and what every surface may share.
SURFACES = {
    "kiosk": ("kiosk/static", "/kiosk/static/"),
    "display": ("display/static", "/display/static/"),
    "staff": ("server/staff/static", "/staff/static/"),
    "admin": ("server/admin/static", "/admin/static/"),
    "visitor": ("server/visitor/static", "/visitor/static/"),
}
SHARED_URLS = ("/static/common/", "/vendor/")


# ---- the Python side ---------------------------------------------------------------------

def python_sources() -> dict[str, tuple[str, bool]]:
    """module name: (source, is a package)"""
    sources = {}
    for path in (ROOT / "server").rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        package = parts[-1] == "__init__"
        if package:
            parts = parts[:-1]
        sources[".".join(parts)] = (path.read_text(), package)
    return sources


def _type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imports_of(name: str, source: str, package: bool, modules) -> set[str]:
    """Every module `name` imports, at the top or inside a function (an import hidden in a
    function still ties the two parts together), but not for type checking alone."""
    base = name if package else name.rsplit(".", 1)[0]
    found: set[str] = set()

    def known(module: str) -> str:
        while module not in modules and "." in module:
            module = module.rsplit(".", 1)[0]
        return module

    def visit(node: ast.AST) -> None:
        if _type_checking_only(node):
            return
        if isinstance(node, ast.ImportFrom):
            if node.level:
                parts = base.split(".")
                parts = parts[: len(parts) - (node.level - 1)]
                module = ".".join(parts + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                sub = f"{module}.{alias.name}"
                found.add(sub if sub in modules else (known(module) if module.startswith("server")
                                                       else module))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                found.add(known(alias.name) if alias.name.startswith("server") else alias.name)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(source))
    found.discard(name)
    return found


def graph(sources) -> dict[str, set[str]]:
    return {name: imports_of(name, source, package, sources)
            for name, (source, package) in sources.items()}


def within(module: str, parts) -> bool:
    return any(module == p or module.startswith(p + ".") for p in parts)


def package_of(module: str) -> str:
    return ".".join(module.split(".")[:2])


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in edges:
                continue
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            connect(v)
    return found


def python_violations(sources) -> list[str]:
    edges = graph(sources)
    found = []
    for name, imported in sorted(edges.items()):
        for target in sorted(imported):
            top = target.split(".")[0]
            if within(name, DOMAIN + ("server.infra",)) and top in WEB:
                found.append(f"{name} imports {target}: rules and storage never serve the web")
            if within(name, ("server.queue",)) and target.startswith("server.") \
                    and not within(target, ENGINE_MAY_IMPORT):
                found.append(f"{name} imports {target}: the engine builds only on storage")
            if within(name, ("server.queue",)) and within(target, NOT_FROM_ENGINE):
                found.append(f"{name} imports {target}: the engine knows no printer or wiring")
            if within(name, ("server.infra",)) and target.startswith("server.") \
                    and not within(target, INFRA_MAY_IMPORT):
                found.append(f"{name} imports {target}: storage holds no rules")
            if not within(name, WIRING) and within(target, WIRING):
                found.append(f"{name} imports {target}: only wiring imports wiring")
    for component in cycles(edges):
        found.append("import circle: " + " -> ".join(component))
    packages: dict[str, set[str]] = {}
    for name, imported in edges.items():
        for target in imported:
            if target.startswith("server.") and package_of(target) != package_of(name):
                packages.setdefault(package_of(name), set()).add(package_of(target))
    for component in cycles(packages):
        found.append("circle between parts: " + " -> ".join(component))
    return found


# ---- the screens' scripts --------------------------------------------------------------

IMPORT = re.compile(r"""(?:^|\s)(?:import|export)\s[^;'"]*?from\s*['"]([^'"]+)['"]"""
                    r"""|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]""", re.M)


def script_sources() -> dict[str, str]:
    """path relative to the repository: source, for every surface's scripts."""
    return {str(path.relative_to(ROOT)): path.read_text()
            for folder, _ in SURFACES.values() for path in (ROOT / folder).rglob("*.js")}


def script_violations(scripts: dict[str, str]) -> list[str]:
    found = []
    for path, source in sorted(scripts.items()):
        surface = next(name for name, (folder, _) in SURFACES.items()
                       if path.startswith(folder + "/"))
        folder, url = SURFACES[surface]
        for match in IMPORT.finditer(source):
            spec = next(group for group in match.groups() if group)
            if spec.startswith(SHARED_URLS) or spec.startswith(url):
                continue
            if spec.startswith("."):
                target = (ROOT / path).parent.joinpath(spec).resolve()
                if (ROOT / folder).resolve() in target.parents:
                    continue
            found.append(f"{path} imports {spec}: a screen uses its own scripts and the "
                         "shared ones (/static/common/), never another screen's")
    return found


# ---- the rules hold on the tree --------------------------------------------------------

def test_the_server_keeps_its_import_rules():
    assert python_violations(python_sources()) == []


def test_no_screen_imports_another_screens_scripts():
    scripts = script_sources()
    assert len(scripts) > 30  # the surfaces were found
    assert script_violations(scripts) == []


# ---- and each rule catches what it forbids ---------------------------------------------

PLANTED = [
    ("server.queue.planted", "from flask import request\n", "never serve the web"),
    ("server.queue.planted", "from ..printing import jobs\n", "knows no printer"),
    ("server.queue.planted", "def later():\n    from ..staff import desk\n", "only on storage"),
    ("server.infra.planted", "from ..queue import engine\n", "storage holds no rules"),
    ("server.staff.planted", "from ..api import routes\n", "only wiring imports wiring"),
    ("server.infra.storage_faults", "from .store import Store\n", "import circle"),
    ("server.maps.planted", "from ..admin import config\n", "circle between parts"),
]


@pytest.mark.parametrize("module, source, rule", PLANTED, ids=[p[2] for p in PLANTED])
def test_a_planted_forbidden_import_is_found(module, source, rule):
    sources = python_sources()
    before = set(python_violations(sources))
    sources[module] = (sources.get(module, ("", False))[0] + source, False)
    assert any(rule in v for v in set(python_violations(sources)) - before)


def test_imports_for_type_checking_alone_tie_nothing():
    sources = python_sources()
    before = python_violations(sources)
    sources["server.infra.planted"] = (
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..queue import engine\n",
        False)
    assert python_violations(sources) == before


def test_a_screen_importing_another_screens_script_is_found():
    scripts = script_sources()
    scripts["display/static/planted.js"] = "import { t } from '../../kiosk/static/i18n.js';\n"
    scripts["server/staff/static/planted.js"] = "import { h } from '/admin/static/form.js';\n"
    found = script_violations(scripts)
    assert [v.split(" imports ")[0] for v in found] == ["display/static/planted.js",
                                                        "server/staff/static/planted.js"]
