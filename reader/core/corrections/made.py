"""Links the user made by hand between passages of two documents (the ``made_links`` table).

A made link is two anchored passages (a span with its quote and context, as a highlight keeps
one: anchoring.py) and a relation, with an optional note. The engine never writes the table, so
cross-referencing again keeps them. When a document's text changes, ``reanchor_made`` moves
its passages; a link whose passage cannot be found again is kept and marked orphaned (not shown
among the links, never dropped), and is shown again once both passages are found.

Spans are (start, end): Python str indices into a document's normalised text, end exclusive.
Writes happen in ``store.transaction()``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

from ..anchoring import check_span, context, reanchor
from ..errors import InvalidArgument, NotFound
from ..links import RELATIONS, LinkRow

if TYPE_CHECKING:
    from ..store import Store

MADE_SCORE = 1.0        # a link the user made is as sure as a link can be

_COLS = ("id, a_doc, a_start, a_end, a_quote, a_prefix, a_suffix, b_doc, b_start, b_end, "
         "b_quote, b_prefix, b_suffix, relation, note, created, updated, orphaned")


def utc_now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_relation(relation: str) -> str:
    if relation not in RELATIONS:
        raise InvalidArgument(f"unknown relation {relation!r}; choose one of "
                              f"{', '.join(sorted(RELATIONS))}")
    return relation


@dataclass
class End:
    """One passage of a made link, anchored."""

    doc_id: str
    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""

    def to_json(self) -> dict:
        return {"doc": self.doc_id, "start": self.start, "end": self.end, "text": self.quote}


@dataclass
class MadeLink:
    id: int
    a: End
    b: End
    relation: str
    note: str = ""
    created: str = ""
    updated: str = ""
    orphaned: bool = False

    def row(self) -> LinkRow:
        a, b = self.a, self.b
        return LinkRow(a.doc_id, a.start, a.end, b.doc_id, b.start, b.end, self.relation,
                       MADE_SCORE, by="user", note=self.note)

    def to_json(self) -> dict:
        """The shape of ``reader link add --json`` and ``reader link list --json``."""
        return {"id": self.id, "a": self.a.to_json(), "b": self.b.to_json(),
                "relation": self.relation, "note": self.note, "by": "user",
                "relabelled_from": None, "orphaned": self.orphaned, "created": self.created}


def _made(r: tuple) -> MadeLink:
    return MadeLink(r[0], End(*r[1:7]), End(*r[7:13]), r[13], r[14], r[15], r[16], bool(r[17]))


class MadeLinks:
    """The links made by hand in one library. ``clock`` gives the timestamps (tests fix it)."""

    def __init__(self, store: "Store", clock: Callable[[], str] = utc_now):
        self.store = store
        self.clock = clock

    def get(self, lid: int) -> MadeLink:
        r = self.store.execute(f"SELECT {_COLS} FROM made_links WHERE id = ?", (lid,)).fetchone()
        if r is None:
            raise NotFound(f"no link made by you with id {lid!r}")
        return _made(r)

    def list(self, doc_ids: Iterable[str] | None = None, *, orphaned: bool | None = None
             ) -> list[MadeLink]:
        """By first passage; those touching ``doc_ids`` (all when None)."""
        sql, args = f"SELECT {_COLS} FROM made_links WHERE 1", []
        if doc_ids is not None:
            ids = list(doc_ids)
            marks = ",".join("?" * len(ids)) or "NULL"
            sql += f" AND (a_doc IN ({marks}) OR b_doc IN ({marks}))"
            args += ids + ids
        if orphaned is not None:
            sql += " AND orphaned = ?"
            args.append(int(orphaned))
        sql += " ORDER BY a_doc, a_start, b_doc, b_start, id"
        return [_made(r) for r in self.store.execute(sql, args)]

    def find(self, a: tuple[str, int, int], b: tuple[str, int, int]) -> MadeLink | None:
        """The link made between passages ``a`` and ``b`` ((doc id, start, end), either
        order)."""
        for m in self.list([a[0]]):
            if {(m.a.doc_id, m.a.start, m.a.end), (m.b.doc_id, m.b.start, m.b.end)} == {a, b}:
                return m
        return None

    def rows(self, doc_ids: Iterable[str] | None = None) -> list[LinkRow]:
        """The links to show: those whose passages are both where they were put."""
        return [m.row() for m in self.list(doc_ids, orphaned=False)]

    def add(self, a_doc: str, a_start: int, a_end: int, b_doc: str, b_start: int, b_end: int,
            relation: str, note: str = "") -> MadeLink:
        """Link two passages of two documents. The same two passages again change the
        relation and note of the link already made. Raises NotFound (no such document) or
        InvalidArgument (a bad span or relation, one document twice); then nothing changed."""
        check_relation(relation)
        if a_doc == b_doc:
            raise InvalidArgument("a link joins passages of two different documents; both "
                                  f"are in {a_doc}")
        note = note.strip()
        # the texts are read in the (immediate) transaction that writes: an import changing
        # one of them meanwhile cannot leave a quote of the old text at a span of the new
        with self.store.transaction() as db:
            ends = []
            for doc_id, start, end in ((a_doc, a_start, a_end), (b_doc, b_start, b_end)):
                doc = self.store.get(doc_id)
                if doc is None:
                    raise NotFound(f"no document with id {doc_id!r}")
                check_span(doc.text, start, end, doc_id)
                ends.append(End(doc_id, start, end, doc.text[start:end],
                                *context(doc.text, start, end)))
            a, b = sorted(ends, key=lambda e: (e.doc_id, e.start, e.end))
            old = db.execute('SELECT id FROM made_links WHERE a_doc = ? AND a_start = ? AND '
                             'a_end = ? AND b_doc = ? AND b_start = ? AND b_end = ?',
                             (a.doc_id, a.start, a.end, b.doc_id, b.start, b.end)).fetchone()
            if old is not None:
                lid = old[0]
                db.execute("UPDATE made_links SET relation = ?, note = ?, updated = ? "
                           "WHERE id = ?", (relation, note, self.clock(), lid))
            else:
                lid = self.restore(a, b, relation, note)
        return self.get(lid)

    def restore(self, a: End, b: End, relation: str, note: str = "", *,
                orphaned: bool = False, created: str | None = None) -> int:
        """Write a made link as it was (an import of an export): the anchors as given, ``a``
        before ``b``. Returns its id."""
        now = self.clock()
        with self.store.transaction() as db:
            cur = db.execute(
                f"INSERT INTO made_links({_COLS.partition(', ')[2]}) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (a.doc_id, a.start, a.end, a.quote, a.prefix, a.suffix, b.doc_id, b.start,
                 b.end, b.quote, b.prefix, b.suffix, check_relation(relation), note,
                 created or now, now, int(orphaned)))
            return cur.lastrowid

    def update(self, lid: int, *, relation: str | None = None,
               note: str | None = None) -> MadeLink:
        """Change what is given; the passages stay."""
        m = self.get(lid)
        if relation is not None:
            check_relation(relation)
        new = (relation if relation is not None else m.relation,
               note.strip() if note is not None else m.note)
        if new != (m.relation, m.note):
            with self.store.transaction() as db:
                db.execute("UPDATE made_links SET relation = ?, note = ?, updated = ? "
                           "WHERE id = ?", (*new, self.clock(), lid))
        return self.get(lid)

    def remove(self, lids: Iterable[int]) -> tuple[list[int], list[int]]:
        """Delete made links. Returns (removed, not_found)."""
        removed, missing = [], []
        with self.store.transaction() as db:
            for lid in lids:
                cur = db.execute("DELETE FROM made_links WHERE id = ?", (lid,))
                (removed if cur.rowcount else missing).append(lid)
        return removed, missing


def reanchor_made(store: "Store", doc_id: str, text: str) -> tuple[int, int]:
    """Move the passages of the made links in ``doc_id`` onto its new ``text``; call inside
    the transaction that writes the text. Returns (links shown, links orphaned)."""
    rows = list(store.execute(f"SELECT {_COLS} FROM made_links WHERE a_doc = ? OR b_doc = ?",
                              (doc_id, doc_id)))
    shown = orphaned = 0
    for m in map(_made, rows):
        found = True
        for side, end in (("a", m.a), ("b", m.b)):
            if end.doc_id != doc_id:
                continue
            pos = reanchor(end, text)
            if pos is None:
                found = False
                continue
            s, e = pos
            prefix, suffix = context(text, s, e)
            store.execute(f"UPDATE made_links SET {side}_start = ?, {side}_end = ?, "
                          f"{side}_quote = ?, {side}_prefix = ?, {side}_suffix = ? WHERE id = ?",
                          (s, e, text[s:e], prefix, suffix, m.id))
        other = m.b if m.a.doc_id == doc_id else m.a
        row = store.get(other.doc_id)
        lost = not found or row is None or row.text[other.start:other.end] != other.quote
        store.execute("UPDATE made_links SET orphaned = ? WHERE id = ?", (int(lost), m.id))
        orphaned += lost
        shown += not lost
    return shown, orphaned
