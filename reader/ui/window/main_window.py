"""The main window: library (or search results) on the left, the document or a side-by-side
comparison in the middle, the links of the current claim on the right. It lays the widgets
out, wires their signals in ``_connect_signals`` and mediates between them (widgets never
reach into their siblings)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QIcon
from PySide6.QtWidgets import (QDockWidget, QMainWindow, QMessageBox, QSplitter,
                               QStackedWidget, QStyle, QToolBar, QWidget)

from ...core.errors import NotFound
from ..panels.drop_target import DropTarget
from ..panels.highlights_panel import HighlightsPanel
from ..panels.import_problems import ImportProblems
from ..panels.library_panel import LibraryPanel
from ..panels.links_panel import LinksPanel
from ..panels.search_box import SearchBox
from ..panels.search_panel import SearchPanel
from ..reading.compare_view import CompareView
from ..reading.hits import hit_spans
from ..reading.linkindex import LinkIndex
from ..reading.pane import ReadingPane
from ..theme import Theme, reading_font
from ..work.highlight_tasks import HighlightTasks
from ..work.tasks import LibraryTasks
from ..work.worker import JobQueue
from .actions import Actions
from .highlight_slots import HighlightSlots
from .history import History, Location
from .navigation import Navigation
from .progress import ProgressWidget
from .shortcut_sheet import ShortcutSheet
from .window_state import WindowState
from .work_slots import WorkSlots


class MainWindow(Navigation, WorkSlots, HighlightSlots, QMainWindow):
    def __init__(self, library, tasks: LibraryTasks, highlight_tasks: HighlightTasks,
                 search_queue: JobQueue, state: WindowState, icon: QIcon | None = None,
                 xref_on_start: bool = True):
        super().__init__()
        self.lib = library
        self.tasks = tasks
        self.highlight_tasks = highlight_tasks
        self.read_queue = search_queue
        self.state = state
        self.history = History()
        self.theme = Theme.from_palette(self.palette())
        self.font_size = state.font_size()
        self._xref_on_start = xref_on_start
        self._hit_words: list[str] = []
        self.setWindowTitle("Reader")
        if icon is not None:
            self.setWindowIcon(icon)
        self.setAcceptDrops(True)
        self._build_widgets(search_queue)
        self._build_layout()
        self._connect_signals()
        chain = [self.search_box, self.library_panel.filter_box, self.library_panel.table,
                 self.search_panel.list, self.view, self.find_bar.field, self.links_panel.tree]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    # -- construction -----------------------------------------------------------------------------
    def _build_widgets(self, search_queue: JobQueue) -> None:
        font = reading_font(self.font_size)
        self.commands = Actions(self)
        self.search_box = SearchBox()
        self.library_panel = LibraryPanel(self.lib, search_queue)
        self.search_panel = SearchPanel(self.lib.search, search_queue, self.theme.css())
        self.reading = ReadingPane(self.theme, font)
        self.view = self.reading.view                # (until the slots move out of the mixins)
        self.find_bar = self.reading.find_bar
        self.compare = CompareView(self.theme, font)
        self.links_panel = LinksPanel(self.lib, self.theme)
        self.highlights_panel = HighlightsPanel(self.lib, self.theme.css())
        self.problems = ImportProblems()
        self.progress = ProgressWidget()
        self.welcome = DropTarget(
            "Nothing open yet",
            "Open an article from the library (Ctrl+1, then Enter), or search with Ctrl+K. "
            "Drop files or folders anywhere in this window to import them.")
        self.empty = DropTarget(
            "Welcome to Reader",
            "Drop articles here to start: saved web pages, PDF, EPUB, DOCX, text or Markdown "
            "files, or JSONL/CSV collections. Or paste an article's text with Ctrl+V.")

    def _build_layout(self) -> None:
        self.commands.build_menus(self.menuBar())
        bar = QToolBar("Main")
        bar.setObjectName("main-toolbar")
        bar.setMovable(False)
        style = self.style()
        self.commands.back.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowBack))
        self.commands.forward.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowForward))
        bar.addAction(self.commands.back)
        bar.addAction(self.commands.forward)
        bar.addWidget(self.search_box)
        bar.addSeparator()
        for name in ("import_files", "compare", "toggle_links", "show_highlights"):
            bar.addAction(self.commands.all[name])
        self.commands.import_files.setIconText("Import")
        self.commands.compare.setIconText("Compare")
        self.commands.toggle_links.setIconText("Links")
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)

        self.sidebar = QStackedWidget()
        self.sidebar.addWidget(self.library_panel)
        self.sidebar.addWidget(self.search_panel)
        self.sidebar.addWidget(self.highlights_panel)

        self.center = QStackedWidget()
        for page in (self.empty, self.welcome, self.reading, self.compare):
            self.center.addWidget(page)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("main-splitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.center)
        self.splitter.addWidget(self.links_panel)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([380, 640, 300])
        self.setCentralWidget(self.splitter)

        self.problems_dock = QDockWidget("Import Problems", self)
        self.problems_dock.setObjectName("import-problems")
        self.problems_dock.setWidget(self.problems)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems_dock)
        self.problems_dock.hide()

        self.statusBar().addPermanentWidget(self.progress)
        self.resize(1280, 820)

    def _connect_signals(self) -> None:
        a = self.commands
        for name in ("import_files", "import_folder", "paste_article", "remove", "xref",
                     "search", "find", "find_next", "find_previous", "back", "forward",
                     "next_claim", "previous_claim", "next_conflict", "previous_conflict",
                     "open_links", "focus_library", "focus_document", "focus_links",
                     "compare", "close_view", "zoom_in", "zoom_out", "zoom_reset",
                     "shortcuts", "about", "highlight", "color_1", "color_2", "color_3",
                     "color_4", "color_5", "edit_highlight", "remove_highlight",
                     "colour_labels", "show_highlights", "copy_citation", "export",
                     "import_annotations"):
            a.all[name].triggered.connect(getattr(self, f"on_{name}"))
        a.quit.triggered.connect(self.close)
        a.toggle_links.toggled.connect(self.on_toggle_links)

        self.search_box.query_changed.connect(self.on_query_changed)
        self.search_box.step.connect(self.search_panel.on_step)
        self.search_box.page.connect(self.search_panel.on_page)
        self.search_box.accepted.connect(self.search_panel.on_open_requested)
        self.search_box.escaped.connect(self.on_search_escaped)
        self.search_box.focused.connect(self.on_search_focused)
        self.search_panel.document_requested.connect(self.on_search_result_opened)
        self.search_panel.query_requested.connect(self.search_box.on_query_chosen)

        self.library_panel.document_activated.connect(self.on_library_document_activated)
        self.library_panel.selection_changed.connect(self.on_selection_changed)
        self.library_panel.refreshed.connect(self.on_library_refreshed)
        for target in (self.welcome, self.empty):
            target.import_files_requested.connect(self.on_import_files)
            target.import_folder_requested.connect(self.on_import_folder)

        for view in (self.view, self.compare):
            view.claim_activated.connect(self.on_claim_activated)
            view.history_step.connect(self.on_history_step)
        self.view.claim_selected.connect(self.on_claim_selected)
        self.view.escape_pressed.connect(self.on_view_escape)
        self.compare.escape_pressed.connect(self.on_close_view)
        self.links_panel.passage_activated.connect(self.on_passage_activated)
        self.links_panel.escape_pressed.connect(self.on_focus_document)
        self.links_panel.link_action.connect(self.on_link_action)
        self.highlights_panel.highlight_activated.connect(self.on_highlight_activated)
        self.highlights_panel.edit_requested.connect(self.on_edit_requested)
        self.highlights_panel.remove_requested.connect(self.on_remove_requested)
        self.highlights_panel.labels_requested.connect(self.on_colour_labels)
        self.highlights_panel.escape_pressed.connect(self.on_focus_document)

        self.tasks.job_started.connect(self.progress.on_job_started)
        self.tasks.job_progress.connect(self.progress.on_progress)
        self.tasks.job_cancelling.connect(self.progress.on_cancelling)
        self.tasks.idle.connect(self.progress.on_idle)
        self.progress.cancel_requested.connect(self.tasks.on_cancel_requested)
        self.tasks.message.connect(self.on_message)
        self.tasks.documents_changed.connect(self.on_documents_changed)
        self.tasks.links_changed.connect(self.on_links_changed)
        self.tasks.import_finished.connect(self.on_import_finished)
        self.tasks.removed.connect(self.on_removed)
        self.problems.close_requested.connect(self.on_problems_closed)
        self.tasks.documents_changed.connect(self.highlights_panel.on_documents_changed)
        h = self.highlight_tasks
        h.added.connect(self.on_highlight_added)
        h.changed.connect(self.on_highlights_changed)
        h.links_changed.connect(self.on_link_verdict_saved)
        h.labels_changed.connect(self.on_labels_changed)
        h.message.connect(self.on_message)

    # -- start and stop ---------------------------------------------------------------------------
    def start(self) -> None:
        """Restore the last session and queue the cross-referencing of pending documents."""
        st = self.state
        if st.geometry() is not None:
            self.restoreGeometry(st.geometry())
        if st.window_state() is not None:
            self.restoreState(st.window_state())
        if st.splitter() is not None:
            self.splitter.restoreState(st.splitter())
        self.library_panel.restore_header(st.library_header())
        self.search_panel.set_recent(st.recent_searches())
        self.commands.toggle_links.setChecked(st.links_visible())
        self.links_panel.setVisible(st.links_visible())
        self.refresh_library()
        self.update_colour_actions()
        doc_id, offset = st.open_document()
        if st.first_start() and self.library_panel.document_count():
            doc_id = self.library_panel.first_id()      # the first time: something to read
        if doc_id is None or not self.open_document(doc_id, offset=offset, record=False):
            self._show_start_page()
        elif offset:       # once the window has its size, the same text is at the top again
            QTimer.singleShot(0, lambda: self.view.scroll_to_offset(offset, 0.0))
        self._update_history_actions()
        self._focus_reading()
        if self._xref_on_start:
            QTimer.singleShot(300, lambda: self.tasks.cross_reference(None))

    def save_state(self) -> None:
        st = self.state
        st.save_layout(self.saveGeometry(), self.saveState(), self.splitter.saveState(),
                       self.library_panel.header_state())
        here = self.current_location()
        st.save_open_document(here.doc_id if here else None, here.offset if here else 0)
        st.save_recent_searches(self.search_panel.recent())
        st.save_links_visible(self.commands.toggle_links.isChecked())
        st.save_font_size(self.font_size)
        st.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        if self.tasks.busy():
            self.tasks.on_cancel_requested()
        super().closeEvent(event)

    # -- library ----------------------------------------------------------------------------------
    def refresh_library(self) -> None:
        self.library_panel.refresh()

    def on_library_refreshed(self, count: int) -> None:
        self.on_selection_changed(self.library_panel.selected_ids())
        if self.center.currentWidget() in (self.empty, self.welcome):
            self._show_start_page()

    def _show_start_page(self) -> None:
        has_docs = self.library_panel.document_count() > 0
        self.center.setCurrentWidget(self.welcome if has_docs else self.empty)
        self.reading.clear()
        self.links_panel.hide()              # nothing to link yet: no blank pane
        self.setWindowTitle("Reader")

    def title_of(self, doc_id: str) -> str:
        return self.library_panel.title_of(doc_id)

    # -- opening documents ------------------------------------------------------------------------
    def open_document(self, doc_id: str, *, hit_words: list[str] | None = None,
                      select: tuple[int, int] | None = None, offset: int | None = None,
                      record: bool = True, flash: bool = True, keep_links: bool = False) -> bool:
        """Show a document; ``select`` a passage, or scroll to the first hit or ``offset``."""
        try:
            doc = self.lib.get(doc_id)
        except NotFound:
            self.on_message(f"The document {doc_id} is no longer in the library.")
            return False
        if record:
            self.history.visit(self.current_location())
        if not keep_links and doc_id != self.view.doc_id:
            self.links_panel.clear()
        links = LinkIndex(doc_id, self.lib.links([doc_id]))
        self._hit_words = list(hit_words or [])
        hits = hit_spans(self.lib.index.analyzer, doc.text, self._hit_words) \
            if self._hit_words else []
        self.reading.show_document(doc, self.lib.paragraphs(doc_id), links, hits,
                                   label_of=self.library_panel.label_of,
                                   marks=self.marks_of(doc_id))
        self.highlights_panel.set_current_document(doc_id)
        self.center.setCurrentWidget(self.reading)
        self.links_panel.setVisible(self.commands.toggle_links.isChecked())
        self.reading.show_summary(links, self.lib.store.spans(doc_id, "claims"))
        if select is not None:
            self.view.select_span(*select, flash=flash)
        elif hits:
            self.view.scroll_to_offset(hits[0][0], 0.3)
        elif offset:
            self.view.scroll_to_offset(offset, 0.0)
        self.library_panel.show_current(doc_id,
                                        select=len(self.library_panel.selected_ids()) <= 1)
        self.setWindowTitle(f"{doc.title or doc_id} — Reader")
        self._update_history_actions()
        return True

    def current_location(self) -> Location | None:
        if self.view.doc_id is None or self.center.currentWidget() is not self.reading:
            return None
        return Location(self.view.doc_id, self.view.top_offset(), self.view.selected_span())

    def go_to(self, loc: Location) -> None:
        if self.open_document(loc.doc_id, offset=loc.offset, record=False, keep_links=True):
            if loc.selection is not None:
                self.view.select_span(*loc.selection, flash=False, where=None)
            self.view.scroll_to_offset(loc.offset, 0.0)
        self._update_history_actions()

    def _update_history_actions(self) -> None:
        self.commands.back.setEnabled(self.history.can_back())
        self.commands.forward.setEnabled(self.history.can_forward())

    def reload_current(self) -> None:
        """Show the open document again (its links or text changed), where it was."""
        here = self.current_location()
        if here is not None and self.open_document(here.doc_id, hit_words=self._hit_words,
                                                   record=False):
            self.view.scroll_to_offset(here.offset, 0.0)

    # -- look -------------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "view"):
            theme = Theme.from_palette(self.palette())
            if theme.dark != self.theme.dark:
                self.theme = theme
                for w in (self.reading, self.compare, self.links_panel):
                    w.set_theme(theme)
                self.search_panel.model.set_css(theme.css())
                self.highlights_panel.model.set_css(theme.css())
                self.reload_current()

    def on_about(self) -> None:
        QMessageBox.about(self, "About Reader",
                          "<b>Reader</b><br>Read several sources on the same story: see, claim "
                          "by claim, where they agree, where they conflict, and what only one "
                          f"of them says.<br><br>Library: {self.lib.root}")

    def on_shortcuts(self) -> None:
        sheet = ShortcutSheet(self.commands.sheet(), self)
        sheet.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        sheet.show()
