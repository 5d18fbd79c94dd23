"""Distributional word vectors (``word_vectors.npz``, from unlabeled news text by
``benchmarks/train_word_vectors.py``) and the soft matching of two bags of terms they allow.

Terms are the index's (``match._Terms``: Porter stems). A term outside the vocabulary matches
only itself. Loading is lazy and shared: ``word_vectors()`` returns ``None`` when the file is
missing or unreadable, and every caller then does without.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np

VECTORS_PATH = Path(__file__).with_name("word_vectors.npz")

_lock = threading.Lock()
_loaded: dict[Path, "WordVectors | None"] = {}


class WordVectors:
    """Unit vectors of terms (``vectors[index[term]]``), and the character 4-gram statistics
    of the same text (``char_grams``, a ``chargrams.CharGrams``; ``None`` when absent)."""

    def __init__(self, vocab, vectors: np.ndarray, meta: dict, char_grams=None):
        self.index = {str(w): i for i, w in enumerate(vocab)}
        v = vectors.astype(np.float32)
        v /= np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)
        self.vectors = v
        self.meta = meta
        self.char_grams = char_grams

    @classmethod
    def load(cls, path: Path) -> "WordVectors":
        from .chargrams import CharGrams
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(str(z["meta"]))
            cg = None
            if "c4_grams" in z.files:
                cg = CharGrams(dict(zip(z["c4_grams"].tolist(), z["c4_df"].tolist())),
                               int(meta["c4"]["n_docs"]))
            return cls(z["vocab"], z["vectors"], meta, cg)

    def rows(self, terms) -> np.ndarray:
        """Vector row of each term, -1 outside the vocabulary."""
        get = self.index.get
        return np.fromiter((get(t, -1) for t in terms), np.int64, len(terms))

    def similarity(self, a, b) -> np.ndarray:
        """Cosine of every term of ``a`` with every term of ``b`` (len(a) x len(b)); a term
        outside the vocabulary has 1 with itself and 0 with anything else."""
        ra, rb = self.rows(a), self.rows(b)
        S = np.zeros((len(a), len(b)), dtype=np.float32)
        ia, ib = np.flatnonzero(ra >= 0), np.flatnonzero(rb >= 0)
        if len(ia) and len(ib):
            S[np.ix_(ia, ib)] = self.vectors[ra[ia]] @ self.vectors[rb[ib]].T
        for i, t in enumerate(a):
            for j, u in enumerate(b):
                if t == u:
                    S[i, j] = 1.0
        return S


class SoftMatch:
    """Soft coverage of a claim's terms by a passage's and back: each term counts with its
    weight times its best cosine with a term of the other side (1 for the same term, 0 for a
    term outside the vocabulary unless the same)."""

    def __init__(self, wv: WordVectors, q_terms: list[str], q_weights: list[float]):
        self.wv = wv
        self.q_terms = list(q_terms)
        self.q_w = np.asarray(q_weights, dtype=np.float64)
        self.q_sum = float(self.q_w.sum()) or 1.0
        rows = wv.rows(self.q_terms)
        self.Q = np.zeros((len(rows), wv.vectors.shape[1]), np.float32)
        self.Q[rows >= 0] = wv.vectors[rows[rows >= 0]]

    def document(self, sentences: list[list[str]], idf) -> list[tuple[float, float]]:
        """(claim coverage, sentence coverage) for each sentence (a list of terms) of one
        document; ``idf(term)`` weighs the sentence's terms."""
        terms = list(dict.fromkeys(t for s in sentences for t in s))
        if not terms or not self.q_terms:
            return [(0.0, 0.0)] * len(sentences)
        col = {t: j for j, t in enumerate(terms)}
        rows = self.wv.rows(terms)
        D = np.zeros((len(terms), self.Q.shape[1]), np.float32)
        D[rows >= 0] = self.wv.vectors[rows[rows >= 0]]
        S = np.clip(self.Q @ D.T, 0.0, 1.0)
        for i, t in enumerate(self.q_terms):
            j = col.get(t)
            if j is not None:
                S[i, j] = 1.0
        w = np.fromiter((idf(t) for t in terms), np.float64, len(terms))
        out = []
        for s in sentences:
            if not s:
                out.append((0.0, 0.0))
                continue
            cols = [col[t] for t in dict.fromkeys(s)]
            sub = S[:, cols]
            ws = w[cols]
            out.append((float(sub.max(axis=1) @ self.q_w) / self.q_sum,
                        float(sub.max(axis=0) @ ws) / (float(ws.sum()) or 1.0)))
        return out


def word_vectors(path: Path = VECTORS_PATH) -> WordVectors | None:
    with _lock:
        if path not in _loaded:
            try:
                _loaded[path] = WordVectors.load(path)
            except Exception:   # noqa: BLE001 - the vectors are optional evidence
                _loaded[path] = None
        return _loaded[path]
