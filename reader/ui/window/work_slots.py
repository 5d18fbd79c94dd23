"""The window's slots for background work: importing (files, a folder, a web page by its
address, pasted text, dropped files), removing, cross-referencing, and what to refresh when each finishes.
MainWindow creates them, wires them in ``_connect_signals`` and hands them what is dropped on
it; the work itself runs in LibraryTasks, on the serial write queue."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QMimeData, QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ..dialogs.url_dialog import UrlDialog, web_address
from ..panels.summary_bar import import_summary

LARGE_IMPORT = 5          # documents from which an import's summary stays until dismissed


class WorkSlots(QObject):
    def __init__(self, library, tasks, *, nav, library_panel, links_panel, problems,
                 problems_dock: QWidget, summary_bar, say: Callable[[str], None],
                 window: QWidget):
        super().__init__(window)
        self.lib = library
        self.tasks = tasks                      # LibraryTasks
        self.nav = nav                          # the Navigator: what to show again
        self.library_panel = library_panel
        self.links_panel = links_panel
        self.problems = problems
        self.problems_dock = problems_dock
        self.summary_bar = summary_bar          # what a paste or a large import did, kept
        self._say = say
        self._window = window                   # the file dialogs and questions open over it

    # -- importing --------------------------------------------------------------------------------
    def on_import_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self._window, "Import Articles", str(Path.home()),
            "Articles (*.html *.htm *.xhtml *.pdf *.epub *.docx *.txt *.md *.markdown *.jsonl "
            "*.ndjson *.csv);;All files (*)")
        if files:
            self.tasks.import_paths(files)

    def on_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self._window, "Import a Folder",
                                                  str(Path.home()))
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
            self._say("The clipboard holds no text to import.")

    def on_import_url(self) -> None:
        """File → Import URL…: the address typed (the clipboard's, if it holds one, to start
        with); Enter imports it."""
        dialog = UrlDialog(self._clipboard_address(), self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.tasks.import_url(dialog.address()))
        dialog.finished.connect(self._window.activateWindow)
        self.url_dialog = dialog
        dialog.open()

    def on_paste_url(self) -> None:
        url = self._clipboard_address()
        if url:
            self.tasks.import_url(url)
        else:
            self._say("The clipboard holds no web address to import (Ctrl+V pastes its text "
                      "as an article).")

    def _clipboard_address(self) -> str:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None:
            return ""
        links = [u.toString() for u in mime.urls() if not u.isLocalFile()]
        return web_address(mime.text() if mime.hasText() else "") or web_address(
            links[0] if links else "")

    def can_import(self, mime: QMimeData) -> bool:
        """Whether a drag carries something to import (local files or text)."""
        return any(u.isLocalFile() for u in mime.urls()) or mime.hasText()

    def import_dropped(self, mime: QMimeData) -> None:
        files = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
        if files:
            self.tasks.import_paths(files)
        elif mime.hasText() and mime.text().strip():
            self.tasks.import_text(mime.text())

    # -- removing and cross-referencing -----------------------------------------------------------
    def on_remove(self) -> None:
        ids = self.library_panel.selected_ids()
        if not ids:
            self._say("Select documents in the library first (Ctrl+1).")
            return
        names = "\n".join(f"• {self.nav.title_of(i)}" for i in ids[:8])
        more = f"\n… and {len(ids) - 8} more" if len(ids) > 8 else ""
        answer = QMessageBox.question(
            self._window, "Remove Documents",
            f"Remove {len(ids)} document{'s' if len(ids) != 1 else ''} from the library?\n\n"
            f"{names}{more}")
        if answer == QMessageBox.StandardButton.Yes:
            self.tasks.remove(ids)

    def on_xref(self) -> None:
        if self.tasks.cross_reference(None) is None:
            self._say("Cross-referencing is not available in this installation.")

    # -- when work finishes -----------------------------------------------------------------------
    def on_documents_changed(self, ids: list) -> None:
        self.library_panel.refresh_later()
        self.links_panel.forget_texts()
        if self.nav.reading.doc_id in ids:
            self.nav.reload_current()
        elif self.nav.start_page_shown():
            if ids and self.lib.store.get(ids[0], with_text=False) is not None:
                self.nav.open_document(ids[0])
            else:
                self.nav.show_start_page()

    def on_import_finished(self, outcome) -> None:
        """Import Problems shows this import (a clean one too, once the panel has had
        problems); a paste, a large import or one with failures leaves a lasting summary."""
        report = outcome.report
        if report.failed or self.problems.batches:
            self.problems.add_batch(report.failed, len(report.imported))
        if report.failed:
            self.problems_dock.show()
        items = len(report.imported) + len(report.unchanged) + len(report.duplicates)
        if outcome.pasted or report.failed or items >= LARGE_IMPORT:
            self.summary_bar.show_text(import_summary(report, outcome.pasted))

    def on_problems_requested(self) -> None:
        self.problems_dock.show()
        self.problems.setFocus(Qt.FocusReason.OtherFocusReason)

    def on_removed(self, ids: list) -> None:
        self.nav.forget(ids)

    def on_problems_closed(self) -> None:
        self.problems_dock.hide()
