"""The sentence-pair scorer: behaviour on hand-written examples (no data files, no network)."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import numpy as np
import pytest

from reader.core.xref.pairs.features import FEATURE_NAMES
from reader.core.xref.pairs.scorer import (DEFAULT_MODEL, PairScorer, Prepared, make_model,
                                         shared_terms)

REPO = DEFAULT_MODEL.parents[3]

BASE = "The central bank raised interest rates by half a point on Tuesday to curb inflation."
PARAPHRASES = [
    (BASE,
     "On Tuesday the central bank lifted interest rates by half a point to rein in inflation."),
    ("A man is playing a guitar.", "A man plays the guitar."),
    ("The company said profits rose 12 percent in the third quarter.",
     "Third-quarter profits at the company rose 12 percent, it said."),
    ("Police arrested two men after the robbery in Leeds.",
     "Two men were arrested by police following the Leeds robbery."),
]
UNRELATED = [
    (BASE, "A cat is sleeping on the sofa next to the window."),
    ("A man is playing a guitar.", "The senate passed the budget bill late on Friday."),
    ("The company said profits rose 12 percent in the third quarter.",
     "Heavy snow closed schools across the north of the country."),
    ("Police arrested two men after the robbery in Leeds.",
     "The film won three awards at the festival in Cannes."),
]
ODD_INPUTS = ["", " ", ".", "word", "!!!", "\n\t", "😀 🎉 👍", "Das ist nicht gut, sagte er.",
              "Президент подписал закон в понедельник.", "北京今天下雨了。",
              "مرحبا بالعالم",
              "x" * 5000, "1,000,000 2.5 3/4 -7", "U.S. officials said don't worry.",
              "word " * 30_000]


@pytest.fixture(scope="module")
def scorer() -> PairScorer:
    return PairScorer()


def test_model_file_loads_and_is_plain_json():
    spec = json.loads(DEFAULT_MODEL.read_text(encoding="utf-8"))
    assert spec["format"] == "reader-pair-model/1"
    assert set(spec["features"]) <= set(FEATURE_NAMES)
    assert spec["stats"]["n_docs"] > 1000 and len(spec["stats"]["df_word"]) > 1000
    assert DEFAULT_MODEL.stat().st_size < 2_000_000
    s = PairScorer(DEFAULT_MODEL)
    assert s.feature_names == spec["features"]


def test_paraphrases_score_higher_than_unrelated_pairs(scorer):
    para = [scorer.score(a, b) for a, b in PARAPHRASES]
    unrel = [scorer.score(a, b) for a, b in UNRELATED]
    for p, u in zip(para, unrel):
        assert p > u + 0.2, (p, u)
    assert min(para) > 0.5
    assert max(unrel) < 0.35


def test_identical_texts_score_about_one(scorer):
    for a, _ in PARAPHRASES:
        assert scorer.score(a, a) >= 0.9
    assert scorer.score(BASE, BASE.upper()) >= 0.85     # case does not matter


def test_symmetric(scorer):
    pairs = PARAPHRASES + UNRELATED + [(BASE, ""), ("word", "words"), (BASE, BASE + " Really.")]
    for a, b in pairs:
        assert abs(scorer.score(a, b) - scorer.score(b, a)) <= 1e-9
        fa, fb = scorer.features(a, b), scorer.features(b, a)
        assert fa == fb


def test_scores_in_range_and_odd_inputs_do_not_raise(scorer):
    texts = ODD_INPUTS + [BASE]
    P = [scorer.prepare(t) for t in texts]
    pairs = [(a, b) for a in P for b in P]
    s = scorer.score_many(pairs)
    assert s.shape == (len(pairs),)
    assert np.all(np.isfinite(s)) and np.all((s >= 0) & (s <= 1))
    for a in texts:
        f = scorer.features(a, BASE)
        assert set(f) == set(FEATURE_NAMES)
        assert all(math.isfinite(v) for v in f.values())


def test_negation_lowers_the_score_but_not_to_unrelated(scorer):
    para = "The minister said the new tax will apply to small businesses from next year."
    same = "The new tax will apply to small businesses from next year, the minister said."
    negated = "The minister said the new tax will not apply to small businesses from next year."
    unrelated = "Rain is expected across the south coast over the weekend."
    s_same, s_neg, s_un = (scorer.score(para, x) for x in (same, negated, unrelated))
    assert s_neg < s_same
    assert s_neg > s_un + 0.2


def test_changed_number_lowers_the_score_but_not_to_unrelated(scorer):
    para = "The earthquake killed 120 people and injured 300 in the north of the country."
    same = "In the north of the country the earthquake killed 120 people and injured 300."
    changed = "The earthquake killed 45 people and injured 300 in the north of the country."
    unrelated = "The museum opened a new wing devoted to modern sculpture."
    s_same, s_num, s_un = (scorer.score(para, x) for x in (same, changed, unrelated))
    assert s_num < s_same
    assert s_num > s_un + 0.2


def test_deterministic_and_batch_equals_single(scorer):
    P = [(scorer.prepare(a), scorer.prepare(b)) for a, b in PARAPHRASES + UNRELATED]
    first = scorer.score_many(P)
    again = scorer.score_many(P)
    assert np.array_equal(first, again)
    single = np.array([scorer.score(a, b) for a, b in P])
    assert np.allclose(first, single, atol=1e-9, rtol=0)
    # large batches take another path for the sparse products (scipy): same features
    many = P * (300 // len(P) + 1)
    big = scorer.feature_matrix(many)
    small = np.vstack([scorer.feature_matrix([pair]) for pair in many[:len(P)]])
    assert np.array_equal(big[:len(P)], small)
    assert np.allclose(scorer.score_many(many)[:len(P)], first, atol=1e-9, rtol=0)
    fresh = PairScorer()
    assert np.allclose(fresh.score_many([(fresh.prepare(a.text), fresh.prepare(b.text))
                                         for a, b in P]), first, atol=1e-9, rtol=0)


def test_prepare_many_equals_prepare_one_by_one(scorer):
    texts = [t for pair in PARAPHRASES + UNRELATED for t in pair] + ODD_INPUTS[:-1]
    texts += ["", "Seoul sent 1,500 special forces. Seoul sent 1,500 special forces.", "\ud800x"]
    many = scorer.prepare_many(texts)
    assert len(many) == len(texts) and scorer.prepare_many([]) == []
    for text, p in zip(texts, many):
        q = scorer.prepare(text)
        assert (p.text, p.stems, p.surface, p.scalars) == (q.text, q.stems, q.surface, q.scalars)
        assert np.array_equal(p.words, q.words) and np.array_equal(p.sparse, q.sparse), text
        assert len(np.unique(p.sparse[:, 0])) == len(p.sparse)      # one row per token
    pairs = list(zip(many[::2], many[1::2]))
    singles = [(scorer.prepare(a.text), scorer.prepare(b.text)) for a, b in pairs]
    assert np.array_equal(scorer.score_many(pairs), scorer.score_many(singles))
    with pytest.raises(TypeError):
        scorer.prepare_many(["ok", None])


def test_same_scores_in_another_process_with_another_hash_seed(scorer):
    """Token ids come from Python's (per-process) string hash; the scores must not."""
    pairs = PARAPHRASES + UNRELATED
    code = ("import json, sys; from reader.core.xref.pairs.scorer import PairScorer; "
            "s = PairScorer(); pairs = json.load(sys.stdin); "
            "print(json.dumps([s.score(a, b) for a, b in pairs]))")
    here = [scorer.score(a, b) for a, b in pairs]
    for seed in ("1", "12345"):
        r = subprocess.run([sys.executable, "-c", code], input=json.dumps(pairs), text=True,
                           capture_output=True, cwd=str(REPO), check=True,
                           env={**__import__("os").environ, "PYTHONHASHSEED": seed})
        there = json.loads(r.stdout)
        assert np.allclose(here, there, atol=1e-9, rtol=0), (here, there)


def test_distinct_stems_get_distinct_order_codes():
    """The word-order LCS compares one character per stem. Taken from the string hash (20
    bits), about a dozen of 5,000 stems would share a character, and which ones would change
    with the process's hash seed; the codes must be one per stem."""
    from reader.core.xref.pairs.textprep import _stem_code
    stems = [f"w{i}x{i * 7919 % 10007}" for i in range(5000)]
    codes = _stem_code(stems)
    assert len(codes) == len(stems) and len(set(codes)) == len(stems)
    assert _stem_code(stems[::-1]) == codes[::-1]          # a stem keeps its code


def test_prepared_and_strings_mix(scorer):
    a, b = PARAPHRASES[0]
    pa = scorer.prepare(a)
    assert isinstance(pa, Prepared)
    assert scorer.score(pa, b) == scorer.score(a, scorer.prepare(b)) == scorer.score(a, b)
    assert scorer.score_many([]).shape == (0,)
    with pytest.raises(TypeError):
        scorer.prepare(None)


def test_shared_terms_most_informative_first(scorer):
    a = scorer.prepare("Apple shares fell 5 percent after the iPhone maker warned on revenue.")
    b = scorer.prepare("Shares of Apple dropped after the company issued a revenue warning.")
    terms = shared_terms(a, b)
    assert {t.lower() for t in terms} == {"apple", "shares", "revenue", "warned"}
    assert "Apple" in terms                                     # surface form, as written in a
    idf = {a.content[s][0]: a.content[s][1] for s in a.content}
    assert [idf[t] for t in terms] == sorted((idf[t] for t in terms), reverse=True)
    assert shared_terms(a, scorer.prepare("Nothing in common here.")) == []
    assert shared_terms(scorer.prepare(""), b) == []


def test_features_are_named_and_explain_the_pair(scorer):
    f = scorer.features(PARAPHRASES[1][0], PARAPHRASES[1][1])
    assert list(f) == list(FEATURE_NAMES)
    assert f["idf_cov_min"] == 1.0           # "man", "play", "guitar" on both sides
    g = scorer.features(*UNRELATED[1])
    assert g["idf_cov_max"] == 0.0 and g["tfidf_cos"] == 0.0


def test_model_kinds_evaluate_by_hand():
    # one tree: x0 <= 0.5 -> 1.0, else (x1 <= 2 -> 2.0, else 3.0); baseline 0.5
    tree = {"kind": "gbdt", "baseline": 0.5, "trees": [{
        "feature": [0, -1, 1, -1, -1], "threshold": [0.5, 0, 2.0, 0, 0],
        "left": [1, -1, 3, -1, -1], "right": [2, -1, 4, -1, -1],
        "value": [0, 1.0, 0, 2.0, 3.0], "depth": 2}]}
    X = np.array([[0.0, 9.0], [1.0, 1.0], [1.0, 5.0]])
    assert make_model(tree).predict(X).tolist() == [1.5, 2.5, 3.5]
    # one member, identity-like net: relu(x0 - x1) * 2 + 1, inputs clipped to [0, 10]
    mlp = {"kind": "mlp", "lo": [0, 0], "hi": [10, 10], "members": [{
        "mean": [0, 0], "scale": [1, 1],
        "layers": [{"W": [[1.0], [-1.0]], "b": [0.0]}, {"W": [[2.0]], "b": [1.0]}]}]}
    assert make_model(mlp).predict(np.array([[3.0, 1.0], [1.0, 3.0], [20.0, 0.0]])).tolist() \
        == [5.0, 1.0, 21.0]
    blend = {"kind": "blend", "weights": [0.5, 0.5], "parts": [tree, mlp]}
    assert make_model(blend).predict(np.array([[3.0, 1.0]])).tolist() == [0.5 * 2.5 + 0.5 * 5.0]
