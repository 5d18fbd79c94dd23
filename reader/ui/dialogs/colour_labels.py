"""The colour labels dialog: a name for each highlight colour ("key claim", "doubtful"…).
An empty field gives the colour back its default name."""

from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)

from ...core.highlights import MAX_LABEL, PALETTE
from ..panels.highlights_model import swatch


class ColourLabels(QDialog):
    def __init__(self, labels: dict[str, str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Colour Labels")
        self.setAccessibleName("Colour labels")
        self._labels = dict(labels)
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for n, (color, label) in enumerate(labels.items(), 1):
            field = QLineEdit(label)
            field.setMaxLength(MAX_LABEL)
            field.setPlaceholderText(PALETTE[color][0])
            field.setAccessibleName(f"Label of {color} (key {n})")
            field.addAction(swatch(color), QLineEdit.ActionPosition.LeadingPosition)
            form.addRow(f"{n}  {color}:", field)
            self.fields[color] = field
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Name each colour for what it means to you. The number keys "
                                "1–5 highlight in these colours."))
        layout.addLayout(form)
        layout.addWidget(buttons)

    def changed(self) -> dict[str, str]:
        """colour → new label, for the fields that were edited ("" means the default)."""
        out = {}
        for color, field in self.fields.items():
            text = " ".join(field.text().split())
            if text != self._labels[color]:
                out[color] = text
        return out
