"""Cross-referencing quality on BASIL (53 events, each reported by three outlets).

    python benchmarks/xref_quality.py [--split dev] [--set NAME=VALUE ...]

Imports the articles into a fresh temporary library with `reader import`, runs
`reader xref --json`, and prints:
- the share of links that join two articles of the same event (target >= 0.95);
- the share of same-event article pairs with at least one agrees/conflicts link (>= 0.90);
- counts per relation, and the time taken.

``--set agree_score=0.7`` (any field of ``reader/core/xref/thresholds.py``, repeatable) links
with other thresholds, in-process, without editing a module.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "basil"


def to_records(path: Path) -> list[dict]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        art = json.loads(line)
        paras: dict[int, list[str]] = {}
        for s in art["sentences"]:
            paras.setdefault(s["para"], []).append(s["text"])
        text = "\n\n".join(" ".join(p) for _, p in sorted(paras.items()))
        out.append({"id": art["article_id"], "title": art["title"], "text": text,
                    "source": art["source"], "date": art.get("date", ""),
                    "url": art.get("url", ""), "event": art["triplet_uuid"]})
    return out


def reader(*args: str, library: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("READER_LIBRARY", None)
    r = subprocess.run([sys.executable, "-m", "reader", "--library", str(library), *args],
                       capture_output=True, env=env, cwd=str(ROOT))
    if r.returncode not in (0, 1):
        sys.exit(f"reader {' '.join(args)} failed: {r.stderr.decode()[-2000:]}")
    return r


def thresholds(settings: list[str]):
    """``Thresholds`` with NAME=VALUE settings applied (None for none)."""
    if not settings:
        return None
    from dataclasses import fields, replace

    from reader.core.xref.thresholds import DEFAULT
    types = {f.name: f.type for f in fields(DEFAULT)}
    changes = {}
    for item in settings:
        name, _, value = item.partition("=")
        if name not in types:
            sys.exit(f"--set {item}: no threshold named {name!r}; see thresholds.py")
        changes[name] = float(value) if types[name] in ("float", float) else int(value)
    return replace(DEFAULT, **changes)


def xref_in_process(library: Path, t) -> list[dict]:
    """`reader xref --json`'s links, computed with thresholds ``t``."""
    sys.path.insert(0, str(ROOT))
    from reader.core.library import Library
    from reader.core.xref.engine import CrossReferencer
    with Library(library) as lib:
        for _ in CrossReferencer(lib, thresholds=t).run():
            pass
        texts = {d.id: lib.get(d.id).text for d in lib.documents()}
        return [{"a": {"doc": r.a_doc, "start": r.a_start, "end": r.a_end,
                       "text": texts[r.a_doc][r.a_start:r.a_end]},
                 "b": {"doc": r.b_doc, "start": r.b_start, "end": r.b_end,
                       "text": texts[r.b_doc][r.b_start:r.b_end]},
                 "relation": r.relation, "score": r.score, "why": r.why} for r in lib.links()]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="dev")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="a threshold (reader/core/xref/thresholds.py); repeatable")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    custom = thresholds(args.set)
    records = to_records(DATA / f"basil_articles.{args.split}.jsonl")
    event = {r["id"]: r["event"] for r in records}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "basil.jsonl"
        src.write_text("\n".join(json.dumps({k: v for k, v in r.items() if k != "event"})
                                 for r in records) + "\n", encoding="utf-8")
        lib = Path(tmp) / "lib"
        t = time.perf_counter()
        r = reader("import", str(src), "--json", library=lib)
        t_import = time.perf_counter() - t
        imported = json.loads(r.stdout)
        t = time.perf_counter()
        if custom is None:
            links = json.loads(reader("xref", "--json", library=lib).stdout)["links"]
        else:
            links = xref_in_process(lib, custom)
        t_xref = time.perf_counter() - t
    same = [link for link in links if event[link["a"]["doc"]] == event[link["b"]["doc"]]]
    pairs = {frozenset((a["id"], b["id"])) for a, b in itertools.combinations(records, 2)
             if a["event"] == b["event"]}
    strong = {frozenset((link["a"]["doc"], link["b"]["doc"])) for link in links
              if link["relation"] in ("agrees", "conflicts")
              and event[link["a"]["doc"]] == event[link["b"]["doc"]]}
    rel = Counter(link["relation"] for link in links)
    wrong = Counter(link["relation"] for link in links if link not in same)
    print(f"BASIL {args.split}: {len(records)} articles, {len(pairs)} same-event pairs; "
          f"imported {len(imported['imported'])}")
    print(f"links: {len(links)} ({dict(rel)}); across events: {len(links) - len(same)} "
          f"({dict(wrong)})")
    print(f"share of links joining articles of the same event: "
          f"{len(same) / max(len(links), 1):.3f}   target >= 0.95")
    print(f"share of same-event pairs with an agrees/conflicts link: "
          f"{len(strong & pairs) / len(pairs):.3f}   target >= 0.90")
    print(f"time: import + xref (CLI) {t_import:.1f} s, xref --json {t_xref:.1f} s")
    if args.verbose:
        for link in links:
            if link not in same:
                print("ACROSS", link["relation"], round(link["score"], 2), link["why"])
                print("   ", link["a"]["text"][:150])
                print("   ", link["b"]["text"][:150])


if __name__ == "__main__":
    main()
