"""The window's slots for background work: importing (files, a folder, a web page by its
address, pasted text, dropped files), removing, cross-referencing, the stories the user makes
(open a selection as a story, add and remove its documents, rename, delete), and what to refresh
when each finishes.
MainWindow creates them, wires them in ``_connect_signals`` and hands them what is dropped on
it; the work itself runs in LibraryTasks, on the serial write queue."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QMimeData, QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from ..dialogs.url_dialog import UrlDialog, web_address
from ..panels.summary_bar import import_summary

LARGE_IMPORT = 5          # documents from which an import's summary stays until dismissed


class WorkSlots(QObject):
    def __init__(self, library, tasks, story_tasks, *, nav, library_panel, links_panel,
                 problems, problems_dock: QWidget, summary_bar, say: Callable[[str], None],
                 window: QWidget):
        super().__init__(window)
        self.lib = library
        self.tasks = tasks                      # LibraryTasks
        self.story_tasks = story_tasks          # StoryTasks
        self._open_made = False                 # open the story being made once saved
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

    # -- stories ----------------------------------------------------------------------------------
    def _story(self):
        """The story the story commands act on: the one shown, else the one current in the
        library's stories list."""
        shown = self.nav.story.story if self.nav.story_shown() else None
        return shown or self.library_panel.current_story()

    def on_open_story(self) -> None:
        """Ctrl+T: the documents selected in the library as a new story (from the stories list:
        the story current there)."""
        if self.library_panel.stories.hasFocus() and self.library_panel.current_story():
            self.nav.open_story(self.library_panel.current_story())
            return
        ids = self.library_panel.selected_ids()
        if len(ids) < 2:
            self._say("Select two documents or more in the library (Ctrl+click, Shift+arrows), "
                      "then Open as Story (Ctrl+T).")
            return
        self._open_made = True
        self.story_tasks.make(self.nav.title_of(ids[0]), ids)

    def on_add_to_story(self) -> None:
        ids = self.library_panel.selected_ids()
        stories = self.lib.made_stories.list() + [   # found ones: as last listed
            s for s in self.library_panel.story_list() if s.made_by != "user"]
        if not ids or not stories:
            self._say("Select documents in the library, and make a story first (Ctrl+T)."
                      if stories else "There is no story yet: Open as Story (Ctrl+T) makes one.")
            return
        names = [f"{s.title} ({len(s.doc_ids)} documents)" for s in stories]
        name, ok = QInputDialog.getItem(self._window, "Add to Story",
                                        f"Add {len(ids)} document{'s' if len(ids) != 1 else ''}"
                                        " to the story:", names, 0, False)
        if ok:
            story = stories[names.index(name)]
            self.story_tasks.set_documents(story, list(dict.fromkeys(story.doc_ids + ids)))

    def on_remove_from_story(self) -> None:
        story, doc_id = self.nav.story.story, self.nav.story.current_doc()
        if not self.nav.story_shown() or story is None or doc_id is None:
            self._say("Open a story (Ctrl+5), move to a source's column, then remove it.")
            return
        kept = [d for d in story.doc_ids if d != doc_id]
        if len(kept) < 2:
            self._say("A story needs two documents or more: add one before removing this one.")
            return
        self.story_tasks.set_documents(story, kept)

    def on_rename_story(self) -> None:
        story = self._story()
        if story is None:
            self._say("Open a story or select one in the stories list (Ctrl+5) first.")
            return
        title, ok = QInputDialog.getText(self._window, "Rename Story", "Title:", text=story.title)
        if ok:
            self.story_tasks.rename(story, title)

    def on_delete_story(self) -> None:
        story = self._story()
        if story is None or story.made_by != "user":
            self._say("Only a story you made can be deleted; the stories found from the links "
                      "come back with them." if story else "Select a story first (Ctrl+5).")
            return
        answer = QMessageBox.question(self._window, "Delete Story",
                                      f"Delete the story “{story.title}”? Its documents stay "
                                      "in the library.")
        if answer == QMessageBox.StandardButton.Yes:
            self.story_tasks.delete(story)

    def on_story_saved(self, story, made: bool) -> None:
        self.library_panel.refresh_stories()
        if self._open_made and made:
            self._open_made = False
            self.nav.open_story(story)
        elif self.nav.story_shown():
            self.nav.story.show_story(story, self.nav.story.current_cell())

    def on_story_deleted(self, story_id: str) -> None:
        self.library_panel.refresh_stories()
        if self.nav.story_shown() and self.nav.story.story.id == story_id:
            self.nav.on_close_view()
