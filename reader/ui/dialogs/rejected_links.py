"""The links the user rejected, with both passages, the last rejected first; Restore (Enter, a
double-click, or the button) shows the selected one again. The dialog stays open to restore
more; the window does the writing (``restore_requested``)."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QLabel,
                               QListWidget, QListWidgetItem, QVBoxLayout, QWidget)

from ..panels.highlights_model import clip
from ..theme import relation_label
from ..wording import count

LINK_ROLE = Qt.ItemDataRole.UserRole + 1        # the corrections.RejectedLink of a row


def describe(link, title_of: Callable[[str], str]) -> str:
    """One row: the relation the link has now and both passages with their documents."""
    what = relation_label(link.relation) if link.relation else "No longer linked"
    mine = " (made by you)" if link.by == "user" else ""
    return (f"{what}{mine}, rejected {link.decided.replace('T', ' ').rstrip('Z')}\n"
            f"“{clip(link.a_quote, 160)}” — {title_of(link.a_doc)}\n"
            f"“{clip(link.b_quote, 160)}” — {title_of(link.b_doc)}")


class RejectedLinks(QDialog):
    restore_requested = Signal(object)      # the corrections.RejectedLink to show again

    def __init__(self, links: list, title_of: Callable[[str], str],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Rejected Links")
        self.setAccessibleName("Rejected links")
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.list = QListWidget()
        self.list.setAccessibleName("Rejected links")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for link in links:
            item = QListWidgetItem(describe(link, title_of))
            item.setData(LINK_ROLE, link)
            self.list.addItem(item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = buttons.addButton("&Restore",
                                                QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self.on_restore)
        buttons.rejected.connect(self.reject)
        self.list.doubleClicked.connect(self.on_restore)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.restore_button.setDefault(True)        # Enter restores (once in the dialog)
        self.resize(640, 480)
        self.list.setCurrentRow(0)
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update()

    def on_restore(self, *_) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        item = self.list.takeItem(row)
        self.restore_requested.emit(item.data(LINK_ROLE))
        self.list.setCurrentRow(min(row, self.list.count() - 1))
        self._update()

    def _update(self) -> None:
        n = self.list.count()
        self.heading.setText(f"{count(n, 'rejected link')}. Select one and press Enter to "
                             "show it again." if n else
                             "No rejected links: R in the links panel rejects one.")
        self.restore_button.setEnabled(n > 0)
