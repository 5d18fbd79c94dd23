"""The user's highlights in the window, with real key presses over a real library: highlight a
selection with H, edit its note with E, see it drawn and listed in the highlights panel, filter
the panel, jump from it to the spot, remove it; copy with citation."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox

from reader.core.export import quote_with_citation
from reader.ui.panels.highlights_model import (COLOR_ROLE, HIGHLIGHT_ROLE, ORPHANED_ROLE,
                                               TARGET_ROLE, Entry, HighlightsModel)
from reader.ui.reading.doc_render import format_at
from reader.ui.theme import PROP_MARK

from tests.ui.uihelpers import SEED_000, SEED_002, SEED_003

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def open_focused(qtbot, window, doc_id: str):
    """The window active, ``doc_id`` open, its view focused (as after a click in it)."""
    qtbot.waitActive(window)
    window.nav.open_document(doc_id)
    view = window.reading.view
    view.setFocus()
    return view


def select(view, start: int, end: int) -> None:
    """Select a span of the text the way a mouse drag does: a QTextCursor on the view."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.omap.to_doc(start))
    cursor.setPosition(view.omap.to_doc(end), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


def mark_at(view, offset: int):
    return format_at(view.document(), view.omap.to_doc(offset))


def span_of(library, doc_id: str, needle: str) -> tuple[int, int]:
    start = library.get(doc_id).text.index(needle)
    return start, start + len(needle)


def activate(qtbot, window) -> None:
    """What a window manager does when a dialog closes (there is none offscreen)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


def answer(monkeypatch, button) -> list:
    """QMessageBox.question answers ``button``; returns the questions asked."""
    asked = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return button
    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def test_select_h_note_panel_then_remove(qtbot, window, library, monkeypatch):
    view = open_focused(qtbot, window, SEED_000)
    text = library.get(SEED_000).text
    start, end = span_of(library, SEED_000, "South Korean intelligence reports indicate "
                                           "that 1,500")
    view.scroll_to_offset(start, 0.3)
    select(view, start - 1, end + 1)                 # a space each side, trimmed away
    keep = view.verticalScrollBar().value()
    qtbot.keyClick(view, Qt.Key.Key_H)
    qtbot.waitUntil(lambda: len(view.marks) == 1, timeout=3000)

    (h,) = library.highlights.list([SEED_000])
    assert (h.start, h.end, h.color) == (start, end, "yellow")
    assert text[h.start - 1] == text[h.end] == " "
    for offset in (start, end - 1):              # drawn over the whole span, and only there
        fmt = mark_at(view, offset)
        assert fmt.property(PROP_MARK) == h.id
        assert fmt.background().color() == window.theme.mark_color("yellow")
    assert not mark_at(view, end + 1).hasProperty(int(PROP_MARK))
    assert view.verticalScrollBar().value() == keep          # redrawn where it was
    assert view.selected_span() is None                      # the colour shows at once
    assert view.omap.to_text(view.textCursor().position()) == start   # E acts on it

    qtbot.keyClick(view, Qt.Key.Key_E)                       # the note editor
    editor = window.highlights.highlight_editor
    assert editor.isVisible() and editor.highlight.id == h.id
    editor.set_values(note="Far below the 14,000 others report", tags="troops, #numbers",
                      color="pink")
    editor.accept()
    activate(qtbot, window)
    qtbot.waitUntil(lambda: library.highlights.get(h.id).note.startswith("Far below"),
                    timeout=3000)
    qtbot.waitUntil(lambda: view.marks.items[0].color == "pink", timeout=3000)
    assert library.highlights.get(h.id).tags == ["troops", "numbers"]
    assert mark_at(view, start).background().color() == window.theme.mark_color("pink")
    tip = view.marks.tooltip(view.marks.at(start))
    assert "doubtful" in tip and "Far below" in tip and "troops, numbers" in tip

    qtbot.keyClick(view, Qt.Key.Key_4, CTRL)                 # the highlights panel
    panel = window.highlights_panel
    assert window.sidebar.currentWidget() is panel and panel.list.hasFocus()
    assert panel.model.rowCount() == 1
    row = panel.model.index(0)
    assert row.data(TARGET_ROLE) == (SEED_000, start, end)
    assert row.data(COLOR_ROLE) == "pink" and row.data(ORPHANED_ROLE) is False
    shown = row.data()
    for needle in ("doubtful", "Far below the 14,000", "troops, numbers", "1,500",
                   window.nav.title_of(SEED_000)):
        assert needle in shown

    view.setFocus()
    cursor = view.textCursor()
    cursor.setPosition(view.omap.to_doc(start + 3))          # the caret inside, no selection
    view.setTextCursor(cursor)
    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
    qtbot.keyClick(view, Qt.Key.Key_Delete, SHIFT)
    assert asked and "note" in asked[0]                      # it had a note: asked first
    qtbot.waitUntil(lambda: len(view.marks) == 0, timeout=3000)
    assert library.highlights.list() == []
    assert not mark_at(view, start).hasProperty(int(PROP_MARK))
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0, timeout=3000)
    assert view.verticalScrollBar().value() == keep


def test_number_keys_choose_the_colour_and_h_reuses_it(qtbot, window, library):
    view = open_focused(qtbot, window, SEED_003)
    a = span_of(library, SEED_003, "14,000")
    b = span_of(library, SEED_003, "17,000")
    select(view, *a)
    qtbot.keyClick(view, Qt.Key.Key_3)                       # blue
    qtbot.waitUntil(lambda: len(view.marks) == 1, timeout=3000)
    select(view, *b)
    qtbot.keyClick(view, Qt.Key.Key_H)                       # the last colour chosen
    qtbot.waitUntil(lambda: len(view.marks) == 2, timeout=3000)
    assert [h.color for h in library.highlights.list([SEED_003])] == ["blue", "blue"]
    assert "Highlight in Blue: context" == window.commands.color_3.text()


def test_panel_filters_and_opens_the_spot(qtbot, window, library, qtmodeltester):
    hl = library.highlights
    h0 = hl.add(SEED_000, *span_of(library, SEED_000, "1,500"), note="low figure",
                tags=["numbers"])
    h3 = hl.add(SEED_003, *span_of(library, SEED_003, "14,000"), color="green",
                tags=["numbers", "kursk"])
    hl.add(SEED_002, *span_of(library, SEED_002, "thousands of troops"), color="blue")
    window.nav.open_document(SEED_002)
    window.highlights.on_show_highlights()
    panel = window.highlights_panel
    qtmodeltester.check(panel.model, force_py=True)
    assert panel.model.rowCount() == 3

    qtbot.keyClicks(panel.filter_box, "low fig")                # the note
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=2000)
    assert panel.model.index(0).data(HIGHLIGHT_ROLE).id == h0.id
    assert panel.count_label.text() == "1 of 3 highlights"
    panel.set_filters(query="", tag="numbers")
    assert {panel.model.index(r).data(HIGHLIGHT_ROLE).id for r in range(2)} == {h0.id, h3.id}
    panel.set_filters(color="green")
    assert [panel.model.index(r).data(HIGHLIGHT_ROLE).id
            for r in range(panel.model.rowCount())] == [h3.id]
    panel.set_filters(color=None, tag=None, scope="this")       # the open document only
    assert [panel.model.index(r).data(TARGET_ROLE)[0]
            for r in range(panel.model.rowCount())] == [SEED_002]
    panel.set_filters(scope="all", query="kursk")               # a tag
    assert panel.model.rowCount() == 1

    panel.list.setFocus()
    panel.list.setCurrentIndex(panel.model.index(0))
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    view = window.reading.view
    assert view.doc_id == SEED_003
    assert view.selected_span() == (h3.start, h3.end)
    top, bottom = view.span_rect_y(h3.start, h3.end)
    assert 0 <= top and bottom <= view.viewport().height()     # scrolled into view
    assert window.commands.back.isEnabled()


def test_orphaned_highlights_are_listed_not_drawn(qtbot, window, library):
    hl = library.highlights
    start, end = span_of(library, SEED_000, "1,500")
    gone = hl.restore(SEED_000, start, end, "a passage since deleted", "", "", orphaned=True)
    window.nav.open_document(SEED_000)
    assert len(window.reading.view.marks) == 0
    assert not mark_at(window.reading.view, start).hasProperty(int(PROP_MARK))
    window.highlights.on_show_highlights()
    row = window.highlights_panel.model.index(0)
    assert row.data(ORPHANED_ROLE) is True and row.data().startswith("Orphaned")
    window.highlights.on_highlight_activated(gone)
    assert window.reading.view.doc_id == SEED_000
    assert "orphaned" in window.statusBar().currentMessage()


def test_copy_with_citation_puts_a_cited_markdown_quote_on_the_clipboard(qtbot, window,
                                                                          library):
    view = open_focused(qtbot, window, SEED_003)
    start, end = span_of(library, SEED_003, "14,000")
    select(view, start, end)
    QApplication.clipboard().clear()
    qtbot.keyClick(view, Qt.Key.Key_C, CTRL | SHIFT)
    copied = QApplication.clipboard().text()
    assert copied == quote_with_citation(library.get(SEED_003), start, end)
    assert copied.startswith("> 14,000") and window.nav.title_of(SEED_003) in copied


def test_a_selection_is_trimmed_and_grown_to_whole_words():
    from reader.ui.window.highlight_slots import snap_to_words
    text = "Officials said 1,500 soldiers arrived."
    at = text.index("fficials")
    assert snap_to_words(text, at, text.index("d 1,5") + 1) == (0, text.index(" 1,500"))
    assert snap_to_words(text, text.index(" 1,500"), text.index("soldiers") + 3) == \
        (text.index("1,500"), text.index(" arrived"))
    assert snap_to_words(text, text.index("arrived"), len(text)) == \
        (text.index("arrived"), len(text))                    # the full stop stays as chosen


def test_highlights_model_passes_the_model_tester(qtmodeltester, library):
    hl = library.highlights
    items = [hl.add(SEED_000, *span_of(library, SEED_000, "1,500"), note="<b>not bold</b>"),
             hl.add(SEED_003, *span_of(library, SEED_003, "14,000"), tags=["x"])]
    model = HighlightsModel({"muted": "#666666", "conflicts": "#c62828"})
    model.set_entries([Entry(h, "Title", "key claim") for h in items])
    qtmodeltester.check(model, force_py=True)
    from reader.ui.panels.html_delegate import HTML_ROLE
    assert "&lt;b&gt;not bold&lt;/b&gt;" in model.index(0).data(HTML_ROLE)   # escaped
    model.set_entries(items[:1] and [Entry(items[1], "T", "context")])
    qtmodeltester.check(model, force_py=True)
    assert model.row_of(items[1].id) == 0 and model.row_of(items[0].id) == -1


def test_highlighting_is_not_kept_waiting_by_a_long_import(qtbot, window, library):
    import threading
    view = open_focused(qtbot, window, SEED_000)
    release = threading.Event()

    def long_write(cancel):              # stands for an import of thousands of files
        yield 0
        release.wait(20)

    busy = window.tasks._queue.submit("import", "a long import", long_write)
    try:
        qtbot.waitUntil(lambda: busy.last_progress is not None, timeout=3000)
        start, end = span_of(library, SEED_000, "1,500 North Korean special forces")
        select(view, start, end)
        qtbot.keyClick(view, Qt.Key.Key_H)
        qtbot.waitUntil(lambda: len(library.highlights.list()) == 1, timeout=3000)
        assert not release.is_set()                         # the import is still running
        hid = library.highlights.list()[0].id
        qtbot.waitUntil(lambda: mark_at(view, start).property(PROP_MARK) == hid, timeout=3000)
    finally:
        release.set()
        qtbot.waitUntil(lambda: not window.tasks._queue.busy(), timeout=5000)
