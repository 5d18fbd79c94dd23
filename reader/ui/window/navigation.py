"""The main window's slots for moving around: search, find in page, linked claims and their
links, back and forward, comparing, focus and zoom. A mixin of MainWindow (main_window.py),
which owns the widgets and wires these slots in ``_connect_signals``."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ..reading.linkindex import LinkIndex
from ..theme import reading_font

FONT_MIN, FONT_MAX = 9.0, 26.0


class Navigation:
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

    def on_search_result_opened(self, doc_id: str, words: list) -> None:
        if self.open_document(doc_id, hit_words=words):
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def on_search_escaped(self) -> None:
        self.search_box.clear()
        self.search_panel.on_query("")
        self.sidebar.setCurrentWidget(self.library_panel)
        self._focus_reading()

    def on_view_escape(self) -> None:
        """Esc in the document: back to the search results it was opened from, if any."""
        if not self.reading.close_find() and self.sidebar.currentWidget() is self.search_panel \
                and self.search_box.text():
            self.search_box.setFocus(Qt.FocusReason.OtherFocusReason)

    def _focus_reading(self) -> None:
        page = self.center.currentWidget()
        if page is self.reading:
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        elif page is self.compare:
            self.compare.left.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.library_panel.focus_list()

    def on_library_document_activated(self, doc_id: str) -> None:
        if self.open_document(doc_id):
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def on_selection_changed(self, ids: list) -> None:
        self.commands.remove.setEnabled(bool(ids))
        if len(ids) > 1:
            self.on_message(f"{len(ids)} documents selected: Ctrl+D compares two, "
                            "Delete removes them.")

    # -- find in page -----------------------------------------------------------------------------
    def on_find(self) -> None:
        if self.center.currentWidget() is not self.reading:
            self.on_message("Open a document first.")
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

    # -- linked claims and their links --------------------------------------------------------------
    def _active_view(self):
        return self.compare.active_view() if self.center.currentWidget() is self.compare \
            else self.view

    def _step(self, direction: int, relation: str | None) -> None:
        view = self._active_view()
        if view.doc_id is None:
            self.on_message("Open a document first.")
        elif view.step_claim(direction, relation) is None:
            what = "conflicting claims" if relation else "linked claims"
            self.on_message(f"This document has no {what}.")

    def on_next_claim(self) -> None:
        self._step(1, None)

    def on_previous_claim(self) -> None:
        self._step(-1, None)

    def on_next_conflict(self) -> None:
        self._step(1, "conflicts")

    def on_previous_conflict(self) -> None:
        self._step(-1, "conflicts")

    def on_open_links(self) -> None:
        if self._active_view().activate_current():
            self.links_panel.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.on_message("No linked claim in view. N goes to the next one.")

    def on_claim_activated(self, doc_id: str, start: int, end: int) -> None:
        self._show_claim(doc_id, start, end)
        if not self.commands.toggle_links.isChecked():
            self.commands.toggle_links.setChecked(True)

    def on_claim_selected(self, doc_id: str, start: int, end: int) -> None:
        if self.links_panel.isVisible():
            self._show_claim(doc_id, start, end)

    def _show_claim(self, doc_id: str, start: int, end: int) -> None:
        claim = LinkIndex(doc_id, self.lib.links([doc_id])).find(start, end)
        if claim is not None:
            self.links_panel.show_claim(doc_id, claim, self.library_panel.label_of,
                                        self.title_of)

    def on_passage_activated(self, doc_id: str, start: int, end: int) -> None:
        if self.open_document(doc_id, select=(start, end), keep_links=True):
            self.on_message(f"{self.title_of(doc_id)} — Back (Alt+Left) returns.")

    def on_toggle_links(self, visible: bool) -> None:
        self.links_panel.setVisible(visible)

    # -- history ----------------------------------------------------------------------------------
    def on_back(self) -> None:
        loc = self.history.back(self.current_location())
        if loc is not None:
            self.go_to(loc)

    def on_forward(self) -> None:
        loc = self.history.forward(self.current_location())
        if loc is not None:
            self.go_to(loc)

    def on_history_step(self, direction: int) -> None:
        self.on_back() if direction < 0 else self.on_forward()

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.BackButton:
            self.on_back()
        elif event.button() == Qt.MouseButton.ForwardButton:
            self.on_forward()
        else:
            super().mousePressEvent(event)

    # -- compare ----------------------------------------------------------------------------------
    def _compare_pair(self) -> tuple[str, str] | None:
        selected = self.library_panel.selected_ids()
        open_id = self.view.doc_id
        if len(selected) >= 2:
            return selected[0], selected[1]
        others = [d for d in selected if d != open_id]
        if open_id and others:
            return open_id, others[0]
        if open_id:          # the source with the most links to the open document
            counts: dict[str, int] = {}
            for claim in self.view.links.claims:
                for link in claim.links:
                    counts[link.doc_id] = counts.get(link.doc_id, 0) + 1
            if counts:
                return open_id, max(counts, key=lambda d: (counts[d], d))
        return None

    def on_compare(self) -> None:
        pair = self._compare_pair()
        if pair is None:
            self.on_message("Select two documents in the library (Ctrl+click), or open one "
                            "that has links, then compare (Ctrl+D).")
            return
        a, b = (self.lib.get(d) for d in pair)
        self.compare.show_pair(a, self.lib.paragraphs(a.id), LinkIndex(a.id, self.lib.links([a.id])),
                               b, self.lib.paragraphs(b.id), LinkIndex(b.id, self.lib.links([b.id])),
                               self.library_panel.label_of)
        self.center.setCurrentWidget(self.compare)
        self.compare.left.setFocus(Qt.FocusReason.OtherFocusReason)
        self.setWindowTitle(f"Compare: {a.title} ↔ {b.title} — Reader")

    def on_close_view(self) -> None:
        if self.center.currentWidget() is self.compare:
            if self.view.doc_id:
                self.center.setCurrentWidget(self.reading)
                self.setWindowTitle(f"{self.title_of(self.view.doc_id)} — Reader")
            else:
                self._show_start_page()
        elif self.center.currentWidget() is self.reading:
            self.history.visit(self.current_location())
            self._show_start_page()
            self._update_history_actions()
        self._focus_reading()

    # -- focus and zoom ---------------------------------------------------------------------------
    def on_focus_library(self) -> None:
        self.sidebar.setCurrentWidget(self.library_panel)
        self.library_panel.focus_list()

    def on_focus_document(self) -> None:
        self._focus_reading()

    def on_focus_links(self) -> None:
        self.commands.toggle_links.setChecked(True)
        self.links_panel.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _zoom(self, size: float) -> None:
        self.font_size = max(FONT_MIN, min(FONT_MAX, size))
        font = reading_font(self.font_size)
        for w in (self.reading, self.compare):
            w.set_reading_font(font)
        self.reload_current()
        self.on_message(f"Text size {self.font_size:g} pt")

    def on_zoom_in(self) -> None:
        self._zoom(self.font_size + 1)

    def on_zoom_out(self) -> None:
        self._zoom(self.font_size - 1)

    def on_zoom_reset(self) -> None:
        self._zoom(12.0)
