"""How much two sentences state the same thing: a score in [0, 1].

Used by ``reader compare`` (one pair), ``reader match`` (re-ranking candidates) and ``reader
xref`` (tens of thousands of candidate claim pairs). No neural model and no library are needed:
the model is lexical features (``features.py``: IDF-weighted word overlap and coverage, soft word
alignment, word and character n-grams, numbers, capitalised names, negation, lengths, word
order) fed to a small learned model evaluated with numpy: the mean of five one-hidden-layer
MLPs blended with 100 depth-4 regression trees. The model and the background statistics
(document frequencies and word associations from the training pairs' own texts) ship in
``pair_model.json`` (plain JSON), written by ``benchmarks/train_pair_model.py``.

The score is trained to be STS-B's 0-5 similarity / 5 and, on MRPC, 0.9 for paraphrases and
0.4 for the rest: roughly, 0.8 and up is "states the same thing", 0.4-0.6 "related, details
differ", below 0.2 unrelated. ``PairScorer().meta["paraphrase_threshold"]`` (from the model file)
is the accuracy-optimal cut for MRPC-style paraphrase decisions, out-of-fold on the training data.

    scorer = PairScorer()
    a, b = scorer.prepare(text_a), scorer.prepare(text_b)     # once per text
    scorer.score(a, b)                                         # one pair
    scorer.score_many([(a, b), ...])                           # many pairs, vectorised
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

import numpy as np

from .features import FEATURE_NAMES, Analyzer, Prepared

__all__ = ["PairScorer", "Prepared", "shared_terms", "DEFAULT_MODEL", "FEATURE_NAMES"]

DEFAULT_MODEL = Path(__file__).with_name("pair_model.json")
MODEL_FORMAT = "reader-pair-model/1"
_CHUNK = 8192            # pairs evaluated together (bounds the memory of one step)


class TreeEnsemble:
    """Gradient-boosted regression trees flattened into arrays, all trees stepped together.

    A node goes left when ``x[feature] <= threshold``; a leaf points to itself, so stepping
    ``depth`` times lands every row on its leaf in every tree."""

    def __init__(self, spec: dict):
        feat, thr, left, right, val, roots = [], [], [], [], [], []
        depth = 0
        for t in spec["trees"]:
            base = len(feat)
            roots.append(base)
            n = len(t["value"])
            for i in range(n):
                leaf = t["left"][i] < 0
                feat.append(0 if leaf else t["feature"][i])
                thr.append(np.inf if leaf else t["threshold"][i])
                left.append(base + i if leaf else base + t["left"][i])
                right.append(base + i if leaf else base + t["right"][i])
                val.append(t["value"][i] if leaf else 0.0)
            depth = max(depth, int(t.get("depth", n)))
        self.feature = np.asarray(feat, dtype=np.intp)
        self.threshold = np.asarray(thr, dtype=np.float64)
        self.left = np.asarray(left, dtype=np.intp)
        self.right = np.asarray(right, dtype=np.intp)
        self.value = np.asarray(val, dtype=np.float64)
        self.roots = np.asarray(roots, dtype=np.intp)
        self.depth = depth
        self.baseline = float(spec.get("baseline", 0.0))

    def predict(self, X: np.ndarray) -> np.ndarray:
        n = X.shape[0]
        node = np.broadcast_to(self.roots, (n, len(self.roots))).copy()
        rows = np.arange(n)[:, None]
        for _ in range(self.depth):
            x = X[rows, self.feature[node]]
            node = np.where(x <= self.threshold[node], self.left[node], self.right[node])
        return self.baseline + self.value[node].sum(axis=1)


class MLPEnsemble:
    """The mean of small multi-layer perceptrons (ReLU hidden layers, linear output) on
    standardised features; inputs are first clipped to the range seen in training."""

    def __init__(self, spec: dict):
        self.lo = np.asarray(spec["lo"], dtype=np.float64)
        self.hi = np.asarray(spec["hi"], dtype=np.float64)
        self.members = []
        for m in spec["members"]:
            mean = np.asarray(m["mean"], dtype=np.float64)
            scale = np.asarray(m["scale"], dtype=np.float64)
            layers = [(np.asarray(layer["W"], dtype=np.float64),
                       np.asarray(layer["b"], dtype=np.float64)) for layer in m["layers"]]
            # fold the standardisation into the first layer: ((x - mean) / scale) @ W + b
            W0, b0 = layers[0]
            W0s = W0 / scale[:, None]
            layers[0] = (W0s, b0 - mean @ W0s)
            self.members.append(layers)
        self.fused = None
        if all(len(layers) == 2 for layers in self.members):
            # one hidden layer each: the whole ensemble is two matrix products
            k = len(self.members)
            W1 = np.hstack([m[0][0] for m in self.members])
            b1 = np.concatenate([m[0][1] for m in self.members])
            w2 = np.concatenate([m[1][0].ravel() for m in self.members]) / k
            b2 = float(sum(float(m[1][1][0]) for m in self.members)) / k
            self.fused = (W1, b1, w2, b2)

    def predict(self, X: np.ndarray) -> np.ndarray:
        X = np.clip(X, self.lo, self.hi)
        if self.fused is not None:
            W1, b1, w2, b2 = self.fused
            return np.maximum(X @ W1 + b1, 0.0) @ w2 + b2
        out = np.zeros(X.shape[0])
        for layers in self.members:
            h = X
            for W, b in layers[:-1]:
                h = np.maximum(h @ W + b, 0.0)
            W, b = layers[-1]
            out += (h @ W + b).ravel()
        return out / len(self.members)


class Blend:
    def __init__(self, spec: dict):
        self.parts = [make_model(p) for p in spec["parts"]]
        self.weights = [float(w) for w in spec["weights"]]

    def predict(self, X: np.ndarray) -> np.ndarray:
        return sum(w * p.predict(X) for w, p in zip(self.weights, self.parts))


def make_model(spec: dict):
    kinds = {"gbdt": TreeEnsemble, "mlp": MLPEnsemble, "blend": Blend}
    if spec.get("kind") not in kinds:
        raise ValueError(f"unknown model kind {spec.get('kind')!r}")
    return kinds[spec["kind"]](spec)


class PairScorer:
    """Semantic-equivalence score of two texts, symmetric and deterministic, in [0, 1]."""

    def __init__(self, model_path: str | Path | None = None):
        path = Path(model_path) if model_path is not None else DEFAULT_MODEL
        with open(path, encoding="utf-8") as f:
            spec = json.load(f)
        self._init(spec)
        self.model_path = str(path)   # a helper process loads the same model from it

    @classmethod
    def from_spec(cls, spec: dict) -> "PairScorer":
        """A scorer from an in-memory model (training builds these; ``model`` may be absent,
        and then only ``prepare``/``features``/``feature_matrix`` work)."""
        self = cls.__new__(cls)
        self._init(spec)
        self.model_path = None
        return self

    def _init(self, spec: dict) -> None:
        if spec.get("format") != MODEL_FORMAT:
            raise ValueError(f"not a {MODEL_FORMAT} model: format={spec.get('format')!r}")
        self.analyzer = Analyzer(spec["stats"])
        names = list(spec.get("features", FEATURE_NAMES))
        unknown = [n for n in names if n not in FEATURE_NAMES]
        if unknown:
            raise ValueError(f"model uses unknown features: {unknown}")
        self.feature_names = names
        self._cols = np.array([FEATURE_NAMES.index(n) for n in names], dtype=np.intp)
        m = spec.get("model")
        self._model = make_model(m) if m else None
        self.meta = spec.get("training", {})

    # ------------------------------------------------------------------ API
    def prepare(self, text: str) -> Prepared:
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        return self.analyzer.prepare(text)

    def prepare_many(self, texts: Sequence[str]) -> list[Prepared]:
        """``prepare`` for many texts at once (much faster per text)."""
        texts = list(texts)
        for t in texts:
            if not isinstance(t, str):
                raise TypeError(f"text must be str, not {type(t).__name__}")
        return self.analyzer.prepare_many(texts)

    def _as_prepared(self, x: str | Prepared) -> Prepared:
        return x if isinstance(x, Prepared) else self.prepare(x)

    def score(self, a: str | Prepared, b: str | Prepared) -> float:
        return float(self.score_many([(self._as_prepared(a), self._as_prepared(b))])[0])

    def score_many(self, pairs: Sequence[tuple[Prepared, Prepared]]) -> np.ndarray:
        if self._model is None:
            raise RuntimeError("this scorer has no trained model")
        pairs = list(pairs)
        out = np.empty(len(pairs))
        for s in range(0, len(pairs), _CHUNK):
            chunk = pairs[s:s + _CHUNK]
            X = self.feature_matrix(chunk)
            out[s:s + len(chunk)] = self._model.predict(X)
        return np.clip(out, 0.0, 1.0)

    def feature_matrix(self, pairs: Sequence[tuple[Prepared, Prepared]]) -> np.ndarray:
        """The model's input: one row per pair, columns ``self.feature_names``."""
        return self.analyzer.feature_matrix(pairs)[:, self._cols]

    def features(self, a: str | Prepared, b: str | Prepared) -> dict[str, float]:
        row = self.analyzer.feature_matrix([(self._as_prepared(a), self._as_prepared(b))])[0]
        return {n: float(v) for n, v in zip(FEATURE_NAMES, row)}


def shared_terms(a: Prepared, b: Prepared) -> list[str]:
    """The content words both texts contain (compared by stem), as written in ``a``, most
    informative (highest IDF) first."""
    ca, cb = a.content, b.content
    common = ca.keys() & cb.keys()
    ranked = sorted(common, key=lambda s: (-max(ca[s][1], cb[s][1]), s))
    return [ca[s][0] for s in ranked]
