"""The command line on a library whose index has deletions (a document removed, one re-imported
changed), and under hostile input: every command answers, none ends in a traceback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

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
    changed = next(Path(d["path"]) for d in out["imported"] if d["id"] == ids[1])
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nA paragraph added later, "
                       "after the North Korean troops were reported in Kursk.\n", "utf-8")
    r = run_cli("import", str(changed), "--json", library=lib)
    assert r.returncode == 0 and json.loads(r.stdout)["imported"], r.stderr.decode()
    live = sorted(d["id"] for d in json.loads(run_cli("list", "--json", library=lib).stdout))
    assert live == ids[1:]
    return lib, live, tmp


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


EVIL = {"id": "evil", "title": "Troops\x1b]0;pwned\x07 sent\x1b[2J\x1b]8;;http://evil.example/"
        "\x1b\\here\x1b]8;;\x1b\\ \u202eelbat\x9b31m",
        "source": "Evil\nNews\x1b[31m", "author": "A\tB\x00", "url": "http://x.example/\x1b[0m",
        "tags": ["war\x1b[5m", "\x07"],
        "text": "North Korean troops were sent to the front, officials said on Tuesday."}


def test_terminal_escapes_in_metadata_are_dropped_on_import_and_output(tmp_path):
    from tests.helpers import write_jsonl
    lib = tmp_path / "lib"
    _ok(run_cli("import", str(write_jsonl(tmp_path / "evil.jsonl", [EVIL])), library=lib))
    (doc,) = json.loads(_ok(run_cli("list", "--json", library=lib)))
    assert doc["title"] == "Troops]0;pwned sent[2J]8;;http://evil.example/\\here]8;;\\ elbat31m"
    assert doc["source"] == "Evil News[31m" and doc["author"] == "A B"
    for args in (("list",), ("search", "troops"), ("show", "evil"), ("xref",),
                 ("list", "--json"), ("search", "troops", "--json"), ("show", "evil", "--json"),
                 ("export", "--format", "md")):
        r = run_cli(*args, library=lib)
        shown = r.stdout.decode() + r.stderr.decode()
        assert r.returncode == 0 and "Traceback" not in shown, args
        bad = [c for c in shown if (ord(c) < 32 and c not in "\n\t") or 0x7f <= ord(c) <= 0x9f
               or c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"]
        assert bad == [], (args, bad)


def test_json_output_keeps_unsafe_characters_as_escapes():
    import io
    import sys

    from reader.cli import common
    buf = io.BytesIO()

    class Out:
        buffer = buf
    real, sys.stdout = sys.stdout, Out()
    try:
        common.json_out({"title": "a\x9bb\u202ec\x1bd"})
    finally:
        sys.stdout = real
    text = buf.getvalue().decode()
    assert json.loads(text) == {"title": "a\x9bb\u202ec\x1bd"}        # the same data...
    assert "\x9b" not in text and "\u202e" not in text and "\x1b" not in text   # ...inert


def test_an_export_on_stdout_is_the_file_through_a_pipe_and_inert_on_a_terminal():
    import io
    import sys

    from reader.cli import common
    data = "\u05e9\u202b\u05dc\u202c \x1b[2J end\r\n"

    def written(tty: bool) -> str:
        buf = io.BytesIO()

        class Out:
            buffer = buf

            def isatty(self):
                return tty
        real, sys.stdout = sys.stdout, Out()
        try:
            common.out_file(data, crlf=True)
        finally:
            sys.stdout = real
        return buf.getvalue().decode()
    assert written(False) == data                       # what --out FILE would hold
    assert written(True) == "\u05e9\u05dc [2J end\r\n"   # nothing a terminal acts on


def test_only_the_cli_s_own_colour_codes_reach_a_terminal():
    from reader.cli.common import inert
    shown = inert("title \x1b[8mhidden\x1b[28m and \x1b[1;33mmarked\x1b[0m")
    assert "\x1b[8m" not in shown and "\x1b[28m" not in shown     # data: hidden text, no more
    assert "\x1b[1;33mmarked\x1b[0m" in shown                     # mark()'s bold yellow stays
