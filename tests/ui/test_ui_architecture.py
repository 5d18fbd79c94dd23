"""The shape the window code keeps: a composition root without globals, small modules, widgets
that never import their siblings' window, no processEvents() in the application code, and
every domain signal with a comment saying what its arguments mean."""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
UI = REPO / "reader" / "ui"
APP = REPO / "reader" / "app.py"


def _ui_modules() -> list[Path]:
    """Every module of reader/ui, its sub-packages (the rooms) included."""
    return sorted(UI.rglob("*.py"))


def _modules() -> list[Path]:
    return _ui_modules() + [APP]


def _name(p: Path) -> str:
    return str(p.relative_to(REPO))


def test_the_walk_reaches_the_rooms():
    rooms = {p.parent.name for p in _ui_modules()}
    assert {"window", "dialogs", "panels", "reading", "work"} <= rooms


def test_modules_are_small():
    sizes = {_name(p): len(p.read_text(encoding="utf-8").splitlines()) for p in _modules()}
    assert {k: v for k, v in sizes.items() if v > 400} == {}


def test_no_process_events_in_application_code():
    offenders = [_name(p) for p in _modules() if "processEvents" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_widgets_do_not_import_the_main_window():
    for p in _ui_modules():
        if p.name in ("main_window.py", "navigation.py"):
            continue
        tree = ast.parse(p.read_text(encoding="utf-8"))
        names = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert not {"main_window", "navigation"} & {n.rsplit(".", 1)[-1] for n in names}, \
            _name(p)


def test_composition_root_has_no_module_level_objects():
    """app.py's top level holds only imports, constants, functions and classes."""
    tree = ast.parse(APP.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign):
            value = node.value
            assert isinstance(value, (ast.Constant, ast.BinOp)), ast.dump(node)[:80]
        else:
            assert isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef,
                                     ast.Expr, ast.If)), ast.dump(node)[:80]


def test_every_signal_says_what_its_arguments_mean():
    missing = []
    for p in _ui_modules():
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            m = re.match(r"\s+(\w+) = Signal\((.*?)\)\s*(#.*)?$", line)
            if m and m.group(2).strip() and not m.group(3):
                missing.append(f"{_name(p)}:{n} {m.group(1)}")
    assert missing == []


def test_slots_wired_by_the_main_window_are_named_on_event():
    src = (UI / "window" / "main_window.py").read_text(encoding="utf-8")
    body = src[src.index("def _connect_signals"):src.index("# -- start and stop")]
    targets = re.findall(r"\.connect\(self\.(?:\w+\.)?(\w+)\)", body)
    assert len(targets) > 30
    assert [t for t in targets if not t.startswith("on_") and t != "close"] == []
