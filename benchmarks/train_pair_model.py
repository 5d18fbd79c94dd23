"""Train the sentence-pair scorer's model (reader/core/xref/pairs/pair_model.json). Offline only.

    python benchmarks/train_pair_model.py            # writes reader/core/xref/pairs/pair_model.json
    python benchmarks/train_pair_model.py --cv       # model-selection figures only, writes nothing
    python benchmarks/train_pair_model.py --out X.json

Training data (from ../shared/data, relative to the repository root):
  * STS Benchmark train (5,749 pairs, gold 0-5 -> target gold / 5);
  * MRPC train (4,076 pairs, label -> target T_NEG / T_POS), less the pairs that share a sentence
    with STS-B dev (STS-B's MSRpar pairs come from MRPC), so that STS-B dev stays unseen.
STS-B dev is never read here. Background statistics (document frequencies of content stems and
character n-grams) and the learned word associations come from the training pairs' own texts.

Honest features: the statistics a training pair's features are computed with never include that
pair's own texts. The pairs are split into folds (whole groups of pairs that share a sentence go
to one fold) and each fold's features use statistics and associations built from the other folds,
as a new text meets statistics that never saw it.

Model: the mean of 5 MLPs (64 ReLU units, alpha 0.1, seeds 0-4) on standardised features,
blended 50/50 with 100 depth-4 gradient-boosted regression trees; both exported to JSON and
evaluated with numpy at run time (similarity.MLPEnsemble / TreeEnsemble).

The output is deterministic: fixed seeds, single-threaded fitting, sorted JSON, and features
that do not depend on the hash seed (see features.py).
Needs scikit-learn (the `train` extra); the runtime never imports it.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")       # deterministic, and no oversubscription

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "reader" / "core" / "xref" / "pairs" / "pair_model.json"
sys.path.insert(0, str(ROOT))

from reader.core.xref.pairs.features import FEATURE_NAMES  # noqa: E402
from reader.core.xref.pairs.textprep import background_units  # noqa: E402
from reader.core.xref.pairs.scorer import MODEL_FORMAT, PairScorer, make_model  # noqa: E402

# Targets for the MRPC pairs on the STS scale / 5: a paraphrase is "the same" (STS 4.5), a
# non-paraphrase pair of MRPC is typically "roughly equivalent, details differ" (STS ~2).
T_NEG, T_POS = 0.4, 0.9
MRPC_WEIGHT = 1.0
GBDT = dict(max_iter=150, learning_rate=0.1, max_leaf_nodes=15, min_samples_leaf=20,
            l2_regularization=0.0, random_state=0)
MLP = {"kind": "mlp", "hidden": [64], "alpha": 0.1, "members": 5, "max_iter": 300}
SMALL_GBDT = {"kind": "gbdt", "params": {"max_depth": 4, "max_leaf_nodes": None, "max_iter": 100}}
MODEL = {"kind": "blend", "weights": [0.5, 0.5], "parts": [MLP, SMALL_GBDT]}
N_FOLDS = 5          # cross-fitting folds for the statistics
C_GRAM_MIN_DF = 2    # character n-grams seen in fewer texts are left out of the model (size)
ASSOC_MIN_COUNT = 2
ASSOC_MAX_UNMATCHED = 4


# ---------------------------------------------------------------------- data
def read_stsb(split: str) -> list[dict]:
    out = []
    with open(DATA / "stsb" / f"sts-{split}.csv", encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            out.append({"a": c[5], "b": c[6], "y": float(c[4]) / 5.0, "src": "stsb",
                        "group": f"{c[1]}-{c[2]}", "genre": c[0]})
    return out


def read_mrpc() -> list[dict]:
    out = []
    with open(DATA / "mrpc" / "mrpc_train.tsv", encoding="utf-8") as f:
        next(f)
        for line in f:
            c = line.rstrip("\n").split("\t")
            out.append({"a": c[3], "b": c[4], "label": int(c[0]), "src": "mrpc",
                        "group": "mrpc"})
    return out


def sentences_of(pairs) -> set[str]:
    return {s.strip() for p in pairs for s in (p["a"], p["b"])}


def without_sentences(pairs, sentences: set[str]) -> list[dict]:
    return [p for p in pairs if p["a"].strip() not in sentences and p["b"].strip() not in sentences]


def stsb_dev_sentences() -> set[str]:
    """Only the sentences of STS-B dev, to keep MRPC pairs that overlap it out of training."""
    return sentences_of(read_stsb("dev"))


def default_training_pairs() -> list[dict]:
    return read_stsb("train") + without_sentences(read_mrpc(), stsb_dev_sentences())


def target(p: dict, t_neg=T_NEG, t_pos=T_POS) -> float:
    return p["y"] if p["src"] == "stsb" else (t_pos if p["label"] else t_neg)


# ---------------------------------------------------------------------- statistics
def build_stats(texts, assoc_pairs, prepare) -> dict:
    """Document frequencies over the distinct texts, and word associations from the positive
    pairs among ``assoc_pairs`` (content stems left unmatched on both sides of a paraphrase)."""
    texts = sorted(set(texts))
    dfw, dfc4 = Counter(), Counter()
    for t in texts:
        w, c4 = background_units(t)
        dfw.update(w)
        dfc4.update(c4)
    stats = {"n_docs": len(texts), "df_word": dict(sorted(dfw.items())),
             "df_c4": {g: d for g, d in sorted(dfc4.items()) if d >= C_GRAM_MIN_DF},
             "assoc": []}
    stats["assoc"] = build_assoc(assoc_pairs, prepare)
    return stats


def is_positive(p: dict) -> bool:
    return p["y"] >= 0.7 if p["src"] == "stsb" else p["label"] == 1


def build_assoc(pairs, prepare) -> list:
    pair_count, word_count = Counter(), Counter()
    for p in pairs:
        if not is_positive(p):
            continue
        a, b = prepare(p["a"]).content.keys(), prepare(p["b"]).content.keys()
        ua, ub = a - b, b - a
        if not ua or not ub or len(ua) > ASSOC_MAX_UNMATCHED or len(ub) > ASSOC_MAX_UNMATCHED:
            continue
        word_count.update(ua)
        word_count.update(ub)
        for x in ua:
            for y in ub:
                pair_count[(x, y) if x < y else (y, x)] += 1
    out = []
    for (x, y), k in sorted(pair_count.items()):
        if k >= ASSOC_MIN_COUNT:
            out.append([x, y, round(k / math.sqrt(word_count[x] * word_count[y]), 4)])
    return out


def spec_from_stats(stats: dict, model: dict | None = None, training: dict | None = None) -> dict:
    spec = {"format": MODEL_FORMAT, "features": list(FEATURE_NAMES), "stats": stats}
    if model is not None:
        spec["model"] = model
    if training is not None:
        spec["training"] = training
    return spec


class _PrepCache:
    """Analyses each text once per statistics (prepare depends on the IDF tables)."""

    def __init__(self, scorer):
        self.scorer, self.cache = scorer, {}

    def __call__(self, text):
        p = self.cache.get(text)
        if p is None:
            p = self.cache[text] = self.scorer.prepare(text)
        return p


_NEUTRAL = PairScorer.from_spec(spec_from_stats(
    {"n_docs": 1, "df_word": {}, "df_c4": {}, "assoc": []}))
_neutral_prepare = _PrepCache(_NEUTRAL)    # content stems do not depend on the statistics


def features_with(stats: dict, pairs) -> np.ndarray:
    scorer = PairScorer.from_spec(spec_from_stats(stats))
    prep = _PrepCache(scorer)
    return scorer.feature_matrix([(prep(p["a"]), prep(p["b"])) for p in pairs])


def sentence_groups(pairs) -> np.ndarray:
    """Connected components of pairs that share a sentence (union-find)."""
    parent: dict[str, str] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    for p in pairs:
        ra, rb = find(p["a"].strip()), find(p["b"].strip())
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    roots = [find(p["a"].strip()) for p in pairs]
    ids = {r: i for i, r in enumerate(sorted(set(roots)))}
    return np.array([ids[r] for r in roots])


def crossfit_features(pairs, n_folds=N_FOLDS, seed=0) -> np.ndarray:
    groups = sentence_groups(pairs)
    rng = np.random.RandomState(seed)
    fold_of_group = rng.randint(0, n_folds, groups.max() + 1)
    fold = fold_of_group[groups]
    X = np.zeros((len(pairs), len(FEATURE_NAMES)))
    for k in range(n_folds):
        rest = [p for p, f in zip(pairs, fold) if f != k]
        stats = build_stats([s for p in rest for s in (p["a"], p["b"])], rest, _neutral_prepare)
        idx = np.flatnonzero(fold == k)
        X[idx] = features_with(stats, [pairs[i] for i in idx])
    return X


# ---------------------------------------------------------------------- model
def fit_gbdt(X, y, w=None, params=None):
    from sklearn.ensemble import HistGradientBoostingRegressor
    m = HistGradientBoostingRegressor(**dict(GBDT, **(params or {})))
    m.fit(X, y, sample_weight=w)
    return m


def export_gbdt(m) -> dict:
    trees = []
    for (pred,) in m._predictors:
        nd = pred.nodes
        if np.any(nd["is_categorical"]):
            raise ValueError("categorical splits are not supported")
        leaf = nd["is_leaf"].astype(bool)
        d = np.zeros(len(nd), int)
        for i in range(len(nd)):            # children always follow their parent
            if not leaf[i]:
                d[nd["left"][i]] = d[nd["right"][i]] = d[i] + 1
        trees.append({
            "feature": [int(f) if not l else -1 for f, l in zip(nd["feature_idx"], leaf)],
            "threshold": [float(t) if not l else 0.0 for t, l in zip(nd["num_threshold"], leaf)],
            "left": [int(v) if not l else -1 for v, l in zip(nd["left"], leaf)],
            "right": [int(v) if not l else -1 for v, l in zip(nd["right"], leaf)],
            "value": [float(v) if l else 0.0 for v, l in zip(nd["value"], leaf)],
            "depth": int(d.max())})
    base = np.ravel(m._baseline_prediction)[0]
    return {"kind": "gbdt", "baseline": float(base), "trees": trees}


class FittedMLP:
    """Several MLPs (different seeds) on standardised features, averaged."""

    def __init__(self, X, y, cfg):
        from sklearn.neural_network import MLPRegressor
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler
        self.lo, self.hi = X.min(axis=0), X.max(axis=0)
        self.members = [make_pipeline(StandardScaler(), MLPRegressor(
            hidden_layer_sizes=tuple(cfg["hidden"]), alpha=cfg["alpha"], max_iter=cfg["max_iter"],
            early_stopping=True, n_iter_no_change=20, random_state=seed)).fit(X, y)
            for seed in range(cfg["members"])]

    def predict(self, X):
        return np.mean([m.predict(X) for m in self.members], axis=0)

    def export(self) -> dict:
        members = []
        for m in self.members:
            sc, net = m[0], m[-1]
            members.append({"mean": sc.mean_.tolist(), "scale": sc.scale_.tolist(),
                            "layers": [{"W": W.tolist(), "b": b.tolist()}
                                       for W, b in zip(net.coefs_, net.intercepts_)]})
        return {"kind": "mlp", "lo": self.lo.tolist(), "hi": self.hi.tolist(),
                "members": members}


class FittedGBDT:
    def __init__(self, X, y, w, cfg):
        self.m = fit_gbdt(X, y, w, cfg.get("params"))

    def predict(self, X):
        return self.m.predict(X)

    def export(self) -> dict:
        return export_gbdt(self.m)


class FittedBlend:
    def __init__(self, X, y, w, cfg):
        self.parts = [fit_model(X, y, w, c) for c in cfg["parts"]]
        self.weights = cfg["weights"]

    def predict(self, X):
        return sum(wt * p.predict(X) for wt, p in zip(self.weights, self.parts))

    def export(self) -> dict:
        return {"kind": "blend", "weights": list(self.weights),
                "parts": [p.export() for p in self.parts]}


def fit_model(X, y, w=None, cfg=None):
    cfg = cfg or MODEL
    if cfg["kind"] == "mlp":
        return FittedMLP(X, y, cfg)
    if cfg["kind"] == "gbdt":
        return FittedGBDT(X, y, w, cfg)
    if cfg["kind"] == "blend":
        return FittedBlend(X, y, w, cfg)
    raise ValueError(cfg["kind"])


def train(pairs, t_neg=T_NEG, t_pos=T_POS, cfg=None, verbose=False):
    """Everything the shipped model is: statistics from ``pairs`` and a model fitted on their
    cross-fitted features. Returns (spec, cross-fitted X, y)."""
    t0 = time.time()
    X = crossfit_features(pairs)
    y = np.array([target(p, t_neg, t_pos) for p in pairs])
    w = np.array([1.0 if p["src"] == "stsb" else MRPC_WEIGHT for p in pairs])
    m = fit_model(X, y, w, cfg)
    model = m.export()
    check = make_model(model).predict(X[:1000])
    assert np.allclose(check, m.predict(X[:1000]), atol=1e-9), "exported model disagrees"
    stats = build_stats([s for p in pairs for s in (p["a"], p["b"])], pairs, _neutral_prepare)
    if verbose:
        print(f"trained on {len(pairs)} pairs in {time.time() - t0:.1f} s", file=sys.stderr)
    return spec_from_stats(stats, model), X, y


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> float:
    """The accuracy-maximising threshold (predict 1 when score >= t), midway between values."""
    o = np.argsort(scores, kind="stable")
    s, y = scores[o], labels[o]
    ones_below = np.concatenate([[0], np.cumsum(y)])
    zeros_below = np.arange(len(y) + 1) - ones_below
    correct = zeros_below + (y.sum() - ones_below)
    i = int(np.argmax(correct))
    if i == 0:
        return float(s[0])
    if i == len(s):
        return float(s[-1]) + 1e-6
    return float((s[i - 1] + s[i]) / 2)


def oof_predictions(pairs, X, y, n_folds=5, cfg=None, seed=1) -> np.ndarray:
    """Out-of-fold predictions of the model on already cross-fitted features (sentence groups
    kept whole)."""
    groups = sentence_groups(pairs)
    fold = np.random.RandomState(seed).randint(0, n_folds, groups.max() + 1)[groups]
    w = np.array([1.0 if p["src"] == "stsb" else MRPC_WEIGHT for p in pairs])
    out = np.zeros(len(pairs))
    for k in range(n_folds):
        tr, te = fold != k, fold == k
        out[te] = fit_model(X[tr], y[tr], w[tr], cfg).predict(X[te])
    return out


# ---------------------------------------------------------------------- model selection
def cv_report(cfg=None, t_neg=T_NEG, t_pos=T_POS, drop=(), X=None):
    """Model-selection figures without STS-B dev: STS-B train leave-one-source-out (each
    file/year held out in turn, the way dev and test bring sources of their own) and MRPC
    5-fold, both on cross-fitted features with overlapping sentences kept out of training."""
    from scipy.stats import pearsonr
    pairs = default_training_pairs()
    if X is None:
        X = crossfit_features(pairs)
    keep = [i for i, n in enumerate(FEATURE_NAMES) if n not in drop]
    X = X[:, keep]
    y = np.array([target(p, t_neg, t_pos) for p in pairs])
    w = np.array([1.0 if p["src"] == "stsb" else MRPC_WEIGHT for p in pairs])
    sts = np.array([p["src"] == "stsb" for p in pairs])
    grp = np.array([p["group"] for p in pairs])
    oof = np.zeros(len(pairs))
    for g in sorted(set(grp[sts])):
        te = grp == g
        bad = sentences_of([p for p, t in zip(pairs, te) if t])
        tr = np.array([not t and p["a"].strip() not in bad and p["b"].strip() not in bad
                       for p, t in zip(pairs, te)])
        oof[te] = fit_model(X[tr], y[tr], w[tr], cfg).predict(X[te])
    r = pearsonr(oof[sts], y[sts])[0]
    per = {g: round(pearsonr(oof[grp == g], y[grp == g])[0], 3) for g in sorted(set(grp[sts]))}
    mr = np.flatnonzero(~sts)
    lab = np.array([pairs[i]["label"] for i in mr])
    fold = np.random.RandomState(0).randint(0, 5, len(mr))
    oofm = np.zeros(len(mr))
    for k in range(5):
        te = mr[fold == k]
        bad = sentences_of([pairs[i] for i in te])
        tr = np.array([p["a"].strip() not in bad and p["b"].strip() not in bad for p in pairs])
        tr[te] = False
        oofm[fold == k] = fit_model(X[tr], y[tr], w[tr], cfg).predict(X[te])
    t = best_threshold(oofm, lab)
    pred = oofm >= t
    tp = int((pred & (lab == 1)).sum())
    acc, f1 = (pred == lab).mean() * 100, 200 * tp / (pred.sum() + lab.sum())
    return {"stsb_train_leave_source_out_pearson": round(r, 4), "per_source": per,
            "mrpc_5fold_acc_pooled_threshold": round(acc, 2), "mrpc_5fold_f1": round(f1, 2)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--cv", action="store_true", help="print model-selection figures only")
    args = ap.parse_args(argv)
    if args.cv:
        print(json.dumps(cv_report(), indent=1))
        return 0
    pairs = default_training_pairs()
    spec, X, y = train(pairs, verbose=True)
    # a suggested paraphrase threshold: accuracy-optimal on out-of-fold MRPC predictions
    oof = oof_predictions(pairs, X, y)
    mr = np.array([p["src"] == "mrpc" for p in pairs])
    lab = np.array([p.get("label", 0) for p in pairs])[mr]
    thr = best_threshold(oof[mr], lab)
    spec["training"] = {
        "command": "python benchmarks/train_pair_model.py",
        "data": {"stsb_train_pairs": int((~mr).sum()), "mrpc_train_pairs": int(mr.sum())},
        "targets": {"stsb": "gold / 5", "mrpc": [T_NEG, T_POS]},
        "model": MODEL,
        "paraphrase_threshold": round(thr, 4),
    }
    text = json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(text) / 1e6:.2f} MB); paraphrase threshold {thr:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
