"""Editing a document's metadata from the keyboard: F2 opens the dialog on the list's current
document (or the open one), typing and Enter save it off the GUI thread, and the list, the
window title and the document header show the new values; a bad date keeps the dialog open."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from shiboken6 import isValid

from reader.ui.panels.library_model import DATE, TITLE

from tests.ui.uihelpers import SEED_000, SEED_002

TAB = Qt.Key.Key_Tab


def _list_ready(qtbot, window) -> None:
    qtbot.waitActive(window)
    qtbot.waitUntil(lambda: window.library_panel.model.rowCount() >= 3, timeout=5000)


def _open_dialog(qtbot, window, widget):
    qtbot.keyClick(widget, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: window.metadata.dialog is not None
                    and window.metadata.dialog.isVisible(), timeout=3000)
    dialog = window.metadata.dialog
    qtbot.waitUntil(dialog.fields["title"].hasFocus, timeout=3000)     # the title, to type
    return dialog


def _closed(dialog) -> bool:
    return not isValid(dialog) or not dialog.isVisible()      # closed dialogs are deleted


def _cell(window, doc_id: str, column: int) -> str:
    model = window.library_panel.model
    return model.index(model.row_of(doc_id), column).data()


def test_f2_in_the_list_edits_its_current_document(qtbot, window, library):
    _list_ready(qtbot, window)
    window.nav.open_document(SEED_000)
    panel = window.library_panel
    panel.select_ids([SEED_002], SEED_002)
    panel.table.setFocus()
    qtbot.waitUntil(panel.table.hasFocus, timeout=3000)
    dialog = _open_dialog(qtbot, window, panel.table)
    assert dialog.doc_id == SEED_002                     # the list's document, not the open one
    title = dialog.fields["title"]
    assert title.text() == library.get(SEED_002).title
    assert title.selectedText() == title.text()          # typing replaces it
    qtbot.keyClicks(title, "Quokka dispatch")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _cell(window, SEED_002, TITLE) == "Quokka dispatch", timeout=5000)
    assert _closed(dialog)
    assert library.get(SEED_002).title == "Quokka dispatch"
    assert [h.id for h in library.search("title:quokka").hits] == [SEED_002]
    assert window.reading.view.doc_id == SEED_000        # the open document stays


def test_f2_on_the_open_document_refreshes_title_header_and_order(qtbot, window, library):
    _list_ready(qtbot, window)
    window.nav.open_document(SEED_002)
    view = window.reading.view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus, timeout=3000)
    dialog = _open_dialog(qtbot, window, view)
    assert dialog.doc_id == SEED_002
    qtbot.keyClicks(dialog.fields["title"], "Quokka dispatch")
    for name in ("title", "source", "author"):          # Tab goes down the fields
        qtbot.keyClick(QApplication.focusWidget(), TAB)
        if name == "title":
            assert dialog.fields["source"].hasFocus()
            qtbot.keyClicks(dialog.fields["source"], "Wombat Gazette")
    date = dialog.fields["date"]
    assert date.hasFocus()
    qtbot.keyClicks(date, "1 March 2030")
    qtbot.keyClick(date, Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: window.windowTitle()
                    == f"Quokka dispatch — {window.library_name} — Reader", timeout=5000)
    header = view.toPlainText()[:200]
    assert "Quokka dispatch" in header and "Wombat Gazette" in header
    qtbot.waitUntil(lambda: _cell(window, SEED_002, DATE) == "2030-03-01", timeout=5000)
    model = window.library_panel.model
    assert model.index(0, TITLE).data() == "Quokka dispatch"     # newest first
    assert library.metadata_edits(SEED_002) == {"title": "Quokka dispatch",
                                                "source": "Wombat Gazette", "date": "2030-03-01"}


def test_an_invalid_date_is_said_in_the_dialog_which_stays_open(qtbot, window, library):
    _list_ready(qtbot, window)
    window.nav.open_document(SEED_000)
    before = library.get(SEED_000)
    dialog = _open_dialog(qtbot, window, window.reading.view)
    date = dialog.fields["date"]
    date.setFocus()
    qtbot.waitUntil(date.hasFocus, timeout=3000)
    qtbot.keyClicks(date, "next Tuesday")
    qtbot.keyClick(date, Qt.Key.Key_Return)
    assert dialog.isVisible() and date.hasFocus()
    assert dialog.error.isVisible() and "cannot be read" in dialog.error.text()
    qtbot.keyClick(date, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: _closed(dialog), timeout=3000)
    assert library.get(SEED_000) == before and library.metadata_edits(SEED_000) == {}
