"""The documents of the library as a table model: title, source, date, and how many of their
links agree and conflict. The model sorts and filters itself (a Python sort over 22,000 rows
takes milliseconds; a QSortFilterProxyModel would call back into Python for every comparison).
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

ID_ROLE = Qt.ItemDataRole.UserRole + 1          # the document id

TITLE, SOURCE, DATE, AGREES, CONFLICTS = range(5)
HEADERS = ("Title", "Source", "Date", "=", "≠")
HEADER_TIPS = ("Document title", "Publisher or site", "Publication date",
               "Agreeing links: passages of other sources that state the same",
               "Conflicting links: passages of other sources that contradict it")
HEADER_NAMES = ("Title", "Source", "Date", "Agreeing links", "Conflicting links")
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def link_counts(rows: Iterable[tuple]) -> dict[str, tuple[int, int]]:
    """doc id → (agreeing links, conflicting links), from Library.links() rows."""
    agree: Counter = Counter()
    conflict: Counter = Counter()
    for row in rows:
        target = agree if row[6] == "agrees" else conflict if row[6] == "conflicts" else None
        if target is not None:
            target[row[0]] += 1
            target[row[3]] += 1
    return {d: (agree[d], conflict[d]) for d in set(agree) | set(conflict)}


class LibraryModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._docs: list = []                 # every DocumentRow (without text)
        self._counts: dict[str, tuple[int, int]] = {}
        self._by_id: dict[str, int] = {}      # doc id → position in _docs
        self._rows: list[int] = []            # positions in _docs shown, in order
        self._row_of: dict[int, int] = {}     # position in _docs → row
        self._words: list[str] = []
        self._sort = (DATE, Qt.SortOrder.DescendingOrder)

    # -- content --------------------------------------------------------------------------------
    def set_documents(self, docs: list, counts: dict[str, tuple[int, int]]) -> None:
        self.beginResetModel()
        self._docs = list(docs)
        self._counts = dict(counts)
        self._by_id = {d.id: n for n, d in enumerate(self._docs)}
        self._arrange()
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        """Show the documents whose title, source or author contain every word of ``text``."""
        self.beginResetModel()
        self._words = text.casefold().split()
        self._arrange()
        self.endResetModel()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(HEADERS):
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        kept = [(self._rows[i.row()], i.column()) if i.row() < len(self._rows) else None
                for i in old]
        self._sort = (column, order)
        self._arrange()
        self.changePersistentIndexList(
            old, [self.index(self._row_of[k[0]], k[1]) if k and k[0] in self._row_of
                  else QModelIndex() for k in kept])
        self.layoutChanged.emit()

    def _key(self, column: int):
        counts = self._counts
        if column == TITLE:
            return lambda d: (d.title or "").casefold()
        if column == SOURCE:
            return lambda d: (d.source.casefold(), (d.title or "").casefold())
        if column == DATE:
            return lambda d: (d.date, (d.title or "").casefold())
        i = 0 if column == AGREES else 1
        return lambda d: (counts.get(d.id, (0, 0))[i], d.date)

    def _arrange(self) -> None:
        docs = self._docs
        rows = range(len(docs))
        if self._words:
            words = self._words
            hay = [f"{d.title}\n{d.source}\n{d.author}".casefold() for d in docs]
            rows = [n for n in rows if all(w in hay[n] for w in words)]
        column, order = self._sort
        key = self._key(column)
        self._rows = sorted(rows, key=lambda n: key(docs[n]),
                            reverse=order == Qt.SortOrder.DescendingOrder)
        self._row_of = {n: r for r, n in enumerate(self._rows)}

    # -- lookups --------------------------------------------------------------------------------
    def document(self, row: int):
        """The DocumentRow shown in ``row``."""
        return self._docs[self._rows[row]]

    def find(self, doc_id: str):
        """The DocumentRow of ``doc_id`` (shown or filtered out), or None."""
        n = self._by_id.get(doc_id)
        return None if n is None else self._docs[n]

    def row_of(self, doc_id: str) -> int:
        """The row showing ``doc_id``; -1 if it is filtered out or unknown."""
        n = self._by_id.get(doc_id)
        return -1 if n is None else self._row_of.get(n, -1)

    def total(self) -> int:
        return len(self._docs)

    # -- QAbstractItemModel ---------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS[section]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return HEADER_NAMES[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in (AGREES, CONFLICTS):
            return _RIGHT
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        d = self._docs[self._rows[index.row()]]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == TITLE:
                return d.title or "(untitled)"
            if col == SOURCE:
                return d.source
            if col == DATE:
                return d.date[:10]
            n = self._counts.get(d.id, (0, 0))[0 if col == AGREES else 1]
            return str(n) if n else ""
        if role == ID_ROLE:
            return d.id
        if role == Qt.ItemDataRole.ToolTipRole:
            agree, conflict = self._counts.get(d.id, (0, 0))
            bits = [d.title or "(untitled)"]
            bits += [x for x in (d.source, d.author and f"by {d.author}", d.date[:10]) if x]
            bits.append(f"{d.words:,} words · {agree} agreeing, {conflict} conflicting links")
            return "\n".join(bits)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col in (AGREES, CONFLICTS) else _LEFT
        if role == Qt.ItemDataRole.AccessibleTextRole and col == TITLE:
            agree, conflict = self._counts.get(d.id, (0, 0))
            return f"{d.title}, {d.source}, {d.date[:10]}, {agree} agree, {conflict} conflict"
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | \
            Qt.ItemFlag.ItemNeverHasChildren
