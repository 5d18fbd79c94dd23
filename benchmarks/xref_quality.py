"""Cross-referencing quality on BASIL (53 events, each reported by three outlets).

    python benchmarks/xref_quality.py [--split dev] [--set NAME=VALUE ...]

Imports the articles into a fresh temporary library with `reader import`, runs
`reader xref --json`, and prints:
- the share of links that join two articles of the same event (target >= 0.95);
- the share of same-event article pairs with at least one agrees/conflicts link (>= 0.90);
- counts per relation, and the time taken;
- against the hand-labelled pairs of ``gold.dev.jsonl`` (18 events): each link counted by the
  two BASIL sentences its claims fall in, the strongest relation per sentence pair (conflicts >
  agrees > related): agrees recall and precision (targets >= 0.55 at >= 0.8), the whole
  precision-recall curve of agrees by score, conflicts found (>= 5 of 10) and their precision
  (>= 0.6), and labelled conflicts called agrees (0). The labels are not exhaustive, so
  precision is a lower bound. ``--pairs FILE`` writes every scored sentence pair for reading.

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


def load_articles(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def to_records(articles: list[dict]) -> list[dict]:
    out = []
    for art in articles:
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
    ap.add_argument("--pairs", type=Path, metavar="FILE",
                    help="write the labelled events' linked sentence pairs (TSV) here")
    ap.add_argument("--bbc", type=Path, metavar="FILE",
                    help="also cross-reference all of BBC News and write every conflict, with "
                         "its why and both passages, here (to read them one by one)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    custom = thresholds(args.set)
    articles = load_articles(DATA / f"basil_articles.{args.split}.jsonl")
    records = to_records(articles)
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
        sentence_of = sentence_locator(lib, articles)
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
    gold_path = DATA / f"gold.{args.split}.jsonl"
    if gold_path.exists():
        gold_report(links, articles, sentence_of, load_articles(gold_path), args.pairs)
    if args.bbc is not None:
        bbc_conflicts(args.bbc, custom)
    if args.verbose:
        for link in links:
            if link not in same:
                print("ACROSS", link["relation"], round(link["score"], 2), link["why"])
                print("   ", link["a"]["text"][:150])
                print("   ", link["b"]["text"][:150])


def bbc_conflicts(out: Path, t) -> None:
    """Every conflict found in BBC News, one block per conflict: the why, both passages."""
    sys.path.insert(0, str(ROOT))
    from reader.core.library import Library
    from reader.core.xref.engine import CrossReferencer
    bbc = ROOT.parent / "shared" / "data" / "corpora" / "bbc_news.jsonl"
    with tempfile.TemporaryDirectory() as tmp, Library(Path(tmp) / "lib") as lib:
        lib.import_paths([bbc]).run()
        engine = CrossReferencer(lib, thresholds=t) if t is not None else lib.engine
        for _ in engine.run():
            pass
        rows = lib.links(relation="conflicts")
        with out.open("w", encoding="utf-8") as f:
            for n, r in enumerate(rows, 1):
                a, b = lib.get(r.a_doc), lib.get(r.b_doc)
                f.write(f"{n}. {r.score:.2f}  {r.why}\n   [{a.title}] {a.text[r.a_start:r.a_end]}\n"
                        f"   [{b.title}] {b.text[r.b_start:r.b_end]}\n\n")
        copies = lib.copies()
        pairs = {(a, b) for a, others in copies.items() for b in others}
        every = lib.links()
        between = Counter(r.relation for r in every if (r.a_doc, r.b_doc) in pairs)
        print(f"BBC: links {dict(Counter(r.relation for r in every))}; "
              f"{len(pairs) // 2} pairs of near-copies, linked by {dict(between)}")
    print(f"BBC: {len(rows)} conflicts written to {out}")


# -- the hand-labelled pairs ----------------------------------------------------------------------
STRENGTH = {"conflicts": 3, "agrees": 2, "related": 1}


def sentence_locator(library: Path, articles: list[dict]):
    """A function (doc id, offset) → "source:sentence index" of the BASIL sentence holding that
    offset of the document's normalised text (sentences found in order in the stored text)."""
    sys.path.insert(0, str(ROOT))
    from reader.core.library import Library
    from reader.core.text.normalize import normalize
    spans: dict[str, list[tuple[int, int, str]]] = {}
    with Library(library) as lib:
        for art in articles:
            text = lib.get(art["article_id"]).text
            pos, out = 0, []
            for n, sent in enumerate(art["sentences"]):
                needle = normalize(sent["text"]).strip()
                at = text.find(needle, pos) if needle else -1
                if at < 0:                        # normalised differently: its first words
                    at = text.find(needle[:25], pos) if needle else -1
                if at < 0:
                    continue
                out.append((at, at + len(needle), f"{art['source']}:{n}"))
                pos = at + max(1, len(needle) // 2)
            spans[art["article_id"]] = out

    def locate(doc: str, start: int, end: int) -> str | None:
        best, overlap = None, 0
        for a, b, key in spans.get(doc, ()):
            o = min(b, end) - max(a, start)
            if o > overlap:
                best, overlap = key, o
        return best
    return locate


def gold_report(links: list[dict], articles: list[dict], locate, gold: list[dict],
                pairs_out: Path | None) -> None:
    events = {g["event"] for g in gold}
    event_of = {a["article_id"]: a["triplet_uuid"] for a in articles}
    labels = {(g["event"], frozenset((g["a"], g["b"]))): g for g in gold}
    predicted: dict[tuple, dict] = {}            # (event, {sentence, sentence}) → strongest link
    for link in links:
        a, b = link["a"], link["b"]
        ev = event_of[a["doc"]]
        if ev not in events or event_of[b["doc"]] != ev:
            continue
        sa, sb = locate(a["doc"], a["start"], a["end"]), locate(b["doc"], b["start"], b["end"])
        if sa is None or sb is None or sa.split(":")[0] == sb.split(":")[0]:
            continue
        key = (ev, frozenset((sa, sb)))
        old = predicted.get(key)
        if old is None or (STRENGTH[link["relation"]], link["score"]) > \
                (STRENGTH[old["relation"]], old["score"]):
            predicted[key] = link
    gold_agrees = {k for k, g in labels.items() if g["relation"] == "agrees"}
    gold_conflicts = {k for k, g in labels.items() if g["relation"] == "conflicts"}
    agrees = {k: v for k, v in predicted.items() if v["relation"] == "agrees"}
    conflicts = {k: v for k, v in predicted.items() if v["relation"] == "conflicts"}
    hit = gold_agrees & set(agrees)
    print(f"labelled pairs ({len(events)} events): {len(gold_agrees)} agrees, "
          f"{len(gold_conflicts)} conflicts; linked sentence pairs: {len(predicted)} "
          f"({len(agrees)} agrees, {len(conflicts)} conflicts)")
    print(f"agrees: recall {len(hit) / max(len(gold_agrees), 1):.3f}  precision "
          f"{len(hit) / max(len(agrees), 1):.3f}   target recall >= 0.55 at precision >= 0.8")
    found = gold_conflicts & set(conflicts)
    print(f"conflicts: found {len(found)} of {len(gold_conflicts)}, precision "
          f"{len(found) / max(len(conflicts), 1):.3f}   target >= 5 of 10 at >= 0.6")
    wrong = gold_conflicts & set(agrees)
    print(f"labelled conflicts called agrees: {len(wrong)}   target 0")
    ranked = sorted(agrees.items(), key=lambda kv: -kv[1]["score"])
    print("agrees precision-recall by score (pairs at or above each score):")
    print("  score  pairs  recall  precision")
    for cut in (0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5, 0.45, 0.4, 0.3, 0.0):
        top = [k for k, v in ranked if v["score"] >= cut]
        if not top:
            continue
        good = len(gold_agrees & set(top))
        print(f"  {cut:5.2f}  {len(top):5d}  {good / max(len(gold_agrees), 1):6.3f}  "
              f"{good / len(top):9.3f}")
    if pairs_out is not None:
        with pairs_out.open("w", encoding="utf-8") as f:
            f.write("event\tpair\tgold\trelation\tscore\twhy\ta\tb\n")
            for key in sorted(set(predicted) | set(labels), key=lambda k: (k[0], sorted(k[1]))):
                link, g = predicted.get(key), labels.get(key)
                f.write("\t".join([key[0][:8], " ".join(sorted(key[1])),
                                   g["relation"] if g else "",
                                   link["relation"] if link else "",
                                   f"{link['score']:.2f}" if link else "",
                                   link["why"] if link else "",
                                   link["a"]["text"] if link else "",
                                   link["b"]["text"] if link else ""]) + "\n")


if __name__ == "__main__":
    main()
