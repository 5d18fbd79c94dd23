"""Search results: runs the library search off the GUI thread (latest query wins, stale results
are dropped), lists the hits with marked snippets, and, before anything is typed, the recent
searches."""

from __future__ import annotations

import threading
import time
from typing import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListView, QVBoxLayout, QWidget

from ..work.worker import JobQueue
from .html_delegate import HtmlDelegate
from .search_model import HIT_ROLE, QUERY_ROLE, SearchResultsModel

LIMIT = 15             # results listed at once (a screenful); the rest follow when typing pauses
MORE_LIMIT = 60
MORE_AFTER_MS = 400
RECENT_MAX = 15


def _search_job(search: Callable, query: str, seq: int, limit: int, cancel: threading.Event):
    """Returns (query number, limit, SearchResult, seconds)."""
    t = time.perf_counter()
    result = search(query, limit=limit)
    return seq, limit, result, time.perf_counter() - t
    yield  # noqa: unreachable - makes this a generator, which is what the worker runs


class SearchPanel(QWidget):
    document_requested = Signal(str, object)  # doc id, the query's Marks to highlight in it
    query_requested = Signal(str)             # a recent search was chosen: search it again
    results_shown = Signal(str, int)          # query, number of results now listed

    def __init__(self, search: Callable, queue: JobQueue, css: dict,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._search = search
        self._queue = queue
        self._seq = 0                 # number of the latest query
        self._running = False
        self._pending: tuple[int, str] | None = None
        self._open_when_ready = False
        self._more_timer = QTimer(self, singleShot=True, interval=MORE_AFTER_MS)
        self._more_timer.timeout.connect(self._fetch_more)
        self.query = ""
        self.last_seconds = 0.0
        self._marks = None            # the listed results' query: what to mark once opened
        self._recent: list[str] = []
        self.model = SearchResultsModel(css, self)
        self.list = QListView()
        self.list.setAccessibleName("Search results")
        self.list.setModel(self.model)
        self.list.setItemDelegate(HtmlDelegate(self.list))
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setAlternatingRowColors(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setAccessibleName("Search status")
        self.status.linkActivated.connect(self.on_suggestion_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)
        self.list.activated.connect(self.on_item_activated)
        self.setFocusProxy(self.list)
        self.show_recent()

    # -- recent searches ------------------------------------------------------------------------
    def recent(self) -> list[str]:
        return list(self._recent)

    def set_recent(self, queries: list[str]) -> None:
        self._recent = [q for q in queries if q][:RECENT_MAX]
        if not self.query:
            self.show_recent()

    def remember(self, query: str) -> None:
        if query:
            self._recent = [query] + [q for q in self._recent if q != query][:RECENT_MAX - 1]

    def show_recent(self) -> None:
        self.model.set_recent(self._recent)
        self.status.setText("Recent searches" if self._recent else
                            "Type to search every article. Examples: <i>troops</i>, "
                            "<i>\"special forces\"</i>, <i>source:reuters</i>, <i>date:2024</i>")
        if self._recent:
            self.list.setCurrentIndex(self.model.index(0))

    # -- running searches -----------------------------------------------------------------------
    def on_query(self, text: str) -> None:
        self.query = text
        self._seq += 1
        if not text:
            self._open_when_ready = False
            self.show_recent()
            return
        if self._running:
            self._pending = (self._seq, text)
        else:
            self._start(self._seq, text)

    def _start(self, seq: int, text: str, limit: int = LIMIT) -> None:
        self._running = True
        search = self._search
        job = self._queue.submit("search", f"Searching for {text}",
                                 lambda cancel: _search_job(search, text, seq, limit, cancel))
        # bound methods: Qt drops the connections if this panel is deleted meanwhile
        job.signals.finished.connect(self._on_result)
        job.signals.failed.connect(self._on_failed)
        job.signals.ended.connect(self._on_job_ended)

    def _on_job_ended(self) -> None:
        self._running = False
        if self._pending is not None:
            seq, text = self._pending
            self._pending = None
            if seq == self._seq:
                self._start(seq, text)

    def _fetch_more(self) -> None:
        if self.query and not self.busy():
            self._start(self._seq, self.query, MORE_LIMIT)

    def busy(self) -> bool:
        return self._running or self._pending is not None

    def _on_failed(self, message: str) -> None:
        self.status.setText(f"Search failed: {message}")

    def _on_result(self, out) -> None:
        seq, limit, result, seconds = out
        if seq != self._seq:            # a newer query was typed since: drop these results
            return
        if limit != LIMIT:              # the rest of the results, once typing paused
            row = self.list.currentIndex().row()
            self.model.set_hits(result.hits)
            self.status.setText(self._status_html(result))
            if 0 <= row < self.model.rowCount():
                self.list.setCurrentIndex(self.model.index(row))
            return
        self.last_seconds = seconds
        self._marks = result.marks
        if len(result.hits) >= LIMIT and result.total > LIMIT:
            self._more_timer.start()
        self.model.set_hits(result.hits)
        self.status.setText(self._status_html(result))
        if result.hits:
            self.list.setCurrentIndex(self.model.index(0))
            self.list.scrollToTop()
        self.results_shown.emit(result.query, len(result.hits))
        if self._open_when_ready:
            self._open_when_ready = False
            self.on_open_requested()

    @staticmethod
    def _status_html(result) -> str:
        from html import escape
        if not result.hits:
            text = f"No results for <b>{escape(result.query)}</b>."
            if result.suggestion:
                text += (f' Did you mean <a href="{escape(result.suggestion)}">'
                         f"{escape(result.suggestion)}</a>?")
        else:
            n = len(result.hits)
            text = f"{n} result{'s' if n != 1 else ''}"
            if result.total > n:
                text += f" of about {result.total:,}"
            text += " — Enter opens, Esc goes back"
        if result.message:
            text += f"<br><small>{escape(result.message)}</small>"
        return text

    # -- moving and opening ---------------------------------------------------------------------
    def on_step(self, delta: int) -> None:
        rows = self.model.rowCount()
        if not rows:
            return
        row = self.list.currentIndex().row()
        row = 0 if row < 0 else max(0, min(rows - 1, row + delta))
        self.list.setCurrentIndex(self.model.index(row))

    def on_page(self, direction: int) -> None:
        per_page = max(1, self.list.viewport().height() // max(1, self.list.sizeHintForRow(0)))
        self.on_step(direction * per_page)

    def on_open_requested(self) -> None:
        """Open the current result (or search the chosen recent query)."""
        if self.busy():
            self._open_when_ready = True
            return
        index = self.list.currentIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0)
        if index.isValid():
            self.on_item_activated(index)

    def on_item_activated(self, index) -> None:
        hit = index.data(HIT_ROLE)
        if hit is not None:
            self.remember(self.query)
            self.document_requested.emit(hit.id, self._marks)
            return
        query = index.data(QUERY_ROLE)
        if query:
            self.query_requested.emit(query)

    def on_document_shown(self, doc_id: str) -> None:
        """The reading view now shows ``doc_id``: its result is the current one, or none is
        (after following a link, the old result no longer looks open)."""
        for row in range(self.model.rowCount()):
            hit = self.model.index(row).data(HIT_ROLE)
            if hit is not None and hit.id == doc_id:
                self.list.setCurrentIndex(self.model.index(row))
                return
        self.list.selectionModel().clear()

    def on_suggestion_clicked(self, text: str) -> None:
        self.query_requested.emit(text)
