"""Regenerate docs/examples/: an export of the sample articles (seeds 000, 002, 003) with a few
highlights of a reader's and every cross-reference Reader found (kind "all"), in Markdown,
HTML, CSV and JSON (W3C Web Annotations).

    python benchmarks/make_examples.py                  # writes docs/examples/seeds-export.*
    python benchmarks/make_examples.py --out /tmp/ex

Works in a temporary library; timestamps are fixed so that the files change only when the
export or the engine does.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reader.core.export import FORMATS, write_export  # noqa: E402
from reader.core.library import Library  # noqa: E402

CLOCK = "2024-11-20T09:30:00Z"
SEED_000 = "000_e7277f4b1b896bba"
SEED_002 = "002_674a3aba9f60fef1"
SEED_003 = "003_a7cd122e480457df"


def span(lib: Library, doc_id: str, needle: str) -> tuple[int, int]:
    start = lib.get(doc_id).text.index(needle)
    return start, start + len(needle)


def annotate(lib: Library) -> None:
    """What a fact-checker might mark on the three seeds."""
    hl = lib.highlights
    hl.clock = lambda: CLOCK
    hl.set_label("purple", "quote in report")
    hl.add(SEED_000, *span(lib, SEED_000, "1,500 North Korean special forces soldiers are being "
                                          "deployed to the frontlines of the conflict"),
           color="pink", tags=["troops", "figures"],
           note="Attributed to South Korean intelligence; the other two sources give far "
                "larger numbers.")
    hl.add(SEED_000, *span(lib, SEED_000, "around 1 million Russian soldiers have been killed "
                                          "or wounded since the invasion began"),
           color="blue", tags=["casualties"], note="Source of the estimate not named.")
    hl.add(SEED_002, *span(lib, SEED_002, "North Korea's commitment to send thousands of "
                                          "troops"),
           color="green", tags=["troops"], note="Vague, but consistent with the Reuters figures.")
    hl.add(SEED_002, *span(lib, SEED_002, "a sharing of advanced military technologies"),
           color="purple")
    conflict = next(r for r in lib.links(relation="conflicts")
                    if r[3] == SEED_003 and "17,000" in lib.get(SEED_003).text[r[4]:r[5]])
    hl.pin_link(conflict, doc_id=SEED_003, color="yellow", tags=["troops", "to check"],
                note="Which figure is right? Ask the desk before quoting either.")
    hl.add(SEED_003, *span(lib, SEED_003, "millions of artillery shells shipped in 64 voyages "
                                          "over 20 months"),
           color="yellow", tags=["munitions"])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "examples")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, Library(Path(tmp) / "lib") as lib:
        lib.seed_if_new()
        for _ in lib.cross_reference():
            pass
        annotate(lib)
        for fmt in FORMATS:
            path = write_export(lib, args.out / f"seeds-export.{fmt}", fmt, kind="all",
                                force=True)
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
