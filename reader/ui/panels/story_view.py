"""The story view (issue 16): a story's matrix, shown in the centre of the window. One column
per source (outlet and date, by publication time) after a first column naming the fact and its
values side by side; one row per fact, conflicts first. Each cell is a source's wording with the
value in bold, marked agrees / conflicts / updates, or "not reported". Filters: only conflicts,
and the facts a chosen source omits. Arrows move between cells, Enter opens the passage in its
document, Esc leaves the view.

The matrix is read off the GUI thread (the read queue); a later request drops an earlier one's
answer. Rows have one height (a cell shows a cut of its claim around the value), so painting
lays out only the cells in view."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout,
                               QHeaderView, QLabel, QSizePolicy, QTableView, QVBoxLayout,
                               QWidget)

from ..reading.story_cells import cell_html, cell_tip, fact_html, header_text, missing_html
from ..theme import Theme
from ..wording import count
from .html_delegate import HTML_ROLE, HtmlDelegate

CELL_ROLE = Qt.ItemDataRole.UserRole + 21      # the stories.Cell of a source's cell, or None
LINES = 8                                       # text lines a row shows


class StoryModel(QAbstractTableModel):
    """The matrix's rows as shown (filtered); column 0 is the fact, column n the n-th source."""

    def __init__(self, theme: Theme, parent=None):
        super().__init__(parent)
        self.theme = theme
        self.matrix = None
        self.rows: list = []
        self.only_conflicts = False
        self.omitted_by: str | None = None      # doc id: the facts that source leaves out

    def set_matrix(self, matrix) -> None:
        self.beginResetModel()
        self.matrix = matrix
        self.rows = self._filtered()
        self.endResetModel()

    def set_filters(self, only_conflicts: bool, omitted_by: str | None) -> None:
        self.beginResetModel()
        self.only_conflicts, self.omitted_by = only_conflicts, omitted_by
        self.rows = self._filtered()
        self.endResetModel()

    def _filtered(self) -> list:
        rows = self.matrix.rows if self.matrix is not None else []
        if self.only_conflicts:
            rows = [r for r in rows if r.status == "conflicts"]
        if self.omitted_by:
            rows = [r for r in rows if self.omitted_by not in r.cells]
        return rows

    def column_ids(self) -> list[str]:
        return self.matrix.order() if self.matrix is not None else []

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() or self.matrix is None else 1 + len(self.matrix.columns)

    def cell(self, index: QModelIndex):
        if not index.isValid() or index.column() == 0:
            return None
        doc_id = self.matrix.columns[index.column() - 1].doc_id
        return self.rows[index.row()].cells.get(doc_id)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        cell = self.cell(index)
        if role == HTML_ROLE:
            if index.column() == 0:
                return fact_html(row, self.theme)
            return cell_html(cell, self.theme) if cell else missing_html(self.theme)
        if role == CELL_ROLE:
            return cell
        if role == Qt.ItemDataRole.BackgroundRole:
            relation = cell.relation if cell else row.status if index.column() == 0 else None
            tint = self.theme.tint.get(relation) if relation else None
            return QBrush(tint) if tint is not None else None
        if role == Qt.ItemDataRole.ToolTipRole and cell is not None:
            return cell_tip(cell)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if index.column() == 0:
                return f"{row.fact or 'fact'}: {row.status}, {' | '.join(row.values)}"
            return f"{cell.relation}: {cell.text}" if cell else "not reported"
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or self.matrix is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return "Fact" if section == 0 else header_text(self.matrix.columns[section - 1])
        if role == Qt.ItemDataRole.ToolTipRole and section:
            column = self.matrix.columns[section - 1]
            return f"{column.title}\n{column.source} · {column.date}"
        return None


class _MatrixTable(QTableView):
    """Enter opens the current cell's passage; Esc leaves the story."""

    activated_cell = Signal()       # Enter on a cell
    escaped = Signal()              # Esc: leave the story view

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activated_cell.emit()
        elif event.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
        else:
            super().keyPressEvent(event)


def _matrix_job(lib, story, seq: int, cancel):
    """The matrix of ``story``, named and identified as the story (not as its documents)."""
    matrix = lib.story_matrix(story.doc_ids)
    matrix.story = story
    return seq, matrix
    yield  # noqa: unreachable - makes this a generator, which is what the worker runs


def _prepare_job(lib, cancel):
    lib.prepare_stories()
    return None
    yield  # noqa: unreachable - makes this a generator, which is what the worker runs


class StoryView(QWidget):
    passage_activated = Signal(str, int, int)    # doc id, start, end: open it, the span selected
    escape_pressed = Signal()                    # Esc: leave the story view
    shown = Signal(object)                       # the Matrix now on screen

    def __init__(self, library, read_queue, theme: Theme, parent: QWidget | None = None):
        super().__init__(parent)
        self._lib = library
        self._queue = read_queue
        self._seq = 0
        self._cell: tuple[int, int] | None = None      # where to put the cursor once shown
        self.story = None
        self.model = StoryModel(theme, self)

        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.summary = QLabel()
        self.summary.setAccessibleName("Story summary")
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.only_conflicts = QCheckBox("Only conflicts")
        self.only_conflicts.setAccessibleName("Show only the facts the sources disagree on")
        self.omitted = QComboBox()
        self.omitted.setAccessibleName("Show the facts a source omits")
        self.omitted.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.omitted.setMinimumContentsLength(10)   # the window's centre stays narrow-able
        self.omitted.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.omitted.setMaximumWidth(24 * self.fontMetrics().horizontalAdvance("0"))

        self.table = _MatrixTable()
        self.table.setAccessibleName("Story matrix")
        self.table.setModel(self.model)
        self.table.setItemDelegate(HtmlDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.verticalHeader().hide()
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(LINES * self.table.fontMetrics().lineSpacing() + 14)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(True)
        self.table.activated_cell.connect(self.on_cell_activated)
        self.table.escaped.connect(self.escape_pressed)
        self.table.doubleClicked.connect(lambda _index: self.on_cell_activated())
        self.only_conflicts.toggled.connect(self.on_filter_changed)
        self.omitted.currentIndexChanged.connect(self.on_filter_changed)

        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.only_conflicts)
        bar.addWidget(self.omitted)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 0)
        lay.addWidget(self.title)
        lay.addLayout(bar)
        lay.addWidget(self.table, 1)

    # -- content --------------------------------------------------------------------------------
    def prepare(self):
        """Load what a matrix needs off the GUI thread, once, so that the first story opens
        as fast as the next (Library.prepare_stories); the window asks this when idle. The
        job is returned."""
        lib = self._lib
        return self._queue.submit("read", "Preparing stories",
                                  lambda cancel: _prepare_job(lib, cancel))

    def show_story(self, story, cell: tuple[int, int] | None = None) -> None:
        """Show ``story``'s matrix (read off the GUI thread), the cursor on ``cell`` (row,
        column) or on the first source's first fact. The same story shown again keeps its
        matrix: Back returns at once."""
        same = self.story is not None and self.model.matrix is not None and \
            (story.id, story.doc_ids) == (self.story.id, self.story.doc_ids)
        self.story = story
        self.title.setText(story.title)
        if same:
            self._cell = cell
            self._place_cursor()
            return
        self._seq += 1
        self._cell = cell
        self.model.set_matrix(None)         # not another story's rows under this title
        self.summary.setText("Reading the story…")
        seq, lib = self._seq, self._lib
        job = self._queue.submit("read", "Reading the story",
                                 lambda cancel: _matrix_job(lib, story, seq, cancel))
        job.signals.finished.connect(self.on_matrix_read)
        job.signals.failed.connect(self.summary.setText)

    def reload(self) -> None:
        """Read the story again (its documents or links changed), the cursor kept."""
        if self.story is not None:
            here, self.model.matrix = self.current_cell(), None
            self.show_story(self.story, here)

    def on_matrix_read(self, out) -> None:
        seq, matrix = out
        if seq != self._seq:                # a later story was asked for meanwhile
            return
        keep = self.omitted.currentData()
        self.omitted.blockSignals(True)
        self.omitted.clear()
        self.omitted.addItem("All facts", None)
        for column in matrix.columns:
            self.omitted.addItem(f"Facts {header_text(column).split(chr(10))[0]} omits",
                                 column.doc_id)
        self.omitted.setCurrentIndex(max(0, self.omitted.findData(keep)))
        self.omitted.blockSignals(False)
        self.model.omitted_by = self.omitted.currentData()
        self.model.set_matrix(matrix)
        self._size_columns()
        self._update_summary()
        self._place_cursor()
        self.shown.emit(matrix)

    def _size_columns(self) -> None:
        """The fact column narrow; the sources share the width, none narrower than 26 em
        (more sources scroll sideways)."""
        em = self.table.fontMetrics().horizontalAdvance("0")
        header = self.table.horizontalHeader()
        header.resizeSection(0, 17 * em)
        sources = self.model.columnCount() - 1
        if sources > 0:
            free = self.table.width() - self.table.verticalScrollBar().sizeHint().width() \
                - 17 * em - 4
            for section in range(1, sources + 1):
                header.resizeSection(section, max(26 * em, free // sources))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._size_columns()

    def _update_summary(self) -> None:
        m = self.model.matrix
        conflicts = sum(r.status == "conflicts" for r in m.rows)
        shown = "" if len(self.model.rows) == len(m.rows) else \
            f" ({len(self.model.rows):,} shown)"
        self.summary.setText(f"{count(len(m.columns), 'source')} · {count(len(m.rows), 'fact')}"
                             f"{shown} · {count(conflicts, 'fact')} in conflict")

    def _place_cursor(self) -> None:
        rows, cols = self.model.rowCount(), self.model.columnCount()
        if not rows or cols < 2:
            return
        row, col = self._cell or (0, 1)
        index = self.model.index(min(row, rows - 1), min(max(col, 0), cols - 1))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)

    # -- what the window asks ---------------------------------------------------------------------
    def current_cell(self) -> tuple[int, int] | None:
        index = self.table.currentIndex()
        return (index.row(), index.column()) if index.isValid() else self._cell

    def current_doc(self) -> str | None:
        """The document of the current cell's column (the source the cursor is on)."""
        index = self.table.currentIndex()
        ids = self.model.column_ids()
        return ids[index.column() - 1] if index.isValid() and index.column() > 0 else None

    def set_theme(self, theme: Theme) -> None:
        self.model.theme = theme
        self.model.set_matrix(self.model.matrix)
        self._place_cursor()

    def focus(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- slots ----------------------------------------------------------------------------------
    def on_filter_changed(self, *_) -> None:
        self.model.set_filters(self.only_conflicts.isChecked(), self.omitted.currentData())
        if self.model.matrix is not None:
            self._update_summary()
        self._cell = None
        self._place_cursor()

    def on_cell_activated(self) -> None:
        cell = self.model.cell(self.table.currentIndex())
        if cell is not None:
            self.passage_activated.emit(cell.doc_id, cell.start, cell.end)
