"""Reader's desktop window: the composition root.

It builds the core objects (the Library), the two work queues (one serial queue for every
write, one for searches), the persisted window state and the widgets, and passes each object
to the widgets that need it by constructor argument; a ``Session`` holds what it built for the
library open now, and builds it all again over another library when the window asks. Nothing
here is global.

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
from .core.library import Library, is_library
from .core.paths import default_library_dir
from .ui.compat import protect_singletons
from .ui.window.main_window import MainWindow
from .ui.window.window_state import RecentLibraries, WindowState
from .ui.work.collector import GuiThreadCollector
from .ui.work.highlight_tasks import HighlightTasks
from .ui.work.story_tasks import StoryTasks
from .ui.work.tasks import LibraryTasks
from .ui.work.worker import JobQueue, shutdown_all

EXIT_LIBRARY = 3
ICON_NAME = "reader.svg"
BENCH_ENV = "READER_BENCH_SHOWN"    # print when the window is first painted, then quit
_SIZED_BY_SCREEN = Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen


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


def build_window(library: Library, settings: QSettings, *, default_dir: Path | None = None,
                 xref_on_start: bool = True) -> tuple[MainWindow, JobQueue, JobQueue]:
    """The window over ``library`` with its two work queues (the caller shuts them down);
    ``default_dir``, the per-user default library, is always offered in File → Recent
    Libraries."""
    # Imports, removals and cross-referencing (the writes that touch the Whoosh index, which has
    # one writer) run one after the other; quick work runs on the other queue: searches, reads,
    # and the user's highlights, which write to SQLite only (SQLite orders them with an import's
    # short transactions), so that pressing H during a long import is not kept waiting.
    writes = JobQueue(threads=1, long_jobs=True)
    reads = JobQueue(threads=1)
    tasks = LibraryTasks(library, writes)
    highlight_tasks = HighlightTasks(library, reads)
    state = WindowState(settings, library.root, default_dir)
    window = MainWindow(library, tasks, highlight_tasks, reads, state, icon=load_icon(),
                        xref_on_start=xref_on_start, story_tasks=StoryTasks(library, writes))
    return window, writes, reads


def open_library(root: Path, default_dir: Path | None) -> Library:
    """The library in ``root``, made there if there is none; the default library is seeded
    with the sample articles the first time."""
    library = Library(root)
    if default_dir is not None and root.expanduser().resolve() == default_dir.resolve():
        try:
            library.seed_if_new()
        except BaseException:
            library.close()
            raise
    return library


def _reason(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return text.splitlines()[0]


class Session:
    """The library open in the window, with its window and work queues, and the switch to
    another one (File → Open Library, New Library, Recent Libraries: the window asks through
    ``library_switch_requested``).

    A switch opens the new library first: if it cannot be opened, the window says why and
    nothing changes. Then the old library's import or cross-referencing is cancelled (the
    window asked the user) while a removal, a metadata edit or a highlight already asked for
    finishes; the old window is disabled meanwhile and the event loop never waits on it. Once
    its queues are idle, its state is saved, a window over the new library is built where the
    old one was (the layout is the window's; what was open is each library's) and shown, and
    the old window, its queues and its library are closed."""

    def __init__(self, settings: QSettings, default_dir: Path | None, *,
                 xref_on_start: bool = True):
        self.settings = settings
        self.default_dir = default_dir
        self._xref_on_start = xref_on_start
        self.library: Library | None = None
        self.window: MainWindow | None = None
        self._queues: tuple[JobQueue, ...] = ()
        self._incoming: Library | None = None       # opened; shown once the old work ended

    def start(self, library: Library, instead_of: MainWindow | None = None) -> MainWindow:
        """Show ``library`` in a new window (where ``instead_of`` is); the session closes it."""
        RecentLibraries(self.settings).add(library.root)
        window, writes, reads = build_window(library, self.settings, default_dir=self.default_dir,
                                             xref_on_start=self._xref_on_start)
        window.library_switch_requested.connect(self.on_library_switch_requested)
        self.library, self.window, self._queues = library, window, (writes, reads)
        window.start()
        if instead_of is not None and not instead_of.windowState() & _SIZED_BY_SCREEN:
            window.setGeometry(instead_of.geometry())    # exactly: restoring it can move by a frame
        window.show()
        return window

    def on_library_switch_requested(self, folder: str) -> None:
        if self._incoming is not None:          # a switch is under way
            return
        root = Path(folder)
        try:
            self._incoming = open_library(root, self.default_dir)
        except Exception as exc:  # noqa: BLE001 - whatever the reason, said; nothing changes
            self.window.libraries.show_problem(root, _reason(exc))
            return
        window = self.window
        window.setEnabled(False)
        window.on_message(f"Opening the library in {root}…")
        window.tasks.wind_down()
        self._when_idle(self._queues, self._replace)

    @staticmethod
    def _when_idle(queues: tuple[JobQueue, ...], then) -> None:
        """Call ``then`` once no job is queued or running on ``queues``."""
        def check(*_):
            if any(q.busy() for q in queues) or not waiting:
                return
            waiting.clear()
            for q in queues:
                q.job_ended.disconnect(check)
            then()
        waiting = [True]
        for q in queues:
            q.job_ended.connect(check)
        check()

    def _replace(self) -> None:
        old_window, old_queues, old_library = self.window, self._queues, self.library
        library, self._incoming = self._incoming, None
        old_window.save_state()
        self.start(library, old_window)  # first: the last window closing would end the app
        shutdown_all(*old_queues)        # idle: returns at once
        # the library is closed once no widget of its window can reach it any more
        old_window.destroyed.connect(lambda *_: old_library.close())
        old_window.close()
        old_window.deleteLater()

    def close(self) -> None:
        """Stop the work of the library open now and close it (the window is closed)."""
        shutdown_all(*self._queues)
        for library in (self.library, self._incoming):
            if library is not None:
                library.close()
        self._incoming = None


def first_library(session: Session, library_dir: Path, is_default: bool) -> Library:
    """The library ``reader`` opens: ``library_dir``; or, when the user named none, the one
    opened last (if it cannot be opened, ``library_dir``, the default one)."""
    last = RecentLibraries(session.settings).last() if is_default else None
    if last is not None and is_library(last) and last != library_dir.expanduser().resolve():
        try:
            return open_library(last, session.default_dir)
        except Exception:  # noqa: BLE001 - whatever the reason, the default library opens
            pass
    return open_library(library_dir, session.default_dir)


def main(library_dir: Path, *, is_default: bool, argv: Sequence[str] | None = None,
         settings: QSettings | None = None) -> int:
    """Open the window on the library in ``library_dir``; when the user named none
    (``is_default``), on the library opened last, else on the per-user default library
    (seeded with the sample articles on first start). Returns the exit status."""
    app = application(argv)
    settings = settings if settings is not None else QSettings()
    session = Session(settings, library_dir if is_default else default_library_dir(),
                      xref_on_start=not os.environ.get(BENCH_ENV))
    try:
        library = first_library(session, library_dir, is_default)
    except (ReaderError, OSError) as exc:
        QMessageBox.critical(None, "Reader", f"The library in {library_dir} cannot be opened.\n\n"
                                             f"{exc}")
        return EXIT_LIBRARY
    window = session.start(library)
    probe = None
    if os.environ.get(BENCH_ENV):
        probe = _ShownProbe(app)
        window.installEventFilter(probe)
        window.reading.view.viewport().installEventFilter(probe)
    try:
        return app.exec()
    finally:
        session.close()
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
