"""The document details dialog (F2): title, source, author, date and url of one document,
prefilled. Enter saves, Esc cancels. A value the library would refuse (an empty title, a date
it cannot read, a url that is no web address) is said under the field, and the dialog stays
open on it; the window saves what ``changes()`` returns, off the GUI thread."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)

from ...core.errors import InvalidArgument
from ...core.meta import FIELDS, validate

_LABELS = {"title": "&Title:", "source": "&Source:", "author": "&Author:", "date": "&Date:",
           "url": "&URL:"}
_HINTS = {"source": "the outlet that published it", "date": "YYYY-MM-DD, e.g. 2024-10-23",
          "url": "https://…"}


class MetadataDialog(QDialog):
    def __init__(self, doc, edited: set[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.doc_id = doc.id
        self.setWindowTitle("Edit Metadata")
        self.setAccessibleName("Edit the document's metadata")
        self._before = {name: getattr(doc, name) for name in FIELDS}
        self._changes: dict[str, str] = {}
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for name in FIELDS:
            field = QLineEdit(self._before[name])
            field.setAccessibleName(name.title())
            field.setPlaceholderText(_HINTS.get(name, ""))
            if name in edited:
                field.setToolTip("Edited by you: a re-import of the file keeps this value")
            form.addRow(_LABELS[name], field)
            self.fields[name] = field
        self.error = QLabel()
        self.error.setAccessibleName("Problem")
        self.error.setWordWrap(True)
        self.error.hide()
        where = QLabel(f"<small>{escape(doc.path or doc.origin or doc.id)}</small>")
        where.setAccessibleName("File")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        note = QLabel("Your edits outlast a re-import of the file. An empty field is cleared "
                      "(but the title).")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(where)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(600, self.sizeHint().height())
        self.fields["title"].setFocus(Qt.FocusReason.OtherFocusReason)
        self.fields["title"].selectAll()

    def accept(self) -> None:
        """Close only on values the library takes; else say why under the form, on the field."""
        changes = {}
        for name, field in self.fields.items():
            if field.text() == self._before[name]:
                continue
            try:
                changes.update(validate({name: field.text()}))
            except InvalidArgument as exc:
                self._show_error(name, str(exc))
                return
        self._changes = changes
        super().accept()

    def _show_error(self, name: str, text: str) -> None:
        text = text[:1].upper() + text[1:]          # the core's reasons start a CLI line
        self.error.setText(f"<span style='color:#c62828'><b>{escape(text)}</b></span>")
        self.error.show()
        field = self.fields[name]
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        field.selectAll()

    def changes(self) -> dict[str, str]:
        """field → value as it will be stored, for the fields that were edited (once accepted)."""
        return dict(self._changes)
