"""Keyboard flows with real key presses: search, open a result with its hits highlighted,
find in the document, move between linked claims, back and forward, the shortcut sheet."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from reader.ui.reading.doc_render import format_at
from reader.ui.theme import PROP_HIT, PROP_RELATION

from tests.ui.uihelpers import SEED_000, SEED_003

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def _wait_results(qtbot, window, query: str) -> None:
    panel = window.search_panel
    qtbot.waitUntil(lambda: panel.query == query and not panel.busy()
                    and bool(panel.model.hits()), timeout=5000)


def test_search_type_move_enter_opens_document_with_hits_highlighted(qtbot, window, library):
    qtbot.waitActive(window)
    qtbot.keyClick(window.reading.view, Qt.Key.Key_K, CTRL)
    assert window.search_box.hasFocus()
    assert window.sidebar.currentWidget() is window.search_panel
    qtbot.keyClicks(window.search_box, "special forces")
    _wait_results(qtbot, window, "special forces")
    hits = window.search_panel.model.hits()
    assert hits and all(h.snippets for h in hits)
    html = window.search_panel.model.index(0).data(Qt.ItemDataRole.UserRole + 20)
    assert "<span style=\"background-color:" in html          # matched words are marked

    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Up)
    assert window.search_panel.list.currentIndex().row() == 0
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)

    view = window.reading.view
    assert view.doc_id == hits[0].id
    assert view.hasFocus()
    text = library.get(view.doc_id).text
    spans = [(a, b) for s in hits[0].snippets for a, b in s.matches]
    assert spans
    qdoc = view.document()
    for a, b in spans:                            # every matched word carries the hit format
        fmt = format_at(qdoc, view.omap.to_doc(a))
        assert fmt.property(PROP_HIT) is True, text[a:b]
        assert fmt.background().color() == QColor(window.theme.hit_bg)
        assert format_at(qdoc, view.omap.to_doc(b - 1)).property(PROP_HIT) is True
    # the first hit of the whole document is in view
    first = min(a for a, _ in view_hits(view))
    top, bottom = view.span_rect_y(first, first + 1)
    assert 0 <= top and bottom <= view.viewport().height()
    # "special" also occurs outside the snippets: all of them are highlighted
    assert len(view_hits(view)) >= text.lower().count("special forces") * 2

    qtbot.keyClick(view, Qt.Key.Key_Escape)                 # back to the results
    assert window.search_box.hasFocus()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)    # and out of the search
    assert window.sidebar.currentWidget() is window.library_panel
    assert view.hasFocus()


def view_hits(view) -> list[tuple[int, int]]:
    """Spans of the open document whose format says: search hit."""
    out = []
    block = view.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            if frag.charFormat().property(PROP_HIT) is True:
                a = view.omap.to_text(frag.position())
                out.append((a, a + frag.length()))
            it += 1
        block = block.next()
    return out


def test_stale_results_are_dropped(qtbot, window):
    qtbot.waitActive(window)
    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, "kursk")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Backspace)
    qtbot.keyClicks(window.search_box, "k region")
    _wait_results(qtbot, window, "kursk region")
    shown = []
    window.search_panel.results_shown.connect(lambda q, n: shown.append(q))
    qtbot.wait(200)
    assert shown == []                       # nothing older arrives after the last query
    assert window.search_panel.query == "kursk region"


def test_typing_at_a_person_s_pace_shows_the_last_query_s_results(qtbot, window):
    qtbot.waitActive(window)
    window.search_box.setFocus()
    for ch in "troops":
        qtbot.keyClicks(window.search_box, ch)
        qtbot.wait(120)             # each keystroke's search may end before the next one
    _wait_results(qtbot, window, "troops")
    qtbot.waitUntil(lambda: window.search_panel.status.text().startswith("3 results"),
                    timeout=5000)


def test_recent_searches_are_offered(qtbot, window):
    qtbot.waitActive(window)
    qtbot.keyClick(window.reading.view, Qt.Key.Key_Slash)
    assert window.search_box.hasFocus()
    qtbot.keyClicks(window.search_box, "artillery")
    _wait_results(qtbot, window, "artillery")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.search_panel.recent()[0] == "artillery"
    qtbot.keyClick(window.reading.view, Qt.Key.Key_L, CTRL)          # Ctrl+L: the search, again
    assert window.search_box.hasFocus()
    window.search_box.clear()
    window.search_panel.on_query("")
    assert window.search_panel.model.index(0).data() == "artillery"


def test_find_in_document_counts_and_steps(qtbot, window, library):
    qtbot.waitActive(window)
    window.nav.open_document(SEED_003)
    qtbot.keyClick(window.reading.view, Qt.Key.Key_F, CTRL)
    assert window.reading.find_bar.isVisible() and window.reading.find_bar.field.hasFocus()
    qtbot.keyClicks(window.reading.find_bar.field, "troops")
    text = library.get(SEED_003).text
    n = text.lower().count("troops")
    qtbot.waitUntil(lambda: window.reading.find_bar.count.text() == f"1 of {n}", timeout=3000)
    qtbot.keyClick(window.reading.find_bar.field, Qt.Key.Key_Return)
    assert window.reading.find_bar.count.text() == f"2 of {n}"
    qtbot.keyClick(window.reading.find_bar.field, Qt.Key.Key_Return, SHIFT)
    assert window.reading.find_bar.count.text() == f"1 of {n}"
    qtbot.keyClick(window.reading.find_bar.field, Qt.Key.Key_F3)
    assert window.reading.find_bar.count.text() == f"2 of {n}"
    qtbot.keyClick(window.reading.find_bar.field, Qt.Key.Key_F3, SHIFT)
    qtbot.keyClick(window.reading.find_bar.field, Qt.Key.Key_F3, SHIFT)
    assert window.reading.find_bar.count.text() == f"{n} of {n}"       # wraps around
    marks = window.reading.view.extraSelections()
    assert len(marks) == n
    assert all(text[s:e].lower() == "troops" for s, e in window.reading.view.find_spans())
    qtbot.keyClick(window.reading.find_bar.field, Qt.Key.Key_Escape)
    assert not window.reading.find_bar.isVisible()
    assert window.reading.view.extraSelections() == []


def test_next_claim_next_conflict_and_links_from_the_keyboard(qtbot, window, library):
    qtbot.waitActive(window)
    window.nav.open_document(SEED_000)
    window.reading.view.setFocus()
    qtbot.keyClick(window.reading.view, Qt.Key.Key_C)                  # next conflict
    sel = window.reading.view.selected_span()
    claim = window.reading.view.links.find(*sel)
    assert claim.relation == "conflicts"
    qtbot.keyClick(window.reading.view, Qt.Key.Key_C)
    second = window.reading.view.links.find(*window.reading.view.selected_span())
    assert second.relation == "conflicts" and second.start > claim.start
    qtbot.keyClick(window.reading.view, Qt.Key.Key_N)                  # next linked claim (any)
    third = window.reading.view.links.find(*window.reading.view.selected_span())
    assert third.start > second.start
    qtbot.keyClick(window.reading.view, Qt.Key.Key_N, SHIFT)
    assert window.reading.view.selected_span() == (second.start, second.end)
    qtbot.keyClick(window.reading.view, Qt.Key.Key_L)          # its links, focus in the panel
    assert window.links_panel.isVisible()
    assert window.links_panel.claim == (SEED_000, second.start, second.end)
    assert window.links_panel.tree.hasFocus()
    target = window.links_panel.tree.currentIndex().data(Qt.ItemDataRole.UserRole + 1)
    assert target[0] == SEED_003
    qtbot.keyClick(window.links_panel.tree, Qt.Key.Key_Return)  # open the passage
    assert window.reading.view.doc_id == SEED_003
    assert window.reading.view.selected_span() == target[1:]
    qtbot.keyClick(window.reading.view, Qt.Key.Key_Left, ALT)
    assert window.reading.view.doc_id == SEED_000
    qtbot.keyClick(window.reading.view, Qt.Key.Key_Right, ALT)
    assert window.reading.view.doc_id == SEED_003


def test_claim_formats_say_the_relation_by_style_not_only_colour(window, library):
    window.nav.open_document(SEED_000)
    view = window.reading.view
    styles = {}
    for claim in view.links.claims:
        fmt = format_at(view.document(), view.omap.to_doc(claim.start))
        assert fmt.property(PROP_RELATION) == claim.relation
        assert fmt.isAnchor()
        styles[claim.relation] = fmt.underlineStyle()
    from PySide6.QtGui import QTextCharFormat
    U = QTextCharFormat.UnderlineStyle
    assert styles == {"conflicts": U.WaveUnderline, "agrees": U.SingleUnderline,
                      "related": U.DotLine} or styles.get("conflicts") == U.WaveUnderline


def test_shortcut_sheet_lists_every_shortcut(qtbot, window):
    qtbot.waitActive(window)
    qtbot.keyClick(window.reading.view, Qt.Key.Key_F1)
    sheets = [w for w in window.findChildren(object) if type(w).__name__ == "ShortcutSheet"]
    assert sheets and sheets[0].isVisible()
    html = sheets[0].view.toPlainText()
    for needle in ("Search the Library", "Ctrl+K", "Find in Document", "F3", "Next Conflict",
                   "Alt+Left", "Import Files", "Ctrl+O", "Ctrl+Shift+O", "Keyboard Shortcuts"):
        assert needle in html
    sheets[0].close()
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "H&ighlights", "&Go", "&View", "&Stories", "&Help"]


def test_no_two_commands_share_a_shortcut(window):
    seen = {}
    for name, action in window.commands.all.items():
        for seq in action.shortcuts():
            key = seq.toString()
            assert key not in seen, f"{key}: {seen.get(key)} and {name}"
            seen[key] = name
    assert len(seen) >= 30


def test_tab_order_and_accessible_names(qtbot, window):
    qtbot.waitActive(window)
    window.nav.open_document(SEED_000)
    window.search_box.setFocus()
    order = [window.search_box]
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order[1:4] == [window.library_panel.filter_box, window.library_panel.table,
                          window.reading.view]
    for w in (window.search_box, window.library_panel.filter_box, window.library_panel.table,
              window.reading.view, window.links_panel.tree, window.reading.find_bar.field,
              window.reading.overview,
              window.search_panel.list, window.progress.cancel):
        assert w.accessibleName(), type(w).__name__


def test_following_a_dark_palette(qtbot, window):
    from PySide6.QtGui import QColor, QPalette
    light = QApplication.palette()
    dark = QPalette(light)
    for role, color in ((QPalette.ColorRole.Base, "#1e1f22"), (QPalette.ColorRole.Text, "#e6e6e6"),
                        (QPalette.ColorRole.Window, "#2b2d30")):
        dark.setColor(role, QColor(color))
    window.nav.open_document(SEED_000)
    try:
        QApplication.setPalette(dark)
        qtbot.waitUntil(lambda: window.theme.dark, timeout=2000)
        claim = next(c for c in window.reading.view.links.claims if c.relation == "conflicts")
        view = window.reading.view
        fmt = format_at(view.document(), view.omap.to_doc(claim.start))
        assert fmt.background().color() == window.theme.tint["conflicts"]
        assert fmt.background().color().lightness() < 128       # a dark tint on a dark page
    finally:
        QApplication.setPalette(light)
    qtbot.waitUntil(lambda: not window.theme.dark, timeout=2000)


def test_a_passage_near_the_top_is_shown_with_the_document_header(qtbot, window, library):
    qtbot.waitActive(window)
    window.nav.open_document(SEED_003)
    view = window.reading.view
    bar = view.verticalScrollBar()
    assert bar.maximum() > 0
    view.scroll_to_offset(0, 0.0)
    assert bar.value() == 0                      # the title above the text stays in view
    far = len(library.get(SEED_003).text) - 1
    view.scroll_to_offset(far, 0.0)
    assert bar.value() > 0
    top, _ = view.span_rect_y(far, far + 1)
    assert 0 <= top < view.viewport().height()


def _mnemonic(text: str) -> str:
    """The letter after a single '&' ('&&' is a literal ampersand), lower-cased; '' if none."""
    import re
    m = re.search(r"(?<!&)&([^&\s])", text.replace("&&", ""))
    return m.group(1).lower() if m else ""


def test_every_menu_mnemonic_is_unique(qtbot, window):
    """Alt+letter opens exactly one menu, and a letter within a menu picks one command."""
    bar = window.menuBar()
    tops = [a for a in bar.actions() if a.menu() is not None]
    letters = [_mnemonic(a.text()) for a in tops]
    assert all(letters), [a.text() for a in tops]
    assert len(set(letters)) == len(letters), [a.text() for a in tops]
    for top in tops:
        items = [a for a in top.menu().actions() if not a.isSeparator()]
        inner = [m for m in (_mnemonic(a.text()) for a in items) if m]
        assert len(set(inner)) == len(inner), (top.text(), [a.text() for a in items])


def test_alt_g_opens_the_go_menu(qtbot, window):
    qtbot.waitActive(window)
    go = next(a for a in window.menuBar().actions() if a.text() == "&Go")
    qtbot.keyClick(window, Qt.Key.Key_G, ALT)
    qtbot.waitUntil(lambda: go.menu().isVisible(), timeout=3000)
    assert QApplication.activePopupWidget() is go.menu()
    qtbot.keyClick(go.menu(), Qt.Key.Key_Escape)


def test_library_list_home_end_and_typing_goes_to_the_filter(qtbot, window, library):
    qtbot.waitActive(window)
    panel = window.library_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() >= 3, timeout=5000)
    table = panel.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus, timeout=3000)
    last = panel.model.rowCount() - 1
    qtbot.keyClick(table, Qt.Key.Key_End)
    assert table.currentIndex().row() == last and table.selectionModel().isRowSelected(last)
    qtbot.keyClick(table, Qt.Key.Key_Home)
    assert table.currentIndex().row() == 0 and table.selectionModel().isRowSelected(0)
    # typing, even a letter the window uses as a one-key shortcut ("h" highlights), filters
    title = panel.model.index(0, 0).data()
    word = next(w for w in title.split() if w.isalpha() and len(w) > 3)
    qtbot.keyClicks(table, word[:4].lower())
    assert panel.filter_box.hasFocus()
    assert panel.filter_box.text() == word[:4].lower()
    qtbot.waitUntil(lambda: panel.model.rowCount() >= 1, timeout=3000)
    assert all(word[:4].lower() in (panel.model.index(r, 0).data() + " " +
                                    (panel.model.index(r, 1).data() or "")).lower()
               for r in range(panel.model.rowCount()))


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [tuple(s) for s in out]


def _open_result(qtbot, window, query: str, doc_id: str) -> None:
    qtbot.keyClick(window.reading.view, Qt.Key.Key_K, CTRL)
    qtbot.keyClicks(window.search_box, query)
    _wait_results(qtbot, window, query)
    ids = [h.id for h in window.search_panel.model.hits()]
    for _ in range(ids.index(doc_id)):
        qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.reading.view.doc_id == doc_id


def test_a_phrase_search_marks_the_phrase_and_scrolls_to_it(qtbot, window, library):
    """Fix 4: "North Korean troops" marks the phrase, not every North, Korean and troops."""
    qtbot.waitActive(window)
    _open_result(qtbot, window, '"North Korean troops"', SEED_000)
    view = window.reading.view
    text = library.get(SEED_000).text
    found = [m.span() for m in re.finditer(r"North Korean troops", text, re.I)]
    assert found and text.index("North") < found[0][0]        # the words occur before it
    assert _merged(view_hits(view)) == found
    top, bottom = view.span_rect_y(*found[0])
    assert 0 <= top and bottom <= view.viewport().height()    # scrolled to the phrase


def test_a_phrase_with_slop_marks_its_words_within_the_window_only(qtbot, window, library):
    qtbot.waitActive(window)
    _open_result(qtbot, window, '"North troops"~3', SEED_000)
    view = window.reading.view
    text = library.get(SEED_000).text
    marked = view_hits(view)
    words = {text[a:b].lower() for a, b in marked}
    assert words == {"north", "troops"}
    norths = [m.start() for m in re.finditer(r"\bNorth\b", text)]
    marked_norths = [a for a, b in marked if text[a:b] == "North"]
    assert 0 < len(marked_norths) < len(norths)                # not every North: the window's
    for a in marked_norths:
        assert re.match(r"North\W+(\w+\W+){0,2}troops", text[a:a + 60])


def test_the_shortcut_sheet_filters_as_you_type(qtbot, window):
    """Add 6: type to find a command or a key; Esc clears, then closes."""
    qtbot.waitActive(window)
    qtbot.keyClick(window.reading.view, Qt.Key.Key_F1)
    sheet = next(w for w in window.findChildren(object) if type(w).__name__ == "ShortcutSheet")
    everything = sheet.shown()
    qtbot.keyClicks(sheet.filter, "conflict")
    rows = sheet.shown()
    assert rows and len(rows) < len(everything)
    assert all("conflict" in f"{title} {c} {k}".lower() for title, section in sheet.sections
               for c, k in section if (c, k) in rows)
    assert ("Next Conflict", "C") in rows
    text = sheet.view.toPlainText()
    assert "Next Conflict" in text and "Import Files" not in text
    sheet.filter.clear()
    qtbot.keyClicks(sheet.filter, "ctrl+d")
    assert [c for c, _ in sheet.shown()] == ["Compare Side by Side"]
    qtbot.keyClick(sheet.filter, Qt.Key.Key_Escape)           # clears
    assert sheet.filter.text() == "" and sheet.isVisible()
    assert len(sheet.shown()) == len(everything)
    qtbot.keyClicks(sheet.filter, "zzzz")
    assert sheet.shown() == [] and "No command or key matches" in sheet.view.toPlainText()
    qtbot.keyClick(sheet.filter, Qt.Key.Key_Escape)
    qtbot.keyClick(sheet.filter, Qt.Key.Key_Escape)           # closes
    assert not sheet.isVisible()
