"""Editing a document's metadata. The edited values go into the document's row (so that the
list, search, exports and citations read them like any other) and into ``meta_edits`` as the
user's overrides: a re-import of the same file would otherwise put back what the file says, so
the importer applies them again (``ingest``). The document is re-indexed in the same
transaction: a failure anywhere leaves the store and the index as they were."""

from __future__ import annotations

from contextlib import suppress
from typing import Callable

from ..errors import NotFound
from ..locking import WriterLock
from ..store import DocumentRow, Store
from .fields import validate

_NOW = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"


def overrides(store: Store, doc_id: str) -> dict[str, str]:
    """field → value of the user's edits of ``doc_id``."""
    return dict(store.execute("SELECT field, value FROM meta_edits WHERE doc_id = ?",
                              (doc_id,)))


def _row(store: Store, doc_id: str) -> DocumentRow:
    row = store.get(doc_id, with_text=False)
    if row is None:
        raise NotFound(f"no document with id {doc_id!r}")
    return row


def edit(store: Store, lock: WriterLock, reindex: Callable[[list[str]], None], doc_id: str,
         changes: dict[str, str | None]) -> DocumentRow:
    """Set the given fields of ``doc_id`` (None: leave it) and return the document as it is
    now. ``reindex`` is the library's own path to the index (``Ingest.index_stored``). Raises
    NotFound, or InvalidArgument for a value that cannot be stored; either changes nothing."""
    _row(store, doc_id)
    values = validate(changes)
    with lock.hold():
        row = _row(store, doc_id)
        changed = {k: v for k, v in values.items() if getattr(row, k) != v}
        if changed:
            _write(store, reindex, doc_id, changed)
    return _row(store, doc_id)


def _write(store: Store, reindex: Callable[[list[str]], None], doc_id: str,
           changed: dict[str, str]) -> None:
    """The row, the overrides and the index entry, committed together: the index commits
    inside the store's transaction, and when anything fails once the index was written to,
    the store rolls back and the index is written again from the values the store kept."""
    index_touched = False
    try:
        with store.transaction() as db:
            cols = ", ".join(f"{k} = ?" for k in changed)      # names checked by validate()
            db.execute(f"UPDATE documents SET {cols}, updated_at = {_NOW} WHERE id = ?",
                       (*changed.values(), doc_id))
            db.executemany("INSERT INTO meta_edits(doc_id, field, value, edited) VALUES "
                           f"(?, ?, ?, {_NOW}) ON CONFLICT(doc_id, field) DO UPDATE SET "
                           "value = excluded.value, edited = excluded.edited",
                           [(doc_id, k, v) for k, v in changed.items()])
            # days in the text are read against the date, and a conflict's why names the
            # outlet ("1,500 (… , EuropeNews) vs …"): either edited, the links are made again
            if changed.keys() & {"date", "source"}:
                db.execute("DELETE FROM xref_state WHERE doc_id = ?", (doc_id,))
            index_touched = True
            reindex([doc_id])
    except BaseException:
        if index_touched:
            store.transaction_rollback()
            with suppress(Exception):   # the error that stopped the edit is the one to report
                reindex([doc_id])
        raise
