"""What the window remembers: geometry, splitter sizes, the open document and where it was
scrolled, recent searches; all in the QSettings the test passes in."""

from __future__ import annotations

from PySide6.QtCore import Qt

from reader.ui.window.window_state import WindowState
from tests.ui.uihelpers import SEED_003, close_window, make_window


def test_layout_document_scroll_and_searches_are_restored(qtbot, library, settings):
    first = make_window(qtbot, library, settings)
    first.resize(780, 560)      # within the offscreen screen (800 x 600)
    first.splitter.setSizes([230, 330, 220])
    sizes = first.splitter.sizes()
    first.nav.open_document(SEED_003)
    text = library.get(SEED_003).text
    offset = text.index("The West, on the other hand")
    first.reading.view.scroll_to_offset(offset, 0.0)
    top = first.reading.view.top_offset()
    first.search_panel.remember("kursk")
    first.search_panel.remember("artillery shells")
    first.commands.toggle_links.setChecked(False)
    first.close()
    close_window(first)
    assert WindowState(settings, library.root).open_document()[0] == SEED_003

    second = make_window(qtbot, library, settings)
    try:
        qtbot.waitUntil(lambda: abs(second.reading.view.top_offset() - top) < 80, timeout=2000)
        assert second.reading.view.doc_id == SEED_003
        assert abs(second.reading.view.top_offset() - top) < 80
        assert (second.width(), second.height()) == (780, 560)
        assert second.splitter.sizes()[0] == sizes[0]          # (the links panel is hidden)
        assert second.search_panel.recent() == ["artillery shells", "kursk"]
        assert not second.links_panel.isVisible()
        second.search_box.setFocus(Qt.FocusReason.MouseFocusReason)
        assert second.search_panel.model.index(0).data() == "artillery shells"
    finally:
        close_window(second)


def test_settings_never_touch_the_real_user_config(settings, tmp_path):
    from PySide6.QtCore import QSettings
    assert str(tmp_path) in settings.fileName()
    assert str(tmp_path) in QSettings().fileName()       # the default location is redirected


def test_a_read_only_library_says_so_and_still_reads(qtbot, library, settings):
    from reader.core.errors import ReadOnlyLibrary
    from reader.core.library import Library
    from tests.ui.uihelpers import SEED_000, close_window, make_window
    root = library.root
    library.close()
    ro = Library(root, read_only=True)
    window = make_window(qtbot, ro, settings)
    try:
        assert window.lib.read_only and "(read-only)" in window.windowTitle()
        assert window.read_only_label.isVisible()
        window.nav.open_document(SEED_000)
        assert window.reading.view.doc_id == SEED_000 and window.reading.view.links.claims
        assert "(read-only)" in window.windowTitle()
        with __import__("pytest").raises(ReadOnlyLibrary):
            ro.highlights.add(SEED_000, 0, 10)
    finally:
        close_window(window)
        ro.close()
