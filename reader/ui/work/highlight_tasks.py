"""The writes of the user's highlights, colour labels, link verdicts and own links (made by
hand, relabelled: core/corrections/), off the GUI thread on the queue of quick jobs (app.py):
each is a short SQLite transaction that never touches the Whoosh index, so it need not wait
behind a long import or cross-referencing run (SQLite orders it with their own short
transactions). Reports what changed as signals the window wires to the view and the panels."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from PySide6.QtCore import QObject, Signal

from ...core.export import import_annotations
from .worker import Job, JobQueue
from ..wording import count


def _call(fn: Callable, cancel):
    """A job of one step: ``fn()``'s value is the job's outcome."""
    return fn()
    yield  # noqa: unreachable - makes this a generator, which is what the worker runs


class HighlightTasks(QObject):
    changed = Signal(list)          # ids of documents whose highlights were added, edited, removed
    added = Signal(object)          # the new Highlight (the view selects it)
    links_changed = Signal(list)    # ids of documents whose links the user judged or changed
    labels_changed = Signal()       # the colour labels were renamed
    message = Signal(str)           # one line for the status bar

    def __init__(self, library, queue: JobQueue, parent: QObject | None = None):
        super().__init__(parent)
        self._lib = library
        self._queue = queue

    def _submit(self, label: str, fn: Callable, done: Callable | None = None) -> Job:
        job = self._queue.submit("highlight", label, lambda cancel: _call(fn, cancel))
        if done is not None:
            job.signals.finished.connect(done)
        job.signals.failed.connect(lambda error: self.message.emit(f"{label} failed: {error}"))
        return job

    # -- highlights ---------------------------------------------------------------------------
    def add(self, doc_id: str, start: int, end: int, color: str) -> Job:
        hl = self._lib.highlights
        return self._submit("Highlighting", lambda: hl.add(doc_id, start, end, color=color),
                            self._on_added)

    def update(self, hid: int, doc_id: str, *, color: str | None = None,
               note: str | None = None, tags: Iterable[str] | None = None) -> Job:
        hl = self._lib.highlights
        tags = list(tags) if tags is not None else None
        return self._submit("Saving the highlight",
                            lambda: hl.update(hid, color=color, note=note, tags=tags),
                            lambda h: self.changed.emit([doc_id]))

    def remove(self, hids: list[int], doc_ids: list[str]) -> Job:
        hl, hids, docs = self._lib.highlights, list(hids), list(dict.fromkeys(doc_ids))

        def done(result) -> None:
            removed, _missing = result
            self.message.emit(f"Removed {len(removed)} highlight"
                              f"{'s' if len(removed) != 1 else ''}.")
            self.changed.emit(docs)
        return self._submit("Removing highlights", lambda: hl.remove(hids), done)

    def set_labels(self, labels: dict[str, str]) -> Job:
        hl, labels = self._lib.highlights, dict(labels)

        def write() -> None:
            for color, label in labels.items():
                hl.set_label(color, label)
        return self._submit("Renaming colours", write, lambda _: self.labels_changed.emit())

    def import_file(self, path: Path | str) -> Job:
        lib, path = self._lib, Path(path)

        def done(report) -> None:
            text = f"Restored {count(len(report.restored), 'highlight')} from {path.name}"
            if report.orphaned:
                text += f", {len(report.orphaned)} orphaned (their text is gone)"
            if report.unchanged:
                text += f", {report.unchanged} already here"
            if report.failed:
                text += f"; {len(report.failed)} could not be read: " \
                        f"{report.failed[0].get('reason', '')}"
            self.message.emit(text + ".")
            self.labels_changed.emit()
            self.changed.emit([])
            if report.decisions:
                self.links_changed.emit([])
        return self._submit("Importing annotations", lambda: import_annotations(lib, path), done)

    def _on_added(self, h) -> None:
        self.added.emit(h)
        self.changed.emit([h.doc_id])

    # -- cross-references ---------------------------------------------------------------------
    def pin(self, row: tuple, doc_id: str, color: str) -> Job:
        hl = self._lib.highlights
        return self._submit("Pinning the link",
                            lambda: hl.pin_link(row, doc_id=doc_id, color=color), self._on_added)

    def decide(self, row: tuple, decision: str | None) -> Job:
        hl = self._lib.highlights
        docs = [row[0], row[3]]

        def done(_) -> None:
            word = {"accepted": "accepted", "rejected": "rejected: it is hidden from now on"}
            self.message.emit(f"Link {word.get(decision, 'verdict cleared')}.")
            self.links_changed.emit(docs)
        return self._submit("Saving the verdict", lambda: hl.decide(row, decision), done)

    def restore(self, a_doc: str, a_quote: str, b_doc: str, b_quote: str) -> Job:
        """Forget the verdict on the link between two passages (a rejected one shows again)."""
        hl = self._lib.highlights

        def done(_) -> None:
            self.message.emit("Link restored: it is shown again.")
            self.links_changed.emit([a_doc, b_doc])
        return self._submit("Restoring the link",
                            lambda: hl.set_decision(a_doc, a_quote, b_doc, b_quote, None), done)

    # -- the user's own links (core/corrections/) -----------------------------------------------
    def make_link(self, a: tuple, b: tuple, relation: str, note: str) -> Job:
        """Link passage ``a`` to passage ``b`` (each (doc id, start, end)); the job's outcome
        is the corrections.MadeLink."""
        made = self._lib.corrections.made

        def done(m) -> None:
            self.message.emit(f"Linked the two passages: {m.relation}. T in the links panel "
                              "relabels the link, R rejects it.")
            self.links_changed.emit([a[0], b[0]])
        return self._submit("Linking the passages",
                            lambda: made.add(*a, *b, relation, note), done)

    def relabel(self, row: tuple, relation: str, note: str | None = None) -> Job:
        """Give a link another relation (and, a link the user made, its note)."""
        corrections = self._lib.corrections

        def done(new) -> None:
            self.message.emit(f"The link now says: {new.relation}.")
            self.links_changed.emit([row.a_doc, row.b_doc])
        return self._submit("Relabelling the link",
                            lambda: corrections.relabel(row, relation, note), done)
