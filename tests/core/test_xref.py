"""The cross-referencing engine on the three seed articles, in a real temporary library."""

from __future__ import annotations

import shutil

import pytest

from reader.core.library import Library
from tests.helpers import SEEDS, write

SEED_FILES = sorted(p.name for p in SEEDS.glob("*.txt"))


def _import_seeds(lib: Library, folder) -> dict[str, str]:
    """Import the seeds; returns {seed number: doc id}."""
    ids = {}
    for name in SEED_FILES:
        path = folder / name
        shutil.copy(SEEDS / name, path)
        report = lib.import_paths([path]).run()
        ids[name[:3]] = report.imported[0]["id"]
    return ids


def _run(lib, ids=None):
    for _ in lib.cross_reference(ids):
        pass


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("xref")
    lib = Library(tmp / "lib")
    ids = _import_seeds(lib, tmp)
    _run(lib)
    yield lib, ids
    lib.close()


def _links(lib):
    out = []
    for a_doc, a_s, a_e, b_doc, b_s, b_e, rel, score, why, *_ in lib.links():
        out.append(dict(a=(a_doc, lib.get(a_doc).text[a_s:a_e]),
                        b=(b_doc, lib.get(b_doc).text[b_s:b_e]), rel=rel, score=score, why=why))
    return out


def _between(links, doc1, needle1, doc2, needle2):
    found = []
    for link in links:
        for x, y in ((link["a"], link["b"]), (link["b"], link["a"])):
            if x[0] == doc1 and needle1 in x[1] and y[0] == doc2 and needle2 in y[1]:
                found.append(link)
    return found


def test_troop_numbers_conflict(seeded):
    lib, ids = seeded
    links = _links(lib)
    for other in ("approximately 14,000", "has sent 17,000"):
        found = _between(links, ids["000"], "1,500 North Korean special forces soldiers",
                         ids["003"], other)
        assert [l["rel"] for l in found] == ["conflicts"], (other, found)
        assert "1,500" in found[0]["why"] and "troops" in found[0]["why"]


def test_thousands_of_troops_is_compatible_with_17000(seeded):
    lib, ids = seeded
    found = _between(_links(lib), ids["002"], "thousands of troops", ids["003"], "17,000")
    assert found and all(l["rel"] in ("agrees", "related") for l in found)


def test_growing_ties_agree(seeded):
    lib, ids = seeded
    found = _between(_links(lib), ids["000"], "deepening ties", ids["003"], "growing ties")
    assert [l["rel"] for l in found] == ["agrees"]
    # the why says whom "the two sanctioned nations" of 003 are, as read from 003 itself
    assert "the two sanctioned nations: Russia and North Korea" in found[0]["why"]


def test_no_conflict_between_different_quantities(seeded):
    lib, _ = seeded
    for link in _links(lib):
        if link["rel"] != "conflicts":
            continue
        assert link["why"].startswith("troops:"), link
        for side in (link["a"][1], link["b"][1]):
            for other_topic in ("killed or wounded", "artillery shells", "4.8 million",
                                "per day"):
                assert other_topic not in side, link


def test_links_join_different_documents_once(seeded):
    lib, _ = seeded
    rows = lib.links()
    assert rows
    keys = set()
    for a_doc, a_s, a_e, b_doc, b_s, b_e, rel, score, why, *_ in rows:
        assert a_doc != b_doc and 0.0 <= score <= 1.0 and rel in ("agrees", "conflicts",
                                                                     "related")
        assert (a_doc, a_s) < (b_doc, b_s)
        key = frozenset([(a_doc, a_s, a_e), (b_doc, b_s, b_e)])
        assert key not in keys
        keys.add(key)


def test_incremental_equals_full_and_is_stored(tmp_path):
    lib = Library(tmp_path / "inc")
    try:
        for name in SEED_FILES:                 # one article at a time, as a user imports
            shutil.copy(SEEDS / name, tmp_path / name)
            report = lib.import_paths([tmp_path / name]).run()
            _run(lib, [report.imported[0]["id"]])
        incremental = sorted(lib.links())
        assert lib.engine.pending() == []
        lib.store.delete_links()
        with lib.store.transaction():
            lib.store._db.execute("DELETE FROM xref_state")
        _run(lib)
        assert sorted(lib.links()) == incremental
    finally:
        lib.close()


def test_removing_or_changing_a_document_updates_its_links(tmp_path):
    lib = Library(tmp_path / "lib")
    try:
        ids = _import_seeds(lib, tmp_path)
        _run(lib)
        assert lib.links([ids["002"]])
        lib.remove([ids["002"]])
        assert lib.links([ids["002"]]) == []
        text = (SEEDS / SEED_FILES[0]).read_text(encoding="utf-8")
        write(tmp_path / SEED_FILES[0], text.replace("1,500", "14,000"))
        lib.import_paths([tmp_path / SEED_FILES[0]]).run()
        assert lib.links([ids["000"]]) == []          # stale links went with the old text
        assert lib.engine.pending() == [ids["000"]]
        _run(lib)
        found = _between(_links(lib), ids["000"], "14,000 North Korean special forces",
                         ids["003"], "approximately 14,000")
        assert found and found[0]["rel"] != "conflicts"
    finally:
        lib.close()
