"""Stories and their matrix (issue 16), on the seeds as the engine links them."""

from __future__ import annotations

import pytest

from reader.core.library import Library
from reader.core.stories.model import STATUSES

SEED_000 = "000_e7277f4b1b896bba"
SEED_002 = "002_674a3aba9f60fef1"
SEED_003 = "003_a7cd122e480457df"


def _seeded(path):
    library = Library(path)
    library.seed_if_new()
    for _ in library.cross_reference():
        pass
    return library


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    library = _seeded(tmp_path_factory.mktemp("stories") / "lib")
    yield library
    library.close()


@pytest.fixture
def own(tmp_path):
    """A seeded library of the test's own, to cross-reference again."""
    library = _seeded(tmp_path / "lib")
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


# -- stories found from the engine's same-story pairs ---------------------------------------------

def _pairs(library) -> dict:
    from reader.core.stories.pairs import story_pairs
    return story_pairs(library.store)


def test_the_engine_keeps_the_seeds_same_story_pairs_and_replaces_them(own):
    lib = own
    pairs = _pairs(lib)
    assert set(pairs) == {(SEED_000, SEED_002), (SEED_000, SEED_003), (SEED_002, SEED_003)}
    assert all(0.25 <= c <= 1.0 for c in pairs.values())
    with lib.store.transaction():           # stale values, as a text that changed would leave
        lib.store.execute("UPDATE story_pairs SET cosine = 0.01")
    for _ in lib.engine.run([SEED_000]):    # one document again: its pairs are replaced
        pass
    assert _pairs(lib) == {**pairs, (SEED_002, SEED_003): 0.01}
    for _ in lib.engine.run([SEED_000, SEED_002, SEED_003]):   # all of them: the same
        pass
    assert _pairs(lib) == pairs


def test_a_cancelled_run_leaves_the_pairs_as_they_were(own):
    lib = own
    import threading
    cancel = threading.Event()
    before = _pairs(lib)
    job = lib.engine.run([SEED_000, SEED_002, SEED_003], cancel=cancel)
    next(job)
    cancel.set()
    for _ in job:
        pass
    assert _pairs(lib) == before


_EVENTS = [
    ("flood-1", "Floods cut off Ashford", "2024-03-02", "Courier",
     "Floodwater from the river Stour cut off the town of Ashford on Saturday after two days of "
     "heavy rain. The river rose four metres above its normal level, the Environment Agency "
     "said. About 300 homes in Ashford were evacuated overnight and the town's bridges were "
     "closed. Rescue teams used boats to reach residents trapped in flooded streets."),
    ("flood-2", "Ashford evacuated as the Stour floods", "2024-03-02", "Herald",
     "Some 300 homes were evacuated in Ashford overnight as the river Stour burst its banks "
     "after heavy rain. The Environment Agency said the river rose four metres above normal. "
     "Bridges in the town were closed and boats were used to rescue residents from flooded "
     "streets."),
    ("transfer-1", "Rovers sign striker Okafor", "2024-03-02", "Courier",
     "Rovers have signed the striker Daniel Okafor from Lisbon for a club record fee of twelve "
     "million pounds. Okafor, 23, scored nineteen league goals last season and agreed a "
     "four-year contract. The manager said the striker would make his debut against City on "
     "Tuesday evening."),
    ("transfer-2", "Okafor joins Rovers for a record fee", "2024-03-02", "Herald",
     "Daniel Okafor joined Rovers from Lisbon on a four-year contract, for a club record fee "
     "said to be twelve million pounds. The 23-year-old striker scored nineteen league goals "
     "last season. He could make his debut against City on Tuesday, the manager said."),
]


def test_two_unrelated_events_are_two_stories(tmp_path):
    import json
    src = tmp_path / "news.jsonl"
    src.write_text("\n".join(json.dumps({"id": i, "title": t, "date": d, "source": s, "text": x})
                             for i, t, d, s, x in _EVENTS), encoding="utf-8")
    with Library(tmp_path / "lib") as library:
        library.import_paths([src]).run()
        for _ in library.cross_reference():
            pass
        assert set(_pairs(library)) == {("flood-1", "flood-2"), ("transfer-1", "transfer-2")}
        stories = library.stories()
        assert sorted(sorted(s.doc_ids) for s in stories) == [["flood-1", "flood-2"],
                                                             ["transfer-1", "transfer-2"]]
        m = library.story_matrix(["flood-1", "flood-2"])
        assert any(len(r.cells) == 2 for r in m.rows)       # a fact both report


def test_a_library_of_schema_5_gains_story_pairs_at_its_next_cross_referencing(tmp_path):
    import sqlite3
    _seeded(tmp_path / "lib").close()
    db = sqlite3.connect(tmp_path / "lib" / "library.sqlite3")
    db.executescript("DROP TABLE story_pairs; UPDATE meta SET value = '5' "
                     "WHERE key = 'schema_version';")
    db.close()
    with Library(tmp_path / "lib") as library:
        assert library.stories() == [] and len(library.engine.pending()) == 3
        for _ in library.cross_reference():
            pass
        assert [sorted(s.doc_ids) for s in library.stories()] == [[SEED_000, SEED_002, SEED_003]]


def _docs(*ids):
    from reader.core.store import DocumentRow
    return {d: DocumentRow(d, d, "", "", "", "", "", "", "", 0) for d in ids}


def test_a_chain_of_likenesses_is_not_one_story():
    from reader.core.stories import find_stories
    docs = _docs("a", "b", "c", "d", "e", "f")
    pairs = {("a", "b"): 0.7, ("a", "c"): 0.6, ("b", "c"): 0.65,       # one story
             ("c", "d"): 0.3,                                           # a bridge
             ("d", "e"): 0.7, ("d", "f"): 0.6, ("e", "f"): 0.65}       # another
    found = find_stories(docs, pairs, {})
    assert sorted(sorted(s.doc_ids) for s in found) == [["a", "b", "c"], ["d", "e", "f"]]


def test_near_copies_are_one_story_with_every_copy():
    from reader.core.stories import find_stories
    docs = _docs("a", "a2", "b", "z")
    found = find_stories(docs, {("a", "b"): 0.5}, {"a": ["a2"], "a2": ["a"]})
    assert [sorted(s.doc_ids) for s in found] == [["a", "a2", "b"]]


# -- the matrix's rows ----------------------------------------------------------------------------

def test_the_seeds_troop_figures_are_one_row(lib):
    m = lib.story_matrix([SEED_000, SEED_002, SEED_003])
    troops = [r for r in m.rows if "1,500" in r.values]
    assert len(troops) == 1
    row = troops[0]
    assert row.status == "conflicts" and row.fact == "troops"
    assert {"1,500", "17,000", "approximately 14,000", "thousands"} <= set(row.values)
    assert set(row.cells) == {SEED_000, SEED_002, SEED_003}
    reuters = row.cells[SEED_003]
    figures = {c.value for c in (reuters, *reuters.also)}
    assert {"17,000", "approximately 14,000"} <= figures           # both, in one cell
    out = m.to_json()["rows"][m.rows.index(row)]
    cell = next(c for c in out["cells"] if c["doc"] == SEED_003)
    assert [a["value"] for a in cell["also"]] == [a.value for a in reuters.also]


def test_every_claim_is_in_one_row_once(lib):
    ids = [SEED_000, SEED_002, SEED_003]
    m = lib.story_matrix(ids)
    seen = []
    for row in m.rows:
        assert row.cells and all(d == c.doc_id for d, c in row.cells.items())
        for cell in row.cells.values():
            for c in (cell, *cell.also):
                assert c.doc_id == cell.doc_id and (c is cell or not c.also)
                assert lib.get(c.doc_id).text[c.start:c.end] == c.text
                seen.append((c.doc_id, c.start, c.end))
        if row.status == "alone":
            assert len(row.cells) == 1 and not next(iter(row.cells.values())).also
    claims = [(d, s, e) for d in ids for s, e in lib.store.spans(d, "claims")]
    assert sorted(seen) == sorted(claims)


def test_the_troop_cells_say_who_gave_each_figure(lib):
    """Issue 16, point 3: each cell names the attribution its claim gives."""
    m = lib.story_matrix([SEED_000, SEED_002, SEED_003])
    said = {cell.attribution for row in m.rows for cell in row.cells.values()}
    assert any("intelligence" in a.lower() for a in said), said
    troop = next(r for r in m.rows if "1,500" in r.values)
    cell = troop.cells[SEED_000]
    assert "South Korean intelligence" in cell.attribution or \
        any("South Korean intelligence" in c.attribution for c in cell.also)


def test_prepare_stories_loads_what_the_first_matrix_would(tmp_path):
    """In a fresh process, ``prepare_stories`` loads scipy's sparse matrices and compiles the
    attribution patterns, the cold part of the first matrix (a worker runs it when idle)."""
    import subprocess
    import sys
    code = (
        "import sys\n"
        "from reader.core.library import Library\n"
        f"lib = Library({str(tmp_path / 'lib')!r})\n"
        "assert 'scipy.sparse' not in sys.modules\n"
        "lib.prepare_stories()\n"
        "assert 'scipy.sparse' in sys.modules\n"
        "from reader.core.text import attribution\n"
        "print(attribution.attribution('Troops were sent, the army said.'))\n"
        "lib.close()\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "the army"


def test_facts_in_conflict_counts_as_the_matrix_does(lib):
    """The stories list's count (connected groups of conflicting links) is the number of the
    matrix's conflict rows on the seeds (one troop fact, several links), and two separate
    conflicts are two facts."""
    from reader.core.stories.found import connected, facts_in_conflict
    ids = [SEED_000, SEED_002, SEED_003]
    links = lib.links(relation="conflicts")
    rows = sum(r.status == "conflicts" for r in lib.story_matrix(ids).rows)
    assert len(links) > rows == facts_in_conflict(ids, links) == 1
    assert facts_in_conflict([SEED_000], links) == 0
    groups = connected([(1, 2), (3, 4), (2, 5)])
    assert len(set(groups.values())) == 2 and groups[5] == groups[1] != groups[3]
