"""The library: a directory with the SQLite store and the Whoosh index, and the operations on it.

Long operations (import, re-indexing) are generators that yield ``Progress`` between steps; the
CLI and the tests run them to the end, the UI runs them in a worker and may cancel between
steps. All writes go through one writer at a time (``WriterLock``).
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

from .errors import ImportFailure, NotFound
from .importers import iter_files, read_path
from .index import Index, index_fields
from .locking import WriterLock
from .model import Extracted, RecordFailure
from .search import SearchResult, Searcher
from .store import DocumentRow, NewDocument, Store
from .text.normalize import normalize
from .text.segment import segment

DB_NAME = "library.sqlite3"
INDEX_DIR = "index"
LOCK_NAME = "write.lock"
TX_DOCS = 256          # documents per SQLite transaction during a batch import
PROGRESS_EVERY = 100   # documents between progress reports inside one collection file
REINDEX_CHUNK = 2000
_WORD = re.compile(r"[^\W\d_]{3,}")   # words for the spelling vocabulary


@dataclass
class Progress:
    """A report between two steps of a long operation."""

    done: int            # steps finished (files for an import, documents for re-indexing)
    total: int           # steps in all (0 when unknown)
    current: str = ""    # the file or document being worked on
    imported: int = 0    # documents written so far
    phase: str = "import"


@dataclass
class ImportReport:
    imported: list[dict] = field(default_factory=list)     # {"id","title","path"}
    unchanged: list[dict] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)
    failed: list[dict] = field(default_factory=list)       # {"path","error"}
    cancelled: bool = False

    def to_json(self) -> dict:
        return {"imported": self.imported, "unchanged": self.unchanged,
                "duplicates": self.duplicates, "failed": self.failed}


def bundled_seeds() -> list[Path]:
    """The sample articles shipped in the package (``seeds/`` in the source tree)."""
    try:
        folder = Path(str(resources.files("reader.seeds")))
    except ModuleNotFoundError:     # run from a source checkout that was never installed
        folder = Path(__file__).resolve().parents[2] / "seeds"
    return sorted(folder.glob("*.txt"))


def make_id(origin: str) -> str:
    return hashlib.blake2b(origin.encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class _Source:
    """One file to import, with how its documents are named."""

    path: Path
    origin: str            # stable identity of the file ("seed:NAME" for the bundled seeds)
    fixed_id: str | None = None


class Library:
    """Open with ``Library(root)``; close with ``close()`` (or use as a context manager)."""

    def __init__(self, root: Path | str, *, lock_timeout: float = 30.0):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.store = Store(self.root / DB_NAME)
        self.lock = WriterLock(self.root / LOCK_NAME, timeout=lock_timeout)
        self.index = Index(self.root / INDEX_DIR)
        if self.index.rebuilt and self.store.count():
            with self.store.transaction():
                self.store.mark_all_unindexed()
        self._searcher: Searcher | None = None
        self._search_lock = threading.Lock()
        self._engine = None
        self.catch_up()

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
        self.index.close()
        self.store.close()

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- reading ------------------------------------------------------------------------------
    def documents(self) -> list[DocumentRow]:
        return self.store.list()

    def get(self, doc_id: str) -> DocumentRow:
        row = self.store.get(doc_id)
        if row is None:
            raise NotFound(f"no document with id {doc_id!r}")
        return row

    def sentences(self, doc_id: str) -> list[tuple[int, int]]:
        return self.store.spans(doc_id, "sentences")

    def paragraphs(self, doc_id: str) -> list[tuple[int, int]]:
        return self.store.spans(doc_id, "paragraphs")

    def search(self, query: str, *, limit: int = 10, sort: str = "relevance") -> SearchResult:
        with self._search_lock:
            if self._searcher is None:
                self._searcher = Searcher(self.index, self.store)
            return self._searcher.search(query, limit=limit, sort=sort)

    # -- import -------------------------------------------------------------------------------
    def import_paths(self, paths: Iterable[Path | str], *,
                     cancel: threading.Event | None = None) -> "ImportJob":
        return ImportJob(self, [_Source(Path(p), "") for p in paths], cancel)

    def seed_if_new(self) -> ImportReport | None:
        """Import the bundled sample articles into a library that has never been seeded."""
        if self.store.get_meta("seeded") is not None or self.store.count():
            return None
        sources = [_Source(p, f"seed:{p.name}", p.stem) for p in bundled_seeds()]
        report = ImportJob(self, sources, None).run()
        with self.lock.hold(), self.store.transaction():
            self.store.set_meta("seeded", "1")
        return report

    # -- cross-references ---------------------------------------------------------------------
    def cross_reference(self, doc_ids: Iterable[str] | None = None, *,
                        cancel: threading.Event | None = None) -> Iterator:
        """Generator: link the claims of ``doc_ids`` (default: every document whose links are
        missing or stale) to the claims of the other documents; yields progress."""
        return self._xref().run(doc_ids, cancel=cancel)

    def links(self, doc_ids: Iterable[str] | None = None, relation: str | None = None,
              min_score: float = 0.0) -> list[tuple]:
        """(a_doc, a_start, a_end, b_doc, b_start, b_end, relation, score, why) rows, without
        the links the user rejected."""
        return self.highlights.visible_links(self.store.links(doc_ids, relation, min_score))

    @cached_property
    def highlights(self):
        """The user's highlights, colour labels and verdicts on links (highlights.py)."""
        from .highlights import Highlights
        return Highlights(self.store)

    def _xref(self):
        if self._engine is None:
            from .xref.engine import CrossReferencer
            self._engine = CrossReferencer(self)
        return self._engine

    # -- removal ------------------------------------------------------------------------------
    def remove(self, ids: Iterable[str]) -> tuple[list[str], list[str]]:
        """Delete documents everywhere. Returns (removed, not_found)."""
        removed, missing = [], []
        with self.lock.hold():
            with self.store.transaction():
                for doc_id in ids:
                    (removed if self.store.delete(doc_id) else missing).append(doc_id)
            self._apply_removals()
        return removed, missing

    # -- keeping the index in step with the store ---------------------------------------------
    def catch_up(self) -> bool:
        """Finish what a killed process left: index removals and unindexed documents.

        Runs only when the writer lock is free right now; returns whether it ran."""
        if not self.store.pending_removals() and not self.store.unindexed(limit=1):
            return True
        try:
            with self.lock.hold(timeout=0.0):
                for _ in self.reindex_job():
                    pass
            return True
        except Exception:   # noqa: BLE001 - busy: the process holding the lock will do it
            return False

    def reindex_job(self) -> Iterator[Progress]:
        """Generator: apply pending removals, then index every document marked unindexed."""
        with self.lock.hold():
            self._apply_removals()
            todo = self.store.unindexed()
            for start in range(0, len(todo), REINDEX_CHUNK):
                chunk = todo[start:start + REINDEX_CHUNK]
                w = self.index.writer()
                try:
                    for row in self.store.index_fields(chunk):
                        w.update_document(**index_fields(*row))
                except BaseException:
                    w.cancel()
                    raise
                w.commit()
                with self.store.transaction():
                    self.store.mark_indexed(chunk)
                yield Progress(start + len(chunk), len(todo), phase="index")

    def _apply_removals(self) -> None:
        pending = self.store.pending_removals()
        if pending:
            self.index.delete(pending)
            with self.store.transaction():
                self.store.clear_removals(pending)


class ImportJob:
    """Iterate to run the import step by step (each step yields Progress); ``report`` holds
    the outcome. ``run()`` does it all at once. ``cancel()`` stops between two documents,
    keeping every document finished so far."""

    def __init__(self, library: Library, sources: Iterable[_Source],
                 cancel: threading.Event | None):
        self.lib = library
        self.sources = sources
        self.report = ImportReport()
        self._cancel = cancel or threading.Event()
        self._writer = None
        self._to_mark: list[str] = []
        self._tx_docs = 0
        self._vocab: Counter = Counter()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> ImportReport:
        for _ in self:
            pass
        return self.report

    def __iter__(self) -> Iterator[Progress]:
        lib = self.lib
        with lib.lock.hold():
            lib._apply_removals()
            files = self._expand()
            total = len(files)
            self._begin()
            try:
                for n, item in enumerate(files):
                    if self._cancel.is_set():
                        self.report.cancelled = True
                        break
                    if isinstance(item, tuple):
                        self._fail(str(item[0]), str(item[1]))
                        continue
                    yield Progress(n, total, str(item.path), len(self.report.imported))
                    yield from self._import_file(item, n, total)
                self._finish()
            except BaseException:
                self._abort()
                raise
            yield Progress(total if not self.report.cancelled else n, total, "",
                           len(self.report.imported), phase="done")

    # -- steps --------------------------------------------------------------------------------
    def _expand(self) -> list:
        out = []
        for src in self.sources:
            if src.origin:          # a bundled seed: already a named file
                out.append(src)
                continue
            for item in iter_files([src.path]):
                if isinstance(item, tuple):
                    out.append(item)
                else:
                    out.append(_Source(item, str(Path(item).resolve())))
        return out

    def _import_file(self, src: _Source, n: int, total: int) -> Iterator[Progress]:
        try:
            for k, item in enumerate(read_path(src.path)):
                if self._cancel.is_set():
                    self.report.cancelled = True
                    return
                if isinstance(item, RecordFailure):
                    self._fail(str(src.path), f"{item.locator}: {item.reason}")
                else:
                    self._import_one(src, item)
                if k and k % PROGRESS_EVERY == 0:
                    yield Progress(n, total, str(src.path), len(self.report.imported))
        except ImportFailure as exc:
            self._fail(str(src.path), str(exc))
        except (OSError, ValueError, UnicodeError) as exc:
            self._fail(str(src.path), f"cannot read: {exc}")

    def _import_one(self, src: _Source, ex: Extracted) -> None:
        store = self.lib.store
        path = str(src.path)
        text = normalize(ex.text, reflow=ex.reflow)
        where = f"{path}: {ex.locator}" if ex.locator else path
        if not text:
            self._fail(where, "no text found")
            return
        origin = src.origin
        if ex.record_id is not None or ex.locator:
            origin = f"{src.origin}#{ex.record_id if ex.record_id is not None else ex.locator}"
        doc_id = ex.record_id or src.fixed_id or make_id(origin)
        digest = content_hash(text)
        entry = {"id": doc_id, "title": ex.title, "path": path}
        existing = store.get(doc_id, with_text=False)
        if existing is not None and existing.origin != origin:
            if existing.content_hash == digest:
                self.report.duplicates.append({**entry, "title": existing.title})
            else:
                self._fail(where, f"id {doc_id!r} is already used by another document "
                                  f"({existing.path or existing.origin})")
            return
        same = store.by_hash(digest)
        if same is not None and same.id != doc_id:
            self.report.duplicates.append({"id": same.id, "title": same.title, "path": path})
            return
        meta = dict(title=ex.title, source=ex.source, author=ex.author, date=ex.date,
                    url=ex.url, tags=list(ex.tags))
        if existing is not None and existing.content_hash == digest and all(
                getattr(existing, k) == v for k, v in meta.items()):
            if existing.path != path:
                with store.transaction():
                    store.touch_path(doc_id, path)
            self.report.unchanged.append(entry)
            return
        seg = segment(text)
        doc = NewDocument(id=doc_id, origin=origin, path=path, content_hash=digest, text=text,
                          paragraphs=seg.paragraphs, sentences=seg.sentences, **meta)
        self._write(doc, update=existing is not None)
        self.report.imported.append(entry)

    # -- the two stores -----------------------------------------------------------------------
    def _begin(self) -> None:
        self._fresh_index = self.lib.index.doc_count() == 0

    def _write(self, doc: NewDocument, *, update: bool) -> None:
        store = self.lib.store
        if self._tx_docs == 0:
            store.transaction_begin()
        store.put(doc)
        self._vocab.update(set(_WORD.findall(doc.text.lower())))
        self._tx_docs += 1
        if self._writer is None:
            self._writer = self.lib.index.writer()
        fields = index_fields(doc.id, doc.title, doc.source, doc.author, doc.date, doc.tags,
                              doc.text)
        if self._fresh_index and not update:
            self._writer.add_document(**fields)
        else:
            self._writer.update_document(**fields)
        self._to_mark.append(doc.id)
        if self._tx_docs >= TX_DOCS:
            self._commit_store()

    def _commit_store(self) -> None:
        if self._tx_docs:
            self.lib.store.add_vocab(self._vocab)
            self.lib.store.transaction_commit()
            self._tx_docs = 0
            self._vocab.clear()

    def _finish(self) -> None:
        """Store first, then index, then record that the index has them (see store.py)."""
        self._commit_store()
        if self._writer is not None:
            self._writer.commit()
            self._writer = None
        if self._to_mark:
            with self.lib.store.transaction():
                self.lib.store.mark_indexed(self._to_mark)
            self._to_mark = []

    def _abort(self) -> None:
        if self._tx_docs:
            self.lib.store.transaction_rollback()
            self._tx_docs = 0
            self._vocab.clear()
        if self._writer is not None:
            self._writer.cancel()
            self._writer = None

    def _fail(self, path: str, error: str) -> None:
        self.report.failed.append({"path": path, "error": error})
