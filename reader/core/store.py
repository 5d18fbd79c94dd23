"""Access to the library's SQLite database (the tables are in schema.py): documents, their
normalised text, paragraph/sentence/claim spans, links and the cross-referencing state.

SQLite is the source of truth. The Whoosh index (``index.py``) is derived from it and can be
rebuilt from it at any time: a document row carries ``indexed = 0`` until the index has committed
it, and ``pending_removals`` lists ids whose index entries still have to go.

Every write happens inside one transaction (``with store.transaction():``), so a process killed
at any moment leaves either the whole document or none of it.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import quote

from . import schema
from .errors import ReadOnlyLibrary
from .links import LinkRow

META_COLUMNS = ("id", "title", "source", "author", "date", "url", "path")


@dataclass
class DocumentRow:
    """One document as stored. ``text`` is the normalised text all spans point into."""

    id: str
    title: str
    source: str
    author: str
    date: str
    url: str
    path: str
    origin: str
    content_hash: str
    words: int
    tags: list[str] = field(default_factory=list)
    text: str = ""

    def meta(self) -> dict:
        return {k: getattr(self, k) for k in META_COLUMNS}


@dataclass
class NewDocument:
    """Everything needed to write one document."""

    id: str
    origin: str
    path: str
    content_hash: str
    text: str
    paragraphs: list[tuple[int, int]]
    sentences: list[tuple[int, int]]
    title: str = ""
    source: str = ""
    author: str = ""
    date: str = ""
    url: str = ""
    tags: list[str] = field(default_factory=list)

    @property
    def words(self) -> int:
        return len(self.text.split())


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that only reads: through the write-ahead log where SQLite can read it on
    this medium, else the file as it is (a library closed cleanly has no log)."""
    uri = f"file:{quote(str(path.resolve()))}"
    db = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None,
                         check_same_thread=False)
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        db.close()
        db = sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None,
                             check_same_thread=False)
    db.execute("PRAGMA query_only=ON")
    return db


class Store:
    """Thin, explicit access to the library database."""

    def __init__(self, path: Path, *, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        # One connection per thread: the UI reads on the GUI thread while its worker writes.
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._all_lock = threading.Lock()
        if read_only:
            version = self.get_meta("schema_version")
            if version != str(schema.SCHEMA_VERSION):
                raise ReadOnlyLibrary(f"the library at {self.path.parent} is read-only and was "
                                      f"written by another version of Reader (schema {version})")
            return
        with self.transaction() as db:
            schema.create(db)
            version = self.get_meta("schema_version")
            if version is not None and int(version) > schema.SCHEMA_VERSION:
                raise RuntimeError(f"the library was written by a newer Reader (schema {version})")
            if version is not None and int(version) < schema.SCHEMA_VERSION:
                schema.migrate(db, int(version))
            if version is None or int(version) < schema.SCHEMA_VERSION:
                self.set_meta("schema_version", str(schema.SCHEMA_VERSION))

    @property
    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            # isolation_level=None: transactions are exactly the blocks that ask for one.
            if self.read_only:
                db = _connect_read_only(self.path)
            else:
                db = sqlite3.connect(self.path, isolation_level=None, timeout=30.0,
                                     check_same_thread=False)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA foreign_keys=ON")
            self._local.db = db
            self._local.in_tx = False
            with self._all_lock:
                self._all.append(db)
        return db

    def close(self) -> None:
        with self._all_lock:
            for db in self._all:
                db.close()
            self._all.clear()
        self._local = threading.local()

    # -- transactions -------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT; ROLLBACK on any exception. Nested use joins the outer one."""
        db = self._db
        if self._local.in_tx:
            yield db
            return
        self.transaction_begin()
        try:
            yield db
        except BaseException:
            self.transaction_rollback()
            raise
        self.transaction_commit()

    # For a batch that spans many steps of a generator (see library.ImportJob).
    def transaction_begin(self) -> None:
        if self.read_only:
            raise ReadOnlyLibrary(f"the library at {self.path.parent} is read-only: nothing "
                                  "can be changed in it")
        self._db.execute("BEGIN IMMEDIATE")
        self._local.in_tx = True

    def transaction_commit(self) -> None:
        self._db.execute("COMMIT")
        self._local.in_tx = False

    def transaction_rollback(self) -> None:
        self._local.in_tx = False
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")

    # -- meta ---------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT INTO meta(key, value) VALUES (?, ?) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    # -- reads --------------------------------------------------------------------------------
    def execute(self, sql: str, args: Iterable = ()) -> sqlite3.Cursor:
        """A read on this thread's connection (writes belong inside ``transaction()``)."""
        return self._db.execute(sql, tuple(args))

    _ROW_COLS = "id, title, source, author, date, url, path, origin, content_hash, words, tags"

    def _row(self, r: tuple, text: str = "") -> DocumentRow:
        return DocumentRow(*r[:10], tags=json.loads(r[10]), text=text)

    def count(self) -> int:
        return self._db.execute("SELECT count(*) FROM documents").fetchone()[0]

    def get(self, doc_id: str, *, with_text: bool = True) -> DocumentRow | None:
        cols = self._ROW_COLS + (", text" if with_text else "")
        r = self._db.execute(f"SELECT {cols} FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if r is None:
            return None
        return self._row(r, r[11] if with_text else "")

    def get_many(self, ids: Iterable[str], *, with_text: bool = False) -> dict[str, DocumentRow]:
        ids = list(ids)
        out: dict[str, DocumentRow] = {}
        cols = self._ROW_COLS + (", text" if with_text else "")
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for r in self._db.execute(f"SELECT {cols} FROM documents WHERE id IN ({marks})", chunk):
                out[r[0]] = self._row(r, r[11] if with_text else "")
        return out

    def list(self) -> list[DocumentRow]:
        rows = self._db.execute(f"SELECT {self._ROW_COLS} FROM documents "
                                "ORDER BY date DESC, title COLLATE NOCASE, id")
        return [self._row(r) for r in rows]

    def by_hash(self, content_hash: str) -> list[DocumentRow]:
        """The documents with this text (more than one when several outlets published it)."""
        rows = self._db.execute(f"SELECT {self._ROW_COLS} FROM documents WHERE content_hash = ?"
                                " ORDER BY rowid", (content_hash,))
        return [self._row(r) for r in rows]

    def spans(self, doc_id: str, table: str) -> list[tuple[int, int]]:
        if table not in ("paragraphs", "sentences", "claims"):
            raise ValueError(table)
        rows = self._db.execute(f'SELECT start, "end" FROM {table} WHERE doc_id = ? ORDER BY n',
                                (doc_id,))
        return [(s, e) for s, e in rows]

    def unindexed(self, limit: int | None = None) -> list[str]:
        sql = "SELECT id FROM documents WHERE indexed = 0"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [r[0] for r in self._db.execute(sql)]

    def pending_removals(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT doc_id FROM pending_removals")]

    def index_fields(self, ids: Iterable[str]) -> Iterator[tuple]:
        """(id, title, source, author, date, tags, text) for (re)indexing."""
        ids = list(ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            yield from self._db.execute(
                "SELECT id, title, source, author, date, tags, text FROM documents "
                f"WHERE id IN ({marks})", chunk)

    # -- writes (call inside a transaction) ---------------------------------------------------
    def put(self, doc: NewDocument) -> None:
        """Insert a document, or replace the one with the same id (its spans too)."""
        db = self._db
        self._forget_copies(doc.id)
        for table in ("paragraphs", "sentences", "claims", "xref_state"):
            db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc.id,))
        db.execute("DELETE FROM links WHERE a_doc = ? OR b_doc = ?", (doc.id, doc.id))
        db.execute(
            "INSERT INTO documents(id, title, source, author, date, url, tags, path, origin,"
            " content_hash, text, words, indexed) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,0) "
            "ON CONFLICT(id) DO UPDATE SET title=excluded.title, source=excluded.source,"
            " author=excluded.author, date=excluded.date, url=excluded.url, tags=excluded.tags,"
            " path=excluded.path, origin=excluded.origin, content_hash=excluded.content_hash,"
            " text=excluded.text, words=excluded.words, indexed=0,"
            " updated_at=strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
            (doc.id, doc.title, doc.source, doc.author, doc.date, doc.url,
             json.dumps(doc.tags, ensure_ascii=False), doc.path, doc.origin, doc.content_hash,
             doc.text, doc.words))
        db.executemany('INSERT INTO paragraphs(doc_id, n, start, "end") VALUES (?,?,?,?)',
                       [(doc.id, n, s, e) for n, (s, e) in enumerate(doc.paragraphs)])
        db.executemany('INSERT INTO sentences(doc_id, n, start, "end") VALUES (?,?,?,?)',
                       [(doc.id, n, s, e) for n, (s, e) in enumerate(doc.sentences)])
        db.execute("DELETE FROM pending_removals WHERE doc_id = ?", (doc.id,))

    def add_vocab(self, df: dict[str, int]) -> None:
        """Add document frequencies of surface words (used for spelling suggestions)."""
        self._db.executemany("INSERT INTO vocab(word, df) VALUES (?, ?) "
                             "ON CONFLICT(word) DO UPDATE SET df = df + excluded.df",
                             df.items())

    def vocab(self) -> dict[str, int]:
        return dict(self._db.execute("SELECT word, df FROM vocab"))

    def vocab_size(self) -> int:
        return self._db.execute("SELECT count(*) FROM vocab").fetchone()[0]

    # -- cross-references ---------------------------------------------------------------------
    def xref_state(self) -> dict[str, tuple[str, str]]:
        """doc id → (content hash, engine version) of its last cross-referencing."""
        return {d: (h, e) for d, h, e in
                self._db.execute("SELECT doc_id, content_hash, engine FROM xref_state")}

    def hashes(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT id, content_hash FROM documents"))

    def set_claims(self, doc_id: str, spans: list[tuple[int, int]]) -> None:
        self._db.execute("DELETE FROM claims WHERE doc_id = ?", (doc_id,))
        self._db.executemany('INSERT INTO claims(doc_id, n, start, "end") VALUES (?,?,?,?)',
                             [(doc_id, n, s, e) for n, (s, e) in enumerate(spans)])

    def set_xref_state(self, doc_id: str, content_hash: str, engine: str) -> None:
        self._db.execute("INSERT INTO xref_state(doc_id, content_hash, engine) VALUES (?,?,?) "
                         "ON CONFLICT(doc_id) DO UPDATE SET content_hash = excluded.content_hash,"
                         " engine = excluded.engine", (doc_id, content_hash, engine))

    def first_imported(self, doc_ids: Iterable[str]) -> list[str]:
        """``doc_ids`` in the order they were first imported."""
        ids = list(doc_ids)
        found: list[tuple[int, str]] = []
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            found += self._db.execute(f"SELECT rowid, id FROM documents WHERE id IN ({marks})",
                                      chunk).fetchall()
        return [d for _, d in sorted(found)]

    def copies(self, doc_id: str | None = None) -> dict[str, list[str]]:
        """doc id → the ids of the documents that are copies of it (of ``doc_id`` only, or of
        every document that has copies)."""
        sql, args = "SELECT a_doc, b_doc FROM copies", ()
        if doc_id is not None:
            sql, args = sql + " WHERE a_doc = ? OR b_doc = ?", (doc_id, doc_id)
        out: dict[str, list[str]] = {}
        for a, b in self._db.execute(sql, args):
            out.setdefault(a, []).append(b)
            out.setdefault(b, []).append(a)
        return {d: sorted(v) for d, v in out.items()}

    def set_copies(self, pairs: Iterable[tuple[str, str, float]],
                   doc_ids: Iterable[str] | None = None) -> None:
        """Replace the copies recorded for ``doc_ids`` (None: for every document)."""
        if doc_ids is None:
            self._db.execute("DELETE FROM copies")
        else:
            self._db.executemany("DELETE FROM copies WHERE a_doc = ? OR b_doc = ?",
                                 [(d, d) for d in doc_ids])
        self._db.executemany("INSERT OR REPLACE INTO copies(a_doc, b_doc, share) VALUES (?,?,?)",
                             [(min(a, b), max(a, b), s) for a, b, s in pairs])

    def delete_links(self, doc_ids: Iterable[str] | None = None) -> None:
        if doc_ids is None:
            self._db.execute("DELETE FROM links")
            return
        self._db.executemany("DELETE FROM links WHERE a_doc = ? OR b_doc = ?",
                             [(d, d) for d in doc_ids])

    _LINK_FIELDS = LinkRow._fields[:LinkRow._fields.index("by")]   # the engine's: its columns
    _LINK_COLS = ", ".join(_LINK_FIELDS)

    def add_links(self, rows: Iterable[LinkRow]) -> None:
        n = len(self._LINK_FIELDS)
        self._db.executemany(f"INSERT OR REPLACE INTO links({self._LINK_COLS}) "
                             f"VALUES ({','.join('?' * n)})", (tuple(r[:n]) for r in rows))

    def links(self, doc_ids: Iterable[str] | None = None, relation: str | None = None,
              min_score: float = 0.0) -> list[LinkRow]:
        sql = f"SELECT {self._LINK_COLS} FROM links WHERE score >= ?"
        args: list = [min_score]
        if relation:
            sql += " AND relation = ?"
            args.append(relation)
        if doc_ids is not None:
            ids = list(doc_ids)
            marks = ",".join("?" * len(ids)) or "NULL"
            sql += f" AND (a_doc IN ({marks}) OR b_doc IN ({marks}))"
            args += ids + ids
        sql += " ORDER BY a_doc, a_start, b_doc, b_start"
        return [LinkRow(*r) for r in self._db.execute(sql, args)]

    def touch_path(self, doc_id: str, path: str) -> None:
        self._db.execute("UPDATE documents SET path = ? WHERE id = ?", (path, doc_id))

    def _forget_copies(self, doc_id: str) -> None:
        """The copies of a document that changes or goes are cross-referenced again (another
        copy may now carry the links, copies.py)."""
        self._db.execute("DELETE FROM xref_state WHERE doc_id IN (SELECT b_doc FROM copies WHERE"
                         " a_doc = ? UNION SELECT a_doc FROM copies WHERE b_doc = ?)",
                         (doc_id, doc_id))

    def delete(self, doc_id: str) -> bool:
        """Delete the document and its spans; its index entry is queued in pending_removals."""
        self._forget_copies(doc_id)
        cur = self._db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        if cur.rowcount:
            self._db.execute("INSERT OR IGNORE INTO pending_removals(doc_id) VALUES (?)", (doc_id,))
        return bool(cur.rowcount)

    def mark_indexed(self, ids: Iterable[str]) -> None:
        self._db.executemany("UPDATE documents SET indexed = 1 WHERE id = ?", [(i,) for i in ids])

    def mark_all_unindexed(self) -> None:
        self._db.execute("UPDATE documents SET indexed = 0")

    def clear_removals(self, ids: Iterable[str]) -> None:
        self._db.executemany("DELETE FROM pending_removals WHERE doc_id = ?", [(i,) for i in ids])
