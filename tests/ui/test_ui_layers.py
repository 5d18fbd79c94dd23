"""The rooms of reader/ui and the order between them. From the top floor down: window >
dialogs > panels > reading > work; a module imports only from its own room and the rooms
below it, theme and compat (the ground floor, at the top of reader/ui) import no room, and
nothing in reader/ui imports reader.app or the CLI. No import circles, no module over 400
lines, no folder with more than 15 modules (its __init__.py counted).

Imports are read with ast: at module level and inside functions alike, relative ones
resolved; ``from package import name`` counts as importing ``package.name`` when that is a
module. (The import of a module's parent packages, which Python does implicitly, is not
counted: the rooms' __init__.py files hold docstrings only.)"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ROOMS = ("window", "dialogs", "panels", "reading", "work")      # the top floor first
GROUND = ("reader.ui", "reader.ui.theme", "reader.ui.compat")
FORBIDDEN = ("reader.app", "reader.cli", "reader.cli_highlights")
MAX_LINES = 400
MAX_MODULES = 15


def _name(root: Path, path: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def ui_modules(root: Path = REPO) -> dict[str, Path]:
    """reader.ui's modules by dotted name (a package by its __init__.py)."""
    return {_name(root, p): p for p in sorted((root / "reader" / "ui").rglob("*.py"))}


def imports_of(root: Path, name: str, path: Path) -> set[str]:
    """The modules ``name`` (at ``path``) imports, anywhere in it."""
    known = {_name(root, p) for p in (root / "reader").rglob("*.py")}
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            subs = {f"{target}.{a.name}" for a in node.names} & known
            out |= subs
            if len(subs) < len(node.names):         # names defined in ``target`` itself
                out.add(target)
    return out


def graph(root: Path = REPO) -> dict[str, set[str]]:
    return {name: imports_of(root, name, path) for name, path in ui_modules(root).items()}


def room_of(name: str) -> str | None:
    """The room of a reader.ui module; None for the ground floor."""
    parts = name.split(".")
    return parts[2] if len(parts) >= 3 and parts[2] in ROOMS else None


def floor(name: str) -> int:
    room = room_of(name)
    return 0 if room is None else len(ROOMS) - ROOMS.index(room)


def layer_violations(imports: dict[str, set[str]]) -> list[str]:
    bad = []
    for name, targets in imports.items():
        if room_of(name) is None and name not in GROUND:
            bad.append(f"{name}: not in a room (only theme and compat sit beside the rooms)")
        for t in sorted(targets):
            if t.startswith(FORBIDDEN):
                bad.append(f"{name} imports {t}")
            elif t.startswith("reader.ui") and floor(t) > floor(name):
                bad.append(f"{name} imports {t}, a floor above it")
    return sorted(bad)


def cycles(imports: dict[str, set[str]]) -> list[list[str]]:
    """The import circles among the modules of ``imports`` (Tarjan's strongly connected
    components of more than one module, or a module importing itself)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(imports[v] & imports.keys()):
            if w not in index:
                visit(w)
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
            if len(component) > 1 or v in imports[v]:
                found.append(sorted(component))

    for v in sorted(imports):
        if v not in index:
            visit(v)
    return sorted(found)


# -- the rules, on reader/ui ---------------------------------------------------------------------
def test_every_room_is_there():
    rooms = {room_of(n) for n in ui_modules()}
    assert rooms == {*ROOMS, None}
    assert set(GROUND) <= ui_modules().keys()


def test_no_import_circles():
    assert cycles(graph()) == []


def test_modules_import_only_their_room_and_the_rooms_below():
    assert layer_violations(graph()) == []


def test_modules_are_at_most_400_lines():
    sizes = {n: len(p.read_text(encoding="utf-8").splitlines()) for n, p in ui_modules().items()}
    assert {n: s for n, s in sizes.items() if s > MAX_LINES} == {}


def test_folders_hold_at_most_15_modules():
    folders: dict[Path, int] = {}
    for p in ui_modules().values():
        folders[p.parent] = folders.get(p.parent, 0) + 1       # __init__.py counted
    assert len(folders) == 1 + len(ROOMS)
    assert {str(f.relative_to(REPO)): n for f, n in folders.items() if n > MAX_MODULES} == {}


# -- the checks themselves catch what they forbid -------------------------------------------------
def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for rel, text in {"reader/__init__.py": "", "reader/app.py": "",
                      "reader/ui/__init__.py": "", "reader/ui/theme.py": "",
                      **{f"reader/ui/{r}/__init__.py": "" for r in ROOMS}, **files}.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    return tmp_path


def test_the_checks_catch_upward_imports_circles_and_strays(tmp_path):
    root = _tree(tmp_path, {
        "reader/ui/work/jobs.py": "from . import tasks\n",
        "reader/ui/work/tasks.py": "def f():\n    from .jobs import x\n",     # a circle
        "reader/ui/reading/view.py": "def f():\n    from ..panels.box import Box\n",
        "reader/ui/panels/box.py": "from ..reading import view\nfrom ..work.jobs import y\n",
        "reader/ui/dialogs/d.py": "from ... import app\n",
        "reader/ui/theme.py": "import reader.ui.work.jobs\n",
        "reader/ui/stray.py": "",
    })
    imports = graph(root)
    assert imports["reader.ui.work.jobs"] == {"reader.ui.work.tasks"}
    assert imports["reader.ui.panels.box"] == {"reader.ui.reading.view", "reader.ui.work.jobs"}
    assert cycles(imports) == [["reader.ui.panels.box", "reader.ui.reading.view"],
                               ["reader.ui.work.jobs", "reader.ui.work.tasks"]]
    assert layer_violations(imports) == [
        "reader.ui.dialogs.d imports reader.app",
        "reader.ui.reading.view imports reader.ui.panels.box, a floor above it",
        "reader.ui.stray: not in a room (only theme and compat sit beside the rooms)",
        "reader.ui.theme imports reader.ui.work.jobs, a floor above it",
    ]
