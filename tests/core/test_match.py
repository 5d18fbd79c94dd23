"""Claim matching on a real temporary library (SQLite + Whoosh), no mocks."""

from __future__ import annotations

import json

import numpy as np
import pytest

from reader.core.library import Library
from reader.core.xref import match as match_mod
from reader.core.xref.match import analysis
from reader.core.xref.match import FEATURES, MatchHit, Matcher, clean_claim, split_claim
from tests.helpers import synthetic_records, write_jsonl

RECORDS = [
    {"id": "kor-1", "title": "North Korean troops arrive in Russia",
     "text": "Seoul said on Monday that North Korea has deployed about 1,500 special forces "
             "to Russia. The soldiers travelled by ship to Vladivostok. Analysts expect more "
             "to follow in the coming weeks."},
    {"id": "kor-2", "title": "Pyongyang sends soldiers",
     "text": "Officials in South Korea reported that Pyongyang sent roughly 1,500 elite "
             "soldiers to Russian territory. The deployment marks an escalation of the war. "
             "Moscow declined to comment."},
    {"id": "farm-1", "title": "Harvest season",
     "text": "Farmers in Kansas began the wheat harvest early this year. Prices for wheat "
             "fell on the Chicago exchange. The weather service expects rain next week."},
    {"id": "bank-1", "title": "Central bank holds rates",
     "text": "The central bank kept interest rates unchanged on Thursday. Inflation slowed to "
             "2.4 percent in October. Markets had expected the decision."},
    {"id": "storm-1", "title": "Storm hits coast",
     "text": "A storm hit the northern coast on Sunday, cutting power to thousands of homes. "
             "Rescue teams evacuated two villages near the river."},
]


@pytest.fixture
def lib(tmp_path):
    path = write_jsonl(tmp_path / "in" / "news.jsonl",
                       RECORDS + synthetic_records(40, words=120, seed=3))
    library = Library(tmp_path / "lib")
    report = library.import_paths([path]).run()
    assert not report.failed
    yield library
    library.close()


@pytest.fixture
def matcher(lib):
    m = Matcher(lib)
    yield m
    m.close()


def _check_hits(lib, hits):
    for h in hits:
        assert isinstance(h, MatchHit)
        text = lib.get(h.doc).text
        assert text[h.start:h.end] == h.text
        assert (h.start, h.end) in lib.sentences(h.doc)
        assert 0.0 <= h.score <= 1.0
        assert h.relation in ("agrees", "conflicts", "related")
        assert isinstance(h.why, str)


def test_paraphrase_is_found_first(lib, matcher):
    hits = matcher.match("Pyongyang has sent 1,500 special forces soldiers to Russia", limit=5)
    assert hits
    _check_hits(lib, hits)
    assert hits[0].doc in ("kor-1", "kor-2")
    assert "1,500" in hits[0].text
    assert {h.doc for h in hits[:2]} == {"kor-1", "kor-2"}
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_the_claim_itself_is_returned_with_the_top_score(lib, matcher):
    claim = "Inflation slowed to 2.4 percent in October."
    hits = matcher.match(claim, limit=3)
    assert hits[0].doc == "bank-1" and hits[0].text == claim
    assert hits[0].score == 1.0
    _check_hits(lib, hits)


def test_context_document_brings_articles_on_the_same_story(lib, matcher):
    # The claim is a sentence of kor-1: kor-2 (the same story) must rank above other stories
    # for a sentence that shares few words with the claim.
    hits = matcher.match("Seoul said on Monday that North Korea has deployed about 1,500 "
                         "special forces to Russia.", limit=10)
    docs = [h.doc for h in hits]
    assert docs[0] == "kor-1"
    assert "kor-2" in docs
    others = [d for d in docs if d not in ("kor-1", "kor-2")]
    if others:
        assert docs.index("kor-2") < docs.index(others[0])


def test_relation_is_filled(lib, matcher):
    hits = matcher.match("North Korea deployed 14,000 troops to Russia", limit=5)
    assert hits
    _check_hits(lib, hits)


def test_limit_is_respected(lib, matcher):
    for k in (1, 3, 7):
        assert len(matcher.match("wheat harvest prices farmers storm bank", limit=k)) == k
    assert matcher.match("wheat harvest", limit=0) == []


@pytest.mark.parametrize("text", [
    "", "   ", "\n\n", "the of and a", '"unclosed (', "title:", "AND OR", "NOT", "*", "?",
    "date:[2024 to", "troops^", "(((", "🦁🔥🙏🏼", "😀 North Korea 😀 troops", "\x00\x01",
    "#NorthKorea @SeoulDesk https://t.co/abc pic.twitter.com/xyz", "1,500", "-", "—",
    "ＮｏｒｔｈＫｏｒｅａ", "Пхеньян отправил войска", "北朝鮮が軍を派遣した",
])
def test_never_raises_on_odd_input(lib, matcher, text):
    hits = matcher.match(text, limit=5)
    assert isinstance(hits, list) and len(hits) <= 5
    _check_hits(lib, hits)


def test_huge_input_does_not_raise_and_is_bounded(lib, matcher):
    huge = " ".join(["North Korea troops Russia harvest bank storm"] * 40_000)
    hits = matcher.match(huge, limit=3)
    assert len(hits) <= 3
    _check_hits(lib, hits)
    long_unique = " ".join(f"word{i}" for i in range(50_000))
    assert matcher.match(long_unique, limit=3) == []


def test_non_string_input_is_tolerated(matcher):
    assert matcher.match(None, limit=3) == []


def test_empty_library(tmp_path):
    library = Library(tmp_path / "empty")
    try:
        m = Matcher(library)
        assert m.match("North Korea sent troops", limit=5) == []
        m.close()
    finally:
        library.close()


def test_matcher_sees_documents_imported_and_removed_after_it_was_made(tmp_path, lib, matcher):
    assert not [h for h in matcher.match("volcano erupted lava iceland", 5) if h.doc == "volc-1"]
    path = write_jsonl(tmp_path / "more" / "v.jsonl", [
        {"id": "volc-1", "title": "Volcano", "text": "A volcano erupted in Iceland on Friday, "
                                                     "sending lava towards a fishing town."}])
    lib.import_paths([path]).run()
    hits = matcher.match("Lava from an erupting volcano in Iceland", 3)
    assert hits and hits[0].doc == "volc-1"
    _check_hits(lib, hits)
    lib.remove(["volc-1"])
    assert all(h.doc != "volc-1" for h in matcher.match("Lava from an erupting volcano", 3))


def test_several_passages_of_one_document_can_be_returned(lib, matcher):
    hits = matcher.match("wheat", limit=10)
    assert sum(h.doc == "farm-1" for h in hits) >= 2


def test_tweet_cleaning():
    tweet = ("Minecraft is NOT closing. #SaveMinecraft #IranUsapic.twitter.com/TvRkHvlgby "
             "@realDonaldTrump https://t.co/V4Lzv97qOc — Helen Z (@HelenAngel) January 2, 2020")
    claim, author = split_claim(tweet)
    assert "http" not in claim and "pic.twitter" not in claim and "@" not in claim
    assert "Save Minecraft" in claim and "Iran Usa" in claim and "Donald Trump" in claim
    assert "January" not in claim and "Helen" not in claim
    assert "Helen" in author and "Angel" in author
    assert clean_claim("plain sentence, nothing to clean.") == "plain sentence, nothing to clean."


def test_tweet_is_matched_to_its_claim(tmp_path):
    records = [
        {"id": "c1", "title": "Is Minecraft Shutting Down in 2020?",
         "text": "The video game Minecraft is being shut down in 2020."},
        {"id": "c2", "title": "Did a Video Show a Dragon Over a Stadium?",
         "text": "A video shows an augmented reality dragon flying over a baseball stadium."},
        {"id": "c3", "title": "Are Wombats Herding Animals to Safety?",
         "text": "Wombats are herding animals into their burrows to escape wildfires."},
    ] + synthetic_records(20, words=30, seed=5)
    library = Library(tmp_path / "lib")
    try:
        library.import_paths([write_jsonl(tmp_path / "c.jsonl", records)]).run()
        m = Matcher(library)
        hits = m.match("google featured a hoax article that claims #Minecraft is being shut "
                       "down in 2020 pic.twitter.com/ECRqyfc8mI — Makena Kelly (@kellymakena) "
                       "January 2, 2020", limit=3)
        assert hits[0].doc == "c1"
        m.close()
    finally:
        library.close()


def test_fast_analysis_equals_the_index_analyzer():
    from reader.core.index import TextAnalyzer
    texts = [r["text"] + " " + r["title"] for r in RECORDS] + [
        "The U.S. sent 14,000 troops; 1.5 million people, 14000 more. İstanbul's mayor!",
        "Ünïcödé wörds, CamelCase, snake_case, e-mail a@b.com, 3.14, 1,2,3 and THE end.",
        "北朝鮮が軍を派遣した。Пхеньян отправил войска 🦁🔥", ""]
    slow = TextAnalyzer()
    fast = analysis.Terms()
    for t in texts:
        assert fast(t) == [tok.text for tok in slow(t)]


def test_shipped_model_matches_the_features():
    raw = json.loads(match_mod.MODEL_PATH.read_text(encoding="utf-8"))
    assert raw["features"] == list(FEATURES)
    for part in ("with_context", "without_context"):
        assert len(raw[part]["w"]) == len(FEATURES)
    model = match_mod.load_model()
    assert np.all(np.isfinite(model["with_context"]["w"]))


def test_a_missing_model_falls_back_to_fixed_weights(tmp_path):
    model = match_mod.load_model(tmp_path / "nope.json")
    assert len(model["with_context"]["w"]) == len(FEATURES)


def test_many_claims_reuse_one_matcher(lib, matcher):
    claims = ["North Korea troops Russia", "wheat harvest Kansas", "central bank rates",
              "storm coast power"] * 10
    tops = [matcher.match(c, limit=1)[0].doc for c in claims]
    assert tops[0] in ("kor-1", "kor-2")
    assert tops[1:4] == ["farm-1", "bank-1", "storm-1"]
    assert tops[4:8] == tops[:4]


def test_char_grams_and_soft_coverage_are_features(matcher):
    if matcher._vectors is None:
        pytest.skip("word_vectors.npz not built")
    claim, items, X, _, _ = matcher.candidates("#WheatHarvest began early for Kansas farmers")
    c4, soft = FEATURES.index("s_c4"), FEATURES.index("s_soft_q")
    best = max(range(len(items)), key=lambda i: X[i, c4])
    assert items[best][0].id == "farm-1"
    assert X[best, c4] > 0.3 and X[best, soft] > 0.3


def test_document_context_features_tell_the_claims_story_from_others(matcher):
    # the claim is a sentence of kor-1: kor-1 is its context; kor-2 tells the same story
    # (and shares its number), farm-1 does not
    claim, items, X, has_context, _ = matcher.candidates(
        "The soldiers travelled by ship to Vladivostok.")
    assert has_context
    rel, num = FEATURES.index("c_sim_rel"), FEATURES.index("c_num")
    by_doc = {}
    for (doc, _), row in zip(items, X):
        by_doc.setdefault(doc.id, row)
    assert by_doc["kor-1"][rel] == 0.0 and by_doc["kor-1"][num] == 0.0   # the context itself
    assert by_doc["kor-2"][rel] == pytest.approx(1.0)                     # the closest document
    assert by_doc["kor-2"][num] == pytest.approx(1.0)                     # "1,500" in both
    assert np.all((X[:, rel] >= 0.0) & (X[:, rel] <= 1.0))
    if "farm-1" in by_doc:
        assert by_doc["farm-1"][rel] < 0.5 and by_doc["farm-1"][num] == 0.0


def test_number_overlap_is_over_the_smaller_set():
    assert analysis.overlap(frozenset({"1500", "2024"}), frozenset({"1500"})) == 1.0
    assert analysis.overlap(frozenset({"1500", "2024"}), frozenset({"17", "99"})) == 0.0
    assert analysis.overlap(frozenset(), frozenset({"1500"})) == 0.0
