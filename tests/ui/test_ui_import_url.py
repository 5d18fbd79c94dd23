"""Importing a web page by its address in the window: File → Import URL… (type, Enter) and
Ctrl+Shift+V (the address on the clipboard), from a real web server on 127.0.0.1; the download
runs on the write queue and its failure lands in the Import Problems panel."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from tests.webserver import WebServer

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture(scope="module")
def web():
    with WebServer() as server:
        yield server


def _type_address(qtbot, window, url: str):
    """File → Import URL…, the address typed, Enter; returns the import's outcome."""
    window.commands.import_url.trigger()
    dialog = window.work.url_dialog
    qtbot.waitActive(dialog)
    qtbot.waitUntil(dialog.edit.hasFocus, timeout=3000)      # the field takes the keys
    assert dialog.edit.text() == ""
    qtbot.keyClicks(dialog.edit, url)
    with qtbot.waitSignal(window.tasks.import_finished, timeout=20000) as done:
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
        assert not dialog.isVisible()                     # closed at once; the work goes on
    return done.args[0]


def test_import_url_dialog_imports_the_typed_address(qtbot, window, library, web):
    qtbot.waitActive(window)
    QGuiApplication.clipboard().setText("not an address")       # so the field starts empty
    before = window.library_panel.model.rowCount()
    outcome = _type_address(qtbot, window, web.url("/story"))
    (entry,) = outcome.report.imported
    doc = library.get(entry["id"])
    assert doc.title == "Troops Reach the Border" and doc.url == web.url("/article.html")
    model = window.library_panel.model
    qtbot.waitUntil(lambda: model.row_of(entry["id"]) >= 0, timeout=5000)
    assert model.rowCount() == before + 1
    assert "Troops Reach the Border" in [model.index(r, 0).data() for r in range(model.rowCount())]
    qtbot.waitUntil(lambda: not window.tasks.busy(), timeout=30000)   # the xref that follows


def test_a_failed_address_is_listed_in_import_problems_with_its_reason(qtbot, window, web):
    qtbot.waitActive(window)
    QGuiApplication.clipboard().setText("")
    outcome = _type_address(qtbot, window, web.url("/image.png"))
    assert outcome.report.imported == []
    assert window.problems_dock.isVisible()
    assert window.problems.failures() == [
        (web.url("/image.png"), "not an article: the address gives a PNG image")]
    assert "could not be read" in window.statusBar().currentMessage()


def test_ctrl_shift_v_imports_the_address_on_the_clipboard(qtbot, window, library, web):
    qtbot.waitActive(window)
    QGuiApplication.clipboard().setText(f"  {web.url('/notes.txt')}\n")
    window.reading.view.setFocus()
    with qtbot.waitSignal(window.tasks.import_finished, timeout=20000) as done:
        qtbot.keyClick(window.reading.view, Qt.Key.Key_V, CTRL_SHIFT)
    (entry,) = done.args[0].report.imported
    assert library.get(entry["id"]).title == "Notes From the Valley"
    assert not (library.root / "inbox").exists()          # not pasted as text
    qtbot.waitUntil(lambda: window.library_panel.model.row_of(entry["id"]) >= 0, timeout=5000)
    qtbot.waitUntil(lambda: not window.tasks.busy(), timeout=30000)


def test_ctrl_shift_v_without_an_address_says_so(qtbot, window, library):
    qtbot.waitActive(window)
    QGuiApplication.clipboard().setText("North Korean troops")
    count = library.store.count()
    window.reading.view.setFocus()
    qtbot.keyClick(window.reading.view, Qt.Key.Key_V, CTRL_SHIFT)
    assert "no web address" in window.statusBar().currentMessage()
    assert not window.tasks.busy() and library.store.count() == count


def test_the_dialog_starts_with_the_address_on_the_clipboard(qtbot, window, web):
    qtbot.waitActive(window)
    QGuiApplication.clipboard().setText(web.url("/article.html"))
    window.commands.import_url.trigger()
    dialog = window.work.url_dialog
    qtbot.waitActive(dialog)
    assert dialog.edit.text() == web.url("/article.html") and dialog.edit.hasSelectedText()
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Escape)       # cancelled: nothing imported
    assert not window.tasks.busy()
    assert window.commands.paste_url.shortcut().toString() == "Ctrl+Shift+V"


def test_the_progress_says_what_is_downloading_and_cancel_stops_it(qtbot, window, library, web):
    qtbot.waitActive(window)
    QGuiApplication.clipboard().setText(web.url("/slow"))          # silent for 3 s
    window.reading.view.setFocus()
    started = time.monotonic()
    with qtbot.waitSignal(window.tasks.import_finished, timeout=20000) as done:
        qtbot.keyClick(window.reading.view, Qt.Key.Key_V, CTRL_SHIFT)
        qtbot.waitUntil(window.progress.isVisible, timeout=3000)
        assert window.progress.label.text() == f"Downloading {web.url('/slow')}"
        qtbot.mouseClick(window.progress.cancel, Qt.MouseButton.LeftButton)
    report = done.args[0].report
    assert report.cancelled and report.imported == [] and report.failed == []
    assert library.store.count() == 3
    assert time.monotonic() - started < 2.5          # not when the server answers (3 s)
