"""What an empty library shows instead of a blank pane: where to drop articles, and buttons
for the same actions as the File menu."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class DropTarget(QWidget):
    import_files_requested = Signal()      # the person wants to pick files to import
    import_folder_requested = Signal()     # ... or a folder

    def __init__(self, title: str, detail: str, parent: QWidget | None = None,
                 compact: bool = False):
        super().__init__(parent)
        self.setAccessibleName("Drop articles here to import them")
        heading = QLabel(title)
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        heading.setWordWrap(True)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * (1.15 if compact else 1.5))
        font.setBold(True)
        heading.setFont(font)
        text = QLabel(detail)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setWordWrap(True)
        text.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        files = QPushButton("Import Files…")
        files.setToolTip("Ctrl+O")
        folder = QPushButton("Import a Folder…")
        folder.setToolTip("Ctrl+Shift+O")
        files.clicked.connect(self.import_files_requested)
        folder.clicked.connect(self.import_folder_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addStretch(1)
        layout.addWidget(heading)
        layout.addSpacing(8)
        layout.addWidget(text)
        layout.addSpacing(16)
        for button in (files, folder):
            button.setMinimumWidth(180)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(self.palette().color(QPalette.ColorRole.Mid), 2, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRoundedRect(self.rect().adjusted(10, 10, -10, -10), 12, 12)
