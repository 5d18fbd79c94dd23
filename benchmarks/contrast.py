"""Agrees / conflicts / neither on a hand-written contrast set (benchmarks/data/contrast.tsv).

    python benchmarks/contrast.py        # accuracy overall, per phenomenon, conflict precision/recall
    python benchmarks/contrast.py -v     # and every wrong row

Each row of the set is two sentences as two outlets would write them, labelled `agrees` (the same
fact), `conflicts` (the same fact with incompatible values) or `neither` (different facts, or no
basis to say they disagree), and tagged with the phenomenon it tests (quantity, rounding, bounds,
units, names, period, subject, measure, day, time, update, attribution, negation, paraphrase).
The pairs are written to a temporary TAB-separated file and scored with
`reader compare --pairs FILE --json`; its relations `related` and `updates` (a later figure
replacing an earlier one: not the same figure, no contradiction) count as `neither`. Prints figures;
asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data" / "contrast.tsv"
LABELS = ("agrees", "conflicts", "neither")


def load(path: Path) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    head = lines[0].split("\t")
    rows = []
    for n, line in enumerate(lines[1:], 2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != len(head):
            raise SystemExit(f"{path}: line {n}: {len(cells)} fields, expected {len(head)}")
        row = dict(zip(head, cells))
        if row["label"] not in LABELS:
            raise SystemExit(f"{path}: line {n}: unknown label {row['label']!r}")
        rows.append(row)
    return rows


def predict(rows: list[dict]) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        pairs = Path(tmp) / "pairs.tsv"
        pairs.write_text("".join(f"{r['a']}\t{r['b']}\n" for r in rows), encoding="utf-8")
        p = subprocess.run([sys.executable, "-m", "reader", "compare", "--pairs", str(pairs),
                            "--json"], cwd=ROOT, capture_output=True, text=True,
                           encoding="utf-8")
    if p.returncode != 0:
        raise SystemExit(f"reader compare failed ({p.returncode}):\n{p.stderr}")
    out = [json.loads(line) for line in p.stdout.splitlines() if line.strip()]
    if len(out) != len(rows):
        raise SystemExit(f"reader compare gave {len(out)} results for {len(rows)} pairs")
    for o in out:
        o["relation"] = "neither" if o["relation"] in ("related", "updates") else o["relation"]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA, help="the contrast set (TSV)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every wrong row")
    args = ap.parse_args()

    rows = load(args.data)
    for r, o in zip(rows, predict(rows)):
        r["pred"], r["score"] = o["relation"], o["score"]

    right = sum(r["pred"] == r["label"] for r in rows)
    print(f"{args.data.relative_to(ROOT) if args.data.is_relative_to(ROOT) else args.data}: "
          f"{len(rows)} pairs  " + "  ".join(
              f"{lab} {sum(r['label'] == lab for r in rows)}" for lab in LABELS))
    print(f"accuracy: {right / len(rows):.3f} ({right} of {len(rows)})")

    print("\nper phenomenon (label -> predicted, wrong ones only):")
    print(f"  {'phenomenon':12s} {'n':>4s}  {'acc':>5s}  confusions")
    for ph in dict.fromkeys(r["phenomenon"] for r in rows):
        sub = [r for r in rows if r["phenomenon"] == ph]
        ok = sum(r["pred"] == r["label"] for r in sub)
        conf = Counter((r["label"], r["pred"]) for r in sub if r["pred"] != r["label"])
        text = ", ".join(f"{lab}->{pred} {k}" for (lab, pred), k in sorted(conf.items()))
        print(f"  {ph:12s} {len(sub):4d}  {ok / len(sub):5.3f}  {text or '-'}")

    print("\nconfusion matrix over the whole set (rows: label, columns: predicted):")
    print("  " + " " * 10 + "".join(f"{lab:>11s}" for lab in LABELS))
    whole = Counter((r["label"], r["pred"]) for r in rows)
    for lab in LABELS:
        print(f"  {lab:10s}" + "".join(f"{whole[(lab, pred)]:11d}" for pred in LABELS))

    tp = whole[("conflicts", "conflicts")]
    called = sum(whole[(lab, "conflicts")] for lab in LABELS)
    gold = sum(whole[("conflicts", pred)] for pred in LABELS)
    print(f"\nconflicts: precision {tp / called if called else 0:.3f} ({tp} of {called} called), "
          f"recall {tp / gold if gold else 0:.3f} ({tp} of {gold} labelled)")
    print(f"labelled conflicts called agrees: {whole[('conflicts', 'agrees')]}")
    print(f"labelled agrees called conflicts: {whole[('agrees', 'conflicts')]}")

    if args.verbose:
        print("\nwrong rows (phenomenon, label, predicted, score, a, b):")
        for r in rows:
            if r["pred"] != r["label"]:
                print(f"\n  {r['phenomenon']}  {r['label']} -> {r['pred']}  {r['score']:.2f}\n"
                      f"    a: {r['a']}\n    b: {r['b']}")


if __name__ == "__main__":
    main()
