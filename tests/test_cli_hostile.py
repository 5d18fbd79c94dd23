"""The command line on a library whose index has deletions (a document removed, one re-imported
changed), and under hostile input: every command answers, none ends in a traceback."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.helpers import SEEDS, run_cli

QUERY = "North Korean troops"


@pytest.fixture(scope="module")
def with_deletions(tmp_path_factory):
    """The seeds imported, one removed, one changed and re-imported: the Whoosh index then
    holds deleted documents in its segments."""
    tmp = tmp_path_factory.mktemp("deletions")
    lib, inbox = tmp / "lib", tmp / "inbox"
    shutil.copytree(SEEDS, inbox, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    out = json.loads(run_cli("import", str(inbox), "--json", library=lib).stdout)
    ids = sorted(d["id"] for d in out["imported"])
    assert run_cli("remove", ids[0], library=lib).returncode == 0
    changed = sorted(inbox.glob("*.txt"))[1]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nA paragraph added later, "
                       "after the North Korean troops were reported in Kursk.\n", "utf-8")
    r = run_cli("import", str(changed), "--json", library=lib)
    assert r.returncode == 0 and json.loads(r.stdout)["imported"], r.stderr.decode()
    return lib, ids[1:], tmp


def _ok(r):
    err = r.stderr.decode()
    assert "Traceback" not in err, err
    assert r.returncode == 0, err
    return r.stdout.decode()


@pytest.mark.parametrize("args", [
    ("list", "--json"),
    ("search", QUERY, "--json"),
    ("search", QUERY, "--sort", "date"),
    ("xref", "--json"),
    ("match", QUERY, "--json"),
    ("match", "--json", "--limit", "3", QUERY),
    ("export", "--format", "json"),
    ("export", "--format", "csv", "--kind", "xref"),
    ("highlight", "list", "--json"),
], ids=lambda a: " ".join(a))
def test_every_command_on_an_index_with_deletions(with_deletions, args):
    lib, _, _ = with_deletions
    _ok(run_cli(*args, library=lib))


def test_match_after_deletions_finds_only_live_documents(with_deletions):
    lib, live, _ = with_deletions
    out = json.loads(_ok(run_cli("match", QUERY, "--json", library=lib)))
    docs = {r["doc"] for r in out["results"]}
    assert docs and docs <= set(live)


def test_show_and_compare_on_an_index_with_deletions(with_deletions):
    lib, live, tmp = with_deletions
    assert json.loads(_ok(run_cli("show", live[0], "--json", library=lib)))["id"] == live[0]
    pairs = tmp / "pairs.tsv"
    pairs.write_text("1,500 troops were sent.\tThey sent 14,000 troops.\n", "utf-8")
    _ok(run_cli("compare", "--pairs", str(pairs), "--json", library=lib))


def test_a_rerun_import_finishes_what_a_killed_one_left(tmp_path):
    """The documents are in the library but were never cross-referenced (the process was
    killed after the import's commit): the next `reader import` cross-references them."""
    from reader.core.library import Library
    inbox = tmp_path / "inbox"
    shutil.copytree(SEEDS, inbox, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    with Library(tmp_path / "lib") as lib:
        assert len(lib.import_paths([inbox]).run().imported) == 3
        assert lib.links() == [] and len(lib.engine.pending()) == 3
    out = json.loads(_ok(run_cli("import", str(inbox), "--json", library=tmp_path / "lib")))
    assert out["imported"] == [] and len(out["unchanged"]) == 3
    with Library(tmp_path / "lib") as lib:
        assert lib.engine.pending() == [] and lib.links()
