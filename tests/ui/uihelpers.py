"""Builders shared by the window tests: the seeded library's ids and links, and a window
built by the composition root (reader.app.build_window) over a given library and settings."""

from __future__ import annotations

from reader.core.library import Library

SEED_000 = "000_e7277f4b1b896bba"
SEED_002 = "002_674a3aba9f60fef1"
SEED_003 = "003_a7cd122e480457df"

def sentence_with(lib: Library, doc_id: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """The span of the ``nth`` sentence of ``doc_id`` that contains ``needle``."""
    text = lib.get(doc_id).text
    found = [(s, e) for s, e in lib.sentences(doc_id) if needle in text[s:e]]
    return found[nth]


def add_links(lib: Library) -> None:
    """Links between the seeds as the cross-referencing engine would store them (until the
    engine's scorer is available everywhere, the UI tests use these fixed rows)."""
    c000a = sentence_with(lib, SEED_000, "1,500", 0)
    c000b = sentence_with(lib, SEED_000, "1,500", 1)
    c003a = sentence_with(lib, SEED_003, "14,000")
    c003b = sentence_with(lib, SEED_003, "17,000", 0)
    c003c = sentence_with(lib, SEED_003, "deployment of North Korean troops")
    c002a = sentence_with(lib, SEED_002, "thousands of troops")
    c000c = sentence_with(lib, SEED_000, "deepening ties")
    rows = [
        (SEED_000, *c000a, SEED_003, *c003a, "conflicts", 0.71,
         "troops: 1,500 vs 14,000; shared: North, Korean, troops"),
        (SEED_000, *c000b, SEED_003, *c003b, "conflicts", 0.64,
         "troops: 1,500 vs 17,000; shared: North, Korean, deployment"),
        (SEED_000, *c000c, SEED_002, *c002a, "agrees", 0.78, "shared: North, Korea, Russia"),
        (SEED_000, *c000c, SEED_003, *c003c, "related", 0.52, "shared: North, Korean, Russia"),
        (SEED_002, *c002a, SEED_003, *c003c, "agrees", 0.69, "shared: North, Korean, troops"),
    ]
    from reader.core.xref.thresholds import engine_version
    hashes = lib.store.hashes()
    with lib.lock.hold(), lib.store.transaction():
        lib.store.add_links(rows)
        for doc_id in hashes:
            lib.store.set_claims(doc_id, lib.sentences(doc_id))
            lib.store.set_xref_state(doc_id, hashes[doc_id], engine_version())



def make_window(qtbot, library, settings, start: bool = True):
    from reader.app import application, build_window
    application()
    window, writes, reads = build_window(library, settings, xref_on_start=False)
    qtbot.addWidget(window)
    if start:
        window.start()
    window.show()
    qtbot.waitExposed(window)
    window._test_queues = (writes, reads)
    return window


def close_window(window) -> None:
    """Stop the window's work and deliver what it already reported, while it still exists."""
    from PySide6.QtCore import QCoreApplication

    from reader.ui.work.worker import shutdown_all
    shutdown_all(*window._test_queues)
    for _ in range(3):
        QCoreApplication.processEvents()
