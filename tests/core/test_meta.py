"""Editing a document's metadata: real SQLite and a real Whoosh index in a temporary folder."""

from __future__ import annotations

import pytest

from reader.core import meta
from reader.core.errors import InvalidArgument, NotFound
from reader.core.library import Library
from tests.helpers import ARTICLE, write

FRONT = ("---\ntitle: Troops sent north\nsource: Daily Planet\nauthor: Lois Lane\n"
         "date: 2024-10-20\nurl: https://planet.example/troops\n---\n\n")


@pytest.fixture
def lib(tmp_path):
    library = Library(tmp_path / "lib")
    yield library
    library.close()


@pytest.fixture
def two(lib, tmp_path):
    """Two dated articles: (library, path of the older one, its id, the newer one's id)."""
    old = write(tmp_path / "old.md", FRONT + ARTICLE)
    new = write(tmp_path / "new.md", FRONT.replace("2024-10-20", "2024-11-02")
                .replace("Troops sent north", "Second report") + ARTICLE + "\n\nMore news.")
    report = lib.import_paths([old, new]).run()
    ids = {d["path"]: d["id"] for d in report.imported}
    return lib, old, ids[str(old)], ids[str(new)]


def _ids(hits) -> list[str]:
    return [h.id for h in hits.hits]


def test_an_edit_is_stored_indexed_and_kept_as_an_override(two):
    lib, _, doc, _ = two
    row = lib.edit_metadata(doc, title="Quokka dispatch", source="Wombat Gazette",
                            author="", url="http://wombat.example/q")
    assert (row.title, row.source, row.author, row.url) == (
        "Quokka dispatch", "Wombat Gazette", "", "http://wombat.example/q")
    assert lib.get(doc).title == "Quokka dispatch"
    assert _ids(lib.search("title:quokka")) == [doc]
    assert _ids(lib.search("source:wombat")) == [doc]
    assert _ids(lib.search("title:troops")) == []          # the old title is gone from the index
    assert lib.metadata_edits(doc) == {"title": "Quokka dispatch", "source": "Wombat Gazette",
                                       "author": "", "url": "http://wombat.example/q"}


def test_a_date_is_read_into_iso_form_and_re_sorts_the_library(two):
    lib, _, older, newer = two
    assert [d.id for d in lib.documents()] == [newer, older]
    row = lib.edit_metadata(older, date="3 December 2024")
    assert row.date == "2024-12-03"
    assert [d.id for d in lib.documents()] == [older, newer]
    assert _ids(lib.search("date:2024-12")) == [older]
    assert _ids(lib.search("date:2024-10")) == []
    assert _ids(lib.search("troops", sort="date")) == [older, newer]


def test_a_new_date_sends_the_document_to_be_cross_referenced_again(two):
    lib, _, doc, other = two
    hashes = lib.store.hashes()
    with lib.lock.hold(), lib.store.transaction():
        for d in (doc, other):
            lib.store.set_xref_state(d, hashes[d], lib.engine.version)
    lib.edit_metadata(doc, title="Only the title")
    assert lib.engine.pending() == []
    lib.edit_metadata(doc, date="2024-10-21")
    assert lib.engine.pending() == [doc]


def test_a_new_source_sends_the_document_to_be_cross_referenced_again(two):
    """A conflict's why names each claim's outlet: an edited source must reach the links."""
    lib, _, doc, other = two
    hashes = lib.store.hashes()
    with lib.lock.hold(), lib.store.transaction():
        for d in (doc, other):
            lib.store.set_xref_state(d, hashes[d], lib.engine.version)
    lib.edit_metadata(doc, author="Someone Else")
    assert lib.engine.pending() == []
    lib.edit_metadata(doc, source="Renamed Outlet")
    assert lib.engine.pending() == [doc]


@pytest.mark.parametrize("changes, reason", [
    ({"title": "  "}, "the title cannot be empty"),
    ({"date": "next Tuesday"}, "the date 'next Tuesday' cannot be read"),
    ({"date": "2024"}, "cannot be read: write it as YYYY-MM-DD"),
    ({"date": "2024-02-30"}, "cannot be read"),
    ({"url": "ftp://files.example/a"}, "is not a web address"),
    ({"url": "planet.example/troops"}, "is not a web address"),
    ({"url": "https://"}, "is not a web address"),
    ({"words": "12"}, "no metadata field 'words'"),
])
def test_a_bad_value_is_refused_and_changes_nothing(two, changes, reason):
    lib, _, doc, _ = two
    before = lib.get(doc)
    with pytest.raises(InvalidArgument, match=reason):
        lib.edit_metadata(doc, source="Changed Too", **changes)
    assert lib.get(doc) == before
    assert lib.metadata_edits(doc) == {}
    assert _ids(lib.search("source:changed")) == []


def test_an_unknown_document_is_not_found(lib):
    with pytest.raises(NotFound, match="no document with id 'nope'"):
        lib.edit_metadata("nope", title="x")


def test_an_index_failure_changes_nothing(two):
    """The index fails after it was written to: the store rolls back and the index is
    written again from the store's values."""
    lib, _, doc, _ = two
    before = lib.get(doc)

    def failing(ids):
        lib.ingest.index_stored(ids)
        raise OSError("No space left on device")

    with pytest.raises(OSError, match="No space left"):
        meta.edit(lib.store, lib.lock, failing, doc, {"title": "Quokka dispatch"})
    assert lib.get(doc) == before
    assert lib.metadata_edits(doc) == {}
    assert _ids(lib.search("title:quokka")) == []
    assert _ids(lib.search('title:"troops sent north"')) == [doc]


def test_edits_survive_a_reimport_of_the_same_file(two):
    lib, path, doc, _ = two
    lib.edit_metadata(doc, title="Quokka dispatch", author="")
    report = lib.import_paths([path]).run()
    assert [d["id"] for d in report.unchanged] == [doc] and report.imported == []
    row = lib.get(doc)
    assert (row.title, row.author, row.source) == ("Quokka dispatch", "", "Daily Planet")
    # the file changes (text and source): the edited fields stay, the others follow the file
    write(path, FRONT.replace("Daily Planet", "Evening Star") + ARTICLE + "\n\nAn update.")
    report = lib.import_paths([path]).run()
    assert report.imported == [{"id": doc, "title": "Quokka dispatch", "path": str(path)}]
    row = lib.get(doc)
    assert (row.title, row.author, row.source) == ("Quokka dispatch", "", "Evening Star")
    assert row.text.endswith("An update.")
    assert _ids(lib.search("title:quokka")) == [doc]


def test_an_edit_that_changes_nothing_writes_nothing(two):
    lib, _, doc, _ = two
    row = lib.edit_metadata(doc, title="Troops sent north", date="20 October 2024")
    assert (row.title, row.date) == ("Troops sent north", "2024-10-20")
    assert lib.metadata_edits(doc) == {}


def test_exports_cite_the_edited_values(two):
    from reader.core.export import export
    lib, _, doc, _ = two
    lib.highlights.add(doc, 0, 20)
    lib.edit_metadata(doc, title="Quokka dispatch", source="Wombat Gazette", date="2025-01-02")
    md = export(lib, "md", doc_ids=[doc], kind="user")
    assert "Quokka dispatch — Wombat Gazette, Lois Lane, 2025-01-02" in md
    assert "Troops sent north" not in md and "Daily Planet" not in md
