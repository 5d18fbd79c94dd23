"""File → Import URL…: one line for the address of a web page; Enter imports it. The window
opens it without blocking (``open()``) and hands the address to the import queue when it is
accepted; the download and its failures are the import's (the Import Problems panel)."""

from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout,
                               QWidget)

from ...core.importers.fetch import is_web_address


def web_address(text: str) -> str:
    """The web address ``text`` holds (one word with a scheme: "https://…"), or ""."""
    words = text.split()
    return words[0] if len(words) == 1 and is_web_address(words[0]) else ""


class UrlDialog(QDialog):
    def __init__(self, initial: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Import URL")
        self.setAccessibleName("Import a web page by its address")
        self.edit = QLineEdit(initial)
        self.edit.setPlaceholderText("https://…")
        self.edit.setAccessibleName("Address of the web page")
        self.edit.selectAll()
        self.edit.setMinimumWidth(460)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.edit.textChanged.connect(self.on_text_changed)
        self.on_text_changed(initial)
        layout = QVBoxLayout(self)
        label = QLabel("Address of an article on the web (a page, a PDF, a text file). It is "
                       "downloaded once and kept in the library like a saved page.")
        label.setWordWrap(True)
        label.setBuddy(self.edit)
        layout.addWidget(label)
        layout.addWidget(self.edit)
        layout.addWidget(self.buttons)

    def address(self) -> str:
        """What was typed, with "https://" put before a bare "example.com/story"."""
        text = self.edit.text().strip()
        return text if is_web_address(text) else f"https://{text}"

    def on_text_changed(self, text: str) -> None:
        self.import_button.setEnabled(bool(text.strip()))
