"""Files an import could not read, collected in one panel at the end of the batch (never one
modal dialog per file). The panel shows the last import; the earlier ones of this session stay
reachable from its batch list, newest first."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from ..wording import count

MAX_BATCHES = 20                    # earlier imports kept in the list, this session


@dataclass
class Batch:
    when: str                                   # "14:02:31"
    imported: int
    failed: list[tuple[str, str]] = field(default_factory=list)   # (path, reason)

    def label(self, last: bool) -> str:
        what = count(len(self.failed), "problem") if self.failed else "no problems"
        return f"{'Last import' if last else 'Import'} at {self.when}: {what}"


class ImportProblems(QWidget):
    close_requested = Signal()      # the person is done with the list

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.batches: list[Batch] = []          # newest first
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.batch_box = QComboBox()
        self.batch_box.setAccessibleName("Import batch")
        self.batch_box.setToolTip("The last import's problems; earlier imports of this session "
                                  "are in the list")
        self.batch_box.currentIndexChanged.connect(self._show_batch)
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
        clear.setToolTip("Forget every import's problems and close the panel")
        clear.clicked.connect(self.on_clear)
        buttons = QHBoxLayout()
        buttons.addWidget(self.batch_box)
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(copy)
        buttons.addWidget(clear)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(buttons)
        layout.addWidget(self.tree, 1)
        self.setFocusProxy(self.tree)

    def add_batch(self, failed: list[dict], imported: int) -> None:
        """One import finished: ``failed`` is its report's [{"path", "error"}] (maybe none).
        It becomes the batch shown."""
        batch = Batch(time.strftime("%H:%M:%S"), imported,
                      [(f["path"], f["error"]) for f in failed])
        self.batches = [batch] + self.batches[:MAX_BATCHES - 1]
        self.batch_box.blockSignals(True)
        self.batch_box.clear()
        for n, b in enumerate(self.batches):
            self.batch_box.addItem(b.label(n == 0))
        self.batch_box.blockSignals(False)
        self.batch_box.setCurrentIndex(0)
        self._show_batch(0)

    def _show_batch(self, row: int) -> None:
        self.tree.clear()
        if not 0 <= row < len(self.batches):
            self.summary.setText("")
            return
        batch = self.batches[row]
        for path, error in batch.failed:
            item = QTreeWidgetItem([path, error])
            item.setToolTip(0, path)
            item.setToolTip(1, error)
            self.tree.addTopLevelItem(item)
        self.tree.resizeColumnToContents(0)
        if self.tree.columnWidth(0) > 420:
            self.tree.setColumnWidth(0, 420)
        brought = f"brought in {count(batch.imported, 'document')}"
        if batch.failed:
            self.summary.setText(f"{count(len(batch.failed), 'file')} could not be imported "
                                 f"(that import {brought}).")
        else:
            earlier = " Earlier imports' problems are in the list." if len(self.batches) > 1 \
                else ""
            self.summary.setText(f"Every file was imported ({brought}).{earlier}")

    def failures(self) -> list[tuple[str, str]]:
        """The (path, reason) pairs of the batch shown."""
        return [(self.tree.topLevelItem(i).text(0), self.tree.topLevelItem(i).text(1))
                for i in range(self.tree.topLevelItemCount())]

    def on_copy(self) -> None:
        QGuiApplication.clipboard().setText(
            "\n".join(f"{path}: {error}" for path, error in self.failures()))

    def on_clear(self) -> None:
        self.batches = []
        self.batch_box.clear()
        self.tree.clear()
        self.summary.setText("")
        self.close_requested.emit()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_requested.emit()
        else:
            super().keyPressEvent(event)
