"""The passages linked to one claim, grouped by document: a two-level tree model."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt

from .html_delegate import HTML_ROLE

TARGET_ROLE = Qt.ItemDataRole.UserRole + 1      # (doc id, start, end) of a passage
RELATION_ROLE = Qt.ItemDataRole.UserRole + 2    # "conflicts" | "agrees" | "related"


@dataclass
class Passage:
    doc_id: str
    start: int
    end: int
    relation: str
    html: str            # badge, why, passage with matching words emphasised
    plain: str           # the same, for screen readers and tooltips


@dataclass
class Group:
    doc_id: str
    html: str
    plain: str
    passages: list[Passage] = field(default_factory=list)


class LinksModel(QAbstractItemModel):
    """Top-level rows are documents (internal id 0); a passage's internal id is its
    document's row + 1."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._groups: list[Group] = []

    def set_groups(self, groups: list[Group]) -> None:
        self.beginResetModel()
        self._groups = list(groups)
        self.endResetModel()

    def groups(self) -> list[Group]:
        return list(self._groups)

    def first_passage(self) -> QModelIndex:
        if not self._groups or not self._groups[0].passages:
            return QModelIndex()
        return self.index(0, 0, self.index(0, 0))

    # -- QAbstractItemModel ---------------------------------------------------------------------
    def index(self, row: int, column: int, parent=QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, 0) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != 0 or parent.column() != 0:
            return QModelIndex()
        group = parent.row()
        if group >= len(self._groups) or row >= len(self._groups[group].passages):
            return QModelIndex()
        return self.createIndex(row, 0, group + 1)

    def parent(self, index=QModelIndex()) -> QModelIndex:
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent=QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == 0 and parent.column() == 0 and \
                0 <= parent.row() < len(self._groups):
            return len(self._groups[parent.row()].passages)
        return 0

    def columnCount(self, parent=QModelIndex()) -> int:
        return 1

    def hasChildren(self, parent=QModelIndex()) -> bool:
        return self.rowCount(parent) > 0

    def _item(self, index: QModelIndex):
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._groups[index.row()] if index.row() < len(self._groups) else None
        group = self._groups[index.internalId() - 1]
        return group.passages[index.row()] if index.row() < len(group.passages) else None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        item = self._item(index)
        if item is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole,
                    Qt.ItemDataRole.ToolTipRole):
            return item.plain
        if role == HTML_ROLE:
            return item.html
        if isinstance(item, Passage):
            if role == TARGET_ROLE:
                return (item.doc_id, item.start, item.end)
            if role == RELATION_ROLE:
                return item.relation
        return None

    def flags(self, index: QModelIndex):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
