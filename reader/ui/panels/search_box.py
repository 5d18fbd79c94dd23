"""The library search field: debounced search-as-you-type, Up/Down to move through the
results, Enter to open one, Esc to go back to reading."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

DEBOUNCE_MS = 20      # a pause this long in typing runs the search


class SearchBox(QLineEdit):
    query_changed = Signal(str)     # the text, once typing pauses (empty: the search was cleared)
    step = Signal(int)              # +1 Down / -1 Up: move through the results
    page = Signal(int)              # +1 PageDown / -1 PageUp
    accepted = Signal()             # Enter: open the current result
    escaped = Signal()              # Esc: leave the search
    focused = Signal()              # the person moved the focus here (click, Tab)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText("Search the library  (Ctrl+K)")
        self.setClearButtonEnabled(True)
        self.setAccessibleName("Search the library")
        self.setToolTip("Search every article: words, \"phrases\", title:…, source:…, date:2024, "
                        "AND / OR / NOT. Ctrl+K, Ctrl+L or /")
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self._fire)
        self.textEdited.connect(self._on_edited)
        self.textChanged.connect(self._on_changed)

    def on_query_chosen(self, text: str) -> None:
        """Put ``text`` in the field and search for it now."""
        self.setText(text)
        self._timer.stop()
        self._fire()

    def _on_edited(self, _text: str) -> None:
        self._timer.start()

    def _on_changed(self, text: str) -> None:
        if not text and not self._timer.isActive():     # the clear button
            self._timer.start()

    def _fire(self) -> None:
        self.query_changed.emit(self.text().strip())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Down:
            self.step.emit(1)
        elif key == Qt.Key.Key_Up:
            self.step.emit(-1)
        elif key == Qt.Key.Key_PageDown:
            self.page.emit(1)
        elif key == Qt.Key.Key_PageUp:
            self.page.emit(-1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._timer.isActive():          # Enter before the pause: search first
                self._timer.stop()
                self._fire()
            self.accepted.emit()
        elif key == Qt.Key.Key_Escape:
            self.escaped.emit()
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if event.reason() in (Qt.FocusReason.MouseFocusReason, Qt.FocusReason.TabFocusReason,
                              Qt.FocusReason.BacktabFocusReason):
            self.focused.emit()
