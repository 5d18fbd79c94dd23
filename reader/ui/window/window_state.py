"""What the window remembers between runs, kept in the QSettings that app.py passes in
(tests pass one in a temporary folder).

The layout and the text size are the window's, whatever library it shows; what was open
(the document and where it was scrolled), the panels shown and the recent searches are each
library's own, in a group keyed by a hash of the library's resolved path, so that one
library's last document is never looked for in another. The libraries opened recently are
the window's too (``RecentLibraries``)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

RECENT_LIBRARIES = 8
# Before libraries had their own state, these keys were global; they are read once, as the
# default library's, then dropped.
_LEGACY_KEYS = ("reading/document", "reading/offset", "window/links_visible", "search/recent")


def _same(a: Path, b: Path) -> bool:
    return a.expanduser().resolve() == b.expanduser().resolve()


class RecentLibraries:
    """The libraries opened last, most recent first (their folders, resolved)."""

    def __init__(self, settings: QSettings):
        self._s = settings

    def folders(self) -> list[Path]:
        value = self._s.value("libraries/recent", [])
        if isinstance(value, str):
            value = [value]
        return [Path(str(v)) for v in (value or []) if v]

    def last(self) -> Path | None:
        """The library opened last (reopened when ``reader`` names none)."""
        folders = self.folders()
        return folders[0] if folders else None

    def add(self, folder: Path) -> None:
        folder = folder.expanduser().resolve()
        kept = [f for f in self.folders() if not _same(f, folder)]
        self._s.setValue("libraries/recent", [str(f) for f in [folder, *kept][:RECENT_LIBRARIES]])

    def clear(self, keep: Path) -> None:
        """Forget them all but the one open now, which stays the one reopened next time."""
        self._s.setValue("libraries/recent", [str(keep.expanduser().resolve())])


class WindowState:
    def __init__(self, settings: QSettings, library: Path, default_library: Path | None = None):
        self._s = settings
        self.library = library.expanduser().resolve()
        self.default_library = default_library          # None: the window offers none
        self.recent = RecentLibraries(settings)
        digest = hashlib.sha1(str(self.library).encode("utf-8")).hexdigest()[:16]
        self._group = f"libraries/{digest}/"
        if self.is_default():
            self._take_legacy_state()

    def is_default(self) -> bool:
        return self.default_library is not None and _same(self.library, self.default_library)

    def _take_legacy_state(self) -> None:
        """Users of a version before per-library state find their last document again."""
        s = self._s
        for key in _LEGACY_KEYS:
            if s.contains(key):
                if not s.contains(self._group + key):
                    s.setValue(self._group + key, s.value(key))
                s.remove(key)

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._s.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    # geometry and layout (the window's, in every library)
    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    def splitter(self) -> QByteArray | None:
        return self._bytes("window/splitter")

    def library_header(self) -> QByteArray | None:
        return self._bytes("library/header")

    def save_layout(self, geometry: QByteArray, state: QByteArray, splitter: QByteArray,
                    header: QByteArray) -> None:
        self._s.setValue("window/geometry", geometry)
        self._s.setValue("window/state", state)
        self._s.setValue("window/splitter", splitter)
        self._s.setValue("library/header", header)

    # what was open (this library's)
    def open_document(self) -> tuple[str | None, int]:
        doc = self._s.value(self._group + "reading/document", "")
        offset = self._s.value(self._group + "reading/offset", 0)
        try:
            offset = int(offset)
        except (TypeError, ValueError):
            offset = 0
        return (doc or None), offset

    def first_start(self) -> bool:
        """This library has never been shown in the window."""
        return not self._s.contains(self._group + "reading/document")

    def save_open_document(self, doc_id: str | None, offset: int) -> None:
        self._s.setValue(self._group + "path", str(self.library))     # for people reading it
        self._s.setValue(self._group + "reading/document", doc_id or "")
        self._s.setValue(self._group + "reading/offset", int(offset))

    def links_visible(self) -> bool:
        value = self._s.value(self._group + "window/links_visible", "true")
        return str(value).lower() == "true"

    def save_links_visible(self, visible: bool) -> None:
        self._s.setValue(self._group + "window/links_visible", "true" if visible else "false")

    def sidebar_page(self) -> str:
        """"library" or "highlights": what the sidebar showed."""
        return str(self._s.value(self._group + "window/sidebar", "library"))

    def save_sidebar_page(self, page: str) -> None:
        self._s.setValue(self._group + "window/sidebar", page)

    # reading
    def caret_browsing(self) -> bool:
        return str(self._s.value("reading/caret_browsing", "false")).lower() == "true"

    def save_caret_browsing(self, on: bool) -> None:
        self._s.setValue("reading/caret_browsing", "true" if on else "false")

    def font_size(self) -> float:
        try:
            return float(self._s.value("reading/font_size", 12.0))
        except (TypeError, ValueError):
            return 12.0

    def save_font_size(self, size: float) -> None:
        self._s.setValue("reading/font_size", float(size))

    # searches (this library's)
    def recent_searches(self) -> list[str]:
        value = self._s.value(self._group + "search/recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or []) if v]

    def save_recent_searches(self, queries: list[str]) -> None:
        self._s.setValue(self._group + "search/recent", list(queries))

    def sync(self) -> None:
        self._s.sync()

    # the export dialog's last choices
    def export_choices(self) -> dict:
        return {key: str(self._s.value(f"export/{key}", "")) for key in
                ("scope", "kind", "format", "folder")}

    def save_export_choices(self, choices: dict) -> None:
        for key, value in choices.items():
            self._s.setValue(f"export/{key}", value)
