"""Caret browsing (F7), with real key presses over a real library: a caret in the document that
the arrows move, Shift+arrows, Ctrl+Shift+Left/Right (words) and Alt+Shift+Up/Down (sentences)
select with, H highlighting that selection; the one-key commands still work; F7 again gives
the arrows back to scrolling; the choice survives a restart; both sides of the comparison."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from tests.ui.test_ui_highlights import open_focused, span_of
from tests.ui.test_ui_user_links import _compare
from tests.ui.uihelpers import SEED_000, SEED_003, close_window, make_window

K = Qt.Key
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def caret(view) -> int | None:
    """The caret's text offset (None: in the header)."""
    return view.omap.to_text(view.textCursor().position())


def press(qtbot, view, key, mods=Qt.KeyboardModifier.NoModifier, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(view, key, mods)


def caret_drawn(view) -> bool:
    """Whether the view draws its caret: the pixels differ with the caret's width."""
    keep = view.cursorWidth()
    images = []
    for width in (2, 0):
        view.setCursorWidth(width)
        images.append(view.viewport().grab().toImage())
    view.setCursorWidth(keep)
    return images[0] != images[1]


def caret_on(qtbot, window, doc_id: str):
    """``doc_id`` open and focused, F7 pressed."""
    view = open_focused(qtbot, window, doc_id)
    press(qtbot, view, K.Key_F7)
    assert window.commands.caret_browsing.isChecked()
    return view


def test_f7_arrows_move_shift_arrows_select_h_highlights_f7_again_scrolls(qtbot, window,
                                                                         library):
    view = caret_on(qtbot, window, SEED_000)
    assert window.statusBar().currentMessage() == "Caret browsing on (F7)"
    assert view.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByKeyboard
    assert caret(view) == 0                                 # the first word in view
    assert caret_drawn(view)
    qtbot.waitUntil(lambda: view.cursorWidth() == 0, timeout=2000)     # it blinks
    qtbot.waitUntil(lambda: view.cursorWidth() > 0, timeout=2000)
    bar = view.verticalScrollBar()
    keep = bar.value()

    press(qtbot, view, K.Key_Right, times=3)
    assert caret(view) == 3 and view.selected_span() is None
    press(qtbot, view, K.Key_Down)
    below = caret(view)
    assert below > 40                                       # a line further (~70 a line)
    press(qtbot, view, K.Key_Up)
    assert caret(view) == 3
    assert bar.value() == keep                              # the caret moved, not the page

    press(qtbot, view, K.Key_Right, SHIFT, times=5)
    assert view.selected_span() == (3, 8)
    press(qtbot, view, K.Key_End)                           # line end, selection dropped
    line_end = caret(view)
    assert view.selected_span() is None and 40 < line_end < below
    press(qtbot, view, K.Key_Home, SHIFT)
    assert view.selected_span() == (0, line_end)

    press(qtbot, view, K.Key_Home, CTRL)
    press(qtbot, view, K.Key_Right, CTRL | SHIFT)
    assert view.selected_span() == (0, 2)                   # "In": the word, no space
    press(qtbot, view, K.Key_Down, ALT | SHIFT)
    first = library.sentences(SEED_000)[0]
    assert view.selected_span() == first                    # to the sentence's end

    press(qtbot, view, K.Key_H)                             # the one-key command still works
    qtbot.waitUntil(lambda: len(library.highlights.list([SEED_000])) == 1, timeout=3000)
    (h,) = library.highlights.list([SEED_000])
    assert (h.start, h.end) == first
    qtbot.waitUntil(lambda: len(view.marks) == 1, timeout=3000)

    press(qtbot, view, K.Key_F7)                            # off: the arrows scroll again
    assert not window.commands.caret_browsing.isChecked()
    assert window.statusBar().currentMessage() == "Caret browsing off (F7)"
    assert not caret_drawn(view)
    at = caret(view)
    press(qtbot, view, K.Key_Down, times=3)
    assert bar.value() > keep
    press(qtbot, view, K.Key_Right, SHIFT, times=3)
    assert view.selected_span() is None and caret(view) == at


def test_words_and_sentences_select_from_a_caret_in_a_sentence(qtbot, window, library):
    view = caret_on(qtbot, window, SEED_000)
    text = library.get(SEED_000).text
    start, end = span_of(library, SEED_000, "South Korean intelligence")
    view.place_caret(start)                                 # where a click puts it
    press(qtbot, view, K.Key_Right, CTRL | SHIFT, times=3)
    assert view.selected_span() == (start, end)
    press(qtbot, view, K.Key_Left, CTRL | SHIFT)
    assert view.selected_span() == (start, end - len("intelligence"))      # its start
    at, _ = span_of(library, SEED_000, "1,500 North")
    view.place_caret(at)
    press(qtbot, view, K.Key_Right, CTRL | SHIFT)
    a, b = view.selected_span()
    assert text[a:b] == "1,500"                             # one word

    s, e = next(span for span in library.sentences(SEED_000) if span[0] > 0)
    middle = text.index(" ", s + 10)
    view.place_caret(middle)
    press(qtbot, view, K.Key_Down, ALT)                     # moves, without selecting
    assert caret(view) == e and view.selected_span() is None
    view.place_caret(middle)
    press(qtbot, view, K.Key_Up, ALT | SHIFT)
    assert view.selected_span() == (s, middle)              # to the sentence's start
    press(qtbot, view, K.Key_Up, ALT | SHIFT)
    assert view.selected_span() == (0, middle)              # and to the one before
    press(qtbot, view, K.Key_Down, ALT | SHIFT)             # sentence by sentence back,
    assert view.selected_span() == (library.sentences(SEED_000)[0][1], middle)
    press(qtbot, view, K.Key_Down, ALT | SHIFT)             # and past the anchor
    assert view.selected_span() == (middle, e)

    press(qtbot, view, K.Key_2)                             # 2: green, that exact span
    qtbot.waitUntil(lambda: len(library.highlights.list([SEED_000])) == 1, timeout=3000)
    (h,) = library.highlights.list([SEED_000])
    assert (h.start, h.end, h.color) == (middle + 1, e, "green")    # its space trimmed


def test_the_caret_stays_out_of_the_header(qtbot, window, library):
    view = caret_on(qtbot, window, SEED_000)
    press(qtbot, view, K.Key_Home, CTRL)
    assert caret(view) == 0
    press(qtbot, view, K.Key_Up, times=2)                   # the title is above
    press(qtbot, view, K.Key_Left)
    assert caret(view) == 0
    press(qtbot, view, K.Key_Right, times=30)
    press(qtbot, view, K.Key_Up, SHIFT)
    assert view.selected_span() == (0, 30)                  # clamped to the text
    assert view.textCursor().position() >= view.omap.body_start
    cursor = view.textCursor()                              # a drag from the title...
    cursor.setPosition(0)
    cursor.setPosition(view.omap.to_doc(12), cursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    assert view.selected_span() == (0, 12)                  # ...is the text's part of it


def test_n_moves_the_caret_to_the_claim_and_shift_extends_from_there(qtbot, window):
    view = caret_on(qtbot, window, SEED_000)
    press(qtbot, view, K.Key_N)
    claim = view._current
    assert claim is not None and view.selected_span() == (claim.start, claim.end)
    assert caret(view) == claim.end
    press(qtbot, view, K.Key_Left, CTRL | SHIFT)
    span = view.selected_span()
    assert span[0] == claim.start and span[1] < claim.end    # the last word let go


def test_a_caret_scrolled_out_of_sight_starts_again_at_the_top_of_the_view(qtbot, window):
    view = caret_on(qtbot, window, SEED_000)
    press(qtbot, view, K.Key_Space, times=2)                # pages; the caret stays
    assert view.verticalScrollBar().value() > 0
    top = view.top_offset()
    press(qtbot, view, K.Key_Right, SHIFT, times=4)
    assert view.selected_span() == (top, top + 4)
    keep = view.verticalScrollBar().value()
    press(qtbot, view, K.Key_PageDown)                      # scrolls, and the caret with it
    assert view.verticalScrollBar().value() > keep and caret(view) > top + 4
    assert view.selected_span() is None
    top, bottom = view.span_rect_y(caret(view), caret(view))
    assert 0 <= top and bottom <= view.viewport().height()


def test_the_shortcut_sheet_lists_the_caret_keys(qtbot, window):
    qtbot.waitActive(window)
    qtbot.keyClick(window.reading.view, K.Key_F1)
    sheet = next(w for w in window.findChildren(object) if type(w).__name__ == "ShortcutSheet")
    text = sheet.view.toPlainText()
    for needle in ("Caret Browsing\nF7", "Ctrl+Shift+Right", "Alt+Shift+Down", "Alt+Up"):
        assert needle in text, needle
    sheet.close()


def test_caret_browsing_survives_a_restart(qtbot, library, settings):
    first = make_window(qtbot, library, settings)
    first.nav.open_document(SEED_003)
    first.commands.caret_browsing.trigger()
    first.close()
    close_window(first)

    second = make_window(qtbot, library, settings)
    try:
        qtbot.waitActive(second)
        assert second.commands.caret_browsing.isChecked()
        view = second.reading.view
        assert view.doc_id == SEED_003
        view.setFocus()
        press(qtbot, view, K.Key_Right, SHIFT, times=6)
        assert view.selected_span() == (0, 6)
    finally:
        close_window(second)


def test_both_sides_of_the_comparison_select_by_keyboard_then_m_links_them(qtbot, window,
                                                                           library):
    compare = _compare(qtbot, window)
    compare.left.setFocus()
    press(qtbot, compare.left, K.Key_F7)
    sentence = library.sentences(SEED_000)[0]
    press(qtbot, compare.left, K.Key_Down, ALT | SHIFT)
    assert compare.left.selected_span() == sentence
    compare.right.setFocus()                                 # a click, or Tab
    press(qtbot, compare.right, K.Key_Right, CTRL | SHIFT, times=2)
    assert compare.right.selected_span() == span_of(library, SEED_003, "A Reuters")
    press(qtbot, compare.right, K.Key_M)
    dialog = window.links.link_dialog
    assert dialog.isVisible()
    shown = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "“A Reuters”" in shown
    dialog.reject()
