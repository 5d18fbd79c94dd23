"""Train the ranker of claim matching (writes reader/core/xref/match/match_model.json).

    pip install -e '.[train]'          # scikit-learn, for training only
    python benchmarks/train_match.py

Training data (TRAIN splits only; dev and test are never read here):

* without context (the claim is not a passage of the library): CheckThat! 2020 task 2 train
  tweets matched against the 10,375 verified claims (qrels: relevant = positive);
* with context (the claim is a sentence of a library document): ECB+ documents of the
  ``split == "train"`` topics, every validated sentence a query; candidates that are validated
  sentences of other documents are labelled by the positive-pairs file, other candidates are
  not used.

For every query, ``Matcher.candidates`` produces exactly the candidates and features that
``match`` scores at run time. Per part, a linear ranking function is fitted as a logistic
regression on differences of feature vectors (positive minus negative candidate of the same
query; standardised features, L2), then calibrated to a probability by Platt scaling; the
weights are written as JSON so that run time needs only numpy.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import match_quality as mq  # noqa: E402
from reader.core.xref.match import (FEATURES, MODEL_PATH, PAIR_RERANK, Matcher,  # noqa: E402
                                    _S_PAIR)


def collect_checkthat(matcher, queries, qrels, alias):
    """[(X, y, exact)] per tweet with qrels (y: the passage's document is relevant)."""
    out = []
    for qid, text in queries.items():
        if qid not in qrels:
            continue
        rel = {alias.get(c, c) for c in qrels[qid]}
        c = matcher.candidates(text)
        if c is None:
            continue
        claim, items, X, has_ctx, exact = c
        y = np.asarray([doc.id in rel for doc, _ in items], dtype=int)
        out.append({"X": X, "y": y, "ctx": has_ctx, "exact": exact, "claim": claim,
                    "items": items, "docs": [doc.id for doc, _ in items], "rel": rel})
    return out


def collect_ecb(matcher, split, positives):
    """[(X, y, keep)] per validated sentence; keep marks the labelled candidates."""
    out = []
    for doc_id, sid, text in split.queries:
        rel = positives.get((doc_id, sid), set()) & split.validated
        c = matcher.candidates(text)
        if c is None or not rel:
            continue
        claim, items, X, has_ctx, exact = c
        keys, keep, y = [], [], []
        for doc, (a, b) in items:
            s = split.sentence_of(doc.id, a, b)
            key = (doc.id, s)
            keys.append(key)
            ok = doc.id != doc_id and s is not None and key in split.validated
            keep.append(ok)
            y.append(int(ok and key in rel))
        out.append({"X": X, "y": np.asarray(y), "keep": np.asarray(keep, bool), "ctx": has_ctx,
                    "exact": exact, "keys": keys, "query_doc": doc_id, "rel": rel,
                    "claim": claim, "items": items})
    return out


def stack(groups, use_keep=True):
    Xs, ys = [], []
    for g in groups:
        m = g["keep"] if (use_keep and "keep" in g) else np.ones(len(g["y"]), bool)
        Xs.append(g["X"][m])
        ys.append(g["y"][m])
    return np.vstack(Xs), np.concatenate(ys)


def pair_differences(groups, max_neg: int = 30, seed: int = 0) -> np.ndarray:
    """x(positive) - x(negative) for pairs of candidates of the same query (at most max_neg
    negatives, drawn at random, per positive)."""
    rng = np.random.default_rng(seed)
    out = []
    for g in groups:
        m = g.get("keep", np.ones(len(g["y"]), bool))
        X, y = g["X"][m], g["y"][m]
        P, N = X[y == 1], X[y == 0]
        if not len(P) or not len(N):
            continue
        for p in P:
            ns = N if len(N) <= max_neg else N[rng.choice(len(N), max_neg, replace=False)]
            out.append(p - ns)
    return np.vstack(out)


def fit(groups, C=1.0):
    """A linear ranking function fitted on pairs (a logistic RankNet / RankSVM-like model),
    then calibrated to a probability by Platt scaling on the candidates themselves.
    Returns (mean, scale, w, b): p = sigmoid(((x - mean) / scale) @ w + b)."""
    from sklearn.linear_model import LogisticRegression
    X, y = stack(groups)
    mean, scale = X.mean(0), X.std(0)
    scale[scale < 1e-9] = 1.0
    D = pair_differences(groups) / scale
    clf = LogisticRegression(C=C, fit_intercept=False, max_iter=5000)
    clf.fit(np.vstack([D, -D]), np.r_[np.ones(len(D)), np.zeros(len(D))])
    w = clf.coef_[0]
    s = ((X - mean) / scale) @ w
    platt = LogisticRegression(C=100.0, max_iter=1000).fit(s[:, None], y)
    a, b = float(platt.coef_[0][0]), float(platt.intercept_[0])
    return mean, scale, w * a, b


def without_pair(groups):
    """The groups with the pair-score column zeroed (the first stage does not see it)."""
    out = []
    for g in groups:
        X = g["X"].copy()
        X[:, _S_PAIR] = 0.0
        out.append(dict(g, X=X))
    return out


def second_stage(groups, stage1, matcher):
    """Per query, the PAIR_RERANK best candidates of the first stage, with their pair score
    filled in: what the second stage sees at run time."""
    mean, scale, w, b = stage1
    out = []
    for g in groups:
        X = g["X"].copy()
        X[:, _S_PAIR] = 0.0
        s1 = ((X - mean) / scale) @ w + b
        top = np.argsort(-s1, kind="stable")[:PAIR_RERANK]
        values = matcher._pair([g["items"][i] for i in top], g["claim"])
        Xt = X[top]
        Xt[:, _S_PAIR] = values
        sub = dict(g, X=Xt, y=g["y"][top], exact=g["exact"][top])
        if "keep" in g:
            sub["keep"] = g["keep"][top]
            sub["keys"] = [g["keys"][i] for i in top]
        else:
            sub["docs"] = [g["docs"][i] for i in top]
        out.append(sub)
    return out


def to_json(mean, scale, parts: dict, uses_pair: bool, note: str) -> dict:
    """parts: name -> (mean, scale, w, b), each fitted on its own standardisation; stored with
    one shared standardisation (the weights are re-expressed, the scores are unchanged)."""
    out = {"features": list(FEATURES), "mean": [float(v) for v in mean],
           "scale": [float(v) for v in scale], "uses_pair": uses_pair, "note": note}
    for name, (m, s, w, b) in parts.items():
        # w·(x-m)/s + b  ==  w2·(x-mean)/scale + b2
        w2 = w * scale / s
        b2 = b + float(np.sum(w * (mean - m) / s))
        out[name] = {"w": [round(float(v), 6) for v in w2], "b": round(b2, 6)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--checkthat", type=Path, default=mq.DATA / "checkthat2020")
    ap.add_argument("--ecb-docs", type=Path,
                    default=mq.DATA / "ecbplus" / "ecbplus_docs.trainval.jsonl")
    ap.add_argument("--ecb-pairs", type=Path,
                    default=mq.DATA / "ecbplus" / "sentence_pairs_positive.trainval.tsv")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--C", type=float, default=1.0)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="train-match-") as tmp:
        tmp = Path(tmp)
        t = time.perf_counter()
        claims, queries, qrels = mq.load_checkthat(args.checkthat, "train")
        (tmp / "ct").mkdir()
        lib, alias, _ = mq.build_checkthat_library(claims, tmp / "ct")
        matcher = Matcher(lib)
        ct = collect_checkthat(matcher, queries, qrels, alias)
        matcher.close()
        lib.close()
        print(f"CheckThat train: {len(ct)} tweets ({time.perf_counter() - t:.0f} s)", flush=True)

        t = time.perf_counter()
        docs, positives = mq.load_ecb(args.ecb_docs, args.ecb_pairs)
        (tmp / "ecb").mkdir()
        split = mq.EcbSplit([d for d in docs if d.get("split") == "train"], tmp / "ecb")
        matcher = Matcher(split.lib)
        ecb = [g for g in collect_ecb(matcher, split, positives) if g["ctx"]]
        matcher.close()
        split.lib.close()
        print(f"ECB+ train: {len(ecb)} queries with context ({time.perf_counter() - t:.0f} s)",
              flush=True)

    parts = {}
    ct, ecb = without_pair(ct), without_pair(ecb)
    parts["without_context_stage1"] = fit(ct, args.C)
    parts["with_context_stage1"] = fit(ecb, args.C)
    uses_pair = matcher._pair_scorer() is not None
    if uses_pair:
        t = time.perf_counter()
        ct2 = second_stage(ct, parts["without_context_stage1"], matcher)
        ecb2 = second_stage(ecb, parts["with_context_stage1"], matcher)
        parts["without_context"] = fit(ct2, args.C)
        parts["with_context"] = fit(ecb2, args.C)
        print(f"second stage (pair scores of the best {PAIR_RERANK}): "
              f"{time.perf_counter() - t:.0f} s", flush=True)
    X1, _ = stack(ct)
    X2, _ = stack(ecb)
    Xall = np.vstack([X1, X2])
    mean, scale = Xall.mean(0), Xall.std(0)
    scale[scale < 1e-9] = 1.0
    if uses_pair:
        # the pair column is zero in the first stage: standardise it on the second
        Xp = np.concatenate([g["X"][:, _S_PAIR] for g in ct2 + ecb2])
        mean[_S_PAIR], scale[_S_PAIR] = Xp.mean(), max(Xp.std(), 1e-9)
    model = to_json(mean, scale, parts, uses_pair,
                    "pairwise logistic regression + Platt scaling, two stages (the second "
                    "re-scores the best candidates with the pair score); without_context: "
                    "CheckThat! 2020 train; with_context: ECB+ train topics "
                    "(benchmarks/train_match.py)")
    args.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    for name in parts:
        print(name, {f: round(v, 3) for f, v in zip(FEATURES, model[name]["w"])},
              round(model[name]["b"], 3))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
