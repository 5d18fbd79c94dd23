"""The user's highlights as a list model: each item is rich text (a colour swatch and its label,
the document's title, the quote, the note and the tags; orphaned ones say so)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QIcon, QPixmap

from ...core.highlights import PALETTE, Highlight
from .html_delegate import HTML_ROLE

HIGHLIGHT_ROLE = Qt.ItemDataRole.UserRole + 1    # the core Highlight
TARGET_ROLE = Qt.ItemDataRole.UserRole + 2       # (doc id, start, end)
COLOR_ROLE = Qt.ItemDataRole.UserRole + 3        # the palette name ("yellow")
ORPHANED_ROLE = Qt.ItemDataRole.UserRole + 4     # bool: its text is no longer in the document
QUOTE_CHARS = 280


@dataclass
class Entry:
    highlight: Highlight
    title: str
    label: str


def swatch(color: str) -> QIcon:
    """A small square of the colour, for menus and combo boxes."""
    pix = QPixmap(12, 12)
    pix.fill(QColor(PALETTE.get(color, PALETTE["yellow"])[1]))
    return QIcon(pix)


def clip(text: str, n: int = QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1].rstrip() + "…"


class HighlightsModel(QAbstractListModel):
    def __init__(self, css: dict, parent=None):
        super().__init__(parent)
        self._css = css
        self._entries: list[Entry] = []

    def set_entries(self, entries: list[Entry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def set_css(self, css: dict) -> None:
        self._css = css
        if self._entries:
            self.dataChanged.emit(self.index(0), self.index(len(self._entries) - 1))

    def entries(self) -> list[Entry]:
        return list(self._entries)

    def row_of(self, hid: int) -> int:
        return next((n for n, e in enumerate(self._entries) if e.highlight.id == hid), -1)

    # -- QAbstractListModel ---------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        e = self._entries[index.row()]
        h = e.highlight
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.plain(e)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.plain(e, full=True)
        if role == HTML_ROLE:
            return self.html(e)
        if role == HIGHLIGHT_ROLE:
            return h
        if role == TARGET_ROLE:
            return (h.doc_id, h.start, h.end)
        if role == COLOR_ROLE:
            return h.color
        if role == ORPHANED_ROLE:
            return h.orphaned
        return None

    def flags(self, index: QModelIndex):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # -- text -----------------------------------------------------------------------------------
    @staticmethod
    def plain(e: Entry, full: bool = False) -> str:
        h = e.highlight
        parts = [f"{e.label} ({h.color})", e.title, f"“{h.quote if full else clip(h.quote)}”"]
        if h.orphaned:
            parts.insert(0, "Orphaned")
        if h.note:
            parts.append(f"Note: {h.note}")
        if h.tags:
            parts.append("Tags: " + ", ".join(h.tags))
        return " — ".join(parts)

    def html(self, e: Entry) -> str:
        h, css = e.highlight, self._css
        swatch = PALETTE.get(h.color, PALETTE["yellow"])[1]
        head = (f'<span style="background-color:{swatch};color:#000000">&nbsp;&nbsp;&nbsp;</span>'
                f' <b>{escape(e.label)}</b>'
                f' <span style="color:{css["muted"]}">· {escape(e.title)}</span>')
        if h.orphaned:
            head += (f' <span style="color:{css["conflicts"]}"><b>orphaned</b>: no longer in the'
                     ' text</span>')
        out = [head, f"“{escape(clip(h.quote))}”"]
        if h.link is not None:
            quote = escape(clip(h.link.quote, 120))
            out.append(f'<span style="color:{css["muted"]}">pinned link: '
                       f'{escape(h.link.relation)} — “{quote}”</span>')
        if h.note:
            out.append(f"<i>{escape(clip(h.note, 400))}</i>")
        if h.tags:
            out.append(f'<span style="color:{css["muted"]}">'
                       + " ".join(f"#{escape(t)}" for t in h.tags) + "</span>")
        return "<br>".join(out)
