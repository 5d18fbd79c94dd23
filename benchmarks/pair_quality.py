"""Quality and speed of the sentence-pair scorer (reader/core/xref/pairs/scorer.py). Prints figures;
asserts nothing.

    python benchmarks/pair_quality.py             # STS-B dev, MRPC nested 5-fold CV, speed
    python benchmarks/pair_quality.py --no-nested # skip the nested CV (it retrains 5 models)
    python benchmarks/pair_quality.py --speed     # speed figures only

Reads ../shared/data (relative to the repository root).

* STS-B dev: Pearson (and Spearman) of the shipped model's score against the gold scores. STS-B
  dev is never used in training or model selection (train_pair_model.py does not read it, except
  to keep the MRPC pairs that share a sentence with it out of training).
* MRPC train, nested 5-fold CV: the shipped model is trained on MRPC train too, so for each
  outer fold the whole training procedure is re-run without that fold (statistics, word
  associations, model; STS-B train pairs sharing a sentence with the fold are dropped too) and
  the accuracy-optimal threshold is tuned on inner out-of-fold predictions of the 4 training
  folds only. Accuracy and F1 of the held-out folds, pooled over the 5 folds.
* Plain TF-IDF for reference: the cosine of IDF-weighted stems (the `tfidf_cos` feature), its
  threshold tuned on the training folds in the same way.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import train_pair_model as T  # noqa: E402
from reader.core.xref.pairs.features import FEATURE_NAMES  # noqa: E402
from reader.core.xref.pairs.scorer import DEFAULT_MODEL, PairScorer  # noqa: E402


def pearson(x, y) -> float:
    return float(np.corrcoef(x, y)[0, 1])


def spearman(x, y) -> float:
    rx = np.argsort(np.argsort(x, kind="stable"), kind="stable")
    ry = np.argsort(np.argsort(y, kind="stable"), kind="stable")
    return pearson(rx, ry)


def acc_f1(pred: np.ndarray, lab: np.ndarray) -> tuple[float, float]:
    tp = int((pred & (lab == 1)).sum())
    return float((pred == lab).mean() * 100), float(200 * tp / max(pred.sum() + lab.sum(), 1))


def stsb_dev(scorer: PairScorer) -> None:
    dev = T.read_stsb("dev")
    P = [(scorer.prepare(p["a"]), scorer.prepare(p["b"])) for p in dev]
    s = scorer.score_many(P)
    gold = np.array([p["y"] for p in dev])
    base = scorer.analyzer.feature_matrix(P)[:, FEATURE_NAMES.index("tfidf_cos")]
    print(f"STS-B dev ({len(dev)} pairs): Pearson {pearson(s, gold):.4f}  "
          f"Spearman {spearman(s, gold):.4f}   (plain TF-IDF cosine: Pearson "
          f"{pearson(base, gold):.4f})")
    genre = np.array([p["genre"] for p in dev])
    for g in sorted(set(genre)):
        m = genre == g
        print(f"    {g:14s} {m.sum():4d} pairs  Pearson {pearson(s[m], gold[m]):.4f}  "
              f"(TF-IDF {pearson(base[m], gold[m]):.4f})")


def mrpc_nested(n_folds: int = 5, seed: int = 0) -> None:
    mrpc = T.without_sentences(T.read_mrpc(), T.stsb_dev_sentences())
    sts = T.read_stsb("train")
    lab = np.array([p["label"] for p in mrpc])
    # stratified outer folds, fixed seed
    rng = np.random.RandomState(seed)
    fold = np.zeros(len(mrpc), int)
    for c in (0, 1):
        idx = np.flatnonzero(lab == c)
        fold[idx] = rng.permutation(len(idx)) % n_folds
    pred = np.zeros(len(mrpc), bool)
    base_pred = np.zeros(len(mrpc), bool)
    scores = np.zeros(len(mrpc))
    t0 = time.time()
    for k in range(n_folds):
        test = [p for p, f in zip(mrpc, fold) if f == k]
        held = T.sentences_of(test)
        train_pairs = (T.without_sentences(sts, held)
                       + [p for p, f in zip(mrpc, fold) if f != k])
        spec, X, y = T.train(train_pairs)
        oof = T.oof_predictions(train_pairs, X, y)
        is_m = np.array([p["src"] == "mrpc" for p in train_pairs])
        tr_lab = np.array([p.get("label", 0) for p in train_pairs])[is_m]
        thr = T.best_threshold(oof[is_m], tr_lab)
        scorer = PairScorer.from_spec(spec)
        P = [(scorer.prepare(p["a"]), scorer.prepare(p["b"])) for p in test]
        s = scorer.score_many(P)
        idx = np.flatnonzero(fold == k)
        scores[idx] = s
        pred[idx] = s >= thr
        # plain TF-IDF cosine with the same statistics, threshold from the training folds
        col = FEATURE_NAMES.index("tfidf_cos")
        bthr = T.best_threshold(X[is_m, col], tr_lab)
        base_pred[idx] = scorer.analyzer.feature_matrix(P)[:, col] >= bthr
        a, f1 = acc_f1(pred[idx], lab[idx])
        print(f"    fold {k}: {len(test)} pairs, threshold {thr:.3f}: accuracy {a:.1f}  F1 "
              f"{f1:.1f}   ({time.time() - t0:.0f} s)", flush=True)
    a, f1 = acc_f1(pred, lab)
    ba, bf1 = acc_f1(base_pred, lab)
    print(f"MRPC train, nested {n_folds}-fold CV ({len(mrpc)} pairs): accuracy {a:.1f}  F1 {f1:.1f}"
          f"   (plain TF-IDF cosine: {ba:.1f} / {bf1:.1f})")


def speed(scorer: PairScorer, repeat: int = 3) -> None:
    mrpc = T.read_mrpc()
    texts = [p["a"] for p in mrpc] + [p["b"] for p in mrpc]
    cold = time.perf_counter()
    P = [scorer.prepare(t) for t in texts]
    cold = time.perf_counter() - cold
    best = min(_timed(lambda: [scorer.prepare(t) for t in texts]) for _ in range(repeat))
    batch = min(_timed(lambda: scorer.prepare_many(texts)) for _ in range(repeat))
    n = len(mrpc)
    pairs = [(P[i], P[n + i]) for i in range(n)] * 5
    scorer.score_many(pairs[:100])
    t = min(_timed(lambda: scorer.score_many(pairs)) for _ in range(repeat))
    one = min(_timed(lambda: scorer.score(mrpc[0]["a"], mrpc[0]["b"])) for _ in range(20))
    print(f"prepare: {cold / len(texts) * 1e6:.0f} us per sentence on first sight, "
          f"{best / len(texts) * 1e6:.0f} us again (MRPC sentences, {len(texts)}); "
          f"prepare_many: {batch / len(texts) * 1e6:.0f} us per sentence")
    print(f"score_many: {len(pairs) / t:,.0f} pairs/s ({len(pairs)} MRPC pairs, prepared)")
    print(f"score(str, str): {one * 1e3:.2f} ms for one pair")
    code = ("import time; t = time.perf_counter(); "
            "from reader.core.xref.pairs.scorer import PairScorer; s = PairScorer(); "
            "print(time.perf_counter() - t)")
    times = [float(subprocess.run([sys.executable, "-c", code], cwd=str(ROOT), check=True,
                                  capture_output=True, text=True).stdout) for _ in range(5)]
    print(f"import + model load in a fresh process: {min(times) * 1e3:.0f} ms "
          f"(median {sorted(times)[2] * 1e3:.0f} ms); model file "
          f"{DEFAULT_MODEL.stat().st_size / 1e6:.2f} MB")
    load = os.getloadavg()[0]
    if load > 1.5:
        print(f"(note: load average {load:.1f} on {os.cpu_count()} cores while measuring)")


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--no-nested", action="store_true", help="skip the MRPC nested CV")
    ap.add_argument("--speed", action="store_true", help="speed figures only")
    args = ap.parse_args(argv)
    scorer = PairScorer()
    if not args.speed:
        stsb_dev(scorer)
        if not args.no_nested:
            mrpc_nested()
    speed(scorer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
