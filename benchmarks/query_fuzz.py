"""10,000 generated queries against a BBC News library: how many raise (target 0) and the
slowest (target <= 1 s). Prints figures; asserts nothing.

    python benchmarks/query_fuzz.py [--n 10000] [--seed 0] [--library DIR]

The queries are random sequences of the query language's pieces (words of the library, operator
words, quotes, brackets, wildcards, fields, dates, slop and boosts, long and odd strings), each
run in-process through ``Library.search`` with relevance or date order. ``--library`` reuses a
library that already holds BBC News (else one is imported into a temporary folder).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reader.core.library import Library  # noqa: E402

BBC = ROOT.parent / "shared" / "data" / "corpora" / "bbc_news.jsonl"
WORDS = ["troops", "oil", "prices", "bank", "election", "labour", "market", "music", "film",
         "growth", "china", "gold", "shares", "budget", "chancellor", "the", "a", "of"]
PIECES = ["AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO", "to", "(", ")", '"', "*", "?", "~",
          "~3", "^2", "^", "-", "+", ":", "[", "]", "{", "}", "title:", "source:", "author:",
          "tags:", "body:", "date:", "date:2004", "date:2004-11", "date:2005-02-30", "date:>",
          "date:<2004", "date:[", "date:yesterday", "2004-11-01", "\\", "'", "14,000", "$5bn",
          "🙂", "\x00", "é", "\u202e", "mar*", "*ing", "?*", "w?eat", "ab", "x" * 300]


def query(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.05:
        return "".join(chr(rng.randint(1, 0x2FF)) for _ in range(rng.randint(1, 40)))
    if kind < 0.07:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(200, 3000)))
    parts = [rng.choice(WORDS if rng.random() < 0.4 else PIECES)
             for _ in range(rng.randint(1, 12))]
    return (" " if rng.random() < 0.7 else "").join(parts)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--library", type=Path)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.library or Path(tmp) / "lib"
        with Library(root) as lib:
            if not lib.documents():
                lib.import_paths([BBC]).run()
            print(f"library: {len(lib.documents())} documents")
            rng = random.Random(args.seed)
            times, crashes, slowest = [], Counter(), []
            for _ in range(args.n):
                q = query(rng)
                sort = rng.choice(["relevance", "date"])
                t = time.perf_counter()
                try:
                    lib.search(q, limit=10, sort=sort)
                except Exception as exc:   # noqa: BLE001 - what we count
                    crashes[f"{type(exc).__name__}: {exc}"[:120]] += 1
                    if sum(crashes.values()) <= 3:
                        traceback.print_exc()
                dt = time.perf_counter() - t
                times.append(dt)
                slowest.append((dt, q[:80], sort))
            slowest.sort(reverse=True)
    print(f"queries: {args.n}; raised: {sum(crashes.values())} (target 0)")
    for what, n in crashes.most_common(5):
        print(f"  {n} x {what}")
    q = statistics.quantiles(times, n=100)
    print(f"time per query: p50 {q[49] * 1000:.1f} ms, p99 {q[98] * 1000:.1f} ms, "
          f"max {max(times) * 1000:.0f} ms (target <= 1000 ms)")
    for dt, text, sort in slowest[:5]:
        print(f"  {dt * 1000:.0f} ms  {sort:9s} {text!r}")


if __name__ == "__main__":
    main()
