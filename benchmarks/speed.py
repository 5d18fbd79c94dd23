"""Import and search speed on real corpora. Prints figures; asserts nothing.

    python benchmarks/speed.py            # BBC + Reuters, search latency, CLI start-up
    python benchmarks/speed.py --quick    # BBC only

Reads ../shared/data/corpora (relative to the repository root). Each import runs into a fresh
temporary library, through the same code path as `reader import`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "corpora"
sys.path.insert(0, str(ROOT))

from reader.core.library import Library  # noqa: E402

QUERIES = [
    "troops", "oil prices", '"interest rates"', "election AND labour", "bank OR banks",
    "market*", "title:profit", "growth NOT china", '"prime minister"~2', "coffee exports",
    "film award", "gold", "trade deficit", "chancellor budget", "shares fell", "music",
    "title:\"oil prices\"", "date:[1987-03-01 to 1987-03-31]", "mobile phone", "wheat",
]


def peak_rss_mb() -> float:
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def helper_rss_mb() -> float:
    """The largest peak RSS of the helper processes (indexing, scoring) so far."""
    import resource
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def timed_import(lib: Library, path: Path) -> tuple[float, int]:
    t = time.perf_counter()
    report = lib.import_paths([path]).run()
    return time.perf_counter() - t, len(report.imported)


def timed_xref(lib: Library, ids=None, phases: dict | None = None) -> float:
    """Seconds; with ``phases``, the seconds spent in each phase the engine reports."""
    t = last = time.perf_counter()
    phase = "start"
    for p in lib.cross_reference(ids):
        if phases is not None and p.phase != phase:
            now = time.perf_counter()
            phases[phase] = phases.get(phase, 0.0) + now - last
            phase, last = p.phase, now
    if phases is not None:
        phases[phase] = phases.get(phase, 0.0) + time.perf_counter() - last
    return time.perf_counter() - t


def folder_against_recoll(bbc: Path, tmp: Path) -> None:
    """BBC News as 2,225 .txt files: `reader import DIR` (with its cross-referencing) against
    `recollindex` on the same folder, side by side (Debian: apt-get install recoll)."""
    import json
    import shutil
    import subprocess
    folder = tmp / "bbc_txt"
    folder.mkdir()
    for line in bbc.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        (folder / (d["id"].replace("/", "_") + ".txt")).write_text(
            f"{d.get('title', '')}\n\n{d['body']}", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "READER_LIBRARY"}
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "reader", "--library", str(tmp / "folder_lib"),
                    "import", str(folder)], check=True, capture_output=True, env=env,
                   cwd=str(ROOT))
    ours = time.perf_counter() - t
    line = (f"`reader import` of the BBC folder (2,225 .txt files, with cross-referencing): "
            f"{ours:.2f} s")
    if shutil.which("recollindex") is None:
        print(line + "; recollindex not installed (apt-get install recoll) for the comparison")
        return
    conf = tmp / "recoll"
    conf.mkdir()
    (conf / "recoll.conf").write_text(f"topdirs = {folder}\n", encoding="utf-8")
    t = time.perf_counter()
    subprocess.run(["recollindex", "-c", str(conf)], check=True, capture_output=True)
    theirs = time.perf_counter() - t
    print(f"{line}; recollindex on the same folder: {theirs:.2f} s; ratio {ours / theirs:.1f}x "
          "(target <= 3x). Where the time goes: the import and xref lines above")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="BBC only")
    args = ap.parse_args()
    bbc = DATA / "bbc_news.jsonl"
    reuters = DATA / "reuters21578.jsonl"
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        lines = bbc.read_text(encoding="utf-8").splitlines()
        held_out = Path(tmp) / "new_article.jsonl"      # one article that arrives later
        held_out.write_text(lines[-1] + "\n", encoding="utf-8")
        bbc_most = Path(tmp) / "bbc_most.jsonl"
        bbc_most.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")

        lib = Library(Path(tmp) / "bbc")
        secs, n = timed_import(lib, bbc)
        words = sum(d.words for d in lib.documents())
        print(f"import BBC: {n} articles, {words / 1e6:.2f} M words in {secs:.2f} s "
              f"({n / secs:.0f} articles/s)")
        claims = 0
        phases: dict[str, float] = {}
        secs = timed_xref(lib, phases=phases)
        claims = lib.store._db.execute("SELECT count(*) FROM claims").fetchone()[0]
        sentences = lib.store._db.execute("SELECT count(*) FROM sentences").fetchone()[0]
        print(f"xref BBC: {sentences} sentences, {claims} claims, {len(lib.links())} links "
              f"in {secs:.2f} s")
        print("  by phase: " + ", ".join(f"{k} {v:.2f} s" for k, v in phases.items()))
        folder_against_recoll(bbc, Path(tmp))
        lib.close()
        if args.quick:
            print(f"peak RSS of this benchmark process: {peak_rss_mb():.0f} MB")
            return
        lib = Library(Path(tmp) / "both")
        timed_import(lib, bbc_most)
        secs_r, n_r = timed_import(lib, reuters)
        print(f"import Reuters-21578 on top: {n_r} articles in {secs_r:.2f} s "
              f"({n_r / secs_r:.0f} articles/s)")
        print(f"library: {lib.store.count()} documents")
        rss_before = peak_rss_mb()
        secs = timed_xref(lib)
        print(f"xref of the whole {lib.store.count()}-document library: {secs:.1f} s, "
              f"{len(lib.links())} links; peak RSS {peak_rss_mb():.0f} MB "
              f"(before: {rss_before:.0f} MB; largest helper process: "
              f"{helper_rss_mb():.0f} MB)")
        report = lib.import_paths([held_out]).run()
        new_id = report.imported[0]["id"]
        secs = timed_xref(lib, [new_id])
        print(f"one new article cross-referenced against {lib.store.count() - 1} documents: "
              f"{secs * 1000:.0f} ms, {len(lib.links([new_id]))} links")
        for q in QUERIES:                       # warm-up: open the searcher, fill caches
            lib.search(q)
        times, counts = [], []
        for _ in range(5):
            for q in QUERIES:
                t = time.perf_counter()
                res = lib.search(q, limit=10)
                times.append((time.perf_counter() - t) * 1000)
                counts.append(len(res.hits))
        times.sort()
        p50 = statistics.median(times)
        p95 = times[int(len(times) * 0.95) - 1]
        print(f"search in-process over {len(QUERIES)} queries x5 (limit 10, with snippets): "
              f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms; "
              f"queries with hits {sum(1 for c in counts[:len(QUERIES)] if c)}/{len(QUERIES)}")
        lib.close()
        cli = []
        env = dict(os.environ, READER_LIBRARY=str(Path(tmp) / "both"))
        for q in QUERIES[:10]:
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "reader", "search", q, "--json"], env=env,
                           check=True, stdout=subprocess.DEVNULL)
            cli.append(time.perf_counter() - t)
        print(f"`reader search` whole process: median {statistics.median(cli):.2f} s, "
              f"max {max(cli):.2f} s")
        print(f"peak RSS of this benchmark process: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
