"""The library: a directory with the SQLite store and the Whoosh index, and the one object the
CLI and the window hold. It is a facade: each operation is written in its own module (imports
and removals in ``ingest``, search in ``search``, highlights in ``highlights``, links in
``xref``, the user's corrections to them in ``corrections``, metadata edits in ``meta``) and
only delegated to here.

Long operations (import, re-indexing, cross-referencing) are generators that yield progress
between steps; the CLI and the tests run them to the end, the UI runs them in a worker and may
cancel between steps. All writes go through one writer at a time (``WriterLock``).
"""

from __future__ import annotations

import os
import threading
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

from . import meta
from .errors import NotFound
from .importers.fetch import WebPage, is_web_address
from .index import Index
from .ingest import ImportJob, ImportReport, Ingest, Progress, Source
from .links import LinkRow
from .locking import WriterLock
from .search import SearchResult, Searcher
from .store import DocumentRow, Store

DB_NAME = "library.sqlite3"
INDEX_DIR = "index"
LOCK_NAME = "write.lock"

__all__ = ["Library", "ImportJob", "ImportReport", "Progress", "Source", "WebPage",
           "bundled_seeds", "is_library", "unusable_folder"]


def bundled_seeds() -> list[Path]:
    """The sample articles shipped in the package (``seeds/`` in the source tree)."""
    try:
        folder = Path(str(resources.files("reader.seeds")))
    except ModuleNotFoundError:     # run from a source checkout that was never installed
        folder = Path(__file__).resolve().parents[2] / "seeds"
    return sorted(folder.glob("*.txt"))


def _read_only(root: Path) -> bool:
    """An existing library that this process cannot write to."""
    db = root / DB_NAME
    return db.is_file() and not (os.access(root, os.W_OK) and os.access(db, os.W_OK))


def is_library(root: Path | str) -> bool:
    """Does ``root`` hold a library (its SQLite file)?"""
    return (Path(root) / DB_NAME).is_file()


def unusable_folder(root: Path | str) -> str | None:
    """Why no library can be opened or made in ``root``, in words for people; None when one
    can. A library this process cannot write still opens (read-only), so only making a new one
    needs a folder it can write."""
    root = Path(root)
    if not root.exists():
        return "there is no such folder"
    if not root.is_dir():
        return "it is a file, not a folder"
    if is_library(root):
        readable = os.access(root / DB_NAME, os.R_OK) and os.access(root, os.R_OK | os.X_OK)
        return None if readable else "its library file cannot be read (no permission)"
    if not os.access(root, os.W_OK | os.X_OK):
        return ("the folder cannot be written (a read-only disk, or no permission), so no "
                "library can be made there")
    return None


class Library:
    """Open with ``Library(root)``; close with ``close()`` (or use as a context manager)."""

    def __init__(self, root: Path | str, *, lock_timeout: float = 30.0,
                 read_only: bool | None = None):
        self.root = Path(root)
        # A library that can only be read (a read-only mount, no write permission; or asked
        # for) opens for reading: list, show, search, match, the links as last computed; a
        # write says so. None: read-only when this process cannot write it.
        self.read_only = _read_only(self.root) if read_only is None else read_only
        if not self.read_only:
            self.root.mkdir(parents=True, exist_ok=True)
        self.store = Store(self.root / DB_NAME, read_only=self.read_only)
        self.lock = WriterLock(self.root / LOCK_NAME, timeout=lock_timeout,
                               read_only=self.read_only)
        try:
            self.index = Index(self.root / INDEX_DIR, read_only=self.read_only)
        except BaseException:
            self.store.close()
            raise
        self.ingest = Ingest(self.store, self.index, self.lock)
        self._searcher: Searcher | None = None
        self._search_lock = threading.Lock()
        self._engine = None
        if self.read_only:
            return
        if self.index.rebuilt and self.store.count():
            with self.store.transaction():
                self.store.mark_all_unindexed()
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
                self._searcher = Searcher(self.index, self.store, links=self._searched_links)
            return self._searcher.search(query, limit=limit, sort=sort)

    # -- import and removal -------------------------------------------------------------------
    def import_paths(self, paths: Iterable[Path | str], *,
                     cancel: threading.Event | None = None) -> ImportJob:
        """Import files and folders; a string that is a web address ("https://…") is
        downloaded and imported as a web page."""
        return self.ingest.import_job([WebPage(p) if is_web_address(p) else Source(Path(p))
                                       for p in paths], cancel)

    def import_sources(self, sources: Iterable[Source | WebPage], *,
                       cancel: threading.Event | None = None) -> ImportJob:
        """Import files under names of the caller's choosing (``Source.origin``, ``fixed_id``),
        or web pages with limits of the caller's choosing (``WebPage.limits``)."""
        return self.ingest.import_job(sources, cancel)

    def seed_if_new(self) -> ImportReport | None:
        """Import the bundled sample articles into a library that has never been seeded."""
        if self.read_only or self.store.get_meta("seeded") is not None or self.store.count():
            return None
        sources = [Source(p, f"seed:{p.name}", p.stem) for p in bundled_seeds()]
        report = self.import_sources(sources).run()
        with self.lock.hold(), self.store.transaction():
            self.store.set_meta("seeded", "1")
        return report

    def remove(self, ids: Iterable[str]) -> tuple[list[str], list[str]]:
        """Delete documents everywhere. Returns (removed, not_found)."""
        return self.ingest.remove(ids)

    def catch_up(self) -> bool:
        """Finish what a killed process left (see ``Ingest.catch_up``)."""
        return self.ingest.catch_up()

    def reindex_job(self) -> Iterator[Progress]:
        return self.ingest.reindex_job()

    # -- metadata -----------------------------------------------------------------------------
    def edit_metadata(self, doc_id: str, **changes: str | None) -> DocumentRow:
        """Set some of title, source, author, date, url ("" clears one, but the title; None
        leaves it) and return the document without its text. The edits outlast a re-import of
        its file; a new date sends the document to be cross-referenced again. Raises NotFound
        or InvalidArgument, and then nothing changed (meta/)."""
        return meta.edit(self.store, self.lock, self.ingest.index_stored, doc_id, changes)

    def metadata_edits(self, doc_id: str) -> dict[str, str]:
        """field → value of the user's edits of ``doc_id`` (those a re-import keeps)."""
        return meta.overrides(self.store, doc_id)

    # -- highlights and cross-references ------------------------------------------------------
    @cached_property
    def highlights(self):
        """The user's highlights, colour labels and verdicts on links (highlights.py; loaded
        on first use, with rapidfuzz: `reader search` never needs them)."""
        from .highlights import Highlights
        return Highlights(self.store)

    def cross_reference(self, doc_ids: Iterable[str] | None = None, *,
                        cancel: threading.Event | None = None) -> Iterator:
        """Generator: link the claims of ``doc_ids`` (default: every document whose links are
        missing or stale) to the claims of the other documents; yields progress."""
        return self.engine.run(doc_ids, cancel=cancel)

    @property
    def engine(self):
        """The cross-referencing engine (xref/engine.py), built on first use: `reader search`
        never pays for numpy, scipy or the models."""
        if self._engine is None:
            from .xref.engine import CrossReferencer
            self._engine = CrossReferencer(self)
        return self._engine

    @cached_property
    def corrections(self):
        """The user's corrections to the links: links made by hand, relabels
        (corrections/)."""
        from .corrections import Corrections
        return Corrections(self.store)

    def links(self, doc_ids: Iterable[str] | None = None, relation: str | None = None,
              min_score: float = 0.0) -> list[LinkRow]:
        """The links of those documents (all when None): the engine's, relabelled where the
        user relabelled them, and the user's own, without those the user rejected."""
        rows = self.corrections.apply(self.store.links(doc_ids, None, min_score), doc_ids)
        if relation:
            rows = [r for r in rows if r.relation == relation]
        return self.highlights.visible_links(rows)

    def _searched_links(self) -> list[LinkRow]:
        """The links as ``has:`` and ``linked:`` read them: ``links``, and each of them again
        for every later copy of an article at its end (the engine stores them once, on the
        first copy; the copy shows them: ``links_shown``). Documents only are read: a copy is
        taken to have its first copy's links, as the window shows those on the claims both
        have word for word."""
        rows, copies = self.links(), self.store.copies()
        if not copies:
            return rows
        from .xref.copies import first_copies
        later: dict[str, list[str]] = {}
        for doc, head in first_copies(copies, self.store.first_imported(copies)).items():
            if doc != head:
                later.setdefault(head, []).append(doc)
        out = list(rows)
        for r in rows:
            out += [r._replace(a_doc=d) for d in later.get(r.a_doc, ()) if d != r.b_doc]
            out += [r._replace(b_doc=d) for d in later.get(r.b_doc, ()) if d != r.a_doc]
        return out

    def rejected_links(self, doc_ids: Iterable[str] | None = None) -> list:
        """The links the user rejected (of those documents), the last rejected first
        (corrections.RejectedLink)."""
        from .corrections import resolve_rejected
        decisions = [d for d in self.highlights.decisions(doc_ids) if d.decision == "rejected"]
        docs = {d for v in decisions for d in (v.a_doc, v.b_doc)}
        rows = [r for d in sorted(docs) for r in self._shown(d)]
        return resolve_rejected(self.store, decisions, rows)

    def copies(self, doc_id: str | None = None) -> dict[str, list[str]]:
        """doc id → the ids of its (near-)copies, as the last cross-referencing found them
        (xref/copies.py): of ``doc_id`` only, or of every document that has copies."""
        return self.store.copies(doc_id)

    # -- stories --------------------------------------------------------------------------------
    def stories(self) -> list:
        """The stories the user made (the last made first), then those the engine finds
        (documents it judges on one story, stories/found.py), the largest first."""
        from .stories import find_stories
        from .stories.pairs import story_pairs
        found = find_stories({d.id: d for d in self.documents()}, story_pairs(self.store),
                             self.copies())
        return self.made_stories.list() + found

    @cached_property
    def made_stories(self):
        """The stories the user made (stories/made.py)."""
        from .stories.made import MadeStories
        return MadeStories(self.store, self.lock)

    def story(self, story_id: str):
        """The story (made or found) with that id; NotFound when there is none."""
        if story_id.startswith("u"):
            return self.made_stories.get(story_id)
        for story in self.stories():
            if story.id == story_id:
                return story
        raise NotFound(f"no story with id {story_id!r}")

    def make_story(self, title: str, doc_ids: Iterable[str]):
        """A story of these documents (at least two), made by the user."""
        return self.made_stories.make(title, doc_ids)

    def set_story_documents(self, story_id: str, doc_ids: Iterable[str]):
        """The documents of a story the user made, replaced (at least two)."""
        return self.made_stories.set_documents(story_id, doc_ids)

    def rename_story(self, story_id: str, title: str):
        return self.made_stories.rename(story_id, title)

    def delete_story(self, story_id: str) -> None:
        self.made_stories.delete(story_id)

    def story_matrix(self, doc_ids: Iterable[str]):
        """The matrix (stories.Matrix) of the story made of these documents: one row per fact,
        one column per source. Raises NotFound for an unknown id."""
        from .stories import Story, build_matrix
        from .stories.found import story_id
        from .text.attribution import attribution
        ids = list(dict.fromkeys(doc_ids))
        docs = {d: self.get(d) for d in ids}
        story = Story(story_id(ids), docs[ids[0]].title if ids else "", ids)
        claims = {d: self.store.spans(d, "claims") for d in ids}
        return build_matrix(story, docs, claims, self.links(ids), self.copies(),
                            attribution=attribution, slots=_counted)

    def prepare_stories(self) -> None:
        """Load what a story's matrix needs and compile its patterns (scipy's sparse matrices,
        attribution, quantities) on a made-up pair of claims, so that the first story opens as
        fast as the next: a cold first matrix took 0.34 s, a warm one 0.10 s. For a worker."""
        from .stories.align import likeness
        from .text.attribution import attribution
        texts = ["Officials said 1,500 troops were sent on Monday, according to the ministry.",
                 "About 14,000 troops went, the army said."]
        likeness([("a", 0, len(texts[0])), ("b", 0, len(texts[1]))], texts, [],
                 [_counted(t) for t in texts])
        for text in texts:
            attribution(text)

    def links_shown(self, doc_id: str) -> list[LinkRow]:
        """The links to show on ``doc_id``: its own and, where it is a later copy of an article,
        those of the first copy on the claims both have (word for word), moved onto this one
        (the engine stores them once, on the first copy: xref/copies.py); with the user's
        corrections, as ``links``."""
        return self.highlights.visible_links(self._shown(doc_id))

    def _shown(self, doc_id: str) -> list[LinkRow]:
        """``links_shown``, the links the user rejected included."""
        own = self.store.links([doc_id])
        copies = self.store.copies()
        if doc_id in copies:        # its whole group, copies of copies too, as the engine
            from .xref.copies import first_copies
            first = first_copies(copies, self.store.first_imported(copies))
            head = first[doc_id]
            if head != doc_id:
                group = {d for d, h in first.items() if h == head}
                own += self._inherited(doc_id, head, group)
        return self.corrections.apply(own, [doc_id])

    def _inherited(self, doc_id: str, head: str, group: set[str]) -> list[LinkRow]:
        from .xref.copies import norm_claim
        text, head_text = self.get(doc_id).text, self.get(head).text
        mine = {norm_claim(text[s:e]): (s, e) for s, e in self.store.spans(doc_id, "claims")}
        out = []
        for r in self.store.links([head]):
            side = "a" if r.a_doc == head else "b"
            other = r.b_doc if side == "a" else r.a_doc
            if other == doc_id or other in group:
                continue
            s, e = (r.a_start, r.a_end) if side == "a" else (r.b_start, r.b_end)
            span = mine.get(norm_claim(head_text[s:e]))
            if span is not None:
                moved = {f"{side}_doc": doc_id, f"{side}_start": span[0], f"{side}_end": span[1]}
                out.append(r._replace(**moved))
        return out


def _counted(text: str) -> list[tuple[str, str]]:
    """The counts a claim gives, as the slots of a story's facts (stories/align.py): what is
    counted, for whom ("count|troops|north korea|"), and the figure as written; not a
    projection ("could send up to 10,000"), as the engine's slots (xref/linking.py)."""
    from .xref.quantities import quantities_of
    return [(f"{q.kind}|{q.unit}|{q.subject}|{q.rate}", q.text) for q in quantities_of(text)
            if q.kind == "count" and q.unit and q.subject and not q.hedged]
