"""The main window's slots for background work: importing (files, a folder, pasted text,
dropped files), removing, cross-referencing, and what to refresh when each finishes. A mixin
of MainWindow (main_window.py), which owns the widgets and wires these slots in
``_connect_signals``; the work itself runs in LibraryTasks, on the serial write queue."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox


class WorkSlots:
    # -- background work --------------------------------------------------------------------------
    def on_import_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Import Articles", str(Path.home()),
            "Articles (*.html *.htm *.xhtml *.pdf *.epub *.docx *.txt *.md *.markdown *.jsonl "
            "*.ndjson *.csv);;All files (*)")
        if files:
            self.tasks.import_paths(files)

    def on_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a Folder", str(Path.home()))
        if folder:
            self.tasks.import_paths([folder])

    def on_paste_article(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        files = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()] if mime else []
        if files:
            self.tasks.import_paths(files)
        elif mime is not None and mime.hasText() and mime.text().strip():
            self.tasks.import_text(mime.text())
        else:
            self.on_message("The clipboard holds no text to import.")

    def on_remove(self) -> None:
        ids = self.library_panel.selected_ids()
        if not ids:
            self.on_message("Select documents in the library first (Ctrl+1).")
            return
        names = "\n".join(f"• {self.title_of(i)}" for i in ids[:8])
        more = f"\n… and {len(ids) - 8} more" if len(ids) > 8 else ""
        answer = QMessageBox.question(
            self, "Remove Documents",
            f"Remove {len(ids)} document{'s' if len(ids) != 1 else ''} from the library?\n\n"
            f"{names}{more}")
        if answer == QMessageBox.StandardButton.Yes:
            self.tasks.remove(ids)

    def on_xref(self) -> None:
        if self.tasks.cross_reference(None) is None:
            self.on_message("Cross-referencing is not available in this installation.")

    def on_documents_changed(self, ids: list) -> None:
        self.library_panel.refresh_later()
        self.links_panel.forget_texts()
        if self.view.doc_id in ids:
            self.reload_current()
        elif self.center.currentWidget() in (self.empty, self.welcome):
            if ids and self.lib.store.get(ids[0], with_text=False) is not None:
                self.open_document(ids[0])
            else:
                self._show_start_page()

    def on_links_changed(self, ids: list) -> None:
        self.library_panel.refresh_later()
        if self.center.currentWidget() is self.reading:
            self.reload_current()

    def on_import_finished(self, outcome) -> None:
        if outcome.report.failed:
            self.problems.add_failures(outcome.report.failed, len(outcome.report.imported))
            self.problems_dock.show()

    def on_removed(self, ids: list) -> None:
        self.history.forget(set(ids))
        self._update_history_actions()
        if self.view.doc_id in ids:
            self._show_start_page()
            self.links_panel.clear()

    def on_problems_closed(self) -> None:
        self.problems_dock.hide()

    def on_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 10000)

    # -- drag and drop ----------------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        mime = event.mimeData()
        if any(u.isLocalFile() for u in mime.urls()) or mime.hasText():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        mime = event.mimeData()
        files = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
        if files:
            self.tasks.import_paths(files)
        elif mime.hasText() and mime.text().strip():
            self.tasks.import_text(mime.text())
        event.acceptProposedAction()
