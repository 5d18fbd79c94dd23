"""The highlights panel: every highlight in the library (or in the open document), searchable by
its text, note and tags, filtered by colour and tag. Activating one asks for its document,
scrolled to it; Edit and Remove ask the window to do so (it owns the write queue)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QLineEdit,
                               QListView, QMenu, QPushButton, QVBoxLayout, QWidget)

from .highlights_model import HIGHLIGHT_ROLE, Entry, HighlightsModel, swatch
from .html_delegate import HtmlDelegate

ALL_DOCS, THIS_DOC = "all", "this"


class _List(QListView):
    activated_key = Signal(object)      # the current index: Enter pressed
    edit_key = Signal(object)           # the current index: E or F2 pressed
    remove_key = Signal()               # Delete pressed
    escape_pressed = Signal()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()      # rows wrap: their heights depend on the width

    def event(self, event) -> bool:
        # Delete and E act on the list while it has the focus (the window's own shortcuts for
        # them remove documents and edit the highlight under the document's cursor)
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in (
                Qt.Key.Key_Delete, Qt.Key.Key_E, Qt.Key.Key_F2) \
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activated_key.emit(self.currentIndex())
        elif key in (Qt.Key.Key_E, Qt.Key.Key_F2):
            self.edit_key.emit(self.currentIndex())
        elif key == Qt.Key.Key_Delete:
            self.remove_key.emit()
        else:
            super().keyPressEvent(event)


class HighlightsPanel(QWidget):
    highlight_activated = Signal(object)    # the Highlight to show in its document
    edit_requested = Signal(object)         # the Highlight whose note, tags, colour to edit
    remove_requested = Signal(list)         # the Highlights to delete
    labels_requested = Signal()             # open the colour labels dialog
    escape_pressed = Signal()               # Esc: back to the document

    def __init__(self, library, css: dict, parent: QWidget | None = None):
        super().__init__(parent)
        self._lib = library
        self._doc_id: str | None = None
        self._dirty = True
        self.model = HighlightsModel(css, self)

        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText("Search quotes, notes and tags")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.setAccessibleName("Search your highlights")
        self.color_box = QComboBox()
        self.color_box.setAccessibleName("Filter highlights by colour")
        self.tag_box = QComboBox()
        self.tag_box.setAccessibleName("Filter highlights by tag")
        self.scope_box = QComboBox()
        self.scope_box.setAccessibleName("Highlights of which documents")
        self.scope_box.addItem("All documents", ALL_DOCS)
        self.scope_box.addItem("This document", THIS_DOC)
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Highlights shown")
        self.count_label.setWordWrap(True)      # a long line would widen the sidebar (Fix 2)

        self.list = _List()
        self.list.setAccessibleName("Highlights")
        self.list.setModel(self.model)
        self.list.setItemDelegate(HtmlDelegate(self.list))
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

        self.edit_button = QPushButton("Edit…")
        self.edit_button.setToolTip("Edit the note, tags and colour (E)")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("Remove the selected highlights (Delete)")
        self.labels_button = QPushButton("Labels…")
        self.labels_button.setToolTip("Name the colours: \"key claim\", \"doubtful\"…")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(QLabel("<b>Your highlights</b>"))
        layout.addWidget(self.filter_box)
        row = QHBoxLayout()
        for w in (self.color_box, self.tag_box, self.scope_box):
            w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            w.setMinimumContentsLength(5)
            w.setMinimumWidth(48)                # the sidebar can stay narrow
            row.addWidget(w, 1)
        layout.addLayout(row)
        layout.addWidget(self.count_label)
        layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        for b in (self.edit_button, self.remove_button, self.labels_button):
            b.setMinimumWidth(40)
        for b in (self.edit_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.labels_button)
        layout.addLayout(buttons)
        self.setFocusProxy(self.list)

        self._timer = QTimer(self, singleShot=True, interval=150)   # search as you type
        self._timer.timeout.connect(self.refresh)
        self.filter_box.textChanged.connect(self._timer.start)
        for box in (self.color_box, self.tag_box, self.scope_box):
            box.currentIndexChanged.connect(self.refresh)
        self.list.activated.connect(self.on_item_activated)
        self.list.activated_key.connect(self.on_item_activated)
        self.list.edit_key.connect(self.on_edit)
        self.list.remove_key.connect(self.on_remove)
        self.list.escape_pressed.connect(self.escape_pressed)
        self.list.customContextMenuRequested.connect(self.on_context_menu)
        self.edit_button.clicked.connect(lambda: self.on_edit(self.list.currentIndex()))
        self.remove_button.clicked.connect(self.on_remove)
        self.labels_button.clicked.connect(self.labels_requested)
        self._fill_filters()

    # -- filters --------------------------------------------------------------------------------
    def _fill_filters(self) -> None:
        hl = self._lib.highlights
        color, tag = self.color_box.currentData(), self.tag_box.currentData()
        for box in (self.color_box, self.tag_box):
            box.blockSignals(True)
            box.clear()
        self.color_box.addItem("All colours", None)
        for name, label in hl.labels().items():
            self.color_box.addItem(swatch(name), label, name)
        self.tag_box.addItem("All tags", None)
        for t in hl.tags():
            self.tag_box.addItem(f"#{t}", t)
        for box, value in ((self.color_box, color), (self.tag_box, tag)):
            box.setCurrentIndex(max(0, box.findData(value)))
            box.blockSignals(False)

    def set_filters(self, *, query: str | None = None, color: str | None = "",
                    tag: str | None = "", scope: str | None = None) -> None:
        """Set what to show ("" leaves a filter as it is; None clears it) and read again."""
        if query is not None:
            self.filter_box.setText(query)
        for box, value in ((self.color_box, color), (self.tag_box, tag)):
            if value != "":
                box.setCurrentIndex(max(0, box.findData(value)))
        if scope is not None:
            self.scope_box.setCurrentIndex(self.scope_box.findData(scope))
        self.refresh()

    def set_current_document(self, doc_id: str | None) -> None:
        if doc_id != self._doc_id:
            self._doc_id = doc_id
            if self.scope_box.currentData() == THIS_DOC:
                self.refresh_later()

    # -- content --------------------------------------------------------------------------------
    def refresh_later(self) -> None:
        """Read again now if shown, else when next shown."""
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def refresh(self) -> None:
        self._timer.stop()
        self._dirty = False
        hl = self._lib.highlights
        if self.tag_box.count() != len(hl.tags()) + 1 or self.color_box.count() < 2:
            self._fill_filters()
        this = self.scope_box.currentData() == THIS_DOC
        docs = ([self._doc_id] if self._doc_id else []) if this else None
        items = hl.list(docs, color=self.color_box.currentData(),
                        tag=self.tag_box.currentData(), query=self.filter_box.text())
        rows = self._lib.store.get_many({h.doc_id for h in items}, with_text=False)
        labels = hl.labels()
        current = self.current_highlight()
        self.model.set_entries([
            Entry(h, (rows[h.doc_id].title or h.doc_id) if h.doc_id in rows
                  else f"{h.doc_id} (removed)", labels.get(h.color, h.color)) for h in items])
        total = len(hl.list()) if docs is not None or self.filter_box.text() or \
            self.color_box.currentData() or self.tag_box.currentData() else len(items)
        self.count_label.setText(
            f"{len(items)} of {total} highlights" if len(items) != total else
            f"{total} highlight{'s' if total != 1 else ''}" if total else
            "No highlights yet: select text in a document and press H.")
        if current is not None:
            self.select(current.id)
        self.edit_button.setEnabled(bool(items))
        self.remove_button.setEnabled(bool(items))

    def on_documents_changed(self, ids: list) -> None:
        self.refresh_later()       # re-anchored, orphaned or removed with their documents

    def on_labels_changed(self) -> None:
        self._fill_filters()
        self.refresh_later()

    def select(self, hid: int) -> bool:
        row = self.model.row_of(hid)
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row))
            self.list.scrollTo(self.model.index(row))
        return row >= 0

    def current_highlight(self):
        return self.list.currentIndex().data(HIGHLIGHT_ROLE)

    def selected_highlights(self) -> list:
        rows = sorted(i.row() for i in self.list.selectionModel().selectedIndexes())
        chosen = [self.model.index(r).data(HIGHLIGHT_ROLE) for r in rows]
        current = self.current_highlight()
        return chosen or ([current] if current is not None else [])

    # -- slots ----------------------------------------------------------------------------------
    def on_item_activated(self, index: QModelIndex) -> None:
        h = index.data(HIGHLIGHT_ROLE)
        if h is not None:
            self.highlight_activated.emit(h)

    def on_edit(self, index: QModelIndex) -> None:
        h = index.data(HIGHLIGHT_ROLE)
        if h is not None:
            self.edit_requested.emit(h)

    def on_remove(self) -> None:
        chosen = self.selected_highlights()
        if chosen:
            self.remove_requested.emit(chosen)

    def on_context_menu(self, pos: QPoint) -> None:
        index = self.list.indexAt(pos)
        if not index.isValid():
            return
        menu = QMenu(self)
        menu.addAction("Open in the Document", lambda: self.on_item_activated(index))
        menu.addAction("Edit Note, Tags and Colour…", lambda: self.on_edit(index))
        menu.addAction("Remove", self.on_remove)
        menu.addSeparator()
        menu.addAction("Colour Labels…", self.labels_requested.emit)
        menu.popup(self.list.viewport().mapToGlobal(pos))
