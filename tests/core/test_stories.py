"""Stories and their matrix (issue 16), on the seeds as the engine links them."""

from __future__ import annotations

import pytest

from reader.core.library import Library
from reader.core.stories.model import STATUSES

SEED_000 = "000_e7277f4b1b896bba"
SEED_002 = "002_674a3aba9f60fef1"
SEED_003 = "003_a7cd122e480457df"


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    library = Library(tmp_path_factory.mktemp("stories") / "lib")
    library.seed_if_new()
    for _ in library.cross_reference():
        pass
    yield library
    library.close()


def test_the_seeds_are_one_story(lib):
    stories = lib.stories()
    assert len(stories) == 1
    assert sorted(stories[0].doc_ids) == sorted([SEED_000, SEED_002, SEED_003])
    assert stories[0].id == lib.stories()[0].id                    # stable


def test_the_matrix_puts_the_troop_conflict_first_with_both_values(lib):
    m = lib.story_matrix([SEED_000, SEED_002, SEED_003])
    assert [c.doc_id for c in m.columns] and len(m.columns) == 3
    first = m.rows[0]
    assert first.status == "conflicts"
    assert "1,500" in first.values and len(first.values) >= 2
    assert first.cells[SEED_000].relation == "conflicts"
    statuses = [STATUSES.index(r.status) for r in m.rows]
    assert statuses == sorted(statuses)                           # conflicts, …, alone
    for row in m.rows:
        assert len({c.doc_id for c in row.cells.values()}) == len(row.cells)
        for cell in row.cells.values():
            assert lib.get(cell.doc_id).text[cell.start:cell.end] == cell.text
    alone = [r for r in m.rows if r.status == "alone"]
    assert alone and all(len(r.cells) == 1 for r in alone)
    out = m.to_json()
    assert out["rows"][0]["status"] == "conflicts" and out["columns"][0]["doc"]


def test_an_unknown_document_is_named(lib):
    from reader.core.errors import NotFound
    with pytest.raises(NotFound):
        lib.story_matrix([SEED_000, "nope"])
