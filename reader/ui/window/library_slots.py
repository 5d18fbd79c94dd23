"""File → Open Library, New Library and Recent Libraries. Each chooses a folder, checks that it
can hold a library (a file, a missing folder, or a folder no library can be made in is said,
and nothing changes), asks before making a library in a folder that has none and before
cancelling a running import, then asks the composition root (app.py) to switch through the
window's ``library_switch_requested``: the window never opens a library itself."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from ...core.library import is_library, unusable_folder
from ..work.tasks import LibraryTasks
from .window_state import WindowState

DEFAULT_NAME = "Default Library"
Yes, No = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


def _is_default(state: WindowState, folder: Path) -> bool:
    default = state.default_library
    return default is not None and folder.expanduser().resolve() == default.expanduser().resolve()


def library_name(state: WindowState, folder: Path | None = None) -> str:
    """How the window names a library: "Default Library", else its folder's name."""
    folder = (folder or state.library).expanduser().resolve()
    return DEFAULT_NAME if _is_default(state, folder) else folder.name or str(folder)


def _shown(folder: Path) -> str:
    """A folder as a menu shows it: its name, then where it is (~ for the home folder)."""
    home, parent = Path.home(), folder.parent
    where = f"~/{parent.relative_to(home)}" if parent.is_relative_to(home) else str(parent)
    return f"{folder.name}  ({where.rstrip('/.') or '~'})".replace("&", "&&")


class LibrarySlots(QObject):
    def __init__(self, tasks: LibraryTasks, state: WindowState, *, recent_menu: QMenu,
                 switch: Callable[[str], None], say: Callable[[str], None], window: QWidget):
        super().__init__(window)
        self.tasks = tasks
        self.state = state
        self.recent_menu = recent_menu
        self._checked = QActionGroup(self)       # the library open now stays checked
        self._switch = switch
        self._say = say
        self._window = window
        recent_menu.aboutToShow.connect(self.fill_recent_menu)
        self.fill_recent_menu()

    # -- the commands -----------------------------------------------------------------------------
    def on_open_library(self) -> None:
        folder = QFileDialog.getExistingDirectory(self._window, "Open Library", self._near())
        if folder:
            self.open(Path(folder))

    def on_new_library(self) -> None:
        """A new library starts empty, in an empty folder (the dialog can make one)."""
        folder = QFileDialog.getExistingDirectory(
            self._window, "New Library: Choose or Make an Empty Folder", self._near())
        if not folder:
            return
        root = Path(folder)
        if is_library(root):
            answer = QMessageBox.question(
                self._window, "New Library",
                f"{root} already holds a library. Open it?", Yes | No, Yes)
            if answer == Yes:
                self.open(root)
        elif root.is_dir() and any(root.iterdir()):
            self.show_problem(root, "the folder is not empty; a new library starts in an empty "
                                    "folder (the folder dialog can make one)", "New Library")
        else:
            self.open(root, ask_to_make=False)

    def open(self, root: Path, *, ask_to_make: bool = True) -> None:
        """Switch to the library in ``root``, once it is known to be one, or may become one."""
        if root.expanduser().resolve() == self.state.library:
            self._say(f"{library_name(self.state)} is already open.")
            return
        default = _is_default(self.state, root)
        problem = None if default else unusable_folder(root)    # the default: made if missing
        if problem:
            self.show_problem(root, problem)
            return
        if ask_to_make and not default and not is_library(root):
            answer = QMessageBox.question(
                self._window, "Open Library",
                f"{root} holds no library yet. Make a new library there?\n\nReader adds its "
                "library file and index beside what the folder holds, and changes nothing else.",
                Yes | No, Yes)
            if answer != Yes:
                return
        if self._work_may_stop(root):
            self._switch(str(root))

    def show_problem(self, root: Path, reason: str, title: str = "Open Library") -> None:
        """Why ``root`` is not opened; the library open now stays open."""
        QMessageBox.warning(self._window, title,
                            f"No library can be opened in {root}: {reason}.\n\n"
                            f"{library_name(self.state)} stays open.")

    def _work_may_stop(self, root: Path) -> bool:
        work = self.tasks.long_work()
        if work is None:
            return True
        kept = ("What it imported so far is kept; importing the same files again finishes it."
                if work == "import" else
                "The links stay as they were; it goes on when this library is next opened.")
        answer = QMessageBox.question(
            self._window, "Switch Library",
            f"Cancel the running {work} and switch to {library_name(self.state, root)}?\n\n{kept}",
            Yes | No, No)
        return answer == Yes

    def _near(self) -> str:
        """Where the folder dialogs start: beside the library open now."""
        return str(self.state.library.parent)

    # -- the recent libraries ---------------------------------------------------------------------
    def fill_recent_menu(self) -> None:
        """The default library first (always there), then the others opened last, most recent
        first (one whose folder is gone is shown, disabled), then Clear."""
        menu, here = self.recent_menu, self.state.library
        menu.clear()
        default = self.state.default_library
        if default is not None:
            default = default.expanduser().resolve()
            self._entry(f"&{DEFAULT_NAME}", default, current=default == here, exists=True)
            menu.addSeparator()
        others = [f for f in self.state.recent.folders() if f != default]
        for n, folder in enumerate(others, 1):
            self._entry(f"&{n} {_shown(folder)}", folder, current=folder == here,
                        exists=folder.is_dir())
        menu.addSeparator()
        clear = menu.addAction("&Clear Recent Libraries")
        clear.setEnabled(any(f != here for f in others))
        clear.triggered.connect(self.on_clear_recent)

    def _entry(self, text: str, folder: Path, *, current: bool, exists: bool) -> None:
        action = self.recent_menu.addAction(text if exists else f"{text} — not found")
        action.setStatusTip(str(folder))
        action.setToolTip(str(folder))
        action.setCheckable(True)
        action.setChecked(current)
        action.setActionGroup(self._checked)
        action.setEnabled(exists)
        action.triggered.connect(lambda _=False, f=folder: self.open(f))

    def on_clear_recent(self) -> None:
        """(The menu is filled again when it is next shown, not under its own entry.)"""
        self.state.recent.clear(self.state.library)
