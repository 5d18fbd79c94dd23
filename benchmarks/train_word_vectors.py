"""Train the distributional word vectors of matching (writes reader/core/xref/match/word_vectors.npz).

    python benchmarks/train_word_vectors.py

Unlabeled text only (no labels, no dev or test split is read):

* BBC News (all 2,225 articles) and Reuters-21578 (all bodies), ../shared/data/corpora;
* the CheckThat! 2020 verified claims (claim text and title: the collection matched against,
  not its queries) and the CheckThat! 2020 train tweets;
* the ECB+ documents of the train topics (``split == "train"``).

Words are the index's terms (``match._Terms``: stop words dropped, Porter stems). Co-occurrence
counts within WINDOW terms of each other in the same paragraph (weighted 1 / distance) become
positive pointwise mutual information with context-distribution smoothing (alpha 0.75, Levy,
Goldberg and Dagan 2015), factorised by a truncated SVD; a word's vector is its row of U·S^0.5,
normalised to unit length and stored as int8 (x 127) with the vocabulary (the VOCAB most frequent
terms seen at least MIN_COUNT times) and the data sources in the file's metadata. The same
paragraphs give the document frequencies of character 4-grams (``chargrams.grams``; those in at
least C4_MIN_DF paragraphs) for ``chargrams.CharGrams``.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.sparse.linalg import svds

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))

from reader.core.xref.match.analysis import Terms as _Terms  # noqa: E402
from reader.core.xref.match.wordvec import VECTORS_PATH  # noqa: E402

WINDOW = 5
VOCAB = 40_000
MIN_COUNT = 5
DIMS = 160
ALPHA = 0.75
C4_MIN_DF = 3

csv.field_size_limit(1 << 30)


def paragraphs():
    """(source, paragraph text) of every unlabeled text used."""
    corpora = DATA / "corpora"
    for line in open(corpora / "bbc_news.jsonl", encoding="utf-8"):
        r = json.loads(line)
        yield "bbc", r.get("title") or ""
        for p in re.split(r"\n\s*\n|\n", r.get("body") or ""):
            yield "bbc", p
    for line in open(corpora / "reuters21578.jsonl", encoding="utf-8"):
        r = json.loads(line)
        yield "reuters", r.get("title") or ""
        # hard line breaks inside paragraphs: paragraphs are split on blank lines / indents
        for p in re.split(r"\n\s*\n|\n(?=\s{2,})", r.get("body") or ""):
            yield "reuters", p.replace("\n", " ")
    ct = DATA / "checkthat2020"
    with open(ct / "verified_claims.docs.tsv", encoding="utf-8", newline="") as f:
        for row in list(csv.reader(f, delimiter="\t"))[1:]:
            yield "checkthat-vclaims", row[1]
            yield "checkthat-vclaims", row[2]
    with open(ct / "train" / "tweets.queries.tsv", encoding="utf-8", newline="") as f:
        for row in list(csv.reader(f, delimiter="\t"))[1:]:
            yield "checkthat-train-tweets", row[1]
    for line in open(DATA / "ecbplus" / "ecbplus_docs.trainval.jsonl", encoding="utf-8"):
        d = json.loads(line)
        if d.get("split") == "train":
            yield "ecbplus-train", " ".join(s["text"] for s in d["sentences"])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=VECTORS_PATH)
    ap.add_argument("--dims", type=int, default=DIMS)
    ap.add_argument("--vocab", type=int, default=VOCAB)
    ap.add_argument("--window", type=int, default=WINDOW)
    args = ap.parse_args()

    from reader.core.xref.match.chargrams import grams
    from reader.core.xref.match.claimtext import clean_claim
    t = time.perf_counter()
    analyze = _Terms()
    seqs, sources = [], Counter()
    c4_df: Counter = Counter()
    n_paragraphs = 0
    for src, text in paragraphs():
        if src.startswith("checkthat"):
            text = clean_claim(text)
        if text.strip():
            c4_df.update(grams(text).keys())
            n_paragraphs += 1
        terms = analyze(text)
        if len(terms) > 1:
            seqs.append(terms)
            sources[src] += len(terms)
    counts = Counter(t for s in seqs for t in s)
    vocab = [w for w, c in counts.most_common(args.vocab) if c >= MIN_COUNT]
    index = {w: i for i, w in enumerate(vocab)}
    n = len(vocab)
    print(f"{sum(sources.values())} terms {dict(sources)}; vocabulary {n} "
          f"({time.perf_counter() - t:.0f} s)", flush=True)

    ids = np.concatenate([np.append(np.fromiter((index.get(w, -1) for w in s), np.int64, len(s)),
                                    -1) for s in seqs])     # -1 separates paragraphs
    C = sparse.csr_matrix((n, n))
    for d in range(1, args.window + 1):
        a, b = ids[:-d], ids[d:]
        # a pair is counted only within a paragraph: no separator between the two
        sep = np.flatnonzero(ids == -1)
        ok = (a >= 0) & (b >= 0)
        pos = np.arange(len(a))
        ok &= np.searchsorted(sep, pos) == np.searchsorted(sep, pos + d)
        m = sparse.coo_matrix((np.full(int(ok.sum()), 1.0 / d), (a[ok], b[ok])), shape=(n, n))
        C = C + m.tocsr() + m.T.tocsr()
    C = C.tocsr()
    total = C.sum()
    row = np.asarray(C.sum(1)).ravel()
    col = np.asarray(C.sum(0)).ravel() ** ALPHA
    col /= col.sum()
    C = C.tocoo()
    pmi = np.log(C.data / total / (row[C.row] / total) / col[C.col])
    keep = pmi > 0
    P = sparse.csr_matrix((pmi[keep], (C.row[keep], C.col[keep])), shape=(n, n))
    print(f"PPMI: {P.nnz} non-zeros ({time.perf_counter() - t:.0f} s)", flush=True)
    U, S, _ = svds(P, k=args.dims, random_state=0)
    V = U * np.sqrt(S)
    V /= np.maximum(np.linalg.norm(V, axis=1, keepdims=True), 1e-9)
    q = np.round(V * 127).astype(np.int8)
    meta = {"format": "reader-word-vectors/1", "dims": args.dims, "window": args.window,
            "min_count": MIN_COUNT, "alpha": ALPHA, "method": "PPMI + truncated SVD (U S^0.5)",
            "terms": "reader.core.xref.match.analysis.Terms (index analysis: stop words, Porter stems)",
            "sources": {k: int(v) for k, v in sources.items()},
            "source_files": ["corpora/bbc_news.jsonl", "corpora/reuters21578.jsonl",
                             "checkthat2020/verified_claims.docs.tsv",
                             "checkthat2020/train/tweets.queries.tsv",
                             "ecbplus/ecbplus_docs.trainval.jsonl (split == train only)"],
            "script": "benchmarks/train_word_vectors.py"}
    c4 = sorted(g for g, d in c4_df.items() if d >= C4_MIN_DF)
    meta["c4"] = {"n_docs": n_paragraphs, "min_df": C4_MIN_DF, "grams": len(c4),
                  "unit": "paragraph", "analysis": "reader.core.xref.match.chargrams.grams"}
    np.savez_compressed(args.out, vocab=np.asarray(vocab), vectors=q,
                        c4_grams=np.asarray(c4),
                        c4_df=np.asarray([c4_df[g] for g in c4], dtype=np.int32),
                        meta=np.asarray(json.dumps(meta)))
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB, "
          f"{time.perf_counter() - t:.0f} s)")
    for w in ("troop", "tie", "growth", "vaccin", "earthquak", "arrest", "kill", "elect"):
        if w in index:
            s = V @ V[index[w]]
            print(w, [vocab[i] for i in np.argsort(-s)[1:9]])


if __name__ == "__main__":
    main()
