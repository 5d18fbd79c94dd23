"""Story quality: the stories found, and the rows of a story's matrix against the BASIL gold.

    python benchmarks/story_quality.py [--bbc] [--keep DIR] [--batches]

Imports the BASIL dev articles (../shared/data/basil: 53 events, three outlets each) into a
fresh library and cross-references it, then prints:

1. **Stories found** (``Library.stories``) against the 53 events (``triplet_uuid``): how many
   stories, the largest; purity (per found story, the share of its documents in its commonest
   event, weighted by size) and completeness (per event, the largest share of its documents
   that one story holds); the events found exactly. ``--bbc`` also cross-references BBC News
   (2,225 articles, no events): stories, the largest, and category purity (a story's share in
   its commonest of the five sections, a loose bound: one section holds many stories).
2. **Rows** of ``Library.story_matrix`` for each of the 18 labelled events (gold.dev.jsonl),
   its three documents as the story. Each claim in a row (a cell or a cell's ``also``) stands
   for the BASIL sentence it falls in (``xref_quality.sentence_locator``).
   (a) *agreeing pairs in one row*: the share of gold agreeing sentence pairs whose two
       sentences are together in some row. Target >= 0.7. The ceiling (both sentences hold a
       claim at all) is printed beside it.
   (b) *rows that merge facts*: a gold fact is a connected group of sentences under the gold
       pairs (agrees and conflicts) of one event. A row with at least two cells merges facts
       the gold keeps apart when it holds two sentences that both belong to a gold fact, but
       not to the same one (the gold pairs each with other sentences, and never, even through
       others, with each other). The share of rows with >= 2 cells that do. Target <= 10%.
       Also printed: the same share among rows whose labelled sentences are >= 2, and the
       precision of the rows' cross-source sentence pairs (both labelled: same gold fact).
   (c) *conflicts*: of the gold conflicting pairs, those whose two sentences are in one row,
       and of those the rows marked ``conflicts``.
3. **Speed**: ``Library.story_matrix`` of a 20-document story (the largest BBC story's first 20
   with ``--bbc``, else 20 BASIL documents of seven events, a harder case than one story),
   the first run and the best of 5. Budget 300 ms.

``--keep DIR`` keeps the cross-referenced libraries in DIR and reuses them on the next run.
``--batches`` also imports the articles in batches, each cross-referenced before the next (all
at once, one outlet at a time, 20 batches), and prints the stories found each way.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from xref_quality import load_articles, sentence_locator, to_records  # noqa: E402

DATA = ROOT.parent / "shared" / "data"


def library_of(path: Path, records_file: Path):
    """A cross-referenced library at ``path`` (imported and linked when it is new)."""
    from reader.core.library import Library
    new = not path.exists()
    lib = Library(path)
    if new:
        lib.import_paths([records_file]).run()
        for _ in lib.cross_reference():
            pass
    return lib


def story_report(stories, label: dict[str, str], name: str) -> None:
    """Count, largest, purity and completeness of ``stories`` against ``label`` (doc → class)."""
    sizes = [len(s.doc_ids) for s in stories]
    placed = sum(sizes)
    purity = sum(Counter(label[d] for d in s.doc_ids).most_common(1)[0][1]
                 for s in stories) / max(placed, 1)
    print(f"{name}: {len(stories)} stories of 2+ documents, {placed} of {len(label)} documents "
          f"in one; largest {max(sizes, default=0)}; purity {purity:.3f}")


def event_report(stories, event: dict[str, str]) -> None:
    story_report(stories, event, "BASIL stories")
    members = defaultdict(set)
    for d, e in event.items():
        members[e].add(d)
    best = []
    for e, docs in members.items():
        best.append(max((len(docs & set(s.doc_ids)) for s in stories), default=0) / len(docs))
    exact = sum(1 for s in stories if any(set(s.doc_ids) == m for m in members.values()))
    print(f"  completeness {sum(best) / len(best):.3f} (mean over {len(members)} events); "
          f"events found exactly: {exact} of {len(members)}")


def gold_facts(gold: list[dict]) -> dict[tuple[str, str], tuple[str, str]]:
    """(event, sentence) → its gold fact (a representative sentence of its connected group)."""
    from reader.core.stories.found import connected
    return connected(((g["event"], g["a"]), (g["event"], g["b"])) for g in gold)


def row_report(lib, articles, locate, gold: list[dict]) -> dict:
    from reader.core.library import Library  # noqa: F401  (the library is open already)
    events = sorted({g["event"] for g in gold})
    docs_of = defaultdict(list)
    for a in articles:
        docs_of[a["triplet_uuid"]].append(a["article_id"])
    fact = gold_facts(gold)
    together: set[tuple] = set()            # (event, frozenset of two sentences) in one row
    conflict_rows: set[tuple] = set()
    with_claims: set[tuple] = set()
    rows2 = merged = labelled2 = merged_l = 0
    pair_good = pair_all = 0
    for ev in events:
        m = lib.story_matrix(docs_of[ev])
        for row in m.rows:
            cells = [c for cell in row.cells.values() for c in [cell, *getattr(cell, "also", [])]]
            sents = {locate(c.doc_id, c.start, c.end) for c in cells} - {None}
            with_claims |= {(ev, s) for s in sents}
            for a, b in itertools.combinations(sorted(sents), 2):
                if a.split(":")[0] != b.split(":")[0]:
                    together.add((ev, frozenset((a, b))))
                    if row.status == "conflicts":
                        conflict_rows.add((ev, frozenset((a, b))))
            if len(row.cells) < 2:
                continue
            rows2 += 1
            facts = {fact[(ev, s)] for s in sents if (ev, s) in fact}
            labelled = [s for s in sents if (ev, s) in fact]
            merged += len(facts) > 1
            if len(labelled) >= 2:
                labelled2 += 1
                merged_l += len(facts) > 1
            for a, b in itertools.combinations(labelled, 2):
                if a.split(":")[0] != b.split(":")[0]:
                    pair_all += 1
                    pair_good += fact[(ev, a)] == fact[(ev, b)]
    agrees = [(g["event"], frozenset((g["a"], g["b"]))) for g in gold if g["relation"] == "agrees"]
    conflicts = [(g["event"], frozenset((g["a"], g["b"]))) for g in gold
                 if g["relation"] == "conflicts"]
    hit = sum(k in together for k in agrees) / len(agrees)
    ceiling = sum(all((k[0], s) in with_claims for s in k[1]) for k in agrees) / len(agrees)
    share = merged / max(rows2, 1)
    print(f"rows of {len(events)} labelled events: {rows2} rows with 2+ cells")
    print(f"(a) gold agreeing pairs in one row: {hit:.3f} of {len(agrees)}   target >= 0.7 "
          f"(ceiling: both sentences in some row {ceiling:.3f})")
    print(f"(b) rows that merge facts the gold keeps apart: {merged} of {rows2} = {share:.1%}   "
          f"target <= 10%  (of rows with 2+ labelled sentences: {merged_l} of {labelled2}; "
          f"cross-source labelled pairs in rows of one gold fact: {pair_good} of {pair_all})")
    found = [k for k in conflicts if k in together]
    marked = [k for k in found if k in conflict_rows]
    print(f"(c) gold conflicting pairs in one row: {len(found)} of {len(conflicts)}, "
          f"in a row marked conflicts: {len(marked)}")
    return {"a": hit, "b": share}


def single_linkage(lib) -> None:
    """What connected components of the same pairs would give (the design not taken)."""
    from reader.core.stories.found import connected
    from reader.core.stories.pairs import story_pairs
    sizes = Counter(connected(story_pairs(lib.store)).values())
    print(f"  (single linkage of the same pairs: {len(sizes)} stories, largest "
          f"{max(sizes.values(), default=0)})")


def speed(lib, doc_ids: list[str], what: str) -> None:
    times = []
    for _ in range(5):
        t = time.perf_counter()
        m = lib.story_matrix(doc_ids)
        times.append(time.perf_counter() - t)
    print(f"speed: story_matrix of {len(doc_ids)} documents ({what}): first {times[0] * 1000:.0f}"
          f" ms, best {min(times) * 1000:.0f} ms, {len(m.rows)} rows   budget 300 ms")


def incremental(records: list[dict], event: dict[str, str], tmp: Path) -> None:
    """The stories found when the articles arrive in batches, each cross-referenced before the
    next (the incremental path a user's imports take): all at once, one outlet at a time, and
    in 20 batches."""
    from reader.core.library import Library
    by_outlet: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        by_outlet[r["source"]].append(r)
    members: dict[str, set] = defaultdict(set)
    for d, e in event.items():
        members[e].add(d)
    for name, batches in (("1 batch", [records]), ("by outlet", list(by_outlet.values())),
                          ("20 batches", [records[i::20] for i in range(20)])):
        lib = Library(tmp / name.replace(" ", "-") / "lib")
        for n, batch in enumerate(batches):
            f = tmp / f"{name.replace(' ', '-')}-{n}.jsonl"
            f.write_text("\n".join(json.dumps({k: v for k, v in r.items() if k != "event"})
                                   for r in batch) + "\n", encoding="utf-8")
            lib.import_paths([f]).run()
            for _ in lib.cross_reference():
                pass
        found = lib.stories()
        exact = sum(1 for s in found if any(set(s.doc_ids) == m for m in members.values()))
        print(f"  imported {name}: {len(found)} stories, largest "
              f"{max((len(s.doc_ids) for s in found), default=0)}, events found exactly {exact}")
        lib.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bbc", action="store_true", help="also find the stories of BBC News")
    ap.add_argument("--keep", type=Path, metavar="DIR", help="keep (and reuse) the libraries")
    ap.add_argument("--batches", action="store_true",
                    help="also the stories found when the articles are imported in batches")
    args = ap.parse_args()
    articles = load_articles(DATA / "basil" / "basil_articles.dev.jsonl")
    gold = load_articles(DATA / "basil" / "gold.dev.jsonl")
    records = to_records(articles)
    event = {r["id"]: r["event"] for r in records}
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        src = work / "basil.jsonl"
        src.write_text("\n".join(json.dumps({k: v for k, v in r.items() if k != "event"})
                                 for r in records) + "\n", encoding="utf-8")
        t = time.perf_counter()
        lib = library_of(work / "basil", src)
        print(f"BASIL dev: {len(records)} articles, imported and cross-referenced in "
              f"{time.perf_counter() - t:.1f} s")
        lib.close()
        locate = sentence_locator(work / "basil", articles)
        lib = library_of(work / "basil", src)
        t = time.perf_counter()
        stories = lib.stories()
        print(f"stories found in {(time.perf_counter() - t) * 1000:.0f} ms")
        event_report(stories, event)
        single_linkage(lib)
        row_report(lib, articles, locate, gold)
        if args.batches:
            incremental(records, event, Path(tmp))
        if not args.bbc:
            order = sorted(event, key=lambda d: (event[d], d))[:20]
            speed(lib, order, "BASIL, seven events")
        lib.close()
        if args.bbc:
            bbc_src = work / "bbc.jsonl"
            bbc_src.write_text((DATA / "corpora" / "bbc_news.jsonl").read_text(encoding="utf-8"),
                               encoding="utf-8")
            t = time.perf_counter()
            bbc = library_of(work / "bbc", bbc_src)
            print(f"BBC News: imported and cross-referenced in {time.perf_counter() - t:.1f} s")
            section = {d.id: d.id.split("/")[0] for d in bbc.documents()}
            found = bbc.stories()
            story_report(found, section, "BBC stories")
            single_linkage(bbc)
            print("  sizes:", Counter(len(s.doc_ids) for s in found).most_common())
            speed(bbc, found[0].doc_ids[:20], f"the largest BBC story, of {len(found[0].doc_ids)}")
            bbc.close()


if __name__ == "__main__":
    main()
