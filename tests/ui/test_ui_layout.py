"""The window's layout holds as the reader works (issue 15, fix 2): panels keep their widths
through a comparison, button texts are never clipped, documents open at their top, and the
Highlights button shows whether the highlights are in the sidebar."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.uihelpers import SEED_000, SEED_002, SEED_003


def test_closing_the_comparison_gives_the_side_panels_their_widths_back(qtbot, window):
    qtbot.waitActive(window)
    window.nav.open_document(SEED_000)
    qtbot.wait(20)
    before = window.splitter.sizes()
    window.library_panel.select_ids([SEED_003])
    qtbot.keyClick(window.reading.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.center.currentWidget() is window.compare
    qtbot.wait(20)
    during = window.splitter.sizes()
    qtbot.keyClick(window.compare.left, Qt.Key.Key_Escape)
    qtbot.wait(20)
    after = window.splitter.sizes()
    for side in (0, 2):
        assert abs(during[side] - before[side]) <= 2, (before, during)
        assert abs(after[side] - before[side]) <= 2, (before, after)


def test_link_buttons_are_never_clipped(qtbot, window):
    qtbot.waitActive(window)
    panel = window.links_panel
    window.commands.toggle_links.setChecked(True)
    total = sum(window.splitter.sizes())
    for width in (170, 230, 320, 420):
        window.splitter.setSizes([300, total - 300 - width, width])
        qtbot.wait(20)
        for button in panel.action_buttons.values():
            text = button.text()
            assert button.fontMetrics().horizontalAdvance(text) + 8 <= button.width(), \
                (width, text, button.width())
    assert panel.action_buttons["pin"].text() == "Pin as Highlight"      # wide: in full


def test_the_highlights_sidebar_does_not_widen_the_window(qtbot, window):
    qtbot.waitActive(window)
    window.resize(1100, 700)
    qtbot.wait(20)
    width = window.width()
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(50)
    assert window.sidebar.currentWidget() is window.highlights_panel
    assert window.width() == width
    panel = window.highlights_panel
    assert panel.minimumSizeHint().width() <= 320


def test_a_document_opens_at_its_top_after_another_was_scrolled(qtbot, window):
    view = window.reading.view
    bar = view.verticalScrollBar()
    for a, b in ((SEED_000, SEED_002), (SEED_002, SEED_003)):
        window.nav.open_document(a)
        bar.setValue(bar.maximum() // 2)
        window.library_panel.document_activated.emit(b)      # Enter or a double click
        assert view.doc_id == b
        assert bar.value() == 0
        qtbot.wait(50)
        assert bar.value() == 0


def test_the_highlights_button_is_down_while_they_are_shown(qtbot, window):
    qtbot.waitActive(window)
    action = window.commands.show_highlights
    assert action.isCheckable() and not action.isChecked()
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.sidebar.currentWidget() is window.highlights_panel and action.isChecked()
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)   # again: back
    assert window.sidebar.currentWidget() is window.library_panel and not action.isChecked()
    action.trigger()                                   # the toolbar button
    assert window.sidebar.currentWidget() is window.highlights_panel and action.isChecked()
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.sidebar.currentWidget() is window.library_panel and not action.isChecked()


def test_library_titles_take_two_lines_and_the_tooltip_has_all_of_it(qtbot, window, library):
    """Add 6: the list reads at a glance: a title wraps onto a second line (then is elided),
    and its tooltip gives the whole title with its source, date and links."""
    table = window.library_panel.table
    assert table.wordWrap()
    lines = table.fontMetrics().lineSpacing()
    assert table.rowHeight(0) >= 2 * lines
    model = table.model()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        title = index.data()
        tip = index.data(Qt.ItemDataRole.ToolTipRole)
        assert tip.splitlines()[0] == title


def test_side_panels_keep_their_widths_while_the_reader_works(qtbot, window):
    """Add 6: searching, opening documents and resizing the window move only the centre."""
    qtbot.waitActive(window)
    window.resize(1200, 760)
    window.commands.toggle_links.setChecked(True)
    qtbot.wait(30)
    window.splitter.setSizes([300, 600, 280])
    qtbot.wait(30)
    before = window.splitter.sizes()
    window.nav.open_document(SEED_000)
    qtbot.keyClick(window.reading.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.search_box, "troops")
    qtbot.waitUntil(lambda: window.search_panel.model.rowCount() > 0, timeout=5000)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    qtbot.wait(30)
    after = window.splitter.sizes()
    assert abs(after[0] - before[0]) <= 2 and abs(after[2] - before[2]) <= 2, (before, after)
    window.resize(1400, 760)
    qtbot.wait(30)
    wider = window.splitter.sizes()
    assert abs(wider[0] - before[0]) <= 2 and abs(wider[2] - before[2]) <= 2, (before, wider)
    assert wider[1] > after[1]
