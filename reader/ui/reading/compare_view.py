"""Two documents side by side with the links between them: selecting a linked claim on one
side scrolls the other to its match, and the gutter draws every link in view."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from ..theme import Theme
from .document_view import DocumentView
from .link_strip import LinkStrip
from .linkindex import LinkIndex


class CompareView(QWidget):
    claim_activated = Signal(str, int, int)    # doc id, claim start, end: show its links
    claim_selected = Signal(str, int, int)     # doc id, claim start, end: now current on a side
    history_step = Signal(int)                 # -1 back, +1 forward (mouse side buttons)
    escape_pressed = Signal()                  # Esc in either document: leave the comparison

    def __init__(self, theme: Theme, font: QFont, parent: QWidget | None = None):
        super().__init__(parent)
        self.left = DocumentView(theme, font)
        self.right = DocumentView(theme, font)
        self.left.setAccessibleName("Left document")
        self.right.setAccessibleName("Right document")
        self.strip = LinkStrip(theme)
        self.left_title, self.right_title = QLabel(), QLabel()
        self.summary = QLabel()
        self.summary.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.summary.setWordWrap(True)    # unwrapped, its width pushed the side panels aside
        for label in (self.left_title, self.right_title):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(0)
        grid.addWidget(self.summary, 0, 0, 1, 3)
        grid.addWidget(self.left_title, 1, 0)
        grid.addWidget(self.right_title, 1, 2)
        grid.addWidget(self.left, 2, 0)
        grid.addWidget(self.strip, 2, 1)
        grid.addWidget(self.right, 2, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(2, 1)
        self._timer = QTimer(self, singleShot=True, interval=15)
        self._timer.timeout.connect(self._update_strip)
        for view in (self.left, self.right):
            view.scrolled.connect(self._timer.start)
            view.claim_activated.connect(self.claim_activated)
            view.claim_selected.connect(self.claim_selected)
            view.history_step.connect(self.history_step)
            view.escape_pressed.connect(self.escape_pressed)
        self.left.claim_selected.connect(lambda d, s, e: self._follow(self.left, self.right, s, e))
        self.right.claim_selected.connect(lambda d, s, e: self._follow(self.right, self.left, s, e))

    def show_pair(self, a, paras_a, links_a: LinkIndex, b, paras_b, links_b: LinkIndex,
                  label_of, sentences=((), ())) -> None:
        """``a`` and ``b`` are DocumentRows; ``links_*`` their full link indexes;
        ``sentences`` the sentence spans of each, the caret's steps."""
        la, lb = links_a.with_document(b.id), links_b.with_document(a.id)
        self.left.show_document(a, paras_a, la, label_of=label_of, sentences=sentences[0])
        self.right.show_document(b, paras_b, lb, label_of=label_of, sentences=sentences[1])
        self.left_title.setText(f"  {label_of(a.id)}")
        self.right_title.setText(f"  {label_of(b.id)}")
        counts = la.counts()
        updating = f"{counts['updates']} updating, " if counts.get("updates") else ""
        self.summary.setText(f"{counts['conflicts']} conflicting, {updating}"
                             f"{counts['agrees']} agreeing, "
                             f"{counts['related']} related passages between these two documents"
                             "  ·  click a highlighted claim to line up its match")
        self._timer.start()

    def set_theme(self, theme: Theme) -> None:
        """Colours for the next pair shown."""
        for view in (self.left, self.right):
            view.theme = theme
        self.strip.set_theme(theme)

    def set_reading_font(self, font: QFont) -> None:
        for view in (self.left, self.right):
            view.set_reading_font(font)

    def set_caret_browsing(self, on: bool) -> None:
        for view in (self.left, self.right):
            view.caret.set_on(on)

    def active_view(self) -> DocumentView:
        return self.right if self.right.hasFocus() else self.left

    def doc_ids(self) -> tuple[str | None, str | None]:
        return self.left.doc_id, self.right.doc_id

    def _follow(self, this: DocumentView, other: DocumentView, start: int, end: int) -> None:
        claim = this.links.find(start, end)
        if claim is None or not claim.links:
            return
        link = claim.links[0]
        top, _ = this.span_rect_y(claim.start, claim.end)
        where = max(0.0, min(0.9, top / max(1, other.viewport().height())))
        other.select_span(link.start, link.end, where=where)
        self._timer.start()

    def _update_strip(self) -> None:
        lines = []
        h = self.strip.height()
        for claim in self.left.links.claims:
            lt, lb = self._y(self.left, claim.start, claim.end)
            for link in claim.links:
                rt, rb = self._y(self.right, link.start, link.end)
                if (lb < 0 and rb < 0) or (lt > h and rt > h):
                    continue
                lines.append((lt, lb, rt, rb, link.relation))
        self.strip.set_lines(lines)

    def _y(self, view: DocumentView, start: int, end: int) -> tuple[float, float]:
        top, bottom = view.span_rect_y(start, end)
        offset = view.viewport().mapTo(self, QPoint(0, 0)).y() - self.strip.mapTo(
            self, QPoint(0, 0)).y()
        return float(top + offset), float(bottom + offset)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._timer.start()
