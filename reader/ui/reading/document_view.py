"""The reading view: one document with its linked claims highlighted, search hits marked,
find-in-page, and keyboard navigation between linked claims.

A read-only QTextBrowser over a QTextDocument built by doc_render; every position given to
or returned by this widget is a text offset (the library's coordinate system), converted with
the document's OffsetMap.
"""

from __future__ import annotations

import re
from typing import Callable

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QFont, QKeyEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QFrame, QTextBrowser, QTextEdit, QToolTip, QWidget

from ..theme import Theme
from .caret import Caret
from .doc_render import OffsetMap, apply_format, build_document, centre_column, y_of
from .linkindex import Claim, LinkIndex, describe
from .marks import Marks

FLASH_MS = 1400


class DocumentView(QTextBrowser):
    claim_activated = Signal(str, int, int)        # doc id, claim start, claim end: show links
    claim_selected = Signal(str, int, int)         # doc id, claim start, claim end: now current
    history_step = Signal(int)                     # -1 back, +1 forward (mouse side buttons)
    escape_pressed = Signal()                      # Esc, with nothing of its own to close
    overview_changed = Signal(object, float, float)  # [(y fraction, relation)], view top, height
    scrolled = Signal()                            # the visible part changed

    def __init__(self, theme: Theme, font: QFont, parent: QWidget | None = None):
        super().__init__(parent)
        self.theme = theme
        self.reading_font = font
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName("Document")
        self.doc_id: str | None = None
        self.omap = OffsetMap()
        self.links = LinkIndex("")
        self.marks = Marks()
        self._shown: tuple | None = None
        self.label_of: Callable[[str], str] = lambda d: d
        self._qdoc = None
        self._current: Claim | None = None
        self._find: list[tuple[int, int]] = []
        self._find_at = -1
        self._flash: tuple[int, int] | None = None
        self._flash_timer = QTimer(self, singleShot=True, interval=FLASH_MS)
        self._flash_timer.timeout.connect(self._end_flash)
        self._overview_timer = QTimer(self, singleShot=True, interval=30)
        self._overview_timer.timeout.connect(self._emit_overview)
        self._margin = -1.0
        self.caret = Caret(self)              # caret browsing (F7), off until turned on
        self.anchorClicked.connect(self._on_anchor)
        self.verticalScrollBar().valueChanged.connect(self._on_scroll)

    # -- content ------------------------------------------------------------------------------
    def show_document(self, doc, paragraphs: list[tuple[int, int]], links: LinkIndex,
                      hits: list[tuple[int, int]] = (), label_of=None,
                      marks: Marks | None = None, sentences=()) -> None:
        """Show ``doc`` (a DocumentRow) with its linked claims, the user's highlights
        (``marks``) and the search ``hits``; its ``sentences`` are the caret's steps."""
        self._shown = (doc, paragraphs, links, hits)
        marks = marks if marks is not None else Marks()
        qdoc, omap = build_document(doc, paragraphs, self.theme, self.reading_font)
        cursor = QTextCursor(qdoc)
        for claim in links.claims:
            fmt = self.theme.claim_format(claim.relation, f"claim:{claim.start}-{claim.end}")
            a, b = omap.to_doc(claim.start), omap.to_doc(claim.end)
            if b > a:
                cursor.setPosition(a)
                cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
                cursor.mergeCharFormat(fmt)
        values = []            # the disputed figures of conflicting claims, in bold
        for claim in links.claims:
            for link in claim.by_relation("conflicts"):
                value = link.own_value
                at = doc.text.find(value, claim.start, claim.end) if value else -1
                if at >= 0:
                    values.append((at, at + len(value)))
        if values:
            apply_format(qdoc, omap, values, self.theme.value_format())
        marks.apply(qdoc, omap, self.theme)
        if hits:
            apply_format(qdoc, omap, hits, self.theme.hit_format())
        self.doc_id = doc.id
        self.marks = marks
        self.omap = omap
        self.links = links
        if label_of is not None:
            self.label_of = label_of
        self._current = None
        self._find, self._find_at, self._flash = [], -1, None
        self._margin = -1.0
        old = self._qdoc
        self._qdoc = qdoc
        # from the top: a bar left down the old document would be clamped to the new one's
        # first laid-out screen, and the document would open a few lines scrolled (Fix 2)
        self.verticalScrollBar().setValue(0)
        self.setDocument(qdoc)
        del old
        self.setExtraSelections([])
        qdoc.documentLayout().documentSizeChanged.connect(self._schedule_overview)
        self._update_measure()
        self.caret.document_shown(sentences)
        self._schedule_overview()

    def redraw_marks(self, marks: Marks) -> None:
        """Draw the document again with these highlights, keeping the scroll position, the
        selection and the find marks."""
        if self._shown is None:
            return
        keep, span = self.verticalScrollBar().value(), self.selected_span()
        caret = self.omap.to_text(self.textCursor().position())
        found, at = self._find, self._find_at
        self.show_document(*self._shown, marks=marks, sentences=self.caret.sentences)
        self._find, self._find_at = found, at
        self._update_extra()
        if span is not None:
            self.select_span(*span, flash=False, where=None)
        elif caret is not None:
            self.place_caret(caret)
        self.verticalScrollBar().setValue(keep)

    def clear_document(self) -> None:
        self.doc_id = None
        self.omap = OffsetMap()
        self.links = LinkIndex("")
        self.marks = Marks()
        self._shown = None
        self._current = None
        self.clear()
        self._schedule_overview()

    def set_reading_font(self, font: QFont) -> None:
        self.reading_font = font
        self._margin = -1.0

    # -- positions ----------------------------------------------------------------------------
    def top_offset(self) -> int:
        """Text offset of the first character in view."""
        pos = self.cursorForPosition(QPoint(int(self._margin) + 40, 6)).position()
        off = self.omap.to_text(pos)
        return 0 if off is None else off

    def scroll_to_offset(self, offset: int, where: float = 0.0) -> None:
        """Scroll so that ``offset`` is ``where`` (0 top .. 1 bottom) down the view."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.omap.to_doc(offset))
        rect = self.cursorRect(cursor)
        bar = self.verticalScrollBar()
        height = self.viewport().height()
        top = bar.value() + rect.top()              # in document coordinates
        # near the beginning, show the beginning too: the header (title, source, date)
        bar.setValue(0 if top + rect.height() <= height * 0.6 else top - int(where * height))

    def on_jump_requested(self, fraction: float) -> None:
        """Centre the view on ``fraction`` of the document's height."""
        height = self.document().size().height()
        bar = self.verticalScrollBar()
        bar.setValue(int(fraction * height - self.viewport().height() / 2))

    def span_rect_y(self, start: int, end: int) -> tuple[int, int]:
        """Top and bottom of a span, in viewport coordinates."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.omap.to_doc(start))
        top = self.cursorRect(cursor).top()
        cursor.setPosition(self.omap.to_doc(end))
        return top, self.cursorRect(cursor).bottom()

    def selected_span(self) -> tuple[int, int] | None:
        """The selection in text offsets, without the part of it in the header."""
        c, first = self.textCursor(), self.omap.body_start
        a = self.omap.to_text(max(c.selectionStart(), first))
        b = self.omap.to_text(max(c.selectionEnd(), first))
        return None if a is None or b is None or a >= b else (a, b)

    def place_caret(self, offset: int) -> None:
        """Drop the selection; the caret stays at ``offset``, the view where it is."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.omap.to_doc(offset))
        keep = self.verticalScrollBar().value()
        self.setTextCursor(cursor)
        self.verticalScrollBar().setValue(keep)

    def select_span(self, start: int, end: int, *, flash: bool = True,
                    where: float | None = 0.3) -> None:
        """Select a span; scroll it ``where`` down the view (None: do not scroll)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.omap.to_doc(start))
        cursor.setPosition(self.omap.to_doc(end), QTextCursor.MoveMode.KeepAnchor)
        bar = self.verticalScrollBar()
        keep = bar.value()
        self.setTextCursor(cursor)
        bar.setValue(keep)
        if where is not None:
            self.scroll_to_offset(start, where)
        if flash:
            self._flash = (start, end)
            self._flash_timer.start()
            self._update_extra()

    # -- linked claims --------------------------------------------------------------------------
    def current_claim(self) -> Claim | None:
        """The claim last selected if it is still in view, else the first linked claim in view."""
        top = self.top_offset()
        if self._current is not None and self._in_view(self._current):
            return self._current
        claim = self.links.at(top) or self.links.next(top)
        return claim if claim is not None and self._in_view(claim) else None

    def step_claim(self, direction: int, relation: str | None = None) -> Claim | None:
        """Select the next (direction 1) or previous (-1) linked claim, wrapping around."""
        if not self.links.claims:
            return None
        cur = self._current if self._current is not None and self._in_view(self._current) \
            else None
        if direction > 0:
            origin = cur.start if cur else self.top_offset() - 1
            claim = self.links.next(origin, relation) or self.links.next(-1, relation)
        else:
            origin = cur.start if cur else self.top_offset() + 1
            claim = self.links.previous(origin, relation) or \
                self.links.previous(len(self.omap.text) + 1, relation)
        if claim is not None:
            self.select_claim(claim)
        return claim

    def select_claim(self, claim: Claim, *, flash: bool = False) -> None:
        self._current = claim
        self.select_span(claim.start, claim.end, flash=flash)
        self.claim_selected.emit(self.doc_id or "", claim.start, claim.end)

    def activate_current(self) -> bool:
        claim = self.current_claim()
        if claim is None:
            return False
        self._current = claim
        self.claim_activated.emit(self.doc_id or "", claim.start, claim.end)
        return True

    def _in_view(self, claim: Claim) -> bool:
        top, bottom = self.span_rect_y(claim.start, claim.end)
        return bottom > 0 and top < self.viewport().height()

    def _claim_from_href(self, href: str) -> Claim | None:
        m = re.fullmatch(r"claim:(\d+)-(\d+)", href)
        return self.links.find(int(m.group(1)), int(m.group(2))) if m else None

    def _on_anchor(self, url: QUrl) -> None:
        claim = self._claim_from_href(url.toString())
        if claim is not None:
            self._current = claim
            self.claim_selected.emit(self.doc_id or "", claim.start, claim.end)
            self.claim_activated.emit(self.doc_id or "", claim.start, claim.end)

    # -- find in page -------------------------------------------------------------------------
    def find_all(self, needle: str) -> int:
        """Mark every occurrence of ``needle`` (case-insensitive); returns how many."""
        text = self.omap.text
        self._find = [m.span() for m in re.finditer(re.escape(needle), text, re.I)] \
            if needle else []
        top = self.top_offset()
        self._find_at = next((i for i, (s, _) in enumerate(self._find) if s >= top),
                             0 if self._find else -1)
        self._update_extra()
        if self._find:
            self._reveal_find()
        return len(self._find)

    def find_step(self, direction: int) -> tuple[int, int]:
        """Move to the next/previous find match; returns (1-based index, count)."""
        if not self._find:
            return 0, 0
        self._find_at = (self._find_at + direction) % len(self._find)
        self._update_extra()
        self._reveal_find()
        return self._find_at + 1, len(self._find)

    def find_position(self) -> tuple[int, int]:
        return (self._find_at + 1 if self._find else 0), len(self._find)

    def find_spans(self) -> list[tuple[int, int]]:
        return list(self._find)

    def clear_find(self) -> None:
        self._find, self._find_at = [], -1
        self._update_extra()

    def _reveal_find(self) -> None:
        start, end = self._find[self._find_at]
        top, bottom = self.span_rect_y(start, end)
        if top < 0 or bottom > self.viewport().height():
            self.scroll_to_offset(start, 0.35)

    # -- extra selections (find marks, flash) ---------------------------------------------------
    def _extra(self, start: int, end: int, color) -> QTextEdit.ExtraSelection:
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.omap.to_doc(start))
        cursor.setPosition(self.omap.to_doc(end), QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        fmt = QTextCharFormat()
        fmt.setBackground(color)
        fmt.setForeground(Qt.GlobalColor.black)
        sel.format = fmt
        return sel

    def _update_extra(self) -> None:
        t = self.theme
        extra = [self._extra(s, e, t.find_current_bg if i == self._find_at else t.find_bg)
                 for i, (s, e) in enumerate(self._find)]
        if self._flash is not None:
            extra.append(self._extra(*self._flash, t.flash_bg))
        self.setExtraSelections(extra)

    def _end_flash(self) -> None:
        self._flash = None
        self._update_extra()

    # -- overview -------------------------------------------------------------------------------
    def _on_scroll(self) -> None:
        self.scrolled.emit()
        self._schedule_overview()

    def _schedule_overview(self, *_) -> None:
        self._overview_timer.start()

    def _emit_overview(self) -> None:
        doc = self.document()
        height = max(doc.size().height(), 1.0)
        markers = [(y_of(doc, self.omap.to_doc(c.start)) / height, c.relation)
                   for c in self.links.claims]
        bar = self.verticalScrollBar()
        self.overview_changed.emit(markers, bar.value() / height,
                                   min(1.0, self.viewport().height() / height))

    # -- measure: a readable column, centred --------------------------------------------------
    def _update_measure(self) -> None:
        self._margin = centre_column(self.document(), self.reading_font,
                                     self.viewport().width(), self._margin)

    # -- events ---------------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        top = self.top_offset() if self.verticalScrollBar().value() > 0 else None
        super().resizeEvent(event)
        self._update_measure()
        if top is not None:              # the same text stays at the top after re-wrapping
            self.scroll_to_offset(top, 0.0)
        self._schedule_overview()

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            claim = self._claim_from_href(self.anchorAt(event.pos()))
            at = self.omap.to_text(self.cursorForPosition(event.pos()).position())
            mark = self.marks.at(at) if at is not None else None
            tips = [self.marks.tooltip(mark)] if mark is not None else []
            if claim is not None:
                tips.append(describe(claim, self.label_of)
                            + "\nClick (or press L) to see the passages.")
            if tips:
                QToolTip.showText(event.globalPos(), "\n\n".join(tips), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.BackButton:
            self.history_step.emit(-1)
        elif event.button() == Qt.MouseButton.ForwardButton:
            self.history_step.emit(1)
        else:
            super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        bar = self.verticalScrollBar()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not mods:
            if not self.activate_current():
                super().keyPressEvent(event)
        elif key == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
        elif self.caret.wants(event):
            self.caret.key_press(event, super().keyPressEvent)
        elif key == Qt.Key.Key_Space:
            step = bar.pageStep() * (-1 if mods & Qt.KeyboardModifier.ShiftModifier else 1)
            bar.setValue(bar.value() + step)
        else:
            super().keyPressEvent(event)
