"""The core and the CLI stay GUI-free, so that `reader search` starts fast."""

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_and_cli_sources_never_import_qt():
    files = list((REPO / "reader" / "core").rglob("*.py")) + list((REPO / "reader" / "cli").rglob("*.py"))
    assert len(files) > 5
    offenders = {str(f.relative_to(REPO)): sorted(n for n in _imports(f)
                                                  if n.split(".")[0] in ("PySide6", "shiboken6"))
                 for f in files}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_importing_core_and_cli_loads_no_qt_module():
    code = (
        "import sys, pkgutil, importlib, reader.core, reader.cli\n"
        "for m in pkgutil.walk_packages(reader.core.__path__, 'reader.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       cwd=str(REPO))
    assert r.returncode == 0, r.stdout + r.stderr


def test_search_path_does_not_load_heavy_importers():
    """`reader search` must not pay for trafilatura, lxml, pdfium or urllib3 at start-up."""
    code = ("import sys, reader.cli, reader.core.library\n"
            "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
            "('trafilatura', 'lxml', 'pypdfium2', 'docx', 'justext', 'urllib3', 'PySide6'))\n"
            "print(heavy)\nsys.exit(1 if heavy else 0)\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       cwd=str(REPO))
    assert r.returncode == 0, r.stdout + r.stderr
