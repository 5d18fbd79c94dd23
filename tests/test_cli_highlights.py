"""`reader highlight ...` and `reader export`, end to end in separate processes."""

from __future__ import annotations

import json

import pytest

from tests.annotated import SEED0, SEED3, annotate, seeded_library, span
from tests.helpers import run_cli

KEYS = {"id", "doc", "start", "end", "quote", "color", "note", "tags", "orphaned"}


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli-hl") / "lib"
    with seeded_library(root) as lib:
        text = lib.get(SEED0).text
    return root, text


def _list(root, *ids):
    r = run_cli("highlight", "list", *ids, "--json", library=root)
    assert r.returncode == 0, r.stderr.decode()
    return json.loads(r.stdout)


def test_add_list_remove(library):
    root, text = library
    s = text.index("1,500 North Korean")
    r = run_cli("highlight", "add", SEED0, str(s), str(s + 40), "--color", "pink", "--note",
                "Only one source.", "--tag", "troops", "--tag", "check", "--json", library=root)
    assert r.returncode == 0, r.stderr.decode()
    h = json.loads(r.stdout)
    assert set(h) == KEYS
    assert (h["doc"], h["start"], h["end"], h["quote"], h["color"], h["note"], h["tags"],
            h["orphaned"]) == (SEED0, s, s + 40, text[s:s + 40], "pink", "Only one source.",
                               ["troops", "check"], False)
    listed = _list(root, SEED0)
    assert h in listed and all(set(x) == KEYS for x in listed)
    assert _list(root, SEED3) == [x for x in _list(root) if x["doc"] == SEED3]
    human = run_cli("highlight", "list", "--tag", "check", library=root).stdout.decode()
    assert f"{h['id']}" in human and "1,500 North Korean" in human and "[tags: troops, check]" \
        in human and human.rstrip().endswith("1 highlight")
    r = run_cli("highlight", "remove", str(h["id"]), library=root)
    assert r.returncode == 0 and h not in _list(root)
    r = run_cli("highlight", "remove", str(h["id"]), library=root)
    assert r.returncode == 1 and f"{h['id']}: no highlight" in r.stderr.decode()


BAD = [((SEED0, "10", "5"), "bad span 10:5"),
       ((SEED0, "0", "999999"), "bad span 0:999999"),
       ((SEED0, "ten", "20"), "START must be a whole number"),
       (("no-such-doc", "0", "5"), "no document with id 'no-such-doc'"),
       ((SEED0, "0", "5", "--color", "red"), "unknown colour 'red'")]


def test_bad_requests_exit_2_with_one_line_and_change_nothing(library):
    root, _ = library
    before = _list(root)
    for args, message in BAD:
        r = run_cli("highlight", "add", *args, library=root)
        err = r.stderr.decode().strip()
        assert r.returncode == 2 and r.stdout == b"", args
        assert message in err and "\n" not in err, err
    assert _list(root) == before
    r = run_cli("highlight", "list", "nope", library=root)
    assert r.returncode == 2 and "nope" in r.stderr.decode()


@pytest.fixture(scope="module")
def annotated(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli-export") / "lib"
    with seeded_library(root) as lib:
        annotate(lib)
        claim = lib.get(SEED3).text[slice(*span(lib, SEED3, "approximately 14,000"))]
    return root, claim


def test_export_to_stdout(annotated):
    root, claim = annotated
    r = run_cli("export", "--kind", "user", library=root)
    out = r.stdout.decode("utf-8")
    assert r.returncode == 0 and out.startswith("# Highlights and cross-references")
    assert f"> {claim} North Korean troops" in out and "**CONFLICTS** with" in out
    r = run_cli("export", "--format", "csv", "--doc", SEED3, "--kind", "user", library=root)
    assert r.stdout.startswith("\ufeffdoc id,".encode("utf-8")) and b"\r\n" in r.stdout
    assert r.stdout.count(b"\r\n003_a7cd122e480457df,") == 2
    r = run_cli("export", "--kind", "conflicts", "--format", "json", library=root)
    items = json.loads(r.stdout)["first"]["items"]
    assert items and {a["reader:relation"] for a in items} == {"conflicts"}
    r = run_cli("export", "--doc", "nope", library=root)
    assert r.returncode == 2 and b"nope" in r.stderr and r.stdout == b""


def test_export_to_a_file_overwrite_and_unwritable(annotated, tmp_path):
    root, claim = annotated
    out = tmp_path / "report.html"
    r = run_cli("export", "--out", str(out), "--kind", "user", library=root)
    assert r.returncode == 0 and r.stdout == b""
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and claim in html           # format from suffix
    out.write_text("keep me", encoding="utf-8")
    r = run_cli("export", "--out", str(out), library=root)
    assert r.returncode == 2 and "--force" in r.stderr.decode()
    assert out.read_text(encoding="utf-8") == "keep me"
    r = run_cli("export", "--out", str(out), "--format", "md", "--force", "--kind", "user",
                library=root)
    assert r.returncode == 0 and out.read_text(encoding="utf-8").startswith("# Highlights")
    missing = tmp_path / "no" / "such" / "dir" / "x.md"
    r = run_cli("export", "--out", str(missing), library=root)
    err = r.stderr.decode().strip()
    assert r.returncode == 1 and "does not exist" in err and "\n" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_highlight_import_round_trip(annotated, tmp_path):
    root, _ = annotated
    path = tmp_path / "notes.json"
    assert run_cli("export", "--out", str(path), "--kind", "user", library=root).returncode == 0
    with seeded_library(tmp_path / "fresh"):
        pass
    r = run_cli("highlight", "import", str(path), "--json", library=tmp_path / "fresh")
    assert r.returncode == 0, r.stderr.decode()
    report = json.loads(r.stdout)
    assert len(report["restored"]) == 5 and report["failed"] == []
    strip = [{k: v for k, v in h.items() if k != "id"} for h in _list(root)]
    assert [{k: v for k, v in h.items() if k != "id"} for h in _list(tmp_path / "fresh")] == strip
    r = run_cli("highlight", "import", str(tmp_path / "missing.json"), library=root)
    assert r.returncode == 2 and b"cannot read" in r.stderr
