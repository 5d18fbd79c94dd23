"""Text analysis and pair features for the sentence-pair scorer (``similarity.py``).

GUI-free and dependency-light (numpy, rapidfuzz, Whoosh's Porter stemmer and stop words; scipy's
sparse product for large batches, imported on first use). Every text is analysed once
(``Analyzer.prepare``) into sorted id/value arrays; the features of many pairs are then computed
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

import math
import re
from itertools import repeat
from typing import Sequence

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel
from whoosh.analysis import STOP_WORDS
from whoosh.lang.porter import stem as _porter_stem

# The index's tokeniser (reader.core.index.TOKEN_PATTERN): words, numbers with separators kept
# whole ("14,000", "1.5"), dotted abbreviations ("U.S") as one token.
TOKEN_PATTERN = r"\d+(?:[.,]\d+)+|\w+(?:\.?\w+)*"
_TOKEN = re.compile(TOKEN_PATTERN)
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)*$")
_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+$")
_NOT = re.compile(r"n't\b|n’t\b", re.IGNORECASE)

#: Function words: Whoosh's stop words and a few more that carry no claim of their own.
STOPS = frozenset(STOP_WORDS) | frozenset(
    "he she they his her their its was were been has had i my our said says say would also "
    "which who there than but do does did so o s t about into over after more all".split())
NEGATIONS = frozenset(
    "not no never none nobody nothing neither nor without cannot".split())

#: Texts longer than this (characters) are analysed on their first MAX_CHARS characters.
MAX_CHARS = 20_000

# Groups of the sparse id space (low 4 bits of an id).
G_ALL, G_SURF, G_STOP, G_BI, G_TRI, G_C4, G_NUM, G_CAP = range(8)
N_GROUPS = 8
_GROUPS = np.array([G_ALL, G_SURF, G_STOP, G_BI, G_TRI, G_C4, G_NUM, G_CAP], dtype=np.int64)
_GROUPS_NO_C4 = np.array([G_ALL, G_SURF, G_STOP, G_BI, G_TRI, G_NUM, G_CAP], dtype=np.int64)
_HASH_MASK = (1 << 36) - 1
_HASH_MASK_U = np.uint64(_HASH_MASK)
_KEY40 = (1 << 40) - 1
# Character 4-grams are keyed by a 64-bit mix of their four code points (computed for all of a
# text's grams at once with array operations; a string hash per gram costs several times more).
_C4_MULT = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_U30, _U27, _U31, _U24 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(24)
_ROW_SHIFT = 40          # batch keys: row << 40 | id   (ids < 2**40, exact in float64 too)
_WORD_MASK = (1 << 40) - 1
_ASSOC_MASK = 0x7FFFFFFF

# Values are put on a 2**-20 grid, so that every sum of products below is exact and the
# features do not depend on the order of the terms (that is, on the ids' hash values).
_Q = float(1 << 20)

# Per-text scalars (Prepared.scalars).
(S_TOK, S_CTOK, S_CSET, S_IDF, S_ALL, S_SURF, S_STOP, S_BI, S_TRI, S_NUM, S_CAP, S_NEG,
 S_Q) = range(13)

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
#: Batches at least this large use scipy.sparse for the sparse products (imported on first use).
SPARSE_MIN_PAIRS = 256

_stem_cache: dict[str, str] = {}


def stem(word: str) -> str:
    s = _stem_cache.get(word)
    if s is None:
        if len(_stem_cache) > 200_000:
            _stem_cache.clear()
        s = _stem_cache[word] = _porter_stem(word)
    return s


def _c4_keys(s: str, step: int = 1) -> np.ndarray:
    """A 40-bit key per character 4-gram of ``s`` (each position, or every ``step``-th)."""
    c = np.frombuffer(s.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
    n = len(c) - 3
    if n <= 0:
        return np.zeros(0, np.uint64)
    k = c[0:n:step]
    for j in (1, 2, 3):
        k = k * _C4_MULT + c[j:n + j:step]
    k ^= k >> _U30                      # splitmix64's finaliser: spread the bits
    k *= _MIX1
    k ^= k >> _U27
    k *= _MIX2
    k ^= k >> _U31
    return k >> _U24                    # 40 bits: room for a text number above them


def _c4_counts(padded: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct character 4-grams of each text: (key, text number, count), sorted by
    text then key."""
    lengths = np.fromiter(map(len, padded), dtype=np.int64, count=len(padded))
    keys = _c4_keys("".join(padded))
    starts = np.cumsum(lengths) - lengths
    text = np.repeat(np.arange(len(padded)), lengths)[:len(keys)]
    valid = np.arange(len(keys)) - starts[text] <= lengths[text] - 4   # inside one text
    both, counts = np.unique((text[valid] << 40) | keys[valid].astype(np.int64),
                             return_counts=True)
    return (both & _KEY40).astype(np.uint64), both >> 40, counts.astype(np.float64)


def _normalised_rows(w: np.ndarray, rows: np.ndarray, n: int) -> np.ndarray:
    """``_normalised`` applied to each text's part of ``w`` (``rows``: its text numbers)."""
    norms = np.sqrt(np.bincount(rows, weights=w * w, minlength=n))
    norms[norms == 0] = 1.0
    return _quantise(w / norms[rows]) if len(w) else w


def _idf(df: float, n_docs: float) -> float:
    return round((math.log((n_docs + 1.0) / (df + 1.0)) + 1.0) * _Q) / _Q


def _quantise(x: np.ndarray) -> np.ndarray:
    return np.round(x * _Q) / _Q


def _normalised(weights: np.ndarray) -> np.ndarray:
    n = math.sqrt(float(weights @ weights)) if len(weights) else 0.0
    return _quantise(weights / n) if n > 0 else weights


class Prepared:
    """One text, analysed once and reused across many pairs.

    ``words`` is one row per distinct content stem, sorted by id: (id, idf, tf-idf weight,
    association code), with ``stems`` and ``surface`` (first form as written) in the same order;
    ``sparse`` is one row per (group, token): (id, value), sorted by id."""

    __slots__ = ("text", "words", "stems", "surface", "sparse", "scalars", "low_text",
                 "sorted_text", "stem_code")

    @property
    def content(self) -> dict[str, tuple[str, float]]:
        """Content stem -> (its first surface form in the text, its IDF)."""
        return dict(zip(self.stems, zip(self.surface, self.words[:, 1].tolist())))

    def __repr__(self) -> str:
        t = self.text if len(self.text) < 60 else self.text[:57] + "..."
        return f"Prepared({t!r})"


def _tokens(text: str) -> tuple[list[str], list[str]]:
    t = text[:MAX_CHARS] if len(text) > MAX_CHARS else text
    raw = _TOKEN.findall(_NOT.sub(" not", t))
    low = [w.lower() for w in raw]
    for i, w in enumerate(low):
        if "," in w and _THOUSANDS.match(w):
            low[i] = w.replace(",", "")
    return raw, low


class Analyzer:
    """Turns texts into ``Prepared`` and pairs of them into feature rows.

    ``stats`` is the background statistics part of the model: ``n_docs``, ``df_word`` (content
    stem -> document frequency), ``df_c4`` (character 4-gram -> document frequency) and
    ``assoc`` ([stem, stem, strength]: word associations learned from paraphrase pairs)."""

    def __init__(self, stats: dict):
        n = float(stats["n_docs"])
        self.n_docs = n
        self.idf_unseen = _idf(0, n)
        self.idf_word = {w: _idf(d, n) for w, d in stats["df_word"].items()}
        grams = list(stats["df_c4"])
        c4_keys = _c4_keys("".join(grams), step=4) if grams else np.zeros(0, np.uint64)
        order = np.argsort(c4_keys, kind="stable")
        self.c4_keys = c4_keys[order]
        self.c4_idf = np.array([_idf(stats["df_c4"][g], n) for g in grams])[order] \
            if grams else np.zeros(0)
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

    # ------------------------------------------------------------------ one text
    def prepare(self, text: str) -> Prepared:
        return self.prepare_many([text])[0]

    def prepare_many(self, texts: Sequence[str]) -> list[Prepared]:
        """``prepare`` for many texts: the word analysis is per text, the arrays are built for
        all of them at once (per-text array operations would cost more than the analysis)."""
        out: list[Prepared] = []
        cache, stops = _stem_cache, STOPS
        all_words: list[str] = []
        all_tf: list[int] = []
        n_words: list[int] = []
        tokens: list = []
        sizes: list[int] = []
        padded: list[str] = []
        for text in texts:
            p = Prepared()
            p.text = text
            raw, low = _tokens(text)
            stems = [cache.get(w) or stem(w) for w in low]
            is_stop = [w in stops for w in low]
            tf: dict[str, int] = {}
            surf: dict[str, str] = {}
            for s, r, st in zip(stems, raw, is_stop):
                if not st:
                    if s in tf:
                        tf[s] += 1
                    else:
                        tf[s] = 1
                        surf[s] = r
            words = sorted(tf)
            all_words += words
            all_tf += map(tf.__getitem__, words)
            n_words.append(len(words))
            p.stems = words                  # put in id order below
            p.surface = surf                 # (a dict until then)

            allset = set(stems)
            surfset = {w for w, st in zip(low, is_stop) if not st}
            stopset = {w for w, st in zip(low, is_stop) if st}
            bi = set(zip(stems, stems[1:]))
            tri = set(zip(stems, stems[1:], stems[2:]))
            nums = {w.replace(",", "") for w in low if w[0].isdigit() and _NUMBER.match(w)}
            # capitalised words after the first, and acronyms anywhere
            caps = {w.lower() for w in raw[1:] if not w.islower() and (
                (w[:1].isupper() and not w.isupper()) or (len(w) > 1 and w.isupper()))}
            if raw and len(raw[0]) > 1 and raw[0].isupper():
                caps.add(raw[0].lower())
            for x in (allset, surfset, stopset, bi, tri, nums, caps):
                tokens += x
                sizes.append(len(x))
            joined = " ".join(low)
            padded.append(" " + joined + " ")
            p.scalars = (len(low), len(low) - sum(is_stop), len(words), 0.0, len(allset),
                         len(surfset), len(stopset), len(bi), len(tri), len(nums), len(caps),
                         float(any(w in NEGATIONS for w in low)), float("?" in text))
            p.low_text = joined
            p.sorted_text = " ".join(sorted(low))
            # one character per stem (supplementary planes: no surrogates), for word-order LCS
            p.stem_code = "".join([chr(0x10000 + (hash(x) & 0xFFFFF)) for x in stems])
            out.append(p)
        n = len(out)
        if not n:
            return out
        unseen = self.idf_unseen

        # content words: (id, idf, tf-idf weight normalised per text, association code)
        k = len(all_words)
        wt = np.repeat(np.arange(n), n_words)
        idf = np.fromiter(map(self.idf_word.get, all_words, repeat(unseen)), dtype=np.float64,
                          count=k)
        h = np.fromiter(map(hash, all_words), dtype=np.int64, count=k)
        w = np.asarray(all_tf, dtype=np.float64) * idf
        W = np.empty((k, 4))
        W[:, 0] = h & _WORD_MASK
        W[:, 1] = idf
        W[:, 2] = _normalised_rows(w, wt, n)
        W[:, 3] = h & _ASSOC_MASK
        o = np.argsort((wt << 40) | (h & _WORD_MASK), kind="stable")
        W = W[o]
        idf_sums = np.bincount(wt, weights=idf, minlength=n)
        ends = np.cumsum(n_words)
        order = o.tolist()
        for i, p in enumerate(out):
            a, b = ends[i] - n_words[i], ends[i]
            p.words = W[a:b]
            p.stems = [all_words[j] for j in order[a:b]]
            p.surface = [p.surface[x] for x in p.stems]
            sc = p.scalars
            p.scalars = sc[:3] + (float(idf_sums[i]),) + sc[4:]

        # sparse groups: binary sets (hashed), then weighted character 4-grams
        tt = np.repeat(np.arange(n), np.asarray(sizes, dtype=np.int64).reshape(n, 7).sum(axis=1))
        group = np.tile(_GROUPS_NO_C4, n).repeat(sizes)
        hashed = np.fromiter(map(hash, tokens), dtype=np.int64, count=len(tokens))
        ids = ((hashed & _HASH_MASK) << 4) | group
        ck, ct, cn = _c4_counts(padded)
        at = np.minimum(np.searchsorted(self.c4_keys, ck), max(len(self.c4_keys) - 1, 0))
        known = self.c4_keys[at] == ck if len(self.c4_keys) else np.zeros(len(ck), bool)
        c4w = cn * np.where(known, self.c4_idf[at] if len(self.c4_idf) else 0.0, unseen)
        ids = np.concatenate([ids, ((ck & _HASH_MASK_U) << np.uint64(4)).astype(np.int64) | G_C4])
        vals = np.concatenate([np.ones(len(hashed)), _normalised_rows(c4w, ct, n)])
        tid = np.concatenate([tt, ct])
        o = np.argsort((tid << 40) | ids, kind="stable")
        ids, vals, tid = ids[o], vals[o], tid[o]
        if len(ids) > 1:                 # a hash collision within a text: keep one
            dup = (ids[1:] == ids[:-1]) & (tid[1:] == tid[:-1])
            if dup.any():
                keep = np.concatenate([[True], ~dup])
                ids, vals, tid = ids[keep], vals[keep], tid[keep]
        sp = np.empty((len(ids), 2))
        sp[:, 0] = ids
        sp[:, 1] = vals
        ends = np.cumsum(np.bincount(tid, minlength=n)).tolist()
        start = 0
        for p, end in zip(out, ends):
            p.sparse = sp[start:end]
            start = end
        return out

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
        stemsL = [s for p in L for s in p.stems]
        stemsR = [s for p in R for s in p.stems]
        a = [stemsL[i] for i in uiL[li].tolist()]
        b = [stemsR[i] for i in uiR[ri].tolist()]
        sim = process.cpdist(a, b, scorer=Indel.normalized_similarity,
                             workers=-1 if total >= 4 * _PARALLEL_MIN else 1)
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


def background_units(text: str) -> tuple[set[str], set[str]]:
    """What the background statistics count for one text (training only): its content stems
    and its character 4-grams, analysed exactly as ``Analyzer.prepare`` does."""
    _, low = _tokens(text)
    s = " " + " ".join(low) + " "
    return {stem(w) for w in low if w not in STOPS}, {s[i:i + 4] for i in range(len(s) - 3)}
