"""Property-based tests (hypothesis): the query parser, the decoder, the sentence splitter, the
quantity reader and the anchoring take any input without an exception escaping, and every span
they give stays inside its text."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.anchoring import context, reanchor
from reader.core.errors import ImportFailure
from reader.core.importers.decode import decode_bytes
from reader.core.library import Library
from reader.core.text.normalize import normalize
from reader.core.text.segment import segment
from reader.core.xref.quantities import quantities_of
from reader.core.xref.when import read_when
from tests.core.test_search import DOCS
from tests.helpers import write_jsonl

# the query language's pieces, so that generated queries reach deep into the parser
TOKENS = ["troops", "korea", "wheat", "rates", "AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO",
          "(", ")", '"', "*", "?", "~", "~2", "^2", "-", "+", ":", "[", "]", "{", "}", "title:",
          "source:", "date:", "date:2024", "date:2024-11", "date:>", "date:<", "date:[", "to",
          "2024-11-01", "yesterday", "tags:", "\\", "'", "14,000", "🙂", "\x00", "é"]
QUERIES = st.one_of(
    st.lists(st.sampled_from(TOKENS), max_size=12).map(" ".join),
    st.lists(st.sampled_from(TOKENS), max_size=12).map("".join),
    st.text(max_size=60))


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("props")
    library = Library(tmp / "lib")
    library.import_paths([write_jsonl(tmp / "docs.jsonl", DOCS)]).run()
    yield library
    library.close()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(query=QUERIES, sort=st.sampled_from(["relevance", "date"]))
def test_any_query_answers_with_spans_inside_the_text(lib, query, sort):
    res = lib.search(query, sort=sort)
    for hit in res.hits:
        text = lib.get(hit.id).text
        for s in hit.snippets:
            assert 0 <= s.start <= s.end <= len(text) and text[s.start:s.end] == s.text
            for a, b in s.matches:
                assert s.start <= a <= b <= s.end


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_decode_or_fail_clearly(data):
    try:
        text, codec = decode_bytes(data)
    except ImportFailure:
        return
    assert isinstance(text, str) and codec


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=600))
def test_sentences_tile_their_paragraphs(raw):
    text = normalize(raw)
    seg = segment(text)
    for s, e in seg.paragraphs:
        assert 0 <= s < e <= len(text)
    last = 0
    for s, e in seg.sentences:
        assert last <= s < e <= len(text) and text[s:e].strip()
        last = e


WORDS = st.sampled_from(["1,500", "14,000", "$5.7 billion", "up to", "about", "troops", "women",
                         "35th", "1980s", "Tuesday", "11am", "last week", "per cent", "%", "-",
                         "km", "miles", "million", "12.5", "at least", "No.", "3", ".", ","])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.lists(WORDS, max_size=15).map(" ".join), st.text(max_size=200)))
def test_quantities_and_days_are_spans_of_the_sentence(sentence):
    for q in quantities_of(sentence):
        assert 0 <= q.start < q.end <= len(sentence) and q.low <= q.high
    for w in read_when(sentence):
        assert 0 <= w.start < w.end <= len(sentence)


@dataclass
class _Anchor:
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=300), st.data())
def test_an_anchor_round_trips_and_reanchors_inside_the_new_text(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    prefix, suffix = context(text, start, end)
    anchor = _Anchor(start, end, text[start:end], prefix, suffix)
    assert reanchor(anchor, text) == (start, end)         # unchanged text: the same span
    edited = data.draw(st.text(max_size=300))
    found = reanchor(anchor, edited)
    if found is not None:
        assert 0 <= found[0] < found[1] <= len(edited)


def test_two_thousand_generated_queries_never_raise(lib):
    """Plain random sequences of the language's pieces (hypothesis prefers short, simple
    examples; the crashes of before needed runs like "NOT NOT troops" or "OR ANDMAYBE")."""
    import random
    rng = random.Random(0)
    for _ in range(2000):
        query = " ".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 8)))
        lib.search(query, sort=rng.choice(["relevance", "date"]))
