"""Search results (or, before anything is typed, the recent searches) as a list model whose
items carry rich text: title, source and date, and snippets with the matched words marked."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt

from ..reading.hits import marked_html
from .html_delegate import HTML_ROLE

HIT_ROLE = Qt.ItemDataRole.UserRole + 1       # the core search Hit (None for a recent search)
QUERY_ROLE = Qt.ItemDataRole.UserRole + 2     # the recent search's text


class SearchResultsModel(QAbstractListModel):
    def __init__(self, css: dict, parent=None):
        super().__init__(parent)
        self._css = css
        self._hits: list = []
        self._recent: list[str] = []

    def set_css(self, css: dict) -> None:
        self._css = css
        if self.rowCount():
            self.dataChanged.emit(self.index(0), self.index(self.rowCount() - 1))

    def set_hits(self, hits: list) -> None:
        self.beginResetModel()
        self._hits, self._recent = list(hits), []
        self.endResetModel()

    def set_recent(self, queries: list[str]) -> None:
        self.beginResetModel()
        self._hits, self._recent = [], list(queries)
        self.endResetModel()

    def hits(self) -> list:
        return list(self._hits)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._hits) + len(self._recent)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        if self._recent:
            query = self._recent[index.row()]
            if role in (Qt.ItemDataRole.DisplayRole, QUERY_ROLE,
                        Qt.ItemDataRole.AccessibleTextRole):
                return query
            if role == HTML_ROLE:
                return (f'<span style="color:{self._css["muted"]}">Recent:</span> '
                        f'{escape(query)}')
            return None
        hit = self._hits[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{hit.title} ({hit.source}, {hit.date[:10]})" if hit.source or hit.date \
                else hit.title
        if role == HIT_ROLE:
            return hit
        if role == HTML_ROLE:
            return self._html(hit)
        if role == Qt.ItemDataRole.ToolTipRole:
            return hit.title
        return None

    def _html(self, hit) -> str:
        css = self._css
        where = " · ".join(escape(x) for x in (hit.source, hit.date[:10]) if x)
        parts = [f"<b>{escape(hit.title or '(untitled)')}</b>"]
        if where:
            parts.append(f'<br><span style="color:{css["muted"]};font-size:small">{where}</span>')
        for snip in hit.snippets[:2]:
            parts.append(f'<br><span style="font-size:small">'
                         f'{marked_html(snip.text, snip.start, snip.matches, css)}</span>')
        return "".join(parts)

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | \
            Qt.ItemFlag.ItemNeverHasChildren
