"""Files an import could not read, collected in one panel at the end of the batch (never one
modal dialog per file)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from ..wording import count


class ImportProblems(QWidget):
    close_requested = Signal()      # the person is done with the list

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Files that could not be imported")
        self.tree.setHeaderLabels(["File", "Reason"])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.header().setStretchLastSection(True)
        copy = QPushButton("Copy List")
        copy.clicked.connect(self.on_copy)
        clear = QPushButton("Clear")
        clear.clicked.connect(self.on_clear)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(copy)
        buttons.addWidget(clear)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(buttons)
        layout.addWidget(self.tree, 1)
        self.setFocusProxy(self.tree)

    def add_failures(self, failed: list[dict], imported: int) -> None:
        """``failed``: the import report's [{"path", "error"}]."""
        for f in failed:
            item = QTreeWidgetItem([f["path"], f["error"]])
            item.setToolTip(0, f["path"])
            item.setToolTip(1, f["error"])
            self.tree.addTopLevelItem(item)
        self.tree.resizeColumnToContents(0)
        if self.tree.columnWidth(0) > 420:
            self.tree.setColumnWidth(0, 420)
        n = self.tree.topLevelItemCount()
        self.summary.setText(f"{n} file{'s' if n != 1 else ''} could not be imported "
                             f"(the last import brought in {count(imported, 'document')}).")

    def failures(self) -> list[tuple[str, str]]:
        return [(self.tree.topLevelItem(i).text(0), self.tree.topLevelItem(i).text(1))
                for i in range(self.tree.topLevelItemCount())]

    def on_copy(self) -> None:
        QGuiApplication.clipboard().setText(
            "\n".join(f"{path}: {error}" for path, error in self.failures()))

    def on_clear(self) -> None:
        self.tree.clear()
        self.summary.setText("")
        self.close_requested.emit()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_requested.emit()
        else:
            super().keyPressEvent(event)
