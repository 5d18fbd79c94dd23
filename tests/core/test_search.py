"""The query language, snippets with character spans, suggestions, and hostile queries."""

from __future__ import annotations

import random

import pytest

from reader.core.library import Library
from tests.helpers import write_jsonl

DOCS = [
    {"id": "a", "title": "Troops sent to the border", "source": "Reuters", "author": "Jane Roe",
     "date": "2024-10-03", "tags": ["war", "korea"],
     "text": "North Korea has sent 14,000 troops to Russia. The soldiers arrived by train."},
    {"id": "b", "title": "Artillery shells shipped", "source": "BBC News", "author": "John Doe",
     "date": "2024-11-20", "tags": ["war"],
     "text": "Millions of artillery shells were shipped in 64 voyages. No troops were involved."},
    {"id": "c", "title": "Harvest report", "source": "Farm Weekly", "author": "A. Grower",
     "date": "2023-05-01", "tags": ["farming"],
     "text": "The wheat harvest was strong this year. Farmers expect higher prices for grain."},
    {"id": "d", "title": "Interest rates", "source": "Reuters", "author": "Jane Roe",
     "date": "2022-01-15",
     "text": "The central bank raised interest rates again. Markets fell sharply after the "
             "decision on rates."},
]


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("search")
    long_text = ("Filler sentence about nothing in particular. " * 2000
                 + "At the very end the zeppelin finally appears.")
    docs = DOCS + [{"id": "long", "title": "A long document", "text": long_text}]
    library = Library(tmp / "lib")
    report = library.import_paths([write_jsonl(tmp / "docs.jsonl", docs)]).run()
    assert not report.failed, report.failed
    yield library
    library.close()


def ids(lib, q, **kw):
    return sorted(h.id for h in lib.search(q, limit=20, **kw).hits)


@pytest.mark.parametrize("query, expected", [
    ("troops", ["a", "b"]),
    ("troop", ["a", "b"]),                      # stemming
    ("troops soldiers", ["a"]),                 # all words must match
    ('"artillery shells"', ["b"]),
    ('"shells artillery"', []),                 # phrase order matters
    ('"raised rates"~3', ["d"]),                # phrase slack
    ('"raised rates"', []),
    ("troops AND train", ["a"]),
    ("wheat OR shells", ["b", "c"]),
    ("troops NOT korea", ["b"]),
    ("troops -korea", ["b"]),
    ("title:harvest", ["c"]),
    ("source:reuters", ["a", "d"]),
    ('source:"bbc news"', ["b"]),
    ("author:roe", ["a", "d"]),
    ("tags:farming", ["c"]),
    ("harv*", ["c"]),
    ("w?eat", ["c"]),
    ("14,000", ["a"]),
    ("14000", ["a"]),
    ("date:2024", ["a", "b"]),
    ("date:[2023-01-01 to 2023-12-31]", ["c"]),
    ("date:>2024-11-01", ["b"]),
    ("date:2024-11", ["b"]),                    # a month: not "2024 NOT 11"
    ("date:2024-11-20", ["b"]),                 # a day
    ("date:2024-10-03", ["a"]),
    ("troops date:2024-10", ["a"]),
    ("(wheat OR rates) AND source:reuters", ["d"]),
    ("zeppelin", ["long"]),
])
def test_query_syntax(lib, query, expected):
    assert ids(lib, query) == expected


def test_sort_by_date_newest_first(lib):
    hits = lib.search("troops OR wheat OR rates", sort="date").hits
    assert [h.id for h in hits] == ["b", "a", "c", "d"]


def test_sort_by_date_puts_undated_last_and_keeps_the_relevance_score(lib):
    by_date = lib.search("troops OR zeppelin", sort="date").hits
    assert [h.id for h in by_date] == ["b", "a", "long"]        # "long" has no date
    relevance = {h.id: h.score for h in lib.search("troops OR zeppelin").hits}
    assert {h.id: h.score for h in by_date} == pytest.approx(relevance)
    assert all(0 < h.score < 100 for h in by_date)


@pytest.mark.parametrize("query", ["NOT NOT troops", "OR ANDMAYBE ANDMAYBE troops",
                                   "NOT ANDNOT troops"])
def test_operator_words_that_do_not_parse_fall_back_to_the_words(lib, query):
    res = lib.search(query)
    assert sorted(h.id for h in res.hits) == ["a", "b"]
    assert "searched for the words: ['troops']" in res.message


def test_every_example_of_the_readme_search_table_works_as_written(lib):
    import re
    from tests.helpers import REPO
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| `troops border`"):]
    table = table[:table.index("\n\n")]
    examples = [e for line in table.splitlines() for e in re.findall(r"`([^`]+)`",
                                                                    line.split("|")[1])]
    assert len(examples) >= 15 and "date:2024-11" in examples
    for q in examples:
        if "…" in q:
            continue
        res = lib.search(q)
        assert res.message is None, (q, res.message)


def test_relevance_prefers_title_and_frequency(lib):
    hits = lib.search("rates").hits
    assert hits[0].id == "d"


def test_snippets_are_spans_of_the_normalised_text(lib):
    for q in ("troops", '"artillery shells"', "harv*", "rates"):
        for h in lib.search(q).hits:
            text = lib.get(h.id).text
            assert h.snippets
            for s in h.snippets:
                assert text[s.start:s.end] == s.text
                for a, b in s.matches:
                    assert s.start <= a < b <= s.end


def test_highlighting_reaches_past_32_kb(lib):
    (hit,) = lib.search("zeppelin").hits
    text = lib.get("long").text
    assert len(text) > 80_000
    (snip,) = hit.snippets
    (a, b), = snip.matches
    assert text[a:b] == "zeppelin" and a > 80_000


def test_suggestion_when_no_hits(lib):
    res = lib.search("artilery")
    assert res.hits == [] and res.suggestion is not None
    assert res.suggestion.startswith("artiller")
    assert lib.search(res.suggestion).hits


HOSTILE = ['"', '"unclosed phrase', "(", ")", "((troops", "troops)", "AND", "OR OR", "NOT",
           "title:", ":", "date:[", "date:[2024 to", "date:[zzz to qqq]", "date:notadate",
           "*", "?", "**", "troops^", "troops^abc", "~", '"a b"~', '"a b"~x', "\\", "[", "]",
           "{", "}", "field:value:other", "tags:", "\x00", "🙂", "a" * 5000, "'", "''",
           "troops AND", "AND troops", "-", "--", "+", "date:>", "date:<", "<>", "title:(", ""]


@pytest.mark.parametrize("query", HOSTILE)
def test_no_query_string_raises(lib, query):
    res = lib.search(query)
    assert isinstance(res.hits, list)


def test_random_queries_never_raise(lib):
    rng = random.Random(1)
    alphabet = 'ab troops"():*?~^[]{}-+!&|\\/<>=\'date: TO to AND OR NOT 2024'
    for _ in range(300):
        q = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        lib.search(q)


def test_phrase_words_are_marked_only_where_the_phrase_is(lib):
    (hit,) = lib.search('"artillery shells"').hits
    text = lib.get(hit.id).text
    marked = [text[a:b] for s in hit.snippets for a, b in s.matches]
    assert marked == ["artillery", "shells"]
    (hit,) = lib.search('"raised rates"~3').hits
    marked = [lib.get("d").text[a:b] for s in hit.snippets for a, b in s.matches]
    assert marked == ["raised", "rates"]        # not the later "rates" on its own


def test_what_a_query_may_cost_is_bounded(lib, monkeypatch):
    from reader.core.search import query as search_module
    res = lib.search("x" * 100_000)
    assert res.hits == [] and "cut to its first 1,000 characters" in res.message
    res = lib.search("troops " * 20_000)
    assert sorted(h.id for h in res.hits) == ["a", "b"] and "cut" in res.message
    for bare in ("*", "?*", "a*", "title:*"):
        res = lib.search(bare)
        assert res.hits == [] and "wildcard needs at least 2 letters" in res.message, bare
    assert ids(lib, "harv* ?*") == ["c"]                    # the rest of the query still runs
    monkeypatch.setattr(search_module, "QUERY_SECONDS", 0.0)
    res = lib.search("troops OR wheat OR rates OR zeppelin")
    assert "the search stopped after 0 s" in res.message


def test_a_wildcard_or_a_word_range_standing_for_too_many_words_is_left_out(lib, monkeypatch):
    from reader.core.search import query as search_module
    monkeypatch.setattr(search_module, "MAX_EXPANSION", 3)
    res = lib.search("[a TO z] troops")
    assert sorted(h.id for h in res.hits) == ["a", "b"]
    assert "stands for more than 3 words and was left out" in res.message
    assert ids(lib, "harv*") == ["c"]                   # a few words: searched as before


def test_a_query_marks_its_phrases_whole_and_its_words_in_a_document(lib):
    """What an opened result shows marked (issue 15, fix 4): an exact phrase as one span, a
    phrase with slop by its words within the window, single words everywhere, NOT-words never."""
    text = lib.get("d").text
    analyzer = lib.index.analyzer

    def marked(query):
        return [text[a:b] for a, b in lib.search(query).marks.spans(analyzer, text)]

    assert marked('"interest rates"') == ["interest rates"]          # not the later "rates"
    assert marked('"bank rates"~3') == ["bank", "rates"]              # within 3 words only
    assert marked('interest NOT markets') == ["interest"]
    assert marked('rat*') == ["rates", "rates"]
    assert marked('title:interest') == []                           # not a body term
