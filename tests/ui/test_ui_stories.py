"""The story view (issue 16) in the real window, driven by the keyboard: the seeds' story from
the stories list, arrows between cells, Enter to the passage and Back to the same cell, the
filters, Open as Story on a selection, and a source taken out of a story."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from reader.ui.panels.story_view import CELL_ROLE
from reader.ui.panels.html_delegate import HTML_ROLE
from tests.ui.uihelpers import SEED_000, SEED_002, SEED_003

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier


def _open_seeds_story(qtbot, window):
    """Ctrl+5, Enter on the first story: the matrix shown, the cursor in it."""
    qtbot.waitActive(window)
    qtbot.keyClick(window, Qt.Key.Key_5, CTRL)
    stories = window.library_panel.stories
    assert stories.hasFocus()
    qtbot.waitUntil(lambda: stories.count() > 0)
    assert "3 sources" in stories.currentItem().text()
    listed = stories.currentItem().text()
    qtbot.keyClick(stories, Qt.Key.Key_Return)
    story = window.story
    qtbot.waitUntil(lambda: story.model.rowCount() > 0)
    assert window.center.currentWidget() is story and story.table.hasFocus()
    # the list counts the facts in conflict as the matrix does (not the links: 4 on the seeds)
    in_conflict = sum(r.status == "conflicts" for r in story.model.matrix.rows)
    assert in_conflict >= 1 and f"{in_conflict} fact{'s' if in_conflict > 1 else ''} in " \
        f"conflict" in listed and f"{in_conflict} fact" in story.summary.text()
    return story


def test_the_seeds_story_opens_by_keyboard_with_a_column_per_source(qtbot, window):
    story = _open_seeds_story(qtbot, window)
    model = story.model
    assert set(model.column_ids()) == {SEED_000, SEED_002, SEED_003}
    dates = [c.date for c in model.matrix.columns]
    assert dates == sorted(dates)                                  # by publication time
    first = model.rows[0]
    assert first.status == "conflicts"
    fact = model.index(0, 0).data(HTML_ROLE)
    assert " | ".join(f"<b>{v}</b>" for v in first.values) in fact   # the values side by side
    cell = next(c for c in first.cells.values() if c.value and c.relation == "conflicts")
    html = model.index(0, 1 + model.column_ids().index(cell.doc_id)).data(HTML_ROLE)
    assert f"<b>{cell.value}</b>" in html and "conflicts" in html
    missing = [(r, c) for r in range(model.rowCount()) for c in range(1, model.columnCount())
               if model.index(r, c).data(CELL_ROLE) is None]
    assert missing and "not reported" in model.index(*missing[0]).data(HTML_ROLE)
    assert window.windowTitle().startswith("Story: ")


def test_arrows_move_enter_opens_the_passage_and_back_returns_to_the_cell(qtbot, window, library):
    story = _open_seeds_story(qtbot, window)
    table = story.table
    assert table.currentIndex().row() == 0 and table.currentIndex().column() == 1
    qtbot.keyClick(table, Qt.Key.Key_Right)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Up)
    assert (table.currentIndex().row(), table.currentIndex().column()) == (0, 2)
    qtbot.keyClick(table, Qt.Key.Key_Left)
    while table.currentIndex().data(CELL_ROLE) is None:          # a source that reports it
        qtbot.keyClick(table, Qt.Key.Key_Right)
    here = (table.currentIndex().row(), table.currentIndex().column())
    cell = table.currentIndex().data(CELL_ROLE)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.center.currentWidget() is window.reading
    assert window.reading.view.doc_id == cell.doc_id
    assert window.reading.view.selected_span() == (cell.start, cell.end)
    assert window.reading.view.hasFocus()
    assert window.sidebar.currentWidget() is window.library_panel
    qtbot.keyClick(window.reading.view, Qt.Key.Key_Left, ALT)     # Back
    assert window.center.currentWidget() is story
    assert (table.currentIndex().row(), table.currentIndex().column()) == here
    assert table.hasFocus()
    qtbot.keyClick(table, Qt.Key.Key_Escape)                        # Esc closes the story
    assert window.center.currentWidget() is window.reading
    assert window.sidebar.currentWidget() is window.library_panel


def test_only_conflicts_and_the_facts_a_source_omits(qtbot, window):
    story = _open_seeds_story(qtbot, window)
    model = story.model
    everything = len(model.rows)
    story.only_conflicts.setChecked(True)
    assert 0 < len(model.rows) < everything
    assert {r.status for r in model.rows} == {"conflicts"}
    story.only_conflicts.setChecked(False)
    source = story.omitted.findData(SEED_002)
    story.omitted.setCurrentIndex(source)
    assert model.rows and len(model.rows) < everything
    assert all(SEED_002 not in r.cells for r in model.rows)
    assert "shown" in story.summary.text()


def test_open_as_story_add_and_remove_a_source(qtbot, window, library, monkeypatch):
    qtbot.waitActive(window)
    window.library_panel.focus_list()
    window.library_panel.select_ids([SEED_000, SEED_003])
    qtbot.keyClick(window.library_panel.table, Qt.Key.Key_T, CTRL)   # Open as Story
    story = window.story
    qtbot.waitUntil(lambda: window.center.currentWidget() is story
                    and story.model.rowCount() > 0)
    assert story.story.made_by == "user"
    assert set(story.story.doc_ids) == {SEED_000, SEED_003}
    assert [s.id for s in library.stories()][0] == story.story.id
    qtbot.waitUntil(lambda: any(s.made_by == "user" for s in window.library_panel.story_list()))

    window.library_panel.select_ids([SEED_002])                       # Add to Story…
    monkeypatch.setattr(QInputDialog, "getItem",
                        lambda parent, title, label, names, *a: (names[0], True))
    window.commands.add_to_story.trigger()
    qtbot.waitUntil(lambda: len(story.model.column_ids()) == 3)
    story.table.setCurrentIndex(story.model.index(0, 1 + story.model.column_ids().index(SEED_002)))
    window.commands.remove_from_story.trigger()
    qtbot.waitUntil(lambda: len(story.model.column_ids()) == 2)
    assert SEED_002 not in story.model.column_ids()
    assert library.story(story.story.id).doc_ids == [SEED_000, SEED_003]


def test_rename_then_delete_a_story_of_yours(qtbot, window, library, monkeypatch):
    from PySide6.QtWidgets import QMessageBox
    story = library.make_story("Kursk", [SEED_000, SEED_003])
    window.nav.open_story(story)
    qtbot.waitUntil(lambda: window.story.model.rowCount() > 0)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Troops in Kursk", True))
    window.commands.rename_story.trigger()
    qtbot.waitUntil(lambda: window.story.title.text() == "Troops in Kursk")
    assert library.story(story.id).title == "Troops in Kursk"
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.commands.delete_story.trigger()
    qtbot.waitUntil(lambda: window.center.currentWidget() is not window.story)
    assert story.id not in [s.id for s in library.stories()]


def test_the_window_prepares_stories_when_idle_and_freezes_start_ups_objects(qtbot, library,
                                                                              settings,
                                                                              monkeypatch):
    """About a second after start the read queue runs the real ``prepare_stories`` once, and
    the objects of start-up leave the cyclic collector (a full collection of them stalled the
    event loop for 50-100 ms) until the window closes."""
    import gc
    from tests.ui.uihelpers import close_window, make_window
    calls = []
    real = library.prepare_stories
    monkeypatch.setattr(library, "prepare_stories", lambda: (calls.append(1), real()))
    window = make_window(qtbot, library, settings, start=False)
    try:
        window.start()
        assert calls == []                  # not during start: when idle, off the GUI thread
        from reader.ui.work.collector import thaw
        thaw()                              # as a fresh process: nothing frozen yet
        qtbot.waitUntil(lambda: bool(calls) and gc.get_freeze_count() > 0, timeout=5000)
        assert calls == [1]
        window.close()                      # its objects can be collected once it is gone
        assert gc.get_freeze_count() == 0
    finally:
        close_window(window)


def test_a_cell_with_other_claims_fits_its_row_and_its_tooltip_has_them_all(qtbot, window):
    """The rows have one height: a source's cell with three more claims on the fact shows the
    first cut short and counts the rest, laid out within the row at the narrowest column; the
    tooltip has every claim whole."""
    from PySide6.QtGui import QTextDocument

    from reader.core.stories.model import Cell, Column, Matrix, Row, Story
    from reader.ui.panels.html_delegate import PADDING
    long = ("The ministry said on Monday that 1,500 troops had been sent to the border region, "
            "a figure that officials in the capital repeated later in the week while the "
            "opposition questioned how the count had been made and by whom it was checked.")
    others = [Cell("b", 300 * n, 300 * n + len(long), long.replace("1,500", f"{n},000"),
                   "agrees", f"{n},000") for n in (2, 3, 4)]
    cells = {"a": Cell("a", 0, len(long), long, "conflicts", "1,500", "the ministry", others),
             "c": Cell("c", 0, len(long), long, "conflicts", "1,500")}
    matrix = Matrix(Story("s", "A story", ["a", "c"]),
                    [Column("a", "One", "2024-01-01", "One"),
                     Column("c", "Two", "2024-01-02", "Two")],
                    [Row("troops", "conflicts", cells)])
    view = window.story
    view.on_matrix_read((view._seq, matrix))
    index = view.model.index(0, 1)
    html = index.data(HTML_ROLE)
    assert "also (+2 more):" in html
    doc = QTextDocument()
    doc.setDocumentMargin(PADDING)
    doc.setDefaultFont(view.table.font())
    doc.setHtml(html)
    doc.setTextWidth(26 * view.table.fontMetrics().horizontalAdvance("0"))
    assert doc.size().height() <= view.table.verticalHeader().defaultSectionSize()
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert tip.count("<i>also:</i> ") == 3 and "4,000 troops" in tip
    assert tip.startswith(f"<p>{long}</p>")          # whole, as rich text (Qt wraps it)
