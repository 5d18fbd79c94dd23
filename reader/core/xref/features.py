"""Text analysis and pair features for the sentence-pair scorer (``similarity.py``).

GUI-free and dependency-light (numpy, rapidfuzz, Whoosh's Porter stemmer and stop words).
Every text is analysed once (``Analyzer.prepare``) into sorted id/value arrays; the features of
many pairs are then computed together with array operations (``Analyzer.feature_matrix``), so the
per-pair Python work is a few list look-ups.

All features are symmetric in the two texts (min/max/sum of the two sides, shared counts), and a
pair is put in a canonical order before anything is computed, so ``f(a, b) == f(b, a)`` exactly.

Ids: tokens are hashed (Python's ``hash``, stable within a process) into 36 bits and tagged with
a 4-bit group, so that nothing grows with the number of texts seen. A hash collision can only
make two different tokens of the same group count as shared; at 2**36 that does not happen in
practice.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Sequence

import numpy as np
from rapidfuzz import fuzz, process
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
G_ALL, G_SURF, G_STOP, G_BI, G_TRI, G_QUAD, G_C3, G_C4, G_WC4, G_NUM, G_CAP = range(11)
N_GROUPS = 11
_HASH_MASK = (1 << 36) - 1
_ROW_SHIFT = 40          # batch keys: row << 40 | id
_WORD_MASK = (1 << 40) - 1

# Per-text scalars (Prepared.scalars).
(S_TOK, S_CTOK, S_CSET, S_IDF, S_ALL, S_SURF, S_STOP, S_BI, S_TRI, S_QUAD, S_NUM, S_CAP, S_NEG,
 S_Q) = range(14)
N_SCALARS = 14

FEATURE_NAMES = (
    "idf_cov_min", "idf_cov_max", "idf_dice", "tfidf_cos", "jac_content",
    "unm_idf_sum_min", "unm_idf_sum_max", "unm_idf_max", "unm_cnt_min", "unm_cnt_max",
    "soft_min", "soft_max", "soft_cnt_min", "soft_cnt_max", "assoc_sum",
    "jac_all", "jac_surface", "jac_stop", "jac_bigram", "jac_trigram", "bleu_min", "bleu_max",
    "c3_cos", "c4_cos", "wc4_cos",
    "len_min", "len_max", "len_ratio", "len_content_min", "len_content_max",
    "num_any", "num_jac", "num_diff", "num_subset", "num_shared",
    "cap_jac", "cap_diff", "cap_shared",
    "neg_mismatch", "neg_any", "question_mismatch",
    "fz_ratio", "fz_token_sort", "fz_token_set", "fz_partial", "lcs_stems",
)

#: Two unmatched words align softly when their stems' edit similarity reaches this.
FUZZY_MIN = 0.75

_stem_cache: dict[str, str] = {}


def stem(word: str) -> str:
    s = _stem_cache.get(word)
    if s is None:
        if len(_stem_cache) > 200_000:
            _stem_cache.clear()
        s = _stem_cache[word] = _porter_stem(word)
    return s


def _hid(token, group: int) -> int:
    return ((hash(token) & _HASH_MASK) << 4) | group


def _idf(df: float, n_docs: float) -> float:
    return math.log((n_docs + 1.0) / (df + 1.0)) + 1.0


class Prepared:
    """One text, analysed once and reused across many pairs."""

    __slots__ = ("text", "content", "wid", "wtf", "widf", "wstems", "ids", "vals", "scalars",
                 "low_text", "sorted_text", "stem_code")

    def __repr__(self) -> str:
        t = self.text if len(self.text) < 60 else self.text[:57] + "..."
        return f"Prepared({t!r})"


class Analyzer:
    """Turns texts into ``Prepared`` and pairs of them into feature rows.

    ``stats`` is the background statistics part of the model: ``n_docs``, ``df_word`` (content
    stem -> document frequency), ``df_c3`` / ``df_c4`` (character 3/4-gram -> document
    frequency) and ``assoc`` ([stem, stem, strength] learned word associations)."""

    def __init__(self, stats: dict):
        n = float(stats["n_docs"])
        self.n_docs = n
        self.idf_unseen = _idf(0, n)
        self.idf_word = {w: _idf(d, n) for w, d in stats["df_word"].items()}
        self.idf_c3 = {g: _idf(d, n) for g, d in stats["df_c3"].items()}
        self.idf_c4 = {g: _idf(d, n) for g, d in stats["df_c4"].items()}
        keys, vals = [], []
        for a, b, s in stats.get("assoc", ()):
            ka, kb = self._assoc_code(a), self._assoc_code(b)
            keys += [ka << 31 | kb, kb << 31 | ka]
            vals += [float(s), float(s)]
        order = np.argsort(np.asarray(keys, dtype=np.int64), kind="stable")
        self.assoc_keys = np.asarray(keys, dtype=np.int64)[order]
        self.assoc_vals = np.asarray(vals, dtype=np.float64)[order]

    @staticmethod
    def _assoc_code(stem_: str) -> int:
        return hash(stem_) & 0x7FFFFFFF

    # ------------------------------------------------------------------ one text
    def prepare(self, text: str) -> Prepared:
        p = Prepared()
        p.text = text
        t = text[:MAX_CHARS] if len(text) > MAX_CHARS else text
        t = _NOT.sub(" not", t)
        raw = _TOKEN.findall(t)
        low = [w.lower() for w in raw]
        for i, w in enumerate(low):
            if "," in w and _THOUSANDS.match(w):
                low[i] = w.replace(",", "")
        stems = [stem(w) for w in low]
        stops = STOPS
        content = [(s, r) for s, w, r in zip(stems, low, raw) if w not in stops]

        # content words: tf-idf (for the cosine), idf (for coverage), surface form (for "why")
        tf = Counter([s for s, _ in content])
        surf: dict[str, str] = {}
        for s, r in content:
            surf.setdefault(s, r)
        idf_word, unseen = self.idf_word, self.idf_unseen
        words = sorted(tf)
        widf = [idf_word.get(s, unseen) for s in words]
        wtf = [tf[s] * i for s, i in zip(words, widf)]
        norm = math.sqrt(sum(v * v for v in wtf)) or 1.0
        wid = [hash(s) & _WORD_MASK for s in words]
        order = sorted(range(len(words)), key=wid.__getitem__)
        p.wid = np.array([wid[i] for i in order], dtype=np.int64)
        p.widf = np.array([widf[i] for i in order], dtype=np.float64)
        p.wtf = np.array([wtf[i] / norm for i in order], dtype=np.float64)
        p.wstems = [words[i] for i in order]
        p.content = {s: (surf[s], idf_word.get(s, unseen)) for s in words}

        # sparse groups: id -> value
        sp: dict[int, float] = {}
        allset = set(stems)
        for s in allset:
            sp[_hid(s, G_ALL)] = 1.0
        surfset = {w for w in low if w not in stops}
        for w in surfset:
            sp[_hid(w, G_SURF)] = 1.0
        stopset = {w for w in low if w in stops}
        for w in stopset:
            sp[_hid(w, G_STOP)] = 1.0
        bi = set(zip(stems, stems[1:]))
        tri = set(zip(stems, stems[1:], stems[2:]))
        quad = set(zip(stems, stems[1:], stems[2:], stems[3:]))
        for g, grams in ((G_BI, bi), (G_TRI, tri), (G_QUAD, quad)):
            for x in grams:
                sp[_hid(x, g)] = 1.0
        nums = {w.replace(",", "") for w in low if _NUMBER.match(w)}
        for w in nums:
            sp[_hid(w, G_NUM)] = 1.0
        caps = {w.lower() for i, w in enumerate(raw)
                if (i > 0 and w[:1].isupper() and not w.isupper()) or (len(w) > 1 and w.isupper())}
        for w in caps:
            sp[_hid(w, G_CAP)] = 1.0

        joined = " ".join(low)
        s = " " + joined + " "
        for g, n, table in ((G_C3, 3, self.idf_c3), (G_C4, 4, self.idf_c4)):
            grams = Counter([s[i:i + n] for i in range(len(s) - n + 1)])
            vals = {g_: c * table.get(g_, unseen) for g_, c in grams.items()}
            nrm = math.sqrt(sum(v * v for v in vals.values())) or 1.0
            for g_, v in vals.items():
                sp[_hid(g_, g)] = v / nrm
        wgrams = Counter()
        for w in surfset:
            ww = "<" + w + ">"
            wgrams.update([ww[i:i + 4] for i in range(max(1, len(ww) - 3))])
        nrm = math.sqrt(sum(c * c for c in wgrams.values())) or 1.0
        for g_, c in wgrams.items():
            sp[_hid(g_, G_WC4)] = c / nrm

        ids = np.fromiter(sp.keys(), dtype=np.int64, count=len(sp))
        vals = np.fromiter(sp.values(), dtype=np.float64, count=len(sp))
        o = np.argsort(ids)
        p.ids, p.vals = ids[o], vals[o]

        sc = np.zeros(N_SCALARS)
        sc[S_TOK] = len(low)
        sc[S_CTOK] = len(content)
        sc[S_CSET] = len(words)
        sc[S_IDF] = sum(widf)
        sc[S_ALL] = len(allset)
        sc[S_SURF] = len(surfset)
        sc[S_STOP] = len(stopset)
        sc[S_BI] = len(bi)
        sc[S_TRI] = len(tri)
        sc[S_QUAD] = len(quad)
        sc[S_NUM] = len(nums)
        sc[S_CAP] = len(caps)
        sc[S_NEG] = float(any(w in NEGATIONS for w in low))
        sc[S_Q] = float("?" in t)
        p.scalars = sc
        p.low_text = joined
        p.sorted_text = " ".join(sorted(low))
        p.stem_code = "".join(_code_char(hash(x)) for x in stems)
        return p

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
        SL = np.stack([p.scalars for p in L])
        SR = np.stack([p.scalars for p in R])

        # ---- content words: matched / unmatched
        lenL = np.fromiter((len(p.wid) for p in L), dtype=np.int64, count=n)
        lenR = np.fromiter((len(p.wid) for p in R), dtype=np.int64, count=n)
        rowL = np.repeat(rows, lenL)
        rowR = np.repeat(rows, lenR)
        wL = _cat([p.wid for p in L], np.int64)
        wR = _cat([p.wid for p in R], np.int64)
        kL = (rowL << _ROW_SHIFT) | wL
        kR = (rowR << _ROW_SHIFT) | wR
        idfL = _cat([p.widf for p in L])
        idfR = _cat([p.widf for p in R])
        tfL = _cat([p.wtf for p in L])
        tfR = _cat([p.wtf for p in R])
        mL, posL = _matches(kL, kR)
        mR, _ = _matches(kR, kL)
        shared_idf = np.bincount(rowL[mL], weights=idfL[mL], minlength=n)
        shared_cnt = np.bincount(rowL[mL], minlength=n).astype(np.float64)
        cos = np.bincount(rowL[mL], weights=tfL[mL] * tfR[posL[mL]], minlength=n)
        sumL, sumR = SL[:, S_IDF], SR[:, S_IDF]
        cL = _div(shared_idf, sumL)
        cR = _div(shared_idf, sumR)
        unmL, unmR = sumL - shared_idf, sumR - shared_idf
        ucL, ucR = SL[:, S_CSET] - shared_cnt, SR[:, S_CSET] - shared_cnt
        umax = np.zeros(n)
        np.maximum.at(umax, rowL[~mL], idfL[~mL])
        np.maximum.at(umax, rowR[~mR], idfR[~mR])

        # ---- soft alignment of unmatched words (edit similarity of stems, learned associations)
        uiL, uiR = np.flatnonzero(~mL), np.flatnonzero(~mR)
        stemsL = [s for p in L for s in p.wstems]
        stemsR = [s for p in R for s in p.wstems]
        bestL, bestR, assoc_sum = self._soft(n, rowL, uiL, stemsL, rowR, uiR, stemsR)
        softL = shared_idf + np.bincount(rowL[uiL], weights=idfL[uiL] * bestL, minlength=n)
        softR = shared_idf + np.bincount(rowR[uiR], weights=idfR[uiR] * bestR, minlength=n)
        sL, sR = _div(softL, sumL), _div(softR, sumR)
        scL = _div(shared_cnt + np.bincount(rowL[uiL], weights=bestL, minlength=n), SL[:, S_CSET])
        scR = _div(shared_cnt + np.bincount(rowR[uiR], weights=bestR, minlength=n), SR[:, S_CSET])

        # ---- sparse groups: shared sums per group
        lL = np.fromiter((len(p.ids) for p in L), dtype=np.int64, count=n)
        lR = np.fromiter((len(p.ids) for p in R), dtype=np.int64, count=n)
        gL = np.repeat(rows, lL)
        gR = np.repeat(rows, lR)
        iL = _cat([p.ids for p in L], np.int64)
        iR = _cat([p.ids for p in R], np.int64)
        vL = _cat([p.vals for p in L])
        vR = _cat([p.vals for p in R])
        m, pos = _matches((gL << _ROW_SHIFT) | iL, (gR << _ROW_SHIFT) | iR)
        grp = iL[m] & 15
        G = np.bincount(gL[m] * N_GROUPS + grp, weights=vL[m] * vR[pos[m]],
                        minlength=n * N_GROUPS).reshape(n, N_GROUPS)

        def jac(g, s):
            return _div(G[:, g], SL[:, s] + SR[:, s] - G[:, g])

        # bleu-like: geometric mean of smoothed 1..4-gram precisions, each side
        def prec(S):
            p = np.ones(n)
            for g, s in ((G_ALL, S_ALL), (G_BI, S_BI), (G_TRI, S_TRI), (G_QUAD, S_QUAD)):
                p *= (G[:, g] + 1.0) / (S[:, s] + 1.0)
            return p ** 0.25
        bL, bR = prec(SL), prec(SR)

        # ---- strings
        fz = self._fuzzy(L, R)

        nL, nR = SL[:, S_TOK], SR[:, S_TOK]
        numL, numR, num_sh = SL[:, S_NUM], SR[:, S_NUM], G[:, G_NUM]
        num_un = numL + numR - num_sh
        capL, capR, cap_sh = SL[:, S_CAP], SR[:, S_CAP], G[:, G_CAP]
        cap_un = capL + capR - cap_sh
        cols = [
            np.minimum(cL, cR), np.maximum(cL, cR), _div(2 * shared_idf, sumL + sumR), cos,
            _div(shared_cnt, SL[:, S_CSET] + SR[:, S_CSET] - shared_cnt),
            np.minimum(unmL, unmR), np.maximum(unmL, unmR), umax,
            np.minimum(ucL, ucR), np.maximum(ucL, ucR),
            np.minimum(sL, sR), np.maximum(sL, sR), np.minimum(scL, scR), np.maximum(scL, scR),
            assoc_sum,
            jac(G_ALL, S_ALL), jac(G_SURF, S_SURF),
            np.where(SL[:, S_STOP] + SR[:, S_STOP] > 0, jac(G_STOP, S_STOP), 1.0),
            jac(G_BI, S_BI), jac(G_TRI, S_TRI), np.minimum(bL, bR), np.maximum(bL, bR),
            G[:, G_C3], G[:, G_C4], G[:, G_WC4],
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

    def _soft(self, n, rowL, uiL, stemsL, rowR, uiR, stemsR):
        """Best soft match in the other text for every unmatched content word of each side:
        edit similarity of the stems when >= FUZZY_MIN, or a learned association strength."""
        bestL = np.zeros(len(uiL))
        bestR = np.zeros(len(uiR))
        assoc_sum = np.zeros(n)
        if not len(uiL) or not len(uiR):
            return bestL, bestR, assoc_sum
        rL, rR = rowL[uiL], rowR[uiR]
        cntR = np.bincount(rR, minlength=n)
        startR = np.concatenate([[0], np.cumsum(cntR)[:-1]])
        reps = cntR[rL]                            # combos per unmatched left word
        total = int(reps.sum())
        if total == 0:
            return bestL, bestR, assoc_sum
        li = np.repeat(np.arange(len(uiL)), reps)  # index into uiL
        first = np.repeat(np.cumsum(reps) - reps, reps)
        ri = startR[rL[li]] + (np.arange(total) - first)   # index into uiR
        a = [stemsL[i] for i in uiL[li].tolist()]
        b = [stemsR[i] for i in uiR[ri].tolist()]
        sim = process.cpdist(a, b, scorer=Indel.normalized_similarity, workers=1)
        sim = np.where(sim >= FUZZY_MIN, sim.astype(np.float64), 0.0)
        if len(self.assoc_keys):
            code = self._assoc_code
            ka = np.fromiter((code(s) for s in a), dtype=np.int64, count=total)
            kb = np.fromiter((code(s) for s in b), dtype=np.int64, count=total)
            key = (ka << 31) | kb
            pos = np.searchsorted(self.assoc_keys, key)
            pos[pos == len(self.assoc_keys)] = 0
            hit = self.assoc_keys[pos] == key
            av = np.where(hit, self.assoc_vals[pos], 0.0)
            assoc_sum = np.bincount(rL[li], weights=av, minlength=n)
            sim = np.maximum(sim, av)
        np.maximum.at(bestL, li, sim)
        np.maximum.at(bestR, ri, sim)
        return bestL, bestR, assoc_sum

    @staticmethod
    def _fuzzy(L, R) -> list[np.ndarray]:
        a = [p.low_text for p in L]
        b = [p.low_text for p in R]
        ratio = process.cpdist(a, b, scorer=Indel.normalized_similarity, workers=1)
        tsort = process.cpdist([p.sorted_text for p in L], [p.sorted_text for p in R],
                               scorer=Indel.normalized_similarity, workers=1)
        tset = process.cpdist(a, b, scorer=fuzz.token_set_ratio, workers=1) / 100.0
        part = process.cpdist(a, b, scorer=fuzz.partial_ratio, workers=1) / 100.0
        lcs = process.cpdist([p.stem_code for p in L], [p.stem_code for p in R],
                             scorer=Indel.normalized_similarity, workers=1)
        return [np.asarray(x, dtype=np.float64) for x in (ratio, tsort, tset, part, lcs)]


def _code_char(h: int) -> str:
    c = (h & 0xFFFFF) + 0x100          # one character per stem, avoiding surrogates
    if 0xD800 <= c < 0xE000:
        c += 0x800
    return chr(c)


def _cat(arrs, dtype=np.float64) -> np.ndarray:
    return np.concatenate(arrs) if arrs else np.zeros(0, dtype)


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


def background_units(text: str) -> tuple[set[str], set[str], set[str]]:
    """What the background statistics count for one text (training only): its content stems,
    character 3-grams and 4-grams, analysed exactly as ``Analyzer.prepare`` does."""
    t = text[:MAX_CHARS] if len(text) > MAX_CHARS else text
    t = _NOT.sub(" not", t)
    low = [w.lower() for w in _TOKEN.findall(t)]
    for i, w in enumerate(low):
        if "," in w and _THOUSANDS.match(w):
            low[i] = w.replace(",", "")
    words = {stem(w) for w in low if w not in STOPS}
    s = " " + " ".join(low) + " "
    return (words, {s[i:i + 3] for i in range(len(s) - 2)}, {s[i:i + 4] for i in range(len(s) - 3)})
