"""The user's highlights in a real library: storage, filters, labels, re-anchoring on re-import,
and verdicts on cross-references that survive recomputation."""

from __future__ import annotations

import sqlite3

import pytest

from reader.core.errors import InvalidArgument, NotFound
from reader.core.highlights import PALETTE
from reader.core.links import LinkEnd
from reader.core.library import Library
from reader.core.store import Store
from tests.helpers import ARTICLE, write

SEED0 = "000_e7277f4b1b896bba"
SEED3 = "003_a7cd122e480457df"


@pytest.fixture
def lib(tmp_path):
    library = Library(tmp_path / "lib")
    yield library
    library.close()


def _span(lib, doc_id, needle):
    start = lib.get(doc_id).text.index(needle)
    return start, start + len(needle)


def _article(lib, tmp_path, text=ARTICLE):
    path = write(tmp_path / "article.txt", text)
    (entry,) = lib.import_paths([path]).run().imported
    return path, entry["id"]


def test_add_list_update_remove(lib, tmp_path):
    _, doc = _article(lib, tmp_path)
    hl = lib.highlights
    hl.clock = lambda: "2024-01-02T03:04:05Z"
    s, e = _span(lib, doc, "1,500 special forces")
    h = hl.add(doc, s, e, color="pink", note="Only one source says so.", tags=["troops", " troops",
                                                                             "numbers"])
    assert (h.quote, h.color, h.tags, h.orphaned) == ("1,500 special forces", "pink",
                                                      ["troops", "numbers"], False)
    assert h.prefix.endswith("The deployment of ") and h.suffix.startswith(" marks an")
    assert h.created == h.updated == "2024-01-02T03:04:05Z"
    k = hl.add(doc, *_span(lib, doc, "Pyongyang"), tags=["places"])
    assert [x.id for x in hl.list()] == [h.id, k.id]
    assert [x.id for x in hl.list(color="pink")] == [h.id]
    assert [x.id for x in hl.list(tag="places")] == [k.id]
    assert [x.id for x in hl.list(query="ONE source")] == [h.id]       # note, any case
    assert [x.id for x in hl.list(query="special numbers")] == [h.id]  # quote and tag
    assert hl.list(["other-doc"]) == [] and hl.tags() == ["numbers", "places", "troops"]
    hl.clock = lambda: "2024-02-02T00:00:00Z"
    h2 = hl.update(h.id, color="green", tags=["checked"])
    assert (h2.color, h2.note, h2.tags, h2.updated) == ("green", h.note, ["checked"],
                                                        "2024-02-02T00:00:00Z")
    assert hl.remove([h.id, 999]) == ([h.id], [999])
    assert [x.id for x in hl.list()] == [k.id]
    with pytest.raises(NotFound):
        hl.get(h.id)


def test_bad_requests_change_nothing(lib, tmp_path):
    _, doc = _article(lib, tmp_path)
    n = len(lib.get(doc).text)
    hl = lib.highlights
    for start, end in ((5, 5), (10, 3), (-1, 4), (0, n + 1)):
        with pytest.raises(InvalidArgument, match="bad span"):
            hl.add(doc, start, end)
    para_break = lib.get(doc).text.index("\n\n")
    with pytest.raises(InvalidArgument, match="whitespace"):
        hl.add(doc, para_break, para_break + 2)
    with pytest.raises(InvalidArgument, match="unknown colour 'red'"):
        hl.add(doc, 0, 5, color="red")
    with pytest.raises(NotFound):
        hl.add("no-such-doc", 0, 5)
    h = hl.add(doc, 0, 5)
    with pytest.raises(InvalidArgument):
        hl.update(h.id, color="orange")
    assert [(x.id, x.color) for x in hl.list()] == [(h.id, "yellow")]


def test_labels_are_editable_and_persist(tmp_path):
    root = tmp_path / "lib"
    with Library(root) as lib:
        assert lib.highlights.labels() == {c: v[0] for c, v in PALETTE.items()}
        lib.highlights.set_label("pink", "  needs  checking ")
        with pytest.raises(InvalidArgument):
            lib.highlights.set_label("teal", "x")
    with Library(root) as lib:
        assert lib.highlights.labels()["pink"] == "needs checking"
        lib.highlights.set_label("pink", "")
        assert lib.highlights.labels()["pink"] == PALETTE["pink"][0]


def test_an_old_library_opens_and_gains_the_tables(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.executescript("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                     "INSERT INTO meta VALUES ('schema_version', '2');")
    db.close()
    store = Store(path)
    names = {r[0] for r in store.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    store.close()
    assert {"highlights", "highlight_labels", "link_decisions"} <= names


def test_removing_a_document_removes_its_highlights(lib, tmp_path):
    _, doc = _article(lib, tmp_path)
    lib.highlights.add(doc, 0, 5)
    lib.remove([doc])
    assert lib.highlights.list() == []


# -- re-anchoring through a real re-import ------------------------------------------------------
NEEDLES = ("North Korea has sent troops to Russia", "1,500 special forces marks an escalation",
           "Analysts in the U.S. expect more to follow.", "Pyongyang on Jan. 5")


def _reimport(lib, path, text):
    write(path, text)
    report = lib.import_paths([path]).run()
    assert len(report.imported) == 1, report.to_json()


def _annotated(lib, tmp_path):
    path, doc = _article(lib, tmp_path)
    hl = lib.highlights
    ids = [hl.add(doc, *_span(lib, doc, n), note=f"note {i}").id for i, n in enumerate(NEEDLES)]
    return path, doc, ids


def _state(lib, ids):
    return [(h.start, h.end, h.quote, h.orphaned) for h in map(lib.highlights.get, ids)]


def test_unchanged_reimport_keeps_every_highlight_in_place(lib, tmp_path):
    path, doc, ids = _annotated(lib, tmp_path)
    before = _state(lib, ids)
    assert lib.import_paths([path]).run().unchanged          # identical file: nothing to do
    assert _state(lib, ids) == before
    _reimport(lib, path, ARTICLE + "\n\nA closing paragraph added at the end.")
    assert _state(lib, ids) == before                         # changed text, same passages


def test_light_edits_keep_highlights(lib, tmp_path):
    path, doc, ids = _annotated(lib, tmp_path)
    inserted = "An editor's note was added at the top of the article, much later.\n\n"
    edited = inserted + ARTICLE.replace("officials in Seoul", "officials in the capital")
    _reimport(lib, path, edited)
    text = lib.get(doc).text
    after = {h.id: h for h in lib.highlights.list()}
    assert not any(h.orphaned for h in after.values())
    assert [text[after[i].start:after[i].end] for i in ids] == list(NEEDLES)
    assert after[ids[1]].start == ARTICLE.index(NEEDLES[1]) + len(inserted) - len("Seoul") + len(
        "the capital")
    assert after[ids[0]].note == "note 0"
    # a word changed inside a highlighted passage: found fuzzily, quote updated to the new text
    _reimport(lib, path, edited.replace("expect more to follow", "expect more to come"))
    h = lib.highlights.get(ids[2])
    assert (h.quote, h.orphaned) == ("Analysts in the U.S. expect more to come.", False)
    assert lib.get(doc).text[h.start:h.end] == h.quote


def test_deleted_passage_orphans_its_highlight_and_keeps_it(lib, tmp_path):
    path, doc, ids = _annotated(lib, tmp_path)
    cut = ARTICLE[:ARTICLE.index("\n\nMr. Kim")]
    _reimport(lib, path, cut)
    h = lib.highlights.get(ids[3])
    assert h.orphaned and h.quote == NEEDLES[3] and h.note == "note 3"
    assert [x.id for x in lib.highlights.list(orphaned=True)] == [ids[3]]
    assert not any(lib.highlights.get(i).orphaned for i in ids[:3])
    _reimport(lib, path, ARTICLE)                             # the passage is back
    h = lib.highlights.get(ids[3])
    assert not h.orphaned and lib.get(doc).text[h.start:h.end] == NEEDLES[3]


def test_pinned_counterpart_follows_its_document(lib, tmp_path):
    path, doc = _article(lib, tmp_path)
    other = write(tmp_path / "other.txt", "Seoul reports 1,500 troops.\n\nMore text follows.")
    (entry,) = lib.import_paths([other]).run().imported
    s, e = _span(lib, entry["id"], "Seoul reports 1,500 troops.")
    pin = LinkEnd("agrees", doc, *_span(lib, doc, "1,500 special forces"),
                  quote="1,500 special forces", why="troops: 1,500", pinned=True)
    h = lib.highlights.add(entry["id"], s, e, link=pin)
    _reimport(lib, path, "A paragraph put first.\n\n" + ARTICLE)
    link = lib.highlights.get(h.id).link
    assert lib.get(doc).text[link.start:link.end] == "1,500 special forces" == link.quote
    assert link.start == pin.start + len("A paragraph put first.\n\n")


# -- verdicts on cross-references -------------------------------------------------------------
def _xref(lib, ids=None):
    for _ in lib.cross_reference(ids):
        pass


@pytest.fixture
def seeded(tmp_path):
    library = Library(tmp_path / "seeded")
    library.seed_if_new()
    _xref(library)
    yield library
    library.close()


def _conflict(lib, needle):
    for r in lib.links(relation="conflicts"):
        if needle in lib.get(r[3]).text[r[4]:r[5]]:
            return r
    raise AssertionError(needle)


def test_rejected_link_stays_hidden_after_recomputation(seeded):
    lib = seeded
    rows = lib.links(relation="conflicts")
    assert len(rows) >= 2
    bad = _conflict(lib, "17,000")
    lib.highlights.decide(bad, "rejected")
    assert bad not in lib.links() and lib.highlights.decision(bad) == "rejected"
    kept = [r for r in rows if r != bad]
    assert lib.links(relation="conflicts") == kept
    lib.store.delete_links()                                  # the engine starts over
    with lib.store.transaction():
        lib.store.execute("DELETE FROM xref_state")
    _xref(lib)
    assert bad in lib.store.links() and bad not in lib.links()
    assert lib.links(relation="conflicts") == kept
    lib.highlights.decide(bad, None)
    assert bad in lib.links()


def test_rejection_holds_when_positions_shift(seeded, tmp_path):
    lib = seeded
    bad = _conflict(lib, "17,000")
    quote_a = lib.get(bad[0]).text[bad[1]:bad[2]]
    lib.highlights.decide(bad, "rejected")
    accepted = _conflict(lib, "approximately 14,000")
    lib.highlights.decide(accepted, "accepted")
    # seed 000 again, under its seed origin, with a paragraph put first: every span moves
    row = lib.get(SEED0)
    from reader.core.library import Source
    path = write(tmp_path / "000.txt", "EuropeNews\n\n" + row.title + "\n\nA note first.\n\n"
                 + row.text)
    lib.import_sources([Source(path, row.origin, SEED0)]).run()
    _xref(lib)
    moved = [r for r in lib.store.links(relation="conflicts")
             if r[0] == SEED0 and lib.get(SEED0).text[r[1]:r[2]] == quote_a
             and "17,000" in lib.get(r[3]).text[r[4]:r[5]]]
    assert moved and moved[0][1] != bad[1]
    assert moved[0] not in lib.links()
    assert [lib.highlights.decision(r) for r in lib.links(relation="conflicts")
            if "approximately 14,000" in lib.get(r[3]).text[r[4]:r[5]]
            and lib.get(SEED0).text[r[1]:r[2]] == quote_a] == ["accepted"]


def test_pin_a_link_keeps_relation_and_counterpart(seeded):
    lib = seeded
    r = _conflict(lib, "17,000")
    h = lib.highlights.pin_link(r, doc_id=SEED3, color="pink", note="Which figure is right?")
    assert (h.doc_id, h.start, h.end) == (SEED3, r[4], r[5])
    assert h.link.relation == "conflicts" and h.link.doc_id == SEED0
    assert h.link.quote == lib.get(SEED0).text[r[1]:r[2]] and "1,500" in h.link.quote
    assert h.link.why == r[8]
    with pytest.raises(InvalidArgument):
        lib.highlights.pin_link(r, doc_id="002_674a3aba9f60fef1")
    with pytest.raises(InvalidArgument):
        lib.highlights.decide(r, "maybe")

