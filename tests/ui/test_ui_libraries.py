"""Libraries: File → Open Library, New Library and Recent Libraries switch the window to
another library through the composition root (reader.app.Session), each library keeps its
own open document, scroll and searches, and a running import is cancelled only when the user
says so. Real libraries on temporary folders, real windows and message boxes; only the folder
dialog is answered by a stand-in (a native dialog cannot be driven offscreen)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import shiboken6 as shiboken
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from reader.app import Session, first_library, open_library
from reader.core.library import Library, is_library
from tests.helpers import ARTICLE, synthetic_records, write, write_jsonl
from tests.ui.uihelpers import SEED_003

Yes, No, Ok = (QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No,
               QMessageBox.StandardButton.Ok)


@pytest.fixture
def lib_a(tmp_path, seeded_template) -> Path:
    root = tmp_path / "libA"
    shutil.copytree(seeded_template, root)
    return root


@pytest.fixture
def lib_b(tmp_path) -> Path:
    """A second library with one article of its own."""
    root = tmp_path / "libB"
    with Library(root) as lib:
        lib.import_paths([write(tmp_path / "in" / "harvest.txt",
                                "Harvest Report\n\n" + ARTICLE)]).run()
    return root


@pytest.fixture
def session(qtbot, settings, tmp_path):
    """A session as ``reader`` builds it (the default library in a temporary folder)."""
    made = Session(settings, tmp_path / "default", xref_on_start=False)
    yield made
    end(made)


def end(session: Session) -> None:
    """Close the window and what it holds, as the end of ``reader.app.main`` does, and delete
    the windows (the event loop that would is not running)."""
    window = session.window
    if window is not None:
        window.close()
    session.close()
    if window is not None:
        window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    for _ in range(3):
        QApplication.processEvents()


def opened(qtbot, session: Session, root: Path):
    window = session.start(open_library(root, session.default_dir))
    qtbot.waitExposed(window)
    return window


def choose_folder(monkeypatch, folder: Path) -> None:
    """The folder dialog answers ``folder``."""
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *a, **k: str(folder)))


class Answers:
    """Answers the message boxes that open, in order, with ``buttons``; ``texts`` are what
    they said."""

    def __init__(self, *buttons):
        self.buttons, self.texts = list(buttons), []
        self._timer = QTimer()
        self._timer.timeout.connect(self._poll)
        self._timer.start(20)

    def _poll(self) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and self.buttons:
            self.texts.append(box.text())
            box.button(self.buttons.pop(0)).click()

    def __enter__(self) -> "Answers":
        return self

    def __exit__(self, *exc) -> None:
        self._timer.stop()


def switched(qtbot, session: Session, root: Path, old) -> object:
    """Wait for the session to show the library in ``root`` in a new window."""
    qtbot.waitUntil(lambda: session.window is not old and session.library.root == root,
                    timeout=20000)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken.isValid(old)        # the old window is gone, and its library closed
    qtbot.waitExposed(session.window)
    return session.window


def recent_entries(window) -> list[str]:
    menu = window.commands.recent_libraries.menu()
    menu.aboutToShow.emit()
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_open_library_shows_its_documents_names_it_and_lists_both_in_recent(
        qtbot, session, lib_a, lib_b, monkeypatch):
    a = opened(qtbot, session, lib_a)
    assert a.library_panel.document_count() == 3
    assert "libA" in a.windowTitle() and "libA" in a.statusBar().currentMessage()
    choose_folder(monkeypatch, lib_b)
    a.commands.open_library.trigger()
    b = switched(qtbot, session, lib_b, a)
    with Library(lib_b) as check:
        ids = [d.id for d in check.documents()]
    assert b.library_panel.document_count() == 1
    assert b.library_panel.first_id() == ids[0]
    assert b.windowTitle().endswith("libB — Reader")
    assert "libB" in b.statusBar().currentMessage()
    entries = recent_entries(b)
    assert entries[0] == "&Default Library"
    assert entries[1].startswith("&1 libB") and entries[2].startswith("&2 libA")
    assert entries[-1] == "&Clear Recent Libraries"
    checked = [a.text() for a in b.commands.recent_libraries.menu().actions() if a.isChecked()]
    assert checked == [entries[1]]
    with Answers(Ok) as about:
        b.commands.about.trigger()
    assert "libB" in about.texts[0]


def test_recent_reopens_a_library_at_its_document_and_scroll(
        qtbot, session, lib_a, lib_b, monkeypatch):
    a = opened(qtbot, session, lib_a)
    a.nav.open_document(SEED_003)
    text = a.lib.get(SEED_003).text
    a.reading.view.scroll_to_offset(text.index("The West, on the other hand"), 0.0)
    top = a.reading.view.top_offset()
    assert top > 0
    choose_folder(monkeypatch, lib_b)
    a.commands.open_library.trigger()
    b = switched(qtbot, session, lib_b, a)
    entry = next(x for x in b.commands.recent_libraries.menu().actions()
                 if x.text().startswith("&2 libA"))
    entry.trigger()
    again = switched(qtbot, session, lib_a, b)
    qtbot.waitUntil(lambda: abs(again.reading.view.top_offset() - top) < 80, timeout=3000)
    assert again.reading.view.doc_id == SEED_003
    assert recent_entries(again)[1].startswith("&1 libA")


def test_a_new_library_starts_empty_with_the_drop_target(
        qtbot, session, lib_a, tmp_path, monkeypatch):
    a = opened(qtbot, session, lib_a)
    folder = tmp_path / "fresh"
    folder.mkdir()
    choose_folder(monkeypatch, folder)
    a.commands.new_library.trigger()
    new = switched(qtbot, session, folder, a)
    assert is_library(folder)
    assert new.library_panel.document_count() == 0
    assert new.center.currentWidget() is new.empty and new.empty.isVisible()


def test_a_new_library_needs_an_empty_folder(qtbot, session, lib_a, tmp_path, monkeypatch):
    a = opened(qtbot, session, lib_a)
    folder = tmp_path / "papers"
    write(folder / "notes.txt", "mine")
    choose_folder(monkeypatch, folder)
    with Answers(Ok) as said:
        a.commands.new_library.trigger()
    assert "not empty" in said.texts[0] and "libA stays open" in said.texts[0]
    assert session.window is a and not is_library(folder)


def test_a_running_import_is_cancelled_only_when_the_user_says_so(
        qtbot, session, lib_a, lib_b, tmp_path, monkeypatch):
    a = opened(qtbot, session, lib_a)
    big = write_jsonl(tmp_path / "big.jsonl", synthetic_records(3000, words=250))
    a.tasks.import_paths([big])
    choose_folder(monkeypatch, lib_b)
    with Answers(No) as asked:
        a.commands.open_library.trigger()
    assert asked.texts == ["Cancel the running import and switch to libB?\n\nWhat it imported "
                           "so far is kept; importing the same files again finishes it."]
    assert session.window is a and a.tasks.busy() and a.isEnabled()
    with Answers(Yes):
        a.commands.open_library.trigger()
    b = switched(qtbot, session, lib_b, a)
    assert b.library_panel.document_count() == 1
    with Library(lib_a) as check:          # what the import committed is whole and indexed
        assert 3 < check.store.count() < 3003
        assert check.store.unindexed() == []
        assert check.index.doc_count() == check.store.count()


@pytest.mark.parametrize("case", ["no parent", "a file", "damaged"])
def test_a_folder_that_cannot_be_a_library_is_said_and_the_library_stays_open(
        qtbot, session, lib_a, tmp_path, monkeypatch, case):
    a = opened(qtbot, session, lib_a)
    a.nav.open_document(SEED_003)
    folder = {"no parent": tmp_path / "gone" / "library", "a file": tmp_path / "a.txt",
              "damaged": tmp_path / "damaged"}[case]
    if case == "a file":
        write(folder, "not a folder")
    elif case == "damaged":
        write(folder / "library.sqlite3", "this is no database " * 100)
    choose_folder(monkeypatch, folder)
    with Answers(Ok) as said:
        a.commands.open_library.trigger()
    assert len(said.texts) == 1 and said.texts[0].startswith(f"No library can be opened in "
                                                             f"{folder}: ")
    assert "libA stays open" in said.texts[0]
    assert session.window is a and a.isEnabled() and session.library.root == lib_a
    assert a.reading.view.doc_id == SEED_003 and a.lib.get(SEED_003)
    assert not (tmp_path / "gone").exists()


def test_a_folder_without_a_library_becomes_one_only_when_asked(
        qtbot, session, lib_a, tmp_path, monkeypatch):
    a = opened(qtbot, session, lib_a)
    folder = tmp_path / "articles"
    write(folder / "keep.txt", "mine")
    choose_folder(monkeypatch, folder)
    with Answers(No) as asked:
        a.commands.open_library.trigger()
    assert "holds no library yet" in asked.texts[0]
    assert session.window is a and not is_library(folder)
    with Answers(Yes):
        a.commands.open_library.trigger()
    made = switched(qtbot, session, folder, a)
    assert is_library(folder) and (folder / "keep.txt").read_text() == "mine"
    assert made.center.currentWidget() is made.empty


def test_each_library_keeps_its_own_document_and_searches(
        qtbot, session, lib_a, lib_b, monkeypatch):
    a = opened(qtbot, session, lib_a)
    a.nav.open_document(SEED_003)
    a.search_panel.remember("kursk")
    a.commands.toggle_links.setChecked(False)
    a.commands.show_highlights.trigger()
    choose_folder(monkeypatch, lib_b)
    a.commands.open_library.trigger()
    b = switched(qtbot, session, lib_b, a)
    b_doc = b.lib.documents()[0].id
    assert b.reading.view.doc_id in (None, b_doc)          # its own, or a start page
    assert b.search_panel.recent() == []
    assert b.commands.toggle_links.isChecked()
    assert b.sidebar.currentWidget() is b.library_panel
    b.nav.open_document(b_doc)
    choose_folder(monkeypatch, lib_a)
    b.commands.open_library.trigger()
    a2 = switched(qtbot, session, lib_a, b)
    assert a2.reading.view.doc_id == SEED_003
    assert a2.search_panel.recent() == ["kursk"] and not a2.commands.toggle_links.isChecked()
    assert a2.sidebar.currentWidget() is a2.highlights_panel
    assert a2.commands.show_highlights.isChecked()
    choose_folder(monkeypatch, lib_b)
    a2.commands.open_library.trigger()
    b2 = switched(qtbot, session, lib_b, a2)
    assert b2.reading.view.doc_id == b_doc


def test_the_last_library_opened_is_opened_next_time(
        qtbot, session, settings, lib_a, lib_b, monkeypatch):
    a = opened(qtbot, session, lib_a)
    choose_folder(monkeypatch, lib_b)
    a.commands.open_library.trigger()
    switched(qtbot, session, lib_b, a)
    default = session.default_dir
    later = Session(settings, default, xref_on_start=False)
    for named, is_default, expected in ((default, True, lib_b), (lib_a, False, lib_a)):
        lib = first_library(later, named, is_default)
        try:
            assert lib.root.resolve() == expected.resolve()
        finally:
            lib.close()
    shutil.rmtree(lib_b)                 # gone: the default library, and the menu says so
    lib = first_library(later, default, True)
    try:
        assert lib.root == default and lib.documents()       # seeded with the samples
    finally:
        lib.close()
    entries = recent_entries(session.window)
    assert entries[1].startswith("&1 libB") and entries[1].endswith("— not found")
    gone = session.window.commands.recent_libraries.menu().actions()
    assert not next(x for x in gone if x.text() == entries[1]).isEnabled()


def test_clear_keeps_only_the_library_open_now(qtbot, session, lib_a, lib_b, monkeypatch):
    a = opened(qtbot, session, lib_a)
    choose_folder(monkeypatch, lib_b)
    a.commands.open_library.trigger()
    b = switched(qtbot, session, lib_b, a)
    clear = next(x for x in b.commands.recent_libraries.menu().actions()
                 if x.text() == "&Clear Recent Libraries")
    clear.trigger()
    entries = recent_entries(b)
    assert entries[:2] == ["&Default Library", entries[1]] and entries[1].startswith("&1 libB")
    assert not any("libA" in e for e in entries)


def test_the_state_of_before_libraries_becomes_the_default_library_s(
        qtbot, settings, seeded_template, tmp_path, monkeypatch, lib_b):
    default = tmp_path / "default"
    shutil.copytree(seeded_template, default)
    settings.setValue("reading/document", SEED_003)          # as an earlier version left it
    settings.setValue("search/recent", ["kursk", "shells"])
    made = Session(settings, default, xref_on_start=False)
    try:
        window = opened(qtbot, made, default)
        assert window.reading.view.doc_id == SEED_003
        assert window.search_panel.recent() == ["kursk", "shells"]
        assert window.windowTitle().endswith("— Default Library — Reader")
        assert not settings.contains("reading/document")     # read once
        choose_folder(monkeypatch, lib_b)
        window.commands.open_library.trigger()
        b = switched(qtbot, made, lib_b, window)
        assert b.reading.view.doc_id != SEED_003 and b.search_panel.recent() == []
    finally:
        end(made)
