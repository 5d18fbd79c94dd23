"""A small dialog for a link the user makes or relabels: the two passages, the relation
(agrees, conflicts, related, updates: radio buttons with mnemonics, or the keys 1 to 4) and,
for a link of the user's own, a note; Enter saves. The window opens it without blocking
(``open()``) and saves what it holds when it is accepted."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QButtonGroup, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QLineEdit, QRadioButton, QVBoxLayout, QWidget)

from ..panels.highlights_model import clip

# the relations in the order of their keys 1, 2, 3, with their mnemonics
CHOICES = (("agrees", "&Agrees"), ("conflicts", "&Conflicts"), ("related", "&Related"),
           ("updates", "&Updates"))        # updates: the second passage's figure replaces the first's
_KEYS = {Qt.Key.Key_1: 0, Qt.Key.Key_2: 1, Qt.Key.Key_3: 2, Qt.Key.Key_4: 3}


class LinkDialog(QDialog):
    """``passages``: ((title, quote), (title, quote)). ``with_note``: the note field (a link
    the user made has one; the engine's link only a relation)."""

    def __init__(self, title: str, passages, relation: str, *, note: str = "",
                 with_note: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        shown = "<br><br>".join(f"<i>“{escape(clip(quote, 240))}”</i><br>{escape(name)}"
                                for name, quote in passages)
        quotes = QLabel(shown)
        quotes.setWordWrap(True)
        quotes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        row = QVBoxLayout()
        for n, (name, text) in enumerate(CHOICES, 1):
            button = QRadioButton(f"{text}   {n}")
            button.setAccessibleName(f"{text.replace('&', '')} (key {n})")
            self.group.addButton(button, n - 1)
            self.buttons[name] = button
            row.addWidget(button)
        chosen = self.buttons.get(relation, self.buttons["agrees"])
        chosen.setChecked(True)
        self.note_edit = QLineEdit(note)
        self.note_edit.setAccessibleName("Note")
        self.note_edit.setPlaceholderText("Why (optional)")
        form = QFormLayout()
        form.addRow("Relation:", row)
        if with_note:
            form.addRow("&Note:", self.note_edit)
        else:
            self.note_edit.hide()
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                               | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(quotes)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(box)
        box.button(QDialogButtonBox.StandardButton.Save).setDefault(True)   # Enter saves
        self.resize(480, 340)
        chosen.setFocus(Qt.FocusReason.OtherFocusReason)

    def relation(self) -> str:
        return CHOICES[max(0, self.group.checkedId())][0]

    def note(self) -> str:
        return " ".join(self.note_edit.text().split())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """1, 2, 3 choose the relation (the note field keeps its digits)."""
        if event.key() in _KEYS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.group.button(_KEYS[event.key()]).setChecked(True)
            self.group.button(_KEYS[event.key()]).setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            super().keyPressEvent(event)
