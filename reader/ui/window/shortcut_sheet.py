"""The keyboard shortcut sheet (F1, Ctrl+/): every command with its keys, by menu, plus the
keys that work inside the search field, the document and the lists."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

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
    ("Links panel: relabel the link (agrees, conflicts, related)", "T, then 1 / 2 / 3, Enter"),
    ("Link dialog: agrees / conflicts / related", "1 / 2 / 3 (or Alt+A / Alt+C / Alt+R)"),
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
        view = QTextBrowser()
        view.setOpenLinks(False)
        view.setHtml(self.html(list(sections) + [IN_PLACE]))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(view)
        layout.addWidget(buttons)
        self.view = view
        view.setFocus(Qt.FocusReason.OtherFocusReason)

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
