"""The document pairs the engine judges on one story (table ``story_pairs``, schema.py): the
engine writes them with the links, in the same transaction; ``found.py`` groups them.

Functions over a ``store.Store`` (the store module is full; the table belongs to stories)."""

from __future__ import annotations

from typing import Iterable


def set_story_pairs(store, pairs: Iterable[tuple[str, str, float]],
                    doc_ids: Iterable[str] | None = None) -> None:
    """Replace the pairs recorded for ``doc_ids`` (None: for every document) with ``pairs``
    ((doc, doc, cosine)); inside the caller's transaction."""
    if doc_ids is None:
        store.execute("DELETE FROM story_pairs")
    else:
        for d in doc_ids:
            store.execute("DELETE FROM story_pairs WHERE a_doc = ? OR b_doc = ?", (d, d))
    rows = {(min(a, b), max(a, b)): c for a, b, c in pairs if a != b}
    for (a, b), c in rows.items():
        store.execute("INSERT OR REPLACE INTO story_pairs(a_doc, b_doc, cosine) VALUES (?, ?, ?)",
                      (a, b, c))


def story_pairs(store) -> dict[tuple[str, str], float]:
    """(a_doc, b_doc) with a_doc < b_doc → the two documents' cosine."""
    return {(a, b): c for a, b, c in store.execute("SELECT a_doc, b_doc, cosine FROM story_pairs")}
