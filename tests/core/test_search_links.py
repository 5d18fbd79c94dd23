"""Search by links (issue 16, point 5): has:RELATION and linked:ID, with everything else."""

from __future__ import annotations

import pytest

from reader.core.library import Library
from reader.core.search import Searcher
from tests.core.test_search import DOCS
from tests.helpers import write_jsonl


def _first_sentence(library: Library, doc_id: str) -> tuple[str, int, int]:
    start, end = library.sentences(doc_id)[0]
    return doc_id, start, end


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    """The search tests' documents, linked by hand (the user's links are links like the
    engine's): a conflicts b; a agrees d; c agrees d; b related c."""
    tmp = tmp_path_factory.mktemp("search_links")
    library = Library(tmp / "lib")
    report = library.import_paths([write_jsonl(tmp / "docs.jsonl", DOCS)]).run()
    assert not report.failed, report.failed
    for a, b, relation in (("a", "b", "conflicts"), ("a", "d", "agrees"), ("c", "d", "agrees"),
                           ("b", "c", "related")):
        library.corrections.made.add(*_first_sentence(library, a), *_first_sentence(library, b),
                                     relation)
    yield library
    library.close()


def ids(lib, q, **kw):
    return sorted(h.id for h in lib.search(q, limit=20, **kw).hits)


@pytest.mark.parametrize("query, expected", [
    ("has:conflicts", ["a", "b"]),
    ("has:agrees", ["a", "c", "d"]),
    ("has:related", ["b", "c"]),
    ("has:Conflicts", ["a", "b"]),                      # as the other fields: any case
    ("has:updates OR has:conflicts", ["a", "b"]),       # a relation no link has yet: nothing
    ("linked:a", ["b", "d"]),
    ("linked:d", ["a", "c"]),
    ("linked:nope OR linked:a", ["b", "d"]),
    ("troops has:conflicts", ["a", "b"]),
    ("troops has:agrees", ["a"]),
    ("troops NOT has:agrees", ["b"]),
    ("troops -has:agrees", ["b"]),
    ("troops NOT has:updates NOT has:agrees", ["b"]),   # NOT of no document: every document
    ("linked:a NOT has:agrees", ["b"]),
    ("linked:a OR linked:c", ["b", "d"]),
    ("has:(conflicts OR related)", ["a", "b", "c"]),
    ("has:conflicts date:2024", ["a", "b"]),
    ("has:agrees date:<2024", ["c", "d"]),
    ("has:agrees date:2024-10", ["a"]),
    ("source:reuters has:agrees", ["a", "d"]),
    ('"interest rates" linked:c', ["d"]),
])
def test_link_terms_combine_with_the_query_language(lib, query, expected):
    res = lib.search(query, limit=20)
    assert res.message is None, res.message
    assert sorted(h.id for h in res.hits) == expected


def test_link_terms_sort_by_date_and_keep_the_words_ranking(lib):
    hits = lib.search("has:agrees", sort="date", limit=20).hits
    assert [h.id for h in hits] == ["a", "c", "d"]          # 2024, 2023, 2022
    plain = [(h.id, round(h.score, 6)) for h in lib.search("rates OR troops", limit=20).hits]
    filtered = lib.search("(rates OR troops) has:agrees", limit=20).hits
    assert [h.id for h in filtered] == [i for i, _ in plain if i in ("a", "d")]


def test_an_id_with_a_hyphen_is_read_whole(tmp_path):
    docs = [dict(d, id=f"rec-{d['id']}") for d in DOCS]
    with Library(tmp_path / "lib") as library:
        library.import_paths([write_jsonl(tmp_path / "docs.jsonl", docs)]).run()
        library.corrections.made.add(*_first_sentence(library, "rec-a"),
                                     *_first_sentence(library, "rec-c"), "agrees")
        res = library.search("linked:rec-a")
        assert [h.id for h in res.hits] == ["rec-c"] and res.message is None


@pytest.mark.parametrize("query", ["has:nonsense", "has:conflict", "has:con*",
                                   'has:"conflicts agrees"'])
def test_an_unknown_has_value_is_said_not_raised(lib, query):
    res = lib.search(query)
    assert res.hits == []
    assert "was left out" in res.message and "has: takes conflicts, updates, agrees" in res.message
    assert "updates" in res.message


def test_the_rest_of_a_query_with_an_unknown_has_value_still_runs(lib):
    res = lib.search("troops has:nonsense", limit=20)
    assert sorted(h.id for h in res.hits) == ["a", "b"]
    assert res.message.startswith("has:nonsense was left out")


def test_the_bounds_still_hold_with_link_terms(lib):
    res = lib.search("has:conflicts *", limit=20)
    assert sorted(h.id for h in res.hits) == ["a", "b"]
    assert "wildcard needs at least 2 letters" in res.message
    res = lib.search("has:conflicts " + "troops " * 2_000, limit=20)
    assert sorted(h.id for h in res.hits) == ["a", "b"] and "cut" in res.message


def test_a_link_the_user_rejected_is_not_searched(lib):
    (link,) = [r for r in lib.links(["a"]) if r.relation == "agrees"]
    lib.highlights.decide(link, "rejected")
    try:
        assert ids(lib, "has:agrees") == ["c", "d"]
        assert ids(lib, "linked:a") == ["b"]
    finally:
        lib.highlights.decide(link, None)
    assert ids(lib, "has:agrees") == ["a", "c", "d"]


def test_a_search_without_link_terms_never_reads_the_links(lib):
    def boom():
        raise AssertionError("the links were read")
    searcher = Searcher(lib.index, lib.store, links=boom)
    try:
        assert [h.id for h in searcher.search("troops has", limit=20).hits] == ["a"]  # a word
        assert sorted(h.id for h in searcher.search("troops", limit=20).hits) == ["a", "b"]
        with pytest.raises(AssertionError):
            searcher.search("troops has:agrees")
    finally:
        searcher.close()
