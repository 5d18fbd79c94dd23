"""Caret browsing (F7): a visible caret in the read-only document that the keys move, and
Shift with them extend into a selection, so that a passage can be highlighted (H, 1–5) or
linked (M) without the mouse.

Once the view is selectable by keyboard, Qt's text control moves the caret by character, line
and page and to the ends of lines and of the document (Shift: selecting). This adds what Qt
has no notion of: whole words (Ctrl+Left/Right, to a word's start or end, so that a selected
word has no trailing space) and sentences (Alt+Up/Down, by the library's sentence spans). It
keeps the caret and the selection out of the header (title, source, date), which has no text
offsets, and a caret scrolled out of sight (Space, the wheel, a search hit) starts again from
the top of the view at the next key, as it does when a document opens. Qt blinks the caret of
editable text only: here a timer does, while the view has the focus.
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFocusEvent, QGuiApplication, QKeyEvent, QTextCursor
from PySide6.QtWidgets import QApplication

K = Qt.Key
MOD = Qt.KeyboardModifier
MOVES = {K.Key_Left, K.Key_Right, K.Key_Up, K.Key_Down, K.Key_Home, K.Key_End,
         K.Key_PageUp, K.Key_PageDown}
KEYBOARD = Qt.TextInteractionFlag.TextSelectableByKeyboard
JOINERS = ".,'’-"          # inside a word: 1,500  U.S  don't  so-called
CARET_WIDTH = 2


def word_end(text: str, pos: int) -> int:
    """The end of the word at or after ``pos``."""
    i, n = pos, len(text)
    while i < n and not text[i].isalnum():
        i += 1
    while i < n and (text[i].isalnum() or (text[i] in JOINERS and i + 1 < n
                                            and text[i + 1].isalnum())):
        i += 1
    return i


def word_start(text: str, pos: int) -> int:
    """The start of the word before or around ``pos``."""
    i = pos
    while i > 0 and not text[i - 1].isalnum():
        i -= 1
    while i > 0 and (text[i - 1].isalnum() or (text[i - 1] in JOINERS and i > 1
                                                and text[i - 2].isalnum())):
        i -= 1
    return i


def sentence_end(sentences: list[tuple[int, int]], pos: int, default: int) -> int:
    """The end of the sentence ``pos`` is in, or of the next one when it is at an end."""
    ends = [e for _, e in sentences]
    i = bisect.bisect_right(ends, pos)
    return ends[i] if i < len(ends) else default


def sentence_start(sentences: list[tuple[int, int]], pos: int) -> int:
    """The start of the sentence ``pos`` is in, or of the previous one when it is at a
    start."""
    starts = [s for s, _ in sentences]
    i = bisect.bisect_left(starts, pos)
    return starts[i - 1] if i > 0 else 0


class Caret(QObject):
    """The caret of one DocumentView: on or off, the keys that move it, its blinking."""

    def __init__(self, view):
        super().__init__(view)
        self.view = view                        # the DocumentView it moves in
        self.on = False
        self.sentences: list[tuple[int, int]] = []   # of the document shown, in order
        self._blink = QTimer(self)
        self._blink.timeout.connect(self._on_blink)
        view.installEventFilter(self)           # its focus starts and stops the blinking

    def set_on(self, on: bool) -> None:
        """Show the caret (blinking while the view has the focus) and let the keys move it,
        from where it is if that is in view, else from the top of the view; or hide it, the
        keys scrolling again."""
        view = self.view
        flags = view.textInteractionFlags()
        view.setTextInteractionFlags(flags | KEYBOARD if on else flags & ~KEYBOARD)
        if view.hasFocus():      # Qt shows or hides the caret of read-only text on focus-in
            QApplication.sendEvent(view, QFocusEvent(QEvent.Type.FocusIn,
                                                     Qt.FocusReason.OtherFocusReason))
        self.on = on
        if on and view.doc_id is not None and not self._in_text_and_view():
            view.place_caret(view.top_offset())
        self._restart_blink()

    def document_shown(self, sentences: list[tuple[int, int]]) -> None:
        """A document is shown: its sentences; the caret at its first word."""
        self.sentences = sorted(sentences)
        if self.on:
            self.view.place_caret(0)

    def wants(self, event: QKeyEvent) -> bool:
        return self.on and self.view.doc_id is not None and event.key() in MOVES

    def key_press(self, event: QKeyEvent, default) -> None:
        """Move the caret for ``event`` (one of ``MOVES``); ``default`` is Qt's handling."""
        self._into_view()
        key, mods = event.key(), event.modifiers()
        keep = bool(mods & MOD.ShiftModifier)
        ctrl, alt = bool(mods & MOD.ControlModifier), bool(mods & MOD.AltModifier)
        text, here = self.view.omap.text, self._offset()
        if alt and not ctrl and key in (K.Key_Up, K.Key_Down):
            self._move(sentence_end(self.sentences, here, len(text)) if key == K.Key_Down
                       else sentence_start(self.sentences, here), keep)
        elif ctrl and not alt and key in (K.Key_Left, K.Key_Right):
            self._move(word_end(text, here) if key == K.Key_Right else word_start(text, here),
                       keep)
        else:
            default(event)
        self._out_of_header()
        self._restart_blink()

    # -- blinking -------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # "view" missing: the collector is tearing a closed window's view ↔ caret cycle down
        # while Qt still delivers its last focus change (seen in CI at a test's teardown)
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut) and \
                "view" in self.__dict__:
            self._restart_blink()
        return False

    def _restart_blink(self) -> None:
        """The caret shown at once (after a move, on focus), then blinking at the desktop's
        pace while the view has the focus and caret browsing is on."""
        self.view.setCursorWidth(CARET_WIDTH)
        flash = QGuiApplication.styleHints().cursorFlashTime()
        if self.on and self.view.hasFocus() and flash >= 2:      # 0: the user wants no blink
            self._blink.start(flash // 2)
        else:
            self._blink.stop()

    def _on_blink(self) -> None:
        if "view" in self.__dict__:         # (see eventFilter)
            self.view.setCursorWidth(0 if self.view.cursorWidth() else CARET_WIDTH)

    # -- the cursor, in text offsets --------------------------------------------------------------
    def _offset(self) -> int:
        at = self.view.omap.to_text(self.view.textCursor().position())
        return 0 if at is None else at

    def _move(self, offset: int, keep: bool) -> None:
        cursor = self.view.textCursor()
        mode = QTextCursor.MoveMode.KeepAnchor if keep else QTextCursor.MoveMode.MoveAnchor
        cursor.setPosition(self.view.omap.to_doc(offset), mode)
        self.view.setTextCursor(cursor)           # and scrolled into view

    def _out_of_header(self) -> None:
        """Caret and anchor at the first word at the earliest: the header has no offsets."""
        view = self.view
        cursor, first = view.textCursor(), view.omap.body_start
        if min(cursor.anchor(), cursor.position()) >= first:
            return
        anchor, pos = max(cursor.anchor(), first), max(cursor.position(), first)
        cursor.setPosition(anchor)
        cursor.setPosition(pos, QTextCursor.MoveMode.KeepAnchor)
        view.setTextCursor(cursor)

    def _in_view(self) -> bool:
        rect = self.view.cursorRect()
        return rect.bottom() >= 0 and rect.top() <= self.view.viewport().height()

    def _in_text_and_view(self) -> bool:
        return self.view.textCursor().position() >= self.view.omap.body_start and \
            self._in_view()

    def _into_view(self) -> None:
        if not self._in_view():
            self.view.place_caret(self.view.top_offset())
