"""Getting documents into the library and keeping its two stores in step.

- ``ImportJob``: files and web pages → extracted text → normalised text, paragraphs and
  sentences → the store and the index, as a generator yielding ``Progress`` that can be
  cancelled between documents. Web pages are downloaded first (``importers/fetch.py``), before
  the writer lock is taken: a slow server never holds the library. A document whose text
  changed moves the user's highlights onto its new text (``highlights.reanchor_document``) in
  the transaction that writes it.
- ``Ingest``: the operations that write the store and the index together under the library's
  one writer lock: imports, removals, and catching up with what a killed process left (index
  removals still pending, documents stored but not yet indexed).

SQLite is the source of truth; the index follows it (``store.py``).
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .errors import ImportFailure
from .importers import iter_files, read_path
from .importers.fetch import WebPage
from .index import Index, index_fields
from .locking import WriterLock
from .meta import overrides
from .model import Extracted, RecordFailure
from .store import NewDocument, Store
from .text.normalize import clean_field, normalize
from .text.segment import segment

TX_DOCS = 256          # documents per SQLite transaction during a batch import
PROGRESS_EVERY = 100   # documents between progress reports inside one collection file
REINDEX_CHUNK = 2000
# Input this large is indexed on both cores (helper_process.py): the helper process costs
# about 0.3 s of the second core to start, nothing of the first.
HELPER_MIN_BYTES = 2_000_000
HELPER_MIN_DOCS = 500
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


def _input_bytes(files: list) -> int:
    total = 0
    for item in files:
        if isinstance(item, Source):
            try:
                total += os.stat(item.path).st_size
            except OSError:
                pass
    return total


def make_id(origin: str) -> str:
    return hashlib.blake2b(origin.encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()


def _outlet(source: str) -> str:
    return " ".join(source.split()).casefold()


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class Source:
    """One file to import, with how its documents are named."""

    path: Path
    origin: str = ""       # stable identity of the file ("seed:NAME" for the bundled seeds;
    #                        "" for a file named by its resolved path)
    fixed_id: str | None = None

    def read(self) -> Iterator:
        return read_path(self.path)


class Ingest:
    """Writes that touch the store and the index together, one writer at a time."""

    def __init__(self, store: Store, index: Index, lock: WriterLock):
        self.store = store
        self.index = index
        self.lock = lock
        self.helper_min_bytes = HELPER_MIN_BYTES   # tests lower these to run the helper
        self.helper_min_docs = HELPER_MIN_DOCS

    def import_job(self, sources: Iterable[Source],
                   cancel: threading.Event | None = None) -> "ImportJob":
        return ImportJob(self, sources, cancel)

    def remove(self, ids: Iterable[str]) -> tuple[list[str], list[str]]:
        """Delete documents everywhere. Returns (removed, not_found)."""
        removed, missing = [], []
        with self.lock.hold():
            with self.store.transaction():
                for doc_id in ids:
                    (removed if self.store.delete(doc_id) else missing).append(doc_id)
            self.apply_removals()
        return removed, missing

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
            self.apply_removals()
            todo = self.store.unindexed()
            for start in range(0, len(todo), REINDEX_CHUNK):
                chunk = todo[start:start + REINDEX_CHUNK]
                self.index_stored(chunk, helper=len(chunk) >= self.helper_min_docs)
                with self.store.transaction():
                    self.store.mark_indexed(chunk)
                yield Progress(start + len(chunk), len(todo), phase="index")

    def index_stored(self, ids: list[str], *, helper: bool = False) -> None:
        """(Re)index the stored documents ``ids`` in one commit."""
        w = self.index.writer(helper=helper)
        try:
            for row in self.store.index_fields(ids):
                w.update_document(**index_fields(*row))
        except BaseException:
            w.cancel()
            raise
        self.commit_writer(w)

    def commit_writer(self, writer) -> None:
        """Commits an index writer; what a failed indexing helper left out is indexed here,
        in this process, before the caller marks the documents indexed."""
        writer.commit()
        if getattr(writer, "left_out", None):
            self.index_stored(writer.left_out)

    def apply_removals(self) -> None:
        pending = self.store.pending_removals()
        if pending:
            self.index.delete(pending)
            with self.store.transaction():
                self.store.clear_removals(pending)


class ImportJob:
    """Iterate to run the import step by step (each step yields Progress); ``report`` holds
    the outcome. ``run()`` does it all at once. ``cancel()`` stops between two documents,
    keeping every document finished so far."""

    def __init__(self, ingest: "Ingest", sources: Iterable[Source],
                 cancel: threading.Event | None = None):
        self.ingest = ingest
        self.sources = sources
        self.report = ImportReport()
        self._cancel = cancel or threading.Event()
        self._writer = None
        self._to_mark: list[str] = []
        self._tx_docs = 0
        self._vocab: Counter = Counter()
        self._helper = False

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> ImportReport:
        for _ in self:
            pass
        return self.report

    def __iter__(self) -> Iterator[Progress]:
        sources = yield from self._fetch()
        with self.ingest.lock.hold():
            self.ingest.apply_removals()
            files = self._expand(sources)
            total = len(files)
            self._helper = _input_bytes(files) >= self.ingest.helper_min_bytes
            self._begin()
            n = 0
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
    def _fetch(self) -> Iterator[Progress]:
        """Download the web pages among the sources; returns the sources with each page
        fetched, or replaced by (address, ImportFailure)."""
        sources = list(self.sources)
        pages = [n for n, src in enumerate(sources) if isinstance(src, WebPage)]
        for k, n in enumerate(pages):
            yield Progress(k, len(pages), sources[n].url, phase="fetch")
            try:
                if self._cancel.is_set() or not sources[n].fetch(self._cancel):
                    self.report.cancelled = True
                    break
            except ImportFailure as exc:
                sources[n] = (sources[n].url, exc)
        return [s for s in sources if not isinstance(s, WebPage) or s.origin]

    def _expand(self, sources: list) -> list:
        out = []
        for src in sources:
            if isinstance(src, tuple) or src.origin:   # a page's failure, a page, a seed
                out.append(src)
                continue
            for item in iter_files([src.path]):
                if isinstance(item, tuple):
                    out.append(item)
                else:
                    out.append(Source(item, str(Path(item).resolve())))
        return out

    def _import_file(self, src: Source, n: int, total: int) -> Iterator[Progress]:
        try:
            for k, item in enumerate(src.read()):
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

    def _import_one(self, src: Source, ex: Extracted) -> None:
        store = self.ingest.store
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
        meta = dict(title=clean_field(ex.title), source=clean_field(ex.source),
                    author=clean_field(ex.author), date=clean_field(ex.date),
                    url=clean_field(ex.url),
                    tags=[t for t in map(clean_field, ex.tags) if t])
        if existing is not None:    # what the user edited stays as edited (meta/)
            meta.update(overrides(store, doc_id))
            entry["title"] = meta["title"]
        # The same text again is a duplicate, unless another outlet published it: then it is
        # kept as a copy (the engine records it in ``copies``), so that no outlet is lost.
        same = [d for d in store.by_hash(digest) if d.id != doc_id
                and _outlet(d.source) == _outlet(meta["source"])]
        if same:
            self.report.duplicates.append({"id": same[0].id, "title": same[0].title,
                                           "path": path})
            return
        if existing is not None and getattr(src, "undated", False):
            meta["date"] = existing.date        # the day the page was first fetched
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
        self._fresh_index = self.ingest.index.doc_count() == 0

    def _write(self, doc: NewDocument, *, update: bool) -> None:
        store = self.ingest.store
        if self._tx_docs == 0:
            store.transaction_begin()
        store.put(doc)
        # the highlights that point into it (highlights.py, loaded here and not at start-up:
        # with rapidfuzz it would cost `reader search` its start)
        from .corrections import reanchor_made
        from .highlights import reanchor_document
        reanchor_document(store, doc.id, doc.text)
        reanchor_made(store, doc.id, doc.text)          # the links made by hand, too
        self._vocab.update(set(_WORD.findall(doc.text.lower())))
        self._tx_docs += 1
        if self._writer is None:
            self._writer = self.ingest.index.writer(helper=self._helper)
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
            self.ingest.store.add_vocab(self._vocab)
            self.ingest.store.transaction_commit()
            self._tx_docs = 0
            self._vocab.clear()

    def _finish(self) -> None:
        """Store first, then index, then record that the index has them (see store.py)."""
        self._commit_store()
        if self._writer is not None:
            self.ingest.commit_writer(self._writer)
            self._writer = None
        if self._to_mark:
            with self.ingest.store.transaction():
                self.ingest.store.mark_indexed(self._to_mark)
            self._to_mark = []

    def _abort(self) -> None:
        """Undo what this run has not committed; the error that stopped it is what the caller
        sees (a second one here, on a full disk, would hide it)."""
        if self._tx_docs:
            try:
                self.ingest.store.transaction_rollback()
            except Exception:   # noqa: BLE001 - SQLite rolls back by itself when it cannot
                pass
            self._tx_docs = 0
            self._vocab.clear()
        if self._writer is not None:
            try:
                self._writer.cancel()
            except Exception:   # noqa: BLE001
                pass
            self._writer = None

    def _fail(self, path: str, error: str) -> None:
        self.report.failed.append({"path": path, "error": error})
