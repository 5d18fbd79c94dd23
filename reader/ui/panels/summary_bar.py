"""A message that stays until dismissed, above the library and the document: what a paste or a
large import did (imported, unchanged, duplicates, failed, each failure with its reason). The
status bar's message fades after ten seconds; this one waits for the reader (Esc or ×)."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from ..wording import count

SHOWN_FAILURES = 3                  # failures named in the bar; the rest in Import Problems


def import_summary(report, pasted: bool) -> str:
    """The bar's text (HTML) for an ImportReport."""
    if pasted and len(report.imported) == 1 and not report.failed:
        head = f"The pasted text was imported as “{escape(report.imported[0]['title'])}”."
    elif pasted and (report.unchanged or report.duplicates):
        head = "The pasted text is already in the library."
    else:
        parts = [f"Imported {count(len(report.imported), 'document')}"]
        for items, word in ((report.unchanged, "unchanged"),
                            (report.duplicates, "duplicate"), (report.failed, "failed")):
            if items:
                parts.append(f"{len(items):,} {word}" if word != "duplicate"
                             else count(len(items), "duplicate"))
        head = ", ".join(parts) + ("." if not report.cancelled else
                                   " before the import was cancelled.")
    lines = [f"<b>{head}</b>"]
    for f in report.failed[:SHOWN_FAILURES]:
        lines.append(f"{escape(Path(f['path']).name)}: {escape(f['error'])}")
    if report.failed:
        more = len(report.failed) - SHOWN_FAILURES
        link = "Show them in Import Problems" if more <= 0 else \
            f"and {more:,} more: show all in Import Problems"
        lines.append(f"<a href='problems'>{link}</a>")
    return "<br>".join(lines)


class SummaryBar(QFrame):
    problems_requested = Signal()       # "show all problems" was followed
    dismissed = Signal()                # closed by × or Esc

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("summary-bar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Import summary")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                           | Qt.TextInteractionFlag.LinksAccessibleByMouse
                                           | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.label.linkActivated.connect(lambda _href: self.problems_requested.emit())
        close = QToolButton()
        close.setText("×")
        close.setAutoRaise(True)
        close.setToolTip("Dismiss (Esc)")
        close.setAccessibleName("Dismiss the import summary")
        close.clicked.connect(self.dismiss)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 6, 6)
        row.addWidget(self.label, 1)
        row.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.hide()

    def show_text(self, html: str) -> None:
        self.label.setText(html)
        self.show()

    def text(self) -> str:
        return self.label.text()

    def dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.dismiss()
        else:
            super().keyPressEvent(event)
