"""The user's corrections to the links in a real library (SQLite, Whoosh, the engine): links
made by hand and relabels that survive the engine's recomputation, rejected links listed and
restored, the passages of a made link moved when a text changes, exports that say what the
user did, and bad requests that change nothing."""

from __future__ import annotations

import csv
import io
import json

import pytest

from reader.core.errors import InvalidArgument, NotFound
from reader.core.export import export, import_annotations
from reader.core.library import Library, Source
from tests.helpers import write

SEED0 = "000_e7277f4b1b896bba"
SEED2 = "002_674a3aba9f60fef1"
SEED3 = "003_a7cd122e480457df"
MINE_0 = "The human toll of Russia’s war in Ukraine"   # passages no engine link joins
MINE_3 = "Reuters investigation"                    #   (parts of sentences)


def _xref(lib, ids=None):
    for _ in lib.cross_reference(ids):
        pass


def _recompute(lib):
    """The engine starts over, as after a change of its rules."""
    with lib.store.transaction():
        lib.store.delete_links()
        lib.store.execute("DELETE FROM xref_state")
    _xref(lib)


@pytest.fixture
def lib(tmp_path):
    library = Library(tmp_path / "seeded")
    library.seed_if_new()
    _xref(library)
    yield library
    library.close()


def _span(lib, doc_id, needle):
    start = lib.get(doc_id).text.index(needle)
    return start, start + len(needle)


def _made(lib, relation="conflicts", note="the desk says no"):
    return lib.corrections.made.add(SEED3, *_span(lib, SEED3, MINE_3), SEED0,
                                    *_span(lib, SEED0, MINE_0), relation, note)


def _mine(rows):
    return [r for r in rows if r.by == "user"]


def _engine_link(lib, relation="agrees"):
    return next(r for r in lib.links(relation=relation) if r.by == "engine")


def test_a_made_link_is_shown_like_the_engines_and_survives_recomputation(lib):
    m = _made(lib)
    assert (m.a.doc_id, m.b.doc_id) == (SEED0, SEED3)           # ordered as the links table
    assert m.a.quote == MINE_0 and m.b.quote == MINE_3 and m.note == "the desk says no"
    (row,) = _mine(lib.links())
    assert (row.a, row.b) == ((SEED0, *_span(lib, SEED0, MINE_0)),
                              (SEED3, *_span(lib, SEED3, MINE_3)))
    assert (row.relation, row.score, row.note) == ("conflicts", 1.0, "the desk says no")
    assert _mine(lib.links_shown(SEED3)) == [row] == _mine(lib.links_shown(SEED0))
    assert _mine(lib.links([SEED2])) == []
    assert row in lib.links(relation="conflicts") and row not in lib.links(relation="agrees")
    _, end = row.seen_from(SEED3)
    assert (end.by, end.note, end.doc_id) == ("user", "the desk says no", SEED0)

    _recompute(lib)
    assert lib.store.links() and _mine(lib.store.links()) == []    # the engine's table only
    assert _mine(lib.links()) == [row]

    again = lib.corrections.made.add(SEED0, *_span(lib, SEED0, MINE_0), SEED3,
                                     *_span(lib, SEED3, MINE_3), "agrees")
    assert again.id == m.id and again.relation == "agrees"      # the same two passages: changed
    assert len(lib.corrections.made.list()) == 1


def test_a_made_link_replaces_the_engines_link_between_the_same_passages(lib):
    engine = _engine_link(lib)
    lib.corrections.made.add(*engine.a, *engine.b, "related", "mine")
    shown = [r for r in lib.links() if (r.a, r.b) == (engine.a, engine.b)]
    assert [(r.by, r.relation, r.note) for r in shown] == [("user", "related", "mine")]


def test_a_relabel_survives_recomputation_and_the_engines_relation_drops_it(lib):
    engine = _engine_link(lib)
    new = lib.corrections.relabel(engine, "conflicts")
    assert (new.relation, new.relabelled, new.by) == ("conflicts", "agrees", "engine")
    shown = [r for r in lib.links() if (r.a, r.b) == (engine.a, engine.b)]
    assert shown == [new] and new in lib.links(relation="conflicts")
    assert new not in lib.links(relation="agrees")
    _recompute(lib)
    assert engine in lib.store.links()                           # the engine still says agrees
    assert [r for r in lib.links() if (r.a, r.b) == (engine.a, engine.b)] == [new]
    assert [(r.a_doc, r.relation) for r in lib.corrections.relabels()] == [
        (engine.a_doc, "conflicts")]
    back = lib.corrections.relabel(new, "agrees")
    assert back == engine and lib.corrections.relabels() == []
    assert engine in lib.links(relation="agrees")


def test_relabelling_a_made_link_changes_it(lib):
    m = _made(lib)
    row = lib.corrections.relabel(m.row(), "related")
    assert (row.by, row.relation, row.relabelled) == ("user", "related", "")
    assert lib.corrections.made.get(m.id).relation == "related"
    assert lib.corrections.relabels() == []


def test_a_rejected_link_is_listed_and_restored(lib):
    engine = _engine_link(lib)
    quote_a = lib.get(engine.a_doc).text[engine.a_start:engine.a_end]
    lib.highlights.decide(engine, "rejected")
    assert engine not in lib.links()
    (rejected,) = lib.rejected_links()
    assert (rejected.a_doc, rejected.a_start, rejected.a_end, rejected.a_quote) == (
        *engine.a, quote_a)
    assert (rejected.b_doc, rejected.b_start, rejected.b_end) == engine.b
    assert (rejected.relation, rejected.by) == ("agrees", "engine")
    assert rejected.to_json()["relation"] == "agrees"
    assert lib.rejected_links([SEED2]) == ([rejected] if SEED2 in (engine.a_doc, engine.b_doc)
                                           else [])
    _recompute(lib)
    assert engine not in lib.links() and lib.rejected_links() == [rejected]
    lib.highlights.set_decision(rejected.a_doc, rejected.a_quote, rejected.b_doc,
                                rejected.b_quote, None)
    assert engine in lib.links() and lib.rejected_links() == []


def test_a_rejected_made_link_is_listed_as_yours(lib):
    m = _made(lib)
    lib.highlights.decide(m.row(), "rejected")
    assert _mine(lib.links()) == []
    (rejected,) = lib.rejected_links()
    assert (rejected.by, rejected.relation) == ("user", "conflicts")


def test_made_links_follow_a_changed_text_and_are_kept_when_their_passage_goes(lib, tmp_path):
    m = _made(lib)
    row = lib.get(SEED0)
    path = write(tmp_path / "000.txt", "EuropeNews\n\n" + row.title + "\n\nA note first.\n\n"
                 + row.text)
    lib.import_sources([Source(path, row.origin, SEED0)]).run()
    moved = lib.corrections.made.get(m.id)
    assert moved.a.start == lib.get(SEED0).text.index(MINE_0) != m.a.start
    assert moved.a.quote == MINE_0 and not moved.orphaned
    assert [(r.a_start, r.b_start) for r in _mine(lib.links())] == [(moved.a.start,
                                                                     m.b.start)]
    write(path, "EuropeNews\n\n" + row.title + "\n\n" + row.text.replace(MINE_0, "Moscow"))
    lib.import_sources([Source(path, row.origin, SEED0)]).run()
    gone = lib.corrections.made.get(m.id)
    assert gone.orphaned and gone.a.quote == MINE_0             # kept, not shown
    assert _mine(lib.links()) == []
    lib.remove([SEED0])
    assert lib.corrections.made.list() == []                    # its document went


def test_bad_requests_are_refused_and_change_nothing(lib):
    made = lib.corrections.made
    good = _span(lib, SEED3, MINE_3)
    n = len(lib.get(SEED0).text)
    before = (made.list(), lib.links())
    for args, reason in (
            ((SEED0, n - 5, n + 5, SEED3, *good, "agrees"), f"bad span {n - 5}:{n + 5}"),
            ((SEED0, 10, 10, SEED3, *good, "agrees"), "bad span 10:10"),
            ((SEED0, -1, 4, SEED3, *good, "agrees"), "bad span -1:4"),
            ((SEED0, 0, 5, SEED0, 10, 15, "agrees"), "two different documents"),
            ((SEED0, 0, 5, SEED3, *good, "contradicts"), "unknown relation 'contradicts'")):
        with pytest.raises(InvalidArgument, match=reason):
            made.add(*args)
    with pytest.raises(NotFound, match="no document with id 'nope'"):
        made.add("nope", 0, 5, SEED3, *good, "agrees")
    with pytest.raises(InvalidArgument, match="unknown relation"):
        lib.corrections.relabel(_engine_link(lib), "maybe")
    assert (made.list(), lib.links()) == before
    assert lib.corrections.relabels() == []


def test_exports_say_which_links_are_yours_and_bring_them_back(lib, tmp_path):
    _made(lib)
    relabelled = lib.corrections.relabel(_engine_link(lib), "related")
    md = export(lib, "md", kind="xref")
    assert "(made by you)" in md and "Your note: the desk says no" in md
    assert "(relabelled by you; Reader found AGREES)" in md
    html = export(lib, "html", kind="xref")
    assert "(made by you)" in html and "relabelled by you; Reader found AGREES" in html
    rows = list(csv.DictReader(io.StringIO(export(lib, "csv", kind="xref")[1:])))
    (mine,) = [r for r in rows if r["link by"] == "user"]
    assert (mine["relation"], mine["note"]) == ("conflicts", "the desk says no")
    assert {MINE_0, MINE_3} == {mine["quote"], mine["linked quote"]}
    assert [r["relation"] for r in rows if r["relabelled from"] == "agrees"] == ["related"]
    assert {r["link by"] for r in rows} == {"user", "engine"}
    data = json.loads(export(lib, "json", kind="all"))
    items = data["first"]["items"]
    (item,) = [i for i in items if i.get("reader:by") == "user"]
    assert (item["reader:relation"], item["reader:note"]) == ("conflicts", "the desk says no")
    assert [i["reader:relabelledFrom"] for i in items if i.get("reader:relabelledFrom")] == [
        "agrees"]
    assert [r["relation"] for r in data["reader:relabels"]] == ["related"]
    assert len(export(lib, "md", kind="conflicts").split("(made by you)")) == 2

    other = Library(tmp_path / "other")
    try:
        other.seed_if_new()
        _xref(other)
        report = import_annotations(other, data)
        assert (report.links, report.relabels, report.failed) == (1, 1, [])
        assert [(r.relation, r.note) for r in _mine(other.links())] == [
            ("conflicts", "the desk says no")]
        assert relabelled in other.links()
    finally:
        other.close()
