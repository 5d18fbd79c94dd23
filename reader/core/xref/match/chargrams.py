"""Character 4-grams of words, TF-IDF weighted: a similarity that sees through spelling,
inflection and run-together words ("FyreFestival" / "Fyre Festival", "cornflakes" / "Corn
Flakes") where word terms do not match. Document frequencies come with the word vectors
(``word_vectors.npz``: paragraphs of unlabeled news text, ``benchmarks/train_word_vectors.py``).
"""

from __future__ import annotations

import math
import re
from collections import Counter

_WORD = re.compile(r"\w+")
N = 4


def grams(text: str) -> Counter:
    """4-grams of each lowercased word padded with one space either side (a word shorter
    than three letters gives its padded self)."""
    out: Counter = Counter()
    for w in _WORD.findall(text.lower()):
        p = f" {w} "
        if len(p) <= N:
            out[p] += 1
        else:
            out.update(p[i:i + N] for i in range(len(p) - N + 1))
    return out


class CharGrams:
    """TF-IDF (sublinear tf, smoothed IDF) unit vectors of texts' character 4-grams."""

    def __init__(self, df: dict[str, int], n_docs: int):
        self.df = df
        self.n_docs = n_docs
        self._idf_unseen = math.log((1 + n_docs) / 1) + 1.0
        self._idf: dict[str, float] = {}

    def idf(self, g: str) -> float:
        w = self._idf.get(g)
        if w is None:
            d = self.df.get(g, 0)
            w = math.log((1 + self.n_docs) / (1 + d)) + 1.0
            if len(self._idf) > 500_000:
                self._idf.clear()
            self._idf[g] = w
        return w

    def vector(self, text: str) -> dict[str, float]:
        v = {g: (1.0 + math.log(c)) * self.idf(g) for g, c in grams(text).items()}
        norm = math.sqrt(sum(x * x for x in v.values()))
        return {g: x / norm for g, x in v.items()} if norm else {}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Dot product of two unit vectors from ``CharGrams.vector``."""
    if len(a) > len(b):
        a, b = b, a
    get = b.get
    return sum(x * get(g, 0.0) for g, x in a.items())
