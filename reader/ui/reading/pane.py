"""The reading pane: the open document (document_view) with the strip of its linked claims
beside it (overview), the find bar under it, and above it the claims summary line and the
legend of the link colours. It lays them out and wires the signals among them; the window
asks it to show a document, its summary, or nothing, to find in the document, and to follow
a new theme or text size, and hears from it (as from the comparison) when a claim is
activated or selected, a mouse side button pressed, or Esc pressed with no find bar open."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ..theme import Theme
from .document_view import DocumentView
from .find_bar import FindBar
from .linkindex import LinkIndex, summarize, summary_line
from .marks import Marks
from .overview import OverviewBar


class ReadingPane(QWidget):
    claim_activated = Signal(str, int, int)    # doc id, claim start, claim end: show its links
    claim_selected = Signal(str, int, int)     # doc id, claim start, claim end: now current
    history_step = Signal(int)                 # -1 back, +1 forward (mouse side buttons)
    escape_pressed = Signal()                  # Esc in the document, with no find bar open
    copy_activated = Signal(str)               # doc id of a copy named in the summary line

    def __init__(self, theme: Theme, font: QFont, parent: QWidget | None = None):
        super().__init__(parent)
        self.theme = theme
        self.view = DocumentView(theme, font)
        self.overview = OverviewBar(theme)
        self.find_bar = FindBar()
        self.summary = QLabel()
        self.summary.setAccessibleName("Claims summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                             | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.summary.linkActivated.connect(self.copy_activated)
        self.legend = QLabel()
        self.legend.setAccessibleName("Highlight legend")
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(0)
        head = QHBoxLayout()
        head.setContentsMargins(12, 6, 12, 6)
        head.addWidget(self.summary, 1)
        head.addWidget(self.legend)
        col.addLayout(head)
        row = QHBoxLayout()
        row.setSpacing(0)
        row.addWidget(self.view, 1)
        row.addWidget(self.overview)
        col.addLayout(row, 1)
        col.addWidget(self.find_bar)
        self.view.claim_activated.connect(self.claim_activated)
        self.view.claim_selected.connect(self.claim_selected)
        self.view.history_step.connect(self.history_step)
        self.view.escape_pressed.connect(self.on_view_escape)
        self.view.overview_changed.connect(self.overview.on_overview_changed)
        self.overview.jump_requested.connect(self.view.on_jump_requested)
        self.find_bar.text_changed.connect(self.on_find_text)
        self.find_bar.step_requested.connect(self.on_find_step)
        self.find_bar.closed.connect(self.on_find_closed)

    @property
    def doc_id(self) -> str | None:
        """The id of the document shown (None: nothing)."""
        return self.view.doc_id

    def focus_chain(self) -> list[QWidget]:
        """Its widgets that take the focus, in Tab order."""
        return [self.view, self.find_bar.field]

    # -- content ------------------------------------------------------------------------------
    def show_document(self, doc, paragraphs: list[tuple[int, int]], links: LinkIndex,
                      hits: list[tuple[int, int]], *, label_of, marks: Marks,
                      sentences: list[tuple[int, int]] = ()) -> None:
        """Show ``doc`` (a DocumentRow) with its linked claims, the user's highlights
        (``marks``) and the search ``hits`` (its ``sentences``: the caret's steps); a find
        bar left open closes."""
        self.view.show_document(doc, paragraphs, links, hits, label_of=label_of, marks=marks,
                                sentences=sentences)
        if self.find_bar.isVisible():
            self.find_bar.hide()
            self.find_bar.on_count(0, 0)

    def show_summary(self, links: LinkIndex, claims: list[tuple[int, int]],
                     copies: list[tuple[str, str]] = ()) -> None:
        """The line above the document (how many of its ``claims`` other sources corroborate
        or contradict, and the other outlets that published the same article: ``copies``,
        (doc id, label) pairs, each a link) and the legend of the link colours."""
        line = f"<b>{summary_line(summarize(links, claims))}</b>"
        if copies:
            names = ", ".join(f"<a href='{html.escape(d, quote=True)}'>{html.escape(label)}</a>"
                              for d, label in copies)
            line += f"<br>The same article was also published by {names}."
        self.summary.setText(line)
        self.legend.setText(self._legend_html(bool(links.counts().get("updates"))))

    def clear(self) -> None:
        """Show nothing (the window shows a start page instead)."""
        self.view.clear_document()
        self.summary.setText("")
        self.legend.setText("")

    def _legend_html(self, updates: bool) -> str:
        """The legend; updates (a later figure replacing an earlier one) only where the
        document has some, so the common legend stays narrow."""
        css = self.theme.css()
        line = "text-decoration:underline;text-underline-style:{}"
        updated = (f" &nbsp; <span style='color:{css['updates']};{line.format('dash')}'>"
                   "→ updates</span>") if updates else ""
        return (f"<span style='color:{css['conflicts']};{line.format('wave')}'>≠ conflicts</span>"
                f"{updated} &nbsp; <span style='color:{css['agrees']};{line.format('solid')}'>= agrees"
                f"</span> &nbsp; <span style='color:{css['related']};{line.format('dot')}'>"
                "≈ related</span>")

    # -- look ---------------------------------------------------------------------------------
    def set_theme(self, theme: Theme) -> None:
        """Colours for the next document shown (the window shows the open one again)."""
        self.theme = theme
        self.view.theme = theme
        self.overview.set_theme(theme)

    def set_reading_font(self, font: QFont) -> None:
        self.view.set_reading_font(font)

    def set_caret_browsing(self, on: bool) -> None:
        self.view.caret.set_on(on)

    # -- find in the document -----------------------------------------------------------------
    def open_find(self) -> None:
        """Open the find bar on the selected words (if a few) and mark what they match."""
        selected = self.view.textCursor().selectedText()
        self.find_bar.open_bar(selected if 0 < len(selected) < 80 else "")
        self.on_find_text(self.find_bar.text())

    def find_text(self) -> str:
        return self.find_bar.text()

    def find_again(self, direction: int) -> None:
        """The next (+1) or previous (-1) match of the find bar's text; a closed bar reopens."""
        if not self.find_bar.isVisible():
            self.find_bar.show()
            self.on_find_text(self.find_bar.text())
        self.on_find_step(direction)

    def on_view_escape(self) -> None:
        """Esc in the document closes the find bar; with none open, the window decides."""
        if self.find_bar.isVisible():
            self.find_bar.close_bar()
        else:
            self.escape_pressed.emit()

    def on_find_text(self, text: str) -> None:
        self.view.find_all(text)
        self.find_bar.on_count(*self.view.find_position())

    def on_find_step(self, direction: int) -> None:
        self.find_bar.on_count(*self.view.find_step(direction))

    def on_find_closed(self) -> None:
        self.view.clear_find()
        self.find_bar.on_count(0, 0)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
