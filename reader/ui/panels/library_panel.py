"""The library panel: every document with its source, date and link counts; a filter box,
sorting, and a multi-selection that other actions (compare, remove, open as story) use. A
second tab lists the stories (the user's, then those found from the links), each with its
number of sources and of facts in conflict, read off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QStackedWidget, QTabWidget,
                               QTableView, QVBoxLayout, QWidget)

from ...core.stories.found import facts_in_conflict
from ..wording import count
from .library_model import (AGREES, CONFLICTS, DATE, ID_ROLE, SOURCE, TITLE, LibraryModel,
                            link_counts)


class _FilterBox(QLineEdit):
    down_pressed = Signal()     # move into the list below

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.down_pressed.emit()
        elif event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
        else:
            super().keyPressEvent(event)


class _LibraryTable(QTableView):
    """The list: Home and End go to the first and last document; typing a letter or digit
    goes on in the filter box (the window's one-key shortcuts give way to it here)."""

    typed = Signal(str)         # the text of the key typed in the list

    @staticmethod
    def _typing(event: QKeyEvent) -> bool:
        text = event.text()
        mods = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        return (len(text) == 1 and text.isalnum()
                and mods in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier))

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and self._typing(event):
            event.accept()          # the key comes to keyPressEvent, not to a shortcut
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        rows = self.model().rowCount() if self.model() is not None else 0
        if event.key() in (Qt.Key.Key_Home, Qt.Key.Key_End) and rows and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            row = 0 if event.key() == Qt.Key.Key_Home else rows - 1
            index = self.model().index(row, 0)
            self.setCurrentIndex(index)
            self.selectRow(row)
            self.scrollTo(index)
        elif self._typing(event):
            self.typed.emit(event.text())
        else:
            super().keyPressEvent(event)


def _read_library(lib) -> tuple[list, dict]:
    """(documents, link counts): what the list shows (for a copy of an article, the links it
    shows, with those kept on the first copy)."""
    counts = link_counts(lib.links())
    for doc_id in lib.copies():
        counts[doc_id] = link_counts(lib.links_shown(doc_id)).get(doc_id, (0, 0))
    return lib.documents(), counts


def _read_stories(lib, cancel) -> list[tuple]:
    """[(story, sources, facts in conflict)]: the stories as the list shows them."""
    stories, links = lib.stories(), lib.links(relation="conflicts")
    docs = {d.id: d for d in lib.documents()}
    out = []
    for story in stories:
        sources = {docs[d].source or d for d in story.doc_ids if d in docs}
        out.append((story, len(sources), facts_in_conflict(story.doc_ids, links)))
    return out
    yield  # noqa: unreachable - makes this a generator, which is what the worker runs


def _read_job(lib, seq: int, cancel):
    return seq, _read_library(lib)
    yield  # noqa: unreachable - makes this a generator, which is what the worker runs


class LibraryPanel(QWidget):
    document_activated = Signal(str)          # id of the document to open
    selection_changed = Signal(list)          # ids of the selected documents
    refreshed = Signal(int)                   # the list was re-read: how many documents
    story_activated = Signal(object)          # the stories.Story to open

    def __init__(self, library, read_queue, parent: QWidget | None = None):
        super().__init__(parent)
        self._lib = library
        self._queue = read_queue               # a JobQueue for reads, off the GUI thread
        self._refresh_seq = 0
        self.model = LibraryModel(self)

        self.filter_box = _FilterBox()
        self.filter_box.setPlaceholderText("Filter by title or source")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.setAccessibleName("Filter the library")
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Documents shown")

        self.table = _LibraryTable()
        self.table.setAccessibleName("Library")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(DATE, Qt.SortOrder.DescendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)        # a title takes two lines, elided after the second
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(SOURCE, QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        header.setMinimumSectionSize(10)
        em = self.table.fontMetrics().horizontalAdvance("0")
        for col, width in ((SOURCE, 8 * em), (DATE, 11 * em), (AGREES, 4 * em),
                           (CONFLICTS, 4 * em)):
            header.resizeSection(col, width)
        for col in (DATE, AGREES, CONFLICTS):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.verticalHeader().setDefaultSectionSize(   # two lines: titles read at a glance
            2 * self.table.fontMetrics().lineSpacing() + 8)

        self.empty = QLabel("No articles yet.\n\nThey will be listed here, with how many "
                            "passages of other sources agree or conflict with each.")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty.setAccessibleName("The library is empty")
        self.table.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        list_page = QWidget()
        lay = QVBoxLayout(list_page)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        lay.addWidget(self.filter_box)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.count_label)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(list_page)
        self.stories = QListWidget()
        self.stories.setAccessibleName("Stories")
        self.stories.setWordWrap(True)
        self.stories.setAlternatingRowColors(True)
        self.stories.setSpacing(2)
        self._story_id: str | None = None     # the story on screen: current in the list
        self.stories.itemActivated.connect(self.on_story_activated)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.stack, "Documents")
        self.tabs.addTab(self.stories, "Stories")
        self.tabs.currentChanged.connect(self.on_tab_changed)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.addWidget(self.tabs)

        self.filter_box.textChanged.connect(self.on_filter_changed)
        self.filter_box.down_pressed.connect(self.on_filter_down)
        self.filter_box.returnPressed.connect(self.on_filter_down)
        self.table.activated.connect(self.on_row_activated)
        self.table.typed.connect(self.on_typed_in_list)
        self.table.selectionModel().selectionChanged.connect(self.on_selection_changed)

    # -- content --------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the documents and their link counts now, keeping the selection."""
        self._apply(_read_library(self._lib))

    def refresh_later(self) -> None:
        """The same, read off the GUI thread (22,000 documents take ~0.2 s to read)."""
        self._refresh_seq += 1
        seq, lib = self._refresh_seq, self._lib
        job = self._queue.submit("read", "Reading the library",
                                 lambda cancel: _read_job(lib, seq, cancel))
        job.signals.finished.connect(self.on_library_read)

    def on_library_read(self, out) -> None:
        seq, listing = out
        if seq == self._refresh_seq:          # an older read finished after a newer one began
            self._apply(listing)

    def _apply(self, listing) -> None:
        docs, counts = listing
        keep = self.selected_ids()
        current = self.table.currentIndex().data(ID_ROLE)
        self.model.set_documents(docs, counts)
        self.stack.setCurrentIndex(1 if docs else 0)
        self.select_ids(keep, current)
        self._update_count()
        self.refreshed.emit(len(docs))
        if self.tabs.currentWidget() is self.stories:
            self.refresh_stories()

    def refresh_stories(self) -> None:
        """Re-read the stories, off the GUI thread (they are found from every link: read
        when the Stories tab is shown, not for a person who never looks at it)."""
        job = self._queue.submit("read", "Reading the stories",
                                 lambda cancel: _read_stories(self._lib, cancel))
        job.signals.finished.connect(self.on_stories_read)

    def on_stories_read(self, listing: list) -> None:
        keep = self._story_id or getattr(self.current_story(), "id", None)
        self.stories.clear()
        for story, sources, conflicts in listing:
            mine = " · yours" if story.made_by == "user" else ""
            item = QListWidgetItem(f"{story.title}\n{count(sources, 'source')} · "
                                   f"{count(conflicts, 'fact')} in conflict{mine}")
            item.setData(Qt.ItemDataRole.UserRole, story)
            item.setToolTip(f"{story.title}: {count(len(story.doc_ids), 'document')}")
            self.stories.addItem(item)
            if story.id == keep:
                self.stories.setCurrentItem(item)
        if self.stories.currentItem() is None and self.stories.count():
            self.stories.setCurrentRow(0)

    def current_story(self):
        """The story current in the stories list (None when there is none)."""
        item = self.stories.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def show_current_story(self, story_id: str) -> None:
        """Make the story on screen the list's current one (now, and after a re-read)."""
        self._story_id = story_id
        for n in range(self.stories.count()):
            if self.stories.item(n).data(Qt.ItemDataRole.UserRole).id == story_id:
                self.stories.setCurrentRow(n)

    def story_list(self) -> list:
        return [self.stories.item(n).data(Qt.ItemDataRole.UserRole)
                for n in range(self.stories.count())]

    def focus_stories(self) -> None:
        """The stories tab, the keyboard focus in its list."""
        self.tabs.setCurrentWidget(self.stories)
        self.stories.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def set_context_actions(self, documents: list, stories: list) -> None:
        """The commands the lists' context menus offer (the window's actions)."""
        for widget, actions in ((self.table, documents), (self.stories, stories)):
            widget.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
            widget.addActions(actions)

    def label_of(self, doc_id: str) -> str:
        """A short name for a document: its source, else its title."""
        d = self.model.find(doc_id)
        if d is None:
            return doc_id
        title = d.title or doc_id
        return d.source or (title if len(title) <= 48 else title[:46].rstrip() + "…")

    def focus_list(self) -> None:
        """Keyboard focus to the list, on the current (or first) document."""
        self.tabs.setCurrentWidget(self.stack)
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def title_of(self, doc_id: str) -> str:
        d = self.model.find(doc_id)
        return (d.title or doc_id) if d is not None else doc_id

    def document_count(self) -> int:
        return self.model.total()

    def first_id(self) -> str | None:
        """The document in the first row, as sorted and filtered."""
        index = self.model.index(0, 0)
        return index.data(ID_ROLE) if index.isValid() else None

    def current_id(self) -> str | None:
        """The document of the list's current row (where its keyboard cursor is)."""
        return self.table.currentIndex().data(ID_ROLE)

    def selected_ids(self) -> list[str]:
        rows = self.table.selectionModel().selectedRows()
        return [r.data(ID_ROLE) for r in sorted(rows, key=lambda r: r.row())]

    def select_ids(self, ids: list[str], current: str | None = None) -> None:
        sel = self.table.selectionModel()
        sel.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for doc_id in ids:
            row = self.model.row_of(doc_id)
            if row >= 0:
                sel.select(self.model.index(row, 0), flags)
        if current:
            self.show_current(current, select=False)

    def show_current(self, doc_id: str, select: bool = True) -> None:
        """Make ``doc_id`` the current row (the document open in the reader)."""
        row = self.model.row_of(doc_id)
        if row < 0:
            return
        index = self.model.index(row, 0)
        flag = QItemSelectionModel.SelectionFlag.ClearAndSelect if select else \
            QItemSelectionModel.SelectionFlag.NoUpdate
        self.table.selectionModel().setCurrentIndex(
            index, flag | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def header_state(self) -> QByteArray:
        return self.table.horizontalHeader().saveState()

    def restore_header(self, state) -> None:
        if state:
            self.table.horizontalHeader().restoreState(state)

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total()
        self.count_label.setText(count(total, "document") if shown == total
                                 else f"{shown:,} of {total:,} documents")

    # -- slots ----------------------------------------------------------------------------------
    def on_filter_changed(self, text: str) -> None:
        keep = self.selected_ids()
        self.model.set_filter(text)
        self.select_ids(keep)
        self._update_count()

    def on_filter_down(self) -> None:
        self.table.setFocus()
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.selectRow(0)

    def on_typed_in_list(self, text: str) -> None:
        self.filter_box.setFocus(Qt.FocusReason.OtherFocusReason)
        self.filter_box.insert(text)

    def on_row_activated(self, index) -> None:
        doc_id = index.data(ID_ROLE)
        if doc_id:
            self.document_activated.emit(doc_id)

    def on_tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.stories:
            self.refresh_stories()

    def on_story_activated(self, item: QListWidgetItem) -> None:
        self.story_activated.emit(item.data(Qt.ItemDataRole.UserRole))

    def on_selection_changed(self, *_) -> None:
        self.selection_changed.emit(self.selected_ids())
