"""Reader's desktop window: the composition root.

It builds the core objects (the Library), the two work queues (one serial queue for every
write, one for searches), the persisted window state and the widgets, and passes each object
to the widgets that need it by constructor argument. Nothing here is global.

    python -m reader.app [--library DIR]      (``reader`` with no command calls ``main``)
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Sequence

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from .core.errors import ReaderError
from .core.library import Library
from .ui.compat import protect_singletons
from .ui.window.main_window import MainWindow
from .ui.window.window_state import WindowState
from .ui.work.collector import GuiThreadCollector
from .ui.work.highlight_tasks import HighlightTasks
from .ui.work.tasks import LibraryTasks
from .ui.work.worker import JobQueue, shutdown_all

EXIT_LIBRARY = 3
ICON_NAME = "reader.svg"
BENCH_ENV = "READER_BENCH_SHOWN"    # print when the window is first painted, then quit


def application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication (created once), named so that QSettings and the desktop find it."""
    protect_singletons()        # PySide6 6.12.0 on Python < 3.12: see reader/ui/compat.py
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(list(argv) if argv else ["reader"])
    app.setOrganizationName("Reader")
    app.setApplicationName("Reader")
    app.setApplicationDisplayName("Reader")
    app.setDesktopFileName("reader")
    # cyclic garbage is collected on this thread only (ui/work/collector.py)
    if app.findChild(GuiThreadCollector) is None:
        GuiThreadCollector(app)
    return app


def load_icon() -> QIcon | None:
    """The app icon, shipped as package data (``resources/`` in the source tree)."""
    from importlib import resources
    try:
        path = Path(str(resources.files("reader.resources") / ICON_NAME))
    except ModuleNotFoundError:       # a source checkout that was never installed
        path = Path(__file__).resolve().parents[1] / "resources" / ICON_NAME
    return QIcon(str(path)) if path.is_file() else None


class _ShownProbe(QObject):
    """For benchmarks/ui_speed.py: report the first paint of the window and quit."""

    def __init__(self, app: QApplication):
        super().__init__()
        self._app = app
        self._done = False

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint and not self._done:
            self._done = True
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        print(f"shown {time.time():.6f}", flush=True)
        self._app.quit()


def build_window(library: Library, settings: QSettings, *,
                 xref_on_start: bool = True) -> tuple[MainWindow, JobQueue, JobQueue]:
    """The window over ``library`` with its two work queues (the caller shuts them down)."""
    # Imports, removals and cross-referencing (the writes that touch the Whoosh index, which has
    # one writer) run one after the other; quick work runs on the other queue: searches, reads,
    # and the user's highlights, which write to SQLite only (SQLite orders them with an import's
    # short transactions), so that pressing H during a long import is not kept waiting.
    writes = JobQueue(threads=1, long_jobs=True)
    reads = JobQueue(threads=1)
    tasks = LibraryTasks(library, writes)
    highlight_tasks = HighlightTasks(library, reads)
    window = MainWindow(library, tasks, highlight_tasks, reads,
                        WindowState(settings, library.root), icon=load_icon(),
                        xref_on_start=xref_on_start)
    return window, writes, reads


def main(library_dir: Path, *, is_default: bool, argv: Sequence[str] | None = None,
         settings: QSettings | None = None) -> int:
    """Open the window on the library in ``library_dir`` (the per-user default library is
    seeded with the sample articles on first start). Returns the exit status."""
    app = application(argv)
    try:
        library = Library(library_dir)
        if is_default:
            library.seed_if_new()
    except (ReaderError, OSError) as exc:
        QMessageBox.critical(None, "Reader", f"The library in {library_dir} cannot be opened.\n\n"
                                             f"{exc}")
        return EXIT_LIBRARY
    window, writes, reads = build_window(
        library, settings if settings is not None else QSettings(),
        xref_on_start=not os.environ.get(BENCH_ENV))
    probe = None
    if os.environ.get(BENCH_ENV):
        probe = _ShownProbe(app)
        window.installEventFilter(probe)
        window.reading.view.viewport().installEventFilter(probe)
    window.start()
    window.show()
    try:
        return app.exec()
    finally:
        shutdown_all(writes, reads)
        library.close()
        del probe


def run(argv: Sequence[str] | None = None) -> int:
    """``python -m reader.app [--library DIR]``: the same library choice as the CLI."""
    from .core.paths import resolve_library_dir
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="reader", description="Open the Reader window.")
    parser.add_argument("--library", metavar="DIR", help="library directory")
    args, qt_args = parser.parse_known_args(argv)
    root, is_default = resolve_library_dir(args.library)
    return main(root, is_default=is_default, argv=["reader", *qt_args])


if __name__ == "__main__":
    sys.exit(run())
