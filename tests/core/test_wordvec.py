"""Word vectors, soft matching and character 4-grams of matching (no shipped file needed)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from reader.core.xref.match import chargrams
from reader.core.xref.match.chargrams import CharGrams, cosine, grams
from reader.core.xref.match.wordvec import SoftMatch, WordVectors, word_vectors


def _vectors(meta=None, char_grams=None):
    # "grow" and "deepen" close, "tie" apart, "bank" orthogonal to all
    vocab = ["grow", "deepen", "tie", "bank"]
    v = np.array([[1.0, 0.2, 0.0], [0.9, 0.3, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    return WordVectors(vocab, (v / np.linalg.norm(v, axis=1, keepdims=True) * 127)
                       .astype(np.int8), meta or {}, char_grams)


def test_similarity_is_cosine_with_identity_for_unknown_terms():
    wv = _vectors()
    S = wv.similarity(["grow", "zzz"], ["deepen", "zzz", "bank"])
    assert S[0, 0] > 0.9
    assert S[0, 2] == pytest.approx(0.0, abs=1e-6)
    assert S[1, 1] == 1.0 and S[1, 0] == 0.0


def test_soft_match_rewards_near_synonyms_and_exact_terms():
    wv = _vectors()
    soft = SoftMatch(wv, ["deepen", "tie"], [2.0, 1.0])
    idf = {"grow": 2.0, "tie": 1.0, "bank": 3.0, "zzz": 1.0}.get
    (q1, s1), (q2, s2), (q3, s3) = soft.document(
        [["grow", "tie"], ["bank", "zzz"], []], idf)
    assert 0.9 < q1 < 1.0 and 0.9 < s1 < 1.0       # deepen ~ grow, tie == tie
    assert q2 == pytest.approx(0.0, abs=1e-6) and s2 == pytest.approx(0.0, abs=1e-6)
    assert (q3, s3) == (0.0, 0.0)


def test_soft_match_without_claim_terms():
    assert SoftMatch(_vectors(), [], []).document([["grow"]], lambda t: 1.0) == [(0.0, 0.0)]


def test_grams_pad_words_and_keep_short_ones():
    g = grams("Fyre at")
    assert g[" fyr"] == 1 and g["yre "] == 1 and g[" at "] == 1
    assert " fy" not in g


def test_char_gram_cosine_sees_run_together_words():
    cg = CharGrams({" the": 50, "the ": 50}, 100)
    a = cg.vector("#FyreFestival hoax")
    b = cg.vector("Fyre Festival descends into chaos")
    c = cg.vector("The central bank kept rates unchanged")
    assert cosine(a, b) > 0.3 > cosine(a, c)
    assert cosine(a, a) == pytest.approx(1.0)
    assert cg.vector("") == {} and cosine({}, a) == 0.0


def test_load_round_trip_and_missing_file(tmp_path):
    wv = _vectors()
    path = tmp_path / "wv.npz"
    meta = {"c4": {"n_docs": 10}}
    np.savez_compressed(path, vocab=np.asarray(list(wv.index)), vectors=(wv.vectors * 127)
                        .astype(np.int8), c4_grams=np.asarray([" gro"]),
                        c4_df=np.asarray([4], np.int32), meta=np.asarray(json.dumps(meta)))
    back = WordVectors.load(path)
    assert back.index == wv.index
    assert np.allclose(back.vectors, wv.vectors, atol=0.02)
    assert back.char_grams.df == {" gro": 4} and back.char_grams.n_docs == 10
    assert word_vectors(tmp_path / "missing.npz") is None


def test_shipped_vectors_load_with_their_sources():
    wv = word_vectors()
    if wv is None:
        pytest.skip("word_vectors.npz not built")
    assert wv.meta["script"] == "benchmarks/train_word_vectors.py"
    assert wv.meta["sources"] and wv.char_grams is not None
    assert chargrams.N == 4
