"""The operations that change the library, queued on the one serial write queue: import files,
a web page or pasted text, remove documents, cross-reference, edit a document's metadata.
After an import, the new documents are cross-referenced in the same queue. Reports what happened as signals the window shows."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from . import jobs
from .worker import Job, JobQueue
from ..wording import count


class LibraryTasks(QObject):
    job_started = Signal(str, str)       # kind ("import", "xref", "remove", "metadata"), label
    job_progress = Signal(object)        # the running job's progress report
    job_cancelling = Signal()            # Cancel was pressed; the job stops at its next step
    idle = Signal()                      # nothing is queued or running any more
    documents_changed = Signal(list)     # ids of documents imported, changed or removed
    links_changed = Signal(list)         # ids whose links were recomputed (empty: unknown)
    import_finished = Signal(object)     # the ImportOutcome (its report lists failures)
    removed = Signal(list)               # ids that were removed
    message = Signal(str)                # one line for the status bar

    def __init__(self, library, queue: JobQueue, parent: QObject | None = None):
        super().__init__(parent)
        self._lib = library
        self._queue = queue
        self._queue.job_started.connect(self._on_job_started)
        self._queue.job_ended.connect(self._on_job_ended)
        self.xref_available = True
        self._winding_down = False

    # -- what the window asks for -------------------------------------------------------------
    def import_paths(self, paths: list[Path | str]) -> Job:
        paths = [Path(p) for p in paths]
        label = f"Importing {paths[0].name}" if len(paths) == 1 else \
            f"Importing {len(paths)} files and folders"
        job = self._submit("import", label,
                                 lambda cancel: jobs.import_files(self._lib, paths, cancel))
        job.signals.finished.connect(self._on_import_finished)
        return job

    def import_url(self, url: str) -> Job:
        """Download the page at ``url`` and import it (its failure is an import's)."""
        job = self._submit("import", f"Importing {url}",
                           lambda cancel: jobs.import_url(self._lib, url, cancel))
        job.signals.finished.connect(self._on_import_finished)
        return job

    def import_text(self, text: str) -> Job:
        job = self._submit("import", "Importing the pasted text",
                                 lambda cancel: jobs.import_pasted(self._lib, text, cancel))
        job.signals.finished.connect(self._on_import_finished)
        return job

    def remove(self, doc_ids: list[str]) -> Job:
        ids = list(doc_ids)
        job = self._submit("remove", f"Removing {count(len(ids), 'document')}",
                                 lambda cancel: jobs.remove(self._lib, ids, cancel))
        job.signals.finished.connect(self._on_removed)
        return job

    def cross_reference(self, doc_ids: list[str] | None = None) -> Job | None:
        if not self.xref_available or self._winding_down:
            return None
        ids = list(doc_ids) if doc_ids is not None else None
        label = "Cross-referencing" + (f" {len(ids)} new documents" if ids else "")
        job = self._submit("xref", label,
                                 lambda cancel: jobs.cross_reference(self._lib, ids, cancel))
        job.signals.finished.connect(self._on_xref_finished)
        job.signals.failed.connect(self._on_xref_failed)
        return job

    def edit_metadata(self, doc_id: str, changes: dict[str, str]) -> Job:
        """Save a document's edited metadata (title, source, …); a new date or source
        cross-references it again (the days its text names are read against the date, and a
        conflict's why names the outlet)."""
        changes = dict(changes)
        job = self._submit("metadata", "Saving the document's metadata",
                           lambda cancel: jobs.edit_metadata(self._lib, doc_id, changes, cancel))
        job.signals.finished.connect(lambda doc: self._on_metadata_saved(
            doc, bool(changes.keys() & {"date", "source"})))
        job.signals.failed.connect(
            lambda error: self.message.emit(f"The metadata was not saved: {error}"))
        return job

    def _submit(self, kind: str, label: str, make) -> Job:
        job = self._queue.submit(kind, label, make)
        job.signals.progress.connect(self.job_progress)
        return job

    def on_cancel_requested(self) -> None:
        """Stop the running job between two steps and drop the queued ones."""
        if self._queue.busy():
            self._queue.cancel_all()
            self.job_cancelling.emit()

    def busy(self) -> bool:
        return self._queue.busy()

    def long_work(self) -> str | None:
        """What a switch to another library would cancel, for people ("import",
        "cross-referencing"); None when no import or cross-referencing is queued or running."""
        kinds = {job.kind for job in self._queue.jobs() if not job.cancelled}
        return "import" if "import" in kinds else "cross-referencing" if "xref" in kinds else None

    def wind_down(self) -> None:
        """Before the library closes: cancel the imports and the cross-referencing (an import
        keeps what it committed and a cancelled run writes nothing; both are finished later),
        let a removal or a metadata edit already asked for finish, and queue nothing new (an
        import that ends now would queue the cross-referencing of what it imported)."""
        self._winding_down = True
        stopping = [job for job in self._queue.jobs() if job.kind in ("import", "xref")]
        for job in stopping:
            job.cancel()
        if stopping:
            self.job_cancelling.emit()

    # -- outcomes -------------------------------------------------------------------------------
    def _on_job_started(self, job: Job) -> None:
        if not job.cancelled:
            self.job_started.emit(job.kind, job.label)

    def _on_job_ended(self, job: Job) -> None:
        if not self._queue.busy():
            self.idle.emit()

    def _on_import_finished(self, outcome: jobs.ImportOutcome) -> None:
        report = outcome.report
        parts = [f"Imported {len(report.imported):,} document"
                 f"{'s' if len(report.imported) != 1 else ''}"]
        if report.unchanged:
            parts.append(f"{len(report.unchanged):,} unchanged")
        if report.duplicates:
            parts.append(f"{len(report.duplicates):,} duplicates")
        if report.failed:
            parts.append(f"{len(report.failed):,} could not be read (see Import Problems)")
        text = ", ".join(parts)
        if report.cancelled:
            text = "Import cancelled. " + text + " before it stopped"
        self.message.emit(text + ".")
        changed = outcome.new_ids
        if changed:
            self.documents_changed.emit(changed)
        self.import_finished.emit(outcome)
        if changed and not report.cancelled:
            self.cross_reference(changed)

    def _on_removed(self, result) -> None:
        removed, _missing = result
        self.message.emit(f"Removed {len(removed)} document{'s' if len(removed) != 1 else ''}.")
        self.removed.emit(list(removed))
        self.documents_changed.emit(list(removed))

    def _on_metadata_saved(self, doc, relink: bool) -> None:
        self.message.emit(f"Saved the metadata of “{doc.title}”.")
        self.documents_changed.emit([doc.id])
        if relink:
            self.cross_reference([doc.id])

    def _on_xref_finished(self, outcome: jobs.XrefOutcome) -> None:
        if outcome.cancelled:
            self.message.emit("Cross-referencing cancelled; the links are as they were. "
                              "Update Cross-references (F5) finishes it.")
            return
        self.links_changed.emit(list(outcome.doc_ids or []))

    def _on_xref_failed(self, error: str) -> None:
        if "No module named" in error or "ImportError" in error:
            self.xref_available = False
            self.message.emit("Cross-referencing is not available in this installation "
                              f"({error}).")
        else:
            self.message.emit(f"Cross-referencing failed: {error}")
