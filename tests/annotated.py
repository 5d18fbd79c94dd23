"""A library of the three seed articles with a fixed set of user highlights, timestamps fixed,
for the export goldens and the command-line tests."""

from __future__ import annotations

from pathlib import Path

from reader.core.links import LinkEnd
from reader.core.library import Library

CLOCK = "2024-11-20T09:30:00Z"
SEED0 = "000_e7277f4b1b896bba"
SEED2 = "002_674a3aba9f60fef1"
SEED3 = "003_a7cd122e480457df"
CLAIM_1500 = ("South Korean intelligence reports indicate that 1,500 North Korean special forces "
              "soldiers are being deployed to the frontlines of the conflict.")
CLAIM_17000 = "North Korea has sent 17,000 combat troops to fight for Russia"


def span(lib: Library, doc_id: str, needle: str) -> tuple[int, int]:
    start = lib.get(doc_id).text.index(needle)
    return start, start + len(needle)


def seeded_library(root: Path) -> Library:
    lib = Library(root)
    lib.seed_if_new()
    return lib


def annotate(lib: Library) -> list[int]:
    """Highlights on seeds 000, 002 and 003, one of them a pinned conflict. Returns their ids."""
    hl = lib.highlights
    hl.clock = lambda: CLOCK
    hl.set_label("purple", "quote in report")
    a0, b0 = span(lib, SEED0, CLAIM_1500)
    ids = [
        hl.add(SEED0, a0, b0, color="yellow", tags=["troops", "figures"],
               note="The figure the other sources dispute.").id,
        hl.add(SEED0, *span(lib, SEED0, "“the only thing that works in war is mathematics”"),
               color="purple").id,
        hl.add(SEED2, *span(lib, SEED2, "North Korea's commitment to send thousands of troops"),
               color="green", tags=["troops"]).id,
        hl.add(SEED3, *span(lib, SEED3, CLAIM_17000 + " in the ongoing conflict in Ukraine."),
               color="pink", tags=["troops", "to check"],
               note="Which figure is right?\nAsk the desk: 1,500 or 17,000.",
               link=LinkEnd("conflicts", SEED0, a0, b0, quote=CLAIM_1500,
                            why="troops: 1,500 vs 17,000", pinned=True)).id,
        hl.add(SEED3, *span(lib, SEED3, "approximately 14,000 North Korean troops"),
               color="blue").id,
    ]
    return ids
