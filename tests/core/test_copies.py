"""Near-copies (xref/copies.py): one article published by two outlets is kept for both, found as
copies, and its links are not multiplied."""

from __future__ import annotations

import json

import numpy as np
import pytest

from reader.core.library import Library
from reader.core.xref.copies import CopyRule, find_copies, first_copies, share, shingles
from reader.core.xref.thresholds import DEFAULT
from tests.helpers import SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def _body(path) -> str:
    """A seed's text without its first two lines (outlet and title)."""
    return path.read_text(encoding="utf-8").split("\n", 3)[3].strip()


def test_shingles_and_share():
    a = shingles("The army sent 1,500 soldiers to the front on Tuesday, officials said.")
    assert a.dtype == np.int64 and len(a) == len(np.unique(a))
    b = shingles("the army SENT 1,500 soldiers to the front on Tuesday, officials said")
    assert share(a, b) == 1.0                      # case and punctuation do not matter
    c = shingles("The army sent 14,000 soldiers to the front on Tuesday, officials said.")
    assert 0 < share(a, c) < 0.8                   # one changed figure breaks five shingles
    assert share(a, shingles("")) == 0.0


def test_find_copies_needs_alike_documents_and_shared_text():
    body = _body(SEED_FILES[0])
    longer = body + "\n\nThis article was first published by EuropeNews."
    other = _body(SEED_FILES[1])
    texts = {"a": body, "b": longer, "c": other}
    pairs = [("a", "b", 0.97), ("a", "c", 0.95), ("b", "c", 0.5)]
    assert [(a, b) for a, b, _ in find_copies(texts, pairs, DEFAULT)] == [("a", "b")]
    # below the document likeness asked for, not even compared
    assert find_copies(texts, [("a", "b", DEFAULT.copy_min_cosine - 0.01)], DEFAULT) == []


def test_first_copies_follow_copies_of_copies():
    groups = {"x": ["y"], "y": ["x", "z"], "z": ["y"], "p": ["q"], "q": ["p"]}
    first = first_copies(groups, ["q", "z", "y", "x", "p"])
    assert first == {"x": "z", "y": "z", "z": "z", "p": "q", "q": "q"}


def test_copy_rule():
    rule = CopyRule({"a": "a", "b": "a"}, {"a": ["One claim here.", "Another claim there."]})
    assert not rule.keep("a", "One claim here.", "b", "One claim here.")   # the same text
    assert rule.keep("a", "One claim here.", "b", "A claim only the copy has.")
    assert not rule.keep("b", "Another claim there.", "c", "A third source agrees.")
    assert rule.keep("b", "A claim only the copy has.", "c", "A third source agrees.")
    assert rule.keep("a", "Another claim there.", "c", "A third source agrees.")
    # only the first copy's claims themselves, word for word: a part of one is a claim of its own
    assert rule.keep("b", "Claim here.", "c", "A third source agrees.")
    assert not CopyRule({}, {})


def _records(path, rows):
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def copied(tmp_path_factory):
    lib, report = _copied_library(tmp_path_factory.mktemp("copies"))
    yield lib, report
    lib.close()


def _copied_library(tmp):
    """Seed 0 by EuropeNews, the same text by a second outlet, a third outlet's copy with a
    paragraph added, and seed 2 (another article on the story)."""
    body = _body(SEED_FILES[0])
    added = ("Kyiv said on Wednesday that a further 3,000 North Korean soldiers had reached "
             "the Kursk region, a figure Moscow did not confirm.")
    rows = [
        {"id": "europe", "title": "Russia relies on North Korean forces", "source": "EuropeNews",
         "date": "2024-10-20", "text": body},
        {"id": "wire", "title": "Russia relies on North Korean forces", "source": "Wire Daily",
         "date": "2024-10-20", "text": body},
        {"id": "again", "title": "Russia relies on North Korean forces", "source": "EuropeNews",
         "date": "2024-10-20", "text": body},
        {"id": "later", "title": "North Korean forces in Russia (updated)", "source": "Globe",
         "date": "2024-10-21", "text": body + "\n\n" + added},
        {"id": "other", "title": "Another report", "source": "Other Times",
         "date": "2024-10-21", "text": _body(SEED_FILES[2])},
    ]
    lib = Library(tmp / "lib")
    report = lib.import_paths([_records(tmp / "c.jsonl", rows)]).run()
    for _ in lib.cross_reference():
        pass
    return lib, report


def test_a_second_outlets_exact_copy_is_kept(copied):
    lib, report = copied
    assert [d["id"] for d in report.imported] == ["europe", "wire", "later", "other"]
    # the same text from the same outlet again is a duplicate, as before
    assert [d["id"] for d in report.duplicates] == ["europe"]
    assert {d.id for d in lib.documents()} == {"europe", "wire", "later", "other"}


def test_copies_are_found_and_listed(copied):
    lib, _ = copied
    assert lib.copies() == {"europe": ["later", "wire"], "wire": ["europe", "later"],
                            "later": ["europe", "wire"]}
    assert lib.copies("other") == {}


def test_the_links_of_copies_are_not_multiplied(copied):
    lib, _ = copied
    links = lib.links()
    docs = {d.id: lib.get(d.id).text for d in lib.documents()}
    group = {"europe", "wire", "later"}
    # no link joins the same words in two copies
    for r in links:
        if r.a_doc in group and r.b_doc in group:
            assert docs[r.a_doc][r.a_start:r.a_end] != docs[r.b_doc][r.b_start:r.b_end]
    # the third source is linked to the first imported copy only, but for what a copy adds
    to_other = {}
    for r in links:
        ends = {r.a_doc: (r.a_start, r.a_end), r.b_doc: (r.b_start, r.b_end)}
        if "other" in ends and len(ends) == 2:
            (copy,) = set(ends) - {"other"}
            s, e = ends[copy]
            to_other.setdefault(copy, []).append(docs[copy][s:e])
    assert to_other.get("europe")                   # the article is linked once...
    assert "wire" not in to_other                   # ...not again through its exact copy
    assert all("3,000" in t for t in to_other.get("later", []))   # only what it adds


def test_a_later_copy_shows_the_first_copys_links_on_its_own_claims(copied):
    lib, _ = copied
    europe, wire = lib.get("europe").text, lib.get("wire").text
    assert not [r for r in lib.store.links(["wire"]) if "other" in (r.a_doc, r.b_doc)]
    shown = [r for r in lib.links_shown("wire") if "other" in (r.a_doc, r.b_doc)]
    first = [r for r in lib.links(["europe"]) if "other" in (r.a_doc, r.b_doc)]
    assert shown and len(shown) == len(first)
    for r, f in zip(sorted(shown), sorted(first)):
        mine = r.a if r.a_doc == "wire" else r.b
        theirs = f.a if f.a_doc == "europe" else f.b
        assert wire[mine[1]:mine[2]] == europe[theirs[1]:theirs[2]]
        assert r.relation == f.relation and r.why == f.why
    assert lib.links_shown("europe") == lib.links(["europe"])


def test_removing_the_first_copy_hands_its_links_on(tmp_path):
    lib, _ = _copied_library(tmp_path)       # its own library: this test removes a document
    lib.remove(["europe"])
    assert set(lib.engine.pending()) >= {"wire", "later"}
    for _ in lib.cross_reference():
        pass
    assert lib.copies("wire") == {"wire": ["later"], "later": ["wire"]}
    assert any("wire" in (r.a_doc, r.b_doc) and "other" in (r.a_doc, r.b_doc)
               for r in lib.links())
    lib.close()


def test_cli_lists_copies(copied):
    import subprocess
    import sys
    lib, _ = copied
    r = subprocess.run([sys.executable, "-m", "reader", "--library", str(lib.root), "list",
                        "--json"], capture_output=True, check=True)
    got = {d["id"]: sorted(d["copies"]) for d in json.loads(r.stdout)}
    assert got == {"europe": ["later", "wire"], "wire": ["europe", "later"],
                   "later": ["europe", "wire"], "other": []}


def test_a_schema_3_library_may_keep_one_text_twice(tmp_path):
    import sqlite3

    from reader.core.store import NewDocument, Store
    path = tmp_path / "old.sqlite3"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute("DROP INDEX documents_by_hash")
    db.execute("CREATE UNIQUE INDEX documents_hash ON documents(content_hash)")
    db.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    store = Store(path)
    text = "One text, kept for two outlets."
    with store.transaction():
        for doc_id in ("a", "b"):       # the old unique index would refuse the second
            store.put(NewDocument(id=doc_id, origin=doc_id, path="", content_hash="h",
                                  text=text, paragraphs=[(0, len(text))],
                                  sentences=[(0, len(text))]))
    assert {d.id for d in store.by_hash("h")} == {"a", "b"}
    store.close()
    db = sqlite3.connect(path)
    indexes = {r[1]: r[2] for r in db.execute("PRAGMA index_list(documents)")}
    db.close()
    assert "documents_hash" not in indexes and indexes["documents_by_hash"] == 0


def test_copies_are_linked_only_where_a_value_changed(tmp_path):
    body = _body(SEED_FILES[0])
    edited = body.replace("1,500 North Korean special forces", "2,500 North Korean special "
                          "forces", 1)
    assert edited != body
    rows = [{"id": "first", "source": "EuropeNews", "date": "2024-10-20", "text": body},
            {"id": "edited", "source": "Wire Daily", "date": "2024-10-20", "text": edited}]
    with Library(tmp_path / "lib") as lib:
        lib.import_paths([_records(tmp_path / "c.jsonl", rows)]).run()
        for _ in lib.cross_reference():
            pass
        assert lib.copies("first") == {"first": ["edited"], "edited": ["first"]}
        links = lib.links()
        assert links and {r.relation for r in links} == {"conflicts"}
        assert all({r.a_value, r.b_value} == {"1,500", "2,500"} for r in links)


def test_a_highlight_on_one_outlets_copy_comes_back_on_that_outlets_copy(copied, tmp_path):
    """Importing annotations into a library where the copies have other ids: the one text is
    kept for two outlets under one title, and the export's outlet tells them apart."""
    from reader.core.export import export, import_annotations
    lib, _ = copied
    h = lib.highlights.add("wire", 0, 40, note="on the wire's copy")
    try:
        data = json.loads(export(lib, "json", doc_ids=["wire"], kind="user"))
    finally:
        lib.highlights.remove([h.id])
    body = _body(SEED_FILES[0])
    rows = [{"id": "e2", "title": "Russia relies on North Korean forces",
             "source": "EuropeNews", "date": "2024-10-20", "text": body},
            {"id": "w2", "title": "Russia relies on North Korean forces",
             "source": "Wire Daily", "date": "2024-10-20", "text": body}]
    with Library(tmp_path / "other") as other:
        other.import_paths([_records(tmp_path / "o.jsonl", rows)]).run()
        report = import_annotations(other, data)
        assert len(report.restored) == 1
        assert [x.doc_id for x in other.highlights.list()] == ["w2"]


def test_a_copy_of_a_copy_shows_the_first_copys_links(tmp_path):
    lib, _ = _copied_library(tmp_path)
    with lib.store.transaction():      # "later" known as a copy of "wire" only
        lib.store.set_copies([("europe", "wire", 1.0), ("wire", "later", 0.95)])
    to_other = lambda rows: {(r.relation, r.why) for r in rows  # noqa: E731
                             if "other" in (r.a_doc, r.b_doc)}
    first = to_other(lib.links(["europe"]))
    assert first and not first <= to_other(lib.links(["later"]))   # stored on the first copy
    assert first <= to_other(lib.links_shown("later"))
    lib.close()


def test_search_by_links_finds_a_later_copy_too(copied):
    """``has:`` and ``linked:`` find a later copy of an article with the links of its first
    copy (stored once, on the first copy): the wire copy of EuropeNews's article conflicts with
    the other report as much as the first does."""
    lib, _ = copied
    assert "other" in {d for r in lib.links(["europe"], relation="conflicts")
                       for d in (r.a_doc, r.b_doc)}
    assert not lib.store.links(["wire"])                    # nothing stored on the copy
    found = {h.id for h in lib.search("has:conflicts", limit=20).hits}
    assert {"europe", "wire", "other"} <= found
    assert {"europe", "wire"} <= {h.id for h in lib.search("linked:other", limit=20).hits}
    assert "other" in {h.id for h in lib.search("linked:wire", limit=20).hits}
