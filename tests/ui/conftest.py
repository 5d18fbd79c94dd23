"""Fixtures for the window tests: real widgets (offscreen) over a real temporary library with
the three sample articles and their links; QSettings redirected to a temporary folder; any Qt
warning fails the test."""

from __future__ import annotations

import os
import re
import shutil

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, QtMsgType  # noqa: E402

from reader.core.library import Library  # noqa: E402

from tests.ui.uihelpers import add_links, close_window, make_window  # noqa: E402
from reader.ui.compat import protect_singletons  # noqa: E402

protect_singletons()     # before pytest-qt creates the QApplication (see reader/ui/compat.py)

# Qt messages that say nothing about our code (the offscreen platform's limits).
_HARMLESS = re.compile(r"propagateSizeHints|QFont::setPointSizeF|"
                       r"This plugin does not support|Populating font family aliases")


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory):
    root = tmp_path_factory.mktemp("template") / "library"
    lib = Library(root)
    lib.seed_if_new()
    try:                       # the real engine's links, once it and its model are installed
        for _ in lib.cross_reference():
            pass
    except (ImportError, OSError):
        add_links(lib)
    lib.close()
    return root


@pytest.fixture
def library(tmp_path, seeded_template):
    root = tmp_path / "library"
    shutil.copytree(seeded_template, root)
    lib = Library(root)
    yield lib
    lib.close()


@pytest.fixture
def empty_library(tmp_path):
    lib = Library(tmp_path / "empty-library")
    yield lib
    lib.close()


@pytest.fixture
def settings(tmp_path):
    """QSettings in a temporary file; the default locations are redirected there too."""
    folder = tmp_path / "settings"
    folder.mkdir()
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    return QSettings(str(folder / "reader.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, library, settings):
    w = make_window(qtbot, library, settings)
    yield w
    close_window(w)


@pytest.fixture(autouse=True)
def _qt_warnings_fail(qtlog):
    """A Qt warning or error during a test fails it."""
    yield
    bad = [r.message for r in qtlog.records
           if r.type in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
           and not _HARMLESS.search(r.message)]
    assert not bad, f"Qt warnings: {bad}"
