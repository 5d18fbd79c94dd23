"""Where the reader is: what the centre of the window shows (a document, a comparison, a
story's matrix or a start page), the way back and forward through what was read, where the
keyboard focus goes, and the size of the text. MainWindow creates one Navigator over its
widgets and wires its ``on_*`` slots in ``_connect_signals``; the other slot objects open
documents through it."""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from ...core.errors import NotFound
from ..reading.linkindex import LinkIndex
from ..reading.marks import Marks
from ..theme import reading_font
from .history import History, Location

FONT_MIN, FONT_MAX = 9.0, 26.0


class Navigator(QObject):
    document_shown = Signal(str)     # doc id: now open in the reading view
    screen_changed = Signal()        # the comparison opened or closed: the links panel follows

    def __init__(self, library, *, center: QStackedWidget, reading, compare, story,
                 welcome: QWidget, empty: QWidget, sidebar: QStackedWidget, library_panel,
                 links_panel, highlights_panel, commands, font_size: float,
                 say: Callable[[str], None], set_title: Callable[[str], None],
                 parent: QObject | None = None):
        super().__init__(parent)
        self.lib = library
        self.center = center                    # its pages: empty, welcome, reading, compare
        self.reading = reading                  # the ReadingPane
        self.view = reading.view
        self.compare = compare
        self.story = story                      # the StoryView: a story's matrix
        self.welcome = welcome
        self.empty = empty
        self.sidebar = sidebar
        self.library_panel = library_panel
        self.links_panel = links_panel
        self.highlights_panel = highlights_panel
        self.commands = commands
        self.font_size = font_size
        self.history = History()
        self._say = say
        self._set_title = set_title
        self._marks = None         # the search whose hits the open document shows

    # -- what is shown ----------------------------------------------------------------------------
    def reading_shown(self) -> bool:
        return self.center.currentWidget() is self.reading

    def story_shown(self) -> bool:
        return self.center.currentWidget() is self.story

    def start_page_shown(self) -> bool:
        return self.center.currentWidget() in (self.empty, self.welcome)

    def docs_on_screen(self) -> set[str]:
        """The documents the centre shows (one, two side by side, or none)."""
        if self.center.currentWidget() is self.compare:
            return {d for d in self.compare.doc_ids() if d}
        return {self.view.doc_id} if self.reading_shown() and self.view.doc_id else set()

    def active_view(self):
        """The document view the keys act on: the open document, or a side of the comparison."""
        return self.compare.active_view() if self.center.currentWidget() is self.compare \
            else self.view

    def title_of(self, doc_id: str) -> str:
        return self.library_panel.title_of(doc_id)

    def marks_of(self, doc_id: str) -> Marks:
        hl = self.lib.highlights
        return Marks(hl.list([doc_id]), hl.labels())

    def show_start_page(self) -> None:
        has_docs = self.library_panel.document_count() > 0
        self.center.setCurrentWidget(self.welcome if has_docs else self.empty)
        self.reading.clear()
        self.links_panel.hide()              # nothing to link yet: no blank pane
        self._set_title("Reader")

    # -- opening documents ------------------------------------------------------------------------
    def on_copy_activated(self, doc_id: str) -> None:
        """Another outlet's copy of the open article, named in the summary line."""
        self.open_document(doc_id)

    def open_document(self, doc_id: str, *, marks=None,
                      select: tuple[int, int] | None = None, offset: int | None = None,
                      record: bool = True, flash: bool = True, keep_links: bool = False) -> bool:
        """Show a document; ``select`` a passage, or scroll to the first search hit (a
        search's ``marks``: its phrases and words) or to ``offset``."""
        try:
            doc = self.lib.get(doc_id)
        except NotFound:
            self._say(f"The document {doc_id} is no longer in the library.")
            return False
        if record:
            self.history.visit(self.current_location())
        if not keep_links and doc_id != self.view.doc_id:
            self.links_panel.clear()
        links = LinkIndex(doc_id, self.lib.links_shown(doc_id))
        self._marks = marks          # a search's Marks: its phrases and words, marked
        hits = marks.spans(self.lib.index.analyzer, doc.text) if marks is not None else []
        self.reading.show_document(doc, self.lib.paragraphs(doc_id), links, hits,
                                   label_of=self.library_panel.label_of,
                                   marks=self.marks_of(doc_id),
                                   sentences=self.lib.sentences(doc_id))
        self.highlights_panel.set_current_document(doc_id)
        self.center.setCurrentWidget(self.reading)
        self.links_panel.setVisible(self.commands.toggle_links.isChecked())
        copies = self.lib.copies(doc_id).get(doc_id, [])
        self.reading.show_summary(links, self.lib.store.spans(doc_id, "claims"),
                                  [(c, self.library_panel.label_of(c)) for c in copies])
        if select is not None:
            self.view.select_span(*select, flash=flash)
        elif hits:
            self.view.scroll_to_offset(hits[0][0], 0.3)
        elif offset:
            self.view.scroll_to_offset(offset, 0.0)
        self.library_panel.show_current(doc_id,
                                        select=len(self.library_panel.selected_ids()) <= 1)
        self._set_title(f"{doc.title or doc_id} — Reader")
        self.update_history_actions()
        self.document_shown.emit(doc_id)
        return True

    def restore(self, doc_id: str | None, offset: int) -> None:
        """Reopen the last session's document where it was (no document: a start page)."""
        if not doc_id or not self.open_document(doc_id, offset=offset, record=False):
            self.show_start_page()
        elif offset:       # once the window has its size, the same text is at the top again
            QTimer.singleShot(0, lambda: self.view.scroll_to_offset(offset, 0.0))
        self.update_history_actions()
        self.focus_reading()

    def current_location(self) -> Location | None:
        if self.story_shown() and self.story.story is not None:
            return Location("", story=self.story.story, cell=self.story.current_cell())
        if self.view.doc_id is None or not self.reading_shown():
            return None
        return Location(self.view.doc_id, self.view.top_offset(), self.view.selected_span())

    def go_to(self, loc: Location) -> None:
        if loc.story is not None:
            self.open_story(loc.story, loc.cell, record=False)
        elif self.open_document(loc.doc_id, offset=loc.offset, record=False, keep_links=True):
            if loc.selection is not None:
                self.view.select_span(*loc.selection, flash=False, where=None)
            self.view.scroll_to_offset(loc.offset, 0.0)
        self.update_history_actions()

    def update_history_actions(self) -> None:
        self.commands.back.setEnabled(self.history.can_back())
        self.commands.forward.setEnabled(self.history.can_forward())

    def reload_current(self) -> None:
        """Show the open document again (its links or text changed), where it was."""
        here = self.current_location()
        if here is not None and self.open_document(here.doc_id, marks=self._marks,
                                                   record=False):
            self.view.scroll_to_offset(here.offset, 0.0)

    def on_links_changed(self, ids: list) -> None:
        self.library_panel.refresh_later()
        if self.story_shown():
            self.story.reload()
        elif self.reading_shown():
            self.reload_current()
        elif self.center.currentWidget() is self.compare:
            self.reload_compare()

    # -- the library ------------------------------------------------------------------------------
    def on_library_refreshed(self, count: int) -> None:
        self.on_selection_changed(self.library_panel.selected_ids())
        if self.start_page_shown():
            self.show_start_page()

    def on_library_document_activated(self, doc_id: str) -> None:
        if self.open_document(doc_id):
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def on_selection_changed(self, ids: list) -> None:
        self.commands.remove.setEnabled(bool(ids))
        if len(ids) > 1:
            self._say(f"{len(ids)} documents selected: Ctrl+D compares two, "
                      "Delete removes them.")

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

    def forget(self, ids: list) -> None:
        """The documents ``ids`` are gone: no way back to them, and none of them open."""
        self.history.forget(set(ids))
        self.update_history_actions()
        story = self.story.story
        if story is not None and set(ids) & set(story.doc_ids):
            kept = replace(story, doc_ids=[d for d in story.doc_ids if d not in ids])
            self.story.show_story(kept, self.story.current_cell())
        if self.view.doc_id in ids:
            self.show_start_page()
            self.links_panel.clear()

    # -- stories ----------------------------------------------------------------------------------
    def open_story(self, story, cell: tuple[int, int] | None = None,
                   record: bool = True) -> None:
        """Show ``story``'s matrix, the cursor on ``cell`` (Back returns there)."""
        if record:
            self.history.visit(self.current_location())
        self.story.show_story(story, cell)
        self.library_panel.show_current_story(story.id)
        self.center.setCurrentWidget(self.story)
        self.links_panel.hide()              # the matrix takes the width
        self.story.focus()
        self._set_title(f"Story: {story.title} — Reader")
        self.update_history_actions()
        self.screen_changed.emit()

    def on_story_activated(self, story) -> None:
        self.open_story(story)

    def on_story_passage(self, doc_id: str, start: int, end: int) -> None:
        """Enter on a cell: its passage in its document, selected; Back returns to the cell."""
        self.center.setFocus(Qt.FocusReason.OtherFocusReason)   # not passed on to the search
        if self.open_document(doc_id, select=(start, end)):
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            self._say(f"{self.title_of(doc_id)} — Back (Alt+Left) returns to the story.")

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
            self._say("Select two documents in the library (Ctrl+click), or open one "
                      "that has links, then compare (Ctrl+D).")
            return
        a, b = (self.lib.get(d) for d in pair)
        self._show_pair(a, b)
        self.center.setCurrentWidget(self.compare)
        self.compare.left.setFocus(Qt.FocusReason.OtherFocusReason)
        self._set_title(f"Compare: {a.title} ↔ {b.title} — Reader")
        self.screen_changed.emit()

    def _show_pair(self, a, b) -> None:
        links_a, links_b = (LinkIndex(d.id, self.lib.links_shown(d.id)) for d in (a, b))
        self.compare.show_pair(a, self.lib.paragraphs(a.id), links_a,
                               b, self.lib.paragraphs(b.id), links_b, self.library_panel.label_of,
                               (self.lib.sentences(a.id), self.lib.sentences(b.id)))

    def reload_compare(self) -> None:
        """Show the comparison again (its links changed), each side where it was."""
        views = (self.compare.left, self.compare.right)
        keep = [v.verticalScrollBar().value() for v in views]
        try:
            a, b = (self.lib.get(d) for d in self.compare.doc_ids())
        except NotFound:
            return
        self._show_pair(a, b)
        for view, value in zip(views, keep):
            view.verticalScrollBar().setValue(value)

    def on_close_view(self) -> None:
        if self.center.currentWidget() in (self.compare, self.story):
            if self.story_shown():          # Back returns to the matrix, at the same cell
                self.center.setFocus(Qt.FocusReason.OtherFocusReason)
                self.history.visit(self.current_location())
                self.update_history_actions()
            if self.view.doc_id:
                self.center.setCurrentWidget(self.reading)
                self.links_panel.setVisible(self.commands.toggle_links.isChecked())
                self._set_title(f"{self.title_of(self.view.doc_id)} — Reader")
                self.screen_changed.emit()
            else:
                self.show_start_page()
        elif self.reading_shown():
            self.history.visit(self.current_location())
            self.show_start_page()
            self.update_history_actions()
        self.focus_reading()

    # -- focus and zoom ---------------------------------------------------------------------------
    def focus_reading(self) -> None:
        page = self.center.currentWidget()
        if page is self.reading:
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        elif page is self.compare:
            self.compare.left.setFocus(Qt.FocusReason.OtherFocusReason)
        elif page is self.story:
            self.story.focus()
        else:
            self.library_panel.focus_list()

    def on_caret_browsing(self, on: bool) -> None:
        """F7: a caret in the document and in both sides of the comparison, that the keys
        move and with Shift select (reading/caret.py), so that H and M need no mouse."""
        for page in (self.reading, self.compare):
            page.set_caret_browsing(on)
        self._say(f"Caret browsing {'on' if on else 'off'} (F7)")

    def on_focus_library(self) -> None:
        self.sidebar.setCurrentWidget(self.library_panel)
        self.library_panel.focus_list()

    def on_focus_stories(self) -> None:
        self.sidebar.setCurrentWidget(self.library_panel)
        self.library_panel.focus_stories()

    def on_focus_document(self) -> None:
        self.focus_reading()

    def on_focus_links(self) -> None:
        self.commands.toggle_links.setChecked(True)
        self.links_panel.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _zoom(self, size: float) -> None:
        self.font_size = max(FONT_MIN, min(FONT_MAX, size))
        font = reading_font(self.font_size)
        for pane in (self.reading, self.compare):
            pane.set_reading_font(font)
        self.reload_current()
        self._say(f"Text size {self.font_size:g} pt")

    def on_zoom_in(self) -> None:
        self._zoom(self.font_size + 1)

    def on_zoom_out(self) -> None:
        self._zoom(self.font_size - 1)

    def on_zoom_reset(self) -> None:
        self._zoom(12.0)
