"""Find in the open document: a bar under it with the text, "3 of 11", previous / next."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget


class _FindField(QLineEdit):
    step = Signal(int)          # Enter: +1, Shift+Enter: -1
    escaped = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            self.step.emit(-1 if shift else 1)
        elif event.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
        else:
            super().keyPressEvent(event)


class FindBar(QWidget):
    text_changed = Signal(str)      # what to find (empty: clear the marks)
    step_requested = Signal(int)    # +1 next, -1 previous
    closed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.field = _FindField()
        self.field.setPlaceholderText("Find in this document")
        self.field.setAccessibleName("Find in document")
        self.field.setClearButtonEnabled(True)
        self.count = QLabel("")
        self.count.setMinimumWidth(90)
        self.count.setAccessibleName("Matches")
        prev_btn, next_btn, close_btn = QToolButton(), QToolButton(), QToolButton()
        prev_btn.setText("↑")
        prev_btn.setToolTip("Previous match (Shift+F3, Shift+Enter)")
        prev_btn.setAccessibleName("Previous match")
        next_btn.setText("↓")
        next_btn.setToolTip("Next match (F3, Enter)")
        next_btn.setAccessibleName("Next match")
        close_btn.setText("✕")
        close_btn.setToolTip("Close (Esc)")
        close_btn.setAccessibleName("Close find bar")
        for b in (prev_btn, next_btn, close_btn):
            b.setAutoRaise(True)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(QLabel("Find:"))
        layout.addWidget(self.field, 1)
        layout.addWidget(self.count)
        layout.addWidget(prev_btn)
        layout.addWidget(next_btn)
        layout.addWidget(close_btn)
        self._timer = QTimer(self, singleShot=True, interval=60)
        self._timer.timeout.connect(lambda: self.text_changed.emit(self.field.text()))
        self.field.textChanged.connect(lambda _: self._timer.start())
        self.field.step.connect(self._on_step)
        self.field.escaped.connect(self.close_bar)
        prev_btn.clicked.connect(lambda: self._on_step(-1))
        next_btn.clicked.connect(lambda: self._on_step(1))
        close_btn.clicked.connect(self.close_bar)
        self.setFocusProxy(self.field)
        self.hide()

    def open_bar(self, text: str = "") -> None:
        if text:
            self.field.setText(text)
        self.show()
        self.field.setFocus()
        self.field.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def text(self) -> str:
        return self.field.text()

    def _on_step(self, direction: int) -> None:
        if self._timer.isActive():       # typed and pressed Enter at once: find first
            self._timer.stop()
            self.text_changed.emit(self.field.text())
            if direction > 0:
                return
        self.step_requested.emit(direction)

    def on_count(self, index: int, total: int) -> None:
        if not self.field.text():
            self.count.setText("")
        elif total == 0:
            self.count.setText("No matches")
        else:
            self.count.setText(f"{index} of {total}")
