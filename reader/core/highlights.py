"""The user's highlights, colour labels and verdicts on cross-references, kept in the library's
SQLite database (tables in schema.py).

A highlight is a span of a document's normalised text (start, end: Python str indices, end
exclusive) with the same passage as text (quote, prefix, suffix: the W3C TextQuoteSelector),
a colour from a small fixed palette, a note and tags. A cross-reference link can be pinned as a
highlight that keeps its relation and its counterpart passage. When a document's text changes
(a re-import), ``reanchor_document`` moves its highlights (see anchoring.py); one that cannot be
found again is kept with ``orphaned`` set, never dropped.

A verdict on a link (accepted or rejected) is keyed by the text of both passages, not by their
spans, so a rejected link stays hidden after the engine recomputes the links.

Writes happen in ``store.transaction()``; nothing here imports Qt.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable

from .anchoring import check_span, context, reanchor
from .errors import InvalidArgument, NotFound
from .corrections.relabels import link_quotes
from .links import RELATIONS, LinkEnd, LinkRow, link_key

if TYPE_CHECKING:
    from .store import Store

# name → (default label, colour for documents that show it). The names are the stable keys.
PALETTE: dict[str, tuple[str, str]] = {
    "yellow": ("key claim", "#ffe066"),
    "green": ("corroborated", "#8ce99a"),
    "blue": ("context", "#a5d8ff"),
    "pink": ("doubtful", "#ffa8c5"),
    "purple": ("follow up", "#d0bfff"),
}
COLORS = tuple(PALETTE)
DEFAULT_COLOR = "yellow"
DECISIONS = ("accepted", "rejected")
MAX_LABEL = 60

_COLS = ('id, doc_id, start, "end", quote, prefix, suffix, color, note, tags, created, updated, '
         'orphaned, relation, link_doc, link_start, link_end, link_quote, why')


def utc_now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Highlight:
    id: int
    doc_id: str
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    color: str
    note: str = ""
    tags: list[str] = field(default_factory=list)
    created: str = ""
    updated: str = ""
    orphaned: bool = False
    link: LinkEnd | None = None     # the cross-reference it was pinned from (pinned=True)

    def to_json(self) -> dict:
        """The shape of ``reader highlight list --json``."""
        return {"id": self.id, "doc": self.doc_id, "start": self.start, "end": self.end,
                "quote": self.quote, "color": self.color, "note": self.note,
                "tags": list(self.tags), "orphaned": self.orphaned}


@dataclass(frozen=True)
class LinkDecision:
    a_doc: str
    a_quote: str
    b_doc: str
    b_quote: str
    decision: str
    decided: str


def _row(r: tuple) -> Highlight:
    link = LinkEnd(r[13], r[14], r[15], r[16], why=r[18], quote=r[17], pinned=True) \
        if r[13] else None
    return Highlight(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], json.loads(r[9]),
                     r[10], r[11], bool(r[12]), link)


def clean_tags(tags: Iterable[str]) -> list[str]:
    out: list[str] = []
    for t in tags:
        t = " ".join(str(t).split())
        if t and t not in out:
            out.append(t)
    return out


def check_color(color: str) -> str:
    if color not in PALETTE:
        raise InvalidArgument(f"unknown colour {color!r}; choose one of {', '.join(COLORS)}")
    return color


class Highlights:
    """The highlights of one library. ``clock`` gives the timestamps (tests fix it)."""

    def __init__(self, store: "Store", clock: Callable[[], str] = utc_now):
        self.store = store
        self.clock = clock

    # -- reading ------------------------------------------------------------------------------
    def get(self, hid: int) -> Highlight:
        r = self.store.execute(f"SELECT {_COLS} FROM highlights WHERE id = ?", (hid,)).fetchone()
        if r is None:
            raise NotFound(f"no highlight with id {hid!r}")
        return _row(r)

    def list(self, doc_ids: Iterable[str] | None = None, *, color: str | None = None,
             tag: str | None = None, query: str = "", orphaned: bool | None = None
             ) -> list[Highlight]:
        """Highlights by document and position. ``query``: every word must occur in the quote,
        the note or the tags (case-insensitive)."""
        sql, args = f"SELECT {_COLS} FROM highlights WHERE 1", []
        if doc_ids is not None:
            ids = list(doc_ids)
            sql += f" AND doc_id IN ({','.join('?' * len(ids)) or 'NULL'})"
            args += ids
        if color:
            sql += " AND color = ?"
            args.append(color)
        if tag:
            sql += " AND EXISTS (SELECT 1 FROM json_each(highlights.tags) WHERE value = ?)"
            args.append(tag)
        if orphaned is not None:
            sql += " AND orphaned = ?"
            args.append(int(orphaned))
        sql += ' ORDER BY doc_id, start, "end", id'
        out = [_row(r) for r in self.store.execute(sql, args)]
        words = query.casefold().split()
        if words:
            def hay(h: Highlight) -> str:
                return "\n".join([h.quote, h.note, *h.tags]).casefold()
            out = [h for h in out if all(w in hay(h) for w in words)]
        return out

    def tags(self) -> list[str]:
        """Every tag in use, for a filter."""
        rows = self.store.execute("SELECT DISTINCT value FROM highlights, json_each(tags)")
        return sorted((r[0] for r in rows), key=str.casefold)

    def labels(self) -> dict[str, str]:
        """colour name → label, in palette order (the user's labels over the defaults)."""
        own = dict(self.store.execute("SELECT color, label FROM highlight_labels"))
        return {c: own.get(c, default) for c, (default, _) in PALETTE.items()}

    # -- writing ------------------------------------------------------------------------------
    def add(self, doc_id: str, start: int, end: int, *, color: str = DEFAULT_COLOR,
            note: str = "", tags: Iterable[str] = (), link: LinkEnd | None = None
            ) -> Highlight:
        """Raises NotFound (no such document) or InvalidArgument (bad span or colour)."""
        check_color(color)
        doc = self.store.get(doc_id)
        if doc is None:
            raise NotFound(f"no document with id {doc_id!r}")
        check_span(doc.text, start, end, doc_id)
        if link is not None and link.relation not in RELATIONS:
            raise InvalidArgument(f"unknown relation {link.relation!r}")
        prefix, suffix = context(doc.text, start, end)
        return self.restore(doc_id, start, end, doc.text[start:end], prefix, suffix,
                            color=color, note=note, tags=tags, link=link)

    def restore(self, doc_id: str, start: int, end: int, quote: str, prefix: str, suffix: str,
                *, color: str = DEFAULT_COLOR, note: str = "", tags: Iterable[str] = (),
                link: LinkEnd | None = None, orphaned: bool = False,
                created: str | None = None, updated: str | None = None) -> Highlight:
        """Write a highlight as it was (an import of exported annotations): the anchor is
        taken as given; an orphaned one keeps its old span and quote."""
        check_color(color)
        tags = clean_tags(tags)
        now = self.clock()
        lk = link or LinkEnd("", "", 0, 0)
        with self.store.transaction() as db:
            cur = db.execute(
                'INSERT INTO highlights(doc_id, start, "end", quote, prefix, suffix, color, note,'
                ' tags, created, updated, orphaned, relation, link_doc, link_start, link_end,'
                ' link_quote, why) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
                (doc_id, start, end, quote, prefix, suffix, color, note,
                 json.dumps(tags, ensure_ascii=False), created or now, updated or now,
                 int(orphaned), lk.relation, lk.doc_id, lk.start, lk.end, lk.quote, lk.why))
            hid = cur.lastrowid
        return self.get(hid)

    def update(self, hid: int, *, color: str | None = None, note: str | None = None,
               tags: Iterable[str] | None = None) -> Highlight:
        """Change what is given; the span stays."""
        h = self.get(hid)
        if color is not None:
            check_color(color)
        new = (color if color is not None else h.color, note if note is not None else h.note,
               clean_tags(tags) if tags is not None else h.tags)
        if new == (h.color, h.note, h.tags):
            return h
        with self.store.transaction() as db:
            db.execute("UPDATE highlights SET color = ?, note = ?, tags = ?, updated = ? "
                       "WHERE id = ?", (new[0], new[1], json.dumps(new[2], ensure_ascii=False),
                                        self.clock(), hid))
        return self.get(hid)

    def remove(self, hids: Iterable[int]) -> tuple[list[int], list[int]]:
        """Delete highlights. Returns (removed, not_found)."""
        removed, missing = [], []
        with self.store.transaction() as db:
            for hid in hids:
                cur = db.execute("DELETE FROM highlights WHERE id = ?", (hid,))
                (removed if cur.rowcount else missing).append(hid)
        return removed, missing

    def set_label(self, color: str, label: str) -> None:
        """Name a colour ("" gives it back its default label)."""
        check_color(color)
        label = " ".join(label.split())
        if len(label) > MAX_LABEL:
            raise InvalidArgument(f"a label has at most {MAX_LABEL} characters")
        with self.store.transaction() as db:
            if not label or label == PALETTE[color][0]:
                db.execute("DELETE FROM highlight_labels WHERE color = ?", (color,))
            else:
                db.execute("INSERT INTO highlight_labels(color, label) VALUES (?, ?) "
                           "ON CONFLICT(color) DO UPDATE SET label = excluded.label",
                           (color, label))

    # -- cross-references ---------------------------------------------------------------------
    def pin_link(self, link: LinkRow, *, doc_id: str | None = None,
                 color: str = DEFAULT_COLOR, note: str = "", tags: Iterable[str] = ()
                 ) -> Highlight:
        """Pin a link of ``Library.links()`` as a highlight on its passage in ``doc_id``
        (default: its first document), keeping the relation and the other passage."""
        if doc_id is not None and not link.touches(doc_id):
            raise InvalidArgument(f"the link does not touch document {doc_id!r}")
        here, end = link.seen_from(doc_id or link.a_doc)
        other = self.store.get(end.doc_id)
        if other is None:
            raise NotFound(f"no document with id {end.doc_id!r}")
        check_span(other.text, end.start, end.end, end.doc_id)
        # the why is kept as the engine wrote it (as exports of pinned links always showed it)
        pinned = LinkEnd(link.relation, end.doc_id, end.start, end.end, why=link.why,
                         quote=other.text[end.start:end.end], pinned=True)
        return self.add(*here, color=color, note=note, tags=tags, link=pinned)

    def decide(self, link: LinkRow, decision: str | None) -> None:
        """Accept or reject a link of ``Library.links()``; None forgets the verdict."""
        quotes = link_quotes(self.store, link)
        self.set_decision(link.a_doc, quotes[0], link.b_doc, quotes[1], decision)

    def set_decision(self, a_doc: str, a_quote: str, b_doc: str, b_quote: str,
                     decision: str | None, decided: str | None = None) -> None:
        if decision is not None and decision not in DECISIONS:
            raise InvalidArgument(f"unknown decision {decision!r}; use accepted or rejected")
        key = link_key(a_doc, a_quote, b_doc, b_quote)
        with self.store.transaction() as db:
            if decision is None:
                db.execute("DELETE FROM link_decisions WHERE key = ?", (key,))
                return
            db.execute("INSERT INTO link_decisions VALUES (?,?,?,?,?,?,?) ON CONFLICT(key) DO "
                       "UPDATE SET decision = excluded.decision, decided = excluded.decided",
                       (key, a_doc, a_quote, b_doc, b_quote, decision, decided or self.clock()))

    def decision(self, link: LinkRow) -> str | None:
        """"accepted", "rejected" or None for a link."""
        a_quote, b_quote = link_quotes(self.store, link)
        key = link_key(link.a_doc, a_quote, link.b_doc, b_quote)
        r = self.store.execute("SELECT decision FROM link_decisions WHERE key = ?",
                               (key,)).fetchone()
        return r[0] if r else None

    def decisions(self, doc_ids: Iterable[str] | None = None) -> list[LinkDecision]:
        rows = [LinkDecision(*r) for r in self.store.execute(
            "SELECT a_doc, a_quote, b_doc, b_quote, decision, decided FROM link_decisions "
            "ORDER BY a_doc, b_doc, a_quote, b_quote")]
        if doc_ids is not None:
            ids = set(doc_ids)
            rows = [d for d in rows if d.a_doc in ids or d.b_doc in ids]
        return rows

    def visible_links(self, rows: list[LinkRow]) -> list[LinkRow]:
        """The links without those the user rejected."""
        rejected = list(self.store.execute(
            "SELECT key, a_doc, b_doc FROM link_decisions WHERE decision = 'rejected'"))
        if not rejected or not rows:
            return rows
        keys = {k for k, _, _ in rejected}
        docs = {d for _, a, b in rejected for d in (a, b)}
        texts = {d: r.text for d, r in self.store.get_many(docs, with_text=True).items()}

        def hidden(r: LinkRow) -> bool:
            if r.a_doc not in texts or r.b_doc not in texts:
                return False
            return link_key(r.a_doc, texts[r.a_doc][r.a_start:r.a_end], r.b_doc,
                            texts[r.b_doc][r.b_start:r.b_end]) in keys
        return [r for r in rows if not hidden(r)]


@dataclass
class Anchor:
    """Where a passage was, as ``reanchor`` reads it (span, quote and its context)."""
    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""


def reanchor_document(store: "Store", doc_id: str, text: str) -> tuple[int, int]:
    """Move the highlights of ``doc_id`` (and the pinned counterparts in it) onto its new
    ``text``; call inside the transaction that writes the text. Returns (anchored, orphaned)."""
    anchored = orphaned = 0
    if not store.execute("SELECT 1 FROM highlights WHERE doc_id = ? OR link_doc = ? LIMIT 1",
                         (doc_id, doc_id)).fetchone():
        return 0, 0
    rows = list(store.execute(f"SELECT {_COLS} FROM highlights WHERE doc_id = ?", (doc_id,)))
    for h in map(_row, rows):
        pos = reanchor(h, text)
        if pos is None:
            orphaned += 1
            if not h.orphaned:
                store.execute("UPDATE highlights SET orphaned = 1 WHERE id = ?", (h.id,))
            continue
        anchored += 1
        s, e = pos
        prefix, suffix = context(text, s, e)
        store.execute('UPDATE highlights SET start = ?, "end" = ?, quote = ?, prefix = ?, '
                      'suffix = ?, orphaned = 0 WHERE id = ?',
                      (s, e, text[s:e], prefix, suffix, h.id))
    rows = list(store.execute("SELECT id, link_start, link_end, link_quote FROM highlights "
                              "WHERE link_doc = ? AND relation != ''", (doc_id,)))
    for hid, s, e, quote in rows:
        pos = reanchor(Anchor(s, e, quote), text)
        if pos is not None:      # else the counterpart keeps the quote it had
            store.execute("UPDATE highlights SET link_start = ?, link_end = ?, link_quote = ? "
                          "WHERE id = ?", (pos[0], pos[1], text[pos[0]:pos[1]], hid))
    return anchored, orphaned
