"""A small dialog to edit one highlight: its colour (by label), its note and its tags. The
window opens it without blocking (``open()``) and saves what it holds when it is accepted;
tests fill its fields and call ``accept()``."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QCompleter, QDialog, QDialogButtonBox, QFormLayout,
                               QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget)

from ...core.highlights import Highlight
from ..panels.highlights_model import clip, swatch


def parse_tags(text: str) -> list[str]:
    """Tags typed as "war, troops" or "#war #troops"."""
    parts = text.replace("#", ",").split(",") if "," in text or "#" in text else text.split()
    return [p.strip() for p in parts if p.strip()]


class HighlightEditor(QDialog):
    def __init__(self, highlight: Highlight, labels: dict[str, str], known_tags: list[str],
                 title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.highlight = highlight
        self.setWindowTitle("Edit Highlight")
        self.setAccessibleName("Edit highlight")
        quote = QLabel(f"<i>“{escape(clip(highlight.quote, 400))}”</i><br>"
                       f"<span>{escape(title)}</span>")
        quote.setWordWrap(True)
        quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.color_box = QComboBox()
        self.color_box.setAccessibleName("Colour")
        for name, label in labels.items():
            self.color_box.addItem(swatch(name), f"{label} ({name})", name)
        self.color_box.setCurrentIndex(max(0, self.color_box.findData(highlight.color)))
        self.note_edit = QPlainTextEdit(highlight.note)
        self.note_edit.setAccessibleName("Note")
        self.note_edit.setPlaceholderText("Why this passage matters")
        self.note_edit.setTabChangesFocus(True)
        self.tags_edit = QLineEdit(", ".join(highlight.tags))
        self.tags_edit.setAccessibleName("Tags")
        self.tags_edit.setPlaceholderText("tags, separated by commas")
        if known_tags:
            completer = QCompleter(known_tags, self.tags_edit)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            self.tags_edit.setCompleter(completer)
        form = QFormLayout()
        form.addRow("&Colour:", self.color_box)
        form.addRow("&Note:", self.note_edit)
        form.addRow("&Tags:", self.tags_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(quote)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(460, 320)
        self.note_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_values(self, *, color: str | None = None, note: str | None = None,
                   tags: str | None = None) -> None:
        if color is not None:
            self.color_box.setCurrentIndex(self.color_box.findData(color))
        if note is not None:
            self.note_edit.setPlainText(note)
        if tags is not None:
            self.tags_edit.setText(tags)

    def values(self) -> tuple[str, str, list[str]]:
        """(colour, note, tags) as edited."""
        return (self.color_box.currentData(), self.note_edit.toPlainText().strip(),
                parse_tags(self.tags_edit.text()))
