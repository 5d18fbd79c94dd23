"""Quality and speed of claim matching (``reader.core.xref.match``) on real data.

    python benchmarks/match_quality.py                     # CheckThat! 2020 dev + ECB+ train/dev
    python benchmarks/match_quality.py --checkthat-split test --ecb-docs X.jsonl --ecb-pairs Y.tsv

Tasks (all libraries are fresh temporary ones, filled through ``Library.import_paths``):

* CheckThat! 2020 task 2: the 10,375 verified claims are imported as JSONL records
  {"id": vclaim_id, "title": title, "text": vclaim}; every tweet of the split is matched and
  the hits' documents (first occurrence, in order) are scored with MAP@5 against the qrels.
* ECB+ sentence linking: every document of a split becomes one record whose text has one
  sentence per paragraph; each split gets its own library. Every validated sentence is a
  query; the hits are mapped back to ECB+ sentences by overlap, and only the validated
  sentences of OTHER documents are kept (first occurrence). Positives are the pairs file
  (either direction); any other candidate is a negative. MAP (over all positives of the query)
  and P@1, averaged over the queries that have at least one positive.

"plain BM25" is measured on the same candidates: CheckThat: the tweet's analysed words as one
OR query over title + body of the same library (Whoosh BM25F); ECB+: Okapi BM25 (k1 1.2,
b 0.75, IDF over the candidate sentences) of the query sentence against every validated
sentence of the other documents of the split.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))

from reader.core.index import TextAnalyzer  # noqa: E402
from reader.core.library import Library  # noqa: E402
from reader.core.text.normalize import normalize  # noqa: E402

ECB_LIMIT = 400        # hits asked of match per ECB+ query (the ranking MAP is computed on)
CT_LIMIT = 20          # hits asked per CheckThat tweet (documents are deduplicated, then cut at 5)

csv.field_size_limit(1 << 30)


# -- CheckThat! 2020 ----------------------------------------------------------------------------
def read_tsv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return [row for row in csv.reader(f, delimiter="\t")]


def load_checkthat(folder: Path, split: str):
    claims = {}
    for row in read_tsv(folder / "verified_claims.docs.tsv")[1:]:
        claims[row[0]] = (row[1], row[2])
    queries = {}
    for row in read_tsv(folder / split / "tweets.queries.tsv")[1:]:
        queries[row[0]] = row[1]
    qrels: dict[str, set[str]] = defaultdict(set)
    with open(folder / split / "tweet-vclaim-pairs.qrels", encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 4 and parts[3] != "0":
                qrels[parts[0]].add(parts[2])
    return claims, queries, qrels


def build_checkthat_library(claims: dict, root: Path) -> tuple[Library, dict[str, str], float]:
    """Returns the library, a map from each vclaim id to the id it is stored under (records
    with the same text are stored once), and the import time."""
    path = root / "vclaims.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for cid, (text, title) in claims.items():
            f.write(json.dumps({"id": cid, "title": title, "text": text}) + "\n")
    lib = Library(root / "lib")
    t = time.perf_counter()
    report = lib.import_paths([path]).run()
    took = time.perf_counter() - t
    stored = {r["id"] for r in report.imported} | {r["id"] for r in report.unchanged}
    by_text = {}
    for row in lib.store.get_many(list(stored), with_text=True).values():
        by_text[row.text] = row.id
    alias = {}
    for cid, (text, _) in claims.items():
        alias[cid] = cid if cid in stored else by_text.get(normalize(text), cid)
    return lib, alias, took


def average_precision_at(ranked: list[str], relevant: set[str], k: int) -> float:
    if not relevant:
        return 0.0
    hits, total = 0, 0.0
    for i, d in enumerate(ranked[:k], 1):
        if d in relevant:
            hits += 1
            total += hits / i
    return total / min(len(relevant), k)


def eval_checkthat(rank, queries, qrels, alias) -> tuple[float, float]:
    """rank(text) -> list of document ids, best first. Returns (MAP@5, seconds per query)."""
    aps, t = [], time.perf_counter()
    for qid, text in queries.items():
        if qid not in qrels:
            continue
        rel = {alias.get(c, c) for c in qrels[qid]}
        aps.append(average_precision_at(rank(text), rel, 5))
    return statistics.fmean(aps), (time.perf_counter() - t) / max(1, len(aps))


def whoosh_or_ranker(lib: Library, limit: int = 5):
    """Plain BM25: the analysed words of the text as one OR query over title + body."""
    from whoosh.query import Or, Term
    analyzer = TextAnalyzer()
    searcher = lib.index.searcher()

    def rank(text: str) -> list[str]:
        terms = list(dict.fromkeys(t.text for t in analyzer(text)))
        if not terms:
            return []
        q = Or([Term(f, t) for t in terms for f in ("title", "body")])
        return [r["id"] for r in searcher.search(q, limit=limit)]
    rank.close = searcher.close
    return rank


def matcher_doc_ranker(matcher, limit: int = CT_LIMIT):
    def rank(text: str) -> list[str]:
        return list(dict.fromkeys(h.doc for h in matcher.match(text, limit=limit)))
    return rank


# -- ECB+ ---------------------------------------------------------------------------------------
def load_ecb(docs_path: Path, pairs_path: Path):
    docs = [json.loads(line) for line in open(docs_path, encoding="utf-8") if line.strip()]
    positives: dict[tuple[str, int], set[tuple[str, int]]] = defaultdict(set)
    with open(pairs_path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            a, b = (r["doc1"], int(r["sent1"])), (r["doc2"], int(r["sent2"]))
            positives[a].add(b)
            positives[b].add(a)
    return docs, positives


def ecb_record(doc: dict) -> dict:
    return {"id": doc["doc_id"], "title": "",
            "text": "\n\n".join(s["text"] for s in doc["sentences"])}


class EcbSplit:
    """One split of ECB+ in its own library, with the map from library spans to sentences."""

    def __init__(self, docs: list[dict], root: Path):
        path = root / "ecb.jsonl"
        with open(path, "w", encoding="utf-8") as f:
            for d in docs:
                f.write(json.dumps(ecb_record(d)) + "\n")
        self.lib = Library(root / "lib")
        t = time.perf_counter()
        report = self.lib.import_paths([path]).run()
        self.import_seconds = time.perf_counter() - t
        self.docs = {d["doc_id"]: d for d in docs}
        stored = {r["id"] for r in report.imported} | {r["id"] for r in report.unchanged}
        rows = self.lib.store.get_many(list(stored), with_text=True)
        # (doc_id) -> list of (start, end, sent_id) of the sentences found in the stored text
        self.spans: dict[str, list[tuple[int, int, int]]] = {}
        for doc_id, row in rows.items():
            pos, out = 0, []
            for s in self.docs[doc_id]["sentences"]:
                target = normalize(s["text"])
                if not target:
                    continue
                at = row.text.find(target, pos)
                if at < 0:
                    continue
                out.append((at, at + len(target), s["sent_id"]))
                pos = at + len(target)
            self.spans[doc_id] = out
        self.validated = {(d["doc_id"], s["sent_id"]) for d in docs for s in d["sentences"]
                          if s["validated"] and d["doc_id"] in self.spans}
        self.queries = [(d["doc_id"], s["sent_id"], s["text"]) for d in docs
                        for s in d["sentences"] if s["validated"]]

    def sentence_of(self, doc_id: str, start: int, end: int) -> int | None:
        best, best_overlap = None, 0
        for a, b, sid in self.spans.get(doc_id, ()):
            ov = min(b, end) - max(a, start)
            if ov > best_overlap:
                best, best_overlap = sid, ov
        return best


def ecb_metrics(ranked: list[tuple[str, int]], rel: set[tuple[str, int]]) -> tuple[float, float]:
    hits, total = 0, 0.0
    for i, c in enumerate(ranked, 1):
        if c in rel:
            hits += 1
            total += hits / i
    return total / len(rel), float(bool(ranked) and ranked[0] in rel)


def eval_ecb_matcher(split: EcbSplit, positives, matcher, limit: int = ECB_LIMIT):
    aps, p1s, t, n = [], [], time.perf_counter(), 0
    for doc_id, sid, text in split.queries:
        rel = positives.get((doc_id, sid), set()) & split.validated
        hits = matcher.match(text, limit=limit)
        n += 1
        if not rel:
            continue
        ranked = []
        for h in hits:
            if h.doc == doc_id:
                continue
            s = split.sentence_of(h.doc, h.start, h.end)
            c = (h.doc, s)
            if s is not None and c in split.validated and c not in ranked:
                ranked.append(c)
        ap, p1 = ecb_metrics(ranked, rel)
        aps.append(ap)
        p1s.append(p1)
    return aps, p1s, (time.perf_counter() - t) / max(1, n)


def eval_ecb_bm25(split: EcbSplit, positives, k1: float = 1.2, b: float = 0.75):
    analyzer = TextAnalyzer()
    cands = sorted(split.validated)
    text_of = {(d, s["sent_id"]): s["text"] for d, doc in split.docs.items()
               for s in doc["sentences"]}
    toks = {c: Counter(t.text for t in analyzer(text_of[c])) for c in cands}
    df = Counter(t for c in cands for t in toks[c])
    n = len(cands)
    avgdl = statistics.fmean(sum(toks[c].values()) for c in cands)
    idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
    aps, p1s = [], []
    for doc_id, sid, text in split.queries:
        rel = positives.get((doc_id, sid), set()) & split.validated
        if not rel:
            continue
        q = set(t.text for t in analyzer(text))
        scored = []
        for c in cands:
            if c[0] == doc_id:
                continue
            tf, dl = toks[c], sum(toks[c].values())
            s = sum(idf[t] * tf[t] * (k1 + 1) / (tf[t] + k1 * (1 - b + b * dl / avgdl))
                    for t in q if t in tf)
            scored.append((-s, c))
        scored.sort()
        ap, p1 = ecb_metrics([c for _, c in scored], rel)
        aps.append(ap)
        p1s.append(p1)
    return aps, p1s


# -- speed on a large news library ---------------------------------------------------------------
SPEED_CLAIMS = [
    "The central bank raised interest rates by half a point to fight inflation.",
    "Oil prices fell sharply after OPEC failed to agree on production cuts.",
    "The company reported a record quarterly profit on strong demand for its phones.",
    "Shares in the airline dropped after it warned of lower earnings.",
    "The government plans to cut income tax in next year's budget.",
    "Coffee exports from Brazil rose in the first quarter.",
    "The film won the award for best picture at the ceremony.",
    "Wheat harvest forecasts were cut because of drought.",
    "#BREAKING Prime Minister announces snap election pic.twitter.com/abc — News Desk "
    "(@NewsDesk) January 5, 2020",
    "US trade deficit widened to a record in January as imports surged.",
]


def speed(root: Path, corpora: Path, n_queries: int = 60) -> list[tuple[str, str]]:
    lib = Library(root / "lib")
    t = time.perf_counter()
    for name in ("bbc_news.jsonl", "reuters21578.jsonl"):
        lib.import_paths([corpora / name]).run()
    took = time.perf_counter() - t
    n_docs = lib.store.count()
    print(f"speed: {n_docs} documents (BBC + Reuters) imported in {took:.1f} s", flush=True)
    # claims: the fixed list, then sentences taken from documents (the in-library case)
    claims = list(SPEED_CLAIMS)
    ids = sorted(r.id for r in lib.documents())
    step = max(1, len(ids) // (n_queries - len(claims)))
    for row in lib.store.get_many(ids[::step][:n_queries - len(claims)], with_text=True).values():
        spans = lib.store.spans(row.id, "sentences")
        if spans:
            a, b = spans[len(spans) // 2]
            claims.append(row.text[a:b])
    from reader.core.xref.match import Matcher
    t = time.perf_counter()
    matcher = Matcher(lib)
    matcher.match(claims[0])
    first = time.perf_counter() - t
    times, cpu = [], []
    for c in claims:
        t, c0 = time.perf_counter(), time.process_time()
        matcher.match(c, limit=10)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c0)
    times.sort()
    cpu.sort()

    def pct(xs, q):
        return xs[min(len(xs) - 1, int(len(xs) * q))] * 1000

    print(f"  first match (opens the index, reads lengths): {first:.2f} s; then {len(times)} "
          f"matches: wall p50 {pct(times, .5):.0f} ms, p95 {pct(times, .95):.0f} ms, max "
          f"{times[-1] * 1000:.0f} ms; CPU p50 {pct(cpu, .5):.0f} ms, p95 {pct(cpu, .95):.0f} ms "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)", flush=True)
    matcher.close()
    lib.close()
    return [(f"match on {n_docs} documents, limit 10: wall p50 / p95 / max",
             f"{pct(times, .5):.0f} / {pct(times, .95):.0f} / {times[-1] * 1000:.0f} ms",
             "< 300 ms"),
            ("the same, CPU time of the process p50 / p95",
             f"{pct(cpu, .5):.0f} / {pct(cpu, .95):.0f} ms", "")]


# -- main ---------------------------------------------------------------------------------------
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--checkthat", type=Path, default=DATA / "checkthat2020")
    ap.add_argument("--checkthat-split", default="dev")
    ap.add_argument("--ecb-docs", type=Path,
                    default=DATA / "ecbplus" / "ecbplus_docs.trainval.jsonl")
    ap.add_argument("--ecb-pairs", type=Path,
                    default=DATA / "ecbplus" / "sentence_pairs_positive.trainval.tsv")
    ap.add_argument("--skip-checkthat", action="store_true")
    ap.add_argument("--skip-ecb", action="store_true")
    ap.add_argument("--skip-speed", action="store_true",
                    help="skip matching on BBC + Reuters (22 k documents)")
    args = ap.parse_args()

    from reader.core.xref.match import Matcher

    rows = []
    with tempfile.TemporaryDirectory(prefix="match-quality-") as tmp:
        tmp = Path(tmp)
        if not args.skip_checkthat:
            claims, queries, qrels = load_checkthat(args.checkthat, args.checkthat_split)
            (tmp / "ct").mkdir()
            lib, alias, took = build_checkthat_library(claims, tmp / "ct")
            n_q = sum(1 for q in queries if q in qrels)
            print(f"CheckThat! 2020 {args.checkthat_split}: {len(claims)} verified claims "
                  f"imported in {took:.1f} s; {n_q} tweets with qrels", flush=True)
            base = whoosh_or_ranker(lib)
            m_base, _ = eval_checkthat(base, queries, qrels, alias)
            base.close()
            t = time.perf_counter()
            matcher = Matcher(lib)
            matcher.match("warm up")
            setup = time.perf_counter() - t
            m_match, per_q = eval_checkthat(matcher_doc_ranker(matcher), queries, qrels, alias)
            print(f"  plain BM25 MAP@5 {m_base:.3f}   match MAP@5 {m_match:.3f}   "
                  f"({1 / per_q:.1f} queries/s, first match incl. set-up {setup:.2f} s)",
                  flush=True)
            rows.append((f"CheckThat! 2020 {args.checkthat_split} MAP@5", f"{m_base:.3f}",
                         f"{m_match:.3f}", ">= 0.85"))
            lib.close()

        if not args.skip_ecb:
            docs, positives = load_ecb(args.ecb_docs, args.ecb_pairs)
            splits = sorted({d.get("split", "all") for d in docs})
            all_m, all_b = ([], []), ([], [])
            for sp in splits:
                root = tmp / f"ecb-{sp}"
                root.mkdir()
                split = EcbSplit([d for d in docs if d.get("split", "all") == sp], root)
                b_aps, b_p1 = eval_ecb_bm25(split, positives)
                matcher = Matcher(split.lib)
                aps, p1s, per_q = eval_ecb_matcher(split, positives, matcher)
                print(f"ECB+ {sp}: {len(split.docs)} documents imported in "
                      f"{split.import_seconds:.1f} s; {len(aps)} queries with positives\n"
                      f"  plain BM25 MAP {statistics.fmean(b_aps):.3f} P@1 "
                      f"{statistics.fmean(b_p1):.3f}   match MAP {statistics.fmean(aps):.3f} "
                      f"P@1 {statistics.fmean(p1s):.3f}   ({1 / per_q:.1f} queries/s)",
                      flush=True)
                label = f"ECB+ {sp}" + (" (the ranker was trained on it)" if sp == "train"
                                         else "")
                rows.append((f"{label} MAP / P@1",
                             f"{statistics.fmean(b_aps):.3f} / {statistics.fmean(b_p1):.3f}",
                             f"{statistics.fmean(aps):.3f} / {statistics.fmean(p1s):.3f}",
                             ">= 0.78 / >= 0.92"))
                all_m[0].extend(aps), all_m[1].extend(p1s)
                all_b[0].extend(b_aps), all_b[1].extend(b_p1)
                split.lib.close()
            if len(splits) > 1:
                rows.append((f"ECB+ {'+'.join(splits)} (queries of both) MAP / P@1",
                             f"{statistics.fmean(all_b[0]):.3f} / {statistics.fmean(all_b[1]):.3f}",
                             f"{statistics.fmean(all_m[0]):.3f} / {statistics.fmean(all_m[1]):.3f}",
                             ">= 0.78 / >= 0.92"))

        speed_rows = []
        if not args.skip_speed and (DATA / "corpora" / "reuters21578.jsonl").exists():
            (tmp / "speed").mkdir()
            speed_rows = speed(tmp / "speed", DATA / "corpora")

    print()
    print("| task | plain BM25 | match | target |")
    print("|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    if speed_rows:
        print()
        print("| speed | figure | target |")
        print("|---|---|---|")
        for r in speed_rows:
            print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    main()
