"""Stories the user makes (issue 16): made, renamed, re-composed, deleted; refused writes change
nothing; removing a document takes it out of its stories; an older library gains the tables."""

from __future__ import annotations

import sqlite3

import pytest

from reader.core.errors import InvalidArgument, NotFound
from reader.core.library import Library

SEED_000 = "000_e7277f4b1b896bba"
SEED_002 = "002_674a3aba9f60fef1"
SEED_003 = "003_a7cd122e480457df"


@pytest.fixture
def lib(tmp_path):
    library = Library(tmp_path / "lib")
    library.seed_if_new()
    yield library
    library.close()


def _tables(lib) -> tuple:
    return (lib.store.execute("SELECT * FROM stories").fetchall(),
            lib.store.execute("SELECT * FROM story_documents ORDER BY story_id, n").fetchall())


def test_make_rename_recompose_delete(lib):
    story = lib.make_story("  Troops   in Kursk ", [SEED_003, SEED_000])
    assert story.made_by == "user" and story.title == "Troops in Kursk"
    assert story.doc_ids == [SEED_003, SEED_000]
    assert lib.story(story.id) == story
    assert lib.stories()[0] == story                    # the user's stories come first
    assert lib.rename_story(story.id, "Kursk").title == "Kursk"
    changed = lib.set_story_documents(story.id, [SEED_000, SEED_002, SEED_003])
    assert lib.story(story.id) == changed and changed.title == "Kursk"
    assert changed.doc_ids == [SEED_000, SEED_002, SEED_003]
    other = lib.make_story("Another", [SEED_000, SEED_002])
    assert [s.id for s in lib.stories()[:2]] == [other.id, story.id]   # the last made first
    lib.delete_story(story.id)
    with pytest.raises(NotFound):
        lib.story(story.id)
    assert lib.story(other.id).doc_ids == [SEED_000, SEED_002]


@pytest.mark.parametrize("write, error", [
    (lambda lib, sid: lib.make_story("", [SEED_000, SEED_002]), InvalidArgument),
    (lambda lib, sid: lib.make_story("One", [SEED_000]), InvalidArgument),
    (lambda lib, sid: lib.make_story("Dup", [SEED_000, SEED_000]), InvalidArgument),
    (lambda lib, sid: lib.make_story("X", [SEED_000, "nope"]), NotFound),
    (lambda lib, sid: lib.set_story_documents(sid, [SEED_000]), InvalidArgument),
    (lambda lib, sid: lib.set_story_documents(sid, [SEED_000, "nope"]), NotFound),
    (lambda lib, sid: lib.set_story_documents("u999", [SEED_000, SEED_002]), NotFound),
    (lambda lib, sid: lib.rename_story(sid, "   "), InvalidArgument),
    (lambda lib, sid: lib.rename_story("3f2a", "Title"), NotFound),
    (lambda lib, sid: lib.delete_story("u999"), NotFound),
])
def test_a_refused_write_changes_nothing(lib, write, error):
    story = lib.make_story("Kursk", [SEED_000, SEED_003])
    before = _tables(lib)
    with pytest.raises(error):
        write(lib, story.id)
    assert _tables(lib) == before


def test_removing_a_document_takes_it_out_of_its_stories(lib):
    story = lib.make_story("Kursk", [SEED_000, SEED_002, SEED_003])
    removed, _ = lib.remove([SEED_002])
    assert removed == [SEED_002]
    assert lib.story(story.id).doc_ids == [SEED_000, SEED_003]


def test_an_older_library_gains_the_story_tables(tmp_path):
    root = tmp_path / "old"
    Library(root).close()
    db = sqlite3.connect(root / "library.sqlite3")
    db.executescript("DROP TABLE story_documents; DROP TABLE stories; "
                     "UPDATE meta SET value = '5' WHERE key = 'schema_version';")
    db.close()
    with Library(root) as lib:
        assert lib.store.get_meta("schema_version") == "6"
        assert lib.made_stories.list() == []
