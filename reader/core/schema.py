"""Every table of the library's SQLite database, and how an older library is brought up to date.

``SCHEMA_VERSION`` is the version this code writes; ``create(db)`` makes the tables of a new
library (and any a library of an older version lacks) and ``migrate(db, version)`` runs the steps
from ``version`` up, in the caller's transaction. A library written by a newer Reader is refused
(``store.Store`` says so) rather than changed.

Versions:
- 2: documents, spans, claims, links, cross-referencing state, highlights, labels, verdicts.
- 3: a link keeps the fact and both values of a conflict (``links.fact``, ``a_value``,
  ``b_value``), read once from the whys of the links already stored.
- 4: the same text may be kept twice when two outlets published it (the content hash is no
  longer unique), and ``copies`` records the documents that are (near-)copies of one another.
- 5: ``meta_edits`` keeps the user's edits of a document's title, source, author, date and url,
  which a re-import of its file applies again (core/meta/); ``made_links`` holds the links the
  user made by hand and ``link_relabels`` the user's relation for a link the engine made
  (core/corrections/). New tables only: ``create`` adds them to an older library.
- 6: ``story_pairs`` holds the document pairs the engine judges on one story (their TF-IDF
  cosine), written with the links (core/stories/pairs.py); an older library is cross-referenced
  again to fill it. ``stories`` and ``story_documents`` keep the stories the user made
  (core/stories/made.py).
"""

from __future__ import annotations

import sqlite3

from .links import legacy_values

SCHEMA_VERSION = 6

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    id           TEXT PRIMARY KEY,
    title        TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL DEFAULT '',
    author       TEXT NOT NULL DEFAULT '',
    date         TEXT NOT NULL DEFAULT '',
    url          TEXT NOT NULL DEFAULT '',
    tags         TEXT NOT NULL DEFAULT '[]',
    path         TEXT NOT NULL DEFAULT '',
    origin       TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    text         TEXT NOT NULL,
    words        INTEGER NOT NULL,
    imported_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    indexed      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS documents_by_hash ON documents(content_hash);
CREATE UNIQUE INDEX IF NOT EXISTS documents_origin ON documents(origin);
CREATE INDEX IF NOT EXISTS documents_unindexed ON documents(indexed) WHERE indexed = 0;
CREATE TABLE IF NOT EXISTS paragraphs (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    n      INTEGER NOT NULL,
    start  INTEGER NOT NULL,
    "end"  INTEGER NOT NULL,
    PRIMARY KEY (doc_id, n)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sentences (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    n      INTEGER NOT NULL,
    start  INTEGER NOT NULL,
    "end"  INTEGER NOT NULL,
    PRIMARY KEY (doc_id, n)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS claims (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    n      INTEGER NOT NULL,
    start  INTEGER NOT NULL,
    "end"  INTEGER NOT NULL,
    PRIMARY KEY (doc_id, n)
) WITHOUT ROWID;
-- One row per unordered pair of claims in different documents: (a_doc, a_start) < (b_doc, b_start)
-- (links.LinkRow). A conflict of values keeps the fact and both values as data.
CREATE TABLE IF NOT EXISTS links (
    a_doc    TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    a_start  INTEGER NOT NULL,
    a_end    INTEGER NOT NULL,
    b_doc    TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    b_start  INTEGER NOT NULL,
    b_end    INTEGER NOT NULL,
    relation TEXT NOT NULL,
    score    REAL NOT NULL,
    why      TEXT NOT NULL DEFAULT '',
    fact     TEXT NOT NULL DEFAULT '',
    a_value  TEXT NOT NULL DEFAULT '',
    b_value  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (a_doc, a_start, a_end, b_doc, b_start, b_end)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS links_b ON links(b_doc);
-- Which documents have been cross-referenced, for which text and by which engine version.
CREATE TABLE IF NOT EXISTS xref_state (
    doc_id       TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    content_hash TEXT NOT NULL,
    engine       TEXT NOT NULL
) WITHOUT ROWID;
-- Documents that are (near-)copies of one article (syndicated, republished): one row per
-- unordered pair, a_doc < b_doc, where ``share`` is the part of the shorter one's text found in the
-- other (xref/copies.py). Written by the engine with the links.
CREATE TABLE IF NOT EXISTS copies (
    a_doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    b_doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    share REAL NOT NULL,
    PRIMARY KEY (a_doc, b_doc)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS copies_b ON copies(b_doc);
-- Documents the engine judges on one story: one row per unordered pair, a_doc < b_doc, with their
-- TF-IDF cosine (at least Thresholds.same_story). Written by the engine with the links, and stories
-- are grouped from them (core/stories/found.py).
CREATE TABLE IF NOT EXISTS story_pairs (
    a_doc  TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    b_doc  TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    cosine REAL NOT NULL,
    PRIMARY KEY (a_doc, b_doc)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS story_pairs_b ON story_pairs(b_doc);
CREATE TABLE IF NOT EXISTS vocab (
    word TEXT PRIMARY KEY,
    df   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pending_removals (
    doc_id TEXT PRIMARY KEY
);
-- The user's highlights (highlights.py): the span, and the same passage as text with some context
-- (W3C TextQuoteSelector) to find it again when the text changes (orphaned = 1 when it could not).
CREATE TABLE IF NOT EXISTS highlights (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id     TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    quote      TEXT NOT NULL,
    prefix     TEXT NOT NULL DEFAULT '',
    suffix     TEXT NOT NULL DEFAULT '',
    color      TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    tags       TEXT NOT NULL DEFAULT '[]',
    created    TEXT NOT NULL,
    updated    TEXT NOT NULL,
    orphaned   INTEGER NOT NULL DEFAULT 0,
    relation   TEXT NOT NULL DEFAULT '',
    link_doc   TEXT NOT NULL DEFAULT '',
    link_start INTEGER NOT NULL DEFAULT 0,
    link_end   INTEGER NOT NULL DEFAULT 0,
    link_quote TEXT NOT NULL DEFAULT '',
    why        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS highlights_doc ON highlights(doc_id, start);
CREATE INDEX IF NOT EXISTS highlights_link ON highlights(link_doc) WHERE link_doc != '';
CREATE TABLE IF NOT EXISTS highlight_labels (
    color TEXT PRIMARY KEY,
    label TEXT NOT NULL
) WITHOUT ROWID;
-- The user's verdict on a cross-reference, keyed by both passages' text (not their spans), so
-- that it holds when the engine recomputes the links.
CREATE TABLE IF NOT EXISTS link_decisions (
    key      TEXT PRIMARY KEY,
    a_doc    TEXT NOT NULL,
    a_quote  TEXT NOT NULL,
    b_doc    TEXT NOT NULL,
    b_quote  TEXT NOT NULL,
    decision TEXT NOT NULL,
    decided  TEXT NOT NULL
);
-- The user's edits of a document's metadata (core/meta/): the documents row holds the edited
-- value, and a re-import of the file applies it again over what the file says.
CREATE TABLE IF NOT EXISTS meta_edits (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    field  TEXT NOT NULL,
    value  TEXT NOT NULL,
    edited TEXT NOT NULL,
    PRIMARY KEY (doc_id, field)
) WITHOUT ROWID;
-- Links the user made by hand (core/corrections/made.py): both passages as a span with its quote
-- and context, moved when a text changes (orphaned = 1 when one of them could not be found
-- again). (a_doc, a_start) < (b_doc, b_start), as in links. The engine never writes here.
CREATE TABLE IF NOT EXISTS made_links (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    a_doc    TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    a_start  INTEGER NOT NULL,
    a_end    INTEGER NOT NULL,
    a_quote  TEXT NOT NULL,
    a_prefix TEXT NOT NULL DEFAULT '',
    a_suffix TEXT NOT NULL DEFAULT '',
    b_doc    TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    b_start  INTEGER NOT NULL,
    b_end    INTEGER NOT NULL,
    b_quote  TEXT NOT NULL,
    b_prefix TEXT NOT NULL DEFAULT '',
    b_suffix TEXT NOT NULL DEFAULT '',
    relation TEXT NOT NULL,
    note     TEXT NOT NULL DEFAULT '',
    created  TEXT NOT NULL,
    updated  TEXT NOT NULL,
    orphaned INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS made_links_a ON made_links(a_doc);
CREATE INDEX IF NOT EXISTS made_links_b ON made_links(b_doc);
-- The user's relation for a link the engine made, keyed like link_decisions (both passages'
-- text), so that it holds when the engine recomputes the links.
CREATE TABLE IF NOT EXISTS link_relabels (
    key      TEXT PRIMARY KEY,
    a_doc    TEXT NOT NULL,
    a_quote  TEXT NOT NULL,
    b_doc    TEXT NOT NULL,
    b_quote  TEXT NOT NULL,
    relation TEXT NOT NULL,
    decided  TEXT NOT NULL
);
-- The stories the user made (core/stories/made.py): a title and its documents in the user's
-- order (removing a document takes it out of its stories).
CREATE TABLE IF NOT EXISTS stories (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    title   TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS story_documents (
    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    doc_id   TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    n        INTEGER NOT NULL,
    PRIMARY KEY (story_id, doc_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS story_documents_doc ON story_documents(doc_id);
"""


def create(db: sqlite3.Connection) -> None:
    """The tables and indexes, where missing (every statement is IF NOT EXISTS)."""
    for stmt in _SCHEMA.split(";"):
        if stmt.strip():
            db.execute(stmt)


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in db.execute(f"PRAGMA table_info({table})")}


def migrate(db: sqlite3.Connection, version: int) -> None:
    """Bring a library of schema ``version`` up to SCHEMA_VERSION (after ``create``), in the
    caller's transaction."""
    if version < 3:
        have = _columns(db, "links")
        for col in ("fact", "a_value", "b_value"):
            if col not in have:
                db.execute(f"ALTER TABLE links ADD COLUMN {col} TEXT NOT NULL DEFAULT ''")
        rows = db.execute('SELECT a_doc, a_start, a_end, b_doc, b_start, b_end, why FROM links '
                          "WHERE relation = 'conflicts' AND fact = ''").fetchall()
        values = [(legacy_values(r[6]), r[:6]) for r in rows]
        db.executemany("UPDATE links SET fact = ?, a_value = ?, b_value = ? WHERE a_doc = ? AND "
                       'a_start = ? AND a_end = ? AND b_doc = ? AND b_start = ? AND b_end = ?',
                       [(*v, *key) for v, key in values if v[0]])
    if version < 4:
        db.execute("DROP INDEX IF EXISTS documents_hash")
    if version < 6:     # story_pairs is written by cross-referencing: have it run again
        db.execute("DELETE FROM xref_state")
