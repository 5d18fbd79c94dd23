"""The window's slot for editing a document's metadata (F2, Edit → Edit Metadata…): which
document (the one in the library list when the list has the focus, else the open one), the
dialog, and the save, which LibraryTasks runs on the serial write queue (it re-indexes the
document). MainWindow creates it and wires it in ``_connect_signals``; the list, the window
title and the document header follow from ``LibraryTasks.documents_changed`` once it is saved."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QWidget

from ...core.errors import NotFound
from ..dialogs.metadata_dialog import MetadataDialog


class MetadataSlots(QObject):
    def __init__(self, library, tasks, *, nav, library_panel, say: Callable[[str], None],
                 window: QWidget):
        super().__init__(window)
        self.lib = library
        self.tasks = tasks                      # LibraryTasks: the save runs there
        self.nav = nav                          # the Navigator: what is open
        self.library_panel = library_panel
        self._say = say
        self._window = window                   # the dialog opens over it
        self.dialog = None                      # the open dialog (tests reach it here)

    def on_edit_metadata(self) -> None:
        if self.lib.read_only:
            self._say("This library is read-only: its documents cannot be changed.")
            return
        doc_id = self._chosen()
        if doc_id is None:
            self._say("Open a document (or move to one in the library list, Ctrl+1), then "
                      "press F2 to edit its metadata.")
            return
        try:
            doc = self.lib.get(doc_id)
        except NotFound:
            self._say(f"The document {doc_id} is no longer in the library.")
            return
        dialog = MetadataDialog(doc, set(self.lib.metadata_edits(doc_id)), self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._save(dialog))
        dialog.finished.connect(self._window.activateWindow)   # back to the reading, keys too
        self.dialog = dialog
        dialog.open()

    def _chosen(self) -> str | None:
        panel = self.library_panel
        if panel.table.hasFocus() and panel.current_id():
            return panel.current_id()
        return self.nav.view.doc_id if self.nav.reading_shown() else None

    def _save(self, dialog: MetadataDialog) -> None:
        changes = dialog.changes()
        if changes:
            self.tasks.edit_metadata(dialog.doc_id, changes)
