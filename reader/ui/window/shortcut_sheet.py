"""The keyboard shortcut sheet (F1, Ctrl+/): every command with its keys, by menu, plus the
keys that work inside the search field, the document and the lists. Typing filters it: the
rows whose command or keys hold every word typed ("highl colour", "ctrl+d")."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QLineEdit, QTextBrowser,
                               QVBoxLayout, QWidget)

IN_PLACE = ("In place", [
    ("Search field: move through results", "Up, Down, Page Up, Page Down"),
    ("Search field: open the result (its hits highlighted)", "Enter"),
    ("Search field: back to the document", "Esc"),
    ("Document: show the links of the claim in view", "Enter"),
    ("Document: page down / up", "Space, Shift+Space"),
    ("Document: back to the search results", "Esc"),
    ("Document, caret browsing (F7): move the caret by character, line, page",
     "Arrows, Page Up, Page Down"),
    ("Document, caret browsing: to the line's / the text's start or end",
     "Home / End, Ctrl+Home / Ctrl+End"),
    ("Document, caret browsing: to the word's end / start", "Ctrl+Right / Ctrl+Left"),
    ("Document, caret browsing: to the sentence's end / start", "Alt+Down / Alt+Up"),
    ("Document, caret browsing: select (then H highlights, M links)",
     "Shift with any of these: Shift+Right, Ctrl+Shift+Right, Alt+Shift+Down…"),
    ("Find bar: next / previous match", "Enter, Shift+Enter"),
    ("Links panel: open the passage", "Enter, click"),
    ("Links panel: pin the link as a highlight / accept it / reject it", "P / A / R"),
    ("Links panel: relabel the link (agrees, conflicts, related, updates)",
     "T, then 1 / 2 / 3 / 4, Enter"),
    ("Link dialog: agrees / conflicts / related / updates",
     "1 / 2 / 3 / 4 (or Alt+A / Alt+C / Alt+R / Alt+U)"),
    ("Rejected links: show the selected link again", "Enter"),
    ("Highlights panel: open the highlight in its document", "Enter, double-click"),
    ("Highlights panel: edit / remove the selected highlights", "E, F2 / Delete"),
    ("Library: open the document", "Enter, double-click"),
    ("Library: move from the filter box to the list", "Down"),
])


class ShortcutSheet(QDialog):
    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        self.setAccessibleName("Keyboard shortcuts")
        self.resize(620, 640)
        self.sections = list(sections) + [IN_PLACE]
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Type to find a command or a key (Esc clears)")
        self.filter.setAccessibleName("Find a shortcut")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.on_filter)
        self.count = QLabel()
        self.count.setAccessibleName("Shortcuts shown")
        view = QTextBrowser()
        view.setOpenLinks(False)
        view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)   # typing goes on to the filter
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(view, 1)
        layout.addWidget(self.count)
        layout.addWidget(buttons)
        self.view = view
        self.on_filter("")
        self.filter.setFocus(Qt.FocusReason.OtherFocusReason)

    def shown(self) -> list[tuple[str, str]]:
        """The (command, keys) rows that match the filter."""
        return [row for _, rows in self._matching(self.filter.text()) for row in rows]

    def _matching(self, text: str):
        words = text.casefold().split()
        out = []
        for title, rows in self.sections:
            keep = [(c, k) for c, k in rows
                    if all(w in f"{title} {c} {k}".casefold() for w in words)]
            if keep:
                out.append((title, keep))
        return out

    def on_filter(self, text: str) -> None:
        sections = self._matching(text)
        self.view.setHtml(self.html(sections) if sections else
                          "<p>No command or key matches. Esc clears the search.</p>")
        n = sum(len(rows) for _, rows in sections)
        total = sum(len(rows) for _, rows in self.sections)
        self.count.setText(f"{n} of {total} shortcuts" if text.strip() else f"{total} shortcuts")

    def keyPressEvent(self, event) -> None:
        """Esc clears the filter first, then closes; a key typed anywhere in the sheet goes to
        the filter."""
        if event.key() == Qt.Key.Key_Escape and self.filter.text():
            self.filter.clear()
            self.filter.setFocus(Qt.FocusReason.OtherFocusReason)
        elif event.text().isprintable() and event.text() and not self.filter.hasFocus():
            self.filter.setFocus(Qt.FocusReason.OtherFocusReason)
            self.filter.insert(event.text())
        else:
            super().keyPressEvent(event)

    @staticmethod
    def html(sections) -> str:
        rows = []
        for title, items in sections:
            rows.append(f"<tr><td colspan=2><h3 style='margin-top:12px'>{escape(title)}</h3>"
                        "</td></tr>")
            for command, keys in items:
                rows.append(f"<tr><td style='padding-right:24px'>{escape(command)}</td>"
                            f"<td><b>{escape(keys)}</b></td></tr>")
        return "<table cellspacing=2>" + "".join(rows) + "</table>"
