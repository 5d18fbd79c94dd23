"""The architecture, checked: no import circles anywhere in reader/ (imports inside functions
included), every import goes downwards, modules stay small and folders stay short.

Layers, top to bottom (a module may import its own room and anything below it):
- reader: __main__ > cli > app > ui > core (``reader`` alone opens the window through app);
- within ui: window > dialogs > panels > reading > work, over theme.py, compat.py and wording.py;
- within core: library > ingest, export, xref (three rooms that never import one another)
  > search, highlights > the ground floor (errors, paths, locking, gcpause, model, links,
  schema, store, index, anchoring, corrections/, text/, importers/).
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PKG = REPO / "reader"
MAX_LINES = 400
MAX_MODULES = 15
# Modules allowed over MAX_LINES, each with its reason (none today).
LONG_MODULES: dict[str, str] = {}


def _name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_name(p): p for p in PKG.rglob("*.py") if "__pycache__" not in p.parts}


def _unresolved(mods: dict[str, Path]) -> list[str]:
    """Imports of ``reader...`` names that are no module of reader/ (an import inside a function
    fails only when it runs: a moved module would break one command and nothing else)."""
    bad = []
    for mod, path in mods.items():
        package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("reader"):
                name = node.module
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names if a.name.startswith("reader")]
                bad += [f"{mod}: {n}" for n in names if n not in mods]
                continue
            else:
                continue
            if name not in mods:
                bad.append(f"{mod}: {name}")
    return sorted(bad)


def _imports(mods: dict[str, Path]) -> dict[str, set[str]]:
    """Module → the modules of reader/ it imports (module level and inside functions)."""
    graph = {}
    for mod, path in mods.items():
        package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[:len(package.split(".")) - node.level + 1]
                    stem = ".".join(base + ([node.module] if node.module else []))
                else:
                    stem = node.module or ""
                targets = [f"{stem}.{a.name}" if f"{stem}.{a.name}" in mods else stem
                           for a in node.names]
            else:
                continue
            for t in targets:
                while t and t not in mods and "." in t:
                    t = t.rpartition(".")[0]
                if t in mods and t != mod:
                    found.add(t)
        graph[mod] = found
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on.add(root)
        while work:
            v, children = work[-1]
            for w in children:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(graph[w]))))
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on.discard(w)
                        comp.append(w)
                        if w == v:
                            break
                    if len(comp) > 1:
                        out.append(sorted(comp))
    return out


TOP = {"reader.__main__": 5, "reader.cli": 4, "reader.app": 3, "reader.ui": 2, "reader.core": 1}
UI_ROOMS = {"window": 5, "dialogs": 4, "panels": 3, "reading": 2, "work": 1}
CORE = {"library": 4, "ingest": 3, "export": 3, "xref": 3, "search": 2, "highlights": 2,
        "stories": 2}


def _place(mod: str) -> tuple:
    """(top layer, layer within it, room): an import may go to a lower place, or stay in its
    room."""
    parts = mod.split(".")
    if mod == "reader":
        return (0, 0, "reader")
    top = ".".join(parts[:2])
    level = TOP[top]
    if top == "reader.ui" and len(parts) > 2:
        room = parts[2]
        return (level, UI_ROOMS.get(room, 0), room)   # theme, compat: the ground floor
    if top == "reader.core" and len(parts) > 2:
        room = parts[2]
        return (level, CORE.get(room, 1), room if room in CORE else "ground")
    return (level, 0, top)


def _upward(graph: dict[str, set[str]]) -> list[str]:
    bad = []
    for mod, deps in graph.items():
        here = _place(mod)
        for dep in deps:
            there = _place(dep)
            if dep == "reader" or mod in ("reader", "reader.ui", "reader.core"):
                continue
            same_room = here[0] == there[0] and here[2] == there[2]
            if not same_room and there[:2] >= here[:2]:
                bad.append(f"{mod} -> {dep}")
    return sorted(bad)


def test_the_import_graph_is_read():
    graph = _imports(_modules())
    assert "reader.core.store" in graph["reader.core.ingest"]
    assert "reader.core.library" in graph["reader.cli"]      # imported inside a function
    assert "reader.core.xref.pairs.scorer" in graph["reader.core.xref.pairs"]


def test_every_import_of_reader_names_a_module():
    assert _unresolved(_modules()) == []


def test_no_import_circles():
    assert _cycles(_imports(_modules())) == []


def test_a_circle_would_be_found():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_every_import_goes_downwards():
    assert _upward(_imports(_modules())) == []


def test_an_upward_import_would_be_found():
    graph = {"reader.core.store": {"reader.core.highlights"},
             "reader.core.export.collect": {"reader.core.xref.engine"},
             "reader.core.highlights": {"reader.core.store"},
             "reader.core.xref.engine": {"reader.core.xref.linking"}}
    assert _upward(graph) == ["reader.core.export.collect -> reader.core.xref.engine",
                              "reader.core.store -> reader.core.highlights"]


def test_every_module_has_a_place():
    mods = _modules()
    for mod in mods:
        parts = mod.split(".")
        assert mod == "reader" or ".".join(parts[:2]) in TOP, mod
    # the window code lives in its rooms; only theme, compat and wording sit beside them
    strays = {m for m in mods if m.count(".") == 2 and m.startswith("reader.ui.")
              and m.rpartition(".")[2] not in UI_ROOMS} - {"reader.ui.theme", "reader.ui.compat",
                                                          "reader.ui.wording"}
    assert strays == set()
    assert {m.split(".")[2] for m in mods if m.startswith("reader.ui.")} >= set(UI_ROOMS)


def test_an_upward_import_in_the_window_code_would_be_found():
    graph = {"reader.ui.reading.pane": {"reader.ui.panels.links_panel", "reader.ui.theme"},
             "reader.ui.panels.links_panel": {"reader.ui.reading.linkindex"},
             "reader.ui.theme": {"reader.ui.window.actions"},
             "reader.core.links": {"reader.ui.theme"}}
    assert _upward(graph) == ["reader.core.links -> reader.ui.theme",
                              "reader.ui.reading.pane -> reader.ui.panels.links_panel",
                              "reader.ui.theme -> reader.ui.window.actions"]


def test_modules_are_small():
    sizes = {_name(p): len(p.read_text(encoding="utf-8").splitlines())
             for p in PKG.rglob("*.py") if "__pycache__" not in p.parts}
    over = {m: n for m, n in sizes.items() if n > MAX_LINES and m not in LONG_MODULES}
    assert over == {}


def test_folders_are_short():
    counts = {str(d.relative_to(REPO)): len(list(d.glob("*.py")))
              for d in [PKG, *PKG.rglob("*")] if d.is_dir() and d.name != "__pycache__"}
    assert {d: n for d, n in counts.items() if n > MAX_MODULES} == {}
