"""The window's slots for finding things: the search field and the sidebar page it switches
to, the results it opens, and find in the open document (the reading pane runs the find bar).
MainWindow creates them and wires them in ``_connect_signals``."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QStackedWidget


class SearchSlots(QObject):
    def __init__(self, *, nav, search_box, sidebar: QStackedWidget, search_panel, library_panel,
                 reading, say: Callable[[str], None], parent: QObject | None = None):
        super().__init__(parent)
        self.nav = nav                          # the Navigator: opens what is found
        self.search_box = search_box
        self.sidebar = sidebar
        self.search_panel = search_panel
        self.library_panel = library_panel
        self.reading = reading                  # the ReadingPane
        self._say = say

    # -- search -----------------------------------------------------------------------------------
    def on_search(self) -> None:
        self.sidebar.setCurrentWidget(self.search_panel)
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def on_search_focused(self) -> None:
        self.sidebar.setCurrentWidget(self.search_panel)

    def on_query_changed(self, text: str) -> None:
        self.search_panel.on_query(text)
        if text:
            self.sidebar.setCurrentWidget(self.search_panel)
        elif not self.search_box.hasFocus():
            self.sidebar.setCurrentWidget(self.library_panel)

    def on_search_result_opened(self, doc_id: str, marks) -> None:
        if self.nav.open_document(doc_id, marks=marks):
            self.reading.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def on_search_escaped(self) -> None:
        self.search_box.clear()
        self.search_panel.on_query("")
        self.sidebar.setCurrentWidget(self.library_panel)
        self.nav.focus_reading()

    def on_view_escape(self) -> None:
        """Esc in the document (no find bar open): back to the search results it was opened
        from, if any."""
        if self.sidebar.currentWidget() is self.search_panel and self.search_box.text():
            self.search_box.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- find in the document ---------------------------------------------------------------------
    def on_find(self) -> None:
        if not self.nav.reading_shown():
            self._say("Open a document first.")
            return
        self.reading.open_find()

    def on_find_next(self) -> None:
        self._find_again(1)

    def on_find_previous(self) -> None:
        self._find_again(-1)

    def _find_again(self, direction: int) -> None:
        if not self.reading.find_text():
            self.on_find()
            return
        self.reading.find_again(direction)
