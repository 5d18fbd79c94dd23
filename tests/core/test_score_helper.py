"""Pair scoring on two cores (reader/core/xref/pairs/score_helper.py): the same scores and the
same links as one process (scores equal to the last bits that batching moves), and a helper that fails costs nothing but time."""

from __future__ import annotations

import numpy as np
import pytest

from reader.core import helper_process
from reader.core.library import Library
from reader.core.xref import linking
from reader.core.xref.pairs import PairScorer
from reader.core.xref.pairs.score_helper import score_on_two_cores
from tests.core.test_xref import _import_seeds, _run

SENTENCES = [
    "North Korea has sent about 1,500 special forces troops to Russia.",
    "Pyongyang dispatched roughly 1,500 soldiers to Russia, officials said.",
    "Ukraine says 14,000 North Korean troops are fighting in Kursk.",
    "The central bank held interest rates at 4.75% on Thursday.",
    "Rates were kept at 4.75% by the Bank of England.",
    "Oil prices fell back from four-month highs on Tuesday.",
]


@pytest.fixture(scope="module")
def scorer():
    return PairScorer()


def _pairs():
    n = len(SENTENCES)
    return [(a, b) for a in range(n) for b in range(a + 1, n)]


def _locally(scorer):
    def score(pairs):
        rows = list(dict.fromkeys(r for p in pairs for r in p))
        prepared = dict(zip(rows, scorer.prepare_many([SENTENCES[r] for r in rows])))
        return scorer.score_many([(prepared[a], prepared[b]) for a, b in pairs]), prepared
    return score


def _texts(rows):
    return [SENTENCES[r] for r in rows]


def test_two_cores_give_the_scores_of_one(scorer):
    pairs = _pairs()
    one, _ = _locally(scorer)(pairs)
    two, prepared = score_on_two_cores(scorer, _texts, pairs, _locally(scorer))
    assert len(two) == len(pairs)
    assert np.allclose(one, two, rtol=0, atol=1e-12)   # batching moves the last bit
    # the parent analysed its own share's claims only: the rest went to the helper
    assert set(prepared) == {r for p in pairs[:len(pairs) // 2] for r in p}


def test_a_helper_that_cannot_run_costs_time_not_scores(scorer, monkeypatch):
    monkeypatch.setattr(helper_process.sys, "executable", "/bin/false")
    pairs = _pairs()
    one, _ = _locally(scorer)(pairs)
    two, prepared = score_on_two_cores(scorer, _texts, pairs, _locally(scorer))
    assert np.allclose(one, two, rtol=0, atol=1e-12)   # batching moves the last bit
    assert set(prepared) == set(range(len(SENTENCES)))


def test_a_cancelled_share_stops_the_helper(scorer):
    started = []

    def cancelled(pairs):
        started.append(len(pairs))
        return None
    assert score_on_two_cores(scorer, _texts, _pairs(), cancelled) is None
    assert started


def test_the_engine_links_alike_on_one_core_and_two(tmp_path, monkeypatch):
    lib = Library(tmp_path / "lib")
    _import_seeds(lib, tmp_path)

    def links(min_pairs):
        monkeypatch.setattr(linking, "TWO_CORES_MIN_PAIRS", min_pairs)
        _run(lib)
        return lib.store._db.execute(
            "SELECT a_doc, a_start, a_end, b_doc, b_start, b_end, relation, round(score, 9), "
            "why, fact FROM links ORDER BY 1, 2, 3, 4, 5").fetchall()
    one = links(10 ** 9)
    two = links(1)
    assert one and one == two
    lib.close()
