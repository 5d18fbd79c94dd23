"""What the window remembers between runs, kept in the QSettings that app.py passes in
(tests pass one in a temporary folder)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings


class WindowState:
    def __init__(self, settings: QSettings):
        self._s = settings

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._s.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    # geometry and layout
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

    # what was open
    def open_document(self) -> tuple[str | None, int]:
        doc = self._s.value("reading/document", "")
        offset = self._s.value("reading/offset", 0)
        try:
            offset = int(offset)
        except (TypeError, ValueError):
            offset = 0
        return (doc or None), offset

    def first_start(self) -> bool:
        return not self._s.contains("reading/document")

    def save_open_document(self, doc_id: str | None, offset: int) -> None:
        self._s.setValue("reading/document", doc_id or "")
        self._s.setValue("reading/offset", int(offset))

    def links_visible(self) -> bool:
        return str(self._s.value("window/links_visible", "true")).lower() == "true"

    def save_links_visible(self, visible: bool) -> None:
        self._s.setValue("window/links_visible", "true" if visible else "false")

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

    # searches
    def recent_searches(self) -> list[str]:
        value = self._s.value("search/recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or []) if v]

    def save_recent_searches(self, queries: list[str]) -> None:
        self._s.setValue("search/recent", list(queries))

    def sync(self) -> None:
        self._s.sync()

    # the export dialog's last choices
    def export_choices(self) -> dict:
        return {key: str(self._s.value(f"export/{key}", "")) for key in
                ("scope", "kind", "format", "folder")}

    def save_export_choices(self, choices: dict) -> None:
        for key, value in choices.items():
            self._s.setValue(f"export/{key}", value)
