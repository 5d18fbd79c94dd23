"""The main window: library (or search results) on the left, the document or a side-by-side
comparison in the middle, the links of the current claim on the right. It builds the widgets
and lays them out, creates the objects its slots live on (navigation: where the reader is;
search_slots, claim_slots, work_slots, highlight_slots, metadata_slots, link_slots) and wires
every signal between them in ``_connect_signals``. Widgets never reach into their siblings; the
slot objects get what they act on by constructor argument. It shows one library; another is
opened by the composition root (app.py), which the window asks through
``library_switch_requested``."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QIcon
from PySide6.QtWidgets import (QDockWidget, QLabel, QMainWindow, QMessageBox, QSplitter,
                               QStackedWidget, QStyle, QToolBar, QVBoxLayout, QWidget)

from ..panels.drop_target import DropTarget
from ..panels.highlights_panel import HighlightsPanel
from ..panels.import_problems import ImportProblems
from ..panels.library_panel import LibraryPanel
from ..panels.links_panel import LinksPanel
from ..panels.search_box import SearchBox
from ..panels.search_panel import SearchPanel
from ..panels.story_view import StoryView
from ..panels.summary_bar import SummaryBar
from ..reading.compare_view import CompareView
from ..reading.pane import ReadingPane
from ..theme import Theme, reading_font
from ..work.collector import freeze_survivors, thaw
from ..work.highlight_tasks import HighlightTasks
from ..work.tasks import LibraryTasks
from ..work.worker import JobQueue
from .actions import Actions
from .claim_slots import ClaimSlots
from .highlight_slots import HighlightSlots
from .library_slots import LibrarySlots, library_name
from .metadata_slots import MetadataSlots
from .link_slots import LinkSlots
from .navigation import Navigator
from .progress import ProgressWidget
from .search_slots import SearchSlots
from .shortcut_sheet import ShortcutSheet
from .window_state import WindowState
from .work_slots import WorkSlots


class MainWindow(QMainWindow):
    library_switch_requested = Signal(str)   # the folder of the library to show instead

    def __init__(self, library, tasks: LibraryTasks, highlight_tasks: HighlightTasks,
                 search_queue: JobQueue, state: WindowState, icon: QIcon | None = None,
                 xref_on_start: bool = True, *, story_tasks):
        super().__init__()
        self.lib = library
        self.tasks = tasks
        self.story_tasks = story_tasks          # StoryTasks: the stories the user makes
        self.highlight_tasks = highlight_tasks
        self.state = state
        self.theme = Theme.from_palette(self.palette())
        self._xref_on_start = xref_on_start
        self.library_name = library_name(state)
        self._set_title("Reader")
        if icon is not None:
            self.setWindowIcon(icon)
        self.setAcceptDrops(True)
        font_size = state.font_size()
        self._build_widgets(search_queue, font_size)
        self._build_layout()
        self._build_slots(search_queue, font_size)
        self._connect_signals()
        chain = [self.search_box, self.library_panel.filter_box, self.library_panel.table,
                 self.search_panel.list, *self.reading.focus_chain(), self.links_panel.tree]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    # -- construction -----------------------------------------------------------------------------
    def _build_widgets(self, search_queue: JobQueue, font_size: float) -> None:
        font = reading_font(font_size)
        self.commands = Actions(self)
        self.search_box = SearchBox()
        self.library_panel = LibraryPanel(self.lib, search_queue)
        self.search_panel = SearchPanel(self.lib.search, search_queue, self.theme.css())
        self.reading = ReadingPane(self.theme, font)
        self.compare = CompareView(self.theme, font)
        self.story = StoryView(self.lib, search_queue, self.theme)
        self.links_panel = LinksPanel(self.lib, self.theme)
        self.highlights_panel = HighlightsPanel(self.lib, self.theme.css())
        self.problems = ImportProblems()
        self.summary_bar = SummaryBar()
        self.progress = ProgressWidget()
        self.welcome = DropTarget(
            "Nothing open yet",
            "Open an article from the library (Ctrl+1, then Enter), or search with Ctrl+K. "
            "Drop files or folders anywhere in this window to import them.")
        self.empty = DropTarget(
            "Welcome to Reader",
            "Drop articles here to start: saved web pages, PDF, EPUB, DOCX, text or Markdown "
            "files, or JSONL/CSV collections. Or paste an article's text with Ctrl+V, or the "
            "address of a web page with Ctrl+Shift+V.")

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
        for page in (self.empty, self.welcome, self.reading, self.compare, self.story):
            self.center.addWidget(page)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("main-splitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.center)
        self.splitter.addWidget(self.links_panel)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([380, 640, 300])
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.summary_bar)
        column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.problems_dock = QDockWidget("Import Problems", self)
        self.problems_dock.setObjectName("import-problems")
        self.problems_dock.setWidget(self.problems)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems_dock)
        self.problems_dock.hide()

        self.statusBar().addPermanentWidget(self.progress)
        if self.lib.read_only:      # a read-only mount, no permission: say so, once, for good
            self.read_only_label = QLabel("Read-only library: it can be read and searched, "
                                          "not changed")
            self.read_only_label.setAccessibleName("Read-only library")
            self.statusBar().addPermanentWidget(self.read_only_label)
        self.resize(1280, 820)

    def _set_title(self, title: str) -> None:
        """``title`` ("… — Reader") with the library's name before "Reader"."""
        head = title.removesuffix("Reader").removesuffix(" — ")
        title = " — ".join(part for part in (head, self.library_name, "Reader") if part)
        self.setWindowTitle(f"{title} (read-only)" if self.lib.read_only else title)

    def _build_slots(self, read_queue: JobQueue, font_size: float) -> None:
        """The objects the window's slots live on, each given the widgets it acts on."""
        say, lib = self.on_message, self.lib
        self.nav = Navigator(
            lib, center=self.center, reading=self.reading, compare=self.compare, story=self.story,
            welcome=self.welcome, empty=self.empty, sidebar=self.sidebar,
            library_panel=self.library_panel, links_panel=self.links_panel,
            highlights_panel=self.highlights_panel, commands=self.commands,
            font_size=font_size, say=say, set_title=self._set_title, parent=self)
        self.search = SearchSlots(
            nav=self.nav, search_box=self.search_box, sidebar=self.sidebar,
            search_panel=self.search_panel, library_panel=self.library_panel,
            reading=self.reading, say=say, parent=self)
        self.claims = ClaimSlots(
            lib, nav=self.nav, links_panel=self.links_panel, library_panel=self.library_panel,
            commands=self.commands, say=say, parent=self)
        self.work = WorkSlots(
            lib, self.tasks, self.story_tasks, nav=self.nav, library_panel=self.library_panel,
            links_panel=self.links_panel, problems=self.problems,
            problems_dock=self.problems_dock, summary_bar=self.summary_bar, say=say,
            window=self)
        self.highlights = HighlightSlots(
            lib, self.highlight_tasks, read_queue, nav=self.nav, reading=self.reading,
            sidebar=self.sidebar, highlights_panel=self.highlights_panel,
            library_panel=self.library_panel, links_panel=self.links_panel,
            commands=self.commands, state=self.state, say=say, window=self)
        self.metadata = MetadataSlots(lib, self.tasks, nav=self.nav,
                                      library_panel=self.library_panel, say=say, window=self)
        self.libraries = LibrarySlots(
            self.tasks, self.state, recent_menu=self.commands.recent_libraries.menu(),
            switch=self.library_switch_requested.emit, say=say, window=self)
        self.links = LinkSlots(
            lib, self.highlight_tasks, nav=self.nav, compare=self.compare,
            links_panel=self.links_panel, claims=self.claims, commands=self.commands, say=say,
            window=self)

    def _connect_signals(self) -> None:
        a = self.commands
        for owner, names in (
                (self, ("shortcuts", "about")),
                (self.nav, ("back", "forward", "compare", "close_view", "focus_library",
                            "focus_document", "focus_links", "zoom_in", "zoom_out",
                            "zoom_reset", "focus_stories")),
                (self.search, ("search", "find", "find_next", "find_previous")),
                (self.claims, ("next_claim", "previous_claim", "next_conflict",
                               "previous_conflict", "open_links")),
                (self.work, ("import_files", "import_folder", "paste_article", "import_url",
                             "paste_url", "remove", "xref", "open_story", "add_to_story",
                             "remove_from_story", "rename_story", "delete_story")),
                (self.highlights, ("highlight", "color_1", "color_2", "color_3", "color_4",
                                   "color_5", "edit_highlight", "remove_highlight",
                                   "colour_labels", "show_highlights", "copy_citation",
                                   "export", "import_annotations")),
                (self.metadata, ("edit_metadata",)),
                (self.libraries, ("open_library", "new_library")),
                (self.links, ("make_link", "rejected_links", "undo_reject"))):
            for name in names:
                a.all[name].triggered.connect(getattr(owner, f"on_{name}"))
        a.quit.triggered.connect(self.close)
        self.library_panel.set_context_actions(
            [a.open_story, a.add_to_story, a.compare, a.edit_metadata, a.remove],
            [a.open_story, a.rename_story, a.delete_story])
        self.story.table.addActions([a.remove_from_story, a.rename_story, a.delete_story])
        self.story.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        a.toggle_links.toggled.connect(self.claims.on_toggle_links)
        a.caret_browsing.toggled.connect(self.nav.on_caret_browsing)

        self.search_box.query_changed.connect(self.search.on_query_changed)
        self.search_box.step.connect(self.search_panel.on_step)
        self.search_box.page.connect(self.search_panel.on_page)
        self.search_box.accepted.connect(self.search_panel.on_open_requested)
        self.search_box.escaped.connect(self.search.on_search_escaped)
        self.search_box.focused.connect(self.search.on_search_focused)
        self.search_panel.document_requested.connect(self.search.on_search_result_opened)
        self.search_panel.query_requested.connect(self.search_box.on_query_chosen)

        self.library_panel.document_activated.connect(self.nav.on_library_document_activated)
        self.library_panel.selection_changed.connect(self.nav.on_selection_changed)
        self.library_panel.refreshed.connect(self.nav.on_library_refreshed)
        self.library_panel.story_activated.connect(self.nav.on_story_activated)
        self.story.passage_activated.connect(self.nav.on_story_passage)
        self.story.escape_pressed.connect(self.nav.on_close_view)
        self.story_tasks.saved.connect(self.work.on_story_saved)
        self.story_tasks.deleted.connect(self.work.on_story_deleted)
        self.story_tasks.message.connect(self.on_message)
        for target in (self.welcome, self.empty):
            target.import_files_requested.connect(self.work.on_import_files)
            target.import_folder_requested.connect(self.work.on_import_folder)

        for page in (self.reading, self.compare):
            page.claim_activated.connect(self.claims.on_claim_activated)
            page.history_step.connect(self.nav.on_history_step)
        self.reading.claim_selected.connect(self.claims.on_claim_selected)
        self.compare.claim_selected.connect(self.claims.on_claim_selected)
        self.sidebar.currentChanged.connect(self.highlights.on_sidebar_changed)
        self.nav.screen_changed.connect(self.claims.on_screen_changed)
        self.nav.document_shown.connect(self.search_panel.on_document_shown)
        self.reading.escape_pressed.connect(self.search.on_view_escape)
        self.reading.copy_activated.connect(self.nav.on_copy_activated)
        self.compare.escape_pressed.connect(self.nav.on_close_view)
        self.links_panel.passage_activated.connect(self.claims.on_passage_activated)
        self.links_panel.escape_pressed.connect(self.nav.on_focus_document)
        self.links_panel.link_action.connect(self.links.on_link_action)     # first: the row
        self.links_panel.link_action.connect(self.highlights.on_link_action)  # is still shown
        self.links_panel.relabel_requested.connect(self.links.on_relabel_requested)
        self.highlights_panel.highlight_activated.connect(self.highlights.on_highlight_activated)
        self.highlights_panel.edit_requested.connect(self.highlights.on_edit_requested)
        self.highlights_panel.remove_requested.connect(self.highlights.on_remove_requested)
        self.highlights_panel.labels_requested.connect(self.highlights.on_colour_labels)
        self.highlights_panel.escape_pressed.connect(self.nav.on_focus_document)

        self.tasks.job_started.connect(self.progress.on_job_started)
        self.tasks.job_progress.connect(self.progress.on_progress)
        self.tasks.job_cancelling.connect(self.progress.on_cancelling)
        self.tasks.idle.connect(self.progress.on_idle)
        self.progress.cancel_requested.connect(self.tasks.on_cancel_requested)
        self.tasks.message.connect(self.on_message)
        self.tasks.documents_changed.connect(self.work.on_documents_changed)
        self.tasks.links_changed.connect(self.nav.on_links_changed)
        self.tasks.import_finished.connect(self.work.on_import_finished)
        self.tasks.removed.connect(self.work.on_removed)
        self.problems.close_requested.connect(self.work.on_problems_closed)
        self.summary_bar.problems_requested.connect(self.work.on_problems_requested)
        self.summary_bar.dismissed.connect(self.nav.on_focus_document)
        self.tasks.documents_changed.connect(self.highlights_panel.on_documents_changed)
        h = self.highlight_tasks
        h.added.connect(self.highlights.on_highlight_added)
        h.changed.connect(self.highlights.on_highlights_changed)
        h.links_changed.connect(self.highlights.on_link_verdict_saved)
        h.labels_changed.connect(self.highlights.on_labels_changed)
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
        self.commands.caret_browsing.setChecked(st.caret_browsing())
        if st.sidebar_page() == "highlights":
            self.sidebar.setCurrentWidget(self.highlights_panel)
            self.highlights_panel.refresh_later()
        self.library_panel.refresh()
        self.highlights.update_colour_actions()
        doc_id, offset = st.open_document()
        if st.first_start() and self.library_panel.document_count():
            doc_id = self.library_panel.first_id()      # the first time: something to read
        self.nav.restore(doc_id, offset)
        self.on_message(f"Opened {self.library_name}: {self.lib.root}")
        QTimer.singleShot(1000, self, self.on_idle_after_start)      # idle, a second after
        if self._xref_on_start and not self.lib.read_only:
            QTimer.singleShot(300, self, lambda: self.tasks.cross_reference(None))

    def on_idle_after_start(self) -> None:
        """Story code loaded off the GUI thread, then start-up's objects frozen (collector.py)."""
        self.story.prepare().signals.finished.connect(self.on_stories_prepared)

    def on_stories_prepared(self, _result) -> None:
        self.isVisible() and freeze_survivors()

    def save_state(self) -> None:
        st = self.state
        st.save_layout(self.saveGeometry(), self.saveState(), self.splitter.saveState(),
                       self.library_panel.header_state())
        here = self.nav.current_location()
        st.save_open_document(here.doc_id if here else None, here.offset if here else 0)
        st.save_recent_searches(self.search_panel.recent())
        st.save_links_visible(self.commands.toggle_links.isChecked())
        st.save_caret_browsing(self.commands.caret_browsing.isChecked())
        st.save_sidebar_page("highlights" if self.sidebar.currentWidget() is self.highlights_panel
                             else "library")
        st.save_font_size(self.nav.font_size)
        st.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        thaw()      # what this window froze can be collected once it is gone
        self.save_state()
        if self.tasks.busy():
            self.tasks.on_cancel_requested()
        super().closeEvent(event)

    # -- events the window receives ---------------------------------------------------------------
    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.BackButton:
            self.nav.on_back()
        elif event.button() == Qt.MouseButton.ForwardButton:
            self.nav.on_forward()
        else:
            super().mousePressEvent(event)

    def dragEnterEvent(self, event) -> None:
        if self.work.can_import(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        self.work.import_dropped(event.mimeData())
        event.acceptProposedAction()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "nav"):
            theme = Theme.from_palette(self.palette())
            if theme.dark != self.theme.dark:
                self.theme = theme
                for w in (self.reading, self.compare, self.links_panel, self.story):
                    w.set_theme(theme)
                self.search_panel.model.set_css(theme.css())
                self.highlights_panel.model.set_css(theme.css())
                self.nav.reload_current()

    # -- the window's own slots -------------------------------------------------------------------
    def on_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 10000)

    def on_about(self) -> None:
        QMessageBox.about(self, "About Reader",
                          "<b>Reader</b><br>Read several sources on the same story: see, claim "
                          "by claim, where they agree, where they conflict, and what only one "
                          f"of them says.<br><br>Library: {escape(self.library_name)} "
                          f"({escape(str(self.lib.root))})")

    def on_shortcuts(self) -> None:
        sheet = ShortcutSheet(self.commands.sheet(), self)
        sheet.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        sheet.show()
