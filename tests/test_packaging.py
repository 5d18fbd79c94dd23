"""What pyproject.toml ships: every package under reader/ and every data file beside its code
(a package left off the list would be missing from an installed Reader, not from a checkout)."""

from __future__ import annotations

import fnmatch
import pytest

tomllib = pytest.importorskip("tomllib")    # Python 3.11+
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _config() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_package_under_reader_is_listed():
    listed = set(_config()["packages"])
    found = {".".join(p.parent.relative_to(REPO).parts)
             for p in (REPO / "reader").rglob("__init__.py")}
    assert found - listed == set()


def test_every_data_file_beside_the_code_ships():
    cfg = _config()
    data = cfg["package-data"]
    missing = []
    for path in (REPO / "reader").rglob("*"):
        if path.is_dir() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts:
            continue
        package = ".".join(path.parent.relative_to(REPO).parts)
        if not any(fnmatch.fnmatch(path.name, pat) for pat in data.get(package, [])):
            missing.append(str(path.relative_to(REPO)))
    assert missing == []
