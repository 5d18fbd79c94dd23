"""The fused analyzer must give exactly what Whoosh's own chain gives."""

import random

from reader.core.index import TextAnalyzer, parse_date, reference_text_analyzer
from tests.helpers import SEEDS

OPTIONS = [dict(), dict(positions=True), dict(chars=True, positions=True),
           dict(removestops=False, positions=True, chars=True), dict(tokenize=False),
           dict(positions=True, start_pos=5, start_char=7, chars=True), dict(mode="query")]


def tokens(analyzer, text, **kw):
    return [(t.text, getattr(t, "pos", None), getattr(t, "startchar", None),
             getattr(t, "endchar", None), t.stopped) for t in analyzer(text, **kw)]


def test_fused_analyzer_matches_the_reference_chain():
    fused, ref = TextAnalyzer(), reference_text_analyzer()
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    rng = random.Random(3)
    alphabet = "ab cd The the of 1,500 14,000 1.5 U.S. don't İstanbul ÉTÉ, x-y 3.14.15 ."
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
              for _ in range(300)]
    for text in texts:
        for kw in OPTIONS:
            assert tokens(fused, text, **kw) == tokens(ref, text, **kw), (text[:60], kw)
        assert fused.terms(text) == [t.text for t in ref(text)], text[:60]


def test_numbers_are_one_term():
    assert [t.text for t in TextAnalyzer()("14,000 troops and 1.5 million")] == [
        "14000", "troop", "1.5", "million"]


def test_parse_date():
    assert parse_date("2024-11-05").isoformat() == "2024-11-05T00:00:00"
    assert parse_date("2024-11-05T10:00:00+02:00").isoformat() == "2024-11-05T08:00:00"
    assert parse_date("") is None and parse_date("next week") is None


def test_posting_pool_sorts_in_chunks_like_one_sort(tmp_path, monkeypatch):
    from whoosh.filedb.filestore import FileStorage

    from reader.core.index import ChunkSortedPool, Index
    monkeypatch.setattr(ChunkSortedPool, "CHUNK", 7)
    rng = random.Random(5)
    items = [("body", rng.choice([b"a", b"b", b"c", b"d"]), rng.randrange(50), 1.0, None)
             for _ in range(200)]
    pool = ChunkSortedPool(FileStorage(str(tmp_path)), None, limitmb=64)
    for item in items:
        pool.add(item)
    assert list(pool.items()) == sorted(items)
    index = Index(tmp_path / "index")
    writer = index.writer()
    try:
        assert type(writer.pool) is ChunkSortedPool
    finally:
        writer.cancel()


def test_the_index_keeps_one_analyzer_equal_to_its_schema_s(tmp_path):
    from reader.core.index import Index
    index = Index(tmp_path / "index")
    assert index.analyzer is index.analyzer                   # one stem cache, kept
    assert index.analyzer == index.schema["body"].analyzer    # the same analysis
    text = "North Korea sent 14,000 troops"
    assert index.analyzer.terms(text) == [t.text for t in index.schema["body"].analyzer(text)]
