"""Pair features for the sentence-pair scorer (``scorer.py``).

GUI-free and dependency-light (numpy, rapidfuzz; scipy's sparse product for large batches,
imported on first use). Every text is analysed once (``textprep.py``: ``Analyzer.prepare_many``)
into sorted id/value arrays; the features of many pairs are then computed
together with array operations (``Analyzer.feature_matrix``), so the per-pair Python work is a
few list look-ups.

Features (``FEATURE_NAMES``): IDF-weighted coverage of each side's content stems by the other,
TF-IDF cosine, unmatched IDF mass, soft alignment of the unmatched words (edit similarity of
stems, and word associations learned from paraphrase pairs), Jaccard of stems, surface words,
function words, stem bigrams and trigrams, TF-IDF cosine of character 4-grams, lengths, numbers,
capitalised words, negation, questions, edit similarity of the texts, of their sorted words and of
their stem sequences (word order).

Symmetry: every feature is a min/max/sum of the two sides or a shared count, and each pair is put
in a canonical order first, so ``f(a, b) == f(b, a)`` exactly.

Ids: tokens are hashed with Python's ``hash`` (stable within a process) into 36 bits and tagged
with a 4-bit group, so nothing grows with the number of texts seen. A collision could only make
two different tokens of one group count as shared; at 2**36 that does not happen in practice.
The hash seed changes between processes, and with it the order of the ids, so every weight is put
on a 2**-20 grid: the sums of products are then exact, whatever their order, and the features
(hence the scores) are the same in every process.
"""

from __future__ import annotations

from itertools import chain
from typing import Sequence

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel

from .textprep import (G_ALL, G_BI, G_C4, G_CAP, G_NUM, G_STOP, G_SURF, G_TRI, N_GROUPS, Prepared,
                        S_ALL, S_BI, S_CAP, S_CSET, S_CTOK, S_IDF, S_NEG, S_NUM, S_Q, S_STOP,
                        S_SURF, S_TOK, S_TRI, TextPrep, _ASSOC_MASK)

_ROW_SHIFT = 40          # batch keys: row << 40 | id   (ids < 2**40, exact in float64 too)

FEATURE_NAMES = (
    "idf_cov_min", "idf_cov_max", "idf_dice", "tfidf_cos", "jac_content",
    "unm_idf_sum_min", "unm_idf_sum_max", "unm_idf_max", "unm_cnt_min", "unm_cnt_max",
    "soft_min", "soft_max", "soft_cnt_min", "soft_cnt_max", "assoc_sum",
    "jac_all", "jac_surface", "jac_stop", "jac_bigram", "jac_trigram", "c4_cos",
    "len_min", "len_max", "len_ratio", "len_content_min", "len_content_max",
    "num_any", "num_jac", "num_diff", "num_subset", "num_shared",
    "cap_jac", "cap_diff", "cap_shared",
    "neg_mismatch", "neg_any", "question_mismatch",
    "fz_ratio", "fz_token_sort", "lcs_stems",
)

#: Two unmatched words align softly when their stems' edit similarity reaches this.
FUZZY_MIN = 0.75
#: Batches at least this large use both cores for the string comparisons.
_PARALLEL_MIN = 2000
_GIL_SLICE = 100_000     # pairings scored per rapidfuzz call (about 20 ms on this machine)
#: Batches at least this large use scipy.sparse for the sparse products (imported on first use).
SPARSE_MIN_PAIRS = 256


class Analyzer(TextPrep):
    """Turns texts into ``Prepared`` and pairs of them into feature rows.

    ``stats`` is the background statistics part of the model: ``n_docs``, ``df_word`` (content
    stem -> document frequency), ``df_c4`` (character 4-gram -> document frequency) and
    ``assoc`` ([stem, stem, strength]: word associations learned from paraphrase pairs)."""

    def __init__(self, stats: dict):
        super().__init__(stats)
        keys, vals = [], []
        for a, b, v in stats.get("assoc", ()):
            ka, kb = hash(a) & _ASSOC_MASK, hash(b) & _ASSOC_MASK
            v = round(float(v) * 65536) / 65536
            keys += [ka << 31 | kb, kb << 31 | ka]
            vals += [v, v]
        keys_a = np.asarray(keys, dtype=np.int64)
        order = np.argsort(keys_a, kind="stable")
        self.assoc_keys = keys_a[order]
        self.assoc_vals = np.asarray(vals, dtype=np.float64)[order]

    # ------------------------------------------------------------------ many pairs
    def feature_matrix(self, pairs: Sequence[tuple[Prepared, Prepared]]) -> np.ndarray:
        n = len(pairs)
        out = np.zeros((n, len(FEATURE_NAMES)))
        if n == 0:
            return out
        L: list[Prepared] = []
        R: list[Prepared] = []
        for a, b in pairs:                       # canonical order: features exactly symmetric
            if b.text < a.text:
                a, b = b, a
            L.append(a)
            R.append(b)
        rows = np.arange(n, dtype=np.int64)
        SL = np.array([p.scalars for p in L], dtype=np.float64)
        SR = np.array([p.scalars for p in R], dtype=np.float64)

        # ---- content words: matched / unmatched
        WL = np.concatenate([p.words for p in L])
        WR = np.concatenate([p.words for p in R])
        rowL = np.repeat(rows, SL[:, S_CSET].astype(np.int64))
        rowR = np.repeat(rows, SR[:, S_CSET].astype(np.int64))
        kL = (rowL << _ROW_SHIFT) | WL[:, 0].astype(np.int64)
        kR = (rowR << _ROW_SHIFT) | WR[:, 0].astype(np.int64)
        idfL, idfR = WL[:, 1], WR[:, 1]
        mL, posL = _matches(kL, kR)
        mR, _ = _matches(kR, kL)
        shared_idf = np.bincount(rowL[mL], weights=idfL[mL], minlength=n)
        shared_cnt = np.bincount(rowL[mL], minlength=n).astype(np.float64)
        cos = np.bincount(rowL[mL], weights=WL[mL, 2] * WR[posL[mL], 2], minlength=n)
        sumL, sumR = SL[:, S_IDF], SR[:, S_IDF]
        cL, cR = _div(shared_idf, sumL), _div(shared_idf, sumR)
        unmL, unmR = sumL - shared_idf, sumR - shared_idf
        ucL, ucR = SL[:, S_CSET] - shared_cnt, SR[:, S_CSET] - shared_cnt
        umax = np.zeros(n)
        np.maximum.at(umax, rowL[~mL], idfL[~mL])
        np.maximum.at(umax, rowR[~mR], idfR[~mR])

        # ---- soft alignment of the unmatched words
        uiL, uiR = np.flatnonzero(~mL), np.flatnonzero(~mR)
        bestL, bestR, assoc_sum = self._soft(n, L, R, rowL, uiL, WL, rowR, uiR, WR)
        softL = shared_idf + np.bincount(rowL[uiL], weights=idfL[uiL] * bestL, minlength=n)
        softR = shared_idf + np.bincount(rowR[uiR], weights=idfR[uiR] * bestR, minlength=n)
        sL, sR = _div(softL, sumL), _div(softR, sumR)
        scL = _div(shared_cnt + np.bincount(rowL[uiL], weights=bestL, minlength=n), SL[:, S_CSET])
        scR = _div(shared_cnt + np.bincount(rowR[uiR], weights=bestR, minlength=n), SR[:, S_CSET])

        G = _group_products(L, R, n)

        def jac(g, s):
            return _div(G[:, g], SL[:, s] + SR[:, s] - G[:, g])

        fz = self._fuzzy(L, R)
        nL, nR = SL[:, S_TOK], SR[:, S_TOK]
        numL, numR, num_sh = SL[:, S_NUM], SR[:, S_NUM], G[:, G_NUM]
        num_un = numL + numR - num_sh
        cap_sh = G[:, G_CAP]
        cap_un = SL[:, S_CAP] + SR[:, S_CAP] - cap_sh
        cols = [
            np.minimum(cL, cR), np.maximum(cL, cR), _div(2 * shared_idf, sumL + sumR), cos,
            _div(shared_cnt, SL[:, S_CSET] + SR[:, S_CSET] - shared_cnt),
            np.minimum(unmL, unmR), np.maximum(unmL, unmR), umax,
            np.minimum(ucL, ucR), np.maximum(ucL, ucR),
            np.minimum(sL, sR), np.maximum(sL, sR), np.minimum(scL, scR), np.maximum(scL, scR),
            assoc_sum,
            jac(G_ALL, S_ALL), jac(G_SURF, S_SURF),
            np.where(SL[:, S_STOP] + SR[:, S_STOP] > 0, jac(G_STOP, S_STOP), 1.0),
            jac(G_BI, S_BI), jac(G_TRI, S_TRI), G[:, G_C4],
            np.minimum(nL, nR), np.maximum(nL, nR), _div(np.minimum(nL, nR), np.maximum(nL, nR)),
            np.minimum(SL[:, S_CTOK], SR[:, S_CTOK]), np.maximum(SL[:, S_CTOK], SR[:, S_CTOK]),
            (num_un > 0).astype(np.float64), np.where(num_un > 0, _div(num_sh, num_un), 1.0),
            num_un - num_sh, (num_sh >= np.minimum(numL, numR)).astype(np.float64), num_sh,
            np.where(cap_un > 0, _div(cap_sh, cap_un), 1.0), cap_un - cap_sh, cap_sh,
            (SL[:, S_NEG] != SR[:, S_NEG]).astype(np.float64),
            ((SL[:, S_NEG] + SR[:, S_NEG]) > 0).astype(np.float64),
            (SL[:, S_Q] != SR[:, S_Q]).astype(np.float64),
        ] + fz
        for j, c in enumerate(cols):
            out[:, j] = c
        return out

    def _soft(self, n, L, R, rowL, uiL, WL, rowR, uiR, WR):
        """Best soft match in the other text for every unmatched content word of each side:
        the edit similarity of the two stems when >= FUZZY_MIN, or a learned association."""
        bestL = np.zeros(len(uiL))
        bestR = np.zeros(len(uiR))
        assoc_sum = np.zeros(n)
        if not len(uiL) or not len(uiR):
            return bestL, bestR, assoc_sum
        rL, rR = rowL[uiL], rowR[uiR]
        cntR = np.bincount(rR, minlength=n)
        startR = np.cumsum(cntR) - cntR
        reps = cntR[rL]                            # pairings per unmatched left word
        total = int(reps.sum())
        if total == 0:
            return bestL, bestR, assoc_sum
        li = np.repeat(np.arange(len(uiL)), reps)  # index into uiL
        ri = startR[rL[li]] + (np.arange(total) - np.repeat(np.cumsum(reps) - reps, reps))
        # (object arrays: numpy gathers the strings, not a Python loop)
        a = np.asarray(list(chain.from_iterable(p.stems for p in L)), dtype=object)[uiL[li]]
        b = np.asarray(list(chain.from_iterable(p.stems for p in R)), dtype=object)[uiR[ri]]
        # in slices: one call holds the GIL throughout (a million pairings froze the window's
        # event loop for 150-350 ms while it cross-referenced in the background)
        workers = -1 if total >= 4 * _PARALLEL_MIN else 1
        sim = np.concatenate([process.cpdist(a[s:s + _GIL_SLICE], b[s:s + _GIL_SLICE],
                                             scorer=Indel.normalized_similarity, workers=workers)
                              for s in range(0, total, _GIL_SLICE)])
        sim = np.where(sim >= FUZZY_MIN, np.round(sim.astype(np.float64) * 65536) / 65536, 0.0)
        if len(self.assoc_keys):
            key = (WL[uiL[li], 3].astype(np.int64) << 31) | WR[uiR[ri], 3].astype(np.int64)
            pos = np.searchsorted(self.assoc_keys, key)
            pos[pos == len(self.assoc_keys)] = 0
            av = np.where(self.assoc_keys[pos] == key, self.assoc_vals[pos], 0.0)
            assoc_sum = np.bincount(rL[li], weights=av, minlength=n)
            sim = np.maximum(sim, av)
        np.maximum.at(bestL, li, sim)
        np.maximum.at(bestR, ri, sim)
        return bestL, bestR, assoc_sum

    @staticmethod
    def _fuzzy(L, R) -> list[np.ndarray]:
        workers = -1 if len(L) >= _PARALLEL_MIN else 1
        a = [p.low_text for p in L]
        b = [p.low_text for p in R]
        ratio = process.cpdist(a, b, scorer=Indel.normalized_similarity, workers=workers)
        tsort = process.cpdist([p.sorted_text for p in L], [p.sorted_text for p in R],
                               scorer=Indel.normalized_similarity, workers=workers)
        lcs = process.cpdist([p.stem_code for p in L], [p.stem_code for p in R],
                             scorer=Indel.normalized_similarity, workers=workers)
        return [np.asarray(x, dtype=np.float64) for x in (ratio, tsort, lcs)]


def _group_products(L: list[Prepared], R: list[Prepared], n: int) -> np.ndarray:
    """Per pair and group: the sum over the entries both texts have of the product of their
    values (a count for the binary groups, a cosine for the weighted ones). Large batches use
    scipy's sorted-merge sparse product; small ones (and an import-free ``reader compare``)
    a binary search. Both sum the same exact products, so they agree to the bit."""
    PL = np.concatenate([p.sparse for p in L])
    PR = np.concatenate([p.sparse for p in R])
    lL = np.fromiter((len(p.sparse) for p in L), dtype=np.int64, count=n)
    lR = np.fromiter((len(p.sparse) for p in R), dtype=np.int64, count=n)
    iL = PL[:, 0].astype(np.int64)
    iR = PR[:, 0].astype(np.int64)
    rows = np.arange(n, dtype=np.int64)
    if n >= SPARSE_MIN_PAIRS:
        from scipy.sparse import csr_matrix
        shape = (n, 1 << _ROW_SHIFT)
        A = csr_matrix((PL[:, 1], iL, np.concatenate([[0], np.cumsum(lL)])), shape=shape)
        B = csr_matrix((PR[:, 1], iR, np.concatenate([[0], np.cumsum(lR)])), shape=shape)
        A.has_canonical_format = B.has_canonical_format = True   # rows sorted, ids unique
        C = A.multiply(B).tocsr()
        r = np.repeat(rows, np.diff(C.indptr))
        g, w = r * N_GROUPS + (C.indices & 15), C.data
    else:
        gL, gR = np.repeat(rows, lL), np.repeat(rows, lR)
        m, pos = _matches((gL << _ROW_SHIFT) | iL, (gR << _ROW_SHIFT) | iR)
        g, w = gL[m] * N_GROUPS + (iL[m] & 15), PL[m, 1] * PR[pos[m], 1]
    return np.bincount(g, weights=w, minlength=n * N_GROUPS).reshape(n, N_GROUPS)


def _div(a, b) -> np.ndarray:
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    return np.divide(a, b, out=np.zeros(np.broadcast_shapes(a.shape, b.shape)), where=b > 0)


def _matches(k: np.ndarray, other: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For sorted key arrays: which of ``k`` occur in ``other``, and where."""
    if not len(other) or not len(k):
        return np.zeros(len(k), bool), np.zeros(len(k), np.int64)
    pos = np.searchsorted(other, k)
    pos[pos == len(other)] = 0
    return other[pos] == k, pos
