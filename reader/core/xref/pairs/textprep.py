"""One text analysed for the sentence-pair scorer: ``TextPrep.prepare_many`` turns texts into
``Prepared`` (sorted id/value arrays of content stems, word sets, n-grams and character 4-grams),
which ``features.Analyzer`` compares pair by pair.

Ids: tokens are hashed with Python's ``hash`` (stable within a process) into 36 bits and tagged
with a 4-bit group; character 4-grams are keyed by an array hash of their code points. Weights
are put on a 2**-20 grid, so that the features computed from them do not depend on the order of
the ids (see features.py).
"""

from __future__ import annotations

import math
import re
from itertools import count, repeat
from typing import Sequence

import numpy as np
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
_WORD_MASK = (1 << 40) - 1
_ASSOC_MASK = 0x7FFFFFFF

# Values are put on a 2**-20 grid, so that every sum of products below is exact and the
# features do not depend on the order of the terms (that is, on the ids' hash values).
_Q = float(1 << 20)

# Per-text scalars (Prepared.scalars).
(S_TOK, S_CTOK, S_CSET, S_IDF, S_ALL, S_SURF, S_STOP, S_BI, S_TRI, S_NUM, S_CAP, S_NEG,
 S_Q) = range(13)

_stem_cache: dict[str, str] = {}

# One character per distinct stem, for the word-order LCS: the first 2^20 stems met get codes
# of their own in the supplementary planes (so two stems share a code only past that, and then
# by hash), whatever the order they are met in: the LCS, and so every score, is the same in
# every process. (A code from ``hash`` alone depended on the process's hash seed: about one
# pair in 4,000 came out differently from one run to the next.)
_CODE_SPACE = 0x100000
_stem_codes: dict[str, str] = {}
_next_code = count()          # next() is atomic: threads never share a code


def _stem_code(stems: list[str]) -> str:
    codes = _stem_codes
    out = []
    for x in stems:
        c = codes.get(x)
        if c is None:
            n = next(_next_code)
            if n < _CODE_SPACE:
                c = codes.setdefault(x, chr(0x10000 + n))
            else:
                c = chr(0x10000 + (hash(x) & 0xFFFFF))
        out.append(c)
    return "".join(out)


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


class TextPrep:
    """Analyses texts into ``Prepared`` with the background statistics of the model:
    ``n_docs``, ``df_word`` (content stem -> document frequency) and ``df_c4`` (character
    4-gram -> document frequency)."""

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
            p.stem_code = _stem_code(stems)
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


def background_units(text: str) -> tuple[set[str], set[str]]:
    """What the background statistics count for one text (training only): its content stems
    and its character 4-grams, analysed exactly as ``TextPrep.prepare`` does."""
    _, low = _tokens(text)
    s = " " + " ".join(low) + " "
    return {stem(w) for w in low if w not in STOPS}, {s[i:i + 4] for i in range(len(s) - 3)}
