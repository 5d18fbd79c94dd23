"""`reader story` end to end in separate processes (issue 16, point 6): the matrix as text and
JSON, the stories found, the evidence pack on stdout and in a file, and the error paths."""

from __future__ import annotations

import json

import pytest

from reader.core.library import Library
from tests.annotated import SEED0, SEED2, SEED3, seeded_library
from tests.helpers import run_cli

STORY_KEYS = {"id", "title", "documents", "made_by"}
COLUMN_KEYS = {"doc", "source", "date", "title", "copies"}
ROW_KEYS = {"fact", "status", "values", "cells", "missing"}
CELL_KEYS = {"doc", "start", "end", "text", "relation", "value", "attribution"}


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli_story") / "lib"
    with seeded_library(root) as lib:
        for _ in lib.cross_reference():
            pass
    return root


def _ok(*args, root):
    r = run_cli(*args, library=root)
    assert r.returncode == 0, r.stderr.decode()
    return json.loads(r.stdout) if "--json" in args else r.stdout.decode("utf-8")


def test_list_json_gives_the_stories_found(root):
    (story,) = _ok("story", "--list", "--json", root=root)
    assert set(story) == STORY_KEYS and story["made_by"] == "engine"
    assert sorted(story["documents"]) == sorted([SEED0, SEED2, SEED3])
    assert story["id"] in _ok("story", "--list", root=root)


def test_json_is_the_matrix_in_its_documented_shape(root):
    m = _ok("story", "--json", root=root)                    # the largest story
    assert set(m) == {"story", "columns", "rows"} and set(m["story"]) == STORY_KEYS
    assert len(m["columns"]) == 3 and all(set(c) == COLUMN_KEYS for c in m["columns"])
    order = [c["doc"] for c in m["columns"]]
    first = m["rows"][0]
    assert set(first) == ROW_KEYS and first["status"] == "conflicts" and "1,500" in first["values"]
    for row in m["rows"]:
        assert all(set(c) >= CELL_KEYS for c in row["cells"])
        assert sorted([c["doc"] for c in row["cells"]] + row["missing"]) == sorted(order)
    by_story = _ok("story", m["story"]["id"], "--json", root=root)
    by_docs = _ok("story", SEED3, SEED0, SEED2, "--json", root=root)
    assert _same(by_story, m) and _same(by_docs["rows"], m["rows"])


def _same(a, b) -> bool:
    """Equal JSON, but the order of a row's "values" (which Row.values takes from its cells'
    order, one that varies from process to process)."""
    def norm(x):
        if isinstance(x, dict):
            return {k: sorted(v) if k == "values" else norm(v) for k, v in x.items()}
        return [norm(v) for v in x] if isinstance(x, list) else x
    return norm(a) == norm(b)


def test_text_shows_the_conflicts_first_with_their_values_marked(root):
    text = _ok("story", root=root)
    assert text.startswith("Story ") and "Sources:" in text
    assert text.index("CONFLICTS") < text.index("AGREES") < text.index("ONLY HERE")
    assert "[1,500]" in text and "not reported" in text


def test_export_writes_the_pack_atomically_and_never_over_a_file_without_force(root, tmp_path):
    pack = tmp_path / "pack.html"
    assert _ok("story", "--export", str(pack), root=root) == ""
    html = pack.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<table>" in html and "<script" not in html
    r = run_cli("story", "--export", str(pack), "--format", "md", library=root)
    assert r.returncode == 2 and b"--force" in r.stderr
    assert pack.read_text(encoding="utf-8") == html                  # unchanged
    _ok("story", "--export", str(pack), "--format", "md", "--force", root=root)
    assert pack.read_text(encoding="utf-8").startswith("# Evidence pack: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack.html"]
    r = run_cli("story", "--export", str(tmp_path / "no" / "pack.csv"), library=root)
    assert r.returncode == 1 and b"does not exist" in r.stderr


def test_format_without_export_writes_the_pack_to_stdout(root):
    r = run_cli("story", "--format", "csv", library=root)
    assert r.returncode == 0
    assert r.stdout.startswith("\ufefffact,status,values,".encode()) and b"\r\n" in r.stdout
    assert _ok("story", "--format", "md", root=root).startswith("# Evidence pack: ")


@pytest.mark.parametrize("args", [["nope"], [SEED0, "nope"]])
def test_an_unknown_id_exits_1_with_one_line(root, args):
    r = run_cli("story", *args, "--json", library=root)
    assert r.returncode == 1 and r.stdout == b""
    assert r.stderr.decode().strip().count("\n") == 0 and "'nope'" in r.stderr.decode()


def test_a_library_without_stories_says_so(tmp_path):
    Library(tmp_path / "lib").close()
    r = run_cli("story", library=tmp_path / "lib")
    assert r.returncode == 1 and b"no story found" in r.stderr
    assert _ok("story", "--list", "--json", root=tmp_path / "lib") == []
