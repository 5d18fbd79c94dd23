"""`reader link ...` end to end in separate processes: links made by hand, relabels, rejects
and restores, as `reader xref --json` then shows them; bad requests exit 2 and change nothing."""

from __future__ import annotations

import json

import pytest

from tests.annotated import SEED0, SEED3, seeded_library, span
from tests.helpers import run_cli

XREF_KEYS = {"a", "b", "relation", "score", "why"}          # the contract before this
NEW_KEYS = {"by", "note", "relabelled_from"}
MINE_0 = "The human toll of Russia’s war in Ukraine"
MINE_3 = "Reuters investigation"


@pytest.fixture
def library(tmp_path):
    root = tmp_path / "lib"
    with seeded_library(root) as lib:
        for _ in lib.cross_reference():
            pass
        spans = {"0": span(lib, SEED0, MINE_0), "3": span(lib, SEED3, MINE_3)}
    return root, spans


def _ok(*args, root):
    r = run_cli(*args, library=root)
    assert r.returncode == 0, r.stderr.decode()
    return json.loads(r.stdout) if "--json" in args else r.stdout.decode()


def _links(root):
    return _ok("xref", "--json", root=root)["links"]


def _args(link) -> list[str]:
    return [str(x) for p in (link["a"], link["b"]) for x in (p["doc"], p["start"], p["end"])]


def test_add_then_xref_shows_it_as_yours(library):
    root, spans = library
    (s0, e0), (s3, e3) = spans["0"], spans["3"]
    made = _ok("link", "add", SEED3, str(s3), str(e3), SEED0, str(s0), str(e0),
               "--relation", "conflicts", "--note", "the desk says no", "--json", root=root)
    assert set(made) == {"id", "a", "b", "relation", "note", "by", "relabelled_from",
                         "orphaned", "created"}
    assert made["a"] == {"doc": SEED0, "start": s0, "end": e0, "text": MINE_0}
    assert made["b"] == {"doc": SEED3, "start": s3, "end": e3, "text": MINE_3}
    assert (made["relation"], made["note"], made["by"], made["orphaned"]) == (
        "conflicts", "the desk says no", "user", False)
    links = _links(root)
    assert all(set(x) == XREF_KEYS | NEW_KEYS for x in links)
    mine = [x for x in links if x["by"] == "user"]
    assert [(x["a"], x["b"], x["relation"], x["score"], x["note"]) for x in mine] == [
        (made["a"], made["b"], "conflicts", 1.0, "the desk says no")]
    assert {x["by"] for x in links} == {"user", "engine"}
    conflicts = _ok("xref", "--json", "--relation", "conflicts", root=root)["links"]
    assert mine[0] in conflicts
    assert _ok("link", "list", "--json", root=root) == [made]
    human = _ok("xref", root=root)
    assert "(yours: the desk says no)" in human
    assert _ok("link", "remove", str(made["id"]), "--json", root=root) == {
        "removed": [made["id"]], "missing": []}
    assert [x for x in _links(root) if x["by"] == "user"] == []


def test_relabel_reject_list_and_restore(library):
    root, _ = library
    engine = next(x for x in _links(root) if x["relation"] == "agrees")
    new = _ok("link", "relabel", *_args(engine), "--relation", "related", "--json", root=root)
    assert (new["relation"], new["relabelled_from"], new["by"]) == ("related", "agrees",
                                                                    "engine")
    assert new in _links(root)
    (listed,) = _ok("link", "list", "--json", root=root)
    assert (listed["id"], listed["relation"], listed["relabelled_from"]) == (None, "related",
                                                                             "agrees")

    out = _ok("link", "reject", *_args(engine), "--json", root=root)
    assert (out["a"], out["b"], out["decision"]) == (engine["a"], engine["b"], "rejected")
    assert all((x["a"], x["b"]) != (engine["a"], engine["b"]) for x in _links(root))
    (rejected,) = _ok("link", "list", "--rejected", "--json", root=root)
    assert (rejected["a"], rejected["b"], rejected["relation"], rejected["by"]) == (
        engine["a"], engine["b"], "related", "engine")
    human = _ok("link", "list", "--rejected", root=root)
    assert human.rstrip().endswith("1 rejected link") and "RELATED" in human

    out = _ok("link", "restore", *_args(rejected), "--json", root=root)
    assert out["decision"] is None
    assert new in _links(root)
    assert _ok("link", "list", "--rejected", "--json", root=root) == []
    r = run_cli("link", "restore", *_args(rejected), library=root)
    assert r.returncode == 2 and "you rejected no link between" in r.stderr.decode()


def test_bad_requests_exit_2_with_one_line_and_change_nothing(library):
    root, spans = library
    (s0, e0), (s3, e3) = spans["0"], spans["3"]
    before = (_links(root), _ok("link", "list", "--json", root=root))
    ok3 = [SEED3, str(s3), str(e3)]
    for args, reason in (
            ([SEED0, "10", "5", *ok3, "--relation", "agrees"], "bad span 10:5"),
            ([SEED0, "0", "999999", *ok3, "--relation", "agrees"], "bad span 0:999999"),
            ([SEED0, "ten", "20", *ok3, "--relation", "agrees"], "START must be a whole"),
            (["nope", "0", "5", *ok3, "--relation", "agrees"], "no document with id 'nope'"),
            ([SEED3, "0", "5", *ok3, "--relation", "agrees"], "two different documents"),
            ([SEED0, str(s0), str(e0), *ok3, "--relation", "maybe"], "invalid choice")):
        r = run_cli("link", "add", *args, library=root)
        lines = r.stderr.decode().strip().splitlines()
        assert r.returncode == 2 and reason in lines[-1], (args, r.stderr)
    r = run_cli("link", "relabel", SEED0, str(s0), str(e0), *ok3, "--relation", "agrees",
                library=root)
    assert r.returncode == 2 and "no link joins" in r.stderr.decode()
    assert (_links(root), _ok("link", "list", "--json", root=root)) == before
